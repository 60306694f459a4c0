//! Contacts: search, and everything a contact card shows.

use super::directory::cursor;
use super::listing::{CursorGone, Found, Keyed, Listing, Order, Table};
use super::overview::contacts_who_failed;
use super::Store;
use crate::domain::clock::DAY_MS;
use crate::domain::contact_diagnosis::{Attempt, Facts};
use crate::domain::outcomes::ContactLoginOutcome;
use switchboard_wire::{
    Channel, CodeSent, ContactQuery, ContactRow, Device, LoginAttempt, Network, OptOut, PublishedMessage, Timestamp,
};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    email_opted_out_at: Option<i64>,
    email_opt_out_source: Option<String>,
    sms_opted_out_at: Option<i64>,
    sms_opt_out_source: Option<String>,
}

impl Keyed for Row {
    fn key_id(&self) -> i64 {
        self.id
    }
}

impl Row {
    fn summary(&self) -> ContactRow {
        ContactRow {
            id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            email_opted_out: self.email_opted_out_at.is_some(),
            sms_opted_out: self.sms_opted_out_at.is_some(),
        }
    }
}

/// A login attempt with the titles of what it named.
#[derive(sqlx::FromRow)]
struct AttemptRow {
    at: i64,
    channel: String,
    outcome: String,
    title: Option<String>,
    label: Option<String>,
    network: Option<String>,
}

/// COLUMNS of the table aliased `t`, as lists read it.
const LIST_COLUMNS: &str = "t.id, t.name, t.email, t.phone, t.email_opted_out_at, t.email_opt_out_source, \
     t.sms_opted_out_at, t.sms_opt_out_source";

const COLUMNS: &str =
    "id, name, email, phone, email_opted_out_at, email_opt_out_source, sms_opted_out_at, sms_opt_out_source";

/// A contact's card, before the checks run on it.
pub struct CardData {
    pub contact: ContactRow,
    pub opt_outs: Vec<OptOut>,
    pub codes: Vec<CodeSent>,
    pub devices: Vec<Device>,
    pub messages: Vec<PublishedMessage>,
    pub attempts: Vec<LoginAttempt>,
    pub facts: Facts,
}

fn channel(text: &str) -> Channel {
    Channel::parse(text).unwrap_or(Channel::Email)
}

/// A recorded outcome; a spelling the CHECK constraint allows but this build does not
/// know reads as a wrong code (the card still lists the attempt).
fn outcome(text: &str) -> ContactLoginOutcome {
    ContactLoginOutcome::parse(text).unwrap_or(ContactLoginOutcome::CodeWrong)
}

impl Store {
    /// One page of the company's contacts matching the search, in name order; "failed in
    /// the last 24 hours" is as of `now`.
    pub async fn search_contacts(
        &self,
        company_id: i64,
        query: &ContactQuery,
        per_page: u32,
        now: i64,
    ) -> sqlx::Result<Result<Found<ContactRow>, CursorGone>> {
        let listing = Listing {
            table: Table::Contacts,
            company_id,
            status: None,
            subsets: query.failed.map(|cause| contacts_who_failed(cause, now - DAY_MS)).into_iter().collect(),
            q: &query.q,
            order: Order { key: "lower(t.name)", numeric: false, desc: false },
            cursor: cursor(query.page, query.after, query.before),
            per_page,
            columns: LIST_COLUMNS,
        };
        Ok(self.list_page::<Row>(&listing).await?.map(|found| found.map_rows(|row| row.summary())))
    }

