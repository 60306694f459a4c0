//! Companies: the tenants.

use super::Store;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Company {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub trial_ends_at: Option<i64>,
    /// ISO 3166-1 alpha-2 (migration 0007).
    pub country: String,
}

impl Store {
    pub async fn company(&self, id: i64) -> sqlx::Result<Option<Company>> {
        on_pool!(self, pool => sqlx::query_as("SELECT id, name, slug, trial_ends_at, country FROM companies WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await)
    }

    pub async fn company_count(&self) -> sqlx::Result<i64> {
        on_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM companies").fetch_one(pool).await)
    }
}
