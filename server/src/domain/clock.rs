//! The time, in the units the database and the wire use.

use std::time::{SystemTime, UNIX_EPOCH};

pub const MINUTE_MS: i64 = 60_000;
pub const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// The server's clock: the system time, moved on by an offset that only tests set (to
/// cross a session's idle or absolute limit without waiting for it).
#[derive(Debug, Clone, Default)]
pub struct Clock(std::sync::Arc<std::sync::atomic::AtomicI64>);

impl Clock {
    pub fn now(&self) -> i64 {
        now_ms() + self.0.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Moves this server's time forward (tests).
    pub fn advance(&self, ms: i64) {
        self.0.fetch_add(ms, std::sync::atomic::Ordering::Relaxed);
    }
}

/// "12 March 2026", for messages people read.
pub fn human_date(ms: i64) -> String {
    let format = time::macros::format_description!("[day padding:none] [month repr:long] [year]");
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| "an earlier date".into())
}

/// "12 March 2026, 14:05", UTC.
pub fn human_time(ms: i64) -> String {
    let format = time::macros::format_description!("[day padding:none] [month repr:long] [year], [hour]:[minute]");
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| "an earlier time".into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_dates_for_people() {
        assert_eq!(super::human_date(1_773_273_600_000), "12 March 2026");
        assert_eq!(super::human_time(1_773_273_600_000 + 14 * 3_600_000 + 5 * 60_000), "12 March 2026, 14:05");
    }
}
