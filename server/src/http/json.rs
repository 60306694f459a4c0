//! A JSON body extractor whose every rejection is an `ApiError` in the one error shape.

use super::error::ApiError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
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
        axum::Json::<T>::from_request(req, state).await.map(|axum::Json(value)| Json(value)).map_err(rejection)
    }
}

fn rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => ApiError::new(ErrorCode::Validation, serde_detail(&e.body_text())),
        JsonRejection::JsonSyntaxError(e) => ApiError::new(
            ErrorCode::BadRequest,
            format!("The body is not valid JSON: {}", serde_detail(&e.body_text())),
        ),
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Send the body as JSON, with Content-Type: application/json.",
        ),
        JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("The body is larger than the {} KiB this API accepts.", super::BODY_LIMIT / 1024),
        ),
        other => ApiError::new(ErrorCode::BadRequest, other.body_text()),
    }
}

/// serde's own sentence, without axum's prefix ("Failed to deserialize the JSON body…: ").
fn serde_detail(text: &str) -> String {
    let detail = text.split_once(": ").map_or(text, |(_, detail)| detail);
    if detail.ends_with('.') {
        detail.to_string()
    } else {
        format!("{detail}.")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_serde_sentence_only() {
        assert_eq!(
            super::serde_detail("Failed to deserialize the JSON body into the target type: username: invalid type: integer `5`, expected a string at line 1 column 14"),
            "username: invalid type: integer `5`, expected a string at line 1 column 14."
        );
    }
}
