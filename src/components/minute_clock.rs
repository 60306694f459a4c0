//! "Now" for thousands of times that count whole minutes ("In state 5 min", "3 min ago").
//!
//! One clock signal read by every time cell costs a live page its frame rate: each tick
//! re-runs all of them (2,000 agents' rows: a 300 ms frame), although a cell's text changes
//! once a minute, when the whole minutes since its own time turn. So "now" is kept in sixty
//! signals, one per second of the minute: a time reads the one of its own second, which
//! moves on once a minute, just after that time's minutes turn. A tick each second sets
//! one of them, and about one cell in sixty is redrawn.

use leptos::prelude::*;

const PHASES: i64 = 60;

/// Sixty "nows", one per second of the minute; `Copy`, so rows can hold it.
#[derive(Clone, Copy)]
pub struct MinuteClock {
    phases: [RwSignal<f64>; PHASES as usize],
    /// The last whole second ticked.
    ticked: RwSignal<i64>,
}

impl MinuteClock {
    pub fn new(now_ms: f64) -> MinuteClock {
        MinuteClock { phases: std::array::from_fn(|_| RwSignal::new(now_ms)), ticked: RwSignal::new(second(now_ms)) }
    }

    /// Moves on the phases whose second has passed since the last tick (each at most once,
    /// however late the tick: a tab in the background ticks rarely).
    pub fn tick(self, now_ms: f64) {
        let now = second(now_ms);
        let last = self.ticked.get_untracked();
        for s in (last.max(now - PHASES) + 1)..=now {
            // Second `s` is over only at `now`'s start: times within it turn by `now_ms`.
            self.phases[(s - 1).rem_euclid(PHASES) as usize].set(now_ms);
        }
        self.ticked.set(now);
    }

    /// Now, as a time of `at_ms` needs it: moves on once a minute, when the whole minutes
    /// since `at_ms` turn (within about a second).
    pub fn now_for(self, at_ms: i64) -> Signal<f64> {
        self.phases[(at_ms.div_euclid(1000)).rem_euclid(PHASES) as usize].into()
    }
}

fn second(ms: f64) -> i64 {
    (ms / 1000.0).floor() as i64
}

#[cfg(test)]
mod tests {
    use super::MinuteClock;
    use leptos::prelude::*;

    const MINUTE: i64 = 60_000;

    fn minutes_since(clock: MinuteClock, at: i64) -> i64 {
        (clock.now_for(at).get_untracked() as i64 - at) / MINUTE
    }

    #[test]
    fn a_time_sees_its_minutes_turn_within_a_second_and_others_do_not_move() {
        let start = 16_666_667 * MINUTE; // a whole minute
        let clock = MinuteClock::new(start as f64);
        let at = start - 59_500; // half a second into a second
        let other = start - 30_000;
        assert_eq!(minutes_since(clock, at), 0);
        let before = clock.now_for(other).get_untracked();
        // Ticks every second: at's first minute turns at start + 500 ms.
        for s in 1..=2 {
            clock.tick((start + s * 1000) as f64);
        }
        assert_eq!(minutes_since(clock, at), 1, "seen by the tick after its minute turned");
        assert_eq!(clock.now_for(other).get_untracked(), before, "another second's phase did not move");
        // Thirty seconds on, the other's minute turns too.
        for s in 3..=31 {
            clock.tick((start + s * 1000) as f64);
        }
        assert_eq!(minutes_since(clock, other), 1);
        assert_eq!(minutes_since(clock, at), 1);
    }

    #[test]
    fn a_late_tick_catches_up_every_phase_once() {
        let start = 16_666_667 * MINUTE;
        let clock = MinuteClock::new(start as f64);
        // Five minutes without a tick (a tab in the background), then one.
        let late = start + 5 * MINUTE + 1_000;
        clock.tick(late as f64);
        for offset in (0..MINUTE).step_by(1_000) {
            let at = start - offset;
            assert_eq!(clock.now_for(at).get_untracked(), late as f64, "phase of {offset}");
        }
    }
}
