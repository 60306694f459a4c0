//! `/api/agents`: the administrators' Status page. Admins and Support see it; only Admins
//! force a logout; another company's sessions do not exist for them.

use super::agent_service::{agent_number_key, station_key};
use super::auth::CurrentUser;
use super::boards;
use super::error::{ApiError, ApiResult};
use super::path::{Id, Segment};
use super::streams;
use super::AppState;
use super::{parse_search, unknown_parameter};
use crate::domain::clock::{human_date, MINUTE_MS};
use crate::domain::throttle::Scope;
use crate::storage::agents::RefusedFilter;
use crate::storage::audit::Actor;
use crate::storage::throttles::ClearedBy;
use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use switchboard_wire::query::pairs;
use switchboard_wire::{
    AgentBoard, AgentEvent, AuditAction, ErrorBody, ForceLogoutResult, LiveAgent, RefusalReason, RefusedLogin,
    RefusedPage, RefusedQuery, ThrottledAgent, Timestamp,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(board))
        .routes(routes!(force_logout))
        .routes(routes!(events))
        .routes(routes!(clear_throttle))
        .routes(routes!(refusals))
}

/// Refused log-ons, newest first, filtered by agent number, phone or station (any format)
/// and reason, 25 a page.
#[utoipa::path(get, path = switchboard_wire::paths::AGENT_REFUSALS, tag = "agents",
    params(
        ("agent" = Option<String>, Query, max_length = 32, description = "An agent number, exactly"),
        ("station" = Option<String>, Query, max_length = 40, description = "A phone number (any format) or station name"),
        ("reason" = Option<RefusalReason>, Query),
        ("before" = Option<i64>, Query, minimum = 1, description = "Only refusals older than this id: the next page"),
    ),
    responses(
        (status = 200, body = RefusedPage),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
    ))]
async fn refusals(
    State(state): State<AppState>,
    me: CurrentUser,
    RawQuery(raw): RawQuery,
) -> ApiResult<axum::Json<RefusedPage>> {
    me.require_console()?;
    let filter = parse_refused_filter(raw.as_deref().unwrap_or(""))?;
    let (refused, next_before) =
        state.store.refused_agent_logins_page(me.company_id, &filter, RefusedQuery::PER_PAGE).await?;
    Ok(axum::Json(RefusedPage { refused, next_before }))
}

pub(super) fn parse_refused_filter(raw: &str) -> ApiResult<RefusedFilter> {
    let mut filter = RefusedFilter::default();
    for (key, value) in pairs(raw) {
        match key.as_str() {
            "agent" => filter.agent_number = parse_search("agent", value, 32)?,
            // Stored as the phones sent them, normalised: a phone number in E.164.
            "station" => filter.station = station_key(&parse_search("station", value, 40)?),
            "reason" => {
                filter.reason = Some(
                    RefusalReason::parse(&value)
                        .ok_or_else(|| ApiError::invalid("reason", format!("“{value}” is not a reason.")))?,
                )
            }
            "before" => {
                let before = value.parse().ok().filter(|id: &i64| *id >= 1);
                filter.before = Some(before.ok_or_else(|| ApiError::invalid("before", "before is an id."))?)
            }
            other => return Err(unknown_parameter(other)),
        }
    }
    Ok(filter)
}

/// The Status page's changes as server-sent events (`AgentEvent` JSON in each `data:`).
/// After connecting (or reconnecting), load the board, then apply the events.
#[utoipa::path(get, path = switchboard_wire::paths::AGENT_EVENTS, tag = "agents",
    responses(
        (status = 200, description = "text/event-stream of AgentEvent", content_type = "text/event-stream", body = AgentEvent),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 429, description = "The session or company has as many live streams as it may", body = ErrorBody),
    ))]
