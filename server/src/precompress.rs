//! Brotli and gzip copies of the built assets, made once at start so every phone gets
//! the smallest file without the server compressing it on each request.

use std::io::Write;
use std::path::Path;

/// Extensions worth compressing.
const COMPRESSIBLE: [&str; 5] = ["js", "wasm", "css", "svg", "json"];

/// Writes `file.br` and `file.gz` beside each compressible file under `dir` that lacks
/// an up-to-date copy. Returns how many files were compressed.
pub fn precompress_dir(dir: &Path) -> std::io::Result<usize> {
    let mut done = 0;
    if !dir.is_dir() {
        return Ok(0);
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            done += precompress_dir(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let modified = path.metadata()?.modified()?;
        let fresh = |suffix: &str| {
            let copy = path.with_extension(format!("{ext}.{suffix}"));
            copy.metadata().and_then(|m| m.modified()).map(|m| m >= modified).unwrap_or(false)
        };
        if fresh("br") && fresh("gz") {
            continue;
        }
        let data = std::fs::read(&path)?;
        let mut br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut br, 64 * 1024, 11, 22);
            w.write_all(&data)?;
        }
        std::fs::write(path.with_extension(format!("{ext}.br")), &br)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&data)?;
        std::fs::write(path.with_extension(format!("{ext}.gz")), gz.finish()?)?;
        done += 1;
    }
    Ok(done)
}

/// The hashed assets built into the binary: the interface's catalogues
/// (`strings-<code>.<hash>.json`) and the stylesheets kept out of the first visit
/// (`kiosk.<hash>.css`, `staff.<hash>.css`).
fn built_in() -> Vec<(&'static str, &'static str)> {
    app::i18n::catalogue_files().chain(app::style::all()).collect()
}

/// Whether `name` is one of [`built_in`]'s kinds of file, of this build or another.
fn is_built_in_kind(name: &str) -> bool {
    let css = |kind: &str| name.starts_with(kind) && name.ends_with(".css");
    (name.starts_with("strings-") && name.ends_with(".json")) || css("kiosk.") || css("staff.")
}

/// Writes the assets built into the binary into `dir` before it is compressed, so they are
/// served, compressed and precached like the other hashed assets; removes those of other
/// builds. Returns how many it wrote.
pub fn write_built_in(dir: &Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let current = built_in();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let base = name.trim_end_matches(".br").trim_end_matches(".gz");
        if is_built_in_kind(base) && !current.iter().any(|(n, _)| *n == base) {
            std::fs::remove_file(dir.join(&name))?;
        }
    }
    let mut written = 0;
    for (name, json) in current {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(json) {
            std::fs::write(&path, json)?;
            written += 1;
        }
    }
    Ok(written)
}

/// Strips the comments and indentation from the split build's chunk loader
/// (`__wasm_split.<hash>.js`), which cargo-leptos does not minify as it does the main
/// script: one `/* … */` line naming the pieces of every chunk, most of it, and it is part
/// of every first visit. Line by line, so only whole-line comments and blank space go,
/// and only when no line can continue a string (a backtick or a trailing backslash): the
/// same file gives the same bytes, so its hashed name still names one content. Returns
/// how many files it rewrote.
pub fn minify_split_loader(dir: &Path) -> std::io::Result<usize> {
    let is_loader = |name: &str| name.starts_with("__wasm_split.") && name.ends_with(".js");
    rewrite_files(dir, is_loader, |bytes| std::str::from_utf8(bytes).ok().and_then(minify_lines).map(String::into_bytes))
}

/// Rewrites in place the files directly in `dir` whose name `picks`, where `rewrite` gives
/// other bytes (`None` leaves a file as it is). Returns how many it rewrote.
pub fn rewrite_files(dir: &Path, picks: impl Fn(&str) -> bool, rewrite: impl Fn(&[u8]) -> Option<Vec<u8>>) -> std::io::Result<usize> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(0) };
    let mut rewritten = 0;
    for entry in entries {
        let path = entry?.path();
        if !path.file_name().and_then(|n| n.to_str()).is_some_and(&picks) {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        if let Some(new) = rewrite(&bytes).filter(|new| *new != bytes) {
            std::fs::write(&path, new)?;
            rewritten += 1;
        }
    }
    Ok(rewritten)
}

