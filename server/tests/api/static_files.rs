//! The front end's files: SPA fallback, precompression and cache headers.

use crate::common::*;
use reqwest::StatusCode;

const WASM: &str = "/switchboard-0123456789abcdef_bg.wasm";
const RAW: &[u8] = b"\0asm-raw";

/// What a build writes beside each file: its brotli form.
fn brotli(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
    writer.write_all(bytes).unwrap();
    drop(writer);
    out
}

async fn app_with_dist() -> TestApp {
    let app = spawn_app().await;
    let dist = app.dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Switchboard</title>").unwrap();
    std::fs::write(dist.join(&WASM[1..]), RAW).unwrap();
    std::fs::write(dist.join(format!("{}.br", &WASM[1..])), brotli(RAW)).unwrap();
    app
}

fn client() -> reqwest::Client {
    // No automatic decompression: the test looks at what the server sends.
    reqwest::Client::builder().build().unwrap()
}

#[tokio::test]
async fn app_routes_get_index_html_revalidated_every_time() {
    let app = app_with_dist().await;
    for path in ["/", "/admins", "/contacts/42", "/sign-in?next=%2Faudit", "/no/such/page"] {
        let response = client().get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert!(response.text().await.unwrap().contains("<title>Switchboard</title>"), "{path}");
    }
}

#[tokio::test]
async fn missing_files_are_404_not_the_app() {
    let app = app_with_dist().await;
    let response = client().get(app.url("/missing.png")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hashed_assets_are_precompressed_and_cached_for_a_year() {
    let app = app_with_dist().await;
    let response = client().get(app.url(WASM)).header("accept-encoding", "br, gzip").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(response.bytes().await.unwrap().as_ref(), brotli(RAW), "the stored .br file, as it is");

    let plain = client().get(app.url(WASM)).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.unwrap().as_ref(), RAW);
}

#[tokio::test]
async fn without_a_build_the_app_paths_say_so() {
    let app = spawn_app().await;
    let response = client().get(app.url("/admins")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.text().await.unwrap().contains("cargo xtask run"));
}
