//! The Status page's board of each company, read from the database once and then kept
//! current by the same events the live streams carry (`AppState::publish`) and by agents'
//! heartbeats, so that reading it costs a copy, not a query over every logged-on agent.
//!
//! Every change to agent sessions and refused logins goes through `publish` (or
//! `touch`, for a heartbeat), in this process. A board read from the database while an
//! event arrives is returned but not kept: the generation tells.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use switchboard_wire::{AgentEvent, AgentState, LiveAgent, RefusedLogin, Timestamp};

/// Refused logins a board keeps (the query reads as many).
const REFUSED_KEPT: usize = 50;

#[derive(Clone, Default)]
pub struct Boards(Arc<Mutex<Inner>>);

#[derive(Default)]
struct Inner {
    boards: HashMap<i64, Board>,
    /// Per company, moved by every event: a board built across one is not kept.
    generations: HashMap<i64, u64>,
    /// Moved when every board is forgotten, for the same reason.
    epoch: u64,
}

/// Agents in the page's order (lower-case name, then session id), and refused logins
/// newest first.
struct Board {
    agents: BTreeMap<(String, i64), LiveAgent>,
    order_of: HashMap<i64, (String, i64)>,
    refused: VecDeque<RefusedLogin>,
    /// The JSON of the two lists, and until when its stale flags hold; dropped by any change.
    rendered: Option<(Arc<str>, i64)>,
}

/// What a read of the board returns; `stale` is worked out by the reader, at its time.
pub struct Snapshot {
    pub agents: Vec<LiveAgent>,
    pub refused: Vec<RefusedLogin>,
}

fn order_key(agent: &LiveAgent) -> (String, i64) {
    // ASCII, as SQLite's lower() in the query the board is first read with.
    (agent.name.to_ascii_lowercase(), agent.session_id)
}

impl Board {
    fn new(agents: Vec<LiveAgent>, refused: Vec<RefusedLogin>) -> Board {
        let mut board =
            Board { agents: BTreeMap::new(), order_of: HashMap::new(), refused: refused.into(), rendered: None };
        for agent in agents {
            board.upsert(agent);
        }
        board
    }

    fn upsert(&mut self, agent: LiveAgent) {
        self.remove(agent.session_id);
        self.rendered = None;
        let key = order_key(&agent);
        self.order_of.insert(agent.session_id, key.clone());
        self.agents.insert(key, agent);
    }

    fn remove(&mut self, session_id: i64) {
        self.rendered = None;
        if let Some(key) = self.order_of.remove(&session_id) {
            self.agents.remove(&key);
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot { agents: self.agents.values().cloned().collect(), refused: self.refused.iter().cloned().collect() }
    }
}

impl Boards {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The company's board, if it is kept.
    pub fn get(&self, company_id: i64) -> Option<Snapshot> {
        self.lock().boards.get(&company_id).map(Board::snapshot)
    }

    /// [`state_counts`] of the company's kept board; None when it is not kept.
    pub fn state_counts(&self, company_id: i64, now: i64, stale_after_ms: i64) -> Option<([i64; 4], i64)> {
        let inner = self.lock();
        let board = inner.boards.get(&company_id)?;
        Some(state_counts(board.agents.values(), now, stale_after_ms))
    }

    /// The generation to hand back to [`Boards::keep`] with a board read after this call.
    pub fn generation(&self, company_id: i64) -> (u64, u64) {
        let inner = self.lock();
        (inner.epoch, inner.generations.get(&company_id).copied().unwrap_or(0))
    }

    /// Keeps a board read from the database, unless an event came in since `generation`.
    pub fn keep(&self, company_id: i64, generation: (u64, u64), agents: Vec<LiveAgent>, refused: Vec<RefusedLogin>) {
        let mut inner = self.lock();
        if (inner.epoch, inner.generations.get(&company_id).copied().unwrap_or(0)) == generation {
            inner.boards.insert(company_id, Board::new(agents, refused));
        }
    }

