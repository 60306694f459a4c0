//! Authorize Admins: the company's users, their statuses, and changing them.

use crate::audit::AuditEvent;
use crate::query::{pairs, to_query, Paged};
use crate::{SignInCause, Status, Timestamp};
use serde::{Deserialize, Serialize};

/// One user in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub status: Status,
    pub last_sign_in_at: Option<Timestamp>,
    /// Send it back with a change; a change to a user who changed since is refused.
    pub version: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserSort {
    #[default]
    Name,
    Username,
    Email,
    Phone,
    Status,
    LastSignIn,
}

impl UserSort {
    pub const ALL: [UserSort; 6] =
        [UserSort::Name, UserSort::Username, UserSort::Email, UserSort::Phone, UserSort::Status, UserSort::LastSignIn];

    pub fn as_str(self) -> &'static str {
        match self {
            UserSort::Name => "name",
            UserSort::Username => "username",
            UserSort::Email => "email",
            UserSort::Phone => "phone",
            UserSort::Status => "status",
            UserSort::LastSignIn => "last_sign_in",
        }
    }

    pub fn parse(s: &str) -> Option<UserSort> {
        UserSort::ALL.into_iter().find(|sort| sort.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

/// What list to show: search, filter, sort and page. It is the page's URL query and the
/// API's query alike.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserQuery {
    /// Matches name, username, email or phone (any format of a phone number).
    pub q: String,
    pub status: Option<Status>,
    /// Only those who could not get in for this cause in the last 24 hours (the Overview's figure).
    pub failed: Option<SignInCause>,
    /// Only those whose username is locked out now.
    pub locked: bool,
    pub sort: UserSort,
    pub dir: SortDir,
    /// 1-based; what the page is called. With `after` or `before` it is only a label.
    pub page: u32,
    /// The page starts after this user (the last of the page before), in this order.
    pub after: Option<i64>,
    /// The page ends before this user (the first of the page after), in this order.
    pub before: Option<i64>,
}

impl Paged for UserQuery {
    fn position(&mut self) -> (&mut u32, &mut Option<i64>, &mut Option<i64>) {
        (&mut self.page, &mut self.after, &mut self.before)
    }
}

impl UserQuery {
    pub const PER_PAGE: u32 = 25;
    pub const MAX_Q: usize = 100;

    /// Reads a query string; unknown or malformed values fall back to the defaults.
    pub fn parse(query: &str) -> UserQuery {
        let mut out = UserQuery { page: 1, ..UserQuery::default() };
        for (key, value) in pairs(query) {
            match key.as_str() {
                "q" => out.q = value,
                "status" => out.status = Status::parse(&value),
                "failed" => out.failed = SignInCause::parse(&value),
                "locked" => out.locked = value == "true",
                "sort" => out.sort = UserSort::parse(&value).unwrap_or_default(),
                "dir" => out.dir = if value == "desc" { SortDir::Desc } else { SortDir::Asc },
                "page" => out.page = value.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
                "after" => out.after = value.parse().ok().filter(|id| *id >= 1),
                "before" => out.before = value.parse().ok().filter(|id| *id >= 1),
                _ => {}
            }
        }
        out
    }

    /// The query string, without defaults, so that the plain view has the plain URL.
    pub fn to_query(&self) -> String {
        to_query(&[
            ("q", self.q.clone()),
            ("status", self.status.map(|s| s.as_str().to_string()).unwrap_or_default()),
            ("failed", self.failed.map(|c| c.as_str().to_string()).unwrap_or_default()),
            ("locked", if self.locked { "true".into() } else { String::new() }),
            ("sort", if self.sort == UserSort::Name { String::new() } else { self.sort.as_str().to_string() }),
            ("dir", if self.dir == SortDir::Desc { "desc".into() } else { String::new() }),
            ("page", if self.page > 1 { self.page.to_string() } else { String::new() }),
            ("after", self.after.map(|id| id.to_string()).unwrap_or_default()),
            ("before", self.before.map(|id| id.to_string()).unwrap_or_default()),
        ])
    }
}

/// One page of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserPage {
    pub users: Vec<UserRow>,
    /// Users matching the search and filter, on all pages; see `total_capped`.
    pub total: i64,
    /// Counting stopped: at least `total` users match ("1,000+").
    pub total_capped: bool,
    /// A search too short for the index looked at part of the list only (see ARCHITECTURE.md).
    pub partial: bool,
    pub page: u32,
    pub per_page: u32,
    /// `after` for the next page, when there is one.
    pub next_after: Option<i64>,
    /// `before` for the previous page, when there is one.
    pub previous_before: Option<i64>,
    /// Admins of the company, whatever the search.
    pub admin_count: i64,
}

