//! The HTTP surface: one router per resource under /api, the front end everywhere else.

pub mod agent_service;
pub mod agents;
pub mod audit;
pub mod auth;
pub mod boards;
pub mod client;
pub mod contacts;
pub mod csrf;
pub mod error;
pub mod exports;
pub mod fanout;
pub mod hashing;
pub mod headers;
pub mod health;
pub mod hosts;
pub mod json;
pub mod operator;
pub mod overview;
pub mod path;
pub mod security;
pub mod session;
pub mod spa;
pub mod streams;
pub mod support;
pub mod throttle;
pub mod users;

use crate::storage::Store;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{middleware, Router};
use error::{internal_body, ApiError};
use std::any::Any;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use switchboard_wire::ErrorCode;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The largest request body the API reads.
pub const BODY_LIMIT: usize = 64 * 1024;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub settings: Arc<Settings>,
    /// Status page events of every company; each subscriber keeps its own company's.
    pub agent_events: tokio::sync::broadcast::Sender<(i64, switchboard_wire::AgentEvent)>,
    /// Turns true when the server shuts down: event streams end so that it can.
    pub closing: tokio::sync::watch::Receiver<bool>,
    /// Password and passcode checks, off the async runtime and bounded.
    pub hasher: hashing::Hasher,
    /// How many event streams each session and company has open.
    pub streams: streams::StreamCounts,
    /// Bumped when a session ends or a status changes: open streams re-check at once.
    pub access_epoch: Arc<tokio::sync::watch::Sender<u64>>,
    /// What "now" is for every rule with a time in it.
    pub clock: crate::domain::clock::Clock,
    /// Each company's Status board, kept current by `publish` (boards.rs).
    pub boards: boards::Boards,
    /// The other instances on the same database, told of every event (fanout.rs).
    pub fanout: fanout::Fanout,
    /// When each company's Overviews were last told that a figure moved (`figures_moved`).
    pub figures_told: Arc<std::sync::Mutex<std::collections::HashMap<i64, i64>>>,
}

