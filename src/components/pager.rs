//! Previous / next for a paged list.

use leptos::prelude::*;
use stylers::style_sheet;

#[component]
pub fn Pager(
    /// The current page, 1-based.
    #[prop(into)]
    page: Signal<u32>,
    /// How many pages there are, when the count is exact; unknown for "1,000+ match".
    #[prop(into)]
    pages: Signal<Option<u32>>,
    /// Whether a page comes before this one.
    #[prop(into)]
    has_previous: Signal<bool>,
    /// Whether a page comes after this one.
    #[prop(into)]
    has_next: Signal<bool>,
    /// Shows the page before.
    on_previous: Callback<()>,
    /// Shows the page after.
    on_next: Callback<()>,
) -> impl IntoView {
    let class = style_sheet!("style/components/pager.css");
    let label = move || match pages.get() {
        Some(pages) => format!("Page {} of {}", page.get(), pages.max(1)),
        None => format!("Page {}", page.get()),
    };
    view! { class = class,
        <nav class="pager" aria-label="Pages">
            <button type="button" disabled=move || !has_previous.get() on:click=move |_| on_previous.run(())>
                "Previous"
            </button>
            <span aria-live="polite">{label}</span>
            <button type="button" disabled=move || !has_next.get() on:click=move |_| on_next.run(())>
                "Next"
            </button>
        </nav>
    }
}

/// Pages of `per_page` for `total` items (at least one, the empty page).
pub fn page_count(total: i64, per_page: u32) -> u32 {
    (u32::try_from(total.max(0)).unwrap_or(u32::MAX).div_ceil(per_page)).max(1)
}

/// "1 user", "12,345 users", "1,000+ users": a count as people read it.
pub fn count_words(total: i64, capped: bool, one: &str, many: &str) -> String {
    let digits = total.max(0).to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match (total, capped) {
        (1, false) => format!("1 {one}"),
        (_, false) => format!("{grouped} {many}"),
        (_, true) => format!("{grouped}+ {many}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_people_say_them() {
        assert_eq!(count_words(1, false, "user", "users"), "1 user");
        assert_eq!(count_words(0, false, "user", "users"), "0 users");
        assert_eq!(count_words(1234567, false, "contact", "contacts"), "1,234,567 contacts");
        assert_eq!(count_words(1000, true, "user", "users"), "1,000+ users");
        assert_eq!(page_count(0, 25), 1);
        assert_eq!(page_count(26, 25), 2);
    }
}
