//! The Overview's figures: one request, scoped to the company, moving with what happens.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;
use switchboard_server::storage::demo::{DEMO_AGENT_PASSCODE, DEMO_PASSWORD};
use switchboard_wire::paths::{
    AGENT_EVENTS, CONTACTS, EXPORT_CONTACTS, EXPORT_USERS, OVERVIEW, SUPPORT_REQUESTS, USERS,
};
use switchboard_wire::{AgentState, ContactCause, ContactPage, Overview, RefusalReason, SignInCause, Status, UserPage};

async fn overview(client: &reqwest::Client, app: &TestApp) -> Overview {
    let response = client.get(app.url(OVERVIEW)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn reason(o: &Overview, reason: RefusalReason) -> i64 {
    o.refusals.by_reason.iter().find(|r| r.reason == reason).map_or(0, |r| r.count)
}

fn cause(o: &Overview, cause: SignInCause) -> i64 {
    o.sign_ins.by_cause.iter().find(|c| c.cause == cause).map_or(0, |c| c.users)
}

#[tokio::test]
async fn the_overview_counts_the_companys_day_and_moves_with_it() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("ngarcia").await;
    let before = overview(&admin, &app).await;
    let logged_on = app.count("SELECT COUNT(*) FROM agent_sessions WHERE company_id = 1 AND ended_at IS NULL").await;
    assert_eq!(before.agents.logged_on, logged_on);
    assert_eq!(before.agents.by_state.iter().map(|s| s.count).sum::<i64>(), logged_on);
    assert_eq!(before.agents.by_state.iter().map(|s| s.state).collect::<Vec<_>>(), AgentState::ALL);
    assert!(before.agents.stale >= 1, "the demo's stale agent");
    assert_eq!(before.refusals.per_quarter_hour.len(), Overview::BUCKETS);
    assert_eq!(before.at.0 - before.since.0, 24 * 3_600_000);
    // Sven's logins were lost on a VPN a few minutes before the data was made.
    assert!(before.contacts.by_cause.iter().any(|c| c.cause == ContactCause::Vpn && c.contacts >= 1));
    assert_eq!(before.open_support_requests, 0);

    // An agent logs on; another's passcode is wrong; another company's too.
    assert_eq!(agent_login(&app, "northwind", "1020", "2468", "S20").await.status(), StatusCode::OK);
    agent_login(&app, "northwind", "1025", "0000", "S25").await;
    agent_login(&app, "lakeside", "1001", "0000", "L1").await;
    // A console user gets her password wrong, twice: she is one user who could not get in.
    for _ in 0..2 {
        app.sign_in(&app.browser(), "ngarcia", "not-it").await;
    }
    let after = overview(&admin, &app).await;
    assert_eq!(after.agents.logged_on, before.agents.logged_on + 1);
    let available = |o: &Overview| o.agents.by_state.iter().find(|s| s.state == AgentState::Available).unwrap().count;
    assert_eq!(available(&after), available(&before) + 1, "a new session starts available");
    assert_eq!(after.refusals.total, before.refusals.total + 1, "Lakeside's refusal is not Northwind's");
    assert_eq!(reason(&after, RefusalReason::WrongPasscode), reason(&before, RefusalReason::WrongPasscode) + 1);
    let last = Overview::BUCKETS - 1;
    assert_eq!(after.refusals.per_quarter_hour[last], before.refusals.per_quarter_hour[last] + 1);
    assert_eq!(cause(&after, SignInCause::WrongPassword), cause(&before, SignInCause::WrongPassword) + 1);

    // Five wrong passwords lock a username out.
    for _ in 0..5 {
        app.sign_in(&app.browser(), "dokafor", "guess").await;
    }
    let locked = overview(&admin, &app).await;
    assert_eq!(locked.sign_ins.locked_now, after.sign_ins.locked_now + 1);
    // Tom signs in and meets "For Admin Access Only".
    app.signed_in("tnguyen").await;
    assert!(cause(&overview(&admin, &app).await, SignInCause::NotAnAdmin) >= 1);
}

#[tokio::test]
async fn the_overview_is_for_support_and_admins_of_the_company_only() {
    let app = spawn_app().await;
    assert_eq!(app.browser().get(app.url(OVERVIEW)).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let (user, _) = app.signed_in("tnguyen").await;
    let refused = user.get(app.url(OVERVIEW)).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    error_body(refused).await;
    let (support, _) = app.signed_in("sbrooks").await;
    overview(&support, &app).await;

    // Lakeside's open request shows on Lakeside's overview, not Northwind's.
    let laura = app.signed_in("lwhite").await;
    let filed = laura.0.post(app.url(SUPPORT_REQUESTS)).headers(csrf(&laura.1)).json(&json!({ "cause": "no_admin" }));
    assert_eq!(filed.send().await.unwrap().status(), StatusCode::CREATED);
    make_admin(&app, "pcho").await;
    let peter = app.browser();
    assert_eq!(app.sign_in(&peter, "pcho", DEMO_PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(overview(&peter, &app).await.open_support_requests, 1);
    assert_eq!(overview(&support, &app).await.open_support_requests, 0);
}

/// The users list behind a figure: `?failed=` or `?locked=`, as the Overview links it.
async fn users_behind(client: &reqwest::Client, app: &TestApp, query: &str) -> UserPage {
    let response = client.get(app.url(&format!("{USERS}?{query}"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    response.json().await.unwrap()
}

async fn contacts_behind(client: &reqwest::Client, app: &TestApp, query: &str) -> ContactPage {
    let response = client.get(app.url(&format!("{CONTACTS}?{query}"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    response.json().await.unwrap()
}

fn usernames(page: &UserPage) -> Vec<&str> {
    page.users.iter().map(|u| u.username.as_str()).collect()
}

#[tokio::test]
async fn a_click_on_a_figure_lists_the_people_it_counts() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("ngarcia").await;
    // Daniel gets his password wrong until he is locked out; Tom meets "For Admin Access Only".
    for _ in 0..5 {
        app.sign_in(&app.browser(), "dokafor", "guess").await;
    }
    app.signed_in("tnguyen").await;
    let o = overview(&admin, &app).await;

    let wrong = users_behind(&admin, &app, "failed=wrong_password").await;
    assert_eq!(wrong.total, cause(&o, SignInCause::WrongPassword));
    assert_eq!(usernames(&wrong), ["dokafor"]);
    let used_email = users_behind(&admin, &app, "failed=used_email").await;
    assert_eq!(used_email.total, cause(&o, SignInCause::UsedEmail));
    assert_eq!(usernames(&used_email), ["rmorales"], "the demo's Rosa types her email");
    let not_admin = users_behind(&admin, &app, "failed=not_an_admin").await;
    assert_eq!(not_admin.total, cause(&o, SignInCause::NotAnAdmin));
    assert!(usernames(&not_admin).contains(&"tnguyen"));
    assert!(not_admin.users.iter().all(|u| u.status == Status::User));
    let locked = users_behind(&admin, &app, "locked=true").await;
    assert_eq!(locked.total, o.sign_ins.locked_now);
    assert_eq!(usernames(&locked), ["dokafor"]);
    // The figure's filter goes with the list's own: a search, a status, both sets.
    assert_eq!(users_behind(&admin, &app, "failed=wrong_password&q=okafor").await.total, 1);
    assert_eq!(users_behind(&admin, &app, "failed=wrong_password&q=garcia").await.total, 0);
    assert_eq!(users_behind(&admin, &app, "failed=wrong_password&status=user").await.total, 0);
    assert_eq!(users_behind(&admin, &app, "failed=wrong_password&locked=true").await.total, 1);
    assert_eq!(users_behind(&admin, &app, "failed=used_email&locked=true").await.total, 0);

    for c in &o.contacts.by_cause {
        let page = contacts_behind(&admin, &app, &format!("failed={}", c.cause.as_str())).await;
        assert_eq!(page.total, c.contacts, "{:?}", c.cause);
        assert_eq!(page.contacts.len() as i64, c.contacts.min(25), "{:?}", c.cause);
    }
    let vpn = contacts_behind(&admin, &app, "failed=vpn").await;
    assert_eq!(vpn.contacts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Sven Lindqvist"]);
    assert_eq!(contacts_behind(&admin, &app, "failed=vpn&q=priya").await.total, 0);
    assert_eq!(contacts_behind(&admin, &app, "failed=wrong_code").await.total, 0);

    // The export of the filtered list is those rows.
    let csv = admin.get(app.url(&format!("{EXPORT_USERS}?failed=wrong_password"))).send().await.unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    assert_eq!(text.lines().count(), 2, "a header and Daniel: {text}");
    assert!(text.contains("dokafor"));

    // Another company sees none of Northwind's people behind its figures.
    make_admin(&app, "pcho").await;
    let (lakeside, _) = app.signed_in("pcho").await;
    assert_eq!(users_behind(&lakeside, &app, "failed=wrong_password").await.total, 0);
    assert_eq!(users_behind(&lakeside, &app, "locked=true").await.total, 0);
    assert_eq!(contacts_behind(&lakeside, &app, "failed=vpn").await.total, 0);
}

#[tokio::test]
async fn a_figure_filter_the_server_does_not_know_is_refused() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("ngarcia").await;
    for path in [
        format!("{USERS}?failed=bad_luck"),
        format!("{USERS}?locked=maybe"),
        format!("{CONTACTS}?failed=wrong_password"),
        format!("{EXPORT_CONTACTS}?failed=nope"),
    ] {
        let response = admin.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let body = error_body(response).await;
        assert_eq!(body.fields[0].field, if path.contains("locked") { "locked" } else { "failed" }, "{path}");
    }
}

#[tokio::test]
async fn a_failed_sign_in_tells_the_companys_open_overviews_and_no_other() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("ngarcia").await;
    let mut northwind = admin.get(app.url(AGENT_EVENTS)).send().await.unwrap();
    assert_eq!(northwind.status(), StatusCode::OK);
    make_admin(&app, "pcho").await;
    let (lakeside_admin, _) = app.signed_in("pcho").await;
    let mut lakeside = lakeside_admin.get(app.url(AGENT_EVENTS)).send().await.unwrap();
    let wait = std::time::Duration::from_secs(5);

    app.sign_in(&app.browser(), "dokafor", "guess").await;
    read_until(&mut northwind, "{\"kind\":\"figures\"}", wait).await.expect("Northwind's Overview is told");
    // A stranger's unknown username names no company; Lakeside's stream hears only its own.
    app.sign_in(&app.browser(), "nobody-here", "guess").await;
    let own = agent_login(&app, "lakeside", "1002", DEMO_AGENT_PASSCODE, "Desk 2").await;
    assert_eq!(own.status(), StatusCode::OK);
    let heard = read_until(&mut lakeside, "\"agent_number\":\"1002\"", wait).await.expect("Lakeside hears its own");
    assert!(!heard.contains("figures"), "Lakeside was told of Northwind's failed sign-in: {heard}");
    // Tom meets "For Admin Access Only", a second later (a burst is told once a second).
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    app.signed_in("tnguyen").await;
    read_until(&mut northwind, "{\"kind\":\"figures\"}", wait).await.expect("told of Tom");
}

#[tokio::test]
async fn the_people_behind_a_figure_page_in_the_lists_order() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("ngarcia").await;
    // Thirty of Northwind's users got their password wrong a minute ago: more than a page.
    let now = app.server.clock.now();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM users WHERE company_id = 1 ORDER BY id LIMIT 30")
        .fetch_all(app.db())
        .await
        .unwrap();
    assert_eq!(ids.len(), 30, "the demo has enough users");
    for id in &ids {
        sqlx::query("INSERT INTO console_sign_in_attempts (identifier, user_id, outcome, at) VALUES ('x', $1, 'wrong_password', $2)")
            .bind(id)
            .bind(now - 60_000)
            .execute(app.db())
            .await
            .unwrap();
    }
    assert_eq!(cause(&overview(&admin, &app).await, SignInCause::WrongPassword), 30);
    let first = users_behind(&admin, &app, "failed=wrong_password&sort=username").await;
    assert_eq!((first.total, first.users.len()), (30, 25));
    let after = first.next_after.expect("a second page");
    let second = users_behind(&admin, &app, &format!("failed=wrong_password&sort=username&after={after}")).await;
    assert_eq!(second.users.len(), 5);
    assert_eq!(second.next_after, None);
    let back =
        users_behind(&admin, &app, &format!("failed=wrong_password&sort=username&before={}", second.users[0].id)).await;
    assert_eq!(usernames(&back), usernames(&first), "Previous is the first page again");
    let mut all: Vec<&str> = usernames(&first);
    all.extend(usernames(&second));
    let mut sorted = all.clone();
    sorted.sort_unstable();
    assert_eq!(all, sorted, "in the list's order");
    let mut expected: Vec<String> = Vec::new();
    for id in &ids {
        let name: String =
            sqlx::query_scalar("SELECT username FROM users WHERE id = $1").bind(id).fetch_one(app.db()).await.unwrap();
        expected.push(name);
    }
    expected.sort_unstable();
    assert_eq!(all, expected.iter().map(String::as_str).collect::<Vec<_>>(), "exactly the thirty");
}
