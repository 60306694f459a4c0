//! The Overview in the browser: the home of Admin and Support, its figures moving live as
//! agents log on, log-ons are refused and users fail to sign in, each figure opening the
//! list it counts.

use crate::accessibility::{assert_accessible, axe_source};
use crate::layout::assert_fits;
use crate::support::{Browser, DEMO_PASSWORD};
use serde_json::json;
use std::time::{Duration, Instant};
use switchboard_wire::paths;

/// The count of the figure labelled `label` in the section `section` (0 when absent), once
/// the section is shown: after Back, the page reads its figures again before it shows them.
async fn figure(b: &Browser, section: &str, label: &str) -> i64 {
    b.find(section).await;
    let script = "const s = document.querySelector(arguments[0]);
        if (!s) return -1;
        for (const li of s.querySelectorAll('li')) {
          if (li.querySelector('.label').textContent === arguments[1]) return Number(li.querySelector('.count').textContent);
        }
        return 0;";
    b.client.execute(script, vec![json!(section), json!(label)]).await.unwrap().as_i64().unwrap_or(-1)
}

/// Waits (up to the page's refresh and then some) until the figure shows `expected`.
async fn wait_for_figure(b: &Browser, section: &str, label: &str, expected: i64) {
    let started = Instant::now();
    loop {
        let seen = figure(b, section, label).await;
        if seen == expected {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(25), "{section} {label}: expected {expected}, shows {seen}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn agent_login(b: &Browser, number: &str, passcode: &str) -> reqwest::StatusCode {
    let body = json!({ "agent_number": number, "passcode": passcode, "station": format!("Station {number}") });
    let url = b.server.url(&paths::agent_service_login("northwind"));
    reqwest::Client::new().post(url).json(&body).send().await.unwrap().status()
}

#[tokio::test]
#[ignore = "needs the release front end, chromedriver and axe-core: run `cargo xtask test`"]
async fn the_overviews_figures_move_live_and_each_opens_the_list_it_counts() {
    let axe = axe_source();
    let b = Browser::start().await;
    b.open("/").await;
    b.wait_for_path("/sign-in").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.wait_for_path("/overview").await;
    b.wait_for_text("[data-test=logged-on]", "12 logged on").await;
    assert_accessible(&b, &axe, "Overview").await;

    // An agent logs on: the figure moves without a reload.
    let available = figure(&b, "[data-test=agents-figures]", "Available").await;
    assert_eq!(agent_login(&b, "1020", "2468").await, 200);
    b.wait_for_text("[data-test=logged-on]", "13 logged on").await;
    wait_for_figure(&b, "[data-test=agents-figures]", "Available", available + 1).await;
    // A log-on is refused: the reason's figure moves, and so does the chart.
    let wrong = figure(&b, "[data-test=refusal-figures]", "Wrong passcode").await;
    assert_eq!(agent_login(&b, "1025", "0000").await, 401);
    wait_for_figure(&b, "[data-test=refusal-figures]", "Wrong passcode", wrong + 1).await;
    b.wait_for_text("#refusals-chart-summary", "in all").await;
    // A user fails to sign in: the company's stream tells the page to read again.
    let failed = figure(&b, "[data-test=sign-in-figures]", "Wrong password").await;
    let body = json!({ "username": "sbrooks", "password": "not-his-password" });
    reqwest::Client::new().post(b.server.url(paths::SESSION)).json(&body).send().await.unwrap();
    wait_for_figure(&b, "[data-test=sign-in-figures]", "Wrong password", failed + 1).await;
    b.set_viewport(320, 800).await;
    assert_fits(&b, "Overview at 320 px").await;
    b.set_viewport(1280, 900).await;

    // A figure is a link to its list, filtered the same way; Back returns.
    b.find("[data-test=refusal-figures] a[href='/agents?rr=wrong_passcode']").await.click().await.unwrap();
    b.wait_for_path("/agents?rr=wrong_passcode").await;
    b.wait_for_text("main h1", "Agent Status").await;
    b.client.back().await.unwrap();
    b.wait_for_path("/overview").await;
    b.find("[data-test=agents-figures] a[href='/agents?state=available']").await.click().await.unwrap();
    b.wait_for_path("/agents?state=available").await;
    b.client.back().await.unwrap();
    b.wait_for_path("/overview").await;

    // "Who?": the users who got their password wrong today, Sam among them, and the list
    // says which filter it shows.
    let wrong_passwords = figure(&b, "[data-test=sign-in-figures]", "Wrong password").await;
    b.find("[data-test=sign-in-figures] a[href='/admins?failed=wrong_password']").await.click().await.unwrap();
    b.wait_for_path("/admins?failed=wrong_password").await;
    b.wait_for_value("#failed-filter", "wrong_password").await;
    b.wait_for_text("table.users tbody", "Sam Brooks").await;
    let rows = b.texts("table.users tbody tr").await;
    assert_eq!(rows.len() as i64, wrong_passwords, "{rows:?}");
    b.client.back().await.unwrap();
    b.wait_for_path("/overview").await;
    // The contacts lost on a VPN: Sven, and only him.
    b.find("[data-test=contact-figures] a[href='/contacts?failed=vpn']").await.click().await.unwrap();
    b.wait_for_path("/contacts?failed=vpn").await;
    b.wait_for_value("#failed-filter", "vpn").await;
    b.wait_for_text("table.contacts tbody", "Sven Lindqvist").await;
    assert_eq!(b.texts("table.contacts tbody tr").await.len(), 1);
    b.client.back().await.unwrap();
    b.wait_for_path("/overview").await;
    // The sessions without a heartbeat: the Status page filtered to them.
    let stale = b.wait_for_text("[data-test=stale]", "without a heartbeat").await;
    let stale: usize = stale.split(' ').next().unwrap().parse().expect("a count of stale sessions");
    b.find("[data-test=stale]").await.click().await.unwrap();
    b.wait_for_path("/agents?stale=true").await;
    b.wait_for_text("main .count", &format!("{stale} of ")).await;
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn support_sees_the_overview_and_a_user_does_not() {
    let b = Browser::start().await;
    b.open("/sign-in").await;
    b.sign_in("sbrooks", DEMO_PASSWORD).await;
    b.wait_for_path("/overview").await;
    b.wait_for_text("[data-test=logged-on]", "logged on").await;
    // Read-only: figures and links, no action.
    assert!(!b.exists("main button").await, "the Overview has no action");
    b.find("header button.sign-out").await.click().await.unwrap();
    b.wait_for_path_prefix("/sign-in").await;
    b.sign_in("tnguyen", DEMO_PASSWORD).await;
    b.wait_for_text("main h1", "For Admin Access Only").await;
    b.open("/overview").await;
    b.wait_for_text("main h1", "For Admin Access Only").await;
    b.stop().await;
}
