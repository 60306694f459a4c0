//! The user detail panel: data, status history, and "Why can't they sign in?".

use super::Page;
use crate::api::{self, ApiError};
use crate::auth::Auth;
use crate::components::checks::{CheckItem, CheckList};
use crate::components::focus::panel_focus;
use crate::components::loading::Loading;
use crate::components::support_request::{Ask, AskSupport};
use crate::components::time::{when, when_or};
use crate::links;
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
    // Agent sessions the checks found in the way (the article's checks 2 and 3).
    let in_the_way: Vec<(String, i64)> =
        detail.checks.iter().filter(|c| !c.passed).filter_map(|c| Some((c.title.clone(), c.session_id?))).collect();
    view! { class = class,
        <h2 id="detail-title" tabindex="-1" node_ref=heading>{user.display_name.clone()}</h2>
        <dl class="facts">
            <dt>"Username"</dt><dd>{user.username.clone()}</dd>
            <dt>"Email"</dt><dd>{user.email.clone()}</dd>
            <dt>"Phone"</dt><dd>{user.phone.as_deref().map(|p| expect_context::<Auth>().phone(p)).unwrap_or_else(|| "None registered".into())}</dd>
            <dt>"Status"</dt><dd>{user.status.label()}</dd>
            <dt>"Last sign-in"</dt><dd>{when_or(user.last_sign_in_at, "Never")}</dd>
            <dt>"Agent number"</dt><dd data-test="agent-number">{detail.agent_number.clone().unwrap_or_else(|| "Not linked".into())}</dd>
        </dl>
        <AgentLinkForm user_id=user.id linked=detail.agent_number.clone() />
        <section aria-labelledby="why-title" data-test="sign-in-checks">
            <h3 id="why-title">"Why can't they sign in?"</h3>
            <CheckList checks=detail.checks.into_iter().map(CheckItem::from).collect() />
            {in_the_way.into_iter().map(|(check, session_id)| view! { <SessionInTheWay check session_id /> }).collect_view()}
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
                            let who = match (event.actor, event.support) {
                                (Some(actor), _) => actor.name,
                                (None, Some(support)) => format!("Switchboard support ({})", support.operator),
                                (None, None) => "A former user".into(),
                            };
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
    let is_admin = move || auth.session().is_some_and(|s| s.user.status.can_change());
    let failure = RwSignal::new(None::<String>);
    let act = PanelAction::here(failure);
    // The panel loads the user again, now without the lockout.
    let clear = move |_| act.run(move |csrf| async move { api::clear_lockout(&csrf, user_id).await });
    view! { class = class,
        <div class="lockout" data-test="lockout">
            <p>{format!(
                "Locked after {} failed sign-ins: from browsers they have not used before, sign-in waits until {}.",
                lockout.failures, when(lockout.until)
            )}</p>
            // Support cannot clear it: they ask Switchboard support to.
            <Show when=is_admin
                fallback=move || view! { <AskSupport ask=Ask::LockedOut { user_id } label="Ask Switchboard support to unlock them" filed=None /> }>
                <button type="button" on:click=clear>"Clear lockout"</button>
            </Show>
            <p role="alert" class="error">{move || failure.get()}</p>
        </div>
    }
}

