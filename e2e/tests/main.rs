//! The browser tests: headless Chromium against the release build served by the real server.
//! One module per page, in one test binary, since each binary links the whole server.
//! Run by `cargo xtask test`, which builds the front end and installs Chromium first.
#![cfg(not(target_arch = "wasm32"))]

mod support;

mod accessibility;
mod agent_status;
mod authorize_admins;
mod contacts;
mod exports;
mod instances;
mod layout;
mod lazy_pages;
mod navigation;
mod overview;
mod sign_in;
mod support_requests;
