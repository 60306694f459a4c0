//! Cross-site request forgery, refused before any handler runs.
//!
//! Three layers stand in the way of a forged request: the session cookie is
//! SameSite=Strict; every request that changes state must carry the session's token in
//! `x-csrf-token` (checked by `CurrentUser`); and this middleware refuses state-changing
//! requests that browsers mark as cross-site or whose Origin is not this server, which
//! also covers sign-in, where there is no session yet.

use super::auth::is_safe;
use super::error::ApiError;
use axum::extract::Request;
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use switchboard_wire::ErrorCode;

pub async fn same_origin_only(request: Request, next: Next) -> Response {
    if !is_safe(request.method()) && cross_site(request.headers()) {
        return ApiError::new(
            ErrorCode::CsrfRejected,
            "Requests that change something must come from the Switchboard console itself.",
        )
        .into_response();
    }
    next.run(request).await
}

fn cross_site(headers: &HeaderMap) -> bool {
    let get = |name| headers.get(name).and_then(|v: &header::HeaderValue| v.to_str().ok());
    if get("sec-fetch-site").is_some_and(|site| site == "cross-site" || site == "same-site") {
        return true;
    }
    match (get(header::ORIGIN.as_str()), get(header::HOST.as_str())) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            !origin_host.eq_ignore_ascii_case(host)
        }
        // "Origin: null" (sandboxed frames, some redirects) or an Origin with no Host.
        (Some(_), None) => true,
        // Non-browser clients send no Origin; the token check still applies to them.
        (None, _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::cross_site;
    use axum::http::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (k.parse().unwrap(), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn same_origin_passes_and_foreign_origins_do_not() {
        assert!(!cross_site(&headers(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")])));
        assert!(cross_site(&headers(&[("host", "127.0.0.1:8080"), ("origin", "https://evil.example")])));
        assert!(cross_site(&headers(&[("host", "127.0.0.1:8080"), ("origin", "null")])));
        assert!(cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!cross_site(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!cross_site(&headers(&[])));
    }
}
