//! The agents' sign-in service: what a contact-center phone sends and receives.

use serde::{Deserialize, Serialize};

/// What a logged-on agent is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgentState {
    Available,
    OnCall,
    WrapUp,
    Break,
}

impl AgentState {
    pub const ALL: [AgentState; 4] = [AgentState::Available, AgentState::OnCall, AgentState::WrapUp, AgentState::Break];

    pub fn as_str(self) -> &'static str {
        match self {
            AgentState::Available => "available",
            AgentState::OnCall => "on_call",
            AgentState::WrapUp => "wrap_up",
            AgentState::Break => "break",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AgentState::Available => "Available",
            AgentState::OnCall => "On call",
            AgentState::WrapUp => "Wrap-up",
            AgentState::Break => "Break",
        }
    }

    pub fn parse(s: &str) -> Option<AgentState> {
        AgentState::ALL.into_iter().find(|state| state.as_str() == s)
    }
}

/// An agent logs on to their company's phone service from a phone or station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgentLogin {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32, pattern = r"\S"))]
    pub agent_number: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64, pattern = r"\S"))]
    pub passcode: String,
    /// The phone number (any format) or station name the agent uses.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 40, pattern = r"\S"))]
    pub station: String,
}

/// A logged-on agent's session; send `token` as `Authorization: Bearer …` afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentSession {
    pub token: String,
    pub agent_name: String,
    pub agent_number: String,
    pub station: String,
    pub state: AgentState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgentStateChange {
    pub state: AgentState,
}

/// What a heartbeat or state change answers while the session lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentStatusReply {
    pub state: AgentState,
}

/// A logged-on agent, as the Status page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveAgent {
    pub session_id: i64,
    pub name: String,
    pub agent_number: String,
    pub station: String,
    pub state: AgentState,
    pub state_since: crate::Timestamp,
    pub started_at: crate::Timestamp,
    pub last_activity_at: crate::Timestamp,
    /// No heartbeat for longer than the service allows: the phone may be gone.
    pub stale: bool,
    /// Set when the agent logged on from a phone or station they had never used, or one
    /// another agent usually logs on from: what is unusual about it, in words.
    #[serde(default)]
    pub station_note: Option<String>,
}

/// A refused agent login, so that the administrator sees who is blocked and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefusedLogin {
    /// Newer refusals have larger ids: the cursor of older pages.
    pub id: i64,
    pub at: crate::Timestamp,
    pub agent_number: String,
    /// None when the number is not an agent of this service.
    pub agent_name: Option<String>,
    pub station: String,
    pub kind: RefusalReason,
    /// The reason in words, for the administrator.
    pub reason: String,
}

/// Why an agent's log-on was refused, told apart for the administrator (the phone hears
/// one message for a wrong number or passcode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// The passcode is not that agent's.
    WrongPasscode,
    /// No agent of this service has the number.
    UnknownNumber,
    /// "That agent is already logged on."
    AlreadyLoggedOn,
    /// Another logged-on agent uses the phone or station.
    StationInUse,
    /// The company's trial has ended.
    TrialEnded,
    /// A wrong number or passcode, recorded before the two were told apart.
    WrongCredentials,
}

impl RefusalReason {
    pub const ALL: [RefusalReason; 6] = [
        RefusalReason::WrongPasscode,
        RefusalReason::UnknownNumber,
        RefusalReason::AlreadyLoggedOn,
        RefusalReason::StationInUse,
        RefusalReason::TrialEnded,
        RefusalReason::WrongCredentials,
    ];

    /// As stored and in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalReason::WrongPasscode => "wrong_passcode",
            RefusalReason::UnknownNumber => "unknown_number",
            RefusalReason::AlreadyLoggedOn => "already_logged_on",
            RefusalReason::StationInUse => "station_in_use",
            RefusalReason::TrialEnded => "trial_ended",
            RefusalReason::WrongCredentials => "wrong_credentials",
        }
    }

    pub fn parse(text: &str) -> Option<RefusalReason> {
        RefusalReason::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// For the filter.
    pub fn label(self) -> &'static str {
        match self {
            RefusalReason::WrongPasscode => "Wrong passcode",
            RefusalReason::UnknownNumber => "Not an agent of this service",
            RefusalReason::AlreadyLoggedOn => "Already logged on",
            RefusalReason::StationInUse => "Phone or station in use",
            RefusalReason::TrialEnded => "Trial ended",
            RefusalReason::WrongCredentials => "Wrong number or passcode (older records)",
        }
    }
}

