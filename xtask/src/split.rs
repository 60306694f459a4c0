//! Code splitting of the release wasm, after Trunk's build.
//!
//! The pages sign-in and Authorize Admins do not need are lazy routes (src/lazy_pages.rs):
//! their code is behind `wasm_split` points. Trunk 0.21 cannot split a wasm
//! (trunk-rs/trunk#1022), so this step does what cargo-leptos does: split cargo's wasm into the
//! main module, one chunk per lazy page and chunks of code those pages share, run wasm-bindgen
//! on the main module and wasm-opt on every piece, and put them in `dist/` in place of Trunk's
//! (same hashed names, so index.html is unchanged; Trunk's own wasm-opt pass is off,
//! `data-wasm-opt="0"`, and so is its integrity hash, which would name Trunk's bytes). The
//! chunks and their loader go in `dist/split-<hash>/`, named for the build, which the server
//! caches like any hashed asset.

use crate::steps::run_cmd;
use crate::tools;
use std::fs;
use std::path::Path;
use std::process::Command;

/// What the split produced, for the build's log.
pub struct Split {
    pub chunks: usize,
    pub main_bytes: u64,
    /// Trunk's hash of this build, for naming other files of it.
    pub build_hash: String,
}

/// `raw_wasm` is cargo's output (linked with `--emit-relocs`); `dist` holds Trunk's build.
pub fn split(raw_wasm: &Path, dist: &Path, work: &Path) -> Result<Split, String> {
    let stem = trunk_wasm_stem(dist)?;
    let hash = stem.rsplit_once('-').map(|(_, hash)| hash).ok_or("Trunk's wasm has no hash")?;
    let chunk_dir_name = format!("split-{hash}");
    let _ = fs::remove_dir_all(work);
    // The loader is written at `work/<link_name>`, whose folder must exist.
    fs::create_dir_all(work.join(&chunk_dir_name)).map_err(|e| format!("{}: {e}", work.display()))?;

    let input = fs::read(raw_wasm).map_err(|e| format!("{}: {e}", raw_wasm.display()))?;
    let main_wasm = work.join("main.wasm");
    // The main module imports the loader by this path, relative to the main JS (dist/);
    // the loader imports `initSync` from the main JS, relative to itself.
    let link_name = format!("./{chunk_dir_name}/loader.js");
    let main_module = format!("../{stem}.js");
    let result = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = work;
        options.main_out_path = &main_wasm;
        options.link_name = &link_name;
        options.main_module = &main_module;
        options
    })
    .map_err(|e| format!("splitting the wasm: {e}"))?;

    let chunk_dir = dist.join(&chunk_dir_name);
    fs::create_dir_all(&chunk_dir).map_err(|e| format!("{}: {e}", chunk_dir.display()))?;
    let loader = work.join(&chunk_dir_name).join("loader.js");
    fs::rename(&loader, chunk_dir.join("loader.js")).map_err(|e| format!("{}: {e}", loader.display()))?;
    for chunk in &result.split_modules {
        let name = chunk.file_name().ok_or("a chunk without a name")?;
        wasm_opt(chunk, &chunk_dir.join(name))?;
    }

    let bindgen_out = work.join("bindgen");
    run_cmd(
        "wasm-bindgen (split main module)",
        Command::new("wasm-bindgen")
            .env("PATH", tools::tool_path())
            .args(["--target", "web", "--no-typescript", "--keep-lld-exports", "--out-name", &stem])
            .arg("--out-dir")
            .arg(&bindgen_out)
            .arg(&main_wasm),
    )?;
    let main_js = format!("{stem}.js");
    fs::copy(bindgen_out.join(&main_js), dist.join(&main_js)).map_err(|e| format!("{main_js}: {e}"))?;
    let main_out = dist.join(format!("{stem}_bg.wasm"));
    wasm_opt(&bindgen_out.join(format!("{stem}_bg.wasm")), &main_out)?;
    let main_bytes = fs::metadata(&main_out).map_err(|e| e.to_string())?.len();
    Ok(Split { chunks: result.split_modules.len(), main_bytes, build_hash: hash.to_string() })
}

/// Trunk's `switchboard-<hash>_bg.wasm` in dist: its stem without `_bg`.
fn trunk_wasm_stem(dist: &Path) -> Result<String, String> {
    let entries = fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries {
        let name = entry.map_err(|e| e.to_string())?.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix("_bg.wasm") {
            return Ok(stem.to_owned());
        }
    }
    Err(format!("no *_bg.wasm in {}: did Trunk's build run?", dist.display()))
}

fn wasm_opt(input: &Path, output: &Path) -> Result<(), String> {
    run_cmd(
        "wasm-opt",
        Command::new(tools::binaryen_bin().join("wasm-opt")).arg("-Oz").arg(input).arg("-o").arg(output),
    )
}
