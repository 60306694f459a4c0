//! `cargo xtask bench` runs this against the release builds it made: it starts the real
//! server on the large data set, measures, prints a table and writes bench/results.json.
//!
//! Each figure is a distribution over repeated runs (p50, p90, p99, max), never one run.

mod harness;
mod live;
mod load;
/// The load balancer's configuration, as `cargo xtask cluster` writes it.
#[path = "../../xtask/src/nginx.rs"]
mod nginx;
mod overview;
mod pages;
mod search;
mod security;
mod stats;
mod weight;
mod writes;

use harness::{Harness, Paths};
use pages::SearchPage;
use serde_json::json;
use std::time::Instant;
// `api::`: this file's own USERS and CONTACTS are the pages searched in the browser.
use switchboard_wire::paths as api;

const USERS: SearchPage = SearchPage { path: "/admins", input: "#user-search", results: "table.users tbody tr" };
const CONTACTS: SearchPage =
    SearchPage { path: "/contacts", input: "#contact-search", results: "table.contacts tbody tr" };

/// A surname about 1 in 40 people of the data set have.
const COMMON_SURNAME: &str = "smith";

#[tokio::main]
async fn main() {
    let paths = Paths::from_env();
    let started = Instant::now();
    let h = Harness::start(&paths).await;
    let generation = started.elapsed();
    println!("large data set generated and server ready in {:.1} s", generation.as_secs_f64());
    let (_, cookie, _) = h.api_session("ngarcia").await;
    match std::env::var("BENCH_ONLY").unwrap_or_default().as_str() {
        "status-page" => {
            let tokens = live::log_on_all(&h).await;
            live::status_page_under_load(&h, &paths, &tokens, 200.0, 10.0).await.print();
            return h.stop().await;
        }
        "overview" => {
            println!("\n{:<52} {:>6} {:>9} {:>9} {:>9} {:>9}", "benchmark (ms)", "runs", "p50", "p90", "p99", "max");
            overview::server_time(&h, 300).await.print_row("overview, server time");
            return h.stop().await;
        }
        "typing" => {
            let users = pages::keystroke_to_table(&h, &paths, &cookie, &USERS, &search::USER_TERMS[..12], 1).await;
            let contacts =
                pages::keystroke_to_table(&h, &paths, &cookie, &CONTACTS, &search::CONTACT_TERMS[..12], 1).await;
            users.print_row("users: last keystroke to table updated");
            contacts.print_row("contacts: last keystroke to table updated");
            return h.stop().await;
        }
        _ => {}
    }

    println!("measuring: first-load weight");
    let weight = weight::first_load(&h, &paths, &cookie).await;
    println!("measuring: search on the server");
    let users_search = search::search(&h, api::USERS, &search::USER_TERMS, 10).await;
    let contacts_search = search::search(&h, api::CONTACTS, &search::CONTACT_TERMS, 10).await;
    println!("measuring: the overview on the server");
    let overview_time = overview::server_time(&h, 300).await;
    println!("measuring: cold page loads in Chromium");
    let sign_in_form = pages::cold_load(&h, &paths, "/sign-in", "form button[type=submit]", None).await;
    let admins_table = pages::cold_load(&h, &paths, "/admins", USERS.results, Some(&cookie)).await;
    println!("measuring: keystroke to table in Chromium");
    let users_typing = pages::keystroke_to_table(&h, &paths, &cookie, &USERS, &search::USER_TERMS[..12], 1).await;
    let contacts_typing =
        pages::keystroke_to_table(&h, &paths, &cookie, &CONTACTS, &search::CONTACT_TERMS[..12], 1).await;
    println!("measuring: Force Logout to 1,000 event streams");
    let fanout = live::force_logout_fanout(&h, 1_000, 10).await;
    println!("measuring: the Status page with 2,000 agents changing state 200 times a second");
    let tokens = live::log_on_all(&h).await;
    let status_page = live::status_page_under_load(&h, &paths, &tokens, 200.0, 10.0).await;
    println!("measuring: /api/health under a sign-in flood from {} clients", 16);
    let flood = security::health_under_sign_in_flood(&h).await;
    println!("measuring: the API under load (wrk, {} connections, {} s each)", load::CONNECTIONS, load::SECONDS);
    let base = h.url("");
    let health_load = load::wrk(&paths.wrk, &base, api::HEALTH, &cookie).await;
    let users_load = load::wrk(&paths.wrk, &base, api::USERS, &cookie).await;
    let users_search_load = load::wrk(&paths.wrk, &base, &format!("{}?q={COMMON_SURNAME}", api::USERS), &cookie).await;
    // Writes go on, one after the other, while the contacts search is under load.
    let contacts_path = format!("{}?q={COMMON_SURNAME}", api::CONTACTS);
    let (contacts_search_load, writes) = tokio::join!(
        load::wrk(&paths.wrk, &base, &contacts_path, &cookie),
        writes::writes_for(&h, f64::from(load::SECONDS))
    );
    let agents_load = load::wrk(&paths.wrk, &base, api::AGENTS, &cookie).await;
    let loads = [&health_load, &users_load, &users_search_load, &contacts_search_load, &agents_load];
    h.stop().await;

    let results = json!({
        "machine": harness::machine(),
        "command": command(&paths),
        "database": if paths.database_url.is_some() { "PostgreSQL (throwaway, loopback)" } else { "SQLite" },
        "instances": paths.instances,
        "load_balancer": (paths.instances > 1).then_some("nginx, round robin (xtask/src/nginx.rs)"),
        "data_set": { "users_in_company": 100_000, "agents": 2_000, "contacts": 1_000_000, "agents_logged_on_for_api_load": 2_000,
                      "attempts": "a day: 5 log-ons an agent, a fifth of the users, a twentieth of the contacts",
                      "generation_and_start_seconds": generation.as_secs_f64() },
        "first_load_bytes": weight.to_json(),
        "users_search_first_time_server_ms": users_search.first_server.to_json(),
        "users_search_server_ms": users_search.server.to_json(),
        "users_search_client_ms": users_search.round_trip.to_json(),
        "contacts_search_first_time_server_ms": contacts_search.first_server.to_json(),
        "contacts_search_server_ms": contacts_search.server.to_json(),
        "contacts_search_client_ms": contacts_search.round_trip.to_json(),
        "overview_server_ms": overview_time.to_json(),
        "sign_in_form_ready_ms": sign_in_form.to_json(),
        "admins_first_page_on_screen_ms": admins_table.to_json(),
        "users_keystroke_to_table_ms": users_typing.to_json(),
        "contacts_keystroke_to_table_ms": contacts_typing.to_json(),
        "force_logout_to_1000_subscribers_ms": fanout.to_json(),
        "status_page_2000_agents_200_changes_per_second": status_page.to_json(),
        "api_load": loads.iter().map(|l| l.to_json(&health_load)).collect::<Vec<_>>(),
        "writes_under_contacts_search_load": writes.to_json(),
        "health_under_sign_in_flood": flood.to_json(),
    });

    weight.print();
    println!("\n{:<52} {:>6} {:>9} {:>9} {:>9} {:>9}", "benchmark (ms)", "runs", "p50", "p90", "p99", "max");
    users_search.first_server.print_row("users search, server time, first time");
    users_search.server.print_row("users search, server time");
    users_search.round_trip.print_row("users search, round trip on loopback");
    contacts_search.first_server.print_row("contacts search, server time, first time");
    contacts_search.server.print_row("contacts search, server time");
    contacts_search.round_trip.print_row("contacts search, round trip on loopback");
    overview_time.print_row("overview, server time");
    sign_in_form.print_row("cold load to the sign-in form");
    admins_table.print_row("cold load to the first page of 100,000 users");
    users_typing.print_row("users: last keystroke to table updated");
    contacts_typing.print_row("contacts: last keystroke to table updated");
    fanout.print_row("Force Logout to its event at 1,000 Status pages");
    status_page.print();
    println!(
        "\n{:<40} {:>10} {:>8} {:>9} {:>9} {:>9} {:>7}",
        "API under load", "req/s", "health", "p50 ms", "p90 ms", "p99 ms", "errors"
    );
    for load in loads {
        load.print_row(&health_load);
    }
    println!("\nwrites, one client, while /api/contacts?q={COMMON_SURNAME} was under load:");
    writes.print();
    println!();
    flood.print();
    std::fs::create_dir_all(paths.out.parent().unwrap()).unwrap();
    std::fs::write(&paths.out, serde_json::to_string_pretty(&results).unwrap()).unwrap();
    println!("\nwrote {}", paths.out.display());
}

fn command(paths: &Paths) -> String {
    match (paths.database_url.is_some(), paths.instances) {
        (false, _) => "cargo xtask bench".into(),
        (true, 1) => "cargo xtask bench --postgres".into(),
        (true, n) => format!("cargo xtask bench --instances {n}"),
    }
}
