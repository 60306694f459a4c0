//! What every console page shares.

/// The browser tab's title, so history and tabs say which page is which.
pub fn set_title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{page} · Switchboard"));
    }
}
