//! The left menu: only the pages the signed-in person may use. On a narrow screen it
//! folds away behind the top bar's Menu button (`MenuToggle`).

use crate::unsaved::Unsaved;
use leptos::prelude::*;
use leptos_router::components::A;
use stylers::style_sheet;
use switchboard_wire::ConsolePage;

/// The id that ties the Menu button to the menu it shows (`aria-controls`).
const MENU_ID: &str = "console-menu";

/// Whether the folded menu is shown; provided once by the console frame.
#[derive(Clone, Copy)]
pub struct MenuState {
    open: RwSignal<bool>,
    button: NodeRef<leptos::html::Button>,
}

impl MenuState {
    /// Closed at first; it closes again when one of its links is followed (`SideNav`).
    pub fn provide() -> MenuState {
        let state = MenuState { open: RwSignal::new(false), button: NodeRef::new() };
        // Escape closes the open menu while focus is on it or its button.
        let listener = window_event_listener(leptos::ev::keydown, move |event| {
            if event.key() == "Escape" && state.open.get_untracked() && state.has_focus() {
                state.close_to_button();
            }
        });
        on_cleanup(move || listener.remove());
        provide_context(state);
        state
    }

    fn has_focus(&self) -> bool {
        let Some(active) = document().active_element() else { return false };
        let on_button = self.button.get_untracked().is_some_and(|b| {
            let b: &web_sys::Element = &b;
            b == &active
        });
        on_button || active.closest(&format!("#{MENU_ID}")).ok().flatten().is_some()
    }

    /// Closes the menu and gives focus back to its button (Escape).
    fn close_to_button(&self) {
        self.open.set(false);
        if let Some(button) = self.button.get_untracked() {
            let _ = button.focus();
        }
    }
}

#[component]
pub fn SideNav(
    /// The pages to list, in menu order.
    pages: Vec<ConsolePage>,
) -> impl IntoView {
    let class = style_sheet!("style/components/nav.css");
    let menu = expect_context::<MenuState>();
    let nav = NodeRef::<leptos::html::Nav>::new();
    if let Some(unsaved) = use_context::<Unsaved>() {
        nav.on_load(move |nav| unsaved.guard_links_in(&nav));
    }
    // A followed link folds the menu: the chosen page is what the person wants to see.
    let on_click = move |event: leptos::ev::MouseEvent| {
        let target = event.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
        if target.is_some_and(|t| t.closest("a").ok().flatten().is_some()) {
            menu.open.set(false);
        }
    };
    view! { class = class,
        <nav id=MENU_ID class="side-nav" class:open=move || menu.open.get() aria-label="Console" node_ref=nav
            on:click=on_click>
            <ul>
                {pages
                    .into_iter()
                    .map(|page| view! { <li><A href=page.path()>{page.title()}</A></li> })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// The top bar's Menu button; shown only on a narrow screen, where the menu is folded.
#[component]
pub fn MenuToggle() -> impl IntoView {
    let class = style_sheet!("style/components/menu_toggle.css");
    let menu = expect_context::<MenuState>();
    view! { class = class,
        <button type="button" class="menu-toggle" node_ref=menu.button aria-controls=MENU_ID
            aria-expanded=move || menu.open.get().to_string()
            on:click=move |_| menu.open.update(|open| *open = !*open)>
            "Menu"
        </button>
    }
}
