//! One page of a company's list (users or contacts): search, filter, order, cursor and
//! count, planned so that no request scans the company's rows (migration 0006).
//!
//! - No search: the sort order's index from the cursor; the count from the count table.
//! - 3 or more characters: the trigram index. Its matches of the company are counted up to
//!   a limit (`count_limit`); when they are that few, the page is sorted from them (exact
//!   count); when there are more, matches are dense enough that walking the sort order's
//!   index and testing each row finds a page quickly, and the count shows as "1,000+".
//! - 1 or 2 characters (fewer than a trigram): the first `short_window` rows of the
//!   order from the cursor are tested; a list longer than that is searched in part
//!   (`partial`), and the page says to type more.
//!
//! "After row X" is an index range, `key >= k AND (key, id) > (k, X)`: every order's key
//! is one non-null expression with an index of its own.

use super::search::{contains_pattern, phone_digits};
use super::Store;
use super::{Backend, Pools};
use crate::domain::throttle::Scope;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::sync::{Arc, Mutex, PoisonError};

/// Which search a remembered count is of.
#[derive(Clone, PartialEq, Eq, Hash)]
struct CountKey {
    list: &'static str,
    company_id: i64,
    status: Option<String>,
    fts: String,
}

/// Search counts with the list version they were made at, shared by the requests of one
/// server instance. Bounded: when full it starts again empty.
#[derive(Clone, Default)]
pub struct RememberedCounts(Arc<Mutex<HashMap<CountKey, Remembered>>>);

/// What is known of a search at one version of its list.
#[derive(Clone, Copy)]
struct Remembered {
    version: i64,
    count: i64,
    /// Walking the order for a page ran out of budget: its matches lie far down the order,
    /// so the next page of it sorts them straight away.
    walk_failed: bool,
}

impl RememberedCounts {
    const MAX_ENTRIES: usize = 10_000;

    fn get(&self, key: &CountKey, version: i64) -> Option<Remembered> {
        let known = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        known.get(key).filter(|r| r.version == version).copied()
    }

    fn put(&self, key: CountKey, remembered: Remembered) {
        let mut known = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if known.len() >= Self::MAX_ENTRIES {
            known.clear();
        }
        known.insert(key, remembered);
    }
}

/// Switches a progress handler off when dropped.
struct SwitchOff(Arc<AtomicBool>);

impl Drop for SwitchOff {
    fn drop(&mut self) {
        self.0.store(false, AtomicOrdering::Relaxed);
    }
}

/// SQLite's result code for a statement stopped by the progress handler.
const SQLITE_INTERRUPT: &str = "9";

/// How far a search counts and looks; `--search-count-cap`, `--search-short-window`.
#[derive(Clone, Copy, Debug)]
pub struct ListLimits {
    /// Matches counted before the count shows as "N+".
    pub count_cap: i64,
    /// Rows a search shorter than a trigram looks at.
    pub short_window: i64,
    /// SQLite VM steps an ordered scan for a common search may take before the matches
    /// are sorted instead (about 15 a row).
    pub scan_budget: u64,
}

impl Default for ListLimits {
    fn default() -> Self {
        ListLimits { count_cap: 1_000, short_window: 2_000, scan_budget: 400_000 }
    }
}

/// The table a list reads; fixed names only, never text from a request.
#[derive(Clone, Copy)]
pub enum Table {
    Users,
    Contacts,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Users => "users",
            Table::Contacts => "contacts",
        }
    }
    fn trigrams(self) -> &'static str {
        match self {
            Table::Users => "users_fts",
            Table::Contacts => "contacts_fts",
        }
    }
    fn counts(self, company_id: i64, status: Option<&str>) -> (&'static str, Vec<Arg>) {
        match (self, status) {
            (Table::Users, None) => (
                "SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM user_counts WHERE company_id = $1",
                vec![Arg::Int(company_id)],
            ),
            (Table::Users, Some(s)) => (
                "SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM user_counts WHERE company_id = $1 AND status = $2",
                vec![Arg::Int(company_id), Arg::Text(s.to_string())],
            ),
            (Table::Contacts, _) => (
                "SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM contact_counts WHERE company_id = $1",
                vec![Arg::Int(company_id)],
            ),
        }
    }
}