/// The refused log-ons the Status page lists, filtered: all given filters apply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RefusedQuery {
    /// An agent number, exactly.
    pub agent: String,
    /// A phone (any format) or station name.
    pub station: String,
    pub reason: Option<RefusalReason>,
    /// Only refusals older than this id (the next page).
    pub before: Option<i64>,
}

impl RefusedQuery {
    pub const PER_PAGE: usize = 25;

    pub fn parse(query: &str) -> RefusedQuery {
        let mut out = RefusedQuery::default();
        for (key, value) in crate::query::pairs(query) {
            match key.as_str() {
                "agent" => out.agent = value,
                "station" => out.station = value,
                "reason" => out.reason = RefusalReason::parse(&value),
                "before" => out.before = value.parse().ok(),
                _ => {}
            }
        }
        out
    }

    pub fn to_query(&self) -> String {
        crate::query::to_query(&[
            ("agent", self.agent.clone()),
            ("station", self.station.clone()),
            ("reason", self.reason.map(|r| r.as_str().to_string()).unwrap_or_default()),
            ("before", self.before.map(|b| b.to_string()).unwrap_or_default()),
        ])
    }

    /// No filter: every refusal.
    pub fn is_unfiltered(&self) -> bool {
        self.agent.trim().is_empty() && self.station.trim().is_empty() && self.reason.is_none()
    }
}

/// One page of refused log-ons, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefusedPage {
    pub refused: Vec<RefusedLogin>,
    /// The `before` of the next (older) page; None on the last.
    pub next_before: Option<i64>,
}

/// The Status page's data: who is logged on now, and recent refusals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentBoard {
    pub agents: Vec<LiveAgent>,
    /// Newest first, the last 50.
    pub refused: Vec<RefusedLogin>,
    pub stale_after_secs: i64,
    /// Agent numbers that must wait before they may log on again, the longest wait first.
    #[serde(default)]
    pub throttled: Vec<ThrottledAgent>,
    /// The server's clock, to count "time in state" from.
    pub now: crate::Timestamp,
}

/// An agent number held back after too many wrong passcodes: every log-on with it is
/// refused until `until`, right passcode or not. An admin can clear it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThrottledAgent {
    pub agent_number: String,
    /// None when the number is not an agent of this service.
    pub agent_name: Option<String>,
    pub failures: i64,
    pub until: crate::Timestamp,
    /// For people: why, in words.
    pub reason: String,
}

/// What Force Logout did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForceLogoutResult {
    /// True when the agent had already left: nothing to do, and that is fine.
    pub already_ended: bool,
    pub message: String,
}

/// A change on the Status page, pushed as it happens (server-sent events).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AgentEvent {
    /// An agent logged on or changed state: add or replace the row.
    Upsert { agent: LiveAgent },
    /// A session ended (logged off or forced out): remove the row.
    Ended { session_id: i64 },
    /// A refused login, for the list of who is blocked and why.
    Refused { refused: RefusedLogin },
    /// Events were missed: load the whole board again.
    Resync,
    /// A figure of the Overview that the board does not show moved (a console user could
    /// not get in, or met "For Admin Access Only"): the Overview reads its figures again;
    /// the Status page has nothing to change.
    Figures,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refused_filter_round_trips_through_its_url() {
        let q = RefusedQuery {
            agent: "1020".into(),
            station: "+1 555 700".into(),
            reason: Some(RefusalReason::UnknownNumber),
            before: Some(42),
        };
        assert_eq!(RefusedQuery::parse(&q.to_query()), q);
        assert_eq!(RefusedQuery::parse("").to_query(), "");
        assert!(RefusedQuery::parse("before=9").is_unfiltered());
        for reason in RefusalReason::ALL {
            assert_eq!(RefusalReason::parse(reason.as_str()), Some(reason));
        }
    }
}
