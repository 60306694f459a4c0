//! The browser harness: the real server (in-process, port 0, fresh SQLite with the demo
//! data) serving the release build of the front end, and headless Chromium driven through
//! chromedriver.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};
use switchboard_server::{Config, DemoData, Running};
use switchboard_wire::paths::SESSION;
use tempfile::TempDir;
use tokio::process::{Child, Command};

pub use switchboard_server::storage::demo::DEMO_PASSWORD;

const PATIENCE: Duration = Duration::from_secs(15);

pub struct Browser {
    pub client: Client,
    pub server: Running,
    driver: Child,
    _dir: TempDir,
    page_errors_expected: bool,
}

/// Runs first in every document: records page errors in the tab's sessionStorage, which
/// outlives navigations within the site.
const WATCH_PAGE_ERRORS: &str = r#"(() => {
  const key = '__sb_page_errors';
  const push = (kind, text) => {
    try {
      const list = JSON.parse(sessionStorage.getItem(key) || '[]');
      list.push(kind + ': ' + text + ' (at ' + location.pathname + location.search + ')');
      sessionStorage.setItem(key, JSON.stringify(list));
    } catch (_) {}
  };
  addEventListener('error', (e) => {
    const target = e.target && e.target !== window ? (e.target.src || e.target.href || e.target.tagName) : null;
    push(target ? 'failed to load' : 'uncaught', target || e.message);
  }, true);
  addEventListener('unhandledrejection', (e) => push('unhandled rejection', String(e.reason && (e.reason.stack || e.reason))));
  addEventListener('securitypolicyviolation', (e) => push('CSP violation', e.violatedDirective + ' ' + e.blockedURI));
  const error = console.error;
  console.error = (...args) => { push('console.error', args.map(String).join(' ')); error.apply(console, args); };
})();"#;

