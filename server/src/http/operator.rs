//! `/api/operator`: the operators' part of the API. Operators are Switchboard's own support
//! staff, outside every company: they sign in with accounts of their own
//! (`storage/operators.rs`, a cookie of their own) and answer the support requests the
//! companies' people file (`support.rs`). Every handler here takes a `CurrentOperator`;
//! no handler elsewhere does.

use super::auth::{self, read_cookie, CurrentOperator};
use super::client::ClientAddr;
use super::error::{ApiError, ApiResult};
use super::json::Json;
use super::path::Id;
use super::session::{check_fields, GENERIC_REFUSAL};
use super::throttle::{Attempt, Checked};
use super::unknown_parameter;
use super::AppState;
use crate::domain::throttle::Scope;
use crate::domain::token;
use crate::storage::support::AnswerRefusal;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse};
use switchboard_wire::paths::OPERATOR_COOKIE;
use switchboard_wire::query::pairs;
use switchboard_wire::{
    ErrorBody, ErrorCode, FieldError, OperatorAction, OperatorRef, OperatorSession, RequestQueue, RequestState,
    SignInRequest, SupportRequest,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(operator_sign_in, operator_current, operator_sign_out))
        .routes(routes!(queue))
        .routes(routes!(act))
}

/// An operator signs in. Throttled like a console sign-in (the username's own key, apart
/// from the companies' usernames, and the client's).
#[utoipa::path(post, path = switchboard_wire::paths::OPERATOR_SESSION, tag = "operator",
    request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in; the operator cookie is set", body = OperatorSession),
        (status = 400, body = ErrorBody),
        (status = 401, description = "Wrong username or password (one message for both)", body = ErrorBody),
        (status = 403, description = "Cross-site", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = ErrorBody),
        (status = 503, description = "Busy checking other sign-ins; see Retry-After", body = ErrorBody),
    ))]
async fn operator_sign_in(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    Json(request): Json<SignInRequest>,
) -> ApiResult<impl IntoResponse> {
    let identifier = request.username.trim().to_lowercase();
    check_fields(&identifier, &request.password)?;
    let store = &state.store;
    let now = state.now();
    let operator = store.operator_by_username(&identifier).await?;
    let mut attempt = Attempt::new(store, client, now);
    // Usernames have no ':', so this key is never a company user's.
    let key = format!("operator:{identifier}");
    let reserved = match attempt.watch(Scope::ConsoleClient, client.key(), &client.key()).await {
        Ok(()) => attempt.reserve(Scope::ConsoleUsername, key.clone(), None, &key).await,
        refused => refused,
    };
    if let Err(refused) = reserved {
        attempt.not_checked().await?;
        return Err(refused);
    }
    let stored = operator.as_ref().map(|o| o.password_hash.as_str());
    let checked = attempt.check(&state.hasher, &request.password, stored).await?;
    let Some(operator) = operator.filter(|_| checked == Checked::Right) else {
        return Err(ApiError::new(ErrorCode::InvalidCredentials, GENERIC_REFUSAL));
    };
    if let Some(old) = read_cookie(&headers, OPERATOR_COOKIE) {
        store.end_operator_session(&token::token_hash(old)).await?;
    }
    let cookie_token = token::random_token();
    let csrf_token = token::random_token();
    store.start_operator_session(&token::token_hash(&cookie_token), operator.id, &csrf_token, now).await?;
    super::security::event("operator_sign_in", client, "operator", &operator.username);
    let cookie = auth::cookie(&headers, OPERATOR_COOKIE, &cookie_token, state.settings.session_absolute_ms / 1000);
    let session = OperatorSession {
        operator: OperatorRef { id: operator.id, username: operator.username, display_name: operator.display_name },
        csrf_token,
    };
    Ok((AppendHeaders([(header::SET_COOKIE, cookie)]), axum::Json(session)))
}

/// The signed-in operator.
#[utoipa::path(get, path = switchboard_wire::paths::OPERATOR_SESSION, tag = "operator",
    responses(
        (status = 200, body = OperatorSession),
        (status = 401, description = "No operator signed in", body = ErrorBody),
    ))]
async fn operator_current(op: CurrentOperator) -> axum::Json<OperatorSession> {
    axum::Json(OperatorSession {
        operator: OperatorRef { id: op.operator_id, username: op.username, display_name: op.display_name },
        csrf_token: op.csrf_token,
    })
}

/// The operator signs out.
#[utoipa::path(delete, path = switchboard_wire::paths::OPERATOR_SESSION, tag = "operator",
    params(("x-csrf-token" = String, Header)),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Missing or wrong anti-forgery token", body = ErrorBody),
    ))]
