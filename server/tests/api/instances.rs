//! Several server instances on one PostgreSQL database: real `switchboard-server`
//! processes, each on its own port, the racing requests sent to different instances.
//!
//! They need PostgreSQL, so a plain `cargo test` skips them; `cargo xtask test` starts a
//! throwaway one and runs them.

use crate::common::*;
use futures_util::StreamExt;
use reqwest::{Client, StatusCode};
use serde_json::json;
use std::process::Stdio;
use std::time::{Duration, Instant};
use switchboard_server::storage::demo::{DEMO_AGENT_PASSCODE, DEMO_PASSWORD};
use switchboard_wire::paths::{CSRF_HEADER, SESSION};
use switchboard_wire::{AgentBoard, Session};

/// The load balancer's configuration, as `cargo xtask cluster` writes it.
#[path = "../../../xtask/src/nginx.rs"]
mod nginx;

/// nginx (Debian's; `cargo xtask test` installs it) in front of `ports`; stopped when dropped.
struct LoadBalancer {
    process: tokio::process::Child,
    base: String,
}

impl Drop for LoadBalancer {
    fn drop(&mut self) {
        // SIGTERM to the master, which stops its workers, and a wait for it: SIGKILL alone
        // would orphan the workers, still listening.
        if let Some(pid) = self.process.id() {
            let _ = std::process::Command::new("kill").arg(pid.to_string()).status();
            let started = Instant::now();
            while matches!(self.process.try_wait(), Ok(None)) && started.elapsed() < Duration::from_secs(5) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

impl LoadBalancer {
    async fn start(ports: &[u16], dir: &tempfile::TempDir) -> LoadBalancer {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let folder = dir.path().join("nginx");
        let args = nginx::prepare(&folder, &format!("127.0.0.1:{port}"), ports).unwrap();
        let binary = std::env::var("NGINX").unwrap_or_else(|_| "/usr/sbin/nginx".into());
        let process = tokio::process::Command::new(&binary)
            .args(args)
            // Never the test's own output: a process left holding it would keep the test
            // runner (and `cargo xtask test`, which reads it) waiting.
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e}; `cargo xtask test` installs nginx"));
        let balancer = LoadBalancer { process, base: format!("http://127.0.0.1:{port}") };
        let started = Instant::now();
        while Client::new().get(format!("{}{HEALTH}", balancer.base)).send().await.is_err() {
            if started.elapsed() > Duration::from_secs(10) {
                let log = std::fs::read_to_string(folder.join("error.log")).unwrap_or_default();
                panic!("nginx did not start:\n{log}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        balancer
    }
}

/// A server process; killed when dropped.
struct Instance {
    process: tokio::process::Child,
    base: String,
    port: u16,
}

impl Instance {
    /// Starts the real binary on `database_url` (with the demo data when the database is
    /// empty) and waits until it answers.
    async fn start(database_url: &str, dir: &tempfile::TempDir) -> Instance {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = std::fs::File::create(dir.path().join(format!("server-{port}.log"))).unwrap();
        let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_switchboard-server"))
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .args(["--database-url", database_url])
            .args(["--dist", &dir.path().join("dist").to_string_lossy()])
            .args(["--demo-data", "demo", "--log", "warn"])
            // Kept Status boards are checked against the database every second, not ten.
            .args(["--board-check-seconds", "1"])
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let instance = Instance { process: child, base: format!("http://127.0.0.1:{port}"), port };
        let started = Instant::now();
        while Client::new().get(instance.url(HEALTH)).send().await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "instance on port {port} did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        instance
    }

    /// SIGKILL: no shutdown, no flushing; the process is gone at once.
    async fn kill(&mut self) {
        self.process.kill().await.unwrap();
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn signed_in(&self, username: &str) -> (Client, Session) {
        let client = Client::builder().cookie_store(true).build().unwrap();
        let response = client
            .post(self.url(SESSION))
            .json(&json!({ "username": username, "password": DEMO_PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "sign-in of {username} at {}", self.base);
        let session = response.json().await.unwrap();
        (client, session)
    }
}

/// Opens a Status page's event stream at `at`, as `client`.
async fn status_page(at: &Instance, client: &Client) -> reqwest::Response {
    let stream = client.get(at.url(AGENT_EVENTS)).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    stream
}

/// Forces out the first logged-on agent of the board at `at`; returns its session id.
async fn force_out_first_agent(at: &Instance, client: &Client, session: &Session) -> i64 {
    let board: AgentBoard = client.get(at.url(AGENTS)).send().await.unwrap().json().await.unwrap();
    let id = board.agents[0].session_id;
    let forced =
        client.post(at.url(&paths::force_logout(id))).header(CSRF_HEADER, &session.csrf_token).send().await.unwrap();
    assert_eq!(forced.status(), StatusCode::OK);
    id
}

/// `n` instances on one new PostgreSQL database, and a pool of the test's own on it.
async fn instances(n: usize) -> (Vec<Instance>, sqlx::AnyPool, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_postgres_database().await;
    let mut all = Vec::new();
    // One after the other: the first loads the demo data into the empty database.
    for _ in 0..n {
        all.push(Instance::start(&url, &dir).await);
    }
    let db = outsider_pool(&url).await;
    (all, db, dir)
}

#[tokio::test]
#[ignore = "needs PostgreSQL: `cargo xtask test` starts one"]
async fn a_force_logout_on_one_instance_reaches_a_status_page_on_another_within_a_second() {
    let (servers, _db, _dir) = instances(2).await;
    let (a, b) = (&servers[0], &servers[1]);
    let (admin_a, session_a) = a.signed_in("ngarcia").await;
    let (admin_b, _) = b.signed_in("ngarcia").await;
    let mut page_on_b = status_page(b, &admin_b).await;

    let sent = Instant::now();
    let id = force_out_first_agent(a, &admin_a, &session_a).await;
    let heard =
        read_until(&mut page_on_b, &format!("{{\"kind\":\"ended\",\"session_id\":{id}}}"), Duration::from_secs(5))
            .await;
    let took = sent.elapsed();
    assert!(heard.is_some(), "instance B's Status page heard the Force Logout made on A");
    assert!(took < Duration::from_secs(1), "heard after {took:?}");

    // And B's own board (kept in memory from events) no longer lists the agent.
    let board_b: AgentBoard = admin_b.get(b.url(AGENTS)).send().await.unwrap().json().await.unwrap();
    assert!(board_b.agents.iter().all(|agent| agent.session_id != id), "B's board dropped the agent");

    // A login on B appears on a page connected to A.
    let mut page_on_a = status_page(a, &admin_a).await;
    let login = Client::new()
        .post(b.url(&paths::agent_service_login("northwind")))
        .json(&json!({ "agent_number": "1030", "passcode": DEMO_AGENT_PASSCODE, "station": "Desk 30" }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    assert!(read_until(&mut page_on_a, "\"agent_number\":\"1030\"", Duration::from_secs(5)).await.is_some());
}

#[tokio::test]
#[ignore = "needs PostgreSQL: `cargo xtask test` starts one"]
async fn two_admins_on_two_instances_demoting_each_other_at_once_never_leave_no_admin() {
    let (servers, db, _dir) = instances(2).await;
    let (a, b) = (&servers[0], &servers[1]);
    // Northwind with exactly two admins: ngarcia and sbrooks.
    sqlx::query("UPDATE users SET status = 'user' WHERE company_id = 1 AND status = 'admin'")
        .execute(&db)
        .await
        .unwrap();
    sqlx::query("UPDATE users SET status = 'admin' WHERE username IN ('ngarcia', 'sbrooks')")
        .execute(&db)
        .await
        .unwrap();
    let (on_a, session_a) = a.signed_in("ngarcia").await;
    let (on_b, session_b) = b.signed_in("sbrooks").await;
    let mut outcomes = std::collections::BTreeMap::new();
    for round in 0..50 {
        sqlx::query("UPDATE users SET status = 'admin' WHERE username IN ('ngarcia', 'sbrooks')")
            .execute(&db)
            .await
            .unwrap();
        let refs: Vec<(i64, i64)> =
            sqlx::query_as("SELECT id, version FROM users WHERE username IN ('ngarcia', 'sbrooks') ORDER BY username")
                .fetch_all(&db)
                .await
                .unwrap();
        let (garcia, brooks) = (refs[0], refs[1]);
        let demote = |client: &Client, session: &Session, url: String, (id, version): (i64, i64)| {
            let request = client
                .post(url)
                .header(CSRF_HEADER, &session.csrf_token)
                .json(&json!({ "changes": [{ "user_id": id, "version": version, "status": "user" }] }));
            async move { request.send().await.unwrap().status() }
        };
        let statuses = all_at_once(vec![
            Box::pin(demote(&on_a, &session_a, a.url(STATUS_CHANGES), brooks)),
            Box::pin(demote(&on_b, &session_b, b.url(STATUS_CHANGES), garcia)),
        ])
        .await;
        let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE company_id = 1 AND status = 'admin'")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(admins, 1, "round {round}: {statuses:?} left {admins} admins");
        assert_eq!(statuses.iter().filter(|s| s.is_success()).count(), 1, "round {round}: {statuses:?}");
        *outcomes.entry(format!("{statuses:?}")).or_insert(0) += 1;
    }
    println!("outcomes over 50 rounds: {outcomes:?}");
}

#[tokio::test]
#[ignore = "needs PostgreSQL: `cargo xtask test` starts one"]
async fn one_agent_logging_on_through_two_instances_at_once_gets_exactly_one_session() {
    let (servers, db, _dir) = instances(2).await;
    let (a, b) = (&servers[0], &servers[1]);
    for round in 0..20 {
        sqlx::query("UPDATE agent_sessions SET ended_at = 1, end_reason = 'logout' WHERE ended_at IS NULL")
            .execute(&db)
            .await
            .unwrap();
        let login = |url: String, station: &str| {
            let request = Client::new()
                .post(url)
                .json(&json!({ "agent_number": "1031", "passcode": DEMO_AGENT_PASSCODE, "station": station }));
            async move { request.send().await.unwrap().status() }
        };
        let statuses = all_at_once(vec![
            Box::pin(login(a.url(&paths::agent_service_login("northwind")), "Desk A")),
            Box::pin(login(b.url(&paths::agent_service_login("northwind")), "Desk B")),
        ])
        .await;
        assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "round {round}: {statuses:?}");
        assert!(statuses.contains(&StatusCode::CONFLICT), "round {round}: the other is refused: {statuses:?}");
        let live: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM agent_sessions s JOIN agents g ON g.id = s.agent_id
             WHERE g.agent_number = '1031' AND g.company_id = 1 AND s.ended_at IS NULL",
        )
        .fetch_one(&db)
        .await
        .unwrap();
        assert_eq!(live, 1, "round {round}");
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL: `cargo xtask test` starts one"]
async fn an_instance_whose_listener_loses_its_connection_reconnects_and_its_pages_resync() {
    let (servers, db, _dir) = instances(2).await;
    let (a, b) = (&servers[0], &servers[1]);
    let (admin_a, session_a) = a.signed_in("ngarcia").await;
    let (admin_b, _) = b.signed_in("ngarcia").await;
    let mut page_on_b = status_page(b, &admin_b).await;
    // Every listening connection is cut, as a database failover or a network blip would.
    let cut: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(cut.len(), 2, "one listener per instance");
    let resynced = read_until(&mut page_on_b, "{\"kind\":\"resync\"}", Duration::from_secs(10)).await;
    assert!(resynced.is_some(), "B's page was told to reload what it may have missed");

    // Listening again: a Force Logout on A reaches B.
    let id = force_out_first_agent(a, &admin_a, &session_a).await;
    let heard = read_until(&mut page_on_b, &format!("\"session_id\":{id}}}"), Duration::from_secs(5)).await;
    assert!(heard.is_some(), "B listens again");
}

#[tokio::test]
#[ignore = "needs PostgreSQL: `cargo xtask test` starts one"]
async fn an_instance_killed_mid_stream_loses_nothing_it_answered() {
    let (mut servers, db, _dir) = instances(2).await;
    let (admin, session) = servers[0].signed_in("ngarcia").await;
    sqlx::query("UPDATE agent_sessions SET ended_at = 1, end_reason = 'logout' WHERE ended_at IS NULL")
        .execute(&db)
        .await
        .unwrap();
    let users: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, version FROM users WHERE company_id = 1 AND status = 'user' ORDER BY id LIMIT 40")
            .fetch_all(&db)
            .await
            .unwrap();
    let a = servers[0].base.clone();
    let answered_so_far = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    // Agent logons, their state changes and status changes, eight at a time, at instance A;
    // A is killed (SIGKILL) while they are under way.
    type Work = std::pin::Pin<Box<dyn std::future::Future<Output = Option<Answered>> + Send>>;
    let (mut logons, mut changes): (Vec<Work>, Vec<Work>) = (Vec::new(), Vec::new());
    for i in 0..36 {
        let (login_url, state_url) = (
            format!("{a}{}", paths::agent_service_login("northwind")),
            format!("{a}{}", paths::agent_service_state("northwind")),
        );
        let counter = answered_so_far.clone();
        logons.push(Box::pin(async move {
            let client = Client::new();
            let number = format!("{}", 1001 + i);
            let login = client
                .post(&login_url)
                .json(&json!({ "agent_number": number, "passcode": DEMO_AGENT_PASSCODE, "station": format!("K{i}") }))
                .send()
                .await
                .ok()?;
            if login.status() != StatusCode::OK {
                return None;
            }
            let agent: switchboard_wire::AgentSession = login.json().await.ok()?;
            let state = client
                .post(&state_url)
                .bearer_auth(&agent.token)
                .json(&json!({ "state": "on_call" }))
                .send()
                .await
                .ok();
            let on_call = state.is_some_and(|s| s.status() == StatusCode::OK);
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Some(Answered::Agent { token: agent.token, on_call })
        }));
    }
    for (id, version) in users {
        let (admin, csrf, url) = (admin.clone(), session.csrf_token.clone(), format!("{a}{STATUS_CHANGES}"));
        let counter = answered_so_far.clone();
        changes.push(Box::pin(async move {
            let response = admin
                .post(url)
                .header(CSRF_HEADER, csrf)
                .json(&json!({ "changes": [{ "user_id": id, "version": version, "status": "support" }] }))
                .send()
                .await
                .ok()?;
            let promoted = response.status() == StatusCode::OK;
            if promoted {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
            promoted.then_some(Answered::Promoted { id })
        }));
    }
    // Interleaved, so that logons and status changes are both under way at the kill.
    let mut mixed = Vec::new();
    let (mut logons, mut changes) = (logons.into_iter(), changes.into_iter());
    loop {
        let (logon, change) = (logons.next(), changes.next());
        if logon.is_none() && change.is_none() {
            break;
        }
        mixed.extend(logon.into_iter().chain(change));
    }
    let stream = futures_util::stream::iter(mixed).buffer_unordered(8).collect::<Vec<_>>();
    let killer = async {
        while answered_so_far.load(std::sync::atomic::Ordering::SeqCst) < 12 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        servers[0].kill().await;
    };
    let (answered, ()) = tokio::join!(stream, killer);
    let answered: Vec<Answered> = answered.into_iter().flatten().collect();
    assert!(!answered.is_empty(), "some requests were answered before the kill");

    for done in &answered {
        match done {
            Answered::Agent { token, on_call } => {
                let hash = switchboard_server::domain::token::token_hash(token);
                let state: String = sqlx::query_scalar("SELECT state FROM agent_sessions WHERE token_hash = $1")
                    .bind(&hash)
                    .fetch_one(&db)
                    .await
                    .expect("an answered logon is in the database");
                if *on_call {
                    assert_eq!(state, "on_call", "an answered state change is in the database");
                }
            }
            Answered::Promoted { id } => {
                let status: String =
                    sqlx::query_scalar("SELECT status FROM users WHERE id = $1").bind(id).fetch_one(&db).await.unwrap();
                assert_eq!(status, "support", "an answered status change is in the database");
                let audited: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM audit_log WHERE target_id = $1 AND action = 'status_changed'",
                )
                .bind(id)
                .fetch_one(&db)
                .await
                .unwrap();
                assert_eq!(audited, 1, "and audited");
            }
        }
    }
    // The other instance serves on, with what A committed.
    let (admin_b, _) = servers[1].signed_in("ngarcia").await;
    let board: AgentBoard = admin_b.get(servers[1].url(AGENTS)).send().await.unwrap().json().await.unwrap();
    let logged_on = answered.iter().filter(|a| matches!(a, Answered::Agent { .. })).count();
    assert!(board.agents.len() >= logged_on, "B's board lists the {logged_on} agents A logged on");
    println!("answered before the kill: {} of {}", answered.len(), 36 + 40);
}

/// A request instance A answered 2xx before it was killed.
enum Answered {
    Agent { token: String, on_call: bool },
    Promoted { id: i64 },
}

#[tokio::test]
#[ignore = "needs PostgreSQL and nginx: `cargo xtask test` installs and starts them"]
async fn status_pages_behind_the_load_balancer_outlive_a_killed_instance_and_catch_up() {
    // Every step has its own patience; this bounds them all, so that nothing hangs CI.
    tokio::time::timeout(Duration::from_secs(120), pages_outlive_a_killed_instance())
        .await
        .expect("the test finished within two minutes");
}

async fn pages_outlive_a_killed_instance() {
    let (mut servers, db, dir) = instances(2).await;
    let balancer = LoadBalancer::start(&[servers[0].port, servers[1].port], &dir).await;
    let lb = |path: &str| format!("{}{path}", balancer.base);
    let admin = Client::builder().cookie_store(true).build().unwrap();
    let signed_in = admin
        .post(lb(SESSION))
        .json(&json!({ "username": "ngarcia", "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    let session: Session = signed_in.json().await.unwrap();
    // Four Status pages through the load balancer: round robin puts some on each instance.
    let mut pages = Vec::new();
    for _ in 0..4 {
        let page = admin.get(lb(AGENT_EVENTS)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        pages.push(page);
    }

    servers[0].kill().await;
    // The pages on the killed instance see their stream end, as a browser would.
    let mut ended = 0;
    for page in &mut pages {
        if let Ok(Ok(None) | Err(_)) = tokio::time::timeout(Duration::from_secs(3), page.chunk()).await {
            ended += 1;
        }
    }
    assert!(ended >= 1, "a page was on the killed instance");

    // While it is down: a Force Logout through the load balancer reaches the live instance.
    let board: AgentBoard = admin.get(lb(AGENTS)).send().await.unwrap().json().await.unwrap();
    let id = board.agents[0].session_id;
    let forced =
        admin.post(lb(&paths::force_logout(id))).header(CSRF_HEADER, &session.csrf_token).send().await.unwrap();
    assert_eq!(forced.status(), StatusCode::OK);

    // A page reconnects (through the load balancer, to the live instance) and reloads its
    // board: the database's live sessions, the one forced out gone.
    let mut reconnected = admin.get(lb(AGENT_EVENTS)).send().await.unwrap();
    assert_eq!(reconnected.status(), StatusCode::OK);
    let board: AgentBoard = admin.get(lb(AGENTS)).send().await.unwrap().json().await.unwrap();
    let mut shown: Vec<i64> = board.agents.iter().map(|a| a.session_id).collect();
    shown.sort();
    let live: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM agent_sessions WHERE company_id = 1 AND ended_at IS NULL ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(shown, live);
    assert!(!shown.contains(&id));
    // And it is live again: a log-on through the load balancer is pushed to it.
    let login = Client::new()
        .post(lb(&paths::agent_service_login("northwind")))
        .json(&json!({ "agent_number": "1034", "passcode": DEMO_AGENT_PASSCODE, "station": "Desk 34" }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    assert!(read_until(&mut reconnected, "\"agent_number\":\"1034\"", Duration::from_secs(5)).await.is_some());
}

#[tokio::test]
#[ignore = "needs PostgreSQL: `cargo xtask test` starts one"]
async fn a_change_no_instance_told_of_is_found_and_the_pages_resync() {
    let (servers, db, _dir) = instances(2).await;
    let b = &servers[1];
    let (admin, _) = b.signed_in("ngarcia").await;
    let board: AgentBoard = admin.get(b.url(AGENTS)).send().await.unwrap().json().await.unwrap();
    let id = board.agents[0].session_id;
    let mut page = status_page(b, &admin).await;
    // Committed by an instance that died before it could tell the others.
    sqlx::query("UPDATE agent_sessions SET ended_at = 1, end_reason = 'logout' WHERE id = $1")
        .bind(id)
        .execute(&db)
        .await
        .unwrap();
    let resynced = read_until(&mut page, "{\"kind\":\"resync\"}", Duration::from_secs(10)).await;
    assert!(resynced.is_some(), "the page was told to reload its board");
    let board: AgentBoard = admin.get(b.url(AGENTS)).send().await.unwrap().json().await.unwrap();
    assert!(board.agents.iter().all(|agent| agent.session_id != id), "the board is the database's again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL: `cargo xtask test` starts one"]
async fn guesses_spread_over_two_instances_get_no_more_checks_than_on_one() {
    let (servers, db, _dir) = instances(2).await;
    let guesses: Vec<std::pin::Pin<Box<dyn std::future::Future<Output = StatusCode> + Send>>> = (0..40)
        .map(|i| {
            let request = Client::new()
                .post(servers[i % 2].url(&paths::agent_service_login("northwind")))
                .json(&json!({ "agent_number": "1030", "passcode": format!("{:04}", 5000 + i), "station": "S30" }));
            Box::pin(async move { request.send().await.unwrap().status() }) as _
        })
        .collect();
    let statuses = all_at_once(guesses).await;
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    // The agent number's allowance (5) is one count in the database, whichever instance asks.
    assert_eq!((checked, refused), (5, 35), "{statuses:?}");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM agent_sign_in_attempts WHERE agent_number = '1030'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(rows, 5);
    // And the number is held on both instances, right passcode or not.
    for server in &servers {
        let right = Client::new()
            .post(server.url(&paths::agent_service_login("northwind")))
            .json(&json!({ "agent_number": "1030", "passcode": DEMO_AGENT_PASSCODE, "station": "S30" }))
            .send()
            .await
            .unwrap();
        assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}
