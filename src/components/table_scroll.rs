//! A wide table's own scrolling box: on a narrow screen (or at a high zoom) the table
//! scrolls sideways inside it and the page itself never does (WCAG 1.4.10).

use leptos::prelude::*;
use stylers::style_sheet;

/// Wraps a table. The box can take keyboard focus, so its hidden columns can be scrolled
/// to with the arrow keys, and is named for screen readers.
#[component]
pub fn TableScroll(
    /// What the table holds ("Users"), the name of its box.
    #[prop(into)]
    label: String,
    /// The table.
    children: Children,
) -> impl IntoView {
    let class = style_sheet!("style/components/table_scroll.css");
    view! { class = class,
        <div class="table-scroll" role="region" aria-label=label tabindex="0">{children()}</div>
    }
}
