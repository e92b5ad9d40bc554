//! Every layer the app runs behind, applied in one place: tracing, a timeout,
//! compression, caching defaults and security headers.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Pages carry their own CSP with a per-request nonce (see `app::app::shell`); every
/// other response gets this one, which allows nothing to run.
const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

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
            .layer(fixed(header::CACHE_CONTROL, "no-cache")),
    )
}
