//! The front end: Trunk's dist folder, precompressed where the build left .br/.gz files,
//! hashed assets cached for a year, and index.html for every path the app routes itself.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::path::PathBuf;
use tower_http::services::ServeDir;

pub fn router(dist: PathBuf) -> Router {
    let index = get(index_html).with_state(dist.clone());
    let files = ServeDir::new(&dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(index);
    Router::new().fallback_service(files).layer(middleware::from_fn(cache_headers))
}

/// index.html for app routes ("/contacts/42"); a plain 404 for missing files ("/x.png").
async fn index_html(State(dist): State<PathBuf>, request: Request) -> Response {
    let last_segment = request.uri().path().rsplit('/').next().unwrap_or("");
    if last_segment.contains('.') {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    match tokio::fs::read_to_string(dist.join("index.html")).await {
        Ok(html) => Html(html).into_response(),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "The Switchboard front end has not been built here: run `cargo xtask run`.",
        )
            .into_response(),
    }
}

/// Hashed names never change content, so they are cached for good; anything else
/// (index.html above all) is revalidated, so a new release is picked up at once.
async fn cache_headers(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let value =
        if immutable && response.status().is_success() { "public, max-age=31536000, immutable" } else { "no-cache" };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Trunk names assets `name-<16 hex digits>[_bg].ext`; the lazy pages' wasm chunks sit in a
/// folder named for the same build, `split-<16 hex digits>/`.
fn is_hashed_asset(path: &str) -> bool {
    let mut segments = path.rsplit('/');
    let file = segments.next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let folder = segments.next().unwrap_or("");
    ends_with_hash(stem) || (folder.starts_with("split-") && ends_with_hash(folder))
}

fn ends_with_hash(name: &str) -> bool {
    name.rsplit_once('-').is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn recognises_trunk_hashes() {
        assert!(is_hashed_asset("/switchboard-3c8a2f6e0b1d4f57_bg.wasm"));
        assert!(is_hashed_asset("/switchboard-3c8a2f6e0b1d4f57.js"));
        assert!(is_hashed_asset("/base-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/stylers.css"));
        assert!(!is_hashed_asset("/admins"));
        assert!(!is_hashed_asset("/contact-cards.css"));
        assert!(is_hashed_asset("/split-3c8a2f6e0b1d4f57/loader.js"));
        assert!(is_hashed_asset("/split-3c8a2f6e0b1d4f57/chunk_5.wasm"));
        assert!(!is_hashed_asset("/split-later/chunk_5.wasm"));
    }
}