/// An order: one non-null key expression over the table's columns (then id), with the
/// index that serves it (migrations 0002, 0004 and 0006 hold the same expressions).
#[derive(Clone, Copy)]
pub struct Order {
    pub key: &'static str,
    /// The key is a number (else text): how a cursor's key is read back.
    pub numeric: bool,
    pub desc: bool,
}

/// Where the page starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cursor {
    /// Page `n` counted from the start (an offset: for hand-typed URLs).
    Page(u32),
    After(i64),
    Before(i64),
}

/// A few of the company's rows named by another table: the people behind one of the
/// Overview's figures, at most those of a day. Such a set drives the page: joined to the
/// list's rows by id, searched, ordered and counted exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subset {
    /// Whose latest failure of `cause` (`kind` 'console' or 'contact') is at `since` or
    /// later (`recent_failures`, migration 0013).
    Failed { kind: &'static str, cause: &'static str, since: i64 },
    /// Users who signed in with status User since `since`: they met "For Admin Access Only".
    SignedInAsUser { since: i64 },
    /// Users whose username is locked out at `now`.
    LockedNow { now: i64 },
}

impl Subset {
    /// `SELECT <ids> AS sid …` of the company's rows in the set.
    fn ids(self, sql: &mut Sql, company_id: i64, backend: Backend) {
        match self {
            Subset::Failed { kind, cause, since } => {
                sql.push("SELECT subject_id AS sid FROM recent_failures WHERE company_id = ")
                    .arg(Arg::Int(company_id))
                    .push(" AND kind = ")
                    .arg(Arg::Text(kind.into()))
                    .push(" AND cause = ")
                    .arg(Arg::Text(cause.into()))
                    .push(" AND last_at >= ")
                    .arg(Arg::Int(since));
            }
            Subset::SignedInAsUser { since } => {
                sql.push("SELECT id AS sid FROM users WHERE company_id = ")
                    .arg(Arg::Int(company_id))
                    .push(" AND status = 'user' AND last_sign_in_at >= ")
                    .arg(Arg::Int(since));
            }
            Subset::LockedNow { now } => {
                // The throttle's key is the lower-cased username (index users_by_lower_username;
                // SQLite uses it only when `+` takes the column's text affinity off the key).
                let key = match backend {
                    Backend::Sqlite => "+th.key",
                    Backend::Postgres => "th.key",
                };
                sql.push(&format!(
                    "SELECT u.id AS sid FROM throttles th {} users u ON lower(u.username) = {key} WHERE th.company_id = ",
                    backend.join_in_order()
                ))
                    .arg(Arg::Int(company_id))
                    .push(" AND th.scope = ")
                    .arg(Arg::Text(Scope::ConsoleUsername.as_str().into()))
                    .push(" AND th.blocked_until > ")
                    .arg(Arg::Int(now));
            }
        }
    }
}

/// What to list.
pub struct Listing<'a> {
    pub table: Table,
    pub company_id: i64,
    /// Users only: one status.
    pub status: Option<&'a str>,
    /// Only the rows in every one of these sets.
    pub subsets: Vec<Subset>,
    /// The search as typed.
    pub q: &'a str,
    pub order: Order,
    pub cursor: Cursor,
    pub per_page: u32,
    /// The select list, over the table's columns.
    pub columns: &'static str,
}

/// A page of rows, in order, and what the page around it needs.
pub struct Found<R> {
    pub rows: Vec<R>,
    pub total: i64,
    pub total_capped: bool,
    pub partial: bool,
    pub next_after: Option<i64>,
    pub previous_before: Option<i64>,
}

impl<R> Found<R> {
    /// The same page with its rows made into what the API answers.
    pub fn map_rows<T>(self, f: impl FnMut(R) -> T) -> Found<T> {
        Found {
            rows: self.rows.into_iter().map(f).collect(),
            total: self.total,
            total_capped: self.total_capped,
            partial: self.partial,
            next_after: self.next_after,
            previous_before: self.previous_before,
        }
    }
}

/// Rows know their id: it is the cursor.
pub trait Keyed {
    fn key_id(&self) -> i64;
}

/// The cursor names a row that is not in this company's list.
#[derive(Debug)]
pub struct CursorGone;

#[derive(Clone)]
enum Arg {
    Int(i64),
    Text(String),
}

