//! Live Status page events across server instances that share one PostgreSQL database.
//!
//! Each instance applies its own events at once (boards and local streams, `AppState::
//! publish`) and hands them to one sender task, which NOTIFYs them in order, several to a
//! payload. Every instance's listener applies the others' events as if they were its own.
//! A listener that loses its connection reconnects, and every page it serves resyncs (the
//! pages' existing catch-up), since whatever was sent meanwhile is lost. With SQLite
//! there is one instance, and nothing is sent.

use super::AppState;
use crate::storage::notify::MAX_PAYLOAD;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use switchboard_wire::AgentEvent;
use tokio::sync::mpsc;

/// Events waiting for the sender; beyond this, the others resync instead.
const QUEUE: usize = 16_384;

/// What one instance tells the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Note {
    /// An event of a company's Status page.
    Event { company: i64, event: AgentEvent },
    /// A heartbeat: the session was active at `at`.
    Touch { company: i64, session: i64, at: i64 },
    /// Events were lost on the way: every page reloads its board.
    ResyncAll,
}

/// One NOTIFY: the sending instance and its notes, in order.
#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    from: String,
    notes: Vec<Note>,
}

/// The sending side, shared by the handlers of one instance.
#[derive(Clone)]
pub struct Fanout {
    /// This instance's name in envelopes (its own come back, and are skipped).
    pub instance: Arc<str>,
    queue: Option<mpsc::Sender<Note>>,
    /// The sender task's end of the queue, until it starts.
    notes: Arc<Mutex<Option<mpsc::Receiver<Note>>>>,
    overflowed: Arc<AtomicBool>,
    /// Notes queued and not yet sent.
    unsent: Arc<AtomicUsize>,
}

impl Fanout {
    /// A fanout for instances that share the database, or one that sends nothing.
    pub fn new(shared: bool) -> Fanout {
        let instance: Arc<str> = crate::domain::token::random_token().into();
        let overflowed = Arc::new(AtomicBool::new(false));
        if !shared {
            return Fanout { instance, queue: None, notes: Arc::default(), overflowed, unsent: Arc::default() };
        }
        let (queue, notes) = mpsc::channel(QUEUE);
        Fanout {
            instance,
            queue: Some(queue),
            notes: Arc::new(Mutex::new(Some(notes))),
            overflowed,
            unsent: Arc::default(),
        }
    }

    /// Queues a note for the other instances; never waits.
    pub fn send(&self, note: Note) {
        let Some(queue) = &self.queue else { return };
        self.unsent.fetch_add(1, Ordering::SeqCst);
        if queue.try_send(note).is_err() {
            self.unsent.fetch_sub(1, Ordering::SeqCst);
            self.overflowed.store(true, Ordering::Relaxed);
        }
    }

