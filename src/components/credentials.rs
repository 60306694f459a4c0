//! The state and the submit of a username-and-password form, shared by the console's
//! sign-in and the operators': one attempt at a time, both fields required, the password
//! cleared after a refusal and the refusal said.

use crate::api::ApiError;
use crate::tasks::Scope;
use leptos::prelude::*;
use std::future::Future;

/// Empty fields, nothing pending, nothing said.
#[derive(Clone, Copy, Default)]
pub struct Credentials {
    pub username: RwSignal<String>,
    pub password: RwSignal<String>,
    /// An attempt is on its way: the button waits.
    pub pending: RwSignal<bool>,
    /// What the last refusal said.
    pub error: RwSignal<Option<String>>,
}

impl Credentials {
    /// The form's submit handler: says `missing` when a field is empty, else sends both
    /// with `send` and hands the answer on: the session to `signed_in`, a refusal (already
    /// shown) to `refused`.
    pub fn on_submit<T, Fut>(
        self,
        missing: &'static str,
        send: impl Fn(String, String) -> Fut + Copy + 'static,
        signed_in: impl Fn(T) + Copy + 'static,
        refused: impl Fn(&ApiError) + Copy + 'static,
    ) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static
    where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let scope = Scope::here();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if self.pending.get_untracked() {
                return;
            }
            let (name, secret) = (self.username.get_untracked(), self.password.get_untracked());
            if name.trim().is_empty() || secret.is_empty() {
                self.error.set(Some(missing.into()));
                return;
            }
            self.pending.set(true);
            self.error.set(None);
            scope.spawn(async move {
                match send(name, secret).await {
                    Ok(session) => signed_in(session),
                    Err(failure) => {
                        self.password.set(String::new());
                        self.error.set(Some(failure.message.clone()));
                        self.pending.set(false);
                        refused(&failure);
                    }
                }
            });
        }
    }
}
