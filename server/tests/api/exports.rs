//! CSV exports of the lists: streamed, every row of the company and only its rows, with the
//! list's filters and access rules, formulas neutralised, and each export audited.

use crate::common::*;
use reqwest::StatusCode;
use switchboard_wire::paths::{EXPORT_AUDIT, EXPORT_CONTACTS, EXPORT_REFUSALS, EXPORT_USERS};

/// Adds `n` users to Northwind in one statement (bulk1…bulkN).
async fn add_users(app: &TestApp, n: i64) {
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
         INSERT INTO users (company_id, username, email, display_name, status, password_hash, created_at)
         SELECT (SELECT id FROM companies WHERE slug = 'northwind'), 'bulk' || i, 'bulk' || i || '@northwind.example',
                'Bulk User ' || i, 'user', (SELECT password_hash FROM users WHERE username = 'ngarcia'), 0
         FROM n",
    )
    .bind(n)
    .execute(app.db())
    .await
    .unwrap();
}

/// The export's body, and its lines (split at CRLF, the header first).
async fn export(client: &reqwest::Client, app: &TestApp, path: &str) -> (String, Vec<String>) {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("attachment; filename=\"switchboard-"), "{disposition}");
    let body = response.text().await.unwrap();
    let lines = body.strip_suffix("\r\n").unwrap_or(&body).split("\r\n").map(str::to_string).collect();
    (body, lines)
}

async fn exports_audited(app: &TestApp, list: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'list_exported' AND target_label = $1")
        .bind(list)
        .fetch_one(app.db())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_hundred_thousand_users_export_whole_scoped_to_the_company_neutralised_and_audited() {
    let app = spawn_app().await;
    let t = std::time::Instant::now();
    add_users(&app, 100_000).await;
    println!("inserted in {:?}", t.elapsed());
    sqlx::query(
        "UPDATE users SET display_name = '=HYPERLINK(\"http://evil.example\",\"x\")', email = '@SUM(1+1)@northwind.example'
         WHERE username = 'bulk7'",
    )
    .execute(app.db())
    .await
    .unwrap();
    let northwind = app
        .count("SELECT COUNT(*) FROM users WHERE company_id = (SELECT id FROM companies WHERE slug = 'northwind')")
        .await;
    assert!(northwind > 100_000);
    let (admin, _) = app.signed_in("ngarcia").await;

    let started = std::time::Instant::now();
    let (body, lines) = export(&admin, &app, EXPORT_USERS).await;
    println!("exported {} users ({} bytes) in {:?}", lines.len() - 1, body.len(), started.elapsed());
    assert_eq!(lines[0], "\"Name\",\"Username\",\"Email\",\"Phone\",\"Status\",\"Last sign-in (UTC)\"");
    assert_eq!(lines.len() as i64 - 1, northwind, "one line per user of the company");
    // Only the company's: no user of another company, whatever their name.
    assert!(!body.contains("lakeside.example") && !body.contains("bluebird.example"));
    // Sorted as the list is by default (by name), and every username once.
    let usernames: std::collections::HashSet<&str> =
        lines[1..].iter().map(|l| l.split("\",\"").nth(1).unwrap()).collect();
    assert_eq!(usernames.len() as i64, northwind);
    // Formulas are text: a leading apostrophe, quotes doubled.
    let evil = lines.iter().find(|l| l.contains("bulk7\"")).unwrap();
    assert!(evil.starts_with("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""), "{evil}");
    assert!(evil.contains("\"'@SUM(1+1)@northwind.example\""), "{evil}");
    assert!(!body.contains(",\"=") && !body.contains(",\"@") && !body.contains(",\"+"), "a cell starts like a formula");
    assert_eq!(exports_audited(&app, "Users").await, 1);

    // The list's filters apply: admins only, and a search.
    let admins = app.count("SELECT COUNT(*) FROM users WHERE company_id = 1 AND status = 'admin'").await;
    let (_, lines) = export(&admin, &app, &format!("{EXPORT_USERS}?status=admin&sort=name&dir=desc&page=3")).await;
    assert_eq!(lines.len() as i64 - 1, admins);
    let (_, lines) = export(&admin, &app, &format!("{EXPORT_USERS}?q=bulk9999")).await;
    assert_eq!(lines.len() - 1, 11, "bulk9999 and bulk99990-bulk99999: {lines:?}");
    let after: String =
        sqlx::query_scalar("SELECT after_value FROM audit_log WHERE action = 'list_exported' ORDER BY id DESC LIMIT 1")
            .fetch_one(app.db())
            .await
            .unwrap();
    assert_eq!(after, "filtered: q=bulk9999");
}

#[tokio::test]
async fn exports_follow_the_lists_access_rules() {
    let app = spawn_app().await;
    let (user, _) = app.signed_in("tnguyen").await;
    let (support, _) = app.signed_in("sbrooks").await;
    for path in [EXPORT_USERS, EXPORT_CONTACTS, EXPORT_AUDIT, EXPORT_REFUSALS] {
        assert_eq!(app.browser().get(app.url(path)).send().await.unwrap().status(), StatusCode::UNAUTHORIZED, "{path}");
        let refused = user.get(app.url(path)).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "a User: {path}");
        error_body(refused).await;
        let unknown = support.get(app.url(&format!("{path}?nonsense=1"))).send().await.unwrap();
        assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        // Support reads every list, so it exports them too.
        export(&support, &app, path).await;
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'list_exported'").await, 4);
    let bad = support.get(app.url(&format!("{EXPORT_USERS}?status=owner"))).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn contacts_audit_and_refusals_export_the_companys_rows_with_their_filters() {
    let app = spawn_app().await;
    for _ in 0..3 {
        agent_login(&app, "northwind", "1025", "0000", "S25").await;
    }
    agent_login(&app, "lakeside", "1001", "0000", "L1").await;
    let (admin, _) = app.signed_in("ngarcia").await;

    let contacts = app.count("SELECT COUNT(*) FROM contacts WHERE company_id = 1").await;
    let (body, lines) = export(&admin, &app, EXPORT_CONTACTS).await;
    assert_eq!(lines.len() as i64 - 1, contacts);
    assert!(!body.contains("Ruth Evans"), "Bluebird's contact");
    let (_, lines) = export(&admin, &app, &format!("{EXPORT_CONTACTS}?q=priya")).await;
    assert!(lines.len() >= 2 && lines[1..].iter().all(|l| l.to_lowercase().contains("priya")), "{lines:?}");

    let (body, lines) = export(&admin, &app, &format!("{EXPORT_REFUSALS}?agent=1025")).await;
    assert_eq!(lines.len(), 4, "{body}");
    assert!(lines[1..].iter().all(|l| l.contains("\"1025\"")) && !body.contains("\"L1\""), "{body}");

    // The audit log lists the exports, newest first: this one (audited before its first row),
    // then the refusals'.
    let (_, lines) = export(&admin, &app, EXPORT_AUDIT).await;
    assert!(lines[1].contains("\"Nora Garcia\",\"List exported\",\"Audit log\""), "{lines:?}");
    assert!(lines[2].contains("\"List exported\",\"Refused log-ons\",\"\",\"filtered: agent=1025\""), "{lines:?}");
    let (_, lines) = export(&admin, &app, &format!("{EXPORT_AUDIT}?action=status_changed")).await;
    assert_eq!(lines.len(), 1, "no status change yet: {lines:?}");
}
