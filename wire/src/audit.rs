//! The audit log: every change an admin made.

use crate::query::{pairs, to_query};
use crate::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    StatusChanged,
    AgentForcedLogout,
    /// An admin let an agent number that was throttled log on again.
    AgentThrottleCleared,
    /// An admin cleared a user's sign-in lockout.
    LockoutCleared,
    /// An admin linked a user to the agent number they log on with (or unlinked them).
    AgentLinked,
    /// Switchboard support extended the company's trial or made the account active.
    TrialChanged,
    /// Someone downloaded a list as CSV (the target is the list; `after` its filters).
    ListExported,
}

impl AuditAction {
    pub const ALL: [AuditAction; 7] = [
        AuditAction::StatusChanged,
        AuditAction::AgentForcedLogout,
        AuditAction::AgentThrottleCleared,
        AuditAction::LockoutCleared,
        AuditAction::AgentLinked,
        AuditAction::TrialChanged,
        AuditAction::ListExported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::StatusChanged => "status_changed",
            AuditAction::AgentForcedLogout => "agent_forced_logout",
            AuditAction::AgentThrottleCleared => "agent_throttle_cleared",
            AuditAction::LockoutCleared => "lockout_cleared",
            AuditAction::AgentLinked => "agent_linked",
            AuditAction::TrialChanged => "trial_changed",
            AuditAction::ListExported => "list_exported",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AuditAction::StatusChanged => "Status changed",
            AuditAction::AgentForcedLogout => "Agent forced out",
            AuditAction::AgentThrottleCleared => "Agent number unblocked",
            AuditAction::LockoutCleared => "Sign-in lockout cleared",
            AuditAction::AgentLinked => "Agent number linked",
            AuditAction::TrialChanged => "Trial changed",
            AuditAction::ListExported => "List exported",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// Who did it, or to whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub id: i64,
    pub name: String,
}

/// An operator's change, and the support request it answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportRef {
    pub operator: String,
    pub request_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    pub id: i64,
    pub at: Timestamp,
    /// None when the actor's account no longer exists, or the actor was Switchboard support.
    pub actor: Option<PersonRef>,
    /// Done by Switchboard support (an operator) answering a support request.
    pub support: Option<SupportRef>,
    pub action: AuditAction,
    pub target: PersonRef,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Filters of the Audit Log page; also its URL query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuditQuery {
    pub actor: Option<i64>,
    /// Part of the target's name (a user or an agent).
    pub target: String,
    pub action: Option<AuditAction>,
    pub page: u32,
}

impl AuditQuery {
    pub const PER_PAGE: u32 = 50;

    pub fn parse(query: &str) -> AuditQuery {
        let mut out = AuditQuery { page: 1, ..AuditQuery::default() };
        for (key, value) in pairs(query) {
            match key.as_str() {
                "actor" => out.actor = value.parse().ok(),
                "target" => out.target = value,
                "action" => out.action = AuditAction::parse(&value),
                "page" => out.page = value.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
                _ => {}
            }
        }
        out
    }

    pub fn to_query(&self) -> String {
        let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        to_query(&[
            ("actor", num(self.actor)),
            ("target", self.target.clone()),
            ("action", self.action.map(|a| a.as_str().to_string()).unwrap_or_default()),
            ("page", if self.page > 1 { self.page.to_string() } else { String::new() }),
        ])
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub events: Vec<AuditEvent>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_queries_round_trip() {
        let q =
            AuditQuery { actor: Some(4), target: "Tom N".into(), action: Some(AuditAction::StatusChanged), page: 2 };
        assert_eq!(q.to_query(), "actor=4&target=Tom%20N&action=status_changed&page=2");
        assert_eq!(AuditQuery::parse(&q.to_query()), q);
    }
}
