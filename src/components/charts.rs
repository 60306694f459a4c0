//! Small charts drawn as SVG by the app (no charting library): each has a title, a sentence
//! that says what it shows, and its numbers as text (the list or table beside it), so a
//! screen reader or a keyboard user loses nothing. Bars take the text colour, which holds
//! in forced-colours (high contrast) mode.

use leptos::prelude::*;
use stylers::style_sheet;

/// One labelled figure of a breakdown: a link to the list it counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub count: i64,
    /// The list this figure counts, filtered the same way.
    pub href: String,
}

/// A breakdown as a list of links, each with its count and a bar in proportion; says so in
/// words when there is nothing to show.
#[component]
pub fn BarList(
    /// The bars, in the order to show.
    bars: Vec<Bar>,
    /// What to say when every count is zero (or there are no bars).
    empty: &'static str,
) -> impl IntoView {
    let class = style_sheet!("style/components/charts.css");
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0);
    if max == 0 {
        return view! { class = class, <p class="empty">{empty}</p> }.into_any();
    }
    view! { class = class,
        <ul class="bar-list">
            {bars.into_iter().map(|bar| {
                let width = (bar.count as f64 / max as f64 * 100.0).max(if bar.count > 0 { 1.0 } else { 0.0 });
                view! { class = class,
                    <li>
                        <a href=bar.href>
                            <span class="label">{bar.label}</span>
                            <span class="count">{bar.count}</span>
                        </a>
                        <svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                            <rect x="0" y="0" width=format!("{width:.2}") height="6" />
                        </svg>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Counts over time as columns (a day in quarter hours, say), with the hourly table.
#[component]
pub fn TimeColumns(
    /// The chart's title, which names it for screen readers too.
    title: &'static str,
    /// An id for the title and the summary.
    id: &'static str,
    /// The counts, oldest first, `step_ms` apart from `start_ms`.
    counts: Vec<i64>,
    /// When the first column starts.
    start_ms: i64,
    /// How long a column covers.
    step_ms: i64,
) -> impl IntoView {
    let class = style_sheet!("style/components/charts.css");
    let total: i64 = counts.iter().sum();
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let columns = counts.len().max(1) as f64;
    let busiest = counts.iter().enumerate().max_by_key(|(_, c)| **c).filter(|(_, c)| **c > 0);
    let summary = match busiest {
        None => "None in this period.".to_string(),
        Some((i, c)) => format!(
            "{total} in all; the most, {c}, in the quarter hour from {}.",
            hour_minute(start_ms + i as i64 * step_ms)
        ),
    };
    // The table: one row an hour, of the hours that had any.
    let per_hour = (3_600_000 / step_ms.max(1)).max(1) as usize;
    let hours: Vec<(String, i64)> = counts
        .chunks(per_hour)
        .enumerate()
        .map(|(h, chunk)| (hour_minute(start_ms + (h * per_hour) as i64 * step_ms), chunk.iter().sum()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let (title_id, summary_id) = (format!("{id}-title"), format!("{id}-summary"));
    view! { class = class,
        <figure class="time-columns" aria-labelledby=title_id.clone()>
            <figcaption id=title_id.clone()>{title}</figcaption>
            <svg viewBox=format!("0 0 {columns} 40") preserveAspectRatio="none" role="img"
                aria-labelledby=format!("{title_id} {summary_id}") focusable="false">
                {counts.iter().enumerate().map(|(i, c)| {
                    let h = *c as f64 / max as f64 * 40.0;
                    view! { <rect x=i.to_string() y=format!("{:.2}", 40.0 - h) width="0.8" height=format!("{h:.2}") /> }
                }).collect_view()}
            </svg>
            <p class="summary" id=summary_id>{summary}</p>
            {(!hours.is_empty()).then(|| view! { class = class,
                <details>
                    <summary>"Show as a table"</summary>
                    <table>
                        <thead><tr><th scope="col">"Hour from"</th><th scope="col">"Count"</th></tr></thead>
                        <tbody>
                            {hours.into_iter().map(|(from, n)| view! { <tr><td>{from}</td><td>{n}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                </details>
            })}
        </figure>
    }
}

/// "14:15", in the browser's time zone.
fn hour_minute(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}
