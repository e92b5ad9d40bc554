//! Enrolling a device as a hub's kiosk, listing and revoking kiosks (for the hub's
//! coordinators and administrators), and the kiosk's own question: who am I, and am I
//! still allowed? Under `/api/staff/`, which nothing caches and the service worker never
//! answers.
//!
//! The credential is a 256-bit token in an HttpOnly cookie (`civico_kiosk`, or
//! `__Host-civico_kiosk` under HTTPS) that lives as long as the kiosk; the server keeps
//! only its SHA-256. It is not a person's login: it opens the kiosk's own calls and
//! nothing of the staff screens.

use crate::domain::ids::{HubId, KioskId};
use crate::domain::kiosk::Kiosk;
use crate::error::AppError;
use leptos::prelude::*;

/// The hub's kiosks, newest first, switched-off ones included.
#[server(endpoint = "staff/kiosks", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_kiosks(hub: HubId) -> Result<Vec<Kiosk>, AppError> {
    crate::features::staff::auth::coordinator_at(hub).await?;
    Ok(crate::features::staff::auth::store()?.kiosks(hub).await?)
}

/// Makes the calling device the kiosk of `hub`: hands it the kiosk credential and ends
/// the coordinator's own login on it, so that the kiosk never holds a person's session.
#[server(endpoint = "staff/enrol_kiosk", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_enrol_kiosk(hub: HubId, label: String, idle_seconds: u32) -> Result<Kiosk, AppError> {
    let caller = crate::features::staff::auth::coordinator_at(hub).await?;
    server::enrol(caller, hub, &label, idle_seconds).await
}

/// Switches one of the hub's kiosks off: its credential opens nothing from now on.
#[server(endpoint = "staff/revoke_kiosk", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_revoke_kiosk(hub: HubId, kiosk: KioskId) -> Result<(), AppError> {
    crate::features::staff::auth::coordinator_at(hub).await?;
    Ok(crate::features::staff::auth::store()?.revoke_kiosk(hub, kiosk).await?)
}

/// The kiosk this device's credential opens: 401 (`kiosk`, `not_allowed`) without one,
/// or once it is revoked.
#[server(endpoint = "staff/kiosk", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn kiosk_me() -> Result<Kiosk, AppError> {
    server::caller_kiosk().await
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::domain::kiosk::{check_idle, check_label};
    use crate::domain::staff::Account;
    use crate::error::{FieldError, Reason};
    use crate::features::staff::auth::{StaffSettings, new_token, session, store};
    use crate::store::NewKiosk;
    use crate::sync::push::server::digest;

    /// The credential's cookie name: `__Host-` under HTTPS, as the staff session's.
    pub fn cookie_name(https: bool) -> &'static str {
        if https { "__Host-civico_kiosk" } else { "civico_kiosk" }
    }

    /// Ten years: a kiosk's credential lasts until it is revoked.
    const COOKIE_SECONDS: u64 = 10 * 366 * 24 * 3600;

    pub async fn enrol(caller: Account, hub: HubId, label: &str, idle_seconds: u32) -> Result<Kiosk, AppError> {
        let label = check_label(label).map_err(|e| AppError::Invalid(vec![e]))?;
        let idle_seconds = check_idle(idle_seconds).map_err(|e| AppError::Invalid(vec![e]))?;
        let token = new_token();
        let new = NewKiosk { hub, label, idle_seconds, enrolled_by: caller.id };
        let kiosk = store()?.add_kiosk(&digest(&token), &new).await?;
        let https = use_context::<StaffSettings>().unwrap_or_default().https;
        let secure = if https { "; Secure" } else { "" };
        let cookie = format!("{}={token}; Path=/; Max-Age={COOKIE_SECONDS}; HttpOnly; SameSite=Strict{secure}", cookie_name(https));
        let response = expect_context::<leptos_axum::ResponseOptions>();
        if let Ok(value) = http::HeaderValue::from_str(&cookie) {
            response.append_header(http::header::SET_COOKIE, value);
        }
        // The device is a kiosk from now on, never a person's login.
        let mut auth = session().await?;
        auth.logout().await.map_err(|e| crate::features::staff::api::store_failure(&e))?;
        tracing::info!(kiosk = %kiosk.id, hub = %hub, by = %caller.id, "kiosk enrolled");
        Ok(kiosk)
    }

    /// The kiosk whose credential the request carries, if it is still allowed.
    pub async fn caller_kiosk() -> Result<Kiosk, AppError> {
        let refused = || AppError::Unauthorized(FieldError::new("kiosk", Reason::NotAllowed));
        let parts = use_context::<http::request::Parts>().ok_or_else(refused)?;
        let https = use_context::<StaffSettings>().unwrap_or_default().https;
        let token = token_of(&parts.headers, cookie_name(https)).ok_or_else(refused)?;
        match store()?.kiosk_by_token(&digest(&token)).await? {
            Some(kiosk) if !kiosk.revoked => Ok(kiosk),
            _ => Err(refused()),
        }
    }

    /// The value of cookie `name` in the request's headers.
    pub fn token_of(headers: &http::HeaderMap, name: &str) -> Option<String> {
        crate::cookies::cookie(headers, name).map(str::to_string).filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_credential_is_read_from_its_own_cookie_only() {
            let token = "ab".repeat(32);
            let mut headers = http::HeaderMap::new();
            headers.insert(http::header::COOKIE, format!("civico_lang=ar; civico_kiosk={token}").parse().unwrap());
            assert_eq!(token_of(&headers, "civico_kiosk"), Some(token.clone()));
            assert_eq!(token_of(&headers, "__Host-civico_kiosk"), None);
            headers.insert(http::header::COOKIE, "civico_kiosk=short".parse().unwrap());
            assert_eq!(token_of(&headers, "civico_kiosk"), None, "only a whole 256-bit token is looked up");
        }
    }
}
