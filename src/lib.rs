//! Switchboard's console: a Leptos single-page app compiled to WebAssembly.
//!
//! `app` holds the router and the contexts; `api` is the only module that talks to the
//! network; `pages` are what the router shows; `components` are their building blocks.

pub mod api;
pub mod app;
pub mod auth;
pub mod components;
pub mod format;
pub mod lazy_pages;
pub mod links;
pub mod pages;
pub mod tasks;
pub mod unsaved;

pub use app::App;
