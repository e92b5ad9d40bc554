//! The wasm chunks the page being served will hydrate with (server only), for the start
//! script to preload (`app_start`).
//!
//! A lazy route cannot hydrate before its chunks arrive; without these links the browser
//! learns about them only once the main wasm runs, a whole extra round of downloads on a
//! slow link. Leptos 0.8 means to add them itself but does not (issue 9), so the shell does,
//! from the split manifest `cargo leptos build --split` writes next to the chunks.

use leptos::config::LeptosOptions;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What `--split` deployed: the loader script, and each split's modules (file stems).
#[derive(Debug, Default, PartialEq)]
pub struct SplitFiles {
    pub loader: Option<String>,
    pub modules: HashMap<String, Vec<String>>,
}

/// The lazy route a path hydrates with, as the prefix of its split's name
/// (`__<route in snake case>_view_<hash>`, see `app.rs`).
pub fn route_split(path: &str) -> Option<&'static str> {
    let path = path.trim_end_matches('/');
    match path {
        "/agenda" => Some("__agenda_route_view_"),
        "/services" => Some("__services_route_view_"),
        _ if path.starts_with("/services/") => Some("__service_route_view_"),
        _ if path.starts_with("/hubs/") => Some("__hub_route_view_"),
        _ if path.starts_with("/activities/") => Some("__activity_route_view_"),
        _ => None,
    }
}

/// Reads the hash file's `manifest:` and `split:` lines (cargo-leptos writes them with
/// `hash-files`): the hashed names of the split manifest and of the loader script.
pub fn split_names(hash_file: &str) -> (Option<String>, Option<String>) {
    let value =
        |key: &str| hash_file.lines().find_map(|line| line.trim().strip_prefix(key)?.strip_prefix(':').map(|h| h.trim().to_string()));
    (value("manifest").map(|h| format!("__wasm_split_manifest.{h}.json")), value("split").map(|h| format!("__wasm_split.{h}.js")))
}

/// The `/pkg/…` files to preload for `path`: the loader script first, then the route's wasm.
pub fn preloads(files: &SplitFiles, pkg: &str, path: &str) -> Vec<String> {
    let Some(loader) = &files.loader else { return Vec::new() };
    let mut out = vec![format!("/{pkg}/{loader}")];
    if let Some(prefix) = route_split(path)
        && let Some(modules) = files.modules.iter().find_map(|(name, modules)| name.starts_with(prefix).then_some(modules))
    {
        out.extend(modules.iter().map(|m| format!("/{pkg}/{m}.wasm")));
    }
    out
}

/// The deployed split files, read once. A build without `--split` (or with no site on
/// disk, as in tests) has none, and pages then carry no chunk preloads.
pub fn deployed(options: &LeptosOptions) -> &'static SplitFiles {
    static FILES: OnceLock<SplitFiles> = OnceLock::new();
    FILES.get_or_init(|| read_deployed(options).unwrap_or_default())
}

fn read_deployed(options: &LeptosOptions) -> Option<SplitFiles> {
    let pkg = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let (manifest, loader) = if options.hash_files {
        // Where Leptos itself looks for it: beside the server binary.
        let exe = std::env::current_exe().ok()?;
        split_names(&std::fs::read_to_string(exe.parent()?.join(&*options.hash_file)).ok()?)
    } else {
        (Some("__wasm_split_manifest.json".into()), Some("__wasm_split.______________________.js".into()))
    };
    let modules = serde_json::from_str(&std::fs::read_to_string(pkg.join(manifest?)).ok()?).ok()?;
    let loader = loader.filter(|name| pkg.join(name).is_file());
    Some(SplitFiles { loader, modules })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lazy_page_names_its_split_and_the_home_page_none() {
        assert_eq!(route_split("/"), None);
        assert_eq!(route_split("/offline"), None);
        assert_eq!(route_split("/agenda"), Some("__agenda_route_view_"));
        assert_eq!(route_split("/agenda/"), Some("__agenda_route_view_"));
        assert_eq!(route_split("/services"), Some("__services_route_view_"));
        assert_eq!(route_split("/services/12"), Some("__service_route_view_"));
        assert_eq!(route_split("/hubs/3"), Some("__hub_route_view_"));
        assert_eq!(route_split("/activities/8"), Some("__activity_route_view_"));
        assert_eq!(route_split("/hubsx"), None);
    }

    #[test]
    fn reads_the_hashed_names_from_the_hash_file() {
        let hashes = "js: a\nwasm: b\ncss: c\nmanifest: M1\nsplit: S2\n";
        assert_eq!(split_names(hashes), (Some("__wasm_split_manifest.M1.json".into()), Some("__wasm_split.S2.js".into())));
        assert_eq!(split_names("js: a\nwasm: b\n"), (None, None));
    }

    #[test]
    fn preloads_the_loader_and_the_route_modules_only() {
        let files = SplitFiles {
            loader: Some("__wasm_split.S.js".into()),
            modules: HashMap::from([
                ("__hub_route_view_123".to_string(), vec!["chunk_1.x".to_string(), "split___hub_route_view_123.y".to_string()]),
                ("pull_9".to_string(), vec!["split_pull_9.z".to_string()]),
            ]),
        };
        assert_eq!(
            preloads(&files, "pkg", "/hubs/2"),
            ["/pkg/__wasm_split.S.js", "/pkg/chunk_1.x.wasm", "/pkg/split___hub_route_view_123.y.wasm"]
        );
        assert_eq!(preloads(&files, "pkg", "/"), ["/pkg/__wasm_split.S.js"]);
        assert_eq!(preloads(&files, "pkg", "/agenda"), ["/pkg/__wasm_split.S.js"]);
        assert!(preloads(&SplitFiles::default(), "pkg", "/hubs/2").is_empty());
    }
}
