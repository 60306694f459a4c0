//! Contacts and contact cards.

use super::client::{json, send, ApiError};
use crate::links::with_query;
use gloo_net::http::Request;
use switchboard_wire::{ContactCard, ContactPage, ContactQuery};

const CONTACTS: &str = "/api/contacts";

pub async fn search_contacts(query: &ContactQuery) -> Result<ContactPage, ApiError> {
    json(send(Request::get(&with_query(CONTACTS, &query.to_query())).build()).await?).await
}

pub async fn contact_card(id: i64) -> Result<ContactCard, ApiError> {
    json(send(Request::get(&format!("{CONTACTS}/{id}")).build()).await?).await
}
