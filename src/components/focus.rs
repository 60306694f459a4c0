//! Keyboard focus for a panel that opens over the page: it moves into the panel when the
//! panel opens and goes back to what opened it when it closes, so a keyboard user never
//! lands at the top of the page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Watches `open`: on opening, remembers the focused element and focuses `heading` (once it
/// is rendered); on closing, gives focus back to the remembered element if it is still there.
pub fn panel_focus(open: impl Fn() -> bool + 'static, heading: NodeRef<leptos::html::H2>) {
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open();
        match (was_open.unwrap_or(false), is_open) {
            (false, true) => {
                let focused = document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                opener.set_value(focused);
                focus_when_rendered(heading, 20);
            }
            (true, false) => {
                if let Some(Some(element)) = opener.try_get_value() {
                    if element.is_connected() {
                        let _ = element.focus();
                    }
                }
            }
            _ => {}
        }
        is_open
    });
}

/// Focuses the heading as soon as it exists (a panel may still be loading its content).
fn focus_when_rendered(heading: NodeRef<leptos::html::H2>, tries: u32) {
    request_animation_frame(move || match heading.try_get_untracked().flatten() {
        Some(h) => {
            let _ = h.focus();
        }
        None if tries > 0 => focus_when_rendered(heading, tries - 1),
        None => {}
    });
}
