//! `/api/exports/*`: every list of the console as CSV, with the list's own filters, access
//! rules and tenant scope. The body is streamed: a task reads the list a batch at a time
//! (the list's own plan and cursors) and sends each batch as it comes, through a channel of
//! two batches, so memory stays flat however long the list, and the reading stops as soon
//! as the client goes. Each export is written to the audit log before the first row.

use super::auth::CurrentUser;
use super::error::ApiResult;
use super::users::parse_user_query;
use super::AppState;
use crate::domain::csv;
use crate::storage::agents::RefusedFilter;
use crate::storage::audit::{Actor, AuditRecord};
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::future::Future;
use std::pin::Pin;
use switchboard_wire::{AuditAction, ContactCause, ErrorBody, RefusalReason, SignInCause, SortDir, Status, UserSort};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_users))
        .routes(routes!(export_contacts))
        .routes(routes!(export_audit))
        .routes(routes!(export_refusals))
}

/// Rows read a statement.
const BATCH: u32 = 1000;

/// The next batch's CSV lines, and the cursor after it (None: that was the last).
type Batch = Pin<Box<dyn Future<Output = anyhow::Result<(String, Option<i64>)>> + Send>>;

/// The CSV response: the header line, then each batch as `next` reads it.
fn stream_csv(list: &str, header: &[&str], mut next: impl FnMut(Option<i64>) -> Batch + Send + 'static) -> Response {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(2);
    let head = csv::line(header.iter().copied());
    let list_name = list.to_string();
    tokio::spawn(async move {
        if sender.send(Ok(Bytes::from(head))).await.is_err() {
            return;
        }
        let mut cursor = None;
        loop {
            match next(cursor).await {
                Ok((lines, following)) => {
                    // A send fails once the client has gone: stop reading.
                    if !lines.is_empty() && sender.send(Ok(Bytes::from(lines))).await.is_err() {
                        return;
                    }
                    match following {
                        Some(after) => cursor = Some(after),
                        None => return,
                    }
                }
                Err(error) => {
                    // The body ends in an error, so the download fails rather than looking whole.
                    tracing::error!(list = %list_name, error = %error, "an export failed part way");
                    let _ = sender.send(Err(std::io::Error::other("the export failed part way"))).await;
                    return;
                }
            }
        }
    });
    let filename =
        format!("switchboard-{list}-{}.csv", csv::time(crate::domain::clock::now_ms()).get(..10).unwrap_or("today"));
    let disposition = format!("attachment; filename=\"{filename}\"");
    let headers =
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, disposition)];
    (headers, Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(receiver))).into_response()
}

/// Writes the export to the audit log (before the first row: an export cut short was still
/// taken) with the list and its filters.
async fn audited(state: &AppState, me: &CurrentUser, list: &str, filters: Option<&str>) -> ApiResult<()> {
    let filters = match filters.map(str::trim).filter(|f| !f.is_empty()) {
        Some(filters) => format!("filtered: {filters}"),
        None => "the whole list".to_string(),
    };
    let record = AuditRecord {
        company_id: me.company_id,
        actor: Actor::User(me.user_id),
        action: AuditAction::ListExported,
        target_type: "list",
        target_id: 0,
        target_label: list,
        before: None,
        after: Some(&filters),
        at: state.now(),
    };
    state.store.record_audit(record).await?;
    Ok(())
}

/// The company's users as CSV, with the list's search, status filter and order (its
/// paging parameters are read and ignored: the export is every page).
#[utoipa::path(get, path = switchboard_wire::paths::EXPORT_USERS, tag = "exports",
    params(
        ("q" = Option<String>, Query, max_length = 100),
        ("status" = Option<Status>, Query),
        ("failed" = Option<SignInCause>, Query, description = "As the list's"),
        ("locked" = Option<bool>, Query, description = "As the list's"),
        ("sort" = Option<UserSort>, Query),
        ("dir" = Option<SortDir>, Query),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 1000000, description = "Ignored"),
        ("after" = Option<i64>, Query, minimum = 1, description = "Ignored"),
        ("before" = Option<i64>, Query, minimum = 1, description = "Ignored"),
    ),
    responses(
        (status = 200, description = "CSV: name, username, email, phone, status, last sign-in", content_type = "text/csv", body = String),
        (status = 401, body = ErrorBody),
        (status = 403, description = "The caller's status is User", body = ErrorBody),
        (status = 422, description = "An unknown parameter or value", body = ErrorBody),
    ))]
async fn export_users(State(state): State<AppState>, me: CurrentUser, RawQuery(raw): RawQuery) -> ApiResult<Response> {
    me.require_console()?;
    let mut query = parse_user_query(raw.as_deref().unwrap_or(""))?;
    (query.page, query.after, query.before) = (1, None, None);
    audited(&state, &me, "Users", raw.as_deref()).await?;
    let (store, company, now) = (state.store.clone(), me.company_id, state.now());
    let header = ["Name", "Username", "Email", "Phone", "Status", "Last sign-in (UTC)"];
    Ok(stream_csv("users", &header, move |after| {
        let (store, mut query) = (store.clone(), query.clone());
        query.after = after;
        Box::pin(async move {
            let found = store.list_users(company, &query, BATCH, now).await?.map_err(|_| gone())?;
            let lines: String = found
                .rows
                .iter()
                .map(|u| {
                    let last = u.last_sign_in_at.map(|t| csv::time(t.0)).unwrap_or_default();
                    let phone = u.phone.clone().unwrap_or_default();
                    csv::line([&*u.display_name, &u.username, &u.email, &phone, u.status.label(), &last])
                })
                .collect();
            Ok((lines, found.next_after))
        })
    }))
}

