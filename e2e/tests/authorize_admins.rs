//! Authorize Admins in headless Chromium against the release build and the real server.

use crate::support::{Browser, DEMO_PASSWORD};
use fantoccini::Locator;
use switchboard_wire::paths::{SESSION, STATUS_CHANGES};

async fn signed_in_at(b: &Browser, username: &str, path: &str) {
    b.open(path).await;
    b.sign_in(username, DEMO_PASSWORD).await;
    b.wait_for_text("main h1", "Authorize Admins").await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn an_admin_finds_a_user_by_email_promotes_them_and_they_reach_the_console() {
    let b = Browser::start().await;
    signed_in_at(&b, "ngarcia", "/admins").await;
    let admins_before = b.wait_for_text("[data-test=admin-count]", "admins").await;
    let count_before: i64 = admins_before.split_whitespace().find_map(|w| w.parse().ok()).expect("a count");

    let search = b.find("#user-search").await;
    search.send_keys("tom.nguyen@north").await.unwrap();
    b.wait_for_path("/admins?q=tom.nguyen%40north").await;
    b.wait_for_text("p.total", "1 user matches").await;
    let select = b.find("tr[data-username=tnguyen] select").await;
    assert_eq!(select.attr("aria-label").await.unwrap().as_deref(), Some("Status of Tom Nguyen"));
    select.select_by_value("admin").await.unwrap();
    b.wait_for_text("[data-test=pending-count]", "1 unsaved change").await;
    b.wait_for_text("tr[data-username=tnguyen]", "changed from User").await;

    b.client.find(Locator::XPath("//button[text()='Save']")).await.unwrap().click().await.unwrap();
    let summary = b.wait_for_text("[data-test=save-summary]", "Saved 1 change.").await;
    assert!(summary.contains("Tom Nguyen: User → Admin"), "{summary}");
    let focused = b.client.active_element().await.unwrap();
    assert_eq!(focused.attr("data-test").await.unwrap().as_deref(), Some("save-summary"), "focus moves to the summary");
    // The admin count follows: wait for the new figure itself, not for any text.
    b.wait_for_text("[data-test=admin-count]", &format!("has {} admins", count_before + 1)).await;
    assert_eq!(b.sql_count("SELECT COUNT(*) FROM users WHERE username = 'tnguyen' AND status = 'admin'").await, 1);

    // Reloading the link reopens the same view.
    b.open("/admins?q=tom.nguyen%40north").await;
    b.wait_for_text("p.total", "1 user matches").await;

    b.find("button.sign-out").await.click().await.unwrap();
    b.wait_for_path("/sign-in").await;
    b.sign_in("tnguyen", DEMO_PASSWORD).await;
    b.wait_for_text("main h1", "Overview").await;
    b.wait_for_text("[data-test=signed-in-user]", "Admin").await;
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn demoting_the_last_admin_is_refused_with_the_reason_on_the_page() {
    let b = Browser::start().await;
    b.sql("UPDATE users SET status = 'user' WHERE status = 'admin' AND username <> 'ngarcia' AND company_id = (SELECT company_id FROM users WHERE username = 'ngarcia')").await;
    signed_in_at(&b, "ngarcia", "/admins?q=ngarcia").await;
    b.wait_for_text("[data-test=admin-count]", "has 1 admin.").await;
    b.find("tr[data-username=ngarcia] select").await.select_by_value("user").await.unwrap();
    b.wait_for_text(".save-bar", "You are removing your own Admin status").await;
    b.client.find(Locator::XPath("//button[text()='Save']")).await.unwrap().click().await.unwrap();
    b.client.accept_alert().await.unwrap();
    let refused = b.wait_for_text("[data-test=save-refused]", "without an admin").await;
    assert!(refused.contains("Nothing was saved"), "{refused}");
    assert_eq!(b.sql_count("SELECT COUNT(*) FROM users WHERE username = 'ngarcia' AND status = 'admin'").await, 1);
    assert_eq!(b.sql_count("SELECT COUNT(*) FROM audit_log").await, 0);
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn a_concurrent_change_from_another_session_is_detected_and_reloaded() {
    let b = Browser::start().await;
    signed_in_at(&b, "ngarcia", "/admins?q=tnguyen").await;
    b.find("tr[data-username=tnguyen] select").await.select_by_value("admin").await.unwrap();
    b.wait_for_text("[data-test=pending-count]", "1 unsaved change").await;

    // Meanwhile, another admin changes Tom in their own session.
    let (other, session) = b.api_session("dokafor").await;
    let tom: (i64, i64) = sqlx::query_as("SELECT id, version FROM users WHERE username = 'tnguyen'")
        .fetch_one(&b.db().await)
        .await
        .unwrap();
    let body = serde_json::json!({ "changes": [{ "user_id": tom.0, "status": "support", "version": tom.1 }] });
    let response = other
        .post(b.server.url(STATUS_CHANGES))
        .header("x-csrf-token", session.csrf_token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());

    b.client.find(Locator::XPath("//button[text()='Save']")).await.unwrap().click().await.unwrap();
    b.wait_for_text("[data-test=save-refused]", "Tom Nguyen changed since you loaded the list").await;
    b.wait_for_text("tr[data-username=tnguyen]", "changed by someone else").await;
    assert_eq!(b.sql_count("SELECT COUNT(*) FROM users WHERE username = 'tnguyen' AND status = 'support'").await, 1);

    b.client.find(Locator::XPath("//button[text()='Reload the changed users']")).await.unwrap().click().await.unwrap();
    // The reloaded status shows, and the stale change is dropped.
    b.wait_for_value("tr[data-username=tnguyen] select", "support").await;
    b.wait_gone("[data-test=pending-count]").await;
    let select = b.find("tr[data-username=tnguyen] select").await;

    // Retrying on the fresh data works.
    select.select_by_value("admin").await.unwrap();
    b.client.find(Locator::XPath("//button[text()='Save']")).await.unwrap().click().await.unwrap();
    b.wait_for_text("[data-test=save-summary]", "Tom Nguyen: Support → Admin").await;
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn the_audit_log_and_the_detail_panel_show_the_changes() {
    let b = Browser::start().await;
    signed_in_at(&b, "ngarcia", "/admins?q=rmorales").await;
    b.find("tr[data-username=rmorales] select").await.select_by_value("support").await.unwrap();
    b.client.find(Locator::XPath("//button[text()='Save']")).await.unwrap().click().await.unwrap();
    b.wait_for_text("[data-test=save-summary]", "Rosa Morales: User → Support").await;

    // The detail panel: history and the sign-in checks (she typed her email as username).
    b.find("tr[data-username=rmorales] button.name").await.click().await.unwrap();
    b.wait_for_path_prefix("/admins?q=rmorales&user=").await;
    let checks = b.wait_for_text("[data-test=sign-in-checks]", "1 check failed.").await;
    assert!(checks.contains("tried to sign in with their email address 3 times"), "{checks}");
    assert!(checks.contains("“rmorales”"), "{checks}");
    b.wait_for_text("[data-test=user-detail]", "Nora Garcia changed User → Support").await;
    b.client.back().await.unwrap();
    b.wait_for_path("/admins?q=rmorales").await;
    assert!(!b.exists("[data-test=user-detail]").await, "Back closes the panel");

    b.find("nav.side-nav a[href='/audit']").await.click().await.unwrap();
    b.wait_for_path("/audit").await;
    let row = b.wait_for_text("table.audit tbody tr", "Rosa Morales").await;
    assert!(row.contains("Nora Garcia") && row.contains("User → Support") && row.contains("Status changed"), "{row}");
    b.find("table.audit tbody tr button.link").await.click().await.unwrap();
    b.wait_for_text("[data-test=actor-filter]", "Changes by Nora Garcia").await;
    assert!(b.path().await.starts_with("/audit?actor="));
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn support_sees_the_list_but_cannot_change_statuses() {
    let b = Browser::start().await;
    signed_in_at(&b, "sbrooks", "/admins?status=admin&sort=last_sign_in&dir=desc").await;
    b.wait_for_text("p.read-only", "only an Admin changes statuses").await;
    let select = b.find("tbody tr select").await;
    assert_eq!(select.attr("disabled").await.unwrap().as_deref(), Some("true"));
    let header = b.find("th[aria-sort=descending]").await;
    assert!(header.text().await.unwrap().contains("Last sign-in"));
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn paging_and_sorting_live_in_the_url_and_back_returns() {
    let b = Browser::start().await;
    signed_in_at(&b, "ngarcia", "/admins").await;
    b.wait_for_text("nav.pager", "Page 1 of 12").await;
    let first_row = b.find("tbody tr").await.attr("data-username").await.unwrap();
    b.client.find(Locator::XPath("//button[text()='Next']")).await.unwrap().click().await.unwrap();
    // The next page starts after the last row shown (keyset paging): the URL names it.
    b.wait_for_path_prefix("/admins?page=2&after=").await;
    let second_page = b.path().await;
    b.wait_for_text("nav.pager", "Page 2 of 12").await;
    // Back up to the column headers, as a person would (WebDriver would click one that is
    // technically in view but under the sticky top bar).
    b.client.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    b.client.find(Locator::XPath("//th//button[contains(., 'Email')]")).await.unwrap().click().await.unwrap();
    b.wait_for_path("/admins?sort=email").await;
    b.find("th[aria-sort=ascending]").await;
    b.client.back().await.unwrap();
    b.wait_for_path(&second_page).await;
    b.wait_for_text("nav.pager", "Page 2 of 12").await;
    b.client.find(Locator::XPath("//button[text()='Previous']")).await.unwrap().click().await.unwrap();
    b.wait_for_path("/admins").await;
    b.wait_for_text("nav.pager", "Page 1 of 12").await;
    assert_eq!(b.find("tbody tr").await.attr("data-username").await.unwrap(), first_row);
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn leaving_with_unsaved_changes_asks_first() {
    let b = Browser::start().await;
    signed_in_at(&b, "ngarcia", "/admins?q=tnguyen").await;
    b.find("tr[data-username=tnguyen] select").await.select_by_value("support").await.unwrap();
    b.wait_for_text("[data-test=pending-count]", "1 unsaved change").await;

    b.find("nav.side-nav a[href='/audit']").await.click().await.unwrap();
    assert_eq!(b.client.get_alert_text().await.unwrap(), "You have unsaved changes. Leave without saving them?");
    b.client.dismiss_alert().await.unwrap();
    assert_eq!(b.path().await, "/admins?q=tnguyen", "staying keeps the page");
    b.wait_for_text("[data-test=pending-count]", "1 unsaved change").await;

    b.find("nav.side-nav a[href='/audit']").await.click().await.unwrap();
    b.client.accept_alert().await.unwrap();
    b.wait_for_path("/audit").await;
    assert_eq!(b.sql_count("SELECT COUNT(*) FROM users WHERE username = 'tnguyen' AND status = 'user'").await, 1);
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn an_admin_sees_a_lockout_in_the_user_panel_and_clears_it() {
    let b = Browser::start().await;
    // A stranger fails five times with dokafor's username.
    let stranger = reqwest::Client::new();
    for _ in 0..5 {
        let body = serde_json::json!({ "username": "dokafor", "password": "guess" });
        assert_eq!(stranger.post(b.server.url(SESSION)).json(&body).send().await.unwrap().status(), 401);
    }
    signed_in_at(&b, "ngarcia", "/admins?q=dokafor").await;
    b.find("tr[data-username=dokafor] button.name").await.click().await.unwrap();
    let lockout = b.wait_for_text("[data-test=lockout]", "Locked after 5 failed sign-ins").await;
    assert!(lockout.contains("browsers they have not used before"), "{lockout}");
    b.find("[data-test=lockout] button").await.click().await.unwrap();
    b.wait_gone("[data-test=lockout]").await;
    assert_eq!(b.sql_count("SELECT COUNT(*) FROM audit_log WHERE action = 'lockout_cleared'").await, 1);
    let body = serde_json::json!({ "username": "dokafor", "password": DEMO_PASSWORD });
    assert_eq!(stranger.post(b.server.url(SESSION)).json(&body).send().await.unwrap().status(), 200);
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn the_user_panel_takes_focus_and_gives_it_back_to_the_row_on_escape() {
    let b = Browser::start().await;
    signed_in_at(&b, "ngarcia", "/admins?q=tnguyen").await;
    b.find("tr[data-username=tnguyen] button.name").await.click().await.unwrap();
    b.wait_for_focus("#detail-title").await;
    b.client.active_element().await.unwrap().send_keys("\u{E00C}").await.unwrap();
    b.wait_gone("[data-test=user-detail]").await;
    b.wait_for_focus("tr[data-username=tnguyen] button.name").await;
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn the_panel_finds_their_open_agent_session_and_an_admin_ends_it_from_there() {
    let b = Browser::start().await;
    signed_in_at(&b, "ngarcia", "/admins?q=tnguyen").await;
    b.find("tr[data-username=tnguyen] button.name").await.click().await.unwrap();
    // The Ternio article's check 2: Tom is the person behind agent 1003, still logged on.
    let checks = b.wait_for_text("[data-test=sign-in-checks]", "Not already logged on as an agent").await;
    assert!(checks.contains("They are logged on as agent 1003"), "{checks}");
    let way = b.wait_for_text("[data-test=session-in-the-way]", "see the session on the Status page").await;
    assert!(way.starts_with("Not already logged on as an agent"), "{way}");
    let link = b.find("[data-test=session-in-the-way] a").await;
    assert!(link.attr("href").await.unwrap().unwrap().starts_with("/agents?agent="));

    // Force Logout…, the question, and the answer takes the focus.
    b.find("[data-test=session-in-the-way] button").await.click().await.unwrap();
    b.wait_for_text("[data-test=session-in-the-way]", "End this agent session?").await;
    b.wait_for_focus("[data-test=session-in-the-way] button[aria-describedby]").await;
    b.client.active_element().await.unwrap().click().await.unwrap();
    // The panel checks again: the session is gone, and so is the failed check.
    b.wait_gone("[data-test=session-in-the-way]").await;
    b.wait_for_text("[data-test=sign-in-checks]", "Agent 1003, theirs, is not logged on.").await;
    let forced = b
        .sql_count(
            "SELECT COUNT(*) FROM agent_sessions s JOIN agents a ON a.id = s.agent_id
             WHERE a.agent_number = '1003' AND s.end_reason = 'forced'",
        )
        .await;
    assert_eq!(forced, 1);
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn an_admin_links_a_user_to_their_agent_number_and_the_checks_follow() {
    let b = Browser::start().await;
    signed_in_at(&b, "ngarcia", "/admins?q=rmorales").await;
    b.find("tr[data-username=rmorales] button.name").await.click().await.unwrap();
    b.wait_for_text("[data-test=agent-number]", "Not linked").await;
    let input = b.find("#agent-link-number").await;
    // A number of no agent of the company: said, nothing saved.
    input.send_keys("9999").await.unwrap();
    b.find("[data-test=agent-link] button[type=submit]").await.click().await.unwrap();
    b.wait_for_text("#agent-link-error", "No agent of Northwind Contact Center has the number 9999.").await;
    input.clear().await.unwrap();
    input.send_keys("1005\u{E007}").await.unwrap();
    // Saved (audited), and the panel checks again: agent 1005 is logged on.
    b.wait_for_text("[data-test=agent-number]", "1005").await;
    b.wait_for_text("[data-test=sign-in-checks]", "They are logged on as agent 1005").await;
    assert_eq!(b.sql_count("SELECT COUNT(*) FROM audit_log WHERE action = 'agent_linked'").await, 1);
    b.find("[data-test=agent-link] button[type=button]").await.click().await.unwrap();
    b.wait_for_text("[data-test=agent-number]", "Not linked").await;
    b.stop().await;
}
