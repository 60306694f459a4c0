//! Throttle counts (domain/throttle.rs) and recognised browsers.

use super::Store;
use crate::domain::clock::DAY_MS;
use crate::domain::throttle::{Admission, Scope, FORGET_AFTER_MS};

/// A key that is waiting now, as administrators see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Blocked {
    pub label: String,
    pub failures: i64,
    pub blocked_until: i64,
    pub last_at: i64,
}

/// A throttled agent number and, when it is one, its agent's name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BlockedAgentNumber {
    #[sqlx(flatten)]
    pub blocked: Blocked,
    pub agent_name: Option<String>,
}

/// The failure count after this attempt: a key quiet for a day starts again from one.
const NEXT: &str = "(CASE WHEN throttles.last_at < $7 THEN 1 ELSE throttles.failures + 1 END)";

impl Store {
    /// Counts an attempt as a failure before its secret is checked, unless the key must
    /// wait: then nothing is written and the wait is returned. One statement, so
    /// concurrent attempts (on any instance) are admitted one by one.
    pub async fn reserve_attempt(
        &self,
        scope: Scope,
        key: &str,
        company_id: Option<i64>,
        label: &str,
        now: i64,
    ) -> sqlx::Result<Admission> {
        let policy = scope.policy();
        let first_wait = policy.wait_after(1);
        let sql = format!(
            "INSERT INTO throttles (scope, key, company_id, label, failures, blocked_until, last_at)
             VALUES ($1, $2, $3, $4, 1, $5, $6)
             ON CONFLICT (scope, key) DO UPDATE SET
               failures = {NEXT},
               blocked_until = CASE WHEN {NEXT} >= $8
                 THEN $6 + ($9 << CAST(CASE WHEN {NEXT} - $8 > $10 THEN $10 ELSE {NEXT} - $8 END AS INTEGER))
                 ELSE 0 END,
               company_id = $3,
               last_at = $6
             WHERE throttles.blocked_until <= $6
             RETURNING blocked_until"
        );
        let admitted: Option<i64> = on_pool!(self, pool => sqlx::query_scalar(&sql)
            .bind(scope.as_str())
            .bind(key)
            .bind(company_id)
            .bind(label)
            .bind(if first_wait > 0 { now + first_wait } else { 0 })
            .bind(now)
            .bind(now - FORGET_AFTER_MS)
            .bind(policy.free)
            .bind(policy.base_ms)
            .bind(policy.max_doublings)
            .fetch_optional(pool)
            .await)?;
        if let Some(blocked_until) = admitted {
            return Ok(Admission::Admitted { blocks_now: blocked_until > now });
        }
        let until: Option<i64> = on_pool!(self, pool => sqlx::query_scalar("SELECT blocked_until FROM throttles WHERE scope = $1 AND key = $2")
                .bind(scope.as_str())
                .bind(key)
                .fetch_optional(pool)
                .await)?;
        Ok(Admission::Blocked { wait_ms: until.map_or(1, |until| (until - now).max(1)) })
    }

    /// Takes a reservation back: its secret was right (for a shared key such as a client
    /// address), or it was never checked.
    pub async fn refund_attempt(&self, scope: Scope, key: &str) -> sqlx::Result<()> {
        on_pool!(self, pool => sqlx::query(
            "UPDATE throttles SET failures = failures - 1,
                    blocked_until = CASE WHEN failures - 1 < $3 THEN 0 ELSE blocked_until END
             WHERE scope = $1 AND key = $2 AND failures > 0",
        )
        .bind(scope.as_str())
        .bind(key)
        .bind(scope.policy().free)
        .execute(pool)
        .await.map(|done| done.rows_affected()))
        .map(|_| ())
    }

    /// Forgets a key's failures: its owner proved the secret, or an admin cleared it.
    /// True when there was something to forget.
    pub async fn clear_throttle(&self, scope: Scope, key: &str) -> sqlx::Result<bool> {
        Ok(on_pool!(self, pool => sqlx::query("DELETE FROM throttles WHERE scope = $1 AND key = $2")
            .bind(scope.as_str())
            .bind(key)
            .execute(pool)
            .await.map(|done| done.rows_affected()))?
            > 0)
    }

    /// The key's state if it must wait now.
    pub async fn blocked(&self, scope: Scope, key: &str, now: i64) -> sqlx::Result<Option<Blocked>> {
        on_pool!(self, pool => sqlx::query_as(
            "SELECT label, failures, blocked_until, last_at FROM throttles
             WHERE scope = $1 AND key = $2 AND blocked_until > $3",
        )
        .bind(scope.as_str())
        .bind(key)
        .bind(now)
        .fetch_optional(pool)
        .await)
    }