/// One status change, with the version of the user it was made on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub user_id: i64,
    pub status: Status,
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub version: i64,
}

/// Every pending change of the page, applied together or not at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusChangeSet {
    /// Each user at most once (a second change of the same user is refused with 422).
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 500))]
    pub changes: Vec<StatusChange>,
}

impl StatusChangeSet {
    /// The most changes one request may carry.
    pub const MAX: usize = 500;
}

/// What Save did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChangeResult {
    pub changed: Vec<AppliedChange>,
    pub admin_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppliedChange {
    pub before: Status,
    /// The user as they are now (new status and version).
    pub user: UserRow,
}

/// A user opened in the detail panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserDetail {
    pub user: UserRow,
    /// Status changes of this user, newest first.
    pub history: Vec<AuditEvent>,
    /// "Why can't they sign in?": the checks of the Ternio article on this user's data.
    pub checks: Vec<SignInCheck>,
    /// Set while sign-in with this username from an unrecognised browser must wait.
    #[serde(default)]
    pub lockout: Option<Lockout>,
    /// The agent number this user is the person behind, if linked.
    #[serde(default)]
    pub agent_number: Option<String>,
}

/// Sets (a number) or clears (null) the agent number a user is the person behind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgentLink {
    /// The agent number, as the phones send it; null unlinks.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32, pattern = r"\S"))]
    pub agent_number: Option<String>,
}

impl AgentLink {
    /// Agent numbers are at most this long (as the phones send them).
    pub const MAX_NUMBER: usize = 32;
}

/// Too many failed sign-ins with a username: from browsers its user has not signed in
/// from, sign-in waits until `until`. An admin can clear it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lockout {
    pub failures: i64,
    pub until: Timestamp,
}

/// One check of "Why can't they sign in?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInCheck {
    pub check: SignInCheckKind,
    pub passed: bool,
    /// What was checked, as a statement of the good case.
    pub title: String,
    /// What the data shows.
    pub finding: String,
    /// What to do, when the check failed.
    pub fix: Option<String>,
    /// The agent session the check found in the way, if it is about one (the panel links
    /// it to the Status page and offers Force Logout).
    #[serde(default)]
    pub session_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignInCheckKind {
    ConsoleStatus,
    UsernameNotEmail,
    TrialActive,
    NotLocked,
    CompanyHasAdmin,
    NoOpenAgentSession,
    PhoneNotInUse,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_view_has_the_plain_url() {
        assert_eq!(UserQuery::parse("").to_query(), "");
        assert_eq!(UserQuery::parse("").page, 1);
    }

    #[test]
    fn queries_round_trip_and_nonsense_falls_back() {
        let q = UserQuery {
            q: "nora@x".into(),
            status: Some(Status::Admin),
            failed: Some(SignInCause::UsedEmail),
            locked: true,
            sort: UserSort::LastSignIn,
            dir: SortDir::Desc,
            page: 3,
            after: Some(812),
            before: None,
        };
        assert_eq!(UserQuery::parse(&q.to_query()), q);
        let odd = UserQuery::parse("?sort=shoe&status=owner&page=-2&dir=up&x=1&failed=luck&locked=yes");
        assert_eq!(odd, UserQuery { page: 1, ..UserQuery::default() });
    }
}
