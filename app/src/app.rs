//! The document shell (server only) and the application root with its routes.

use crate::components::feedback::{NotFound, OfflinePage};
use crate::components::layout::UpdateBanner;
use crate::components::layout::{Footer, Header};
use crate::features::home::page::HomePage;
use crate::i18n::current_lang;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, SsrMode, lazy_route, path};

/// The HTML document around the app. Pages render completely on the server
/// (`SsrMode::Async`), so they read fine before the wasm arrives, or without it.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = current_lang();
    #[cfg(feature = "ssr")]
    set_page_csp();
    #[cfg(feature = "ssr")]
    let app_start = view! { <crate::app_start::AppStart options=options.clone()/> };
    #[cfg(not(feature = "ssr"))]
    let app_start = ();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() dir=lang.dir()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0f5c4d"/>
                <meta name="description" content=crate::i18n::APP_TAGLINE.get(lang)/>
                <link rel="icon" href="/icons/civico.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                // The service worker stays off under `cargo leptos watch`, where assets change constantly.
                <meta name="civico-sw" content=if std::env::var("LEPTOS_WATCH").is_ok() { "off" } else { "on" }/>
                <script src="/sw-register.js" defer></script>
                <leptos_meta::HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options/>
                {app_start}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(current_lang());
    // One sync engine for the whole app, started in the browser once it is interactive.
    // The header's status and every screen use it; none starts another.
    let engine = crate::sync::SyncEngine::provide();
    engine.start_after_hydration();
    #[cfg(feature = "hydrate")]
    preload_pages_after_first_sync(engine);
    view! {
        <Title formatter=|text: String| if text == "Civico" { text } else { format!("{text} · Civico") }/>
        <Router>
            <Header/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/agenda") view={Lazy::<AgendaRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/hubs/:id") view={Lazy::<HubRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/activities/:id") view={Lazy::<ActivityRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/services") view={Lazy::<ServicesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/services/:id") view={Lazy::<ServiceRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/registrations") view={Lazy::<MineRoute>::new()} ssr=SsrMode::Async/>
                    // Every staff screen behind one lazy route: each costs the residents' first download.
                    <Route path=path!("/staff") view={Lazy::<StaffRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/staff/:section/:key") view={Lazy::<StaffRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/offline") view=OfflinePage/>
                </Routes>
            </main>
            <UpdateBanner/>
            <Footer/>
        </Router>
    }
}

/// A lazy page's view, drawn once the words of the pages after the first one are here
/// (the catalogues' `pages` part, which the first download does not carry). A page the
/// visit opened has them (`hydrate` fetched them first), so it is drawn at once, as the
/// server drew it; on a navigation from the home page before they came, it is drawn when
/// they arrive (from the service worker's copy offline). Called from the pages' own
/// chunks, so none of it is in the first download.
pub fn with_words(page: fn() -> AnyView) -> AnyView {
    #[cfg(feature = "hydrate")]
    {
        let lang = crate::i18n::current_lang();
        if !crate::i18n::has(lang, crate::i18n::PAGES_PART) {
            let ready = RwSignal::new(false);
            leptos::task::spawn_local(async move {
                if let Err(e) = crate::i18n::load_part(lang, crate::i18n::PAGES_PART).await {
                    leptos::logging::error!("cannot load the pages' words: {e}");
                }
                ready.set(true);
            });
            return (move || ready.get().then(page)).into_any();
        }
    }
    page()
}

/// A page that a resident's first screen does not need, as a lazy route: its code is a
/// wasm chunk of its own, fetched when the page is first opened (or hydrated) and
/// precached by the service worker for offline use. The pages load their own data, so
/// `data()` holds nothing; `warm` starts, on a navigation, what the page will ask for
/// once its own code has arrived. Its view waits for the later pages' words
/// ([`with_words`]).
macro_rules! lazy_page {
    ($route:ident => $page:path $(, warm = $warm:path)?) => {
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $(
                    #[cfg(feature = "hydrate")]
                    $warm();
                )?
                $route
            }

            fn view(this: Self) -> AnyView {
                let $route = this;
                with_words(|| $page().into_any())
            }
        }
    };
}

/// Every lazy page, and [`preload_every_page`] fetching their code in this order.
macro_rules! lazy_pages {
    ($($route:ident => $page:path $(, warm = $warm:path)?;)*) => {
        $(lazy_page!($route => $page $(, warm = $warm)?);)*

        #[cfg(feature = "hydrate")]
        async fn preload_every_page() {
            $($route::preload().await;)*
        }
    };
}

lazy_pages! {
    ServicesRoute => crate::features::services::page::ServicesPage, warm = crate::sync::local::warm_services;
    AgendaRoute => crate::features::agenda::page::AgendaPage;
    HubRoute => crate::features::hubs::page::HubPage;
    ActivityRoute => crate::features::activities::page::ActivityPage;
    ServiceRoute => crate::features::services::page::ServicePage;
    MineRoute => crate::features::registrations::page::MyRegistrationsPage;
}

// The staff screens: lazy like the rest, but never fetched ahead on a resident's device.
lazy_page!(StaffRoute => crate::features::staff::area::StaffArea);

/// Once the visit's first sync is over and the page is idle, on a device whose service
/// worker holds every piece of the app (it controls the page only once it has them all):
/// fetches from there and compiles the other pages' code, one page after another, so that
/// the first tap on each in a visit does not wait for it (it was 150 of a 200-ms first open
/// of the guide, measured 2026-12-06). Not on a first visit: the service worker is still
/// downloading those pieces, and the page's requests would download them a second time.
#[cfg(feature = "hydrate")]
fn preload_pages_after_first_sync(engine: crate::sync::SyncEngine) {
    let state = engine.state();
    let done = StoredValue::new(false);
    Effect::new(move |was_syncing: Option<bool>| {
        let syncing = state.with(|s| s.syncing);
        if was_syncing == Some(true) && !syncing && !done.get_value() && crate::sync::engine::service_worker_ready() {
            done.set_value(true);
            crate::sync::engine::when_idle(|| {
                leptos::task::spawn_local(async {
                    // The later pages' words, then the guide and its search; a piece already
                    // loaded is not fetched again.
                    let _ = crate::i18n::load_part(crate::i18n::current_lang(), crate::i18n::PAGES_PART).await;
                    ServicesRoute::preload().await;
                    crate::sync::local::__preload_services().await;
                    preload_every_page().await;
                });
            });
        }
        syncing
    });
}

/// A strict Content-Security-Policy for pages: inline scripts only with this response's
/// nonce (Leptos adds it to the scripts it writes), everything else from this site.
#[cfg(feature = "ssr")]
fn set_page_csp() {
    use http::header::{CONTENT_SECURITY_POLICY, HeaderValue};
    let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) else {
        return;
    };
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'; object-src 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&csp) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
