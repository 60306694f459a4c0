//! One sign-in attempt's throttles (domain/throttle.rs), from admission to outcome, and
//! the 429 that a key which must wait gets.
//!
//! A key of the target (an agent number, a username, a browser) is *reserved*: counted as
//! a failure before the secret is checked, so a parallel burst at one target gets no more
//! checks than a sequence. A shared key (a client address, behind which a contact center's
//! phones may sit) is only *watched*: a key that must wait refuses at once, and a failure
//! is counted once it happened, so that many right passcodes in flight from one address
//! are never mistaken for failures.

use super::client::ClientAddr;
use super::error::{ApiError, ApiResult};
use super::hashing::Hasher;
use crate::domain::throttle::{retry_after_secs, try_again_in, Admission, Scope};
use crate::storage::Store;
use switchboard_wire::ErrorCode;

struct Key {
    scope: Scope,
    key: String,
    company_id: Option<i64>,
    label: String,
    /// Counted before the check (true), or to be counted on failure (false).
    reserved: bool,
    blocks_now: bool,
}

/// What a checked secret turned out to be; the throttles are settled either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    Right,
    /// Wrong; `held_now` when this failure used up a key's allowance.
    Wrong {
        held_now: bool,
    },
}

/// The keys an attempt is throttled by.
pub struct Attempt<'a> {
    store: &'a Store,
    client: ClientAddr,
    now: i64,
    keys: Vec<Key>,
}

impl<'a> Attempt<'a> {
    pub fn new(store: &'a Store, client: ClientAddr, now: i64) -> Attempt<'a> {
        Attempt { store, client, now, keys: Vec::new() }
    }

    /// Reserves one failure of a target's key, or refuses the attempt with 429 when the
    /// key must wait. Nothing is checked, and nothing is written, for a refused attempt.
    pub async fn reserve(&mut self, scope: Scope, key: String, company_id: Option<i64>, label: &str) -> ApiResult<()> {
        match self.store.reserve_attempt(scope, &key, company_id, label, self.now).await? {
            Admission::Admitted { blocks_now } => {
                self.keys.push(Key { scope, key, company_id, label: label.into(), reserved: true, blocks_now });
                Ok(())
            }
            Admission::Blocked { wait_ms } => Err(self.refuse(scope, label, wait_ms)),
        }
    }

    /// Refuses the attempt with 429 when a shared key must wait; otherwise its failure
    /// will be counted if the secret turns out wrong.
    pub async fn watch(&mut self, scope: Scope, key: String, label: &str) -> ApiResult<()> {
        if let Some(blocked) = self.store.blocked(scope, &key, self.now).await? {
            return Err(self.refuse(scope, label, blocked.blocked_until - self.now));
        }
        self.keys.push(Key { scope, key, company_id: None, label: label.into(), reserved: false, blocks_now: false });
        Ok(())
    }

    fn refuse(&self, scope: Scope, label: &str, wait_ms: i64) -> ApiError {
        super::security::event("throttled", self.client, scope.as_str(), label);
        ApiError::new(ErrorCode::TooManyAttempts, try_again_in(wait_ms)).retry_after(retry_after_secs(wait_ms))
    }

    /// Checks `secret` against `stored` (None: no such target, which still costs one
    /// check, so the time tells nothing) on the hasher's pool, and settles the throttles by
    /// the answer. A busy hasher returns its 503, the reservations given back.
    pub async fn check(self, hasher: &Hasher, secret: &str, stored: Option<&str>) -> ApiResult<Checked> {
        match hasher.verify(secret, stored).await {
            Ok(true) => {
                self.succeeded().await?;
                Ok(Checked::Right)
            }
            Ok(false) => Ok(Checked::Wrong { held_now: self.failed().await? }),
            Err(busy) => {
                self.not_checked().await?;
                Err(busy)
            }
        }
    }

    /// The secret was right: the target's keys forget their failures.
    async fn succeeded(self) -> ApiResult<()> {
        for key in self.keys.iter().filter(|k| k.reserved) {
            self.store.clear_throttle(key.scope, &key.key).await?;
        }
        Ok(())
    }

    /// The secret was never checked (the server was busy): reservations go back.
    pub async fn not_checked(self) -> ApiResult<()> {
        for key in self.keys.iter().filter(|k| k.reserved) {
            self.store.refund_attempt(key.scope, &key.key).await?;
        }
        Ok(())
    }

    /// The secret was wrong (or, for support.rs, a pass was): reserved failures stay counted, watched keys count theirs
    /// now; a key whose allowance this failure used up is logged as locked out. True when
    /// one was.
    pub async fn failed(self) -> ApiResult<bool> {
        let mut blocked = false;
        for key in &self.keys {
            let blocks_now = if key.reserved {
                key.blocks_now
            } else {
                let counted =
                    self.store.reserve_attempt(key.scope, &key.key, key.company_id, &key.label, self.now).await?;
                matches!(counted, Admission::Admitted { blocks_now: true })
            };
            if blocks_now {
                super::security::event("lockout", self.client, key.scope.as_str(), &key.label);
                blocked = true;
            }
        }
        Ok(blocked)
    }
}
