use clap::Parser;
use switchboard_server::Config;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    tracing_subscriber::fmt().with_env_filter(EnvFilter::try_new(&config.log)?).init();
    let demo = config.demo_data.is_some();
    let running = switchboard_server::start(config).await?;
    tracing::info!(addr = %running.addr, "Switchboard is listening on {}", running.url("/"));
    println!("\nSwitchboard is running at {}\n", running.url("/"));
    if demo {
        use switchboard_server::storage::demo::{DEMO_PASSWORD, DEMO_SIGN_INS};
        println!("Demo sign-ins (password for all: {DEMO_PASSWORD}):");
        for (username, who) in DEMO_SIGN_INS {
            println!("  {username:<10} {who}");
        }
        println!("Press Ctrl-C to stop.\n");
    }
    shutdown_signal().await;
    tracing::info!("shutting down: finishing requests in flight");
    running.stop().await?;
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl-C, or SIGTERM from a service manager.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
