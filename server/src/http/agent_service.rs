//! `/api/agent-service/{service}/…`: the phone service agents log on to (one per company,
//! named by its slug). Phones are not browsers: they hold a bearer token, not a cookie.

use super::client::ClientAddr;
use super::error::{ApiError, ApiResult};
use super::json::Json;
use super::throttle::{Attempt, Checked};
use super::AppState;
use crate::domain::outcomes::{AgentLoginOutcome, SessionEnd};
use crate::domain::sign_in;
use crate::domain::throttle::Scope;
use crate::domain::{token, Phone};
use crate::storage::agents::{AgentSessionRow, LoginRefusal};
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use switchboard_wire::{
    AgentEvent, AgentLogin, AgentSession, AgentState, AgentStateChange, AgentStatusReply, ErrorBody, ErrorCode,
    FieldError,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(heartbeat))
        .routes(routes!(change_state))
        .routes(routes!(logout))
}

const WRONG: &str = "The agent number or passcode is not right for this service.";

/// The station as stored: a phone number in E.164 whatever its format, else the name.
pub(crate) fn station_key(station: &str) -> String {
    Phone::parse(station).map(|p| p.as_str().to_string()).unwrap_or_else(|_| station.trim().to_string())
}

fn check_login(login: &AgentLogin) -> ApiResult<()> {
    let mut fields = Vec::new();
    let mut need = |field: &str, value: &str, max: usize, what: &str| {
        if value.trim().is_empty() {
            fields.push(FieldError { field: field.into(), message: format!("Enter the {what}.") });
        } else if value.chars().count() > max {
            fields
                .push(FieldError { field: field.into(), message: format!("The {what} has at most {max} characters.") });
        }
    };
    need("agent_number", &login.agent_number, 32, "agent number");
    need("passcode", &login.passcode, 64, "passcode");
    need("station", &login.station, 40, "phone or station");
    if fields.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid_fields(fields))
    }
}

/// Log an agent on with agent number, passcode and phone or station.
#[utoipa::path(post, path = switchboard_wire::paths::AGENT_SERVICE_LOGIN, tag = "agent service",
    params(("service" = String, Path, description = "The company's service name (its slug)")),
    request_body = AgentLogin,
    responses(
        (status = 200, body = AgentSession),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Wrong agent number or passcode (one message for both), or a number of another service", body = ErrorBody),
        (status = 403, description = "`trial_expired`: the company's trial has ended (said only for the right passcode)", body = ErrorBody),
        (status = 404, description = "No such service", body = ErrorBody),
        (status = 409, description = "`agent_already_logged_on`: “That agent is already logged on.”; `station_in_use`", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, description = "“Too many attempts; try again in N minutes.”: this agent number or client must wait (Retry-After)", body = ErrorBody),
        (status = 503, description = "Busy checking other log-ons; see Retry-After", body = ErrorBody),
    ))]
