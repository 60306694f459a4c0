//! Ids in paths, refused in the one error shape when they are not ids.

use super::error::ApiError;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use switchboard_wire::ErrorCode;

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
