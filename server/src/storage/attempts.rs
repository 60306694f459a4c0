//! The record of console sign-in attempts.

use super::Store;
use crate::domain::clock::DAY_MS;
use crate::domain::diagnosis::{Facts, OpenSession};
use crate::domain::sign_in::Outcome;
use crate::domain::throttle::Scope;
use switchboard_wire::UserRow;

/// An open agent session: id, agent name and number, station, started, last activity.
type SessionColumns = (i64, String, String, String, i64, i64);

/// The open sessions of company `$1`, as `SessionColumns`; callers add conditions.
const OPEN_SESSIONS: &str = "SELECT s.id, a.name, a.agent_number, s.station, s.started_at, s.last_activity_at
     FROM agent_sessions s JOIN agents a ON a.id = s.agent_id
     WHERE s.company_id = $1 AND s.ended_at IS NULL";

impl Store {
    pub async fn record_console_attempt(
        &self,
        identifier: &str,
        user_id: Option<i64>,
        outcome: Outcome,
        at: i64,
    ) -> sqlx::Result<()> {
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO console_sign_in_attempts (identifier, user_id, outcome, at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(identifier)
        .bind(user_id)
        .bind(outcome.as_str())
        .bind(at)
        .execute(pool)
        .await.map(|done| done.rows_affected()))
        .map(|_| ())
    }
}

impl Store {
    /// The username's throttle row, if it has failures counted (blocked now or not).
    pub async fn console_lock(&self, username: &str, now: i64) -> sqlx::Result<Option<super::throttles::Blocked>> {
        on_pool!(self, pool => sqlx::query_as(
            "SELECT label, failures, blocked_until, last_at FROM throttles
             WHERE scope = $1 AND key = $2 AND last_at > $3",
        )
        .bind(Scope::ConsoleUsername.as_str())
        .bind(username)
        .bind(now - crate::domain::throttle::FORGET_AFTER_MS)
        .fetch_optional(pool)
        .await)
    }

    /// What "Why can't they sign in?" looks at for one user.
    pub async fn diagnosis_facts(
        &self,
        company_id: i64,
        user: &UserRow,
        now: i64,
        stale_after_ms: i64,
    ) -> anyhow::Result<Facts> {
        let company = self.company(company_id).await?.ok_or_else(|| anyhow::anyhow!("company {company_id} is gone"))?;
        let (email_attempts, last_email_attempt_at): (i64, Option<i64>) = on_pool!(self, pool => sqlx::query_as(
            "SELECT COUNT(*), MAX(at) FROM console_sign_in_attempts
             WHERE user_id = $1 AND outcome = 'used_email' AND at > $2",
        )
        .bind(user.id)
        .bind(now - 30 * DAY_MS)
        .fetch_one(pool)
        .await)?;
        let lock = self.console_lock(&user.username.to_lowercase(), now).await?;
        let country = company.country.clone();
        let open = |(session_id, agent_name, agent_number, station, started_at, last_activity_at): SessionColumns| {
            OpenSession {
                session_id,
                agent_name,
                agent_number,
                station: switchboard_wire::phone::display(&station, &country),
                started_at,
                stale: now - last_activity_at > stale_after_ms,
            }
        };
        // The agent the user is the person behind (of their own company), and its open session.
        let agent_number: Option<String> = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT a.agent_number FROM users u JOIN agents a ON a.id = u.agent_id AND a.company_id = u.company_id
             WHERE u.id = $1",
        )
        .bind(user.id)
        .fetch_optional(pool)
        .await)?;
        let own_session: Option<SessionColumns> = on_pool!(self, pool => sqlx::query_as(&format!(
            "{OPEN_SESSIONS} AND s.agent_id = (SELECT agent_id FROM users WHERE id = $2) LIMIT 1"
        ))
        .bind(company_id)
        .bind(user.id)
        .fetch_optional(pool)
        .await)?;
        // Someone else's open session on the user's phone number (stations are stored in
        // E.164 when they are phone numbers, as user phones are).
        let phone_taken_by: Option<SessionColumns> = match &user.phone {
            Some(phone) => on_pool!(self, pool => sqlx::query_as(&format!(
                "{OPEN_SESSIONS} AND s.station = $2
                   AND s.agent_id <> COALESCE((SELECT agent_id FROM users WHERE id = $3), 0) LIMIT 1"
            ))
            .bind(company_id)
            .bind(phone)
            .bind(user.id)
            .fetch_optional(pool)
            .await)?,
            None => None,
        };
        Ok(Facts {
            username: user.username.clone(),
            email: user.email.clone(),
            status: user.status,
            company_name: company.name,
            trial_ends_at: company.trial_ends_at,
            admin_count: self.admin_count(company_id).await?,
            email_attempts,
            last_email_attempt_at,
            recent_failures: lock.as_ref().map_or(0, |l| l.failures),
            locked_until: lock.map(|l| l.blocked_until),
            agent_number,
            own_session: own_session.map(open),
            phone: user.phone.as_deref().map(|p| switchboard_wire::phone::display(p, &company.country)),
            phone_taken_by: phone_taken_by.map(open),
            now,
        })
    }
}
