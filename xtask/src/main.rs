//! `cargo xtask run` and `cargo xtask test`: the two commands of the README.
//!
//! Both install what is missing first (tools.rs), so a machine with only rustup and cargo
//! (and, for the browser tests, root for apt-get) gets everything it needs.

mod boot;
mod cluster;
mod nginx;
mod postgres;
mod precompress;
mod split;
mod steps;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask run  [--addr HOST:PORT] [--database-url URL] [--no-simulation]
        build the front end and the server (release) and serve Switchboard with demo data;
        the demo's phones are simulated (heartbeats, state changes) unless --no-simulation
  cargo xtask cluster [--instances N] [--database-url postgres://…] [--addr HOST:PORT]
        PostgreSQL (a throwaway one unless given), N server instances (default 3) and nginx
        in front on 127.0.0.1:8080, with demo data; Ctrl-C stops all of it
  cargo xtask build
        the front end only (Trunk, release, split and precompressed into dist/), as the
        browser tests use it; for running some of them by hand
  cargo xtask test
        fmt, clippy, every unit and integration test, wasm tests and browser tests
  cargo xtask bench [--only status-page|typing|overview] [--postgres | --instances N]
        release builds, the large data set, the benchmarks; writes bench/results.json
        (with --postgres: on a throwaway PostgreSQL, into bench/results-postgres.json;
        with --instances N: N servers on one PostgreSQL behind nginx, results-cluster.json;
        with --only PART: that part alone (the Status page under load with its frames'
        breakdown, or keystroke to table), printed and not written)
  cargo xtask load -- [--url URL] [--agents N] [--rate PER_SECOND] [--seconds S] [--first-number N]
        simulated agents log on to a running server and change state at the given rate";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => steps::run(&args[1..]),
        Some("test") => steps::test(),
        Some("build") => steps::build_front_end(),
        Some("cluster") => cluster::cluster(&args[1..]),
        Some("bench") => steps::bench(&args[1..]),
        Some("load") => steps::load(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}
