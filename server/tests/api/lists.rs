//! Lists over the search index (storage/listing.rs): whichever way a page is planned
//! (count table, trigram index, ordered scan, short-search window), walking its pages
//! gives exactly the rows a plain reading of the table gives, in the same order.
//!
//! The server runs with a small count cap and window, so the demo data takes every path.

use crate::common::*;
use reqwest::{Client, StatusCode};
use std::cmp::Ordering;
use switchboard_server::storage::search::phone_digits;
use switchboard_wire::{ContactPage, ErrorCode, UserPage};

const COUNT_CAP: i64 = 15;
const SHORT_WINDOW: i64 = 40;

async fn small_limits() -> TestApp {
    with_scan_budget(u64::MAX).await
}

/// A small budget cuts every in-order scan for a common search short, so its matches
/// are sorted instead.
async fn with_scan_budget(budget: u64) -> TestApp {
    spawn_with(|config| {
        config.search_count_cap = COUNT_CAP;
        config.search_short_window = SHORT_WINDOW;
        config.search_scan_budget = budget;
    })
    .await
}

#[derive(sqlx::FromRow, Clone)]
struct User {
    id: i64,
    display_name: String,
    username: String,
    email: String,
    phone: Option<String>,
    status: String,
    last_sign_in_at: Option<i64>,
}

/// "Contains", as the search promises it: any case (ASCII), a phone in any format.
fn matches(text: &str, q: &str) -> bool {
    let q = q.trim().to_ascii_lowercase();
    let text = text.to_ascii_lowercase();
    q.is_empty() || text.contains(&q) || phone_digits(&q).is_some_and(|d| text.contains(&d))
}

fn user_text(u: &User) -> String {
    format!("{} {} {} {}", u.display_name, u.username, u.email, u.phone.as_deref().unwrap_or(""))
}

/// The order the list promises: by the column, "none" last either way, then by id.
fn compare(a: &User, b: &User, sort: &str, desc: bool) -> Ordering {
    fn nulls_last<T: Ord>(a: &Option<T>, b: &Option<T>, desc: bool) -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) if desc => y.cmp(x),
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    let rank = |s: &str| ["admin", "support", "user"].iter().position(|x| *x == s);
    let flip = |o: Ordering| if desc { o.reverse() } else { o };
    let by_key = match sort {
        "name" => flip(a.display_name.to_ascii_lowercase().cmp(&b.display_name.to_ascii_lowercase())),
        "username" => flip(a.username.cmp(&b.username)),
        "email" => flip(a.email.cmp(&b.email)),
        "status" => flip(rank(&a.status).cmp(&rank(&b.status))),
        "phone" => nulls_last(&a.phone, &b.phone, desc),
        "last_sign_in" => nulls_last(&a.last_sign_in_at, &b.last_sign_in_at, desc),
        other => panic!("no sort {other}"),
    };
    by_key.then_with(|| flip(a.id.cmp(&b.id)))
}

async fn get<T: serde::de::DeserializeOwned>(app: &TestApp, client: &Client, path: &str) -> T {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.unwrap()
}

/// Every page from the first by `next_after`, then back by `previous_before`.
async fn walk_users(app: &TestApp, client: &Client, base: &str) -> (Vec<i64>, UserPage) {
    let first: UserPage = get(app, client, &format!("{USERS}?{base}")).await;
    let mut ids: Vec<i64> = first.users.iter().map(|u| u.id).collect();
    let mut pages = vec![first.users.iter().map(|u| u.id).collect::<Vec<_>>()];
    let mut next = first.next_after;
    assert_eq!(first.previous_before, None, "{base}: the first page has nothing before it");
    let mut last = first.clone();
    while let Some(after) = next {
        let page: UserPage = get(app, client, &format!("{USERS}?{base}&after={after}")).await;
        assert!(!page.users.is_empty(), "{base}: a next page is never empty");
        ids.extend(page.users.iter().map(|u| u.id));
        pages.push(page.users.iter().map(|u| u.id).collect());
        next = page.next_after;
        last = page;
    }
    // Back from the last page: the same pages, in reverse.
    let mut before = last.previous_before;
    let mut index = pages.len() - 1;
    while let Some(id) = before {
        index -= 1;
        let page: UserPage = get(app, client, &format!("{USERS}?{base}&before={id}")).await;
        assert_eq!(
            page.users.iter().map(|u| u.id).collect::<Vec<_>>(),
            pages[index],
            "{base}: page {index} read backwards"
        );
        before = page.previous_before;
    }
    if !last.partial {
        assert_eq!(index, 0, "{base}: back to the first page");
    }
    (ids, first)
}

