//! Contacts and their cards: what support looks at when a contact cannot log in.

use crate::query::{pairs, to_query, Paged};
use crate::{ContactCause, Timestamp};
use serde::{Deserialize, Serialize};

/// The two channels a confirmation code travels by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Email => "Email",
            Channel::Sms => "SMS",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        [Channel::Email, Channel::Sms].into_iter().find(|c| c.as_str() == s)
    }
}

/// The contacts search; also the Contacts page's URL query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactQuery {
    /// Part of the name, the email (any case) or the phone number (any format).
    pub q: String,
    /// Only those whose logins failed for this cause in the last 24 hours (the Overview's figure).
    pub failed: Option<ContactCause>,
    /// 1-based; what the page is called. With `after` or `before` it is only a label.
    pub page: u32,
    /// The page starts after this contact, in name order.
    pub after: Option<i64>,
    /// The page ends before this contact, in name order.
    pub before: Option<i64>,
}

impl Paged for ContactQuery {
    fn position(&mut self) -> (&mut u32, &mut Option<i64>, &mut Option<i64>) {
        (&mut self.page, &mut self.after, &mut self.before)
    }
}

impl ContactQuery {
    pub const PER_PAGE: u32 = 25;
    pub const MAX_Q: usize = 100;

    pub fn parse(query: &str) -> ContactQuery {
        let mut out = ContactQuery { page: 1, ..ContactQuery::default() };
        for (key, value) in pairs(query) {
            match key.as_str() {
                "q" => out.q = value,
                "failed" => out.failed = ContactCause::parse(&value),
                "page" => out.page = value.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
                "after" => out.after = value.parse().ok().filter(|id| *id >= 1),
                "before" => out.before = value.parse().ok().filter(|id| *id >= 1),
                _ => {}
            }
        }
        out
    }

    pub fn to_query(&self) -> String {
        to_query(&[
            ("q", self.q.clone()),
            ("failed", self.failed.map(|c| c.as_str().to_string()).unwrap_or_default()),
            ("page", if self.page > 1 { self.page.to_string() } else { String::new() }),
            ("after", self.after.map(|id| id.to_string()).unwrap_or_default()),
            ("before", self.before.map(|id| id.to_string()).unwrap_or_default()),
        ])
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRow {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    /// E.164, e.g. "+15550100199".
    pub phone: Option<String>,
    pub email_opted_out: bool,
    pub sms_opted_out: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactPage {
    pub contacts: Vec<ContactRow>,
    /// Contacts matching the search, on all pages; see `total_capped`.
    pub total: i64,
    /// Counting stopped: at least `total` contacts match ("1,000+").
    pub total_capped: bool,
    /// A search too short for the index looked at part of the list only.
    pub partial: bool,
    pub page: u32,
    pub per_page: u32,
    /// `after` for the next page, when there is one.
    pub next_after: Option<i64>,
    /// `before` for the previous page, when there is one.
    pub previous_before: Option<i64>,
}

/// A channel's opt-out: when and how it was set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptOut {
    pub channel: Channel,
    pub at: Timestamp,
    pub how: String,
}

/// A confirmation code sent; the code itself never leaves the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeSent {
    pub channel: Channel,
    pub sent_at: Timestamp,
    pub used_at: Option<Timestamp>,
    /// Only the newest code of a contact is valid; older ones are superseded.
    pub newest: bool,
    pub device: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Device {
    pub label: String,
    pub first_seen_at: Timestamp,
    pub last_seen_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedMessage {
    pub title: String,
    pub published_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginAttempt {
    pub at: Timestamp,
    pub channel: Channel,
    /// What happened, in words.
    pub outcome: String,
    pub message: Option<String>,
    pub device: Option<String>,
    /// The network the platform saw the attempt come from, when it was not an ordinary one.
    #[serde(default)]
    pub network: Option<Network>,
}

/// A network that is not a person's ordinary one, as the platform saw it (the contact-card
/// article's "Using a VPN").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Network {
    /// A VPN provider's address.
    Vpn,
    /// A data centre's address (a corporate proxy, a cloud browser).
    DataCentre,
}

impl Network {
    pub fn as_str(self) -> &'static str {
        match self {
            Network::Vpn => "vpn",
            Network::DataCentre => "data_centre",
        }
    }

    pub fn parse(text: &str) -> Option<Network> {
        match text {
            "vpn" => Some(Network::Vpn),
            "data_centre" => Some(Network::DataCentre),
            _ => None,
        }
    }

    /// "from a VPN".
    pub fn label(self) -> &'static str {
        match self {
            Network::Vpn => "a VPN",
            Network::DataCentre => "a data centre's network",
        }
    }
}

/// One check of "Why can't they log in?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactCheck {
    pub check: ContactCheckKind,
    pub passed: bool,
    pub title: String,
    pub finding: String,
    pub fix: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactCheckKind {
    Registered,
    NotOptedOut,
    TriedBothChannels,
    NewestCode,
    MessagePublished,
    KeepsDevice,
    OrdinaryNetwork,
}

/// Everything on a contact card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactCard {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub opt_outs: Vec<OptOut>,
    /// Newest first.
    pub codes: Vec<CodeSent>,
    pub devices: Vec<Device>,
    pub messages: Vec<PublishedMessage>,
    /// Newest first.
    pub attempts: Vec<LoginAttempt>,
    /// "Why can't they log in?"
    pub checks: Vec<ContactCheck>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_keeps_the_search_and_moves_the_cursor() {
        let kim = |page, after, before| ContactQuery { q: "kim".into(), failed: None, page, after, before };
        let third = kim(3, Some(40), None);
        assert_eq!(third.next_page(77), kim(4, Some(77), None));
        assert_eq!(third.previous_page(41), kim(2, None, Some(41)));
        let second = ContactQuery { page: 2, ..third.clone() };
        assert_eq!(second.previous_page(41).to_query(), "q=kim", "page 1 is the plain URL");
        assert_eq!(third.first_page(), kim(1, None, None));
    }

    #[test]
    fn contact_queries_round_trip() {
        let q = ContactQuery {
            q: "+1 (555) 010-0199".into(),
            failed: Some(ContactCause::Vpn),
            page: 2,
            after: None,
            before: Some(17),
        };
        assert_eq!(ContactQuery::parse(&q.to_query()), q);
        assert_eq!(ContactQuery::parse("").to_query(), "");
    }
}