/// An agent session a check found in the way: where it is on the Status page, and for an
/// Admin, Force Logout after a confirmation; the panel then checks again.
#[component]
fn SessionInTheWay(
    /// The title of the check that found it, which names the session for the buttons.
    check: String,
    /// The agent session.
    session_id: i64,
) -> impl IntoView {
    let class = style_sheet!("style/pages/authorize_admins_detail.css");
    let auth = expect_context::<Auth>();
    let is_admin = move || auth.session().is_some_and(|s| s.user.status.can_change());
    let confirming = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    // The button that asked is gone once the question shows: focus goes to its answer.
    Effect::new(move |_| {
        if confirming.get() {
            if let Some(button) = confirm_button.get() {
                let _ = button.focus();
            }
        }
    });
    let act = PanelAction::here(failure);
    let force = Callback::new(move |()| {
        act.run(move |csrf| async move {
            let result = api::force_logout(&csrf, session_id).await.map(|_| ());
            confirming.set(false);
            result
        })
    });
    let question_id = StoredValue::new(format!("force-question-{session_id}"));
    view! { class = class,
        <div class="in-the-way" data-test="session-in-the-way">
            <p>
                {format!("{check}: ")}
                <a href=links::agent_on_status_page(session_id)>"see the session on the Status page"</a>
            </p>
            <Show when=is_admin>
                <Show when=move || confirming.get()
                    fallback=move || view! { <button type="button" on:click=move |_| confirming.set(true)>"Force Logout…"</button> }>
                    <p id=question_id.get_value()>"End this agent session? Whoever is on it is logged out, and can log on again."</p>
                    <button type="button" node_ref=confirm_button aria-describedby=question_id.get_value() on:click=move |_| force.run(())>"Force Logout"</button>
                    " "
                    <button type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                </Show>
            </Show>
            <p role="alert" class="error">{move || failure.get()}</p>
        </div>
    }
}

/// For an Admin: which agent number this user logs on to the phone service with, so that
/// the checks can find that agent's session. Saved at once (audited); the panel then
/// checks again.
#[component]
fn AgentLinkForm(
    /// The user.
    user_id: i64,
    /// The agent number linked now, if any.
    linked: Option<String>,
) -> impl IntoView {
    let class = style_sheet!("style/pages/authorize_admins_detail.css");
    let auth = expect_context::<Auth>();
    let is_admin = move || auth.session().is_some_and(|s| s.user.status.can_change());
    let number = RwSignal::new(linked.clone().unwrap_or_default());
    let failure = RwSignal::new(None::<String>);
    let act = PanelAction::here(failure);
    let save = Callback::new(move |agent_number: Option<String>| {
        act.run(move |csrf| async move { api::link_agent(&csrf, user_id, agent_number).await })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = number.get_untracked().trim().to_string();
        save.run((!typed.is_empty()).then_some(typed));
    };
    let is_linked = linked.is_some();
    view! { class = class,
        <Show when=is_admin>
            <form class="agent-link" data-test="agent-link" on:submit=submit>
                <label for="agent-link-number">"Agent number they log on with"</label>
                <input id="agent-link-number" type="text" inputmode="numeric" autocomplete="off" maxlength="32"
                    aria-describedby="agent-link-error"
                    prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev)) />
                <button type="submit">"Link"</button>
                {is_linked.then(|| view! { <button type="button" on:click=move |_| save.run(None)>"Unlink"</button> })}
                <p id="agent-link-error" role="alert" class="error">{move || failure.get()}</p>
            </form>
        </Show>
    }
}

/// An Admin's action on the open user: sent with the session's anti-forgery token; when it
/// is done the panel loads the user again, and when refused it says why in `failure`.
#[derive(Clone, Copy)]
struct PanelAction {
    auth: Auth,
    page: Page,
    scope: Scope,
    failure: RwSignal<Option<String>>,
}

impl PanelAction {
    fn here(failure: RwSignal<Option<String>>) -> PanelAction {
        PanelAction { auth: expect_context::<Auth>(), page: expect_context::<Page>(), scope: Scope::here(), failure }
    }

    fn run<F>(self, action: impl FnOnce(String) -> F + 'static)
    where
        F: std::future::Future<Output = Result<(), ApiError>> + 'static,
    {
        let Some(session) = self.auth.session() else { return };
        self.scope.spawn(async move {
            match action(session.csrf_token).await {
                Ok(()) => self.page.reload.update(|n| *n += 1),
                Err(error) => {
                    self.auth.handle(&error);
                    self.failure.set(Some(error.message));
                }
            }
        });
    }
}
