//! Durations and recent times in words: pure functions of milliseconds, tested natively
//! (`cargo test --lib`). The calendar parts that need the browser's locale and time zone
//! are in `components::time`.

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

fn plural(n: i64, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// A length of time as a sentence says it: "under a minute", "5 minutes", "2 hours
/// 5 minutes", "3 days 2 hours". Never "0 minute(s)".
pub fn duration_words(ms: i64) -> String {
    let ms = ms.max(0);
    let (days, hours, minutes) = (ms / DAY_MS, ms % DAY_MS / HOUR_MS, ms % HOUR_MS / MINUTE_MS);
    match (days, hours, minutes) {
        (0, 0, 0) => "under a minute".into(),
        (0, 0, m) => plural(m, "minute"),
        (0, h, 0) => plural(h, "hour"),
        (0, h, m) => format!("{} {}", plural(h, "hour"), plural(m, "minute")),
        (d, 0, _) => plural(d, "day"),
        (d, h, _) => format!("{} {}", plural(d, "day"), plural(h, "hour")),
    }
}

/// The same, short enough for a table cell: "<1 min", "5 min", "2 h 5 min", "3 d 2 h".
pub fn duration_short(ms: i64) -> String {
    let ms = ms.max(0);
    let (days, hours, minutes) = (ms / DAY_MS, ms % DAY_MS / HOUR_MS, ms % HOUR_MS / MINUTE_MS);
    match (days, hours, minutes) {
        (0, 0, 0) => "<1 min".into(),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

/// A time within the last (or next) twelve hours, relative to `now`: "just now", "5 min
/// ago", "3 h ago", "in 20 min". None for anything further: that is shown as a date.
pub fn recent(at_ms: i64, now_ms: i64) -> Option<String> {
    let ago = now_ms - at_ms;
    let far = ago.abs();
    if far >= 12 * HOUR_MS {
        return None;
    }
    let amount = if far < HOUR_MS { format!("{} min", far / MINUTE_MS) } else { format!("{} h", far / HOUR_MS) };
    Some(match ago {
        _ if far < MINUTE_MS => "just now".into(),
        ago if ago > 0 => format!("{amount} ago"),
        _ => format!("in {amount}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_words() {
        assert_eq!(duration_words(0), "under a minute");
        assert_eq!(duration_words(59_999), "under a minute");
        assert_eq!(duration_words(MINUTE_MS), "1 minute");
        assert_eq!(duration_words(5 * MINUTE_MS + 59_000), "5 minutes");
        assert_eq!(duration_words(HOUR_MS), "1 hour");
        assert_eq!(duration_words(2 * HOUR_MS + MINUTE_MS), "2 hours 1 minute");
        assert_eq!(duration_words(DAY_MS + 30 * MINUTE_MS), "1 day");
        assert_eq!(duration_words(3 * DAY_MS + 2 * HOUR_MS), "3 days 2 hours");
        // A clock a little behind the server's never gives a negative length.
        assert_eq!(duration_words(-5_000), "under a minute");
    }

    #[test]
    fn durations_for_a_cell() {
        assert_eq!(duration_short(30_000), "<1 min");
        assert_eq!(duration_short(7 * MINUTE_MS), "7 min");
        assert_eq!(duration_short(2 * HOUR_MS), "2 h");
        assert_eq!(duration_short(2 * HOUR_MS + 5 * MINUTE_MS), "2 h 5 min");
        assert_eq!(duration_short(3 * DAY_MS + 2 * HOUR_MS + 9 * MINUTE_MS), "3 d 2 h");
    }

    #[test]
    fn recent_times_are_relative_and_older_ones_are_dates() {
        let now = 1_800_000_000_000;
        assert_eq!(recent(now - 20_000, now).as_deref(), Some("just now"));
        assert_eq!(recent(now + 20_000, now).as_deref(), Some("just now"));
        assert_eq!(recent(now - 5 * MINUTE_MS, now).as_deref(), Some("5 min ago"));
        assert_eq!(recent(now - 3 * HOUR_MS - MINUTE_MS, now).as_deref(), Some("3 h ago"));
        assert_eq!(recent(now + 20 * MINUTE_MS, now).as_deref(), Some("in 20 min"));
        assert_eq!(recent(now - 12 * HOUR_MS, now), None);
        assert_eq!(recent(now + 2 * DAY_MS, now), None);
    }
}
