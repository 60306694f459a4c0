//! `cargo xtask bench` runs this against the release builds it made: it starts the real
//! server on the large data set, measures, prints a table and writes bench/results.json.
//!
//! Each figure is a distribution over repeated runs (p50, p90, p99, max), never one run.

mod harness;
mod stats;

use harness::{Harness, Paths};
use serde_json::json;
use stats::Summary;
use std::time::{Duration, Instant};

/// Search terms as people type them: parts of names, usernames, emails and phone numbers.
const TERMS: [&str; 24] = [
    "ol",
    "olivia",
    "smith",
    "garcia",
    "nora",
    "m.lee",
    "jsmith",
    "@northwind",
    "northwind.example",
    "kenji",
    "tariq w",
    "555",
    "0101003",
    "(555) 010-1003",
    "555.200.1234",
    "2001234",
    "zz-nobody",
    "li",
    "an",
    "e",
    "r.k",
    "clara.t",
    "mitchell",
    "dev",
];

#[tokio::main]
async fn main() {
    let paths = Paths::from_env();
    let started = Instant::now();
    let harness = Harness::start(&paths).await;
    let generation = started.elapsed();
    println!("large data set generated and server ready in {:.1} s", generation.as_secs_f64());

    let search = search_users(&harness).await;
    let first_page = first_page_on_screen(&harness, &paths).await;
    let fanout = force_logout_fanout(&harness, 1_000, 10).await;
    harness.stop().await;

    let results = json!({
        "machine": harness::machine(),
        "command": "cargo xtask bench",
        "data_set": { "users_in_company": 100_000, "agents": 2_000, "contacts": 100_000,
                      "generation_and_start_seconds": generation.as_secs_f64() },
        "users_search_server_ms": search.0.to_json(),
        "users_search_client_ms": search.1.to_json(),
        "admins_first_page_on_screen_ms": first_page.to_json(),
        "force_logout_to_1000_subscribers_ms": fanout.to_json(),
    });
    println!();
    println!("{:<52} {:>6} {:>9} {:>9} {:>9} {:>9}", "benchmark", "runs", "p50", "p90", "p99", "max");
    search.0.print_row("users search, server time (ms, Server-Timing)");
    search.1.print_row("users search, request round trip on loopback (ms)");
    first_page.print_row("navigation to the first page of users on screen (ms)");
    fanout.print_row("Force Logout to its event at 1,000 Status pages (ms)");
    std::fs::create_dir_all(paths.out.parent().unwrap()).unwrap();
    std::fs::write(&paths.out, serde_json::to_string_pretty(&results).unwrap()).unwrap();
    println!("\nwrote {}", paths.out.display());
}

/// Search as you type over the company's 100,000 users: each term, ten measured rounds.
async fn search_users(h: &Harness) -> (Summary, Summary) {
    let (client, _, _) = h.api_session("ngarcia").await;
    let mut server = Vec::new();
    let mut round_trip = Vec::new();
    for round in 0..11 {
        for term in TERMS {
            let url = h.url(&format!("/api/users?q={}", switchboard_wire::query::encode(term)));
            let started = Instant::now();
            let response = client.get(&url).send().await.expect("search request");
            let timing = response.headers().get("server-timing").and_then(|v| v.to_str().ok()).map(str::to_string);
            assert!(response.status().is_success(), "{url}: {}", response.status());
            let page: switchboard_wire::UserPage = response.json().await.expect("user page");
            let elapsed = started.elapsed();
            assert!(page.users.len() <= 25);
            if round == 0 {
                continue; // warm-up
            }
            round_trip.push(elapsed.as_secs_f64() * 1000.0);
            if let Some(ms) = timing.and_then(|t| t.strip_prefix("app;dur=").and_then(|d| d.parse::<f64>().ok())) {
                server.push(ms);
            }
        }
    }
    (Summary::of(server), Summary::of(round_trip))
}

