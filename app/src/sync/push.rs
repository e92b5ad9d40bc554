//! The write half of sync: `POST /api/sync/push` applies a device's mutations, and
//! `POST /api/sync/registrations` tells a device what became of its registrations.
//! Both are POST: their bodies carry tokens and personal data, which must never sit in
//! a URL, a log line or a cache. The protocol is written down in `docs/sync-protocol.md`.

use crate::domain::mutation::{Answer, RegistrationState};
use crate::domain::mutation_id::MutationId;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The most mutations one push may carry; a device sends its outbox in batches of this.
pub const PUSH_BATCH_MAX: usize = 100;
/// The most registrations one state request may ask about.
pub const STATES_MAX: usize = 500;

/// One answer per pushed mutation, in the order they were sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushResults {
    pub results: Vec<Answer>,
}

/// A registration the device asks about, with the token that opens it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Asked {
    pub id: MutationId,
    pub token: String,
}

/// For each asked registration, its state, or `null` where the token does not open it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistrationStates {
    pub registrations: Vec<Option<RegistrationState>>,
}

/// Applies `mutations` (each `{"id": <UUIDv7>, "type": …}`) in order, in one transaction.
/// Each is read on its own, so a refusal names the one at fault (`mutations[3].id`).
#[server(endpoint = "sync/push", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn push_mutations(mutations: Vec<serde_json::Value>) -> Result<PushResults, AppError> {
    use crate::store::{PushError, use_store};
    if mutations.len() > PUSH_BATCH_MAX {
        return Err(AppError::TooLarge { limit: PUSH_BATCH_MAX as u32 });
    }
    let mut batch = mutations.into_iter().enumerate().map(|(i, value)| server::read_mutation(i, value)).collect::<Result<Vec<_>, _>>()?;
    server::rate_limit(&batch).await?;
    server::kiosk_sender(&mut batch).await?;
    let caller = server::desk_caller(&mut batch).await?;
    let store = use_store()?;
    match store.push(&batch, caller.as_ref(), crate::domain::time::now_local()).await {
        Ok(results) => Ok(PushResults { results }),
        Err(PushError::Refused(refusal)) => Err(server::refused(&batch, &refusal)),
        Err(PushError::Store(e)) => Err(e.into()),
    }
}

/// The state of each registration asked about, as its token allows.
#[server(endpoint = "sync/registrations", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn read_registrations(registrations: Vec<Asked>) -> Result<RegistrationStates, AppError> {
    use crate::store::use_store;
    if registrations.len() > STATES_MAX {
        return Err(AppError::TooLarge { limit: STATES_MAX as u32 });
    }
    let asked: Vec<(MutationId, String)> = registrations.iter().map(|a| (a.id, server::digest(&a.token))).collect();
    let registrations = use_store()?.registration_states(&asked, crate::domain::time::now_local()).await?;
    Ok(RegistrationStates { registrations })
}

#[cfg(feature = "ssr")]
pub mod server {
    //! Reading a pushed mutation, hashing, and the sign-up rate limits.

    use crate::domain::ledger::Refusal;
    use crate::domain::mutation::{Envelope, MUTATION_TYPES, Mutation};
    use crate::domain::mutation_id::MutationId;
    use crate::domain::staff::Account;
    use crate::error::{AppError, FieldError, Reason, shorten};
    use crate::store::Pushed;
    use governor::{DefaultKeyedRateLimiter, Quota};
    use sha2::{Digest, Sha256};
    use std::net::IpAddr;
    use std::num::NonZeroU32;
    use std::sync::Arc;

