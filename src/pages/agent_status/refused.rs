//! The Status page's refused log-ons: live, filtered by agent number, phone or station and
//! reason (in the URL), and paged back as far as they go.

use super::View;
use crate::api::{self, ApiError};
use crate::auth::Auth;
use crate::components::download_csv::DownloadCsv;
use crate::components::loader::load_latest;
use crate::components::time::Time;
use crate::tasks::Scope;
use leptos::prelude::*;
use stylers::style_sheet;
use switchboard_wire::{RefusalReason, RefusedLogin, RefusedQuery};

/// How many of the newest the unfiltered list shows before "Show older".
const NEWEST: usize = 10;

/// Whether a refusal that just happened belongs in the filtered list (the server's rule:
/// the agent number exactly, the station as stored or its digits, the reason).
pub fn matches(filter: &RefusedQuery, r: &RefusedLogin) -> bool {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let station = filter.station.trim();
    let station_matches = station.is_empty()
        || r.station.eq_ignore_ascii_case(station)
        || (digits(station).len() >= 7 && digits(&r.station).ends_with(&digits(station)));
    (filter.agent.trim().is_empty() || r.agent_number == filter.agent.trim())
        && station_matches
        && filter.reason.is_none_or(|reason| reason == r.kind)
}

#[component]
pub fn RefusedLogins(
    /// The page's view: its refusal filters.
    view: Memo<View>,
    /// Changes the view (the URL); true replaces the history entry (typing).
    go: Callback<(View, bool)>,
    /// The live board's newest refusals, newest first.
    live: Signal<Vec<RefusedLogin>>,
) -> impl IntoView {
    let class = style_sheet!("style/pages/agent_status.css");
    let auth = expect_context::<Auth>();
    let filter = Memo::new(move |_| view.get().refused);
    // A filter asks the server; the unfiltered list is the live board's.
    let first = load_latest(
        move || filter.get(),
        |q: RefusedQuery, cancel| async move {
            if q.is_unfiltered() {
                Ok(None)
            } else {
                api::refused_logins(&q, &cancel).await.map(Some)
            }
        },
    );
    // Older pages, appended by "Show older"; emptied when the filter changes.
    let older = RwSignal::new(Vec::<RefusedLogin>::new());
    let older_cursor = RwSignal::new(None::<Option<i64>>);
    Effect::new(move |_| {
        filter.track();
        older.set(Vec::new());
        older_cursor.set(None);
    });
    let head = Memo::new(move |_| {
        let q = filter.get();
        let live = live.get();
        match first.data.get().flatten() {
            // Live refusals newer than the answer that match the filter come first.
            Some(page) => {
                let newest = page.refused.first().map_or(0, |r| r.id);
                let mut rows: Vec<RefusedLogin> =
                    live.into_iter().filter(|r| r.id > newest && matches(&q, r)).collect();
                rows.extend(page.refused);
                rows
            }
            // Once older pages are shown, every live one newer than them, so none is skipped.
            None if q.is_unfiltered() => match older.with(|rows| rows.first().map(|r| r.id)) {
                Some(oldest_head) => live.into_iter().filter(|r| r.id > oldest_head).collect(),
                None => live.into_iter().take(NEWEST).collect(),
            },
            None => Vec::new(),
        }
    });
    // Where "Show older" continues from: the last older page's cursor, else the first
    // page's (filtered), else the last row shown (unfiltered).
    let cursor = move || match older_cursor.get() {
        Some(next) => next,
        None => match first.data.get().flatten() {
            Some(page) => page.next_before,
            None => head.with(|rows| (rows.len() >= NEWEST).then(|| rows.last().map(|r| r.id)).flatten()),
        },
    };
    let failure = RwSignal::new(None::<ApiError>);
    let scope = Scope::here();
    let show_older = move |_| {
        let Some(before) = cursor() else { return };
        let query = RefusedQuery { before: Some(before), ..filter.get_untracked() };
        scope.spawn(async move {
            let cancel = api::Cancel::new();
            match api::refused_logins(&query, &cancel.signal()).await {
                Ok(page) => {
                    older.update(|rows| rows.extend(page.refused));
                    older_cursor.set(Some(page.next_before));
                    failure.set(None);
                }
                Err(error) => {
                    auth.handle(&error);
                    failure.set(Some(error));
                }
            }
        });
    };
    let set = move |change: fn(&mut RefusedQuery, String), replace: bool| {
        move |ev: leptos::ev::Event| {
            let mut next = view.get_untracked();
            change(&mut next.refused, event_target_value(&ev));
            go.run((next, replace));
        }
    };
    view! { class = class,
        <section aria-labelledby="refused-title">
            <h2 id="refused-title">"Refused log-ons"</h2>
            <DownloadCsv url=Signal::derive(move || api::refusals_export(&filter.get())) what="refused-log-ons" />
            <div class="filters" role="search" aria-label="Refused log-ons">
                <label for="refused-agent">"Agent number"</label>
                <input id="refused-agent" type="search" inputmode="numeric" autocomplete="off" size="8"
                    prop:value=move || filter.get().agent on:input=set(|q, v| q.agent = v, true) />
                <label for="refused-station">"Phone or station"</label>
                <input id="refused-station" type="search" autocomplete="off" size="14"
                    prop:value=move || filter.get().station on:input=set(|q, v| q.station = v, true) />
                <label for="refused-reason">"Reason"</label>
                <select id="refused-reason" on:change=set(|q, v| q.reason = RefusalReason::parse(&v), false)>
                    <option value="" prop:selected=move || filter.get().reason.is_none()>"Any reason"</option>
                    {RefusalReason::ALL.map(|r| view! {
                        <option value=r.as_str() prop:selected=move || filter.get().reason == Some(r)>{r.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            {move || first.failure.get().map(|error| view! { <p role="alert" class="error">{error.message}</p> })}
            <ul class="refused" data-test="refused">
                <For each=move || head.get().into_iter().chain(older.get()) key=|r| r.id let:r>
                    <li><Time at=r.at />{format!(": agent {}{} at {} — {}", r.agent_number,
                        r.agent_name.map(|n| format!(" ({n})")).unwrap_or_default(), r.station, r.reason)}</li>
                </For>
            </ul>
            <Show when=move || head.with(Vec::is_empty) && older.with(Vec::is_empty) && !first.loading.get()>
                <p data-test="refused-none">{move || if filter.get().is_unfiltered() {
                    "No log-on has been refused."
                } else {
                    "No refused log-on matches."
                }}</p>
            </Show>
            <Show when=move || cursor().is_some()>
                <button type="button" data-test="refused-older" on:click=show_older>"Show older"</button>
            </Show>
            {move || failure.get().map(|error| view! { <p role="alert" class="error">{error.message}</p> })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::matches;
    use switchboard_wire::{RefusalReason, RefusedLogin, RefusedQuery, Timestamp};

    fn refused(number: &str, station: &str, kind: RefusalReason) -> RefusedLogin {
        RefusedLogin {
            id: 1,
            at: Timestamp(0),
            agent_number: number.into(),
            agent_name: None,
            station: station.into(),
            kind,
            reason: String::new(),
        }
    }

    #[test]
    fn a_live_refusal_is_listed_under_the_filters_it_matches() {
        let r = refused("1021", "+15557000099", RefusalReason::WrongPasscode);
        let q = |agent: &str, station: &str, reason| RefusedQuery {
            agent: agent.into(),
            station: station.into(),
            reason,
            before: None,
        };
        assert!(matches(&q("", "", None), &r));
        assert!(matches(&q("1021", "(555) 700-0099", Some(RefusalReason::WrongPasscode)), &r));
        assert!(!matches(&q("102", "", None), &r), "the agent number exactly");
        assert!(!matches(&q("", "", Some(RefusalReason::UnknownNumber)), &r));
        assert!(!matches(&q("", "555 700 0098", None), &r));
        let desk = refused("7777", "Desk 9", RefusalReason::UnknownNumber);
        assert!(matches(&q("", "desk 9", None), &desk));
        assert!(!matches(&q("", "Desk 1", None), &desk));
    }
}