    /// The companies whose boards are kept, each with its generation now.
    pub fn kept(&self) -> Vec<(i64, (u64, u64))> {
        let inner = self.lock();
        inner
            .boards
            .keys()
            .map(|company| (*company, (inner.epoch, inner.generations.get(company).copied().unwrap_or(0))))
            .collect()
    }

    /// Whether the kept board, still at `generation`, lists other agents (or the same in
    /// another state) than `agents` read from the database; activity times aside, which
    /// heartbeats move all the time. None when it is no longer kept or changed since.
    pub fn differs(&self, company_id: i64, generation: (u64, u64), agents: &[LiveAgent]) -> Option<bool> {
        let inner = self.lock();
        if (inner.epoch, inner.generations.get(&company_id).copied().unwrap_or(0)) != generation {
            return None;
        }
        let board = inner.boards.get(&company_id)?;
        let essence = |a: &LiveAgent| (a.session_id, a.state, a.state_since, a.station.clone());
        let kept: Vec<_> = board.agents.values().map(essence).collect();
        let fresh: Vec<_> = agents.iter().map(essence).collect();
        Some(kept != fresh)
    }

    /// Every board is read from the database again (events may have been missed).
    pub fn forget_all(&self) {
        let mut inner = self.lock();
        inner.epoch += 1;
        inner.boards.clear();
    }

    /// An event of the live stream, applied to the kept board.
    pub fn apply(&self, company_id: i64, event: &AgentEvent) {
        if *event == AgentEvent::Figures {
            return;
        }
        let mut inner = self.lock();
        *inner.generations.entry(company_id).or_default() += 1;
        let Some(board) = inner.boards.get_mut(&company_id) else { return };
        match event {
            AgentEvent::Upsert { agent } => board.upsert(agent.clone()),
            AgentEvent::Ended { session_id } => board.remove(*session_id),
            AgentEvent::Refused { refused } => {
                board.rendered = None;
                board.refused.push_front(refused.clone());
                board.refused.truncate(REFUSED_KEPT);
            }
            AgentEvent::Resync => {
                inner.boards.remove(&company_id);
            }
            AgentEvent::Figures => {}
        }
    }

    /// A heartbeat: the session was active at `at`.
    pub fn touch(&self, company_id: i64, session_id: i64, at: i64) {
        let mut inner = self.lock();
        *inner.generations.entry(company_id).or_default() += 1;
        let Some(board) = inner.boards.get_mut(&company_id) else { return };
        if let Some(key) = board.order_of.get(&session_id).cloned() {
            if let Some(agent) = board.agents.get_mut(&key) {
                agent.last_activity_at = Timestamp(at);
                board.rendered = None;
            }
        }
    }

    /// The kept board's `"agents":[…],"refused":[…]` as of `now`: made once per change, and
    /// again only when an agent's stale flag flips. None if the board is not kept.
    pub fn rendered(&self, company_id: i64, now: i64, stale_after_ms: i64) -> Option<Arc<str>> {
        let mut inner = self.lock();
        let board = inner.boards.get_mut(&company_id)?;
        if let Some((json, valid_until)) = &board.rendered {
            if now < *valid_until {
                return Some(json.clone());
            }
        }
        let agents: Vec<&LiveAgent> = board.agents.values().collect();
        let refused: Vec<&RefusedLogin> = board.refused.iter().collect();
        let (json, valid_until) = render(&agents, &refused, now, stale_after_ms);
        let json: Arc<str> = json.into();
        board.rendered = Some((json.clone(), valid_until));
        Some(json)
    }
}

/// `"agents":[…],"refused":[…]` with each agent's stale flag as of `now`, and the moment
/// the first of those flags would flip.
/// How many of `agents` are in each state (in `AgentState::ALL` order), and how many are
/// stale at `now`.
pub fn state_counts<'a>(agents: impl Iterator<Item = &'a LiveAgent>, now: i64, stale_after_ms: i64) -> ([i64; 4], i64) {
    let (mut by_state, mut stale) = ([0; 4], 0);
    for agent in agents {
        if let Some(i) = AgentState::ALL.iter().position(|s| *s == agent.state) {
            by_state[i] += 1;
        }
        if now - agent.last_activity_at.0 > stale_after_ms {
            stale += 1;
        }
    }
    (by_state, stale)
}

