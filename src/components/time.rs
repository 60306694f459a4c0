//! Times as people read them, in the browser's own time zone.

use crate::format::recent;
use leptos::prelude::*;
use switchboard_wire::Timestamp;
use wasm_bindgen::JsValue;

/// The formats used, each made once: making an `Intl.DateTimeFormat` costs far more than
/// using one, and a live page formats thousands of times.
#[derive(Clone, Copy)]
enum Format {
    Full,
    ThisYear,
    DateOnly,
}

thread_local! {
    static FORMATS: [js_sys::Intl::DateTimeFormat; 3] = [
        formatter(&[("dateStyle", "medium"), ("timeStyle", "short")]),
        formatter(&[("month", "short"), ("day", "numeric"), ("hour", "numeric"), ("minute", "2-digit")]),
        formatter(&[("dateStyle", "medium")]),
    ];
}

fn formatter(options: &[(&str, &str)]) -> js_sys::Intl::DateTimeFormat {
    let object = js_sys::Object::new();
    for (key, value) in options {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&"en-US".into()), &object)
}

fn intl(at: Timestamp, format: Format) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.millis() as f64));
    FORMATS.with(|formats| {
        formats[format as usize]
            .format()
            .call1(&JsValue::NULL, &date)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    })
}

/// "Nov 23, 2026, 8:41 PM" in the browser's locale and zone.
pub fn when(at: Timestamp) -> String {
    intl(at, Format::Full)
}

/// The same for an optional time, with what to say when there is none.
pub fn when_or(at: Option<Timestamp>, none: &str) -> String {
    at.map(when).unwrap_or_else(|| none.to_string())
}

/// As short as it can be read: "5 min ago" within twelve hours, "Nov 23, 8:41 PM" this
/// year, "Nov 23, 2025" before.
pub fn compact(at: Timestamp, now_ms: f64) -> String {
    if let Some(words) = recent(at.millis(), now_ms as i64) {
        return words;
    }
    let this_year = js_sys::Date::new(&JsValue::from_f64(now_ms)).get_full_year();
    let year = js_sys::Date::new(&JsValue::from_f64(at.millis() as f64)).get_full_year();
    if year == this_year {
        intl(at, Format::ThisYear)
    } else {
        intl(at, Format::DateOnly)
    }
}

/// A time on one line: compact on screen, the full date and time on hover and for screen
/// readers, and machine-readable in `datetime`.
#[component]
pub fn Time(
    /// The time shown.
    at: Timestamp,
    /// Now, when it ticks (a live page: `MinuteClock::now_for(at)`), so "5 min ago" moves
    /// on; otherwise the time of rendering.
    #[prop(optional, into)]
    now: Option<Signal<f64>>,
) -> impl IntoView {
    let full = when(at);
    let iso: String = js_sys::Date::new(&JsValue::from_f64(at.millis() as f64)).to_iso_string().into();
    let shown = move || compact(at, now.map_or_else(js_sys::Date::now, |n| n.get()));
    let title = full.clone();
    view! {
        <time class="compact" datetime=iso title=title>
            <span aria-hidden="true">{shown}</span>
            <span class="visually-hidden">{full}</span>
        </time>
    }
}

/// `Time` for an optional time, with what to say when there is none.
#[component]
pub fn TimeOr(
    /// The time, if there is one.
    at: Option<Timestamp>,
    /// Said instead when there is none ("Never").
    none: &'static str,
) -> impl IntoView {
    match at {
        Some(at) => view! { <Time at /> }.into_any(),
        None => none.into_any(),
    }
}