/// From navigation to the first row of the Authorize Admins table, in a cold browser each time.
async fn first_page_on_screen(h: &Harness, paths: &Paths) -> Summary {
    let (_, cookie, _) = h.api_session("ngarcia").await;
    let mut times = Vec::new();
    for _ in 0..12 {
        let browser = h.browser(paths).await;
        // The session cookie is set on the origin first, so the timed load is the page alone.
        // (WebDriver's add-cookie refuses IP-address hosts; a script on the origin does not.)
        browser.goto(&h.url("/api/health")).await.unwrap();
        browser
            .execute(&format!("document.cookie = 'sb_session={cookie}; path=/; SameSite=Strict'"), vec![])
            .await
            .unwrap();
        browser.goto(&h.url("/admins")).await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        let shown = loop {
            let value = browser
                .execute("return document.querySelector('table.users tbody tr') ? performance.now() : null", vec![])
                .await
                .unwrap();
            if let Some(ms) = value.as_f64() {
                break ms;
            }
            assert!(Instant::now() < deadline, "the users table never appeared");
            tokio::time::sleep(Duration::from_millis(5)).await;
        };
        times.push(shown);
        browser.close().await.unwrap();
    }
    // The first browser start warms the machine's file cache; it is not a page figure.
    Summary::of(times.split_off(2))
}

/// From a Force Logout request to its event at each of `subscribers` open Status pages
/// (event streams on loopback), over `rounds` agents forced out one after the other.
async fn force_logout_fanout(h: &Harness, subscribers: usize, rounds: u32) -> Summary {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    let (admin, _, csrf) = h.api_session("ngarcia").await;
    let sent: Arc<Mutex<HashMap<i64, Instant>>> = Arc::default();
    let (delivered, mut arrivals) = tokio::sync::mpsc::unbounded_channel::<f64>();
    let (ready, mut connected) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut tasks = Vec::new();
    for _ in 0..subscribers {
        let (client, url, sent, delivered, ready) =
            (admin.clone(), h.url("/api/agents/events"), sent.clone(), delivered.clone(), ready.clone());
        tasks.push(tokio::spawn(async move {
            let mut stream = client.get(url).send().await.expect("event stream");
            assert!(stream.status().is_success());
            let _ = ready.send(());
            let marker = "\"kind\":\"ended\",\"session_id\":";
            let mut buffer = String::new();
            while let Ok(Some(bytes)) = stream.chunk().await {
                buffer.push_str(&String::from_utf8_lossy(&bytes));
                while let Some(at) = buffer.find(marker) {
                    let rest = &buffer[at + marker.len()..];
                    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    if let Some(start) =
                        digits.parse::<i64>().ok().and_then(|id| sent.lock().unwrap().get(&id).copied())
                    {
                        let _ = delivered.send(start.elapsed().as_secs_f64() * 1000.0);
                    }
                    buffer.drain(..at + marker.len());
                }
            }
        }));
    }
    for _ in 0..subscribers {
        connected.recv().await.expect("every subscriber connects");
    }

    let mut samples = Vec::new();
    for round in 0..rounds {
        let number = (1001 + round).to_string();
        let login = admin
            .post(h.url("/api/agent-service/northwind/login"))
            .json(&json!({ "agent_number": number, "passcode": "2468", "station": format!("Bench {round}") }))
            .send()
            .await
            .unwrap();
        assert!(login.status().is_success(), "agent {number} logs on");
        let board: switchboard_wire::AgentBoard =
            admin.get(h.url("/api/agents")).send().await.unwrap().json().await.unwrap();
        let id = board.agents.iter().find(|a| a.agent_number == number).expect("on the board").session_id;
        sent.lock().unwrap().insert(id, Instant::now());
        let forced = admin
            .post(h.url(&format!("/api/agents/sessions/{id}/force-logout")))
            .header("x-csrf-token", &csrf)
            .send()
            .await
            .unwrap();
        assert!(forced.status().is_success());
        for _ in 0..subscribers {
            let ms = tokio::time::timeout(Duration::from_secs(30), arrivals.recv()).await.expect("every page hears it");
            samples.push(ms.expect("open channel"));
        }
    }
    tasks.iter().for_each(|t| t.abort());
    Summary::of(samples)
}