#[tokio::test]
async fn user_pages_give_the_same_rows_in_the_same_order_as_the_table_whatever_the_plan() {
    same_users_as_the_table(small_limits().await).await;
}

#[tokio::test]
async fn user_pages_are_the_same_when_common_searches_are_sorted_instead_of_scanned() {
    same_users_as_the_table(with_scan_budget(1_000).await).await;
}

async fn same_users_as_the_table(app: TestApp) {
    let (client, _) = app.signed_in("ngarcia").await;
    let all: Vec<User> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.username, u.email, u.phone, u.status, u.last_sign_in_at
         FROM users u JOIN companies c ON c.id = u.company_id WHERE c.slug = 'northwind'",
    )
    .fetch_all(app.db())
    .await
    .unwrap();
    assert!(all.len() as i64 > SHORT_WINDOW * 2);

    // Empty; short (window); few matches (trigram index, exact count); many (ordered
    // scan, capped count); phone formats; case; wildcards; nothing.
    let searches = [
        "",
        "li",
        "e",
        "zq",
        "nguyen",
        "NGUYEN",
        "tom.nguyen@",
        "son",
        "northwind",
        "@NORTHWIND.example",
        "555.010.1003",
        "+1 (555) 010-1003",
        "0101003",
        "%",
        "a_b",
        "zz-nobody",
    ];
    let sorts = ["name", "username", "email", "phone", "status", "last_sign_in"];
    let mut plans_seen = (false, false, false);
    for q in searches {
        for (sort, desc) in sorts.iter().flat_map(|s| [(*s, false), (*s, true)]) {
            for status in [None, Some("admin"), Some("user")] {
                // Every order without a status filter; the filters over the default order.
                if status.is_some() && (sort != "name" || desc) {
                    continue;
                }
                let mut expected: Vec<&User> =
                    all.iter().filter(|u| matches(&user_text(u), q) && status.is_none_or(|s| u.status == s)).collect();
                expected.sort_by(|a, b| compare(a, b, sort, desc));
                let expected: Vec<i64> = expected.iter().map(|u| u.id).collect();

                let mut base = format!("q={}&sort={sort}", switchboard_wire::query::encode(q));
                if desc {
                    base.push_str("&dir=desc");
                }
                if let Some(s) = status {
                    base.push_str(&format!("&status={s}"));
                }
                let (ids, first) = walk_users(&app, &client, &base).await;
                if first.partial || (first.total_capped && q.trim().chars().count() < 3) {
                    // A short search over a long list: what it shows is the list's start.
                    assert!(expected.starts_with(&ids), "{base}: a prefix of {expected:?}, got {ids:?}");
                    plans_seen.2 = true;
                    continue;
                }
                assert_eq!(ids, expected, "{base}");
                let n = expected.len() as i64;
                if first.total_capped {
                    // Counted up to the cap or further (listing.rs's count_limit), never past n.
                    assert!(
                        first.total >= COUNT_CAP && n > first.total,
                        "{base}: {n} matches shown as {}+",
                        first.total
                    );
                    plans_seen.1 = true;
                } else {
                    assert_eq!(first.total, n, "{base}: exact count");
                    plans_seen.0 |= !q.is_empty();
                }
            }
        }
    }
    assert_eq!(plans_seen, (true, true, true), "exact, capped and windowed searches were all exercised");
}