/// The front end's release build; `cargo xtask test` makes it before running these tests.
fn dist() -> PathBuf {
    let dist = std::env::var_os("SWITCHBOARD_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    assert!(
        dist.join("index.html").is_file(),
        "no front-end build at {}: run `cargo xtask test`, which builds it with Trunk first",
        dist.display()
    );
    dist
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Browser {
    pub async fn start() -> Browser {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("e2e.db").display());
        Browser::start_on(url, dir).await
    }

    /// A browser and a server instance of its own on `url`, a database that other
    /// instances may share (the demo data is loaded only into an empty one).
    pub async fn start_on(url: String, dir: TempDir) -> Browser {
        let mut config = Config::for_test(url, dist());
        config.demo_data = Some(DemoData::Demo);
        let server = switchboard_server::start(config).await.expect("server starts");

        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {chromedriver}: {e}; `cargo xtask test` installs it"));

        let chrome = std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let profile = dir.path().join("chrome-profile");
        let capabilities = serde_json::json!({
            "goog:chromeOptions": {
                "binary": chrome,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        let capabilities = capabilities.as_object().unwrap().clone();
        let webdriver = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::native().capabilities(capabilities.clone()).connect(&webdriver).await {
                Ok(client) => break client,
                Err(e) if started.elapsed() < PATIENCE => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("chromedriver did not answer at {webdriver}: {e}"),
            }
        };
        // Record every page error of every document this tab opens, across navigations.
        let watch = serde_json::json!({ "source": WATCH_PAGE_ERRORS });
        client.issue_cmd(Cdp::new("Page.addScriptToEvaluateOnNewDocument", watch)).await.unwrap();
        Browser { client, server, driver, _dir: dir, page_errors_expected: false }
    }

    /// What went wrong in the pages so far: uncaught exceptions (a wasm trap among them),
    /// unhandled rejections, console errors, CSP violations and resources that failed to load.
    pub async fn page_errors(&self) -> Vec<String> {
        let script = "return JSON.parse(sessionStorage.getItem('__sb_page_errors') || '[]')";
        serde_json::from_value(self.client.execute(script, vec![]).await.unwrap_or_default()).unwrap_or_default()
    }

    /// For a test that breaks the page on purpose (a blocked chunk): `stop` then does not
    /// fail on the errors that follows.
    pub fn expect_page_errors(&mut self) {
        self.page_errors_expected = true;
    }

    /// Stops the server, changes its database with `sql_while_down` as if another server
    /// instance had, and starts it again on the same address with the same database.
    pub async fn restart_server(self, sql_while_down: &str) -> Browser {
        let Browser { client, server, driver, _dir, page_errors_expected } = self;
        let addr = server.addr;
        server.stop().await.unwrap();
        let url = format!("sqlite://{}", _dir.path().join("e2e.db").display());
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::query(sql_while_down).execute(&pool).await.unwrap();
        pool.close().await;
        let mut config = Config::for_test(url, dist());
        config.addr = addr;
        let server = switchboard_server::start(config).await.expect("the server starts again");
        Browser { client, server, driver, _dir, page_errors_expected }
    }

    /// Ends the test: fails it if a page had an error it did not expect.
    pub async fn stop(mut self) {
        let errors = self.page_errors().await;
        if !self.page_errors_expected {
            assert!(errors.is_empty(), "the page had errors: {errors:#?}");
        }
        let _ = self.client.close().await;
        let _ = self.driver.kill().await;
        self.server.stop().await.unwrap();
    }

    pub async fn open(&self, path: &str) {
        self.client.goto(&self.server.url(path)).await.unwrap();
    }

    pub async fn find(&self, css: &str) -> Element {
        match self.client.wait().at_most(PATIENCE).for_element(Locator::Css(css)).await {
            Ok(element) => element,
            Err(e) => panic!("no {css} on {}: {e}", self.path().await),
        }
    }

    /// Waits until the form control at `css` has the value `expected`.
    pub async fn wait_for_value(&self, css: &str, expected: &str) {
        let started = Instant::now();
        loop {
            let value = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.prop("value").await.ok().flatten(),
                Err(_) => None,
            };
            if value.as_deref() == Some(expected) {
                return;
            }
            assert!(started.elapsed() < PATIENCE, "expected {css} to hold {expected:?}, it holds {value:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the element at `css` has keyboard focus.
    pub async fn wait_for_focus(&self, css: &str) {
        let started = Instant::now();
        let script = "return document.activeElement === document.querySelector(arguments[0])";
        loop {
            let focused = self.client.execute(script, vec![serde_json::json!(css)]).await.unwrap();
            if focused == serde_json::json!(true) {
                return;
            }
            let now: serde_json::Value = self
                .client
                .execute("const e = document.activeElement; return e ? e.outerHTML.slice(0, 120) : null", vec![])
                .await
                .unwrap();
            assert!(started.elapsed() < PATIENCE, "expected focus on {css}, it is on {now}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn exists(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    /// Path and query of the page, e.g. "/sign-in?next=/admins".
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        }
    }

    pub async fn wait_for_path(&self, expected: &str) {
        let started = Instant::now();
        loop {
            let seen = self.path().await;
            if seen == expected {
                return;
            }
            assert!(started.elapsed() < PATIENCE, "expected to be at {expected}, still at {seen}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn wait_for_path_prefix(&self, prefix: &str) {
        let started = Instant::now();
        loop {
            let seen = self.path().await;
            if seen.starts_with(prefix) {
                return;
            }
            assert!(started.elapsed() < PATIENCE, "expected a path starting {prefix}, still at {seen}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        let started = Instant::now();
        while self.exists(css).await {
            assert!(started.elapsed() < PATIENCE, "{css} is still on {}", self.path().await);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until `css` shows `expected` (a substring) and returns its whole text.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> String {
        let started = Instant::now();
        loop {
            let seen = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if seen.contains(expected) {
                return seen;
            }
            if started.elapsed() > PATIENCE {
                panic!("expected {css} to contain {expected:?}, it shows {seen:?} at {}", self.path().await);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks the link whose text is `text`, again if the list re-rendered under it.
    pub async fn click_link(&self, text: &str) {
        let started = Instant::now();
        loop {
            let link = match self.client.wait().at_most(PATIENCE).for_element(Locator::LinkText(text)).await {
                Ok(link) => link,
                Err(e) => panic!("no link {text:?} on {}: {e}", self.path().await),
            };
            match link.click().await {
                Ok(()) => return,
                Err(e) if started.elapsed() < PATIENCE => {
                    let _ = e; // stale: the table was replaced between find and click
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("cannot click {text:?}: {e}"),
            }
        }
    }

    /// Types into the sign-in form and submits it with Enter, as a keyboard user would.
    pub async fn sign_in(&self, username: &str, password: &str) {
        let user = self.find("#username").await;
        user.clear().await.unwrap();
        user.send_keys(username).await.unwrap();
        let secret = self.find("#password").await;
        secret.clear().await.unwrap();
        secret.send_keys(&format!("{password}\u{E007}")).await.unwrap();
    }

    /// A second session beside the browser's: a plain HTTP client signed in as `username`.
    pub async fn api_session(&self, username: &str) -> (reqwest::Client, switchboard_wire::Session) {
        let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let response = client
            .post(self.server.url(SESSION))
            .json(&serde_json::json!({ "username": username, "password": DEMO_PASSWORD }))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "API sign-in of {username}");
        (client, response.json().await.unwrap())
    }

    /// On a Status page: the agent's name in `row`, Actions, Force Logout, then OK in the
    /// confirmation, whose text is returned.
    pub async fn force_logout(&self, row: &str) -> String {
        self.find(&format!("{row} button.name")).await.click().await.unwrap();
        self.wait_for_path_prefix("/agents?agent=").await;
        self.client.find(Locator::XPath("//aside//button[text()='Actions']")).await.unwrap().click().await.unwrap();
        self.client
            .find(Locator::XPath("//aside//button[text()='Force Logout']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let question = self.wait_for_text("[data-test=confirm]", "Force Logout of").await;
        self.client
            .find(Locator::XPath("//div[@data-test='confirm']//button[text()='OK']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        question
    }

    /// A connection of the test's own to the server's database, as an outsider would have.
    pub async fn db(&self) -> sqlx::SqlitePool {
        let url = format!("sqlite://{}", self._dir.path().join("e2e.db").display());
        sqlx::SqlitePool::connect(&url).await.unwrap()
    }

    pub async fn sql_count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.db().await).await.unwrap()
    }

    pub async fn sql(&self, sql: &str) {
        sqlx::query(sql).execute(&self.db().await).await.unwrap();
    }

    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.unwrap() {
            texts.push(element.text().await.unwrap());
        }
        texts
    }

    /// The paths of the site's files this page has fetched so far, as the browser recorded them.
    pub async fn fetched_paths(&self) -> Vec<String> {
        let script = "return performance.getEntriesByType('resource')
            .map(e => new URL(e.name)).filter(u => u.origin === location.origin).map(u => u.pathname)";
        serde_json::from_value(self.client.execute(script, vec![]).await.unwrap()).unwrap()
    }

    /// Makes the page `width` × `height` CSS pixels, as a phone's screen (or a 1280 px
    /// window at 400% zoom: 320 px) would be.
    pub async fn set_viewport(&self, width: u32, height: u32) {
        let params = serde_json::json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false });
        self.client.issue_cmd(Cdp::new("Emulation.setDeviceMetricsOverride", params)).await.unwrap();
    }

    /// Makes the browser fail every request whose URL matches one of `patterns` (`*` wildcards),
    /// as a dropped connection would; an empty list lifts the block.
    pub async fn block_urls(&self, patterns: &[&str]) {
        self.client.issue_cmd(Cdp::new("Network.enable", serde_json::json!({}))).await.unwrap();
        let params = serde_json::json!({ "urls": patterns });
        self.client.issue_cmd(Cdp::new("Network.setBlockedURLs", params)).await.unwrap();
    }
}

/// A Chrome DevTools command, through chromedriver's `goog/cdp/execute` endpoint.
#[derive(Debug)]
struct Cdp {
    body: String,
}

impl Cdp {
    fn new(command: &str, params: serde_json::Value) -> Cdp {
        Cdp { body: serde_json::json!({ "cmd": command, "params": params }).to_string() }
    }
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.clone()))
    }
}
