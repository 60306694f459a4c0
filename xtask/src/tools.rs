//! Installs the build and test tools the project needs, each only when missing:
//! from crates.io (trunk, wasm-bindgen-cli), npm (binaryen's wasm-opt) and Debian
//! (Chromium and chromedriver). Nothing downloads a prebuilt binary.

use crate::steps::{cargo, command_output, root, run_cmd};
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TRUNK_SERIES: &str = "0.21";
/// npm's binaryen; Debian's wasm-opt 108 breaks the app at run time (TOOLCHAIN.md).
pub const BINARYEN_VERSION: &str = "132";

/// Where npm puts wasm-opt: inside the checkout, ignored by git.
pub fn binaryen_bin() -> PathBuf {
    root().join(".tools/binaryen/node_modules/.bin")
}

/// PATH with the project's own tools first, for Trunk to find wasm-opt.
pub fn tool_path() -> String {
    let mut paths = vec![binaryen_bin()];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        paths.push(home.join("bin"));
    }
    paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    std::env::join_paths(paths).expect("PATH entries are valid").to_string_lossy().into_owned()
}

fn version_of(program: &str, arg: &str) -> Option<String> {
    let output = Command::new(program).arg(arg).env("PATH", tool_path()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
pub fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock names no wasm-bindgen version".into())
}

pub fn ensure_build_tools() -> Result<(), String> {
    ensure_toolchain_parts()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_wasm_opt()
}

/// rust-toolchain.toml names the wasm target and rust-src, but rustup adds them only when it
/// installs the toolchain itself; a machine that already has nightly may lack them.
fn ensure_toolchain_parts() -> Result<(), String> {
    ensure_rustup_part("target", "wasm32-unknown-unknown")?;
    // The release wasm rebuilds std from source (steps.rs), which needs rust-src.
    ensure_rustup_part("component", "rust-src")
}

fn ensure_rustup_part(kind: &str, name: &str) -> Result<(), String> {
    let installed = command_output(Command::new("rustup").args([kind, "list", "--installed"]).current_dir(root()))
        .unwrap_or_default();
    if installed.lines().any(|l| l.trim() == name) {
        return Ok(());
    }
    run_cmd(&format!("install the {kind} {name}"), Command::new("rustup").args([kind, "add", name]).current_dir(root()))
}

fn ensure_trunk() -> Result<(), String> {
    if version_of("trunk", "--version").is_some_and(|v| v.contains(&format!(" {TRUNK_SERIES}."))) {
        return Ok(());
    }
    println!("xtask: installing trunk {TRUNK_SERIES} from crates.io (about 10 minutes, once per machine)");
    run_cmd("install trunk", cargo().args(["install", "trunk", "--version", &format!("~{TRUNK_SERIES}"), "--locked"]))
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let version = locked_wasm_bindgen()?;
    if version_of("wasm-bindgen", "--version").is_some_and(|v| v == format!("wasm-bindgen {version}")) {
        return Ok(());
    }
    println!("xtask: installing wasm-bindgen-cli {version} (the version in Cargo.lock)");
    let pinned = format!("={version}");
    let locked = run_cmd(
        "install wasm-bindgen-cli (locked)",
        cargo().args(["install", "wasm-bindgen-cli", "--version", &pinned, "--locked", "--force"]),
    );
    if locked.is_ok() {
        return locked;
    }
    // Its own lockfile can name a dependency version the registry here does not serve yet
    // (seen: webpki-roots 1.0.11); the same CLI version resolves against what is served.
    println!(
        "xtask: the locked install failed; installing wasm-bindgen-cli {version} with fresh dependency resolution"
    );
    run_cmd("install wasm-bindgen-cli", cargo().args(["install", "wasm-bindgen-cli", "--version", &pinned, "--force"]))
}

fn ensure_wasm_opt() -> Result<(), String> {
    let wasm_opt = binaryen_bin().join("wasm-opt");
    if version_of(&wasm_opt.to_string_lossy(), "--version")
        .is_some_and(|v| v.contains(&format!("version {BINARYEN_VERSION}")))
    {
        return Ok(());
    }
    npm_install("binaryen", BINARYEN_VERSION, "binaryen")
}

/// Installs `package@version` from npm into the checkout's `.tools/<folder>` (npm itself
/// from Debian's packages when missing).
fn npm_install(package: &str, version: &str, folder: &str) -> Result<(), String> {
    if version_of("npm", "--version").is_none() {
        install_debian(&["nodejs", "npm"], &format!("npm, for {package}"))?;
    }
    let prefix = root().join(".tools").join(folder);
    std::fs::create_dir_all(&prefix).map_err(|e| format!("creating {}: {e}", prefix.display()))?;
    run_cmd(
        &format!("install {package} (npm)"),
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--no-save", &format!("{package}@{version}")])
            .current_dir(&prefix),
    )
}

/// axe-core, pinned, from npm: the accessibility checker the browser tests run in every page.
const AXE_CORE_VERSION: &str = "4.10.3";

/// axe-core's script for the browser tests. Returns its path.
pub fn ensure_axe_core() -> Result<PathBuf, String> {
    let prefix = root().join(".tools/axe-core");
    let script = prefix.join("node_modules/axe-core/axe.min.js");
    let package = prefix.join("node_modules/axe-core/package.json");
    let installed =
        std::fs::read_to_string(&package).is_ok_and(|p| p.contains(&format!("\"version\": \"{AXE_CORE_VERSION}\"")));
    if installed && script.is_file() {
        return Ok(script);
    }
    npm_install("axe-core", AXE_CORE_VERSION, "axe-core")?;
    Ok(script)
}

/// schemathesis, pinned, from PyPI into a virtual environment of the checkout's `.tools/`.
const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// schemathesis for the API contract test. Returns the path of its command.
pub fn ensure_schemathesis() -> Result<PathBuf, String> {
    let venv = root().join(".tools/schemathesis");
    let command = venv.join("bin/schemathesis");
    if version_of(&command.to_string_lossy(), "--version").is_some_and(|v| v.contains(SCHEMATHESIS_VERSION)) {
        return Ok(command);
    }
    if version_of("python3", "--version").is_none()
        || command_output(Command::new("python3").args(["-m", "venv", "--help"])).is_none()
    {
        install_debian(&["python3", "python3-venv"], "Python 3 and its venv module, for schemathesis,")?;
    }
    let _ = std::fs::remove_dir_all(&venv);
    run_cmd("python3 -m venv (schemathesis)", Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    run_cmd(
        "install schemathesis (PyPI)",
        Command::new(venv.join("bin/pip")).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            &format!("schemathesis=={SCHEMATHESIS_VERSION}"),
        ]),
    )?;
    Ok(command)
}

