//! Authorize Admins: find a user of the company, change their status, Save.
//!
//! The URL holds the view (search, filter, sort, page, open user), so a link reopens it
//! and Back works. Status changes wait in `pending` until Save sends them all in one
//! request, which the server applies together or not at all.

mod detail;
mod save_bar;
mod table;

use crate::api;
use crate::auth::Auth;
use crate::components::debounce::Debounce;
use crate::components::download_csv::DownloadCsv;
use crate::components::loader::load_latest;
use crate::components::pager::{count_words, page_count, Pager};
use crate::components::url_state::{use_url_state, UrlView};
use crate::pages::console_page::set_title;
use crate::unsaved::Unsaved;
use leptos::prelude::*;
use std::collections::BTreeMap;
use stylers::style_sheet;
use switchboard_wire::query::pairs;
use switchboard_wire::{Paged, SignInCause, Status, UserPage, UserQuery, UserRow, UserSort};

/// A status change waiting for Save: the user as loaded, and the status chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub user: UserRow,
    pub to: Status,
}

/// What the page shares with its parts.
#[derive(Clone, Copy)]
pub struct Page {
    pub query: Memo<UserQuery>,
    pub open_user: Memo<Option<i64>>,
    pub pending: RwSignal<BTreeMap<i64, Pending>>,
    pub data: RwSignal<Option<UserPage>>,
    /// Bumped to load the list again.
    pub reload: RwSignal<u32>,
    /// Users that changed on the server since they were loaded (a refused Save).
    pub stale: RwSignal<Vec<i64>>,
    go: Callback<(UserQuery, Option<i64>, bool)>,
}

impl Page {
    /// Shows `query` (and the user panel of `user`); `replace` for keystrokes, so that
    /// Back goes to the previous search rather than to each letter.
    pub fn show(self, query: UserQuery, user: Option<i64>, replace: bool) {
        self.go.run((query, user, replace));
    }

    pub fn open(self, user: Option<i64>) {
        self.show(self.query.get_untracked(), user, false);
    }

    /// Records the status chosen for `user`; choosing the loaded status again drops it.
    pub fn choose(self, user: &UserRow, to: Status) {
        self.pending.update(|pending| {
            if to == user.status {
                pending.remove(&user.id);
            } else {
                pending.insert(user.id, Pending { user: user.clone(), to });
            }
        });
    }
}

/// The page's view in its URL: the list's query and the open user's panel.
#[derive(Debug, Clone, PartialEq)]
struct AdminsView {
    query: UserQuery,
    user: Option<i64>,
}

impl UrlView for AdminsView {
    fn parse(search: &str) -> Self {
        let user = pairs(search).into_iter().find(|(k, _)| k == "user").and_then(|(_, v)| v.parse().ok());
        AdminsView { query: UserQuery::parse(search), user }
    }

    fn to_query(&self) -> String {
        let mut search = self.query.to_query();
        if let Some(id) = self.user {
            if !search.is_empty() {
                search.push('&');
            }
            search.push_str(&format!("user={id}"));
        }
        search
    }
}

#[component]
pub fn AuthorizeAdmins() -> impl IntoView {
    let class = style_sheet!("style/pages/authorize_admins.css");
    let auth = expect_context::<Auth>();
    let unsaved = expect_context::<Unsaved>();
    set_title("Authorize Admins");

    let url = use_url_state::<AdminsView>("/admins");
    let query = Memo::new(move |_| url.view.get().query);
    let open_user = Memo::new(move |_| url.view.get().user);
    let users =
        load_latest(move || query.get(), |q: UserQuery, cancel| async move { api::list_users(&q, &cancel).await });
    let page = Page {
        query,
        open_user,
        pending: RwSignal::new(BTreeMap::new()),
        data: users.data,
        reload: users.reload,
        stale: RwSignal::new(Vec::new()),
        go: Callback::new(move |(query, user, replace): (UserQuery, Option<i64>, bool)| {
            url.show.run((AdminsView { query, user }, replace));
        }),
    };
    provide_context(page);

    // Unsaved changes make leaving ask first; leaving the page clears the mark.
    Effect::new(move |_| unsaved.0.set(!page.pending.with(BTreeMap::is_empty)));
    on_cleanup(move || unsaved.0.set(false));

    let can_change = move || auth.session().is_some_and(|s| s.user.status.can_change());
    let company = move || auth.session().map(|s| s.company.name).unwrap_or_default();

    view! { class = class,
        <div class="authorize-admins">
            <header class="page-head">
                <h1>"Authorize Admins"</h1>
                <p class="admin-count" data-test="admin-count" aria-live="polite">
                    {move || page.data.get().map(|d| admins_sentence(d.admin_count, &company()))}
                </p>
            </header>
            <Show when=move || !can_change()>
                <p class="read-only">"Your status is Support: you can look users up, but only an Admin changes statuses."</p>
            </Show>
            <Filters />
            <DownloadCsv url=Signal::derive(move || api::users_export(&query.get())) what="users" />
            <save_bar::SaveBar />
            {users.view("The users could not be loaded", "Loading the users…", move |data| view! {
                    <table::UserTable loading=users.loading.into() can_change=Signal::derive(can_change) />
                    <p class="total" aria-live="polite">{results_sentence(&data, &query.get().q)}</p>
                    <Pager
                        page=Signal::derive(move || query.get().page)
                        pages=Signal::derive(move || page.data.get()
                            .filter(|d| !d.total_capped && !d.partial)
                            .map(|d| page_count(d.total, UserQuery::PER_PAGE)))
                        has_previous=Signal::derive(move || page.data.get().is_some_and(|d| d.previous_before.is_some()))
                        has_next=Signal::derive(move || page.data.get().is_some_and(|d| d.next_after.is_some()))
                        on_previous=Callback::new(move |()| {
                            if let Some(before) = page.data.get_untracked().and_then(|d| d.previous_before) {
                                page.show(query.get_untracked().previous_page(before), None, false);
                            }
                        })
                        on_next=Callback::new(move |()| {
                            if let Some(after) = page.data.get_untracked().and_then(|d| d.next_after) {
                                page.show(query.get_untracked().next_page(after), None, false);
                            }
                        })
                    />
                }.into_any())}
            <detail::DetailPanel />
        </div>
    }
}

