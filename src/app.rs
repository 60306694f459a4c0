//! The router and the contexts every page reads.

use crate::auth::{Auth, AuthState};
use crate::components::shell::Shell;
use crate::pages::agent_status::AgentStatus;
use crate::pages::audit_log::AuditLog;
use crate::pages::authorize_admins::AuthorizeAdmins;
use crate::pages::contact_card::ContactCard;
use crate::pages::contacts::Contacts;
use crate::pages::home::Home;
use crate::pages::not_found::NotFound;
use crate::pages::sign_in::SignIn;
use crate::unsaved::Unsaved;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let auth = Auth::new(AuthState::Checking);
    provide_context(auth);
    auth.check();
    let unsaved = Unsaved(RwSignal::new(false));
    provide_context(unsaved);
    unsaved.guard_the_tab();

    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/sign-in") view=SignIn />
                <ParentRoute path=path!("/") view=Shell>
                    <Route path=path!("") view=Home />
                    <Route path=path!("/admins") view=AuthorizeAdmins />
                    <Route path=path!("/agents") view=AgentStatus />
                    <Route path=path!("/contacts") view=Contacts />
                    <Route path=path!("/contacts/:id") view=ContactCard />
                    <Route path=path!("/audit") view=AuditLog />
                    <Route path=path!("/*any") view=NotFound />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
