//! The left menu: only the pages the signed-in person may use.

use crate::unsaved::Unsaved;
use leptos::prelude::*;
use leptos_router::components::A;
use stylers::style_sheet;
use switchboard_wire::ConsolePage;

#[component]
pub fn SideNav(
    /// The pages to list, in menu order.
    pages: Vec<ConsolePage>,
) -> impl IntoView {
    let class = style_sheet!("style/components/nav.css");
    let nav = NodeRef::<leptos::html::Nav>::new();
    if let Some(unsaved) = use_context::<Unsaved>() {
        nav.on_load(move |nav| unsaved.guard_links_in(&nav));
    }
    view! { class = class,
        <nav class="side-nav" aria-label="Console" node_ref=nav>
            <ul>
                {pages
                    .into_iter()
                    .map(|page| view! { <li><A href=page.path()>{page.title()}</A></li> })
                    .collect_view()}
            </ul>
        </nav>
    }
}