fn admins_sentence(count: i64, company: &str) -> String {
    match count {
        1 => format!("{company} has 1 admin."),
        n => format!("{company} has {n} admins."),
    }
}

fn results_sentence(data: &UserPage, q: &str) -> String {
    let users = count_words(data.total, data.total_capped, "user", "users");
    let verb = if data.total == 1 && !data.total_capped { "matches" } else { "match" };
    if q.trim().is_empty() {
        users
    } else if data.partial {
        format!("{users} {verb} “{}” so far: type 3 or more characters to search all the users.", q.trim())
    } else {
        format!("{users} {verb} “{}”", q.trim())
    }
}

/// The choice of the "could not get in" filter that is not a cause of the day.
const LOCKED_NOW: &str = "locked_now";

/// Search as you type, the status filter, and who could not get in.
#[component]
fn Filters() -> impl IntoView {
    let class = style_sheet!("style/pages/authorize_admins_filters.css");
    let page = expect_context::<Page>();
    let text = RwSignal::new(page.query.get_untracked().q);
    // Back and forward change the URL: the box follows.
    Effect::new(move |_| text.set(page.query.get().q));
    let typing = Debounce::new(Debounce::TYPING);
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        typing.run(move || page.show(UserQuery { q: value, ..page.query.get_untracked() }.first_page(), None, true));
    };
    let on_status = move |ev: leptos::ev::Event| {
        let status = Status::parse(&event_target_value(&ev));
        page.show(UserQuery { status, ..page.query.get_untracked() }.first_page(), None, false);
    };
    // The Overview's figures of people who could not get in, as one choice.
    let on_failed = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let (failed, locked) = match value.as_str() {
            LOCKED_NOW => (None, true),
            cause => (SignInCause::parse(cause), false),
        };
        page.show(UserQuery { failed, locked, ..page.query.get_untracked() }.first_page(), None, false);
    };
    let failed_value = move || {
        let query = page.query.get();
        if query.locked {
            LOCKED_NOW
        } else {
            query.failed.map_or("", SignInCause::as_str)
        }
    };
    view! { class = class,
        <div class="filters" role="search">
            <label for="user-search">"Find a user"</label>
            <input
                id="user-search"
                type="search"
                placeholder="Name, username, email or phone"
                autocomplete="off"
                maxlength=UserQuery::MAX_Q.to_string()
                prop:value=move || text.get()
                on:input=on_input
            />
            <label for="status-filter">"Status"</label>
            <select id="status-filter" on:change=on_status
                prop:value=move || page.query.get().status.map(|s| s.as_str()).unwrap_or("")>
                <option value="">"Any status"</option>
                {Status::ALL.map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
            </select>
            <label for="failed-filter">"Could not get in (24 hours)"</label>
            <select id="failed-filter" on:change=on_failed prop:value=failed_value>
                <option value="">"Any user"</option>
                {SignInCause::ALL.map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
                <option value=LOCKED_NOW>"Locked out now"</option>
            </select>
        </div>
    }
}

/// The column headers' sort order, for `aria-sort`.
pub fn aria_sort(query: &UserQuery, column: UserSort) -> &'static str {
    match (query.sort == column, query.dir) {
        (false, _) => "none",
        (true, switchboard_wire::SortDir::Asc) => "ascending",
        (true, switchboard_wire::SortDir::Desc) => "descending",
    }
}
