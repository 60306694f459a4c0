//! An agent's pop-out: details, Actions, Force Logout and its confirmation.

use crate::api;
use crate::auth::Auth;
use crate::components::focus::panel_focus;
use crate::components::time::when;
use crate::components::time::Time;
use crate::format::duration_words;
use crate::tasks::Scope;
use leptos::prelude::*;
use stylers::style_sheet;
use switchboard_wire::{LiveAgent, RefusedLogin};

/// The agent's pop-out: details, Actions, Force Logout, confirmation.
#[component]
pub fn PopOut(
    /// The open agent while logged on; None once they are gone.
    agent: Signal<Option<LiveAgent>>,
    /// Whether an agent is open at all.
    open: Signal<bool>,
    /// Admins force logouts; Support only looks.
    is_admin: Signal<bool>,
    /// Now, ticking.
    clock: Signal<f64>,
    /// After how long without a heartbeat an agent is marked, as the server counts it.
    stale_after_secs: Signal<i64>,
    /// Closes the pop-out.
    on_close: Callback<()>,
    /// The newest refused log-ons of the company (the live board's).
    refused: Signal<Vec<RefusedLogin>>,
    /// Lists every refused log-on of an agent number on the page (the pop-out closes).
    show_refusals: Callback<String>,
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
                        let logged_on_for = duration_words(clock.get_untracked() as i64 - a.started_at.millis());
                        let question = format!(
                            "Force Logout of {} (agent {}) on {}? Logged on for {logged_on_for}. Their session ends now, \
                             the phone learns it at its next heartbeat, and they can log on again at once.",
                            a.name, a.agent_number, a.station
                        );
                        let stale = a.stale.then(|| format!(
                            "No heartbeat from this phone for over {}: it may have lost its network or been switched \
                             off. The agent still counts as logged on, so logging on elsewhere is refused until the \
                             session is ended here with Force Logout.",
                            duration_words(stale_after_secs.get_untracked() * 1000)
                        ));
                        let id = a.session_id;
                        let started = a.started_at.millis();
                        let question = StoredValue::new(question);
                        view! { class = class,
                            <h2 id="popout-title" tabindex="-1" node_ref=heading>{a.name.clone()}</h2>
                            <dl>
                                <dt>"Agent number"</dt><dd>{a.agent_number.clone()}</dd>
                                <dt>"Phone or station"</dt><dd>{a.station.clone()}</dd>
                                <dt>"State"</dt><dd>{a.state.label()}</dd>
                                <dt>"Logged on"</dt>
                                <dd>{when(a.started_at)}" (for "{move || duration_words(clock.get() as i64 - started)}")"</dd>
                                <dt>"Last activity"</dt><dd>{when(a.last_activity_at)}</dd>
                            </dl>
                            {stale.map(|text| view! { <p class="stale-note" data-test="stale-note">{text}</p> })}
                            {a.station_note.clone().map(|note| view! {
                                <p class="stale-note" data-test="station-note">{format!("New station: {note}")}</p>
                            })}
                            <AgentRefusals number=a.agent_number.clone() refused show_refusals />
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

/// The agent's newest refused log-ons, and the way to all of them.
#[component]
fn AgentRefusals(
    /// The agent number.
    number: String,
    /// The company's newest refusals.
    refused: Signal<Vec<RefusedLogin>>,
    /// Lists all of this number's refusals on the page.
    show_refusals: Callback<String>,
) -> impl IntoView {
    let class = style_sheet!("style/pages/agent_status_popout.css");
    let mine = {
        let number = number.clone();
        Memo::new(move |_| {
            refused.with(|all| all.iter().filter(|r| r.agent_number == number).take(5).cloned().collect::<Vec<_>>())
        })
    };
    view! { class = class,
        <section aria-labelledby="popout-refused-title" data-test="popout-refused">
            <h3 id="popout-refused-title">"This agent's refused log-ons"</h3>
            <Show when=move || !mine.with(Vec::is_empty) fallback=|| view! { <p>"None recently."</p> }>
                <ul>
                    <For each=move || mine.get() key=|r| r.id let:r>
                        <li><Time at=r.at />{format!(" at {} — {}", r.station, r.reason)}</li>
                    </For>
                </ul>
            </Show>
            <button type="button" class="secondary" on:click=move |_| show_refusals.run(number.clone())>
                "All refused log-ons of this agent"
            </button>
        </section>
    }
}
