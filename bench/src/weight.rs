//! The weight of the first load: every file the sign-in page and the Authorize Admins page
//! load, as the server actually sends it to a browser asking for no encoding, gzip, or brotli.

use crate::harness::Harness;
use serde_json::json;

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
    }
}

pub async fn first_load(h: &Harness) -> Weight {
    let plain = reqwest::Client::new();
    let html = plain.get(h.url("/sign-in")).send().await.unwrap().text().await.unwrap();
    let mut files = Vec::new();
    for path in std::iter::once("/sign-in".to_string()).chain(asset_paths(&html)) {
        files.push(sent(&plain, &h.url(&path), &path).await);
    }
    let (client, _, _) = h.api_session("ngarcia").await;
    let mut api = Vec::new();
    for path in ["/api/session", "/api/users"] {
        api.push(sent(&client, &h.url(path), path).await);
    }
    Weight { files, api }
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

/// The site's own files index.html names: stylesheets, icon, script and wasm.
fn asset_paths(html: &str) -> Vec<String> {
    let mut paths: Vec<String> = html
        .split(['"', '\''])
        .filter(|s| s.starts_with('/') && [".js", ".wasm", ".css", ".svg"].iter().any(|e| s.ends_with(e)))
        .map(str::to_string)
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_every_file_index_html_names_once() {
        let html = r#"<link rel="icon" href="/favicon-1.svg"/><link rel="stylesheet" href="/stylers.css" />
            <script type="module">import init from '/app-1.js'; await init({ module_or_path: '/app-1_bg.wasm' });</script>
            <link rel="modulepreload" href="/app-1.js"><a href="https://example.com/x.js">"#;
        assert_eq!(super::asset_paths(html), ["/app-1.js", "/app-1_bg.wasm", "/favicon-1.svg", "/stylers.css"]);
    }
}
