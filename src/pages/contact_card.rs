//! A contact card at /contacts/{id}: what is registered, opt-outs, codes, devices,
//! messages, and "Why can't they log in?".

use crate::api;
use crate::auth::Auth;
use crate::components::checks::{CheckItem, CheckList};
use crate::components::loader::load_latest;
use crate::components::loading::{Failure, Loading};
use crate::components::table_scroll::TableScroll;
use crate::components::time::when;
use crate::components::time::{Time, TimeOr};
use crate::pages::console_page::set_title;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use stylers::style_sheet;
use switchboard_wire::{Channel, ContactCard as Card, ErrorCode};

#[component]
pub fn ContactCard() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<i64>().ok()));
    let card = load_latest(
        move || id.get(),
        |id: Option<i64>, _| async move {
            match id {
                Some(id) => api::contact_card(id).await,
                None => Err(api::ApiError {
                    status: 400,
                    code: ErrorCode::BadRequest,
                    message: "This address does not name a contact.".into(),
                    ids: Vec::new(),
                }),
            }
        },
    );
    view! {
        <p><a href="/contacts">"← Contacts"</a></p>
        {move || match (card.data.get(), card.failure.get()) {
            (_, Some(error)) if matches!(error.code, ErrorCode::NotFound | ErrorCode::BadRequest) => view! {
                <h1>"Contact not found"</h1>
                <p role="alert">{error.message}</p>
            }.into_any(),
            (_, Some(error)) => view! {
                <Failure title="The contact card could not be loaded" message=error.message
                    retry=Callback::new(move |_| card.again()) />
            }.into_any(),
            (None, None) => view! { <Loading what="Loading the contact card…" /> }.into_any(),
            (Some(data), None) => view! { <CardView card=data /> }.into_any(),
        }}
    }
}

#[component]
fn CardView(
    /// Everything the server knows of the contact.
    card: Card,
) -> impl IntoView {
    let class = style_sheet!("style/pages/contact_card.css");
    set_title(&card.name);
    let opt_out = |channel: Channel| {
        card.opt_outs.iter().find(|o| o.channel == channel).map(|o| format!("Opted out on {} — {}", when(o.at), o.how))
    };
    // A channel with nothing registered receives nothing, whatever its opt-out says.
    let channel_state = |channel: Channel, registered: bool, nothing: &str| match opt_out(channel) {
        Some(opted_out) => opted_out,
        None if registered => "Receives messages".into(),
        None => nothing.into(),
    };
    let email_state = channel_state(Channel::Email, card.email.is_some(), "No email registered");
    let sms_state = channel_state(Channel::Sms, card.phone.is_some(), "No phone registered");
    view! { class = class,
        <h1>{card.name.clone()}</h1>
        <div class="grid">
            <section aria-labelledby="registered-title" class="panel">
                <h2 id="registered-title">"Registered"</h2>
                <dl>
                    <dt>"Email"</dt>
                    <dd data-test="email">{card.email.clone().unwrap_or_else(|| "None registered".into())}</dd>
                    <dt>"Phone"</dt>
                    <dd data-test="phone">{card.phone.as_deref().map(|p| expect_context::<Auth>().phone(p)).unwrap_or_else(|| "None registered".into())}</dd>
                </dl>
                <h2>"Communication"</h2>
                <dl>
                    <dt>"Email"</dt><dd data-test="email-opt-out">{email_state}</dd>
                    <dt>"SMS"</dt><dd data-test="sms-opt-out">{sms_state}</dd>
                </dl>
            </section>
            <section aria-labelledby="why-title" class="panel" data-test="diagnosis">
                <h2 id="why-title">"Why can't they log in?"</h2>
                <CheckList checks=card.checks.into_iter().map(CheckItem::from).collect() />
            </section>
        </div>
        <section aria-labelledby="codes-title">
            <h2 id="codes-title">"Confirmation codes sent"</h2>
            {if card.codes.is_empty() {
                view! { <p>"No code was sent."</p> }.into_any()
            } else {
                view! { class = class,
                    <TableScroll label="Codes sent"><table data-test="codes">
                        <thead><tr>
                            <th scope="col">"Sent"</th><th scope="col">"By"</th><th scope="col">"Valid"</th>
                            <th scope="col">"Used"</th><th scope="col">"Device"</th>
                        </tr></thead>
                        <tbody>
                            {card.codes.into_iter().map(|code| view! {
                                <tr>
                                    <td><Time at=code.sent_at /></td>
                                    <td>{code.channel.label()}</td>
                                    <td>{code_validity(code.newest, code.used_at.is_some())}</td>
                                    <td><TimeOr at=code.used_at none="Not used" /></td>
                                    <td>{code.device.unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></TableScroll>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="devices-title">
            <h2 id="devices-title">"Devices and browsers recognised"</h2>
            {if card.devices.is_empty() {
                view! { <p>"No device or browser of theirs is recognised: every login will ask for a code."</p> }.into_any()
            } else {
                view! { <ul>
                    {card.devices.into_iter().map(|d| view! {
                        <li>{format!("{}: first seen {}, last seen {}", d.label, when(d.first_seen_at), when(d.last_seen_at))}</li>
                    }).collect_view()}
                </ul> }.into_any()
            }}
        </section>
        <section aria-labelledby="messages-title">
            <h2 id="messages-title">"Messages published to them"</h2>
            {if card.messages.is_empty() {
                view! { <p>"No message is published to them: a code lets them in, but there is nothing to open."</p> }.into_any()
            } else {
                view! { <ul>
                    {card.messages.into_iter().map(|m| view! { <li>{format!("{} (since {})", m.title, when(m.published_at))}</li> }).collect_view()}
                </ul> }.into_any()
            }}
        </section>
        <section aria-labelledby="attempts-title">
            <h2 id="attempts-title">"Recent login attempts"</h2>
            {if card.attempts.is_empty() {
                view! { <p>"No login attempt is recorded."</p> }.into_any()
            } else {
                view! { <ul>
                {card.attempts.into_iter().map(|a| {
                    let mut line = format!("{} by {}: {}", when(a.at), a.channel.label(), a.outcome);
                    if let Some(message) = a.message { line.push_str(&format!(" — “{message}”")); }
                    if let Some(device) = a.device { line.push_str(&format!(" on {device}")); }
                    if let Some(network) = a.network { line.push_str(&format!(", from {}", network.label())); }
                    view! { <li>{line}</li> }
                }).collect_view()}
                </ul> }.into_any()
            }}
        </section>
    }
}

/// What a sent code is good for: only the newest, unused one lets them in.
fn code_validity(newest: bool, used: bool) -> &'static str {
    match (newest, used) {
        (true, false) => "Newest: the one to use",
        (true, true) => "Newest, already used: ask them to request a new one",
        (false, _) => "Superseded by a newer code",
    }
}
