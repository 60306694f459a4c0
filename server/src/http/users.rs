//! `/api/users`: Authorize Admins. Admins and Support of the company list; Admins change.

use super::auth::CurrentUser;
use super::error::{ApiError, ApiResult};
use super::json::Json;
use super::path::Id;
use super::AppState;
use super::{cursor_gone, parse_cursor, parse_page, parse_search, unknown_parameter};
use crate::domain::diagnosis::diagnose;
use crate::domain::throttle::Scope;
use crate::storage::audit::Actor;
use crate::storage::directory::{ChangeRefusal, LinkRefusal};
use crate::storage::throttles::ClearedBy;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use std::collections::HashSet;
use switchboard_wire::query::pairs;
use switchboard_wire::{
    AgentLink, AuditAction, ErrorBody, ErrorCode, FieldError, Lockout, SignInCause, SortDir, Status,
    StatusChangeResult, StatusChangeSet, Timestamp, UserDetail, UserPage, UserQuery, UserSort,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(change_statuses))
        .routes(routes!(clear_lockout))
        .routes(routes!(link_agent))
}

/// The company's users: search, filter, sort and page run here.
#[utoipa::path(get, path = switchboard_wire::paths::USERS, tag = "users",
    params(
        ("q" = Option<String>, Query, max_length = 100, description = "Part of a name, username, email or phone (any format)"),
        ("status" = Option<Status>, Query),
        ("failed" = Option<SignInCause>, Query, description = "Only users who could not get in for this cause in the last 24 hours (the Overview's figure)"),
        ("locked" = Option<bool>, Query, description = "true: only users whose username is locked out now"),
        ("sort" = Option<UserSort>, Query),
        ("dir" = Option<SortDir>, Query),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 1000000, description = "1-based; 25 users a page. Without a cursor, an offset"),
        ("after" = Option<i64>, Query, minimum = 1, description = "The page after this user (next_after of the page before)"),
        ("before" = Option<i64>, Query, minimum = 1, description = "The page before this user (previous_before of the page after); ignored with after"),
    ),
    responses(
        (status = 200, body = UserPage),
        (status = 401, body = ErrorBody),
        (status = 403, description = "The caller's status is User", body = ErrorBody),
        (status = 404, description = "after or before names no user of the list (any more)", body = ErrorBody),
        (status = 422, description = "An unknown parameter or value", body = ErrorBody),
    ))]
async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    RawQuery(raw): RawQuery,
) -> ApiResult<axum::Json<UserPage>> {
    me.require_console()?;
    let query = parse_user_query(raw.as_deref().unwrap_or(""))?;
    let found = state
        .store
        .list_users(me.company_id, &query, UserQuery::PER_PAGE, state.now())
        .await?
        .map_err(|_| cursor_gone())?;
    let admin_count = state.store.admin_count(me.company_id).await?;
    Ok(axum::Json(UserPage {
        users: found.rows,
        total: found.total,
        total_capped: found.total_capped,
        partial: found.partial,
        page: query.page,
        per_page: UserQuery::PER_PAGE,
        next_after: found.next_after,
        previous_before: found.previous_before,
        admin_count,
    }))
}

/// Unlike the page's lenient reading of its URL, the API says what it did not understand.
pub(super) fn parse_user_query(raw: &str) -> ApiResult<UserQuery> {
    let mut query = UserQuery { page: 1, ..UserQuery::default() };
    for (key, value) in pairs(raw) {
        match key.as_str() {
            "q" => query.q = parse_search("q", value, UserQuery::MAX_Q)?,
            "status" => {
                query.status = Some(Status::parse(&value).ok_or_else(|| {
                    ApiError::invalid("status", format!("“{value}” is not a status: use user, support or admin."))
                })?)
            }
            "failed" => {
                query.failed = Some(SignInCause::parse(&value).ok_or_else(|| {
                    ApiError::invalid("failed", format!("“{value}” is not a cause of failed sign-ins."))
                })?)
            }
            "locked" => {
                query.locked = match value.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(ApiError::invalid("locked", "locked is true or false.")),
                }
            }
            "sort" => {
                query.sort = UserSort::parse(&value)
                    .ok_or_else(|| ApiError::invalid("sort", format!("Cannot sort by “{value}”.")))?
            }
            "dir" => {
                query.dir = match value.as_str() {
                    "asc" => SortDir::Asc,
                    "desc" => SortDir::Desc,
                    _ => return Err(ApiError::invalid("dir", "dir is asc or desc.")),
                }
            }
            "page" => query.page = parse_page(&value)?,
            "after" => query.after = Some(parse_cursor("after", &value)?),
            "before" => query.before = Some(parse_cursor("before", &value)?),
            other => return Err(unknown_parameter(other)),
        }
    }
    // Both given: the page after wins (directory::cursor), as the description says.
    Ok(query)
}