/// SQL text with its arguments, numbered as they are pushed.
struct Sql {
    text: String,
    args: Vec<Arg>,
}

impl Sql {
    fn new() -> Sql {
        Sql { text: String::new(), args: Vec::new() }
    }
    fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }
    /// Appends a placeholder for `arg`.
    fn arg(&mut self, arg: Arg) -> &mut Sql {
        self.args.push(arg);
        self.text.push_str(&format!("${}", self.args.len()));
        self
    }
}

/// Binds `args` to a query of either database, in order.
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                Arg::Int(v) => query.bind(*v),
                Arg::Text(v) => query.bind(v.clone()),
            };
        }
        query
    }};
}

/// A row type that either database can decode.
pub trait ListRow: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin {}

impl<R> ListRow for R where R: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin {}

/// The key of the cursor's row, when that row is in the company's list.
enum KeyValue {
    Int(i64),
    Text(String),
}

/// An FTS5 query for "contains `text`": one quoted phrase of its trigrams.
fn phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// A search of 3 or more characters (or phone digits), as each database finds it.
struct Search {
    q: String,
    /// Phone digits to look for besides the text, when the search looks like a phone.
    digits: Option<String>,
    /// SQLite: the FTS5 query; also the search's name among remembered counts.
    fts: String,
}

impl Search {
    fn new(q: &str, digits: Option<&String>) -> Search {
        let digits = digits.filter(|d| d.len() >= 3).cloned();
        let mut fts = phrase(q);
        if let Some(d) = digits.as_ref().filter(|d| **d != q) {
            fts = format!("{fts} OR {}", phrase(d));
        }
        Search { q: q.to_string(), digits, fts }
    }

    /// ` AND (search_text contains q [or the digits])`: PostgreSQL's trigram index (pg_trgm)
    /// serves it; in SQLite it tests rows read in order.
    fn contains(&self, sql: &mut Sql) {
        sql.push(" AND (t.search_text LIKE ").arg(Arg::Text(contains_pattern(&self.q))).push(" ESCAPE '\\'");
        if let Some(d) = &self.digits {
            sql.push(" OR t.search_text LIKE ").arg(Arg::Text(contains_pattern(d))).push(" ESCAPE '\\'");
        }
        sql.push(")");
    }

    /// The company's matching rows, to be ordered: SQLite reads them from the FTS5 index;
    /// PostgreSQL's planner picks the trigram index or the order's, by its statistics.
    fn matches(&self, sql: &mut Sql, l: &Listing<'_>, backend: Backend) {
        match backend {
            Backend::Sqlite => {
                sql.push(&format!(
                    "SELECT {} FROM (SELECT rowid AS fid FROM {fts_t} WHERE {fts_t} MATCH ",
                    l.columns,
                    fts_t = l.table.trigrams()
                ));
                sql.arg(Arg::Text(self.fts.clone()))
                    .push(&format!(") f CROSS JOIN {} t ON t.id = f.fid WHERE ", l.table.name()));
                company_filter(sql, l);
            }
            Backend::Postgres => {
                sql.push(&format!("SELECT {} FROM {} t WHERE ", l.columns, l.table.name()));
                company_filter(sql, l);
                self.contains(sql);
            }
        }
    }
}

