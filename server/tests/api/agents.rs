//! The Status page's API: the live board and Force Logout, and who may use them.

use crate::common::*;
use reqwest::{Client, StatusCode};
use serde_json::json;
use switchboard_server::storage::demo::{DEMO_AGENT_PASSCODE, STALE_AGENT};
use switchboard_wire::{AgentBoard, AgentSession, ErrorCode, ForceLogoutResult, RefusalReason, RefusedPage, Session};

async fn agent_logs_on(app: &TestApp, number: &str, station: &str) -> AgentSession {
    let response = Client::new()
        .post(app.url(&paths::agent_service_login("northwind")))
        .json(&json!({ "agent_number": number, "passcode": DEMO_AGENT_PASSCODE, "station": station }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn board(app: &TestApp, client: &Client) -> AgentBoard {
    let response = client.get(app.url(AGENTS)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn force(app: &TestApp, client: &Client, session: &Session, id: i64) -> reqwest::Response {
    client.post(app.url(&paths::force_logout(id))).headers(csrf(session)).send().await.unwrap()
}

#[tokio::test]
async fn the_board_lists_logged_on_agents_marks_stale_ones_and_shows_refusals() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in("sbrooks").await;
    let before = board(&app, &client).await;
    assert_eq!(before.agents.len(), 12, "the demo's logged-on agents");
    // One phone of the demo stopped sending heartbeats long ago; every other one is live.
    let stale: Vec<&str> = before.agents.iter().filter(|a| a.stale).map(|a| a.agent_number.as_str()).collect();
    assert_eq!(stale, [STALE_AGENT]);
    let names: Vec<String> = before.agents.iter().map(|a| a.name.to_lowercase()).collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "by name");

    let session = agent_logs_on(&app, "1020", "Station 20").await;
    let after = board(&app, &client).await;
    assert_eq!(after.agents.len(), 13);
    assert!(after
        .agents
        .iter()
        .any(|a| a.agent_number == "1020" && a.station == "Station 20" && a.name == session.agent_name));

    // Time passes without heartbeats: every session turns stale; the one agent who then
    // sends a heartbeat is live again (the board follows heartbeats, not only events).
    app.server.clock.advance(91_000);
    let stale = board(&app, &client).await;
    assert!(stale.agents.iter().all(|a| a.stale), "no heartbeat for over 90 s");
    let beat = Client::new()
        .post(app.url(&paths::agent_service_heartbeat("northwind")))
        .bearer_auth(&session.token)
        .send()
        .await
        .unwrap();
    assert_eq!(beat.status(), StatusCode::OK);
    let live = board(&app, &client).await;
    assert!(!live.agents.iter().find(|a| a.agent_number == "1020").unwrap().stale);
    assert_eq!(live.agents.iter().filter(|a| !a.stale).count(), 1);

    let refused = Client::new()
        .post(app.url(&paths::agent_service_login("northwind")))
        .json(&json!({ "agent_number": "1020", "passcode": DEMO_AGENT_PASSCODE, "station": "Station 21" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let shown = board(&app, &client).await;
    assert_eq!(shown.refused[0].agent_number, "1020");
    assert_eq!(shown.refused[0].reason, "That agent is already logged on.");
    assert_eq!(shown.refused[0].agent_name.as_deref(), Some(session.agent_name.as_str()));
}

#[tokio::test]
async fn force_logout_frees_the_agent_is_audited_and_is_idempotent() {
    let app = spawn_app().await;
    let (client, session) = app.signed_in("ngarcia").await;
    let agent = agent_logs_on(&app, "1020", "Station 20").await;
    let id = board(&app, &client).await.agents.iter().find(|a| a.agent_number == "1020").unwrap().session_id;

    let response = force(&app, &client, &session, id).await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: ForceLogoutResult = response.json().await.unwrap();
    assert!(!result.already_ended);
    assert!(result.message.contains(&agent.agent_name) && result.message.contains("Station 20"), "{}", result.message);
    assert!(board(&app, &client).await.agents.iter().all(|a| a.session_id != id));

    let beat = Client::new()
        .post(app.url(&paths::agent_service_heartbeat("northwind")))
        .bearer_auth(&agent.token)
        .send()
        .await
        .unwrap();
    assert!(error_body(beat).await.message.contains("Nora Garcia"));
    agent_logs_on(&app, "1020", "Station 20").await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'agent_forced_logout' AND actor_user_id IS NOT NULL")
            .await,
        1
    );

    let again: ForceLogoutResult = force(&app, &client, &session, id).await.json().await.unwrap();
    assert!(again.already_ended, "{}", again.message);
    assert!(again.message.contains("had already logged out"));
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 1, "nothing new to audit");
}

#[tokio::test]
async fn only_an_admin_of_the_company_forces_a_logout() {
    let app = spawn_app().await;
    let (support, support_session) = app.signed_in("sbrooks").await;
    let id = board(&app, &support).await.agents[0].session_id;
    let live = || app.count("SELECT COUNT(*) FROM agent_sessions WHERE ended_at IS NULL");
    let before = live().await;

    let r = force(&app, &support, &support_session, id).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (user, user_session) = app.signed_in("tnguyen").await;
    assert_eq!(user.get(app.url(AGENTS)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(force(&app, &user, &user_session, id).await.status(), StatusCode::FORBIDDEN);
    let anonymous = Client::new();
    assert_eq!(anonymous.get(app.url(AGENTS)).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let r = anonymous.post(app.url(&paths::force_logout(id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let (admin, _) = app.signed_in("ngarcia").await;
    let r = admin.post(app.url(&paths::force_logout(id))).send().await.unwrap();
    assert_eq!(error_body(r).await.code, ErrorCode::CsrfRejected);

    sqlx::query("UPDATE users SET status = 'admin' WHERE username = 'lwhite'").execute(app.db()).await.unwrap();
    let (other, other_session) = app.signed_in("lwhite").await;
    let theirs = board(&app, &other).await;
    assert_eq!(theirs.agents.len(), 1, "Lakeside's one logged-on agent");
    assert!(theirs.agents.iter().all(|a| a.session_id != id));
    let r = force(&app, &other, &other_session, id).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let bad = app.signed_in("dokafor").await;
    let r = bad.0.post(app.url(&paths::force_logout("abc"))).headers(csrf(&bad.1)).send().await.unwrap();
    assert_eq!(error_body(r).await.code, ErrorCode::BadRequest);
    let r = force(&app, &bad.0, &bad.1, 987_654).await;
    assert_eq!(error_body(r).await.code, ErrorCode::NotFound);

    assert_eq!(live().await, before, "nobody was forced out");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 0);
}

#[tokio::test]
async fn the_status_page_is_told_of_changes_as_they_happen_and_only_its_own() {
    let app = spawn_app().await;
    let (admin, session) = app.signed_in("ngarcia").await;
    let mut northwind = admin.get(app.url(AGENT_EVENTS)).send().await.unwrap();
    assert_eq!(northwind.status(), StatusCode::OK);
    assert_eq!(northwind.headers()["content-type"], "text/event-stream");
    assert!(northwind.headers().get("content-encoding").is_none(), "streams are not compressed");
    sqlx::query("UPDATE users SET status = 'admin' WHERE username = 'lwhite'").execute(app.db()).await.unwrap();
    let (other, _) = app.signed_in("lwhite").await;
    let mut lakeside = other.get(app.url(AGENT_EVENTS)).send().await.unwrap();

    let second = std::time::Duration::from_secs(5);
    let agent = agent_logs_on(&app, "1020", "Station 20").await;
    let upsert = read_until(&mut northwind, "\"agent_number\":\"1020\"", second).await.expect("the logon is pushed");
    assert!(upsert.contains("\"kind\":\"upsert\""), "{upsert}");

    let state = Client::new()
        .post(app.url(&paths::agent_service_state("northwind")))
        .bearer_auth(&agent.token)
        .json(&json!({ "state": "on_call" }))
        .send()
        .await
        .unwrap();
    assert_eq!(state.status(), StatusCode::OK);
    read_until(&mut northwind, "\"state\":\"on_call\"", second).await.expect("the state change is pushed");

    let id = board(&app, &admin).await.agents.iter().find(|a| a.agent_number == "1020").unwrap().session_id;
    assert_eq!(force(&app, &admin, &session, id).await.status(), StatusCode::OK);
    read_until(&mut northwind, &format!("{{\"kind\":\"ended\",\"session_id\":{id}}}"), second)
        .await
        .expect("the end is pushed");

    // Lakeside's stream is open and works (it hears its own agent), but heard none of
    // Northwind's events before that.
    assert_eq!(lakeside.status(), StatusCode::OK);
    let own = agent_login(&app, "lakeside", "1002", DEMO_AGENT_PASSCODE, "Desk 2").await;
    assert_eq!(own.status(), StatusCode::OK);
    let heard = read_until(&mut lakeside, "\"agent_number\":\"1002\"", second).await.expect("Lakeside hears its own");
    assert!(!heard.contains("1020") && !heard.contains("Station 20"), "another company heard Northwind: {heard}");

    let (user, _) = app.signed_in("tnguyen").await;
    assert_eq!(user.get(app.url(AGENT_EVENTS)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(Client::new().get(app.url(AGENT_EVENTS)).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_server_stops_promptly_with_a_status_page_open() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("ngarcia").await;
    let mut stream = admin.get(app.url(AGENT_EVENTS)).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    let stopped = tokio::time::timeout(std::time::Duration::from_secs(5), app.server.stop()).await;
    assert!(matches!(stopped, Ok(Ok(()))), "the open event stream must not hold the shutdown");
    assert!(matches!(stream.chunk().await, Ok(None) | Err(_)), "the stream ended");
}

#[tokio::test]
async fn refused_log_ons_are_filtered_by_agent_station_and_reason_and_paged() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("sbrooks").await;
    let phone = |number: &str, passcode: &str, station: &str| {
        let body = json!({ "agent_number": number, "passcode": passcode, "station": station });
        let url = app.url(&paths::agent_service_login("northwind"));
        async move { Client::new().post(url).json(&body).send().await.unwrap().status() }
    };
    // Agent 1001 is logged on (the demo): a second log-on is refused as already logged on.
    assert_eq!(phone("1001", DEMO_AGENT_PASSCODE, "+1 555 700 0099").await, StatusCode::CONFLICT);
    assert_eq!(phone("1021", "1111", "+1 555 700 0099").await, StatusCode::UNAUTHORIZED);
    assert_eq!(phone("7777", "1111", "Desk 9").await, StatusCode::UNAUTHORIZED);
    let page = |query: &str| {
        let url = app.url(&format!("{AGENT_REFUSALS}{query}"));
        let (admin, query) = (admin.clone(), query.to_string());
        async move {
            let response = admin.get(url).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{query}");
            response.json::<RefusedPage>().await.unwrap()
        }
    };
    let numbers = |p: &RefusedPage| p.refused.iter().map(|r| r.agent_number.clone()).collect::<Vec<_>>();
    assert_eq!(numbers(&page("").await), ["7777", "1021", "1001"], "newest first");
    assert_eq!(numbers(&page("?agent=1021").await), ["1021"]);
    // A phone typed as people write it finds the station the phone sent in another format.
    assert_eq!(numbers(&page("?station=(555)%20700-0099").await), ["1021", "1001"]);
    let unknown = page("?reason=unknown_number").await;
    assert_eq!(numbers(&unknown), ["7777"]);
    assert_eq!(unknown.refused[0].kind, RefusalReason::UnknownNumber);
    assert_eq!(numbers(&page("?reason=wrong_passcode&station=%2B15557000099").await), ["1021"]);
    assert_eq!(numbers(&page("?agent=1021&reason=already_logged_on").await), Vec::<String>::new());

    // Paged beyond the first page, by the id of the last one seen (30 more refusals of 7777,
    // set up by SQL: the phones' throttle would hold back so many from one client).
    for i in 0..30 {
        sqlx::query(
            "INSERT INTO agent_sign_in_attempts (company_id, agent_number, station, outcome, at)
             VALUES ((SELECT id FROM companies WHERE slug = 'northwind'), '7777', $1, 'unknown_number', $2)",
        )
        .bind(format!("Desk {i}"))
        .bind(app.server.clock.now())
        .execute(app.db())
        .await
        .unwrap();
    }
    let first = page("?agent=7777").await;
    assert_eq!(first.refused.len(), 25);
    let before = first.next_before.expect("an older page");
    let second = page(&format!("?agent=7777&before={before}")).await;
    assert_eq!(second.refused.len(), 6, "31 refusals of 7777 in all");
    assert_eq!(second.next_before, None);
    assert!(second.refused.iter().all(|r| r.id < before));

    // Bad filters are refused with the one error shape.
    for bad in ["?reason=asleep", "?before=0", "?before=x", "?colour=red", &format!("?agent={}", "1".repeat(33))] {
        let response = admin.get(app.url(&format!("{AGENT_REFUSALS}{bad}"))).send().await.unwrap();
        assert_eq!(error_body(response).await.code, ErrorCode::Validation, "{bad}");
    }
    // Another company's admin sees none of Northwind's.
    make_admin(&app, "lwhite").await;
    let (other, _) = app.signed_in("lwhite").await;
    let theirs: RefusedPage = other.get(app.url(AGENT_REFUSALS)).send().await.unwrap().json().await.unwrap();
    assert!(theirs.refused.is_empty());
    let (user, _) = app.signed_in("tnguyen").await;
    assert_eq!(user.get(app.url(AGENT_REFUSALS)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(app.browser().get(app.url(AGENT_REFUSALS)).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
}
