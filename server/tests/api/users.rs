//! Authorize Admins over HTTP: listing, searching, changing statuses, and who may do what.

use crate::common::*;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use switchboard_wire::{
    ConsoleAccess, ErrorCode, Session, SignInCheckKind, Status, StatusChangeResult, UserDetail, UserPage,
};

async fn list(app: &TestApp, client: &Client, query: &str) -> reqwest::Response {
    client.get(app.url(&format!("{USERS}{query}"))).send().await.unwrap()
}

async fn page(app: &TestApp, client: &Client, query: &str) -> UserPage {
    let response = list(app, client, query).await;
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    response.json().await.unwrap()
}

async fn change(app: &TestApp, client: &Client, session: &Session, body: Value) -> reqwest::Response {
    client.post(app.url(STATUS_CHANGES)).headers(csrf(session)).json(&body).send().await.unwrap()
}

fn one_change(user_id: i64, status: &str, version: i64) -> Value {
    json!({ "changes": [{ "user_id": user_id, "status": status, "version": version }] })
}

#[tokio::test]
async fn an_admin_lists_the_companys_users_with_the_total_and_the_admin_count() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in("ngarcia").await;
    let first = page(&app, &client, "").await;
    assert_eq!(first.total, demo_shape().users as i64);
    assert_eq!(first.users.len(), 25);
    assert_eq!(first.per_page, 25);
    let admins = app.count("SELECT COUNT(*) FROM users u JOIN companies c ON c.id = u.company_id WHERE c.slug = 'northwind' AND u.status = 'admin'").await;
    assert_eq!(first.admin_count, admins);
    assert!(first.users.iter().all(|u| u.email.ends_with("@northwind.example")), "only Northwind's users");
    let names: Vec<String> = first.users.iter().map(|u| u.display_name.to_lowercase()).collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "sorted by name: {names:?}");

    let second = page(&app, &client, "?page=2").await;
    assert_eq!(second.users.len(), 25);
    assert!(second.users.iter().all(|u| !first.users.contains(u)));
    let beyond = page(&app, &client, "?page=999").await;
    assert!(beyond.users.is_empty());
    assert_eq!(beyond.total, first.total);
}

#[tokio::test]
async fn search_finds_by_part_of_name_username_email_or_phone_in_any_format() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in("sbrooks").await;
    for q in ["tom.nguyen@", "NGUYEN", "tnguy", "555.010.1003", "%2B1%20(555)%20010-1003", "0101003"] {
        let found = page(&app, &client, &format!("?q={q}")).await;
        assert!(found.users.iter().any(|u| u.username == "tnguyen"), "{q} did not find tnguyen");
        assert!(found.total < 20, "{q} matched {} users", found.total);
    }
    let nothing = page(&app, &client, "?q=%25").await;
    assert_eq!(nothing.total, 0, "a literal % matches no one");
}

#[tokio::test]
async fn filter_and_sort_run_on_the_server() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in("ngarcia").await;
    let admins = page(&app, &client, "?status=admin").await;
    assert!(admins.users.iter().all(|u| u.status == Status::Admin));
    assert_eq!(admins.total, admins.admin_count);

    let recent = page(&app, &client, "?sort=last_sign_in&dir=desc").await;
    let times: Vec<i64> = recent.users.iter().filter_map(|u| u.last_sign_in_at.map(|t| t.0)).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    let by_status = page(&app, &client, "?sort=status").await;
    assert_eq!(by_status.users[0].status, Status::Admin);
    let emails = page(&app, &client, "?sort=email&dir=desc").await;
    assert!(emails.users.windows(2).all(|w| w[0].email >= w[1].email));
}

#[tokio::test]
async fn unknown_parameters_and_values_are_422() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in("ngarcia").await;
    let long = format!("?q={}", "a".repeat(101));
    for query in ["?status=owner", "?sort=shoe", "?dir=up", "?page=0", "?page=x", "?color=red", long.as_str()] {
        let response = list(&app, &client, query).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let body = error_body(response).await;
        assert_eq!(body.code, ErrorCode::Validation);
        assert_eq!(body.fields.len(), 1, "{query}");
    }
}

