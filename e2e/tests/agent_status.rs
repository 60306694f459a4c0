//! Agent Status and Force Logout, live, in headless Chromium against the release build and
//! the real server; agents log on through the agents' API as their phones would.

use crate::support::{Browser, DEMO_PASSWORD};
use fantoccini::Locator;
use serde_json::json;
use std::time::{Duration, Instant};
use switchboard_wire::paths;

async fn agent_login(b: &Browser, station: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(b.server.url(&paths::agent_service_login("northwind")))
        .json(&json!({ "agent_number": "1020", "passcode": "2468", "station": station }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn an_admin_forces_out_an_agent_who_then_logs_on_again_and_every_page_follows_live() {
    let b = Browser::start().await;
    b.open("/agents").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.wait_for_text("main h1", "Agent Status").await;
    b.wait_for_text("[data-test=live]", "Live").await;
    b.wait_for_text("p.count", "12 of 12 logged-on agents").await;
    let first = b.client.window().await.unwrap();

    // A second Status page, in another tab, with its own live stream.
    let second = b.client.new_window(true).await.unwrap().handle;
    b.client.switch_to_window(second.clone()).await.unwrap();
    b.open("/agents").await;
    b.wait_for_text("[data-test=live]", "Live").await;
    b.client.switch_to_window(first.clone()).await.unwrap();

    // The agent logs on: the page shows them without a reload.
    let response = agent_login(&b, "Station 20").await;
    assert_eq!(response.status(), 200);
    let session: serde_json::Value = response.json().await.unwrap();
    let name = session["agent_name"].as_str().unwrap().to_string();
    b.wait_for_text("tr[data-agent='1020']", &name).await;
    b.wait_for_text("p.count", "13 of 13").await;

    // The phone changes state: the row updates in place (the same DOM element; a
    // re-rendered table would leave this handle stale and the read would fail).
    let row = b.find("tr[data-agent='1020']").await;
    assert!(row.text().await.unwrap().contains("Available"));
    let state = reqwest::Client::new()
        .post(b.server.url(&paths::agent_service_state("northwind")))
        .bearer_auth(session["token"].as_str().unwrap())
        .json(&json!({ "state": "on_call" }))
        .send()
        .await
        .unwrap();
    assert_eq!(state.status(), 200);
    let started = Instant::now();
    loop {
        let text = row.text().await.expect("the same row element is still in the page");
        if text.contains("On call") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "the row never showed the new state: {text}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The same agent number again: the article's error, and the page shows who is blocked.
    let again = agent_login(&b, "Station 21").await;
    assert_eq!(again.status(), 409);
    assert_eq!(again.json::<serde_json::Value>().await.unwrap()["message"], "That agent is already logged on.");
    b.wait_for_text("[data-test=refused]", "agent 1020").await;
    b.wait_for_text("[data-test=refused]", "That agent is already logged on.").await;

    // Click the name, Actions, Force Logout, read the confirmation, OK.
    let question = b.force_logout("tr[data-agent='1020']").await;
    for part in [name.as_str(), "agent 1020", "Station 20", "minute", "log on again"] {
        assert!(question.contains(part), "the confirmation names {part}: {question}");
    }
    b.wait_for_text("[data-test=force-result]", "is logged out of Station 20").await;
    b.wait_gone("tr[data-agent='1020']").await;

    // The other Status page sees the agent go too.
    b.client.switch_to_window(second).await.unwrap();
    // (How fast is a figure of `cargo xtask bench`: Force Logout to 1,000 Status pages.)
    b.wait_gone("tr[data-agent='1020']").await;

    // The agent can log on again, and the audit log says who forced them out.
    assert_eq!(agent_login(&b, "Station 20").await.status(), 200);
    b.wait_for_text("tr[data-agent='1020']", &name).await;
    assert_eq!(b.sql_count("SELECT COUNT(*) FROM audit_log WHERE action = 'agent_forced_logout'").await, 1);
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn support_sees_the_status_page_but_not_the_action_and_filters_live_in_the_url() {
    let b = Browser::start().await;
    b.open("/agents?state=on_call").await;
    b.sign_in("sbrooks", DEMO_PASSWORD).await;
    b.wait_for_text("[data-test=live]", "Live").await;
    b.wait_for_text("p.count", "3 of 12 logged-on agents").await;
    assert_eq!(b.path().await, "/agents?state=on_call");
    b.find("tbody tr button.name").await.click().await.unwrap();
    b.wait_for_text("[data-test=agent-popout]", "Only an Admin can force a logout.").await;
    assert!(
        b.client.find(Locator::XPath("//aside//button[text()='Actions']")).await.is_err(),
        "no Actions for Support"
    );
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn the_page_says_it_is_reconnecting_and_catches_up_after_a_server_restart() {
    let b = Browser::start().await;
    b.open("/agents").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.wait_for_text("[data-test=live]", "Live").await;
    b.wait_for_text("p.count", "12 of 12 logged-on agents").await;
    let gone = b.find("table.agents tbody tr").await.attr("data-agent").await.unwrap().expect("an agent number");

    // While the server is down, the agent's session ends: no event can tell the page.
    let sql = format!(
        "UPDATE agent_sessions SET ended_at = 1, end_reason = 'logout'
         WHERE ended_at IS NULL AND agent_id = (SELECT id FROM agents WHERE agent_number = '{gone}'
             AND company_id = (SELECT id FROM companies WHERE slug = 'northwind'))"
    );
    let b = b.restart_server(&sql).await;
    b.wait_for_text("[data-test=live]", "Reconnecting").await;

    // Back: live again, and the board is the database's, without a reload of the page.
    b.wait_for_text("[data-test=live]", "Live").await;
    b.wait_for_text("p.count", "11 of 11 logged-on agents").await;
    assert!(!b.exists(&format!("tr[data-agent='{gone}']")).await, "agent {gone} left while the page was away");
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn a_throttled_agent_number_is_shown_live_and_an_admin_lets_the_agent_log_on_again() {
    let b = Browser::start().await;
    b.open("/agents").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.wait_for_text("[data-test=live]", "Live").await;
    b.wait_for_text("[data-test=throttled]", "No agent number is held back").await;

    // Someone tries passcodes for agent 1025 until the number is held back.
    let phone = reqwest::Client::new();
    let url = b.server.url(&paths::agent_service_login("northwind"));
    for guess in ["0000", "1111", "2222", "3333", "4444"] {
        let body = json!({ "agent_number": "1025", "passcode": guess, "station": "Station 25" });
        assert_eq!(phone.post(&url).json(&body).send().await.unwrap().status(), 401);
    }
    let right = json!({ "agent_number": "1025", "passcode": "2468", "station": "Station 25" });
    assert_eq!(phone.post(&url).json(&right).send().await.unwrap().status(), 429);
    let row = b.wait_for_text("[data-test=throttled] li[data-agent='1025']", "5 wrong passcodes").await;
    assert!(row.contains("right passcode or not"), "{row}");

    b.find("[data-test=throttled] li[data-agent='1025'] button").await.click().await.unwrap();
    b.wait_for_text("[data-test=throttled] [role=status]", "Agent number 1025 may log on again now.").await;
    b.wait_gone("[data-test=throttled] li[data-agent='1025']").await;
    assert_eq!(b.sql_count("SELECT COUNT(*) FROM audit_log WHERE action = 'agent_throttle_cleared'").await, 1);
    assert_eq!(phone.post(&url).json(&right).send().await.unwrap().status(), 200);
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn the_pop_out_takes_focus_escape_closes_it_and_focus_returns_to_the_agent() {
    let b = Browser::start().await;
    b.open("/agents").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.wait_for_text("[data-test=live]", "Live").await;
    let opener = b.find("tr[data-agent='1001'] button.name").await;
    let name = opener.text().await.unwrap();
    opener.click().await.unwrap();
    b.find("[data-test=agent-popout]").await;
    b.wait_for_focus("#popout-title").await;
    b.client.active_element().await.unwrap().send_keys("\u{E00C}").await.unwrap();
    b.wait_gone("[data-test=agent-popout]").await;
    b.wait_for_focus("tr[data-agent='1001'] button.name").await;
    assert_eq!(b.client.active_element().await.unwrap().text().await.unwrap(), name);
    assert!(!b.path().await.contains("agent="), "closing the pop-out leaves the URL without it");
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn who_is_on_this_phone_is_found_in_any_format_and_refusals_are_told_apart() {
    let b = Browser::start().await;
    b.open("/agents").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.wait_for_text("[data-test=live]", "Live").await;
    let on_phone = agent_login(&b, "+1 555 700 0020").await;
    assert_eq!(on_phone.status(), 200);
    b.wait_for_text("p.count", "13 of 13").await;
    // Agent 1020 has never logged on from this phone: the row says so.
    b.wait_for_text("tr[data-agent='1020']", "New station").await;

    // "Who is on this phone?": typed as people write it, not as the phone sent it.
    let search = b.find("#agent-search").await;
    search.send_keys("(555) 700-0020").await.unwrap();
    b.wait_for_text("p.count", "1 of 13 logged-on agents shown").await;
    assert!(b.exists("tr[data-agent='1020']").await);

    // A wrong passcode of an agent of this service, and a number that is not one of its
    // agents: the phone hears the same answer; the administrator reads which it was.
    let client = reqwest::Client::new();
    for (number, passcode) in [("1021", "1111"), ("7777", "2468")] {
        let refused = client
            .post(b.server.url(&paths::agent_service_login("northwind")))
            .json(&json!({ "agent_number": number, "passcode": passcode, "station": "Desk 9" }))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 401);
    }
    b.wait_for_text("[data-test=refused]", "agent 7777 at Desk 9 — No agent of this service has this number.").await;
    let refused = b.wait_for_text("[data-test=refused]", "Wrong passcode for this agent number.").await;
    assert!(refused.contains("agent 1021"), "{refused}");

    // Filtered by reason, in the URL: only the number that is no agent of this service.
    let reason = b.find("#refused-reason").await;
    reason.select_by_value("unknown_number").await.unwrap();
    b.wait_for_path("/agents?q=%28555%29%20700-0020&rr=unknown_number").await;
    let only = b.wait_for_text("[data-test=refused]", "agent 7777").await;
    assert!(!only.contains("agent 1021"), "{only}");
    // A refusal that matches shows live under the filter; one that does not, does not.
    let again = agent_login(&b, "Desk 10").await;
    assert_eq!(again.status(), 409, "1020 is logged on already");
    let unknown = client
        .post(b.server.url(&paths::agent_service_login("northwind")))
        .json(&json!({ "agent_number": "7778", "passcode": "2468", "station": "Desk 11" }))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 401);
    b.wait_for_text("[data-test=refused]", "agent 7778 at Desk 11").await;
    assert!(!b.find("[data-test=refused]").await.text().await.unwrap().contains("already logged on"));

    // The agent's pop-out lists their refusals, and leads to all of them.
    reason.select_by_value("").await.unwrap();
    b.wait_for_path("/agents?q=%28555%29%20700-0020").await;
    b.find("tr[data-agent='1020'] button.name").await.click().await.unwrap();
    b.wait_for_text("[data-test=popout-refused]", "at Desk 10 — That agent is already logged on.").await;
    b.wait_for_text("[data-test=station-note]", "has not logged on from this phone or station before").await;
    b.find("[data-test=popout-refused] button").await.click().await.unwrap();
    b.wait_for_path("/agents?q=%28555%29%20700-0020&ra=1020").await;
    let theirs = b.wait_for_text("[data-test=refused]", "agent 1020").await;
    assert!(!theirs.contains("agent 7777"), "{theirs}");
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn refused_log_ons_page_back_beyond_the_newest_ten() {
    let b = Browser::start().await;
    // Thirty refusals of one number (set up by SQL: the phones' throttle would hold back
    // so many from one client).
    for i in 0..30 {
        b.sql(&format!(
            "INSERT INTO agent_sign_in_attempts (company_id, agent_number, station, outcome, at)
             VALUES (1, '7{i:03}', 'Desk {i}', 'unknown_number', {})",
            1_700_000_000_000_i64 + i * 1000
        ))
        .await;
    }
    b.open("/agents").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.wait_for_text("[data-test=live]", "Live").await;
    b.wait_for_text("[data-test=refused]", "agent 7029").await;
    assert_eq!(b.texts("[data-test=refused] li").await.len(), 10, "the newest ten");
    b.find("[data-test=refused-older]").await.click().await.unwrap();
    b.wait_for_text("[data-test=refused]", "agent 7000").await;
    assert_eq!(b.texts("[data-test=refused] li").await.len(), 30);
    b.wait_gone("[data-test=refused-older]").await;
    b.stop().await;
}
