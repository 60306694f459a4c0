//! /api/health while anonymous clients flood the sign-in: the password checks run off the
//! async runtime and are throttled, so the rest of the server stays fast.

use crate::harness::Harness;
use crate::stats::Summary;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use switchboard_wire::paths::{HEALTH, SESSION};

/// Attacking clients, each from its own loopback address, so that each gets its own
/// per-client allowance and the flood really costs password checks.
const ATTACKERS: u8 = 16;

pub struct Flood {
    pub resting: Summary,
    pub flooded: Summary,
    /// How the flood's sign-ins were answered: checked and refused (401), throttled (429),
    /// no check worker free (503).
    pub checked: usize,
    pub throttled: usize,
    pub busy: usize,
}

impl Flood {
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "attackers": ATTACKERS,
            "health_at_rest_ms": self.resting.to_json(),
            "health_under_flood_ms": self.flooded.to_json(),
            "p99_ratio": self.flooded.percentile(99.0) / self.resting.percentile(99.0).max(0.001),
            "sign_ins_checked_401": self.checked,
            "sign_ins_throttled_429": self.throttled,
            "sign_ins_busy_503": self.busy,
        })
    }

    pub fn print(&self) {
        self.resting.print_row("health at rest");
        self.flooded.print_row("health under a sign-in flood (16 clients)");
        println!(
            "sign-in flood: {} checked (401), {} throttled (429), {} busy (503); health p99 {:.1}x its resting value",
            self.checked,
            self.throttled,
            self.busy,
            self.flooded.percentile(99.0) / self.resting.percentile(99.0).max(0.001)
        );
    }
}

async fn health_samples(client: &reqwest::Client, url: &str, count: usize) -> Summary {
    let mut samples = Vec::with_capacity(count);
    for _ in 0..count {
        let started = Instant::now();
        let response = client.get(url).send().await.expect("health answers");
        assert!(response.status().is_success());
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Summary::of(samples)
}

pub async fn health_under_sign_in_flood(h: &Harness) -> Flood {
    let client = reqwest::Client::new();
    let health = h.url(HEALTH);
    let resting = health_samples(&client, &health, 500).await;

    let stop = Arc::new(AtomicBool::new(false));
    let mut attackers = Vec::new();
    for i in 0..ATTACKERS {
        let (stop, url) = (stop.clone(), h.url(SESSION));
        attackers.push(tokio::spawn(async move {
            let from = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2 + i));
            let client = reqwest::Client::builder().local_address(from).build().unwrap();
            let mut statuses = Vec::new();
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let body = serde_json::json!({ "username": format!("flood{i}x{n}"), "password": "guess" });
                match client.post(&url).json(&body).send().await {
                    Ok(response) => statuses.push(response.status().as_u16()),
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                }
            }
            statuses
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let flooded = health_samples(&client, &health, 500).await;
    stop.store(true, Ordering::Relaxed);
    let mut statuses = Vec::new();
    for attacker in attackers {
        statuses.extend(attacker.await.unwrap());
    }
    let count = |code| statuses.iter().filter(|s| **s == code).count();
    Flood { resting, flooded, checked: count(401), throttled: count(429), busy: count(503) }
}
