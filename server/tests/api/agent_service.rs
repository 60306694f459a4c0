//! The agents' phone service over HTTP: the rules of the Contact Now article.

use crate::common::*;
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use switchboard_server::storage::demo::DEMO_AGENT_PASSCODE;
use switchboard_wire::{AgentSession, AgentState, AgentStatusReply, ErrorCode};

/// The demo company's phone service.
const NORTHWIND: &str = "northwind";

async fn login(app: &TestApp, service: &str, number: &str, passcode: &str, station: &str) -> Response {
    agent_login(app, service, number, passcode, station).await
}

async fn logged_in(app: &TestApp, number: &str, station: &str) -> AgentSession {
    let response = login(app, NORTHWIND, number, DEMO_AGENT_PASSCODE, station).await;
    assert_eq!(response.status(), StatusCode::OK, "login of {number}");
    response.json().await.unwrap()
}

async fn call(app: &TestApp, token: &str, action: &str, body: Option<Value>) -> Response {
    let path = match action {
        "heartbeat" => paths::agent_service_heartbeat(NORTHWIND),
        "state" => paths::agent_service_state(NORTHWIND),
        "logout" => paths::agent_service_logout(NORTHWIND),
        other => panic!("no agent-service action {other}"),
    };
    let request = Client::new().post(app.url(&path)).bearer_auth(token);
    match body {
        Some(body) => request.json(&body),
        None => request,
    }
    .send()
    .await
    .unwrap()
}

async fn outcomes(app: &TestApp, number: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT a.outcome FROM agent_sign_in_attempts a JOIN companies c ON c.id = a.company_id
         WHERE c.slug = 'northwind' AND a.agent_number = $1 ORDER BY a.id",
    )
    .bind(number)
    .fetch_all(app.db())
    .await
    .unwrap()
}

#[tokio::test]
async fn an_agent_logs_on_works_and_logs_off() {
    let app = spawn_app().await;
    let session = logged_in(&app, "1020", "+1 (555) 700-0020").await;
    assert_eq!(session.station, "+15557000020", "phone numbers are kept in one format");
    assert_eq!(session.state, AgentState::Available);

    let reply: AgentStatusReply =
        call(&app, &session.token, "state", Some(json!({ "state": "on_call" }))).await.json().await.unwrap();
    assert_eq!(reply.state, AgentState::OnCall);
    let beat: AgentStatusReply = call(&app, &session.token, "heartbeat", None).await.json().await.unwrap();
    assert_eq!(beat.state, AgentState::OnCall);

    assert_eq!(call(&app, &session.token, "logout", None).await.status(), StatusCode::NO_CONTENT);
    let after = call(&app, &session.token, "heartbeat", None).await;
    assert_eq!(error_body(after).await.code, ErrorCode::AgentSessionEnded);
    // Logged off, the agent can log on again.
    logged_in(&app, "1020", "+15557000020").await;
    assert_eq!(outcomes(&app, "1020").await, ["success", "success"]);
}

#[tokio::test]
async fn an_agent_already_logged_on_is_refused_with_the_articles_words() {
    let app = spawn_app().await;
    logged_in(&app, "1020", "Station 20").await;
    let again = login(&app, NORTHWIND, "1020", DEMO_AGENT_PASSCODE, "Station 21").await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let body = error_body(again).await;
    assert_eq!(body.code, ErrorCode::AgentAlreadyLoggedOn);
    assert_eq!(body.message, "That agent is already logged on.");
    // The demo's agent 1001 was logged on before the server started.
    let seeded = login(&app, NORTHWIND, "1001", DEMO_AGENT_PASSCODE, "Station 99").await;
    assert_eq!(error_body(seeded).await.code, ErrorCode::AgentAlreadyLoggedOn);
    assert_eq!(outcomes(&app, "1020").await, ["success", "already_logged_on"]);
}

#[tokio::test]
async fn a_station_in_use_by_another_agent_is_refused() {
    let app = spawn_app().await;
    logged_in(&app, "1020", "555.700.0020").await;
    let response = login(&app, NORTHWIND, "1021", DEMO_AGENT_PASSCODE, "+1 555 700 0020").await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body = error_body(response).await;
    assert_eq!(body.code, ErrorCode::StationInUse);
    assert!(body.message.contains("+15557000020"), "{}", body.message);
    assert_eq!(outcomes(&app, "1021").await, ["station_in_use"]);
}

