//! Times as people read them, in the browser's own time zone.

use switchboard_wire::Timestamp;
use wasm_bindgen::JsValue;

/// "Nov 23, 2026, 8:41 PM" in the browser's locale and zone.
pub fn when(at: Timestamp) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.millis() as f64));
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "medium"), ("timeStyle", "short")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date.to_locale_string("en-US", &options).into()
}

/// The same for an optional time, with what to say when there is none.
pub fn when_or(at: Option<Timestamp>, none: &str) -> String {
    at.map(when).unwrap_or_else(|| none.to_string())
}
