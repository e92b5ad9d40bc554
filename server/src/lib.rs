//! The Civico server: configuration, storage, routes and the command line.
#![forbid(unsafe_code)]
// Laying out the pages' nested view types (monomorphised here, in the release build) goes deep.
#![recursion_limit = "256"]

pub mod config;
pub mod content_cli;
pub mod demo;
pub mod maintenance;
pub mod middleware;
pub mod precompress;
pub mod pwa;
pub mod router;
pub mod serve;
pub mod staff;
pub mod state;
pub mod store;
pub mod wasm_data;

use app::features::staff::auth::{LoginLimiter, LoginLimits, StaffSettings};
use app::store::SharedStore;
use app::sync::push::server::{RateLimits, SignUpLimiter};
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// How the application behaves, beyond where its files and data are.
#[derive(Clone)]
pub struct Settings {
    /// Served over HTTPS: cookies are `Secure` (the staff one `__Host-`), HSTS is sent.
    pub https: bool,
    pub sign_up_limiter: SignUpLimiter,
    pub login_limiter: LoginLimiter,
    pub staff: StaffSettings,
}

impl Settings {
    /// Default staff settings and login limits (10 an hour per account, 30 per address).
    pub fn new(https: bool, limits: RateLimits) -> Settings {
        let logins = LoginLimits { per_address: std::num::NonZeroU32::new(30), per_account: std::num::NonZeroU32::new(10) };
        Settings {
            https,
            sign_up_limiter: SignUpLimiter::new(limits),
            login_limiter: LoginLimiter::new(logins),
            staff: StaffSettings::default(),
        }
    }

    pub fn with_logins(mut self, limits: LoginLimits) -> Settings {
        self.login_limiter = LoginLimiter::new(limits);
        self
    }

    pub fn with_staff(mut self, staff: StaffSettings) -> Settings {
        self.staff = staff;
        self
    }
}

/// The whole application as one router: easy to serve, and to call from tests.
pub fn app(store: Arc<store::SqliteStore>, leptos_options: LeptosOptions, settings: Settings) -> axum::Router {
    let https = settings.https;
    let staff_settings = StaffSettings { https, ..settings.staff };
    let sessions = staff::session_store(&store);
    let shared: SharedStore = store;
    let auth = staff::auth_layer(shared.clone(), sessions, https, staff_settings);
    let state = state::AppState {
        leptos_options,
        store: shared,
        https,
        sign_up_limiter: settings.sign_up_limiter,
        login_limiter: settings.login_limiter,
        staff: staff_settings,
    };
    middleware::apply(router::router(state).layer(auth), https)
}

/// Leptos site settings from cargo-leptos's `LEPTOS_*` variables, with the defaults a
/// plain `civico` binary needs when started by hand.
pub fn leptos_options() -> anyhow::Result<LeptosOptions> {
    let mut options = leptos::config::get_configuration(None)?.leptos_options;
    if options.output_name.is_empty() {
        options.output_name = "civico".into();
    }
    // cargo-leptos writes hash.txt beside the binary when it hashes asset names.
    let beside_exe = std::env::current_exe().ok().and_then(|p| p.parent().map(|d| d.join(&*options.hash_file)));
    if beside_exe.is_some_and(|p| p.exists()) {
        options.hash_files = true;
    }
    Ok(options)
}

/// Opens the configured store.
pub async fn open_store(database_url: &str) -> anyhow::Result<Arc<store::SqliteStore>> {
    if !database_url.starts_with("sqlite:") {
        anyhow::bail!("unsupported database URL (only sqlite:// for now): {}", config::redact(database_url));
    }
    Ok(Arc::new(store::SqliteStore::open(database_url).await?))
}
