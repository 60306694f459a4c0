use clap::Parser;
use switchboard_server::Config;
use tracing_subscriber::EnvFilter;

/// `switchboard-server copy-data`: moves an installation from SQLite to PostgreSQL.
#[derive(Debug, clap::Parser)]
#[command(name = "switchboard-server copy-data")]
struct CopyData {
    /// The SQLite database to copy (it may be in use; it is read as one snapshot).
    #[arg(long)]
    from: String,
    /// An empty PostgreSQL database (its schema is made if missing).
    #[arg(long)]
    to: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("copy-data") {
        let args = CopyData::parse_from(std::env::args().skip(1));
        return copy_data(&args).await;
    }
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

async fn copy_data(args: &CopyData) -> anyhow::Result<()> {
    use switchboard_server::storage::{copy, redacted, Store};
    let from = Store::open(&args.from).await?;
    let to = Store::open(&args.to).await?;
    println!("copying {} into {}", redacted(&args.from), redacted(&args.to));
    let copied = copy::copy_data(&from, &to).await?;
    for (table, rows) in &copied {
        println!("  {table:<26} {rows:>10} rows");
    }
    println!("done: every table's count matches; the PostgreSQL database is ready for --database-url");
    Ok(())
}
