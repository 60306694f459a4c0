//! `/api/audit`: the company's audit log, newest first.

use super::auth::CurrentUser;
use super::error::{ApiError, ApiResult};
use super::AppState;
use super::{parse_page, parse_search, unknown_parameter};
use axum::extract::{RawQuery, State};
use switchboard_wire::query::pairs;
use switchboard_wire::{AuditAction, AuditPage, AuditQuery, ErrorBody};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

#[utoipa::path(get, path = switchboard_wire::paths::AUDIT, tag = "audit",
    params(
        ("actor" = Option<i64>, Query, minimum = 1, description = "The id of the user who made the change"),
        ("target" = Option<String>, Query, max_length = 100, description = "Part of the target's name"),
        ("action" = Option<AuditAction>, Query),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 1000000, description = "1-based; 50 events a page"),
    ),
    responses(
        (status = 200, body = AuditPage),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
    ))]
async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    RawQuery(raw): RawQuery,
) -> ApiResult<axum::Json<AuditPage>> {
    me.require_console()?;
    let query = parse_audit_query(raw.as_deref().unwrap_or(""))?;
    let (events, total) = state.store.audit_events(me.company_id, &query).await?;
    Ok(axum::Json(AuditPage { events, total, page: query.page, per_page: AuditQuery::PER_PAGE }))
}

pub(super) fn parse_audit_query(raw: &str) -> ApiResult<AuditQuery> {
    let mut query = AuditQuery { page: 1, ..AuditQuery::default() };
    for (key, value) in pairs(raw) {
        match key.as_str() {
            "actor" => {
                let actor = value.parse().ok().filter(|id: &i64| *id >= 1);
                query.actor = Some(actor.ok_or_else(|| ApiError::invalid("actor", "actor is a user id."))?)
            }
            "target" => query.target = parse_search("target", value, 100)?,
            "action" => {
                query.action = Some(
                    AuditAction::parse(&value)
                        .ok_or_else(|| ApiError::invalid("action", format!("“{value}” is not an action.")))?,
                )
            }
            "page" => query.page = parse_page(&value)?,
            other => return Err(unknown_parameter(other)),
        }
    }
    Ok(query)
}
