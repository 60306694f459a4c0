//! What `run` and `test` do, step by step, each timed.

use crate::tools;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

/// The repository's root (the workspace).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(root());
    command
}

pub fn command_output(command: &mut Command) -> Option<String> {
    let output = command.output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

pub fn run_cmd(what: &str, command: &mut Command) -> Result<(), String> {
    let status = command.status().map_err(|e| format!("{what}: cannot start {:?}: {e}", command.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// Steps with their durations, printed at the end.
struct Timings(Vec<(String, f64)>);

impl Timings {
    fn step<T>(&mut self, name: &str, work: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
        println!("\n==> {name}");
        let started = Instant::now();
        let result = work();
        self.0.push((name.to_string(), started.elapsed().as_secs_f64()));
        result.map_err(|e| format!("{name}: {e}"))
    }

    fn print(&self) {
        println!("\n==> timings");
        for (name, secs) in &self.0 {
            println!("{secs:>8.1}s  {name}");
        }
        let total: f64 = self.0.iter().map(|(_, s)| s).sum();
        println!("{total:>8.1}s  total");
    }
}

/// The release wasm's build settings, for size (see BENCHMARKS.md): components type-erased;
/// std rebuilt with panics that abort at once (no formatting of panic messages); no source
/// locations and no `Debug` output (the app prints none); relocations kept, which the code
/// splitting needs (split.rs). std's `optimize_for_size` feature was left out: 0.5 KB brotli
/// for slower sorting and searching.
fn wasm_release_env(command: &mut Command) -> &mut Command {
    command
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "--cfg erase_components -Zunstable-options -Cpanic=immediate-abort \
             -Zlocation-detail=none -Zfmt-debug=none -Clink-arg=--emit-relocs",
        )
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
}

fn trunk_build() -> Result<(), String> {
    // Trunk runs cargo offline (it must never fetch tools), but a fresh machine has not yet
    // fetched the crates std is rebuilt from: this same build, online, gets them, and
    // Trunk's own cargo build then finds everything up to date.
    run_cmd(
        "cargo build (wasm, release)",
        wasm_release_env(&mut cargo()).args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "switchboard",
            "--bin",
            "switchboard",
        ]),
    )?;
    run_cmd(
        "trunk build",
        wasm_release_env(&mut Command::new("trunk"))
            .args(["build", "--release", "--offline"])
            .env("PATH", tools::tool_path())
            .env_remove("CARGO_TARGET_DIR")
            .current_dir(root()),
    )?;
    let split = crate::split::split(
        &root().join("target/wasm32-unknown-unknown/release/switchboard.wasm"),
        &root().join("dist"),
        &root().join("target/wasm-split"),
    )?;
    println!("split the wasm: main module {} bytes, {} lazy chunks", split.main_bytes, split.chunks);
    let moved = crate::boot::externalise_inline_scripts(&root().join("dist"), &split.build_hash)?;
    println!("moved {moved} inline script(s) of index.html into files (the CSP allows no inline script)");
    let count = crate::precompress::precompress(&root().join("dist"))?;
    println!("precompressed {count} files of dist/ (.br, .gz)");
    Ok(())
}

pub fn run(args: &[String]) -> Result<(), String> {
    let mut server_args = Vec::new();
    // The demo's phones, so that the Status page is live (server/src/simulation.rs).
    let mut simulate = true;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--addr" | "--database-url" => {
                let value = rest.next().ok_or_else(|| format!("{arg} needs a value"))?;
                server_args.extend([arg.clone(), value.clone()]);
            }
            "--no-simulation" => simulate = false,
            other => return Err(format!("unknown argument {other:?}; see `cargo xtask`")),
        }
    }
    build_release()?;
    println!("\n==> serving Switchboard (Ctrl-C stops it; the data stays in ./data for the next run)\n");
    // The server prints its URL and the demo sign-ins; Ctrl-C reaches it directly (same
    // process group) and it shuts down gracefully.
    let binary = root().join("target/server/switchboard-server");
    run_cmd(
        "switchboard-server",
        Command::new(binary)
            .args(["--demo-data", "demo", "--dist", "dist"])
            .args(simulate.then_some("--simulate-demo-agents"))
            .args(&server_args)
            .current_dir(root()),
    )
}

