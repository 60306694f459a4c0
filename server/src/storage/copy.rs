//! `switchboard-server copy-data`: a SQLite installation's data, all of it, into an empty
//! PostgreSQL database, for a user who outgrows one file and keeps their history.
//!
//! The source is read in one read transaction (a consistent snapshot of a database that
//! may be in use); the target is written in one transaction, which commits only when every
//! table's count matches. Ids are kept, and PostgreSQL's identity sequences moved past them.
//! The tables that triggers keep (counts, list versions, SQLite's trigram index) and the
//! generated `search_text` are made by the target itself.

use super::batch::{bind_values, insert_sql, Value, MAX_ROWS as BATCH};
use super::{Pools, Store};
use anyhow::{bail, Context};
use sqlx::Row;

/// What a column holds.
#[derive(Clone, Copy)]
enum Kind {
    Int,
    Text,
}
use Kind::{Int, Text};

/// Every table with data, parents before children, and its columns.
const TABLES: &[(&str, &[(&str, Kind)])] = &[
    (
        "companies",
        &[
            ("id", Int),
            ("name", Text),
            ("slug", Text),
            ("trial_ends_at", Int),
            ("created_at", Int),
            ("admin_epoch", Int),
            ("country", Text),
        ],
    ),
    (
        "agents",
        &[
            ("id", Int),
            ("company_id", Int),
            ("agent_number", Text),
            ("passcode_hash", Text),
            ("name", Text),
            ("created_at", Int),
        ],
    ),
    (
        "users",
        &[
            ("id", Int),
            ("company_id", Int),
            ("username", Text),
            ("email", Text),
            ("phone", Text),
            ("display_name", Text),
            ("status", Text),
            ("password_hash", Text),
            ("last_sign_in_at", Int),
            ("version", Int),
            ("created_at", Int),
            ("agent_id", Int),
        ],
    ),
    (
        "console_sessions",
        &[("token_hash", Text), ("user_id", Int), ("csrf_token", Text), ("created_at", Int), ("last_seen_at", Int)],
    ),
    (
        "console_sign_in_attempts",
        &[("id", Int), ("identifier", Text), ("user_id", Int), ("outcome", Text), ("at", Int)],
    ),
    (
        "agent_sessions",
        &[
            ("id", Int),
            ("agent_id", Int),
            ("company_id", Int),
            ("station", Text),
            ("state", Text),
            ("state_since", Int),
            ("started_at", Int),
            ("last_activity_at", Int),
            ("ended_at", Int),
            ("end_reason", Text),
            ("ended_by_user_id", Int),
            ("token_hash", Text),
            ("station_note", Text),
        ],
    ),
    (
        "agent_sign_in_attempts",
        &[
            ("id", Int),
            ("company_id", Int),
            ("agent_id", Int),
            ("agent_number", Text),
            ("station", Text),
            ("outcome", Text),
            ("at", Int),
        ],
    ),
    (
        "contacts",
        &[
            ("id", Int),
            ("company_id", Int),
            ("name", Text),
            ("email", Text),
            ("phone", Text),
            ("email_opted_out_at", Int),
            ("email_opt_out_source", Text),
            ("sms_opted_out_at", Int),
            ("sms_opt_out_source", Text),
            ("created_at", Int),
        ],
    ),
    (
        "contact_devices",
        &[("id", Int), ("contact_id", Int), ("label", Text), ("first_seen_at", Int), ("last_seen_at", Int)],
    ),
    (
        "confirmation_codes",
        &[
            ("id", Int),
            ("contact_id", Int),
            ("channel", Text),
            ("code_hash", Text),
            ("device_id", Int),
            ("sent_at", Int),
            ("used_at", Int),
        ],
    ),
    ("messages", &[("id", Int), ("company_id", Int), ("title", Text), ("created_at", Int)]),
    ("message_recipients", &[("message_id", Int), ("contact_id", Int), ("published_at", Int)]),
    (
        "contact_login_attempts",
        &[
            ("id", Int),
            ("contact_id", Int),
            ("channel", Text),
            ("device_id", Int),
            ("message_id", Int),
            ("outcome", Text),
            ("network", Text),
            ("at", Int),
        ],
    ),
    (
        "operators",
        &[
            ("id", Int),
            ("username", Text),
            ("display_name", Text),
            ("email", Text),
            ("password_hash", Text),
            ("created_at", Int),
        ],
    ),
    (
        "operator_sessions",
        &[("token_hash", Text), ("operator_id", Int), ("csrf_token", Text), ("created_at", Int), ("last_seen_at", Int)],
    ),
    (
        "support_requests",
        &[
            ("id", Int),
            ("company_id", Int),
            ("cause", Text),
            ("about_user_id", Int),
            ("filed_by_user_id", Int),
            ("email", Text),
            ("diagnosis", Text),
            ("state", Text),
            ("filed_at", Int),
            ("answered_at", Int),
            ("answer", Text),
            ("answered_by_operator", Int),
        ],
    ),
    (
        "audit_log",
        &[
            ("id", Int),
            ("company_id", Int),
            ("actor_user_id", Int),
            ("actor_operator_id", Int),
            ("support_request_id", Int),
            ("action", Text),
            ("target_type", Text),
            ("target_id", Int),
            ("target_label", Text),
            ("before_value", Text),
            ("after_value", Text),
            ("at", Int),
        ],
    ),
    (
        "throttles",
        &[
            ("scope", Text),
            ("key", Text),
            ("company_id", Int),
            ("label", Text),
            ("failures", Int),
            ("blocked_until", Int),
            ("last_at", Int),
        ],
    ),
    ("known_devices", &[("token_hash", Text), ("user_id", Int), ("created_at", Int), ("last_used_at", Int)]),
];

