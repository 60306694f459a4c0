//! Building blocks of the pages.

pub mod admin_only;
pub mod charts;
pub mod checks;
pub mod credentials;
pub mod debounce;
pub mod download_csv;
pub mod focus;
pub mod loader;
pub mod loading;
pub mod minute_clock;
pub mod nav;
pub mod pager;
pub mod shell;
pub mod support_request;
pub mod table_scroll;
pub mod throttled_agents;
pub mod time;
pub mod top_bar;
pub mod url_state;
