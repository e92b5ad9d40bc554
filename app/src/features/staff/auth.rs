//! (server) Who is calling: passwords (argon2id), the session layer's backend, the login
//! limits, and the checks every staff server function starts with.

use crate::domain::ids::{AccountId, HubId};
use crate::domain::staff::{Account, normalise_email};
use crate::error::{AppError, FieldError, Reason};
use crate::store::{SharedStore, StoreError};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum_login::{AuthUser, AuthnBackend};
use governor::{DefaultKeyedRateLimiter, Quota};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, OnceLock};

/// argon2id with OWASP's first recommended parameters: 19 MiB, 2 passes, 1 lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a new password (PHC string with its own salt). Slow on purpose: call it off
/// the async runtime ([`hash_password`]).
pub fn hash_password_blocking(password: &str) -> Result<String, StoreError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| StoreError::Other(e.to_string()))
}

/// Password hashes computed at once, at most: each takes 19 MiB and a core, and logins
/// from many addresses could otherwise take the server's memory.
const HASHING_AT_ONCE: usize = 4;

/// Runs slow password work on a blocking thread, [`HASHING_AT_ONCE`] at a time.
async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, StoreError> {
    static PERMITS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    let _permit = PERMITS
        .get_or_init(|| tokio::sync::Semaphore::new(HASHING_AT_ONCE))
        .acquire()
        .await
        .map_err(|e| StoreError::Other(e.to_string()))?;
    tokio::task::spawn_blocking(work).await.map_err(|e| StoreError::Other(e.to_string()))
}

/// [`hash_password_blocking`] off the async runtime.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    Ok(hashing(move || hash_password_blocking(&password)).await??)
}

/// Whether `password` matches the PHC string `hash`.
fn verify_blocking(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash no password matches, verified when the account does not exist, so that a wrong
/// address takes as long to refuse as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let mut random = [0u8; 32];
        OsRng.fill_bytes(&mut random);
        hash_password_blocking(&hex(&random)).unwrap_or_default()
    })
}

/// `bytes` as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new secret for a link: 256 random bits as hex.
pub fn new_token() -> String {
    let mut random = [0u8; 32];
    OsRng.fill_bytes(&mut random);
    hex(&random)
}

/// The logged-in account as the session layer holds it.
#[derive(Clone)]
pub struct StaffUser {
    pub account: Account,
    /// What a session is checked against on every request: changes with the password
    /// and with the account's epoch, ending every session made before.
    auth_hash: Vec<u8>,
}

impl std::fmt::Debug for StaffUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffUser").field("id", &self.account.id).field("role", &self.account.role).finish()
    }
}

impl StaffUser {
    fn from_record(record: crate::store::StaffRecord) -> StaffUser {
        let auth_hash = Sha256::digest(format!("{}\n{}", record.password_hash, record.epoch).as_bytes()).to_vec();
        StaffUser { account: record.account, auth_hash }
    }
}

impl AuthUser for StaffUser {
    type Id = AccountId;

    fn id(&self) -> AccountId {
        self.account.id
    }

    fn session_auth_hash(&self) -> &[u8] {
        &self.auth_hash
    }
}

/// What a login form sends.
#[derive(Clone)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

/// Accounts from the store. `get_user` runs on every request that carries a session
/// cookie: an account deactivated since is gone at its next request.
#[derive(Clone)]
pub struct StaffBackend {
    pub store: SharedStore,
}

impl StaffBackend {
    /// The active account `id`: the one just created from an invitation, to log in.
    pub async fn active_user(&self, id: AccountId) -> Result<StaffUser, AppError> {
        self.get_user(&id).await?.ok_or(AppError::Internal)
    }
}

impl AuthnBackend for StaffBackend {
    type User = StaffUser;
    type Credentials = Credentials;
    type Error = StoreError;

    /// The active account these credentials open, or `None`, in about the same time
    /// whether the address is unknown, the password wrong or the account deactivated.
    async fn authenticate(&self, creds: Credentials) -> Result<Option<StaffUser>, StoreError> {
        let record = match normalise_email(&creds.email) {
            Ok(email) => self.store.account_by_email(&email).await?,
            Err(_) => None,
        };
        let hash = record.as_ref().map(|r| r.password_hash.clone()).unwrap_or_else(|| decoy_hash().to_string());
        let password = creds.password;
        let matches = hashing(move || verify_blocking(&password, &hash)).await?;
        Ok(record.filter(|r| matches && r.account.active).map(StaffUser::from_record))
    }

    async fn get_user(&self, id: &AccountId) -> Result<Option<StaffUser>, StoreError> {
        Ok(self.store.account(*id).await?.filter(|r| r.account.active).map(StaffUser::from_record))
    }
}

/// The session of a request, with its account if someone is logged in.
pub type StaffSession = axum_login::AuthSession<StaffBackend>;

/// How long a staff device keeps working without reaching the server, and how long a
/// session lives without a request (the same span: a device coming back after it must
/// log in again).
#[derive(Clone, Copy, Debug)]
pub struct StaffSettings {
    pub offline_days: u32,
    /// Served over HTTPS: cookies are `Secure` and `__Host-` prefixed.
    pub https: bool,
}

impl Default for StaffSettings {
    fn default() -> Self {
        StaffSettings { offline_days: 14, https: false }
    }
}

/// Login attempts allowed per hour (`None`: no limit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginLimits {
    pub per_address: Option<NonZeroU32>,
    pub per_account: Option<NonZeroU32>,
}