#[tokio::test]
async fn wrong_numbers_passcodes_and_other_services_numbers_get_one_answer() {
    let app = spawn_app().await;
    let wrong_passcode = error_body(login(&app, NORTHWIND, "1020", "1111", "S1").await).await;
    let wrong_number = error_body(login(&app, NORTHWIND, "9999", DEMO_AGENT_PASSCODE, "S1").await).await;
    assert_eq!(wrong_passcode.code, ErrorCode::InvalidCredentials);
    assert_eq!(wrong_passcode, wrong_number, "not saying which one was wrong");
    // Lakeside's service has agents 1001 to 1004; Northwind's 1020 is not one of them.
    let other = login(&app, "lakeside", "1020", DEMO_AGENT_PASSCODE, "S1").await;
    assert_eq!(other.status(), StatusCode::UNAUTHORIZED);
    let unknown = login(&app, "no-such-service", "1020", DEMO_AGENT_PASSCODE, "S1").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    // The administrator's side tells them apart: recorded, and so on the Status page.
    assert_eq!(outcomes(&app, "1020").await, ["wrong_passcode"]);
    assert_eq!(outcomes(&app, "9999").await, ["unknown_number"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM agent_sessions WHERE token_hash IS NOT NULL").await, 0);
    let (admin, _) = app.signed_in("ngarcia").await;
    let board: switchboard_wire::AgentBoard = admin.get(app.url(AGENTS)).send().await.unwrap().json().await.unwrap();
    let reason = |number: &str| board.refused.iter().find(|r| r.agent_number == number).unwrap().reason.clone();
    assert_eq!(reason("1020"), "Wrong passcode for this agent number.");
    assert_eq!(reason("9999"), "No agent of this service has this number.");
}

#[tokio::test]
async fn a_company_whose_trial_ended_has_its_agents_refused_with_their_own_message() {
    let app = spawn_app().await;
    // Bluebird's trial has ended (the demo data); its agents have the demo passcode.
    let ended = login(&app, "bluebird", "1001", DEMO_AGENT_PASSCODE, "B1").await;
    assert_eq!(ended.status(), StatusCode::FORBIDDEN);
    let body = error_body(ended).await;
    assert_eq!(body.code, ErrorCode::TrialExpired);
    assert!(body.message.starts_with("The trial of Bluebird Outreach ended on"), "{}", body.message);
    // Only the right passcode hears it: a wrong one gets the one answer of wrong passcodes.
    let wrong = error_body(login(&app, "bluebird", "1001", "1111", "B1").await).await;
    assert_eq!(wrong.code, ErrorCode::InvalidCredentials);
    let recorded: Vec<String> = sqlx::query_scalar(
        "SELECT a.outcome FROM agent_sign_in_attempts a JOIN companies c ON c.id = a.company_id
         WHERE c.slug = 'bluebird' ORDER BY a.id",
    )
    .fetch_all(app.db())
    .await
    .unwrap();
    assert_eq!(recorded, ["trial_ended", "wrong_passcode"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM agent_sessions WHERE station = 'B1'").await, 0);
}

/// `a` and `b` at the same moment.
async fn at_once(
    a: impl std::future::Future<Output = StatusCode> + Send + 'static,
    b: impl std::future::Future<Output = StatusCode> + Send + 'static,
) -> (StatusCode, StatusCode) {
    let answers = all_at_once(vec![Box::pin(a), Box::pin(b)]).await;
    (answers[0], answers[1])
}

fn post_login(
    app: &TestApp,
    service: &str,
    number: &str,
    station: &str,
) -> impl std::future::Future<Output = StatusCode> + Send + 'static {
    let sent = agent_login(app, service, number, DEMO_AGENT_PASSCODE, station);
    async move { sent.await.status() }
}

async fn live_sessions(app: &TestApp, where_clause: &str) -> Vec<(String, String)> {
    sqlx::query_as(&format!(
        "SELECT a.agent_number, s.station FROM agent_sessions s JOIN agents a ON a.id = s.agent_id
         WHERE s.company_id = 1 AND s.ended_at IS NULL AND {where_clause}"
    ))
    .fetch_all(app.db())
    .await
    .unwrap()
}

async fn end_all_of(app: &TestApp, number: &str) {
    sqlx::query(
        "UPDATE agent_sessions SET ended_at = 1, end_reason = 'logout'
         WHERE ended_at IS NULL AND agent_id = (SELECT id FROM agents WHERE company_id = 1 AND agent_number = $1)",
    )
    .bind(number)
    .execute(app.db())
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_logins_of_one_agent_at_the_same_moment_exactly_one_wins() {
    let app = spawn_app().await;
    for round in 0..30 {
        let (a, b) = at_once(
            post_login(&app, "northwind", "1020", &format!("A{round}")),
            post_login(&app, "northwind", "1020", &format!("B{round}")),
        )
        .await;
        let mut statuses = [a, b];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "round {round}");
        let live = live_sessions(&app, "a.agent_number = '1020'").await;
        assert_eq!(live.len(), 1, "round {round}: {live:?}");
        let winner = if a == StatusCode::OK { format!("A{round}") } else { format!("B{round}") };
        assert_eq!(live[0].1, winner, "round {round}: the database agrees with the answers");
        end_all_of(&app, "1020").await;
    }
    let mut seen = outcomes(&app, "1020").await;
    seen.sort();
    seen.dedup();
    assert_eq!(seen, ["already_logged_on", "success"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_agents_logging_on_to_one_station_at_once_exactly_one_wins() {
    let app = spawn_app().await;
    for round in 0..30 {
        let station = format!("Shared {round}");
        let (a, b) =
            at_once(post_login(&app, "northwind", "1021", &station), post_login(&app, "northwind", "1022", &station))
                .await;
        let mut statuses = [a, b];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "round {round}");
        let live = live_sessions(&app, &format!("s.station = '{station}'")).await;
        let winner = if a == StatusCode::OK { "1021" } else { "1022" };
        assert_eq!(live, [(winner.to_string(), station.clone())], "round {round}");
        end_all_of(&app, winner).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_log_on_racing_a_force_logout_leaves_the_database_as_answered() {
    let app = spawn_app().await;
    let (admin, session) = app.signed_in("ngarcia").await;
    for round in 0..30 {
        assert_eq!(post_login(&app, "northwind", "1023", &format!("Old {round}")).await, StatusCode::OK);
        let id: i64 = sqlx::query_scalar(
            "SELECT s.id FROM agent_sessions s JOIN agents a ON a.id = s.agent_id
             WHERE a.agent_number = '1023' AND s.company_id = 1 AND s.ended_at IS NULL",
        )
        .fetch_one(app.db())
        .await
        .unwrap();
        let force = admin.post(app.url(&paths::force_logout(id))).headers(csrf(&session));
        let (forced, login) = at_once(
            async move { force.send().await.unwrap().status() },
            post_login(&app, "northwind", "1023", &format!("New {round}")),
        )
        .await;
        assert_eq!(forced, StatusCode::OK, "round {round}");
        let live = live_sessions(&app, "a.agent_number = '1023'").await;
        match login {
            // After the Force Logout: the new session is the only one.
            StatusCode::OK => assert_eq!(live, [("1023".to_string(), format!("New {round}"))], "round {round}"),
            // Before it: refused as already logged on, and then forced out: nobody is on.
            StatusCode::CONFLICT => assert!(live.is_empty(), "round {round}: {live:?}"),
            other => panic!("round {round}: the log-on answered {other}"),
        }
        end_all_of(&app, "1023").await;
    }
}

#[tokio::test]
async fn a_forced_out_agent_learns_it_on_the_next_heartbeat() {
    let app = spawn_app().await;
    let session = logged_in(&app, "1020", "S20").await;
    // What the administrators' Force Logout will do (its endpoint comes with the Status page).
    sqlx::query(
        "UPDATE agent_sessions SET ended_at = 1, end_reason = 'forced',
                ended_by_user_id = (SELECT id FROM users WHERE username = 'ngarcia')
         WHERE ended_at IS NULL AND station = 'S20'",
    )
    .execute(app.db())
    .await
    .unwrap();
    let beat = call(&app, &session.token, "heartbeat", None).await;
    assert_eq!(beat.status(), StatusCode::UNAUTHORIZED);
    let body = error_body(beat).await;
    assert_eq!(body.code, ErrorCode::AgentSessionEnded);
    assert!(body.message.contains("Nora Garcia, an administrator, logged this agent out"), "{}", body.message);
    assert_eq!(
        error_body(call(&app, &session.token, "state", Some(json!({"state": "break"}))).await).await.code,
        ErrorCode::AgentSessionEnded
    );
    logged_in(&app, "1020", "S20").await;
}

#[tokio::test]
async fn bad_agent_requests_get_a_clear_4xx_and_change_nothing() {
    let app = spawn_app().await;
    let session = logged_in(&app, "1020", "S20").await;
    let before = sessions_fingerprint(&app).await;

    let empty = login(&app, NORTHWIND, " ", "", "").await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_body(empty).await.fields.len(), 3);
    let long = login(&app, NORTHWIND, "1021", DEMO_AGENT_PASSCODE, &"x".repeat(41)).await;
    assert_eq!(long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let smuggled = Client::new()
        .post(app.url(&paths::agent_service_login(NORTHWIND)))
        .json(
            &json!({ "agent_number": "1021", "passcode": DEMO_AGENT_PASSCODE, "station": "S", "company": "lakeside" }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(smuggled.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let state = call(&app, &session.token, "state", Some(json!({ "state": "asleep" }))).await;
    assert_eq!(error_body(state).await.code, ErrorCode::Validation);
    let no_token = Client::new().post(app.url(&paths::agent_service_heartbeat(NORTHWIND))).send().await.unwrap();
    assert_eq!(error_body(no_token).await.code, ErrorCode::Unauthenticated);
    let guessed = call(&app, "not-a-token", "heartbeat", None).await;
    assert_eq!(error_body(guessed).await.code, ErrorCode::Unauthenticated);
    // A Northwind token is nothing on another service.
    let elsewhere = Client::new()
        .post(app.url(&paths::agent_service_heartbeat("lakeside")))
        .bearer_auth(&session.token)
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(elsewhere).await.code, ErrorCode::Unauthenticated);
    assert_eq!(sessions_fingerprint(&app).await, before, "a refused request changed an agent session");
}

/// Every agent session, whole: state, activity and how (or whether) it ended.
async fn sessions_fingerprint(app: &TestApp) -> Vec<(i64, String, String, i64, i64, Option<i64>, Option<String>)> {
    sqlx::query_as(
        "SELECT id, station, state, state_since, last_activity_at, ended_at, end_reason FROM agent_sessions ORDER BY id",
    )
    .fetch_all(app.db())
    .await
    .unwrap()
}

#[tokio::test]
async fn a_log_on_from_a_new_station_or_a_colleagues_is_noted_on_the_board() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("sbrooks").await;
    let note = |number: &'static str| {
        let (admin, url) = (admin.clone(), app.url(AGENTS));
        async move {
            let board: switchboard_wire::AgentBoard = admin.get(url).send().await.unwrap().json().await.unwrap();
            board.agents.into_iter().find(|a| a.agent_number == number).and_then(|a| a.station_note)
        }
    };
    // Agent 1020's first log-on from Desk 20: new to them.
    let first = logged_in(&app, "1020", "Desk 20").await;
    assert_eq!(note("1020").await.as_deref(), Some("this agent has not logged on from this phone or station before."));
    assert_eq!(call(&app, &first.token, "logout", None).await.status(), StatusCode::NO_CONTENT);
    // Back at their own desk: nothing unusual.
    let second = logged_in(&app, "1020", "Desk 20").await;
    assert_eq!(note("1020").await, None);
    assert_eq!(call(&app, &second.token, "logout", None).await.status(), StatusCode::NO_CONTENT);
    // Agent 1021 at 1020's desk: flagged, naming whose it usually is.
    logged_in(&app, "1021", "Desk 20").await;
    let flagged = note("1021").await.expect("a note");
    assert!(flagged.starts_with("usually agent 1020's ("), "{flagged}");
    assert!(flagged.contains("this agent has not logged on from it before"), "{flagged}");
}
