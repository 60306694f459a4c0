//! axe-core (from npm, installed by `cargo xtask test`) finds no violation of WCAG 2.x A/AA
//! or best practice on any page of the console, in each state a person meets: signed out,
//! refused, the lists, the panels over them, a confirmation, the folded menu of a narrow
//! screen.

use crate::support::{Browser, DEMO_PASSWORD};
use fantoccini::Locator;

/// axe-core's script, as `cargo xtask test` installed it.
pub(crate) fn axe_source() -> String {
    let path = std::env::var("AXE_CORE").expect("AXE_CORE is not set: run `cargo xtask test`, which installs axe-core");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read axe-core at {path}: {e}"))
}

/// Runs axe-core on the page as it is now and fails on any violation, naming the rule and
/// the elements.
pub(crate) async fn assert_accessible(b: &Browser, axe: &str, what: &str) {
    // WebDriver's scripts are not bound by the page's CSP; axe defines `window.axe`.
    b.client.execute(&format!("{axe}\nreturn true;"), vec![]).await.unwrap();
    let run = "const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] })
          .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                + v.nodes.map(n => n.target.join(' ')).join(', '))))
          .catch(e => done(['axe-core failed: ' + e]));";
    let found = b.client.execute_async(run, vec![]).await.unwrap();
    let violations: Vec<String> = serde_json::from_value(found).unwrap();
    assert!(violations.is_empty(), "{what}: {violations:#?}");
}

#[tokio::test]
#[ignore = "needs the release front end, chromedriver and axe-core: run `cargo xtask test`"]
async fn every_page_and_state_has_no_axe_violation() {
    let axe = axe_source();
    let b = Browser::start().await;

    b.open("/sign-in").await;
    b.find("#username").await;
    assert_accessible(&b, &axe, "sign-in").await;
    b.sign_in("ngarcia", "not the password").await;
    b.find("[role=alert]").await;
    assert_accessible(&b, &axe, "sign-in, refused").await;

    b.sign_in("tnguyen", DEMO_PASSWORD).await;
    b.wait_for_text("main", "For Admin Access Only").await;
    assert_accessible(&b, &axe, "For Admin Access Only").await;
    b.find("header button.sign-out").await.click().await.unwrap();
    b.wait_for_path_prefix("/sign-in").await;

    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.find("header button.sign-out").await;
    b.open("/admins").await;
    b.find("table.users tbody tr").await;
    assert_accessible(&b, &axe, "Authorize Admins").await;
    b.open("/admins?q=tnguyen").await;
    b.wait_for_text("table.users:not(.loading) tbody", "Tom Nguyen").await;
    // A pending change: the save bar.
    let select = b.find("table.users tbody tr[data-username=tnguyen] select").await;
    select.select_by_value("admin").await.unwrap();
    b.find("div.save-bar").await;
    assert_accessible(&b, &axe, "Authorize Admins, a change not saved").await;
    b.find("table.users tbody tr[data-username=tnguyen] button.name").await.click().await.unwrap();
    b.find("aside.side-panel h2").await;
    b.wait_for_text("[data-test=sign-in-checks]", "").await;
    assert_accessible(&b, &axe, "a user's panel").await;

    b.open("/agents").await;
    b.find("table.agents tbody tr").await;
    assert_accessible(&b, &axe, "Agent Status").await;
    b.find("table.agents tbody tr button.name").await.click().await.unwrap();
    b.find("aside.side-panel h2").await;
    b.client.find(Locator::XPath("//aside//button[text()='Actions']")).await.unwrap().click().await.unwrap();
    b.client.find(Locator::XPath("//aside//button[text()='Force Logout']")).await.unwrap().click().await.unwrap();
    b.find("[data-test=confirm]").await;
    assert_accessible(&b, &axe, "an agent's pop-out, confirming Force Logout").await;

    b.open("/contacts?q=Jonas").await;
    b.wait_for_text("table.contacts:not(.loading) tbody", "Jonas Berg").await;
    assert_accessible(&b, &axe, "Contacts").await;
    b.click_link("Jonas Berg").await;
    b.wait_for_text("[data-test=diagnosis]", "").await;
    b.wait_for_text("main h1", "Jonas Berg").await;
    assert_accessible(&b, &axe, "a contact card").await;

    b.open("/audit").await;
    b.wait_for_text("main h1", "Audit Log").await;
    b.find("table.audit tbody tr, main p.empty").await;
    assert_accessible(&b, &axe, "Audit Log").await;

    b.open("/no-such-page").await;
    b.wait_for_text("main", "").await;
    b.find("main h1").await;
    assert_accessible(&b, &axe, "a page that does not exist").await;

    // A narrow screen, with the menu opened.
    b.set_viewport(390, 800).await;
    b.open("/admins").await;
    b.find("table.users tbody tr").await;
    b.find("button.menu-toggle").await.click().await.unwrap();
    b.find("nav.side-nav.open").await;
    assert_accessible(&b, &axe, "390 px, menu open").await;
    b.stop().await;
}