/// The company's contacts as CSV, with the search of the list.
#[utoipa::path(get, path = switchboard_wire::paths::EXPORT_CONTACTS, tag = "exports",
    params(
        ("q" = Option<String>, Query, max_length = 100),
        ("failed" = Option<ContactCause>, Query, description = "As the list's"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 1000000, description = "Ignored"),
        ("after" = Option<i64>, Query, minimum = 1, description = "Ignored"),
        ("before" = Option<i64>, Query, minimum = 1, description = "Ignored"),
    ),
    responses(
        (status = 200, description = "CSV: name, email, phone, opted out of email, of SMS", content_type = "text/csv", body = String),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
    ))]
async fn export_contacts(
    State(state): State<AppState>,
    me: CurrentUser,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    me.require_console()?;
    let mut query = super::contacts::parse_contact_query(raw.as_deref().unwrap_or(""))?;
    (query.page, query.after, query.before) = (1, None, None);
    audited(&state, &me, "Contacts", raw.as_deref()).await?;
    let (store, company, now) = (state.store.clone(), me.company_id, state.now());
    let header = ["Name", "Email", "Phone", "Opted out of email", "Opted out of SMS"];
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    Ok(stream_csv("contacts", &header, move |after| {
        let (store, mut query) = (store.clone(), query.clone());
        query.after = after;
        Box::pin(async move {
            let found = store.search_contacts(company, &query, BATCH, now).await?.map_err(|_| gone())?;
            let lines: String = found
                .rows
                .iter()
                .map(|c| {
                    let (email, phone) = (csv::or_empty(&c.email), csv::or_empty(&c.phone));
                    csv::line([&*c.name, email, phone, yes_no(c.email_opted_out), yes_no(c.sms_opted_out)])
                })
                .collect();
            Ok((lines, found.next_after))
        })
    }))
}

/// The company's audit log as CSV, newest first, with the log's filters.
#[utoipa::path(get, path = switchboard_wire::paths::EXPORT_AUDIT, tag = "exports",
    params(
        ("actor" = Option<i64>, Query, minimum = 1),
        ("target" = Option<String>, Query, max_length = 100),
        ("action" = Option<AuditAction>, Query),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 1000000, description = "Ignored"),
    ),
    responses(
        (status = 200, description = "CSV: time, who, action, target, before, after", content_type = "text/csv", body = String),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
    ))]
async fn export_audit(State(state): State<AppState>, me: CurrentUser, RawQuery(raw): RawQuery) -> ApiResult<Response> {
    me.require_console()?;
    let query = super::audit::parse_audit_query(raw.as_deref().unwrap_or(""))?;
    audited(&state, &me, "Audit log", raw.as_deref()).await?;
    let (store, company) = (state.store.clone(), me.company_id);
    let header = ["Time (UTC)", "Who", "Action", "Target", "Before", "After"];
    Ok(stream_csv("audit-log", &header, move |before| {
        let (store, query) = (store.clone(), query.clone());
        Box::pin(async move {
            let (events, next) = store.audit_batch(company, &query, before, BATCH).await?;
            let lines: String = events
                .iter()
                .map(|e| {
                    let who = match (&e.actor, &e.support) {
                        (Some(actor), _) => actor.name.clone(),
                        (None, Some(support)) => {
                            format!("Switchboard support ({}), request #{}", support.operator, support.request_id)
                        }
                        (None, None) => "A former user".into(),
                    };
                    let time = csv::time(e.at.0);
                    let cells = [
                        &*time,
                        &who,
                        e.action.label(),
                        &e.target.name,
                        csv::or_empty(&e.before),
                        csv::or_empty(&e.after),
                    ];
                    csv::line(cells)
                })
                .collect();
            Ok((lines, next))
        })
    }))
}

/// The company's refused agent log-ons as CSV, newest first, with the list's filters.
#[utoipa::path(get, path = switchboard_wire::paths::EXPORT_REFUSALS, tag = "exports",
    params(
        ("agent" = Option<String>, Query, max_length = 32),
        ("station" = Option<String>, Query, max_length = 40),
        ("reason" = Option<RefusalReason>, Query),
        ("before" = Option<i64>, Query, minimum = 1, description = "Ignored"),
    ),
    responses(
        (status = 200, description = "CSV: time, agent number, agent, station, reason", content_type = "text/csv", body = String),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
    ))]
async fn export_refusals(
    State(state): State<AppState>,
    me: CurrentUser,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    me.require_console()?;
    let filter = RefusedFilter { before: None, ..super::agents::parse_refused_filter(raw.as_deref().unwrap_or(""))? };
    audited(&state, &me, "Refused log-ons", raw.as_deref()).await?;
    let (store, company) = (state.store.clone(), me.company_id);
    let header = ["Time (UTC)", "Agent number", "Agent", "Station", "Reason"];
    Ok(stream_csv("refused-log-ons", &header, move |before| {
        let store = store.clone();
        let filter = RefusedFilter { before, ..filter.clone() };
        Box::pin(async move {
            let (refused, next) = store.refused_agent_logins_page(company, &filter, BATCH as usize).await?;
            let lines: String = refused
                .iter()
                .map(|r| {
                    let time = csv::time(r.at.0);
                    csv::line([&*time, &r.agent_number, csv::or_empty(&r.agent_name), &r.station, &r.reason])
                })
                .collect();
            Ok((lines, next))
        })
    }))
}

/// A cursor the export itself took is gone: a row was deleted under it.
fn gone() -> anyhow::Error {
    anyhow::anyhow!("a row the export had reached was deleted")
}
