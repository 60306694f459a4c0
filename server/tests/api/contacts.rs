//! Contacts and contact cards over HTTP.

use crate::common::*;
use reqwest::{Client, StatusCode};
use switchboard_wire::{Channel, ContactCard, ContactCheckKind, ContactPage, ErrorCode};

async fn search(app: &TestApp, client: &Client, q: &str) -> ContactPage {
    let url = app.url(&format!("{CONTACTS}?q={}", switchboard_wire::query::encode(q)));
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{q}");
    response.json().await.unwrap()
}

async fn card_of(app: &TestApp, client: &Client, name: &str) -> ContactCard {
    let found = search(app, client, name).await;
    let id = found.contacts.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("{name} not found")).id;
    client.get(app.url(&paths::contact(id))).send().await.unwrap().json().await.unwrap()
}

fn failed(card: &ContactCard) -> Vec<ContactCheckKind> {
    card.checks.iter().filter(|c| !c.passed).map(|c| c.check).collect()
}

#[tokio::test]
async fn a_phone_number_finds_its_contact_in_any_format_and_emails_in_any_case() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in("sbrooks").await;
    for q in ["+1 (555) 010-0199", "555.010.0199", "15550100199", "010-0199", "JONAS.BERG@MAIL.EXAMPLE", "jonas"] {
        let found = search(&app, &client, q).await;
        assert_eq!(found.contacts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Jonas Berg"], "{q}");
        assert!(found.contacts[0].sms_opted_out);
    }
    let all = search(&app, &client, "").await;
    assert_eq!(all.total, demo_shape().contacts as i64);
    assert_eq!(all.contacts.len(), 25);
    assert_eq!(search(&app, &client, "%").await.total, 0);
}

#[tokio::test]
async fn the_card_shows_registration_opt_outs_codes_devices_and_messages() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in("sbrooks").await;
    let jonas = card_of(&app, &client, "Jonas Berg").await;
    assert_eq!(jonas.email.as_deref(), Some("jonas.berg@mail.example"));
    assert_eq!(jonas.phone.as_deref(), Some("+15550100199"));
    assert_eq!(jonas.opt_outs.len(), 1);
    assert_eq!(jonas.opt_outs[0].channel, Channel::Sms);
    assert_eq!(jonas.opt_outs[0].how, "Replied STOP to a code text");
    assert_eq!(jonas.messages.len(), 2);

    let carlos = card_of(&app, &client, "Carlos Mendes").await;
    assert_eq!(carlos.codes.len(), 4);
    assert!(carlos.codes[0].newest && carlos.codes[1..].iter().all(|c| !c.newest));
    assert!(carlos.codes.windows(2).all(|w| w[0].sent_at >= w[1].sent_at), "newest first");
    assert_eq!(carlos.attempts[0].outcome, "Used an older code");

    let tomas = card_of(&app, &client, "Tomás Rivera").await;
    assert_eq!((tomas.email, tomas.phone), (None, None));

    // The codes themselves never leave the server: not even their hashes (checked by value).
    let id = search(&app, &client, "Carlos Mendes").await.contacts[0].id;
    let raw = client.get(app.url(&paths::contact(id))).send().await.unwrap().text().await.unwrap();
    assert!(app.count(&format!("SELECT COUNT(*) FROM confirmation_codes WHERE contact_id = {id}")).await > 0);
    assert_no_secrets(&app, &raw).await;
}

#[tokio::test]
async fn the_diagnosis_names_the_cause_of_each_demo_contact() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in("ngarcia").await;
    let expected: [(&str, &[ContactCheckKind]); 10] = [
        ("Priya Shah", &[]),
        ("Marcus Lee", &[]),
        ("Elena Petrova", &[]),
        ("Tomás Rivera", &[ContactCheckKind::Registered]),
        ("Jonas Berg", &[ContactCheckKind::NotOptedOut, ContactCheckKind::TriedBothChannels]),
        ("Aisha Bello", &[ContactCheckKind::NotOptedOut, ContactCheckKind::TriedBothChannels]),
        ("Grace Liu", &[ContactCheckKind::TriedBothChannels]),
        ("Carlos Mendes", &[ContactCheckKind::NewestCode]),
        ("Hannah Kim", &[ContactCheckKind::MessagePublished]),
        ("Oliver Wright", &[ContactCheckKind::KeepsDevice]),
    ];
    for (name, causes) in expected {
        let card = card_of(&app, &client, name).await;
        assert_eq!(failed(&card), causes, "{name}: {:#?}", card.checks);
        assert!(card.checks.iter().all(|c| c.passed == c.fix.is_none()), "{name}: a fix for each failure only");
    }
    let hannah = card_of(&app, &client, "Hannah Kim").await;
    let why = hannah.checks.iter().find(|c| !c.passed).unwrap();
    assert!(why.finding.contains("“Q3 benefits update”"), "{}", why.finding);
}

