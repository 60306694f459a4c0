//! The Overview's one request on the large data set (100,000 users, 2,000 agents,
//! 1,000,000 contacts and a day of attempts): its server time, from `Server-Timing`.

use crate::harness::Harness;
use crate::stats::Summary;
use switchboard_wire::paths::OVERVIEW;

/// `rounds` requests one after the other; the first (which reads the Status board from the
/// database) is left out.
pub async fn server_time(h: &Harness, rounds: usize) -> Summary {
    let (client, _, _) = h.api_session("ngarcia").await;
    let mut server = Vec::new();
    for round in 0..=rounds {
        let response = client.get(h.url(OVERVIEW)).send().await.expect("overview request");
        assert!(response.status().is_success(), "overview: {}", response.status());
        let timing = response.headers().get("server-timing").and_then(|v| v.to_str().ok()).map(str::to_string);
        let overview: switchboard_wire::Overview = response.json().await.expect("the overview");
        assert!(overview.refusals.total > 0 && !overview.contacts.by_cause.is_empty(), "a day of attempts is counted");
        let ms = timing.and_then(|t| t.strip_prefix("app;dur=").and_then(|d| d.parse::<f64>().ok()));
        if round > 0 {
            server.extend(ms);
        }
    }
    Summary::of(server)
}
