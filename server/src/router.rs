//! Every route: the Leptos pages and server functions, hashed assets, the language
//! switch and a health check.

use crate::pwa::manifest_response;
use crate::state::AppState;
use app::app::{App, shell};
use app::domain::text::Lang;
use app::i18n::{LANG_COOKIE, lang_from_headers};
use axum::Router;
use axum::extract::Request;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list, render_app_async_with_context};
use std::future::Future;
use std::pin::Pin;
use tower::ServiceBuilder;
use tower::ServiceExt;
use tower::util::MapResponseLayer;
use tower_http::services::ServeDir;

pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let (store, limiter, logins, staff) = (state.store.clone(), state.sign_up_limiter.clone(), state.login_limiter.clone(), state.staff);
    let context = move || {
        provide_context(store.clone());
        provide_context(limiter.clone());
        provide_context(logins.clone());
        provide_context(staff);
    };
    let pkg_dir = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    // File names carry a content hash, so a cached copy never goes stale.
    let assets = ServiceBuilder::new()
        .layer(MapResponseLayer::new(immutable_when_found))
        .layer(MapResponseLayer::new(crate::middleware::vary_on_encoding))
        .service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip());
    let routes = generate_route_list(App);
    let worker = std::sync::Arc::new(crate::pwa::ServiceWorker::from_site(&options.site_root, &options.site_pkg_dir));
    let files = site_files(&options, context.clone());
    Router::new()
        .route("/sw.js", get(move || async move { worker.response() }))
        .route(
            "/manifest.webmanifest",
            get(|headers: HeaderMap| async move { manifest_response(lang_from_headers(&headers).unwrap_or_default()) }),
        )
        .route("/lang/{code}", get(set_language))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/staff/attendance.csv", get(crate::staff::attendance_csv))
        .nest_service(&format!("/{}", options.site_pkg_dir), assets)
        .leptos_routes_with_context(&state, routes, context, move || shell(options.clone()))
        .fallback(files)
        .with_state(state)
}

/// The site's other files (icons, `sw-register.js`, …), and the not-found page for any
/// other address. Not leptos_axum's `file_and_error_handler`: it looks for
/// `ResponseOptions` from a fresh `Owner::new()`, which is a child of whatever reactive
/// owner the worker thread has current, often a page being rendered for another request.
/// It then took that page's headers (its CSP), and the page went out with the
/// allow-nothing default CSP: no script ran and it never hydrated (seen 37 times in 300).
fn site_files(
    options: &leptos::config::LeptosOptions,
    context: impl Fn() + Clone + Send + Sync + 'static,
) -> impl Fn(Request) -> Pin<Box<dyn Future<Output = axum::response::Response> + Send>> + Clone + Send + Sync + 'static {
    let files = ServeDir::new(&*options.site_root).precompressed_br().precompressed_gzip();
    let shell_options = options.clone();
    let render = render_app_async_with_context(context, move || shell(shell_options.clone()));
    move |req: Request| {
        let (files, render) = (files.clone(), render.clone());
        Box::pin(async move {
            let (parts, body) = req.into_parts();
            // No file has a longer name; the file system would fail on it with a 500.
            if parts.uri.path().split('/').all(|name| name.len() <= MAX_FILE_NAME) {
                let Ok(res) = files.oneshot(Request::from_parts(parts.clone(), axum::body::Body::empty())).await;
                if res.status() != StatusCode::NOT_FOUND {
                    return res.into_response();
                }
            }
            let mut page = render(Request::from_parts(parts, body)).await;
            *page.status_mut() = StatusCode::NOT_FOUND;
            page
        })
    }
}

/// The longest file name Linux file systems take.
const MAX_FILE_NAME: usize = 255;

fn immutable_when_found<B>(mut res: Response<B>) -> Response<B> {
    if res.status().is_success() {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    }
    res
}

#[derive(serde::Deserialize)]
struct Next {
    next: Option<String>,
}