#[tokio::test]
async fn contact_pages_give_the_same_rows_in_the_same_order_as_the_table() {
    let app = small_limits().await;
    let (client, _) = app.signed_in("ngarcia").await;
    let all: Vec<(i64, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT t.id, t.name, t.email, t.phone FROM contacts t JOIN companies c ON c.id = t.company_id
         WHERE c.slug = 'northwind'",
    )
    .fetch_all(app.db())
    .await
    .unwrap();
    for q in [
        "",
        "pr",
        "priya",
        "PRIYA.SHAH@",
        "mail.example",
        "(555) 300-1234",
        "+1 555 301 0042",
        "3004567",
        "zz-nobody",
        "an",
    ] {
        let mut expected: Vec<&(i64, String, Option<String>, Option<String>)> = all
            .iter()
            .filter(|(_, name, email, phone)| {
                matches(&format!("{name} {} {}", email.as_deref().unwrap_or(""), phone.as_deref().unwrap_or("")), q)
            })
            .collect();
        expected.sort_by(|a, b| a.1.to_ascii_lowercase().cmp(&b.1.to_ascii_lowercase()).then(a.0.cmp(&b.0)));
        let expected: Vec<i64> = expected.iter().map(|c| c.0).collect();

        let base = format!("{CONTACTS}?q={}", switchboard_wire::query::encode(q));
        let first: ContactPage = get(&app, &client, &base).await;
        let mut ids: Vec<i64> = first.contacts.iter().map(|c| c.id).collect();
        let mut next = first.next_after;
        while let Some(after) = next {
            let page: ContactPage = get(&app, &client, &format!("{base}&after={after}")).await;
            ids.extend(page.contacts.iter().map(|c| c.id));
            next = page.next_after;
        }
        if first.partial || (first.total_capped && q.len() < 3) {
            assert!(expected.starts_with(&ids), "{q}: a prefix of {expected:?}, got {ids:?}");
        } else {
            assert_eq!(ids, expected, "{q}");
            let n = expected.len() as i64;
            if first.total_capped {
                assert!(
                    !q.is_empty() && first.total >= COUNT_CAP && n > first.total,
                    "{q}: {n} shown as {}+",
                    first.total
                );
            } else {
                assert_eq!(first.total, n, "{q}: exact");
            }
        }
    }
}

#[tokio::test]
async fn a_cursor_of_another_companys_row_or_of_no_row_is_404_and_a_malformed_one_422() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in("ngarcia").await;
    let theirs = app
        .count("SELECT u.id FROM users u JOIN companies c ON c.id = u.company_id WHERE c.slug <> 'northwind' LIMIT 1")
        .await;
    let their_contact = app
        .count(
            "SELECT t.id FROM contacts t JOIN companies c ON c.id = t.company_id WHERE c.slug <> 'northwind' LIMIT 1",
        )
        .await;
    // Another company's row is as absent as one that never was.
    for path in [
        format!("{USERS}?after={theirs}"),
        format!("{USERS}?before={theirs}"),
        format!("{USERS}?after=99999999"),
        format!("{CONTACTS}?after={their_contact}"),
        format!("{CONTACTS}?before={their_contact}"),
    ] {
        let response = client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body = error_body(response).await;
        assert_eq!(body.code, ErrorCode::NotFound, "{path}");
        assert!(!body.message.contains("Lakeside") && !body.message.contains("Bluebird"), "{path}: {}", body.message);
    }
    for path in [&format!("{CONTACTS}?after=x"), &format!("{USERS}?before=0"), &format!("{USERS}?after=-3")] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(error_body(response).await.code, ErrorCode::Validation, "{path}");
    }
    // Both cursors: the page after wins.
    let first: UserPage = get(&app, &client, USERS).await;
    let after = first.next_after.unwrap();
    let second: UserPage = get(&app, &client, &format!("{USERS}?after={after}")).await;
    let both: UserPage = get(&app, &client, &format!("{USERS}?after={after}&before={after}")).await;
    assert_eq!(both.users, second.users);
}