impl AppState {
    /// The state, and the switch that tells its event streams the server is closing.
    pub fn new(store: Store, settings: Settings) -> (AppState, tokio::sync::watch::Sender<bool>) {
        let (close, closing) = tokio::sync::watch::channel(false);
        let settings_workers = settings.hash_workers;
        let settings_streams = settings.stream_limits;
        let store_shared = store.is_shared();
        let state = AppState {
            store,
            settings: Arc::new(settings),
            agent_events: tokio::sync::broadcast::channel(4096).0,
            closing,
            hasher: hashing::Hasher::new(settings_workers),
            streams: streams::StreamCounts::new(settings_streams),
            access_epoch: Arc::new(tokio::sync::watch::channel(0).0),
            clock: crate::domain::clock::Clock::default(),
            boards: boards::Boards::default(),
            fanout: fanout::Fanout::new(store_shared),
            figures_told: Arc::default(),
        };
        (state, close)
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Someone's access may have shrunk (sign-out, status change): streams re-check now.
    pub fn access_changed(&self) {
        self.access_epoch.send_modify(|epoch| *epoch += 1);
    }

    /// Tells the company's open Status pages, on this instance and the others; nobody
    /// listening is fine.
    pub fn publish(&self, company_id: i64, event: switchboard_wire::AgentEvent) {
        self.apply_event(company_id, event.clone());
        self.fanout.send(fanout::Note::Event { company: company_id, event });
    }

    /// A console user of the company could not get in (or met "For Admin Access Only"):
    /// its open Overviews read their figures again. At most once a second per company, so
    /// that a stranger guessing passwords (throttled anyway) cannot make every open page
    /// of the company read again at their pace; the Overview's own refresh catches the rest.
    pub fn figures_moved(&self, company_id: i64) {
        let now = self.now();
        let due = {
            let mut told = self.figures_told.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let last = told.entry(company_id).or_insert(i64::MIN);
            let due = now.saturating_sub(*last) >= 1_000;
            if due {
                *last = now;
            }
            due
        };
        if due {
            self.publish(company_id, switchboard_wire::AgentEvent::Figures);
        }
    }

    /// An agent's heartbeat, for the boards of every instance.
    pub fn heartbeat(&self, company_id: i64, session_id: i64, at: i64) {
        self.boards.touch(company_id, session_id, at);
        self.fanout.send(fanout::Note::Touch { company: company_id, session: session_id, at });
    }

    /// An event, on this instance's board and streams.
    pub(crate) fn apply_event(&self, company_id: i64, event: switchboard_wire::AgentEvent) {
        self.boards.apply(company_id, &event);
        let _ = self.agent_events.send((company_id, event));
    }

    /// Events may have been missed: every board is read again and every page reloads.
    pub(crate) fn resync_all(&self) {
        self.boards.forget_all();
        let _ = self.agent_events.send((streams::EVERY_COMPANY, switchboard_wire::AgentEvent::Resync));
    }
}

/// The server's settings that handlers read.
#[derive(Debug, Clone)]
pub struct Settings {
    pub dist: PathBuf,
    pub session_idle_ms: i64,
    pub session_absolute_ms: i64,
    /// Seconds without a heartbeat after which an agent's session is marked stale.
    pub agent_stale_after_secs: i64,
    /// An agent token stops working after this long without activity, or since log-on.
    pub agent_token_idle_ms: i64,
    pub agent_token_absolute_ms: i64,
    /// Load balancers whose X-Forwarded-For is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Host names answered; empty: any.
    pub allowed_hosts: Vec<String>,
    /// Time a client has to send a request body.
    pub body_timeout: std::time::Duration,
    /// Password checks at once.
    pub hash_workers: usize,
    /// Live streams at most per session and per company.
    pub stream_limits: streams::Limits,
    /// How often kept boards are checked against a shared database (fanout.rs).
    pub board_check: std::time::Duration,
}

impl Settings {
    pub fn from_config(config: &crate::Config) -> Settings {
        use crate::domain::clock::MINUTE_MS;
        Settings {
            dist: config.dist.clone(),
            session_idle_ms: config.session_idle_minutes * MINUTE_MS,
            session_absolute_ms: config.session_max_minutes * MINUTE_MS,
            agent_stale_after_secs: config.agent_stale_seconds,
            agent_token_idle_ms: config.agent_token_idle_minutes * MINUTE_MS,
            agent_token_absolute_ms: config.agent_token_max_hours * 60 * MINUTE_MS,
            trusted_proxies: config.trusted_proxies.clone(),
            allowed_hosts: config.allowed_hosts.clone(),
            body_timeout: std::time::Duration::from_secs(config.request_timeout_seconds),
            hash_workers: config.hash_workers.unwrap_or_else(hashing::Hasher::default_workers),
            stream_limits: streams::Limits {
                per_session: config.max_streams_per_session,
                per_company: config.max_streams_per_company,
            },
            board_check: std::time::Duration::from_secs(config.board_check_seconds.max(1)),
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    // Referenced by query parameters, which do not bring their schemas along by themselves.
    components(schemas(switchboard_wire::UserSort, switchboard_wire::SortDir, switchboard_wire::RefusalReason)),
    info(title = "Switchboard API", description = "The console's API. Every error has the ErrorBody shape."),
    tags(
        (name = "session", description = "Console sign-in"),
        (name = "operations", description = "Health"),
        (name = "users", description = "Authorize Admins: the company's users and their statuses"),
        (name = "audit", description = "Every change an admin made"),
        (name = "contacts", description = "Contact cards and why a contact cannot log in"),
        (name = "agents", description = "The Status page: logged-on agents and Force Logout"),
        (name = "agent service", description = "The phone service agents log on to (bearer tokens, not cookies)"),
    )
)]
struct ApiDoc;

/// The whole application: API, OpenAPI document and front end, with its middleware.
pub fn app(state: AppState) -> Router {
    let (api, document) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(session::router())
        .merge(health::router())
        .merge(users::router())
        .merge(audit::router())
        .merge(contacts::router())
        .merge(agent_service::router())
        .merge(agents::router())
        .merge(support::router())
        .merge(exports::router())
        .merge(overview::router())
        .merge(operator::router())
        .split_for_parts();
    let mut document =
        serde_json::to_value(with_nul_refusals(with_unique_changes(document))).expect("the OpenAPI document is JSON");
    strings_without_nul(&mut document);
    let document = Arc::new(document);
    let api = api
        .route(switchboard_wire::paths::OPENAPI, get(move || async move { axum::Json(document.as_ref().clone()) }))
        // Unknown API paths get the JSON 404, not the front end's index.html.
        .route(switchboard_wire::paths::API, any(api_not_found))
        .route(&format!("{}/{{*rest}}", switchboard_wire::paths::API), any(api_not_found))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // A body that trickles in is cut off rather than holding a connection and a task.
        .layer(RequestBodyTimeoutLayer::new(state.settings.body_timeout))
        .layer(middleware::from_fn(csrf::same_origin_only))
        .layer(middleware::from_fn(path::no_nul))
        .with_state(state.clone());

    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .merge(api)
        .fallback_service(spa::router(state.settings.dist.clone()))
        .layer(middleware::from_fn(server_timing))
        .layer(middleware::from_fn(headers::security_headers))
        .layer(middleware::from_fn_with_state(state.clone(), security_refusals))
        // Event streams must reach the browser as they are written, not when a buffer fills.
        .layer(
            // Fastest: answers are compressed per request (static files come precompressed
            // at the best level); a 2,000-agent board at brotli's default costs more than
            // building it.
            CompressionLayer::new()
                .quality(CompressionLevel::Fastest)
                .compress_when(DefaultPredicate::new().and(NotForContentType::const_new("text/event-stream"))),
        )
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                // The path only: a query holds search terms (emails, phone numbers), which
                // have no place in a log.
                .make_span_with(|request: &Request| {
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(request_id, Counter::default()))
        // Before anything else: a request for a host we do not serve gets nothing of ours.
        .layer(middleware::from_fn_with_state(state, hosts::allowed_hosts_only))
}

/// 403s (and refusals of a forged request) in the security log, with the client.
async fn security_refusals(State(state): State<AppState>, request: Request, next: middleware::Next) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let client = client::client_of(&request, &state);
    let response = next.run(request).await;
    if response.status() == StatusCode::FORBIDDEN {
        let code = response.extensions().get::<ErrorCode>().copied().unwrap_or(ErrorCode::Forbidden);
        let kind = match code {
            ErrorCode::CsrfRejected => "csrf_rejected",
            ErrorCode::TrialExpired => "trial_expired",
            _ => "forbidden",
        };
        security::event(kind, client, method.as_str(), &path);
    }
    response
}

/// A change set names each user once: `uniqueItems` on its array, which utoipa's
/// attributes cannot say.
fn with_unique_changes(mut document: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::{RefOr, Schema};
    let set = document.components.as_mut().and_then(|c| c.schemas.get_mut("StatusChangeSet"));
    if let Some(RefOr::T(Schema::Object(set))) = set {
        if let Some(RefOr::T(Schema::Array(changes))) = set.properties.get_mut("changes") {
            changes.unique_items = true;
        }
    }
    document
}

/// Every operation can answer 400 to a URL holding NUL (`path::no_nul`), which the
/// operations' own attributes would each have to say.
fn with_nul_refusals(mut document: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    for item in document.paths.paths.values_mut() {
        let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
        for operation in operations.into_iter().flatten() {
            operation.responses.responses.entry("400".into()).or_insert_with(|| {
                ResponseBuilder::new()
                    .description("The URL holds the NUL character (%00)")
                    .content(
                        "application/json",
                        ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                    )
                    .into()
            });
        }
    }
    document
}

/// No text of this API may hold NUL (`path::no_nul`, `json::Json`): every string schema
/// says so with a pattern, so that a client generating valid requests from the document
/// (schemathesis) leaves NUL out, and one testing invalid ones puts it in.
fn strings_without_nul(schema: &mut serde_json::Value) {
    use serde_json::Value;
    match schema {
        Value::Object(fields) => {
            let is_string = match fields.get("type") {
                Some(Value::String(kind)) => kind == "string",
                Some(Value::Array(kinds)) => kinds.iter().any(|k| k == "string"),
                _ => false,
            };
            if is_string && !fields.contains_key("enum") && !fields.contains_key("const") {
                let pattern = match fields.get("pattern").and_then(Value::as_str) {
                    None => Some(r"^[^\u0000]*$"),
                    // Some text that is not blank: one character neither white space nor NUL.
                    Some(r"\S") => Some(r"^[^\u0000]*[^\s\u0000][^\u0000]*$"),
                    Some(_) => None,
                };
                if let Some(pattern) = pattern {
                    fields.insert("pattern".into(), pattern.into());
                }
            }
            fields.values_mut().for_each(strings_without_nul);
        }
        Value::Array(items) => items.iter_mut().for_each(strings_without_nul),
        _ => {}
    }
}

/// The `page` parameter of a paged list: 1 to a million (beyond that nothing is listed).
pub fn parse_page(value: &str) -> error::ApiResult<u32> {
    value
        .parse()
        .ok()
        .filter(|p| (1..=1_000_000).contains(p))
        .ok_or_else(|| ApiError::invalid("page", "page is a whole number from 1 to 1000000."))
}

/// `after` or `before`: the id of a row of the list.
pub fn parse_cursor(field: &str, value: &str) -> error::ApiResult<i64> {
    value
        .parse()
        .ok()
        .filter(|id| *id >= 1)
        .ok_or_else(|| ApiError::invalid(field, format!("{field} is the id of a row of the list.")))
}

/// A cursor naming a row that is not in the list (any more, or never: another company's,
/// which is as absent as one that never was).
pub fn cursor_gone() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "That row is no longer in this list: start again from the first page.")
}

