//! Live event streams that end with their session, and how many may be open.
//!
//! A stream is authorised when it opens, at once when a session ends or a status changes
//! on this instance (`AppState::access_changed`), every `RECHECK`, and before an event when
//! the last check is older than a second: sign-out and demotion close it before the next
//! event; expiry (idle or absolute), the trial's end and changes made elsewhere within
//! seconds.

use super::auth::live_session;
use super::error::{ApiError, ApiResult};
use super::AppState;
use axum::response::sse::Event;
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use switchboard_wire::{AgentEvent, ErrorCode};
use tokio::sync::broadcast::error::RecvError;

/// Streams one session may hold (a few tabs), and one company (every admin's tabs).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_session: usize,
    pub per_company: usize,
}
/// The company of an event for every company's streams (a resync after missed events).
pub const EVERY_COMPANY: i64 = 0;

/// How often an idle stream checks that its session still may see the page.
pub const RECHECK: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub struct StreamCounts(Arc<Mutex<Counts>>);

struct Counts {
    limits: Limits,
    sessions: HashMap<String, usize>,
    companies: HashMap<i64, usize>,
}

/// One open stream's place in the counts; given back when the stream is dropped.
pub struct StreamSlot {
    counts: StreamCounts,
    session: String,
    company: i64,
}

impl StreamCounts {
    pub fn new(limits: Limits) -> StreamCounts {
        StreamCounts(Arc::new(Mutex::new(Counts { limits, sessions: HashMap::new(), companies: HashMap::new() })))
    }

    /// Takes a place for a stream of this session and company, or refuses with 429.
    pub fn open(&self, session: &str, company: i64) -> ApiResult<StreamSlot> {
        let mut counts = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let of_session = counts.sessions.get(session).copied().unwrap_or(0);
        let of_company = counts.companies.get(&company).copied().unwrap_or(0);
        let Limits { per_session, per_company } = counts.limits;
        if of_session >= per_session {
            return Err(ApiError::new(
                ErrorCode::TooManyStreams,
                format!("This sign-in already has {per_session} live pages open. Close one and reload."),
            )
            .retry_after(30));
        }
        if of_company >= per_company {
            return Err(ApiError::new(
                ErrorCode::TooManyStreams,
                format!("Your company already has {per_company} live Status pages open. Close one and reload."),
            )
            .retry_after(30));
        }
        *counts.sessions.entry(session.to_string()).or_default() += 1;
        *counts.companies.entry(company).or_default() += 1;
        Ok(StreamSlot { counts: self.clone(), session: session.to_string(), company })
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut counts = self.counts.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(n) = counts.sessions.get_mut(&self.session) {
            *n -= 1;
            if *n == 0 {
                counts.sessions.remove(&self.session);
            }
        }
        if let Some(n) = counts.companies.get_mut(&self.company) {
            *n -= 1;
            if *n == 0 {
                counts.companies.remove(&self.company);
            }
        }
    }
}

struct Feed {
    state: AppState,
    session_hash: String,
    company: i64,
    events: tokio::sync::broadcast::Receiver<(i64, AgentEvent)>,
    ticks: tokio::time::Interval,
    closing: tokio::sync::watch::Receiver<bool>,
    access: tokio::sync::watch::Receiver<u64>,
    checked_at: Instant,
    _slot: StreamSlot,
}

impl Feed {
    /// Whether the session may still see the Status page of this company.
    async fn still_allowed(&mut self) -> bool {
        self.checked_at = Instant::now();
        match live_session(&self.state, &self.session_hash, self.state.now()).await {
            Ok(row) => row.company_id == self.company && !row.status.0.pages().is_empty(),
            Err(_) => false,
        }
    }
}

/// The company's Status page events for one session, ending when the session may no
/// longer see them or the server shuts down.
pub fn agent_events(
    state: AppState,
    session_hash: String,
    company: i64,
    slot: StreamSlot,
) -> impl futures_util::Stream<Item = Result<Event, Infallible>> {
    let mut ticks = tokio::time::interval(RECHECK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let feed = Feed {
        events: state.agent_events.subscribe(),
        closing: state.closing.clone(),
        access: state.access_epoch.subscribe(),
        state,
        session_hash,
        company,
        ticks,
        checked_at: Instant::now(),
        _slot: slot,
    };
    futures_util::stream::unfold(feed, |mut feed| async move {
        loop {
            // Biased: a change of access is seen before any event published after it.
            let received = tokio::select! {
                biased;
                _ = feed.closing.wait_for(|closed| *closed) => return None,
                _ = feed.access.changed() => None,
                _ = feed.ticks.tick() => None,
                received = feed.events.recv() => Some(received),
            };
            let Some(received) = received else {
                if !feed.still_allowed().await {
                    return None;
                }
                continue;
            };
            let event = match received {
                Ok((company, event)) if company == feed.company || company == EVERY_COMPANY => event,
                Ok(_) => continue,
                // This subscriber fell behind: it reloads rather than miss anything.
                Err(RecvError::Lagged(_)) => AgentEvent::Resync,
                Err(RecvError::Closed) => return None,
            };
            if feed.checked_at.elapsed() >= Duration::from_secs(1) && !feed.still_allowed().await {
                return None;
            }
            return Some((Ok(Event::default().json_data(event).unwrap_or_default()), feed));
        }
    })
}
