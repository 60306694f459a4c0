//! A throwaway PostgreSQL for the tests, the benchmarks and `cargo xtask cluster`: Debian's
//! server (installed when missing), a cluster made by initdb in a folder under target/,
//! on a free loopback port, removed when dropped. Nothing assumes a PostgreSQL is running.

use crate::steps::{command_output, root, run_cmd};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A running throwaway cluster; stopped and deleted when dropped.
pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    pub port: u16,
    /// PostgreSQL refuses to run as root: then it runs as this user.
    run_as: Option<&'static str>,
}

impl Cluster {
    /// Starts a new empty cluster whose superuser `switchboard` may connect without a
    /// password, on 127.0.0.1 only.
    pub fn start(name: &str) -> Result<Cluster, String> {
        let bin = ensure_server()?;
        let is_root = command_output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
        let run_as = is_root.then_some("postgres");
        let folder = format!("{name}-{}", std::process::id());
        let mut dir = make_folder(&root().join("target/postgres").join(&folder), run_as)?;
        if let Some(user) = run_as {
            // A checkout inside a folder only root may enter (root's home, say): the server's
            // user cannot reach target/, so the cluster lives in the temporary folder instead.
            let reachable = Command::new("runuser").args(["-u", user, "--", "test", "-w"]).arg(&dir).status();
            if !reachable.is_ok_and(|status| status.success()) {
                let _ = std::fs::remove_dir_all(&dir);
                dir = make_folder(&std::env::temp_dir().join(format!("switchboard-postgres-{folder}")), run_as)?;
            }
        }
        let port = free_port()?;
        let cluster = Cluster { bin, dir, port, run_as };
        cluster.pg(
            "initdb",
            cluster
                .command("initdb")
                .args(["--username", "switchboard", "--auth", "trust", "--encoding", "UTF8", "--locale", "C.UTF-8"])
                .arg("-D")
                .arg(cluster.data())
                .arg("--no-instructions"),
        )?;
        let settings = format!(
            "\nlisten_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = ''\n\
             max_connections = 400\nshared_buffers = 256MB\nlog_min_messages = warning\n"
        );
        let conf = cluster.data().join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).map_err(|e| format!("reading {}: {e}", conf.display()))?;
        text.push_str(&settings);
        std::fs::write(&conf, text).map_err(|e| format!("writing {}: {e}", conf.display()))?;
        cluster.pg(
            "pg_ctl start",
            cluster
                .command("pg_ctl")
                .arg("-D")
                .arg(cluster.data())
                .arg("-l")
                .arg(cluster.dir.join("server.log"))
                .args(["-w", "-t", "60", "start"]),
        )?;
        println!("xtask: PostgreSQL listening on 127.0.0.1:{port} (data in {})", cluster.dir.display());
        Ok(cluster)
    }

    /// The URL of the cluster's `postgres` database, as its superuser.
    pub fn admin_url(&self) -> String {
        format!("postgres://switchboard@127.0.0.1:{}/postgres", self.port)
    }

    /// Creates a database owned by the superuser and returns its URL.
    pub fn create_database(&self, name: &str) -> Result<String, String> {
        run_cmd(
            "createdb",
            Command::new(self.bin.join("createdb")).args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "switchboard",
                name,
            ]),
        )?;
        Ok(format!("postgres://switchboard@127.0.0.1:{}/{name}", self.port))
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        match self.run_as {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(program);
                command
            }
            None => Command::new(program),
        }
    }

    fn pg(&self, what: &str, command: &mut Command) -> Result<(), String> {
        run_cmd(what, command.current_dir(&self.dir)).map_err(|e| {
            let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
            format!("{e}\n{log}")
        })
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "-w", "stop"])
            .stdout(std::process::Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An empty folder at `dir`, owned by `owner` when given.
fn make_folder(dir: &Path, owner: Option<&str>) -> Result<PathBuf, String> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    if let Some(user) = owner {
        run_cmd("chown", Command::new("chown").args(["-R", user]).arg(dir))?;
    }
    Ok(dir.to_path_buf())
}

/// The newest PostgreSQL server of Debian's packages, installed when missing.
fn ensure_server() -> Result<PathBuf, String> {
    if let Some(bin) = newest_server() {
        return Ok(bin);
    }
    crate::tools::install_debian(&["postgresql"], "PostgreSQL, for the tests against it,")?;
    newest_server().ok_or_else(|| "PostgreSQL's initdb is still missing after installing".to_string())
}

fn newest_server() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            Path::new(&bin.join("initdb")).exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

pub fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("finding a free port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}
