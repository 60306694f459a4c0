//! The audit log over HTTP.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;
use switchboard_wire::{AuditAction, AuditPage, ErrorCode, Status};

#[tokio::test]
async fn every_status_change_is_logged_newest_first_and_filterable() {
    let app = spawn_app().await;
    let (nora_client, nora) = app.signed_in("ngarcia").await;
    let (dan_client, dan) = app.signed_in("dokafor").await;
    let (tom, tv) = user_ref(&app, "tnguyen").await;
    let (rosa, rv) = user_ref(&app, "rmorales").await;
    let save = |client: &reqwest::Client, session: &switchboard_wire::Session, id: i64, status: &str, version: i64| {
        client
            .post(app.url(STATUS_CHANGES))
            .headers(csrf(session))
            .json(&json!({ "changes": [{ "user_id": id, "status": status, "version": version }] }))
            .send()
    };
    assert_eq!(save(&nora_client, &nora, tom, "admin", tv).await.unwrap().status(), StatusCode::OK);
    assert_eq!(save(&dan_client, &dan, rosa, "support", rv).await.unwrap().status(), StatusCode::OK);

    let get = |query: &str| nora_client.get(app.url(&format!("{AUDIT}{query}"))).send();
    let all: AuditPage = get("").await.unwrap().json().await.unwrap();
    assert_eq!(all.total, 2);
    assert_eq!(all.events[0].target.name, "Rosa Morales", "newest first");
    assert_eq!(all.events[0].actor.as_ref().unwrap().name, "Daniel Okafor");
    assert_eq!(all.events[0].before.as_deref(), Some(Status::User.as_str()));
    assert_eq!(all.events[0].after.as_deref(), Some(Status::Support.as_str()));
    assert_eq!(all.events[1].action, AuditAction::StatusChanged);

    let by_actor: AuditPage = get(&format!("?actor={}", nora.user.id)).await.unwrap().json().await.unwrap();
    assert_eq!(by_actor.total, 1);
    assert_eq!(by_actor.events[0].target.name, "Tom Nguyen");
    let by_target: AuditPage = get("?target=rosa").await.unwrap().json().await.unwrap();
    assert_eq!(by_target.total, 1);
    let by_action: AuditPage = get("?action=agent_forced_logout").await.unwrap().json().await.unwrap();
    assert_eq!(by_action.total, 0);
    for bad in ["?action=deleted", "?actor=x", "?page=0", "?who=1"] {
        let response = get(bad).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(error_body(response).await.code, ErrorCode::Validation);
    }

    // Support reads the log; a User does not; another company sees none of it.
    let (support, _) = app.signed_in("sbrooks").await;
    assert_eq!(support.get(app.url(AUDIT)).send().await.unwrap().status(), StatusCode::OK);
    let (user, _) = app.signed_in("pcho").await;
    assert_eq!(user.get(app.url(AUDIT)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    sqlx::query("UPDATE users SET status = 'admin' WHERE username = 'lwhite'").execute(app.db()).await.unwrap();
    let (other, _) = app.signed_in("lwhite").await;
    let theirs: AuditPage = other.get(app.url(AUDIT)).send().await.unwrap().json().await.unwrap();
    assert_eq!(theirs.total, 0);
    assert_eq!(app.browser().get(app.url(AUDIT)).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
}
