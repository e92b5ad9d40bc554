//! What every request can reach.

use app::store::SharedStore;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: SharedStore,
    /// Served over HTTPS: cookies are `Secure`.
    pub https: bool,
    pub sign_up_limiter: app::sync::push::server::SignUpLimiter,
    pub login_limiter: app::features::staff::auth::LoginLimiter,
    pub staff: app::features::staff::auth::StaffSettings,
}
