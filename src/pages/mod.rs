//! What the router shows.

pub mod agent_status;
pub mod audit_log;
pub mod authorize_admins;
pub mod console_page;
pub mod contact_card;
pub mod contacts;
pub mod home;
pub mod not_found;
pub mod operator;
pub mod overview;
pub mod sign_in;
