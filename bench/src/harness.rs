//! The server process on the large data set, HTTP sessions, and browsers.

use fantoccini::{Client, ClientBuilder};
use serde_json::json;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};
use switchboard_wire::paths::{HEALTH, SESSION};
use tempfile::TempDir;
use tokio::process::{Child, Command};

/// Where the release builds are and where results go; set by `cargo xtask bench`.
pub struct Paths {
    pub server: PathBuf,
    pub dist: PathBuf,
    pub out: PathBuf,
    pub chrome: String,
    pub chromedriver: String,
    pub wrk: PathBuf,
    /// The database to measure on (`BENCH_DATABASE_URL`); a new SQLite file when unset.
    pub database_url: Option<String>,
    /// How many server instances share the database (`BENCH_INSTANCES`, 1 when unset);
    /// more than one are measured through nginx (`BENCH_NGINX`), as `cargo xtask cluster`
    /// runs them.
    pub instances: usize,
    pub nginx: PathBuf,
}

impl Paths {
    pub fn from_env() -> Paths {
        let var =
            |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run `cargo xtask bench`"));
        Paths {
            server: var("BENCH_SERVER").into(),
            dist: var("BENCH_DIST").into(),
            out: var("BENCH_OUT").into(),
            chrome: std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            chromedriver: std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into()),
            wrk: std::env::var_os("WRK").map(PathBuf::from).unwrap_or_else(|| "/usr/bin/wrk".into()),
            database_url: std::env::var("BENCH_DATABASE_URL").ok().filter(|url| !url.is_empty()),
            instances: std::env::var("BENCH_INSTANCES").ok().and_then(|n| n.parse().ok()).unwrap_or(1),
            nginx: std::env::var_os("NGINX").map(PathBuf::from).unwrap_or_else(|| "/usr/sbin/nginx".into()),
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub struct Harness {
    base: String,
    servers: Vec<Child>,
    /// In front of the servers when there are several.
    balancer: Option<Child>,
    driver: Child,
    driver_url: String,
    dir: TempDir,
}

impl Harness {
    pub async fn start(paths: &Paths) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let database_url =
            paths.database_url.clone().unwrap_or_else(|| format!("sqlite://{}", dir.path().join("bench.db").display()));
        assert!(paths.instances == 1 || paths.database_url.is_some(), "several instances need PostgreSQL");
        let mut servers = Vec::new();
        let mut ports = Vec::new();
        // One after the other: the first generates the data set into the empty database.
        for n in 0..paths.instances {
            let port = free_port();
            let mut command = Command::new(&paths.server);
            command
                .args(["--addr", &format!("127.0.0.1:{port}")])
                .args(["--database-url", &database_url])
                .args(["--dist", &paths.dist.to_string_lossy()])
                .args(["--log", "warn,switchboard_server::storage::demo=info"])
                // The fan-out figure holds 1,000 Status pages open on one sign-in.
                .args(["--max-streams-per-session", "2000", "--max-streams-per-company", "2000"])
                // The generator's progress lines show; requests are not logged at warn.
                .kill_on_drop(true);
            if n == 0 {
                command.args(["--demo-data", "large"]);
            }
            if paths.instances > 1 {
                command.args(["--trusted-proxy", "127.0.0.1"]);
            }
            servers.push(command.spawn().expect("start the server"));
            wait_for_health(&format!("http://127.0.0.1:{port}"), Duration::from_secs(600)).await;
            ports.push(port);
        }
        let (base, balancer) = if paths.instances > 1 {
            let port = free_port();
            let args = crate::nginx::prepare(&dir.path().join("nginx"), &format!("127.0.0.1:{port}"), &ports).unwrap();
            let balancer = Command::new(&paths.nginx).args(args).kill_on_drop(true).spawn().expect("start nginx");
            let base = format!("http://127.0.0.1:{port}");
            wait_for_health(&base, Duration::from_secs(10)).await;
            (base, Some(balancer))
        } else {
            (format!("http://127.0.0.1:{}", ports[0]), None)
        };
        let driver_port = free_port();
        let driver = Command::new(&paths.chromedriver)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver");
        Harness { base, servers, balancer, driver, driver_url: format!("http://127.0.0.1:{driver_port}"), dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A signed-in HTTP client, the session cookie's value, and its anti-forgery token.
    pub async fn api_session(&self, username: &str) -> (reqwest::Client, String, String) {
        let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let response = client
            .post(self.url(SESSION))
            .json(&json!({ "username": username, "password": "switchboard-demo" }))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "sign-in of {username}: {}", response.status());
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix("sb_session="))
            .and_then(|v| v.split(';').next())
            .expect("session cookie")
            .to_string();
        let session: switchboard_wire::Session = response.json().await.expect("session");
        (client, cookie, session.csrf_token)
    }

    /// A browser with an empty profile: nothing cached.
    pub async fn browser(&self, paths: &Paths) -> Client {
        let profile = tempfile::tempdir_in(self.dir.path()).unwrap().keep();
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": paths.chrome,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--no-first-run", "--window-size=1280,900", format!("--user-data-dir={}", profile.display())]
            }
        });
        let capabilities = capabilities.as_object().unwrap().clone();
        let started = Instant::now();
        loop {
            match ClientBuilder::native().capabilities(capabilities.clone()).connect(&self.driver_url).await {
                Ok(client) => return client,
                Err(e) if started.elapsed() < Duration::from_secs(15) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("chromedriver: {e}"),
            }
        }
    }

    pub async fn stop(mut self) {
        let _ = self.driver.kill().await;
        if let Some(mut balancer) = self.balancer.take() {
            // SIGTERM to nginx's master, which stops its workers (SIGKILL would orphan them).
            if let Some(pid) = balancer.id() {
                let _ = Command::new("kill").arg(pid.to_string()).status().await;
            }
            let _ = balancer.wait().await;
        }
        for server in &mut self.servers {
            let _ = server.kill().await;
        }
    }
}

async fn wait_for_health(base: &str, within: Duration) {
    let started = Instant::now();
    while reqwest::get(format!("{base}{HEALTH}")).await.map(|r| !r.status().is_success()).unwrap_or(true) {
        assert!(started.elapsed() < within, "nothing healthy answered at {base}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// What the figures were measured on.
pub fn machine() -> serde_json::Value {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string());
    let memory_kib: Option<u64> = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.split_whitespace().next()?.parse().ok());
    json!({
        "cpu": cpu,
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        "memory_gib": memory_kib.map(|k| (k as f64 / 1024.0 / 1024.0 * 10.0).round() / 10.0),
        "os": read("/etc/os-release").lines().find_map(|l| l.strip_prefix("PRETTY_NAME=")).map(|s| s.trim_matches('"').to_string()),
    })
}
