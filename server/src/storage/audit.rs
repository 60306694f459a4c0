//! The audit log: written inside the transaction of the change it records.

use super::{Store, Tx};
use switchboard_wire::{AuditAction, AuditEvent, AuditQuery, PersonRef, Timestamp};

pub struct AuditRecord<'a> {
    pub company_id: i64,
    pub actor_user_id: i64,
    pub action: AuditAction,
    pub target_type: &'a str,
    pub target_id: i64,
    pub target_label: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub at: i64,
}

pub(crate) async fn insert_audit(tx: &mut Tx, r: AuditRecord<'_>) -> sqlx::Result<()> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO audit_log (company_id, actor_user_id, action, target_type, target_id, target_label,
                                before_value, after_value, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(r.company_id)
    .bind(r.actor_user_id)
    .bind(r.action.as_str())
    .bind(r.target_type)
    .bind(r.target_id)
    .bind(r.target_label)
    .bind(r.before)
    .bind(r.after)
    .bind(r.at)
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
            action: AuditAction::parse(&self.action)?,
            target: PersonRef { id: self.target_id, name: self.target_label },
            before: self.before_value,
            after: self.after_value,
        })
    }
}

const SELECT: &str = "SELECT a.id, a.at, u.id AS actor_id, u.display_name AS actor_name, a.action,
                             a.target_id, a.target_label, a.before_value, a.after_value
                      FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id";

impl Store {
    /// The company's events matching `query`, newest first, and how many match in all.
    pub async fn audit_events(&self, company_id: i64, query: &AuditQuery) -> sqlx::Result<(Vec<AuditEvent>, i64)> {
        let filter = "a.company_id = $1 AND ($2 = 0 OR a.actor_user_id = $2)
                      AND ($3 = '' OR lower(a.target_label) LIKE $3 ESCAPE '\\') AND ($4 = '' OR a.action = $4)";
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
