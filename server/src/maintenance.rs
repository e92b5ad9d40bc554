//! Work the server does on its own while it runs: erasing personal data past its
//! retention period (registrations' and help requests'), recounting the public places
//! documents (a database from before they existed gets them at start; past sessions drop
//! out of them), deleting staff sessions past their expiry, and forgetting rate-limit
//! entries that are idle again.

use app::domain::time::{add_days, now_local};
use app::features::staff::auth::LoginLimiter;
use app::store::{HelpRequestStore, RegistrationStore};
use app::sync::push::server::SignUpLimiter;
use std::sync::Arc;
use std::time::Duration;

/// How often the work runs; the first run is at start.
const EVERY: Duration = Duration::from_secs(3600);

/// Runs forever: the server spawns it once.
pub async fn run(store: Arc<crate::store::SqliteStore>, limiters: (SignUpLimiter, LoginLimiter), retention_days: u32) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        erase_expired(store.as_ref(), retention_days).await;
        erase_help_requests(store.as_ref()).await;
        recount_places(store.as_ref()).await;
        match store.delete_expired_sessions().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sessions = n, "expired staff sessions deleted"),
            Err(e) => tracing::error!(error = %e, "cannot delete expired staff sessions"),
        }
        limiters.0.forget_idle();
        limiters.1.forget_idle();
    }
}

/// Erases the names and contacts of registrations for sessions that started more than
/// `retention_days` ago. A failure is logged and retried at the next run.
pub async fn erase_expired(store: &impl RegistrationStore, retention_days: u32) {
    let now = now_local();
    let before = add_days(now.date(), -i64::from(retention_days)).to_datetime(now.time());
    match store.erase_personal_data(before).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(registrations = n, retention_days, "personal data past retention erased"),
        Err(e) => tracing::error!(error = %e, "cannot erase personal data past retention"),
    }
}

/// Erases the names and details of help requests past their time (a day after they were
/// done, a week after they arrived). A failure is logged and retried at the next run.
pub async fn erase_help_requests(store: &impl HelpRequestStore) {
    match store.erase_help_requests(jiff::Timestamp::now().as_second()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(help_requests = n, "help requests' names erased"),
        Err(e) => tracing::error!(error = %e, "cannot erase help requests' names"),
    }
}

/// Recounts every places document with coming sessions; only those that differ are
/// written (and fed to devices). A failure is logged and retried at the next run.
pub async fn recount_places(store: &impl RegistrationStore) {
    match store.recount_places(now_local()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(activities = n, "places recounted"),
        Err(e) => tracing::error!(error = %e, "cannot recount places"),
    }
}