    /// SHA-256 as hex: what the server keeps of tokens and payloads.
    pub fn digest(text: &str) -> String {
        Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Reads mutation `i` of a push: a clear 400 for a missing or non-v7 id or an unknown
    /// type, 422 for a value the rules refuse.
    pub fn read_mutation(i: usize, value: serde_json::Value) -> Result<Pushed, AppError> {
        let at = format!("mutations[{i}]");
        let Some(fields) = value.as_object() else {
            return Err(AppError::BadRequest(FieldError::new(at, Reason::Malformed)));
        };
        match fields.get("id") {
            None => return Err(AppError::BadRequest(FieldError::new(format!("{at}.id"), Reason::Required))),
            Some(id) if id.as_str().and_then(|t| t.parse::<MutationId>().ok()).is_none() => {
                return Err(AppError::BadRequest(FieldError::new(format!("{at}.id"), Reason::Malformed).with_value(&id_text(id))));
            }
            Some(_) => {}
        }
        match fields.get("type").map(|t| t.as_str()) {
            None => return Err(AppError::BadRequest(FieldError::new(format!("{at}.type"), Reason::Required))),
            Some(Some(t)) if MUTATION_TYPES.contains(&t) => {}
            Some(t) => {
                let shown = t.map(str::to_string).unwrap_or_else(|| fields["type"].to_string());
                return Err(AppError::BadRequest(FieldError::new(format!("{at}.type"), Reason::Unknown).with_value(&shown)));
            }
        }
        let envelope: Envelope = serde_json::from_value(value)
            .map_err(|e| AppError::BadRequest(FieldError::new(at.clone(), Reason::Malformed).with_detail(shorten(&e.to_string()))))?;
        envelope.mutation.validate().map_err(|e| AppError::Invalid(vec![e.under(&at)]))?;
        let payload = serde_json::to_string(&envelope.mutation).map_err(|_| AppError::Internal)?;
        Ok(Pushed {
            id: envelope.id,
            digest: digest(&payload),
            token_digest: envelope.mutation.token().map(digest).unwrap_or_default(),
            mutation: envelope.mutation,
            deactivated: false,
            from_kiosk: None,
        })
    }

    /// Who stands behind the batch's desk changes: the staff account logged in (its
    /// changes are then held to it by the ledger), or, with nobody logged in, changes whose
    /// account has been deactivated since (marked, to be answered `rejected`). Any other
    /// desk change with nobody logged in is a 401: it waits on its device for a new login.
    pub async fn desk_caller(batch: &mut [Pushed]) -> Result<Option<Account>, AppError> {
        if batch.iter().all(|p| p.mutation.account().is_none()) {
            return Ok(None);
        }
        if let Ok(account) = crate::features::staff::auth::caller().await {
            return Ok(Some(account));
        }
        // Each account is looked up once, and the lookups count against the address's
        // sign-up allowance: nobody may probe many accounts' standing for free.
        let mut accounts: Vec<crate::domain::ids::AccountId> = batch.iter().filter_map(|p| p.mutation.account()).collect();
        accounts.sort();
        accounts.dedup();
        if let Some(limiter) = leptos::prelude::use_context::<SignUpLimiter>() {
            limiter.admit_address(client_address().await, accounts.len() as u32)?;
        }
        let store = crate::store::use_store()?;
        let mut inactive = std::collections::BTreeSet::new();
        for id in accounts {
            if store.account(id).await?.is_some_and(|record| !record.account.active) {
                inactive.insert(id);
            }
        }
        for (i, p) in batch.iter_mut().enumerate() {
            let Some(id) = p.mutation.account() else { continue };
            if !inactive.contains(&id) {
                return Err(AppError::Unauthorized(FieldError::new(format!("mutations[{i}].account"), Reason::LoginRequired)));
            }
            p.deactivated = true;
        }
        Ok(None)
    }

    /// Marks the batch's help requests with the hub of the kiosk that sent them, from its
    /// credential. Without a live kiosk credential they are a 401 (`kiosk`, `not_allowed`):
    /// a revoked kiosk stops sending.
    pub async fn kiosk_sender(batch: &mut [Pushed]) -> Result<(), AppError> {
        if !batch.iter().any(|p| matches!(p.mutation, Mutation::HelpRequest(_))) {
            return Ok(());
        }
        let kiosk = crate::features::kiosk::api::server::caller_kiosk().await?;
        for p in batch.iter_mut().filter(|p| matches!(p.mutation, Mutation::HelpRequest(_))) {
            p.from_kiosk = Some(kiosk.hub);
        }
        Ok(())
    }

    /// The 403 for a batch the ledger refused, naming the mutation at fault and the field.
    pub fn refused(batch: &[Pushed], refusal: &Refusal) -> AppError {
        let at = batch.iter().position(|p| p.id == refusal.id()).unwrap_or_default();
        let (field, reason) = match (refusal, &batch[at.min(batch.len().saturating_sub(1))].mutation) {
            (Refusal::NotYourHub(_), Mutation::HelpRequest(_)) => ("hub", Reason::NotAllowed),
            (Refusal::NotYourHub(_), _) => ("session", Reason::NotAllowed),
            (Refusal::NotYourAccount(_), _) => ("account", Reason::NotAllowed),
            (Refusal::NotYours(_), Mutation::UndoCheckIn(_)) => ("check_in", Reason::NotYours),
            (Refusal::NotYours(_), Mutation::DeskCancel(_) | Mutation::CheckIn(_)) => ("registration", Reason::NotYours),
            (Refusal::NotYours(_), _) => ("token", Reason::NotYours),
        };
        AppError::Forbidden(FieldError::new(format!("mutations[{at}].{field}"), reason))
    }

    fn id_text(id: &serde_json::Value) -> String {
        id.as_str().map(str::to_string).unwrap_or_else(|| id.to_string())
    }

    /// How many sign-ups one address, and one session, may send per minute. A device
    /// that went over sends the rest at its next sync; replays count too, so the
    /// defaults leave room for a few.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct RateLimits {
        pub per_address: Option<NonZeroU32>,
        pub per_session: Option<NonZeroU32>,
    }

