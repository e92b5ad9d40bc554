//! Staff data on the device (browser only): who is logged in, so the staff screens work
//! offline for the days the server allows; each hub's desk (the server's copy, and the
//! changes made here: `change-<id>`, written with their outbox entry in one transaction);
//! and forgetting all of it at logout.
//!
//! A logout made offline cannot reach the server, whose session cookie the page cannot
//! delete (it is HttpOnly): the device forgets its staff data at once and remembers, in
//! `localStorage` and without any personal data, to end the server's session at the next
//! chance ([`logout_pending`]).

use super::replica::{OUTBOX, Replica, ReplicaError, STAFF, commit};
use crate::domain::ids::HubId;
use crate::domain::mutation::Envelope;
use crate::domain::mutation_id::MutationId;
use crate::features::staff::api::Me;
use crate::features::staff::desk::DeskSnapshot;
use crate::features::staff::desk_changes::{ChangeState, DeskChange};
use rexie::TransactionMode;
use wasm_bindgen::JsValue;

const ME: &str = "me";

fn desk_key(hub: HubId) -> String {
    format!("desk-{hub}")
}
const CHANGE: &str = "change-";

fn change_key(id: MutationId) -> String {
    format!("{CHANGE}{id}")
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<JsValue, ReplicaError> {
    serde_json::to_string(value).map(|text| JsValue::from_str(&text)).map_err(|e| ReplicaError(e.to_string()))
}

/// Who is logged in, as `tx`'s staff store holds it.
async fn read_me(tx: &rexie::Transaction) -> Result<Option<Me>, ReplicaError> {
    let value = tx.store(STAFF)?.get(JsValue::from_str(ME)).await?;
    Ok(value.and_then(|v| v.as_string()).and_then(|text| serde_json::from_str(&text).ok()))
}

/// Every desk change kept in `tx`'s staff store.
async fn read_changes(tx: &rexie::Transaction) -> Result<Vec<DeskChange>, ReplicaError> {
    let records = tx.store(STAFF)?.scan(None, None, None, None).await?;
    Ok(records
        .into_iter()
        .filter(|(key, _)| key.as_string().is_some_and(|k| k.starts_with(CHANGE)))
        .filter_map(|(_, value)| serde_json::from_str(&value.as_string()?).ok())
        .collect())
}

/// Whether an outbox entry is a desk change (made under a staff login).
fn is_staff_entry(value: &JsValue) -> bool {
    value.as_string().and_then(|text| serde_json::from_str::<Envelope>(&text).ok()).is_some_and(|e| e.mutation.account().is_some())
}

/// Empties the staff store and takes the desk changes out of the outbox, inside `tx`.
async fn clear_staff(tx: &rexie::Transaction) -> Result<(), ReplicaError> {
    tx.store(STAFF)?.clear().await?;
    let outbox = tx.store(OUTBOX)?;
    for (key, value) in outbox.scan(None, None, None, None).await? {
        if is_staff_entry(&value) {
            outbox.delete(key).await?;
        }
    }
    Ok(())
}

const LOGOUT_PENDING: &str = "civico-staff-logout-pending";

impl Replica {
    /// Keeps who is logged in. Another account's data (its desks, and its desk changes not
    /// sent, which the login screen warned about) goes in the same transaction: a shared
    /// tablet never shows one person what another one pulled or typed.
    pub async fn keep_staff(&self, me: &Me) -> Result<(), ReplicaError> {
        let tx = self.db.transaction(&[OUTBOX, STAFF], TransactionMode::ReadWrite)?;
        let store = tx.store(STAFF)?;
        let before = read_me(&tx).await?.map(|b| b.account.id);
        let changes = read_changes(&tx).await?;
        // After a login that ended, `me` is gone but the changes say whose they are.
        let owner = before.or_else(|| changes.iter().find_map(|c| c.mutation.account()));
        if owner.is_some_and(|id| id != me.account.id) {
            clear_staff(&tx).await?;
        }
        store.put(&to_json(me)?, Some(&JsValue::from_str(ME))).await?;
        commit(tx).await
    }

    /// Who is logged in on this device, if anyone (an unreadable record reads as nobody).
    pub async fn staff(&self) -> Result<Option<Me>, ReplicaError> {
        let tx = self.db.transaction(&[STAFF], TransactionMode::ReadOnly)?;
        read_me(&tx).await
    }

    /// Keeps the server's latest answer for a hub's desk (names included), asked for at
    /// `asked_at` (ms): the changes made here that it shows go in the same transaction.
    /// Kept only for an account logged in here that works at the hub: an answer that
    /// arrives after a logout (or another account's login) is dropped.
    pub async fn keep_desk(&self, snapshot: &DeskSnapshot, asked_at: f64) -> Result<(), ReplicaError> {
        let tx = self.db.transaction(&[STAFF], TransactionMode::ReadWrite)?;
        let store = tx.store(STAFF)?;
        if read_me(&tx).await?.is_none_or(|me| !me.account.works_at(snapshot.hub)) {
            tx.abort().await?;
            return Ok(());
        }
        store.put(&to_json(snapshot)?, Some(&JsValue::from_str(&desk_key(snapshot.hub)))).await?;
        for change in read_changes(&tx).await? {
            if change.hub == snapshot.hub && change.is_settled_by(asked_at) {
                store.delete(JsValue::from_str(&change_key(change.id))).await?;
            }
        }
        commit(tx).await
    }

    /// Saves a change made at a desk and queues it, in one transaction, for the account
    /// logged in on this device (none, or another: nothing is written).
    pub async fn desk_change(&self, change: &DeskChange) -> Result<(), ReplicaError> {
        let tx = self.db.transaction(&[OUTBOX, STAFF], TransactionMode::ReadWrite)?;
        if read_me(&tx).await?.is_none_or(|me| Some(me.account.id) != change.mutation.account()) {
            tx.abort().await?;
            return Err(ReplicaError("nobody is logged in on this device as the change's account".into()));
        }
        let envelope = Envelope { id: change.id, mutation: change.mutation.clone() };
        tx.store(STAFF)?.add(&to_json(change)?, Some(&JsValue::from_str(&change_key(change.id)))).await?;
        tx.store(OUTBOX)?.add(&to_json(&envelope)?, Some(&JsValue::from_str(&change.id.to_string()))).await?;
        commit(tx).await
    }

    /// The changes made here at `hub`'s desk (every desk's, without one), in the order
    /// they were made.
    pub async fn desk_changes(&self, hub: Option<HubId>) -> Result<Vec<DeskChange>, ReplicaError> {
        let tx = self.db.transaction(&[STAFF], TransactionMode::ReadOnly)?;
        let mut changes: Vec<DeskChange> = read_changes(&tx).await?.into_iter().filter(|c| hub.is_none_or(|h| c.hub == h)).collect();
        changes.sort_by_key(|c| c.id);
        Ok(changes)
    }

    /// The volunteer has read why a change was turned down: it goes.
    pub async fn dismiss_desk_change(&self, id: MutationId) -> Result<(), ReplicaError> {
        let tx = self.db.transaction(&[STAFF], TransactionMode::ReadWrite)?;
        tx.store(STAFF)?.delete(JsValue::from_str(&change_key(id))).await?;
        commit(tx).await
    }

    /// How many desk changes wait in the outbox.
    pub async fn unsent_desk_changes(&self) -> Result<u32, ReplicaError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let records = tx.store(OUTBOX)?.scan(None, None, None, None).await?;
        Ok(records.iter().filter(|(_, value)| is_staff_entry(value)).count() as u32)
    }

    /// The device's copy of a hub's desk, if it has one.
    pub async fn desk(&self, hub: HubId) -> Result<Option<DeskSnapshot>, ReplicaError> {
        let tx = self.db.transaction(&[STAFF], TransactionMode::ReadOnly)?;
        let value = tx.store(STAFF)?.get(JsValue::from_str(&desk_key(hub))).await?;
        Ok(value.and_then(|v| v.as_string()).and_then(|text| serde_json::from_str(&text).ok()))
    }

    /// The hubs whose desk this device holds a copy of.
    pub async fn desk_hubs(&self) -> Result<Vec<HubId>, ReplicaError> {
        let tx = self.db.transaction(&[STAFF], TransactionMode::ReadOnly)?;
        let keys = tx.store(STAFF)?.get_all_keys(None, None).await?;
        Ok(keys.iter().filter_map(|k| k.as_string()?.strip_prefix("desk-")?.parse().ok()).collect())
    }

    /// Removes every piece of staff data from the device, the desk changes still in the
    /// outbox included (the logout screen warned about them first), in one transaction.
    pub async fn forget_staff(&self) -> Result<(), ReplicaError> {
        let tx = self.db.transaction(&[OUTBOX, STAFF], TransactionMode::ReadWrite)?;
        clear_staff(&tx).await?;
        commit(tx).await
    }

    /// Forgets who is logged in and the desks' copies, and keeps the changes made here:
    /// the server ended the session (expired, or the account was deactivated), and those
    /// changes are still to be sent, or to be read once answered.
    pub async fn end_staff_login(&self) -> Result<(), ReplicaError> {
        let tx = self.db.transaction(&[STAFF], TransactionMode::ReadWrite)?;
        let store = tx.store(STAFF)?;
        for (key, _) in store.scan(None, None, None, None).await? {
            if !key.as_string().is_some_and(|k| k.starts_with(CHANGE)) {
                store.delete(key).await?;
            }
        }
        commit(tx).await
    }
}

