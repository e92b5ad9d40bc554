//! Staff accounts: logging in and out, who is logged in, the people an account looks
//! after, invitations. Every function is under `/api/staff/`, which no cache keeps and
//! the service worker never answers; each checks the caller's role (`auth.rs`).

use crate::domain::ids::{AccountId, HubId};
use crate::domain::staff::{Account, Role};
use crate::domain::text::Text;
use crate::error::AppError;
use jiff::civil::DateTime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A hub as the staff screens name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HubLabel {
    pub id: HubId,
    pub name: Text,
    pub city: String,
}

/// Who is logged in on this device, and until when it may work without reaching the
/// server (Rome's wall clock).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub account: Account,
    pub hubs: Vec<HubLabel>,
    #[serde(with = "crate::domain::wire::datetime")]
    pub until: DateTime,
}

/// Someone on the caller's list, and whether the caller may deactivate or reactivate them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub account: Account,
    pub manageable: bool,
}

/// The people the caller looks after, and what they may invite others as.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct People {
    pub people: Vec<Person>,
    /// Hubs by id: every hub a listed person works at or the caller may invite to.
    pub hubs: Vec<HubLabel>,
    /// Roles the caller may invite (empty for a volunteer).
    pub roles: Vec<Role>,
    /// Hubs the caller may invite people to.
    pub invite_hubs: Vec<HubId>,
}

/// A new invitation: the link to hand to the person (it works once, until `expires`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InviteLink {
    pub path: String,
    pub email: String,
    #[serde(with = "crate::domain::wire::datetime")]
    pub expires: DateTime,
}

/// What an invitation link offers, shown before the person sets a password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InviteInfo {
    pub email: String,
    pub role: Role,
    pub hubs: Vec<HubLabel>,
    #[serde(with = "crate::domain::wire::datetime")]
    pub expires: DateTime,
}

/// Logs in with an e-mail address and a password. A wrong address and a wrong password
/// get the same 401 (`credentials`, `wrong_credentials`) in about the same time; too many
/// attempts from one address or for one account get 429. The session id changes.
#[server(endpoint = "staff/login", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_login(email: String, password: String) -> Result<Me, AppError> {
    use super::auth::{Credentials, LoginLimiter, session};
    use crate::error::{FieldError, Reason};
    use crate::sync::push::server::client_address;
    if let Some(limiter) = use_context::<LoginLimiter>() {
        limiter.admit(client_address().await, &email)?;
    }
    let mut auth = session().await?;
    let wrong = || AppError::Unauthorized(FieldError::new("credentials", Reason::WrongCredentials));
    let user = auth.authenticate(Credentials { email, password }).await.map_err(|e| store_failure(&e))?.ok_or_else(wrong)?;
    super::auth::log_in(&mut auth, &user).await?;
    server::me(user.account).await
}

/// Ends this device's session. Nothing happens without one.
#[server(endpoint = "staff/logout", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_logout() -> Result<(), AppError> {
    let mut auth = super::auth::session().await?;
    auth.logout().await.map_err(|e| store_failure(&e))?;
    Ok(())
}

/// Who is logged in, or `None`.
#[server(endpoint = "staff/me", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_me() -> Result<Option<Me>, AppError> {
    match super::auth::caller().await {
        Ok(account) => server::me(account).await.map(Some),
        Err(AppError::Unauthorized(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The people the caller looks after (a volunteer: only themselves).
#[server(endpoint = "staff/people", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_people() -> Result<People, AppError> {
    let caller = super::auth::caller().await?;
    server::people(&caller).await
}

/// Invites someone by e-mail address as `role` at `hubs`: the caller's role decides whom
/// they may invite where (403 `role` or `hubs`, `not_allowed`).
#[server(endpoint = "staff/invite", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_invite(email: String, role: String, hubs: Vec<HubId>) -> Result<InviteLink, AppError> {
    let caller = super::auth::caller().await?;
    server::invite(&caller, &email, &role, hubs).await
}

/// What an invitation link offers; 404 for an unknown link, 410-like refusals (`invite`:
/// `expired`, `already_used`) as 422.
#[server(endpoint = "staff/invitation", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_invite_info(token: String) -> Result<InviteInfo, AppError> {
    server::invite_info(&token).await
}