/// Remembers the chosen language for a year and goes back to the page the person was on.
async fn set_language(Path(code): Path<String>, Query(q): Query<Next>, State(state): State<AppState>) -> impl IntoResponse {
    let Some(lang) = Lang::from_code(&code) else {
        return (StatusCode::BAD_REQUEST, format!("'{code}' is not a language Civico speaks")).into_response();
    };
    let secure = if state.https { "; Secure" } else { "" };
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}", lang.code());
    let location = local_path(q.next.as_deref());
    let mut res = StatusCode::SEE_OTHER.into_response();
    let headers = res.headers_mut();
    headers.insert(header::LOCATION, HeaderValue::from_str(&location).unwrap_or(HeaderValue::from_static("/")));
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, v);
    }
    res
}

/// The base `next` is resolved against, standing for this site: no real host is
/// `.invalid`, so a result with another origin points at another site.
const SITE: &str = "http://civico.invalid/";

/// The longest `next` followed, as long as the pages' language links make; a longer one
/// goes home.
const MAX_NEXT: usize = app::components::layout::MAX_RETURN_PATH;

/// A path on this site to go back to, `/` for anything else (no open redirect).
pub fn local_path(next: Option<&str>) -> String {
    next.and_then(same_site_path).unwrap_or_else(|| "/".to_string())
}

/// `next` as a browser would read it, if that is a path on this site: the normalised path
/// and query, or `None`. Browsers drop tabs and newlines and read `\` as `/`, so
/// `/<TAB>/evil.example` and `/\evil.example` are `//evil.example`: another site.
fn same_site_path(next: &str) -> Option<String> {
    let mut chars = next.chars();
    let single_slash = chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'));
    if !single_slash || next.len() > MAX_NEXT || next.chars().any(|c| c.is_ascii_control()) {
        return None;
    }
    let site = url::Url::parse(SITE).ok()?;
    let url = site.join(next).ok()?;
    if url.origin() != site.origin() {
        return None;
    }
    // Dot segments can still leave a leading `//` (`/.//evil.example`).
    if url.path().starts_with("//") {
        return None;
    }
    Some(match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn language_switch_goes_back_to_pages_of_this_site() {
        assert_eq!(local_path(Some("/agenda?city=Roma")), "/agenda?city=Roma");
        assert_eq!(local_path(Some("/hubs/2?from=2026-11-23")), "/hubs/2?from=2026-11-23");
        assert_eq!(local_path(None), "/");
        // Normalised as a browser would, and re-emitted as plain ASCII.
        assert_eq!(local_path(Some("/./agenda")), "/agenda");
        assert_eq!(local_path(Some("/a/../services")), "/services");
        assert_eq!(local_path(Some("/services?q=caffè")), "/services?q=caff%C3%A8");
        assert_eq!(local_path(Some("/agenda#oggi")), "/agenda");
        // An encoded slash is part of a segment: still a path here.
        assert_eq!(local_path(Some("/%2F/evil.example")), "/%2F/evil.example");
        assert_eq!(local_path(Some("/%2F%2Fevil.example")), "/%2F%2Fevil.example");
    }

    #[test]
    fn language_switch_never_leaves_the_site() {
        for next in [
            "//evil.example",
            "///evil.example",
            "//",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "\t//evil.example",
            "/\u{0}/evil.example",
            "/\u{7f}/evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "\\\\evil.example",
            "/\\/evil.example",
            "%2F%2Fevil.example",
            "%2f%2fevil.example",
            "https://evil.example",
            "https:evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " /agenda",
            "/.//evil.example",
            "/..//evil.example",
            "/./\\evil.example",
            "/a/..//evil.example",
            "agenda",
            "",
        ] {
            assert_eq!(local_path(Some(next)), "/", "{next:?}");
        }
        assert_eq!(local_path(Some(&format!("/services?q={}", "a".repeat(3000)))), "/");
    }
}
