//! The live board in the browser: one signal per agent, kept by the loaded board and the
//! pushed events.

use leptos::prelude::*;
use std::collections::HashMap;
use switchboard_wire::{AgentBoard, AgentEvent, LiveAgent, RefusedLogin, ThrottledAgent};

/// The live board, one signal per agent: a state change re-renders that agent's row
/// only, a log-on or log-off adds or removes one row, whatever the number of agents.
#[derive(Clone, Copy)]
pub struct Live {
    /// Session ids in display order (by name).
    pub order: RwSignal<Vec<i64>>,
    rows: StoredValue<HashMap<i64, RwSignal<LiveAgent>>>,
    pub refused: RwSignal<Vec<RefusedLogin>>,
    pub throttled: RwSignal<Vec<ThrottledAgent>>,
    pub loaded: RwSignal<bool>,
    /// After how long without a heartbeat the server marks an agent.
    pub stale_after_secs: RwSignal<i64>,
}

impl Live {
    pub fn new() -> Live {
        Live {
            order: RwSignal::new(Vec::new()),
            rows: StoredValue::new(HashMap::new()),
            refused: RwSignal::new(Vec::new()),
            throttled: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            stale_after_secs: RwSignal::new(0),
        }
    }

    fn sort_key(agent: &LiveAgent) -> (String, i64) {
        (agent.name.to_lowercase(), agent.session_id)
    }

    /// Replaces everything with a freshly loaded board.
    pub fn reset(self, board: AgentBoard) {
        let mut agents = board.agents;
        agents.sort_by_key(Live::sort_key);
        let ids: Vec<i64> = agents.iter().map(|a| a.session_id).collect();
        self.rows.update_value(|rows| {
            rows.retain(|id, _| ids.contains(id));
            for agent in agents {
                match rows.get(&agent.session_id) {
                    Some(row) => row.set(agent),
                    None => {
                        rows.insert(agent.session_id, RwSignal::new(agent));
                    }
                }
            }
        });
        self.order.set(ids);
        self.refused.set(board.refused);
        self.throttled.set(board.throttled);
        self.stale_after_secs.set(board.stale_after_secs);
        self.loaded.set(true);
    }

    /// Applies one pushed change; false when the board must be loaded again.
    pub fn apply(self, event: AgentEvent) -> bool {
        match event {
            AgentEvent::Upsert { agent } => {
                let id = agent.session_id;
                let existing = self.rows.with_value(|rows| rows.get(&id).copied());
                match existing {
                    Some(row) => row.set(agent),
                    None => {
                        let key = Live::sort_key(&agent);
                        self.rows.update_value(|rows| {
                            rows.insert(id, RwSignal::new(agent));
                        });
                        let rows = self.rows;
                        self.order.update(|order| {
                            let at = order
                                .iter()
                                .position(|other| {
                                    rows.with_value(|r| r.get(other).map(|s| s.with_untracked(Live::sort_key)))
                                        .is_some_and(|k| k > key)
                                })
                                .unwrap_or(order.len());
                            order.insert(at, id);
                        });
                    }
                }
            }
            AgentEvent::Ended { session_id } => {
                self.order.update(|order| order.retain(|id| *id != session_id));
                self.rows.update_value(|rows| {
                    rows.remove(&session_id);
                });
            }
            AgentEvent::Refused { refused } => self.refused.update(|list| {
                list.insert(0, refused);
                list.truncate(50);
            }),
            AgentEvent::Resync => return false,
        }
        true
    }

    pub fn row(self, id: i64) -> Option<RwSignal<LiveAgent>> {
        self.rows.with_value(|rows| rows.get(&id).copied())
    }
}
