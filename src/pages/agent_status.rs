//! Agent Status: who is logged on to the phone service, live; an agent's pop-out with
//! Actions, Force Logout, and a confirmation that says what will happen.

use crate::api::{self, ApiError};
use crate::auth::Auth;
use crate::components::loading::{Failure, Loading};
use crate::components::time::when;
use crate::pages::console_page::set_title;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use std::time::Duration;
use stylers::style_sheet;
use switchboard_wire::query::{pairs, to_query};
use switchboard_wire::{AgentBoard, AgentEvent, AgentState, LiveAgent};

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
        if query.is_empty() {
            "/agents".into()
        } else {
            format!("/agents?{query}")
        }
    }

    fn shows(&self, agent: &LiveAgent) -> bool {
        let q = self.q.trim().to_lowercase();
        (q.is_empty() || agent.name.to_lowercase().contains(&q) || agent.agent_number.contains(&q))
            && self.state.is_none_or(|s| s == agent.state)
    }
}

fn apply(board: &mut AgentBoard, event: AgentEvent) -> bool {
    match event {
        AgentEvent::Upsert { agent } => {
            board.agents.retain(|a| a.session_id != agent.session_id);
            board.agents.push(agent);
            board.agents.sort_by_key(|a| (a.name.to_lowercase(), a.session_id));
        }
        AgentEvent::Ended { session_id } => board.agents.retain(|a| a.session_id != session_id),
        AgentEvent::Refused { refused } => {
            board.refused.insert(0, refused);
            board.refused.truncate(50);
        }
        AgentEvent::Resync => return false,
    }
    true
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

    let board = RwSignal::new(None::<AgentBoard>);
    let failure = RwSignal::new(None::<ApiError>);
    let link = RwSignal::new(Link::Connecting);
    let clock = RwSignal::new(js_sys::Date::now());
    if let Ok(tick) = set_interval_with_handle(move || clock.set(js_sys::Date::now()), Duration::from_secs(1)) {
        on_cleanup(move || tick.clear());
    }

    let reload = move || {
        spawn_local(async move {
            match api::agent_board().await {
                Ok(fresh) => {
                    board.set(Some(fresh));
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
            let applied = board.try_update(|b| b.as_mut().map(|b| apply(b, event))).flatten();
            if applied == Some(false) {
                reload();
            }
        },
        move || link.set(Link::Reconnecting),
    );
    let events = StoredValue::new_local(events.ok());
    on_cleanup(move || events.update_value(|e| drop(e.take())));

    let is_admin = move || auth.session().is_some_and(|s| s.user.status.can_change());
    let on_search = move |ev: leptos::ev::Event| {
        go.run((View { q: event_target_value(&ev), ..view.get_untracked() }, true));
    };
    let on_state = move |ev: leptos::ev::Event| {
        go.run((View { state: AgentState::parse(&event_target_value(&ev)), ..view.get_untracked() }, false));
    };

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
        {move || match (board.get(), failure.get()) {
            (_, Some(error)) => view! {
                <Failure title="The agents could not be loaded" message=error.message retry=Callback::new(move |_| reload()) />
            }.into_any(),
            (None, None) => view! { <Loading what="Loading the logged-on agents…" /> }.into_any(),
            (Some(b), None) => {
                let shown: Vec<LiveAgent> = b.agents.iter().filter(|a| view.get().shows(a)).cloned().collect();
                view! { class = class,
                    <p class="count">{format!("{} of {} logged-on agents shown", shown.len(), b.agents.len())}</p>
                    <table class="agents">
                        <caption class="visually-hidden">"Agents logged on to the phone service, updated live"</caption>
                        <thead><tr>
                            <th scope="col">"Agent"</th><th scope="col">"Number"</th><th scope="col">"State"</th>
                            <th scope="col">"In state"</th><th scope="col">"Since"</th><th scope="col">"Phone or station"</th>
                            <th scope="col">"Last activity"</th>
                        </tr></thead>
                        <tbody>
                            {shown.into_iter().map(|a| {
                                let id = a.session_id;
                                let since = a.state_since.millis();
                                view! { class = class,
                                    <tr data-agent=a.agent_number.clone()>
                                        <th scope="row">
                                            <button type="button" class="name"
                                                on:click=move |_| go.run((View { agent: Some(id), ..view.get_untracked() }, false))>
                                                {a.name.clone()}
                                            </button>
                                            {a.stale.then(|| view! { class = class, <span class="stale" title="No heartbeat lately">" stale"</span> })}
                                        </th>
                                        <td>{a.agent_number.clone()}</td>
                                        <td>{a.state.label()}</td>
                                        <td>{move || format!("{} min", minutes_since(since, clock.get()))}</td>
                                        <td>{when(a.started_at)}</td>
                                        <td>{a.station.clone()}</td>
                                        <td>{when(a.last_activity_at)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <section aria-labelledby="refused-title">
                        <h2 id="refused-title">"Refused logins"</h2>
                        <ul class="refused" data-test="refused">
                            {b.refused.into_iter().take(10).map(|r| view! {
                                <li>{format!("{}: agent {}{} at {} — {}", when(r.at), r.agent_number,
                                    r.agent_name.map(|n| format!(" ({n})")).unwrap_or_default(), r.station, r.reason)}</li>
                            }).collect_view()}
                        </ul>
                    </section>
                }.into_any()
            }
        }}
        <PopOut
            agent=Signal::derive(move || {
                let id = view.get().agent?;
                board.with(|b| b.as_ref().and_then(|b| b.agents.iter().find(|a| a.session_id == id).cloned()))
            })
            open=Signal::derive(move || view.get().agent.is_some())
            is_admin=Signal::derive(is_admin)
            clock=clock.into()
            on_close=Callback::new(move |_| go.run((View { agent: None, ..view.get_untracked() }, false)))
        />
    }
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
    Effect::new(move |_| {
        open.track();
        actions.set(false);
        confirming.set(false);
    });
    let force = move |session_id: i64| {
        let Some(session) = auth.session() else { return };
        working.set(true);
        spawn_local(async move {
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
            <aside class="side-panel popout" aria-labelledby="popout-title" data-test="agent-popout">
                <button type="button" class="close" aria-label="Close" on:click=move |_| on_close.run(())>"✕"</button>
                {move || outcome.get().map(|o| match o {
                    Ok(message) => view! { <p class="done" role="status" data-test="force-result">{message}</p> }.into_any(),
                    Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
                })}
                {move || match agent.get() {
                    None => view! { <h2 id="popout-title">"Not logged on"</h2><p>"This agent is no longer logged on."</p> }.into_any(),
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
                            <h2 id="popout-title">{a.name.clone()}</h2>
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
