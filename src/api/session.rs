//! Signing in and out, and asking who is signed in.

use super::client::{json, send, with_csrf, ApiError};
use gloo_net::http::Request;
use switchboard_wire::paths::{HEALTH, SESSION};
use switchboard_wire::{Session, SignInRequest};

/// The signed-in session, or `None` when nobody is signed in.
pub async fn current_session() -> Result<Option<Session>, ApiError> {
    match send(Request::get(SESSION).build()).await {
        Ok(response) => json(response).await.map(Some),
        Err(error) if error.is_unauthenticated() => Ok(None),
        Err(error) => Err(error),
    }
}

/// Whether the server answers at all (a failed fetch of the page's code says nothing of
/// why).
pub async fn server_reachable() -> bool {
    send(Request::get(HEALTH).build()).await.is_ok()
}

pub async fn sign_in(username: String, password: String) -> Result<Session, ApiError> {
    let body = SignInRequest { username, password };
    let response = send(Request::post(SESSION).json(&body)).await?;
    json(response).await
}

pub async fn sign_out(csrf_token: &str) -> Result<(), ApiError> {
    send(with_csrf(Request::delete(SESSION), csrf_token).build()).await.map(|_| ())
}
