//! Agent Status: who is logged on to the phone service, live; an agent's pop-out with
//! Actions, Force Logout, and a confirmation that says what will happen.

mod live;
mod popout;
mod refused;
mod row;

use crate::api::{self, ApiError};
use crate::auth::Auth;
use crate::components::loading::{Failure, Loading};
use crate::components::minute_clock::MinuteClock;
use crate::components::table_scroll::TableScroll;
use crate::components::throttled_agents::ThrottledAgents;
use crate::components::url_state::{use_url_state, UrlState, UrlView};
use crate::pages::console_page::set_title;
use crate::tasks::Scope;
use leptos::prelude::*;
use live::Live;
use popout::PopOut;
use refused::RefusedLogins;
use row::AgentRow;
use std::time::Duration;
use stylers::style_sheet;
use switchboard_wire::query::{pairs, to_query};
use switchboard_wire::{AgentEvent, AgentState, LiveAgent, RefusalReason, RefusedQuery};

/// Events waiting for the next frame.
#[derive(Clone, Copy)]
struct Pending(StoredValue<Vec<AgentEvent>, LocalStorage>);

impl Pending {
    /// A tab in the background gets no frames: past this many waiting events, they are
    /// dropped for one resync, which reloads the board.
    const MOST: usize = 5_000;

    fn new() -> Pending {
        Pending(StoredValue::new_local(Vec::new()))
    }

    /// Queues `event`; true when it is the first since the last frame (a frame must be asked
    /// for).
    fn push(self, event: AgentEvent) -> bool {
        self.0
            .try_update_value(|queue| {
                if queue.len() >= Pending::MOST {
                    queue.clear();
                    queue.push(AgentEvent::Resync);
                    return false;
                }
                queue.push(event);
                queue.len() == 1
            })
            .unwrap_or(false)
    }

    /// Everything queued, or None once the page is gone.
    fn take(self) -> Option<Vec<AgentEvent>> {
        self.0.try_update_value(std::mem::take)
    }
}

/// How often the times in words ("In state", "5 min ago") move on: each row's cells are
/// redrawn only when their own minutes turn (`MinuteClock`), about one row in sixty a tick.
const CLOCK_TICK: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Connecting,
    Live,
    Reconnecting,
}

/// The page's view, from its URL: filters, the open agent, the refusals' filters.
#[derive(Debug, Clone, PartialEq, Default)]
struct View {
    q: String,
    state: Option<AgentState>,
    /// Only sessions whose phone has not been heard from lately.
    stale: bool,
    agent: Option<i64>,
    /// `ra`, `rs`, `rr`: the refused log-ons' agent number, station and reason.
    refused: RefusedQuery,
}

impl UrlView for View {
    fn parse(search: &str) -> View {
        let mut view = View::default();
        for (key, value) in pairs(search) {
            match key.as_str() {
                "q" => view.q = value,
                "state" => view.state = AgentState::parse(&value),
                "stale" => view.stale = value == "true",
                "agent" => view.agent = value.parse().ok(),
                "ra" => view.refused.agent = value,
                "rs" => view.refused.station = value,
                "rr" => view.refused.reason = RefusalReason::parse(&value),
                _ => {}
            }
        }
        view
    }

    fn to_query(&self) -> String {
        to_query(&[
            ("q", self.q.clone()),
            ("state", self.state.map(|s| s.as_str().to_string()).unwrap_or_default()),
            ("stale", if self.stale { "true".into() } else { String::new() }),
            ("agent", self.agent.map(|a| a.to_string()).unwrap_or_default()),
            ("ra", self.refused.agent.clone()),
            ("rs", self.refused.station.clone()),
            ("rr", self.refused.reason.map(|r| r.as_str().to_string()).unwrap_or_default()),
        ])
    }
}

impl View {
    /// Name, agent number, or phone or station, a phone number in any format ("who is on
    /// this phone?": "(555) 700-0020" finds +15557000020).
    fn shows(&self, agent: &LiveAgent) -> bool {
        let q = self.q.trim().to_lowercase();
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        let on_phone = || {
            digits.len() >= 3
                && agent.station.chars().filter(char::is_ascii_digit).collect::<String>().contains(&digits)
        };
        (q.is_empty()
            || agent.name.to_lowercase().contains(&q)
            || agent.agent_number.contains(&q)
            || agent.station.to_lowercase().contains(&q)
            || on_phone())
            && self.state.is_none_or(|s| s == agent.state)
            && (!self.stale || agent.stale)
    }
}