/// A search text parameter, at most `max` characters.
pub fn parse_search(field: &str, value: String, max: usize) -> error::ApiResult<String> {
    if value.chars().count() > max {
        return Err(ApiError::invalid(field, format!("A search has at most {max} characters.")));
    }
    Ok(value)
}

/// A query parameter the endpoint does not know.
pub fn unknown_parameter(name: &str) -> ApiError {
    ApiError::invalid(name, format!("Unknown parameter “{name}”."))
}

async fn api_not_found(request: Request) -> ApiError {
    ApiError::new(ErrorCode::NotFound, format!("There is no API at {}.", request.uri().path()))
}

async fn method_not_allowed(request: Request) -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        format!("{} is not allowed on {}.", request.method(), request.uri().path()),
    )
}

/// `Server-Timing: app;dur=…` on every response: the server's own time, which the
/// browser's devtools and `cargo xtask bench` read.
async fn server_timing(request: Request, next: middleware::Next) -> Response {
    let started = std::time::Instant::now();
    let mut response = next.run(request).await;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(value) = format!("app;dur={millis:.2}").parse() {
        response.headers_mut().insert("server-timing", value);
    }
    response
}

fn panic_response(_: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(internal_body())).into_response()
}

/// Request ids for the logs: a counter is unique per process, which is all tracing needs.
#[derive(Clone, Default)]
struct Counter(Arc<AtomicU64>);

impl MakeRequestId for Counter {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let id = self.0.fetch_add(1, Ordering::Relaxed);
        Some(RequestId::new(id.to_string().parse().ok()?))
    }
}
