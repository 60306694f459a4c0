//! The console on a narrow screen (a phone at 390 px, or a 1280 px window at 400% zoom,
//! 320 px): the page never scrolls sideways (WCAG 1.4.10), the menu folds behind a Menu
//! button, Sign out stays in view, and wide tables scroll inside their own box.

use crate::support::{Browser, DEMO_PASSWORD};

/// Fails unless the page fits the window's width and Sign out is wholly in view.
pub(crate) async fn assert_fits(b: &Browser, what: &str) {
    // On failure, the outermost elements that stick out say what to fix.
    let script = "const d = document.documentElement;
        const r = document.querySelector('header button.sign-out').getBoundingClientRect();
        const out = e => e.getBoundingClientRect().right > d.clientWidth + 0.5;
        const culprits = [...document.body.querySelectorAll('*')]
          .filter(e => out(e) && !(e.parentElement && out(e.parentElement) && e.parentElement !== document.body))
          .slice(0, 5).map(e => { let chain = []; for (let p = e; p && p !== document.body; p = p.parentElement) chain.push(p.tagName + '.' + p.className + '[' + getComputedStyle(p).overflowX + ' ' + Math.round(p.getBoundingClientRect().right) + ']'); return chain.join(' < '); });
        return { overflow: d.scrollWidth - d.clientWidth, width: d.clientWidth,
                 signOut: [r.left, r.right, r.top, r.bottom], culprits }";
    let seen = b.client.execute(script, vec![]).await.unwrap();
    let overflow = seen["overflow"].as_f64().unwrap();
    assert!(overflow <= 0.0, "{what}: the page scrolls sideways by {overflow} px ({seen})");
    let width = seen["width"].as_f64().unwrap();
    let edges: Vec<f64> = seen["signOut"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    assert!(
        edges[0] >= 0.0 && edges[1] <= width && edges[2] >= 0.0 && edges[3] > edges[2],
        "{what}: Sign out is not wholly in view ({seen})"
    );
}

/// The Menu button's `aria-expanded`.
async fn menu_expanded(b: &Browser) -> String {
    b.find("button.menu-toggle").await.attr("aria-expanded").await.unwrap().unwrap_or_default()
}

/// Waits until the menu is folded (it folds as the router moves to the chosen page).
async fn wait_folded(b: &Browser, why: &str) {
    let started = std::time::Instant::now();
    while menu_expanded(b).await != "false" {
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{why}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(!b.find("nav.side-nav").await.is_displayed().await.unwrap(), "{why}");
}

/// Opens the menu with its button and follows the link to `path`; the menu folds again.
async fn go_by_menu(b: &Browser, path: &str) {
    b.find("button.menu-toggle").await.click().await.unwrap();
    assert_eq!(menu_expanded(b).await, "true");
    let link = b.find(&format!("nav.side-nav a[href='{path}']")).await;
    assert!(link.is_displayed().await.unwrap(), "the opened menu shows {path}");
    link.click().await.unwrap();
    b.wait_for_path_prefix(path).await;
    wait_folded(b, "the menu folds once a page is chosen").await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn every_page_fits_390_and_320_pixels_with_a_folding_menu() {
    let b = Browser::start().await;
    b.open("/admins").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.find("table.users tbody tr").await;
    // A wide window: the menu is beside the page and there is no Menu button.
    assert!(b.find("nav.side-nav").await.is_displayed().await.unwrap());
    assert!(!b.find("button.menu-toggle").await.is_displayed().await.unwrap());

    for width in [390, 320] {
        b.set_viewport(width, 800).await;
        b.open("/admins").await;
        b.find("table.users tbody tr").await;
        assert!(!b.find("nav.side-nav").await.is_displayed().await.unwrap(), "{width} px: the menu is folded");
        assert!(b.find("button.menu-toggle").await.is_displayed().await.unwrap());
        assert_fits(&b, &format!("{width} px, Authorize Admins")).await;

        // The user panel over the list.
        b.find("table.users tbody tr button.name").await.click().await.unwrap();
        b.find("aside.side-panel h2").await;
        assert_fits(&b, &format!("{width} px, a user's panel")).await;
        b.find("aside.side-panel button.close").await.click().await.unwrap();

        go_by_menu(&b, "/agents").await;
        b.find("table.agents").await;
        assert_fits(&b, &format!("{width} px, Agent Status")).await;

        go_by_menu(&b, "/contacts").await;
        b.find("#contact-search").await.send_keys("Jonas").await.unwrap();
        b.wait_for_text("table.contacts:not(.loading) tbody", "Jonas Berg").await;
        assert_fits(&b, &format!("{width} px, Contacts")).await;
        b.click_link("Jonas Berg").await;
        b.wait_for_text("main h1", "Jonas Berg").await;
        assert_fits(&b, &format!("{width} px, a contact card")).await;

        go_by_menu(&b, "/audit").await;
        b.find("table.audit tbody tr, main p.empty").await;
        assert_fits(&b, &format!("{width} px, Audit Log")).await;
    }
    b.stop().await;
}

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn escape_folds_the_menu_and_gives_focus_back_to_its_button() {
    let b = Browser::start().await;
    b.open("/admins").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.find("table.users tbody tr").await;
    b.set_viewport(390, 800).await;
    b.find("button.menu-toggle").await.click().await.unwrap();
    // Into the menu with the keyboard, then Escape.
    b.find("nav.side-nav a[href='/contacts']").await.send_keys("\u{E00C}").await.unwrap();
    wait_folded(&b, "Escape folds the menu").await;
    b.wait_for_focus("button.menu-toggle").await;
    assert_eq!(b.path().await, "/admins", "Escape leaves the page as it was");
    b.stop().await;
}
