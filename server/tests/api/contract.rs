//! The OpenAPI document is the real contract: schemathesis generates requests from it
//! (valid ones, which must be accepted, and invalid ones, which must be refused) against
//! the real server, and every answer must be one the document lists, in its shape.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;
use switchboard_server::storage::demo::{DEMO_OPERATOR, DEMO_PASSWORD};
use switchboard_wire::paths::{OPERATOR_COOKIE, SESSION, SESSION_COOKIE};
use switchboard_wire::{OperatorSession, Session};

/// Examples per operation and phase: enough to find contract breaks, bounded for CI.
const EXAMPLES: &str = "25";
/// A fixed seed: CI runs the same requests every time; change it to explore further.
const SEED: &str = "20261203";

/// Runs schemathesis as the holder of `cookie` ("name=value") and its anti-forgery token.
async fn run_schemathesis(app: &TestApp, cookie: &str, csrf: &str, selection: &[&str]) {
    let program = std::env::var("SCHEMATHESIS")
        .expect("SCHEMATHESIS names the schemathesis command: run `cargo xtask test`, which installs it");
    let mut command = std::process::Command::new(program);
    command
        .args(["run", &app.url(OPENAPI), "--checks", "all"])
        .args(["--max-examples", EXAMPLES, "--seed", SEED])
        .args(["-H", &format!("Cookie: {cookie}"), "-H", &format!("x-csrf-token: {csrf}")])
        .args(selection)
        // Its cache of findings goes in the test's own folder, not in the checkout.
        .current_dir(app.dir.path())
        .env("NO_COLOR", "1");
    // schemathesis blocks; the server under test keeps the runtime's other worker.
    let output = tokio::task::spawn_blocking(move || command.output()).await.unwrap().expect("schemathesis runs");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "schemathesis found contract failures ({selection:?}):\n{report}");
    assert!(report.contains("generated"), "schemathesis tested nothing:\n{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs schemathesis: run `cargo xtask test`, which installs it"]
async fn generated_requests_get_only_documented_answers() {
    let app = spawn_app().await;
    let response = app
        .browser()
        .post(app.url(SESSION))
        .json(&json!({ "username": "ngarcia", "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = format!("{SESSION_COOKIE}={}", cookie_value(&response, SESSION_COOKIE).expect("session cookie"));
    let session: Session = response.json().await.unwrap();

    // For the operators' run at the end (before the runs' failed sign-ins hold this client's
    // address): an operator's session, and an open request to act on.
    let laura = app.signed_in("lwhite").await;
    let filed =
        laura.0.post(app.url(paths::SUPPORT_REQUESTS)).headers(csrf(&laura.1)).json(&json!({ "cause": "no_admin" }));
    assert_eq!(filed.send().await.unwrap().status(), StatusCode::CREATED);
    let response = app
        .browser()
        .post(app.url(paths::OPERATOR_SESSION))
        .json(&json!({ "username": DEMO_OPERATOR.0, "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    let operator_cookie =
        format!("{OPERATOR_COOKIE}={}", cookie_value(&response, OPERATOR_COOKIE).expect("operator cookie"));
    let operator: OperatorSession = response.json().await.unwrap();

    // Everything but the stream (it never ends), sign-out (it would end the run's session)
    // and the change sets, which may demote the run's own admin: they come last, alone.
    let rest = [
        "--exclude-path",
        AGENT_EVENTS,
        "--exclude-operation-id",
        "sign_out",
        "--exclude-operation-id",
        "change_statuses",
    ];
    run_schemathesis(&app, &cookie, &session.csrf_token, &rest).await;
    run_schemathesis(&app, &cookie, &session.csrf_token, &["--include-operation-id", "change_statuses"]).await;

    // The operators' API as an operator (its sign-out aside).
    let operators = ["--include-path-regex", "^/api/operator/", "--exclude-operation-id", "operator_sign_out"];
    run_schemathesis(&app, &operator_cookie, &operator.csrf_token, &operators).await;
}
