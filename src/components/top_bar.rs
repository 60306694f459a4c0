//! The top of every console page: product, company, who is signed in, sign-out.

use crate::auth::Auth;
use crate::components::nav::MenuToggle;
use crate::unsaved::Unsaved;
use leptos::prelude::*;
use stylers::style_sheet;

/// Product, company, the signed-in person and their status, and sign-out (always in view,
/// however narrow the window).
#[component]
pub fn TopBar(
    /// Whether the page has the console menu, which folds behind a Menu button here on a
    /// narrow screen.
    #[prop(optional)]
    menu: bool,
) -> impl IntoView {
    let class = style_sheet!("style/components/top_bar.css");
    let auth = expect_context::<Auth>();
    let session = move || auth.session();
    let signing_out = RwSignal::new(false);
    let unsaved = expect_context::<Unsaved>();
    let sign_out = move |_| {
        if !unsaved.confirm_leave() {
            return;
        }
        signing_out.set(true);
        auth.sign_out();
    };
    view! { class = class,
        <header class="top-bar">
            {menu.then(|| view! { <MenuToggle /> })}
            <a class="brand" href="/">"Switchboard"</a>
            <span class="company" data-test="company">{move || session().map(|s| s.company.name)}</span>
            <span class="user" data-test="signed-in-user">
                <span class="name">{move || session().map(|s| s.user.display_name)}</span>
                <span class="status">{move || session().map(|s| s.user.status.label())}</span>
            </span>
            <button type="button" class="sign-out" on:click=sign_out disabled=move || signing_out.get()>
                {move || if signing_out.get() { "Signing out…" } else { "Sign out" }}
            </button>
        </header>
    }
}
