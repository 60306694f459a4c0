//! `/api/session`: sign in, who am I, sign out.

use super::auth::{
    self, read_cookie, session_cookie, session_token, trial_expired_message, CurrentUser, DEVICE_COOKIE,
};
use super::client::ClientAddr;
use super::error::{ApiError, ApiResult};
use super::json::Json;
use super::throttle::{Attempt, Checked};
use super::AppState;
use crate::domain::clock::{human_date, DAY_MS, MINUTE_MS};
use crate::domain::sign_in::{self, Outcome, DEVICE_REMEMBERED_MS};
use crate::domain::throttle::Scope;
use crate::domain::token;
use crate::storage::users::User;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Response};
use switchboard_wire::paths::SUPPORT_PASS_COOKIE;
use switchboard_wire::{
    CompanyRef, ConsoleAccess, ErrorBody, ErrorCode, FieldError, RequestState, Session, SignInRequest, SignedInUser,
    Status, SupportCause,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(sign_in, current, sign_out))
}

pub(super) const GENERIC_REFUSAL: &str = "The username or password is not right.";
/// Said for every failed sign-in with an '@' in the username, whether or not such an
/// account exists (so it reveals none): typing the email where the username goes is the
/// Ternio article's check 4. Some companies do use emails as usernames, hence the second half.
const EMAIL_AS_USERNAME_REFUSAL: &str =
    "Sign in with your username, not your email address. If your username is an email address, the password is not right.";
const MAX_IDENTIFIER: usize = 254;
/// How long a trial-ended sign-in's pass files a support request.
const SUPPORT_PASS_MS: i64 = 15 * MINUTE_MS;
/// How long after it was answered a request still shows to its requester.
const REQUESTS_SHOWN_MS: i64 = 7 * DAY_MS;

/// Sign in with the contact-center username (not the email) and password.
#[utoipa::path(post, path = switchboard_wire::paths::SESSION, tag = "session",
    request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = Session),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Wrong username or password (one message for both)", body = ErrorBody),
        (status = 403, description = "The company's trial has expired (with the right password: a pass cookie to file a support request), or the request is cross-site", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, description = "A field is missing or empty", body = ErrorBody),
        (status = 429, description = "Too many failed attempts for this username, browser or client; see Retry-After", body = ErrorBody),
        (status = 503, description = "Busy checking other sign-ins; see Retry-After", body = ErrorBody),
    ))]
async fn sign_in(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    Json(request): Json<SignInRequest>,
) -> ApiResult<Response> {
    let identifier = request.username.trim().to_lowercase();
    check_fields(&identifier, &request.password)?;
    let store = &state.store;
    let now = state.now();

    let user = store.user_by_username(&identifier).await?;
    // The owner's own browser (where they signed in before) is held up only by its own
    // failures, so that strangers failing with this username cannot lock its owner out.
    let device_token = read_cookie(&headers, DEVICE_COOKIE).map(str::to_string);
    let device = device_token.as_deref().map(token::token_hash);
    let recognised = match (&user, &device) {
        (Some(user), Some(device)) => store.is_known_device(device, user.id).await?,
        _ => false,
    };
    let mut attempt = Attempt::new(store, client, now);
    let company = user.as_ref().map(|u| u.company_id);
    let reserved = match (&device, recognised) {
        (Some(device), true) => attempt.reserve(Scope::ConsoleDevice, device.clone(), company, &identifier).await,
        _ => match attempt.watch(Scope::ConsoleClient, client.key(), &client.key()).await {
            Ok(()) => attempt.reserve(Scope::ConsoleUsername, identifier.clone(), company, &identifier).await,
            refused => refused,
        },
    };
    // Refused cheaply: no check, and no attempt row (the security log has it).
    if let Err(refused) = reserved {
        attempt.not_checked().await?;
        return Err(refused);
    }

    let stored = user.as_ref().map(|u| u.password_hash.as_str());
    if let Checked::Wrong { .. } = attempt.check(&state.hasher, &request.password, stored).await? {
        let (user_id, company_id, outcome) = match &user {
            Some(user) => (Some(user.id), Some(user.company_id), Outcome::WrongPassword),
            // Typing the email where the username is required is a known cause (the Ternio
            // article); record it so that support can tell, but answer as for any unknown name.
            None => match store.user_by_email(&identifier).await? {
                Some(by_email) => (Some(by_email.id), Some(by_email.company_id), Outcome::UsedEmail),
                None => (None, None, Outcome::UnknownUsername),
            },
        };
        store.record_console_attempt(&identifier, user_id, outcome, now).await?;
        if let Some(company_id) = company_id {
            state.figures_moved(company_id);
        }
        let refusal = if identifier.contains('@') { EMAIL_AS_USERNAME_REFUSAL } else { GENERIC_REFUSAL };
        return Err(ApiError::new(ErrorCode::InvalidCredentials, refusal));
    }
    // A check against no stored hash never matches.
    let Some(user) = user else { return Err(anyhow::anyhow!("a password matched no user").into()) };
    let company =
        store.company(user.company_id).await?.ok_or_else(|| anyhow::anyhow!("user {} has no company", user.id))?;
    if let Some(ended) = company.trial_ends_at.filter(|&end| sign_in::trial_expired(Some(end), now)) {
        store.record_console_attempt(&identifier, Some(user.id), Outcome::TrialExpired, now).await?;
        state.figures_moved(company.id);
        return trial_refusal(&state, &headers, &user, &company.name, ended).await;
    }

    // A new token at every sign-in; the session this browser had before, if any, ends.
    if let Some(old) = session_token(&headers) {
        store.end_session(&token::token_hash(old)).await?;
    }
    let cookie_token = token::random_token();
    let csrf_token = token::random_token();
    store.start_session(&token::token_hash(&cookie_token), user.id, &csrf_token, now).await?;
    store.record_console_attempt(&identifier, Some(user.id), Outcome::Success, now).await?;
    if user.status.0 == Status::User {
        // "For Admin Access Only" is one of the Overview's figures.
        state.figures_moved(company.id);
    }
    // This browser is now one its user signed in from.
    let device_token = device_token.unwrap_or_else(token::random_token);
    store.remember_device(&token::token_hash(&device_token), user.id, now).await?;

    let me = CurrentUser {
        user_id: user.id,
        username: user.username,
        display_name: user.display_name,
        email: user.email,
        status: user.status.0,
        company_id: company.id,
        company_name: company.name,
        company_country: company.country,
        csrf_token,
        token_hash: String::new(),
    };
    let session = session_view(&state, me).await?;
    let cookie = session_cookie(&headers, &cookie_token, state.settings.session_absolute_ms / 1000);
    let device_cookie = auth::cookie(&headers, DEVICE_COOKIE, &device_token, DEVICE_REMEMBERED_MS / 1000);
    Ok((AppendHeaders([(header::SET_COOKIE, cookie), (header::SET_COOKIE, device_cookie)]), axum::Json(session))
        .into_response())
}

