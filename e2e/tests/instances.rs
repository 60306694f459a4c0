//! Two server instances on one PostgreSQL database, a browser on each: what an admin does
//! on one instance, a Status page served by the other shows live.

use crate::support::{Browser, DEMO_PASSWORD};
use sqlx::Connection;

/// A new database on the PostgreSQL server that `cargo xtask test` starts.
async fn fresh_postgres_database() -> String {
    let server = std::env::var("SWITCHBOARD_TEST_POSTGRES")
        .expect("SWITCHBOARD_TEST_POSTGRES names no PostgreSQL server: `cargo xtask test` starts one");
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let name = format!("e2e_{}_{nanos}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&server).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
    let (base, _) = server.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

#[tokio::test]
#[ignore = "needs PostgreSQL, the release front end and chromedriver: run `cargo xtask test`"]
async fn a_force_logout_in_one_browser_shows_live_in_another_on_another_instance() {
    let url = fresh_postgres_database().await;
    let a = Browser::start_on(url.clone(), tempfile::tempdir().unwrap()).await;
    let b = Browser::start_on(url, tempfile::tempdir().unwrap()).await;
    assert_ne!(a.server.addr, b.server.addr);
    for browser in [&a, &b] {
        browser.open("/agents").await;
        browser.sign_in("ngarcia", DEMO_PASSWORD).await;
        browser.wait_for_text("[data-test=live]", "Live").await;
        browser.wait_for_text("p.count", "12 of 12 logged-on agents").await;
    }
    let agent = a.find("tbody tr[data-agent]").await.attr("data-agent").await.unwrap().unwrap();
    let row = format!("tr[data-agent='{agent}']");

    // On instance A: the name, Actions, Force Logout, OK.
    a.force_logout(&row).await;
    a.wait_for_text("[data-test=force-result]", "is logged out of").await;
    a.wait_gone(&row).await;

    // Instance B's page, which made no request, follows live.
    b.wait_gone(&row).await;
    b.wait_for_text("p.count", "11 of 11 logged-on agents").await;
    a.stop().await;
    b.stop().await;
}
