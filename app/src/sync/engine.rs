//! The sync engine (browser only): pulls the change feed into the replica at start, when
//! the connection comes back, every few minutes and on request, and reports its state to
//! the interface through a signal.

use super::api::{DEFAULT_PAGE, get_changes};
use super::plan::{SyncError, plan_page};
use super::replica::Replica;
use super::status::SyncState;
use leptos::prelude::*;

/// How often a page left open syncs by itself.
const EVERY_MS: u64 = 5 * 60 * 1000;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Pulls every page after the replica's cursor. A reset server or a corrupt replica
/// empties the replica and starts again from 0, once.
pub async fn sync_once(replica: &Replica) -> Result<bool, SyncFailure> {
    let (mut restarted, mut changed) = (false, false);
    let mut cursor = replica.meta().await.map_err(|e| SyncFailure::Device(e.to_string()))?.cursor;
    loop {
        let page = get_changes(cursor.0, Some(DEFAULT_PAGE)).await.map_err(|e| SyncFailure::Unreachable(e.to_string()))?;
        match plan_page(cursor, &page) {
            Ok(plan) => {
                let done = !page.more;
                changed |= !plan.is_empty();
                replica.apply(&plan, done.then(now_ms)).await.map_err(|e| SyncFailure::Device(e.to_string()))?;
                cursor = plan.cursor;
                if done {
                    return Ok(changed);
                }
            }
            Err(SyncError::ServerBehind { .. }) if !restarted => {
                restarted = true;
                changed = true;
                replica.reset().await.map_err(|e| SyncFailure::Device(e.to_string()))?;
                cursor = Default::default();
            }
            Err(e) => return Err(SyncFailure::Device(e.to_string())),
        }
    }
}

/// Why a sync did not finish.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncFailure {
    /// The server could not be reached: for the person, the device is offline.
    Unreachable(String),
    /// The device's storage or the data failed.
    Device(String),
}

/// Starts the engine for this page: sync now, on `online`, on a timer, and whenever
/// `state.requested` is bumped by the "update now" button.
pub fn start(state: RwSignal<SyncState>, version: Option<super::status::ReplicaVersion>) {
    let online = || web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true);
    state.update(|s| s.online = online());
    // Ask the browser to keep the replica even when the phone runs low on space.
    if let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) {
        let _ = storage.persist();
    }
    let run = move || {
        if state.with_untracked(|s| s.syncing) {
            return;
        }
        state.update(|s| s.syncing = true);
        leptos::task::spawn_local(async move {
            let result = match Replica::open().await {
                Ok(replica) => {
                    let r = sync_once(&replica).await;
                    if matches!(r, Ok(true))
                        && let Some(v) = version
                    {
                        v.0.update(|n| *n += 1);
                    }
                    let r = r.map(|_| ());
                    let meta = replica.meta().await.ok();
                    state.update(|s| s.last_synced_ms = meta.and_then(|m| m.last_synced_ms).or(s.last_synced_ms));
                    r
                }
                Err(e) => Err(SyncFailure::Device(e.to_string())),
            };
            state.update(|s| {
                s.syncing = false;
                s.reachable = !matches!(result, Err(SyncFailure::Unreachable(_)));
                s.error = result.err().map(|e| match e {
                    SyncFailure::Unreachable(m) | SyncFailure::Device(m) => m,
                });
            });
        });
    };
    run();
    let _ = window_event_listener(leptos::ev::online, move |_| {
        state.update(|s| s.online = true);
        run();
    });
    let _ = window_event_listener(leptos::ev::offline, move |_| state.update(|s| s.online = false));
    let _ = set_interval_with_handle(run, std::time::Duration::from_millis(EVERY_MS));
    let _ = set_interval_with_handle(move || state.update(|s| s.now_ms = now_ms()), std::time::Duration::from_secs(30));
    Effect::new(move |previous: Option<u32>| {
        let requested = state.with(|s| s.requested);
        if previous.is_some_and(|p| p != requested) {
            run();
        }
        requested
    });
}
