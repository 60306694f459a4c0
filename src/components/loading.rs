//! What a page shows while it waits, and when something failed.

use leptos::prelude::*;
use stylers::style_sheet;

/// A polite, announced "still working" line.
#[component]
pub fn Loading(
    /// What is being loaded, said to the person ("Checking your session…").
    #[prop(into)]
    what: String,
) -> impl IntoView {
    let class = style_sheet!("style/components/loading.css");
    view! { class = class,
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {what}
        </p>
    }
}

/// A failure that says what happened, with a way to try again.
#[component]
pub fn Failure(
    /// The heading: what could not be done.
    #[prop(into)]
    title: String,
    /// What happened, in the server's or our own words.
    #[prop(into)]
    message: String,
    /// Called by the "Try again" button.
    retry: Callback<()>,
) -> impl IntoView {
    let class = style_sheet!("style/components/failure.css");
    view! { class = class,
        <div class="failure" role="alert">
            <h2>{title}</h2>
            <p>{message}</p>
            <button type="button" on:click=move |_| retry.run(())>"Try again"</button>
        </div>
    }
}
