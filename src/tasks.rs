//! Async work that belongs to a part of the page and ends with it.
//!
//! A request started by a page may answer after the person has left that page. Its
//! continuation would then touch signals, callbacks and elements that were disposed with
//! the page, and reading a disposed value panics (a trap in the release build). So a
//! page's task is dropped at its next step once the reactive owner that started it is
//! cleaned up: what follows the `await` never runs.

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

/// Spawns `work` on the browser's event loop for as long as the current owner lives.
pub fn spawn_scoped(work: impl Future<Output = ()> + 'static) {
    let alive = Arc::new(AtomicBool::new(true));
    let flag = alive.clone();
    on_cleanup(move || flag.store(false, Ordering::Relaxed));
    leptos::task::spawn_local(WhileAlive { work: Box::pin(work), alive });
}

struct WhileAlive {
    work: Pin<Box<dyn Future<Output = ()>>>,
    alive: Arc<AtomicBool>,
}

impl Future for WhileAlive {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if !self.alive.load(Ordering::Relaxed) {
            return Poll::Ready(());
        }
        self.work.as_mut().poll(cx)
    }
}

/// The owner of a component, kept for its event handlers: they run outside any owner, so
/// a task they start is scoped to the component through this.
#[derive(Clone, Copy)]
pub struct Scope(StoredValue<Option<Owner>>);

impl Scope {
    /// The current owner: call while the component is being built.
    pub fn here() -> Scope {
        Scope(StoredValue::new(Owner::current()))
    }

    /// Spawns `work` for as long as the component lives; nothing once it is gone.
    pub fn spawn(self, work: impl Future<Output = ()> + 'static) {
        if let Some(Some(owner)) = self.0.try_get_value() {
            owner.with(|| spawn_scoped(work));
        }
    }
}
