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
}

/// A refused agent login, so that the administrator sees who is blocked and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefusedLogin {
    pub at: crate::Timestamp,
    pub agent_number: String,
    /// None when the number is not an agent of this service.
    pub agent_name: Option<String>,
    pub station: String,
    pub reason: String,
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
}