impl Store {
    pub(super) async fn list_page<R>(&self, l: &Listing<'_>) -> sqlx::Result<Result<Found<R>, CursorGone>>
    where
        R: ListRow + Keyed,
    {
        // ASCII only, as lower() that made search_text: both sides fold alike (PostgreSQL's
        // columns are COLLATE "C", whose lower() folds ASCII only, as SQLite's does).
        let q = l.q.trim().to_ascii_lowercase();
        let digits = phone_digits(&q);
        let cursor_key = match l.cursor {
            Cursor::After(id) | Cursor::Before(id) => match self.cursor_key(l, id).await? {
                Some(key) => Some((id, key)),
                None => return Ok(Err(CursorGone)),
            },
            Cursor::Page(_) => None,
        };
        let backwards = matches!(l.cursor, Cursor::Before(_));
        if let Some((first, rest)) = l.subsets.split_first() {
            return self
                .subset_page(l, (*first, rest), &q, digits.as_ref(), cursor_key.as_ref(), backwards)
                .await
                .map(Ok);
        }
        let list_total = self.list_count(l).await?;

        let mut sql = Sql::new();
        let (total, total_capped, partial);
        if q.is_empty() {
            sql.push(&format!("SELECT {} FROM {} t WHERE ", l.columns, l.table.name()));
            company_filter(&mut sql, l);
            (total, total_capped, partial) = (list_total, false, false);
        } else if q.chars().count() < 3 && digits.as_ref().is_none_or(|d| d.len() < 3) {
            // Fewer characters than a trigram: test a window of the order.
            return self.short_search(l, &q, cursor_key.as_ref(), backwards, list_total).await.map(Ok);
        } else {
            let search = Search::new(&q, digits.as_ref());
            let limit = count_limit(self.limits.count_cap, list_total);
            let (key, known) = self.remembered_count(l, &search, limit).await?;
            let matches = known.count;
            if matches <= limit {
                // Few: sort the company's matches.
                (total, total_capped, partial) = (matches, false, false);
            } else {
                // Many (SQLite): the order's index, testing each row, usually finds a page
                // soon; when the matches lie far down the order it gives up, and they are
                // sorted instead. (PostgreSQL's planner makes that choice itself.)
                if self.backend() == Backend::Sqlite && !known.walk_failed {
                    let mut scan = Sql::new();
                    scan.push(&format!("SELECT {} FROM {} t WHERE ", l.columns, l.table.name()));
                    company_filter(&mut scan, l);
                    search.contains(&mut scan);
                    finish_query(&mut scan, l, cursor_key.as_ref(), backwards);
                    if let Some(rows) = self.fetch_within(&scan, self.limits.scan_budget).await? {
                        return Ok(Ok(finish(rows, l, limit, true, false)));
                    }
                    self.counts.put(key, Remembered { walk_failed: true, ..known });
                }
                (total, total_capped, partial) = (limit, true, false);
            }
            search.matches(&mut sql, l, self.backend());
        }
        finish_query(&mut sql, l, cursor_key.as_ref(), backwards);
        let rows: Vec<R> = self.fetch_rows(&sql).await?;
        Ok(Ok(finish(rows, l, total, total_capped, partial)))
    }

    async fn fetch_rows<R: ListRow>(&self, sql: &Sql) -> sqlx::Result<Vec<R>> {
        on_pool!(self, pool => bind_args!(sqlx::query_as(&sql.text), &sql.args).fetch_all(pool).await)
    }

    async fn fetch_count(&self, sql: &Sql) -> sqlx::Result<i64> {
        on_pool!(self, pool => bind_args!(sqlx::query_scalar(&sql.text), &sql.args).fetch_one(pool).await)
    }

    /// Runs `sql` unless it takes more than `budget` SQLite VM steps (then `None`): a scan
    /// that would read most of a large list is cut short, not waited for.
    async fn fetch_within<R>(&self, sql: &Sql, budget: u64) -> sqlx::Result<Option<Vec<R>>>
    where
        R: ListRow,
    {
        const STEP: i32 = 1_000;
        let Pools::Sqlite(pool) = self.pools() else { return self.fetch_rows(sql).await.map(Some) };
        let mut conn = pool.acquire().await?;
        // If this request is dropped mid-query (the client left), the handler stays on the
        // connection, which goes back to the pool: the guard then switches it off, so it
        // never stops another request's statement.
        let active = Arc::new(AtomicBool::new(true));
        let _off_when_dropped = SwitchOff(active.clone());
        let mut left = budget / STEP as u64;
        conn.lock_handle().await?.set_progress_handler(STEP, move || {
            if !active.load(AtomicOrdering::Relaxed) {
                return true;
            }
            left = left.saturating_sub(1);
            left > 0
        });
        let result = bind_args!(sqlx::query_as(&sql.text), &sql.args).fetch_all(&mut *conn).await;
        // The connection goes back to the pool: it must not keep the handler.
        let removed = conn.lock_handle().await.map(|mut handle| handle.remove_progress_handler());
        match result {
            Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some(SQLITE_INTERRUPT) => {
                removed?;
                Ok(None)
            }
            Err(e) => Err(e),
            Ok(rows) => {
                removed?;
                Ok(Some(rows))
            }
        }
    }

    async fn cursor_key(&self, l: &Listing<'_>, id: i64) -> sqlx::Result<Option<KeyValue>> {
        if l.order.numeric {
            // CAST: PostgreSQL types a CASE of small numbers as integer, not bigint.
            let sql = format!(
                "SELECT CAST({} AS BIGINT) FROM {} t WHERE t.id = $1 AND t.company_id = $2",
                l.order.key,
                l.table.name()
            );
            let key: Option<i64> = on_pool!(self, pool => sqlx::query_scalar(&sql)
                .bind(id)
                .bind(l.company_id)
                .fetch_optional(pool)
                .await)?;
            Ok(key.map(KeyValue::Int))
        } else {
            let sql = format!("SELECT {} FROM {} t WHERE t.id = $1 AND t.company_id = $2", l.order.key, l.table.name());
            let key: Option<String> = on_pool!(self, pool => sqlx::query_scalar(&sql)
                .bind(id)
                .bind(l.company_id)
                .fetch_optional(pool)
                .await)?;
            Ok(key.map(KeyValue::Text))
        }
    }

    /// The list's length without a search: read, never counted.
    async fn list_count(&self, l: &Listing<'_>) -> sqlx::Result<i64> {
        let (text, args) = l.table.counts(l.company_id, l.status);
        self.fetch_count(&Sql { text: text.to_string(), args }).await
    }

    /// [`Self::count_matches`], remembered while the company's list does not change: paging
    /// through a search, or several people making it, counts once.
    async fn remembered_count(
        &self,
        l: &Listing<'_>,
        search: &Search,
        limit: i64,
    ) -> sqlx::Result<(CountKey, Remembered)> {
        // The version is read before counting: a count is never filed under a version
        // older than the rows it counted.
        let version: Option<i64> = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT version FROM list_versions WHERE company_id = $1 AND list = $2",
        )
        .bind(l.company_id)
        .bind(l.table.name())
        .fetch_optional(pool)
        .await)?;
        let version = version.unwrap_or(0);
        let key = CountKey {
            list: l.table.name(),
            company_id: l.company_id,
            status: l.status.map(str::to_string),
            fts: search.fts.clone(),
        };
        if let Some(known) = self.counts.get(&key, version) {
            return Ok((key, known));
        }
        let known = Remembered { version, count: self.count_matches(l, search, limit).await?, walk_failed: false };
        self.counts.put(key.clone(), known);
        Ok((key, known))
    }

    /// The company's matches of a search, counted up to one more than `limit`.
    async fn count_matches(&self, l: &Listing<'_>, search: &Search, limit: i64) -> sqlx::Result<i64> {
        let mut sql = Sql::new();
        match self.backend() {
            Backend::Sqlite => {
                // CROSS JOIN: the trigram index drives; the company's rows are looked up by id.
                sql.push(&format!(
                    "SELECT count(*) FROM (SELECT 1 FROM {fts_t} CROSS JOIN {} t ON t.id = {fts_t}.rowid WHERE {fts_t} MATCH ",
                    l.table.name(),
                    fts_t = l.table.trigrams()
                ));
                sql.arg(Arg::Text(search.fts.clone())).push(" AND ");
                company_filter(&mut sql, l);
            }
            Backend::Postgres => {
                sql.push(&format!("SELECT count(*) FROM (SELECT 1 FROM {} t WHERE ", l.table.name()));
                company_filter(&mut sql, l);
                search.contains(&mut sql);
            }
        }
        sql.push(&format!(" LIMIT {}) m", limit + 1));
        self.fetch_count(&sql).await
    }

    /// A search of 1 or 2 characters: the matches among the next `short_window` rows.
    async fn short_search<R>(
        &self,
        l: &Listing<'_>,
        q: &str,
        cursor_key: Option<&(i64, KeyValue)>,
        backwards: bool,
        list_total: i64,
    ) -> sqlx::Result<Found<R>>
    where
        R: ListRow + Keyed,
    {
        let desc = l.order.desc != backwards;
        let mut sql = Sql::new();
        // Only the index's columns in the window; the page's rows are read by id after.
        sql.push(&format!(
            "SELECT {} FROM (SELECT wid, k FROM (SELECT t.id AS wid, {} AS k, t.search_text AS st FROM {} t WHERE ",
            l.columns,
            l.order.key,
            l.table.name()
        ));
        company_filter(&mut sql, l);
        cursor_filter(&mut sql, l, cursor_key, backwards);
        sql.push(&format!(
            " ORDER BY {} LIMIT {}) v WHERE st LIKE ",
            order_by(l.order.key, "t.id", desc),
            self.limits.short_window
        ));
        sql.arg(Arg::Text(contains_pattern(q))).push(" ESCAPE '\\'");
        sql.push(&format!(
            " ORDER BY {} LIMIT {}) w {} {} t ON t.id = w.wid ORDER BY {}",
            order_by("k", "wid", desc),
            l.per_page + 1,
            self.backend().join_in_order(),
            l.table.name(),
            order_by("w.k", "w.wid", desc)
        ));
        let rows: Vec<R> = self.fetch_rows(&sql).await?;
        // The whole list fits in the window: what was found is all there is.
        let whole = list_total <= self.limits.short_window && cursor_key.is_none();
        let found = rows.len().min(l.per_page as usize) as i64;
        let full = rows.len() > l.per_page as usize;
        let mut page = finish(rows, l, found, !whole && full, !whole && !full);
        if whole {
            page.total = self.count_short(l, q).await?;
        }
        Ok(page)
    }

    /// How many of the company's rows are in `subset`: an Overview figure, counted as its
    /// list is.
    pub(super) async fn subset_count(&self, company_id: i64, subset: Subset) -> sqlx::Result<i64> {
        let mut sql = Sql::new();
        sql.push("SELECT count(*) FROM (");
        subset.ids(&mut sql, company_id, self.backend());
        sql.push(") s");
        self.fetch_count(&sql).await
    }

    /// The rows in the sets: the first drives, joined to the table by id; the others, the
    /// search and the status filter test each; sorted and counted exactly (a day's people).
    async fn subset_page<R>(
        &self,
        l: &Listing<'_>,
        (first, rest): (Subset, &[Subset]),
        q: &str,
        digits: Option<&String>,
        cursor_key: Option<&(i64, KeyValue)>,
        backwards: bool,
    ) -> sqlx::Result<Found<R>>
    where
        R: ListRow + Keyed,
    {
        let backend = self.backend();
        let from_where = |sql: &mut Sql| {
            sql.push("(");
            first.ids(sql, l.company_id, backend);
            sql.push(&format!(") s {} {} t ON t.id = s.sid WHERE ", backend.join_in_order(), l.table.name()));
            company_filter(sql, l);
            for subset in rest {
                sql.push(" AND t.id IN (");
                subset.ids(sql, l.company_id, backend);
                sql.push(")");
            }
            if !q.is_empty() {
                Search::new(q, digits).contains(sql);
            }
        };
        let mut count = Sql::new();
        count.push("SELECT count(*) FROM ");
        from_where(&mut count);
        let total = self.fetch_count(&count).await?;
        let mut sql = Sql::new();
        sql.push(&format!("SELECT {} FROM ", l.columns));
        from_where(&mut sql);
        finish_query(&mut sql, l, cursor_key, backwards);
        let rows: Vec<R> = self.fetch_rows(&sql).await?;
        Ok(finish(rows, l, total, false, false))
    }

    async fn count_short(&self, l: &Listing<'_>, q: &str) -> sqlx::Result<i64> {
        let mut sql = Sql::new();
        sql.push(&format!("SELECT count(*) FROM {} t WHERE ", l.table.name()));
        company_filter(&mut sql, l);
        sql.push(" AND t.search_text LIKE ").arg(Arg::Text(contains_pattern(q))).push(" ESCAPE '\\'");
        self.fetch_count(&sql).await
    }
}

