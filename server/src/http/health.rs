//! `/api/health`: is the server up and its database reachable.

use super::error::ApiResult;
use super::AppState;
use axum::extract::State;
use switchboard_wire::{ErrorBody, Health};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

#[utoipa::path(get, path = switchboard_wire::paths::HEALTH, tag = "operations",
    responses((status = 200, body = Health), (status = 500, body = ErrorBody)))]
async fn health(State(state): State<AppState>) -> ApiResult<axum::Json<Health>> {
    state.store.ping().await?;
    Ok(axum::Json(Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into() }))
}