/// Takes an invitation: creates the account with this name and password and logs in.
#[server(endpoint = "staff/accept", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_accept_invite(token: String, name: String, password: String) -> Result<Me, AppError> {
    server::accept(&token, &name, &password).await
}

/// Deactivates (ending its sessions at once) or reactivates an account the caller manages.
#[server(endpoint = "staff/active", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_set_active(account: AccountId, active: bool) -> Result<Person, AppError> {
    let caller = super::auth::caller().await?;
    server::set_active(&caller, account, active).await
}

/// The hub's registrations for the desk's days (today and the six after it), names
/// included; contacts for coordinators and administrators only. For those who work at the
/// hub (403 otherwise).
#[server(endpoint = "staff/desk", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_desk(hub: HubId) -> Result<super::desk::DeskSnapshot, AppError> {
    let caller = super::auth::caller_at(hub).await?;
    server::desk(&caller, hub).await
}

#[cfg(feature = "ssr")]
pub(crate) fn store_failure(e: &dyn std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "staff session failure");
    AppError::Internal
}

#[cfg(feature = "ssr")]
mod server {
    //! The rules behind each function, once the caller is known.

    use super::*;
    use crate::domain::staff::{INVITE_DAYS, check_password, invite_open, normalise_email, normalise_name};
    use crate::domain::time::{local_of, now_local};
    use crate::error::{FieldError, Reason};
    use crate::features::staff::auth::{StaffSettings, hash_password, new_token, store};
    use crate::store::{Invite, StoreError};
    use crate::sync::push::server::digest;

    /// Every hub's label, by id.
    async fn hub_labels(ids: impl IntoIterator<Item = HubId>) -> Result<Vec<HubLabel>, AppError> {
        let wanted: std::collections::BTreeSet<HubId> = ids.into_iter().collect();
        let calendar = store()?.calendar().await?;
        Ok(calendar
            .hubs
            .iter()
            .filter(|h| wanted.contains(&h.id))
            .map(|h| HubLabel { id: h.id, name: h.name.clone(), city: h.city.clone() })
            .collect())
    }

    async fn every_hub() -> Result<Vec<HubId>, AppError> {
        Ok(store()?.calendar().await?.hubs.iter().map(|h| h.id).collect())
    }