/// Chromium and chromedriver for the browser tests. Returns their paths.
pub fn ensure_browser() -> Result<(PathBuf, PathBuf), String> {
    let chrome = env_path("CHROME", "/usr/bin/chromium");
    let driver = env_path("CHROMEDRIVER", "/usr/bin/chromedriver");
    if !chrome.exists() || !driver.exists() {
        install_debian(&["chromium", "chromium-driver"], "Chromium and chromedriver, for the browser tests")?;
    }
    for path in [&chrome, &driver] {
        if !path.exists() {
            return Err(format!("{} is still missing after installing", path.display()));
        }
    }
    Ok((chrome, driver))
}

/// wrk, the HTTP load generator of the benchmarks, from Debian's packages. Returns its path.
pub fn ensure_wrk() -> Result<PathBuf, String> {
    let wrk = env_path("WRK", "/usr/bin/wrk");
    if !wrk.exists() {
        install_debian(&["wrk"], "wrk, the load generator of the benchmarks,")?;
    }
    if !wrk.exists() {
        return Err(format!("{} is still missing after installing", wrk.display()));
    }
    Ok(wrk)
}

/// nginx, the load balancer of `cargo xtask cluster`, from Debian's packages.
pub fn ensure_nginx() -> Result<PathBuf, String> {
    let nginx = env_path("NGINX", "/usr/sbin/nginx");
    if !nginx.exists() {
        install_debian(&["nginx"], "nginx, the load balancer of the cluster,")?;
    }
    if !nginx.exists() {
        return Err(format!("{} is still missing after installing", nginx.display()));
    }
    Ok(nginx)
}

fn env_path(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(default))
}

pub fn install_debian(packages: &[&str], why: &str) -> Result<(), String> {
    let is_root = command_output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    if !is_root || !Path::new("/usr/bin/apt-get").exists() {
        return Err(format!(
            "{why} are missing. Install the Debian packages {} (sudo apt-get install {}), then run this again.",
            packages.join(" and "),
            packages.join(" ")
        ));
    }
    println!("xtask: installing {} from Debian's packages", packages.join(", "));
    run_cmd("apt-get update", Command::new("apt-get").args(["update", "-qq"]))?;
    run_cmd(
        "apt-get install",
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}