/// One user with their status history and "Why can't they sign in?".
#[utoipa::path(get, path = switchboard_wire::paths::USER, tag = "users",
    params(("id" = i64, Path, minimum = 1)),
    responses(
        (status = 200, body = UserDetail),
        (status = 400, description = "Not an id", body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "No such user in the caller's company", body = ErrorBody),
    ))]
async fn detail(State(state): State<AppState>, me: CurrentUser, Id(id): Id) -> ApiResult<axum::Json<UserDetail>> {
    me.require_console()?;
    let store = &state.store;
    let user = store.user_row(me.company_id, id).await?.ok_or_else(|| ApiError::not_found("such user"))?;
    let history = store.user_history(me.company_id, id).await?;
    let now = state.now();
    let facts = store.diagnosis_facts(me.company_id, &user, now, state.settings.agent_stale_after_secs * 1000).await?;
    let lockout = facts
        .locked_until
        .filter(|&until| until > now)
        .map(|until| Lockout { failures: facts.recent_failures, until: Timestamp(until) });
    let agent_number = facts.agent_number.clone();
    Ok(axum::Json(UserDetail { checks: diagnose(&facts), user, history, lockout, agent_number }))
}

/// Links a user to the agent number they log on to the phone service with (or unlinks
/// them, with null), audited: "Why can't they sign in?" then checks that agent's session.
#[utoipa::path(put, path = switchboard_wire::paths::USER_AGENT, tag = "users",
    params(("id" = i64, Path, minimum = 1), ("x-csrf-token" = String, Header)),
    request_body = AgentLink,
    responses(
        (status = 204, description = "Linked (or unlinked)"),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an Admin", body = ErrorBody),
        (status = 404, description = "No such user in the company, or no agent of the company has that number", body = ErrorBody),
        (status = 409, description = "Another user of the company is the person behind that agent", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, description = "An empty or too long agent number", body = ErrorBody),
    ))]
async fn link_agent(
    State(state): State<AppState>,
    me: CurrentUser,
    Id(id): Id,
    Json(link): Json<AgentLink>,
) -> ApiResult<StatusCode> {
    me.require_admin()?;
    let store = &state.store;
    let number = link.agent_number.as_deref().map(str::trim);
    let invalid =
        |message: String| ApiError::invalid_fields(vec![FieldError { field: "agent_number".into(), message }]);
    if let Some(number) = number {
        if number.is_empty() || number.chars().count() > AgentLink::MAX_NUMBER {
            return Err(invalid(format!("Enter an agent number of 1 to {} characters.", AgentLink::MAX_NUMBER)));
        }
    }
    let user = store.user_row(me.company_id, id).await?.ok_or_else(|| ApiError::not_found("such user"))?;
    let agent = match number {
        Some(number) => {
            // Like an unknown user id, an unknown agent number is a thing not found.
            let agent = store.agent_by_number(me.company_id, number).await?.ok_or_else(|| {
                ApiError::new(ErrorCode::NotFound, format!("No agent of {} has the number {number}.", me.company_name))
            })?;
            Some((agent.id, agent.agent_number))
        }
        None => None,
    };
    let agent = agent.as_ref().map(|(id, number)| (*id, number.as_str()));
    match store.link_agent_audited(me.company_id, me.user_id, &user, agent, state.now()).await? {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(LinkRefusal::Taken(name)) => Err(ApiError::new(
            ErrorCode::Conflict,
            format!("{name} is already the person behind that agent number; unlink them first."),
        )),
    }
}

/// Clears a user's sign-in lockout (audited), for when the admin knows the failed
/// attempts were the user's own.
#[utoipa::path(delete, path = switchboard_wire::paths::USER_LOCKOUT, tag = "users",
    params(("id" = i64, Path, minimum = 1), ("x-csrf-token" = String, Header)),
    responses(
        (status = 204, description = "Cleared: they can sign in again from any browser"),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an Admin", body = ErrorBody),
        (status = 404, description = "No such user in the company, or no lockout to clear", body = ErrorBody),
    ))]
