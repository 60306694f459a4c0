//! Previous / next for a paged list.

use leptos::prelude::*;
use stylers::style_sheet;

#[component]
pub fn Pager(
    /// The current page, 1-based.
    #[prop(into)]
    page: Signal<u32>,
    /// How many items match, on all pages.
    #[prop(into)]
    total: Signal<i64>,
    /// Items per page.
    per_page: u32,
    /// Called with the page to show.
    on_page: Callback<u32>,
) -> impl IntoView {
    let class = style_sheet!("style/components/pager.css");
    let pages = move || ((total.get().max(0) as u32).div_ceil(per_page)).max(1);
    view! { class = class,
        <nav class="pager" aria-label="Pages">
            <button type="button" disabled=move || { page.get() <= 1 } on:click=move |_| on_page.run(page.get() - 1)>
                "Previous"
            </button>
            <span aria-live="polite">{move || format!("Page {} of {}", page.get(), pages())}</span>
            <button type="button" disabled=move || { page.get() >= pages() } on:click=move |_| on_page.run(page.get() + 1)>
                "Next"
            </button>
        </nav>
    }
}
