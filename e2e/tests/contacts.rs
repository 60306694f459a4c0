//! Contact cards in headless Chromium against the release build and the real server.

use crate::support::{Browser, DEMO_PASSWORD};

async fn open_card(b: &Browser, search: &str, name: &str) -> String {
    b.open("/contacts").await;
    b.wait_for_text("main h1", "Contacts").await;
    let input = b.find("#contact-search").await;
    input.clear().await.unwrap();
    input.send_keys(search).await.unwrap();
    // The unfiltered first page may list the name too: wait for the answer to this search.
    b.wait_for_path(&format!("/contacts?q={}", switchboard_wire::query::encode(search))).await;
    b.wait_for_text("table.contacts:not(.loading) tbody", name).await;
    b.click_link(name).await;
    b.wait_for_path_prefix("/contacts/").await;
    b.wait_for_text("main h1", name).await;
    b.path().await
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn support_finds_a_contact_by_phone_in_another_format_and_reads_the_card() {
    let b = Browser::start().await;
    b.open("/contacts").await;
    b.sign_in("sbrooks", DEMO_PASSWORD).await;
    // Signed in and back on the page: a navigation before that would abort the sign-in.
    b.wait_for_text("main h1", "Contacts").await;
    let card = open_card(&b, "555.010.0199", "Jonas Berg").await;
    assert!(b.texts("table.contacts").await.is_empty(), "on the card now");
    b.wait_for_text("[data-test=email]", "jonas.berg@mail.example").await;
    // Stored as +15550100199; Northwind is in the US, so written nationally.
    b.wait_for_text("[data-test=phone]", "(555) 010-0199").await;
    b.wait_for_text("[data-test=email-opt-out]", "Receives messages").await;
    let sms = b.wait_for_text("[data-test=sms-opt-out]", "Opted out on").await;
    assert!(sms.contains("Replied STOP to a code text"), "{sms}");
    let why = b.wait_for_text("[data-test=diagnosis]", "They opted out of SMS").await;
    assert!(why.contains("What to do: Ask them to choose the email option"), "{why}");

    // The card is a deep link, and Back returns to the search.
    b.open(&card).await;
    b.wait_for_text("[data-test=phone]", "(555) 010-0199").await;
    b.client.back().await.unwrap();
    b.wait_for_path("/contacts?q=555.010.0199").await;
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn the_diagnosis_names_the_right_cause_for_contacts_in_different_states() {
    let b = Browser::start().await;
    b.open("/contacts").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    // Signed in and back on the page: a navigation before that would abort the sign-in.
    b.wait_for_text("main h1", "Contacts").await;
    let cases = [
        ("Carlos", "Carlos Mendes", "1 check failed.", "used an older one"),
        ("Hannah", "Hannah Kim", "1 check failed.", "“Q3 benefits update”, which is not published to them"),
        ("oliver.wright@MAIL", "Oliver Wright", "1 check failed.", "new devices or browsers in the last 14 days"),
        ("Grace", "Grace Liu", "1 check failed.", "No code arrived by Email"),
        ("Rivera", "Tomás Rivera", "1 check failed.", "No email address and no phone number are registered."),
        ("Priya", "Priya Shah", "Every check passes.", "Email priya.shah@mail.example and phone"),
        ("Lindqvist", "Sven Lindqvist", "1 check failed.", "did not hold 2 time(s) from a VPN"),
    ];
    for (search, name, verdict, finding) in cases {
        open_card(&b, search, name).await;
        let diagnosis = b.wait_for_text("[data-test=diagnosis]", verdict).await;
        assert!(diagnosis.contains(finding), "{name}: {diagnosis}");
        if verdict != "Every check passes." {
            let failed = b.texts("[data-test=check-failed]").await;
            assert_eq!(failed.len(), 1, "{name}: {failed:?}");
            assert!(failed[0].contains(finding), "{name}: the failed check is the cause: {failed:?}");
        }
        if name == "Tomás Rivera" {
            assert_eq!(b.wait_for_text("[data-test=email]", "None registered").await, "None registered");
            assert_eq!(b.wait_for_text("[data-test=phone]", "None registered").await, "None registered");
            // Nothing registered receives nothing, and every empty section says so.
            b.wait_for_text("[data-test=email-opt-out]", "No email registered").await;
            b.wait_for_text("[data-test=sms-opt-out]", "No phone registered").await;
            let card = b.wait_for_text("main", "No code was sent.").await;
            for empty in [
                "No device or browser of theirs is recognised",
                "No message is published to them",
                "No login attempt is recorded.",
            ] {
                assert!(card.contains(empty), "{name}: {empty:?} missing in {card}");
            }
        }
        if name == "Sven Lindqvist" {
            let why = b.wait_for_text("[data-test=diagnosis]", "turn the VPN off").await;
            assert!(why.contains("Logs in from an ordinary network"), "{why}");
            b.wait_for_text("main", "by Email: Code accepted, but the login did not hold").await;
            b.wait_for_text("main", "from a VPN").await;
        }
        if name == "Priya Shah" {
            // Her newest code let her in: it cannot be used again.
            b.wait_for_text("[data-test=codes]", "Newest, already used: ask them to request a new one").await;
        }
    }
    b.stop().await;
}
