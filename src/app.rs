//! The router and the contexts every page reads.

use crate::auth::{Auth, AuthState};
use crate::components::shell::Shell;
use crate::lazy_pages::{AgentStatusPage, AuditLogPage, ContactCardPage, ContactsPage, OperatorPage, OverviewPage};
use crate::pages::authorize_admins::AuthorizeAdmins;
use crate::pages::home::Home;
use crate::pages::not_found::NotFound;
use crate::pages::sign_in::SignIn;
use crate::unsaved::Unsaved;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy};

#[component]
pub fn App() -> impl IntoView {
    let auth = Auth::new(AuthState::Checking);
    provide_context(auth);
    auth.check();
    let unsaved = Unsaved(RwSignal::new(false));
    provide_context(unsaved);
    unsaved.guard_the_tab();
    crate::components::debounce::count_page_leaves();

    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/sign-in") view=SignIn />
                // The operators' console: its own session and frame, outside the companies' Shell.
                <Route path=path!("/operator") view={Lazy::<OperatorPage>::new()} />
                <ParentRoute path=path!("/") view=Shell>
                    <Route path=path!("") view=Home />
                    <Route path=path!("/overview") view={Lazy::<OverviewPage>::new()} />
                    <Route path=path!("/admins") view=AuthorizeAdmins />
                    <Route path=path!("/agents") view={Lazy::<AgentStatusPage>::new()} />
                    <Route path=path!("/contacts") view={Lazy::<ContactsPage>::new()} />
                    <Route path=path!("/contacts/:id") view={Lazy::<ContactCardPage>::new()} />
                    <Route path=path!("/audit") view={Lazy::<AuditLogPage>::new()} />
                    <Route path=path!("/*any") view=NotFound />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
