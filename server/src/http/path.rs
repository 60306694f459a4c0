//! Ids in paths, refused in the one error shape when they are not ids; URLs that would
//! decode to NUL, refused before any handler.

use super::error::ApiError;
use axum::extract::{FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use switchboard_wire::ErrorCode;

/// PostgreSQL's text cannot hold NUL, and no name, number or search of ours has one: a
/// `%00` in the path or the query is a 400 here, once for every parameter, not a 500 there.
pub async fn no_nul(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let holds_nul = |text: &str| text.as_bytes().windows(3).any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0');
    if holds_nul(uri.path()) || uri.query().is_some_and(holds_nul) {
        return ApiError::new(ErrorCode::BadRequest, "A URL of this API cannot hold the NUL character (%00).")
            .into_response();
    }
    next.run(request).await
}

/// The path's one parameter, as text.
async fn the_parameter<S: Send + Sync>(parts: &mut Parts, state: &S) -> Result<String, ApiError> {
    let Path(raw) = Path::<String>::from_request_parts(parts, state)
        .await
        .map_err(|_| ApiError::new(ErrorCode::BadRequest, "The path is missing a value."))?;
    Ok(raw)
}

/// A text segment from the path's one parameter (an agent number), at most 32 characters.
pub struct Segment(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Segment {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = the_parameter(parts, state).await?.trim().to_string();
        if raw.is_empty() || raw.chars().count() > 32 {
            return Err(ApiError::new(ErrorCode::BadRequest, "That is not an agent number."));
        }
        Ok(Segment(raw))
    }
}

/// A numeric id from the path's one parameter.
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = the_parameter(parts, state).await?;
        raw.parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(Id)
            .ok_or_else(|| ApiError::new(ErrorCode::BadRequest, format!("“{raw}” is not an id.")))
    }
}
