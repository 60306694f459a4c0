//! Typing settles before it acts: search as you type without a request per keystroke.

use leptos::prelude::*;
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Runs the latest of the calls given to it once `delay` has passed without another.
#[derive(Clone, Copy)]
pub struct Debounce {
    pending: StoredValue<Option<TimeoutHandle>>,
    /// False once the owner is gone: a pending action would act on a page that is gone.
    alive: StoredValue<Arc<AtomicBool>>,
    delay: Duration,
}

impl Debounce {
    /// Shorter than most pauses between keystrokes of one word, so that the list follows
    /// the typing at once (a request still in flight for an older term is aborted, see
    /// `load_latest`), yet a burst of keys (a paste, a fast typist) makes one request.
    pub const TYPING: Duration = Duration::from_millis(40);

    /// A debounce that lives as long as the current owner (the page).
    pub fn new(delay: Duration) -> Debounce {
        let alive = Arc::new(AtomicBool::new(true));
        let flag = alive.clone();
        on_cleanup(move || flag.store(false, Ordering::Relaxed));
        Debounce { pending: StoredValue::new(None), alive: StoredValue::new(alive), delay }
    }

    pub fn run(self, action: impl FnOnce() + 'static) {
        let Some(alive) = self.alive.try_get_value() else { return };
        if let Some(Some(handle)) = self.pending.try_get_value() {
            handle.clear();
        }
        // Typing settles on the page it was typed on: once the person has followed a link
        // or gone Back (even to a page still loading), the pending action is dropped.
        let typed_at = (window().location().pathname().ok(), page_leaves());
        let guarded = move || {
            if alive.load(Ordering::Relaxed) && (window().location().pathname().ok(), page_leaves()) == typed_at {
                action();
            }
        };
        self.pending.set_value(set_timeout_with_handle(guarded, self.delay).ok());
    }
}

thread_local! {
    static PAGE_LEAVES: Cell<u64> = const { Cell::new(0) };
}

fn page_leaves() -> u64 {
    PAGE_LEAVES.with(Cell::get)
}

/// Counts every click on a link and every Back or Forward, before the router acts on it, so
/// that a pending action knows its page is being left. Installed once, by the app.
pub fn count_page_leaves() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let on_click = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        let on_link = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .is_some();
        if on_link {
            PAGE_LEAVES.with(|n| n.set(n.get() + 1));
        }
    });
    let on_history = Closure::<dyn FnMut(web_sys::Event)>::new(|_| PAGE_LEAVES.with(|n| n.set(n.get() + 1)));
    let window = window();
    let _ = window.add_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
    let _ = window.add_event_listener_with_callback("popstate", on_history.as_ref().unchecked_ref());
    // They live as long as the page.
    on_click.forget();
    on_history.forget();
}
