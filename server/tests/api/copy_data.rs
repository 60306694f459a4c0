//! `switchboard-server copy-data`: a SQLite installation moved to PostgreSQL keeps
//! everything, its signed-in browsers included. Needs PostgreSQL: a plain `cargo test`
//! skips it; `cargo xtask test` starts one.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;
use switchboard_server::storage::demo::DEMO_AGENT_PASSCODE;

#[tokio::test]
#[ignore = "needs PostgreSQL: `cargo xtask test` starts one"]
async fn a_sqlite_installation_moves_to_postgresql_with_all_its_data() {
    // A SQLite installation that has been used: sign-ins, a status change, agents.
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}", dir.path().join("old.db").display());
    let old = switchboard_server::start(test_config(&dir, &sqlite)).await.unwrap();
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let base = format!("http://{}", old.addr);
    let signed_in = client
        .post(format!("{base}{SESSION}"))
        .json(&json!({ "username": "ngarcia", "password": "switchboard-demo" }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    let session: switchboard_wire::Session = signed_in.json().await.unwrap();
    let source = outsider_pool(&sqlite).await;
    let (tom, version): (i64, i64) =
        sqlx::query_as("SELECT id, version FROM users WHERE username = 'tnguyen'").fetch_one(&source).await.unwrap();
    let promoted = client
        .post(format!("{base}{STATUS_CHANGES}"))
        .header("x-csrf-token", &session.csrf_token)
        .json(&json!({ "changes": [{ "user_id": tom, "version": version, "status": "support" }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(promoted.status(), StatusCode::OK);
    old.stop().await.unwrap();

    let postgres = fresh_postgres_database().await;
    let copy = tokio::process::Command::new(env!("CARGO_BIN_EXE_switchboard-server"))
        .args(["copy-data", "--from", &sqlite, "--to", &postgres])
        .output()
        .await
        .unwrap();
    let said = String::from_utf8_lossy(&copy.stdout);
    assert!(copy.status.success(), "{said}{}", String::from_utf8_lossy(&copy.stderr));
    assert!(said.contains("every table's count matches"), "{said}");

    let target = outsider_pool(&postgres).await;
    for (table, key) in [
        ("companies", Some("id")),
        ("users", Some("id")),
        ("console_sessions", Some("token_hash")),
        ("console_sign_in_attempts", Some("id")),
        ("agents", Some("id")),
        ("agent_sessions", Some("id")),
        ("agent_sign_in_attempts", Some("id")),
        ("contacts", Some("id")),
        ("contact_devices", Some("id")),
        ("confirmation_codes", Some("id")),
        ("messages", Some("id")),
        ("message_recipients", None),
        ("contact_login_attempts", Some("id")),
        ("audit_log", Some("id")),
        ("throttles", None),
        ("known_devices", None),
        ("user_counts", None),
        ("contact_counts", None),
    ] {
        let count = format!("SELECT COUNT(*) FROM {table}");
        let n_before: i64 = sqlx::query_scalar(&count).fetch_one(&source).await.unwrap();
        let n_after: i64 = sqlx::query_scalar(&count).fetch_one(&target).await.unwrap();
        assert_eq!(n_before, n_after, "{table} rows");
        if let Some(key) = key {
            let keys = format!("SELECT CAST({key} AS TEXT) FROM {table} ORDER BY {table}.{key}");
            let before: Vec<String> = sqlx::query_scalar(&keys).fetch_all(&source).await.unwrap();
            let after: Vec<String> = sqlx::query_scalar(&keys).fetch_all(&target).await.unwrap();
            assert_eq!(before, after, "{table}: the same rows");
        }
    }
    let users = "SELECT id, username, email, status, version, password_hash FROM users ORDER BY id";
    let a: Vec<(i64, String, String, String, i64, String)> = sqlx::query_as(users).fetch_all(&source).await.unwrap();
    let b: Vec<(i64, String, String, String, i64, String)> = sqlx::query_as(users).fetch_all(&target).await.unwrap();
    assert_eq!(a, b);
    let audit = "SELECT id, action, target_id, before_value, after_value, at FROM audit_log ORDER BY id";
    type Audit = (i64, String, i64, Option<String>, Option<String>, i64);
    let a: Vec<Audit> = sqlx::query_as(audit).fetch_all(&source).await.unwrap();
    let b: Vec<Audit> = sqlx::query_as(audit).fetch_all(&target).await.unwrap();
    assert_eq!((a.len(), &a), (1, &b), "the status change's audit row moved");

    // The server on PostgreSQL: the browser signed in before the move still is; new rows
    // get ids after the copied ones; searching works on the copied rows.
    let new = switchboard_server::start(test_config(&dir, &postgres)).await.unwrap();
    let base = format!("http://{}", new.addr);
    let me = client.get(format!("{base}{SESSION}")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK, "the session moved with the data");
    let found: switchboard_wire::UserPage =
        client.get(format!("{base}{USERS}?q=nguyen")).send().await.unwrap().json().await.unwrap();
    assert!(found.users.iter().any(|u| u.username == "tnguyen" && u.status == switchboard_wire::Status::Support));
    let max_before: i64 = sqlx::query_scalar("SELECT MAX(id) FROM agent_sessions").fetch_one(&target).await.unwrap();
    let login = reqwest::Client::new()
        .post(format!("{base}{}", paths::agent_service_login("northwind")))
        .json(&json!({ "agent_number": "1033", "passcode": DEMO_AGENT_PASSCODE, "station": "Moved 1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    let max_after: i64 = sqlx::query_scalar("SELECT MAX(id) FROM agent_sessions").fetch_one(&target).await.unwrap();
    assert!(max_after > max_before);
    new.stop().await.unwrap();

    // A second copy into the filled database is refused, and changes nothing.
    let again = tokio::process::Command::new(env!("CARGO_BIN_EXE_switchboard-server"))
        .args(["copy-data", "--from", &sqlite, "--to", &postgres])
        .output()
        .await
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}