pub fn render(agents: &[&LiveAgent], refused: &[&RefusedLogin], now: i64, stale_after_ms: i64) -> (String, i64) {
    let mut valid_until = i64::MAX;
    let agents: Vec<LiveAgent> = agents
        .iter()
        .map(|agent| {
            let turns_stale = agent.last_activity_at.0.saturating_add(stale_after_ms).saturating_add(1);
            let stale = now >= turns_stale;
            if !stale {
                valid_until = valid_until.min(turns_stale);
            }
            LiveAgent { stale, ..(*agent).clone() }
        })
        .collect();
    let json = format!(
        "\"agents\":{},\"refused\":{}",
        serde_json::to_string(&agents).expect("agents serialise"),
        serde_json::to_string(refused).expect("refusals serialise")
    );
    (json, valid_until)
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_wire::AgentState;

    fn agent(session_id: i64, name: &str) -> LiveAgent {
        LiveAgent {
            session_id,
            name: name.into(),
            agent_number: session_id.to_string(),
            station: format!("S{session_id}"),
            state: AgentState::Available,
            state_since: Timestamp(0),
            started_at: Timestamp(0),
            last_activity_at: Timestamp(0),
            stale: false,
            station_note: None,
        }
    }

    fn names(boards: &Boards) -> Vec<String> {
        boards.get(1).unwrap().agents.into_iter().map(|a| a.name).collect()
    }

    #[test]
    fn events_keep_the_board_in_the_pages_order() {
        let boards = Boards::default();
        boards.keep(1, boards.generation(1), vec![agent(1, "bea"), agent(2, "Cy")], vec![]);
        boards.apply(1, &AgentEvent::Upsert { agent: agent(3, "Al") });
        boards.apply(1, &AgentEvent::Upsert { agent: agent(2, "Zed") });
        assert_eq!(names(&boards), ["Al", "bea", "Zed"]);
        boards.apply(1, &AgentEvent::Ended { session_id: 1 });
        assert_eq!(names(&boards), ["Al", "Zed"]);
        boards.touch(1, 3, 99);
        assert_eq!(boards.get(1).unwrap().agents[0].last_activity_at, Timestamp(99));
        boards.apply(1, &AgentEvent::Resync);
        assert!(boards.get(1).is_none(), "a resync reads the database again");
    }

    #[test]
    fn the_rendered_board_is_reused_until_a_stale_flag_flips() {
        let boards = Boards::default();
        let mut old = agent(1, "Al");
        old.last_activity_at = Timestamp(1_000);
        boards.keep(1, boards.generation(1), vec![old, agent(2, "Bo")], vec![]);
        let read = |now| {
            let json = boards.rendered(1, now, 500).unwrap();
            let value: serde_json::Value = serde_json::from_str(&format!("{{{json}}}")).unwrap();
            value["agents"].as_array().unwrap().iter().map(|a| a["stale"].as_bool().unwrap()).collect::<Vec<_>>()
        };
        assert_eq!(read(600), [false, true], "Bo's last activity was at 0");
        assert!(Arc::ptr_eq(&boards.rendered(1, 1_400, 500).unwrap(), &boards.rendered(1, 1_500, 500).unwrap()));
        assert_eq!(read(1_501), [true, true], "Al turns stale 500 ms after 1,000");
        boards.touch(1, 1, 1_600);
        assert_eq!(read(1_700), [false, true], "a heartbeat is seen at once");
    }

    #[test]
    fn a_board_read_across_an_event_is_not_kept() {
        let boards = Boards::default();
        let generation = boards.generation(1);
        boards.apply(1, &AgentEvent::Ended { session_id: 1 });
        boards.keep(1, generation, vec![agent(1, "bea")], vec![]);
        assert!(boards.get(1).is_none());
        boards.keep(1, boards.generation(1), vec![], vec![]);
        assert!(boards.get(1).is_some());
    }
}
