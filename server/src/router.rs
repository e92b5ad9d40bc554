//! Every route: the Leptos pages and server functions, hashed assets, the language
//! switch and a health check.

use crate::pwa::manifest_response;
use crate::state::AppState;
use app::app::{App, shell};
use app::domain::text::Lang;
use app::i18n::{LANG_COOKIE, lang_from_headers};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tower::ServiceBuilder;
use tower::util::MapResponseLayer;
use tower_http::services::ServeDir;

pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let store = state.store.clone();
    let context = move || provide_context(store.clone());
    let pkg_dir = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    // File names carry a content hash, so a cached copy never goes stale.
    let assets = ServiceBuilder::new()
        .layer(MapResponseLayer::new(immutable_when_found))
        .service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip());
    let routes = generate_route_list(App);
    let worker = std::sync::Arc::new(crate::pwa::ServiceWorker::from_site(&options.site_root, &options.site_pkg_dir));
    Router::new()
        .route("/sw.js", get(move || async move { worker.response() }))
        .route(
            "/manifest.webmanifest",
            get(|headers: HeaderMap| async move { manifest_response(lang_from_headers(&headers).unwrap_or_default()) }),
        )
        .route("/lang/{code}", get(set_language))
        .route("/healthz", get(|| async { "ok" }))
        .nest_service(&format!("/{}", options.site_pkg_dir), assets)
        .leptos_routes_with_context(&state, routes, context.clone(), move || shell(options.clone()))
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell))
        .with_state(state)
}

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

/// Only a path on this site: never `//evil.example` or `https://…` (no open redirect).
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/\\") && !p.contains(['\r', '\n']) => p.to_string(),
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn language_switch_only_redirects_within_the_site() {
        assert_eq!(local_path(Some("/agenda?city=Roma")), "/agenda?city=Roma");
        assert_eq!(local_path(Some("//evil.example")), "/");
        assert_eq!(local_path(Some("https://evil.example")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(None), "/");
    }
}
