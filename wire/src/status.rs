//! What a console user is, and which console pages that lets them use.

use serde::{Deserialize, Serialize};

/// A console user's status in their company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Signs in, but sees "For Admin Access Only".
    User,
    /// Support staff: reads every console page, changes nothing.
    Support,
    /// Reads and changes everything of their own company.
    Admin,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::User, Status::Support, Status::Admin];

    /// The word people see.
    pub fn label(self) -> &'static str {
        match self {
            Status::User => "User",
            Status::Support => "Support",
            Status::Admin => "Admin",
        }
    }

    /// The spelling used on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::User => "user",
            Status::Support => "support",
            Status::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// The console pages this status may open; empty means "For Admin Access Only".
    pub fn pages(self) -> &'static [ConsolePage] {
        match self {
            Status::User => &[],
            Status::Support | Status::Admin => &ConsolePage::ALL,
        }
    }

    /// Whether this status may change data (statuses, sessions) rather than only read it.
    pub fn can_change(self) -> bool {
        self == Status::Admin
    }
}

/// The pages of the console's left menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsolePage {
    /// What needs attention now: the home of Support and Admin.
    Overview,
    AuthorizeAdmins,
    AgentStatus,
    Contacts,
    AuditLog,
}

impl ConsolePage {
    pub const ALL: [ConsolePage; 5] = [
        ConsolePage::Overview,
        ConsolePage::AuthorizeAdmins,
        ConsolePage::AgentStatus,
        ConsolePage::Contacts,
        ConsolePage::AuditLog,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ConsolePage::Overview => "Overview",
            ConsolePage::AuthorizeAdmins => "Authorize Admins",
            ConsolePage::AgentStatus => "Agent Status",
            ConsolePage::Contacts => "Contacts",
            ConsolePage::AuditLog => "Audit Log",
        }
    }

    /// The page's path in the app; the server serves the app for each of these.
    pub fn path(self) -> &'static str {
        match self {
            ConsolePage::Overview => "/overview",
            ConsolePage::AuthorizeAdmins => "/admins",
            ConsolePage::AgentStatus => "/agents",
            ConsolePage::Contacts => "/contacts",
            ConsolePage::AuditLog => "/audit",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_spelling() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::to_string(&status).unwrap(), format!("\"{}\"", status.as_str()));
        }
        assert_eq!(Status::parse("Admin"), None);
        assert_eq!(Status::parse("owner"), None);
    }

    #[test]
    fn only_admins_change_and_users_see_no_pages() {
        assert!(Status::User.pages().is_empty());
        assert_eq!(Status::Support.pages().len(), 5);
        assert!(!Status::Support.can_change());
        assert!(Status::Admin.can_change());
        assert!(!Status::User.can_change());
    }
}
