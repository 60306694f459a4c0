//! Agent Status: who is logged on to the phone service, live; an agent's pop-out with
//! Actions, Force Logout, and a confirmation that says what will happen.

use crate::api::{self, ApiError};
use crate::auth::Auth;
use crate::components::focus::panel_focus;
use crate::components::loading::{Failure, Loading};
use crate::components::throttled_agents::ThrottledAgents;
use crate::components::time::when;
use crate::links;
use crate::pages::console_page::set_title;
use crate::tasks::Scope;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use std::collections::HashMap;
use std::time::Duration;
use stylers::style_sheet;
use switchboard_wire::query::{pairs, to_query};
use switchboard_wire::{AgentBoard, AgentEvent, AgentState, LiveAgent, RefusedLogin, ThrottledAgent};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Connecting,
    Live,
    Reconnecting,
}

/// The page's view, from its URL: filters and the open agent.
#[derive(Debug, Clone, PartialEq, Default)]
struct View {
    q: String,
    state: Option<AgentState>,
    agent: Option<i64>,
}

impl View {
    fn parse(search: &str) -> View {
        let mut view = View::default();
        for (key, value) in pairs(search) {
            match key.as_str() {
                "q" => view.q = value,
                "state" => view.state = AgentState::parse(&value),
                "agent" => view.agent = value.parse().ok(),
                _ => {}
            }
        }
        view
    }

    fn url(&self) -> String {
        let query = to_query(&[
            ("q", self.q.clone()),
            ("state", self.state.map(|s| s.as_str().to_string()).unwrap_or_default()),
            ("agent", self.agent.map(|a| a.to_string()).unwrap_or_default()),
        ]);
        links::with_query("/agents", &query)
    }

    fn shows(&self, agent: &LiveAgent) -> bool {
        let q = self.q.trim().to_lowercase();
        (q.is_empty() || agent.name.to_lowercase().contains(&q) || agent.agent_number.contains(&q))
            && self.state.is_none_or(|s| s == agent.state)
    }
}

/// The live board, one signal per agent: a state change re-renders that agent's row
/// only, a log-on or log-off adds or removes one row, whatever the number of agents.
#[derive(Clone, Copy)]
struct Live {
    /// Session ids in display order (by name).
    order: RwSignal<Vec<i64>>,
    rows: StoredValue<HashMap<i64, RwSignal<LiveAgent>>>,
    refused: RwSignal<Vec<RefusedLogin>>,
    throttled: RwSignal<Vec<ThrottledAgent>>,
    loaded: RwSignal<bool>,
}

impl Live {
    fn new() -> Live {
        Live {
            order: RwSignal::new(Vec::new()),
            rows: StoredValue::new(HashMap::new()),
            refused: RwSignal::new(Vec::new()),
            throttled: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
        }
    }

    fn sort_key(agent: &LiveAgent) -> (String, i64) {
        (agent.name.to_lowercase(), agent.session_id)
    }

    /// Replaces everything with a freshly loaded board.
    fn reset(self, board: AgentBoard) {
        let mut agents = board.agents;
        agents.sort_by_key(Live::sort_key);
        let ids: Vec<i64> = agents.iter().map(|a| a.session_id).collect();
        self.rows.update_value(|rows| {
            rows.retain(|id, _| ids.contains(id));
            for agent in agents {
                match rows.get(&agent.session_id) {
                    Some(row) => row.set(agent),
                    None => {
                        rows.insert(agent.session_id, RwSignal::new(agent));
                    }
                }
            }
        });
        self.order.set(ids);
        self.refused.set(board.refused);
        self.throttled.set(board.throttled);
        self.loaded.set(true);
    }

    /// Applies one pushed change; false when the board must be loaded again.
    fn apply(self, event: AgentEvent) -> bool {
        match event {
            AgentEvent::Upsert { agent } => {
                let id = agent.session_id;
                let existing = self.rows.with_value(|rows| rows.get(&id).copied());
                match existing {
                    Some(row) => row.set(agent),
                    None => {
                        let key = Live::sort_key(&agent);
                        self.rows.update_value(|rows| {
                            rows.insert(id, RwSignal::new(agent));
                        });
                        let rows = self.rows;
                        self.order.update(|order| {
                            let at = order
                                .iter()
                                .position(|other| {
                                    rows.with_value(|r| r.get(other).map(|s| s.with_untracked(Live::sort_key)))
                                        .is_some_and(|k| k > key)
                                })
                                .unwrap_or(order.len());
                            order.insert(at, id);
                        });
                    }
                }
            }
            AgentEvent::Ended { session_id } => {
                self.order.update(|order| order.retain(|id| *id != session_id));
                self.rows.update_value(|rows| {
                    rows.remove(&session_id);
                });
            }
            AgentEvent::Refused { refused } => self.refused.update(|list| {
                list.insert(0, refused);
                list.truncate(50);
            }),
            AgentEvent::Resync => return false,
        }
        true
    }

