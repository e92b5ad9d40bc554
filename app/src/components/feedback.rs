//! Loading and error states.

use super::use_lang;
use crate::domain::text::Lang;
use crate::error::AppError;
use crate::i18n;
use leptos::prelude::*;
use leptos_meta::Title;

/// The document title of a page whose content comes from a resource. It lives outside the
/// page's `<Transition>`, so the title is never removed while the content reloads (a sync
/// revalidates every open page), and it follows the content: its name once loaded, the
/// error's title on an error, and the app's name until the first load.
///
/// It takes the reference-counted `ArcResource`, not the page's arena `Resource`: on the
/// server, leptos_meta reads the title after the body has streamed, and by then the page's
/// reactive owner may already be disposed, so reading an arena handle panicked (a 500 on
/// one page load in twenty, depending on how the stream was polled).
#[component]
pub fn PageTitle<T>(data: ArcResource<Result<T, AppError>>, name: fn(&T, Lang) -> String) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let lang = use_lang();
    let text = move || {
        data.with(|d| match d {
            Some(Ok(view)) => name(view, lang),
            Some(Err(error)) => error_title(error, lang).to_string(),
            None => "Civico".to_string(),
        })
    };
    view! { <Title text=text/> }
}

/// The heading (and document title) for an error.
pub fn error_title(error: &AppError, lang: Lang) -> &'static str {
    match error {
        AppError::NotFound => i18n::NOT_FOUND_TITLE.get(lang),
        AppError::Transport(_) => i18n::OFFLINE_TITLE.get(lang),
        AppError::BadRequest(_)
        | AppError::Invalid(_)
        | AppError::Forbidden(_)
        | AppError::Unauthorized(_)
        | AppError::TooLarge { .. }
        | AppError::BodyTooLarge { .. }
        | AppError::TooManyRequests
        | AppError::Internal => i18n::ERROR_TITLE.get(lang),
    }
}

/// Shown while a page's data first arrives (rarely seen: pages render on the server).
/// Pages wrap their content in `<Transition>`, not `<Suspense>`: a `Suspense` shows this
/// again on every reload of its resources, which would wipe the page (and a half-filled form)
/// from under the person. A sync reloads none: `page_data` redraws in place what changed.
/// Says that a page of every city shows only the cities this device keeps (offline).
#[component]
pub fn OnlyKept(cities: Option<Vec<String>>) -> impl IntoView {
    let lang = use_lang();
    cities.map(|cities| view! { <p class="notice only-kept" role="note">{crate::i18n::only_kept(lang, &cities)}</p> })
}

#[component]
pub fn Loading() -> impl IntoView {
    let lang = use_lang();
    view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }
}

/// What went wrong, in a sentence or two of the reader's language.
pub fn error_detail(error: &AppError, lang: Lang) -> String {
    match error {
        AppError::NotFound => i18n::NOT_FOUND_TEXT.get(lang).to_string(),
        AppError::BadRequest(e) | AppError::Forbidden(e) | AppError::Unauthorized(e) => i18n::field_error(lang, e),
        AppError::TooLarge { limit } => format!("{} {}", i18n::TOO_MUCH_AT_ONCE.get(lang), i18n::N_CHANGES.of(lang, u64::from(*limit))),
        AppError::BodyTooLarge { max_bytes } => format!("{} {} KB.", i18n::TOO_BIG.get(lang), max_bytes / 1024),
        AppError::TooManyRequests => i18n::TOO_MANY_REQUESTS.get(lang).to_string(),
        AppError::Invalid(errors) => errors.iter().map(|e| i18n::field_error(lang, e)).collect::<Vec<_>>().join(" · "),
        AppError::Transport(_) => i18n::OFFLINE_TEXT.get(lang).to_string(),
        AppError::Internal => i18n::TRY_AGAIN.get(lang).to_string(),
    }
}

/// A readable error, with the right HTTP status when rendered on the server.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::from_u16(error.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
    }
    let title = error_title(&error, lang);
    let detail = error_detail(&error, lang);
    view! {
        <section class="notice notice-error" role="alert">
            <h1>{title}</h1>
            <p>{detail}</p>
            <p><a href="/">{i18n::BACK_HOME.get(lang)}</a></p>
        </section>
    }
}

/// What the service worker shows for a page this device has not saved yet.
#[component]
pub fn OfflinePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=i18n::OFFLINE_TITLE.get(lang)/>
        <section class="notice" id="offline-shell">
            <h1>{i18n::OFFLINE_TITLE.get(lang)}</h1>
            <p>{i18n::OFFLINE_TEXT.get(lang)}</p>
            <ul class="link-list">
                <li><a href="/">{i18n::NAV_HOME.get(lang)}</a></li>
                <li><a href="/agenda">{i18n::NAV_AGENDA.get(lang)}</a></li>
                <li><a href="/services">{i18n::NAV_SERVICES.get(lang)}</a></li>
            </ul>
        </section>
    }
}

/// The page for an address that matches no route.
#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=i18n::NOT_FOUND_TITLE.get(lang)/>
        <ErrorNotice error=AppError::NotFound/>
    }
}
