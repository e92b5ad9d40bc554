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
                <A href="/registrations">{i18n::NAV_MINE.get(lang)}</A>
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
    let here = move || return_path(&location.pathname.get(), &location.search.get());
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

/// The longest address the language switch comes back to (the server follows no longer
/// one): a 60 KB query is not repeated into every page's two links.
pub const MAX_RETURN_PATH: usize = 2048;

/// This page's path and query to come back to after switching language: without the
/// query when that is too long, the home page when even the path is.
fn return_path(path: &str, search: &str) -> String {
    let search = search.trim_start_matches('?');
    let full = if search.is_empty() { path.to_string() } else { format!("{path}?{search}") };
    [full, path.to_string()].into_iter().find(|p| p.len() <= MAX_RETURN_PATH).unwrap_or_else(|| "/".to_string())
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
            <p><a href="/staff" rel="external">{i18n::STAFF_AREA_LINK.get(lang)}</a></p>
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_switch_comes_back_to_a_bounded_address() {
        assert_eq!(return_path("/agenda", "?city=Roma"), "/agenda?city=Roma");
        assert_eq!(return_path("/agenda", ""), "/agenda");
        assert_eq!(return_path("/services", &format!("?q={}", "x".repeat(60_000))), "/services");
        assert_eq!(return_path(&format!("/hubs/{}", "9".repeat(60_000)), ""), "/");
        let longest = format!("/a?{}", "x".repeat(MAX_RETURN_PATH - 3));
        assert_eq!(return_path("/a", &longest[2..]), longest);
    }
}
