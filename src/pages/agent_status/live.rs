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
            // The Overview's, not the board's.
            AgentEvent::Figures => {}
        }
        true
    }

    pub fn row(self, id: i64) -> Option<RwSignal<LiveAgent>> {
        self.rows.with_value(|rows| rows.get(&id).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::Live;
    use leptos::prelude::*;
    use switchboard_wire::{AgentBoard, AgentEvent, AgentState, LiveAgent, RefusalReason, RefusedLogin, Timestamp};

    fn agent(session_id: i64, name: &str, state: AgentState) -> LiveAgent {
        LiveAgent {
            session_id,
            name: name.into(),
            agent_number: format!("{}", 1000 + session_id),
            station: format!("Desk {session_id}"),
            state,
            state_since: Timestamp(0),
            started_at: Timestamp(0),
            last_activity_at: Timestamp(0),
            stale: false,
            station_note: None,
        }
    }

    fn refused(n: i64) -> RefusedLogin {
        RefusedLogin {
            id: n,
            kind: RefusalReason::AlreadyLoggedOn,
            at: Timestamp(n),
            agent_number: n.to_string(),
            agent_name: None,
            station: "Desk".into(),
            reason: "That agent is already logged on.".into(),
        }
    }

    fn names(live: Live) -> Vec<String> {
        live.order
            .get_untracked()
            .into_iter()
            .map(|id| live.row(id).expect("a row for every id in the order").get_untracked().name)
            .collect()
    }

    fn loaded(agents: Vec<LiveAgent>) -> Live {
        let live = Live::new();
        live.reset(AgentBoard { agents, refused: vec![], stale_after_secs: 90, throttled: vec![], now: Timestamp(0) });
        live
    }

    #[test]
    fn a_loaded_board_is_in_name_order_whatever_the_case() {
        let live = loaded(vec![
            agent(1, "mia Chen", AgentState::Available),
            agent(2, "Ana Ortiz", AgentState::Available),
            agent(3, "Luis Park", AgentState::Available),
        ]);
        assert_eq!(names(live), ["Ana Ortiz", "Luis Park", "mia Chen"]);
        assert!(live.loaded.get_untracked());
        assert_eq!(live.stale_after_secs.get_untracked(), 90);
    }

    #[test]
    fn a_log_on_takes_its_place_a_change_keeps_it_and_a_log_off_removes_it() {
        let live =
            loaded(vec![agent(1, "Ana Ortiz", AgentState::Available), agent(3, "Mia Chen", AgentState::Available)]);
        assert!(live.apply(AgentEvent::Upsert { agent: agent(2, "Luis Park", AgentState::Available) }));
        assert_eq!(names(live), ["Ana Ortiz", "Luis Park", "Mia Chen"]);
        assert!(live.apply(AgentEvent::Upsert { agent: agent(4, "Zoe Ward", AgentState::Available) }));
        assert_eq!(names(live), ["Ana Ortiz", "Luis Park", "Mia Chen", "Zoe Ward"]);

        // A state change updates the agent's own row; the order does not move.
        let row = live.row(2).unwrap();
        assert!(live.apply(AgentEvent::Upsert { agent: agent(2, "Luis Park", AgentState::Break) }));
        assert_eq!(row.get_untracked().state, AgentState::Break, "the same row's signal");
        assert_eq!(names(live), ["Ana Ortiz", "Luis Park", "Mia Chen", "Zoe Ward"]);

        assert!(live.apply(AgentEvent::Ended { session_id: 2 }));
        assert_eq!(names(live), ["Ana Ortiz", "Mia Chen", "Zoe Ward"]);
        assert!(live.row(2).is_none());
    }

    #[test]
    fn refusals_are_newest_first_and_at_most_fifty() {
        let live = loaded(vec![]);
        for n in 0..60 {
            assert!(live.apply(AgentEvent::Refused { refused: refused(n) }));
        }
        let list = live.refused.get_untracked();
        assert_eq!(list.len(), 50);
        assert_eq!(list[0].at, Timestamp(59));
        assert_eq!(list[49].at, Timestamp(10));
    }

    #[test]
    fn a_resync_asks_for_the_board_again() {
        let live = loaded(vec![agent(1, "Ana Ortiz", AgentState::Available)]);
        assert!(!live.apply(AgentEvent::Resync));
        assert_eq!(names(live), ["Ana Ortiz"], "nothing is dropped until the new board arrives");
    }
}
