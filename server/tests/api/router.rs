//! `app()` tested without a socket, as a tower Service.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use switchboard_server::{app, AppState, Config, Settings, Store};
use switchboard_wire::paths::HEALTH;
use tower::ServiceExt;

#[tokio::test]
async fn the_router_answers_health_and_tags_requests() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", dir.path().join("db").display())).await.unwrap();
    let (state, _close) =
        AppState::new(store, Settings::from_config(&Config::for_test(String::new(), dir.path().join("dist"))));
    let response = app(state).oneshot(Request::get(HEALTH).body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().contains_key("x-request-id"));
    let timing = response.headers()["server-timing"].to_str().unwrap().to_string();
    assert!(timing.starts_with("app;dur="), "{timing}");
    assert!(timing["app;dur=".len()..].parse::<f64>().unwrap() >= 0.0);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let health: switchboard_wire::Health = serde_json::from_slice(&body).unwrap();
    assert_eq!(health.status, "ok");
}