    /// The limiters, shared by every request (in context).
    #[derive(Clone)]
    pub struct SignUpLimiter {
        per_address: Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
        per_session: Option<Arc<DefaultKeyedRateLimiter<String>>>,
    }

    impl SignUpLimiter {
        pub fn new(limits: RateLimits) -> SignUpLimiter {
            SignUpLimiter {
                per_address: limits.per_address.map(|n| Arc::new(governor::RateLimiter::keyed(Quota::per_minute(n)))),
                per_session: limits.per_session.map(|n| Arc::new(governor::RateLimiter::keyed(Quota::per_minute(n)))),
            }
        }

        /// Takes `count` sign-ups from `address`'s allowance and each session's, or
        /// refuses them all.
        pub fn admit(&self, address: IpAddr, sessions: &[String]) -> Result<(), AppError> {
            let count = NonZeroU32::new(sessions.len() as u32);
            let Some(count) = count else { return Ok(()) };
            if let Some(limiter) = &self.per_address
                && !matches!(limiter.check_key_n(&address, count), Ok(Ok(())))
            {
                return Err(AppError::TooManyRequests);
            }
            if let Some(limiter) = &self.per_session {
                let mut per_session: std::collections::BTreeMap<&String, u32> = Default::default();
                for s in sessions {
                    *per_session.entry(s).or_default() += 1;
                }
                for (session, n) in per_session {
                    let n = NonZeroU32::new(n).expect("counted from 1");
                    if !matches!(limiter.check_key_n(session, n), Ok(Ok(()))) {
                        return Err(AppError::TooManyRequests);
                    }
                }
            }
            Ok(())
        }

        /// Takes `count` from `address`'s allowance alone, or refuses.
        pub fn admit_address(&self, address: IpAddr, count: u32) -> Result<(), AppError> {
            match (&self.per_address, NonZeroU32::new(count)) {
                (Some(limiter), Some(n)) if !matches!(limiter.check_key_n(&address, n), Ok(Ok(()))) => Err(AppError::TooManyRequests),
                _ => Ok(()),
            }
        }

        /// Forgets keys whose allowance is full again, so the maps do not grow forever.
        pub fn forget_idle(&self) {
            if let Some(l) = &self.per_address {
                l.retain_recent();
            }
            if let Some(l) = &self.per_session {
                l.retain_recent();
            }
        }
    }

    /// Applies the sign-up limits of the limiter in context (none in context: no limit).
    pub async fn rate_limit(batch: &[Pushed]) -> Result<(), AppError> {
        let Some(limiter) = leptos::prelude::use_context::<SignUpLimiter>() else { return Ok(()) };
        let sessions: Vec<String> = batch
            .iter()
            .filter_map(|p| match &p.mutation {
                Mutation::SignUp(s) => Some(s.session.to_string()),
                _ => None,
            })
            .collect();
        limiter.admit(client_address().await, &sessions)
    }

    /// The client's address: the TCP peer, which `serve` puts in each request.
    pub async fn client_address() -> IpAddr {
        leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .await
            .map(|info| info.0.ip())
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn each_sign_up_counts_against_its_address_and_its_session() {
            let limiter = SignUpLimiter::new(RateLimits { per_address: NonZeroU32::new(3), per_session: NonZeroU32::new(2) });
            let home: IpAddr = "192.0.2.1".parse().unwrap();
            let s = |n: &str| n.to_string();
            assert_eq!(limiter.admit(home, &[s("1-20261123T1000"), s("2-20261123T1000")]), Ok(()));
            assert_eq!(limiter.admit(home, &[s("1-20261123T1000"), s("3-20261123T1000")]), Err(AppError::TooManyRequests));
            let other: IpAddr = "192.0.2.2".parse().unwrap();
            assert_eq!(limiter.admit(other, &[s("1-20261123T1000")]), Ok(()));
            assert_eq!(limiter.admit(other, &[s("1-20261123T1000")]), Err(AppError::TooManyRequests), "the session's two are taken");
            assert_eq!(limiter.admit(other, &[]), Ok(()), "cancellations are not limited");
            let open = SignUpLimiter::new(RateLimits { per_address: None, per_session: None });
            assert!((0..1000).all(|_| open.admit(home, &[s("1-20261123T1000")]).is_ok()));
        }
    }
}
