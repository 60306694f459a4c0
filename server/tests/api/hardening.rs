//! The entry points against a hostile client: browser security headers, stalled and
//! surplus connections, foreign Host names, live streams that end with their session,
//! agent tokens that expire, and health that stays fast while sign-ins are hammered.

use crate::common::*;
use reqwest::{Client, StatusCode};
use serde_json::json;
use std::time::{Duration, Instant};
use switchboard_server::storage::demo::{DEMO_AGENT_PASSCODE, DEMO_PASSWORD};
use switchboard_wire::{AgentSession, ErrorCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn every_response_carries_the_security_headers_and_api_answers_are_not_stored() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("ngarcia").await;
    for path in ["/", "/admins", HEALTH, USERS, "/api/nowhere"] {
        let response = admin.get(app.url(path)).send().await.unwrap();
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert!(headers.get("strict-transport-security").is_none(), "no HSTS over plain http ({path})");
        if path.starts_with(API) {
            assert_eq!(headers["cache-control"], "no-store", "{path}");
        }
    }
    let over_https = admin.get(app.url(HEALTH)).header("x-forwarded-proto", "https").send().await.unwrap();
    assert!(over_https.headers()["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
}

#[tokio::test]
async fn a_stalled_request_is_closed() {
    let app = spawn_with(|config| config.request_timeout_seconds = 1).await;
    // Half a request line, then nothing.
    let mut half = TcpStream::connect(app.server.addr).await.unwrap();
    half.write_all(b"GET /api/hea").await.unwrap();
    // Headers that promise a body that never comes.
    let mut no_body = TcpStream::connect(app.server.addr).await.unwrap();
    no_body
        .write_all(
            b"POST /api/session HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{",
        )
        .await
        .unwrap();
    let started = Instant::now();
    for (name, stream) in [("half a request line", &mut half), ("a missing body", &mut no_body)] {
        let mut buffer = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut buffer)).await;
        assert!(read.is_ok(), "{name}: the server kept the connection open");
        if name == "a missing body" {
            let text = String::from_utf8_lossy(&buffer);
            assert!(text.starts_with("HTTP/1.1 4"), "{name}: a 4xx before closing: {text}");
        }
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(app.count("SELECT COUNT(*) FROM console_sessions").await, 0);
}

#[tokio::test]
async fn connections_beyond_the_limit_are_closed_at_once() {
    let app = spawn_with(|config| config.max_connections = 4).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(TcpStream::connect(app.server.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut extra = TcpStream::connect(app.server.addr).await.unwrap();
    let _ = extra.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let mut buffer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(2), extra.read_to_end(&mut buffer)).await;
    assert!(matches!(read, Ok(Ok(0)) | Ok(Err(_))), "the surplus connection is closed unanswered: {buffer:?}");
    drop(held);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(app.browser().get(app.url(HEALTH)).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn only_the_allowed_host_names_are_answered() {
    let app = spawn_with(|config| config.allowed_hosts = vec!["console.example".into()]).await;
    let client = Client::new();
    let foreign = client.get(app.url(HEALTH)).send().await.unwrap();
    assert_eq!(foreign.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_body(foreign).await.code, ErrorCode::BadRequest);
    let ours = client.get(app.url(HEALTH)).header("host", "console.example").send().await.unwrap();
    assert_eq!(ours.status(), StatusCode::OK);
}

/// Reads the stream until it ends; None when it is still open after `limit`.
async fn ends_within(stream: &mut reqwest::Response, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, stream.chunk()).await {
            Ok(Ok(Some(_))) => continue,
            Ok(_) => return Some(started.elapsed()),
            Err(_) => return None,
        }
    }
}

#[tokio::test]
async fn a_status_stream_closes_within_seconds_of_sign_out_and_of_demotion() {
    let app = spawn_app().await;
    let (admin, session) = app.signed_in("ngarcia").await;
    let mut stream = admin.get(app.url(AGENT_EVENTS)).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert!(ends_within(&mut stream, Duration::from_millis(500)).await.is_none(), "open while signed in");
    assert_eq!(
        admin.delete(app.url(SESSION)).headers(csrf(&session)).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert!(ends_within(&mut stream, Duration::from_secs(4)).await.is_some(), "closed after sign-out");

    let (support, _) = app.signed_in("sbrooks").await;
    let mut stream = support.get(app.url(AGENT_EVENTS)).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    let (other_admin, other_session) = app.signed_in("ngarcia").await;
    let (id, version) = user_ref(&app, "sbrooks").await;
    let demoted = other_admin
        .post(app.url(STATUS_CHANGES))
        .headers(csrf(&other_session))
        .json(&json!({"changes": [{"user_id": id, "status": "user", "version": version}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(demoted.status(), StatusCode::OK);
    // Agent events keep flowing meanwhile: a demoted user must not receive them.
    let phone = agent_login(&app, "northwind", "1020", DEMO_AGENT_PASSCODE, "Station 20").await;
    assert_eq!(phone.status(), StatusCode::OK);
    let mut leaked = String::new();
    let started = Instant::now();
    loop {
        match tokio::time::timeout(Duration::from_secs(4), stream.chunk()).await {
            Ok(Ok(Some(chunk))) => leaked.push_str(&String::from_utf8_lossy(&chunk)),
            Ok(_) => break,
            Err(_) => panic!("the demoted user's stream is still open after {:?}", started.elapsed()),
        }
    }
    assert!(!leaked.contains("1020"), "a demoted user was sent agent data: {leaked}");
}

#[tokio::test]
async fn a_status_stream_closes_within_seconds_of_the_trial_ending_elsewhere() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("ngarcia").await;
    let mut stream = admin.get(app.url(AGENT_EVENTS)).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    // Changed behind this instance's back (another instance, an operator): the timer sees it.
    sqlx::query("UPDATE companies SET trial_ends_at = 1 WHERE slug = 'northwind'").execute(app.db()).await.unwrap();
    let ended = ends_within(&mut stream, Duration::from_secs(5)).await;
    assert!(ended.is_some(), "the stream outlived the trial");
}

#[tokio::test]
async fn a_session_may_hold_only_a_few_streams() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("ngarcia").await;
    let mut open = Vec::new();
    for _ in 0..6 {
        let stream = admin.get(app.url(AGENT_EVENTS)).send().await.unwrap();
        assert_eq!(stream.status(), StatusCode::OK);
        open.push(stream);
    }
    let refused = admin.get(app.url(AGENT_EVENTS)).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error_body(refused).await.code, ErrorCode::TooManyStreams);
    // A closed stream gives its place back.
    drop(open.pop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(admin.get(app.url(AGENT_EVENTS)).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn an_agent_token_stops_working_after_its_idle_lifetime() {
    let app = spawn_app().await;
    let client = Client::new();
    let session: AgentSession =
        agent_login(&app, "northwind", "1020", DEMO_AGENT_PASSCODE, "Station 20").await.json().await.unwrap();
    let heartbeat = |client: &Client| {
        client.post(app.url(&paths::agent_service_heartbeat("northwind"))).bearer_auth(&session.token).send()
    };
    // Two idle hours is the default lifetime: 119 minutes without a heartbeat are fine.
    app.server.clock.advance(119 * 60_000);
    assert_eq!(heartbeat(&client).await.unwrap().status(), StatusCode::OK);
    app.server.clock.advance(121 * 60_000);
    let heartbeat = client
        .post(app.url(&paths::agent_service_heartbeat("northwind")))
        .bearer_auth(&session.token)
        .send()
        .await
        .unwrap();
    assert_eq!(heartbeat.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_body(heartbeat).await.code, ErrorCode::AgentSessionEnded);
    let reason: String = sqlx::query_scalar(
        "SELECT s.end_reason FROM agent_sessions s JOIN agents a ON a.id = s.agent_id WHERE a.agent_number = '1020'",
    )
    .fetch_one(app.db())
    .await
    .unwrap();
    assert_eq!(reason, "stale", "the session ended, so the agent can log on again");
}

fn p95(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() * 95 / 100]
}

async fn health_latencies(client: &Client, url: &str, n: usize) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        assert_eq!(client.get(url).send().await.unwrap().status(), StatusCode::OK);
        samples.push(started.elapsed());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    samples
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_stays_fast_while_sign_ins_flood_the_server() {
    let app = spawn_app().await;
    let health = app.url(HEALTH);
    let client = Client::new();
    let resting = p95(health_latencies(&client, &health, 60).await);

    // Sixteen users signing in as fast as they can: every attempt costs a password check.
    let usernames: Vec<String> =
        sqlx::query_scalar("SELECT username FROM users WHERE company_id = (SELECT id FROM companies WHERE slug = 'northwind') ORDER BY id LIMIT 16")
            .fetch_all(app.db())
            .await
            .unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut flood = Vec::new();
    for username in usernames {
        let (stop, url) = (stop.clone(), app.url(SESSION));
        flood.push(tokio::spawn(async move {
            let client = Client::new();
            let mut answered = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let response = client
                    .post(&url)
                    .json(&json!({"username": username, "password": DEMO_PASSWORD}))
                    .send()
                    .await
                    .unwrap();
                answered.push(response.status());
            }
            answered
        }));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let flooded = p95(health_latencies(&client, &health, 60).await);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut statuses = Vec::new();
    for task in flood {
        statuses.extend(task.await.unwrap());
    }
    let signed_in = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert!(signed_in > 0, "the flood was served too");
    assert!(
        statuses.iter().all(|s| [StatusCode::OK, StatusCode::SERVICE_UNAVAILABLE].contains(s)),
        "a full check pool answers 503, nothing else: {statuses:?}"
    );
    let bound = (resting * 10).max(Duration::from_millis(60));
    eprintln!("health p95 at rest {resting:?}, under the flood {flooded:?} ({signed_in} sign-ins)");
    assert!(flooded <= bound, "health p95 {flooded:?} under the flood, {resting:?} at rest");
}
