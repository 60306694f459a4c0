//! The audit log: written inside the transaction of the change it records.

use super::{Store, Tx};
use switchboard_wire::{AuditAction, AuditEvent, AuditQuery, PersonRef, SupportRef, Timestamp};

pub struct AuditRecord<'a> {
    pub company_id: i64,
    pub actor: Actor,
    pub action: AuditAction,
    pub target_type: &'a str,
    pub target_id: i64,
    pub target_label: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub at: i64,
}

/// Who made an audited change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A user of the company.
    User(i64),
    /// Switchboard support, answering a request.
    Operator { operator_id: i64, request_id: i64 },
}

impl Actor {
    fn columns(self) -> (Option<i64>, Option<i64>, Option<i64>) {
        match self {
            Actor::User(id) => (Some(id), None, None),
            Actor::Operator { operator_id, request_id } => (None, Some(operator_id), Some(request_id)),
        }
    }
}

pub(crate) async fn insert_audit(tx: &mut Tx, r: AuditRecord<'_>) -> sqlx::Result<()> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO audit_log (company_id, actor_user_id, action, target_type, target_id, target_label,
                                before_value, after_value, at, actor_operator_id, support_request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(r.company_id)
    .bind(r.actor.columns().0)
    .bind(r.action.as_str())
    .bind(r.target_type)
    .bind(r.target_id)
    .bind(r.target_label)
    .bind(r.before)
    .bind(r.after)
    .bind(r.at)
    .bind(r.actor.columns().1)
    .bind(r.actor.columns().2)
    .execute(conn)
    .await
    .map(|_| ()))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: i64,
    actor_id: Option<i64>,
    actor_name: Option<String>,
    operator_name: Option<String>,
    support_request_id: Option<i64>,
    action: String,
    target_id: i64,
    target_label: String,
    before_value: Option<String>,
    after_value: Option<String>,
}

impl Row {
    fn into_event(self) -> Option<AuditEvent> {
        Some(AuditEvent {
            id: self.id,
            at: Timestamp(self.at),
            actor: self.actor_id.zip(self.actor_name).map(|(id, name)| PersonRef { id, name }),
            support: self
                .operator_name
                .zip(self.support_request_id)
                .map(|(operator, request_id)| SupportRef { operator, request_id }),
            action: AuditAction::parse(&self.action)?,
            target: PersonRef { id: self.target_id, name: self.target_label },
            before: self.before_value,
            after: self.after_value,
        })
    }
}

/// The audit log's filters: company $1, actor $2 (0: anyone), target pattern $3, action $4.
const FILTER: &str = "a.company_id = $1 AND ($2 = 0 OR a.actor_user_id = $2)
                      AND ($3 = '' OR lower(a.target_label) LIKE $3 ESCAPE '\\') AND ($4 = '' OR a.action = $4)";

const SELECT: &str = "SELECT a.id, a.at, u.id AS actor_id, u.display_name AS actor_name,
                             o.display_name AS operator_name, a.support_request_id, a.action,
                             a.target_id, a.target_label, a.before_value, a.after_value
                      FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
                      LEFT JOIN operators o ON o.id = a.actor_operator_id";

impl Store {
    /// The company's events matching `query`, newest first, and how many match in all.
    pub async fn audit_events(&self, company_id: i64, query: &AuditQuery) -> sqlx::Result<(Vec<AuditEvent>, i64)> {
        let filter = FILTER;
        let action = query.action.map(AuditAction::as_str).unwrap_or("");
        let actor = query.actor.unwrap_or(0);
        let target = match query.target.trim() {
            "" => String::new(),
            text => super::search::contains_pattern(&text.to_ascii_lowercase()),
        };
        let total: i64 = on_pool!(self, pool => sqlx::query_scalar(&format!("SELECT COUNT(*) FROM audit_log a WHERE {filter}"))
            .bind(company_id)
            .bind(actor)
            .bind(&target)
            .bind(action)
            .fetch_one(pool)
            .await)?;
        let per_page = i64::from(AuditQuery::PER_PAGE);
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as(&format!("{SELECT} WHERE {filter} ORDER BY a.at DESC, a.id DESC LIMIT $5 OFFSET $6"))
                .bind(company_id)
                .bind(actor)
                .bind(&target)
                .bind(action)
                .bind(per_page)
                .bind(i64::from(query.page.max(1) - 1) * per_page)
                .fetch_all(pool)
                .await)?;
        Ok((rows.into_iter().filter_map(Row::into_event).collect(), total))
    }
}

impl Store {
    /// An audit row of its own (an export, which changes nothing else).
    pub async fn record_audit(&self, record: AuditRecord<'_>) -> sqlx::Result<()> {
        let mut tx = self.begin().await?;
        insert_audit(&mut tx, record).await?;
        tx.commit().await
    }

    /// A batch of the company's events matching `query`, newest first by id, older than
    /// `before`; and the id to continue before when there are more.
    pub async fn audit_batch(
        &self,
        company_id: i64,
        query: &AuditQuery,
        before: Option<i64>,
        limit: u32,
    ) -> sqlx::Result<(Vec<AuditEvent>, Option<i64>)> {
        let action = query.action.map(AuditAction::as_str).unwrap_or("");
        let target = match query.target.trim() {
            "" => String::new(),
            text => super::search::contains_pattern(&text.to_ascii_lowercase()),
        };
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as(&format!(
            "{SELECT} WHERE {FILTER} AND a.id < $5 ORDER BY a.id DESC LIMIT $6"
        ))
        .bind(company_id)
        .bind(query.actor.unwrap_or(0))
        .bind(&target)
        .bind(action)
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit) + 1)
        .fetch_all(pool)
        .await)?;
        let limit = limit as usize;
        let next = if rows.len() > limit { rows.get(limit - 1).map(|row| row.id) } else { None };
        let events = rows.into_iter().take(limit).filter_map(Row::into_event).collect();
        Ok((events, next))
    }

    /// The status changes of one user of the company, newest first.
    pub async fn user_history(&self, company_id: i64, user_id: i64) -> sqlx::Result<Vec<AuditEvent>> {
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as(&format!(
            "{SELECT} WHERE a.company_id = $1 AND a.target_type = 'user' AND a.target_id = $2
             ORDER BY a.at DESC, a.id DESC LIMIT 100"
        ))
        .bind(company_id)
        .bind(user_id)
        .fetch_all(pool)
        .await)?;
        Ok(rows.into_iter().filter_map(Row::into_event).collect())
    }
}
