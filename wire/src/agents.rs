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
    pub agent_number: String,
    pub passcode: String,
    /// The phone number (any format) or station name the agent uses.
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
