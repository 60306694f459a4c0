//! The support requests of every company, and what an operator does about each: appoint a
//! first admin, extend a trial or make the account active, unlock a user, or close it
//! with a note. Changes that cannot be undone from here ask first.

use super::OperatorAuth;
use crate::api::{self, ApiError};
use crate::components::loading::{Failure, Loading};
use crate::components::time::when;
use crate::tasks::{spawn_scoped, Scope};
use leptos::prelude::*;
use stylers::style_sheet;
use switchboard_wire::{OperatorAction, QueuedRequest, RequestQueue, RequestState, SupportCause};

/// The queue's reload counter and the last answer given, shared by its requests.
#[derive(Clone, Copy)]
struct Queue {
    reload: RwSignal<u32>,
    answered: RwSignal<Option<String>>,
}

#[component]
pub fn RequestQueuePage(
    /// Open requests (oldest first) or answered ones (newest first), from the URL.
    state: Memo<RequestState>,
) -> impl IntoView {
    let class = style_sheet!("style/pages/operator_queue.css");
    let auth = expect_context::<OperatorAuth>();
    let queue = Queue { reload: RwSignal::new(0), answered: RwSignal::new(None) };
    provide_context(queue);
    let loaded = RwSignal::new(None::<Result<RequestQueue, ApiError>>);
    Effect::new(move |_| {
        queue.reload.track();
        let wanted = state.get();
        spawn_scoped(async move {
            let result = api::request_queue(wanted).await;
            if let Err(error) = &result {
                auth.handle(error);
            }
            if state.get_untracked() == wanted {
                loaded.set(Some(result));
            }
        });
    });
    let title = move || match state.get() {
        RequestState::Open => "Open support requests",
        RequestState::Answered => "Answered support requests",
    };
    view! { class = class,
        <h1>{title}</h1>
        <p class="answered-now" role="status" data-test="answered-now">{move || queue.answered.get()}</p>
        {move || match loaded.get() {
            None => view! { <Loading what="Loading the requests…" /> }.into_any(),
            Some(Err(error)) => view! {
                <Failure title="The requests could not be loaded" message=error.message
                    retry=Callback::new(move |_| queue.reload.update(|n| *n += 1)) />
            }.into_any(),
            Some(Ok(found)) => {
                let summary = match (state.get_untracked(), found.open) {
                    (RequestState::Open, 0) => "No open requests: every company's request has an answer.".to_string(),
                    (RequestState::Open, 1) => "1 open request, oldest first.".to_string(),
                    (RequestState::Open, n) => format!("{n} open requests, oldest first."),
                    (RequestState::Answered, _) if found.requests.is_empty() => "No request has been answered yet.".to_string(),
                    (RequestState::Answered, _) => "Newest first.".to_string(),
                };
                let more = found.requests.len() as i64 == RequestQueue::LIMIT;
                view! {
                    <p data-test="queue-summary">{summary}</p>
                    <ol class="requests">
                        {found.requests.into_iter().map(|request| view! { <li><RequestCard request /></li> }).collect_view()}
                    </ol>
                    {more.then(|| view! { <p>{format!("Showing the first {}; answer these to see the rest.", RequestQueue::LIMIT)}</p> })}
                }.into_any()
            }
        }}
    }
}

/// One request: who asked, about whom, what the console diagnosed, and the actions.
#[component]
fn RequestCard(
    /// The request.
    request: QueuedRequest,
) -> impl IntoView {
    let class = style_sheet!("style/pages/operator_queue.css");
    let heading = format!("#{} · {} · {}", request.id, request.company.name, request.cause.label());
    let about = &request.about;
    let company = &request.company;
    let trial = match company.trial_ends_at {
        None => "Active account".to_string(),
        Some(end) => format!("Trial ends {}", when(end)),
    };
    let open = request.state == RequestState::Open;
    view! { class = class,
        <article class="request" aria-labelledby=format!("request-{}", request.id) data-test="request">
            <h2 id=format!("request-{}", request.id)>{heading}</h2>
            <p class="diagnosis">{request.diagnosis.clone()}</p>
            <dl class="facts">
                <dt>"Filed"</dt><dd>{format!("{} by {}", when(request.filed_at), request.filed_by)}</dd>
                <dt>"About"</dt><dd>{format!("{} ({}), status {}", about.display_name, about.username, about.status.label())}</dd>
                <dt>"Signs in with the email"</dt><dd>{request.email.clone()}</dd>
                <dt>"Company"</dt><dd>{format!("{} · {trial} · {} admin{}", company.name, company.admins, if company.admins == 1 { "" } else { "s" })}</dd>
                <dt>"Sign-in"</dt><dd>{about.locked_until.map(|until| format!("Locked out until {}", when(until))).unwrap_or_else(|| "Not locked out".into())}</dd>
                {request.answer.clone().map(|answer| view! {
                    <dt>"Answer"</dt>
                    <dd data-test="answer">{format!("{answer} ({}, {})", request.answered_by.clone().unwrap_or_default(), request.answered_at.map(when).unwrap_or_default())}</dd>
                })}
            </dl>
            {open.then(|| view! { <Actions request=request.clone() /> })}
        </article>
    }
}

