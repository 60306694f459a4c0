//! The database: durable settings, the demo data set, and data kept across restarts.

use crate::common::*;
use switchboard_server::storage::demo::Shape;
use switchboard_server::Store;

#[tokio::test]
async fn every_connection_keeps_commits_and_checks_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let store = Store::open(&url).await.unwrap();
    // Each pooled connection, not only the first, must have the settings (SQLite: WAL,
    // synchronous FULL, foreign keys; PostgreSQL: synchronous_commit and fsync on).
    store.assert_durable(4).await.unwrap();
    let db = outsider_pool(&url).await;
    let orphan = sqlx::query("INSERT INTO users (company_id, username, email, display_name, status, password_hash, created_at) VALUES (999, 'x', 'x@y.example', 'X', 'user', 'h', 0)")
        .execute(&db)
        .await;
    assert!(orphan.is_err(), "foreign keys are enforced");
    let bad_status = sqlx::query("INSERT INTO companies (name, slug, created_at) VALUES ('A', 'a', 0)")
        .execute(&db)
        .await
        .and(sqlx::query("INSERT INTO users (company_id, username, email, display_name, status, password_hash, created_at) VALUES (1, 'x', 'x@y.example', 'X', 'owner', 'h', 0)").execute(&db).await);
    assert!(bad_status.is_err(), "statuses are checked");
}

#[tokio::test]
async fn a_database_that_could_lose_commits_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    if on_postgres() {
        // The server's own setting: a database (or role) default turned off is refused.
        let db = outsider_pool(&url).await;
        let name = url.rsplit('/').next().unwrap();
        sqlx::query(&format!("ALTER DATABASE {name} SET synchronous_commit = off")).execute(&db).await.unwrap();
        db.close().await;
    } else {
        // SQLite's journal mode is kept in the file: a rollback journal, not WAL.
        let path = url.trim_start_matches("sqlite://");
        std::fs::write(path, b"").unwrap();
        let db = outsider_pool(&url).await;
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode = DELETE").fetch_one(&db).await.unwrap();
        assert_eq!(mode, "delete");
        db.close().await;
        // The store sets WAL itself on its connections (and checks each): the file is WAL now.
        let store = Store::open(&url).await.expect("the store sets WAL and FULL on its connections");
        store.close().await;
        let db = outsider_pool(&url).await;
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&db).await.unwrap();
        assert_eq!(mode, "wal");
        return;
    }
    let refused = Store::open(&url).await.err().expect("refused");
    assert!(format!("{refused:#}").contains("synchronous_commit=off"), "{refused:#}");
}

