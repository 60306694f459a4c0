//! The rules of console sign-in that are not about HTTP: outcomes and trials. The
//! throttling of failures is domain/throttle.rs.

use super::clock::DAY_MS;

/// How long a browser stays recognised as its user's own after their last sign-in there.
pub const DEVICE_REMEMBERED_MS: i64 = 180 * DAY_MS;

/// How a console sign-in attempt ended; recorded for every attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    WrongPassword,
    UnknownUsername,
    /// The email address was typed where the username is required.
    UsedEmail,
    TrialExpired,
    /// Refused while throttled: only in rows written before stop 10. Refusals now write no
    /// row (they must stay cheap); the security log records them.
    Locked,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::WrongPassword => "wrong_password",
            Outcome::UnknownUsername => "unknown_username",
            Outcome::UsedEmail => "used_email",
            Outcome::TrialExpired => "trial_expired",
            Outcome::Locked => "locked",
        }
    }
}

/// Whether a company with this trial end can sign in at `now`.
pub fn trial_expired(trial_ends_at: Option<i64>, now: i64) -> bool {
    trial_ends_at.is_some_and(|end| end <= now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trials_expire_at_their_end() {
        assert!(!trial_expired(None, 10));
        assert!(!trial_expired(Some(11), 10));
        assert!(trial_expired(Some(10), 10));
        assert!(trial_expired(Some(9), 10));
    }
}
