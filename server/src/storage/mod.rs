//! The one storage interface: every SQL statement of the server lives below this module.
//!
//! One `Store` speaks SQLite or PostgreSQL, chosen by the database URL. Each statement is
//! written once, in SQL both understand ($N parameters, BIGINT millisecond times,
//! RETURNING, ON CONFLICT), inside [`on_pool!`] or [`on_tx!`]: the macro expands the one
//! text once per kind of pool, so the compiler checks its binds and its decoding for each
//! database. Where the databases differ (trigram search, durability settings) the code
//! says so with `Backend`.

/// Runs `$body` with `$pool` bound to the store's pool, for whichever database it is.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store.pools() {
            $crate::storage::Pools::Sqlite($pool) => $body,
            $crate::storage::Pools::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` with `$conn` bound to the transaction's connection.
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx.inner() {
            $crate::storage::TxInner::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::storage::TxInner::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

pub mod agents;
pub mod attempts;
pub mod audit;
mod batch;
pub mod companies;
pub mod contacts;
pub mod copy;
pub mod demo;
pub mod directory;
pub mod listing;
pub mod notify;
pub mod operators;
pub mod overview;
pub mod search;
pub mod sessions;
pub mod support;
pub mod throttles;
pub mod users;

use anyhow::{bail, Context};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

/// Which database a store speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a database URL names, if any.
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

impl Backend {
    /// A join whose left side drives: SQLite's CROSS JOIN keeps the order as written;
    /// PostgreSQL (whose CROSS JOIN takes no ON) plans it from its statistics.
    pub(crate) fn join_in_order(self) -> &'static str {
        match self {
            Backend::Sqlite => "CROSS JOIN",
            Backend::Postgres => "JOIN",
        }
    }
}

/// The pool, of one kind or the other.
#[derive(Clone)]
pub(crate) enum Pools {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A transaction on either database; rolled back when dropped uncommitted.
pub(crate) struct Tx(TxInner);

pub(crate) enum TxInner {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Tx {
    pub(crate) fn inner(&mut self) -> &mut TxInner {
        &mut self.0
    }

    pub(crate) async fn commit(self) -> sqlx::Result<()> {
        match self.0 {
            TxInner::Sqlite(tx) => tx.commit().await,
            TxInner::Postgres(tx) => tx.commit().await,
        }
    }
}

/// The database behind the server.
#[derive(Clone)]
pub struct Store {
    pools: Pools,
    limits: listing::ListLimits,
    counts: listing::RememberedCounts,
}

/// Connections per server instance.
const MAX_CONNECTIONS: u32 = 8;

impl Store {
    /// Opens the database at `url` (a SQLite file is created if needed), checks that it is
    /// configured to keep every committed change, and brings its schema up to date.
    pub async fn open(url: &str) -> anyhow::Result<Store> {
        let shown = redacted(url);
        let pools = match Backend::of_url(url) {
            Some(Backend::Sqlite) => Pools::Sqlite(open_sqlite(url, &shown).await?),
            Some(Backend::Postgres) => Pools::Postgres(open_postgres(url, &shown).await?),
            None => bail!("unsupported database URL {shown:?}: use sqlite:// or postgres://"),
        };
        let store =
            Store { pools, limits: listing::ListLimits::default(), counts: listing::RememberedCounts::default() };
        store.assert_durable(1).await?;
        match &store.pools {
            Pools::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await,
            Pools::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await,
        }
        .with_context(|| format!("migrating the database {shown}"))?;
        Ok(store)
    }

    /// After a bulk load: PostgreSQL's planner would otherwise choose plans for empty
    /// tables until autovacuum gets round to them (minutes, under load), and a search of
    /// the trigram index by such a plan can take a second. SQLite's planner needs nothing.
    pub async fn refresh_statistics(&self) -> sqlx::Result<()> {
        if let Pools::Postgres(pool) = &self.pools {
            sqlx::query("ANALYZE").execute(pool).await?;
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self.pools {
            Pools::Sqlite(_) => Backend::Sqlite,
            Pools::Postgres(_) => Backend::Postgres,
        }
    }

    fn pools(&self) -> &Pools {
        &self.pools
    }

    /// Starts a transaction.
    async fn begin(&self) -> sqlx::Result<Tx> {
        Ok(Tx(match &self.pools {
            Pools::Sqlite(pool) => TxInner::Sqlite(pool.begin().await?),
            Pools::Postgres(pool) => TxInner::Postgres(pool.begin().await?),
        }))
    }

    /// Refuses a database that could lose committed data or skip foreign keys, checking
    /// `connections` pooled connections at once (each has its own settings).
    pub async fn assert_durable(&self, connections: usize) -> anyhow::Result<()> {
        match &self.pools {
            Pools::Sqlite(pool) => {
                let mut held = Vec::new();
                for _ in 0..connections.max(1) {
                    held.push(pool.acquire().await?);
                }
                for conn in &mut held {
                    let journal: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut **conn).await?;
                    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(&mut **conn).await?;
                    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&mut **conn).await?;
                    if journal != "wal" || synchronous != 2 || foreign_keys != 1 {
                        bail!("database settings are journal_mode={journal}, synchronous={synchronous}, foreign_keys={foreign_keys}; need wal, 2 (FULL), 1");
                    }
                }
            }
            Pools::Postgres(pool) => {
                let mut held = Vec::new();
                for _ in 0..connections.max(1) {
                    held.push(pool.acquire().await?);
                }
                for conn in &mut held {
                    let commit: String = sqlx::query_scalar("SHOW synchronous_commit").fetch_one(&mut **conn).await?;
                    let fsync: String = sqlx::query_scalar("SHOW fsync").fetch_one(&mut **conn).await?;
                    // off answers a commit before its WAL is flushed: a crash loses it.
                    if commit == "off" || fsync != "on" {
                        bail!("database settings are synchronous_commit={commit}, fsync={fsync}; need synchronous_commit on and fsync on");
                    }
                }
            }
        }
        Ok(())
    }

    /// How far list searches count and look (storage/listing.rs).
    pub fn with_list_limits(mut self, limits: listing::ListLimits) -> Store {
        self.limits = limits;
        self
    }

    /// A cheap round trip, for the health check.
    pub async fn ping(&self) -> sqlx::Result<()> {
        on_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    pub async fn close(&self) {
        match &self.pools {
            Pools::Sqlite(pool) => pool.close().await,
            Pools::Postgres(pool) => pool.close().await,
        }
    }
}

async fn open_sqlite(url: &str, shown: &str) -> anyhow::Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("parsing database URL {shown:?}"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: a commit is on disk before it is acknowledged, even in WAL mode, so
        // nothing committed is lost to a crash or a power cut.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // Lists build their SQL from a few fixed parts (storage/listing.rs): a few
        // hundred shapes in all, each prepared once per connection.
        .statement_cache_capacity(512);
    if let Some(path) = options.get_filename().parent() {
        if !path.as_os_str().is_empty() {
            std::fs::create_dir_all(path)
                .with_context(|| format!("creating the database folder {}", path.display()))?;
        }
    }
    SqlitePoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .connect_with(options)
        .await
        .with_context(|| format!("opening the database {shown}"))
}

async fn open_postgres(url: &str, shown: &str) -> anyhow::Result<PgPool> {
    let options = PgConnectOptions::from_str(url)
        .with_context(|| format!("parsing database URL {shown:?}"))?
        .statement_cache_capacity(512)
        .options([
            // A list's plan depends on its search text (a rare or a common trigram): plan
            // each execution with its values rather than one generic plan for all.
            ("plan_cache_mode", "force_custom_plan"),
            // A statement stuck on a lock or a runaway plan fails instead of holding a
            // connection of the pool for ever.
            ("statement_timeout", "30s"),
        ]);
    PgPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .with_context(|| format!("opening the database {shown}"))
}

/// The URL with its password replaced, for logs and errors.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or("");
            let hidden = if credentials.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{hidden}@{host}{path}")
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_a_log() {
        assert_eq!(
            redacted("postgres://sb:s3cret@db.internal:5432/switchboard"),
            "postgres://sb:***@db.internal:5432/switchboard"
        );
        assert_eq!(redacted("postgres://sb@127.0.0.1/x"), "postgres://sb@127.0.0.1/x");
        assert_eq!(redacted("sqlite://data/switchboard.db"), "sqlite://data/switchboard.db");
        assert_eq!(redacted("postgresql://a:b:c@h/d?sslmode=require"), "postgresql://a:***@h/d?sslmode=require");
    }

    #[test]
    fn the_url_chooses_the_database() {
        assert_eq!(Backend::of_url("sqlite://x.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("postgres://h/d"), Some(Backend::Postgres));
        assert_eq!(Backend::of_url("postgresql://h/d"), Some(Backend::Postgres));
        assert_eq!(Backend::of_url("mysql://h/d"), None);
    }
}
