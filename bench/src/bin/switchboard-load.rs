//! `cargo xtask load`: simulated agents log on to a running server, change state at a
//! given rate, sometimes log off and on again, then all log off. For watching the Status
//! page live, and for measuring it.
//!
//! cargo xtask load -- --url http://127.0.0.1:8080 --agents 30 --rate 20 --seconds 60

use serde_json::json;
use std::time::{Duration, Instant};
use switchboard_wire::paths;

struct Options {
    url: String,
    service: String,
    first_number: u32,
    agents: u32,
    passcode: String,
    rate: f64,
    seconds: f64,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        url: "http://127.0.0.1:8080".into(),
        service: "northwind".into(),
        first_number: 1001,
        agents: 30,
        passcode: "2468".into(),
        rate: 20.0,
        seconds: 60.0,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => o.url = value()?,
            "--service" => o.service = value()?,
            "--first-number" => o.first_number = value()?.parse().map_err(|_| "--first-number is a number")?,
            "--agents" => o.agents = value()?.parse().map_err(|_| "--agents is a number")?,
            "--passcode" => o.passcode = value()?,
            "--rate" => o.rate = value()?.parse().map_err(|_| "--rate is changes per second")?,
            "--seconds" => o.seconds = value()?.parse().map_err(|_| "--seconds is a number")?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    if o.rate <= 0.0 || o.seconds <= 0.0 || o.agents == 0 {
        return Err("--agents, --rate and --seconds must be above zero".into());
    }
    Ok(o)
}

/// A tiny deterministic generator: which agent, which state.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[tokio::main]
async fn main() {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("switchboard-load: {e}");
            std::process::exit(2);
        }
    };
    let http = reqwest::Client::new();
    let root = o.url.trim_end_matches('/');
    let (login_url, state_url, logout_url) = (
        format!("{root}{}", paths::agent_service_login(&o.service)),
        format!("{root}{}", paths::agent_service_state(&o.service)),
        format!("{root}{}", paths::agent_service_logout(&o.service)),
    );
    let login = |number: u32| {
        http.post(&login_url)
            .json(&json!({ "agent_number": number.to_string(), "passcode": o.passcode, "station": format!("Load {number}") }))
            .send()
    };

    let mut tokens: Vec<(u32, Option<String>)> = Vec::new();
    let mut refused = 0;
    for number in o.first_number..o.first_number + o.agents {
        let response = login(number).await.expect("the server answers");
        if response.status().is_success() {
            let body: serde_json::Value = response.json().await.unwrap_or_default();
            tokens.push((number, body["token"].as_str().map(str::to_string)));
        } else {
            refused += 1;
        }
    }
    println!(
        "{} agents logged on ({refused} refused: already logged on, or not agents of {})",
        tokens.len(),
        o.service
    );
    if tokens.is_empty() {
        std::process::exit(1);
    }

    let states = ["available", "on_call", "wrap_up", "break"];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let started = Instant::now();
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / o.rate));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let (mut changes, mut cycles, mut errors) = (0u64, 0u64, 0u64);
    while started.elapsed().as_secs_f64() < o.seconds {
        ticker.tick().await;
        let i = rng.below(tokens.len());
        let (number, token) = tokens[i].clone();
        let Some(token) = token else { continue };
        // One change in twenty is a log-off and a log-on again: rows leave and come back.
        if rng.below(20) == 0 {
            let _ = http.post(&logout_url).bearer_auth(&token).send().await;
            match login(number).await {
                Ok(r) if r.status().is_success() => {
                    let body: serde_json::Value = r.json().await.unwrap_or_default();
                    tokens[i].1 = body["token"].as_str().map(str::to_string);
                    cycles += 1;
                }
                _ => {
                    tokens[i].1 = None;
                    errors += 1;
                }
            }
            continue;
        }
        let state = states[rng.below(states.len())];
        match http.post(&state_url).bearer_auth(&token).json(&json!({ "state": state })).send().await {
            Ok(r) if r.status().is_success() => changes += 1,
            _ => errors += 1,
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    for token in tokens.iter().filter_map(|(_, t)| t.as_ref()) {
        let _ = http.post(&logout_url).bearer_auth(token).send().await;
    }
    println!(
        "{changes} state changes and {cycles} log-off/log-on cycles in {elapsed:.1} s ({:.1} a second), {errors} errors; all agents logged off",
        (changes + cycles) as f64 / elapsed
    );
    if errors > 0 {
        std::process::exit(1);
    }
}
