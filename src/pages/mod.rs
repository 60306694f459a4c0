//! What the router shows.

pub mod console_page;
pub mod home;
pub mod not_found;
pub mod sign_in;
