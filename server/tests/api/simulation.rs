//! The demo's simulated phones (`--simulate-demo-agents`, on in `cargo xtask run`), seen as
//! a Status page sees them: through the API.

use crate::common::*;
use reqwest::{Client, StatusCode};
use std::time::{Duration, Instant};
use switchboard_server::storage::demo::STALE_AGENT;
use switchboard_wire::{AgentBoard, AgentState, Session};

async fn board(app: &TestApp, client: &Client) -> AgentBoard {
    client.get(app.url(AGENTS)).send().await.unwrap().json().await.unwrap()
}

/// The board, once `done` holds of it (within 20 s of real time).
async fn board_when(app: &TestApp, client: &Client, what: &str, done: impl Fn(&AgentBoard) -> bool) -> AgentBoard {
    let started = Instant::now();
    loop {
        let now = board(app, client).await;
        if done(&now) {
            return now;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "never: {what}; last board {:?}", now.agents);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn stale(board: &AgentBoard) -> Vec<&str> {
    board.agents.iter().filter(|a| a.stale).map(|a| a.agent_number.as_str()).collect()
}

fn states(board: &AgentBoard) -> Vec<(String, AgentState)> {
    board.agents.iter().map(|a| (a.agent_number.clone(), a.state)).collect()
}

async fn force(app: &TestApp, client: &Client, session: &Session, id: i64) {
    let response = client.post(app.url(&paths::force_logout(id))).headers(csrf(session)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_simulated_phones_stay_live_but_one_change_state_and_come_back_after_a_force_logout() {
    let app = spawn_with(|config| {
        config.simulate_demo_agents = true;
        config.simulation_tick_ms = 40;
    })
    .await;
    let (admin, session) = app.signed_in("ngarcia").await;
    let first = board(&app, &admin).await;
    assert_eq!(first.agents.len(), 12);

    // Ten minutes without the simulation would leave every phone stale; its heartbeats keep
    // all of them live but the one that is stale on purpose.
    app.server.clock.advance(10 * 60_000);
    board_when(&app, &admin, "only the stale-on-purpose agent is stale", |b| stale(b) == [STALE_AGENT]).await;
    // States change by themselves.
    board_when(&app, &admin, "an agent's state changed", |b| states(b) != states(&first)).await;

    // Forced out, an agent is gone; a minute later (the server's clock) it logs on again,
    // as a new session on its own phone.
    let agent = first.agents.iter().find(|a| a.agent_number == "1001").unwrap().clone();
    force(&app, &admin, &session, agent.session_id).await;
    let gone = board(&app, &admin).await;
    assert!(gone.agents.iter().all(|a| a.agent_number != "1001"), "logged out");
    // The simulation notes when it saw the agent gone, at its next step: the clock moves a
    // minute on at each look, so the minute has passed whenever that was.
    let started = Instant::now();
    let again = loop {
        app.server.clock.advance(61_000);
        tokio::time::sleep(Duration::from_millis(100)).await;
        if let Some(again) = board(&app, &admin).await.agents.into_iter().find(|a| a.agent_number == "1001") {
            break again;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "agent 1001 never came back");
    };
    assert_ne!(again.session_id, agent.session_id);
    assert_eq!(again.station, agent.station);
}

#[tokio::test]
async fn without_the_flag_nothing_moves() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("sbrooks").await;
    let before = board(&app, &admin).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(states(&board(&app, &admin).await), states(&before));
    app.server.clock.advance(10 * 60_000);
    assert_eq!(stale(&board(&app, &admin).await).len(), 12, "no heartbeats: every phone is stale");
}