/// The right password of a company whose trial has ended: no session, but the article's
/// way out. The browser gets a short-lived pass to file a support request without one
/// (`support::file_trial`), and the message says whether one is open already.
async fn trial_refusal(
    state: &AppState,
    headers: &HeaderMap,
    user: &User,
    company: &str,
    ended: i64,
) -> ApiResult<Response> {
    let now = state.now();
    let pass = token::random_token();
    state.store.issue_support_pass(&token::token_hash(&pass), user.id, now + SUPPORT_PASS_MS).await?;
    let open = state
        .store
        .requests_filed_by(user.id, now)
        .await?
        .into_iter()
        .find(|r| r.cause == SupportCause::TrialEnded && r.state == RequestState::Open);
    let mut message = trial_expired_message(company, ended);
    if let Some(open) = open {
        let filed = human_date(open.filed_at.0);
        message.push_str(&format!(" Your request to Switchboard support of {filed} is open: they will answer it."));
    }
    let refusal = ApiError::new(ErrorCode::TrialExpired, message);
    let cookie = auth::cookie(headers, SUPPORT_PASS_COOKIE, &pass, SUPPORT_PASS_MS / 1000);
    Ok((AppendHeaders([(header::SET_COOKIE, cookie)]), refusal).into_response())
}

pub(super) fn check_fields(identifier: &str, password: &str) -> ApiResult<()> {
    let mut fields = Vec::new();
    if identifier.is_empty() {
        fields.push(FieldError { field: "username".into(), message: "Enter your username.".into() });
    } else if identifier.chars().count() > MAX_IDENTIFIER {
        fields.push(FieldError { field: "username".into(), message: "That username is too long.".into() });
    }
    if password.is_empty() {
        fields.push(FieldError { field: "password".into(), message: "Enter your password.".into() });
    } else if password.chars().count() > SignInRequest::MAX_PASSWORD {
        fields.push(FieldError { field: "password".into(), message: "That password is too long.".into() });
    }
    if fields.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid_fields(fields))
    }
}

/// The signed-in session, for a page load.
#[utoipa::path(get, path = switchboard_wire::paths::SESSION, tag = "session",
    responses(
        (status = 200, body = Session),
        (status = 401, description = "Not signed in, or the session expired", body = ErrorBody),
        (status = 403, description = "The company's trial has expired", body = ErrorBody),
    ))]
async fn current(State(state): State<AppState>, me: CurrentUser) -> ApiResult<axum::Json<Session>> {
    Ok(axum::Json(session_view(&state, me).await?))
}

/// Sign out: the session ends on the server and the cookie is cleared.
#[utoipa::path(delete, path = switchboard_wire::paths::SESSION, tag = "session",
    params(("x-csrf-token" = String, Header, description = "The session's anti-forgery token")),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Missing or wrong anti-forgery token", body = ErrorBody),
    ))]
async fn sign_out(State(state): State<AppState>, headers: HeaderMap, me: CurrentUser) -> ApiResult<impl IntoResponse> {
    state.store.end_session(&me.token_hash).await?;
    state.access_changed();
    let cleared = session_cookie(&headers, "", 0);
    Ok((StatusCode::NO_CONTENT, AppendHeaders([(header::SET_COOKIE, cleared)])))
}

async fn session_view(state: &AppState, me: CurrentUser) -> ApiResult<Session> {
    let admins = if me.status == Status::User { state.store.admins_of(me.company_id).await? } else { Vec::new() };
    let access = ConsoleAccess::for_status(me.status, admins, me.email.clone());
    Ok(Session {
        user: SignedInUser {
            id: me.user_id,
            username: me.username,
            display_name: me.display_name,
            email: me.email,
            status: me.status,
        },
        company: CompanyRef { id: me.company_id, name: me.company_name, country: me.company_country },
        csrf_token: me.csrf_token,
        access,
        support_requests: state.store.requests_filed_by(me.user_id, state.now() - REQUESTS_SHOWN_MS).await?,
    })
}
