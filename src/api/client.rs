//! Sending a request and turning any answer into a value or an `ApiError`.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use switchboard_wire::paths::CSRF_HEADER;
use switchboard_wire::{ErrorBody, ErrorCode};

/// Why a call failed, in words that can be shown as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status; 0 when the server could not be reached at all.
    pub status: u16,
    pub code: ErrorCode,
    pub message: String,
    /// The records the refusal is about (stale or unknown ids).
    pub ids: Vec<i64>,
}

impl ApiError {
    pub fn unreachable() -> Self {
        ApiError {
            status: 0,
            code: ErrorCode::Unknown,
            message: "Switchboard's server could not be reached. Check your connection and try again.".into(),
            ids: Vec::new(),
        }
    }

    /// The session is gone (signed out elsewhere, expired): sign in again.
    pub fn is_unauthenticated(&self) -> bool {
        self.code == ErrorCode::Unauthenticated
    }

    /// Reads a non-2xx answer. Anything that is not our error shape (a proxy's HTML
    /// page, say) still gets a message that says what happened.
    pub fn from_body(status: u16, body: &str) -> Self {
        match decode::<ErrorBody>(body) {
            Some(error) => ApiError { status, code: error.code, message: error.message, ids: error.ids },
            None => ApiError {
                status,
                code: ErrorCode::Unknown,
                message: format!("The server answered with an unexpected error (HTTP {status})."),
                ids: Vec::new(),
            },
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// A request that changes something: carries the anti-forgery token.
pub fn with_csrf(builder: RequestBuilder, csrf_token: &str) -> RequestBuilder {
    builder.header(CSRF_HEADER, csrf_token)
}

/// A GET that is aborted when the `Cancel` behind `cancel` is dropped.
pub fn get_cancellable(url: &str, cancel: &super::CancelSignal) -> Result<Request, gloo_net::Error> {
    Request::get(url).abort_signal(cancel.get()).build()
}

pub async fn send(request: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    let request = request.map_err(|_| ApiError::unreachable())?;
    let response = request.send().await.map_err(|_| ApiError::unreachable())?;
    if response.ok() {
        Ok(response)
    } else {
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        Err(ApiError::from_body(status, &body))
    }
}

/// Reads JSON text into a wire type. In the browser the text is parsed by the browser's own
/// `JSON.parse` and only read into Rust types here, which keeps a JSON parser out of the
/// wasm (about 50 KB of it); elsewhere (the native unit tests) serde_json reads it.
pub fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    #[cfg(target_arch = "wasm32")]
    {
        let value = js_sys::JSON::parse(text).ok()?;
        serde_wasm_bindgen::from_value(value).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_str(text).ok()
    }
}

pub async fn json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let text = response.text().await.ok();
    text.as_deref().and_then(decode::<T>).ok_or_else(|| ApiError {
        status: response.status(),
        code: ErrorCode::Unknown,
        message: "The server's answer could not be read. Reload the page; if it persists, the console and server versions may differ.".into(),
        ids: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_error_shape_and_survives_anything_else() {
        let error = ApiError::from_body(401, r#"{"code":"unauthenticated","message":"Sign in to continue."}"#);
        assert_eq!(error.code, ErrorCode::Unauthenticated);
        assert!(error.is_unauthenticated());
        assert_eq!(error.to_string(), "Sign in to continue.");

        let proxy = ApiError::from_body(502, "<html>Bad gateway</html>");
        assert_eq!(proxy.code, ErrorCode::Unknown);
        assert_eq!(proxy.message, "The server answered with an unexpected error (HTTP 502).");
    }
}
