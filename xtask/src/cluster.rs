//! `cargo xtask cluster --instances N`: Switchboard as it runs in production, on this
//! machine: one PostgreSQL (a throwaway one, or `--database-url`), N server instances on
//! loopback ports, and nginx (Debian's) in front on 127.0.0.1:8080, configured for the
//! Status page's server-sent events. Ctrl-C stops all of it.

use crate::nginx;
use crate::postgres::Cluster;
use crate::steps::root;
use crate::tools;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Options {
    instances: usize,
    database_url: Option<String>,
    addr: String,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options { instances: 3, database_url: None, addr: "127.0.0.1:8080".into() };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || rest.next().cloned().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--instances" => {
                options.instances = value()?.parse().map_err(|_| "--instances takes a number from 1 to 16")?;
                if !(1..=16).contains(&options.instances) {
                    return Err("--instances takes a number from 1 to 16".into());
                }
            }
            "--database-url" => options.database_url = Some(value()?),
            "--addr" => options.addr = value()?,
            other => return Err(format!("unknown argument {other:?}; see `cargo xtask`")),
        }
    }
    Ok(options)
}

/// Children killed (and waited for) when dropped.
struct Processes(Vec<(String, Child)>);

impl Drop for Processes {
    fn drop(&mut self) {
        for (_, child) in &mut self.0 {
            // SIGTERM: the servers finish what they are doing; nginx stops at once.
            let _ = Command::new("kill").arg(child.id().to_string()).status();
        }
        for (name, child) in &mut self.0 {
            if child.wait().is_err() {
                eprintln!("xtask: {name} did not stop");
            }
        }
    }
}

pub fn cluster(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    crate::steps::build_release()?;
    let nginx_binary = tools::ensure_nginx()?;
    let stop = stop_signal()?;

    let mut postgres = None;
    let database_url = match &options.database_url {
        Some(url) => url.clone(),
        None => {
            let cluster = Cluster::start("cluster")?;
            let url = cluster.create_database("switchboard")?;
            postgres = Some(cluster);
            url
        }
    };
    let dir = root().join("target/cluster");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;

    let mut processes = Processes(Vec::new());
    let mut ports = Vec::new();
    // One after the other: the first loads the demo data into an empty database.
    for n in 1..=options.instances {
        let port = crate::postgres::free_port()?;
        let log = dir.join(format!("instance-{n}.log"));
        let child = Command::new(root().join("target/server/switchboard-server"))
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .args(["--database-url", &database_url])
            .args(["--dist", "dist", "--demo-data", "demo", "--trusted-proxy", "127.0.0.1"])
            .stdout(file(&log)?)
            .stderr(file(&log)?)
            .current_dir(root())
            .spawn()
            .map_err(|e| format!("starting instance {n}: {e}"))?;
        processes.0.push((format!("instance {n}"), child));
        wait_for(&format!("127.0.0.1:{port}"), &log)?;
        ports.push(port);
    }

    let args = nginx::prepare(&dir, &options.addr, &ports).map_err(|e| format!("writing nginx.conf: {e}"))?;
    let conf = dir.join("nginx.conf");
    let log = dir.join("nginx.log");
    let child = Command::new(&nginx_binary)
        .args(args)
        .stdout(file(&log)?)
        .stderr(file(&log)?)
        .spawn()
        .map_err(|e| format!("starting nginx: {e}"))?;
    processes.0.push(("nginx".into(), child));
    wait_for(&options.addr, &dir.join("error.log"))?;

    println!("\nSwitchboard is running at http://{}/ (nginx, round robin)\n", options.addr);
    for (n, port) in ports.iter().enumerate() {
        println!(
            "  instance {}: http://127.0.0.1:{port}/   log: {}",
            n + 1,
            dir.join(format!("instance-{}.log", n + 1)).display()
        );
    }
    println!("  database:   {}", redacted(&database_url));
    println!("  nginx:      {} (log {})", conf.display(), dir.join("error.log").display());
    println!(
        "\nDemo sign-ins as with `cargo xtask run` (ngarcia, password switchboard-demo). Ctrl-C stops everything.\n"
    );
    let _ = stop.recv();
    println!("\nxtask: stopping the instances, nginx and PostgreSQL");
    drop(processes);
    drop(postgres);
    Ok(())
}

fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if url[scheme + 3..at].contains(':') => {
            let user_end = scheme + 3 + url[scheme + 3..at].find(':').unwrap_or(0);
            format!("{}:***{}", &url[..user_end], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Ctrl-C (or SIGTERM) as a message, instead of ending xtask before it cleans up.
fn stop_signal() -> Result<std::sync::mpsc::Receiver<()>, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .map_err(|e| format!("handling Ctrl-C: {e}"))?;
    Ok(rx)
}

fn wait_for(addr: &str, log: &Path) -> Result<(), String> {
    let started = Instant::now();
    while std::net::TcpStream::connect(addr).is_err() {
        if started.elapsed() > Duration::from_secs(60) {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            return Err(format!("nothing answered at {addr} within a minute; {}:\n{text}", log.display()));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

fn file(path: &PathBuf) -> Result<Stdio, String> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map(Stdio::from)
        .map_err(|e| format!("opening {}: {e}", path.display()))
}
