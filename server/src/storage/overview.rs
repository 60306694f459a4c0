//! The Overview's counts of the last day, each one statement that walks an index: the
//! day's agent refusals (a partial index of refusals by company and time), the people who
//! failed by cause (`recent_failures`, one row a person and cause, kept by triggers), the
//! throttles, so the answer stays cheap however long the lists are.

use super::listing::Subset;
use super::Store;
use crate::domain::outcomes::AgentLoginOutcome;
use switchboard_wire::{
    ContactCause, ContactCauseCount, Overview, ReasonCount, RefusalFigures, SignInCause, SignInCauseCount,
    SignInFigures,
};

/// A contact's cause as `recent_failures` stores it (the login's outcome, or 'vpn').
const CONTACT_CAUSES: [(&str, ContactCause); 7] = [
    ("code_superseded", ContactCause::OlderCode),
    ("code_wrong", ContactCause::WrongCode),
    ("not_published", ContactCause::NotPublished),
    ("opted_out", ContactCause::OptedOut),
    ("no_code_received", ContactCause::NoCodeReceived),
    ("vpn", ContactCause::Vpn),
    ("session_lost", ContactCause::SessionLost),
];

/// The users behind a figure of the Overview's "could not get in" since `since`. A console
/// cause is stored as its own spelling (the attempt's outcome), but "not an admin", which
/// is a sign-in that worked.
pub fn users_who_failed(cause: SignInCause, since: i64) -> Subset {
    match cause {
        SignInCause::NotAnAdmin => Subset::SignedInAsUser { since },
        cause => Subset::Failed { kind: "console", cause: cause.as_str(), since },
    }
}

/// The contacts behind a figure of the Overview's "logins failed" since `since`.
pub fn contacts_who_failed(cause: ContactCause, since: i64) -> Subset {
    let stored = CONTACT_CAUSES.iter().find(|(_, c)| *c == cause).map_or("", |(s, _)| *s);
    Subset::Failed { kind: "contact", cause: stored, since }
}

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
        // The two figures that are not failures count the same sets their lists show.
        let mut rows = self.recent_failures(company_id, "console", since).await?;
        let not_an_admin = self.subset_count(company_id, users_who_failed(SignInCause::NotAnAdmin, since)).await?;
        rows.push((SignInCause::NotAnAdmin.as_str().into(), not_an_admin));
        let mut by_cause: Vec<SignInCauseCount> = rows
            .into_iter()
            .filter(|(_, users)| *users > 0)
            .filter_map(|(stored, users)| Some(SignInCauseCount { cause: SignInCause::parse(&stored)?, users }))
            .collect();
        by_cause.sort_by_key(|c| std::cmp::Reverse(c.users));
        let locked_now = self.subset_count(company_id, Subset::LockedNow { now }).await?;
        Ok(SignInFigures { by_cause, locked_now })
    }

    /// The company's contacts whose logins failed since `since`, by cause.
    pub async fn contact_figures(&self, company_id: i64, since: i64) -> sqlx::Result<Vec<ContactCauseCount>> {
        let mut by_cause: Vec<ContactCauseCount> = self
            .recent_failures(company_id, "contact", since)
            .await?
            .into_iter()
            .filter_map(|(stored, contacts)| {
                let cause = CONTACT_CAUSES.iter().find(|(s, _)| *s == stored)?.1;
                Some(ContactCauseCount { cause, contacts })
            })
            .collect();
        by_cause.sort_by_key(|c| std::cmp::Reverse(c.contacts));
        Ok(by_cause)
    }

    /// How many of the company's people of `kind` ('console' users, 'contact's) failed since
    /// `since`, by cause: one walk of `recent_failures_by_company` in its own order (0013).
    async fn recent_failures(&self, company_id: i64, kind: &str, since: i64) -> sqlx::Result<Vec<(String, i64)>> {
        on_pool!(self, pool => sqlx::query_as(
            "SELECT cause, COUNT(*) FROM recent_failures WHERE company_id = $1 AND kind = $2 AND last_at >= $3
             GROUP BY cause",
        )
        .bind(company_id)
        .bind(kind)
        .bind(since)
        .fetch_all(pool)
        .await)
    }

    pub async fn open_support_requests(&self, company_id: i64) -> sqlx::Result<i64> {
        on_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM support_requests WHERE company_id = $1 AND state = 'open'")
            .bind(company_id)
            .fetch_one(pool)
            .await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contact_cause_has_its_stored_spelling() {
        for cause in ContactCause::ALL {
            let Subset::Failed { cause: stored, .. } = contacts_who_failed(cause, 0) else { panic!("{cause:?}") };
            assert_eq!(CONTACT_CAUSES.iter().find(|(s, _)| *s == stored).map(|(_, c)| *c), Some(cause));
        }
    }
}
