//! The Status page: the board, Force Logout, and the live event stream.

use super::client::get_cancellable;
use super::client::{json, send, with_csrf, ApiError};
use super::CancelSignal;
use crate::links::with_query;
use gloo_net::http::Request;
use switchboard_wire::paths::{self, AGENTS, AGENT_EVENTS, AGENT_REFUSALS};
use switchboard_wire::{AgentBoard, AgentEvent, ForceLogoutResult, RefusedPage, RefusedQuery};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub async fn agent_board() -> Result<AgentBoard, ApiError> {
    json(send(Request::get(AGENTS).build()).await?).await
}

/// Refused log-ons, filtered and paged.
pub async fn refused_logins(query: &RefusedQuery, cancel: &CancelSignal) -> Result<RefusedPage, ApiError> {
    json(send(get_cancellable(&with_query(AGENT_REFUSALS, &query.to_query()), cancel)).await?).await
}

pub async fn force_logout(csrf_token: &str, session_id: i64) -> Result<ForceLogoutResult, ApiError> {
    let path = paths::force_logout(session_id);
    json(send(with_csrf(Request::post(&path), csrf_token).build()).await?).await
}

/// Lets a throttled agent number log on again now (Admin).
pub async fn clear_agent_throttle(csrf_token: &str, agent_number: &str) -> Result<(), ApiError> {
    let path = paths::agent_throttle(agent_number);
    send(with_csrf(Request::delete(&path), csrf_token).build()).await.map(|_| ())
}

/// The open event stream; dropping it closes the connection.
pub struct AgentEvents {
    source: web_sys::EventSource,
    _closures: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl Drop for AgentEvents {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// Subscribes to the company's Status page events. `on_open` runs at every (re)connection:
/// load the board then, so that nothing missed while away is lost. The browser reconnects
/// by itself; `on_error` says it is trying, with `true` when the browser gave up (the
/// server refused the stream: signed out, or no longer allowed).
pub fn agent_events(
    on_open: impl Fn() + 'static,
    on_event: impl Fn(AgentEvent) + 'static,
    on_error: impl Fn(bool) + 'static,
) -> Result<AgentEvents, ApiError> {
    let source = web_sys::EventSource::new(AGENT_EVENTS).map_err(|_| ApiError::unreachable())?;
    let open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| on_open());
    let message = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let data = event.unchecked_into::<web_sys::MessageEvent>().data().as_string().unwrap_or_default();
        if let Some(parsed) = super::client::decode::<AgentEvent>(&data) {
            on_event(parsed);
        }
    });
    let watched = source.clone();
    let error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        on_error(watched.ready_state() == web_sys::EventSource::CLOSED)
    });
    source.set_onopen(Some(open.as_ref().unchecked_ref()));
    source.set_onmessage(Some(message.as_ref().unchecked_ref()));
    source.set_onerror(Some(error.as_ref().unchecked_ref()));
    Ok(AgentEvents { source, _closures: vec![open, message, error] })
}
