//! Code splitting as a person meets it: the first load carries sign-in and Authorize Admins
//! only; another page's code arrives when that page opens, and a page whose code cannot be
//! fetched says so and offers a reload, instead of taking the whole console down.

use crate::support::{Browser, DEMO_PASSWORD};
use switchboard_wire::paths::HEALTH;

/// A new browser, signed in as an admin on Authorize Admins with its first rows shown: the
/// first load, complete.
async fn admin_on_authorize_admins() -> Browser {
    let b = Browser::start().await;
    b.open("/admins").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.find("table.users tbody tr").await;
    b
}

fn chunks_of(paths: &[String], page: &str) -> Vec<String> {
    paths.iter().filter(|p| p.contains("/split-") && p.contains(page)).cloned().collect()
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn other_pages_code_is_fetched_only_when_they_open() {
    let b = admin_on_authorize_admins().await;
    let first_load = b.fetched_paths().await;
    assert!(first_load.iter().any(|p| p.ends_with("_bg.wasm")), "the main wasm: {first_load:?}");
    for page in ["agent_status", "contacts", "contact_card", "audit_log", "operator", "overview"] {
        assert!(chunks_of(&first_load, page).is_empty(), "{page} came with the first load: {first_load:?}");
    }

    b.find("nav.side-nav a[href='/agents']").await.click().await.unwrap();
    b.wait_for_text("main h1", "Agent Status").await;
    b.wait_for_text("[data-test=live]", "Live").await;
    let after = b.fetched_paths().await;
    assert_eq!(chunks_of(&after, "agent_status").len(), 1, "{after:?}");
    assert!(chunks_of(&after, "audit_log").is_empty(), "{after:?}");
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn a_page_whose_code_cannot_be_fetched_says_so_and_a_reload_recovers() {
    let mut b = admin_on_authorize_admins().await;
    b.expect_page_errors();

    b.block_urls(&["*/split_audit_log.wasm"]).await;
    b.find("nav.side-nav a[href='/audit']").await.click().await.unwrap();
    b.wait_for_text("[role=alert] h2", "This page could not be loaded").await;
    // The server still answers: the chunk is gone, as after an update.
    b.wait_for_text("[role=alert]", "has probably been updated since this tab was opened").await;
    // The rest of the console still works, and a later visit tries the fetch again.
    b.find("nav.side-nav a[href='/admins']").await.click().await.unwrap();
    b.find("table.users tbody tr").await;
    // Now as if the server were down: nothing of it answers.
    b.block_urls(&["*/split_audit_log.wasm", "*/api/*"]).await;
    b.find("nav.side-nav a[href='/audit']").await.click().await.unwrap();
    b.wait_for_text("[role=alert] h2", "This page could not be loaded").await;
    b.wait_for_text("[role=alert]", "The server could not be reached").await;

    // Once the server can be reached again, the offered reload brings the page.
    b.block_urls(&[]).await;
    b.find("[role=alert] button").await.click().await.unwrap();
    b.wait_for_text("main h1", "Audit Log").await;
    assert_eq!(b.path().await, "/audit");
    // The failed fetches of the chunk are the only errors: nothing else broke.
    let errors = b.page_errors().await;
    assert!(
        !errors.is_empty() && errors.iter().all(|e| e.contains("Failed to fetch") || e.contains(HEALTH)),
        "{errors:#?}"
    );
    b.stop().await;
}
