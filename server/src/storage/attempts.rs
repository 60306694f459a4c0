//! The record of console sign-in attempts.

use super::Store;
use crate::domain::clock::DAY_MS;
use crate::domain::diagnosis::Facts;
use crate::domain::sign_in::{Outcome, LOCKOUT_WINDOW_MS};
use switchboard_wire::UserRow;

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

impl Store {
    /// What "Why can't they sign in?" looks at for one user.
    pub async fn diagnosis_facts(&self, company_id: i64, user: &UserRow, now: i64) -> anyhow::Result<Facts> {
        let company = self.company(company_id).await?.ok_or_else(|| anyhow::anyhow!("company {company_id} is gone"))?;
        let (email_attempts, last_email_attempt_at): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MAX(at) FROM console_sign_in_attempts
             WHERE user_id = $1 AND outcome = 'used_email' AND at > $2",
        )
        .bind(user.id)
        .bind(now - 30 * DAY_MS)
        .fetch_one(self.pool())
        .await?;
        Ok(Facts {
            username: user.username.clone(),
            email: user.email.clone(),
            status: user.status,
            company_name: company.name,
            trial_ends_at: company.trial_ends_at,
            admin_count: self.admin_count(company_id).await?,
            email_attempts,
            last_email_attempt_at,
            recent_failures: self.recent_console_failures(&user.username, now).await?,
            now,
        })
    }
}
