//! Contacts and contact cards.

use super::client::{get_cancellable, json, send, ApiError};
use super::CancelSignal;
use crate::links::with_query;
use gloo_net::http::Request;
use switchboard_wire::paths::{self, CONTACTS};
use switchboard_wire::{ContactCard, ContactPage, ContactQuery};

pub async fn search_contacts(query: &ContactQuery, cancel: &CancelSignal) -> Result<ContactPage, ApiError> {
    json(send(get_cancellable(&with_query(CONTACTS, &query.to_query()), cancel)).await?).await
}

pub async fn contact_card(id: i64) -> Result<ContactCard, ApiError> {
    json(send(Request::get(&paths::contact(id)).build()).await?).await
}
