//! Console users.

use super::Store;
use switchboard_wire::{AdminContact, Status};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub company_id: i64,
    pub username: String,
    pub email: String,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub status: StatusColumn,
    pub password_hash: String,
}

/// `Status` as stored: the CHECK constraint keeps the column to the three spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusColumn(pub Status);

impl TryFrom<String> for StatusColumn {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Status::parse(&value).map(StatusColumn).ok_or_else(|| format!("unknown status {value:?} in the database"))
    }
}

const USER_COLUMNS: &str = "id, company_id, username, email, display_name, status, password_hash";

impl Store {
    pub async fn user_by_username(&self, username: &str) -> sqlx::Result<Option<User>> {
        on_pool!(self, pool => sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1"))
            .bind(username)
            .fetch_optional(pool)
            .await)
    }

    pub async fn user_by_id(&self, id: i64) -> sqlx::Result<Option<User>> {
        on_pool!(self, pool => sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await)
    }

    /// The first user registered with this email, if any (emails are not unique).
    pub async fn user_by_email(&self, email: &str) -> sqlx::Result<Option<User>> {
        on_pool!(self, pool => sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1 ORDER BY id LIMIT 1"))
            .bind(email)
            .fetch_optional(pool)
            .await)
    }

    /// The admins of a company, for a User to ask.
    pub async fn admins_of(&self, company_id: i64) -> sqlx::Result<Vec<AdminContact>> {
        let rows: Vec<(String, String)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT display_name, email FROM users
             WHERE company_id = $1 AND status = 'admin' ORDER BY display_name",
        )
        .bind(company_id)
        .fetch_all(pool)
        .await)?;
        Ok(rows.into_iter().map(|(display_name, email)| AdminContact { display_name, email }).collect())
    }
}
