//! Only the host names the server is configured for (`--allowed-host`): a request for
//! another name (DNS rebinding, a misrouted proxy) is refused before anything else runs.

use super::error::ApiError;
use super::AppState;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use switchboard_wire::ErrorCode;

pub async fn allowed_hosts_only(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let allowed = &state.settings.allowed_hosts;
    if !allowed.is_empty() {
        let host = request.headers().get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
        if !host_allowed(host, allowed) {
            return ApiError::new(ErrorCode::BadRequest, "This server does not answer for that host name.")
                .into_response();
        }
    }
    next.run(request).await
}

/// "console.example.com" allows that name on any port; "console.example.com:8443" only there.
fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let name = match host.rsplit_once(':') {
        // Not the colons inside an IPv6 literal "[::1]".
        Some((name, port)) if !port.contains(']') => name,
        _ => host,
    };
    allowed.iter().any(|a| a.eq_ignore_ascii_case(host) || a.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::host_allowed;

    #[test]
    fn a_name_allows_any_port_and_a_name_with_port_only_that_port() {
        let allowed = vec!["console.example.com".to_string(), "localhost:8080".to_string()];
        assert!(host_allowed("console.example.com", &allowed));
        assert!(host_allowed("CONSOLE.example.com:443", &allowed));
        assert!(host_allowed("localhost:8080", &allowed));
        assert!(!host_allowed("localhost:9090", &allowed));
        assert!(!host_allowed("evil.example", &allowed));
        assert!(!host_allowed("", &allowed));
        assert!(host_allowed("[::1]:8080", &["[::1]".to_string()]));
    }
}
