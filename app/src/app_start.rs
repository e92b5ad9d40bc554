//! The script that starts the app in the browser (server only), in place of Leptos's
//! `HydrationScripts`.
//!
//! It fetches the app's code only once the page's own content has been painted: the
//! wasm-bindgen glue, the main wasm and the chunks of the route being opened (the split
//! loader first, see `chunk_preload`), all at once, then hydrates. `HydrationScripts` puts
//! the main wasm's preload in the `<head>`, and the chunks' preloads were there too: on a
//! slow link (HTTP/1.1 has no priorities across connections) about 250 KB of code then
//! competed with the page's own HTML and stylesheet, and Lighthouse measured the largest
//! paint at 2-4 s where the first one came at 1 s. Its `defer` option only lowers their
//! priority, which a phone's link does not see.

use crate::chunk_preload::{deployed, preloads};
use leptos::config::LeptosOptions;
use leptos::prelude::*;
use std::sync::OnceLock;

const SCRIPT: &str = include_str!("app_start.js");

/// The file names of the wasm-bindgen glue and the main wasm, as `cargo leptos` deployed
/// them (hashed with `hash-files`, as `HydrationScripts` reads them).
fn main_files(options: &LeptosOptions) -> &'static (String, String) {
    static FILES: OnceLock<(String, String)> = OnceLock::new();
    FILES.get_or_init(|| {
        let hashes = options
            .hash_files
            .then(|| std::env::current_exe().ok()?.parent().map(|dir| dir.join(&*options.hash_file)))
            .flatten()
            .and_then(|file| std::fs::read_to_string(file).ok())
            .unwrap_or_default();
        main_names(&options.output_name, &hashes, option_env!("LEPTOS_OUTPUT_NAME").is_some())
    })
}

/// `(glue, wasm)` file names: `name.<hash>.js` and `name.<hash>.wasm` from the hash file's
/// `js:` and `wasm:` lines when it has them, else `name.js` and `name.wasm` (`name_bg.wasm`
/// outside cargo-leptos).
pub fn main_names(name: &str, hash_file: &str, by_cargo_leptos: bool) -> (String, String) {
    let hash =
        |key: &str| hash_file.lines().find_map(|line| line.trim().strip_prefix(key)?.strip_prefix(':').map(|h| h.trim().to_string()));
    let js = hash("js").map_or_else(|| format!("{name}.js"), |h| format!("{name}.{h}.js"));
    let wasm = match hash("wasm") {
        Some(h) => format!("{name}.{h}.wasm"),
        None if by_cargo_leptos => format!("{name}.wasm"),
        None => format!("{name}_bg.wasm"),
    };
    (js, wasm)
}

/// The arguments of [`SCRIPT`]: what to preload, the glue and the main wasm, as JSON that
/// cannot close the `<script>` element it sits in.
pub fn script_arguments(preload: &[String], js: &str, wasm: &str) -> String {
    let json = |value: serde_json::Value| value.to_string().replace('<', "\\u003c");
    format!("{}, {}, {}", json(preload.into()), json(js.into()), json(wasm.into()))
}

/// The inline script (with this response's CSP nonce) that starts the app for this page.
#[component]
pub fn AppStart(options: LeptosOptions) -> impl IntoView {
    let path = use_context::<http::request::Parts>().map(|parts| parts.uri.path().to_string()).unwrap_or_default();
    let pkg = &options.site_pkg_dir;
    let (js, wasm) = main_files(&options);
    let (js, wasm) = (format!("/{pkg}/{js}"), format!("/{pkg}/{wasm}"));
    let mut preload = vec![wasm.clone()];
    preload.extend(preloads(deployed(&options), pkg, &path));
    // The words of the page's language, which the app needs before it can hydrate (the
    // staff screens' own part too, on theirs).
    let lang = crate::i18n::current_lang();
    preload.push(crate::i18n::catalogue_url(lang));
    if crate::i18n::needs_pages(&path) {
        preload.push(crate::i18n::part_url(lang, crate::i18n::PAGES_PART));
    }
    if crate::i18n::is_staff_path(&path) {
        preload.push(crate::i18n::part_url(lang, crate::i18n::STAFF_PART));
    }
    // A kiosk speaks every language, and has words of its own in each.
    if crate::i18n::is_kiosk_path(&path) {
        for other in crate::domain::text::Lang::ALL {
            if other != lang {
                preload.push(crate::i18n::catalogue_url(other));
            }
            preload.push(crate::i18n::part_url(other, crate::i18n::KIOSK_PART));
        }
    }
    let call = format!("{SCRIPT}({});", script_arguments(&preload, &js, &wasm));
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{call}</script> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_hashed_files_cargo_leptos_deployed() {
        let hashes = "js: J1\nwasm: W2\ncss: C3\nsplit: S4\n";
        assert_eq!(main_names("civico", hashes, true), ("civico.J1.js".into(), "civico.W2.wasm".into()));
        assert_eq!(main_names("civico", "", true), ("civico.js".into(), "civico.wasm".into()));
        assert_eq!(main_names("civico", "", false), ("civico.js".into(), "civico_bg.wasm".into()));
    }

    #[test]
    fn the_arguments_cannot_end_the_script() {
        let args = script_arguments(&["/pkg/a.wasm".into(), "</script><script>x".into()], "/pkg/c.js", "/pkg/a.wasm");
        assert_eq!(args, r#"["/pkg/a.wasm","\u003c/script>\u003cscript>x"], "/pkg/c.js", "/pkg/a.wasm""#);
        assert!(SCRIPT.trim_end().ends_with(')'), "the script is a function expression, called with the arguments");
    }
}
