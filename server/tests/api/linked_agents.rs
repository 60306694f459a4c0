//! "Why can't they sign in?" for a user who is the person behind an agent number: the Ternio
//! article's checks 2 (already logged on as an agent) and 3 (someone else on their phone).

use crate::common::*;
use reqwest::{Client, Response, StatusCode};
use serde_json::json;
use switchboard_wire::{ErrorCode, Session, SignInCheck, SignInCheckKind, UserDetail};

async fn check(app: &TestApp, client: &Client, username: &str, kind: SignInCheckKind) -> SignInCheck {
    let (id, _) = user_ref(app, username).await;
    let response = client.get(app.url(&paths::user(id))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let detail: UserDetail = response.json().await.unwrap();
    detail.checks.into_iter().find(|c| c.check == kind).unwrap()
}

/// Links a user to an agent of a company's service, set up by SQL (no check of the company).
async fn link_by_sql(app: &TestApp, username: &str, service: &str, number: &str) {
    sqlx::query(
        "UPDATE users SET agent_id = (SELECT a.id FROM agents a JOIN companies c ON c.id = a.company_id
                                      WHERE c.slug = $1 AND a.agent_number = $2)
         WHERE username = $3",
    )
    .bind(service)
    .bind(number)
    .bind(username)
    .execute(app.db())
    .await
    .unwrap();
}

async fn force(app: &TestApp, client: &Client, session: &Session, id: i64) -> StatusCode {
    client.post(app.url(&paths::force_logout(id))).headers(csrf(session)).send().await.unwrap().status()
}

#[tokio::test]
async fn their_own_agents_open_session_is_found_and_force_logout_from_the_panel_clears_it() {
    let app = spawn_app().await;
    let (admin, session) = app.signed_in("ngarcia").await;
    // Tom Nguyen is the person behind agent 1003, whose phone went away with its session open.
    let own = check(&app, &admin, "tnguyen", SignInCheckKind::NoOpenAgentSession).await;
    assert!(!own.passed);
    assert!(own.finding.contains("logged on as agent 1003"), "{}", own.finding);
    assert!(own.finding.contains("stopped sending heartbeats"), "{}", own.finding);
    let id = own.session_id.expect("the session in the way");
    let is_1003 = app
        .count(&format!(
            "SELECT COUNT(*) FROM agent_sessions s JOIN agents a ON a.id = s.agent_id
             WHERE s.id = {id} AND a.agent_number = '1003' AND s.ended_at IS NULL"
        ))
        .await;
    assert_eq!(is_1003, 1);

    // Support reads the same check, and cannot end the session.
    let (support, support_session) = app.signed_in("sbrooks").await;
    assert_eq!(check(&app, &support, "tnguyen", SignInCheckKind::NoOpenAgentSession).await.session_id, Some(id));
    assert_eq!(force(&app, &support, &support_session, id).await, StatusCode::FORBIDDEN);

    assert_eq!(force(&app, &admin, &session, id).await, StatusCode::OK);
    let after = check(&app, &admin, "tnguyen", SignInCheckKind::NoOpenAgentSession).await;
    assert!(after.passed, "{}", after.finding);
    assert_eq!(after.session_id, None);
    assert_eq!(after.finding, "Agent 1003, theirs, is not logged on.");
}

#[tokio::test]
async fn another_agent_on_their_phone_number_is_found_but_their_own_agent_is_not_someone_else() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("ngarcia").await;
    // Agent 1002 is logged on with Daniel Okafor's phone number (the demo data).
    let phone = check(&app, &admin, "dokafor", SignInCheckKind::PhoneNotInUse).await;
    assert!(!phone.passed);
    assert!(
        phone.finding.contains("(agent 1002) is logged on with their phone number (555) 010-1001"),
        "{}",
        phone.finding
    );
    assert!(phone.session_id.is_some());
    // Unlinked users' own-session check says so; nobody is on Nora's number.
    let nora = check(&app, &admin, "ngarcia", SignInCheckKind::NoOpenAgentSession).await;
    assert!(nora.passed && nora.finding.contains("not linked"), "{}", nora.finding);
    assert!(check(&app, &admin, "ngarcia", SignInCheckKind::PhoneNotInUse).await.passed);

    // Once Daniel is the person behind agent 1002, that session is his own: check 2 names
    // it, check 3 no longer does.
    link_by_sql(&app, "dokafor", "northwind", "1002").await;
    assert!(check(&app, &admin, "dokafor", SignInCheckKind::PhoneNotInUse).await.passed);
    let own = check(&app, &admin, "dokafor", SignInCheckKind::NoOpenAgentSession).await;
    assert!(!own.passed && own.finding.contains("agent 1002 at (555) 010-1001"), "{}", own.finding);
}

