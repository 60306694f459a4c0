//! `/api/contacts`: contact search and contact cards, for Admins and Support.

use super::auth::CurrentUser;
use super::error::{ApiError, ApiResult};
use super::path::Id;
use super::AppState;
use super::{cursor_gone, parse_cursor, parse_page, parse_search, unknown_parameter};
use crate::domain::contact_diagnosis::diagnose;
use axum::extract::{RawQuery, State};
use switchboard_wire::query::pairs;
use switchboard_wire::{ContactCard, ContactCause, ContactPage, ContactQuery, ErrorBody};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search)).routes(routes!(card))
}

/// Contacts of the company by part of the name, the email (any case) or the phone (any format).
#[utoipa::path(get, path = switchboard_wire::paths::CONTACTS, tag = "contacts",
    params(
        ("q" = Option<String>, Query, max_length = 100, description = "Part of a name, an email or a phone number (any format)"),
        ("failed" = Option<ContactCause>, Query, description = "Only contacts whose logins failed for this cause in the last 24 hours (the Overview's figure)"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 1000000, description = "1-based; 25 contacts a page. Without a cursor, an offset"),
        ("after" = Option<i64>, Query, minimum = 1, description = "The page after this contact (next_after of the page before)"),
        ("before" = Option<i64>, Query, minimum = 1, description = "The page before this contact (previous_before of the page after); ignored with after"),
    ),
    responses(
        (status = 200, body = ContactPage),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 404, description = "after or before names no contact of the list (any more)", body = ErrorBody),
    ))]
async fn search(
    State(state): State<AppState>,
    me: CurrentUser,
    RawQuery(raw): RawQuery,
) -> ApiResult<axum::Json<ContactPage>> {
    me.require_console()?;
    let query = parse_contact_query(raw.as_deref().unwrap_or(""))?;
    // Both given: the page after wins (directory::cursor), as the description says.
    let found = state
        .store
        .search_contacts(me.company_id, &query, ContactQuery::PER_PAGE, state.now())
        .await?
        .map_err(|_| cursor_gone())?;
    Ok(axum::Json(ContactPage {
        contacts: found.rows,
        total: found.total,
        total_capped: found.total_capped,
        partial: found.partial,
        page: query.page,
        per_page: ContactQuery::PER_PAGE,
        next_after: found.next_after,
        previous_before: found.previous_before,
    }))
}

/// A contact card with "Why can't they log in?". Confirmation codes are listed, never shown.
pub(super) fn parse_contact_query(raw: &str) -> ApiResult<ContactQuery> {
    let mut query = ContactQuery { page: 1, ..ContactQuery::default() };
    for (key, value) in pairs(raw) {
        match key.as_str() {
            "q" => query.q = parse_search("q", value, ContactQuery::MAX_Q)?,
            "failed" => {
                query.failed = Some(ContactCause::parse(&value).ok_or_else(|| {
                    ApiError::invalid("failed", format!("“{value}” is not a cause of failed logins."))
                })?)
            }
            "page" => query.page = parse_page(&value)?,
            "after" => query.after = Some(parse_cursor("after", &value)?),
            "before" => query.before = Some(parse_cursor("before", &value)?),
            other => return Err(unknown_parameter(other)),
        }
    }
    Ok(query)
}

#[utoipa::path(get, path = switchboard_wire::paths::CONTACT, tag = "contacts",
    params(("id" = i64, Path, minimum = 1)),
    responses(
        (status = 200, body = ContactCard),
        (status = 400, description = "Not an id", body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "No such contact in the caller's company", body = ErrorBody),
    ))]
async fn card(State(state): State<AppState>, me: CurrentUser, Id(id): Id) -> ApiResult<axum::Json<ContactCard>> {
    me.require_console()?;
    let data = state
        .store
        .contact_card(me.company_id, &me.company_country, id, state.now())
        .await?
        .ok_or_else(|| ApiError::not_found("such contact"))?;
    let checks = diagnose(&data.facts);
    let c = data.contact;
    Ok(axum::Json(ContactCard {
        id: c.id,
        name: c.name,
        email: c.email,
        phone: c.phone,
        opt_outs: data.opt_outs,
        codes: data.codes,
        devices: data.devices,
        messages: data.messages,
        attempts: data.attempts,
        checks,
    }))
}
