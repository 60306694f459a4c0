//! `ApiError`: everything a handler can refuse with, rendered as the wire's `ErrorBody`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use switchboard_wire::{ErrorBody, ErrorCode, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The caller's fault: shown to them as it is.
    #[error("{code:?}: {message}")]
    Client { code: ErrorCode, message: String, fields: Vec<FieldError>, ids: Vec<i64>, retry_after_secs: Option<u64> },
    /// Ours: logged with its details, answered with a generic 500.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::Client { code, message: message.into(), fields: Vec::new(), ids: Vec::new(), retry_after_secs: None }
    }

    pub fn unauthenticated() -> Self {
        Self::new(ErrorCode::Unauthenticated, "Sign in to continue.")
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("There is no {what} here."))
    }

    /// A 422 naming the fields that were wrong.
    pub fn invalid_fields(fields: Vec<FieldError>) -> Self {
        let message = match fields.as_slice() {
            [one] => one.message.clone(),
            _ => "Some fields are not valid.".to_string(),
        };
        ApiError::Client { code: ErrorCode::Validation, message, fields, ids: Vec::new(), retry_after_secs: None }
    }

    /// Names the ids the refusal is about (stale or unknown records).
    pub fn with_ids(mut self, about: Vec<i64>) -> Self {
        if let ApiError::Client { ids, .. } = &mut self {
            *ids = about;
        }
        self
    }

    /// A 422 about one field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::invalid_fields(vec![FieldError { field: field.into(), message: message.into() }])
    }

    pub fn retry_after(mut self, secs: u64) -> Self {
        if let ApiError::Client { retry_after_secs, .. } = &mut self {
            *retry_after_secs = Some(secs);
        }
        self
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Client { code, .. } => *code,
            ApiError::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        ApiError::Internal(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (body, retry) = match self {
            ApiError::Client { code, message, fields, ids, retry_after_secs } => {
                (ErrorBody { code, message, fields, ids }, retry_after_secs)
            }
            ApiError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "request failed");
                (internal_body(), None)
            }
        };
        let status = StatusCode::from_u16(body.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let code = body.code;
        let mut response = (status, axum::Json(body)).into_response();
        // For the middleware that logs security refusals.
        response.extensions_mut().insert(code);
        if let Some(secs) = retry {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// What a 500 says: nothing of the internals.
pub fn internal_body() -> ErrorBody {
    ErrorBody {
        code: ErrorCode::Internal,
        message: "Something went wrong on the server. It has been logged; please try again.".into(),
        fields: Vec::new(),
        ids: Vec::new(),
    }
}
