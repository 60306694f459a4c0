//! Asking Switchboard support: where the articles say "submit a support ticket", a button
//! that files the request, and then the request's state in words.

use crate::api;
use crate::auth::Auth;
use crate::components::time::when;
use crate::tasks::Scope;
use leptos::prelude::*;
use stylers::style_sheet;
use switchboard_wire::{NewSupportRequest, RequestState, SupportRequest};

/// What to ask Switchboard support for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Extend an ended trial (from the refused sign-in, without a session).
    Trial,
    /// Appoint the company's first admin.
    NoAdmin,
    /// Unlock a colleague locked out by failed sign-ins.
    LockedOut { user_id: i64 },
}

/// A button that files the request, then its state; with a request already filed, only the state.
#[component]
pub fn AskSupport(
    /// What to ask for.
    ask: Ask,
    /// The button's words.
    label: &'static str,
    /// The request already filed for this, if any.
    filed: Option<SupportRequest>,
) -> impl IntoView {
    let class = style_sheet!("style/components/support_request.css");
    let request = RwSignal::new(filed);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let auth = expect_context::<Auth>();
    let scope = Scope::here();
    let file = move |_| {
        if pending.get_untracked() {
            return;
        }
        let csrf = auth.session().map(|s| s.csrf_token).unwrap_or_default();
        pending.set(true);
        failure.set(None);
        scope.spawn(async move {
            let result = match ask {
                Ask::Trial => api::file_trial_request().await,
                Ask::NoAdmin => api::file_support_request(&csrf, &NewSupportRequest::NoAdmin).await,
                Ask::LockedOut { user_id } => {
                    api::file_support_request(&csrf, &NewSupportRequest::LockedOut { user_id }).await
                }
            };
            pending.set(false);
            match result {
                Ok(filed) => request.set(Some(filed)),
                Err(error) => {
                    if ask != Ask::Trial {
                        auth.handle(&error);
                    }
                    failure.set(Some(error.message));
                }
            }
        });
    };
    view! { class = class,
        <div class="ask-support">
            {move || match request.get() {
                Some(filed) => view! { <RequestStatus request=filed /> }.into_any(),
                None => view! {
                    <button type="button" data-test="ask-support" on:click=file disabled=move || pending.get()>
                        {move || if pending.get() { "Sending…" } else { label }}
                    </button>
                }.into_any(),
            }}
            <p role="alert" class="error">{move || failure.get()}</p>
        </div>
    }
}

/// A request's state, said to the person who filed it.
#[component]
pub fn RequestStatus(
    /// The request.
    request: SupportRequest,
) -> impl IntoView {
    let class = style_sheet!("style/components/support_request.css");
    let text = match (request.state, request.answer) {
        (RequestState::Answered, Some(answer)) => {
            format!("Switchboard support answered your request #{}: {answer}", request.id)
        }
        _ => format!(
            "Your request #{} to Switchboard support, filed {}, is open: their answer will show here when you sign in.",
            request.id,
            when(request.filed_at)
        ),
    };
    let answered = request.state == RequestState::Answered;
    view! { class = class,
        <p class="request" class:answered=answered role="status" data-test="support-request">{text}</p>
    }
}

/// The requests the signed-in user filed (open, or answered in the last week), above the
/// console's pages until dismissed.
#[component]
pub fn SupportNotices() -> impl IntoView {
    let class = style_sheet!("style/components/support_request.css");
    let auth = expect_context::<Auth>();
    let dismissed = RwSignal::new(false);
    let requests = move || auth.session().map(|s| s.support_requests).unwrap_or_default();
    view! { class = class,
        <Show when=move || !dismissed.get() && !requests().is_empty()>
            <section class="notices" aria-label="Your support requests" data-test="support-notices">
                {move || requests().into_iter().map(|request| view! { <RequestStatus request /> }).collect_view()}
                <button type="button" class="dismiss" on:click=move |_| dismissed.set(true)>"Dismiss"</button>
            </section>
        </Show>
    }
}
