//! Bad input gets a clear 4xx in the one error shape, and changes nothing.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;
use switchboard_wire::paths::SESSION;
use switchboard_wire::ErrorCode;

async fn post_raw(app: &TestApp, content_type: &str, body: impl Into<reqwest::Body>) -> reqwest::Response {
    app.browser().post(app.url(SESSION)).header("content-type", content_type).body(body).send().await.unwrap()
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = spawn_app().await;
    let response = post_raw(&app, "application/json", r#"{"username": "ngarcia", "#).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body = error_body(response).await;
    assert_eq!(body.code, ErrorCode::BadRequest);
    assert!(body.message.starts_with("The body is not valid JSON"), "{}", body.message);
}

#[tokio::test]
async fn wrong_types_and_unknown_fields_are_422() {
    let app = spawn_app().await;
    let response = post_raw(&app, "application/json", r#"{"username": 5, "password": "x"}"#).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = error_body(response).await;
    assert_eq!(body.code, ErrorCode::Validation);
    assert!(body.message.contains("invalid type"), "{}", body.message);

    let smuggled = r#"{"username": "tnguyen", "password": "switchboard-demo", "status": "admin"}"#;
    let response = post_raw(&app, "application/json", smuggled).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_body(response).await.message.contains("unknown field `status`"));
    assert_eq!(app.count("SELECT COUNT(*) FROM console_sessions").await, 0);
}

#[tokio::test]
async fn a_wrongly_typed_enum_value_is_422_naming_the_field_and_changes_nothing() {
    let app = spawn_app().await;
    let (admin, session) = app.signed_in("ngarcia").await;
    let (id, version) = user_ref(&app, "tnguyen").await;
    let before = users_fingerprint(&app).await;
    for status in [json!(5), json!(null), json!(["admin"]), json!("king")] {
        let response = admin
            .post(app.url(STATUS_CHANGES))
            .headers(csrf(&session))
            .json(&json!({"changes": [{"user_id": id, "status": status, "version": version}]}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "status {status}");
        let body = error_body(response).await;
        assert_eq!(body.code, ErrorCode::Validation);
        assert_eq!(body.fields.first().map(|f| f.field.as_str()), Some("changes[0].status"), "status {status}");
    }
    assert_eq!(users_fingerprint(&app).await, before, "nothing changed");
    // An integral number written with a fraction is still that integer (JSON has one number type).
    let response = admin
        .post(app.url(STATUS_CHANGES))
        .headers(csrf(&session))
        .json(&json!({"changes": [{"user_id": id as f64, "status": "support", "version": version as f64}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_ne!(users_fingerprint(&app).await, before);
}

#[tokio::test]
async fn empty_fields_are_422_naming_each_field() {
    let app = spawn_app().await;
    let response = post_raw(&app, "application/json", r#"{"username": "  ", "password": ""}"#).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = error_body(response).await;
    let fields: Vec<_> = body.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["username", "password"]);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let app = spawn_app().await;
    let response = post_raw(&app, "application/x-www-form-urlencoded", "username=ngarcia&password=x").await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error_body(response).await.code, ErrorCode::UnsupportedMediaType);
}

#[tokio::test]
async fn an_oversized_body_is_413_and_changes_nothing() {
    let app = spawn_app().await;
    let huge = format!(r#"{{"username": "ngarcia", "password": "{}"}}"#, "x".repeat(200 * 1024));
    let response = post_raw(&app, "application/json", huge).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_body(response).await.code, ErrorCode::PayloadTooLarge);
    assert_eq!(app.count("SELECT COUNT(*) FROM console_sign_in_attempts WHERE identifier = 'ngarcia'").await, 0);
}

#[tokio::test]
async fn unknown_api_paths_are_404_and_wrong_methods_405_in_the_same_shape() {
    let app = spawn_app().await;
    let response = app.browser().get(app.url("/api/no-such-thing")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_body(response).await.code, ErrorCode::NotFound);
    let response = app.browser().put(app.url(SESSION)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_body(response).await.code, ErrorCode::MethodNotAllowed);
}

#[tokio::test]
async fn requests_without_a_session_are_401() {
    let app = spawn_app().await;
    let response = app.browser().get(app.url(SESSION)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_body(response).await.code, ErrorCode::Unauthenticated);
    let response = app.browser().delete(app.url(SESSION)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_failure_inside_the_server_is_a_500_in_the_one_shape_that_tells_nothing_of_it() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("ngarcia").await;
    // Break the database under the running server, as a disk or a migration gone wrong would.
    sqlx::query("DROP TABLE audit_log").execute(app.db()).await.unwrap();
    let response = admin.get(app.url(AUDIT)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let raw = response.text().await.unwrap();
    let body: switchboard_wire::ErrorBody = serde_json::from_str(&raw).expect("the one error shape");
    assert_eq!(body.code, ErrorCode::Internal);
    for internal in ["audit_log", "sqlx", "SQL", "no such table", "panicked", ".rs"] {
        assert!(!raw.contains(internal), "the 500 tells of {internal:?}: {raw}");
    }
    assert_no_secrets(&app, &raw).await;
    // The rest of the server still answers.
    assert_eq!(admin.get(app.url(USERS)).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn text_holding_nul_is_refused_in_bodies_and_urls_and_changes_nothing() {
    // PostgreSQL's text cannot hold NUL: without the refusal these were 500s there.
    let app = spawn_app().await;
    let attempts = app.count("SELECT COUNT(*) FROM console_sign_in_attempts").await;
    let response = post_raw(&app, "application/json", r#"{"username": "ng\u0000arcia", "password": "x"}"#).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = error_body(response).await;
    assert_eq!(body.fields.first().map(|f| f.field.as_str()), Some("username"), "{}", body.message);
    assert_eq!(app.count("SELECT COUNT(*) FROM console_sign_in_attempts").await, attempts, "no attempt recorded");

    let (admin, _) = app.signed_in("ngarcia").await;
    for url in [
        format!("{USERS}?q=%00"),
        format!("{CONTACTS}?q=a%00b"),
        switchboard_wire::paths::agent_service_login("north\0wind"),
    ] {
        let response = admin.get(app.url(&url)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{url}");
        assert_eq!(error_body(response).await.code, ErrorCode::BadRequest, "{url}");
    }
}
