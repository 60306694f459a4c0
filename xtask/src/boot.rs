//! Moves Trunk's inline start-up script out of index.html into a file of its own.
//!
//! The server's Content-Security-Policy allows scripts from the app's own origin only
//! (`script-src 'self'`, no 'unsafe-inline'), so that an injected inline script cannot
//! run. Trunk 0.21 writes the module that starts the wasm inline; this step puts it in
//! `dist/boot-<n>-<build hash>.js` (cached like every hashed file) and references it.

use std::fs;
use std::path::Path;

pub fn externalise_inline_scripts(dist: &Path, build_hash: &str) -> Result<usize, String> {
    let index = dist.join("index.html");
    let mut html = fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let mut moved = 0;
    while let Some(start) = find_inline_module(&html) {
        let body_start = html[start..].find('>').map(|i| start + i + 1).ok_or("an unclosed <script> tag")?;
        let end = html[body_start..].find("</script>").map(|i| body_start + i).ok_or("a <script> without its end")?;
        let name = format!("boot-{moved}-{build_hash}.js");
        fs::write(dist.join(&name), html[body_start..end].trim()).map_err(|e| format!("{name}: {e}"))?;
        html.replace_range(
            start..end + "</script>".len(),
            &format!("<script type=\"module\" src=\"/{name}\"></script>"),
        );
        moved += 1;
    }
    if html.contains("<script>") || html.contains("<script >") {
        return Err("index.html has a classic inline script this step does not move".into());
    }
    fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))?;
    Ok(moved)
}

/// The first `<script type="module">` without a `src`.
fn find_inline_module(html: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = html[from..].find("<script") {
        let start = from + i;
        let tag_end = start + html[start..].find('>')?;
        let tag = &html[start..tag_end];
        if tag.contains("type=\"module\"") && !tag.contains("src=") {
            return Some(start);
        }
        from = tag_end;
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_inline_module_becomes_a_file() {
        let dir = std::env::temp_dir().join(format!("boot-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("index.html"),
            "<head><script type=\"module\" src=\"/x.js\"></script><script type=\"module\">\nimport init from '/a.js';\nawait init();\n</script></head>",
        )
        .unwrap();
        assert_eq!(super::externalise_inline_scripts(&dir, "h1").unwrap(), 1);
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(html.contains("<script type=\"module\" src=\"/boot-0-h1.js\"></script>"), "{html}");
        assert!(html.contains("src=\"/x.js\""));
        assert_eq!(
            std::fs::read_to_string(dir.join("boot-0-h1.js")).unwrap(),
            "import init from '/a.js';\nawait init();"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
