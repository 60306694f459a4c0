//! The Overview: what needs attention in the company now, in figures, each the count of a
//! list (the page links every figure to that list, filtered the same way).

use crate::{AgentState, RefusalReason, Timestamp};
use serde::{Deserialize, Serialize};

/// One request's worth of figures, for the signed-in company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    /// When these were read (the server's clock).
    pub at: Timestamp,
    /// The start of the day the 24-hour figures count: `at` less 24 hours.
    pub since: Timestamp,
    pub agents: AgentFigures,
    pub refusals: RefusalFigures,
    pub sign_ins: SignInFigures,
    pub contacts: ContactFigures,
    /// The company's support requests not answered yet.
    pub open_support_requests: i64,
}

impl Overview {
    /// The refusals chart's bars: a quarter of an hour each, 96 in the day.
    pub const BUCKET_MS: i64 = 15 * 60_000;
    pub const BUCKETS: usize = 96;
}

/// The agents logged on now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentFigures {
    pub logged_on: i64,
    /// Every state, in `AgentState::ALL` order, zero counts included.
    pub by_state: Vec<StateCount>,
    /// Logged on, but their phone has not been heard from lately.
    pub stale: i64,
    /// Agent numbers held back after wrong passcodes.
    pub throttled: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateCount {
    pub state: AgentState,
    pub count: i64,
}

/// Refused agent log-ons in the last 24 hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefusalFigures {
    pub total: i64,
    /// The reasons that occurred, most first.
    pub by_reason: Vec<ReasonCount>,
    /// Refusals per quarter hour from `since`, oldest first (`Overview::BUCKETS` of them).
    pub per_quarter_hour: Vec<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonCount {
    pub reason: RefusalReason,
    pub count: i64,
}

/// Console users of the company who could not get in during the last 24 hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInFigures {
    /// People (not attempts) by the cause, most first; a person may have several causes.
    pub by_cause: Vec<SignInCauseCount>,
    /// Usernames locked out by failed sign-ins now.
    pub locked_now: i64,
}

/// Why a console user could not get in, as "Why can't they sign in?" names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignInCause {
    WrongPassword,
    /// Typed their email where the username goes.
    UsedEmail,
    /// Refused while their username was locked out.
    Locked,
    TrialExpired,
    /// Signed in, but their status is User: "For Admin Access Only".
    NotAnAdmin,
}

impl SignInCause {
    pub const ALL: [SignInCause; 5] = [
        SignInCause::WrongPassword,
        SignInCause::UsedEmail,
        SignInCause::Locked,
        SignInCause::TrialExpired,
        SignInCause::NotAnAdmin,
    ];

    /// Its spelling in JSON and in the users list's URL (`failed=`).
    pub fn as_str(self) -> &'static str {
        match self {
            SignInCause::WrongPassword => "wrong_password",
            SignInCause::UsedEmail => "used_email",
            SignInCause::Locked => "locked",
            SignInCause::TrialExpired => "trial_expired",
            SignInCause::NotAnAdmin => "not_an_admin",
        }
    }

    pub fn parse(s: &str) -> Option<SignInCause> {
        SignInCause::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            SignInCause::WrongPassword => "Wrong password",
            SignInCause::UsedEmail => "Email typed as the username",
            SignInCause::Locked => "Locked out after failed sign-ins",
            SignInCause::TrialExpired => "Trial ended",
            SignInCause::NotAnAdmin => "Not an admin (For Admin Access Only)",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInCauseCount {
    pub cause: SignInCause,
    pub users: i64,
}

/// Contacts whose logins failed in the last 24 hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactFigures {
    /// Contacts (not attempts) by the cause, most first.
    pub by_cause: Vec<ContactCauseCount>,
}

/// Why a contact's login failed, as the contact card's diagnosis names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactCause {
    /// An older code was used after a newer one was sent.
    OlderCode,
    WrongCode,
    /// The message they were invited to is not published to them.
    NotPublished,
    OptedOut,
    NoCodeReceived,
    /// The code was accepted but the session was lost, from a VPN or data-centre network.
    Vpn,
    /// The code was accepted but the session was lost.
    SessionLost,
}

impl ContactCause {
    pub const ALL: [ContactCause; 7] = [
        ContactCause::OlderCode,
        ContactCause::WrongCode,
        ContactCause::NotPublished,
        ContactCause::OptedOut,
        ContactCause::NoCodeReceived,
        ContactCause::Vpn,
        ContactCause::SessionLost,
    ];

    /// Its spelling in JSON and in the contacts list's URL (`failed=`).
    pub fn as_str(self) -> &'static str {
        match self {
            ContactCause::OlderCode => "older_code",
            ContactCause::WrongCode => "wrong_code",
            ContactCause::NotPublished => "not_published",
            ContactCause::OptedOut => "opted_out",
            ContactCause::NoCodeReceived => "no_code_received",
            ContactCause::Vpn => "vpn",
            ContactCause::SessionLost => "session_lost",
        }
    }

    pub fn parse(s: &str) -> Option<ContactCause> {
        ContactCause::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ContactCause::OlderCode => "Used an older code",
            ContactCause::WrongCode => "Wrong code",
            ContactCause::NotPublished => "Message not published to them",
            ContactCause::OptedOut => "Opted out",
            ContactCause::NoCodeReceived => "No code received",
            ContactCause::Vpn => "Lost the session on a VPN",
            ContactCause::SessionLost => "Lost the session",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactCauseCount {
    pub cause: ContactCause,
    pub contacts: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_spelling_of_a_cause_is_its_json() {
        for cause in SignInCause::ALL {
            assert_eq!(serde_json::to_string(&cause).unwrap(), format!("\"{}\"", cause.as_str()));
            assert_eq!(SignInCause::parse(cause.as_str()), Some(cause));
        }
        for cause in ContactCause::ALL {
            assert_eq!(serde_json::to_string(&cause).unwrap(), format!("\"{}\"", cause.as_str()));
            assert_eq!(ContactCause::parse(cause.as_str()), Some(cause));
        }
    }
}
