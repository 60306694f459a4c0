//! The top of every console page: product, company, who is signed in, sign-out.

use crate::auth::Auth;
use leptos::prelude::*;
use stylers::style_sheet;
use switchboard_wire::Session;

#[component]
pub fn TopBar(
    /// The signed-in session whose user and company are shown.
    session: Session,
) -> impl IntoView {
    let class = style_sheet!("style/components/top_bar.css");
    let auth = expect_context::<Auth>();
    let signing_out = RwSignal::new(false);
    let sign_out = move |_| {
        signing_out.set(true);
        auth.sign_out();
    };
    view! { class = class,
        <header class="top-bar">
            <a class="brand" href="/">"Switchboard"</a>
            <span class="company" data-test="company">{session.company.name.clone()}</span>
            <span class="user" data-test="signed-in-user">
                {session.user.display_name.clone()}
                <span class="status">{session.user.status.label()}</span>
            </span>
            <button type="button" class="sign-out" on:click=sign_out disabled=move || signing_out.get()>
                {move || if signing_out.get() { "Signing out…" } else { "Sign out" }}
            </button>
        </header>
    }
}