/// The cursor, the order, one row more than a page (to know there is a next one), and
/// for a page named by number, its offset.
fn finish_query(sql: &mut Sql, l: &Listing<'_>, cursor: Option<&(i64, KeyValue)>, backwards: bool) {
    cursor_filter(sql, l, cursor, backwards);
    sql.push(&format!(
        " ORDER BY {} LIMIT {}",
        order_by(l.order.key, "t.id", l.order.desc != backwards),
        l.per_page + 1
    ));
    if let Cursor::Page(n) = l.cursor {
        sql.push(&format!(" OFFSET {}", u64::from(n.max(1) - 1) * u64::from(l.per_page)));
    }
}

/// How far to count a search's matches in a list of `list_len` rows: at least `cap`, and
/// at least 2·√n. Sorting m matches costs a lookup each (~m); walking the order until a
/// page of 25 is found costs ~25·n/m rows at a tenth of a lookup each; the two meet near
/// m = √(2.5·n). Below the limit the matches are sorted, above it the order is walked.
fn count_limit(cap: i64, list_len: i64) -> i64 {
    let balance = (4.0 * list_len.max(0) as f64).sqrt().ceil() as i64;
    cap.max(balance)
}

fn company_filter(sql: &mut Sql, l: &Listing<'_>) {
    sql.push("t.company_id = ").arg(Arg::Int(l.company_id));
    if let Some(status) = l.status {
        sql.push(" AND t.status = ").arg(Arg::Text(status.to_string()));
    }
}

