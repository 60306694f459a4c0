//! The Status page's agent numbers held back after too many wrong passcodes, with the
//! reason, until when, and (for an Admin) a way to let the agent log on again now.

use crate::api;
use crate::auth::Auth;
use crate::components::time::when;
use crate::tasks::Scope;
use leptos::prelude::*;
use stylers::style_sheet;
use switchboard_wire::ThrottledAgent;

#[component]
pub fn ThrottledAgents(
    /// The numbers that must wait now, as the board says.
    throttled: Signal<Vec<ThrottledAgent>>,
    /// Whether the viewer may clear a throttle (an Admin).
    is_admin: Signal<bool>,
    /// Runs after a throttle was cleared, to load the board again.
    on_cleared: Callback<()>,
) -> impl IntoView {
    let class = style_sheet!("style/components/throttled_agents.css");
    let auth = expect_context::<Auth>();
    // What the last clear did, said where a screen reader hears it.
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let scope = Scope::here();
    let clear = move |number: String| {
        let Some(session) = auth.session() else { return };
        scope.spawn(async move {
            match api::clear_agent_throttle(&session.csrf_token, &number).await {
                Ok(()) => {
                    outcome.set(Some(Ok(format!("Agent number {number} may log on again now."))));
                    on_cleared.run(());
                }
                Err(error) => {
                    auth.handle(&error);
                    outcome.set(Some(Err(error.message)));
                }
            }
        });
    };

    view! { class = class,
        <section aria-labelledby="throttled-title" data-test="throttled">
            <h2 id="throttled-title">"Throttled agent numbers"</h2>
            <p role="status" class="outcome">
                {move || outcome.get().map(|o| match o {
                    Ok(done) => view! { <span>{done}</span> }.into_any(),
                    Err(why) => view! { <span class="error">{why}</span> }.into_any(),
                })}
            </p>
            <Show when=move || !throttled.with(Vec::is_empty)
                fallback=|| view! { <p>"No agent number is held back by failed log-ons."</p> }>
                <ul class="throttled">
                    {move || throttled.get().into_iter().map(|t| {
                        let number = t.agent_number.clone();
                        let who = match &t.agent_name {
                            Some(name) => format!("Agent {} ({name})", t.agent_number),
                            None => format!("Agent number {} (not an agent of this service)", t.agent_number),
                        };
                        view! {
                            <li data-agent=t.agent_number.clone()>
                                <strong>{who}</strong>
                                <span>{format!(" — {} May try again after {}.", t.reason, when(t.until))}</span>
                                <Show when=move || is_admin.get()>
                                    {
                                        let number = number.clone();
                                        view! {
                                            <button type="button" on:click=move |_| clear(number.clone())>
                                                "Let them log on now"
                                            </button>
                                        }
                                    }
                                </Show>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}
