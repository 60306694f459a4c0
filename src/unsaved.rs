//! Unsaved changes: a page that has some says so here, and leaving asks first (the menu,
//! sign-out, and closing or reloading the tab).

use leptos::prelude::*;

/// Whether the current page holds changes that are not saved.
#[derive(Clone, Copy)]
pub struct Unsaved(pub RwSignal<bool>);

impl Unsaved {
    pub const QUESTION: &'static str = "You have unsaved changes. Leave without saving them?";

    /// True when it is fine to leave: nothing unsaved, or the person said so.
    pub fn confirm_leave(self) -> bool {
        !self.0.get_untracked()
            || web_sys::window().and_then(|w| w.confirm_with_message(Self::QUESTION).ok()).unwrap_or(true)
    }

    /// Asks before a link inside `area` is followed. The router takes link clicks in a
    /// window listener and leaves those whose default was prevented; a capture listener on
    /// the area runs before it.
    pub fn guard_links_in(self, area: &web_sys::HtmlElement) {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let guard = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            if !self.confirm_leave() {
                event.prevent_default();
            }
        });
        let _ = area.add_event_listener_with_callback_and_bool("click", guard.as_ref().unchecked_ref(), true);
        // The menu lives as long as the console: so does its listener.
        guard.forget();
    }

    /// Makes the browser ask before the tab is closed or reloaded with unsaved changes.
    pub fn guard_the_tab(self) {
        let handle = window_event_listener(leptos::ev::beforeunload, move |event| {
            if self.0.get_untracked() {
                event.prevent_default();
                event.set_return_value(Self::QUESTION);
            }
        });
        // The app lives as long as the tab: the listener does too.
        std::mem::forget(handle);
    }
}