/// The trigram index and the counts follow inserts, edits, status changes and deletes in
/// the writing transaction; FTS5's own check compares the index with the table.
#[tokio::test]
async fn the_index_and_the_counts_follow_every_write() {
    let app = small_limits().await;
    let (client, session) = app.signed_in("ngarcia").await;
    let pool = app.db();
    let count = |q: &'static str, status: &'static str| {
        let query = switchboard_wire::query::to_query(&[("q", q.to_string()), ("status", status.to_string())]);
        let (client, url) = (client.clone(), app.url(&format!("{USERS}?{query}")));
        async move {
            let page: UserPage = client.get(url).send().await.unwrap().json().await.unwrap();
            (page.total, page.users.iter().map(|u| u.username.clone()).collect::<Vec<_>>(), page.admin_count)
        }
    };
    let company = app.count("SELECT id FROM companies WHERE slug = 'northwind'").await;
    let before = count("", "user").await;
    // Asked before the insert, so a count remembered from it must not outlive the insert.
    assert_eq!(count("quixote", "").await.0, 0);

    // Insert: found by a trigram search at once, and counted.
    sqlx::query(
        "INSERT INTO users (company_id, username, email, display_name, status, password_hash, created_at)
         VALUES ($1, 'wquixote', 'W.Quixote@Northwind.example', 'Wendell Quixote', 'user', '$argon2id$v=19$m=19456,t=2,p=1$bm90LWEtc2FsdA$bm90LWEtaGFzaC1hdC1hbGwtYXQtYWxs', 0)",
    )
    .bind(company)
    .execute(pool)
    .await
    .unwrap();
    assert_eq!(count("quixote", "user").await.1, vec!["wquixote"]);
    assert_eq!(count("w.quixote@northwind", "").await.1, vec!["wquixote"], "emails are found in any case");
    assert_eq!(count("", "user").await.0, before.0 + 1);

    // A status change through the API: the filter and both counts follow.
    let (id, version) = user_ref(&app, "wquixote").await;
    let response = client
        .post(app.url(STATUS_CHANGES))
        .headers(csrf(&session))
        .json(&serde_json::json!({ "changes": [{ "user_id": id, "status": "admin", "version": version }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let after = count("quixote", "admin").await;
    assert_eq!(after.1, vec!["wquixote"]);
    assert_eq!(after.2, before.2 + 1, "the admin count");
    assert!(count("quixote", "user").await.1.is_empty());
    assert_eq!(count("", "user").await.0, before.0);

    // An edit: the new name is found, the old one no longer.
    sqlx::query("UPDATE users SET display_name = 'Wendell Sancho' WHERE id = $1").bind(id).execute(pool).await.unwrap();
    assert_eq!(count("sancho", "").await.1, vec!["wquixote"]);
    assert_eq!(count("dell quix", "").await.1, Vec::<String>::new());

    // Contacts: insert, edit, delete.
    let contact: i64 = sqlx::query_scalar(
        "INSERT INTO contacts (company_id, name, phone, created_at) VALUES ($1, 'Hortensia Vlk', '+15557770123', 0) RETURNING id",
    )
    .bind(company)
    .fetch_one(pool)
    .await
    .unwrap();
    let contacts = |q: &'static str| {
        let (client, url) = (client.clone(), app.url(&format!("{CONTACTS}?q={}", switchboard_wire::query::encode(q))));
        async move {
            let page: ContactPage = client.get(url).send().await.unwrap().json().await.unwrap();
            page.contacts.iter().map(|c| c.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(contacts("hortensia").await, vec![contact]);
    assert_eq!(contacts("(555) 777-0123").await, vec![contact]);
    sqlx::query("UPDATE contacts SET phone = NULL WHERE id = $1").bind(contact).execute(pool).await.unwrap();
    assert!(contacts("(555) 777-0123").await.is_empty());
    sqlx::query("DELETE FROM contacts WHERE id = $1").bind(contact).execute(pool).await.unwrap();
    assert!(contacts("hortensia").await.is_empty());

    // (PostgreSQL's trigram index is an index of the table, kept by the database itself.)
    if app.server.store.backend() == switchboard_server::storage::Backend::Sqlite {
        for table in ["users_fts", "contacts_fts"] {
            sqlx::query(&format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"))
                .execute(pool)
                .await
                .unwrap_or_else(|e| panic!("{table} differs from its table: {e}"));
        }
    }
    for (counted, table) in [
        ("SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM user_counts", "SELECT count(*) FROM users"),
        ("SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM contact_counts", "SELECT count(*) FROM contacts"),
    ] {
        assert_eq!(app.count(counted).await, app.count(table).await, "{counted}");
    }
}
