//! `--simulate-demo-agents` (on in `cargo xtask run`): the demo company's phones, built in,
//! so that the Status page a newcomer opens is live. The agents logged on in the demo data
//! send heartbeats and change state now and then; one of them (`demo::STALE_AGENT`) sends
//! nothing, to show what a phone that went away looks like; and an agent logged out (Force
//! Logout) logs on again a minute later, as a person would. It writes through the same store
//! calls and events as the phone service's handlers, so every page sees it as real traffic.
//! One instance should run it, never a production server.

use crate::domain::outcomes::AgentLoginOutcome;
use crate::domain::token;
use crate::http::agent_service::publish_live;
use crate::http::AppState;
use crate::storage::agents::LoginRefusal;
use crate::storage::demo::STALE_AGENT;
use rand::Rng;
use std::collections::BTreeMap;
use std::time::Duration;
use switchboard_wire::AgentState;

/// The demo company whose phones are simulated.
const SERVICE: &str = "northwind";
/// Heartbeats every this many ticks (of 5 s by default: 30 s, well within the board's 90).
const HEARTBEAT_TICKS: u64 = 6;
/// How long an agent logged out stays away before logging on again.
const BACK_AFTER_MS: i64 = 60_000;

/// A simulated agent: where its phone is, and since when it is logged out.
struct Phone {
    station: String,
    away_since: Option<i64>,
}

/// Runs until the server stops (the task is aborted): one state change every `tick`.
pub async fn run(state: AppState, tick: Duration) {
    let company = match state.store.company_by_slug(SERVICE).await {
        Ok(Some(company)) => company.id,
        Ok(None) => return tracing::warn!("no demo company {SERVICE}: nothing to simulate"),
        Err(error) => return tracing::warn!(%error, "demo simulation could not start"),
    };
    let mut phones = BTreeMap::new();
    let mut every = tokio::time::interval(tick);
    for tick in 0.. {
        every.tick().await;
        if let Err(error) = step(&state, company, &mut phones, tick).await {
            tracing::warn!(%error, "demo simulation step failed");
        }
    }
}

async fn step(state: &AppState, company: i64, phones: &mut BTreeMap<String, Phone>, tick: u64) -> anyhow::Result<()> {
    let store = &state.store;
    let now = state.now();
    let live = store.live_agents(company, None, now, state.settings.agent_stale_after_secs * 1000).await?;
    // The cast: whoever the demo data had logged on when the simulation started.
    if phones.is_empty() {
        for agent in &live {
            phones.insert(agent.agent_number.clone(), Phone { station: agent.station.clone(), away_since: None });
        }
    }

    for (number, phone) in phones.iter_mut() {
        if live.iter().any(|agent| &agent.agent_number == number) {
            phone.away_since = None;
            continue;
        }
        let away_since = *phone.away_since.get_or_insert(now);
        if now - away_since < BACK_AFTER_MS {
            continue;
        }
        let Some(agent) = store.agent_by_number(company, number).await? else { continue };
        let token_hash = token::token_hash(&token::random_token());
        let outcome = match store.start_agent_session(company, agent.id, &phone.station, &token_hash, now).await? {
            Ok(session_id) => {
                publish_live(state, company, session_id, now).await?;
                AgentLoginOutcome::Success
            }
            Err(LoginRefusal::AlreadyLoggedOn) => AgentLoginOutcome::AlreadyLoggedOn,
            Err(LoginRefusal::StationInUse) => AgentLoginOutcome::StationInUse,
        };
        store.record_agent_attempt(company, Some(agent.id), number, &phone.station, outcome, now).await?;
        phone.away_since = None;
    }

    let alive: Vec<_> = live
        .iter()
        .filter(|agent| agent.agent_number != STALE_AGENT && phones.contains_key(&agent.agent_number))
        .collect();
    if tick.is_multiple_of(HEARTBEAT_TICKS) {
        for agent in &alive {
            if store.agent_activity(agent.session_id, None, now).await? {
                state.heartbeat(company, agent.session_id, now);
            }
        }
    }
    if alive.is_empty() {
        return Ok(());
    }
    let (agent, next) = {
        let mut rng = rand::thread_rng();
        let agent = alive[rng.gen_range(0..alive.len())];
        let others: Vec<AgentState> = AgentState::ALL.into_iter().filter(|s| *s != agent.state).collect();
        (agent, others[rng.gen_range(0..others.len())])
    };
    if store.agent_activity(agent.session_id, Some(next), now).await? {
        publish_live(state, company, agent.session_id, now).await?;
    }
    Ok(())
}