    fn row(self, id: i64) -> Option<RwSignal<LiveAgent>> {
        self.rows.with_value(|rows| rows.get(&id).copied())
    }
}

fn minutes_since(then_ms: i64, now_ms: f64) -> i64 {
    ((now_ms - then_ms as f64) / 60_000.0).floor().max(0.0) as i64
}

#[component]
pub fn AgentStatus() -> impl IntoView {
    let class = style_sheet!("style/pages/agent_status.css");
    let auth = expect_context::<Auth>();
    let location = use_location();
    let navigate = use_navigate();
    set_title("Agent Status");
    let view = Memo::new(move |_| View::parse(&location.search.get()));
    let go = Callback::new(move |(v, replace): (View, bool)| {
        navigate(&v.url(), NavigateOptions { replace, scroll: false, ..Default::default() });
    });

    let live = Live::new();
    let failure = RwSignal::new(None::<ApiError>);
    let link = RwSignal::new(Link::Connecting);
    let clock = RwSignal::new(js_sys::Date::now());
    if let Ok(tick) = set_interval_with_handle(move || clock.set(js_sys::Date::now()), Duration::from_secs(1)) {
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
    let events = api::agent_events(
        move || {
            link.set(Link::Live);
            reload();
        },
        move |event| {
            if !live.apply(event) {
                reload();
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
        if v.q.is_empty() && v.state.is_none() {
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
            <input id="agent-search" type="search" placeholder="Name or agent number" autocomplete="off"
                prop:value=move || view.get().q on:input=on_search />
            <label for="agent-state">"State"</label>
            <select id="agent-state" on:change=on_state>
                <option value="" prop:selected=move || view.get().state.is_none()>"Any state"</option>
                {AgentState::ALL.map(|s| view! {
                    <option value=s.as_str() prop:selected=move || view.get().state == Some(s)>{s.label()}</option>
                }).collect_view()}
            </select>
        </div>
        {move || failure.get().map(|error| view! {
            <Failure title="The agents could not be loaded" message=error.message retry=Callback::new(move |_| reload()) />
        })}
        <Show when=move || live.loaded.get() fallback=|| view! { <Loading what="Loading the logged-on agents…" /> }>
            <p class="count">{move || format!("{} of {} logged-on agents shown", visible.get().len(), live.order.with(Vec::len))}</p>
            <table class="agents">
                <caption class="visually-hidden">"Agents logged on to the phone service, updated live"</caption>
                <thead><tr>
                    <th scope="col">"Agent"</th><th scope="col">"Number"</th><th scope="col">"State"</th>
                    <th scope="col">"In state"</th><th scope="col">"Since"</th><th scope="col">"Phone or station"</th>
                    <th scope="col">"Last activity"</th>
                </tr></thead>
                <tbody>
                    <For each=move || visible.get() key=|id| *id
                        children=move |id| view! { <AgentRow row=live.row(id) clock=clock.into() open /> } />
                </tbody>
            </table>
            <section aria-labelledby="refused-title">
                <h2 id="refused-title">"Refused logins"</h2>
                <ul class="refused" data-test="refused">
                    {move || live.refused.get().into_iter().take(10).map(|r| view! {
                        <li>{format!("{}: agent {}{} at {} — {}", when(r.at), r.agent_number,
                            r.agent_name.map(|n| format!(" ({n})")).unwrap_or_default(), r.station, r.reason)}</li>
                    }).collect_view()}
                </ul>
            </section>
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
            on_close=Callback::new(move |_| go.run((View { agent: None, ..view.get_untracked() }, false)))
        />
    }
}

/// One agent's row; its cells follow the agent's own signal.
#[component]
fn AgentRow(
    /// The agent's live data (None if they left while the row was being made).
    row: Option<RwSignal<LiveAgent>>,
    /// Now, ticking, for the time in state.
    clock: Signal<f64>,
    /// Opens the agent's pop-out.
    open: Callback<i64>,
) -> impl IntoView {
    let class = style_sheet!("style/pages/agent_status.css");
    let Some(row) = row else { return ().into_any() };
    let agent = row.get_untracked();
    let id = agent.session_id;
    view! { class = class,
        <tr data-agent=agent.agent_number.clone()>
            <th scope="row">
                <button type="button" class="name" on:click=move |_| open.run(id)>{agent.name.clone()}</button>
                <Show when=move || row.with(|a| a.stale)>
                    <span class="stale" title="No heartbeat lately">" stale"</span>
                </Show>
            </th>
            <td>{agent.agent_number.clone()}</td>
            <td>{move || row.with(|a| a.state.label())}</td>
            <td>{move || format!("{} min", minutes_since(row.with(|a| a.state_since.millis()), clock.get()))}</td>
            <td>{when(agent.started_at)}</td>
            <td>{agent.station.clone()}</td>
            <td>{move || row.with(|a| when(a.last_activity_at))}</td>
        </tr>
    }
    .into_any()
}

/// The agent's pop-out: details, Actions, Force Logout, confirmation.
#[component]
fn PopOut(
    /// The open agent while logged on; None once they are gone.
    agent: Signal<Option<LiveAgent>>,
    /// Whether an agent is open at all.
    open: Signal<bool>,
    /// Admins force logouts; Support only looks.
    is_admin: Signal<bool>,
    /// Now, ticking.
    clock: Signal<f64>,
    /// Closes the pop-out.
    on_close: Callback<()>,
) -> impl IntoView {
    let class = style_sheet!("style/pages/agent_status_popout.css");
    let auth = expect_context::<Auth>();
    let actions = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let working = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        open.track();
        actions.set(false);
        confirming.set(false);
    });
    panel_focus(move || open.get(), heading);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            on_close.run(());
        }
    };
    let scope = Scope::here();
    let force = move |session_id: i64| {
        let Some(session) = auth.session() else { return };
        working.set(true);
        scope.spawn(async move {
            let result = api::force_logout(&session.csrf_token, session_id).await;
            if let Err(error) = &result {
                auth.handle(error);
            }
            outcome.set(Some(result.map(|r| r.message).map_err(|e| e.message)));
            working.set(false);
            confirming.set(false);
            actions.set(false);
        });
    };
    view! { class = class,
        <Show when=move || open.get()>
            <aside class="side-panel popout" aria-labelledby="popout-title" data-test="agent-popout" on:keydown=on_key>
                <button type="button" class="close" aria-label="Close" on:click=move |_| on_close.run(())>"✕"</button>
                {move || outcome.get().map(|o| match o {
                    Ok(message) => view! { <p class="done" role="status" data-test="force-result">{message}</p> }.into_any(),
                    Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
                })}
                {move || match agent.get() {
                    None => view! { <h2 id="popout-title" tabindex="-1" node_ref=heading>"Not logged on"</h2><p>"This agent is no longer logged on."</p> }.into_any(),
                    Some(a) => {
                        let minutes = minutes_since(a.started_at.millis(), clock.get_untracked());
                        let question = format!(
                            "Force Logout of {} (agent {}) on {}? Logged on for {minutes} minute(s). Their session ends now, \
                             the phone learns it at its next heartbeat, and they can log on again at once.",
                            a.name, a.agent_number, a.station
                        );
                        let id = a.session_id;
                        let question = StoredValue::new(question);
                        view! { class = class,
                            <h2 id="popout-title" tabindex="-1" node_ref=heading>{a.name.clone()}</h2>
                            <dl>
                                <dt>"Agent number"</dt><dd>{a.agent_number.clone()}</dd>
                                <dt>"Phone or station"</dt><dd>{a.station.clone()}</dd>
                                <dt>"State"</dt><dd>{a.state.label()}</dd>
                                <dt>"Logged on"</dt><dd>{when(a.started_at)}</dd>
                                <dt>"Last activity"</dt><dd>{when(a.last_activity_at)}</dd>
                            </dl>
                            <Show when=move || is_admin.get() fallback=|| view! { <p>"Only an Admin can force a logout."</p> }>
                                <button type="button" aria-expanded=move || actions.get().to_string()
                                    on:click=move |_| actions.update(|v| *v = !*v)>"Actions"</button>
                                <Show when=move || actions.get()>
                                    <div class="menu" role="menu">
                                        <button type="button" role="menuitem" on:click=move |_| confirming.set(true)>"Force Logout"</button>
                                    </div>
                                </Show>
                                <Show when=move || confirming.get()>
                                    <div class="confirm" role="alertdialog" aria-labelledby="confirm-text" data-test="confirm">
                                        <p id="confirm-text">{question.get_value()}</p>
                                        <button type="button" class="secondary" on:click=move |_| confirming.set(false)>"Cancel"</button>
                                        <button type="button" disabled=move || working.get() on:click=move |_| force(id)>"OK"</button>
                                    </div>
                                </Show>
                            </Show>
                        }.into_any()
                    }
                }}
            </aside>
        </Show>
    }
}
