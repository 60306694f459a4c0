//! The Overview's figures: one request, scoped to the company, moving with what happens.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;
use switchboard_server::storage::demo::DEMO_PASSWORD;
use switchboard_wire::paths::{OVERVIEW, SUPPORT_REQUESTS};
use switchboard_wire::{AgentState, ContactCause, Overview, RefusalReason, SignInCause};

async fn overview(client: &reqwest::Client, app: &TestApp) -> Overview {
    let response = client.get(app.url(OVERVIEW)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn reason(o: &Overview, reason: RefusalReason) -> i64 {
    o.refusals.by_reason.iter().find(|r| r.reason == reason).map_or(0, |r| r.count)
}

fn cause(o: &Overview, cause: SignInCause) -> i64 {
    o.sign_ins.by_cause.iter().find(|c| c.cause == cause).map_or(0, |c| c.users)
}

#[tokio::test]
async fn the_overview_counts_the_companys_day_and_moves_with_it() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("ngarcia").await;
    let before = overview(&admin, &app).await;
    let logged_on = app.count("SELECT COUNT(*) FROM agent_sessions WHERE company_id = 1 AND ended_at IS NULL").await;
    assert_eq!(before.agents.logged_on, logged_on);
    assert_eq!(before.agents.by_state.iter().map(|s| s.count).sum::<i64>(), logged_on);
    assert_eq!(before.agents.by_state.iter().map(|s| s.state).collect::<Vec<_>>(), AgentState::ALL);
    assert!(before.agents.stale >= 1, "the demo's stale agent");
    assert_eq!(before.refusals.per_quarter_hour.len(), Overview::BUCKETS);
    assert_eq!(before.at.0 - before.since.0, 24 * 3_600_000);
    // Sven's logins were lost on a VPN a few minutes before the data was made.
    assert!(before.contacts.by_cause.iter().any(|c| c.cause == ContactCause::Vpn && c.contacts >= 1));
    assert_eq!(before.open_support_requests, 0);

    // An agent logs on; another's passcode is wrong; another company's too.
    assert_eq!(agent_login(&app, "northwind", "1020", "2468", "S20").await.status(), StatusCode::OK);
    agent_login(&app, "northwind", "1025", "0000", "S25").await;
    agent_login(&app, "lakeside", "1001", "0000", "L1").await;
    // A console user gets her password wrong.
    app.sign_in(&app.browser(), "ngarcia", "not-it").await;
    let after = overview(&admin, &app).await;
    assert_eq!(after.agents.logged_on, before.agents.logged_on + 1);
    let available = |o: &Overview| o.agents.by_state.iter().find(|s| s.state == AgentState::Available).unwrap().count;
    assert_eq!(available(&after), available(&before) + 1, "a new session starts available");
    assert_eq!(after.refusals.total, before.refusals.total + 1, "Lakeside's refusal is not Northwind's");
    assert_eq!(reason(&after, RefusalReason::WrongPasscode), reason(&before, RefusalReason::WrongPasscode) + 1);
    let last = Overview::BUCKETS - 1;
    assert_eq!(after.refusals.per_quarter_hour[last], before.refusals.per_quarter_hour[last] + 1);
    assert_eq!(cause(&after, SignInCause::WrongPassword), cause(&before, SignInCause::WrongPassword) + 1);

    // Five wrong passwords lock a username out.
    for _ in 0..5 {
        app.sign_in(&app.browser(), "dokafor", "guess").await;
    }
    let locked = overview(&admin, &app).await;
    assert_eq!(locked.sign_ins.locked_now, after.sign_ins.locked_now + 1);
    // Tom signs in and meets "For Admin Access Only".
    app.signed_in("tnguyen").await;
    assert!(cause(&overview(&admin, &app).await, SignInCause::NotAnAdmin) >= 1);
}

#[tokio::test]
async fn the_overview_is_for_support_and_admins_of_the_company_only() {
    let app = spawn_app().await;
    assert_eq!(app.browser().get(app.url(OVERVIEW)).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let (user, _) = app.signed_in("tnguyen").await;
    let refused = user.get(app.url(OVERVIEW)).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    error_body(refused).await;
    let (support, _) = app.signed_in("sbrooks").await;
    overview(&support, &app).await;

    // Lakeside's open request shows on Lakeside's overview, not Northwind's.
    let laura = app.signed_in("lwhite").await;
    let filed = laura.0.post(app.url(SUPPORT_REQUESTS)).headers(csrf(&laura.1)).json(&json!({ "cause": "no_admin" }));
    assert_eq!(filed.send().await.unwrap().status(), StatusCode::CREATED);
    make_admin(&app, "pcho").await;
    let peter = app.browser();
    assert_eq!(app.sign_in(&peter, "pcho", DEMO_PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(overview(&peter, &app).await.open_support_requests, 1);
    assert_eq!(overview(&support, &app).await.open_support_requests, 0);
}
