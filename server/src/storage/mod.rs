//! The one storage interface: every SQL statement of the server lives below this module.
//!
//! The SQL is portable on purpose ($N parameters, BIGINT millisecond times, no SQLite-only
//! functions, RETURNING) so that PostgreSQL can be added as a second pool type behind this
//! same `Store` without touching the HTTP layer.

pub mod agents;
pub mod attempts;
pub mod audit;
pub mod companies;
pub mod contacts;
pub mod demo;
pub mod directory;
pub mod listing;
pub mod sessions;
pub mod throttles;
pub mod users;

use anyhow::{bail, Context};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

/// The database behind the server.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    limits: listing::ListLimits,
    counts: listing::RememberedCounts,
}

impl Store {
    /// Opens (creating if needed) the database at `url`, checks that it is configured to
    /// keep every committed change, and brings its schema up to date.
    pub async fn open(url: &str) -> anyhow::Result<Store> {
        if !url.starts_with("sqlite:") {
            bail!("unsupported database URL {url:?}: this build speaks sqlite: URLs (PostgreSQL comes later)");
        }
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("parsing database URL {url:?}"))?
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
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("opening the database {url}"))?;
        let store =
            Store { pool, limits: listing::ListLimits::default(), counts: listing::RememberedCounts::default() };
        store.assert_durable().await?;
        sqlx::migrate!("./migrations/sqlite").run(&store.pool).await.context("migrating the database")?;
        Ok(store)
    }

    /// Refuses to run on a connection that could lose committed data or skip foreign keys.
    async fn assert_durable(&self) -> anyhow::Result<()> {
        let mut conn = self.pool.acquire().await?;
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut *conn).await?;
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(&mut *conn).await?;
        let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&mut *conn).await?;
        if journal != "wal" || synchronous != 2 || foreign_keys != 1 {
            bail!("database settings are journal_mode={journal}, synchronous={synchronous}, foreign_keys={foreign_keys}; need wal, 2 (FULL), 1");
        }
        Ok(())
    }

    /// How far list searches count and look (storage/listing.rs).
    pub fn with_list_limits(mut self, limits: listing::ListLimits) -> Store {
        self.limits = limits;
        self
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A cheap round trip, for the health check.
    pub async fn ping(&self) -> sqlx::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
