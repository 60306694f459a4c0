//! "Why can't they sign in?" for a user who is the person behind an agent number: the Ternio
//! article's checks 2 (already logged on as an agent) and 3 (someone else on their phone).

use crate::common::*;
use reqwest::{Client, StatusCode};
use switchboard_wire::{Session, SignInCheck, SignInCheckKind, UserDetail};

async fn check(app: &TestApp, client: &Client, username: &str, kind: SignInCheckKind) -> SignInCheck {
    let (id, _) = user_ref(app, username).await;
    let response = client.get(app.url(&paths::user(id))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let detail: UserDetail = response.json().await.unwrap();
    detail.checks.into_iter().find(|c| c.check == kind).unwrap()
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
    sqlx::query(
        "UPDATE users SET agent_id = (SELECT a.id FROM agents a JOIN companies c ON c.id = a.company_id
                                      WHERE c.slug = 'northwind' AND a.agent_number = '1002')
         WHERE username = 'dokafor'",
    )
    .execute(app.db())
    .await
    .unwrap();
    assert!(check(&app, &admin, "dokafor", SignInCheckKind::PhoneNotInUse).await.passed);
    let own = check(&app, &admin, "dokafor", SignInCheckKind::NoOpenAgentSession).await;
    assert!(!own.passed && own.finding.contains("agent 1002 at (555) 010-1001"), "{}", own.finding);
}

#[tokio::test]
async fn a_link_to_another_companys_agent_counts_for_nothing() {
    let app = spawn_app().await;
    // A row pointing at Lakeside's logged-on agent 1001 from a Northwind user: the checks
    // look at the user's own company only.
    sqlx::query(
        "UPDATE users SET agent_id = (SELECT a.id FROM agents a JOIN companies c ON c.id = a.company_id
                                      WHERE c.slug = 'lakeside' AND a.agent_number = '1001')
         WHERE username = 'ngarcia'",
    )
    .execute(app.db())
    .await
    .unwrap();
    let (admin, _) = app.signed_in("dokafor").await;
    let own = check(&app, &admin, "ngarcia", SignInCheckKind::NoOpenAgentSession).await;
    assert!(own.passed, "{}", own.finding);
    assert_eq!(own.session_id, None);
}
