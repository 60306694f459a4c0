//! Authorize Admins: listing a company's users and changing their statuses.

use super::audit::{insert_audit, AuditRecord};
use super::listing::{Cursor, CursorGone, Found, Keyed, Listing, Order, Subset, Table};
use super::overview::users_who_failed;
use super::Store;
use crate::domain::clock::DAY_MS;
use switchboard_wire::{
    AppliedChange, AuditAction, SortDir, Status, StatusChange, Timestamp, UserQuery, UserRow, UserSort,
};

const ROW_COLUMNS: &str = "t.id, t.username, t.display_name, t.email, t.phone, t.status, t.last_sign_in_at, t.version";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    username: String,
    display_name: String,
    email: String,
    phone: Option<String>,
    #[sqlx(try_from = "String")]
    status: super::users::StatusColumn,
    last_sign_in_at: Option<i64>,
    version: i64,
}

impl From<Row> for UserRow {
    fn from(r: Row) -> Self {
        UserRow {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            email: r.email,
            phone: r.phone,
            status: r.status.0,
            last_sign_in_at: r.last_sign_in_at.map(Timestamp),
            version: r.version,
        }
    }
}

/// Why a change set was refused; nothing of it was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeRefusal {
    /// These ids are not users of the company.
    NotFound(Vec<i64>),
    /// These users changed since the admin read them.
    Stale(Vec<i64>),
    /// The company would have no admin left.
    LastAdmin,
    /// The actor is no longer an admin (demoted while the request was on its way).
    ActorNotAdmin,
}

/// The order's key, as the indexes of migrations 0002 and 0006 have it.
fn order(sort: UserSort, dir: SortDir) -> Order {
    let desc = dir == SortDir::Desc;
    let (key, numeric) = match (sort, desc) {
        (UserSort::Name, _) => ("lower(t.display_name)", false),
        (UserSort::Username, _) => ("t.username", false),
        (UserSort::Email, _) => ("t.email", false),
        // "No phone" and "never signed in" last, whichever the direction.
        (UserSort::Phone, false) => ("coalesce(t.phone, '~')", false),
        (UserSort::Phone, true) => ("coalesce(t.phone, '')", false),
        (UserSort::Status, _) => ("CASE t.status WHEN 'admin' THEN 0 WHEN 'support' THEN 1 ELSE 2 END", true),
        (UserSort::LastSignIn, false) => ("coalesce(t.last_sign_in_at, 9223372036854775807)", true),
        (UserSort::LastSignIn, true) => ("coalesce(t.last_sign_in_at, -1)", true),
    };
    Order { key, numeric, desc }
}

impl Keyed for Row {
    fn key_id(&self) -> i64 {
        self.id
    }
}

/// Where a list query starts: its cursor, else its page number.
pub(super) fn cursor(page: u32, after: Option<i64>, before: Option<i64>) -> Cursor {
    match (after, before) {
        (Some(id), _) => Cursor::After(id),
        (None, Some(id)) => Cursor::Before(id),
        (None, None) => Cursor::Page(page),
    }
}

impl Store {
    /// One page of the company's users matching `query` (storage/listing.rs plans it); its
    /// "failed in the last 24 hours" and "locked out" are as of `now`.
    pub async fn list_users(
        &self,
        company_id: i64,
        query: &UserQuery,
        per_page: u32,
        now: i64,
    ) -> sqlx::Result<Result<Found<UserRow>, CursorGone>> {
        let failed = query.failed.map(|cause| users_who_failed(cause, now - DAY_MS));
        let locked = query.locked.then_some(Subset::LockedNow { now });
        let listing = Listing {
            table: Table::Users,
            company_id,
            status: query.status.map(Status::as_str),
            subsets: failed.into_iter().chain(locked).collect(),
            q: &query.q,
            order: order(query.sort, query.dir),
            cursor: cursor(query.page, query.after, query.before),
            per_page,
            columns: ROW_COLUMNS,
        };
        Ok(self.list_page::<Row>(&listing).await?.map(|found| found.map_rows(UserRow::from)))
    }

    /// Read from the count table (migration 0006), which every write keeps exact.
    pub async fn admin_count(&self, company_id: i64) -> sqlx::Result<i64> {
        on_pool!(self, pool => sqlx::query_scalar("SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM user_counts WHERE company_id = $1 AND status = 'admin'")
            .bind(company_id)
            .fetch_one(pool)
            .await)
    }

    /// A user of the company; another company's user is as absent as one that never was.
    pub async fn user_row(&self, company_id: i64, user_id: i64) -> sqlx::Result<Option<UserRow>> {
        let row: Option<Row> = on_pool!(self, pool => sqlx::query_as(&format!("SELECT {ROW_COLUMNS} FROM users t WHERE id = $1 AND company_id = $2"))
                .bind(user_id)
                .bind(company_id)
                .fetch_optional(pool)
                .await)?;
        Ok(row.map(UserRow::from))
    }

