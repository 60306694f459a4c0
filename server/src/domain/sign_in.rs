//! The rules of console sign-in that are not about HTTP: outcomes and trials. The
//! throttling of failures is domain/throttle.rs.

use super::clock::DAY_MS;

/// How long a browser stays recognised as its user's own after their last sign-in there.
pub const DEVICE_REMEMBERED_MS: i64 = 180 * DAY_MS;

/// How a console sign-in attempt ended (domain/outcomes.rs holds every outcome).
pub use super::outcomes::ConsoleOutcome as Outcome;

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
