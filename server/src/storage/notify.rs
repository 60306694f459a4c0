//! Messages between the server instances that share one PostgreSQL database (NOTIFY and
//! LISTEN). With SQLite there is one instance, and nothing to tell.

use super::{Backend, Pools, Store};
use sqlx::postgres::PgListener;

/// The one channel every instance listens on.
pub const CHANNEL: &str = "switchboard_events";

/// PostgreSQL's limit on a NOTIFY payload is 8,000 bytes; this leaves room to spare.
pub const MAX_PAYLOAD: usize = 7_500;

impl Store {
    /// Whether other instances may share this database (and so need telling).
    pub fn is_shared(&self) -> bool {
        self.backend() == Backend::Postgres
    }

    /// Sends `payload` to every instance listening, this one included, once the statement
    /// commits (it is a statement of its own). Nothing on SQLite.
    pub async fn notify(&self, payload: &str) -> sqlx::Result<()> {
        match self.pools() {
            Pools::Sqlite(_) => Ok(()),
            Pools::Postgres(pool) => {
                sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(pool).await.map(|_| ())
            }
        }
    }

    /// A listener on [`CHANNEL`], on a connection of its own; None on SQLite.
    pub async fn listener(&self) -> sqlx::Result<Option<PgListener>> {
        match self.pools() {
            Pools::Sqlite(_) => Ok(None),
            Pools::Postgres(pool) => {
                let mut listener = PgListener::connect_with(pool).await?;
                listener.listen(CHANNEL).await?;
                Ok(Some(listener))
            }
        }
    }
}
