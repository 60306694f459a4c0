//! A JSON body extractor whose every rejection is an `ApiError` in the one error shape.

use super::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use switchboard_wire::ErrorCode;

/// Like `axum::Json`, but refusals are 400 (malformed), 413 (too large), 415 (not JSON)
/// or 422 (wrong fields or types) with an `ErrorBody`.
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    T: DeserializeOwned + Serialize,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !json_content_type(req.headers()) {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "Send the body as JSON, with Content-Type: application/json.",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    ErrorCode::PayloadTooLarge,
                    format!("The body is larger than the {} KiB this API accepts.", super::BODY_LIMIT / 1024),
                )
            } else {
                ApiError::new(ErrorCode::BadRequest, "The body could not be read.")
            }
        })?;
        // Well-formed JSON first (400 if not), then the shape: any value of the wrong type,
        // an unknown enum value or field is 422 naming the field, whatever serde's category.
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
            ApiError::new(
                ErrorCode::BadRequest,
                format!("The body is not valid JSON: {}", serde_detail(&e.to_string())),
            )
        })?;
        let body = serde_path_to_error::deserialize::<_, T>(integral_floats_as_integers(value)).map_err(|e| {
            let field = e.path().to_string();
            let message = serde_detail(&e.inner().to_string());
            if field == "." {
                ApiError::new(ErrorCode::Validation, message)
            } else {
                ApiError::invalid(&field, format!("{field}: {message}"))
            }
        })?;
        // PostgreSQL's text cannot hold NUL: refused here, for every body, not as a 500
        // there. What the body keeps is checked (fields it ignores are never stored).
        match serde_json::to_value(&body).ok().as_ref().and_then(|kept| nul_in(kept, ".")).as_deref() {
            None => Ok(Json(body)),
            Some(".") => Err(ApiError::new(ErrorCode::Validation, "Text cannot hold the NUL character.")),
            Some(field) => Err(ApiError::invalid(field, format!("{field}: text cannot hold the NUL character."))),
        }
    }
}

/// JSON has one number type: `122.0` is the integer 122 (as JSON Schema says), which
/// serde would refuse for an integer field.
fn integral_floats_as_integers(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(integral_floats_as_integers).collect()),
        Value::Object(fields) => {
            Value::Object(fields.into_iter().map(|(k, v)| (k, integral_floats_as_integers(v))).collect())
        }
        other => other,
    }
}

/// Where a string of `value` holds NUL, as serde_path_to_error names a field
/// (`username`, `changes[0].note`); `at` is where `value` is (`.` for the body).
fn nul_in(value: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    let inside = |step: &str| if at == "." { step.trim_start_matches('.').to_string() } else { format!("{at}{step}") };
    match value {
        Value::String(text) if text.contains('\0') => Some(at.to_string()),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| nul_in(item, &inside(&format!("[{i}]")))),
        Value::Object(fields) => fields.iter().find_map(|(key, field)| nul_in(field, &inside(&format!(".{key}")))),
        _ => None,
    }
}

fn json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// serde's sentence, ending with a full stop.
fn serde_detail(detail: &str) -> String {
    if detail.ends_with('.') {
        detail.to_string()
    } else {
        format!("{detail}.")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn integral_floats_become_integers_and_others_stay() {
        let value = serde_json::json!({"a": [122.0, 1.5, -3.0, 7], "b": "x"});
        assert_eq!(super::integral_floats_as_integers(value), serde_json::json!({"a": [122, 1.5, -3, 7], "b": "x"}));
    }

    #[test]
    fn finds_the_field_whose_text_holds_nul() {
        use serde_json::json;
        assert_eq!(super::nul_in(&json!({"username": "a\u{0}b"}), "."), Some("username".into()));
        assert_eq!(
            super::nul_in(&json!({"changes": [{"id": 1}, {"note": "\u{0}"}]}), "."),
            Some("changes[1].note".into())
        );
        assert_eq!(super::nul_in(&json!("\u{0}"), "."), Some(".".into()));
        assert_eq!(super::nul_in(&json!({"username": "ngarcia", "n": [1, "x"]}), "."), None);
    }

    #[test]
    fn ends_serde_sentences_with_a_full_stop() {
        assert_eq!(
            super::serde_detail("invalid type: integer `5`, expected a string"),
            "invalid type: integer `5`, expected a string."
        );
        assert_eq!(super::serde_detail("done."), "done.");
    }
}
