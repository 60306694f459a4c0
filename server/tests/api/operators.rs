//! The Operator role's boundaries, from the denied side: no company role (nor a company
//! session's token in the operator's cookie) reaches the operators' API, and an operator's
//! session reaches no company endpoint. Both lists come from the OpenAPI document, so a
//! new endpoint joins the test by being documented.

use crate::common::*;
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use switchboard_server::storage::demo::{DEMO_OPERATOR, DEMO_PASSWORD};
use switchboard_wire::paths::{OPERATOR_API, OPERATOR_COOKIE, SESSION_COOKIE, SUPPORT_REQUEST_TRIAL};

/// Every documented operation as (method, concrete path), split into the operators' own
/// and the companies' (sign-in, health, the OpenAPI document and the phones' API aside:
/// anyone may call those).
async fn operations(app: &TestApp, request_id: i64) -> (Vec<(Method, String)>, Vec<(Method, String)>) {
    let doc: Value = app.browser().get(app.url(OPENAPI)).send().await.unwrap().json().await.unwrap();
    let (mut operators, mut companies) = (Vec::new(), Vec::new());
    for (template, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let path = template
                .replace("{id}", &request_id.to_string())
                .replace("{agent_number}", "1001")
                .replace("{service}", "northwind");
            let anyone = (method == Method::POST && path == SESSION)
                || (method == Method::POST && path == paths::OPERATOR_SESSION)
                || path == HEALTH
                || path == OPENAPI
                || path == SUPPORT_REQUEST_TRIAL
                || path.starts_with("/api/agent-service/");
            if anyone {
                continue;
            }
            if path.starts_with(OPERATOR_API) {
                operators.push((method, path));
            } else {
                companies.push((method, path));
            }
        }
    }
    assert_eq!(operators.len(), 4, "the operators' API: {operators:?}");
    assert!(companies.len() >= 15, "{companies:?}");
    (operators, companies)
}

/// A client without a cookie jar that sends exactly this cookie.
fn with_cookie(name: &str, value: &str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", format!("{name}={value}").parse().unwrap());
    Client::builder().default_headers(headers).build().unwrap()
}

async fn send(client: &Client, app: &TestApp, method: &Method, path: &str, csrf: &str) -> reqwest::Response {
    let request = client.request(method.clone(), app.url(path)).header(paths::CSRF_HEADER, csrf);
    let request = if *method == Method::GET || *method == Method::DELETE { request } else { request.json(&json!({})) };
    request.send().await.unwrap()
}