async fn operator_sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    op: CurrentOperator,
) -> ApiResult<impl IntoResponse> {
    state.store.end_operator_session(&op.token_hash).await?;
    let cleared = auth::cookie(&headers, OPERATOR_COOKIE, "", 0);
    Ok((StatusCode::NO_CONTENT, AppendHeaders([(header::SET_COOKIE, cleared)])))
}

/// The support requests of every company: open ones oldest first (the default), or
/// answered ones newest first; at most 100.
#[utoipa::path(get, path = switchboard_wire::paths::OPERATOR_REQUESTS, tag = "operator",
    params(("state" = Option<RequestState>, Query)),
    responses(
        (status = 200, body = RequestQueue),
        (status = 401, description = "No operator signed in", body = ErrorBody),
        (status = 422, description = "An unknown parameter or state", body = ErrorBody),
    ))]
async fn queue(
    State(state): State<AppState>,
    _op: CurrentOperator,
    RawQuery(raw): RawQuery,
) -> ApiResult<axum::Json<RequestQueue>> {
    let mut wanted = RequestState::Open;
    for (key, value) in pairs(raw.as_deref().unwrap_or("")) {
        match key.as_str() {
            "state" => {
                wanted = RequestState::parse(&value)
                    .ok_or_else(|| ApiError::invalid("state", "state is open or answered."))?;
            }
            other => return Err(unknown_parameter(other)),
        }
    }
    let (requests, open) = state.store.request_queue(wanted, RequestQueue::LIMIT, state.now()).await?;
    Ok(axum::Json(RequestQueue { requests, open }))
}

/// Answers a request: appoints the company's first admin, extends its trial or makes the
/// account active, unlocks the user, or closes it with a note. Audited in the company's
/// log with the request; every open request of the company that the change settles is
/// answered with it.
#[utoipa::path(post, path = switchboard_wire::paths::OPERATOR_REQUEST_ACTION, tag = "operator",
    params(("id" = i64, Path, minimum = 1), ("x-csrf-token" = String, Header)),
    request_body = OperatorAction,
    responses(
        (status = 200, description = "Answered: the request as its requester now sees it", body = SupportRequest),
        (status = 400, body = ErrorBody),
        (status = 401, description = "No operator signed in", body = ErrorBody),
        (status = 403, description = "Missing or wrong anti-forgery token", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "Answered already; the action does not fit the request's cause; the company has an admin now; or the account is active already", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, description = "Days outside 1-90, or an empty or too long note", body = ErrorBody),
    ))]
async fn act(
    State(state): State<AppState>,
    op: CurrentOperator,
    Id(id): Id,
    Json(action): Json<OperatorAction>,
) -> ApiResult<axum::Json<SupportRequest>> {
    match &action {
        OperatorAction::ExtendTrial { days } if !(1..=OperatorAction::MAX_DAYS).contains(days) => {
            return Err(ApiError::invalid("days", format!("Extend by 1 to {} days.", OperatorAction::MAX_DAYS)));
        }
        OperatorAction::Close { note } if note.trim().is_empty() || note.chars().count() > OperatorAction::MAX_NOTE => {
            return Err(ApiError::invalid_fields(vec![FieldError {
                field: "note".into(),
                message: format!("Say why, in 1 to {} characters.", OperatorAction::MAX_NOTE),
            }]));
        }
        _ => {}
    }
    let store = &state.store;
    let conflict = |message: String| ApiError::new(ErrorCode::Conflict, message);
    let answered = match store.answer_request(id, op.operator_id, &action, state.now()).await? {
        Ok(answered) => answered,
        Err(AnswerRefusal::NotFound) => return Err(ApiError::not_found("such support request")),
        Err(AnswerRefusal::AlreadyAnswered(answer)) => {
            return Err(conflict(format!("This request was answered already: {answer}")))
        }
        Err(AnswerRefusal::WrongAction(cause)) => {
            return Err(conflict(format!("That does not answer this request, which asks: {}.", cause.label())))
        }
        Err(AnswerRefusal::HasAdmin(names)) => {
            return Err(conflict(format!("The company has an admin now ({names}): close the request instead.")))
        }
        Err(AnswerRefusal::AlreadyActive) => {
            return Err(conflict("The account is active already: close the request instead.".into()))
        }
    };
    if answered.status_changed {
        state.access_changed();
    }
    tracing::info!(target: "security", operator = %op.username, request = id, requests = answered.requests, "support request answered");
    let request = store.support_request(id).await?.ok_or_else(|| ApiError::not_found("such support request"))?;
    Ok(axum::Json(request))
}
