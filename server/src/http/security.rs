//! Security events in the log (target `security`): refusals an operator watches for,
//! with the client's address. Bounded, so that a flood of refusals cannot flood the log.

use super::client::ClientAddr;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

/// At most this many security lines a second; the rest are counted and reported.
const PER_SECOND: u64 = 50;

static WINDOW: AtomicI64 = AtomicI64::new(0);
static IN_WINDOW: AtomicU64 = AtomicU64::new(0);
static SUPPRESSED: AtomicU64 = AtomicU64::new(0);

/// Logs one security event: `kind` (throttled, lockout, forbidden, csrf_rejected, …),
/// the client, and what it was about (a scope and a label, or a method and a path).
pub fn event(kind: &str, client: ClientAddr, what: &str, about: &str) {
    let second = crate::domain::clock::now_ms() / 1000;
    if WINDOW.swap(second, Ordering::Relaxed) != second {
        IN_WINDOW.store(0, Ordering::Relaxed);
        let suppressed = SUPPRESSED.swap(0, Ordering::Relaxed);
        if suppressed > 0 {
            tracing::warn!(target: "security", suppressed, "security events not logged in the last second");
        }
    }
    if IN_WINDOW.fetch_add(1, Ordering::Relaxed) < PER_SECOND {
        tracing::warn!(target: "security", event = kind, client = %client.0, what, about);
    } else {
        SUPPRESSED.fetch_add(1, Ordering::Relaxed);
    }
}