/// What an operator can do about an open request.
#[component]
fn Actions(
    /// The open request.
    request: QueuedRequest,
) -> impl IntoView {
    let class = style_sheet!("style/pages/operator_queue.css");
    let auth = expect_context::<OperatorAuth>();
    let queue = expect_context::<Queue>();
    let id = request.id;
    let failure = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    // The action waiting for its confirmation, with the question.
    let confirming = RwSignal::new(None::<(OperatorAction, String)>);
    let days = RwSignal::new("14".to_string());
    let note = RwSignal::new(String::new());
    let scope = Scope::here();
    let run = move |action: OperatorAction| {
        let Some(session) = auth.session() else { return };
        pending.set(true);
        failure.set(None);
        scope.spawn(async move {
            match api::answer_request(&session.csrf_token, id, &action).await {
                Ok(answered) => {
                    queue
                        .answered
                        .set(Some(format!("Request #{id} answered: {}", answered.answer.unwrap_or_default())));
                    queue.reload.update(|n| *n += 1);
                }
                Err(error) => {
                    auth.handle(&error);
                    failure.set(Some(error.message));
                    pending.set(false);
                    confirming.set(None);
                }
            }
        });
    };
    let ask = move |action: OperatorAction, question: String| confirming.set(Some((action, question)));
    let name = request.about.display_name.clone();
    let company = request.company.name.clone();
    let primary = match request.cause {
        SupportCause::NoAdmin => {
            let question = format!("Make {name} an admin of {company}? They can then change every user's status.");
            view! {
                <button type="button" data-test="appoint-admin"
                    on:click=move |_| ask(OperatorAction::AppointAdmin, question.clone())>{format!("Make {name} the first admin…")}</button>
            }.into_any()
        }
        SupportCause::TrialEnded => {
            let question = format!("Make {company} an active account? Its trial end goes away for good.");
            let extend = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                match days.get_untracked().trim().parse::<u32>() {
                    Ok(n) if (1..=OperatorAction::MAX_DAYS).contains(&n) => {
                        run(OperatorAction::ExtendTrial { days: n })
                    }
                    _ => failure.set(Some(format!("Extend by 1 to {} days.", OperatorAction::MAX_DAYS))),
                }
            };
            view! {
                <form class="extend" on:submit=extend>
                    <label for=format!("days-{id}")>"Extend the trial by (days)"</label>
                    <input id=format!("days-{id}") type="number" min="1" max=OperatorAction::MAX_DAYS.to_string() required
                        prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev)) />
                    <button type="submit" data-test="extend-trial" disabled=move || pending.get()>"Extend the trial"</button>
                </form>
                <button type="button" data-test="make-active"
                    on:click=move |_| ask(OperatorAction::MakeActive, question.clone())>"Make the account active…"</button>
            }.into_any()
        }
        SupportCause::LockedOut => view! {
            <button type="button" data-test="unlock" disabled=move || pending.get()
                on:click=move |_| run(OperatorAction::Unlock)>{format!("Unlock {name}")}</button>
        }
        .into_any(),
    };
    let close = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = note.get_untracked();
        if text.trim().is_empty() {
            failure.set(Some("Say why the request is closed without a change.".into()));
            return;
        }
        run(OperatorAction::Close { note: text.trim().to_string() });
    };
    let question_id = format!("confirm-{id}");
    view! { class = class,
        <div class="actions">
            {move || match confirming.get() {
                Some((action, question)) => view! {
                    <div class="confirm" role="group" aria-labelledby=question_id.clone()>
                        <p id=question_id.clone()>{question}</p>
                        <button type="button" data-test="confirm" autofocus disabled=move || pending.get()
                            on:click=move |_| run(action.clone())>"Confirm"</button>
                        " "
                        <button type="button" on:click=move |_| confirming.set(None)>"Cancel"</button>
                    </div>
                }.into_any(),
                None => ().into_any(),
            }}
            {primary}
            <form class="close" on:submit=close>
                <label for=format!("note-{id}")>"Or close it without a change, saying why"</label>
                <textarea id=format!("note-{id}") maxlength=OperatorAction::MAX_NOTE.to_string() rows="2"
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                <button type="submit" disabled=move || pending.get()>"Close with this note"</button>
            </form>
            <p role="alert" class="error">{move || failure.get()}</p>
        </div>
    }
}
