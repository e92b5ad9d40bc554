//! Content sync: the device keeps a replica of hubs, activities, services and the
//! taxonomy, and catches up by pulling the change feed; mutations made on the device
//! wait in an outbox that no replica reset touches.
//!
//! Terms: the *cursor* is the last change number a replica applied; a *page* is what one
//! call to [`api::get_changes`] returns; a *plan* is what applying a page means for the
//! replica (documents to put, keys to delete, the cursor to store). Planning is pure, so
//! every case (a page applied twice, an interrupted apply, a server that was reset) is
//! tested here; the IndexedDB executor only carries the plan out in one transaction.
//!
//! The app runs one engine ([`SyncEngine`], created in `App`); components use it through
//! [`use_sync_engine`] and never start another.

pub mod api;
pub mod cities;
#[cfg(feature = "hydrate")]
pub mod engine;
pub mod handle;
#[cfg(feature = "hydrate")]
pub mod local;
#[cfg(feature = "hydrate")]
pub mod mine;
#[cfg(feature = "hydrate")]
pub mod moves;
#[cfg(feature = "hydrate")]
pub mod outbox;
pub mod plan;
pub mod push;
#[cfg(feature = "hydrate")]
pub mod replica;
#[cfg(feature = "hydrate")]
pub mod staff;
pub mod status;

pub use handle::{ReplicaVersion, SyncEngine, SyncState, use_sync_engine};
