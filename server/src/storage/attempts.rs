//! The record of console sign-in attempts.

use super::Store;
use crate::domain::sign_in::{Outcome, LOCKOUT_WINDOW_MS};

impl Store {
    pub async fn record_console_attempt(
        &self,
        identifier: &str,
        user_id: Option<i64>,
        outcome: Outcome,
        at: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO console_sign_in_attempts (identifier, user_id, outcome, at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(identifier)
        .bind(user_id)
        .bind(outcome.as_str())
        .bind(at)
        .execute(self.pool())
        .await
        .map(|_| ())
    }

    /// Failed attempts for `identifier` within the lockout window and since its last success.
    pub async fn recent_console_failures(&self, identifier: &str, now: i64) -> sqlx::Result<i64> {
        let [a, b, c] = Outcome::FAILURES.map(Outcome::as_str);
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM console_sign_in_attempts
             WHERE identifier = $1 AND at > $2 AND outcome IN ($3, $4, $5)
               AND at > COALESCE((SELECT MAX(at) FROM console_sign_in_attempts
                                  WHERE identifier = $1 AND outcome = 'success'), 0)",
        )
        .bind(identifier)
        .bind(now - LOCKOUT_WINDOW_MS)
        .bind(a)
        .bind(b)
        .bind(c)
        .fetch_one(self.pool())
        .await
    }
}
