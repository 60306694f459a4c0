//! Support requests (filed by a company's people) and the operators' side of them.

use super::client::{json, send, with_csrf, ApiError};
use crate::links::with_query;
use gloo_net::http::Request;
use switchboard_wire::paths::{self, OPERATOR_REQUESTS, OPERATOR_SESSION, SUPPORT_REQUESTS, SUPPORT_REQUEST_TRIAL};
use switchboard_wire::{
    NewSupportRequest, OperatorAction, OperatorSession, RequestQueue, RequestState, SignInRequest, SupportRequest,
};

/// Files a request from a signed-in session (no admin; a colleague locked out).
pub async fn file_support_request(csrf_token: &str, request: &NewSupportRequest) -> Result<SupportRequest, ApiError> {
    json(send(with_csrf(Request::post(SUPPORT_REQUESTS), csrf_token).json(request)).await?).await
}

/// Files the "trial ended" request with the pass the refused sign-in left in this browser.
pub async fn file_trial_request() -> Result<SupportRequest, ApiError> {
    json(send(Request::post(SUPPORT_REQUEST_TRIAL).build()).await?).await
}

/// The signed-in operator, or `None`.
pub async fn operator_session() -> Result<Option<OperatorSession>, ApiError> {
    match send(Request::get(OPERATOR_SESSION).build()).await {
        Ok(response) => json(response).await.map(Some),
        Err(error) if error.is_unauthenticated() => Ok(None),
        Err(error) => Err(error),
    }
}

pub async fn operator_sign_in(username: String, password: String) -> Result<OperatorSession, ApiError> {
    let body = SignInRequest { username, password };
    json(send(Request::post(OPERATOR_SESSION).json(&body)).await?).await
}

pub async fn operator_sign_out(csrf_token: &str) -> Result<(), ApiError> {
    send(with_csrf(Request::delete(OPERATOR_SESSION), csrf_token).build()).await.map(|_| ())
}

pub async fn request_queue(state: RequestState) -> Result<RequestQueue, ApiError> {
    json(send(Request::get(&with_query(OPERATOR_REQUESTS, &format!("state={}", state.as_str()))).build()).await?).await
}

pub async fn answer_request(csrf_token: &str, id: i64, action: &OperatorAction) -> Result<SupportRequest, ApiError> {
    json(send(with_csrf(Request::post(&paths::operator_request_action(id)), csrf_token).json(action)).await?).await
}
