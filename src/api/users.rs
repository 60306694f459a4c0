//! Authorize Admins and the audit log.

use super::client::{get_cancellable, json, send, with_csrf, ApiError};
use super::CancelSignal;
use crate::links::with_query;
use gloo_net::http::Request;
use switchboard_wire::paths::{self, AUDIT, STATUS_CHANGES, USERS};
use switchboard_wire::{
    AgentLink, AuditPage, AuditQuery, StatusChangeResult, StatusChangeSet, UserDetail, UserPage, UserQuery,
};

pub async fn list_users(query: &UserQuery, cancel: &CancelSignal) -> Result<UserPage, ApiError> {
    json(send(get_cancellable(&with_query(USERS, &query.to_query()), cancel)).await?).await
}

pub async fn user_detail(id: i64) -> Result<UserDetail, ApiError> {
    json(send(Request::get(&paths::user(id)).build()).await?).await
}

pub async fn save_status_changes(csrf_token: &str, set: &StatusChangeSet) -> Result<StatusChangeResult, ApiError> {
    json(send(with_csrf(Request::post(STATUS_CHANGES), csrf_token).json(set)).await?).await
}

/// Links a user to the agent number they log on with, or unlinks them with None (Admin).
pub async fn link_agent(csrf_token: &str, user_id: i64, agent_number: Option<String>) -> Result<(), ApiError> {
    let link = AgentLink { agent_number };
    send(with_csrf(Request::put(&paths::user_agent(user_id)), csrf_token).json(&link)).await.map(|_| ())
}

/// Lets a user locked out by failed sign-ins sign in again from any browser (Admin).
pub async fn clear_lockout(csrf_token: &str, user_id: i64) -> Result<(), ApiError> {
    send(with_csrf(Request::delete(&paths::user_lockout(user_id)), csrf_token).build()).await.map(|_| ())
}

pub async fn audit_log(query: &AuditQuery, cancel: &CancelSignal) -> Result<AuditPage, ApiError> {
    json(send(get_cancellable(&with_query(AUDIT, &query.to_query()), cancel)).await?).await
}
