//! "For Admin Access Only": what a User sees instead of the console.

use crate::auth::Auth;
use crate::components::support_request::{Ask, AskSupport, RequestStatus};
use leptos::prelude::*;
use stylers::style_sheet;
use switchboard_wire::{AdminContact, SupportCause};

#[component]
pub fn AdminOnlyNotice(
    /// The company's admins, who can change this user's status to Admin.
    admins: Vec<AdminContact>,
    /// The email the user signs in with, for a support ticket when there is no admin.
    sign_in_email: String,
) -> impl IntoView {
    let class = style_sheet!("style/components/admin_only.css");
    let has_admins = !admins.is_empty();
    // Their request for a first admin, if they filed one (the newest).
    let filed = expect_context::<Auth>()
        .session()
        .and_then(|s| s.support_requests.into_iter().find(|r| r.cause == SupportCause::NoAdmin));
    let answered = filed.clone();
    view! { class = class,
        <section class="notice" aria-labelledby="admin-only-title">
            <h1 id="admin-only-title">"For Admin Access Only"</h1>
            <p>"Your account has the status User, so the console is closed to you."</p>
            <Show
                when=move || has_admins
                fallback=move || view! {
                    <p data-test="no-admin">
                        "Your company has no admin yet, so Switchboard support appoints its first one. Your request tells them the email address you sign in with, "
                        <strong>{sign_in_email.clone()}</strong>
                        ", and your company; never your password."
                    </p>
                    <AskSupport ask=Ask::NoAdmin label="Ask Switchboard support to make me the admin" filed=filed.clone() />
                }
            >
                <p>"If you should have access, ask one of your company's admins to open Authorize Admins and change your status from User to Admin:"</p>
                <ul class="admins" data-test="admins">
                    {admins
                        .clone()
                        .into_iter()
                        .map(|admin| {
                            let mailto = format!("mailto:{}", admin.email);
                            view! { <li>{admin.display_name}" — "<a href=mailto>{admin.email}</a></li> }
                        })
                        .collect_view()}
                </ul>
                {answered.clone().map(|request| view! { <RequestStatus request /> })}
            </Show>
        </section>
    }
}
