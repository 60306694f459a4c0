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

/// `switchboard-server add-operator`: gives one of Switchboard's own support staff an
/// operator account. The password is read from standard input (one line), never a flag.
#[derive(Debug, clap::Parser)]
#[command(name = "switchboard-server add-operator")]
struct AddOperator {
    /// The database (as the server's --database-url).
    #[arg(long, env = "SWITCHBOARD_DATABASE_URL", default_value = "sqlite://data/switchboard.db")]
    database_url: String,
    #[arg(long)]
    username: String,
    #[arg(long)]
    display_name: String,
    #[arg(long)]
    email: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match std::env::args().nth(1).as_deref() {
        Some("copy-data") => return copy_data(&CopyData::parse_from(std::env::args().skip(1))).await,
        Some("add-operator") => return add_operator(&AddOperator::parse_from(std::env::args().skip(1))).await,
        _ => {}
    }
    let config = Config::parse();
    tracing_subscriber::fmt().with_env_filter(EnvFilter::try_new(&config.log)?).init();
    let demo = config.demo_data.is_some();
    let running = switchboard_server::start(config).await?;
    tracing::info!(addr = %running.addr, "Switchboard is listening on {}", running.url("/"));
    println!("\nSwitchboard is running at {}\n", running.url("/"));
    if demo {
        use switchboard_server::storage::demo::{DEMO_OPERATOR, DEMO_PASSWORD, DEMO_SIGN_INS};
        println!("Demo sign-ins (password for all: {DEMO_PASSWORD}):");
        for (username, who) in DEMO_SIGN_INS {
            println!("  {username:<10} {who}");
        }
        let (operator, who) = DEMO_OPERATOR;
        println!("  {operator:<10} {who}, at {}", running.url("/operator"));
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

async fn add_operator(args: &AddOperator) -> anyhow::Result<()> {
    use switchboard_server::domain::{email::Email, password, username::Username};
    use switchboard_server::storage::Store;
    let username = Username::parse(&args.username).map_err(anyhow::Error::msg)?;
    let email = Email::parse(&args.email).map_err(anyhow::Error::msg)?;
    let display_name = args.display_name.trim();
    anyhow::ensure!(!display_name.is_empty(), "give the operator a display name");
    let mut secret = String::new();
    std::io::stdin().read_line(&mut secret)?;
    let secret = secret.trim_end_matches(['\r', '\n']);
    anyhow::ensure!(
        secret.chars().count() >= 12,
        "an operator's password (read from standard input) has at least 12 characters"
    );
    let store = Store::open(&args.database_url).await?;
    let now = switchboard_server::domain::clock::now_ms();
    let hash = password::hash(secret);
    match store.add_operator(username.as_str(), display_name, email.as_str(), &hash, now).await? {
        Some(id) => println!("operator {username} added (id {id}); they sign in at /operator"),
        None => anyhow::bail!("the username {username} is taken by another operator"),
    }
    Ok(())
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