    pub async fn me(account: Account) -> Result<Me, AppError> {
        let days = use_context::<StaffSettings>().unwrap_or_default().offline_days;
        let until = local_of(jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * i64::from(days)));
        let hubs = if account.role == Role::Admin { Vec::new() } else { hub_labels(account.hubs.iter().copied()).await? };
        Ok(Me { account, hubs, until })
    }

    pub async fn people(caller: &Account) -> Result<People, AppError> {
        let accounts = store()?.accounts().await?;
        let people: Vec<Person> =
            accounts.into_iter().filter(|a| caller.sees(a)).map(|a| Person { manageable: caller.may_manage(&a), account: a }).collect();
        let roles = caller.invitable_roles();
        let invite_hubs = match caller.role {
            Role::Admin => every_hub().await?,
            Role::Coordinator => caller.hubs.clone(),
            Role::Volunteer => Vec::new(),
        };
        let hubs = hub_labels(people.iter().flat_map(|p| p.account.hubs.iter().copied()).chain(invite_hubs.iter().copied())).await?;
        Ok(People { people, hubs, roles, invite_hubs })
    }

    pub async fn invite(caller: &Account, email: &str, role: &str, mut hubs: Vec<HubId>) -> Result<InviteLink, AppError> {
        let email = normalise_email(email).map_err(|e| AppError::Invalid(vec![e]))?;
        let role =
            Role::from_code(role).ok_or_else(|| AppError::Invalid(vec![FieldError::new("role", Reason::Unknown).with_value(role)]))?;
        hubs.sort();
        hubs.dedup();
        caller.may_invite(role, &hubs).map_err(AppError::Forbidden)?;
        let known = every_hub().await?;
        if let Some(missing) = hubs.iter().find(|h| !known.contains(h)) {
            return Err(AppError::Invalid(vec![FieldError::new("hubs", Reason::MissingReference).with_value(&missing.to_string())]));
        }
        let store = store()?;
        if store.account_by_email(&email).await?.is_some() {
            return Err(AppError::Invalid(vec![FieldError::new("email", Reason::Taken).with_value(&email)]));
        }
        let token = new_token();
        let expires_at = jiff::Timestamp::now().as_second() + INVITE_DAYS * 24 * 3600;
        let invite = Invite { email: email.clone(), role, hubs, expires_at, invited_by: caller.id, used: false };
        store.add_invite(&digest(&token), &invite).await?;
        Ok(InviteLink { path: format!("/staff/invite/{token}"), email, expires: local_at(expires_at) })
    }

    fn local_at(seconds: i64) -> DateTime {
        jiff::Timestamp::from_second(seconds).map(local_of).unwrap_or_else(|_| now_local())
    }

    /// The invitation behind a token: 404 when unknown, 422 when used or expired.
    async fn open_invite(token: &str) -> Result<Invite, AppError> {
        let invite = store()?.invite(&digest(token.trim())).await?.ok_or(AppError::NotFound)?;
        invite_open(invite.expires_at, invite.used, jiff::Timestamp::now().as_second()).map_err(|e| AppError::Invalid(vec![e]))?;
        Ok(invite)
    }

    pub async fn invite_info(token: &str) -> Result<InviteInfo, AppError> {
        let invite = open_invite(token).await?;
        let hubs = hub_labels(invite.hubs.iter().copied()).await?;
        Ok(InviteInfo { email: invite.email, role: invite.role, hubs, expires: local_at(invite.expires_at) })
    }

    pub async fn accept(token: &str, name: &str, password: &str) -> Result<Me, AppError> {
        let invite = open_invite(token).await?;
        // The inviter must still be allowed to invite this (not deactivated since, nor moved
        // off those hubs): an invitation never outlives its author's standing.
        let inviter = store()?.account(invite.invited_by).await?;
        if inviter.is_none_or(|r| r.account.may_invite(invite.role, &invite.hubs).is_err()) {
            return Err(AppError::Invalid(vec![FieldError::new("invite", Reason::NotAllowed)]));
        }
        let mut errors = Vec::new();
        let name = normalise_name(name).map_err(|e| errors.push(e)).unwrap_or_default();
        if let Err(e) = check_password(password, &invite.email) {
            errors.push(e);
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let hash = hash_password(password.to_string()).await?;
        let store = store()?;
        let id = match store.accept_invite(&digest(token.trim()), jiff::Timestamp::now().as_second(), &name, &hash).await {
            Ok(id) => id,
            Err(StoreError::Invalid(e)) => return Err(AppError::Invalid(vec![e])),
            Err(e) => return Err(e.into()),
        };
        let mut auth = super::super::auth::session().await?;
        let user = auth.backend.active_user(id).await?;
        super::super::auth::log_in(&mut auth, &user).await?;
        me(user.account).await
    }

    pub async fn desk(caller: &Account, hub: HubId) -> Result<super::super::desk::DeskSnapshot, AppError> {
        use super::super::desk::{DESK_DAYS, DeskSnapshot};
        use crate::domain::time::add_days;
        let store = store()?;
        let activities: Vec<_> = store.calendar().await?.activities.iter().filter(|a| a.hub_id == hub).map(|a| a.id).collect();
        let now = now_local();
        let from = now.date().to_datetime(jiff::civil::Time::midnight());
        let to = add_days(now.date(), DESK_DAYS).to_datetime(jiff::civil::Time::midnight());
        let contacts = caller.role != Role::Volunteer;
        let (registrations, check_ins) = store.desk_rows(&activities, from, to, contacts).await?;
        Ok(DeskSnapshot { hub, taken_at: now, registrations, check_ins })
    }

    pub async fn set_active(caller: &Account, id: AccountId, active: bool) -> Result<Person, AppError> {
        let store = store()?;
        let target = store.account(id).await?.ok_or(AppError::NotFound)?;
        if !caller.sees(&target.account) {
            return Err(AppError::NotFound);
        }
        if !caller.may_manage(&target.account) {
            return Err(AppError::Forbidden(FieldError::new("account", Reason::NotAllowed).with_value(&id.to_string())));
        }
        store.set_active(id, active).await?;
        let account = Account { active, ..target.account };
        Ok(Person { manageable: caller.may_manage(&account), account })
    }
}
