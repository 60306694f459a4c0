//! Ordinary navigation, repeated, never traps: the round trips that used to abort the wasm
//! (a page's request answering after the page was left). `Browser::stop` fails the test on
//! any page error.

use crate::support::{Browser, DEMO_PASSWORD};

async fn type_into(b: &Browser, css: &str, text: &str) {
    let input = b.find(css).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn search_open_a_card_and_back_ten_times_without_a_page_error() {
    let b = Browser::start().await;
    b.open("/contacts").await;
    b.sign_in("sbrooks", DEMO_PASSWORD).await;
    b.wait_for_text("main h1", "Contacts").await;
    type_into(&b, "#contact-search", "Jonas").await;
    b.wait_for_path("/contacts?q=Jonas").await;
    for round in 0..10 {
        b.wait_for_text("table.contacts:not(.loading) tbody", "Jonas Berg").await;
        b.click_link("Jonas Berg").await;
        b.wait_for_path_prefix("/contacts/").await;
        b.wait_for_text("main h1", "Jonas Berg").await;
        b.client.back().await.unwrap();
        b.wait_for_path("/contacts?q=Jonas").await;
        let errors = b.page_errors().await;
        assert!(errors.is_empty(), "round {round}: {errors:#?}");
    }
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn leaving_a_page_while_it_searches_does_not_trap() {
    let b = Browser::start().await;
    b.open("/admins").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.find("table.users tbody tr").await;
    for round in 0..5 {
        // Type, and leave before the debounced search or its answer arrives.
        type_into(&b, "#user-search", "tnguyen").await;
        b.find("nav.side-nav a[href='/contacts']").await.click().await.unwrap();
        b.wait_for_text("main h1", "Contacts").await;
        type_into(&b, "#contact-search", "Grace").await;
        b.find("nav.side-nav a[href='/audit']").await.click().await.unwrap();
        b.wait_for_text("main h1", "Audit Log").await;
        type_into(&b, "#audit-target", "Rosa").await;
        b.find("nav.side-nav a[href='/admins']").await.click().await.unwrap();
        b.find("table.users tbody tr").await;
        let errors = b.page_errors().await;
        assert!(errors.is_empty(), "round {round}: {errors:#?}");
    }
    b.stop().await;
}