async fn login(
    State(state): State<AppState>,
    client: ClientAddr,
    Path(service): Path<String>,
    Json(login): Json<AgentLogin>,
) -> ApiResult<axum::Json<AgentSession>> {
    let store = &state.store;
    let company = store.company_by_slug(&service).await?.ok_or_else(|| ApiError::not_found("such service"))?;
    check_login(&login)?;
    let number = login.agent_number.trim();
    let station = station_key(&login.station);
    let now = state.now();

    // Counted before the passcode is checked, known number or not: while a number must
    // wait, nothing about its passcode (not even "already logged on") is revealed.
    let mut attempt = Attempt::new(store, client, now);
    attempt.watch(Scope::AgentClient, client.key(), &client.key()).await?;
    if let Err(refused) =
        attempt.reserve(Scope::AgentNumber, agent_number_key(company.id, number), Some(company.id), number).await
    {
        attempt.not_checked().await?;
        return Err(refused);
    }
    let agent = store.agent_by_number(company.id, number).await?;
    let known = agent.as_ref().map(|a| a.id);
    // One check whether or not the number exists, so the time tells nothing either.
    let checked =
        attempt.check(&state.hasher, &login.passcode, agent.as_ref().map(|a| a.passcode_hash.as_str())).await?;
    let Some(agent) = agent.filter(|_| checked == Checked::Right) else {
        let now_throttled = checked == (Checked::Wrong { held_now: true });
        // Told apart for the administrator; the phone hears one message for both.
        let outcome = if known.is_some() { AgentLoginOutcome::WrongPasscode } else { AgentLoginOutcome::UnknownNumber };
        store.record_agent_attempt(company.id, known, number, &station, outcome, now).await?;
        publish_refused(&state, company.id).await?;
        if now_throttled {
            // The Status pages reload their board, which lists the number as throttled.
            state.publish(company.id, AgentEvent::Resync);
        }
        return Err(ApiError::new(ErrorCode::InvalidCredentials, WRONG));
    };
    // The right passcode, so its agent may know: the company's trial has ended (the Ternio
    // article's "their registration will automatically expire").
    if let Some(ended) = company.trial_ends_at.filter(|&end| sign_in::trial_expired(Some(end), now)) {
        store
            .record_agent_attempt(company.id, Some(agent.id), number, &station, AgentLoginOutcome::TrialEnded, now)
            .await?;
        publish_refused(&state, company.id).await?;
        return Err(ApiError::new(
            ErrorCode::TrialExpired,
            format!(
                "The trial of {} ended on {}: its agents cannot log on until the account is made active. Ask your administrator.",
                company.name,
                crate::domain::clock::human_date(ended)
            ),
        ));
    }
    let session_token = token::random_token();
    match store.start_agent_session(company.id, agent.id, &station, &token::token_hash(&session_token), now).await? {
        Ok(session_id) => {
            store
                .record_agent_attempt(company.id, Some(agent.id), number, &station, AgentLoginOutcome::Success, now)
                .await?;
            publish_live(&state, company.id, session_id, now).await?;
            Ok(axum::Json(AgentSession {
                token: session_token,
                agent_name: agent.name,
                agent_number: agent.agent_number,
                station,
                state: AgentState::Available,
            }))
        }
        Err(refusal) => {
            let (outcome, error) = match refusal {
                LoginRefusal::AlreadyLoggedOn => (
                    AgentLoginOutcome::AlreadyLoggedOn,
                    ApiError::new(ErrorCode::AgentAlreadyLoggedOn, AgentLoginOutcome::AlreadyLoggedOn.words()),
                ),
                LoginRefusal::StationInUse => (
                    AgentLoginOutcome::StationInUse,
                    ApiError::new(
                        ErrorCode::StationInUse,
                        format!("The phone or station {station} is in use by another logged-on agent of this service."),
                    ),
                ),
            };
            store.record_agent_attempt(company.id, Some(agent.id), number, &station, outcome, now).await?;
            publish_refused(&state, company.id).await?;
            Err(error)
        }
    }
}

/// The throttle key of an agent number: numbers are per service.
pub fn agent_number_key(company_id: i64, number: &str) -> String {
    format!("{company_id}:{number}")
}

/// Tells the Status pages the session's current row.
pub(crate) async fn publish_live(state: &AppState, company_id: i64, session_id: i64, now: i64) -> ApiResult<()> {
    let stale_ms = state.settings.agent_stale_after_secs * 1000;
    if let Some(agent) = state.store.live_agents(company_id, Some(session_id), now, stale_ms).await?.pop() {
        state.publish(company_id, AgentEvent::Upsert { agent });
    }
    Ok(())
}

/// Tells the Status pages of the newest refused login.
async fn publish_refused(state: &AppState, company_id: i64) -> ApiResult<()> {
    if let Some(refused) = state.store.refused_agent_logins(company_id).await?.into_iter().next() {
        state.publish(company_id, AgentEvent::Refused { refused });
    }
    Ok(())
}

/// The caller's agent session, from `Authorization: Bearer <token>`, on this service.
pub struct AgentCaller(AgentSessionRow);