async fn events(
    State(state): State<AppState>,
    me: CurrentUser,
) -> ApiResult<Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>>> {
    me.require_console()?;
    let slot = state.streams.open(&me.token_hash, me.company_id)?;
    let stream = streams::agent_events(state, me.token_hash, me.company_id, slot);
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// The company's board read from the database: `read` takes what it needs from it, then
/// it is kept for the reads after (unless an event came in meanwhile, which `read` still
/// saw the board without).
pub(super) async fn load_board<T>(
    state: &AppState,
    company_id: i64,
    now: i64,
    stale_after_ms: i64,
    read: impl FnOnce(&[LiveAgent], &[RefusedLogin]) -> T,
) -> ApiResult<T> {
    let generation = state.boards.generation(company_id);
    let agents = state.store.live_agents(company_id, None, now, stale_after_ms).await?;
    let refused = state.store.refused_agent_logins(company_id).await?;
    let answer = read(&agents, &refused);
    state.boards.keep(company_id, generation, agents, refused);
    Ok(answer)
}

/// Who is logged on now (with a stale marker), and the recent refused logins.
#[utoipa::path(get, path = switchboard_wire::paths::AGENTS, tag = "agents",
    responses((status = 200, body = AgentBoard), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn board(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Response> {
    me.require_console()?;
    let now = state.now();
    let stale_after_ms = state.settings.agent_stale_after_secs * 1000;
    // The two long lists come as JSON made once per change (boards.rs); the rest is fresh.
    let lists = match state.boards.rendered(me.company_id, now, stale_after_ms) {
        Some(json) => json,
        None => {
            let render = |agents: &[LiveAgent], refused: &[RefusedLogin]| {
                let (json, _) = boards::render(
                    &agents.iter().collect::<Vec<_>>(),
                    &refused.iter().collect::<Vec<_>>(),
                    now,
                    stale_after_ms,
                );
                json
            };
            load_board(&state, me.company_id, now, stale_after_ms, render).await?.into()
        }
    };
    let throttled = throttled_agents(&state, me.company_id, now).await?;
    let body = format!(
        "{{{lists},\"throttled\":{},\"stale_after_secs\":{},\"now\":{}}}",
        serde_json::to_string(&throttled).map_err(anyhow::Error::from)?,
        state.settings.agent_stale_after_secs,
        serde_json::to_string(&Timestamp(now)).map_err(anyhow::Error::from)?,
    );
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Actions, Force Logout, OK: ends the agent's session so that they can log on again.
/// Forcing out an agent who already left is not an error, and says so.
#[utoipa::path(post, path = switchboard_wire::paths::FORCE_LOGOUT, tag = "agents",
    params(("id" = i64, Path, minimum = 1, description = "The agent session"), ("x-csrf-token" = String, Header)),
    responses(
        (status = 200, body = ForceLogoutResult),
        (status = 400, description = "Not an id", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Support sees the page but does not force logouts", body = ErrorBody),
        (status = 404, description = "No such session in the caller's company", body = ErrorBody),
    ))]
async fn force_logout(
    State(state): State<AppState>,
    me: CurrentUser,
    Id(id): Id,
) -> ApiResult<axum::Json<ForceLogoutResult>> {
    me.require_admin()?;
    let store = &state.store;
    let session = store
        .agent_session_of_company(me.company_id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("such agent session"))?;
    let now = state.now();
    let forced = store.force_agent_logout(me.company_id, me.user_id, &session, now).await?;
    if forced {
        state.publish(me.company_id, AgentEvent::Ended { session_id: session.id });
    }
    let result = if forced {
        let minutes = (now - session.started_at).max(0) / MINUTE_MS;
        ForceLogoutResult {
            already_ended: false,
            message: format!(
                "{} is logged out of {} after {minutes} minute(s). They can log on again now.",
                session.agent_name, session.station
            ),
        }
    } else {
        let when = session.ended_at.map(human_date).unwrap_or_default();
        ForceLogoutResult {
            already_ended: true,
            message: format!("{} had already logged out ({when}); there was nothing to do.", session.agent_name),
        }
    };
    Ok(axum::Json(result))
}

/// The company's agent numbers that must wait now, with the agent's name when it is one.
pub(super) async fn throttled_agents(state: &AppState, company_id: i64, now: i64) -> ApiResult<Vec<ThrottledAgent>> {
    let rows = state.store.blocked_agent_numbers(company_id, now).await?;
    Ok(rows
        .into_iter()
        .map(|row| ThrottledAgent {
            reason: format!(
                "{} wrong passcodes or unknown numbers in a row: every log-on with this number is refused until the wait is over, right passcode or not.",
                row.blocked.failures
            ),
            agent_name: row.agent_name,
            agent_number: row.blocked.label,
            failures: row.blocked.failures,
            until: Timestamp(row.blocked.blocked_until),
        })
        .collect())
}

/// Lets a throttled agent number log on again now (audited). For when the administrator
/// knows the failures were the agent's own.
#[utoipa::path(delete, path = switchboard_wire::paths::AGENT_THROTTLE, tag = "agents",
    params(("agent_number" = String, Path, min_length = 1, max_length = 32, pattern = r"\S", description = "The agent number, as the phone sends it"), ("x-csrf-token" = String, Header)),
    responses(
        (status = 204, description = "Cleared: the number may log on again"),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Support sees the page but clears nothing", body = ErrorBody),
        (status = 404, description = "The number is not throttled in the caller's company", body = ErrorBody),
    ))]
async fn clear_throttle(
    State(state): State<AppState>,
    me: CurrentUser,
    Segment(number): Segment,
) -> ApiResult<StatusCode> {
    me.require_admin()?;
    let store = &state.store;
    let agent = store.agent_by_number(me.company_id, &number).await?;
    let label = match &agent {
        Some(agent) => format!("{} ({number})", agent.name),
        None => format!("agent number {number}"),
    };
    let by = ClearedBy {
        company_id: me.company_id,
        actor: Actor::User(me.user_id),
        action: AuditAction::AgentThrottleCleared,
        target_type: "agent_number",
        target_id: agent.map_or(0, |a| a.id),
        target_label: &label,
    };
    let key = agent_number_key(me.company_id, &number);
    if !store.clear_throttle_audited(Scope::AgentNumber, &key, by, state.now()).await? {
        return Err(ApiError::not_found("throttle on that agent number"));
    }
    // Every open Status page reloads its board, and so drops the row.
    state.publish(me.company_id, AgentEvent::Resync);
    Ok(StatusCode::NO_CONTENT)
}
