//! Switchboard's server: the JSON API under /api and the front end's files.
//!
//! `app()` builds the router (tested without a socket); `start()` binds and serves it
//! (what `main` and the integration tests use).

pub mod config;
pub mod domain;
pub mod http;
pub mod storage;

pub use config::{Config, DemoData};
pub use http::{app, AppState, Settings};
pub use storage::Store;

use anyhow::Context;
use domain::clock::{now_ms, MINUTE_MS};
use std::future::IntoFuture;
use std::net::SocketAddr;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server that is listening.
pub struct Running {
    pub addr: SocketAddr,
    pub store: Store,
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
    let store = Store::open(&config.database_url).await?;
    if let Some(demo) = config.demo_data {
        let shape = match demo {
            DemoData::Demo => storage::demo::Shape::DEMO,
            DemoData::Large => storage::demo::Shape::LARGE,
        };
        if store.load_demo_data(shape, now_ms()).await? {
            tracing::info!(?demo, "loaded demo data into the empty database");
        }
    }
    let (state, close_streams) = AppState::new(
        store.clone(),
        Settings {
            dist: config.dist.clone(),
            session_idle_ms: config.session_idle_minutes * MINUTE_MS,
            session_absolute_ms: config.session_max_minutes * MINUTE_MS,
            agent_stale_after_secs: config.agent_stale_seconds,
        },
    );
    let listener =
        tokio::net::TcpListener::bind(config.addr).await.with_context(|| format!("listening on {}", config.addr))?;
    let addr = listener.local_addr()?;
    let (shutdown, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(
        axum::serve(listener, app(state))
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
                // Open event streams would keep their connections, and the shutdown, forever.
                let _ = close_streams.send(true);
            })
            .into_future(),
    );
    Ok(Running { addr, store, shutdown, task })
}
