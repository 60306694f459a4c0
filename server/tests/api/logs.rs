//! What the server writes to its log, read from the real binary's output: request paths
//! but never the search terms in their queries; security events with the client's address.

use reqwest::{Client, StatusCode};
use serde_json::json;
use std::process::Stdio;
use std::time::Duration;
use switchboard_wire::paths::{CONTACTS, HEALTH, SESSION, STATUS_CHANGES, USERS};

#[tokio::test]
async fn search_terms_stay_out_of_the_log_and_refusals_are_security_events() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let log = std::fs::File::create(dir.path().join("server.log")).unwrap();
    let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_switchboard-server"))
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .args(["--database-url", &format!("sqlite://{}", dir.path().join("db").display())])
        .args(["--dist", &dir.path().join("dist").to_string_lossy()])
        .args(["--demo-data", "demo", "--log", "info"])
        // The log goes to stdout (tracing's default), the rest to stderr: both to the file.
        .stdout(Stdio::from(log.try_clone().unwrap()))
        .stderr(Stdio::from(log.try_clone().unwrap()))
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    drop(log);
    let base = format!("http://127.0.0.1:{port}");
    let client = Client::builder().cookie_store(true).build().unwrap();
    let mut ready = false;
    for _ in 0..200 {
        if client.get(format!("{base}{HEALTH}")).send().await.is_ok() {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ready, "the server started");
    let signed_in = client
        .post(format!("{base}{SESSION}"))
        .json(&json!({ "username": "sbrooks", "password": "switchboard-demo" }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    let searched = client.get(format!("{base}{USERS}")).query(&[("q", "tom.nguyen@northwind.example")]).send().await;
    assert_eq!(searched.unwrap().status(), StatusCode::OK);
    let contacts = client.get(format!("{base}{CONTACTS}")).query(&[("q", "+1 555 010 0199")]).send().await;
    assert_eq!(contacts.unwrap().status(), StatusCode::OK);
    // A change sent without the session's anti-forgery token: refused as forged (403), a
    // security event.
    let refused = client.post(format!("{base}{STATUS_CHANGES}")).json(&json!({"changes": []})).send().await;
    assert_eq!(refused.unwrap().status(), StatusCode::FORBIDDEN);
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.kill().await.unwrap();

    let written = std::fs::read_to_string(dir.path().join("server.log")).unwrap();
    assert!(written.contains(USERS), "requests are logged by path: {written}");
    // The phone number's digits in any form it could be logged in (as typed, encoded,
    // normalised); not "555" alone, which a log line's timestamp may hold.
    for term in ["tom.nguyen", "northwind.example", "555 010", "555+010", "555%20010", "5550100199", "q="] {
        assert!(!written.contains(term), "the search term {term:?} is in the log:\n{written}");
    }
    let security: Vec<&str> = written.lines().filter(|l| l.contains("security")).collect();
    assert!(
        security.iter().any(|l| l.contains("csrf_rejected") && l.contains("127.0.0.1")),
        "the refusal is a security event with the client's address:\n{written}"
    );
}
