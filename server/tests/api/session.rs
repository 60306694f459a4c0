//! Console sign-in, sessions and sign-out, over HTTP against the real server.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;
use switchboard_server::storage::demo::DEMO_PASSWORD;
use switchboard_wire::paths::{SESSION, SESSION_COOKIE};
use switchboard_wire::{ConsoleAccess, ErrorCode, Session, Status};

#[tokio::test]
async fn an_admin_signs_in_with_a_strict_http_only_cookie_and_gets_the_console() {
    let app = spawn_app().await;
    let client = app.browser();
    let response = app.sign_in(&client, "NGarcia ", DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = set_cookie(&response, SESSION_COOKIE).expect("session cookie");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
        assert!(cookie.contains(flag), "{flag} missing from {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http must not set Secure: {cookie}");
    let session: Session = response.json().await.unwrap();
    assert_eq!(session.user.username, "ngarcia");
    assert_eq!(session.user.status, Status::Admin);
    assert_eq!(session.company.name, "Northwind Contact Center");
    assert!(matches!(&session.access, ConsoleAccess::Console { pages } if pages.len() == 5));

    let again: Session = client.get(app.url(SESSION)).send().await.unwrap().json().await.unwrap();
    assert_eq!(again, session);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE username = 'ngarcia' AND last_sign_in_at IS NOT NULL").await,
        1
    );
}

