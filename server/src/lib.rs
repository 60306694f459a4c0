//! Switchboard's server: the JSON API under /api and the front end's files.
//!
//! `app()` builds the router (tested without a socket); `start()` binds and serves it
//! (what `main` and the integration tests use).

pub mod config;
pub mod domain;
pub mod http;
pub mod serve;
pub mod simulation;
pub mod storage;

pub use config::{Config, DemoData};
pub use http::{app, AppState, Settings};
pub use storage::Store;

use anyhow::Context;
use domain::clock::{now_ms, DAY_MS};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server that is listening.
pub struct Running {
    pub addr: SocketAddr,
    pub store: Store,
    /// The server's clock, which a test may move forward.
    pub clock: domain::clock::Clock,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Stops accepting, lets requests in flight finish, and closes the database.
    pub async fn stop(self) -> anyhow::Result<()> {
        let _ = self.shutdown.send(());
        self.task.await??;
        self.store.close().await;
        Ok(())
    }
}

/// Opens the database (migrating it, loading demo data if asked) and starts serving.
pub async fn start(config: Config) -> anyhow::Result<Running> {
    let store = Store::open(&config.database_url).await?.with_list_limits(storage::listing::ListLimits {
        count_cap: config.search_count_cap.max(1),
        short_window: config.search_short_window.max(1),
        scan_budget: config.search_scan_budget.max(1_000),
    });
    if let Some(demo) = config.demo_data {
        let shape = match demo {
            DemoData::Demo => storage::demo::Shape::DEMO,
            DemoData::Large => storage::demo::Shape::LARGE,
        };
        if store.load_demo_data(shape, now_ms()).await? {
            tracing::info!(?demo, "loaded demo data into the empty database");
        }
    }
    let (state, close_streams) = AppState::new(store.clone(), Settings::from_config(&config));
    let clock = state.clock.clone();
    let listener =
        tokio::net::TcpListener::bind(config.addr).await.with_context(|| format!("listening on {}", config.addr))?;
    let addr = listener.local_addr()?;
    let (shutdown, stopped) = oneshot::channel::<()>();
    let limits = serve::Limits {
        max_connections: config.max_connections,
        header_timeout: Duration::from_secs(config.request_timeout_seconds),
    };
    let purge = tokio::spawn(purge_old_records(store.clone(), config.attempt_retention_days));
    // Other instances on the same PostgreSQL database: their events in, ours out.
    let listen = tokio::spawn(http::fanout::listen(state.clone()));
    let send = tokio::spawn(http::fanout::send_notes(state.clone()));
    let check = tokio::spawn(http::fanout::check_boards(state.clone()));
    let simulation = config.simulate_demo_agents.then(|| {
        tokio::spawn(simulation::run(state.clone(), Duration::from_millis(config.simulation_tick_ms.max(10))))
    });
    let fanout = state.fanout.clone();
    let served = serve::serve(listener, app(state), limits, async move {
        let _ = stopped.await;
        purge.abort();
        if let Some(simulation) = simulation {
            simulation.abort();
        }
        // Open event streams would keep their connections, and the shutdown, forever.
        let _ = close_streams.send(true);
    });
    let task = tokio::spawn(async move {
        let result = served.await;
        // What the last requests published reaches the other instances; then the listener
        // gives its connection back to the pool, which must have them all to close.
        fanout.flush(Duration::from_secs(2)).await;
        listen.abort();
        send.abort();
        check.abort();
        result
    });
    Ok(Running { addr, store, clock, shutdown, task })
}

/// Every hour (and at start): attempt rows past their retention, forgotten throttles and
/// browsers unused for the device cookie's lifetime go, so that nothing grows for ever.
async fn purge_old_records(store: Store, retention_days: i64) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every.tick().await;
        let now = now_ms();
        let devices_before = now - domain::sign_in::DEVICE_REMEMBERED_MS;
        match store.purge_old_records(now - retention_days * DAY_MS, devices_before, now).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, retention_days, "purged old sign-in records"),
            Err(error) => tracing::warn!(%error, "purging old sign-in records failed"),
        }
    }
}
