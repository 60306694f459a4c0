//! The user detail panel: data, status history, and "Why can't they sign in?".

use super::Page;
use crate::api::{self, ApiError};
use crate::auth::Auth;
use crate::components::checks::{CheckItem, CheckList};
use crate::components::focus::panel_focus;
use crate::components::loading::Loading;
use crate::components::time::{when, when_or};
use crate::tasks::{spawn_scoped, Scope};
use leptos::prelude::*;
use stylers::style_sheet;
use switchboard_wire::{Lockout, Status, UserDetail};

#[component]
pub fn DetailPanel() -> impl IntoView {
    let class = style_sheet!("style/pages/authorize_admins_detail.css");
    let page = expect_context::<Page>();
    let auth = expect_context::<Auth>();
    let detail = RwSignal::new(None::<Result<UserDetail, ApiError>>);
    let heading = NodeRef::<leptos::html::H2>::new();

    Effect::new(move |_| {
        page.reload.track();
        let Some(id) = page.open_user.get() else {
            detail.set(None);
            return;
        };
        spawn_scoped(async move {
            let result = api::user_detail(id).await;
            if let Err(error) = &result {
                auth.handle(error);
            }
            if page.open_user.get_untracked() == Some(id) {
                detail.set(Some(result));
                request_animation_frame(move || {
                    if let Some(h) = heading.get_untracked() {
                        let _ = h.focus();
                    }
                });
            }
        });
    });
    // Focus goes to the heading once the user is loaded (below) and back to the opener on close.
    panel_focus(move || page.open_user.get().is_some(), heading);
    let close = move || page.open(None);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            close();
        }
    };

    view! { class = class,
        <Show when=move || page.open_user.get().is_some()>
            <aside class="side-panel detail" aria-labelledby="detail-title" on:keydown=on_key data-test="user-detail">
                <button type="button" class="close" on:click=move |_| close() aria-label="Close the user panel">"✕"</button>
                {move || match detail.get() {
                    None => view! { <Loading what="Loading the user…" /> }.into_any(),
                    Some(Err(error)) => view! { <h2 id="detail-title">"User not available"</h2><p role="alert">{error.message}</p> }.into_any(),
                    Some(Ok(d)) => view! { <Detail detail=d heading /> }.into_any(),
                }}
            </aside>
        </Show>
    }
}

#[component]
fn Detail(
    /// What the server says about the user.
    detail: UserDetail,
    /// The panel's heading, focused when it opens.
    heading: NodeRef<leptos::html::H2>,
) -> impl IntoView {
    let class = style_sheet!("style/pages/authorize_admins_detail.css");
    let user = detail.user;
    view! { class = class,
        <h2 id="detail-title" tabindex="-1" node_ref=heading>{user.display_name.clone()}</h2>
        <dl class="facts">
            <dt>"Username"</dt><dd>{user.username.clone()}</dd>
            <dt>"Email"</dt><dd>{user.email.clone()}</dd>
            <dt>"Phone"</dt><dd>{user.phone.as_deref().map(|p| expect_context::<Auth>().phone(p)).unwrap_or_else(|| "None registered".into())}</dd>
            <dt>"Status"</dt><dd>{user.status.label()}</dd>
            <dt>"Last sign-in"</dt><dd>{when_or(user.last_sign_in_at, "Never")}</dd>
        </dl>
        <section aria-labelledby="why-title" data-test="sign-in-checks">
            <h3 id="why-title">"Why can't they sign in?"</h3>
            <CheckList checks=detail.checks.into_iter().map(CheckItem::from).collect() />
            {detail.lockout.map(|lockout| view! { <ClearLockout user_id=user.id lockout /> })}
        </section>
        <section aria-labelledby="history-title">
            <h3 id="history-title">"Status history"</h3>
            {if detail.history.is_empty() {
                view! { <p>"No status changes recorded."</p> }.into_any()
            } else {
                view! {
                    <ol class="history">
                        {detail.history.into_iter().map(|event| {
                            let who = event.actor.map(|a| a.name).unwrap_or_else(|| "A former user".into());
                            let label = |s: Option<String>| s.and_then(|s| Status::parse(&s)).map(|s| s.label()).unwrap_or("?");
                            view! { <li>{format!("{}: {} changed {} → {}", when(event.at), who, label(event.before), label(event.after))}</li> }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// The lockout after failed sign-ins, and for an Admin the button that clears it.
#[component]
fn ClearLockout(
    /// The locked-out user.
    user_id: i64,
    /// How many failures, and until when strangers' browsers wait.
    lockout: Lockout,
) -> impl IntoView {
    let class = style_sheet!("style/pages/authorize_admins_detail.css");
    let auth = expect_context::<Auth>();
    let page = expect_context::<Page>();
    let is_admin = move || auth.session().is_some_and(|s| s.user.status.can_change());
    let failure = RwSignal::new(None::<String>);
    let scope = Scope::here();
    let clear = move |_| {
        let Some(session) = auth.session() else { return };
        scope.spawn(async move {
            match api::clear_lockout(&session.csrf_token, user_id).await {
                // The panel loads the user again, now without the lockout.
                Ok(()) => page.reload.update(|n| *n += 1),
                Err(error) => {
                    auth.handle(&error);
                    failure.set(Some(error.message));
                }
            }
        });
    };
    view! { class = class,
        <div class="lockout" data-test="lockout">
            <p>{format!(
                "Locked after {} failed sign-ins: from browsers they have not used before, sign-in waits until {}.",
                lockout.failures, when(lockout.until)
            )}</p>
            <Show when=is_admin>
                <button type="button" on:click=clear>"Clear lockout"</button>
            </Show>
            <p role="alert" class="error">{move || failure.get()}</p>
        </div>
    }
}
