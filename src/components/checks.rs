//! A diagnosis: each check passed or failed, what the data shows, and what to do.

use leptos::prelude::*;
use stylers::style_sheet;
use switchboard_wire::{ContactCheck, SignInCheck};

/// One check as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckItem {
    pub passed: bool,
    pub title: String,
    pub finding: String,
    pub fix: Option<String>,
}

impl From<SignInCheck> for CheckItem {
    fn from(c: SignInCheck) -> Self {
        CheckItem { passed: c.passed, title: c.title, finding: c.finding, fix: c.fix }
    }
}

impl From<ContactCheck> for CheckItem {
    fn from(c: ContactCheck) -> Self {
        CheckItem { passed: c.passed, title: c.title, finding: c.finding, fix: c.fix }
    }
}

#[component]
pub fn CheckList(
    /// The checks, in the order the rules give them.
    checks: Vec<CheckItem>,
) -> impl IntoView {
    let class = style_sheet!("style/components/checks.css");
    let failed = checks.iter().filter(|c| !c.passed).count();
    view! { class = class,
        <p class="verdict" data-test="verdict">
            {match failed {
                0 => "Every check passes.".to_string(),
                1 => "1 check failed.".to_string(),
                n => format!("{n} checks failed."),
            }}
        </p>
        <ul class="checks">
            {checks.into_iter().map(|check| {
                let (mark, state) = if check.passed { ("✓", "Passed") } else { ("✗", "Failed") };
                view! { class = class,
                    <li class:failed=!check.passed data-test=if check.passed { "check-passed" } else { "check-failed" }>
                        <span class="mark" aria-hidden="true">{mark}</span>
                        <div>
                            <strong>{check.title}</strong>
                            <span class="visually-hidden">{format!(": {state}.")}</span>
                            <p>{check.finding}</p>
                            {check.fix.map(|fix| view! { class = class, <p class="fix">"What to do: "{fix}</p> })}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
