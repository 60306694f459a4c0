//! The weight of the first load: every file the sign-in page and the Authorize Admins page
//! load, as the server actually sends it to a browser asking for no encoding, gzip, or brotli.

use crate::harness::{Harness, Paths};
use crate::pages::{set_session, when_present};
use fantoccini::Client;
use serde_json::json;
use std::path::Path;
use switchboard_wire::paths::{API, SESSION, USERS};

/// What the budget covers: everything the two pages need, brotli, in bytes.
pub const BUDGET_BROTLI: usize = 200 * 1000;

pub struct Sent {
    pub path: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

pub struct Weight {
    /// index.html and the files it loads: the same for every page of the single-page app.
    pub files: Vec<Sent>,
    /// The JSON the Authorize Admins page asks for on opening: the session and the first page.
    pub api: Vec<Sent>,
    /// The wasm chunks of the other pages, fetched only when one of them is opened.
    pub lazy: Vec<Sent>,
}

impl Weight {
    pub fn total(sent: &[Sent]) -> Sent {
        Sent {
            path: "total".into(),
            raw: sent.iter().map(|s| s.raw).sum(),
            gzip: sent.iter().map(|s| s.gzip).sum(),
            brotli: sent.iter().map(|s| s.brotli).sum(),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        let rows = |sent: &[Sent]| -> Vec<serde_json::Value> {
            sent.iter().map(|s| json!({ "path": s.path, "raw": s.raw, "gzip": s.gzip, "brotli": s.brotli })).collect()
        };
        let files = Weight::total(&self.files);
        json!({
            "files": rows(&self.files),
            "api": rows(&self.api),
            "lazy_chunks": rows(&self.lazy),
            "files_total": { "raw": files.raw, "gzip": files.gzip, "brotli": files.brotli },
            "budget_brotli": BUDGET_BROTLI,
            "within_budget": files.brotli + Weight::total(&self.api).brotli <= BUDGET_BROTLI,
        })
    }

    pub fn print(&self) {
        println!("\n{:<52} {:>10} {:>10} {:>10}", "first load, bytes as sent", "raw", "gzip", "brotli");
        let files = Weight::total(&self.files);
        let api = Weight::total(&self.api);
        for s in self.files.iter().chain(&self.api) {
            println!("{:<52} {:>10} {:>10} {:>10}", s.path, s.raw, s.gzip, s.brotli);
        }
        let all = files.brotli + api.brotli;
        println!("{:<52} {:>10} {:>10} {:>10}", "files, total", files.raw, files.gzip, files.brotli);
        println!(
            "{:<52} {:>10} {:>10} {:>10}  (budget {BUDGET_BROTLI}: {})",
            "files and API, total",
            files.raw + api.raw,
            files.gzip + api.gzip,
            all,
            if all <= BUDGET_BROTLI { "met" } else { "EXCEEDED" }
        );
        println!("\n{:<52} {:>10} {:>10} {:>10}", "not in the first load: lazy chunks", "raw", "gzip", "brotli");
        for s in &self.lazy {
            println!("{:<52} {:>10} {:>10} {:>10}", short(&s.path), s.raw, s.gzip, s.brotli);
        }
    }
}

/// Opens the sign-in page and then Authorize Admins in a fresh browser, and weighs every file
/// of the site the browser fetched for them (index.html once); then the wasm it did not
/// fetch, which is the lazy chunks of the other pages.
pub async fn first_load(h: &Harness, paths: &Paths, cookie: &str) -> Weight {
    let browser = h.browser(paths).await;
    browser.goto(&h.url("/sign-in")).await.unwrap();
    when_present(&browser, "form button[type=submit]").await;
    let mut fetched = fetched_paths(&browser).await;
    set_session(h, &browser, cookie).await;
    browser.goto(&h.url("/admins")).await.unwrap();
    when_present(&browser, "table.users tbody tr").await;
    fetched.extend(fetched_paths(&browser).await);
    browser.close().await.unwrap();
    // Both pages are index.html; /api answers are weighed below, with a session.
    fetched.retain(|path| path != "/admins" && !path.starts_with(API));
    fetched.sort();
    fetched.dedup();

    let plain = reqwest::Client::new();
    let mut files = Vec::new();
    for path in &fetched {
        files.push(sent(&plain, &h.url(path), path).await);
    }
    let mut lazy = Vec::new();
    for path in site_files(&paths.dist).into_iter().filter(|p| p.ends_with(".wasm") && !fetched.contains(p)) {
        lazy.push(sent(&plain, &h.url(&path), &path).await);
    }
    let (client, _, _) = h.api_session("ngarcia").await;
    let mut api = Vec::new();
    for path in [SESSION, USERS] {
        api.push(sent(&client, &h.url(path), path).await);
    }
    Weight { files, api, lazy }
}

/// The paths of the document and of every resource it fetched, as the browser recorded them.
async fn fetched_paths(browser: &Client) -> Vec<String> {
    let script = "return performance.getEntriesByType('navigation')
        .concat(performance.getEntriesByType('resource'))
        .map(e => new URL(e.name))
        .filter(u => u.origin === location.origin)
        .map(u => u.pathname)";
    let value = browser.execute(script, vec![]).await.unwrap();
    serde_json::from_value(value).unwrap()
}

/// Every file under `dist` but the precompressed copies, as site paths ("/split-…/x.wasm").
fn site_files(dist: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut folders = vec![dist.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz")) {
                let relative = path.strip_prefix(dist).unwrap().to_string_lossy().replace('\\', "/");
                found.push(format!("/{relative}"));
            }
        }
    }
    found.sort();
    found
}

/// The bytes of the body as sent for each encoding the browser may ask for.
async fn sent(client: &reqwest::Client, url: &str, path: &str) -> Sent {
    let mut sizes = [0; 3];
    for (size, encoding) in sizes.iter_mut().zip(["identity", "gzip", "br"]) {
        // The client decodes nothing (no reqwest compression features): these are wire bytes.
        let response = client.get(url).header("accept-encoding", encoding).send().await.unwrap();
        assert!(response.status().is_success(), "{url}: {}", response.status());
        let got = response.headers().get("content-encoding").and_then(|v| v.to_str().ok()).unwrap_or("identity");
        assert_eq!(got, encoding, "{url} asked for {encoding}");
        *size = response.bytes().await.unwrap().len();
    }
    Sent { path: path.to_string(), raw: sizes[0], gzip: sizes[1], brotli: sizes[2] }
}

/// A chunk's file name without the build's folder: "split_agent_status.wasm", "chunk_5.wasm".
fn short(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}