#[tokio::test]
async fn an_admin_promotes_a_user_who_then_reaches_the_console() {
    let app = spawn_app().await;
    let (client, session) = app.signed_in("ngarcia").await;
    let (tom, version) = user_ref(&app, "tnguyen").await;
    let before = page(&app, &client, "").await.admin_count;
    let response = change(&app, &client, &session, one_change(tom, "admin", version)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: StatusChangeResult = response.json().await.unwrap();
    assert_eq!(result.changed.len(), 1);
    assert_eq!(result.changed[0].before, Status::User);
    assert_eq!(result.changed[0].user.status, Status::Admin);
    assert_eq!(result.changed[0].user.version, version + 1);
    assert_eq!(result.admin_count, before + 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'status_changed' AND before_value = 'user' AND after_value = 'admin'").await, 1);

    let (_, tom_session) = app.signed_in("tnguyen").await;
    assert!(matches!(tom_session.access, ConsoleAccess::Console { .. }));
}

#[tokio::test]
async fn demoting_the_last_admin_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    only_admins(&app, &["ngarcia"]).await;
    let (client, session) = app.signed_in("ngarcia").await;
    let (nora, version) = user_ref(&app, "ngarcia").await;
    let (tom, tom_version) = user_ref(&app, "tnguyen").await;
    let before = users_fingerprint(&app).await;
    // A valid change in the same set is not applied either.
    let body = json!({ "changes": [
        { "user_id": tom, "status": "support", "version": tom_version },
        { "user_id": nora, "status": "user", "version": version },
    ]});
    let response = change(&app, &client, &session, body).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let error = error_body(response).await;
    assert_eq!(error.code, ErrorCode::LastAdmin);
    assert!(error.message.contains("without an admin"), "{}", error.message);
    assert_eq!(users_fingerprint(&app).await, before);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 0);
}

async fn northwind_admins(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT u.username FROM users u JOIN companies c ON c.id = u.company_id
         WHERE c.slug = 'northwind' AND u.status = 'admin' ORDER BY u.username",
    )
    .fetch_all(app.db())
    .await
    .unwrap()
}

