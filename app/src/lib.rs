//! Civico: the app that neighbourhood civic hubs run on.
//!
//! `domain` holds the pure rules; `features` the pages and their server functions;
//! `store` (server only) the storage boundary. Rendered on the server (`ssr`) and
//! hydrated in the browser (`hydrate`).
#![forbid(unsafe_code)]
#![recursion_limit = "256"]

pub mod app;
#[cfg(feature = "ssr")]
pub mod app_start;
#[cfg(feature = "ssr")]
pub mod chunk_preload;
pub mod codec;
pub mod components;
pub mod content;
#[cfg(feature = "ssr")]
pub mod cookies;
pub mod domain;
pub mod error;
pub mod features;
pub mod i18n;
#[cfg(feature = "hydrate")]
pub mod js;
#[cfg(feature = "ssr")]
pub mod store;
/// The stylesheets kept out of the first download (`build.rs` names them by their hash):
/// the kiosk's, the staff screens'.
pub mod style {
    include!(concat!(env!("OUT_DIR"), "/styles.rs"));

    /// Every one of them, as (file name, text), for the server to write into `/pkg`.
    #[cfg(not(feature = "hydrate"))]
    pub fn all() -> [(&'static str, &'static str); 2] {
        [(KIOSK_CSS_FILE, KIOSK_CSS), (STAFF_CSS_FILE, STAFF_CSS)]
    }
}
pub mod sync;

/// The browser entry point: hydrates the server-rendered page.
///
/// Pages other than the home page are lazy routes in their own wasm chunks (built with
/// `cargo leptos build --split`), so hydration is asynchronous: it waits for the chunks of
/// the page being hydrated, which the shell's start script preloads (`app_start`).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async move {
        // The words of the page's language first (the start script preloaded them, the
        // service worker keeps them offline): without them the page stays as the server
        // sent it, readable but not interactive, rather than drawn again wordless.
        let path = leptos::prelude::window().location().pathname().unwrap_or_default();
        let lang = i18n::current_lang();
        let staff = i18n::is_staff_path(&path);
        let words = async {
            i18n::load(lang).await?;
            if i18n::needs_pages(&path) {
                i18n::load_part(lang, i18n::PAGES_PART).await?;
            }
            if staff { i18n::load_part(lang, i18n::STAFF_PART).await } else { Ok(()) }
        };
        if let Err(e) = words.await {
            leptos::logging::error!("cannot load the interface's words: {e}");
            return;
        }
        let document = leptos::prelude::document();
        // Offline, the service worker answers a page this device never opened with the
        // `/offline` document. Rather than hydrate that, render the asked-for page in the
        // browser from the replica.
        if document.get_element_by_id("offline-shell").is_some() && path != "/offline" {
            if let Some(body) = document.body() {
                body.set_inner_html("");
            }
            leptos::mount::mount_to_body(app::App);
            mark_hydrated();
        } else if let Some(body) = document.body() {
            leptos::mount::hydrate_from_async(body, app::App).await.forget();
            mark_hydrated();
        }
    });
}

/// Tells tests (and styles, if ever needed) that the page is now interactive.
#[cfg(feature = "hydrate")]
fn mark_hydrated() {
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