/// Records the server's answer to a desk change, or its refusal, inside `tx` (over the
/// staff store): the change then shows as done, or as turned down.
pub(super) async fn record_desk_answer(tx: &rexie::Transaction, id: MutationId, state: ChangeState) -> Result<(), ReplicaError> {
    let store = tx.store(STAFF)?;
    let key = JsValue::from_str(&change_key(id));
    let Some(text) = store.get(key.clone()).await?.and_then(|v| v.as_string()) else { return Ok(()) };
    let Ok(mut change) = serde_json::from_str::<DeskChange>(&text) else { return Ok(()) };
    change.state = state;
    change.forget_person_if_account_gone();
    change.answered_at = Some(js_sys::Date::now());
    store.put(&to_json(&change)?, Some(&key)).await?;
    Ok(())
}

/// Who is logged in on this device, if anyone.
pub async fn device_staff() -> Option<Me> {
    let replica = Replica::open().await.ok()?;
    let me = replica.staff().await.ok().flatten();
    replica.close();
    me
}

thread_local! {
    /// Logouts in this page: an answer asked for before one must not log anyone back in.
    static LOGOUTS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// How many logouts this page has seen; [`keep_unless_logged_out`] compares against it.
pub fn logouts() -> u32 {
    LOGOUTS.with(|n| n.get())
}

/// Keeps `me`, asked for when [`logouts`] was `seen`, unless someone logged out since
/// (the server's answer to "who is logged in" can arrive after the logout button).
pub async fn keep_unless_logged_out(me: &Me, seen: u32) -> Result<bool, ReplicaError> {
    if logouts() != seen {
        return Ok(false);
    }
    keep(me).await?;
    // A logout that ran while this was being written: it is undone again.
    if logouts() != seen {
        let replica = Replica::open().await?;
        let done = replica.forget_staff().await;
        replica.close();
        return done.map(|()| false);
    }
    Ok(true)
}

/// Keeps `me` as who is logged in on this device.
pub async fn keep(me: &Me) -> Result<(), ReplicaError> {
    let replica = Replica::open().await?;
    let done = replica.keep_staff(me).await;
    replica.close();
    done
}

/// Forgets every piece of staff data on this device.
pub async fn forget() -> Result<(), ReplicaError> {
    LOGOUTS.with(|n| n.set(n.get() + 1));
    let replica = Replica::open().await?;
    let done = replica.forget_staff().await;
    replica.close();
    done
}

/// Forgets who is logged in and the desks' copies, keeping the desk's changes: the login
/// ended without a logout (expired, or closed by the server).
pub async fn end_login() -> Result<(), ReplicaError> {
    let replica = Replica::open().await?;
    let done = replica.end_staff_login().await;
    replica.close();
    done
}

/// How many desk changes wait in the outbox.
pub async fn unsent() -> u32 {
    let Ok(replica) = Replica::open().await else { return 0 };
    let n = replica.unsent_desk_changes().await.unwrap_or(0);
    replica.close();
    n
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Whether a logout made offline still has to reach the server.
pub fn logout_pending() -> bool {
    storage().and_then(|s| s.get_item(LOGOUT_PENDING).ok().flatten()).is_some()
}

/// Remembers (or, once sent, forgets) that the server's session must be ended.
pub fn set_logout_pending(pending: bool) {
    if let Some(s) = storage() {
        let _ = if pending { s.set_item(LOGOUT_PENDING, "1") } else { s.remove_item(LOGOUT_PENDING) };
    }
}

/// The staff feed, pulled at every sync: brings each desk copy this device holds up to
/// date, so that what changed on the server (a registration cancelled elsewhere, a
/// person's data erased on request) reaches the device even if its desk is never opened
/// again. `true` if a copy changed. A login the server ended ends here too (the changes
/// made here stay, to be sent after the next login).
pub(super) async fn refresh_desks(replica: &Replica) -> bool {
    use crate::error::AppError;
    use crate::features::staff::api::staff_desk;
    if replica.staff().await.ok().flatten().is_none() {
        return false;
    }
    let mut changed = false;
    for hub in replica.desk_hubs().await.unwrap_or_default() {
        let held = replica.desk(hub).await.ok().flatten();
        let asked_at = js_sys::Date::now();
        match staff_desk(hub).await {
            Ok(snapshot) => {
                let same = held.is_some_and(|h| h.registrations == snapshot.registrations && h.check_ins == snapshot.check_ins);
                changed |= !same;
                if let Err(e) = replica.keep_desk(&snapshot, asked_at).await {
                    leptos::logging::warn!("the desk was not kept on this device: {e}");
                }
            }
            Err(AppError::Unauthorized(_)) => {
                let _ = replica.end_staff_login().await;
                return true;
            }
            // Out of reach, or no longer this account's hub: the next sync tries again
            // (a copy of a hub the account left is dropped by `keep_staff`).
            Err(_) => {}
        }
    }
    changed
}
