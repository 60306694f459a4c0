//! The only door to the network: one function per API call, typed by the wire crate.
//! Pages call these and never build a URL or a request themselves.

mod agents;
mod cancel;
mod client;
mod contacts;
mod exports;
mod overview;
mod session;
mod support;
mod users;

pub use agents::{agent_board, agent_events, clear_agent_throttle, force_logout, refused_logins, AgentEvents};
pub use cancel::{Cancel, CancelSignal};
pub use client::ApiError;
pub use contacts::{contact_card, search_contacts};
pub use exports::{audit_export, contacts_export, download_csv, refusals_export, users_export};
pub use overview::overview;
pub use session::{current_session, server_reachable, sign_in, sign_out};
pub use support::{
    answer_request, file_support_request, file_trial_request, operator_session, operator_sign_in, operator_sign_out,
    request_queue,
};
pub use users::{audit_log, clear_lockout, link_agent, list_users, save_status_changes, user_detail};