#[tokio::test]
async fn only_admins_and_support_of_the_company_read_contacts() {
    let app = spawn_app().await;
    let (support, _) = app.signed_in("sbrooks").await;
    let jonas = search(&app, &support, "Jonas").await.contacts[0].id;
    let card = paths::contact(jonas);

    let anonymous = app.browser();
    assert_eq!(anonymous.get(app.url(CONTACTS)).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.get(app.url(&card)).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);

    let (user, _) = app.signed_in("tnguyen").await;
    assert_eq!(user.get(app.url(CONTACTS)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(user.get(app.url(&card)).send().await.unwrap().status(), StatusCode::FORBIDDEN);

    sqlx::query("UPDATE users SET status = 'admin' WHERE username = 'lwhite'").execute(app.db()).await.unwrap();
    let (other, _) = app.signed_in("lwhite").await;
    let response = other.get(app.url(&card)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_body(response).await.code, ErrorCode::NotFound);
    assert_eq!(search(&app, &other, "Jonas").await.total, 0);
    assert_eq!(search(&app, &other, "").await.total, 0, "Lakeside has no contacts");
}

#[tokio::test]
async fn bad_contact_requests_get_a_clear_4xx() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in("sbrooks").await;
    let before = app.count("SELECT CAST(COUNT(*) + SUM(id) AS BIGINT) FROM contacts").await;
    let cases = [
        (&paths::contact("abc"), StatusCode::BAD_REQUEST, ErrorCode::BadRequest),
        (&paths::contact(-4), StatusCode::BAD_REQUEST, ErrorCode::BadRequest),
        (&paths::contact(987654), StatusCode::NOT_FOUND, ErrorCode::NotFound),
        (&format!("{CONTACTS}?color=red"), StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation),
        (&format!("{CONTACTS}?page=0"), StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation),
    ];
    for (path, status, code) in cases {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), status, "{path}");
        let body = error_body(response).await;
        assert_eq!(body.code, code, "{path}");
        assert!(!body.message.contains("panicked") && !body.message.contains("sqlx"), "{}", body.message);
    }
    let long = format!("{CONTACTS}?q={}", "5".repeat(101));
    let response = client.get(app.url(&long)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_body(response).await.fields[0].field, "q");
    assert_eq!(app.count("SELECT CAST(COUNT(*) + SUM(id) AS BIGINT) FROM contacts").await, before);
}

#[tokio::test]
async fn phone_numbers_are_written_as_the_company_s_country_writes_them() {
    let app = spawn_app().await;
    let (client, session) = app.signed_in("sbrooks").await;
    assert_eq!(session.company.country, "US");
    let registered = |card: &ContactCard| card.checks[0].finding.clone();
    let jonas = card_of(&app, &client, "Jonas Berg").await;
    // The wire keeps E.164; the server's sentence reads as a person in the US writes it.
    assert_eq!(jonas.phone.as_deref(), Some("+15550100199"));
    assert_eq!(registered(&jonas), "Email jonas.berg@mail.example and phone (555) 010-0199 are registered.");

    // The same company elsewhere: +1 is a number abroad, written in E.164.
    sqlx::query("UPDATE companies SET country = 'GB' WHERE id = $1")
        .bind(session.company.id)
        .execute(app.db())
        .await
        .unwrap();
    let again: switchboard_wire::Session = client.get(app.url(SESSION)).send().await.unwrap().json().await.unwrap();
    assert_eq!(again.company.country, "GB");
    let jonas = card_of(&app, &client, "Jonas Berg").await;
    assert_eq!(registered(&jonas), "Email jonas.berg@mail.example and phone +15550100199 are registered.");
}