#[tokio::test]
async fn no_company_session_reaches_the_operators_api_and_no_operator_session_a_company_endpoint() {
    let app = spawn_app().await;
    let laura = app.signed_in("lwhite").await;
    let filed = laura
        .0
        .post(app.url(paths::SUPPORT_REQUESTS))
        .headers(csrf(&laura.1))
        .json(&json!({ "cause": "no_admin" }))
        .send()
        .await
        .unwrap();
    let request_id = filed.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let (operator_ops, company_ops) = operations(&app, request_id).await;

    // Company sessions of every role, and an admin of another company, with their tokens.
    make_admin(&app, "kpatel").await;
    sqlx::query("UPDATE companies SET trial_ends_at = NULL WHERE slug = 'bluebird'").execute(app.db()).await.unwrap();
    let mut company_callers = Vec::new();
    for username in ["tnguyen", "sbrooks", "ngarcia", "kpatel"] {
        let client = app.browser();
        let response = app.sign_in(&client, username, DEMO_PASSWORD).await;
        let token = cookie_value(&response, SESSION_COOKIE).expect("a session cookie");
        let session: switchboard_wire::Session = response.json().await.unwrap();
        company_callers.push((username, client, token, session.csrf_token));
    }
    let before = (users_fingerprint(&app).await, app.count("SELECT COUNT(*) FROM audit_log").await);
    for (method, path) in &operator_ops {
        for (username, client, token, csrf_token) in &company_callers {
            // With their session cookie, and with its token in the operator's cookie.
            for (how, caller) in
                [("their cookie", client.clone()), ("the operator cookie", with_cookie(OPERATOR_COOKIE, token))]
            {
                let response = send(&caller, &app, method, path, csrf_token).await;
                assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{username} ({how}): {method} {path}");
                error_body(response).await;
            }
        }
        let anonymous = send(&app.browser(), &app, method, path, "").await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED, "signed out: {method} {path}");
    }
    assert_eq!((users_fingerprint(&app).await, app.count("SELECT COUNT(*) FROM audit_log").await), before);
    let open: String = sqlx::query_scalar("SELECT state FROM support_requests").fetch_one(app.db()).await.unwrap();
    assert_eq!(open, "open");

    // The operator's session, in its own cookie and in the company's, opens no company endpoint.
    let operator_client = app.browser();
    let signed_in = operator_client
        .post(app.url(paths::OPERATOR_SESSION))
        .json(&json!({ "username": DEMO_OPERATOR.0, "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    let operator_token = cookie_value(&signed_in, OPERATOR_COOKIE).expect("the operator cookie");
    let operator_csrf = signed_in.json::<Value>().await.unwrap()["csrf_token"].as_str().unwrap().to_string();
    for (method, path) in &company_ops {
        for (how, caller) in [
            ("its cookie", operator_client.clone()),
            ("the session cookie", with_cookie(SESSION_COOKIE, &operator_token)),
        ] {
            let response = send(&caller, &app, method, path, &operator_csrf).await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "operator ({how}): {method} {path}");
        }
    }
    assert_eq!((users_fingerprint(&app).await, app.count("SELECT COUNT(*) FROM audit_log").await), before);

    // And the operator's own API does answer the operator: the refusals came from who called.
    let queue = operator_client.get(app.url(paths::OPERATOR_REQUESTS)).send().await.unwrap();
    assert_eq!(queue.status(), StatusCode::OK);
}

#[tokio::test]
async fn operators_sign_in_apart_from_companies_and_their_changes_need_the_token_and_same_origin() {
    let app = spawn_app().await;
    let sign_in = |username: &str, password: &str| {
        app.browser()
            .post(app.url(paths::OPERATOR_SESSION))
            .json(&json!({ "username": username, "password": password }))
            .send()
    };
    // A company admin's right password is no operator's, and the operator's none of a company's.
    assert_eq!(sign_in("ngarcia", DEMO_PASSWORD).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let as_company = app.sign_in(&app.browser(), DEMO_OPERATOR.0, DEMO_PASSWORD).await;
    assert_eq!(as_company.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(DEMO_OPERATOR.0, "wrong").await.unwrap().status(), StatusCode::UNAUTHORIZED);

    let laura = app.signed_in("lwhite").await;
    let filed: Value = laura
        .0
        .post(app.url(paths::SUPPORT_REQUESTS))
        .headers(csrf(&laura.1))
        .json(&json!({ "cause": "no_admin" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let action = paths::operator_request_action(filed["id"].as_i64().unwrap());
    let (client, session) = app.operator().await;
    let before = users_fingerprint(&app).await;
    let no_token = client.post(app.url(&action)).json(&json!({ "action": "appoint_admin" })).send().await.unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    let cross_site = client
        .post(app.url(&action))
        .header(paths::CSRF_HEADER, &session.csrf_token)
        .header("origin", "http://evil.example")
        .header("sec-fetch-site", "cross-site")
        .json(&json!({ "action": "appoint_admin" }))
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
    assert_eq!(users_fingerprint(&app).await, before);
    // Unknown and malformed ids, unknown actions, a bad queue filter.
    let post = |path: String, body: Value| {
        client.post(app.url(&path)).header(paths::CSRF_HEADER, &session.csrf_token).json(&body).send()
    };
    let unknown = post(paths::operator_request_action(999_999), json!({ "action": "appoint_admin" })).await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let malformed = post(paths::operator_request_action("x"), json!({ "action": "appoint_admin" })).await.unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    let unknown_action = post(action.clone(), json!({ "action": "delete_company" })).await.unwrap();
    assert_eq!(unknown_action.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let filter = client.get(app.url(&format!("{}?state=closed", paths::OPERATOR_REQUESTS))).send().await.unwrap();
    assert_eq!(filter.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(users_fingerprint(&app).await, before);

    // Sign-out ends the session on the server.
    let out = client
        .delete(app.url(paths::OPERATOR_SESSION))
        .header(paths::CSRF_HEADER, &session.csrf_token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(client.get(app.url(paths::OPERATOR_REQUESTS)).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.count("SELECT COUNT(*) FROM operator_sessions").await, 0);
}

#[tokio::test]
async fn operator_sign_in_is_throttled_per_username() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let response = app
            .browser()
            .post(app.url(paths::OPERATOR_SESSION))
            .json(&json!({ "username": DEMO_OPERATOR.0, "password": "guess" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let held = app
        .browser()
        .post(app.url(paths::OPERATOR_SESSION))
        .json(&json!({ "username": DEMO_OPERATOR.0, "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(held.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(held.headers().contains_key("retry-after"));
    // The company's user of any name is not held by the operator's failures.
    assert_eq!(app.sign_in(&app.browser(), "ngarcia", DEMO_PASSWORD).await.status(), StatusCode::OK);
}
