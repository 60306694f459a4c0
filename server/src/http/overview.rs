//! `/api/overview`: the company's figures of now and of the last 24 hours, in one answer,
//! for the Overview page (Admin and Support). The live part (agents by state) is counted
//! on the kept Status board; the rest is a few grouped statements over a day of attempts.

use super::agents::{load_board, throttled_agents};
use super::auth::CurrentUser;
use super::boards;
use super::error::ApiResult;
use super::AppState;
use crate::domain::clock::DAY_MS;
use axum::extract::State;
use switchboard_wire::{
    AgentFigures, AgentState, ContactFigures, ErrorBody, LiveAgent, Overview, StateCount, Timestamp,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(overview))
}

/// What needs attention in the company: agents logged on by state, stale and throttled;
/// refused log-ons of the last day by reason and quarter hour; console users who could not
/// get in, by cause, and those locked out now; contacts whose logins failed, by cause; open
/// support requests.
#[utoipa::path(get, path = switchboard_wire::paths::OVERVIEW, tag = "overview",
    responses(
        (status = 200, body = Overview),
        (status = 401, body = ErrorBody),
        (status = 403, description = "The caller's status is User", body = ErrorBody),
    ))]
async fn overview(State(state): State<AppState>, me: CurrentUser) -> ApiResult<axum::Json<Overview>> {
    me.require_console()?;
    let (store, company) = (&state.store, me.company_id);
    let now = state.now();
    let since = now - DAY_MS;
    let stale_after_ms = state.settings.agent_stale_after_secs * 1000;
    let (by_state, stale) = match state.boards.state_counts(company, now, stale_after_ms) {
        Some(counts) => counts,
        None => {
            let count = |agents: &[LiveAgent], _: &[_]| boards::state_counts(agents.iter(), now, stale_after_ms);
            load_board(&state, company, now, stale_after_ms, count).await?
        }
    };
    let by_state: Vec<StateCount> =
        AgentState::ALL.into_iter().zip(by_state).map(|(state, count)| StateCount { state, count }).collect();
    let agents = AgentFigures {
        logged_on: by_state.iter().map(|s| s.count).sum(),
        by_state,
        stale,
        throttled: throttled_agents(&state, company, now).await?.len() as i64,
    };
    Ok(axum::Json(Overview {
        at: Timestamp(now),
        since: Timestamp(since),
        agents,
        refusals: store.refusal_figures(company, since).await?,
        sign_ins: store.sign_in_figures(company, since, now).await?,
        contacts: ContactFigures { by_cause: store.contact_figures(company, since).await? },
        open_support_requests: store.open_support_requests(company).await?,
    }))
}
