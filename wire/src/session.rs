//! Signing in to the console and what a session tells the front end.

use crate::{ConsolePage, Status, SupportRequest};
use serde::{Deserialize, Serialize};

/// The body of a sign-in: the contact-center username (not the email) and the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 254, pattern = r"\S"))]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub password: String,
}

impl SignInRequest {
    /// The longest password checked: longer ones are refused before hashing.
    pub const MAX_PASSWORD: usize = 1024;
}

/// A signed-in session, as answered by sign-in and by "who am I".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub user: SignedInUser,
    pub company: CompanyRef,
    /// Echo this in the `x-csrf-token` header on every request that changes something.
    pub csrf_token: String,
    pub access: ConsoleAccess,
    /// The support requests this user filed that are open or were answered in the last
    /// week, newest first: the requester sees their state when they sign in.
    pub support_requests: Vec<SupportRequest>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedInUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyRef {
    pub id: i64,
    pub name: String,
    /// ISO 3166-1 alpha-2; its phone numbers are shown in its national format
    /// (`phone::display`).
    pub country: String,
}

/// What the console shows this person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConsoleAccess {
    /// The console, with these pages in the menu.
    Console { pages: Vec<ConsolePage> },
    /// "For Admin Access Only": the user's status is User. `admins` are the company's admins
    /// to ask; when it is empty the company has no admin, and the way out is a support
    /// request (`NewSupportRequest` with `no_admin`) quoting `sign_in_email`.
    AdminAccessOnly { admins: Vec<AdminContact>, sign_in_email: String },
}

/// An admin a User can ask to be promoted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminContact {
    pub display_name: String,
    pub email: String,
}

impl ConsoleAccess {
    pub fn for_status(status: Status, admins: Vec<AdminContact>, sign_in_email: String) -> Self {
        if status.pages().is_empty() {
            ConsoleAccess::AdminAccessOnly { admins, sign_in_email }
        } else {
            ConsoleAccess::Console { pages: status.pages().to_vec() }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_is_tagged_by_kind() {
        let access = ConsoleAccess::for_status(Status::User, vec![], "a@b.example".into());
        assert_eq!(
            serde_json::to_value(&access).unwrap(),
            serde_json::json!({"kind": "admin_access_only", "admins": [], "sign_in_email": "a@b.example"})
        );
        let access = ConsoleAccess::for_status(Status::Support, vec![], "a@b.example".into());
        assert!(matches!(access, ConsoleAccess::Console { pages } if pages.len() == 5));
    }

    #[test]
    fn sign_in_rejects_unknown_fields() {
        let r: Result<SignInRequest, _> = serde_json::from_str(r#"{"username":"a","password":"b","status":"admin"}"#);
        assert!(r.is_err());
    }
}
