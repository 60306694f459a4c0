//! Typing settles before it acts: search as you type without a request per keystroke.

use leptos::prelude::*;
use std::time::Duration;

/// Runs the latest of the calls given to it once `delay` has passed without another.
#[derive(Clone, Copy)]
pub struct Debounce {
    pending: StoredValue<Option<TimeoutHandle>>,
    delay: Duration,
}

impl Debounce {
    /// The pause of a person between keystrokes of one word.
    pub const TYPING: Duration = Duration::from_millis(250);

    pub fn new(delay: Duration) -> Debounce {
        Debounce { pending: StoredValue::new(None), delay }
    }

    pub fn run(self, action: impl FnOnce() + 'static) {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
        }
        self.pending.set_value(set_timeout_with_handle(action, self.delay).ok());
    }
}
