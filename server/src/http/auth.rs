//! Who is calling: the session cookie, its expiry, and the anti-forgery token.

use super::error::{ApiError, ApiResult};
use super::AppState;
use crate::domain::clock::MINUTE_MS;
use crate::domain::sign_in::trial_expired;
use crate::domain::token::{same_secret, token_hash};
use crate::storage::sessions::SessionRow;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use switchboard_wire::paths::{CSRF_HEADER, OPERATOR_COOKIE, SESSION_COOKIE};
use switchboard_wire::{ErrorCode, Status};

/// The signed-in console user of a request. Extracting it authenticates the request:
/// no cookie, an unknown or expired session, an expired trial, or (for a request that
/// changes something) a missing anti-forgery token refuse it.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub status: Status,
    pub company_id: i64,
    pub company_name: String,
    /// Its phone numbers are shown in its national format.
    pub company_country: String,
    pub csrf_token: String,
    /// The hash of the session's token, to end it.
    pub token_hash: String,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let token = session_token(&parts.headers).ok_or_else(ApiError::unauthenticated)?;
        let hash = token_hash(token);
        let now = state.now();
        let row = live_session(state, &hash, now).await?;
        check_csrf(parts, &row.csrf_token)?;
        // Writing on every request would make each read a write; a minute's precision is enough.
        if now - row.last_seen_at > MINUTE_MS {
            state.store.touch_session(&hash, now).await?;
        }
        Ok(CurrentUser {
            user_id: row.user_id,
            username: row.username,
            display_name: row.display_name,
            email: row.email,
            status: row.status.0,
            company_id: row.company_id,
            company_name: row.company_name,
            company_country: row.company_country,
            csrf_token: row.csrf_token,
            token_hash: hash,
        })
    }
}

/// A request that changes something must carry the session's anti-forgery token.
fn check_csrf(parts: &Parts, expected: &str) -> ApiResult<()> {
    if is_safe(&parts.method) {
        return Ok(());
    }
    let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
    if same_secret(sent, expected) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::CsrfRejected,
            "This request did not carry the session's anti-forgery token. Reload the page and try again.",
        ))
    }
}

/// Whether a session started at `created_at` and last used at `last_seen_at` has expired.
fn expired(state: &AppState, created_at: i64, last_seen_at: i64, now: i64) -> bool {
    let settings = &state.settings;
    now - last_seen_at > settings.session_idle_ms || now - created_at > settings.session_absolute_ms
}

/// The signed-in operator of a request: the vendor's support staff, outside every company.
/// Only the operator cookie is read, and only operator sessions are looked up: a company
/// user's session never authenticates here, and an operator's never as a `CurrentUser`.
#[derive(Debug, Clone)]
pub struct CurrentOperator {
    pub operator_id: i64,
    pub username: String,
    pub display_name: String,
    pub csrf_token: String,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for CurrentOperator {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let token = read_cookie(&parts.headers, OPERATOR_COOKIE).ok_or_else(operator_unauthenticated)?;
        let hash = token_hash(token);
        let now = state.now();
        let row = state.store.operator_session(&hash).await?.ok_or_else(operator_unauthenticated)?;
        if expired(state, row.created_at, row.last_seen_at, now) {
            state.store.end_operator_session(&hash).await?;
            return Err(ApiError::new(ErrorCode::Unauthenticated, "Your operator session has expired. Sign in again."));
        }
        check_csrf(parts, &row.csrf_token)?;
        if now - row.last_seen_at > MINUTE_MS {
            state.store.touch_operator_session(&hash, now).await?;
        }
        Ok(CurrentOperator {
            operator_id: row.operator_id,
            username: row.username,
            display_name: row.display_name,
            csrf_token: row.csrf_token,
            token_hash: hash,
        })
    }
}

fn operator_unauthenticated() -> ApiError {
    ApiError::new(ErrorCode::Unauthenticated, "Sign in as a Switchboard operator to continue.")
}