/// Rows copied, per table.
pub type Copied = Vec<(&'static str, i64)>;

/// Copies everything from `from` (SQLite) into `to` (an empty PostgreSQL database).
pub async fn copy_data(from: &Store, to: &Store) -> anyhow::Result<Copied> {
    let (Pools::Sqlite(source), Pools::Postgres(target)) = (from.pools(), to.pools()) else {
        bail!("copy-data copies from a sqlite: database into a postgres: one");
    };
    let mut read = source.begin().await.context("reading the SQLite database")?;
    // A read transaction starts at its first read: from here on it is one snapshot.
    let mut write = target.begin().await?;
    for (table, _) in TABLES {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut *write).await?;
        if rows > 0 {
            bail!("the PostgreSQL database is not empty ({table} has {rows} rows): copy-data only fills a new one");
        }
    }
    let mut copied = Vec::new();
    for (table, columns) in TABLES {
        let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
        // In batches by rowid, so that a large table is never all in memory.
        let select =
            format!("SELECT {}, rowid FROM {table} WHERE rowid > $1 ORDER BY rowid LIMIT {BATCH}", names.join(", "));
        let (mut total, mut after) = (0i64, i64::MIN);
        loop {
            let batch = sqlx::query(&select)
                .bind(after)
                .fetch_all(&mut *read)
                .await
                .with_context(|| format!("reading {table}"))?;
            let Some(last) = batch.last() else { break };
            after = last.try_get(columns.len())?;
            total += batch.len() as i64;
            let mut values = Vec::with_capacity(batch.len() * columns.len());
            for row in &batch {
                for (i, (_, kind)) in columns.iter().enumerate() {
                    values.push(match kind {
                        Int => Value::Int(row.try_get(i)?),
                        Text => Value::Text(row.try_get(i)?),
                    });
                }
            }
            let insert = insert_sql(table, &names, batch.len());
            let query = bind_values!(sqlx::query(&insert), values);
            query.execute(&mut *write).await.with_context(|| format!("writing {table}"))?;
        }
        let written: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut *write).await?;
        if written != total {
            bail!("{table}: read {total} rows but the copy has {written}; nothing was committed");
        }
        if names[0] == "id" {
            // New rows get ids after the copied ones.
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .execute(&mut *write)
            .await?;
        }
        copied.push((*table, written));
    }
    write.commit().await?;
    read.rollback().await?;
    to.refresh_statistics().await?;
    Ok(copied)
}