#[component]
pub fn AgentStatus() -> impl IntoView {
    let class = style_sheet!("style/pages/agent_status.css");
    let auth = expect_context::<Auth>();
    set_title("Agent Status");
    let UrlState { view, show: go } = use_url_state::<View>("/agents");

    let live = Live::new();
    let failure = RwSignal::new(None::<ApiError>);
    let link = RwSignal::new(Link::Connecting);
    let clock = RwSignal::new(js_sys::Date::now());
    let minutes = MinuteClock::new(js_sys::Date::now());
    let on_tick = move || {
        let now = js_sys::Date::now();
        minutes.tick(now);
        // Read by the pop-out alone.
        clock.set(now);
    };
    if let Ok(tick) = set_interval_with_handle(on_tick, CLOCK_TICK) {
        on_cleanup(move || tick.clear());
    }

    let scope = Scope::here();
    let reload = move || {
        scope.spawn(async move {
            match api::agent_board().await {
                Ok(fresh) => {
                    live.reset(fresh);
                    failure.set(None);
                }
                Err(error) => {
                    auth.handle(&error);
                    failure.set(Some(error));
                }
            }
        })
    };
    let pending = Pending::new();
    let events = api::agent_events(
        move || {
            link.set(Link::Live);
            reload();
        },
        move |event| {
            if pending.push(event) {
                request_animation_frame(move || {
                    // All that arrived since the last frame, in order, in one go: the rows
                    // change once per frame however fast the events come.
                    let Some(events) = pending.take() else { return };
                    let mut resync = false;
                    for event in events {
                        resync |= !live.apply(event);
                    }
                    if resync {
                        reload();
                    }
                });
            }
        },
        move |gave_up| {
            link.set(Link::Reconnecting);
            // Refused for good (signed out, demoted): loading the board says why, and a
            // lost session goes to sign-in.
            if gave_up {
                reload();
            }
        },
    );
    let events = StoredValue::new_local(events.ok());
    on_cleanup(move || events.update_value(|e| drop(e.take())));

    // The shown rows: recomputed when the order or the filter changes, and, only while a
    // filter is on, when an agent changes; rows whose agent did not change keep their DOM.
    let visible = Memo::new(move |_| {
        let v = view.get();
        let order = live.order.get();
        if v.q.is_empty() && v.state.is_none() && !v.stale {
            return order;
        }
        order
            .into_iter()
            .filter(|id| live.row(*id).is_some_and(|row| row.with(|agent| v.shows(agent))))
            .collect::<Vec<i64>>()
    });

    let is_admin = move || auth.session().is_some_and(|s| s.user.status.can_change());
    let on_search = move |ev: leptos::ev::Event| {
        go.run((View { q: event_target_value(&ev), ..view.get_untracked() }, true));
    };
    let on_state = move |ev: leptos::ev::Event| {
        go.run((View { state: AgentState::parse(&event_target_value(&ev)), ..view.get_untracked() }, false));
    };
    let on_stale = move |ev: leptos::ev::Event| {
        go.run((View { stale: event_target_checked(&ev), ..view.get_untracked() }, false));
    };
    let open = Callback::new(move |id: i64| go.run((View { agent: Some(id), ..view.get_untracked() }, false)));

    view! { class = class,
        <header class="head">
            <h1>"Agent Status"</h1>
            <span class="link" role="status" data-test="live" class:live=move || link.get() == Link::Live>
                {move || match link.get() {
                    Link::Connecting => "Connecting…",
                    Link::Live => "Live",
                    Link::Reconnecting => "Reconnecting… the list may be behind",
                }}
            </span>
        </header>
        <div class="filters" role="search">
            <label for="agent-search">"Find an agent"</label>
            <input id="agent-search" type="search" placeholder="Name, agent number, phone or station" autocomplete="off"
                prop:value=move || view.get().q on:input=on_search />
            <label for="agent-state">"State"</label>
            <select id="agent-state" on:change=on_state>
                <option value="" prop:selected=move || view.get().state.is_none()>"Any state"</option>
                {AgentState::ALL.map(|s| view! {
                    <option value=s.as_str() prop:selected=move || view.get().state == Some(s)>{s.label()}</option>
                }).collect_view()}
            </select>
            <label class="check">
                <input type="checkbox" id="agent-stale" on:change=on_stale prop:checked=move || view.get().stale />
                "Only without a heartbeat"
            </label>
        </div>
        {move || failure.get().map(|error| view! {
            <Failure title="The agents could not be loaded" message=error.message retry=Callback::new(move |_| reload()) />
        })}
        <Show when=move || live.loaded.get() fallback=|| view! { <Loading what="Loading the logged-on agents…" /> }>
            <p class="count">{move || format!("{} of {} logged-on agents shown", visible.get().len(), live.order.with(Vec::len))}</p>
            <TableScroll label="Logged-on agents"><table class="agents">
                <caption class="visually-hidden">"Agents logged on to the phone service, updated live"</caption>
                <thead><tr>
                    <th scope="col">"Agent"</th><th scope="col">"Number"</th><th scope="col">"State"</th>
                    <th scope="col">"In state"</th><th scope="col">"Since"</th><th scope="col">"Phone or station"</th>
                    <th scope="col">"Last activity"</th>
                </tr></thead>
                <tbody>
                    <For each=move || visible.get() key=|id| *id
                        children=move |id| view! { <AgentRow row=live.row(id) minutes open /> } />
                </tbody>
            </table></TableScroll>
            <RefusedLogins view go live=live.refused.into() />
            <ThrottledAgents throttled=live.throttled.into() is_admin=Signal::derive(is_admin)
                on_cleared=Callback::new(move |_| reload()) />
        </Show>
        <PopOut
            agent=Signal::derive(move || {
                let id = view.get().agent?;
                live.order.with(|o| o.contains(&id)).then(|| live.row(id)).flatten().map(|row| row.get())
            })
            open=Signal::derive(move || view.get().agent.is_some())
            is_admin=Signal::derive(is_admin)
            clock=clock.into()
            stale_after_secs=live.stale_after_secs.into()
            on_close=Callback::new(move |_| go.run((View { agent: None, ..view.get_untracked() }, false)))
            refused=live.refused.into()
            show_refusals=Callback::new(move |number: String| {
                let refused = RefusedQuery { agent: number, ..RefusedQuery::default() };
                go.run((View { agent: None, refused, ..view.get_untracked() }, false));
            })
        />
    }
}

