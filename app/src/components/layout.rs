//! The frame around every page: skip link, header with navigation and language
//! switch, footer.

use super::url::encode;
use super::use_lang;
use crate::domain::text::Lang;
use crate::i18n;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    view! {
        <a class="skip-link" href="#main">{i18n::SKIP_TO_CONTENT.get(lang)}</a>
        <header class="site-header">
            <div class="header-row">
                <a class="brand" href="/">
                    <img src="/icons/civico.svg" alt="" width="32" height="32"/>
                    <span>"Civico"</span>
                </a>
                <LangSwitch/>
            </div>
            <crate::sync::status::SyncStatus/>
            <nav class="main-nav" aria-label=i18n::MAIN_NAV.get(lang)>
                <A href="/" exact=true>{i18n::NAV_HOME.get(lang)}</A>
                <A href="/agenda">{i18n::NAV_AGENDA.get(lang)}</A>
                <A href="/services">{i18n::NAV_SERVICES.get(lang)}</A>
            </nav>
        </header>
    }
}

/// Links that set the language cookie on the server and come back to this page.
/// Plain links (`rel=external`), so they work without JavaScript too.
#[component]
fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let here = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() { location.pathname.get() } else { format!("{}?{search}", location.pathname.get()) }
    };
    let links = Lang::ALL
        .into_iter()
        .map(|l| {
            let href = move || format!("/lang/{}?next={}", l.code(), encode(&here()));
            view! {
                <a href=href rel="external" lang=l.code() hreflang=l.code() aria-current=(l == lang).then_some("true")>
                    {l.endonym()}
                </a>
            }
        })
        .collect_view();
    view! { <nav class="lang-switch" aria-label=i18n::LANGUAGE.get(lang)>{links}</nav> }
}

/// Shown by `/sw-register.js` when a new version has been downloaded. Rendered here so
/// its words come from the same translations as the rest of the page.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let lang = use_lang();
    view! {
        <div id="update-banner" class="update-banner" role="status" hidden>
            <span>{i18n::UPDATE_READY.get(lang)}</span>
            <button type="button" id="update-reload">{i18n::RELOAD.get(lang)}</button>
        </div>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    view! {
        <footer class="site-footer">
            <p>{i18n::APP_TAGLINE.get(lang)}</p>
        </footer>
    }
}