async fn clear_lockout(State(state): State<AppState>, me: CurrentUser, Id(id): Id) -> ApiResult<StatusCode> {
    me.require_admin()?;
    let store = &state.store;
    let user = store.user_row(me.company_id, id).await?.ok_or_else(|| ApiError::not_found("such user"))?;
    let by = ClearedBy {
        company_id: me.company_id,
        actor: Actor::User(me.user_id),
        action: AuditAction::LockoutCleared,
        target_type: "user",
        target_id: user.id,
        target_label: &user.display_name,
    };
    if !store.clear_throttle_audited(Scope::ConsoleUsername, &user.username.to_lowercase(), by, state.now()).await? {
        return Err(ApiError::not_found("lockout on that user"));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Applies every pending status change of the page in one transaction, or none.
#[utoipa::path(post, path = switchboard_wire::paths::STATUS_CHANGES, tag = "users",
    request_body = StatusChangeSet,
    params(("x-csrf-token" = String, Header)),
    responses(
        (status = 200, body = StatusChangeResult),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, description = "Not an Admin, or raising one's own status", body = ErrorBody),
        (status = 404, description = "An id is not a user of the company (`ids` names them)", body = ErrorBody),
        (status = 409, description = "`stale_version` (`ids` names the users who changed) or `last_admin`", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, description = "Empty, too many, duplicate ids, unknown status", body = ErrorBody),
    ))]
async fn change_statuses(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(set): Json<StatusChangeSet>,
) -> ApiResult<axum::Json<StatusChangeResult>> {
    me.require_admin()?;
    if set.changes.is_empty() {
        return Err(ApiError::invalid("changes", "There are no changes to save."));
    }
    if set.changes.len() > StatusChangeSet::MAX {
        return Err(ApiError::invalid("changes", format!("Save at most {} changes at once.", StatusChangeSet::MAX)));
    }
    if let Some((i, _)) = set.changes.iter().enumerate().find(|(_, c)| c.user_id < 1 || c.version < 0) {
        return Err(ApiError::invalid(
            &format!("changes[{i}]"),
            "A change names a user by a positive id and the version it was read at (0 or more).",
        ));
    }
    let mut seen = HashSet::new();
    let duplicates: Vec<i64> = set.changes.iter().map(|c| c.user_id).filter(|id| !seen.insert(*id)).collect();
    if !duplicates.is_empty() {
        return Err(ApiError::invalid("changes", "Each user may appear once in a change set.").with_ids(duplicates));
    }
    if set.changes.iter().any(|c| c.user_id == me.user_id && c.status > me.status) {
        return Err(ApiError::new(ErrorCode::Forbidden, "Nobody can raise their own status."));
    }

    let store = &state.store;
    match store.apply_status_changes(me.company_id, me.user_id, &set.changes, state.now()).await? {
        Ok(changed) => {
            // Someone demoted loses their open Status pages now, not at the next check.
            state.access_changed();
            let admin_count = store.admin_count(me.company_id).await?;
            Ok(axum::Json(StatusChangeResult { changed, admin_count }))
        }
        Err(ChangeRefusal::NotFound(ids)) => {
            Err(ApiError::new(ErrorCode::NotFound, "Some of these users are not users of your company.").with_ids(ids))
        }
        Err(ChangeRefusal::Stale(ids)) => {
            let mut names = Vec::new();
            for id in &ids {
                if let Some(user) = store.user_row(me.company_id, *id).await? {
                    names.push(user.display_name);
                }
            }
            Err(ApiError::new(
                ErrorCode::StaleVersion,
                format!(
                    "Nothing was saved: {} changed since you loaded the list. Reload them, check, and save again.",
                    names.join(", ")
                ),
            )
            .with_ids(ids))
        }
        Err(ChangeRefusal::LastAdmin) => Err(ApiError::new(
            ErrorCode::LastAdmin,
            format!(
                "Nothing was saved: {} would be left without an admin. Keep at least one user with the status Admin.",
                me.company_name
            ),
        )),
        Err(ChangeRefusal::ActorNotAdmin) => {
            Err(ApiError::new(ErrorCode::Forbidden, "Your status changed; you are no longer an admin."))
        }
    }
}