/// The release front end and server, as `run` and `cluster` serve them.
pub fn build_front_end() -> Result<(), String> {
    tools::ensure_build_tools()?;
    trunk_build()
}

pub fn build_release() -> Result<(), String> {
    let mut timings = Timings(Vec::new());
    timings.step("install missing tools", tools::ensure_build_tools)?;
    timings.step("build the front end (trunk, release)", trunk_build)?;
    timings.step("build the server (release)", || {
        run_cmd("cargo build", cargo().args(["build", "--profile", "server", "-p", "switchboard-server"]))
    })?;
    timings.print();
    Ok(())
}

pub fn test() -> Result<(), String> {
    let mut timings = Timings(Vec::new());
    let mut totals = Totals::default();
    timings.step("install missing tools", tools::ensure_build_tools)?;
    let (chrome, driver) = timings.step("install Chromium and chromedriver", tools::ensure_browser)?;
    let schemathesis = timings.step("install schemathesis", tools::ensure_schemathesis)?;
    let nginx = timings.step("install nginx", tools::ensure_nginx)?;
    let axe_core = timings.step("install axe-core", tools::ensure_axe_core)?;
    timings.step("cargo fmt --check", || run_cmd("cargo fmt", cargo().args(["fmt", "--all", "--check"])))?;
    timings.step("clippy (native, warnings denied)", || {
        run_cmd("clippy", cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
    })?;
    timings.step("clippy (wasm32 front end, warnings denied)", || {
        run_cmd(
            "clippy",
            cargo().args([
                "clippy",
                "-p",
                "switchboard",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        )
    })?;
    timings.step("build the front end (trunk, release)", trunk_build)?;
    // Removed when this function returns, passed or failed.
    let postgres = timings.step("start a throwaway PostgreSQL", || crate::postgres::Cluster::start("test"))?;
    let browser_env = |command: &mut Command| {
        command
            .env("SWITCHBOARD_TEST_POSTGRES", postgres.admin_url())
            .env("NGINX", &nginx)
            .env("CHROME", &chrome)
            .env("CHROMEDRIVER", &driver)
            .env("SWITCHBOARD_DIST", root().join("dist"))
            .env("SCHEMATHESIS", &schemathesis)
            .env("AXE_CORE", &axe_core)
            .env("PATH", tools::tool_path());
    };
    timings.step("unit, integration and browser end-to-end tests", || {
        let mut command = cargo();
        command.args(["test", "--workspace", "--", "--include-ignored"]);
        browser_env(&mut command);
        run_tests(&mut command, &mut totals)
    })?;
    timings.step("the API tests again, each on a new PostgreSQL database", || {
        let mut command = cargo();
        // (The tests of several instances ran above: they are PostgreSQL's already.)
        command.args([
            "test",
            "-p",
            "switchboard-server",
            "--test",
            "api",
            "--",
            "--include-ignored",
            "--skip",
            "instances::",
        ]);
        browser_env(&mut command);
        command.env("SWITCHBOARD_TEST_DATABASE", "postgres");
        run_tests(&mut command, &mut totals)
    })?;
    timings.step("front-end wasm tests in headless Chromium", || {
        let mut command = cargo();
        command.args(["test", "-p", "switchboard", "--target", "wasm32-unknown-unknown", "--test", "web"]);
        browser_env(&mut command);
        run_tests(&mut command, &mut totals)
    })?;
    timings.print();
    println!("\ntests: {} passed, {} failed, {} skipped", totals.passed, totals.failed, totals.ignored);
    Ok(())
}

#[derive(Default)]
struct Totals {
    passed: u64,
    failed: u64,
    ignored: u64,
}

/// Runs a test command, echoing its output and adding up its "test result:" lines.
fn run_tests(command: &mut Command, totals: &mut Totals) -> Result<(), String> {
    let mut child = command.stdout(Stdio::piped()).spawn().map_err(|e| format!("cannot start tests: {e}"))?;
    let stdout = child.stdout.take().expect("piped");
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        println!("{line}");
        if let Some(summary) = line.strip_prefix("test result: ") {
            let count = |word: &str| {
                summary
                    .split([';', '.'])
                    .map(str::trim)
                    .find_map(|part| part.strip_suffix(word).and_then(|n| n.trim().parse::<u64>().ok()))
                    .unwrap_or(0)
            };
            totals.passed += count(" passed");
            totals.failed += count(" failed");
            totals.ignored += count(" ignored");
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("tests failed ({status})"))
    }
}

pub fn bench(args: &[String]) -> Result<(), String> {
    const USAGE: &str = "usage: cargo xtask bench [--postgres | --instances N] [--only status-page|typing|overview]";
    // One part only (the Status page under load, with its frames' breakdown; or keystroke
    // to table), printed and not written: for working on a page without the whole run.
    let (only, args) = match args {
        [flag, part, rest @ ..] if flag == "--only" => match part.as_str() {
            "status-page" | "typing" | "overview" => (part.clone(), rest.to_vec()),
            _ => return Err(USAGE.into()),
        },
        _ => (String::new(), args.to_vec()),
    };
    // Several instances share one PostgreSQL, behind nginx.
    let instances: usize = match args.as_slice() {
        [] => 0,
        [flag] if flag == "--postgres" => 1,
        [flag, n] if flag == "--instances" => n.parse().ok().filter(|n| (2..=16).contains(n)).ok_or(USAGE)?,
        _ => return Err(USAGE.into()),
    };
    let postgres = instances > 0;
    let mut timings = Timings(Vec::new());
    timings.step("install missing tools", tools::ensure_build_tools)?;
    let (chrome, driver) = timings.step("install Chromium and chromedriver", tools::ensure_browser)?;
    let wrk = timings.step("install wrk", tools::ensure_wrk)?;
    let nginx = if instances > 1 { timings.step("install nginx", tools::ensure_nginx)? } else { PathBuf::new() };
    timings.step("build the front end (trunk, release)", trunk_build)?;
    timings.step("build the server and the benchmarks (release)", || {
        run_cmd(
            "cargo build",
            cargo().args(["build", "--profile", "server", "-p", "switchboard-server", "-p", "switchboard-bench"]),
        )
    })?;
    // Removed when this function returns.
    let cluster = if postgres {
        Some(timings.step("start a throwaway PostgreSQL", || crate::postgres::Cluster::start("bench"))?)
    } else {
        None
    };
    let database_url = match &cluster {
        Some(cluster) => cluster.create_database("bench")?,
        None => String::new(),
    };
    let out = match instances {
        0 => "bench/results.json",
        1 => "bench/results-postgres.json",
        _ => "bench/results-cluster.json",
    };
    timings.step("run the benchmarks", || {
        run_cmd(
            "switchboard-bench",
            Command::new(root().join("target/server/switchboard-bench"))
                .env("BENCH_SERVER", root().join("target/server/switchboard-server"))
                .env("BENCH_DIST", root().join("dist"))
                .env("BENCH_OUT", root().join(out))
                .env("BENCH_DATABASE_URL", &database_url)
                .env("BENCH_INSTANCES", instances.max(1).to_string())
                .env("BENCH_ONLY", &only)
                .env("NGINX", &nginx)
                .env("CHROME", &chrome)
                .env("CHROMEDRIVER", &driver)
                .env("WRK", &wrk)
                .current_dir(root()),
        )
    })?;
    timings.print();
    Ok(())
}

pub fn load(args: &[String]) -> Result<(), String> {
    let args: Vec<&String> = args.iter().filter(|a| a.as_str() != "--").collect();
    run_cmd(
        "switchboard-load",
        cargo()
            .args([
                "run",
                "--quiet",
                "--profile",
                "server",
                "-p",
                "switchboard-bench",
                "--bin",
                "switchboard-load",
                "--",
            ])
            .args(args),
    )
}
