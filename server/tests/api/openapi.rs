//! The OpenAPI document describes the API that is actually routed.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;
use switchboard_wire::paths::OPENAPI;

#[tokio::test]
async fn the_document_lists_every_operation_and_each_is_routed() {
    let app = spawn_app().await;
    let response = app.browser().get(app.url(OPENAPI)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let doc: Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for schema in ["ErrorBody", "ErrorCode", "Session", "SignInRequest", "ConsoleAccess", "Status"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "schema {schema} missing");
    }
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = Vec::new();
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            operations.push((method.to_uppercase(), path.clone()));
        }
    }
    operations.sort();
    // The routes the wire crate names, no more and no fewer.
    let expected = paths::ROUTES.to_vec();
    assert_eq!(operations.iter().map(|(m, p)| (m.as_str(), p.as_str())).collect::<Vec<_>>(), expected);
    // Every documented operation answers as itself: never the API's 404 or 405 fallback.
    let client = app.browser();
    for (method, path) in &operations {
        let path = path.replace("{id}", "1").replace("{service}", "northwind").replace("{agent_number}", "1001");
        let response = client.request(method.parse().unwrap(), app.url(&path)).send().await.unwrap();
        assert!(
            ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&response.status()),
            "{method} {path} is documented but answered {}",
            response.status()
        );
    }
}
