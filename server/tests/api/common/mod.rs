//! spawn_app(): the real server on port 0 with its own fresh database, seen through a proxy
//! that checks every response for leaked secrets (leaks.rs).
//!
//! The database is a SQLite file, or with `SWITCHBOARD_TEST_DATABASE=postgres` a new
//! database for each test on the PostgreSQL server that `SWITCHBOARD_TEST_POSTGRES` names
//! (`cargo xtask test` starts a throwaway one, and runs the suite both ways).
//! Tests read and set up rows through a pool of their own (`db()`), as an outsider would.

mod leaks;

use reqwest::header::HeaderMap;
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use sqlx::AnyPool;
use switchboard_server::storage::demo::{Shape, DEMO_OPERATOR, DEMO_PASSWORD};
use switchboard_server::{Config, DemoData, Running};
use switchboard_wire::paths::CSRF_HEADER;
// Every test names the API's paths as the server routes them: wire's constants and fillers.
pub use switchboard_wire::paths::{
    self, AGENTS, AGENT_EVENTS, AGENT_REFUSALS, AGENT_SERVICE_LOGIN, AGENT_THROTTLE, API, AUDIT, CONTACTS,
    FORCE_LOGOUT, HEALTH, OPENAPI, SESSION, STATUS_CHANGES, USERS, USER_AGENT, USER_LOCKOUT,
};
use switchboard_wire::{ErrorBody, OperatorSession, Session};
use tempfile::TempDir;

pub struct TestApp {
    pub server: Running,
    pub dir: TempDir,
    /// The server's database URL.
    pub database_url: String,
    db: AnyPool,
    /// The leak-checking proxy in front of the server; `url()` points at it.
    proxy: std::net::SocketAddr,
}

pub fn demo_shape() -> Shape {
    Shape::DEMO
}

/// The server with the demo data, on a random port, with a database of its own.
pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

/// The same, after `adjust` has changed the configuration.
pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database(&dir).await;
    let mut config = test_config(&dir, &database_url);
    adjust(&mut config);
    let server = switchboard_server::start(config).await.expect("server starts");
    let db = outsider_pool(&database_url).await;
    let proxy = leaks::start(server.addr, db.clone()).await;
    TestApp { server, dir, database_url, db, proxy }
}

pub fn test_config(dir: &TempDir, database_url: &str) -> Config {
    let mut config = Config::for_test(database_url.to_string(), dir.path().join("dist"));
    config.demo_data = Some(DemoData::Demo);
    config
}

/// Whether this run of the suite is against PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("SWITCHBOARD_TEST_DATABASE").is_ok_and(|db| db == "postgres")
}

/// The URL of the PostgreSQL server the tests may use (its `postgres` database).
pub fn postgres_server() -> String {
    std::env::var("SWITCHBOARD_TEST_POSTGRES").ok().filter(|url| !url.is_empty()).expect(
        "SWITCHBOARD_TEST_POSTGRES names no PostgreSQL server: `cargo xtask test` starts one for the tests that need it",
    )
}

/// A new empty database: a SQLite file in `dir`, or a new database on the test PostgreSQL.
pub async fn fresh_database(dir: &TempDir) -> String {
    if !on_postgres() {
        return format!("sqlite://{}", dir.path().join("test.db").display());
    }
    fresh_postgres_database().await
}

/// A new empty database on the test PostgreSQL server.
pub async fn fresh_postgres_database() -> String {
    let server = postgres_server();
    use sqlx::Connection;
    let name =
        format!("t{}", switchboard_server::domain::token::random_token().to_ascii_lowercase().replace(['-', '_'], ""));
    let name = &name[..name.len().min(40)];
    let mut admin = sqlx::PgConnection::connect(&server).await.expect("the test PostgreSQL answers");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create database");
    let _ = admin.close().await;
    let (base, _) = server.rsplit_once('/').expect("URL with a database");
    format!("{base}/{name}")
}

/// A pool on the database of the test, apart from the server's.
pub async fn outsider_pool(url: &str) -> AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::pool::PoolOptions::new().max_connections(4).connect(url).await.expect("the test opens the database")
}

impl TestApp {
    /// A URL of the server, through the leak-checking proxy.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.proxy)
    }

    /// A client with a cookie jar, as a browser would be.
    pub fn browser(&self) -> Client {
        Client::builder().cookie_store(true).build().expect("client")
    }

    pub async fn sign_in(&self, client: &Client, username: &str, password: &str) -> Response {
        client
            .post(self.url(SESSION))
            .json(&json!({ "username": username, "password": password }))
            .send()
            .await
            .expect("request")
    }

    /// Signs in a demo user and returns their client and session.
    pub async fn signed_in(&self, username: &str) -> (Client, Session) {
        let client = self.browser();
        let response = self.sign_in(&client, username, DEMO_PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK, "sign-in of {username}");
        (client, response.json().await.expect("session"))
    }

    /// Signs in the demo operator (Switchboard support) and returns their client and session.
    pub async fn operator(&self) -> (Client, OperatorSession) {
        let client = self.browser();
        let response = client
            .post(self.url(paths::OPERATOR_SESSION))
            .json(&json!({ "username": DEMO_OPERATOR.0, "password": DEMO_PASSWORD }))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK, "the operator's sign-in");
        (client, response.json().await.expect("operator session"))
    }

    /// The test's own pool on the server's database.
    pub fn db(&self) -> &AnyPool {
        &self.db
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(self.db()).await.expect("count")
    }
}