/// `script` without blank lines, whole-line comments and indentation, or `None` where a
/// line might be inside a string or a comment that spans lines.
fn minify_lines(script: &str) -> Option<String> {
    let mut small = String::with_capacity(script.len() / 2);
    for line in script.lines().map(str::trim) {
        if line.contains('`') || line.ends_with('\\') {
            return None;
        }
        let one_comment = line.starts_with("/*") && line.find("*/") == Some(line.len() - 2);
        if line.is_empty() || line.starts_with("//") || one_comment {
            continue;
        }
        if line.contains("/*") && !line.contains("*/") {
            return None;
        }
        small.push_str(line);
        small.push('\n');
    }
    Some(small)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compresses_once_and_skips_other_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("app.js"), "console.log('civico');".repeat(100)).unwrap();
        std::fs::write(dir.path().join("photo.png"), [0u8; 100]).unwrap();
        assert_eq!(precompress_dir(dir.path()).unwrap(), 1);
        let br = std::fs::read(dir.path().join("app.js.br")).unwrap();
        assert!(br.len() < 200, "brotli output is small: {}", br.len());
        assert!(dir.path().join("app.js.gz").exists());
        assert!(!dir.path().join("photo.png.br").exists());
        assert_eq!(precompress_dir(dir.path()).unwrap(), 0, "up-to-date copies are kept");
    }

    #[test]
    fn built_in_assets_are_written_once_and_old_ones_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("strings-it.0000000000000000.json"), "[]").unwrap();
        std::fs::write(dir.path().join("strings-it.0000000000000000.json.br"), "x").unwrap();
        std::fs::write(dir.path().join("kiosk.0000000000000000.css"), "").unwrap();
        let n = write_built_in(dir.path()).unwrap();
        assert_eq!(n, app::i18n::catalogue_files().count() + 2, "every part of every language, and the two stylesheets");
        assert!(!dir.path().join("strings-it.0000000000000000.json").exists(), "a catalogue of another build is removed");
        assert!(!dir.path().join("strings-it.0000000000000000.json.br").exists(), "with its compressed copies");
        assert!(!dir.path().join("kiosk.0000000000000000.css").exists());
        let css = std::fs::read_to_string(dir.path().join(app::style::KIOSK_CSS_FILE)).unwrap();
        assert!(css.contains(".kiosk-attract"));
        let css = std::fs::read_to_string(dir.path().join(app::style::STAFF_CSS_FILE)).unwrap();
        assert!(css.contains(".desk-person"));
        assert_eq!(write_built_in(dir.path()).unwrap(), 0, "files already there are kept");
        let url = app::i18n::catalogue_url(app::domain::text::Lang::Ar);
        let name = url.trim_start_matches("/pkg/");
        let strings: Vec<String> = serde_json::from_str(&std::fs::read_to_string(dir.path().join(name)).unwrap()).unwrap();
        assert!(strings.iter().any(|s| s.contains("العربية") || s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))));
    }

    #[test]
    fn the_chunk_loader_loses_comments_and_indentation_only() {
        let loader = "import { initSync } from \"./civico.js\";\n\nfunction makeLoad(fetcher, deps) {\n    const loader = async () => {\n        // Memoize successes only\n        return deps.map(d => d()); /* kept */\n    };\n}\n/* split_a, split_b */\nconst __chunk_1 = makeLoad(() => async (_imp) => ({}), []);\n";
        assert_eq!(
            minify_lines(loader).unwrap(),
            "import { initSync } from \"./civico.js\";\nfunction makeLoad(fetcher, deps) {\nconst loader = async () => {\nreturn deps.map(d => d()); /* kept */\n};\n}\nconst __chunk_1 = makeLoad(() => async (_imp) => ({}), []);\n"
        );
        assert_eq!(minify_lines("const a = `one\n    two`;\n"), None, "a template string may span lines");
        assert_eq!(minify_lines("const a = 'one\\\n    two';\n"), None, "so may a continued string");
        assert_eq!(minify_lines("/* a comment\n   // still the comment */\nx();\n"), None, "a comment over lines is left alone");
    }

    #[test]
    fn only_the_chunk_loader_is_rewritten_and_once() {
        let dir = tempfile::tempdir().unwrap();
        let loader = "/* split_a */\nconst __chunk_0 = makeLoad(() => async (_imp) => ({}), []);\n";
        std::fs::write(dir.path().join("__wasm_split.abc.js"), loader).unwrap();
        std::fs::write(dir.path().join("civico.abc.js"), loader).unwrap();
        assert_eq!(minify_split_loader(dir.path()).unwrap(), 1);
        let small = std::fs::read_to_string(dir.path().join("__wasm_split.abc.js")).unwrap();
        assert_eq!(small, "const __chunk_0 = makeLoad(() => async (_imp) => ({}), []);\n");
        assert_eq!(std::fs::read_to_string(dir.path().join("civico.abc.js")).unwrap(), loader, "other scripts are left alone");
        assert_eq!(minify_split_loader(dir.path()).unwrap(), 0, "a minified loader is not written again");
    }
}
