//! `/api/support-requests`: where the console says "submit a support ticket", the person
//! files a request that Switchboard support (the operators, `operator.rs`) answers.
//!
//! What a request records is decided here, never taken from the body: the company and
//! email of the user it is about, and the cause as the console diagnoses it now (a cause
//! that does not hold is refused). No password is ever part of it.

use super::auth::{read_cookie, CurrentUser};
use super::client::ClientAddr;
use super::error::{ApiError, ApiResult};
use super::json::Json;
use super::throttle::Attempt;
use super::AppState;
use crate::domain::clock::human_date;
use crate::domain::sign_in::trial_expired;
use crate::domain::throttle::Scope;
use crate::domain::token::token_hash;
use crate::storage::support::NewRequest;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use switchboard_wire::paths::SUPPORT_PASS_COOKIE;
use switchboard_wire::{ErrorBody, ErrorCode, NewSupportRequest, SupportCause, SupportRequest};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(file)).routes(routes!(file_trial))
}

type Filed = (StatusCode, axum::Json<SupportRequest>);

/// Files a support request: `no_admin` for the caller's company, which has no admin to
/// change anyone's status; `locked_out` for a user of the company whom failed sign-ins
/// lock out now (Support and Admin, from the user's panel).
#[utoipa::path(post, path = switchboard_wire::paths::SUPPORT_REQUESTS, tag = "support",
    params(("x-csrf-token" = String, Header)),
    request_body = NewSupportRequest,
    responses(
        (status = 201, description = "Filed", body = SupportRequest),
        (status = 200, description = "The same request is open already: that one", body = SupportRequest),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "A User asking about a lockout, or no anti-forgery token", body = ErrorBody),
        (status = 404, description = "No such user in the company", body = ErrorBody),
        (status = 409, description = "The cause does not hold now: the company has an admin, or the user is not locked out", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, description = "Another cause (trial_ended is filed from the refused sign-in), or no user for locked_out", body = ErrorBody),
    ))]
async fn file(State(state): State<AppState>, me: CurrentUser, Json(new): Json<NewSupportRequest>) -> ApiResult<Filed> {
    let store = &state.store;
    let now = state.now();
    let filed = match new {
        NewSupportRequest::NoAdmin => {
            let admins = store.admins_of(me.company_id).await?;
            if !admins.is_empty() {
                let names: Vec<_> = admins.into_iter().map(|a| a.display_name).collect();
                return Err(ApiError::new(
                    ErrorCode::Conflict,
                    format!(
                        "{} has an admin ({}): ask them. Switchboard support appoints only a company's first admin.",
                        me.company_name,
                        names.join(", ")
                    ),
                ));
            }
            let diagnosis = format!(
                "{} has no admin, so no one can change the status of {} ({}) from {}.",
                me.company_name,
                me.display_name,
                me.username,
                me.status.label()
            );
            let request = NewRequest {
                company_id: me.company_id,
                cause: SupportCause::NoAdmin,
                about_user_id: me.user_id,
                filed_by_user_id: me.user_id,
                email: &me.email,
                diagnosis: &diagnosis,
                now,
            };
            store.file_request(request).await?
        }
        NewSupportRequest::LockedOut { user_id } => {
            me.require_console()?;
            let user = store.user_row(me.company_id, user_id).await?.ok_or_else(|| ApiError::not_found("such user"))?;
            let lock = store.console_lock(&user.username.to_lowercase(), now).await?.filter(|l| l.blocked_until > now);
            let Some(lock) = lock else {
                return Err(ApiError::new(
                    ErrorCode::Conflict,
                    format!("{} is not locked out now: they can sign in.", user.display_name),
                ));
            };
            let diagnosis = format!(
                "{} ({}) is locked out after {} failed sign-ins, until {} UTC.",
                user.display_name,
                user.username,
                lock.failures,
                crate::domain::clock::human_time(lock.blocked_until)
            );
            let request = NewRequest {
                company_id: me.company_id,
                cause: SupportCause::LockedOut,
                about_user_id: user.id,
                filed_by_user_id: me.user_id,
                email: &user.email,
                diagnosis: &diagnosis,
                now,
            };
            store.file_request(request).await?
        }
    };
    Ok(answer(filed))
}

/// Files a `trial_ended` request without a session: a sign-in with the right password
/// that the company's ended trial refused handed this browser a pass (a cookie, good for
/// 15 minutes). The request names that user and their company.
#[utoipa::path(post, path = switchboard_wire::paths::SUPPORT_REQUEST_TRIAL, tag = "support",
    responses(
        (status = 201, description = "Filed", body = SupportRequest),
        (status = 200, description = "The same request is open already: that one", body = SupportRequest),
        (status = 401, description = "No pass, or an expired one: sign in again first", body = ErrorBody),
        (status = 403, description = "Cross-site", body = ErrorBody),
        (status = 409, description = "The trial runs again (or the account is active): sign in", body = ErrorBody),
        (status = 429, description = "Too many failed attempts from this client; see Retry-After", body = ErrorBody),
    ))]
async fn file_trial(State(state): State<AppState>, client: ClientAddr, headers: HeaderMap) -> ApiResult<Filed> {
    let store = &state.store;
    let now = state.now();
    // Anyone may call this: a client that keeps sending passes that are not is held back
    // with the sign-in's own client throttle (one lookup each, no hashing).
    let mut attempt = Attempt::new(store, client, now);
    attempt.watch(Scope::ConsoleClient, client.key(), &client.key()).await?;
    let user_id = match read_cookie(&headers, SUPPORT_PASS_COOKIE) {
        Some(pass) => store.support_pass_user(&token_hash(pass), now).await?,
        None => None,
    };
    let no_pass = || {
        ApiError::new(
            ErrorCode::Unauthenticated,
            "Sign in first: a request about an ended trial is filed within 15 minutes of the refused sign-in.",
        )
    };
    let Some(user_id) = user_id else {
        attempt.failed().await?;
        return Err(no_pass());
    };
    let user = store.user_by_id(user_id).await?.ok_or_else(no_pass)?;
    let company =
        store.company(user.company_id).await?.ok_or_else(|| anyhow::anyhow!("user {} has no company", user.id))?;
    let Some(ended) = company.trial_ends_at.filter(|&end| trial_expired(Some(end), now)) else {
        return Err(ApiError::new(ErrorCode::Conflict, format!("{} can sign in again: sign in.", company.name)));
    };
    let diagnosis = format!(
        "The trial of {} ended on {}: its users cannot sign in to the console and its agents cannot log on.",
        company.name,
        human_date(ended)
    );
    let request = NewRequest {
        company_id: company.id,
        cause: SupportCause::TrialEnded,
        about_user_id: user.id,
        filed_by_user_id: user.id,
        email: &user.email,
        diagnosis: &diagnosis,
        now,
    };
    Ok(answer(store.file_request(request).await?))
}

fn answer((request, created): (SupportRequest, bool)) -> Filed {
    (if created { StatusCode::CREATED } else { StatusCode::OK }, axum::Json(request))
}
