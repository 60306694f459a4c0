//! The pages that sign-in and Authorize Admins do not need, as lazy routes: each page's code
//! is its own wasm chunk (split at build time, xtask/src/split.rs), fetched the first time the
//! page opens, so the first load carries only what those two pages need (BENCHMARKS.md).
//!
//! Leptos' `#[lazy_route]` would abort the whole app if a chunk cannot be fetched (say the
//! server was updated since the tab opened and the old chunk is gone); these routes say so and
//! offer a reload instead, and a later visit tries the fetch again.

use crate::components::loading::Failure;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::LazyRoute;

macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident, $chunk:ident, $page:path) => {
        $(#[$doc])*
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
                fn page() -> Result<AnyView, SplitLoaderError> {
                    use $page as Page;
                    Ok(view! { <Page /> }.into_any())
                }
                match page().await {
                    Ok(page) => page,
                    Err(_) => {
                        let reachable = crate::api::server_reachable().await;
                        view! { <ChunkFailed reachable /> }.into_any()
                    }
                }
            }
        }
    };
}

lazy_page!(
    /// Agent Status: the live board and Force Logout.
    AgentStatusPage, agent_status, crate::pages::agent_status::AgentStatus
);
lazy_page!(
    /// The contacts search.
    ContactsPage, contacts, crate::pages::contacts::Contacts
);
lazy_page!(
    /// One contact's card.
    ContactCardPage, contact_card, crate::pages::contact_card::ContactCard
);
lazy_page!(
    /// The audit log.
    AuditLogPage, audit_log, crate::pages::audit_log::AuditLog
);

lazy_page!(
    /// The Overview (charts of its own, in its own chunk).
    OverviewPage, overview, crate::pages::overview::OverviewPage
);
lazy_page!(
    /// The operators' console (Switchboard's own support staff).
    OperatorPage, operator, crate::pages::operator::OperatorConsole
);

/// The page's code could not be fetched: the server is down (or the network), or it
/// answers but no longer has this tab's version of the code.
#[component]
fn ChunkFailed(
    /// Whether the server answered a health check just after.
    reachable: bool,
) -> impl IntoView {
    let reload = Callback::new(|()| {
        let _ = window().location().reload();
    });
    view! {
        <Failure
            title="This page could not be loaded"
            message=if reachable {
                "Its code could not be fetched from the server, which has probably been updated since this tab was opened. Reload to get the current version."
            } else {
                "The server could not be reached: check the network connection, then reload."
            }
            retry=reload
        />
    }
}
