//! Staff data on the device (browser only): who is logged in, so the staff screens work
//! offline for the days the server allows, and forgetting all of it at logout.
//!
//! A logout made offline cannot reach the server, whose session cookie the page cannot
//! delete (it is HttpOnly): the device forgets its staff data at once and remembers, in
//! `localStorage` and without any personal data, to end the server's session at the next
//! chance ([`logout_pending`]).

use super::replica::{Replica, ReplicaError, STAFF, commit};
use crate::domain::ids::HubId;
use crate::features::staff::api::Me;
use crate::features::staff::desk::DeskSnapshot;
use rexie::TransactionMode;
use wasm_bindgen::JsValue;

const ME: &str = "me";

fn desk_key(hub: HubId) -> String {
    format!("desk-{hub}")
}
const LOGOUT_PENDING: &str = "civico-staff-logout-pending";

impl Replica {
    /// Keeps who is logged in. Another account's data (its desks) goes in the same
    /// transaction: a shared tablet never shows one person what another one pulled.
    pub async fn keep_staff(&self, me: &Me) -> Result<(), ReplicaError> {
        let json = serde_json::to_string(me).map_err(|e| ReplicaError(e.to_string()))?;
        let tx = self.db.transaction(&[STAFF], TransactionMode::ReadWrite)?;
        let store = tx.store(STAFF)?;
        let before = store.get(JsValue::from_str(ME)).await?.and_then(|v| v.as_string());
        let same = before.and_then(|text| serde_json::from_str::<Me>(&text).ok()).is_some_and(|b| b.account.id == me.account.id);
        if !same {
            store.clear().await?;
        }
        store.put(&JsValue::from_str(&json), Some(&JsValue::from_str(ME))).await?;
        commit(tx).await
    }

    /// Who is logged in on this device, if anyone (an unreadable record reads as nobody).
    pub async fn staff(&self) -> Result<Option<Me>, ReplicaError> {
        let tx = self.db.transaction(&[STAFF], TransactionMode::ReadOnly)?;
        let value = tx.store(STAFF)?.get(JsValue::from_str(ME)).await?;
        Ok(value.and_then(|v| v.as_string()).and_then(|text| serde_json::from_str(&text).ok()))
    }

    /// Keeps the server's latest answer for a hub's desk (names included).
    pub async fn keep_desk(&self, snapshot: &DeskSnapshot) -> Result<(), ReplicaError> {
        let json = serde_json::to_string(snapshot).map_err(|e| ReplicaError(e.to_string()))?;
        let tx = self.db.transaction(&[STAFF], TransactionMode::ReadWrite)?;
        tx.store(STAFF)?.put(&JsValue::from_str(&json), Some(&JsValue::from_str(&desk_key(snapshot.hub)))).await?;
        commit(tx).await
    }

    /// The device's copy of a hub's desk, if it has one.
    pub async fn desk(&self, hub: HubId) -> Result<Option<DeskSnapshot>, ReplicaError> {
        let tx = self.db.transaction(&[STAFF], TransactionMode::ReadOnly)?;
        let value = tx.store(STAFF)?.get(JsValue::from_str(&desk_key(hub))).await?;
        Ok(value.and_then(|v| v.as_string()).and_then(|text| serde_json::from_str(&text).ok()))
    }

    /// Removes every piece of staff data from the device, in one transaction.
    pub async fn forget_staff(&self) -> Result<(), ReplicaError> {
        let tx = self.db.transaction(&[STAFF], TransactionMode::ReadWrite)?;
        tx.store(STAFF)?.clear().await?;
        commit(tx).await
    }
}

/// Who is logged in on this device, if anyone.
pub async fn device_staff() -> Option<Me> {
    let replica = Replica::open().await.ok()?;
    let me = replica.staff().await.ok().flatten();
    replica.close();
    me
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
    let replica = Replica::open().await?;
    let done = replica.forget_staff().await;
    replica.close();
    done
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
