//! Search as you type, on the server: the time of each query over 100,000 users or
//! 1,000,000 contacts, read from the server's own `Server-Timing` header. The first time a
//! term is searched is reported apart: its count is not remembered yet (listing.rs).

use crate::harness::Harness;
use crate::stats::Summary;
use std::time::Instant;

/// Users search terms as people type them: parts of names, usernames, emails and phones.
pub const USER_TERMS: [&str; 24] = [
    "ol",
    "olivia",
    "smith",
    "garcia",
    "nora",
    "m.lee",
    "jsmith",
    "@northwind",
    "northwind.example",
    "kenji",
    "tariq w",
    "555",
    "0101003",
    "(555) 010-1003",
    "555.200.1234",
    "2001234",
    "zz-nobody",
    "li",
    "an",
    "e",
    "r.k",
    "clara.t",
    "mitchell",
    "dev",
];

/// Contacts search terms: names, emails and phones in the formats people read them out in.
pub const CONTACT_TERMS: [&str; 20] = [
    "pr",
    "priya",
    "shah",
    "olivia s",
    "kenji lee",
    "jonas.berg",
    "@mail.example",
    "mail.example",
    "555",
    "(555) 300-1234",
    "+1 555 301 0042",
    "3004567",
    "555-010-0199",
    "zz-nobody",
    "e",
    "an",
    "tomás",
    "clara.t",
    "wright",
    "ravi.hill.1",
];

/// Server and round-trip times of a search, on its first round and on the ones after.
pub struct SearchTimes {
    pub first_server: Summary,
    pub server: Summary,
    pub round_trip: Summary,
}

/// One first round, then `rounds` more rounds of every term.
pub async fn search(h: &Harness, path: &str, terms: &[&str], rounds: usize) -> SearchTimes {
    let (client, _, _) = h.api_session("ngarcia").await;
    let mut first = Vec::new();
    let mut server = Vec::new();
    let mut round_trip = Vec::new();
    for round in 0..=rounds {
        for term in terms {
            let url = h.url(&format!("{path}?q={}", switchboard_wire::query::encode(term)));
            let started = Instant::now();
            let response = client.get(&url).send().await.expect("search request");
            let timing = response.headers().get("server-timing").and_then(|v| v.to_str().ok()).map(str::to_string);
            assert!(response.status().is_success(), "{url}: {}", response.status());
            let page: serde_json::Value = response.json().await.expect("a page of results");
            let elapsed = started.elapsed();
            assert!(page["total"].is_number(), "{url}: {page}");
            let ms = timing.and_then(|t| t.strip_prefix("app;dur=").and_then(|d| d.parse::<f64>().ok()));
            if round == 0 {
                first.extend(ms);
                continue;
            }
            round_trip.push(elapsed.as_secs_f64() * 1000.0);
            server.extend(ms);
        }
    }
    SearchTimes { first_server: Summary::of(first), server: Summary::of(server), round_trip: Summary::of(round_trip) }
}
