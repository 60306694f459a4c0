//! The Audit Log: every change an admin made, newest first; filters live in the URL.

use crate::api;
use crate::components::debounce::Debounce;
use crate::components::download_csv::DownloadCsv;
use crate::components::loader::load_latest;
use crate::components::pager::{page_count, Pager};
use crate::components::table_scroll::TableScroll;
use crate::components::time::Time;
use crate::components::url_state::{use_url_state, UrlState};
use crate::pages::console_page::set_title;
use leptos::prelude::*;
use stylers::style_sheet;
use switchboard_wire::{AuditAction, AuditEvent, AuditQuery, Status};

#[component]
pub fn AuditLog() -> impl IntoView {
    let class = style_sheet!("style/pages/audit_log.css");
    set_title("Audit Log");
    let UrlState { view: query, show } = use_url_state::<AuditQuery>("/audit");
    let events =
        load_latest(move || query.get(), |q: AuditQuery, cancel| async move { api::audit_log(&q, &cancel).await });

    let target = RwSignal::new(query.get_untracked().target);
    Effect::new(move |_| target.set(query.get().target));
    let typing = Debounce::new(Debounce::TYPING);
    let on_target = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        target.set(value.clone());
        typing.run(move || show.run((AuditQuery { target: value, page: 1, ..query.get_untracked() }, true)));
    };
    let on_action = move |ev: leptos::ev::Event| {
        let action = AuditAction::parse(&event_target_value(&ev));
        show.run((AuditQuery { action, page: 1, ..query.get_untracked() }, false));
    };
    let actor_name = move || {
        let id = query.get().actor?;
        let found = events
            .data
            .with(|d| d.as_ref().and_then(|p| p.events.iter().find_map(|e| e.actor.clone().filter(|a| a.id == id))));
        Some(found.map(|a| a.name).unwrap_or_else(|| format!("user #{id}")))
    };

    let audit_pages = move || page_count(events.data.get().map(|d| d.total).unwrap_or(0), AuditQuery::PER_PAGE);
    view! { class = class,
        <h1>"Audit Log"</h1>
        <DownloadCsv url=Signal::derive(move || api::audit_export(&query.get())) what="audit-log" />
        <div class="filters" role="search">
            <label for="audit-target">"Target"</label>
            <input id="audit-target" type="search" placeholder="Part of a name" maxlength="100"
                prop:value=move || target.get() on:input=on_target />
            <label for="audit-action">"Action"</label>
            <select id="audit-action" on:change=on_action>
                <option value="" prop:selected=move || query.get().action.is_none()>"Any action"</option>
                {AuditAction::ALL.map(|a| view! {
                    <option value=a.as_str() prop:selected=move || query.get().action == Some(a)>{a.label()}</option>
                }).collect_view()}
            </select>
            {move || actor_name().map(|name| view! { class = class,
                <span class="chip" data-test="actor-filter">
                    {format!("Changes by {name}")}
                    <button type="button" aria-label="Show changes by everyone"
                        on:click=move |_| show.run((AuditQuery { actor: None, page: 1, ..query.get_untracked() }, false))>
                        "✕"
                    </button>
                </span>
            })}
        </div>
        {events.view("The audit log could not be loaded", "Loading the audit log…", move |data| {
            if data.events.is_empty() {
                return view! { <p class="empty">"No changes match these filters."</p> }.into_any();
            }
            view! { class = class,
                <TableScroll label="Changes"><table class="audit" class:loading=move || events.loading.get()>
                    <thead>
                        <tr>
                            <th scope="col">"When"</th>
                            <th scope="col">"Who"</th>
                            <th scope="col">"Action"</th>
                            <th scope="col">"Target"</th>
                            <th scope="col">"Change"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {data.events.into_iter().map(|event| view! {
                            <EventRow event on_actor=Callback::new(move |id| show.run((AuditQuery { actor: Some(id), page: 1, ..query.get_untracked() }, false))) />
                        }).collect_view()}
                    </tbody>
                </table></TableScroll>
                <Pager
                    page=Signal::derive(move || query.get().page)
                    pages=Signal::derive(move || Some(audit_pages()))
                    has_previous=Signal::derive(move || query.get().page > 1)
                    has_next=Signal::derive(move || query.get().page < audit_pages())
                    on_previous=Callback::new(move |()| {
                        let q = query.get_untracked();
                        show.run((AuditQuery { page: q.page.saturating_sub(1).max(1), ..q }, false));
                    })
                    on_next=Callback::new(move |()| {
                        let q = query.get_untracked();
                        show.run((AuditQuery { page: q.page + 1, ..q }, false));
                    })
                />
            }.into_any()
        })}
    }
}

#[component]
fn EventRow(
    /// The event to show.
    event: AuditEvent,
    /// Called with the actor's id to show only their changes.
    on_actor: Callback<i64>,
) -> impl IntoView {
    let label = |value: &Option<String>| {
        value.as_deref().map(|v| Status::parse(v).map(|s| s.label().to_string()).unwrap_or_else(|| v.to_string()))
    };
    let change = match (label(&event.before), label(&event.after)) {
        (Some(before), Some(after)) => format!("{before} → {after}"),
        (None, Some(after)) => after,
        (Some(before), None) => format!("{before} → none"),
        (None, None) => String::new(),
    };
    view! {
        <tr>
            <td><Time at=event.at /></td>
            <td>
                {match (event.actor, event.support) {
                    (Some(actor), _) => view! {
                        <button type="button" class="link" title="Show only this person's changes"
                            on:click=move |_| on_actor.run(actor.id)>{actor.name}</button>
                    }.into_any(),
                    (None, Some(support)) => view! {
                        <span data-test="support-actor">{format!(
                            "Switchboard support ({}), answering request #{}", support.operator, support.request_id
                        )}</span>
                    }.into_any(),
                    (None, None) => view! { <span>"A former user"</span> }.into_any(),
                }}
            </td>
            <td>{event.action.label()}</td>
            <td>{event.target.name}</td>
            <td>{change}</td>
        </tr>
    }
}
