//! Loading what the page's URL asks for, keeping only the newest answer.

use crate::api::{ApiError, Cancel, CancelSignal};
use crate::auth::Auth;
use crate::components::loading::{Failure, Loading};
use crate::tasks::spawn_scoped;
use leptos::prelude::*;
use std::future::Future;

/// The state of a list that follows its query.
pub struct Loaded<T: Send + Sync + 'static> {
    /// The last answer; kept while a newer one loads, so the page does not flash.
    pub data: RwSignal<Option<T>>,
    pub loading: RwSignal<bool>,
    pub failure: RwSignal<Option<ApiError>>,
    /// Bump to load again with the same query.
    pub reload: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loaded<T> {}

impl<T: Send + Sync + 'static> Loaded<T> {
    pub fn again(self) {
        self.reload.update(|n| *n += 1);
    }
}

impl<T: Clone + Send + Sync + 'static> Loaded<T> {
    /// What a list page shows: the failure with "Try again", "Loading…" until the first
    /// answer, then `render` of the latest answer (kept while a newer one loads).
    pub fn view(
        self,
        failed: &'static str,
        loading: &'static str,
        render: impl Fn(T) -> AnyView + Send + Sync + 'static,
    ) -> impl IntoView {
        move || match (self.data.get(), self.failure.get()) {
            (_, Some(error)) => {
                view! { <Failure title=failed message=error.message retry=Callback::new(move |_| self.again()) /> }
                    .into_any()
            }
            (None, None) => view! { <Loading what=loading /> }.into_any(),
            (Some(data), None) => render(data),
        }
    }
}

/// Calls `fetch` with `query()` whenever the query changes or `reload` is bumped. The
/// request of an older query still in flight is aborted (its `Cancel` dropped), and a
/// slower answer to it never overwrites a newer one; a lost session goes to sign-in.
pub fn load_latest<Q, T, F, Fut>(query: impl Fn() -> Q + 'static, fetch: F) -> Loaded<T>
where
    Q: 'static,
    T: Send + Sync + 'static,
    F: Fn(Q, CancelSignal) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let auth = expect_context::<Auth>();
    let loaded = Loaded {
        data: RwSignal::new(None),
        loading: RwSignal::new(true),
        failure: RwSignal::new(None),
        reload: RwSignal::new(0),
    };
    let latest = StoredValue::new(0u64);
    // The switch of the newest request; replacing it aborts the one before, if still running,
    // and so does leaving the page.
    let in_flight = StoredValue::new_local(None::<Cancel>);
    Effect::new(move |_| {
        let q = query();
        loaded.reload.track();
        let ticket = latest.get_value() + 1;
        latest.set_value(ticket);
        loaded.loading.set(true);
        let cancel = Cancel::new();
        let signal = cancel.signal();
        in_flight.set_value(Some(cancel));
        spawn_scoped(async move {
            let result = fetch(q, signal).await;
            if latest.get_value() != ticket {
                return;
            }
            loaded.loading.set(false);
            match result {
                Ok(data) => {
                    loaded.data.set(Some(data));
                    loaded.failure.set(None);
                }
                Err(error) => {
                    auth.handle(&error);
                    loaded.failure.set(Some(error));
                }
            }
        });
    });
    loaded
}