impl FromRequestParts<AppState> for AgentCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let unauthenticated = || ApiError::new(ErrorCode::Unauthenticated, "Log the agent on first.");
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(unauthenticated)?;
        let session =
            state.store.agent_session_by_token(&token::token_hash(bearer.trim())).await?.ok_or_else(unauthenticated)?;
        let service = parts.uri.path().split('/').nth(3).unwrap_or_default().to_string();
        let company = state.store.company_by_slug(&service).await?;
        if company.map(|c| c.id) != Some(session.company_id) {
            return Err(unauthenticated());
        }
        let now = state.now();
        let settings = &state.settings;
        if session.ended_at.is_none()
            && (now - session.last_activity_at > settings.agent_token_idle_ms
                || now - session.started_at > settings.agent_token_absolute_ms)
        {
            // A token does not live for ever: the session ends as stale, and the agent
            // logs on again (which the Status page shows).
            if state.store.end_agent_session(session.id, SessionEnd::Stale, None, now).await? {
                state.publish(session.company_id, AgentEvent::Ended { session_id: session.id });
            }
            return Err(ApiError::new(
                ErrorCode::AgentSessionEnded,
                "This agent session expired after too long without a heartbeat, or at the end of its longest shift. Log on again.",
            ));
        }
        if session.ended_at.is_some() {
            let message = match (session.end_reason(), &session.ended_by) {
                (Some(SessionEnd::Forced), Some(who)) => {
                    format!("{who}, an administrator, logged this agent out. Log on again.")
                }
                (Some(SessionEnd::Forced), None) => "An administrator logged this agent out. Log on again.".to_string(),
                _ => "This agent session has ended. Log on again.".to_string(),
            };
            return Err(ApiError::new(ErrorCode::AgentSessionEnded, message));
        }
        Ok(AgentCaller(session))
    }
}

/// The phone is still there; answers the current state.
#[utoipa::path(post, path = switchboard_wire::paths::AGENT_SERVICE_HEARTBEAT, tag = "agent service",
    params(("service" = String, Path), ("Authorization" = String, Header, description = "Bearer <token>")),
    responses(
        (status = 200, body = AgentStatusReply),
        (status = 401, description = "`agent_session_ended`: logged out, or forced out by an administrator", body = ErrorBody),
    ))]
async fn heartbeat(
    State(state): State<AppState>,
    AgentCaller(session): AgentCaller,
) -> ApiResult<axum::Json<AgentStatusReply>> {
    let now = state.now();
    if state.store.agent_activity(session.id, None, now).await? {
        state.heartbeat(session.company_id, session.id, now);
    }
    let current = AgentState::parse(&session.state).unwrap_or(AgentState::Available);
    Ok(axum::Json(AgentStatusReply { state: current }))
}

/// Available, On call, Wrap-up or Break.
#[utoipa::path(post, path = switchboard_wire::paths::AGENT_SERVICE_STATE, tag = "agent service",
    params(("service" = String, Path), ("Authorization" = String, Header, description = "Bearer <token>")),
    request_body = AgentStateChange,
    responses(
        (status = 200, body = AgentStatusReply), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
    ))]
async fn change_state(
    State(state): State<AppState>,
    AgentCaller(session): AgentCaller,
    Json(change): Json<AgentStateChange>,
) -> ApiResult<axum::Json<AgentStatusReply>> {
    let now = state.now();
    if state.store.agent_activity(session.id, Some(change.state), now).await? {
        publish_live(&state, session.company_id, session.id, now).await?;
    }
    Ok(axum::Json(AgentStatusReply { state: change.state }))
}

/// The agent logs off.
#[utoipa::path(post, path = switchboard_wire::paths::AGENT_SERVICE_LOGOUT, tag = "agent service",
    params(("service" = String, Path), ("Authorization" = String, Header, description = "Bearer <token>")),
    responses((status = 204, description = "Logged off"), (status = 401, body = ErrorBody)))]
async fn logout(State(state): State<AppState>, AgentCaller(session): AgentCaller) -> ApiResult<StatusCode> {
    if state.store.end_agent_session(session.id, SessionEnd::Logout, None, state.now()).await? {
        state.publish(session.company_id, AgentEvent::Ended { session_id: session.id });
    }
    Ok(StatusCode::NO_CONTENT)
}
