//! Support requests: where the console says "submit a support ticket", the person files
//! one here, and the vendor's support staff (Operators, outside every company) answer it.

use crate::{Status, Timestamp};
use serde::{Deserialize, Serialize};

/// What a request asks Switchboard support to fix: the three dead ends of the articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SupportCause {
    /// The company has no admin to promote anyone: appoint its first admin.
    NoAdmin,
    /// The company's trial has ended: extend it or make the account active.
    TrialEnded,
    /// A user is locked out by failed sign-ins: unlock them.
    LockedOut,
}

impl SupportCause {
    pub const ALL: [SupportCause; 3] = [SupportCause::NoAdmin, SupportCause::TrialEnded, SupportCause::LockedOut];

    pub fn as_str(self) -> &'static str {
        match self {
            SupportCause::NoAdmin => "no_admin",
            SupportCause::TrialEnded => "trial_ended",
            SupportCause::LockedOut => "locked_out",
        }
    }

    pub fn parse(s: &str) -> Option<SupportCause> {
        SupportCause::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// What the request asks for, in words.
    pub fn label(self) -> &'static str {
        match self {
            SupportCause::NoAdmin => "Appoint a first admin",
            SupportCause::TrialEnded => "Trial ended: extend it or make the account active",
            SupportCause::LockedOut => "Unlock a user locked out by failed sign-ins",
        }
    }
}

/// Whether support has answered yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    Open,
    Answered,
}

impl RequestState {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Open => "open",
            RequestState::Answered => "answered",
        }
    }

    pub fn parse(s: &str) -> Option<RequestState> {
        [RequestState::Open, RequestState::Answered].into_iter().find(|r| r.as_str() == s)
    }
}

/// A request as its requester sees it (the session lists theirs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportRequest {
    pub id: i64,
    pub cause: SupportCause,
    pub state: RequestState,
    /// Whom it is about (the requester, or the locked-out user).
    pub about: String,
    pub filed_at: Timestamp,
    pub answered_at: Option<Timestamp>,
    /// Support's answer, in words ("Laura White was made an admin of …").
    pub answer: Option<String>,
}

/// Files a request from the console. The trial-ended request is filed without a session
/// (`paths::SUPPORT_REQUEST_TRIAL`), since its requester cannot sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum NewSupportRequest {
    /// The caller's company has no admin: appoint its first one (the caller).
    NoAdmin,
    /// A user of the caller's company is locked out by failed sign-ins.
    LockedOut {
        #[cfg_attr(feature = "openapi", schema(minimum = 1))]
        user_id: i64,
    },
}

/// A signed-in operator: the vendor's support staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorSession {
    pub operator: OperatorRef,
    /// Echo this in the `x-csrf-token` header on every request that changes something.
    pub csrf_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorRef {
    pub id: i64,
    pub username: String,
    pub display_name: String,
}

/// A request in the operators' queue, with what an operator needs to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueuedRequest {
    pub id: i64,
    pub cause: SupportCause,
    pub state: RequestState,
    pub filed_at: Timestamp,
    /// Who filed it (the person it is about, or a colleague for a lockout).
    pub filed_by: String,
    pub company: QueuedCompany,
    pub about: QueuedPerson,
    /// The email used to sign in, as it was when filed (never a password).
    pub email: String,
    /// What the console diagnosed when it was filed.
    pub diagnosis: String,
    pub answered_at: Option<Timestamp>,
    pub answer: Option<String>,
    /// The operator who answered.
    pub answered_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueuedCompany {
    pub id: i64,
    pub name: String,
    /// None: an active account.
    pub trial_ends_at: Option<Timestamp>,
    /// Its admins now.
    pub admins: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueuedPerson {
    pub id: i64,
    pub display_name: String,
    pub username: String,
    pub status: Status,
    /// Sign-in waits until then (failed sign-ins), if it does now.
    pub locked_until: Option<Timestamp>,
}

/// The operators' queue: open requests oldest first, or answered ones newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestQueue {
    pub requests: Vec<QueuedRequest>,
    /// Open requests in all.
    pub open: i64,
}

impl RequestQueue {
    /// The most a queue answer lists.
    pub const LIMIT: i64 = 100;
}

/// What an operator does to answer a request. Each is audited in the company's log with
/// the request it answers, and answers every open request of the company with that cause
/// (and, for a lockout, that user).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum OperatorAction {
    /// `no_admin`: the person it is about becomes the company's first admin.
    AppointAdmin,
    /// `trial_ended`: the trial runs `days` more days from now (or from its end, if later).
    ExtendTrial {
        #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 90))]
        days: u32,
    },
    /// `trial_ended`: the account becomes active (no trial end).
    MakeActive,
    /// `locked_out`: the user's sign-in lockout is cleared.
    Unlock,
    /// Any: answered without a change, with a note saying why.
    Close {
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500, pattern = r"\S"))]
        note: String,
    },
}

impl OperatorAction {
    pub const MAX_DAYS: u32 = 90;
    pub const MAX_NOTE: usize = 500;

    /// Whether this action answers a request of `cause`.
    pub fn answers(&self, cause: SupportCause) -> bool {
        match self {
            OperatorAction::AppointAdmin => cause == SupportCause::NoAdmin,
            OperatorAction::ExtendTrial { .. } | OperatorAction::MakeActive => cause == SupportCause::TrialEnded,
            OperatorAction::Unlock => cause == SupportCause::LockedOut,
            OperatorAction::Close { .. } => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_round_trip_and_actions_fit_their_cause() {
        for cause in SupportCause::ALL {
            assert_eq!(SupportCause::parse(cause.as_str()), Some(cause));
            assert_eq!(serde_json::to_string(&cause).unwrap(), format!("\"{}\"", cause.as_str()));
        }
        assert!(OperatorAction::AppointAdmin.answers(SupportCause::NoAdmin));
        assert!(!OperatorAction::AppointAdmin.answers(SupportCause::TrialEnded));
        assert!(OperatorAction::MakeActive.answers(SupportCause::TrialEnded));
        assert!(!OperatorAction::Unlock.answers(SupportCause::NoAdmin));
        assert!(OperatorAction::Close { note: "x".into() }.answers(SupportCause::LockedOut));
    }

    #[test]
    fn actions_are_tagged() {
        let action: OperatorAction = serde_json::from_str(r#"{"action":"extend_trial","days":14}"#).unwrap();
        assert_eq!(action, OperatorAction::ExtendTrial { days: 14 });
        assert!(serde_json::from_str::<OperatorAction>(r#"{"action":"extend_trial"}"#).is_err());
        assert!(serde_json::from_str::<OperatorAction>(r#"{"action":"promote"}"#).is_err());
    }
}
