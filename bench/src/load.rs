//! The API under load: wrk (Debian's package) at 64 connections for 15 seconds against
//! the server on loopback, with a session cookie and a browser's Accept-Encoding. Each
//! figure is also given as a ratio to /api/health measured in the same run, since the
//! absolute numbers move with the machine.

use serde_json::json;
use std::path::Path;

pub struct LoadResult {
    pub path: String,
    pub requests: u64,
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    /// Socket errors and answers other than 2xx or 3xx.
    pub errors: u64,
}

impl LoadResult {
    pub fn to_json(&self, health: &LoadResult) -> serde_json::Value {
        json!({
            "path": self.path, "connections": CONNECTIONS, "seconds": SECONDS, "requests": self.requests,
            "requests_per_second": self.requests_per_second,
            "ratio_to_health": self.requests_per_second / health.requests_per_second,
            "p50_ms": self.p50_ms, "p90_ms": self.p90_ms, "p99_ms": self.p99_ms, "errors": self.errors,
        })
    }

    pub fn print_row(&self, health: &LoadResult) {
        println!(
            "{:<40} {:>10.0} {:>7.3}x {:>9.2} {:>9.2} {:>9.2} {:>7}",
            self.path,
            self.requests_per_second,
            self.requests_per_second / health.requests_per_second,
            self.p50_ms,
            self.p90_ms,
            self.p99_ms,
            self.errors
        );
    }
}

pub const CONNECTIONS: u32 = 64;
pub const SECONDS: u32 = 15;

pub async fn wrk(wrk: &Path, base: &str, path: &str, cookie: &str) -> LoadResult {
    let output = tokio::process::Command::new(wrk)
        .args(["--threads", "2", "--connections", &CONNECTIONS.to_string()])
        .args(["--duration", &format!("{SECONDS}s"), "--timeout", "10s", "--latency"])
        .args(["--header", &format!("Cookie: sb_session={cookie}")])
        .args(["--header", "Accept-Encoding: gzip, deflate, br"])
        .arg(format!("{base}{path}"))
        .output()
        .await
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", wrk.display()));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "wrk failed: {text}{}", String::from_utf8_lossy(&output.stderr));
    parse(path, &text).unwrap_or_else(|| panic!("cannot read wrk's report:\n{text}"))
}

fn parse(path: &str, report: &str) -> Option<LoadResult> {
    let line_after = |prefix: &str| {
        report.lines().map(str::trim).find_map(|l| l.strip_prefix(prefix)).map(str::trim).map(str::to_string)
    };
    let percentile = |p: &str| line_after(p).and_then(|v| milliseconds(&v));
    let requests = report.lines().find(|l| l.contains(" requests in "))?.split_whitespace().next()?.parse().ok()?;
    let non_2xx: u64 = line_after("Non-2xx or 3xx responses:").and_then(|v| v.parse().ok()).unwrap_or(0);
    // "Socket errors: connect 0, read 0, write 0, timeout 0"
    let socket: u64 = line_after("Socket errors:")
        .map(|v| v.split(',').filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok()).sum())
        .unwrap_or(0);
    Some(LoadResult {
        path: path.to_string(),
        requests,
        requests_per_second: line_after("Requests/sec:")?.parse().ok()?,
        p50_ms: percentile("50%")?,
        p90_ms: percentile("90%")?,
        p99_ms: percentile("99%")?,
        errors: non_2xx + socket,
    })
}

/// "812.00us", "1.20ms", "1.02s", "2.00m" in milliseconds.
fn milliseconds(value: &str) -> Option<f64> {
    let split = value.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = value.split_at(split);
    let number: f64 = number.parse().ok()?;
    Some(match unit {
        "us" => number / 1000.0,
        "ms" => number,
        "s" => number * 1000.0,
        "m" => number * 60_000.0,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    const REPORT: &str = "Running 30s test @ http://127.0.0.1:1/api/users
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.12ms    2.00ms   1.02s    75.00%
  Latency Distribution
     50%  812.00us
     75%   11.00ms
     90%   12.50ms
     99%    1.02s
  180000 requests in 30.00s, 1.20GB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 5
Requests/sec:   6000.50
Transfer/sec:     40.00MB
";

    #[test]
    fn reads_wrks_report() {
        let r = super::parse(switchboard_wire::paths::USERS, REPORT).unwrap();
        assert_eq!(r.requests, 180_000);
        assert_eq!(r.requests_per_second, 6000.5);
        assert_eq!((r.p50_ms, r.p90_ms, r.p99_ms), (0.812, 12.5, 1020.0));
        assert_eq!(r.errors, 10);
    }

    #[test]
    fn a_clean_run_has_no_errors() {
        let clean = REPORT
            .replace("  Socket errors: connect 0, read 2, write 0, timeout 3\n", "")
            .replace("  Non-2xx or 3xx responses: 5\n", "");
        assert_eq!(super::parse(switchboard_wire::paths::USERS, &clean).unwrap().errors, 0);
    }
}
