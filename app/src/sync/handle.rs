//! The app's one sync engine, as a handle any component can hold: the header's status,
//! and screens that queue a mutation and want it sent (staff desk, kiosk).
//!
//! `App` creates it with [`SyncEngine::provide`]; everything below finds it with
//! [`use_sync_engine`]. The handle exists on the server too (it renders the same empty
//! state), but only the browser runs it ([`super::engine`]), once, after hydration.

use leptos::prelude::*;

/// Bumped each time a sync changes the replica: each page then rebuilds its data from the
/// fresh replica and redraws what changed (`components::page_data::keep_current`).
#[derive(Clone, Copy)]
pub struct ReplicaVersion(RwSignal<u32>);

impl ReplicaVersion {
    /// The version, tracked: an effect reading it runs again when a sync changes the replica.
    pub fn get(self) -> u32 {
        self.0.try_get().unwrap_or(0)
    }

    /// The version, untracked.
    pub fn get_untracked(self) -> u32 {
        self.0.try_get_untracked().unwrap_or(0)
    }

    /// A sync changed the replica. Also written on `<html>` as `data-replica-version`,
    /// so tests can wait until the page caught up (`components::page_data`).
    #[cfg(feature = "hydrate")]
    pub(super) fn bump(self) {
        self.0.update(|n| *n += 1);
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-replica-version", &self.get_untracked().to_string());
        }
    }
}

/// What the sync engine tells the interface.
#[derive(Clone, Debug, PartialEq)]
pub struct SyncState {
    /// The engine runs in this page (browser, after hydration).
    pub started: bool,
    pub online: bool,
    /// Whether the last sync reached the server (a phone can be online and the server not).
    pub reachable: bool,
    pub syncing: bool,
    pub last_synced_ms: Option<f64>,
    /// The clock the "… minutes ago" text is computed against, ticked by the engine.
    pub now_ms: f64,
    pub error: Option<String>,
    /// Changes made on this device that the server has not answered yet.
    pub waiting: u32,
    /// Registrations the server refused outright, until the person dismisses them.
    pub attention: u32,
}

impl Default for SyncState {
    fn default() -> Self {
        SyncState {
            started: false,
            online: true,
            reachable: true,
            syncing: false,
            last_synced_ms: None,
            now_ms: 0.0,
            error: None,
            waiting: 0,
            attention: 0,
        }
    }
}

/// The handle to the app's sync engine. Copy it freely: every copy is the same engine.
#[derive(Clone, Copy)]
pub struct SyncEngine {
    pub(super) state: RwSignal<SyncState>,
    pub(super) version: ReplicaVersion,
    /// Bumped when this device's registrations change (a sign-up saved, an answer in):
    /// what lists them reloads, and nothing else on the page.
    pub(super) mine: RwSignal<u32>,
    /// A sync was asked for while one ran: run another when it ends, so a mutation queued
    /// during a sync is not left waiting for the timer. Only the browser runs syncs.
    #[cfg(feature = "hydrate")]
    pub(super) again: StoredValue<bool>,
    /// Syncs failed in a row while changes wait: the next retry comes after a backoff.
    #[cfg(feature = "hydrate")]
    pub(super) failures: StoredValue<u32>,
}

impl SyncEngine {
    /// Creates the app's engine and provides it to every component below. Call it once,
    /// in `App`; it starts nothing (see [`SyncEngine::start_after_hydration`]).
    pub fn provide() -> SyncEngine {
        let engine = SyncEngine {
            state: RwSignal::new(SyncState::default()),
            version: ReplicaVersion(RwSignal::new(0)),
            mine: RwSignal::new(0),
            #[cfg(feature = "hydrate")]
            again: StoredValue::new(false),
            #[cfg(feature = "hydrate")]
            failures: StoredValue::new(0),
        };
        provide_context(engine);
        engine
    }

    /// What the engine is doing and how fresh the replica is.
    pub fn state(&self) -> ReadSignal<SyncState> {
        self.state.read_only()
    }

    /// Bumped whenever a sync changed the replica.
    pub fn version(&self) -> ReplicaVersion {
        self.version
    }

    /// Syncs now: from "update now", or after queuing a mutation. If a sync is running,
    /// another follows it. Does nothing on the server or before the engine started.
    pub fn request_sync(&self) {
        #[cfg(feature = "hydrate")]
        super::engine::run(*self);
    }

    /// The version of this device's registrations (tracked).
    pub fn mine_version(&self) -> u32 {
        self.mine.try_get().unwrap_or(0)
    }

    /// A change was saved on this device: what lists the device's registrations
    /// reloads, the header counts one more waiting, and a sync is asked for.
    pub fn note_local_change(&self) {
        self.mine.try_update(|n| *n += 1);
        self.state.try_update(|s| s.waiting += 1);
        self.request_sync();
    }

    /// The person dismissed a "needs attention" note.
    pub fn note_dismissed(&self) {
        self.mine.try_update(|n| *n += 1);
        self.state.try_update(|s| s.attention = s.attention.saturating_sub(1));
    }

    /// Starts the engine in the browser once the page is interactive. An effect runs only
    /// in the browser and after hydration, so the first render is the server's; its timers
    /// and listeners are released when the calling owner (the app) is cleaned up. While an
    /// engine runs in the page, starting this one again, or another, does nothing.
    pub fn start_after_hydration(&self) {
        #[cfg(feature = "hydrate")]
        {
            let engine = *self;
            Effect::new(move || untrack(|| super::engine::start(engine)));
        }
    }
}

/// The app's sync engine. Panics outside `App`, which always provides it.
pub fn use_sync_engine() -> SyncEngine {
    use_context::<SyncEngine>().expect("SyncEngine::provide() runs in App, above every component")
}