#[tokio::test]
async fn the_cookie_is_secure_when_served_over_https() {
    let app = spawn_app().await;
    let response = app
        .browser()
        .post(app.url(SESSION))
        .header("x-forwarded-proto", "https")
        .json(&json!({"username": "ngarcia", "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(set_cookie(&response, SESSION_COOKIE).is_none(), "over https only the __Host- cookie is set");
    let cookie = set_cookie(&response, &format!("__Host-{SESSION_COOKIE}")).expect("__Host- session cookie");
    assert!(cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
}

#[tokio::test]
async fn wrong_password_and_unknown_username_get_one_generic_message() {
    let app = spawn_app().await;
    let client = app.browser();
    let wrong = app.sign_in(&client, "ngarcia", "not-the-password").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(set_cookie(&wrong, SESSION_COOKIE).is_none());
    let wrong = error_body(wrong).await;
    let unknown = error_body(app.sign_in(&client, "nobody-here", DEMO_PASSWORD).await).await;
    assert_eq!(wrong.code, ErrorCode::InvalidCredentials);
    assert_eq!(wrong, unknown);
    assert_eq!(client.get(app.url(SESSION)).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.count("SELECT COUNT(*) FROM console_sessions").await, 0);
}

#[tokio::test]
async fn the_email_typed_as_username_is_refused_and_recorded_as_such() {
    let app = spawn_app().await;
    let response = app.sign_in(&app.browser(), "Tom.Nguyen@northwind.example", DEMO_PASSWORD).await;
    let refused = error_body(response).await;
    assert_eq!(refused.code, ErrorCode::InvalidCredentials);
    assert!(refused.message.starts_with("Sign in with your username, not your email address."), "{}", refused.message);
    // Said for every input with an '@', so it tells nobody whether such an account exists.
    let nobody = error_body(app.sign_in(&app.browser(), "no.one@nowhere.example", DEMO_PASSWORD).await).await;
    assert_eq!(nobody, refused);
    // Without an '@', the one generic message.
    let plain = error_body(app.sign_in(&app.browser(), "tnguyen", "not-the-password").await).await;
    assert_eq!(plain.message, "The username or password is not right.");
    let recorded = app
        .count(
            "SELECT COUNT(*) FROM console_sign_in_attempts a JOIN users u ON u.id = a.user_id
             WHERE u.username = 'tnguyen' AND a.outcome = 'used_email'",
        )
        .await;
    assert_eq!(recorded, 1);
}

#[tokio::test]
async fn a_user_sees_for_admin_access_only_with_the_admins_to_ask() {
    let app = spawn_app().await;
    let (_, session) = app.signed_in("tnguyen").await;
    assert_eq!(session.user.status, Status::User);
    let ConsoleAccess::AdminAccessOnly { admins, sign_in_email } = session.access else {
        panic!("a User must not get the console: {:?}", session.access);
    };
    let names: Vec<_> = admins.iter().map(|a| a.display_name.as_str()).collect();
    assert!(names.contains(&"Nora Garcia") && names.contains(&"Daniel Okafor"), "{names:?}");
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "admins are sorted: {names:?}");
    assert_eq!(sign_in_email, "tom.nguyen@northwind.example");
}

#[tokio::test]
async fn a_user_of_a_company_without_admins_is_told_to_raise_a_ticket_with_their_email() {
    let app = spawn_app().await;
    let (_, session) = app.signed_in("lwhite").await;
    assert_eq!(session.company.name, "Lakeside Dental Group");
    assert_eq!(
        session.access,
        ConsoleAccess::AdminAccessOnly { admins: vec![], sign_in_email: "laura.white@lakeside.example".into() }
    );
}

#[tokio::test]
async fn an_expired_trial_cannot_sign_in_and_says_why() {
    let app = spawn_app().await;
    let response = app.sign_in(&app.browser(), "kpatel", DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(set_cookie(&response, SESSION_COOKIE).is_none());
    let body = error_body(response).await;
    assert_eq!(body.code, ErrorCode::TrialExpired);
    assert!(body.message.contains("trial of Bluebird Outreach ended"), "{}", body.message);
    assert!(body.message.contains("sales representative"), "{}", body.message);
    assert_eq!(app.count("SELECT COUNT(*) FROM console_sessions").await, 0);
}

#[tokio::test]
async fn a_trial_that_expires_during_a_session_ends_it() {
    let app = spawn_app().await;
    let (client, session) = app.signed_in("ngarcia").await;
    sqlx::query("UPDATE companies SET trial_ends_at = 1 WHERE id = $1")
        .bind(session.company.id)
        .execute(app.db())
        .await
        .unwrap();
    let response = client.get(app.url(SESSION)).send().await.unwrap();
    assert_eq!(error_body(response).await.code, ErrorCode::TrialExpired);
    assert_eq!(app.count("SELECT COUNT(*) FROM console_sessions").await, 0);
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let client = app.browser();
    let response = app.sign_in(&client, "sbrooks", DEMO_PASSWORD).await;
    let cookie = set_cookie(&response, SESSION_COOKIE).unwrap();
    let token_pair = cookie.split(';').next().unwrap().to_string();
    let session: Session = response.json().await.unwrap();

    let out = client.delete(app.url(SESSION)).headers(csrf(&session)).send().await.unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(set_cookie(&out, SESSION_COOKIE).unwrap().contains("Max-Age=0"));

    // Replaying the old cookie by hand: the server no longer knows it.
    let replay = app.browser().get(app.url(SESSION)).header("cookie", token_pair).send().await.unwrap();
    assert_eq!(error_body(replay).await.code, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn sign_out_without_the_anti_forgery_token_is_refused() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in("ngarcia").await;
    let response = client.delete(app.url(SESSION)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_body(response).await.code, ErrorCode::CsrfRejected);
    let wrong = client.delete(app.url(SESSION)).header("x-csrf-token", "guess").send().await.unwrap();
    assert_eq!(error_body(wrong).await.code, ErrorCode::CsrfRejected);
    assert_eq!(client.get(app.url(SESSION)).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn sign_in_from_another_origin_is_refused() {
    let app = spawn_app().await;
    let response = app
        .browser()
        .post(app.url(SESSION))
        .header("origin", "https://evil.example")
        .json(&json!({"username": "ngarcia", "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_body(response).await.code, ErrorCode::CsrfRejected);
    assert_eq!(app.count("SELECT COUNT(*) FROM console_sessions").await, 0);
}

#[tokio::test]
async fn signing_in_again_rotates_the_session() {
    let app = spawn_app().await;
    let client = app.browser();
    let first = app.sign_in(&client, "ngarcia", DEMO_PASSWORD).await;
    let first_cookie = set_cookie(&first, SESSION_COOKIE).unwrap();
    let second = app.sign_in(&client, "ngarcia", DEMO_PASSWORD).await;
    let second_cookie = set_cookie(&second, SESSION_COOKIE).unwrap();
    assert_ne!(first_cookie, second_cookie);
    assert_eq!(app.count("SELECT COUNT(*) FROM console_sessions").await, 1, "the first session ended");
    let old = first_cookie.split(';').next().unwrap().to_string();
    let replay = app.browser().get(app.url(SESSION)).header("cookie", old).send().await.unwrap();
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn five_failures_lock_the_username_even_for_the_right_password() {
    let app = spawn_app().await;
    let client = app.browser();
    for _ in 0..5 {
        assert_eq!(app.sign_in(&client, "dokafor", "wrong").await.status(), StatusCode::UNAUTHORIZED);
    }
    // This browser never signed in as dokafor: it is a stranger's, and must wait.
    let locked = app.sign_in(&client, "dokafor", DEMO_PASSWORD).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.headers().get("retry-after").unwrap(), "60");
    assert_eq!(error_body(locked).await.code, ErrorCode::TooManyAttempts);
    // Another username is not affected.
    assert_eq!(app.sign_in(&client, "ngarcia", DEMO_PASSWORD).await.status(), StatusCode::OK);
}

const MINUTE: i64 = 60_000;

#[tokio::test]
async fn an_idle_session_ends_after_30_minutes_and_activity_extends_it() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in("ngarcia").await;
    let get = || client.get(app.url(SESSION)).send();
    // The server's clock moves; the browser's cookie (Max-Age 12 h) is sent every time.
    app.server.clock.advance(29 * MINUTE);
    assert_eq!(get().await.unwrap().status(), StatusCode::OK);
    app.server.clock.advance(29 * MINUTE);
    assert_eq!(get().await.unwrap().status(), StatusCode::OK, "activity extended the idle window");
    app.server.clock.advance(31 * MINUTE);
    let body = error_body(get().await.unwrap()).await;
    assert_eq!(body.code, ErrorCode::Unauthenticated);
    assert!(body.message.contains("expired"), "{}", body.message);
    assert_eq!(app.count("SELECT COUNT(*) FROM console_sessions").await, 0, "the idle session is ended");
}

#[tokio::test]
async fn a_session_ends_12_hours_after_sign_in_however_active() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in("ngarcia").await;
    let get = || client.get(app.url(SESSION)).send();
    for step in 1..=28 {
        app.server.clock.advance(25 * MINUTE);
        assert_eq!(get().await.unwrap().status(), StatusCode::OK, "{} minutes in", step * 25);
    }
    app.server.clock.advance(25 * MINUTE);
    let body = error_body(get().await.unwrap()).await;
    assert_eq!(body.code, ErrorCode::Unauthenticated, "725 minutes after sign-in");
    assert!(body.message.contains("expired"), "{}", body.message);
    assert_eq!(app.count("SELECT COUNT(*) FROM console_sessions").await, 0, "the session is ended");
}
