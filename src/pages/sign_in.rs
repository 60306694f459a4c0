//! Sign-in with the contact-center username and password; returns to where the person
//! was going (`?next=`).

use super::console_page::set_title;
use crate::api;
use crate::auth::{Auth, AuthState, SignedOut};
use crate::components::credentials::Credentials;
use crate::components::loading::Loading;
use crate::components::support_request::{Ask, AskSupport};
use crate::links::safe_next;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;
use stylers::style_sheet;
use switchboard_wire::ErrorCode;

#[component]
pub fn SignIn() -> impl IntoView {
    let class = style_sheet!("style/pages/sign_in.css");
    let auth = expect_context::<Auth>();
    let query = use_query_map();
    let next = move || safe_next(query.read().get("next").as_deref());
    set_title("Sign in");

    view! { class = class,
        <main class="sign-in-page">
            {move || match auth.state.get() {
                AuthState::SignedIn(_) => view! { <Redirect path=next() /> }.into_any(),
                AuthState::Checking => view! { <Loading what="Checking your session…" /> }.into_any(),
                AuthState::SignedOut(reason) => view! { <SignInForm reason=Some(reason) /> }.into_any(),
                AuthState::Unreachable(_) => view! { <SignInForm reason=None /> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn SignInForm(
    /// Why the person is here, said above the form.
    reason: Option<SignedOut>,
) -> impl IntoView {
    let class = style_sheet!("style/pages/sign_in_form.css");
    let auth = expect_context::<Auth>();
    let form = Credentials::default();
    let Credentials { username, password, pending, error } = form;
    let trial_expired = RwSignal::new(false);
    let username_input = NodeRef::<leptos::html::Input>::new();

    let notice = match reason {
        Some(SignedOut::ByChoice) => Some("You have signed out.".to_string()),
        Some(SignedOut::Ended(message)) => Some(message),
        _ => None,
    };

    let submit = form.on_submit(
        "Enter your username and your password.",
        api::sign_in,
        move |session| auth.state.set(AuthState::SignedIn(session)),
        move |failure| {
            trial_expired.set(failure.code == ErrorCode::TrialExpired);
            if let Some(input) = username_input.get_untracked() {
                let _ = input.focus();
            }
        },
    );

    view! { class = class,
        <form class="sign-in" on:submit=submit novalidate aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">"Sign in to Switchboard"</h1>
            {notice.map(|text| view! { <p class="notice" role="status">{text}</p> })}
            <Show when=move || error.get().is_some()>
                <p
                    class="error"
                    class:trial=move || trial_expired.get()
                    role="alert"
                    id="sign-in-error"
                    data-test="sign-in-error"
                >
                    {move || error.get()}
                </p>
            </Show>
            // A new attempt on its way hides the last one's way out.
            <Show when=move || trial_expired.get() && !pending.get()>
                <AskSupport ask=Ask::Trial label="Ask Switchboard support to extend the trial" filed=None />
            </Show>
            <label for="username">"Username"</label>
            <input
                id="username"
                name="username"
                type="text"
                autocomplete="username"
                autocapitalize="none"
                spellcheck="false"
                required
                autofocus
                node_ref=username_input
                aria-describedby="username-hint"
                aria-invalid=move || error.get().is_some().to_string()
                bind:value=username
            />
            <p class="hint" id="username-hint">"Your contact-center username, not your email address."</p>
            <label for="password">"Password"</label>
            <input
                id="password"
                name="password"
                type="password"
                autocomplete="current-password"
                required
                aria-invalid=move || error.get().is_some().to_string()
                bind:value=password
            />
            <button type="submit" disabled=move || pending.get()>
                {move || if pending.get() { "Signing in…" } else { "Sign in" }}
            </button>
        </form>
    }
}
