//! Support requests and the operators' answers to them. Every answer that changes a
//! company (its first admin, its trial, a user's lockout) is one transaction with its
//! audit row and the requests it answers.

use super::audit::{insert_audit, Actor, AuditRecord};
use super::users::StatusColumn;
use super::{Store, Tx};
use crate::domain::clock::{human_date, DAY_MS};
use crate::domain::throttle::Scope;
use switchboard_wire::{
    AuditAction, OperatorAction, QueuedCompany, QueuedPerson, QueuedRequest, RequestState, SupportCause,
    SupportRequest, Timestamp,
};

/// A request to file: what the console knows when the person asks.
pub struct NewRequest<'a> {
    pub company_id: i64,
    pub cause: SupportCause,
    pub about_user_id: i64,
    pub filed_by_user_id: i64,
    pub email: &'a str,
    pub diagnosis: &'a str,
    pub now: i64,
}

/// Why an operator's action was refused; nothing was written.
#[derive(Debug, PartialEq, Eq)]
pub enum AnswerRefusal {
    NotFound,
    /// Answered already: by whom and how.
    AlreadyAnswered(String),
    /// The action does not answer a request of this cause.
    WrongAction(SupportCause),
    /// `appoint_admin` for a company that has admins now: their names.
    HasAdmin(String),
    /// A trial action for an account that is active already.
    AlreadyActive,
}

/// What an operator's action did.
pub struct Answered {
    pub answer: String,
    /// Requests it answered (the one named and the company's others of the same cause).
    pub requests: u64,
    /// A user's status changed, so live streams re-check their sessions.
    pub status_changed: bool,
}

#[derive(sqlx::FromRow)]
struct MineRow {
    id: i64,
    cause: String,
    state: String,
    about: String,
    filed_at: i64,
    answered_at: Option<i64>,
    answer: Option<String>,
}

impl MineRow {
    fn into_request(self) -> Option<SupportRequest> {
        Some(SupportRequest {
            id: self.id,
            cause: SupportCause::parse(&self.cause)?,
            state: RequestState::parse(&self.state)?,
            about: self.about,
            filed_at: Timestamp(self.filed_at),
            answered_at: self.answered_at.map(Timestamp),
            answer: self.answer,
        })
    }
}

const MINE: &str = "SELECT r.id, r.cause, r.state, u.display_name AS about, r.filed_at, r.answered_at, r.answer
                    FROM support_requests r JOIN users u ON u.id = r.about_user_id";

impl Store {
    /// Files a request, or answers the open one already filed for the same company, cause
    /// and user (so a second press files nothing). True when it is new.
    pub async fn file_request(&self, new: NewRequest<'_>) -> sqlx::Result<(SupportRequest, bool)> {
        let inserted: Option<i64> = on_pool!(self, pool => sqlx::query_scalar(
            "INSERT INTO support_requests (company_id, cause, about_user_id, filed_by_user_id, email, diagnosis, state, filed_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'open', $7)
             ON CONFLICT (company_id, cause, about_user_id) WHERE state = 'open' DO NOTHING
             RETURNING id",
        )
        .bind(new.company_id)
        .bind(new.cause.as_str())
        .bind(new.about_user_id)
        .bind(new.filed_by_user_id)
        .bind(new.email)
        .bind(new.diagnosis)
        .bind(new.now)
        .fetch_optional(pool)
        .await)?;
        let row: Option<MineRow> = on_pool!(self, pool => sqlx::query_as(&format!(
            "{MINE} WHERE r.company_id = $1 AND r.cause = $2 AND r.about_user_id = $3 AND ($4 = 0 OR r.id = $4)
             ORDER BY r.state = 'open' DESC, r.id DESC LIMIT 1"
        ))
        .bind(new.company_id)
        .bind(new.cause.as_str())
        .bind(new.about_user_id)
        .bind(inserted.unwrap_or(0))
        .fetch_optional(pool)
        .await)?;
        let request = row
            .and_then(MineRow::into_request)
            .ok_or_else(|| sqlx::Error::Protocol("a filed support request could not be read back".into()))?;
        Ok((request, inserted.is_some()))
    }