/// The session behind the token hash, if it may still be used at `now`: it exists, is
/// neither idle too long nor past its absolute limit, and its company's trial has not
/// ended. An expired one is ended on the way.
pub async fn live_session(state: &AppState, hash: &str, now: i64) -> ApiResult<SessionRow> {
    let row = state.store.session(hash).await?.ok_or_else(ApiError::unauthenticated)?;
    if expired(state, row.created_at, row.last_seen_at, now) {
        state.store.end_session(hash).await?;
        return Err(ApiError::new(ErrorCode::Unauthenticated, "Your session has expired. Sign in again."));
    }
    if trial_expired(row.trial_ends_at, now) {
        state.store.end_session(hash).await?;
        return Err(trial_expired_error(&row.company_name, row.trial_ends_at.unwrap_or(now)));
    }
    Ok(row)
}

impl CurrentUser {
    /// Console pages are for Support and Admin; a User gets "For Admin Access Only".
    pub fn require_console(&self) -> ApiResult<()> {
        if self.status.pages().is_empty() {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "For Admin Access Only: your status is User. Ask an admin of your company to change it.",
            ));
        }
        Ok(())
    }

    /// Changes are for Admins; Support reads only.
    pub fn require_admin(&self) -> ApiResult<()> {
        self.require_console()?;
        if !self.status.can_change() {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "Your status is Support, which reads the console but changes nothing. Ask an admin.",
            ));
        }
        Ok(())
    }
}

pub fn trial_expired_error(company: &str, ended: i64) -> ApiError {
    ApiError::new(ErrorCode::TrialExpired, trial_expired_message(company, ended))
}

pub fn trial_expired_message(company: &str, ended: i64) -> String {
    format!(
        "The trial of {company} ended on {}. Ask your sales representative to set up an active account.",
        crate::domain::clock::human_date(ended)
    )
}

pub fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A cookie of ours by its base name: `__Host-` prefixed over https, where browsers then
/// refuse it from any other host or path, and plain over http, where they would refuse the
/// prefix. Only the name for the request's scheme is read.
pub fn cookie_name(request: &HeaderMap, base: &str) -> String {
    if over_https(request) {
        format!("__Host-{base}")
    } else {
        base.to_string()
    }
}

/// The value of our cookie `base` in the request, if any.
pub fn read_cookie<'a>(headers: &'a HeaderMap, base: &str) -> Option<&'a str> {
    let name = cookie_name(headers, base);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, _)| *found == name)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// The session token from the request's cookies, if any.
pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    read_cookie(headers, SESSION_COOKIE)
}

/// Whether the browser reached us over https (through a TLS-terminating proxy).
pub fn over_https(headers: &HeaderMap) -> bool {
    let proto = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_ascii_lowercase);
    proto("x-forwarded-proto").is_some_and(|p| p == "https")
        || proto("forwarded").is_some_and(|f| f.contains("proto=https"))
}

/// Our cookie `base`: never readable by scripts, never sent cross-site, Secure and
/// `__Host-` over https.
pub fn cookie(request: &HeaderMap, base: &str, value: &str, max_age_secs: i64) -> HeaderValue {
    let name = cookie_name(request, base);
    let secure = if over_https(request) { "; Secure" } else { "" };
    let cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}");
    HeaderValue::from_str(&cookie).expect("tokens are URL-safe base64")
}

/// The cookie that marks a browser its users signed in from (see `known_devices`).
pub const DEVICE_COOKIE: &str = "sb_device";

/// The session cookie.
pub fn session_cookie(request: &HeaderMap, token: &str, max_age_secs: i64) -> HeaderValue {
    cookie(request, SESSION_COOKIE, token, max_age_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("theme=dark; sb_session=abc; x=1"));
        assert_eq!(session_token(&headers), Some("abc"));
        headers.insert(header::COOKIE, HeaderValue::from_static("sb_session="));
        assert_eq!(session_token(&headers), None);
        // Over https only the prefixed cookie counts: a plain one may come from a sibling host.
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        headers.insert(header::COOKIE, HeaderValue::from_static("sb_session=forged; __Host-sb_session=real"));
        assert_eq!(session_token(&headers), Some("real"));
    }

    #[test]
    fn secure_and_host_prefixed_only_over_https() {
        let mut headers = HeaderMap::new();
        let plain = session_cookie(&headers, "t", 60);
        assert_eq!(plain, "sb_session=t; Path=/; HttpOnly; SameSite=Strict; Max-Age=60");
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        let secure = session_cookie(&headers, "t", 60);
        assert_eq!(secure, "__Host-sb_session=t; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure");
    }
}