/// `key >= k AND (key, id) > (k, X)` (or the reverse): the first term is what lets SQLite
/// use the index as a range; the row value alone it only filters.
fn cursor_filter(sql: &mut Sql, l: &Listing<'_>, cursor: Option<&(i64, KeyValue)>, backwards: bool) {
    let Some((id, key)) = cursor else { return };
    let forward = l.order.desc == backwards;
    let (loose, strict) = if forward { (">=", ">") } else { ("<=", "<") };
    let key_arg = || match key {
        KeyValue::Int(v) => Arg::Int(*v),
        KeyValue::Text(v) => Arg::Text(v.clone()),
    };
    sql.push(&format!(" AND {} {loose} ", l.order.key)).arg(key_arg());
    sql.push(&format!(" AND ({}, t.id) {strict} (", l.order.key))
        .arg(key_arg())
        .push(", ")
        .arg(Arg::Int(*id))
        .push(")");
}

fn order_by(key: &str, id: &str, desc: bool) -> String {
    let d = if desc { "DESC" } else { "ASC" };
    format!("{key} {d}, {id} {d}")
}

/// Trims the look-ahead row, restores the order of a backwards read, and sets the cursors.
fn finish<R: Keyed>(mut rows: Vec<R>, l: &Listing<'_>, total: i64, total_capped: bool, partial: bool) -> Found<R> {
    let per_page = l.per_page as usize;
    let more = rows.len() > per_page;
    rows.truncate(per_page);
    let (has_next, has_previous) = match l.cursor {
        Cursor::Page(n) => (more, n > 1),
        Cursor::After(_) => (more, true),
        Cursor::Before(_) => {
            rows.reverse();
            (true, more)
        }
    };
    let next_after = if has_next { rows.last().map(Keyed::key_id) } else { None };
    let previous_before = if has_previous { rows.first().map(Keyed::key_id) } else { None };
    Found { rows, total, total_capped, partial, next_after, previous_before }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn larger_lists_sort_more_matches_before_walking_the_order() {
        assert_eq!(count_limit(1_000, 300), 1_000);
        assert_eq!(count_limit(1_000, 100_000), 1_000);
        assert_eq!(count_limit(1_000, 1_000_000), 2_000);
        assert_eq!(count_limit(15, 300), 35);
    }

    #[test]
    fn a_search_is_one_literal_phrase() {
        assert_eq!(phrase("olivia s"), "\"olivia s\"");
        assert_eq!(phrase("a\"b OR c*"), "\"a\"\"b OR c*\"");
    }

    #[test]
    fn the_cursor_is_an_index_range_in_the_direction_read() {
        let l = Listing {
            table: Table::Contacts,
            company_id: 7,
            status: None,
            subsets: Vec::new(),
            q: "",
            order: Order { key: "lower(t.name)", numeric: false, desc: false },
            cursor: Cursor::After(9),
            per_page: 25,
            columns: "t.id",
        };
        let mut sql = Sql::new();
        cursor_filter(&mut sql, &l, Some(&(9, KeyValue::Text("kim".into()))), false);
        assert_eq!(sql.text, " AND lower(t.name) >= $1 AND (lower(t.name), t.id) > ($2, $3)");
        let mut back = Sql::new();
        cursor_filter(&mut back, &l, Some(&(9, KeyValue::Text("kim".into()))), true);
        assert_eq!(back.text, " AND lower(t.name) <= $1 AND (lower(t.name), t.id) < ($2, $3)");
    }
}
