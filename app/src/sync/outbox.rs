//! The outbox (browser only): mutations made on this device (a registration taken
//! offline) that the server has not acknowledged yet.
//!
//! Each entry is keyed by a client-made UUIDv7 in its text form, so key order is the
//! order they were made, and holds the mutation as JSON text. It lives in the replica's
//! database but outside everything a reset empties: a schema change, a reset server or a
//! corrupt replica rebuild content and never touch it. An entry leaves only through
//! [`Replica::acknowledge`], once the server has it.
//!
//! A mutation and its local effect are written together in a [`LocalChange`], so the
//! screen never shows a change that the outbox will not send, nor the reverse. Content a
//! local change wrote can still be replaced by the next sync or reset; the outbox entry
//! is the record that counts.

use super::replica::{DOCUMENTS, MINE, OUTBOX, Replica, ReplicaError, body_json, commit, store_of};
use crate::content::{DocKey, Document};
use rexie::{Transaction, TransactionMode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// One mutation waiting for the server.
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxEntry<T> {
    /// The UUIDv7 the device gave the mutation; the server uses it to ignore a replay.
    pub id: String,
    pub mutation: T,
}

/// The outbox as this version of the app reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxRead<T> {
    pub entries: Vec<OutboxEntry<T>>,
    /// Entries kept but not readable here.
    pub unreadable: u32,
}

/// One read-write transaction over the content stores and the outbox: everything written
/// through it lands together when [`LocalChange::commit`] succeeds, or not at all.
///
/// IndexedDB commits a transaction by itself once its requests are done, so dropping a
/// `LocalChange` keeps what was written; call [`LocalChange::abort`] to undo it.
pub struct LocalChange {
    pub(super) tx: Transaction,
    /// Whether it wrote content (not only the outbox and `mine`), which other tabs must read again.
    wrote_content: std::cell::Cell<bool>,
}

impl LocalChange {
    /// Writes a document as this device now sees it.
    pub async fn put(&self, doc: &Document) -> Result<(), ReplicaError> {
        let key = doc.key();
        self.wrote_content.set(true);
        super::local::forget_read();
        self.tx.store(store_of(&key))?.put(&JsValue::from_str(&body_json(doc)?), Some(&JsValue::from_str(&key.id_text()))).await?;
        Ok(())
    }

    /// Removes a document from this device's view.
    pub async fn delete(&self, key: &DocKey) -> Result<(), ReplicaError> {
        self.wrote_content.set(true);
        super::local::forget_read();
        self.tx.store(store_of(key))?.delete(JsValue::from_str(&key.id_text())).await?;
        Ok(())
    }

    /// Queues `mutation` under `id` (a UUIDv7). An id already queued is an error and
    /// aborts the whole change: a repeated tap never overwrites nor doubles an entry.
    pub async fn enqueue<T: Serialize>(&self, id: &str, mutation: &T) -> Result<(), ReplicaError> {
        let json = serde_json::to_string(mutation).map_err(|e| ReplicaError(e.to_string()))?;
        self.tx.store(OUTBOX)?.add(&JsValue::from_str(&json), Some(&JsValue::from_str(id))).await?;
        Ok(())
    }

    /// Writes one of this device's registrations.
    pub async fn put_mine(&self, mine: &crate::features::registrations::model::MyRegistration) -> Result<(), ReplicaError> {
        let json = serde_json::to_string(mine).map_err(|e| ReplicaError(e.to_string()))?;
        self.tx.store(MINE)?.put(&JsValue::from_str(&json), Some(&JsValue::from_str(&mine.id.to_string()))).await?;
        Ok(())
    }

    /// Waits until everything is stored; an error means nothing of it was.
    pub async fn commit(self) -> Result<(), ReplicaError> {
        commit(self.tx).await?;
        if self.wrote_content.get() {
            super::moves::announce();
        }
        Ok(())
    }

    /// Undoes everything written through this change.
    pub async fn abort(self) -> Result<(), ReplicaError> {
        self.tx.abort().await?;
        Ok(())
    }
}

impl Replica {
    /// Starts a local change: content, outbox and the device's registrations in one
    /// transaction.
    pub fn local_change(&self) -> Result<LocalChange, ReplicaError> {
        let mut stores = DOCUMENTS.to_vec();
        stores.extend([OUTBOX, MINE]);
        Ok(LocalChange { tx: self.db.transaction(&stores, TransactionMode::ReadWrite)?, wrote_content: Default::default() })
    }

    /// Starts a change of the outbox alone, for a mutation with no local effect (a kiosk
    /// visitor's help request): it never waits behind a sync writing content.
    pub fn outbox_change(&self) -> Result<LocalChange, ReplicaError> {
        Ok(LocalChange { tx: self.db.transaction(&[OUTBOX], TransactionMode::ReadWrite)?, wrote_content: Default::default() })
    }

    /// Removes the readable entries `unwanted` picks, read and removed in one transaction,
    /// so nothing queued meanwhile escapes; returns how many. Unreadable ones stay.
    pub async fn drop_entries<T: DeserializeOwned>(&self, unwanted: impl Fn(&T) -> bool) -> Result<u32, ReplicaError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
        let store = tx.store(OUTBOX)?;
        let mut dropped = 0;
        for (key, value) in store.scan(None, None, None, None).await? {
            let parsed = value.as_string().and_then(|json| serde_json::from_str::<T>(&json).ok());
            if parsed.is_some_and(|mutation| unwanted(&mutation)) {
                store.delete(key).await?;
                dropped += 1;
            }
        }
        commit(tx).await?;
        Ok(dropped)
    }

    /// The waiting mutations this version can read, oldest first, and how many it cannot.
    /// An unreadable entry (written by another version of the app, or damaged) is never
    /// deleted: it is someone's registration. It stays queued, is counted as needing
    /// attention, and does not hold back the entries after it.
    pub async fn outbox_entries<T: DeserializeOwned>(&self) -> Result<OutboxRead<T>, ReplicaError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let records = tx.store(OUTBOX)?.scan(None, None, None, None).await?;
        let mut read = OutboxRead { entries: Vec::with_capacity(records.len()), unreadable: 0 };
        for (key, value) in records {
            let entry = key.as_string().and_then(|id| {
                let mutation = serde_json::from_str(&value.as_string()?).ok()?;
                Some(OutboxEntry { id, mutation })
            });
            match entry {
                Some(entry) => read.entries.push(entry),
                None => read.unreadable += 1,
            }
        }
        Ok(read)
    }

    /// Removes an entry the server has acknowledged. An id no longer there is fine:
    /// acknowledgements can arrive twice.
    pub async fn acknowledge(&self, id: &str) -> Result<(), ReplicaError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
        tx.store(OUTBOX)?.delete(JsValue::from_str(id)).await?;
        commit(tx).await
    }
}