#[cfg(test)]
mod tests {
    use super::View;
    use crate::components::url_state::UrlView;
    use switchboard_wire::{AgentState, LiveAgent, Timestamp};

    fn agent(name: &str, number: &str, station: &str) -> LiveAgent {
        LiveAgent {
            session_id: 1,
            name: name.into(),
            agent_number: number.into(),
            station: station.into(),
            state: AgentState::OnCall,
            state_since: Timestamp(0),
            started_at: Timestamp(0),
            last_activity_at: Timestamp(0),
            stale: false,
            station_note: None,
        }
    }

    fn finds(q: &str, agent: &LiveAgent) -> bool {
        View { q: q.into(), ..View::default() }.shows(agent)
    }

    #[test]
    fn an_agent_is_found_by_name_number_station_or_a_phone_in_any_format() {
        let on_phone = agent("Dana Reyes", "1007", "+15557000020");
        for q in ["dana", "REYES", "1007", "(555) 700-0020", "555.700.0020", "+1 555 700 0020", "7000020"] {
            assert!(finds(q, &on_phone), "{q}");
        }
        for q in ["dan reyes", "1008", "555 700 0021", "desk"] {
            assert!(!finds(q, &on_phone), "{q}");
        }
        let at_desk = agent("Lee Park", "1010", "Desk 4");
        assert!(finds("desk 4", &at_desk));
        assert!(!finds("desk 5", &at_desk));
    }

    #[test]
    fn the_state_filter_applies_with_the_search() {
        let a = agent("Dana Reyes", "1007", "+15557000020");
        assert!(View { state: Some(AgentState::OnCall), ..View::default() }.shows(&a));
        assert!(!View { q: "dana".into(), state: Some(AgentState::Break), ..View::default() }.shows(&a));
    }

    #[test]
    fn the_stale_filter_shows_only_sessions_without_a_heartbeat() {
        let heard = agent("Dana Reyes", "1007", "+15557000020");
        let silent = LiveAgent { stale: true, ..agent("Lee Park", "1010", "Desk 4") };
        let only_stale = View { stale: true, ..View::default() };
        assert!(!only_stale.shows(&heard));
        assert!(only_stale.shows(&silent));
        assert_eq!(View::parse("stale=true"), only_stale);
        assert_eq!(only_stale.to_query(), "stale=true");
    }
}
