//! The operators' sign-in: Switchboard's own support staff, with accounts of their own.

use super::{OperatorAuth, OperatorGate};
use crate::api;
use crate::components::credentials::Credentials;
use leptos::prelude::*;
use stylers::style_sheet;

#[component]
pub fn OperatorSignIn(
    /// Why the form shows (signed out, session expired), if there is something to say.
    reason: Option<String>,
) -> impl IntoView {
    let class = style_sheet!("style/pages/sign_in.css");
    view! { class = class,
        <main class="sign-in-page"><OperatorSignInForm reason /></main>
    }
}

#[component]
fn OperatorSignInForm(
    /// Said above the form.
    reason: Option<String>,
) -> impl IntoView {
    let class = style_sheet!("style/pages/sign_in_form.css");
    let auth = expect_context::<OperatorAuth>();
    let form = Credentials::default();
    let Credentials { username, password, pending, error } = form;
    let submit = form.on_submit(
        "Enter your operator username and your password.",
        api::operator_sign_in,
        move |session| auth.0.set(OperatorGate::SignedIn(session)),
        |_| {},
    );
    view! { class = class,
        <form class="sign-in" on:submit=submit novalidate aria-labelledby="operator-sign-in-title">
            <h1 id="operator-sign-in-title">"Switchboard support"</h1>
            <p class="notice" data-test="operator-notice">
                "For Switchboard's own support staff. Contact-center users sign in at "<a href="/sign-in">"the console"</a>"."
            </p>
            {reason.map(|text| view! { <p class="notice" role="status">{text}</p> })}
            <Show when=move || error.get().is_some()>
                <p class="error" role="alert" data-test="sign-in-error">{move || error.get()}</p>
            </Show>
            <label for="operator-username">"Operator username"</label>
            <input id="operator-username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false"
                required autofocus bind:value=username />
            <label for="operator-password">"Password"</label>
            <input id="operator-password" type="password" autocomplete="current-password" required bind:value=password />
            <button type="submit" disabled=move || pending.get()>
                {move || if pending.get() { "Signing in…" } else { "Sign in" }}
            </button>
        </form>
    }
}
