//! The console pages behind the menu. Each has its own issue; until it lands, the page
//! shows its title and what it is for, and is guarded by the same rule as the menu.

use crate::auth::Auth;
use leptos::prelude::*;
use stylers::style_sheet;
use switchboard_wire::ConsolePage;

#[component]
pub fn ConsolePageView(
    /// Which menu page this is.
    page: ConsolePage,
) -> impl IntoView {
    let class = style_sheet!("style/pages/console_page.css");
    let auth = expect_context::<Auth>();
    set_title(page.title());
    let purpose = match page {
        ConsolePage::AuthorizeAdmins => {
            "Find a user of your company and change their status between User, Support and Admin."
        }
        ConsolePage::AgentStatus => "See which agents are logged on to the phone service, live, and force a logout.",
        ConsolePage::Contacts => "Look a contact up and see why they cannot log in.",
        ConsolePage::AuditLog => "Every change an admin made: who, what, to whom, before, after, when.",
    };
    view! { class = class,
        <Show
            when=move || auth.may_open(page)
            fallback=|| view! { <h1>"Not available"</h1><p>"Your status does not give access to this page."</p> }
        >
            <h1>{page.title()}</h1>
            <p class="purpose">{purpose}</p>
        </Show>
    }
}

/// The browser tab's title, so history and tabs say which page is which.
pub fn set_title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{page} · Switchboard"));
    }
}
