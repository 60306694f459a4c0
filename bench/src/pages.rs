//! Pages in headless Chromium: cold loads to a usable page, and search as you type from the
//! last keystroke to the updated table. Times are read from the browser's own clock.

use crate::harness::{Harness, Paths};
use crate::stats::Summary;
use fantoccini::{Client, Locator};
use std::time::{Duration, Instant};
use switchboard_wire::paths::HEALTH;

/// Cold loads measured; the first ones only warm the machine's file cache and are dropped.
const COLD_LOADS: usize = 12;
const WARM_UP: usize = 2;

/// From navigation start to `ready` (a CSS selector) in the page, in a new browser with an
/// empty profile each time; `session` is a session cookie to hold before, if any.
pub async fn cold_load(h: &Harness, paths: &Paths, path: &str, ready: &str, session: Option<&str>) -> Summary {
    let mut times = Vec::new();
    for _ in 0..COLD_LOADS {
        let browser = h.browser(paths).await;
        if let Some(cookie) = session {
            set_session(h, &browser, cookie).await;
        }
        browser.goto(&h.url(path)).await.unwrap();
        times.push(when_present(&browser, ready).await);
        browser.close().await.unwrap();
    }
    Summary::of(times.split_off(WARM_UP))
}

/// Sets the session cookie on the server's origin, so a timed load is the page alone.
/// (WebDriver's add-cookie refuses IP-address hosts; a script on the origin does not.)
pub async fn set_session(h: &Harness, browser: &Client, cookie: &str) {
    browser.goto(&h.url(HEALTH)).await.unwrap();
    browser
        .execute(&format!("document.cookie = 'sb_session={cookie}; path=/; SameSite=Strict'"), vec![])
        .await
        .unwrap();
}

/// `performance.now()` (milliseconds since navigation start) once `css` matches, polled.
pub async fn when_present(browser: &Client, css: &str) -> f64 {
    let script = format!("return document.querySelector({css:?}) ? performance.now() : null");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(ms) = browser.execute(&script, vec![]).await.unwrap().as_f64() {
            return ms;
        }
        assert!(Instant::now() < deadline, "{css} never appeared");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// A search page of the console: where it is, its search box, and the table it updates.
pub struct SearchPage {
    pub path: &'static str,
    pub input: &'static str,
    /// The region that changes when the answer is shown (table, or the "no match" line).
    pub results: &'static str,
}

/// Counts keystroke-to-screen, in the browser: the time from the last key of a term to the
/// last change of the results under it, once the URL holds the term and the page is quiet.
const METER: &str = r#"
    window.__kt = { key: 0, change: 0 };
    document.addEventListener('keydown', () => { window.__kt.key = performance.now(); }, true);
    new MutationObserver(() => { window.__kt.change = performance.now(); })
        .observe(document.querySelector('main'), { childList: true, subtree: true, characterData: true });
"#;

/// Types each term into a freshly opened page; rounds × terms samples, in milliseconds.
pub async fn keystroke_to_table(
    h: &Harness,
    paths: &Paths,
    cookie: &str,
    page: &SearchPage,
    terms: &[&str],
    rounds: usize,
) -> Summary {
    let browser = h.browser(paths).await;
    set_session(h, &browser, cookie).await;
    let mut samples = Vec::new();
    for round in 0..=rounds {
        for term in terms {
            browser.goto(&h.url(page.path)).await.unwrap();
            when_present(&browser, page.results).await;
            browser.execute(METER, vec![]).await.unwrap();
            let input = browser.wait().for_element(Locator::Css(page.input)).await.unwrap();
            input.send_keys(term).await.unwrap();
            let wanted = format!("q={}", switchboard_wire::query::encode(term));
            let deadline = Instant::now() + Duration::from_secs(30);
            let ms = loop {
                let seen = browser
                    .execute(
                        "const k = window.__kt, now = performance.now();
                         return [location.search, k.key, k.change, now - Math.max(k.change, k.key)];",
                        vec![],
                    )
                    .await
                    .unwrap();
                let url = seen[0].as_str().unwrap_or("");
                let (key, change, quiet) = (seen[1].as_f64(), seen[2].as_f64(), seen[3].as_f64().unwrap_or(0.0));
                // Quiet for longer than the typing pause plus a slow answer: nothing more comes.
                if url.contains(&wanted) && change > key && quiet > 600.0 {
                    break change.unwrap() - key.unwrap();
                }
                assert!(Instant::now() < deadline, "{} never showed the results for {term:?}", page.path);
                tokio::time::sleep(Duration::from_millis(20)).await;
            };
            if round > 0 {
                samples.push(ms);
            }
        }
    }
    browser.close().await.unwrap();
    Summary::of(samples)
}