    /// The requests a user filed that are open, or were answered after `since`, newest first.
    pub async fn requests_filed_by(&self, user_id: i64, since: i64) -> sqlx::Result<Vec<SupportRequest>> {
        let rows: Vec<MineRow> = on_pool!(self, pool => sqlx::query_as(&format!(
            "{MINE} WHERE r.filed_by_user_id = $1 AND (r.state = 'open' OR r.answered_at > $2)
             ORDER BY r.filed_at DESC, r.id DESC LIMIT 5"
        ))
        .bind(user_id)
        .bind(since)
        .fetch_all(pool)
        .await)?;
        Ok(rows.into_iter().filter_map(MineRow::into_request).collect())
    }

    pub async fn support_request(&self, id: i64) -> sqlx::Result<Option<SupportRequest>> {
        let row: Option<MineRow> = on_pool!(self, pool => sqlx::query_as(&format!("{MINE} WHERE r.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await)?;
        Ok(row.and_then(MineRow::into_request))
    }

    /// Hands a trial-ended sign-in its pass (only the hash is kept; one per user, the
    /// newest wins).
    pub async fn issue_support_pass(&self, token_hash: &str, user_id: i64, expires_at: i64) -> sqlx::Result<()> {
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO support_passes (token_hash, user_id, expires_at) VALUES ($1, $2, $3)
             ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, expires_at = excluded.expires_at",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(expires_at)
        .execute(pool)
        .await
        .map(|_| ()))
    }

    /// The user a pass was handed to, if it is still good.
    pub async fn support_pass_user(&self, token_hash: &str, now: i64) -> sqlx::Result<Option<i64>> {
        on_pool!(self, pool => sqlx::query_scalar("SELECT user_id FROM support_passes WHERE token_hash = $1 AND expires_at > $2")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await)
    }
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    id: i64,
    cause: String,
    state: String,
    filed_at: i64,
    filed_by: String,
    company_id: i64,
    company_name: String,
    trial_ends_at: Option<i64>,
    admins: i64,
    user_id: i64,
    display_name: String,
    username: String,
    #[sqlx(try_from = "String")]
    status: StatusColumn,
    locked_until: Option<i64>,
    email: String,
    diagnosis: String,
    answered_at: Option<i64>,
    answer: Option<String>,
    answered_by: Option<String>,
}

impl QueueRow {
    fn into_request(self) -> Option<QueuedRequest> {
        Some(QueuedRequest {
            id: self.id,
            cause: SupportCause::parse(&self.cause)?,
            state: RequestState::parse(&self.state)?,
            filed_at: Timestamp(self.filed_at),
            filed_by: self.filed_by,
            company: QueuedCompany {
                id: self.company_id,
                name: self.company_name,
                trial_ends_at: self.trial_ends_at.map(Timestamp),
                admins: self.admins,
            },
            about: QueuedPerson {
                id: self.user_id,
                display_name: self.display_name,
                username: self.username,
                status: self.status.0,
                locked_until: self.locked_until.map(Timestamp),
            },
            email: self.email,
            diagnosis: self.diagnosis,
            answered_at: self.answered_at.map(Timestamp),
            answer: self.answer,
            answered_by: self.answered_by,
        })
    }
}

impl Store {
    /// The operators' queue: open requests oldest first, or answered ones newest first;
    /// at most `limit`, and how many are open in all.
    pub async fn request_queue(
        &self,
        state: RequestState,
        limit: i64,
        now: i64,
    ) -> sqlx::Result<(Vec<QueuedRequest>, i64)> {
        let order = match state {
            RequestState::Open => "r.filed_at, r.id",
            RequestState::Answered => "r.answered_at DESC, r.id DESC",
        };
        let rows: Vec<QueueRow> = on_pool!(self, pool => sqlx::query_as(&format!(
            "SELECT r.id, r.cause, r.state, r.filed_at, f.display_name AS filed_by,
                    c.id AS company_id, c.name AS company_name, c.trial_ends_at,
                    (SELECT COUNT(*) FROM users a WHERE a.company_id = c.id AND a.status = 'admin') AS admins,
                    u.id AS user_id, u.display_name, u.username, u.status,
                    (SELECT t.blocked_until FROM throttles t
                      WHERE t.scope = $2 AND t.key = lower(u.username) AND t.blocked_until > $3) AS locked_until,
                    r.email, r.diagnosis, r.answered_at, r.answer, o.display_name AS answered_by
             FROM support_requests r
             JOIN companies c ON c.id = r.company_id
             JOIN users u ON u.id = r.about_user_id
             JOIN users f ON f.id = r.filed_by_user_id
             LEFT JOIN operators o ON o.id = r.answered_by_operator
             WHERE r.state = $1 ORDER BY {order} LIMIT $4"
        ))
        .bind(state.as_str())
        .bind(Scope::ConsoleUsername.as_str())
        .bind(now)
        .bind(limit)
        .fetch_all(pool)
        .await)?;
        let open: i64 = on_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM support_requests WHERE state = 'open'")
            .fetch_one(pool)
            .await)?;
        Ok((rows.into_iter().filter_map(QueueRow::into_request).collect(), open))
    }
}

#[derive(sqlx::FromRow)]
struct Target {
    company_id: i64,
    cause: String,
    state: String,
    answer: Option<String>,
    user_id: i64,
    display_name: String,
    username: String,
    status: String,
    company_name: String,
    trial_ends_at: Option<i64>,
}

impl Store {
    /// An operator answers request `request_id` with `action`, in one transaction that
    /// first takes the company's row (as status change sets do), so the admin count and the
    /// trial it reads are the real ones.
    pub async fn answer_request(
        &self,
        request_id: i64,
        operator_id: i64,
        action: &OperatorAction,
        now: i64,
    ) -> sqlx::Result<Result<Answered, AnswerRefusal>> {
        let mut tx = self.begin().await?;
        on_tx!(tx, conn => sqlx::query(
            "UPDATE companies SET admin_epoch = admin_epoch + 1
             WHERE id = (SELECT company_id FROM support_requests WHERE id = $1)",
        )
        .bind(request_id)
        .execute(conn)
        .await
        .map(|_| ()))?;
        let target: Option<Target> = on_tx!(tx, conn => sqlx::query_as(
            "SELECT r.company_id, r.cause, r.state, r.answer, u.id AS user_id, u.display_name, u.username, u.status,
                    c.name AS company_name, c.trial_ends_at
             FROM support_requests r JOIN users u ON u.id = r.about_user_id JOIN companies c ON c.id = r.company_id
             WHERE r.id = $1",
        )
        .bind(request_id)
        .fetch_optional(conn)
        .await)?;
        let Some(t) = target else { return Ok(Err(AnswerRefusal::NotFound)) };
        let cause = SupportCause::parse(&t.cause).ok_or_else(|| sqlx::Error::Protocol("unknown cause".into()))?;
        if t.state != RequestState::Open.as_str() {
            return Ok(Err(AnswerRefusal::AlreadyAnswered(t.answer.unwrap_or_default())));
        }
        if !action.answers(cause) {
            return Ok(Err(AnswerRefusal::WrongAction(cause)));
        }
        let actor = Actor::Operator { operator_id, request_id };
        let audit = |action, target_type, target_id, target_label, before, after| AuditRecord {
            company_id: t.company_id,
            actor,
            action,
            target_type,
            target_id,
            target_label,
            before,
            after,
            at: now,
        };
        let mut status_changed = false;
        let answer = match action {
            OperatorAction::AppointAdmin => {
                let admins: Vec<String> = on_tx!(tx, conn => sqlx::query_scalar(
                    "SELECT display_name FROM users WHERE company_id = $1 AND status = 'admin' ORDER BY display_name LIMIT 3",
                )
                .bind(t.company_id)
                .fetch_all(conn)
                .await)?;
                if !admins.is_empty() {
                    return Ok(Err(AnswerRefusal::HasAdmin(admins.join(", "))));
                }
                on_tx!(tx, conn => sqlx::query("UPDATE users SET status = 'admin', version = version + 1 WHERE id = $1")
                    .bind(t.user_id)
                    .execute(conn)
                    .await
                    .map(|_| ()))?;
                let record = audit(
                    AuditAction::StatusChanged,
                    "user",
                    t.user_id,
                    &t.display_name,
                    Some(t.status.as_str()),
                    Some("admin"),
                );
                insert_audit(&mut tx, record).await?;
                status_changed = true;
                format!("{} was made the first admin of {}.", t.display_name, t.company_name)
            }
            OperatorAction::ExtendTrial { .. } | OperatorAction::MakeActive => {
                let Some(ended) = t.trial_ends_at else { return Ok(Err(AnswerRefusal::AlreadyActive)) };
                let new_end = match action {
                    OperatorAction::ExtendTrial { days } => Some(ended.max(now) + i64::from(*days) * DAY_MS),
                    _ => None,
                };
                set_trial(&mut tx, t.company_id, new_end).await?;
                let before = format!("trial to {}", human_date(ended));
                let (after, answer) = match new_end {
                    Some(end) => (
                        format!("trial to {}", human_date(end)),
                        format!("The trial of {} was extended to {}.", t.company_name, human_date(end)),
                    ),
                    None => ("active account".to_string(), format!("{} is now an active account.", t.company_name)),
                };
                let record = audit(
                    AuditAction::TrialChanged,
                    "company",
                    t.company_id,
                    &t.company_name,
                    Some(&before),
                    Some(&after),
                );
                insert_audit(&mut tx, record).await?;
                answer
            }
            OperatorAction::Unlock => {
                let failures: Option<i64> = on_tx!(tx, conn => sqlx::query_scalar(
                    "DELETE FROM throttles WHERE scope = $1 AND key = $2 RETURNING failures",
                )
                .bind(Scope::ConsoleUsername.as_str())
                .bind(t.username.to_lowercase())
                .fetch_optional(conn)
                .await)?;
                let before = match failures {
                    Some(failures) => format!("held after {failures} failed attempts"),
                    None => "not held".to_string(),
                };
                let record = audit(
                    AuditAction::LockoutCleared,
                    "user",
                    t.user_id,
                    &t.display_name,
                    Some(&before),
                    Some("may try again"),
                );
                insert_audit(&mut tx, record).await?;
                format!("{} may sign in again: the lockout was cleared.", t.display_name)
            }
            OperatorAction::Close { note } => note.trim().to_string(),
        };
        // A change answers every open request of the company it settles; a note only this one.
        let (only_request, only_user) = match action {
            OperatorAction::Close { .. } => (request_id, 0),
            OperatorAction::Unlock => (0, t.user_id),
            _ => (0, 0),
        };
        let requests = on_tx!(tx, conn => sqlx::query(
            "UPDATE support_requests SET state = 'answered', answered_at = $1, answer = $2, answered_by_operator = $3
             WHERE company_id = $4 AND cause = $5 AND state = 'open'
               AND ($6 = 0 OR id = $6) AND ($7 = 0 OR about_user_id = $7)",
        )
        .bind(now)
        .bind(&answer)
        .bind(operator_id)
        .bind(t.company_id)
        .bind(cause.as_str())
        .bind(only_request)
        .bind(only_user)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
        tx.commit().await?;
        Ok(Ok(Answered { answer, requests, status_changed }))
    }
}

async fn set_trial(tx: &mut Tx, company_id: i64, trial_ends_at: Option<i64>) -> sqlx::Result<()> {
    on_tx!(tx, conn => sqlx::query("UPDATE companies SET trial_ends_at = $1 WHERE id = $2")
        .bind(trial_ends_at)
        .bind(company_id)
        .execute(conn)
        .await
        .map(|_| ()))
}
