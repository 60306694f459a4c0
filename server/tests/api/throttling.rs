//! Anti-automation from the attacker's side: agent passcodes and console passwords cannot
//! be guessed faster than the throttles allow, parallel bursts get no extra guesses, and
//! a locked-out username still signs in from its owner's browser.

use crate::common::*;
use futures_util::future::join_all;
use reqwest::{Client, Response, StatusCode};
use switchboard_server::storage::demo::{DEMO_AGENT_PASSCODE, DEMO_PASSWORD};
use switchboard_wire::{AgentBoard, ErrorCode, UserDetail};

async fn northwind_login(app: &TestApp, number: &str, passcode: &str, station: &str) -> Response {
    agent_login(app, "northwind", number, passcode, station).await
}

async fn audit_rows(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(app.db())
        .await
        .unwrap()
}

#[tokio::test]
async fn guessing_an_agent_passcode_is_refused_before_the_right_one_can_be_confirmed() {
    let app = spawn_app().await;
    // 1001 is logged on at start, so a right passcode would answer "already logged on".
    for guess in ["0000", "1111", "2222", "3333", "4444"] {
        let response = northwind_login(&app, "1001", guess, "Station 90").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "guess {guess}");
    }
    // The right passcode now: neither 200 nor the 409 that would confirm it.
    let right = northwind_login(&app, "1001", DEMO_AGENT_PASSCODE, "Station 90").await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(right.headers()["retry-after"], "30");
    let body = error_body(right).await;
    assert_eq!(body.code, ErrorCode::TooManyAttempts);
    assert_eq!(body.message, "Too many attempts; try again in a minute.");
    // An unknown number is throttled the same way, so throttling reveals nothing either.
    for _ in 0..5 {
        assert_eq!(northwind_login(&app, "7777", "0000", "Station 91").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(northwind_login(&app, "7777", "0000", "Station 91").await.status(), StatusCode::TOO_MANY_REQUESTS);
    // Other agents are not held up.
    assert_eq!(northwind_login(&app, "1020", DEMO_AGENT_PASSCODE, "Station 20").await.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_parallel_burst_of_agent_guesses_gets_no_more_checks_than_a_sequence() {
    let app = spawn_app().await;
    let burst = (0..40).map(|i| {
        let app = &app;
        async move { northwind_login(app, "1030", &format!("{:04}", 5000 + i), "Station 30").await.status() }
    });
    let statuses = join_all(burst).await;
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((checked, refused), (5, 35), "{statuses:?}");
    let rows = app.count("SELECT COUNT(*) FROM agent_sign_in_attempts WHERE agent_number = '1030'").await;
    assert_eq!(rows, 5, "refusals while throttled write no attempt rows");
}

#[tokio::test]
async fn the_status_page_lists_throttled_numbers_and_an_admin_clears_them_audited() {
    let app = spawn_app().await;
    for _ in 0..5 {
        northwind_login(&app, "1025", "0000", "Station 25").await;
    }
    let (admin, session) = app.signed_in("ngarcia").await;
    let board: AgentBoard = admin.get(app.url(AGENTS)).send().await.unwrap().json().await.unwrap();
    let row = board.throttled.iter().find(|t| t.agent_number == "1025").expect("1025 is listed as throttled");
    assert_eq!(row.failures, 5);
    assert!(row.agent_name.is_some());
    assert!(row.reason.contains("right passcode or not"), "{}", row.reason);

    let clear = |client: &Client, headers| client.delete(app.url(&paths::agent_throttle(1025))).headers(headers).send();
    // Support sees but clears nothing; another company's admin does not know the number.
    let (support, support_session) = app.signed_in("sbrooks").await;
    assert_eq!(clear(&support, csrf(&support_session)).await.unwrap().status(), StatusCode::FORBIDDEN);
    make_admin(&app, "lwhite").await;
    let (other, other_session) = app.signed_in("lwhite").await;
    assert_eq!(clear(&other, csrf(&other_session)).await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(clear(&admin, Default::default()).await.unwrap().status(), StatusCode::FORBIDDEN, "no CSRF token");
    assert_eq!(audit_rows(&app, "agent_throttle_cleared").await, 0);
    assert_eq!(
        northwind_login(&app, "1025", DEMO_AGENT_PASSCODE, "Station 25").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    assert_eq!(clear(&admin, csrf(&session)).await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(audit_rows(&app, "agent_throttle_cleared").await, 1);
    assert_eq!(clear(&admin, csrf(&session)).await.unwrap().status(), StatusCode::NOT_FOUND, "nothing left to clear");
    assert_eq!(northwind_login(&app, "1025", DEMO_AGENT_PASSCODE, "Station 25").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_locked_out_username_still_signs_in_from_its_owners_browser() {
    let app = spawn_app().await;
    // The owner signed in from this browser before: it holds the device cookie.
    let owner = app.browser();
    assert_eq!(app.sign_in(&owner, "ngarcia", DEMO_PASSWORD).await.status(), StatusCode::OK);
    // A stranger locks the username.
    let stranger = app.browser();
    for _ in 0..5 {
        assert_eq!(app.sign_in(&stranger, "ngarcia", "guess").await.status(), StatusCode::UNAUTHORIZED);
    }
    let refused = app.sign_in(&stranger, "ngarcia", DEMO_PASSWORD).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS, "the stranger must wait, right password or not");
    // The owner is not held up by the stranger's failures.
    assert_eq!(app.sign_in(&owner, "ngarcia", DEMO_PASSWORD).await.status(), StatusCode::OK);
    // A device cookie of another user does not count as this user's browser.
    let other = app.browser();
    assert_eq!(app.sign_in(&other, "sbrooks", DEMO_PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(app.sign_in(&other, "ngarcia", DEMO_PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_parallel_burst_of_passwords_gets_no_more_checks_than_a_sequence() {
    let app = spawn_app().await;
    let burst = (0..40).map(|i| {
        let app = &app;
        async move { app.sign_in(&app.browser(), "dokafor", &format!("guess {i}")).await.status() }
    });
    let statuses = join_all(burst).await;
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    assert_eq!(checked, 5, "{statuses:?}");
    assert!(statuses.iter().all(|s| [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(s)));
    assert_eq!(app.count("SELECT COUNT(*) FROM console_sign_in_attempts WHERE outcome = 'wrong_password'").await, 5);
    // The 35 refused attempts wrote nothing: refusing is cheap.
    assert_eq!(app.count("SELECT COUNT(*) FROM console_sign_in_attempts WHERE identifier = 'dokafor'").await, 5);
}

#[tokio::test]
async fn one_client_spraying_passwords_over_many_usernames_is_slowed_down() {
    let app = spawn_app().await;
    let client = app.browser();
    // Thirty failures over thirty names: no name reaches its own limit.
    for i in 0..30 {
        let status = app.sign_in(&client, &format!("nobody{i}"), "guess").await.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let next = app.sign_in(&client, "ngarcia", DEMO_PASSWORD).await;
    assert_eq!(next.status(), StatusCode::TOO_MANY_REQUESTS, "the client's allowance is used up");
    assert!(next.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 60);
}

#[tokio::test]
async fn an_admin_sees_and_clears_a_users_lockout_audited() {
    let app = spawn_app().await;
    let (admin, session) = app.signed_in("ngarcia").await;
    let stranger = app.browser();
    for _ in 0..5 {
        app.sign_in(&stranger, "dokafor", "guess").await;
    }
    let (id, _) = user_ref(&app, "dokafor").await;
    let detail: UserDetail = admin.get(app.url(&paths::user(id))).send().await.unwrap().json().await.unwrap();
    let lockout = detail.lockout.expect("the lockout is shown");
    assert_eq!(lockout.failures, 5);
    let check = detail.checks.iter().find(|c| !c.passed).expect("a failed check");
    assert!(check.finding.contains("5 failed sign-ins"), "{}", check.finding);

    let path = app.url(&paths::user_lockout(id));
    let (support, support_session) = app.signed_in("sbrooks").await;
    assert_eq!(
        support.delete(&path).headers(csrf(&support_session)).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    make_admin(&app, "lwhite").await;
    let (other, other_session) = app.signed_in("lwhite").await;
    assert_eq!(other.delete(&path).headers(csrf(&other_session)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(audit_rows(&app, "lockout_cleared").await, 0);
    assert_eq!(app.sign_in(&stranger, "dokafor", DEMO_PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);

    assert_eq!(admin.delete(&path).headers(csrf(&session)).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(audit_rows(&app, "lockout_cleared").await, 1);
    let detail: UserDetail = admin.get(app.url(&paths::user(id))).send().await.unwrap().json().await.unwrap();
    assert!(detail.lockout.is_none());
    assert_eq!(app.sign_in(&stranger, "dokafor", DEMO_PASSWORD).await.status(), StatusCode::OK);
}
