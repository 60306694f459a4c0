//! The one shape every error response of the API has.

use serde::{Deserialize, Serialize};

/// What the server answers with every 4xx and 5xx: a machine code and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Stable, machine-readable reason; clients branch on this, never on the message.
    pub code: ErrorCode,
    /// A sentence that can be shown to the person as it is.
    pub message: String,
    /// For `validation`: which input fields were wrong and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// For `stale_version` and `not_found`: the ids the refusal is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<i64>,
}

/// One rejected input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Every reason the API can give for refusing a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body is not well-formed JSON, or the request is malformed.
    BadRequest,
    /// 401: no valid session; sign in.
    Unauthenticated,
    /// 401: wrong username or password (deliberately not saying which).
    InvalidCredentials,
    /// 403: signed in, but this role may not do this.
    Forbidden,
    /// 403: a state-changing request without the session's anti-forgery token.
    CsrfRejected,
    /// 403: the company's trial has ended.
    TrialExpired,
    /// 404: no such thing (or not one this caller may know exists).
    NotFound,
    /// 405: the path exists, the method does not.
    MethodNotAllowed,
    /// 409: the request conflicts with the current state.
    Conflict,
    /// 409: the change would leave the company without an admin.
    LastAdmin,
    /// 409: someone changed these records since they were read; reload them and retry.
    StaleVersion,
    /// 409: "That agent is already logged on."
    AgentAlreadyLoggedOn,
    /// 409: another logged-on agent of the company uses that phone or station.
    StationInUse,
    /// 401: the agent's session ended (logged out, or forced out by an administrator).
    AgentSessionEnded,
    /// 413: the body is larger than the server accepts.
    PayloadTooLarge,
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 422: well-formed JSON whose values are not acceptable.
    Validation,
    /// 429: too many failed attempts; wait before trying again.
    TooManyAttempts,
    /// 429: this session or company has as many live event streams as it may.
    TooManyStreams,
    /// 503: the server is saturated (password checks); try again after Retry-After.
    ServerBusy,
    /// 500: the server failed; details are in its log, never in the response.
    Internal,
    /// A code this build of the client does not know yet.
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The HTTP status that goes with the code.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials | ErrorCode::AgentSessionEnded => 401,
            ErrorCode::Forbidden | ErrorCode::CsrfRejected | ErrorCode::TrialExpired => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict
            | ErrorCode::LastAdmin
            | ErrorCode::StaleVersion
            | ErrorCode::AgentAlreadyLoggedOn
            | ErrorCode::StationInUse => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::Validation => 422,
            ErrorCode::TooManyAttempts | ErrorCode::TooManyStreams => 429,
            ErrorCode::ServerBusy => 503,
            ErrorCode::Internal | ErrorCode::Unknown => 500,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_has_a_stable_shape() {
        let body =
            ErrorBody { code: ErrorCode::PayloadTooLarge, message: "Too big.".into(), fields: vec![], ids: vec![] };
        assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"code":"payload_too_large","message":"Too big."}"#);
    }

    #[test]
    fn unknown_codes_still_parse() {
        let body: ErrorBody = serde_json::from_str(r#"{"code":"brand_new","message":"m"}"#).unwrap();
        assert_eq!(body.code, ErrorCode::Unknown);
        assert!(body.fields.is_empty());
    }
}