/// The response's error body, checking that it has the one error shape.
pub async fn error_body(response: Response) -> ErrorBody {
    let content_type = response.headers().get("content-type").cloned();
    let text = response.text().await.expect("body");
    assert_eq!(
        content_type.as_ref().and_then(|v| v.to_str().ok()),
        Some("application/json"),
        "error body is JSON: {text}"
    );
    let value: Value = serde_json::from_str(&text).expect("JSON error body");
    let keys: Vec<&str> = value.as_object().expect("object").keys().map(String::as_str).collect();
    assert!(keys.iter().all(|k| ["code", "message", "fields", "ids"].contains(k)), "unexpected keys in {text}");
    let body: ErrorBody = serde_json::from_value(value).expect("ErrorBody");
    assert!(!body.message.is_empty());
    body
}

pub fn csrf(session: &Session) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(CSRF_HEADER, session.csrf_token.parse().expect("header value"));
    headers
}

/// The value of the cookie `name` that the response sets.
pub fn cookie_value(response: &Response, name: &str) -> Option<String> {
    set_cookie(response, name).and_then(|c| c.split(';').next()?.split_once('=').map(|(_, v)| v.to_string()))
}

/// The attributes of the Set-Cookie header for `name`.
pub fn set_cookie(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// Every user's (id, status, version): equal before and after means nothing changed.
pub async fn users_fingerprint(app: &TestApp) -> Vec<(i64, String, i64)> {
    sqlx::query_as("SELECT id, status, version FROM users ORDER BY id").fetch_all(app.db()).await.expect("fingerprint")
}

/// The id and version of a user, by username.
pub async fn user_ref(app: &TestApp, username: &str) -> (i64, i64) {
    sqlx::query_as("SELECT id, version FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(app.db())
        .await
        .expect("user exists")
}

/// Leaves `keep` as the only admins of their company (set up by SQL, not by the API).
pub async fn only_admins(app: &TestApp, keep: &[&str]) {
    let company: i64 = sqlx::query_scalar("SELECT company_id FROM users WHERE username = $1")
        .bind(keep[0])
        .fetch_one(app.db())
        .await
        .unwrap();
    sqlx::query("UPDATE users SET status = 'user' WHERE company_id = $1 AND status = 'admin'")
        .bind(company)
        .execute(app.db())
        .await
        .unwrap();
    for username in keep {
        sqlx::query("UPDATE users SET status = 'admin' WHERE username = $1")
            .bind(username)
            .execute(app.db())
            .await
            .unwrap();
    }
}

/// Makes `username` an admin (set up by SQL, not by the API): Lakeside's lwhite then
/// stands for "an admin of another company".
pub async fn make_admin(app: &TestApp, username: &str) {
    sqlx::query("UPDATE users SET status = 'admin' WHERE username = $1")
        .bind(username)
        .execute(app.db())
        .await
        .unwrap();
}

/// Fails if `body` carries any stored secret, by value: password and passcode hashes (whole,
/// or their hash part), session and agent token hashes, confirmation code hashes and
/// recognised-browser hashes.
pub async fn assert_no_secrets(app: &TestApp, body: &str) {
    check_no_secrets(app.db(), body).await
}

async fn check_no_secrets(db: &AnyPool, body: &str) {
    let queries = [
        // DISTINCT: a test may add 100,000 users with one hash, and a body is searched once a secret.
        "SELECT DISTINCT password_hash FROM users",
        "SELECT DISTINCT passcode_hash FROM agents",
        "SELECT token_hash FROM console_sessions",
        "SELECT token_hash FROM agent_sessions WHERE token_hash IS NOT NULL",
        "SELECT code_hash FROM confirmation_codes",
        "SELECT token_hash FROM known_devices",
        "SELECT password_hash FROM operators",
        "SELECT token_hash FROM operator_sessions",
        "SELECT token_hash FROM support_passes",
    ];
    for sql in queries {
        // A test may have broken the database on purpose: nothing to compare with then.
        let Ok(secrets) = sqlx::query_scalar::<_, String>(sql).fetch_all(db).await else { continue };
        for secret in secrets {
            // The digest part of a PHC string ($argon2id$…$salt$hash) is a secret of its own.
            let digest = secret.rsplit('$').next().unwrap_or(&secret);
            assert!(
                !body.contains(&secret) && (digest.len() < 16 || !body.contains(digest)),
                "a stored secret ({sql}) is in a response: {body}"
            );
        }
    }
}

/// Runs every future at the same moment: each waits on one barrier, on the test's
/// multi-threaded runtime, so the server receives them together. Answers in order.
pub async fn all_at_once<T: Send + 'static>(
    work: Vec<std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send>>>,
) -> Vec<T> {
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(work.len()));
    let tasks: Vec<_> = work
        .into_iter()
        .map(|future| {
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                future.await
            })
        })
        .collect();
    let mut out = Vec::with_capacity(tasks.len());
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}

/// A phone's log-on to a company's agent service (`service` is its slug), as the request
/// leaves the phone: sent when awaited.
pub fn agent_login(
    app: &TestApp,
    service: &str,
    number: &str,
    passcode: &str,
    station: &str,
) -> impl std::future::Future<Output = Response> + Send + 'static {
    let request = Client::new()
        .post(app.url(&paths::agent_service_login(service)))
        .json(&json!({ "agent_number": number, "passcode": passcode, "station": station }));
    async move { request.send().await.expect("request") }
}

/// Reads the event stream until `needle` shows up, or gives up after `wait`.
pub async fn read_until(stream: &mut reqwest::Response, needle: &str, wait: std::time::Duration) -> Option<String> {
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + wait;
    while !seen.contains(needle) {
        match tokio::time::timeout_at(deadline, stream.chunk()).await {
            Ok(Ok(Some(bytes))) => seen.push_str(&String::from_utf8_lossy(&bytes)),
            _ => return None,
        }
    }
    Some(seen)
}