#[tokio::test]
async fn a_second_start_keeps_the_data_and_its_sessions() {
    let app = spawn_app().await;
    let (_, session) = app.signed_in("ngarcia").await;
    let config = test_config(&app.dir, &app.database_url);
    let users = app.count("SELECT COUNT(*) FROM users").await;
    app.server.stop().await.unwrap();

    let server = switchboard_server::start(config).await.unwrap();
    let db = outsider_pool(&app.database_url).await;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&db).await.unwrap();
    assert_eq!(count, users, "demo data is not loaded twice");
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM console_sessions WHERE user_id = $1")
        .bind(session.user.id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(sessions, 1, "the committed session survived the restart");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn the_demo_data_has_every_state_the_articles_describe() {
    let app = spawn_app().await;
    let shape = demo_shape();
    let q = |sql: &'static str| app.count(sql);
    assert_eq!(q("SELECT COUNT(*) FROM companies").await, 3);
    assert_eq!(q("SELECT COUNT(*) FROM companies WHERE trial_ends_at IS NOT NULL").await, 1);
    let northwind_users =
        q("SELECT COUNT(*) FROM users u JOIN companies c ON c.id = u.company_id WHERE c.slug = 'northwind'").await;
    assert_eq!(northwind_users, shape.users as i64);
    for status in ["user", "support", "admin"] {
        let sql = format!("SELECT COUNT(*) FROM users WHERE status = '{status}'");
        let n: i64 = sqlx::query_scalar(&sql).fetch_one(app.db()).await.unwrap();
        assert!(n >= 2, "{status}: {n}");
    }
    assert_eq!(q("SELECT COUNT(*) FROM users u JOIN companies c ON c.id = u.company_id WHERE c.slug = 'lakeside' AND u.status = 'admin'").await, 0);
    assert!(q("SELECT COUNT(*) FROM agents").await >= 36);
    assert!(q("SELECT COUNT(*) FROM agent_sessions WHERE ended_at IS NULL").await >= 12);
    assert!(q("SELECT COUNT(*) FROM contacts WHERE email IS NULL").await >= 1, "no email");
    assert!(q("SELECT COUNT(*) FROM contacts WHERE phone IS NULL").await >= 1, "no phone");
    assert!(q("SELECT COUNT(*) FROM contacts WHERE sms_opted_out_at IS NOT NULL").await >= 1, "opted out of SMS");
    assert!(q("SELECT COUNT(*) FROM contacts WHERE email_opted_out_at IS NOT NULL").await >= 1, "opted out of email");
    assert!(
        q("SELECT COUNT(*) FROM (SELECT contact_id FROM confirmation_codes GROUP BY contact_id HAVING COUNT(*) >= 3) several")
            .await
            >= 1,
        "several codes"
    );
    assert!(
        q("SELECT COUNT(*) FROM contact_login_attempts WHERE outcome = 'not_published'").await >= 1,
        "message not published"
    );
    assert!(
        q("SELECT COUNT(*) FROM (SELECT contact_id FROM contact_devices GROUP BY contact_id HAVING COUNT(*) >= 4) many")
            .await >= 1,
        "new devices"
    );
    assert!(
        q("SELECT COUNT(*) FROM console_sign_in_attempts WHERE outcome = 'used_email'").await >= 1,
        "email as username"
    );
}

#[tokio::test]
async fn the_generator_makes_the_same_shapes_at_larger_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let store = Store::open(&url).await.unwrap();
    let db = outsider_pool(&url).await;
    let shape = Shape { users: 5_000, agents: 150, logged_in_agents: 40, contacts: 3_000, day_of_attempts: true };
    assert!(store.load_demo_data(shape, 1_800_000_000_000).await.unwrap());
    let users: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users u JOIN companies c ON c.id = u.company_id WHERE c.slug = 'northwind'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(users, 5_000);
    let contacts: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM contacts c JOIN companies k ON k.id = c.company_id WHERE k.slug = 'northwind'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(contacts, 3_000);
    // A day of attempts: five log-ons an agent, a fifth of the users, a twentieth of the contacts.
    let day = 1_800_000_000_000i64 - 24 * 3_600_000;
    for (table, at_least) in
        [("agent_sign_in_attempts", 750), ("console_sign_in_attempts", 1_000), ("contact_login_attempts", 150)]
    {
        let refused: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE at > $1 AND outcome <> 'success'"))
                .bind(day)
                .fetch_one(&db)
                .await
                .unwrap();
        let all: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE at > $1"))
            .bind(day)
            .fetch_one(&db)
            .await
            .unwrap();
        assert!(all >= at_least && refused > 0 && refused < all, "{table}: {refused} of {all}");
    }
    assert!(!store.load_demo_data(shape, 1_800_000_000_000).await.unwrap(), "never loads twice");
}

#[tokio::test]
async fn search_follows_every_change_of_name_username_email_and_phone() {
    let app = spawn_app().await;
    let (admin, _) = app.signed_in("ngarcia").await;
    let (id, _) = user_ref(&app, "tnguyen").await;
    let finds = |q: &'static str| {
        let (admin, url) = (admin.clone(), app.url(USERS));
        async move {
            let page: switchboard_wire::UserPage =
                admin.get(url).query(&[("q", q)]).send().await.unwrap().json().await.unwrap();
            page.users.iter().any(|u| u.id == id)
        }
    };
    assert!(finds("tom.nguyen@northwind").await && finds("555 010 1003").await);
    // Each column the search is made of, changed on its own: the new value is found at once
    // and the old one no longer finds the user.
    let changes = [
        ("display_name = 'Zebulon Quark'", "Zebulon Qu", "Tom Nguyen"),
        ("username = 'zquark'", "zquar", "tnguyen"),
        ("email = 'zq@lagoon.example'", "zq@lagoon", "tom.nguyen@northwind"),
        ("phone = '+15559876543'", "(555) 987-6543", "555 010 1003"),
    ];
    for (set, new, old) in changes {
        sqlx::query(&format!("UPDATE users SET {set} WHERE id = $1")).bind(id).execute(app.db()).await.unwrap();
        assert!(finds(new).await, "after {set}, {new:?} finds the user");
        assert!(!finds(old).await, "after {set}, {old:?} no longer finds the user");
    }
    // A phone removed is no longer searchable.
    sqlx::query("UPDATE users SET phone = NULL WHERE id = $1").bind(id).execute(app.db()).await.unwrap();
    assert!(!finds("555 987 6543").await);
}

