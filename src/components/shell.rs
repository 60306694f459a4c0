//! The console's frame: the session gate, the top bar, the left menu and the page.

use crate::auth::{Auth, AuthState, SignedOut};
use crate::components::admin_only::AdminOnlyNotice;
use crate::components::loading::{Failure, Loading};
use crate::components::nav::{MenuState, SideNav};
use crate::components::support_request::SupportNotices;
use crate::components::top_bar::TopBar;
use crate::links::sign_in_then;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_location;
use stylers::style_sheet;
use switchboard_wire::ConsoleAccess;

/// What the frame shows; a session refreshed with the same access leaves it alone, so the
/// page inside keeps its state.
#[derive(Debug, Clone, PartialEq)]
enum Gate {
    Checking,
    Unreachable(String),
    SignedOutByChoice,
    SignedOut,
    AdminOnly { admins: Vec<switchboard_wire::AdminContact>, sign_in_email: String },
    Console { pages: Vec<switchboard_wire::ConsolePage> },
}

/// Shows the routed page inside the console frame once a session is known; without one,
/// sends to sign-in and remembers where to come back to.
#[component]
pub fn Shell() -> impl IntoView {
    let class = style_sheet!("style/components/shell.css");
    let auth = expect_context::<Auth>();
    let location = use_location();
    let gate = Memo::new(move |_| match auth.state.get() {
        AuthState::Checking => Gate::Checking,
        AuthState::Unreachable(message) => Gate::Unreachable(message),
        AuthState::SignedOut(SignedOut::ByChoice) => Gate::SignedOutByChoice,
        AuthState::SignedOut(_) => Gate::SignedOut,
        AuthState::SignedIn(session) => match session.access {
            ConsoleAccess::AdminAccessOnly { admins, sign_in_email } => Gate::AdminOnly { admins, sign_in_email },
            ConsoleAccess::Console { pages } => Gate::Console { pages },
        },
    });

    view! {
        {move || match gate.get() {
            Gate::Checking => view! { class = class,
                <main class="centered"><Loading what="Checking your session…" /></main>
            }.into_any(),
            Gate::Unreachable(message) => view! { class = class,
                <main class="centered">
                    <Failure title="Switchboard could not start" message retry=Callback::new(move |_| auth.check()) />
                </main>
            }.into_any(),
            Gate::SignedOutByChoice => view! { <Redirect path="/sign-in" /> }.into_any(),
            Gate::SignedOut => {
                let path = sign_in_then(&current_url(&location));
                view! { <Redirect path=path /> }.into_any()
            }
            Gate::AdminOnly { admins, sign_in_email } => view! { class = class,
                <div class="frame">
                    <TopBar />
                    <main id="main" class="page" tabindex="-1">
                        <AdminOnlyNotice admins sign_in_email />
                    </main>
                </div>
            }.into_any(),
            Gate::Console { pages } => {
                MenuState::provide();
                view! { class = class,
                <div class="frame">
                    <a class="skip" href="#main">"Skip to the page"</a>
                    <TopBar menu=true />
                    <div class="body">
                        <SideNav pages />
                        <main id="main" class="page" tabindex="-1"><SupportNotices /><Outlet /></main>
                    </div>
                </div>
                }.into_any()
            }
        }}
    }
}

/// The current path with its query, to come back to after sign-in.
fn current_url(location: &leptos_router::location::Location) -> String {
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let search = search.trim_start_matches('?');
    if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    }
}
