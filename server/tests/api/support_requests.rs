//! Support requests, end to end over HTTP: filed where the console says "submit a support
//! ticket", answered by an operator, audited in the company's log with the request, and
//! seen by the requester at their next sign-in.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use switchboard_server::storage::demo::DEMO_PASSWORD;
use switchboard_wire::paths::{OPERATOR_REQUESTS, SUPPORT_PASS_COOKIE, SUPPORT_REQUESTS, SUPPORT_REQUEST_TRIAL};
use switchboard_wire::{
    ConsoleAccess, OperatorSession, RequestQueue, RequestState, Session, SupportCause, SupportRequest,
};

async fn act(
    app: &TestApp,
    operator: &(reqwest::Client, OperatorSession),
    id: i64,
    action: Value,
) -> reqwest::Response {
    operator
        .0
        .post(app.url(&paths::operator_request_action(id)))
        .header(paths::CSRF_HEADER, &operator.1.csrf_token)
        .json(&action)
        .send()
        .await
        .unwrap()
}

async fn file(app: &TestApp, (client, session): &(reqwest::Client, Session), body: Value) -> reqwest::Response {
    client.post(app.url(SUPPORT_REQUESTS)).headers(csrf(session)).json(&body).send().await.unwrap()
}

async fn queue(app: &TestApp, operator: &(reqwest::Client, OperatorSession), state: &str) -> RequestQueue {
    let response = operator.0.get(app.url(&format!("{OPERATOR_REQUESTS}?state={state}"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// The audit rows an operator wrote: (action, target, support request).
async fn operator_audit(app: &TestApp) -> Vec<(String, String, i64)> {
    sqlx::query_as(
        "SELECT action, target_label, support_request_id FROM audit_log
         WHERE actor_operator_id IS NOT NULL AND actor_user_id IS NULL ORDER BY id",
    )
    .fetch_all(app.db())
    .await
    .unwrap()
}

#[tokio::test]
async fn no_admin_request_is_answered_by_an_operator_who_appoints_the_first_admin() {
    let app = spawn_app().await;
    let laura = app.signed_in("lwhite").await;
    assert!(matches!(&laura.1.access, ConsoleAccess::AdminAccessOnly { admins, .. } if admins.is_empty()));
    assert!(laura.1.support_requests.is_empty());

    let response = file(&app, &laura, json!({ "cause": "no_admin" })).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let filed: SupportRequest = response.json().await.unwrap();
    assert_eq!(
        (filed.cause, filed.state, filed.about.as_str()),
        (SupportCause::NoAdmin, RequestState::Open, "Laura White")
    );
    // A second press files nothing new.
    let again = file(&app, &laura, json!({ "cause": "no_admin" })).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.json::<SupportRequest>().await.unwrap().id, filed.id);
    assert_eq!(app.count("SELECT COUNT(*) FROM support_requests").await, 1);
    // What it records: the email she signs in with, her company, the diagnosed cause; no password.
    let (email, company, diagnosis): (String, String, String) = sqlx::query_as(
        "SELECT r.email, c.slug, r.diagnosis FROM support_requests r JOIN companies c ON c.id = r.company_id",
    )
    .fetch_one(app.db())
    .await
    .unwrap();
    assert_eq!((email.as_str(), company.as_str()), ("laura.white@lakeside.example", "lakeside"));
    assert!(diagnosis.contains("Lakeside Dental Group has no admin"), "{diagnosis}");
    assert!(!format!("{email}{diagnosis}").contains(DEMO_PASSWORD));
    // The session shows her request open.
    let me: Session = laura.0.get(app.url(SESSION)).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        me.support_requests.iter().map(|r| (r.id, r.state)).collect::<Vec<_>>(),
        [(filed.id, RequestState::Open)]
    );

    let operator = app.operator().await;
    let open = queue(&app, &operator, "open").await;
    assert_eq!(open.open, 1);
    let queued = &open.requests[0];
    assert_eq!(
        (queued.id, queued.company.name.as_str(), queued.company.admins, queued.about.username.as_str()),
        (filed.id, "Lakeside Dental Group", 0, "lwhite")
    );
    assert_eq!(queued.email, "laura.white@lakeside.example");

    // An action that does not fit the cause, and a note that is empty, change nothing.
    assert_eq!(act(&app, &operator, filed.id, json!({ "action": "unlock" })).await.status(), StatusCode::CONFLICT);
    let empty = act(&app, &operator, filed.id, json!({ "action": "close", "note": "  " })).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_body(empty).await.fields[0].field, "note");
    assert!(operator_audit(&app).await.is_empty());

    let answered = act(&app, &operator, filed.id, json!({ "action": "appoint_admin" })).await;
    assert_eq!(answered.status(), StatusCode::OK);
    let answered: SupportRequest = answered.json().await.unwrap();
    assert_eq!(answered.state, RequestState::Answered);
    assert_eq!(answered.answer.as_deref(), Some("Laura White was made the first admin of Lakeside Dental Group."));
    let status: String =
        sqlx::query_scalar("SELECT status FROM users WHERE username = 'lwhite'").fetch_one(app.db()).await.unwrap();
    assert_eq!(status, "admin");
    assert_eq!(operator_audit(&app).await, [("status_changed".to_string(), "Laura White".to_string(), filed.id)]);
    // Answered once: a second answer is refused.
    let twice = act(&app, &operator, filed.id, json!({ "action": "appoint_admin" })).await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    assert!(error_body(twice).await.message.contains("answered already"));
    assert_eq!(queue(&app, &operator, "open").await.open, 0);
    assert_eq!(queue(&app, &operator, "answered").await.requests[0].answered_by.as_deref(), Some("Maya Rivera"));

    // Her next sign-in: the console, and the answer.
    let laura = app.signed_in("lwhite").await;
    assert!(matches!(laura.1.access, ConsoleAccess::Console { .. }));
    assert_eq!(laura.1.support_requests[0].state, RequestState::Answered);
    // The company's audit log says who did it and which request it answered.
    let audit: Value = laura.0.get(app.url(AUDIT)).send().await.unwrap().json().await.unwrap();
    let event = &audit["events"][0];
    assert_eq!(event["support"], json!({ "operator": "Maya Rivera", "request_id": filed.id }));
    assert_eq!(event["actor"], Value::Null);
    // And a company with an admin now cannot ask for a first one.
    let refused = file(&app, &laura, json!({ "cause": "no_admin" })).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_trial_ended_sign_in_files_its_request_with_a_pass_and_an_operator_extends_the_trial() {
    let app = spawn_app().await;
    // Without a pass (no sign-in, or a wrong password) there is nothing to file with.
    assert_eq!(
        app.browser().post(app.url(SUPPORT_REQUEST_TRIAL)).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let guesser = app.browser();
    let wrong = app.sign_in(&guesser, "kpatel", "not-the-password").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(set_cookie(&wrong, SUPPORT_PASS_COOKIE).is_none());
    assert_eq!(guesser.post(app.url(SUPPORT_REQUEST_TRIAL)).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    // A forged pass is no pass.
    let forged = reqwest::Client::new()
        .post(app.url(SUPPORT_REQUEST_TRIAL))
        .header("cookie", format!("{SUPPORT_PASS_COOKIE}=forged"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);

    let kiran = app.browser();
    let refused = app.sign_in(&kiran, "kpatel", DEMO_PASSWORD).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let pass = set_cookie(&refused, SUPPORT_PASS_COOKIE).expect("a pass");
    assert!(pass.contains("HttpOnly") && pass.contains("SameSite=Strict") && pass.contains("Max-Age=900"), "{pass}");
    assert_eq!(error_body(refused).await.code, switchboard_wire::ErrorCode::TrialExpired);

    let filed = kiran.post(app.url(SUPPORT_REQUEST_TRIAL)).send().await.unwrap();
    assert_eq!(filed.status(), StatusCode::CREATED);
    let filed: SupportRequest = filed.json().await.unwrap();
    assert_eq!((filed.cause, filed.about.as_str()), (SupportCause::TrialEnded, "Kiran Patel"));
    assert_eq!(kiran.post(app.url(SUPPORT_REQUEST_TRIAL)).send().await.unwrap().status(), StatusCode::OK);
    let email: String = sqlx::query_scalar("SELECT email FROM support_requests").fetch_one(app.db()).await.unwrap();
    assert_eq!(email, "kiran.patel@bluebird.example");
    // Signing in again, the refusal says the request is open.
    let again = error_body(app.sign_in(&kiran, "kpatel", DEMO_PASSWORD).await).await;
    assert!(again.message.contains("is open"), "{}", again.message);
    // A signed-in session cannot file a trial request the other way either.
    let laura = app.signed_in("lwhite").await;
    let other_way = file(&app, &laura, json!({ "cause": "trial_ended" })).await;
    assert_eq!(other_way.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let operator = app.operator().await;
    let wrong_action = act(&app, &operator, filed.id, json!({ "action": "appoint_admin" })).await;
    assert_eq!(wrong_action.status(), StatusCode::CONFLICT);
    for days in [0, 91] {
        let response = act(&app, &operator, filed.id, json!({ "action": "extend_trial", "days": days })).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{days} days");
    }
    let before = app.server.clock.now();
    let extended = act(&app, &operator, filed.id, json!({ "action": "extend_trial", "days": 14 })).await;
    assert_eq!(extended.status(), StatusCode::OK);
    let answer = extended.json::<SupportRequest>().await.unwrap().answer.unwrap();
    assert!(answer.starts_with("The trial of Bluebird Outreach was extended to "), "{answer}");
    let ends: i64 = sqlx::query_scalar("SELECT trial_ends_at FROM companies WHERE slug = 'bluebird'")
        .fetch_one(app.db())
        .await
        .unwrap();
    let fourteen_days = 14 * 24 * 3_600_000;
    assert!((before + fourteen_days..before + fourteen_days + 60_000).contains(&ends));
    assert_eq!(operator_audit(&app).await, [("trial_changed".to_string(), "Bluebird Outreach".to_string(), filed.id)]);

    // Kiran signs in, and sees the answer; the pass files nothing now.
    let response = app.sign_in(&kiran, "kpatel", DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let session: Session = response.json().await.unwrap();
    assert_eq!(session.support_requests[0].answer.as_deref(), Some(answer.as_str()));
    let after = kiran.post(app.url(SUPPORT_REQUEST_TRIAL)).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn support_asks_for_a_locked_out_user_and_an_operator_unlocks_them() {
    let app = spawn_app().await;
    let (dan, _) = user_ref(&app, "dokafor").await;
    let (rosa, _) = user_ref(&app, "rmorales").await;
    let (laura, _) = user_ref(&app, "lwhite").await;
    for _ in 0..5 {
        app.sign_in(&app.browser(), "dokafor", "guess").await;
    }
    assert_eq!(app.sign_in(&app.browser(), "dokafor", DEMO_PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);

    let support = app.signed_in("sbrooks").await;
    let user = app.signed_in("tnguyen").await;
    // Refused, and nothing filed: a User; another company's user; a user who is not locked;
    // no user named; a first admin for a company that has admins.
    let refusals = [
        (&user, json!({ "cause": "locked_out", "user_id": dan }), StatusCode::FORBIDDEN),
        (&support, json!({ "cause": "locked_out", "user_id": laura }), StatusCode::NOT_FOUND),
        (&support, json!({ "cause": "locked_out", "user_id": rosa }), StatusCode::CONFLICT),
        (&support, json!({ "cause": "locked_out" }), StatusCode::UNPROCESSABLE_ENTITY),
        (&support, json!({ "cause": "no_admin" }), StatusCode::CONFLICT),
        (&support, json!({ "cause": "unlock_everyone" }), StatusCode::UNPROCESSABLE_ENTITY),
    ];
    for (caller, body, status) in refusals {
        let response = file(&app, caller, body.clone()).await;
        assert_eq!(response.status(), status, "{body}");
        error_body(response).await;
    }
    let no_token = support
        .0
        .post(app.url(SUPPORT_REQUESTS))
        .json(&json!({ "cause": "locked_out", "user_id": dan }))
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM support_requests").await, 0);

    let filed = file(&app, &support, json!({ "cause": "locked_out", "user_id": dan })).await;
    assert_eq!(filed.status(), StatusCode::CREATED);
    let filed: SupportRequest = filed.json().await.unwrap();
    assert_eq!(filed.about, "Daniel Okafor");
    let operator = app.operator().await;
    let queued = queue(&app, &operator, "open").await;
    assert_eq!(queued.requests[0].filed_by, "Sam Brooks");
    assert!(queued.requests[0].about.locked_until.is_some());
    assert!(
        queued.requests[0].diagnosis.contains("locked out after 5 failed sign-ins"),
        "{}",
        queued.requests[0].diagnosis
    );

    assert_eq!(act(&app, &operator, filed.id, json!({ "action": "unlock" })).await.status(), StatusCode::OK);
    assert_eq!(app.sign_in(&app.browser(), "dokafor", DEMO_PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(operator_audit(&app).await, [("lockout_cleared".to_string(), "Daniel Okafor".to_string(), filed.id)]);
    // Sam sees the answer at his next sign-in.
    let support = app.signed_in("sbrooks").await;
    assert_eq!(
        support.1.support_requests[0].answer.as_deref(),
        Some("Daniel Okafor may sign in again: the lockout was cleared.")
    );
}

#[tokio::test]
async fn a_client_sending_passes_that_are_not_is_held_back() {
    let app = spawn_app().await;
    let forged = |n: usize| {
        reqwest::Client::new()
            .post(app.url(SUPPORT_REQUEST_TRIAL))
            .header("cookie", format!("{SUPPORT_PASS_COOKIE}=forged-{n}"))
            .send()
    };
    for n in 0..30 {
        assert_eq!(forged(n).await.unwrap().status(), StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    let held = forged(30).await.unwrap();
    assert_eq!(held.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(held.headers().contains_key("retry-after"));
    assert_eq!(app.count("SELECT COUNT(*) FROM support_requests").await, 0);
}
