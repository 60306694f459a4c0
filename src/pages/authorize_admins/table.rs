//! The users table: sortable headers, a status select per row, changed rows marked.

use super::{aria_sort, Page};
use crate::auth::Auth;
use crate::components::table_scroll::TableScroll;
use crate::components::time::TimeOr;
use leptos::prelude::*;
use stylers::style_sheet;
use switchboard_wire::{Paged, SortDir, Status, UserQuery, UserRow, UserSort};

const COLUMNS: [(UserSort, &str); 6] = [
    (UserSort::Name, "Name"),
    (UserSort::Username, "Username"),
    (UserSort::Email, "Email"),
    (UserSort::Phone, "Phone"),
    (UserSort::Status, "Status"),
    (UserSort::LastSignIn, "Last sign-in"),
];

#[component]
pub fn UserTable(
    /// True while a newer list is on its way; the old one stays, dimmed.
    loading: Signal<bool>,
    /// Whether the signed-in person may change statuses (Admin) or only look (Support).
    can_change: Signal<bool>,
) -> impl IntoView {
    let class = style_sheet!("style/pages/authorize_admins_table.css");
    let page = expect_context::<Page>();
    let rows = move || page.data.get().map(|d| d.users).unwrap_or_default();
    let sort_by = move |column: UserSort| {
        let q = page.query.get_untracked();
        let dir = if q.sort == column && q.dir == SortDir::Asc { SortDir::Desc } else { SortDir::Asc };
        page.show(UserQuery { sort: column, dir, ..q }.first_page(), page.open_user.get_untracked(), false);
    };
    view! { class = class,
        <TableScroll label="Users"><table class="users" class:loading=move || loading.get() aria-busy=move || loading.get().to_string()>
            <caption class="visually-hidden">"Users of your company; column headers sort the list"</caption>
            <thead>
                <tr>
                    {COLUMNS
                        .map(|(column, label)| {
                            view! { class = class,
                                <th scope="col" aria-sort=move || aria_sort(&page.query.get(), column)>
                                    <button type="button" class="sort" on:click=move |_| sort_by(column)>
                                        {label}
                                        <span aria-hidden="true">
                                            {move || match aria_sort(&page.query.get(), column) {
                                                "ascending" => " ▲",
                                                "descending" => " ▼",
                                                _ => "",
                                            }}
                                        </span>
                                    </button>
                                </th>
                            }
                        })
                        .collect_view()}
                </tr>
            </thead>
            <tbody>
                <For each=rows key=|user| (user.id, user.version) children=move |user| view! { <Row user can_change /> } />
            </tbody>
        </table></TableScroll>
        <Show when=move || rows().is_empty()>
            <p class="empty">"No user matches. Try part of the name, the username, the email or the phone number."</p>
        </Show>
    }
}

#[component]
fn Row(
    /// The user as loaded.
    user: UserRow,
    /// Whether the select is enabled.
    can_change: Signal<bool>,
) -> impl IntoView {
    let class = style_sheet!("style/pages/authorize_admins_table.css");
    let page = expect_context::<Page>();
    let id = user.id;
    let loaded = user.status;
    let chosen = move || page.pending.with(|p| p.get(&id).map(|x| x.to)).unwrap_or(loaded);
    let changed = move || page.pending.with(|p| p.contains_key(&id));
    let stale = move || page.stale.with(|s| s.contains(&id));
    let label = format!("Status of {}", user.display_name);
    let on_change = {
        let user = user.clone();
        move |ev: leptos::ev::Event| {
            if let Some(status) = Status::parse(&event_target_value(&ev)) {
                page.choose(&user, status);
            }
        }
    };
    view! { class = class,
        <tr class:changed=changed class:stale=stale data-username=user.username.clone()>
            <th scope="row">
                <button type="button" class="name" on:click=move |_| page.open(Some(id))>{user.display_name.clone()}</button>
            </th>
            <td>{user.username.clone()}</td>
            <td>{user.email.clone()}</td>
            <td class="nowrap">{user.phone.as_deref().map(|p| expect_context::<Auth>().phone(p)).unwrap_or_else(|| "—".into())}</td>
            <td class="status">
                <select aria-label=label disabled=move || !can_change.get() on:change=on_change>
                    {Status::ALL
                        .map(|s| view! { <option value=s.as_str() prop:selected=move || chosen() == s>{s.label()}</option> })
                        .collect_view()}
                </select>
                <Show when=changed>
                    <span class="was">{format!("changed from {}", loaded.label())}</span>
                </Show>
                <Show when=stale>
                    <span class="was">"changed by someone else"</span>
                </Show>
            </td>
            <td><TimeOr at=user.last_sign_in_at none="Never" /></td>
        </tr>
    }
}