    /// Applies every change or none, in one transaction that first takes the company's
    /// row: concurrent change sets of one company run one after the other, so the
    /// admin count each one checks is the real one.
    pub async fn apply_status_changes(
        &self,
        company_id: i64,
        actor_id: i64,
        changes: &[StatusChange],
        now: i64,
    ) -> sqlx::Result<Result<Vec<AppliedChange>, ChangeRefusal>> {
        let mut tx = self.begin().await?;
        on_tx!(tx, conn => sqlx::query("UPDATE companies SET admin_epoch = admin_epoch + 1 WHERE id = $1")
            .bind(company_id)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;

        let actor: Option<String> = on_tx!(tx, conn => sqlx::query_scalar("SELECT status FROM users WHERE id = $1 AND company_id = $2")
            .bind(actor_id)
            .bind(company_id)
            .fetch_optional(conn)
            .await)?;
        if actor.as_deref() != Some("admin") {
            return Ok(Err(ChangeRefusal::ActorNotAdmin));
        }

        let mut current = Vec::with_capacity(changes.len());
        let (mut missing, mut stale) = (Vec::new(), Vec::new());
        for change in changes {
            let row: Option<Row> = on_tx!(tx, conn => sqlx::query_as(&format!("SELECT {ROW_COLUMNS} FROM users t WHERE id = $1 AND company_id = $2"))
                    .bind(change.user_id)
                    .bind(company_id)
                    .fetch_optional(conn)
                    .await)?;
            match row {
                None => missing.push(change.user_id),
                Some(row) if row.version != change.version => stale.push(change.user_id),
                Some(row) => current.push((UserRow::from(row), change.status)),
            }
        }
        if !missing.is_empty() {
            return Ok(Err(ChangeRefusal::NotFound(missing)));
        }
        if !stale.is_empty() {
            return Ok(Err(ChangeRefusal::Stale(stale)));
        }

        let mut applied = Vec::new();
        for (before, status) in current {
            if before.status == status {
                continue;
            }
            on_tx!(tx, conn => sqlx::query("UPDATE users SET status = $1, version = version + 1 WHERE id = $2 AND version = $3")
                .bind(status.as_str())
                .bind(before.id)
                .bind(before.version)
                .execute(conn)
                .await.map(|done| done.rows_affected()))?;
            insert_audit(
                &mut tx,
                AuditRecord {
                    company_id,
                    actor: super::audit::Actor::User(actor_id),
                    action: AuditAction::StatusChanged,
                    target_type: "user",
                    target_id: before.id,
                    target_label: &before.display_name,
                    before: Some(before.status.as_str()),
                    after: Some(status.as_str()),
                    at: now,
                },
            )
            .await?;
            let user = UserRow { status, version: before.version + 1, ..before.clone() };
            applied.push(AppliedChange { before: before.status, user });
        }

        let admins: i64 = on_tx!(tx, conn => sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE company_id = $1 AND status = 'admin'")
            .bind(company_id)
            .fetch_one(conn)
            .await)?;
        if admins == 0 {
            return Ok(Err(ChangeRefusal::LastAdmin));
        }
        tx.commit().await?;
        Ok(Ok(applied))
    }
}

/// Why linking a user to an agent was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkRefusal {
    /// Another user of the company is the person behind that agent: their display name.
    Taken(String),
}

impl Store {
    /// The agent number a user of the company is linked to, if any.
    pub async fn linked_agent_number(&self, company_id: i64, user_id: i64) -> sqlx::Result<Option<String>> {
        on_pool!(self, pool => sqlx::query_scalar(
            "SELECT a.agent_number FROM users u JOIN agents a ON a.id = u.agent_id AND a.company_id = u.company_id
             WHERE u.id = $1 AND u.company_id = $2",
        )
        .bind(user_id)
        .bind(company_id)
        .fetch_optional(pool)
        .await)
    }

    /// Links `user` (of the company) to `agent` (id and number, of the company), or unlinks
    /// them with None, audited in the same transaction. Nothing is written when it would
    /// change nothing.
    pub async fn link_agent_audited(
        &self,
        company_id: i64,
        actor_user_id: i64,
        user: &UserRow,
        agent: Option<(i64, &str)>,
        now: i64,
    ) -> sqlx::Result<Result<(), LinkRefusal>> {
        let mut tx = self.begin().await?;
        // The company's row first, as status changes do: links of one company are made one
        // after the other, so "taken" is checked against the real state.
        on_tx!(tx, conn => sqlx::query("UPDATE companies SET admin_epoch = admin_epoch WHERE id = $1")
            .bind(company_id)
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?;
        if let Some((agent_id, _)) = agent {
            let holder: Option<(i64, String)> = on_tx!(tx, conn => sqlx::query_as(
                "SELECT id, display_name FROM users WHERE company_id = $1 AND agent_id = $2",
            )
            .bind(company_id)
            .bind(agent_id)
            .fetch_optional(conn)
            .await)?;
            match holder {
                Some((id, _)) if id == user.id => return Ok(Ok(())),
                Some((_, name)) => return Ok(Err(LinkRefusal::Taken(name))),
                None => {}
            }
        }
        let before: Option<String> = on_tx!(tx, conn => sqlx::query_scalar(
            "SELECT a.agent_number FROM users u JOIN agents a ON a.id = u.agent_id WHERE u.id = $1",
        )
        .bind(user.id)
        .fetch_optional(conn)
        .await)?;
        if before.is_none() && agent.is_none() {
            return Ok(Ok(()));
        }
        on_tx!(tx, conn => sqlx::query("UPDATE users SET agent_id = $1 WHERE id = $2 AND company_id = $3")
            .bind(agent.map(|(id, _)| id))
            .bind(user.id)
            .bind(company_id)
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?;
        let words = |number: Option<&str>| number.map(|n| format!("agent {n}")).unwrap_or_else(|| "no agent".into());
        insert_audit(
            &mut tx,
            AuditRecord {
                company_id,
                actor: super::audit::Actor::User(actor_user_id),
                action: switchboard_wire::AuditAction::AgentLinked,
                target_type: "user",
                target_id: user.id,
                target_label: &user.display_name,
                before: Some(&words(before.as_deref())),
                after: Some(&words(agent.map(|(_, number)| number))),
                at: now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }
}
