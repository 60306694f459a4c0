//! How the server is configured: flags, each with an environment variable.

use clap::{Parser, ValueEnum};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, Clone, Parser)]
#[command(name = "switchboard-server", about = "Switchboard's API and front end")]
pub struct Config {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, env = "SWITCHBOARD_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The database. A sqlite: URL names a file (created if missing).
    #[arg(long, env = "SWITCHBOARD_DATABASE_URL", default_value = "sqlite://data/switchboard.db")]
    pub database_url: String,
    /// The front end built by Trunk.
    #[arg(long, env = "SWITCHBOARD_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Log filter, in tracing's EnvFilter syntax.
    #[arg(long, env = "SWITCHBOARD_LOG", default_value = "info,sqlx=warn")]
    pub log: String,
    /// Load demo data when the database is empty.
    #[arg(long, env = "SWITCHBOARD_DEMO_DATA", value_enum)]
    pub demo_data: Option<DemoData>,
    /// Simulate the demo company's phones (heartbeats, state changes, agents logging on
    /// again after a Force Logout), so that the Status page is live. For the demo only.
    #[arg(long, env = "SWITCHBOARD_SIMULATE_DEMO_AGENTS")]
    pub simulate_demo_agents: bool,
    /// The simulation's step: one state change each, heartbeats every sixth (tests shorten it).
    #[arg(long, env = "SWITCHBOARD_SIMULATION_TICK_MS", default_value_t = 5_000, hide = true)]
    pub simulation_tick_ms: u64,
    /// Minutes of inactivity after which a console session ends.
    #[arg(long, env = "SWITCHBOARD_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: i64,
    /// Minutes after sign-in after which a console session ends, active or not.
    #[arg(long, env = "SWITCHBOARD_SESSION_MAX_MINUTES", default_value_t = 12 * 60)]
    pub session_max_minutes: i64,
    /// Seconds without a heartbeat after which an agent's session is marked stale.
    #[arg(long, env = "SWITCHBOARD_AGENT_STALE_SECONDS", default_value_t = 90)]
    pub agent_stale_seconds: i64,
    /// Minutes without a heartbeat after which an agent's token no longer works (the
    /// session then ends as stale, and the agent logs on again).
    #[arg(long, env = "SWITCHBOARD_AGENT_TOKEN_IDLE_MINUTES", default_value_t = 120)]
    pub agent_token_idle_minutes: i64,
    /// Hours after log-on after which an agent's token no longer works, active or not.
    #[arg(long, env = "SWITCHBOARD_AGENT_TOKEN_MAX_HOURS", default_value_t = 16)]
    pub agent_token_max_hours: i64,
    /// Addresses of load balancers whose X-Forwarded-For names the client (comma-separated).
    #[arg(long = "trusted-proxy", env = "SWITCHBOARD_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,
    /// Host names (with or without port) the server answers; any other Host gets 400.
    /// None given: any host.
    #[arg(long = "allowed-host", env = "SWITCHBOARD_ALLOWED_HOSTS", value_delimiter = ',')]
    pub allowed_hosts: Vec<String>,
    /// Open connections at most; more are closed as soon as they are accepted.
    #[arg(long, env = "SWITCHBOARD_MAX_CONNECTIONS", default_value_t = 4096)]
    pub max_connections: usize,
    /// Seconds a client has to send a request's headers, and then its body.
    #[arg(long, env = "SWITCHBOARD_REQUEST_TIMEOUT_SECONDS", default_value_t = 10)]
    pub request_timeout_seconds: u64,
    /// Days sign-in attempts are kept (for diagnoses and the Status page), then purged.
    #[arg(long, env = "SWITCHBOARD_ATTEMPT_RETENTION_DAYS", default_value_t = 90)]
    pub attempt_retention_days: i64,
    /// Live Status page streams one sign-in may hold open (a few tabs).
    #[arg(long, env = "SWITCHBOARD_MAX_STREAMS_PER_SESSION", default_value_t = 6)]
    pub max_streams_per_session: usize,
    /// Live Status page streams one company may hold open.
    #[arg(long, env = "SWITCHBOARD_MAX_STREAMS_PER_COMPANY", default_value_t = 500)]
    pub max_streams_per_company: usize,
    /// Password checks at once, on the blocking pool (default: the cores less one).
    #[arg(long, env = "SWITCHBOARD_HASH_WORKERS")]
    pub hash_workers: Option<usize>,
    /// Search matches counted before a list shows "N+ match" (storage/listing.rs).
    #[arg(long, env = "SWITCHBOARD_SEARCH_COUNT_CAP", default_value_t = 1_000)]
    pub search_count_cap: i64,
    /// Rows of the list a search of 1 or 2 characters looks at (too short for the index).
    #[arg(long, env = "SWITCHBOARD_SEARCH_SHORT_WINDOW", default_value_t = 2_000)]
    pub search_short_window: i64,
    /// SQLite steps an in-order scan for a common search may take before its matches are
    /// sorted instead (about 15 a row looked at).
    #[arg(long, env = "SWITCHBOARD_SEARCH_SCAN_BUDGET", default_value_t = 400_000)]
    pub search_scan_budget: u64,
    /// With several instances (PostgreSQL): seconds between checks of each kept Status
    /// board against the database, which catch a change whose instance died before
    /// telling the others.
    #[arg(long, env = "SWITCHBOARD_BOARD_CHECK_SECONDS", default_value_t = 10)]
    pub board_check_seconds: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DemoData {
    /// A few hundred users, a few dozen agents, contacts in every state.
    Demo,
    /// The benchmarks' data set: 100,000 users, 2,000 agents, 1,000,000 contacts.
    Large,
}

impl Config {
    /// Defaults for a test: port 0, the given database and dist, no demo data.
    pub fn for_test(database_url: String, dist: PathBuf) -> Config {
        let mut config = Config::parse_from(["switchboard-server"]);
        config.addr = "127.0.0.1:0".parse().expect("valid address");
        config.database_url = database_url;
        config.dist = dist;
        config
    }
}
