//! Signing in to the console, in headless Chromium against the release build and the real
//! server. Run by `cargo xtask test` (which builds the front end and installs Chromium).

use crate::support::{Browser, DEMO_PASSWORD};

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn an_admin_signs_in_with_the_keyboard_and_sees_the_shell() {
    let b = Browser::start().await;
    b.open("/").await;
    b.wait_for_path("/sign-in").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;

    // "/" is the Overview, the menu's first entry.
    b.wait_for_path("/overview").await;
    b.wait_for_text("main h1", "Overview").await;
    assert_eq!(
        b.texts("nav.side-nav a").await,
        ["Overview", "Authorize Admins", "Agent Status", "Contacts", "Audit Log"]
    );
    b.wait_for_text("[data-test=signed-in-user]", "Nora Garcia").await;
    b.wait_for_text("[data-test=company]", "Northwind Contact Center").await;
    let current = b.find("nav.side-nav a[aria-current=page]").await;
    assert_eq!(current.text().await.unwrap(), "Overview");

    // The menu moves between pages, and Back returns.
    b.find("nav.side-nav a[href='/contacts']").await.click().await.unwrap();
    b.wait_for_path("/contacts").await;
    b.wait_for_text("main h1", "Contacts").await;
    b.client.back().await.unwrap();
    b.wait_for_path("/overview").await;
    b.wait_for_text("main h1", "Overview").await;
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn a_user_sees_for_admin_access_only_and_whom_to_ask() {
    let b = Browser::start().await;
    b.open("/sign-in").await;
    b.sign_in("tnguyen", DEMO_PASSWORD).await;
    b.wait_for_text("main h1", "For Admin Access Only").await;
    let admins = b.wait_for_text("[data-test=admins]", "Nora Garcia").await;
    assert!(admins.contains("Daniel Okafor"), "{admins}");
    assert!(!b.exists("nav.side-nav").await, "a User gets no console menu");
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn a_user_of_a_company_without_admins_is_offered_a_support_request() {
    let b = Browser::start().await;
    b.open("/sign-in").await;
    b.sign_in("lwhite", DEMO_PASSWORD).await;
    b.wait_for_text("main h1", "For Admin Access Only").await;
    let text = b.wait_for_text("[data-test=no-admin]", "Switchboard support appoints").await;
    assert!(text.contains("laura.white@lakeside.example"), "{text}");
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn an_expired_trial_is_told_so_and_stays_signed_out() {
    let b = Browser::start().await;
    b.open("/sign-in").await;
    b.sign_in("kpatel", DEMO_PASSWORD).await;
    let message = b.wait_for_text("[data-test=sign-in-error]", "trial of Bluebird Outreach ended").await;
    assert!(message.contains("sales representative"), "{message}");
    b.open("/admins").await;
    b.wait_for_path("/sign-in?next=/admins").await;
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn a_wrong_password_gets_the_generic_message_and_a_cleared_field() {
    let b = Browser::start().await;
    b.open("/sign-in").await;
    b.sign_in("ngarcia", "not-my-password").await;
    b.wait_for_text("[data-test=sign-in-error]", "The username or password is not right.").await;
    let password = b.find("#password").await;
    assert_eq!(password.prop("value").await.unwrap().unwrap_or_default(), "");
    assert_eq!(b.path().await, "/sign-in");
    // The right password still works afterwards.
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.wait_for_path("/overview").await;
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn the_email_typed_as_the_username_is_named_as_the_cause() {
    let b = Browser::start().await;
    b.open("/sign-in").await;
    // The Ternio article's check 4: the right password, but the email in place of the username.
    b.sign_in("tom.nguyen@northwind.example", DEMO_PASSWORD).await;
    b.wait_for_text("[data-test=sign-in-error]", "Sign in with your username, not your email address.").await;
    b.sign_in("tnguyen", DEMO_PASSWORD).await;
    b.wait_for_text("main h1", "For Admin Access Only").await;
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn sign_out_ends_the_session() {
    let b = Browser::start().await;
    b.open("/sign-in").await;
    b.sign_in("sbrooks", DEMO_PASSWORD).await;
    b.wait_for_text("main h1", "Overview").await;
    b.find("button.sign-out").await.click().await.unwrap();
    b.wait_for_path("/sign-in").await;
    b.wait_for_text("p.notice", "You have signed out.").await;
    let sessions: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM console_sessions").fetch_one(&b.db().await).await.unwrap();
    assert_eq!(sessions, 0, "the session ended on the server");
    // A reload does not bring the console back.
    b.open("/agents").await;
    b.wait_for_path("/sign-in?next=/agents").await;
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn a_deep_link_opened_signed_out_comes_back_after_sign_in() {
    let b = Browser::start().await;
    b.open("/audit?actor=5&page=2").await;
    b.wait_for_path("/sign-in?next=/audit%3Factor%3D5%26page%3D2").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.wait_for_path("/audit?actor=5&page=2").await;
    b.wait_for_text("main h1", "Audit Log").await;
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn an_unknown_page_says_so_inside_the_console() {
    let b = Browser::start().await;
    b.open("/sign-in?next=/no-such-page").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.wait_for_path("/no-such-page").await;
    b.wait_for_text("main h1", "Page not found").await;
    assert!(b.exists("nav.side-nav").await, "the menu is still there to go on from");
    b.stop().await;
}
