//! Every layer the app runs behind, applied in one place: tracing, `HEAD` for server
//! functions, the same-origin guard on writes, a body size limit, `Vary`, a timeout,
//! compression, caching defaults, security headers and a guard that turns a panic into
//! a plain 500.

use axum::Router;
use axum::body::{Body, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Response, StatusCode, header};
use axum::middleware::Next;
use std::any::Any;
use std::time::Duration;
use tower::ServiceBuilder;
use tower::util::MapResponseLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Pages carry their own CSP with a per-request nonce (see `app::app::shell`); every
/// other response gets this one, which allows nothing to run.
const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// What a panicking request gets: nothing about the panic itself.
pub const PANIC_BODY: &str = "Internal Server Error";

/// What a page (or anything else rendered in the reader's language) varies by.
pub const LANGUAGE_VARY: [&str; 2] = ["Cookie", "Accept-Language"];

fn fixed(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

pub fn apply(router: Router, https: bool) -> Router {
    let hsts = https.then(|| {
        SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    });
    router.layer(
        ServiceBuilder::new()
            .layer(TraceLayer::new_for_http())
            .layer(axum::middleware::from_fn(head_as_get))
            .layer(axum::middleware::from_fn(same_origin_writes))
            .layer(axum::middleware::from_fn(never_store_private_answers))
            .layer(axum::middleware::from_fn(limit_body))
            // Outside compression, so its `Vary: accept-encoding` is merged into one line.
            .layer(MapResponseLayer::new(vary_pages_by_language))
            .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
            .layer(CompressionLayer::new())
            .option_layer(hsts)
            .layer(fixed(header::CONTENT_SECURITY_POLICY, DEFAULT_CSP))
            .layer(fixed(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .layer(fixed(header::X_FRAME_OPTIONS, "DENY"))
            .layer(fixed(header::REFERRER_POLICY, "no-referrer"))
            .layer(fixed(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"))
            .layer(fixed(HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=(self), interest-cohort=()"))
            // Pages and data are revalidated; hashed assets override this with `immutable`.
            .layer(fixed(header::CACHE_CONTROL, "no-cache"))
            // Innermost, so the 500 still gets the headers above.
            .layer(CatchPanicLayer::custom(answer_panic)),
    )
}

/// Answers of the write half of sync carry registrations' states and may carry
/// personal data: no cache (the browser's, the service worker's, a proxy's) keeps them.
async fn never_store_private_answers(req: Request, next: Next) -> axum::response::Response {
    let private = PRIVATE_PREFIXES.iter().any(|p| req.uri().path().starts_with(p));
    let mut res = next.run(req).await;
    if private {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Where the answers carrying personal data or secrets live: the write half of sync, staff
/// functions, and invitation pages (their address is the invitation's secret: no cache may
/// keep it, the service worker's included).
pub const PRIVATE_PREFIXES: [&str; 3] = ["/api/sync/", "/api/staff/", "/staff/invite/"];

/// The largest request body taken: a full push batch is far smaller.
pub const BODY_LIMIT: usize = 256 * 1024;

/// Refuses any request that could change something (every method but `GET`, `HEAD` and
/// `OPTIONS`, server functions included: Leptos checks nothing) when a browser says it
/// comes from another site's page. `Sec-Fetch-Site` when the browser sends it, else
/// `Origin`; a request with neither is not from a browser page, which is the only place
/// another site could borrow this one's visitors from.
async fn same_origin_writes(req: Request, next: Next) -> axum::response::Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || !is_cross_site(req.headers(), req.uri()) {
        return next.run(req).await;
    }
    let refusal = app::error::AppError::Forbidden(app::error::FieldError::new("origin", app::error::Reason::NotYours));
    json_error(StatusCode::FORBIDDEN, &refusal)
}

fn is_cross_site(headers: &HeaderMap, uri: &axum::http::Uri) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return site.as_bytes() != b"same-origin";
    }
    let Some(origin) = headers.get(header::ORIGIN) else { return false };
    // HTTP/2 carries the host in the URI's authority, HTTP/1 in `Host`.
    let host = uri
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| headers.get(header::HOST).and_then(|h| h.to_str().ok()).map(String::from));
    let origin_host = origin.to_str().ok().and_then(|o| url::Url::parse(o).ok()).and_then(|u| {
        let host = u.host_str()?.to_string();
        Some(match u.port() {
            Some(port) => format!("{host}:{port}"),
            None => host,
        })
    });
    match (origin_host, host) {
        (Some(o), Some(h)) => !o.eq_ignore_ascii_case(&h),
        _ => true,
    }
}

/// Refuses a body over [`BODY_LIMIT`]: at once when its length is announced, and as a
/// failed read (which the handler answers as a malformed request) when it is streamed.
async fn limit_body(req: Request, next: Next) -> axum::response::Response {
    let announced = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > BODY_LIMIT as u64) {
        return json_error(StatusCode::PAYLOAD_TOO_LARGE, &app::error::AppError::BodyTooLarge { max_bytes: BODY_LIMIT as u32 });
    }
    next.run(req.map(|body| Body::new(http_body_util::Limited::new(body, BODY_LIMIT)))).await
}

fn json_error(status: StatusCode, error: &app::error::AppError) -> axum::response::Response {
    let body = serde_json::to_string(error).unwrap_or_default();
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}

/// A plain 500 for a request whose handler panicked; the panic message goes to the log only.
fn answer_panic(panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let message =
        panic.downcast_ref::<&str>().copied().or_else(|| panic.downcast_ref::<String>().map(String::as_str)).unwrap_or("(no message)");
    tracing::error!(panic = message, "a request handler panicked");
    let mut res = Response::new(Body::from(PANIC_BODY));
    *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res
}

/// leptos_axum looks a server function up by method, so `HEAD /api/…` found none and
/// answered 400 while `Allow` offered `HEAD`. Answer it as the `GET`, without the body.
async fn head_as_get(mut req: Request, next: Next) -> axum::response::Response {
    if req.method() != Method::HEAD || !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    *req.method_mut() = Method::GET;
    without_body(next.run(req).await)
}

/// The same response with an empty body, still saying how long the body would be.
fn without_body(res: axum::response::Response) -> axum::response::Response {
    let (mut parts, body) = res.into_parts();
    if let Some(len) = body.size_hint().exact()
        && !parts.headers.contains_key(header::CONTENT_LENGTH)
    {
        parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    }
    Response::from_parts(parts, Body::empty())
}

/// Pages change with the language cookie and `Accept-Language`: say so, so that no cache
/// hands one reader's language to another. Leaves one merged `Vary` line.
fn vary_pages_by_language<B>(mut res: Response<B>) -> Response<B> {
    let is_page = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    add_vary(res.headers_mut(), if is_page { &LANGUAGE_VARY } else { &[] });
    res
}

/// Adds `Vary: Accept-Encoding`: for assets served precompressed, which the compression
/// layer passes through without saying they vary.
pub fn vary_on_encoding<B>(mut res: Response<B>) -> Response<B> {
    add_vary(res.headers_mut(), &["Accept-Encoding"]);
    res
}

/// Merges `tokens` and every `Vary` line already there into one line, each name once.
pub fn add_vary(headers: &mut HeaderMap, tokens: &[&str]) {
    let mut names: Vec<String> = Vec::new();
    let existing = headers.get_all(header::VARY).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(','));
    for name in existing.chain(tokens.iter().copied()).map(str::trim).filter(|n| !n.is_empty()) {
        if !names.iter().any(|known| known.eq_ignore_ascii_case(name)) {
            names.push(name.to_string());
        }
    }
    if names.is_empty() {
        return;
    }
    // `*` already says everything; adding names to it changes nothing.
    let merged = if names.iter().any(|n| n == "*") { "*".to_string() } else { names.join(", ") };
    if let Ok(value) = HeaderValue::from_str(&merged) {
        headers.insert(header::VARY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use tower::ServiceExt;

    fn vary_of(headers: &HeaderMap) -> Vec<&str> {
        headers.get_all(header::VARY).iter().map(|v| v.to_str().unwrap()).collect()
    }

    #[test]
    fn vary_names_are_merged_into_one_line_once_each() {
        let mut headers = HeaderMap::new();
        headers.append(header::VARY, HeaderValue::from_static("Cookie, Accept-Language"));
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        add_vary(&mut headers, &["Accept-Encoding", "cookie"]);
        assert_eq!(vary_of(&headers), ["Cookie, Accept-Language, accept-encoding"]);
        let mut headers = HeaderMap::new();
        add_vary(&mut headers, &[]);
        assert!(headers.get(header::VARY).is_none(), "nothing to say, no header");
        headers.insert(header::VARY, HeaderValue::from_static("*"));
        add_vary(&mut headers, &LANGUAGE_VARY);
        assert_eq!(vary_of(&headers), ["*"]);
    }

    async fn panics() -> &'static str {
        panic!("secret detail: token=1234")
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_a_plain_500_without_the_panic_text() {
        let router = Router::new().route("/boom", get(panics)).route("/fine", get(|| async { "fine" }));
        let app = apply(router, false);
        let res = app.clone().oneshot(Request::get("/boom").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(res.headers()[header::CONTENT_TYPE], "text/plain; charset=utf-8");
        assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "the usual headers still apply");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
        let body = axum::body::to_bytes(res.into_body(), 1 << 16).await.unwrap();
        assert_eq!(body, PANIC_BODY.as_bytes());
        // The next request is served as usual.
        let res = app.oneshot(Request::get("/fine").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn head_on_a_server_function_path_is_answered_as_get_without_body() {
        let seen = |method: Method| async move { ([("x-seen-method", method.to_string())], "answered") };
        let router = Router::new().route("/api/thing", axum::routing::any(seen)).route("/page", axum::routing::any(seen));
        let app = apply(router, false);
        let res = app.clone().oneshot(Request::head("/api/thing").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["x-seen-method"], "GET");
        assert_eq!(res.headers()[header::CONTENT_LENGTH], "8");
        assert!(axum::body::to_bytes(res.into_body(), 1 << 16).await.unwrap().is_empty());
        // Other paths keep axum's own `HEAD` handling.
        let res = app.oneshot(Request::head("/page").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.headers()["x-seen-method"], "HEAD");
    }
}
