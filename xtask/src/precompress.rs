//! Precompresses the front end's text and wasm files at build time, so the server sends
//! brotli (or gzip) at the best quality without compressing on every request: the server's
//! `ServeDir` picks `name.br` / `name.gz` by the browser's Accept-Encoding.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

const COMPRESSIBLE: [&str; 6] = ["html", "js", "css", "wasm", "svg", "json"];

/// Writes `.br` and `.gz` beside every compressible file of `dist`; returns how many files.
pub fn precompress(dist: &Path) -> Result<usize, String> {
    let mut count = 0;
    let entries = fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if path.is_dir() {
            count += precompress(&path)?;
        } else if COMPRESSIBLE.contains(&extension) {
            let raw = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            write(&path, "br", &brotli(&raw))?;
            write(&path, "gz", &gzip(&raw))?;
            count += 1;
        }
    }
    Ok(count)
}

fn write(path: &Path, suffix: &str, bytes: &[u8]) -> Result<(), String> {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    let mut file = File::create(&name).map_err(|e| format!("{}: {e}", path.display()))?;
    file.write_all(bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn brotli(raw: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params).expect("brotli into memory");
    out
}

fn gzip(raw: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(raw).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    #[test]
    fn both_encodings_round_trip() {
        let raw = b"<p>Switchboard</p>".repeat(200);
        let mut unbrotli = Vec::new();
        brotli::BrotliDecompress(&mut &super::brotli(&raw)[..], &mut unbrotli).unwrap();
        assert_eq!(unbrotli, raw);
        let mut ungzip = Vec::new();
        flate2::read::GzDecoder::new(&super::gzip(&raw)[..]).read_to_end(&mut ungzip).unwrap();
        assert_eq!(ungzip, raw);
        assert!(super::brotli(&raw).len() < raw.len() / 10);
    }
}
