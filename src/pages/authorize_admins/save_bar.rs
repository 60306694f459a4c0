//! Pending changes: how many, Discard, Save; then what happened.

use super::Page;
use crate::api::{self, ApiError};
use crate::auth::Auth;
use crate::tasks::Scope;
use leptos::prelude::*;
use std::collections::BTreeMap;
use stylers::style_sheet;
use switchboard_wire::{ErrorCode, Status, StatusChange, StatusChangeSet};

const SELF_DEMOTION: &str =
    "You are removing your own Admin status. After saving you can no longer change statuses. Save anyway?";

#[component]
pub fn SaveBar() -> impl IntoView {
    let class = style_sheet!("style/pages/authorize_admins_save_bar.css");
    let page = expect_context::<Page>();
    let auth = expect_context::<Auth>();
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(None::<Vec<String>>);
    let refusal = RwSignal::new(None::<ApiError>);
    let saved_ref = NodeRef::<leptos::html::Div>::new();
    let scope = Scope::here();

    let count = move || page.pending.with(BTreeMap::len);
    let my_id = move || auth.session().map(|s| s.user.id);
    let demoting_self =
        move || my_id().is_some_and(|me| page.pending.with(|p| p.get(&me).is_some_and(|x| x.to != Status::Admin)));

    let save = move |_| {
        let Some(session) = auth.session() else { return };
        if demoting_self() && !window().confirm_with_message(SELF_DEMOTION).unwrap_or(false) {
            return;
        }
        let changes = page.pending.with_untracked(|pending| {
            pending
                .values()
                .map(|p| StatusChange { user_id: p.user.id, status: p.to, version: p.user.version })
                .collect()
        });
        saving.set(true);
        refusal.set(None);
        saved.set(None);
        scope.spawn(async move {
            match api::save_status_changes(&session.csrf_token, &StatusChangeSet { changes }).await {
                Ok(result) => {
                    page.pending.set(BTreeMap::new());
                    page.stale.set(Vec::new());
                    let lines = result
                        .changed
                        .iter()
                        .map(|c| format!("{}: {} → {}", c.user.display_name, c.before.label(), c.user.status.label()))
                        .collect();
                    saved.set(Some(lines));
                    page.reload.update(|n| *n += 1);
                    if result.changed.iter().any(|c| c.user.id == session.user.id) {
                        // Their own status changed: what they may do changes with it.
                        auth.refresh();
                    }
                    // Move focus to the summary, so that a screen reader reads it.
                    request_animation_frame(move || {
                        if let Some(summary) = saved_ref.get_untracked() {
                            let _ = summary.focus();
                        }
                    });
                }
                Err(error) => {
                    auth.handle(&error);
                    if error.code == ErrorCode::StaleVersion {
                        page.stale.set(error.ids.clone());
                    }
                    refusal.set(Some(error));
                }
            }
            saving.set(false);
        });
    };
    let discard = move |_| {
        page.pending.set(BTreeMap::new());
        page.stale.set(Vec::new());
        refusal.set(None);
    };
    let reload_changed = move |_| {
        let stale = page.stale.get_untracked();
        page.pending.update(|pending| stale.iter().for_each(|id| drop(pending.remove(id))));
        page.stale.set(Vec::new());
        refusal.set(None);
        page.reload.update(|n| *n += 1);
    };

    view! { class = class,
        <Show when=move || saved.get().is_some()>
            <div class="saved" role="status" tabindex="-1" node_ref=saved_ref data-test="save-summary">
                <strong>{move || {
                    let n = saved.get().map(|l| l.len()).unwrap_or(0);
                    if n == 1 { "Saved 1 change.".to_string() } else { format!("Saved {n} changes.") }
                }}</strong>
                <ul>{move || saved.get().unwrap_or_default().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            </div>
        </Show>
        <Show when=move || refusal.get().is_some()>
            <div class="refused" role="alert" data-test="save-refused">
                <p>{move || refusal.get().map(|e| e.message)}</p>
                <Show when=move || !page.stale.get().is_empty()>
                    <button type="button" on:click=reload_changed>"Reload the changed users"</button>
                </Show>
            </div>
        </Show>
        <Show when=move || { count() > 0 }>
            <div class="save-bar" role="region" aria-label="Unsaved changes">
                <span data-test="pending-count">
                    {move || if count() == 1 { "1 unsaved change".to_string() } else { format!("{} unsaved changes", count()) }}
                </span>
                <Show when=demoting_self>
                    <span class="warning">"You are removing your own Admin status: you will lose access to changes."</span>
                </Show>
                <button type="button" class="secondary" on:click=discard disabled=move || saving.get()>"Discard"</button>
                <button type="button" on:click=save disabled=move || saving.get()>
                    {move || if saving.get() { "Saving…" } else { "Save" }}
                </button>
            </div>
        </Show>
    }
}