/// Each admin of `admins` demotes `targets[i]` at the same moment. Checks that the company
/// keeps an admin and that the database is exactly what the answers say.
async fn demote_at_once(app: &TestApp, admins: &[&str], targets: &[&str], round: &str) {
    only_admins(app, admins).await;
    let mut work: Vec<std::pin::Pin<Box<dyn std::future::Future<Output = StatusCode> + Send>>> = Vec::new();
    for (admin, target) in admins.iter().zip(targets) {
        let (client, session) = app.signed_in(admin).await;
        let (id, version) = user_ref(app, target).await;
        let request =
            client.post(app.url(STATUS_CHANGES)).headers(csrf(&session)).json(&one_change(id, "user", version));
        work.push(Box::pin(async move { request.send().await.unwrap().status() }));
    }
    let audited = app.count("SELECT COUNT(*) FROM audit_log").await;
    let answers = all_at_once(work).await;
    let won: Vec<&str> = targets.iter().zip(&answers).filter(|(_, s)| **s == StatusCode::OK).map(|(t, _)| *t).collect();
    assert!(
        answers.iter().all(|s| [StatusCode::OK, StatusCode::FORBIDDEN, StatusCode::CONFLICT].contains(s)),
        "{round}: {answers:?}"
    );
    let mut expected: Vec<String> = admins.iter().filter(|a| !won.contains(a)).map(|a| a.to_string()).collect();
    expected.sort();
    assert!(!expected.is_empty(), "{round}: the answers say nobody is left ({answers:?})");
    assert_eq!(northwind_admins(app).await, expected, "{round}: the database agrees with {answers:?}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log").await - audited,
        won.len() as i64,
        "{round}: one audit row per change"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_admins_demoting_each_other_at_once_cannot_both_succeed() {
    let app = spawn_app().await;
    for round in 0..30 {
        // Each other, and (which only the last-admin rule stops) each themselves.
        let targets = if round % 2 == 0 { ["dokafor", "ngarcia"] } else { ["ngarcia", "dokafor"] };
        demote_at_once(&app, &["ngarcia", "dokafor"], &targets, &format!("round {round} {targets:?}")).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_admins_demoting_each_other_in_every_combination_leave_an_admin() {
    let app = spawn_app().await;
    let admins = ["ngarcia", "dokafor", "sbrooks"];
    // Each admin demotes one of the three, themselves included: 27 combinations, each raced twice.
    for combination in 0..27u32 {
        let targets: Vec<&str> = (0..3).map(|i| admins[(combination / 3u32.pow(i) % 3) as usize]).collect();
        for round in 0..2 {
            demote_at_once(&app, &admins, &targets, &format!("{targets:?} round {round}")).await;
        }
    }
}

#[tokio::test]
async fn a_change_to_a_user_who_changed_meanwhile_is_refused_as_stale() {
    let app = spawn_app().await;
    let (nora_client, nora_session) = app.signed_in("ngarcia").await;
    let (dan_client, dan_session) = app.signed_in("dokafor").await;
    let (tom, seen_version) = user_ref(&app, "tnguyen").await;
    let (rosa, rosa_version) = user_ref(&app, "rmorales").await;
    let ok = change(&app, &dan_client, &dan_session, one_change(tom, "support", seen_version)).await;
    assert_eq!(ok.status(), StatusCode::OK);

    let before = users_fingerprint(&app).await;
    let stale = json!({ "changes": [
        { "user_id": rosa, "status": "support", "version": rosa_version },
        { "user_id": tom, "status": "admin", "version": seen_version },
    ]});
    let response = change(&app, &nora_client, &nora_session, stale).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let error = error_body(response).await;
    assert_eq!(error.code, ErrorCode::StaleVersion);
    assert_eq!(error.ids, [tom]);
    assert!(error.message.contains("Tom Nguyen"), "{}", error.message);
    assert_eq!(users_fingerprint(&app).await, before, "Rosa's change was not applied either");
}

#[tokio::test]
async fn an_admin_who_demotes_themselves_loses_the_console_on_the_next_request() {
    let app = spawn_app().await;
    let (client, session) = app.signed_in("ngarcia").await;
    let (nora, version) = user_ref(&app, "ngarcia").await;
    assert_eq!(change(&app, &client, &session, one_change(nora, "support", version)).await.status(), StatusCode::OK);
    let now: Session = client.get(app.url(SESSION)).send().await.unwrap().json().await.unwrap();
    assert_eq!(now.user.status, Status::Support);
    let again = change(&app, &client, &session, one_change(nora, "admin", version + 1)).await;
    assert_eq!(again.status(), StatusCode::FORBIDDEN, "no way back up on one's own");
}

#[tokio::test]
async fn bad_change_sets_get_their_4xx_and_change_nothing() {
    let app = spawn_app().await;
    let (client, session) = app.signed_in("ngarcia").await;
    let (tom, v) = user_ref(&app, "tnguyen").await;
    let (laura, lv) = user_ref(&app, "lwhite").await;
    let before = users_fingerprint(&app).await;
    let cases: Vec<(Value, StatusCode, ErrorCode)> = vec![
        (json!({ "changes": [] }), StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation),
        (one_change(tom, "owner", v), StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation),
        (
            json!({ "changes": [{ "user_id": "tom", "status": "admin", "version": v }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Validation,
        ),
        (
            json!({ "changes": [{ "user_id": tom, "status": "admin", "version": v, "company_id": 2 }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Validation,
        ),
        (
            json!({ "changes": [{ "user_id": tom, "status": "admin", "version": v }, { "user_id": tom, "status": "user", "version": v }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Validation,
        ),
        (one_change(987_654, "admin", 1), StatusCode::NOT_FOUND, ErrorCode::NotFound),
        (one_change(laura, "admin", lv), StatusCode::NOT_FOUND, ErrorCode::NotFound),
    ];
    for (body, status, code) in cases {
        let response = change(&app, &client, &session, body.clone()).await;
        assert_eq!(response.status(), status, "{body}");
        assert_eq!(error_body(response).await.code, code, "{body}");
    }
    let too_many: Vec<Value> = (1..=501).map(|i| json!({ "user_id": i, "status": "user", "version": 1 })).collect();
    let response = change(&app, &client, &session, json!({ "changes": too_many })).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let raw = |body: &'static str| {
        client
            .post(app.url(STATUS_CHANGES))
            .headers(csrf(&session))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    assert_eq!(raw("{\"changes\": [").await.unwrap().status(), StatusCode::BAD_REQUEST);
    let huge = format!("{{\"changes\": [], \"pad\": \"{}\"}}", "x".repeat(100_000));
    let response = client
        .post(app.url(STATUS_CHANGES))
        .headers(csrf(&session))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let no_token = client.post(app.url(STATUS_CHANGES)).json(&one_change(tom, "admin", v)).send().await.unwrap();
    assert_eq!(error_body(no_token).await.code, ErrorCode::CsrfRejected);

    assert_eq!(users_fingerprint(&app).await, before);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 0);
}

#[tokio::test]
async fn the_detail_panel_explains_why_a_user_cannot_sign_in() {
    let app = spawn_app().await;
    let (client, session) = app.signed_in("ngarcia").await;
    let (tom, v) = user_ref(&app, "tnguyen").await;
    let detail: UserDetail = client.get(app.url(&paths::user(tom))).send().await.unwrap().json().await.unwrap();
    let failed: Vec<_> = detail.checks.iter().filter(|c| !c.passed).map(|c| c.check).collect();
    // His status, and his agent's session left open by a phone that went away (the demo).
    assert_eq!(failed, [SignInCheckKind::ConsoleStatus, SignInCheckKind::NoOpenAgentSession]);
    assert!(detail.history.is_empty());

    let (rosa, _) = user_ref(&app, "rmorales").await;
    let detail: UserDetail = client.get(app.url(&paths::user(rosa))).send().await.unwrap().json().await.unwrap();
    let email_check = detail.checks.iter().find(|c| c.check == SignInCheckKind::UsernameNotEmail).unwrap();
    assert!(!email_check.passed);
    assert!(email_check.finding.contains("3 times"), "{}", email_check.finding);

    change(&app, &client, &session, one_change(tom, "admin", v)).await;
    let raw = client.get(app.url(&paths::user(tom))).send().await.unwrap().text().await.unwrap();
    assert_no_secrets(&app, &raw).await;
    let detail: UserDetail = serde_json::from_str(&raw).unwrap();
    assert_eq!(detail.user.status, Status::Admin);
    assert_eq!(detail.history.len(), 1);
    assert_eq!(detail.history[0].actor.as_ref().unwrap().name, "Nora Garcia");
    let failed: Vec<_> = detail.checks.iter().filter(|c| !c.passed).map(|c| c.check).collect();
    assert_eq!(failed, [SignInCheckKind::NoOpenAgentSession], "an admin now; the agent session is still open");

    let bad = client.get(app.url(&paths::user("abc"))).send().await.unwrap();
    assert_eq!(error_body(bad).await.code, ErrorCode::BadRequest);
    let missing = client.get(app.url(&paths::user(987654))).send().await.unwrap();
    assert_eq!(error_body(missing).await.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn who_may_do_what_is_enforced_by_the_server() {
    let app = spawn_app().await;
    let (tom, v) = user_ref(&app, "tnguyen").await;
    let (rosa, _) = user_ref(&app, "rmorales").await;
    let before = users_fingerprint(&app).await;

    // Signed out.
    let anonymous = app.browser();
    assert_eq!(list(&app, &anonymous, "").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.get(app.url(&paths::user(tom))).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let r = anonymous.post(app.url(STATUS_CHANGES)).json(&one_change(tom, "admin", v)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // A User sees nothing.
    let (user, user_session) = app.signed_in("rmorales").await;
    assert_eq!(list(&app, &user, "").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(user.get(app.url(&paths::user(tom))).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(change(&app, &user, &user_session, one_change(rosa, "admin", 1)).await.status(), StatusCode::FORBIDDEN);

    // Support reads but does not change, not even their own status.
    let (support, support_session) = app.signed_in("sbrooks").await;
    assert_eq!(list(&app, &support, "").await.status(), StatusCode::OK);
    assert_eq!(support.get(app.url(&paths::user(tom))).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        change(&app, &support, &support_session, one_change(tom, "admin", v)).await.status(),
        StatusCode::FORBIDDEN
    );
    let (sam, sam_v) = user_ref(&app, "sbrooks").await;
    assert_eq!(
        change(&app, &support, &support_session, one_change(sam, "admin", sam_v)).await.status(),
        StatusCode::FORBIDDEN
    );

    // Every refusal so far changed nothing, and audited nothing.
    assert_eq!(users_fingerprint(&app).await, before, "a refused change set changed a user");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'status_changed'").await, 0);

    // An admin of another company: Northwind's ids do not exist for them. (Making lwhite
    // an admin is this test's own setup, so the baseline is taken again after it.)
    make_admin(&app, "lwhite").await;
    let before = users_fingerprint(&app).await;
    let (other, other_session) = app.signed_in("lwhite").await;
    let theirs = page(&app, &other, "").await;
    assert!(theirs.users.iter().all(|u| u.email.ends_with("@lakeside.example")));
    assert_eq!(page(&app, &other, "?q=tnguyen").await.total, 0);
    let r = other.get(app.url(&paths::user(tom))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = change(&app, &other, &other_session, one_change(tom, "admin", v)).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_body(r).await.ids, [tom]);
    assert_eq!(users_fingerprint(&app).await, before);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'status_changed'").await, 0);
}