#[tokio::test]
async fn old_sign_in_records_are_purged_and_recent_ones_kept() {
    let app = spawn_app().await;
    let store = &app.server.store;
    let day = 24 * 60 * 60_000i64;
    let now = 1_900_000_000_000i64;
    for (sql, at) in [
        ("INSERT INTO console_sign_in_attempts (identifier, outcome, at) VALUES ('old', 'wrong_password', $1)", now - 91 * day),
        ("INSERT INTO console_sign_in_attempts (identifier, outcome, at) VALUES ('new', 'wrong_password', $1)", now - 89 * day),
        ("INSERT INTO agent_sign_in_attempts (company_id, agent_number, station, outcome, at) VALUES (1, '9', 'S', 'wrong_credentials', $1)", now - 91 * day),
        ("INSERT INTO agent_sign_in_attempts (company_id, agent_number, station, outcome, at) VALUES (1, '8', 'S', 'wrong_credentials', $1)", now - day),
        ("INSERT INTO throttles (scope, key, label, failures, blocked_until, last_at) VALUES ('console_client', 'old', 'old', 3, 0, $1)", now - 2 * day),
        ("INSERT INTO throttles (scope, key, label, failures, blocked_until, last_at) VALUES ('console_client', 'new', 'new', 3, 0, $1)", now - 60_000),
        ("INSERT INTO known_devices (token_hash, user_id, created_at, last_used_at) VALUES ('old', 1, $1, $1)", now - 181 * day),
        ("INSERT INTO known_devices (token_hash, user_id, created_at, last_used_at) VALUES ('new', 1, $1, $1)", now - 10 * day),
        // The Overview's day: a failure two days old no longer counts, one a minute old does.
        ("INSERT INTO console_sign_in_attempts (identifier, user_id, outcome, at) VALUES ('u1', 1, 'wrong_password', $1)", now - 2 * day),
        ("INSERT INTO console_sign_in_attempts (identifier, user_id, outcome, at) VALUES ('u2', 2, 'wrong_password', $1)", now - 60_000),
    ] {
        sqlx::query(sql).bind(at).execute(app.db()).await.unwrap();
    }
    let deleted = store.purge_old_records(now - 90 * day, now - 180 * day, now).await.unwrap();
    assert!(deleted >= 4, "{deleted}");
    for (table, column) in [
        ("console_sign_in_attempts", "identifier"),
        ("agent_sign_in_attempts", "agent_number"),
        ("throttles", "key"),
        ("known_devices", "token_hash"),
    ] {
        let old = format!("SELECT COUNT(*) FROM {table} WHERE {column} IN ('old', '9')");
        let new = format!("SELECT COUNT(*) FROM {table} WHERE {column} IN ('new', '8')");
        assert_eq!(app.count(&old).await, 0, "{table}: the old row is gone");
        assert_eq!(app.count(&new).await, 1, "{table}: the recent row is kept");
    }
    let failures = |user: i64| {
        format!("SELECT COUNT(*) FROM recent_failures WHERE kind = 'console' AND subject_id = {user} AND cause = 'wrong_password'")
    };
    assert_eq!(app.count(&failures(1)).await, 0, "a failure a day old is purged");
    assert_eq!(app.count(&failures(2)).await, 1, "today's is kept");
}
