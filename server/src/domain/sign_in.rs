//! The rules of console sign-in that are not about HTTP: lockout and trials.

use super::clock::MINUTE_MS;

/// Failed sign-ins for one username, since its last success, that lock it.
pub const LOCKOUT_FAILURES: i64 = 5;
/// How far back failures count, and so how long a lock lasts.
pub const LOCKOUT_WINDOW_MS: i64 = 15 * MINUTE_MS;

/// How a console sign-in attempt ended; recorded for every attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    WrongPassword,
    UnknownUsername,
    /// The email address was typed where the username is required.
    UsedEmail,
    TrialExpired,
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

    /// The outcomes that count towards a lockout.
    pub const FAILURES: [Outcome; 3] = [Outcome::WrongPassword, Outcome::UnknownUsername, Outcome::UsedEmail];
}

/// Whether a company with this trial end can sign in at `now`.
pub fn trial_expired(trial_ends_at: Option<i64>, now: i64) -> bool {
    trial_ends_at.is_some_and(|end| end <= now)
}

/// Whether `recent_failures` (counted since the last success, within the window) lock.
pub fn locked(recent_failures: i64) -> bool {
    recent_failures >= LOCKOUT_FAILURES
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

    #[test]
    fn five_failures_lock() {
        assert!(!locked(4));
        assert!(locked(5));
    }
}
