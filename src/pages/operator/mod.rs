//! The operators' console at `/operator`: Switchboard's own support staff answer the
//! support requests of every company. A part of its own: its own session (not a company's),
//! its own sign-in, its own menu, and no link to any company page. A lazy route, so none of
//! it is in a company user's first load.

mod queue;
mod sign_in;

use super::console_page::set_title;
use crate::api;
use crate::components::loading::{Failure, Loading};
use crate::tasks::{spawn_scoped, Scope};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use stylers::style_sheet;
use switchboard_wire::{OperatorSession, RequestState};

/// Who is signed in to the operators' console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorGate {
    Checking,
    SignedIn(OperatorSession),
    /// Not signed in; the words say why, when there is a reason (signed out, expired).
    SignedOut(Option<String>),
    Unreachable(String),
}

/// The operators' session context, provided by `OperatorConsole`.
#[derive(Clone, Copy)]
pub struct OperatorAuth(pub RwSignal<OperatorGate>);

impl OperatorAuth {
    pub fn session(self) -> Option<OperatorSession> {
        match self.0.get() {
            OperatorGate::SignedIn(session) => Some(session),
            _ => None,
        }
    }

    /// A call refused for want of a session: back to the sign-in form, saying why.
    pub fn handle(self, error: &api::ApiError) {
        if error.is_unauthenticated() {
            self.0.set(OperatorGate::SignedOut(Some(error.message.clone())));
        }
    }

    fn check(self) {
        self.0.set(OperatorGate::Checking);
        spawn_scoped(async move {
            self.0.set(match api::operator_session().await {
                Ok(Some(session)) => OperatorGate::SignedIn(session),
                Ok(None) => OperatorGate::SignedOut(None),
                Err(error) => OperatorGate::Unreachable(error.message),
            });
        });
    }
}

#[component]
pub fn OperatorConsole() -> impl IntoView {
    let class = style_sheet!("style/pages/operator.css");
    set_title("Switchboard support");
    let auth = OperatorAuth(RwSignal::new(OperatorGate::Checking));
    provide_context(auth);
    Effect::new(move |_| auth.check());
    view! { class = class,
        <div class="operator-console">{move || match auth.0.get() {
            OperatorGate::Checking => view! { <main class="centered"><Loading what="Checking your operator session…" /></main> }.into_any(),
            OperatorGate::Unreachable(message) => view! {
                <main class="centered">
                    <Failure title="Switchboard support could not start" message retry=Callback::new(move |_| auth.check()) />
                </main>
            }.into_any(),
            OperatorGate::SignedOut(reason) => view! { <sign_in::OperatorSignIn reason /> }.into_any(),
            OperatorGate::SignedIn(session) => view! { <OperatorFrame session /> }.into_any(),
        }}</div>
    }
}

/// The signed-in frame: who is signed in, sign-out, the operators' menu, the queue.
#[component]
fn OperatorFrame(
    /// The operator's session.
    session: OperatorSession,
) -> impl IntoView {
    let class = style_sheet!("style/pages/operator.css");
    let auth = expect_context::<OperatorAuth>();
    let query = use_query_map();
    let state = Memo::new(move |_| {
        query.read().get("state").as_deref().and_then(RequestState::parse).unwrap_or(RequestState::Open)
    });
    let signing_out = RwSignal::new(false);
    let scope = Scope::here();
    let csrf = session.csrf_token.clone();
    let sign_out = move |_| {
        signing_out.set(true);
        let csrf = csrf.clone();
        scope.spawn(async move {
            // Signed out on the server or not, this page forgets the session.
            let _ = api::operator_sign_out(&csrf).await;
            auth.0.set(OperatorGate::SignedOut(Some("You have signed out.".into())));
        });
    };
    let current = move |which: RequestState| if state.get() == which { Some("page") } else { None };
    view! { class = class,
        <div class="frame">
            <a class="skip" href="#main">"Skip to the page"</a>
            <header class="top-bar">
                <a class="brand" href="/operator">"Switchboard support"</a>
                <span class="who" data-test="operator-name">{session.operator.display_name.clone()}" · Operator"</span>
                <button type="button" class="sign-out" on:click=sign_out disabled=move || signing_out.get()>
                    {move || if signing_out.get() { "Signing out…" } else { "Sign out" }}
                </button>
            </header>
            <div class="body">
                <nav class="operator-nav" aria-label="Support requests">
                    <a href="/operator" aria-current=move || current(RequestState::Open)>"Open requests"</a>
                    <a href="/operator?state=answered" aria-current=move || current(RequestState::Answered)>"Answered"</a>
                </nav>
                <main id="main" class="page" tabindex="-1">
                    <queue::RequestQueuePage state />
                </main>
            </div>
        </div>
    }
}
