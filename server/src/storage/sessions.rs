//! Console sessions: one row per signed-in browser, keyed by the hash of its cookie.

use super::users::StatusColumn;
use super::Store;

/// A live session joined with its user and company: all a request needs to be authorised.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: i64,
    pub username: String,
    pub email: String,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub status: StatusColumn,
    pub company_id: i64,
    pub company_name: String,
    pub company_country: String,
    pub trial_ends_at: Option<i64>,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

impl Store {
    /// Starts a session and stamps the user's last sign-in, in one transaction.
    pub async fn start_session(&self, token_hash: &str, user_id: i64, csrf_token: &str, now: i64) -> sqlx::Result<()> {
        let mut tx = self.begin().await?;
        on_tx!(tx, conn => sqlx::query(
            "INSERT INTO console_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        on_tx!(tx, conn => sqlx::query("UPDATE users SET last_sign_in_at = $1 WHERE id = $2")
            .bind(now)
            .bind(user_id)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        tx.commit().await
    }

    pub async fn session(&self, token_hash: &str) -> sqlx::Result<Option<SessionRow>> {
        on_pool!(self, pool => sqlx::query_as(
            "SELECT u.id AS user_id, u.username, u.email, u.display_name, u.status,
                    c.id AS company_id, c.name AS company_name, c.country AS company_country, c.trial_ends_at,
                    s.csrf_token, s.created_at, s.last_seen_at
             FROM console_sessions s
             JOIN users u ON u.id = s.user_id
             JOIN companies c ON c.id = u.company_id
             WHERE s.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(pool)
        .await)
    }

    pub async fn touch_session(&self, token_hash: &str, now: i64) -> sqlx::Result<()> {
        on_pool!(self, pool => sqlx::query("UPDATE console_sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(pool)
            .await.map(|done| done.rows_affected()))
        .map(|_| ())
    }

    pub async fn end_session(&self, token_hash: &str) -> sqlx::Result<()> {
        on_pool!(self, pool => sqlx::query("DELETE FROM console_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(pool)
            .await.map(|done| done.rows_affected()))
        .map(|_| ())
    }
}
