//! The Overview, the home of Admin and Support: what needs attention in the company now,
//! in figures that each link to the list they count. Live: an event of the company's
//! stream (an agent's log-on, state or Force Logout, a refused log-on, a console user who
//! could not get in) asks for the figures again, at most once a second; every 10 seconds
//! they are read anyway (contacts' logins, lockouts running out).

use super::console_page::set_title;
use crate::api::{self, ApiError};
use crate::auth::Auth;
use crate::components::charts::{Bar, BarList, TimeColumns};
use crate::components::loading::{Failure, Loading};
use crate::links;
use crate::tasks::spawn_scoped;
use leptos::prelude::*;
use std::time::Duration;
use stylers::style_sheet;
use switchboard_wire::{AgentState, Overview};

/// How often the figures are read again without an event (contacts' logins, lockouts that end).
const REFRESH: Duration = Duration::from_secs(10);
/// Live events come in bursts: one read for all that came within this time.
const COALESCE: Duration = Duration::from_secs(1);

#[component]
pub fn OverviewPage() -> impl IntoView {
    let class = style_sheet!("style/pages/overview.css");
    set_title("Overview");
    let auth = expect_context::<Auth>();
    let figures = RwSignal::new(None::<Result<Overview, ApiError>>);
    let reads = RwSignal::new(0u32);
    // A read asked for while one is pending is folded into it.
    let pending = StoredValue::new(false);
    let read_again = move || {
        if !pending.get_value() {
            pending.set_value(true);
            set_timeout(
                move || {
                    pending.set_value(false);
                    reads.update(|n| *n += 1);
                },
                COALESCE,
            );
        }
    };
    Effect::new(move |_| {
        reads.track();
        spawn_scoped(async move {
            let result = api::overview().await;
            if let Err(error) = &result {
                auth.handle(error);
            }
            figures.set(Some(result));
        });
    });
    if let Ok(handle) = set_interval_with_handle(move || reads.update(|n| *n += 1), REFRESH) {
        on_cleanup(move || handle.clear());
    }
    let events = api::agent_events(|| {}, move |_| read_again(), |_| {}).ok();
    let events = StoredValue::new_local(events);
    on_cleanup(move || events.update_value(|e| drop(e.take())));
    let company = move || auth.session().map(|s| s.company.name).unwrap_or_default();

    view! { class = class,
        <div class="overview">
            <h1>"Overview"</h1>
            <p class="lede">{move || format!("{}: now, and the last 24 hours.", company())}</p>
            {move || match figures.get() {
                None => view! { <Loading what="Loading the figures…" /> }.into_any(),
                Some(Err(error)) => view! {
                    <Failure title="The figures could not be loaded" message=error.message
                        retry=Callback::new(move |_| reads.update(|n| *n += 1)) />
                }.into_any(),
                Some(Ok(o)) => view! { <Figures o /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Figures(
    /// The company's figures.
    o: Overview,
) -> impl IntoView {
    let class = style_sheet!("style/pages/overview.css");
    let states: Vec<Bar> = o
        .agents
        .by_state
        .iter()
        .map(|s| Bar { label: s.state.label().into(), count: s.count, href: links::agents_in_state(Some(s.state)) })
        .collect();
    let reasons: Vec<Bar> = o
        .refusals
        .by_reason
        .iter()
        .map(|r| Bar { label: r.reason.label().into(), count: r.count, href: links::refusals_for(r.reason) })
        .collect();
    let sign_ins: Vec<Bar> = o
        .sign_ins
        .by_cause
        .iter()
        .map(|c| Bar { label: c.cause.label().into(), count: c.users, href: links::users_who_failed(c.cause) })
        .collect();
    let contacts: Vec<Bar> = o
        .contacts
        .by_cause
        .iter()
        .map(|c| Bar { label: c.cause.label().into(), count: c.contacts, href: links::contacts_who_failed(c.cause) })
        .collect();
    let logged_on = o.agents.logged_on;
    let available = o.agents.by_state.iter().find(|s| s.state == AgentState::Available).map_or(0, |s| s.count);
    view! { class = class,
        <div class="cards">
            <section class="card" aria-labelledby="agents-title" data-test="agents-figures">
                <h2 id="agents-title">"Agents now"</h2>
                <p class="big"><a href=links::agents_in_state(None) data-test="logged-on">{format!("{logged_on} logged on")}</a></p>
                <p class="sub">{format!("{available} available to take calls")}</p>
                <BarList bars=states empty="No agent is logged on." />
                <p class="flags">
                    <a href=links::stale_agents() data-test="stale">{plural(o.agents.stale, "session without a heartbeat", "sessions without a heartbeat")}</a>
                    " · "
                    <a href=links::agents_in_state(None) data-test="throttled">{plural(o.agents.throttled, "agent number held back", "agent numbers held back")}</a>
                </p>
            </section>
            <section class="card" aria-labelledby="refusals-title" data-test="refusal-figures">
                <h2 id="refusals-title">"Refused log-ons, last 24 hours"</h2>
                <p class="big"><a href=links::all_refusals() data-test="refused-total">{plural(o.refusals.total, "refused log-on", "refused log-ons")}</a></p>
                <BarList bars=reasons empty="No log-on was refused." />
                <TimeColumns title="Refused log-ons per quarter hour" id="refusals-chart"
                    counts=o.refusals.per_quarter_hour start_ms=o.since.0 step_ms=Overview::BUCKET_MS />
            </section>
            <section class="card" aria-labelledby="sign-ins-title" data-test="sign-in-figures">
                <h2 id="sign-ins-title">"Console users who could not get in, last 24 hours"</h2>
                <BarList bars=sign_ins empty="Everyone who tried got in." />
                <p class="flags"><a href=links::users_locked_now() data-test="locked-now">{plural(o.sign_ins.locked_now, "username locked out now", "usernames locked out now")}</a></p>
            </section>
            <section class="card" aria-labelledby="contacts-title" data-test="contact-figures">
                <h2 id="contacts-title">"Contacts whose logins failed, last 24 hours"</h2>
                <BarList bars=contacts empty="No contact's login failed." />
            </section>
            <section class="card" aria-labelledby="support-title" data-test="support-figures">
                <h2 id="support-title">"Support requests"</h2>
                <p>{match o.open_support_requests {
                    0 => "No request to Switchboard support is open.".to_string(),
                    n => format!("{} with Switchboard support, not answered yet.", plural(n, "request", "requests")),
                }}</p>
            </section>
        </div>
    }
}

/// "1 refused log-on", "12 refused log-ons", "No refused log-ons".
fn plural(n: i64, one: &str, many: &str) -> String {
    match n {
        0 => format!("No {many}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}