    /// The card of a contact of the company; another company's contact is absent.
    /// `country` is the company's, in which the diagnosis writes its phone numbers.
    pub async fn contact_card(
        &self,
        company_id: i64,
        country: &str,
        id: i64,
        now: i64,
    ) -> sqlx::Result<Option<CardData>> {
        let Some(row): Option<Row> = on_pool!(self, pool => sqlx::query_as(&format!("SELECT {COLUMNS} FROM contacts WHERE id = $1 AND company_id = $2"))
                .bind(id)
                .bind(company_id)
                .fetch_optional(pool)
                .await)?
        else {
            return Ok(None);
        };
        let codes: Vec<(String, i64, Option<i64>, Option<String>)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT c.channel, c.sent_at, c.used_at, d.label FROM confirmation_codes c
             LEFT JOIN contact_devices d ON d.id = c.device_id
             WHERE c.contact_id = $1 ORDER BY c.sent_at DESC, c.id DESC LIMIT 50",
        )
        .bind(id)
        .fetch_all(pool)
        .await)?;
        let devices: Vec<(String, i64, i64)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT label, first_seen_at, last_seen_at FROM contact_devices WHERE contact_id = $1 ORDER BY first_seen_at DESC",
        )
        .bind(id)
        .fetch_all(pool)
        .await)?;
        let messages: Vec<(String, i64)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT m.title, r.published_at FROM message_recipients r JOIN messages m ON m.id = r.message_id
             WHERE r.contact_id = $1 ORDER BY r.published_at DESC",
        )
        .bind(id)
        .fetch_all(pool)
        .await)?;
        let attempts: Vec<AttemptRow> = on_pool!(self, pool => sqlx::query_as(
            "SELECT a.at, a.channel, a.outcome, m.title, d.label, a.network FROM contact_login_attempts a
             LEFT JOIN messages m ON m.id = a.message_id
             LEFT JOIN contact_devices d ON d.id = a.device_id
             WHERE a.contact_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT 50",
        )
        .bind(id)
        .fetch_all(pool)
        .await)?;

        let mut opt_outs = Vec::new();
        if let (Some(at), Some(how)) = (row.email_opted_out_at, &row.email_opt_out_source) {
            opt_outs.push(OptOut { channel: Channel::Email, at: Timestamp(at), how: how.clone() });
        }
        if let (Some(at), Some(how)) = (row.sms_opted_out_at, &row.sms_opt_out_source) {
            opt_outs.push(OptOut { channel: Channel::Sms, at: Timestamp(at), how: how.clone() });
        }
        let facts = Facts {
            email: row.email.clone(),
            phone: row.phone.clone(),
            email_opt_out: row.email_opted_out_at.map(|at| (at, row.email_opt_out_source.clone().unwrap_or_default())),
            sms_opt_out: row.sms_opted_out_at.map(|at| (at, row.sms_opt_out_source.clone().unwrap_or_default())),
            attempts: attempts
                .iter()
                .map(|a| Attempt {
                    channel: channel(&a.channel),
                    outcome: outcome(&a.outcome),
                    message: a.title.clone(),
                    network: a.network.as_deref().and_then(Network::parse),
                    at: a.at,
                })
                .collect(),
            codes_sent: codes.iter().map(|(_, sent, _, _)| *sent).collect(),
            devices_first_seen: devices.iter().map(|(_, first, _)| *first).collect(),
            now,
            country: country.to_string(),
        };
        Ok(Some(CardData {
            contact: row.summary(),
            opt_outs,
            codes: codes
                .into_iter()
                .enumerate()
                .map(|(i, (ch, sent, used, device))| CodeSent {
                    channel: channel(&ch),
                    sent_at: Timestamp(sent),
                    used_at: used.map(Timestamp),
                    newest: i == 0,
                    device,
                })
                .collect(),
            devices: devices
                .into_iter()
                .map(|(label, first, last)| Device {
                    label,
                    first_seen_at: Timestamp(first),
                    last_seen_at: Timestamp(last),
                })
                .collect(),
            messages: messages
                .into_iter()
                .map(|(title, at)| PublishedMessage { title, published_at: Timestamp(at) })
                .collect(),
            attempts: attempts
                .into_iter()
                .map(|a| LoginAttempt {
                    at: Timestamp(a.at),
                    channel: channel(&a.channel),
                    outcome: outcome(&a.outcome).words().to_string(),
                    message: a.title,
                    device: a.label,
                    network: a.network.as_deref().and_then(Network::parse),
                })
                .collect(),
            facts,
        }))
    }
}
