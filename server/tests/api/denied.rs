//! Every state-changing endpoint, from the denied side: each caller that may not change
//! it gets its refusal, and afterwards the database and the audit log are exactly as
//! before. The endpoints come from the OpenAPI document, so a new one that is missing from
//! the table below fails this test.

use crate::common::*;
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use switchboard_server::storage::demo::DEMO_AGENT_PASSCODE;
use switchboard_wire::paths::{CSRF_HEADER, OPENAPI};
use switchboard_wire::Session;

/// Who calls, and the refusal they must get.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Caller {
    SignedOut,
    User,
    Support,
    OtherCompanysAdmin,
    AdminWithoutCsrfToken,
    CrossOrigin,
}

/// The whole state a refused request must not touch.
async fn snapshot(app: &TestApp) -> Vec<String> {
    let queries = [
        "SELECT id || ':' || status || ':' || version || ':' || COALESCE(CAST(agent_id AS TEXT), '') FROM users ORDER BY id",
        "SELECT id || ':' || state || ':' || COALESCE(CAST(ended_at AS TEXT), '') || ':' || COALESCE(end_reason, '') FROM agent_sessions ORDER BY id",
        "SELECT scope || ':' || key || ':' || failures || ':' || blocked_until FROM throttles ORDER BY scope, key",
        "SELECT token_hash FROM console_sessions ORDER BY token_hash",
        "SELECT COUNT(*) || ' audit rows' FROM audit_log",
    ];
    let mut rows = Vec::new();
    for sql in queries {
        let found: Vec<String> = sqlx::query_scalar(sql).fetch_all(app.db()).await.unwrap();
        rows.push(format!("-- {sql}"));
        rows.extend(found);
    }
    rows
}

#[tokio::test]
async fn every_state_changing_endpoint_refuses_every_caller_that_may_not_and_changes_nothing() {
    let app = spawn_app().await;
    // What the requests act on: a user to promote, a live agent session, a throttled agent
    // number and a locked-out user.
    let (tom, tom_version) = user_ref(&app, "tnguyen").await;
    let (dan, _) = user_ref(&app, "dokafor").await;
    let (rosa, _) = user_ref(&app, "rmorales").await;
    let agent_session: i64 = sqlx::query_scalar(
        "SELECT s.id FROM agent_sessions s JOIN agents a ON a.id = s.agent_id
         WHERE a.company_id = 1 AND a.agent_number = '1001' AND s.ended_at IS NULL",
    )
    .fetch_one(app.db())
    .await
    .unwrap();
    for _ in 0..5 {
        agent_login(&app, "northwind", "1025", "0000", "S25").await;
        app.sign_in(&app.browser(), "dokafor", "guess").await;
    }
    assert_ne!(DEMO_AGENT_PASSCODE, "0000");

    // The table: every state-changing operation of the document, as a Northwind admin would
    // send it successfully, and whom it concerns (sign-out is everyone's own).
    let operations: Vec<(Method, String, Option<Value>, bool)> = vec![
        (Method::DELETE, SESSION.into(), None, false),
        (
            Method::POST,
            STATUS_CHANGES.into(),
            Some(json!({ "changes": [{ "user_id": tom, "status": "admin", "version": tom_version }] })),
            true,
        ),
        (Method::DELETE, paths::user_lockout(dan), None, true),
        (Method::POST, paths::force_logout(agent_session), None, true),
        (Method::DELETE, paths::agent_throttle(1025), None, true),
        (Method::PUT, paths::user_agent(rosa), Some(json!({ "agent_number": "1005" })), true),
    ];
    let doc: Value = app.browser().get(app.url(OPENAPI)).send().await.unwrap().json().await.unwrap();
    let mut documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| (m.to_uppercase(), path.clone())))
        .filter(|(method, path)| {
            method != "GET"
                // Not a console session's: the phones' bearer-token API and sign-in itself.
                && !path.starts_with(&AGENT_SERVICE_LOGIN[..AGENT_SERVICE_LOGIN.find("{").unwrap()])
                && !(method == "POST" && path == SESSION)
                // The operators' API and support requests have tests of their own
                // (operators.rs, support_requests.rs).
                && !path.starts_with(paths::OPERATOR_API)
                && !path.starts_with(paths::SUPPORT_REQUESTS)
        })
        .collect();
    documented.sort();
    let mut tabled: Vec<(String, String)> = vec![
        ("DELETE".into(), AGENT_THROTTLE.into()),
        ("DELETE".into(), SESSION.into()),
        ("DELETE".into(), USER_LOCKOUT.into()),
        ("POST".into(), FORCE_LOGOUT.into()),
        ("POST".into(), STATUS_CHANGES.into()),
        ("PUT".into(), USER_AGENT.into()),
    ];
    tabled.sort();
    assert_eq!(documented, tabled, "every state-changing endpoint is in this test's table");

    make_admin(&app, "lwhite").await;
    let user = app.signed_in("tnguyen").await;
    let support = app.signed_in("sbrooks").await;
    let other = app.signed_in("lwhite").await;
    let admin: (Client, Session) = app.signed_in("ngarcia").await;
    let before = snapshot(&app).await;

    let callers = [
        (Caller::SignedOut, None),
        (Caller::User, Some(&user)),
        (Caller::Support, Some(&support)),
        (Caller::OtherCompanysAdmin, Some(&other)),
        (Caller::AdminWithoutCsrfToken, Some(&admin)),
        (Caller::CrossOrigin, Some(&admin)),
    ];
    for (method, path, body, concerns_the_company) in &operations {
        for (caller, signed_in) in &callers {
            let role_bound = matches!(caller, Caller::User | Caller::Support | Caller::OtherCompanysAdmin);
            if role_bound && !concerns_the_company {
                continue;
            }
            let client = signed_in.map(|(c, _)| c.clone()).unwrap_or_else(|| app.browser());
            let mut request = client.request(method.clone(), app.url(path));
            if let (Some((_, session)), false) = (signed_in, *caller == Caller::AdminWithoutCsrfToken) {
                request = request.header(CSRF_HEADER, &session.csrf_token);
            }
            if *caller == Caller::CrossOrigin {
                request = request.header("origin", "http://evil.example").header("sec-fetch-site", "cross-site");
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = request.send().await.unwrap();
            let expected = match caller {
                Caller::SignedOut => StatusCode::UNAUTHORIZED,
                Caller::OtherCompanysAdmin => StatusCode::NOT_FOUND,
                _ => StatusCode::FORBIDDEN,
            };
            assert_eq!(response.status(), expected, "{caller:?} {method} {path}");
            let text = response.text().await.unwrap();
            assert!(text.contains("\"code\""), "{caller:?} {method} {path}: the error shape: {text}");
            assert_no_secrets(&app, &text).await;
        }
    }
    assert_eq!(snapshot(&app).await, before, "a refused request changed something");

    // The same requests from the company's admin, with its token, are accepted: the
    // refusals above came from who called, not from the requests.
    let (client, session) = &admin;
    for (method, path, body, _) in operations.iter().rev() {
        let mut request = client.request(method.clone(), app.url(path)).header(CSRF_HEADER, &session.csrf_token);
        if let Some(body) = body {
            request = request.json(body);
        }
        let status = request.send().await.unwrap().status();
        assert!(status.is_success(), "the admin's own {method} {path} answered {status}");
    }
    assert_ne!(snapshot(&app).await, before);
}