    /// Waits (at most `patience`) until every queued note has been sent.
    pub async fn flush(&self, patience: Duration) {
        let started = std::time::Instant::now();
        while self.unsent.load(Ordering::SeqCst) > 0 && started.elapsed() < patience {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// Sends queued notes in order, as many to a NOTIFY as fit (once per instance).
pub async fn send_notes(state: AppState) {
    let fanout = state.fanout.clone();
    let Some(mut notes) = fanout.notes.lock().unwrap_or_else(PoisonError::into_inner).take() else { return };
    while let Some(first) = notes.recv().await {
        let mut batch = vec![first];
        while batch.len() < 64 {
            match notes.try_recv() {
                Ok(note) => batch.push(note),
                Err(_) => break,
            }
        }
        let taken = batch.len();
        if fanout.overflowed.swap(false, Ordering::Relaxed) {
            batch = vec![Note::ResyncAll];
        }
        for payload in payloads(&fanout.instance, batch) {
            if let Err(error) = state.store.notify(&payload).await {
                // The others miss this: their board checks (`check_boards`) find the change
                // within `--board-check-seconds`, and their pages resync then.
                tracing::warn!(%error, "telling the other instances failed");
            }
        }
        fanout.unsent.fetch_sub(taken, Ordering::SeqCst);
    }
}

/// The notes as NOTIFY payloads under PostgreSQL's limit, in order: a note too large
/// alone (an agent with a very long name) becomes a resync of its company.
fn payloads(instance: &str, notes: Vec<Note>) -> Vec<String> {
    let envelope = |notes: &[String]| format!("{{\"from\":{},\"notes\":[{}]}}", json(instance), notes.join(","));
    let overhead = envelope(&[]).len();
    let (mut out, mut current, mut size) = (Vec::new(), Vec::<String>::new(), overhead);
    for note in notes {
        let mut text = json(&note);
        if overhead + text.len() > MAX_PAYLOAD {
            let company = match note {
                Note::Event { company, .. } | Note::Touch { company, .. } => company,
                Note::ResyncAll => 0,
            };
            text = json(&Note::Event { company, event: AgentEvent::Resync });
        }
        if size + 1 + text.len() > MAX_PAYLOAD && !current.is_empty() {
            out.push(envelope(&current));
            current.clear();
            size = overhead;
        }
        size += text.len() + 1;
        current.push(text);
    }
    if !current.is_empty() {
        out.push(envelope(&current));
    }
    out
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("notes serialise")
}

/// Checks each kept board against the database, every `board_check`: a change committed by
/// an instance that died before telling the others is found, and the pages resync.
pub async fn check_boards(state: AppState) {
    if !state.store.is_shared() {
        return;
    }
    let mut every = tokio::time::interval(state.settings.board_check);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        for (company, generation) in state.boards.kept() {
            let stale_after_ms = state.settings.agent_stale_after_secs * 1000;
            let agents = match state.store.live_agents(company, None, state.now(), stale_after_ms).await {
                Ok(agents) => agents,
                Err(error) => {
                    tracing::warn!(%error, "checking a Status board failed");
                    continue;
                }
            };
            if state.boards.differs(company, generation, &agents) == Some(true) {
                tracing::warn!(company, "a Status board had missed a change; its pages reload");
                state.apply_event(company, AgentEvent::Resync);
            }
        }
    }
}

/// Applies the other instances' notes to this one, for as long as the server runs.
pub async fn listen(state: AppState) {
    let mut connected_before = false;
    loop {
        let mut listener = match state.store.listener().await {
            Ok(Some(listener)) => listener,
            Ok(None) => return,
            Err(error) => {
                tracing::warn!(%error, "listening for the other instances failed; trying again");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if connected_before {
            // Whatever was sent while this instance was not listening is lost.
            state.resync_all();
        }
        connected_before = true;
        loop {
            match listener.try_recv().await {
                Ok(Some(notification)) => receive(&state, notification.payload()),
                Ok(None) => {
                    tracing::warn!("lost the connection that listens for the other instances; reconnected");
                    state.resync_all();
                }
                Err(error) => {
                    tracing::warn!(%error, "listening for the other instances failed; reconnecting");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    break;
                }
            }
        }
    }
}

fn receive(state: &AppState, payload: &str) {
    let envelope: Envelope = match serde_json::from_str(payload) {
        Ok(envelope) => envelope,
        Err(error) => {
            tracing::warn!(%error, "an unreadable note from another instance; resyncing");
            state.resync_all();
            return;
        }
    };
    if *envelope.from == *state.fanout.instance {
        return;
    }
    for note in envelope.notes {
        match note {
            Note::Event { company, event } => state.apply_event(company, event),
            Note::Touch { company, session, at } => state.boards.touch(company, session, at),
            Note::ResyncAll => state.resync_all(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_wire::{LiveAgent, Timestamp};

    fn upsert(company: i64, name: String) -> Note {
        Note::Event {
            company,
            event: AgentEvent::Upsert {
                agent: LiveAgent {
                    session_id: 7,
                    name,
                    agent_number: "1001".into(),
                    station: "S1".into(),
                    state: switchboard_wire::AgentState::Available,
                    state_since: Timestamp(1),
                    started_at: Timestamp(1),
                    last_activity_at: Timestamp(1),
                    stale: false,
                    station_note: None,
                },
            },
        }
    }

    #[test]
    fn notes_share_payloads_under_the_limit_and_keep_their_order() {
        let notes: Vec<Note> = (0..300).map(|i| Note::Touch { company: 1, session: i, at: i }).collect();
        let payloads = payloads("me", notes.clone());
        assert!(payloads.len() > 1);
        assert!(payloads.iter().all(|p| p.len() <= MAX_PAYLOAD));
        let back: Vec<Note> =
            payloads.iter().flat_map(|p| serde_json::from_str::<Envelope>(p).unwrap().notes).collect();
        assert_eq!(back, notes);
    }

    #[test]
    fn a_note_too_large_alone_becomes_a_resync_of_its_company() {
        let payloads = payloads("me", vec![upsert(3, "x".repeat(10_000)), upsert(4, "Al".into())]);
        let notes: Vec<Note> =
            payloads.iter().flat_map(|p| serde_json::from_str::<Envelope>(p).unwrap().notes).collect();
        assert_eq!(notes, vec![Note::Event { company: 3, event: AgentEvent::Resync }, upsert(4, "Al".into())]);
    }
}
