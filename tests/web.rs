//! The front end's components in a real DOM (headless Chromium, via wasm-bindgen-test).
//! Run by `cargo xtask test`; by hand: `cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_router::components::Router;
use switchboard::auth::{Auth, AuthState, SignedOut};
use switchboard::components::admin_only::AdminOnlyNotice;
use switchboard::components::nav::{MenuState, MenuToggle, SideNav};
use switchboard::pages::sign_in::SignIn;
use switchboard_wire::{AdminContact, ConsolePage};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh container in the page, so tests do not see each other's DOM.
fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn all(root: &Element, css: &str) -> Vec<Element> {
    let list = root.query_selector_all(css).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into()).collect()
}

fn one(root: &Element, css: &str) -> Element {
    root.query_selector(css).unwrap().unwrap_or_else(|| panic!("no {css} in {}", root.inner_html()))
}

/// Lets Leptos run the effects a change scheduled.
async fn settle() {
    let promise = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    gloo_timers_sleep(20).await;
}

async fn gloo_timers_sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
fn the_menu_lists_the_given_pages_as_links() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), || {
        MenuState::provide();
        view! { <Router><SideNav pages=vec![ConsolePage::AuthorizeAdmins, ConsolePage::Contacts] /></Router> }
    });
    let nav = one(&root, "nav");
    assert_eq!(nav.get_attribute("aria-label").as_deref(), Some("Console"));
    let links: Vec<(String, String)> =
        all(&root, "nav a").iter().map(|a| (a.text_content().unwrap(), a.get_attribute("href").unwrap())).collect();
    assert_eq!(
        links,
        [("Authorize Admins".to_string(), "/admins".to_string()), ("Contacts".to_string(), "/contacts".to_string())]
    );
    handle.forget();
}

#[wasm_bindgen_test]
async fn the_menu_button_unfolds_the_menu_and_a_followed_link_folds_it() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), || {
        MenuState::provide();
        view! { <Router><MenuToggle /><SideNav pages=vec![ConsolePage::AuthorizeAdmins] /></Router> }
    });
    let button = one(&root, "button.menu-toggle");
    let nav = one(&root, "nav");
    assert_eq!(button.get_attribute("aria-controls"), nav.get_attribute("id"));
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("false"));
    button.unchecked_ref::<HtmlElement>().click();
    settle().await;
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(nav.class_list().contains("open"));
    // A click on a link (the router is told not to leave the test page).
    let link = one(&root, "nav a");
    link.add_event_listener_with_callback("click", &js_sys::Function::new_with_args("e", "e.preventDefault()"))
        .unwrap();
    link.unchecked_ref::<HtmlElement>().click();
    settle().await;
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(!nav.class_list().contains("open"));
    handle.forget();
}

#[wasm_bindgen_test]
fn the_admin_only_notice_names_the_admins_with_mail_links() {
    let root = container();
    let admins =
        vec![AdminContact { display_name: "Nora Garcia".into(), email: "nora.garcia@northwind.example".into() }];
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(Auth::new(AuthState::Checking));
        view! { <AdminOnlyNotice admins=admins.clone() sign_in_email="tom@northwind.example".to_string() /> }
    });
    assert_eq!(one(&root, "h1").text_content().unwrap(), "For Admin Access Only");
    let link = one(&root, "[data-test=admins] a");
    assert_eq!(link.get_attribute("href").as_deref(), Some("mailto:nora.garcia@northwind.example"));
    assert!(root.query_selector("[data-test=no-admin]").unwrap().is_none());
    handle.forget();
}

#[wasm_bindgen_test]
fn without_admins_the_notice_offers_a_support_request_quoting_the_sign_in_email() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(Auth::new(AuthState::Checking));
        view! { <AdminOnlyNotice admins=vec![] sign_in_email="laura.white@lakeside.example".to_string() /> }
    });
    let text = one(&root, "[data-test=no-admin]").text_content().unwrap();
    assert!(text.contains("Switchboard support appoints"), "{text}");
    let ask = one(&root, "button[data-test=ask-support]").text_content().unwrap();
    assert_eq!(ask, "Ask Switchboard support to make me the admin");
    assert!(text.contains("laura.white@lakeside.example"), "{text}");
    assert!(!text.contains("password") || text.contains("never your password"), "{text}");
    handle.forget();
}

#[wasm_bindgen_test]
async fn the_sign_in_form_is_labelled_and_checks_empty_fields_without_calling_the_server() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(Auth::new(AuthState::SignedOut(SignedOut::ByChoice)));
        view! { <Router><SignIn /></Router> }
    });
    settle().await;
    for (id, label) in [("username", "Username"), ("password", "Password")] {
        let label_el = one(&root, &format!("label[for={id}]"));
        assert_eq!(label_el.text_content().unwrap(), label);
        one(&root, &format!("input#{id}"));
    }
    assert_eq!(one(&root, "input#password").get_attribute("type").as_deref(), Some("password"));
    assert_eq!(one(&root, "input#username").get_attribute("autocomplete").as_deref(), Some("username"));
    assert_eq!(one(&root, "p.notice").text_content().unwrap(), "You have signed out.");

    let submit: HtmlElement = one(&root, "button[type=submit]").unchecked_into();
    submit.click();
    settle().await;
    let error = one(&root, "[data-test=sign-in-error]");
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(error.text_content().unwrap(), "Enter your username and your password.");
    let username: HtmlInputElement = one(&root, "input#username").unchecked_into();
    assert_eq!(username.get_attribute("aria-invalid").as_deref(), Some("true"));
    handle.forget();
}

#[wasm_bindgen_test]
async fn the_pager_says_where_it_is_and_disables_what_cannot_be_done() {
    use switchboard::components::pager::Pager;
    let root = container();
    let nexts = RwSignal::new(0u32);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Pager page=Signal::stored(1u32) pages=Signal::stored(Some(3u32))
                has_previous=Signal::stored(false) has_next=Signal::stored(true)
                on_previous=Callback::new(move |()| {}) on_next=Callback::new(move |()| nexts.update(|n| *n += 1)) />
        }
    });
    let buttons = all(&root, "button");
    let labels: Vec<String> = buttons.iter().map(|b| b.text_content().unwrap()).collect();
    assert_eq!(labels, ["Previous", "Next"]);
    assert!(buttons[0].has_attribute("disabled"), "no page before the first");
    assert!(!buttons[1].has_attribute("disabled"));
    assert_eq!(one(&root, "span").text_content().unwrap(), "Page 1 of 3");
    buttons[1].clone().unchecked_into::<HtmlElement>().click();
    settle().await;
    assert_eq!(nexts.get_untracked(), 1);
    handle.forget();
}

#[wasm_bindgen_test]
async fn a_pager_over_a_capped_count_names_the_page_without_a_total() {
    use switchboard::components::pager::Pager;
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Pager page=Signal::stored(4u32) pages=Signal::stored(None::<u32>)
                has_previous=Signal::stored(true) has_next=Signal::stored(false)
                on_previous=Callback::new(move |()| {}) on_next=Callback::new(move |()| {}) />
        }
    });
    assert_eq!(one(&root, "span").text_content().unwrap(), "Page 4");
    let buttons = all(&root, "button");
    assert!(!buttons[0].has_attribute("disabled"));
    assert!(buttons[1].has_attribute("disabled"), "no page after the last");
    handle.forget();
}
