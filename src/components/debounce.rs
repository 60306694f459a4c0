//! Typing settles before it acts: search as you type without a request per keystroke.

use leptos::prelude::*;
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
    /// The pause of a person between keystrokes of one word.
    pub const TYPING: Duration = Duration::from_millis(250);

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
        // Typing settles on the page it was typed on: once the person has gone to another
        // page (even one still loading), the pending action is dropped.
        let typed_at = window().location().pathname().ok();
        let guarded = move || {
            if alive.load(Ordering::Relaxed) && window().location().pathname().ok() == typed_at {
                action();
            }
        };
        self.pending.set_value(set_timeout_with_handle(guarded, self.delay).ok());
    }
}