#[tokio::test]
async fn a_link_to_another_companys_agent_counts_for_nothing() {
    let app = spawn_app().await;
    // A row pointing at Lakeside's logged-on agent 1001 from a Northwind user: the checks
    // look at the user's own company only.
    link_by_sql(&app, "ngarcia", "lakeside", "1001").await;
    let (admin, _) = app.signed_in("dokafor").await;
    let own = check(&app, &admin, "ngarcia", SignInCheckKind::NoOpenAgentSession).await;
    assert!(own.passed, "{}", own.finding);
    assert_eq!(own.session_id, None);
}

async fn link(app: &TestApp, client: &Client, session: &Session, username: &str, body: serde_json::Value) -> Response {
    let (id, _) = user_ref(app, username).await;
    client.put(app.url(&paths::user_agent(id))).headers(csrf(session)).json(&body).send().await.unwrap()
}

async fn linked_number(app: &TestApp, client: &Client, username: &str) -> Option<String> {
    let (id, _) = user_ref(app, username).await;
    let detail: UserDetail = client.get(app.url(&paths::user(id))).send().await.unwrap().json().await.unwrap();
    detail.agent_number
}

#[tokio::test]
async fn an_admin_links_a_user_to_an_agent_number_audited_and_the_checks_follow() {
    let app = spawn_app().await;
    let (admin, session) = app.signed_in("ngarcia").await;
    assert_eq!(linked_number(&app, &admin, "rmorales").await, None);
    // Rosa is the person behind agent 1005, logged on (the demo's agents 1001-1012 are).
    let linked = link(&app, &admin, &session, "rmorales", json!({ "agent_number": " 1005 " })).await;
    assert_eq!(linked.status(), StatusCode::NO_CONTENT);
    assert_eq!(linked_number(&app, &admin, "rmorales").await.as_deref(), Some("1005"));
    let own = check(&app, &admin, "rmorales", SignInCheckKind::NoOpenAgentSession).await;
    assert!(!own.passed && own.finding.contains("logged on as agent 1005"), "{}", own.finding);
    let audited: Vec<(String, String, String)> =
        sqlx::query_as("SELECT action, before_value, after_value FROM audit_log WHERE target_label = 'Rosa Morales'")
            .fetch_all(app.db())
            .await
            .unwrap();
    assert_eq!(audited, [("agent_linked".to_string(), "no agent".to_string(), "agent 1005".to_string())]);

    // The same link again changes nothing and writes nothing; null unlinks, audited.
    assert_eq!(
        link(&app, &admin, &session, "rmorales", json!({ "agent_number": "1005" })).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 1);
    assert_eq!(
        link(&app, &admin, &session, "rmorales", json!({ "agent_number": null })).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(linked_number(&app, &admin, "rmorales").await, None);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE after_value = 'no agent'").await, 1);
}

#[tokio::test]
async fn a_link_to_an_unknown_or_taken_number_or_a_bad_body_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (admin, session) = app.signed_in("ngarcia").await;
    let before = users_fingerprint(&app).await;
    let agents_before = app.count("SELECT COUNT(*) FROM users WHERE agent_id IS NOT NULL").await;

    let unknown = error_body(link(&app, &admin, &session, "rmorales", json!({ "agent_number": "9999" })).await).await;
    assert_eq!(unknown.code, ErrorCode::NotFound);
    assert_eq!(unknown.message, "No agent of Northwind Contact Center has the number 9999.");
    let blank = error_body(link(&app, &admin, &session, "rmorales", json!({ "agent_number": "  " })).await).await;
    assert_eq!(blank.code, ErrorCode::Validation);
    let long = json!({ "agent_number": "1".repeat(33) });
    assert_eq!(error_body(link(&app, &admin, &session, "rmorales", long).await).await.code, ErrorCode::Validation);
    // Tom is the person behind 1003 already.
    let taken = link(&app, &admin, &session, "rmorales", json!({ "agent_number": "1003" })).await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    assert!(error_body(taken).await.message.starts_with("Tom Nguyen is already the person behind that agent number"));
    let wrong_type = link(&app, &admin, &session, "rmorales", json!({ "agent_number": 1005 })).await;
    assert_eq!(wrong_type.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let extra = link(&app, &admin, &session, "rmorales", json!({ "agent_number": "1005", "user_id": 1 })).await;
    assert_eq!(extra.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let malformed = admin
        .put(app.url(&paths::user_agent(1)))
        .headers(csrf(&session))
        .header("content-type", "application/json")
        .body("{\"agent_number\":")
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(malformed).await.code, ErrorCode::BadRequest);
    let nobody = admin
        .put(app.url(&paths::user_agent(987_654)))
        .headers(csrf(&session))
        .json(&json!({ "agent_number": "1005" }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(nobody).await.code, ErrorCode::NotFound);

    assert_eq!(users_fingerprint(&app).await, before);
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE agent_id IS NOT NULL").await, agents_before);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 0);
}
