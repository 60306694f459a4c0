//! The left menu: only the pages the signed-in person may use.

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
    view! { class = class,
        <nav class="side-nav" aria-label="Console">
            <ul>
                {pages
                    .into_iter()
                    .map(|page| view! { <li><A href=page.path()>{page.title()}</A></li> })
                    .collect_view()}
            </ul>
        </nav>
    }
}
