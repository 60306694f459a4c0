//! Contacts: find a contact by name, email or phone (any format); the search is in the URL.

use crate::api;
use crate::auth::Auth;
use crate::components::debounce::Debounce;
use crate::components::download_csv::DownloadCsv;
use crate::components::loader::load_latest;
use crate::components::pager::{count_words, page_count, Pager};
use crate::components::table_scroll::TableScroll;
use crate::components::url_state::{use_url_state, UrlState};
use crate::links;
use crate::pages::console_page::set_title;
use leptos::prelude::*;
use leptos_router::components::A;
use stylers::style_sheet;
use switchboard_wire::{ContactCause, ContactPage, ContactQuery, ContactRow, Paged};

#[component]
pub fn Contacts() -> impl IntoView {
    let class = style_sheet!("style/pages/contacts.css");
    set_title("Contacts");
    let UrlState { view: query, show } = use_url_state::<ContactQuery>("/contacts");
    let contacts = load_latest(
        move || query.get(),
        |q: ContactQuery, cancel| async move { api::search_contacts(&q, &cancel).await },
    );
    let text = RwSignal::new(query.get_untracked().q);
    Effect::new(move |_| text.set(query.get().q));
    let typing = Debounce::new(Debounce::TYPING);
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        typing.run(move || show.run((ContactQuery { q: value, ..query.get_untracked() }.first_page(), true)));
    };
    let on_failed = move |ev: leptos::ev::Event| {
        let failed = ContactCause::parse(&event_target_value(&ev));
        show.run((ContactQuery { failed, ..query.get_untracked() }.first_page(), false));
    };

    view! { class = class,
        <h1>"Contacts"</h1>
        <div class="filters" role="search">
            <label for="contact-search">"Find a contact"</label>
            <input id="contact-search" type="search" autocomplete="off"
                placeholder="Name, email or phone in any format"
                maxlength=ContactQuery::MAX_Q.to_string()
                prop:value=move || text.get() on:input=on_input />
            <label for="failed-filter">"Login failed (24 hours)"</label>
            <select id="failed-filter" on:change=on_failed
                prop:value=move || query.get().failed.map_or("", ContactCause::as_str)>
                <option value="">"Any contact"</option>
                {ContactCause::ALL.map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
            </select>
        </div>
        <DownloadCsv url=Signal::derive(move || api::contacts_export(&query.get())) what="contacts" />
        {contacts.view("The contacts could not be loaded", "Loading the contacts…", move |page| {
            if page.contacts.is_empty() {
                let message = if query.get_untracked().failed.is_some() {
                    "No contact's login failed this way in the last 24 hours."
                } else if page.partial {
                    "No contact matches among the first ones looked at: type 3 or more characters to search them all."
                } else {
                    "No contact matches. Try part of the name, the email, or the phone number."
                };
                return view! { <p class="empty">{message}</p> }.into_any();
            }
            let sentence = results_sentence(&page);
            view! { class = class,
                <TableScroll label="Contacts"><table class="contacts" class:loading=move || contacts.loading.get()>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Phone"</th>
                            <th scope="col">"Opted out of"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {page.contacts.into_iter().map(|c| view! { <Row contact=c /> }).collect_view()}
                    </tbody>
                </table></TableScroll>
                <p class="total">{sentence}</p>
                <Pager
                    page=Signal::derive(move || query.get().page)
                    pages=Signal::derive(move || contacts.data.get()
                        .filter(|d| !d.total_capped && !d.partial)
                        .map(|d| page_count(d.total, ContactQuery::PER_PAGE)))
                    has_previous=Signal::derive(move || contacts.data.get().is_some_and(|d| d.previous_before.is_some()))
                    has_next=Signal::derive(move || contacts.data.get().is_some_and(|d| d.next_after.is_some()))
                    on_previous=Callback::new(move |()| {
                        if let Some(before) = contacts.data.get_untracked().and_then(|d| d.previous_before) {
                            show.run((query.get_untracked().previous_page(before), false));
                        }
                    })
                    on_next=Callback::new(move |()| {
                        if let Some(after) = contacts.data.get_untracked().and_then(|d| d.next_after) {
                            show.run((query.get_untracked().next_page(after), false));
                        }
                    })
                />
            }.into_any()
        })}
    }
}

#[component]
fn Row(
    /// The contact to list.
    contact: ContactRow,
) -> impl IntoView {
    let opted_out = match (contact.email_opted_out, contact.sms_opted_out) {
        (true, true) => "Email and SMS",
        (true, false) => "Email",
        (false, true) => "SMS",
        (false, false) => "—",
    };
    view! {
        <tr>
            <th scope="row"><A href=links::contact_card(contact.id)>{contact.name}</A></th>
            <td>{contact.email.unwrap_or_else(|| "None registered".into())}</td>
            <td class="nowrap">{contact.phone.map(|p| expect_context::<Auth>().phone(&p)).unwrap_or_else(|| "None registered".into())}</td>
            <td>{opted_out}</td>
        </tr>
    }
}

/// "1,000+ contacts", or what a search too short for the index found so far.
fn results_sentence(page: &ContactPage) -> String {
    let contacts = count_words(page.total, page.total_capped, "contact", "contacts");
    if page.partial {
        format!("{contacts} so far: type 3 or more characters to search all the contacts.")
    } else {
        contacts
    }
}