    /// A company's agent numbers that must wait now, the longest wait first, each with the
    /// name of its agent when the number is one (one query, however many are throttled).
    pub async fn blocked_agent_numbers(&self, company_id: i64, now: i64) -> sqlx::Result<Vec<BlockedAgentNumber>> {
        on_pool!(self, pool => sqlx::query_as(
            "SELECT t.label, t.failures, t.blocked_until, t.last_at, a.name AS agent_name
             FROM throttles t
             LEFT JOIN agents a ON a.company_id = t.company_id AND a.agent_number = t.label
             WHERE t.company_id = $1 AND t.scope = $2 AND t.blocked_until > $3
             ORDER BY t.blocked_until DESC LIMIT 200",
        )
        .bind(company_id)
        .bind(Scope::AgentNumber.as_str())
        .bind(now)
        .fetch_all(pool)
        .await)
    }

    /// Whether the browser with this device cookie hash is one `user_id` signed in from.
    pub async fn is_known_device(&self, token_hash: &str, user_id: i64) -> sqlx::Result<bool> {
        let found: Option<i64> = on_pool!(self, pool => sqlx::query_scalar("SELECT user_id FROM known_devices WHERE token_hash = $1 AND user_id = $2")
                .bind(token_hash)
                .bind(user_id)
                .fetch_optional(pool)
                .await)?;
        Ok(found.is_some())
    }

    /// Remembers (or refreshes) a browser the user signed in from with the right password.
    pub async fn remember_device(&self, token_hash: &str, user_id: i64, now: i64) -> sqlx::Result<()> {
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO known_devices (token_hash, user_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)
             ON CONFLICT (token_hash, user_id) DO UPDATE SET last_used_at = $3",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .execute(pool)
        .await.map(|done| done.rows_affected()))
        .map(|_| ())
    }

    /// Deletes what the retention allows to go: attempt rows older than `attempts_before`,
    /// throttles untouched for a day, browsers unused for `devices_before`. In batches, so
    /// that no statement holds the write lock for long. Returns the rows deleted.
    pub async fn purge_old_records(&self, attempts_before: i64, devices_before: i64, now: i64) -> sqlx::Result<u64> {
        let mut deleted = 0;
        for (sql, before) in [
            (
                "DELETE FROM console_sign_in_attempts WHERE id IN
                   (SELECT id FROM console_sign_in_attempts WHERE at < $1 LIMIT 5000)",
                attempts_before,
            ),
            (
                "DELETE FROM agent_sign_in_attempts WHERE id IN
                   (SELECT id FROM agent_sign_in_attempts WHERE at < $1 LIMIT 5000)",
                attempts_before,
            ),
            ("DELETE FROM known_devices WHERE last_used_at < $1", devices_before),
            ("DELETE FROM support_passes WHERE expires_at < $1", now),
            // The Overview counts one day of them.
            ("DELETE FROM recent_failures WHERE last_at < $1", now - DAY_MS),
            // Quiet for a day: its failures are forgotten anyway, and its longest wait is over.
            ("DELETE FROM throttles WHERE last_at < $1", now - FORGET_AFTER_MS - 60 * 60_000),
        ] {
            loop {
                let n = on_pool!(self, pool => sqlx::query(sql).bind(before).execute(pool).await.map(|done| done.rows_affected()))?;
                deleted += n;
                if n < 5000 || !sql.contains("LIMIT") {
                    break;
                }
            }
        }
        Ok(deleted)
    }
}

/// An admin's clearing of a throttle, for the audit log.
pub struct ClearedBy<'a> {
    pub company_id: i64,
    pub actor: super::audit::Actor,
    pub action: switchboard_wire::AuditAction,
    pub target_type: &'a str,
    pub target_id: i64,
    pub target_label: &'a str,
}

impl Store {
    /// An admin clears a key of their company, audited in the same transaction. False
    /// (and nothing written) when the key had nothing to clear.
    pub async fn clear_throttle_audited(
        &self,
        scope: Scope,
        key: &str,
        by: ClearedBy<'_>,
        now: i64,
    ) -> sqlx::Result<bool> {
        let mut tx = self.begin().await?;
        let failures: Option<i64> = on_tx!(tx, conn => sqlx::query_scalar(
            "DELETE FROM throttles WHERE scope = $1 AND key = $2 AND company_id = $3 AND blocked_until > $4
             RETURNING failures",
        )
        .bind(scope.as_str())
        .bind(key)
        .bind(by.company_id)
        .bind(now)
        .fetch_optional(conn)
        .await)?;
        let Some(failures) = failures else { return Ok(false) };
        let before = format!("held after {failures} failed attempts");
        super::audit::insert_audit(
            &mut tx,
            super::audit::AuditRecord {
                company_id: by.company_id,
                actor: by.actor,
                action: by.action,
                target_type: by.target_type,
                target_id: by.target_id,
                target_label: by.target_label,
                before: Some(&before),
                after: Some("may try again"),
                at: now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}
