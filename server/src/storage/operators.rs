//! Operators (the vendor's support staff) and their sessions: tables of their own, apart
//! from every company's users.

use super::Store;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Operator {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
}

/// A live operator session with its operator.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OperatorSessionRow {
    pub operator_id: i64,
    pub username: String,
    pub display_name: String,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

impl Store {
    pub async fn operator_by_username(&self, username: &str) -> sqlx::Result<Option<Operator>> {
        on_pool!(self, pool => sqlx::query_as(
            "SELECT id, username, display_name, password_hash FROM operators WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(pool)
        .await)
    }

    /// Adds an operator (`switchboard-server add-operator`, the demo data). None when the
    /// username is taken.
    pub async fn add_operator(
        &self,
        username: &str,
        display_name: &str,
        email: &str,
        password_hash: &str,
        now: i64,
    ) -> sqlx::Result<Option<i64>> {
        on_pool!(self, pool => sqlx::query_scalar(
            "INSERT INTO operators (username, display_name, email, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING id",
        )
        .bind(username)
        .bind(display_name)
        .bind(email)
        .bind(password_hash)
        .bind(now)
        .fetch_optional(pool)
        .await)
    }

    pub async fn start_operator_session(
        &self,
        token_hash: &str,
        operator_id: i64,
        csrf_token: &str,
        now: i64,
    ) -> sqlx::Result<()> {
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO operator_sessions (token_hash, operator_id, csrf_token, created_at, last_seen_at)
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(token_hash)
        .bind(operator_id)
        .bind(csrf_token)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))
    }

    pub async fn operator_session(&self, token_hash: &str) -> sqlx::Result<Option<OperatorSessionRow>> {
        on_pool!(self, pool => sqlx::query_as(
            "SELECT o.id AS operator_id, o.username, o.display_name, s.csrf_token, s.created_at, s.last_seen_at
             FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
             WHERE s.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(pool)
        .await)
    }

    pub async fn touch_operator_session(&self, token_hash: &str, now: i64) -> sqlx::Result<()> {
        on_pool!(self, pool => sqlx::query("UPDATE operator_sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(pool)
            .await
            .map(|_| ()))
    }

    pub async fn end_operator_session(&self, token_hash: &str) -> sqlx::Result<()> {
        on_pool!(self, pool => sqlx::query("DELETE FROM operator_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(pool)
            .await
            .map(|_| ()))
    }
}
