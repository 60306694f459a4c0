//! Every response the API tests see passes through this proxy, which fails the test if a
//! body carries a stored secret (`assert_no_secrets`), and checks that every 5xx of the
//! API has the one error shape. It forwards requests as they are (Host, cookies, Origin, bodies) and
//! streams event streams through unread.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, StatusCode};
use axum::response::Response;
use std::net::SocketAddr;

#[derive(Clone)]
struct Proxy {
    upstream: SocketAddr,
    client: reqwest::Client,
    db: sqlx::AnyPool,
}

/// Starts the proxy in front of `upstream`; returns its address.
pub async fn start(upstream: SocketAddr, db: sqlx::AnyPool) -> SocketAddr {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let app = axum::Router::new().fallback(forward).with_state(Proxy { upstream, client, db });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

const HOP_BY_HOP: [HeaderName; 3] = [header::CONNECTION, header::TRANSFER_ENCODING, header::CONTENT_LENGTH];

async fn forward(State(proxy): State<Proxy>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 8 << 20).await.expect("the test's request body");
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut upstream = proxy.client.request(parts.method.clone(), format!("http://{}{path}", proxy.upstream));
    for (name, value) in &parts.headers {
        if !HOP_BY_HOP.contains(name) {
            upstream = upstream.header(name, value);
        }
    }
    let answer = match upstream.body(body).send().await {
        Ok(answer) => answer,
        Err(error) => {
            return Response::builder().status(StatusCode::BAD_GATEWAY).body(Body::from(error.to_string())).unwrap()
        }
    };
    let mut response = Response::builder().status(answer.status());
    for (name, value) in answer.headers() {
        if !HOP_BY_HOP.contains(name) {
            response = response.header(name, value);
        }
    }
    let streaming = answer
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.to_str().unwrap_or("").starts_with("text/event-stream"));
    if streaming {
        let chunks = futures_util::stream::unfold(answer, |mut answer| async move {
            match answer.chunk().await {
                Ok(Some(bytes)) => Some((Ok::<_, std::io::Error>(bytes), answer)),
                _ => None,
            }
        });
        return response.body(Body::from_stream(chunks)).unwrap();
    }
    let status = answer.status();
    let encoding = answer.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap_or("?").to_string());
    let bytes = answer.bytes().await.unwrap_or_default();
    // Checked as the client reads it; the client gets the bytes as they came.
    let plain = decoded(encoding.as_deref(), &bytes);
    let text = String::from_utf8_lossy(&plain);
    super::check_no_secrets(&proxy.db, &text).await;
    // The API's errors have the one shape (the front end's files are not the API).
    if status.is_server_error() && parts.uri.path().starts_with(switchboard_wire::paths::API) {
        let shape: Result<switchboard_wire::ErrorBody, _> = serde_json::from_str(&text);
        assert!(shape.is_ok(), "a {status} without the one error shape: {text}");
    }
    response.body(Body::from(bytes)).unwrap()
}

/// The body without its `Content-Encoding` (the server compresses for clients that ask,
/// as schemathesis does), so that the secrets and the error shape are checked in it too.
fn decoded(encoding: Option<&str>, bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut plain = Vec::new();
    let read = match encoding {
        None | Some("identity") => return bytes.to_vec(),
        Some("gzip") => flate2::read::GzDecoder::new(bytes).read_to_end(&mut plain),
        Some("deflate") => flate2::read::ZlibDecoder::new(bytes).read_to_end(&mut plain),
        Some("br") => brotli::Decompressor::new(bytes, 4096).read_to_end(&mut plain),
        Some(other) => panic!("an answer in an encoding the leak check cannot read: {other}"),
    };
    read.expect("a compressed answer that decompresses");
    plain
}
