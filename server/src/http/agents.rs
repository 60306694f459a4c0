//! `/api/agents`: the administrators' Status page. Admins and Support see it; only Admins
//! force a logout; another company's sessions do not exist for them.

use super::auth::CurrentUser;
use super::error::{ApiError, ApiResult};
use super::path::Id;
use super::AppState;
use crate::domain::clock::{human_date, now_ms, MINUTE_MS};
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use switchboard_wire::{AgentBoard, AgentEvent, ErrorBody, ForceLogoutResult, Timestamp};
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(board)).routes(routes!(force_logout)).routes(routes!(events))
}

/// The Status page's changes as server-sent events (`AgentEvent` JSON in each `data:`).
/// After connecting (or reconnecting), load the board, then apply the events.
#[utoipa::path(get, path = "/api/agents/events", tag = "agents",
    responses(
        (status = 200, description = "text/event-stream of AgentEvent", content_type = "text/event-stream", body = AgentEvent),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    ))]
async fn events(
    State(state): State<AppState>,
    me: CurrentUser,
) -> ApiResult<Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>>> {
    me.require_console()?;
    let company = me.company_id;
    let stream = BroadcastStream::new(state.agent_events.subscribe()).filter_map(move |received| match received {
        Ok((c, event)) if c == company => Some(Ok(Event::default().json_data(event).unwrap_or_default())),
        Ok(_) => None,
        // This subscriber fell behind: it reloads rather than miss anything.
        Err(_) => Some(Ok(Event::default().json_data(AgentEvent::Resync).unwrap_or_default())),
    });
    let mut closing = state.closing.clone();
    let stream = futures_util::StreamExt::take_until(stream, async move {
        let _ = closing.wait_for(|closed| *closed).await;
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// Who is logged on now (with a stale marker), and the recent refused logins.
#[utoipa::path(get, path = "/api/agents", tag = "agents",
    responses((status = 200, body = AgentBoard), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn board(State(state): State<AppState>, me: CurrentUser) -> ApiResult<axum::Json<AgentBoard>> {
    me.require_console()?;
    let now = now_ms();
    let stale_after_ms = state.settings.agent_stale_after_secs * 1000;
    let agents = state.store.live_agents(me.company_id, None, now, stale_after_ms).await?;
    let refused = state.store.refused_agent_logins(me.company_id).await?;
    Ok(axum::Json(AgentBoard {
        agents,
        refused,
        stale_after_secs: state.settings.agent_stale_after_secs,
        now: Timestamp(now),
    }))
}

/// Actions, Force Logout, OK: ends the agent's session so that they can log on again.
/// Forcing out an agent who already left is not an error, and says so.
#[utoipa::path(post, path = "/api/agents/sessions/{id}/force-logout", tag = "agents",
    params(("id" = i64, Path, description = "The agent session"), ("x-csrf-token" = String, Header)),
    responses(
        (status = 200, body = ForceLogoutResult),
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
    let now = now_ms();
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
