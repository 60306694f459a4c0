//! A JSON body extractor whose every rejection is an `ApiError` in the one error shape.

use super::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use switchboard_wire::ErrorCode;

/// Like `axum::Json`, but refusals are 400 (malformed), 413 (too large), 415 (not JSON)
/// or 422 (wrong fields or types) with an `ErrorBody`.
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
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
        serde_path_to_error::deserialize::<_, T>(integral_floats_as_integers(value)).map(Json).map_err(|e| {
            let field = e.path().to_string();
            let message = serde_detail(&e.inner().to_string());
            if field == "." {
                ApiError::new(ErrorCode::Validation, message)
            } else {
                ApiError::invalid(&field, format!("{field}: {message}"))
            }
        })
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
    fn ends_serde_sentences_with_a_full_stop() {
        assert_eq!(
            super::serde_detail("invalid type: integer `5`, expected a string"),
            "invalid type: integer `5`, expected a string."
        );
        assert_eq!(super::serde_detail("done."), "done.");
    }
}
