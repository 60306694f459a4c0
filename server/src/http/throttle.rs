//! One sign-in attempt's throttle reservations (domain/throttle.rs), from admission to
//! outcome, and the 429 that a key which must wait gets.

use super::client::ClientAddr;
use super::error::{ApiError, ApiResult};
use crate::domain::throttle::{retry_after_secs, try_again_in, Admission, Scope};
use crate::storage::Store;
use switchboard_wire::ErrorCode;

/// The keys an attempt has reserved.
pub struct Attempt<'a> {
    store: &'a Store,
    client: ClientAddr,
    now: i64,
    held: Vec<(Scope, String, String, bool)>,
}

impl<'a> Attempt<'a> {
    pub fn new(store: &'a Store, client: ClientAddr, now: i64) -> Attempt<'a> {
        Attempt { store, client, now, held: Vec::new() }
    }

    /// Reserves one failure of `key`, or refuses the attempt with 429 when the key must
    /// wait. Nothing is checked, and nothing is written, for a refused attempt.
    pub async fn reserve(&mut self, scope: Scope, key: String, company_id: Option<i64>, label: &str) -> ApiResult<()> {
        match self.store.reserve_attempt(scope, &key, company_id, label, self.now).await? {
            Admission::Admitted { blocks_now } => {
                self.held.push((scope, key, label.to_string(), blocks_now));
                Ok(())
            }
            Admission::Blocked { wait_ms } => {
                super::security::event("throttled", self.client, scope.as_str(), label);
                Err(ApiError::new(ErrorCode::TooManyAttempts, try_again_in(wait_ms))
                    .retry_after(retry_after_secs(wait_ms)))
            }
        }
    }

    /// The secret was right: the owner's keys forget their failures; shared keys (a
    /// client address) only take this attempt's reservation back.
    pub async fn succeeded(self) -> ApiResult<()> {
        for (scope, key, _, _) in &self.held {
            match scope {
                Scope::AgentClient | Scope::ConsoleClient => self.store.refund_attempt(*scope, key).await?,
                _ => {
                    self.store.clear_throttle(*scope, key).await?;
                }
            }
        }
        Ok(())
    }

    /// The secret was never checked (the server was busy): every reservation goes back.
    pub async fn not_checked(self) -> ApiResult<()> {
        for (scope, key, _, _) in &self.held {
            self.store.refund_attempt(*scope, key).await?;
        }
        Ok(())
    }

    /// The secret was wrong: the failures stay counted; a key whose allowance this attempt
    /// used up is logged as locked out. True when one was.
    pub fn failed(self) -> bool {
        let mut blocked = false;
        for (scope, _, label, blocks_now) in &self.held {
            if *blocks_now {
                super::security::event("lockout", self.client, scope.as_str(), label);
                blocked = true;
            }
        }
        blocked
    }
}
