//! The vendor's side of the support ticket, walked in the browser: a person files a request
//! where the console says to, an operator (Switchboard's own support staff, in their own
//! console at /operator) answers it, and the person signs in to the answer.

use crate::accessibility::{assert_accessible, axe_source};
use crate::layout::assert_fits;
use crate::support::{Browser, DEMO_PASSWORD};
use switchboard_server::storage::demo::DEMO_OPERATOR;

/// Signs in to the operators' console with the keyboard.
async fn operator_signs_in(b: &Browser) {
    b.open("/operator").await;
    b.wait_for_text("[data-test=operator-notice]", "Switchboard's own support staff").await;
    let user = b.find("#operator-username").await;
    user.send_keys(DEMO_OPERATOR.0).await.unwrap();
    b.find("#operator-password").await.send_keys(&format!("{DEMO_PASSWORD}\u{E007}")).await.unwrap();
    b.wait_for_text("[data-test=operator-name]", "Maya Rivera").await;
}

async fn sign_out(b: &Browser) {
    b.find("header button.sign-out").await.click().await.unwrap();
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn no_admin_notice_then_a_request_then_an_operator_appoints_the_first_admin() {
    let axe = axe_source();
    let b = Browser::start().await;
    b.open("/sign-in").await;
    b.sign_in("lwhite", DEMO_PASSWORD).await;
    b.wait_for_text("main h1", "For Admin Access Only").await;
    b.wait_for_text("[data-test=no-admin]", "laura.white@lakeside.example").await;
    b.find("[data-test=ask-support]").await.click().await.unwrap();
    b.wait_for_text("[data-test=support-request]", "is open").await;
    assert_eq!(b.sql_count("SELECT COUNT(*) FROM support_requests WHERE state = 'open'").await, 1);
    // Reloaded, the notice still says so (the session carries her requests).
    b.open("/").await;
    b.wait_for_text("[data-test=support-request]", "is open").await;
    assert!(!b.exists("[data-test=ask-support]").await, "filed once, no second button");
    assert_accessible(&b, &axe, "For Admin Access Only, request filed").await;
    sign_out(&b).await;
    b.wait_for_path_prefix("/sign-in").await;

    // The operator, in the same browser: a session apart from the company's.
    operator_signs_in(&b).await;
    b.wait_for_text("main h1", "Open support requests").await;
    let card = b.wait_for_text("[data-test=request]", "Lakeside Dental Group").await;
    assert!(card.contains("laura.white@lakeside.example") && card.contains("has no admin"), "{card}");
    assert_accessible(&b, &axe, "operators' queue").await;
    b.set_viewport(320, 800).await;
    assert_fits(&b, "operators' queue at 320 px").await;
    b.set_viewport(1280, 900).await;
    // Making someone an admin asks first; Cancel changes nothing.
    b.find("[data-test=appoint-admin]").await.click().await.unwrap();
    b.wait_for_text("[data-test=request] .confirm", "Make Laura White an admin of Lakeside Dental Group?").await;
    assert_accessible(&b, &axe, "operators' queue, a confirmation").await;
    b.find("[data-test=confirm]").await.click().await.unwrap();
    b.wait_for_text("[data-test=answered-now]", "Laura White was made the first admin of Lakeside Dental Group.").await;
    b.wait_for_text("[data-test=queue-summary]", "No open requests").await;
    // The answered list keeps it, with who answered.
    b.click_link("Answered").await;
    b.wait_for_path("/operator?state=answered").await;
    b.wait_for_text("[data-test=answer]", "Maya Rivera").await;
    b.client.back().await.unwrap();
    b.wait_for_text("main h1", "Open support requests").await;
    sign_out(&b).await;
    b.wait_for_text("[role=status]", "You have signed out.").await;

    // Laura signs in to the console (its Overview, now that she is an admin), sees the answer, and the audit log says who did it.
    b.open("/sign-in").await;
    b.sign_in("lwhite", DEMO_PASSWORD).await;
    b.wait_for_path("/overview").await;
    b.wait_for_text("main h1", "Overview").await;
    b.wait_for_text("[data-test=support-notices]", "Switchboard support answered your request").await;
    b.find("nav.side-nav a[href='/audit']").await.click().await.unwrap();
    b.wait_for_text("[data-test=support-actor]", "Switchboard support (Maya Rivera), answering request #").await;
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn an_expired_trial_is_extended_by_an_operator_and_its_admin_signs_in() {
    let b = Browser::start().await;
    b.open("/sign-in").await;
    b.sign_in("kpatel", DEMO_PASSWORD).await;
    b.wait_for_text("[data-test=sign-in-error]", "trial of Bluebird Outreach ended").await;
    b.find("[data-test=ask-support]").await.click().await.unwrap();
    b.wait_for_text("[data-test=support-request]", "is open").await;

    operator_signs_in(&b).await;
    b.wait_for_text("[data-test=request]", "Bluebird Outreach").await;
    let days = b.find("[data-test=request] input[type=number]").await;
    days.clear().await.unwrap();
    days.send_keys("30").await.unwrap();
    b.find("[data-test=extend-trial]").await.click().await.unwrap();
    b.wait_for_text("[data-test=answered-now]", "The trial of Bluebird Outreach was extended to").await;
    assert_eq!(b.sql_count("SELECT COUNT(*) FROM audit_log WHERE action = 'trial_changed'").await, 1);

    b.open("/sign-in").await;
    b.sign_in("kpatel", DEMO_PASSWORD).await;
    b.wait_for_path("/overview").await;
    b.wait_for_text("[data-test=support-notices]", "was extended to").await;
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn support_staff_ask_for_a_locked_out_colleague_to_be_unlocked() {
    let b = Browser::start().await;
    for _ in 0..5 {
        let client = reqwest::Client::new();
        let url = b.server.url(switchboard_wire::paths::SESSION);
        client.post(url).json(&serde_json::json!({ "username": "dokafor", "password": "guess" })).send().await.unwrap();
    }
    b.open("/sign-in").await;
    b.sign_in("sbrooks", DEMO_PASSWORD).await;
    b.wait_for_path("/overview").await;
    b.open("/admins?q=dokafor").await;
    b.find("tr[data-username=dokafor] button.name").await.click().await.unwrap();
    b.wait_for_text("[data-test=lockout]", "Locked after 5 failed sign-ins").await;
    // Support cannot clear it; they ask Switchboard support.
    b.find("[data-test=lockout] [data-test=ask-support]").await.click().await.unwrap();
    b.wait_for_text("[data-test=lockout] [data-test=support-request]", "is open").await;
    sign_out(&b).await;
    b.wait_for_path_prefix("/sign-in").await;

    operator_signs_in(&b).await;
    b.wait_for_text("[data-test=request]", "Daniel Okafor").await;
    b.find("[data-test=unlock]").await.click().await.unwrap();
    b.wait_for_text("[data-test=answered-now]", "Daniel Okafor may sign in again").await;
    b.open("/sign-in").await;
    b.sign_in("dokafor", DEMO_PASSWORD).await;
    b.wait_for_path("/overview").await;
    b.stop().await;
}