/// Login attempts per client address and per e-mail address (known or not, so the limit
/// itself tells nothing), with `governor`'s keyed limiters: a full hour's allowance at
/// once, then one more every `60 / n` minutes.
#[derive(Clone, Default)]
pub struct LoginLimiter {
    per_address: Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
    per_account: Option<Arc<DefaultKeyedRateLimiter<String>>>,
}

impl LoginLimiter {
    pub fn new(limits: LoginLimits) -> LoginLimiter {
        LoginLimiter {
            per_address: limits.per_address.map(|n| Arc::new(governor::RateLimiter::keyed(Quota::per_hour(n)))),
            per_account: limits.per_account.map(|n| Arc::new(governor::RateLimiter::keyed(Quota::per_hour(n)))),
        }
    }

    /// Takes one attempt from the address's allowance and the account's, or refuses.
    pub fn admit(&self, address: IpAddr, email: &str) -> Result<(), AppError> {
        if let Some(limiter) = &self.per_address
            && limiter.check_key(&address).is_err()
        {
            return Err(AppError::TooManyRequests);
        }
        let key = email.trim().to_lowercase();
        if let Some(limiter) = &self.per_account
            && limiter.check_key(&key).is_err()
        {
            return Err(AppError::TooManyRequests);
        }
        Ok(())
    }

    /// Forgets keys whose allowance is full again.
    pub fn forget_idle(&self) {
        if let Some(l) = &self.per_address {
            l.retain_recent();
        }
        if let Some(l) = &self.per_account {
            l.retain_recent();
        }
    }
}

/// The request's session, or an internal error if the server runs without the layer.
pub async fn session() -> Result<StaffSession, AppError> {
    leptos_axum::extract::<StaffSession>().await.map_err(|_| {
        tracing::error!("no staff session layer");
        AppError::Internal
    })
}

/// Logs `user` in under a new session id, whoever was logged in before (a shared tablet):
/// their session ends. axum-login changes the id only for a session with nobody in it,
/// and tower-sessions re-creates a flushed session under its old id.
pub async fn log_in(auth: &mut StaffSession, user: &StaffUser) -> Result<(), AppError> {
    let failed = super::api::store_failure;
    if auth.user.is_some() {
        auth.logout().await.map_err(|e| failed(&e))?;
    }
    auth.session.cycle_id().await.map_err(|e| failed(&e))?;
    auth.login(user).await.map_err(|e| failed(&e))
}

/// The logged-in account, or 401. Each call keeps the session alive for another
/// [`StaffSettings::offline_days`].
pub async fn caller() -> Result<Account, AppError> {
    let auth = session().await?;
    let Some(user) = auth.user else {
        return Err(AppError::Unauthorized(FieldError::new("login", Reason::LoginRequired)));
    };
    // Marks the session changed (the layer saves only a changed one), so it is saved with a
    // new expiry: to the minute, so that the "until" shown is the session's own.
    let _ = auth.session.insert("seen", jiff::Timestamp::now().as_second() / 60).await;
    Ok(user.account)
}

/// The logged-in account if it works at `hub`: 401 without a login, 403 otherwise.
pub async fn caller_at(hub: HubId) -> Result<Account, AppError> {
    let account = caller().await?;
    if !account.works_at(hub) {
        return Err(AppError::Forbidden(FieldError::new("hub", Reason::NotAllowed).with_value(&hub.to_string())));
    }
    Ok(account)
}

/// 403 unless `account` coordinates `hub` (see [`Account::coordinates`]).
pub fn may_coordinate(account: &Account, hub: HubId) -> Result<(), AppError> {
    if account.coordinates(hub) {
        Ok(())
    } else {
        Err(AppError::Forbidden(FieldError::new("hub", Reason::NotAllowed).with_value(&hub.to_string())))
    }
}

/// The logged-in account if it coordinates `hub`: 401 without a login, 403 otherwise.
pub async fn coordinator_at(hub: HubId) -> Result<Account, AppError> {
    let account = caller().await?;
    may_coordinate(&account, hub)?;
    Ok(account)
}

/// The store from the request's context.
pub fn store() -> Result<SharedStore, AppError> {
    crate::store::use_store()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password_blocking("caffè al Pigneto 7").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_blocking("caffè al Pigneto 7", &hash));
        assert!(!verify_blocking("caffè al pigneto 7", &hash));
        assert!(!verify_blocking("anything", "not a hash"));
        assert_ne!(hash, hash_password_blocking("caffè al Pigneto 7").unwrap(), "salted");
        assert!(!verify_blocking("", decoy_hash()));
    }

    #[test]
    fn login_attempts_are_limited_per_address_and_per_account() {
        let limiter = LoginLimiter::new(LoginLimits { per_address: NonZeroU32::new(3), per_account: NonZeroU32::new(2) });
        let here: IpAddr = "192.0.2.1".parse().unwrap();
        let there: IpAddr = "192.0.2.2".parse().unwrap();
        assert_eq!(limiter.admit(here, "giulia@example.org"), Ok(()));
        assert_eq!(limiter.admit(here, " Giulia@Example.org"), Ok(()));
        assert_eq!(limiter.admit(there, "giulia@example.org"), Err(AppError::TooManyRequests), "the account's two are taken");
        assert_eq!(limiter.admit(here, "ahmed@example.org"), Ok(()));
        assert_eq!(limiter.admit(here, "sara@example.org"), Err(AppError::TooManyRequests), "the address's three are taken");
        assert_eq!(limiter.admit(there, "ahmed@example.org"), Ok(()));
        let open = LoginLimiter::new(LoginLimits { per_address: None, per_account: None });
        for _ in 0..50 {
            assert_eq!(open.admit(here, "x@example.org"), Ok(()));
        }
    }

    #[test]
    fn tokens_are_256_random_bits() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }
}
