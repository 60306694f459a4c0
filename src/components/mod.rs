//! Building blocks of the pages.

pub mod admin_only;
pub mod loading;
pub mod nav;
pub mod shell;
pub mod top_bar;
