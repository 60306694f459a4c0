//! Writes while the API is under read load: each still one durable transaction
//! (synchronous=FULL), one after the other from one client, for as long as the read load
//! runs. A status change set (Authorize Admins), a Force Logout, and the agent's log-on
//! again.

use crate::harness::Harness;
use crate::stats::Summary;
use serde_json::json;
use std::time::{Duration, Instant};
use switchboard_wire::paths::{self, AGENTS, STATUS_CHANGES, USERS};
use switchboard_wire::{AgentBoard, StatusChangeResult, UserPage};

/// The agent forced out and logged on again (logged on by `live::log_on_all` before).
const AGENT: &str = "3000";

pub struct WriteRates {
    pub status_changes: Summary,
    pub force_logouts: Summary,
    pub agent_logins: Summary,
    pub seconds: f64,
}

impl WriteRates {
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "seconds": self.seconds,
            "status_change_sets_ms": self.status_changes.to_json(),
            "force_logouts_ms": self.force_logouts.to_json(),
            "agent_logins_ms": self.agent_logins.to_json(),
        })
    }

    pub fn print(&self) {
        for (name, summary) in [
            ("status change set", &self.status_changes),
            ("Force Logout", &self.force_logouts),
            ("agent log-on", &self.agent_logins),
        ] {
            println!(
                "{name:<22} {:>6.1}/s  p50 {:>7.2} ms  p99 {:>7.2} ms  ({} done)",
                summary.len() as f64 / self.seconds,
                summary.percentile(50.0),
                summary.percentile(99.0),
                summary.len()
            );
        }
    }
}

/// Writes for `seconds`, each kind in turn, timing each request.
pub async fn writes_for(h: &Harness, seconds: f64) -> WriteRates {
    let (admin, _, csrf) = h.api_session("ngarcia").await;
    let agent_http = reqwest::Client::new();
    let (mut changes, mut forced, mut logins) = (Vec::new(), Vec::new(), Vec::new());
    let started = Instant::now();
    let mut to = "support";
    while started.elapsed() < Duration::from_secs_f64(seconds) {
        // Tom Nguyen, User <-> Support.
        let page: UserPage =
            admin.get(h.url(&format!("{USERS}?q=tnguyen"))).send().await.unwrap().json().await.unwrap();
        let tom = page.users.iter().find(|u| u.username == "tnguyen").expect("tnguyen");
        let body = json!({ "changes": [{ "user_id": tom.id, "status": to, "version": tom.version }] });
        let at = Instant::now();
        let response =
            admin.post(h.url(STATUS_CHANGES)).header("x-csrf-token", &csrf).json(&body).send().await.unwrap();
        assert!(response.status().is_success(), "status change: {}", response.status());
        let _: StatusChangeResult = response.json().await.unwrap();
        changes.push(at.elapsed().as_secs_f64() * 1000.0);
        to = if to == "support" { "user" } else { "support" };

        // Force Logout of agent 3000, then their log-on again.
        let board: AgentBoard = admin.get(h.url(AGENTS)).send().await.unwrap().json().await.unwrap();
        if let Some(session) = board.agents.iter().find(|a| a.agent_number == AGENT) {
            let at = Instant::now();
            let response = admin
                .post(h.url(&paths::force_logout(session.session_id)))
                .header("x-csrf-token", &csrf)
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success(), "force logout: {}", response.status());
            forced.push(at.elapsed().as_secs_f64() * 1000.0);
        }
        let at = Instant::now();
        let response = agent_http
            .post(h.url(&paths::agent_service_login("northwind")))
            .json(&json!({ "agent_number": AGENT, "passcode": "2468", "station": "Desk 3000" }))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "agent log-on: {}", response.status());
        logins.push(at.elapsed().as_secs_f64() * 1000.0);
    }
    WriteRates {
        status_changes: Summary::of(changes),
        force_logouts: Summary::of(forced),
        agent_logins: Summary::of(logins),
        seconds: started.elapsed().as_secs_f64(),
    }
}
