//! Any path the app does not know.

use super::console_page::set_title;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use stylers::style_sheet;

#[component]
pub fn NotFound() -> impl IntoView {
    let class = style_sheet!("style/pages/not_found.css");
    let location = use_location();
    set_title("Page not found");
    view! { class = class,
        <section class="not-found">
            <h1>"Page not found"</h1>
            <p>"There is no page at " <code>{move || location.pathname.get()}</code> "."</p>
            <p><a href="/">"Go to the console"</a></p>
        </section>
    }
}
