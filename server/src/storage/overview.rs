//! The Overview's counts of the last day: each one grouped statement over the attempts of
//! the window (indexes on their time columns) or a count table, so the answer stays cheap
//! however long the lists are.

use super::Store;
use crate::domain::outcomes::AgentLoginOutcome;
use crate::domain::throttle::Scope;
use switchboard_wire::{
    ContactCause, ContactCauseCount, Overview, ReasonCount, RefusalFigures, SignInCause, SignInCauseCount,
    SignInFigures,
};

impl Store {
    /// Refused agent log-ons of the company since `since`, by reason and by quarter hour.
    pub async fn refusal_figures(&self, company_id: i64, since: i64) -> sqlx::Result<RefusalFigures> {
        let rows: Vec<(String, i64, i64)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT outcome, CAST((at - $2) / $3 AS BIGINT) AS quarter, COUNT(*) FROM agent_sign_in_attempts
             WHERE company_id = $1 AND at >= $2 AND outcome <> 'success'
             GROUP BY outcome, CAST((at - $2) / $3 AS BIGINT)",
        )
        .bind(company_id)
        .bind(since)
        .bind(Overview::BUCKET_MS)
        .fetch_all(pool)
        .await)?;
        let mut per_quarter_hour = vec![0; Overview::BUCKETS];
        let mut by_reason: Vec<ReasonCount> = Vec::new();
        for (outcome, quarter, count) in rows {
            let Some(reason) = AgentLoginOutcome::parse(&outcome).and_then(AgentLoginOutcome::refusal) else {
                continue;
            };
            if let Some(bucket) = usize::try_from(quarter).ok().and_then(|q| per_quarter_hour.get_mut(q)) {
                *bucket += count;
            }
            match by_reason.iter_mut().find(|r| r.reason == reason) {
                Some(found) => found.count += count,
                None => by_reason.push(ReasonCount { reason, count }),
            }
        }
        by_reason.sort_by_key(|r| std::cmp::Reverse(r.count));
        Ok(RefusalFigures { total: by_reason.iter().map(|r| r.count).sum(), by_reason, per_quarter_hour })
    }

    /// The company's console users who could not get in since `since`, by cause, and the
    /// usernames locked out at `now`.
    pub async fn sign_in_figures(&self, company_id: i64, since: i64, now: i64) -> sqlx::Result<SignInFigures> {
        // Unknown usernames name no company. The day's failures drive the join (CROSS JOIN
        // keeps that order in SQLite), through the partial index of failures (0012).
        let mut rows: Vec<(String, i64)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT a.outcome, COUNT(DISTINCT a.user_id)
             FROM console_sign_in_attempts a CROSS JOIN users u
             WHERE u.id = a.user_id AND a.at >= $2 AND a.outcome <> 'success' AND u.company_id = $1
             GROUP BY a.outcome",
        )
        .bind(company_id)
        .bind(since)
        .fetch_all(pool)
        .await)?;
        // A User who signed in met "For Admin Access Only".
        let not_an_admin: i64 = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM users WHERE company_id = $1 AND status = 'user' AND last_sign_in_at >= $2",
        )
        .bind(company_id)
        .bind(since)
        .fetch_one(pool)
        .await)?;
        rows.push(("not_an_admin".into(), not_an_admin));
        let mut by_cause: Vec<SignInCauseCount> = rows
            .into_iter()
            .filter(|(_, users)| *users > 0)
            .filter_map(|(cause, users)| {
                let cause = match cause.as_str() {
                    "wrong_password" => SignInCause::WrongPassword,
                    "used_email" => SignInCause::UsedEmail,
                    "locked" => SignInCause::Locked,
                    "trial_expired" => SignInCause::TrialExpired,
                    "not_an_admin" => SignInCause::NotAnAdmin,
                    _ => return None,
                };
                Some(SignInCauseCount { cause, users })
            })
            .collect();
        by_cause.sort_by_key(|c| std::cmp::Reverse(c.users));
        let locked_now: i64 = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM throttles WHERE company_id = $1 AND scope = $2 AND blocked_until > $3",
        )
        .bind(company_id)
        .bind(Scope::ConsoleUsername.as_str())
        .bind(now)
        .fetch_one(pool)
        .await)?;
        Ok(SignInFigures { by_cause, locked_now })
    }

    /// The company's contacts whose logins failed since `since`, by cause.
    pub async fn contact_figures(&self, company_id: i64, since: i64) -> sqlx::Result<Vec<ContactCauseCount>> {
        let rows: Vec<(String, i64, i64)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT l.outcome, CAST(CASE WHEN l.network IS NULL THEN 0 ELSE 1 END AS BIGINT) AS unusual_network,
                    COUNT(DISTINCT l.contact_id)
             FROM contact_login_attempts l CROSS JOIN contacts c
             WHERE c.id = l.contact_id AND l.at >= $2 AND l.outcome <> 'success' AND c.company_id = $1
             GROUP BY l.outcome, CAST(CASE WHEN l.network IS NULL THEN 0 ELSE 1 END AS BIGINT)",
        )
        .bind(company_id)
        .bind(since)
        .fetch_all(pool)
        .await)?;
        let mut by_cause: Vec<ContactCauseCount> = Vec::new();
        for (outcome, unusual_network, contacts) in rows {
            let cause = match (outcome.as_str(), unusual_network == 1) {
                ("code_superseded", _) => ContactCause::OlderCode,
                ("code_wrong", _) => ContactCause::WrongCode,
                ("not_published", _) => ContactCause::NotPublished,
                ("opted_out", _) => ContactCause::OptedOut,
                ("no_code_received", _) => ContactCause::NoCodeReceived,
                ("session_lost", true) => ContactCause::Vpn,
                ("session_lost", false) => ContactCause::SessionLost,
                _ => continue,
            };
            by_cause.push(ContactCauseCount { cause, contacts });
        }
        by_cause.sort_by_key(|c| std::cmp::Reverse(c.contacts));
        Ok(by_cause)
    }

    pub async fn open_support_requests(&self, company_id: i64) -> sqlx::Result<i64> {
        on_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM support_requests WHERE company_id = $1 AND state = 'open'")
            .bind(company_id)
            .fetch_one(pool)
            .await)
    }
}
