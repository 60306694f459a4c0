//! One row of the board.

use crate::components::minute_clock::MinuteClock;
use crate::components::time::Time;
use crate::format::duration_short;
use leptos::prelude::*;
use stylers::style_sheet;
use switchboard_wire::LiveAgent;

/// One agent's row; its cells follow the agent's own signal.
#[component]
pub fn AgentRow(
    /// The agent's live data (None if they left while the row was being made).
    row: Option<RwSignal<LiveAgent>>,
    /// Now, for the time in state and the relative times, moving on as their minutes turn.
    minutes: MinuteClock,
    /// Opens the agent's pop-out.
    open: Callback<i64>,
) -> impl IntoView {
    let class = style_sheet!("style/pages/agent_status.css");
    let Some(row) = row else { return ().into_any() };
    let agent = row.get_untracked();
    let id = agent.session_id;
    let in_state = move || {
        let since = row.with(|a| a.state_since.millis());
        duration_short(minutes.now_for(since).get() as i64 - since)
    };
    view! { class = class,
        <tr data-agent=agent.agent_number.clone()>
            <th scope="row">
                <button type="button" class="name" on:click=move |_| open.run(id)>{agent.name.clone()}</button>
                <Show when=move || row.with(|a| a.stale)>
                    // Said in the row; the pop-out says what it means.
                    <span class="stale">"No heartbeat"</span>
                </Show>
                <Show when=move || row.with(|a| a.station_note.is_some())>
                    <span class="new-station" title=move || row.with(|a| a.station_note.clone().unwrap_or_default())>
                        "New station"
                    </span>
                </Show>
            </th>
            <td>{agent.agent_number.clone()}</td>
            <td>{move || row.with(|a| a.state.label())}</td>
            <td class="nowrap">{in_state}</td>
            <td><Time at=agent.started_at now=minutes.now_for(agent.started_at.millis()) /></td>
            <td>{agent.station.clone()}</td>
            <td>{move || { let at = row.with(|a| a.last_activity_at); view! { <Time at now=minutes.now_for(at.millis()) /> } }}</td>
        </tr>
    }
    .into_any()
}
