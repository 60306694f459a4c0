//! "/": the first page the signed-in person may use.

use crate::auth::Auth;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn Home() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let first = auth
        .session()
        .and_then(|session| session.user.status.pages().first().copied())
        .map(|page| page.path())
        .unwrap_or("/admins");
    view! { <Redirect path=first /> }
}
