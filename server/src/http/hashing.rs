//! Password and passcode checks off the async runtime.
//!
//! argon2 takes tens of milliseconds of CPU by design. Run on the runtime's worker threads
//! it stalls every other request (health checks included) while sign-ins are attacked, so
//! checks run on the blocking pool, at most `workers` at once. A check that finds no free
//! worker within `QUEUE_WAIT` is refused with 503 and Retry-After instead of queueing
//! without bound.

use super::error::{ApiError, ApiResult};
use crate::domain::password;
use std::sync::Arc;
use std::time::Duration;
use switchboard_wire::ErrorCode;
use tokio::sync::Semaphore;

/// How long a check may wait for a worker before the request is refused.
const QUEUE_WAIT: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub struct Hasher {
    workers: Arc<Semaphore>,
}

impl Hasher {
    pub fn new(workers: usize) -> Hasher {
        Hasher { workers: Arc::new(Semaphore::new(workers.max(1))) }
    }

    /// Workers for this machine: one core is left to the runtime, so that the rest of the
    /// server stays responsive while every worker hashes.
    pub fn default_workers() -> usize {
        std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1))
    }

    /// Whether `secret` matches `stored`; with no stored hash, a dummy check of the same
    /// cost that answers false.
    pub async fn verify(&self, secret: &str, stored: Option<&str>) -> ApiResult<bool> {
        let permit = tokio::time::timeout(QUEUE_WAIT, self.workers.clone().acquire_owned())
            .await
            .map_err(|_| busy())?
            .map_err(|_| busy())?;
        let (secret, stored) = (secret.to_owned(), stored.map(str::to_owned));
        let matched = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            password::verify_or_dummy(&secret, stored.as_deref())
        })
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("password check failed: {e}")))?;
        Ok(matched)
    }
}

fn busy() -> ApiError {
    ApiError::new(ErrorCode::ServerBusy, "The server is busy checking other sign-ins. Try again in a moment.")
        .retry_after(1)
}
