//! Anti-automation: how many failed sign-ins a key may have before it must wait, and how
//! the wait grows. The counting itself is one atomic statement in `storage/throttles.rs`.
//!
//! An attempt at a target (an agent number, a username, a browser) is counted as a failure
//! *before* its secret is checked (a reservation), and a right secret clears the count. So
//! a burst of parallel attempts gets no more checks than the same attempts one after
//! another. Shared keys (client addresses) count failures after the check instead
//! (http/throttle.rs says why).

use super::clock::MINUTE_MS;

/// What a throttle counts, and so the key it is kept under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One agent number of one company's phone service (key "company_id:number").
    AgentNumber,
    /// One client address on the agents' phone service.
    AgentClient,
    /// One console username, from a browser that is not recognised as its owner's.
    ConsoleUsername,
    /// One client address on the console's sign-in.
    ConsoleClient,
    /// One recognised browser (its device cookie) on the console's sign-in.
    ConsoleDevice,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::AgentNumber => "agent_number",
            Scope::AgentClient => "agent_client",
            Scope::ConsoleUsername => "console_username",
            Scope::ConsoleClient => "console_client",
            Scope::ConsoleDevice => "console_device",
        }
    }

    /// The allowance and the growth of the wait for this scope.
    pub fn policy(self) -> Policy {
        match self {
            // A 4-digit passcode: five tries, then 30 s, 1 min, 2 min, … up to 32 min.
            Scope::AgentNumber => Policy { free: 5, base_ms: MINUTE_MS / 2, max_doublings: 6 },
            // Bounds one client spraying guesses over many agent numbers or usernames;
            // generous, since a contact center's phones may share one address.
            Scope::AgentClient | Scope::ConsoleClient => Policy { free: 30, base_ms: MINUTE_MS, max_doublings: 5 },
            Scope::ConsoleUsername => Policy { free: 5, base_ms: MINUTE_MS, max_doublings: 6 },
            // The owner's own browser: more slack, still bounded if the browser is not theirs.
            Scope::ConsoleDevice => Policy { free: 10, base_ms: MINUTE_MS, max_doublings: 6 },
        }
    }
}

/// After `free` failures the key waits `base_ms`, then twice that after each further
/// failure, at most `base_ms << max_doublings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub free: i64,
    pub base_ms: i64,
    pub max_doublings: i64,
}

/// Failures are forgotten after this long without an attempt.
pub const FORGET_AFTER_MS: i64 = 24 * 60 * MINUTE_MS;

impl Policy {
    /// The wait that the `failures`-th failure starts (0: none). The SQL of
    /// `storage/throttles.rs` computes the same; the unit tests below pin both.
    pub fn wait_after(self, failures: i64) -> i64 {
        if failures < self.free {
            0
        } else {
            self.base_ms << (failures - self.free).min(self.max_doublings)
        }
    }
}

/// What a reservation found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// The attempt may check its secret. `blocks_now` is true when this attempt used up
    /// the allowance, so that a failure of it is logged as the start of a lockout.
    Admitted { blocks_now: bool },
    /// The key must wait this many more milliseconds; nothing is checked.
    Blocked { wait_ms: i64 },
}

/// "Too many attempts; try again in 3 minutes." Never "in 0 minutes".
pub fn try_again_in(wait_ms: i64) -> String {
    let minutes = (wait_ms + MINUTE_MS - 1) / MINUTE_MS;
    match minutes {
        ..=1 => "Too many attempts; try again in a minute.".to_string(),
        n => format!("Too many attempts; try again in {n} minutes."),
    }
}

/// Retry-After, in whole seconds, at least 1.
pub fn retry_after_secs(wait_ms: i64) -> u64 {
    ((wait_ms + 999) / 1000).max(1) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_starts_at_the_allowance_and_doubles_up_to_its_cap() {
        let policy = Scope::AgentNumber.policy();
        assert_eq!(policy.wait_after(4), 0);
        assert_eq!(policy.wait_after(5), 30_000);
        assert_eq!(policy.wait_after(6), 60_000);
        assert_eq!(policy.wait_after(7), 120_000);
        assert_eq!(policy.wait_after(11), 30_000 << 6);
        assert_eq!(policy.wait_after(500), 30_000 << 6);
    }

    #[test]
    fn the_message_rounds_up_to_whole_minutes() {
        assert_eq!(try_again_in(1), "Too many attempts; try again in a minute.");
        assert_eq!(try_again_in(60_000), "Too many attempts; try again in a minute.");
        assert_eq!(try_again_in(60_001), "Too many attempts; try again in 2 minutes.");
        assert_eq!(retry_after_secs(1), 1);
        assert_eq!(retry_after_secs(30_000), 30);
    }
}
