//! The contract between the Switchboard front end and its server.
//!
//! Both sides depend on this crate and nothing else describes the JSON they exchange:
//! a type that crosses the network is defined here once. It depends on serde only
//! (utoipa joins behind the `openapi` feature, for the server's OpenAPI document),
//! so it compiles for wasm32 and native alike.

pub mod agents;
pub mod audit;
pub mod contacts;
pub mod error;
pub mod overview;
pub mod paths;
pub mod phone;
pub mod query;
pub mod session;
pub mod status;
pub mod support;
pub mod time;
pub mod users;

pub use agents::{
    AgentBoard, AgentEvent, AgentLogin, AgentSession, AgentState, AgentStateChange, AgentStatusReply,
    ForceLogoutResult, LiveAgent, RefusalReason, RefusedLogin, RefusedPage, RefusedQuery, ThrottledAgent,
};
pub use audit::{AuditAction, AuditEvent, AuditPage, AuditQuery, PersonRef, SupportRef};
pub use contacts::{
    Channel, CodeSent, ContactCard, ContactCheck, ContactCheckKind, ContactPage, ContactQuery, ContactRow, Device,
    LoginAttempt, Network, OptOut, PublishedMessage,
};
pub use error::{ErrorBody, ErrorCode, FieldError};
pub use overview::{
    AgentFigures, ContactCause, ContactCauseCount, ContactFigures, Overview, ReasonCount, RefusalFigures, SignInCause,
    SignInCauseCount, SignInFigures, StateCount,
};
pub use query::Paged;
pub use session::{AdminContact, CompanyRef, ConsoleAccess, Session, SignInRequest, SignedInUser};
pub use status::{ConsolePage, Status};
pub use support::{
    NewSupportRequest, OperatorAction, OperatorRef, OperatorSession, QueuedCompany, QueuedPerson, QueuedRequest,
    RequestQueue, RequestState, SupportCause, SupportRequest,
};
pub use time::Timestamp;
pub use users::{
    AgentLink, AppliedChange, Lockout, SignInCheck, SignInCheckKind, SortDir, StatusChange, StatusChangeResult,
    StatusChangeSet, UserDetail, UserPage, UserQuery, UserRow, UserSort,
};

/// What `/api/health` answers when the server and its database are up.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
}
