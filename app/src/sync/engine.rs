//! The sync engine at work (browser only): pulls the change feed into the replica at
//! start, when the connection comes back, every few minutes and on request, and reports
//! through the [`SyncEngine`] handle's state.

use super::api::get_changes;
use super::handle::SyncEngine;
use super::plan::{Applied, SyncError, plan_page};
use super::replica::{Replica, ReplicaError, SyncMeta};
use leptos::prelude::*;
use std::cell::Cell;
use std::time::Duration;

/// How often a page left open syncs by itself.
const EVERY: Duration = Duration::from_secs(5 * 60);
/// How often the "… minutes ago" text is recomputed.
const CLOCK_TICK: Duration = Duration::from_secs(30);
/// Changes asked for per page of the feed. A page is decoded in one go on the main thread;
/// 100 changes keep that under 50 ms with the CPU slowed 4x (200 took about 70 ms), so a
/// first download never blocks a tap for long, at the price of more round trips.
const PAGE: u32 = 100;
/// Plans refused because the replica moved meanwhile, before a sync gives up.
const MAX_STALE: u32 = 3;

thread_local! {
    /// Whether an engine runs in this page. One does, whichever handle asks to start.
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    /// Whether this page has tried a sync yet.
    static PULLED: Cell<bool> = const { Cell::new(false) };
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Why a sync did not finish.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncFailure {
    /// The server could not be reached: for the person, the device is offline.
    Unreachable(String),
    /// The device's storage or the data failed.
    Device(String),
}

fn device(e: ReplicaError) -> SyncFailure {
    SyncFailure::Device(e.to_string())
}

/// Pulls every page after the replica's cursor, for the cities it keeps; `Ok(true)` if the
/// replica changed. A reset server empties the replica and starts again from 0, once.
pub async fn sync_once(replica: &Replica) -> Result<bool, SyncFailure> {
    let (mut restarted, mut changed, mut stale) = (false, false, 0);
    let meta = replica.meta().await.map_err(device)?;
    // Where the replica stands; the directory it holds is not sent again unless it changed.
    let standing =
        |meta: SyncMeta| (meta.cursor, meta.directory.as_ref().map(crate::content::Directory::tag), meta.generation, meta.cities);
    let (mut cursor, mut held, mut generation, mut cities) = standing(meta);
    loop {
        let cities_param = cities.feed_param();
        let by_city = cities_param.is_some().then_some(true);
        let page =
            get_changes(cursor.0, Some(PAGE), cities_param, by_city, held).await.map_err(|e| SyncFailure::Unreachable(e.to_string()))?;
        match plan_page(cursor, &page) {
            Ok(mut plan) => {
                plan.cities = cities.clone();
                plan.generation = generation;
                let done = !page.more;
                match replica.apply(&plan, done.then(now_ms)).await.map_err(device)? {
                    Applied::Done { generation: now } => {
                        changed |= !plan.is_empty();
                        cursor = plan.cursor;
                        generation = now;
                        if done {
                            return Ok(changed);
                        }
                    }
                    // Reset, synced by someone else or given other cities meanwhile: go on
                    // from where it is now.
                    Applied::Stale if stale < MAX_STALE => {
                        stale += 1;
                        changed = true;
                        (cursor, held, generation, cities) = standing(replica.meta().await.map_err(device)?);
                    }
                    Applied::Stale => return Err(SyncFailure::Device("the replica kept changing during the sync".into())),
                }
            }
            Err(SyncError::ServerBehind { .. }) if !restarted => {
                restarted = true;
                changed = true;
                replica.reset().await.map_err(device)?;
                (cursor, held, generation, cities) = standing(replica.meta().await.map_err(device)?);
            }
            Err(e) => return Err(SyncFailure::Device(e.to_string())),
        }
    }
}

/// Makes the replica follow the place the person chose on the home page (see
/// [`super::cities`]); `Ok(true)` if it changed what the replica holds or covers.
/// A city the replica has not heard of (a mistyped address) changes nothing: narrowing to
/// it would empty the device. Before the first sync there is nothing to check against.
/// With no choice, a new device asks how big the deployment is, to keep it whole or wait.
async fn follow_choice(replica: &Replica) -> Result<bool, SyncFailure> {
    use super::replica::{HUBS, SERVICES};
    let meta = replica.meta().await.map_err(device)?;
    let Some(chosen) = crate::features::home::place::remembered().and_then(|(city, _)| city) else {
        if meta.cities != super::cities::Cities::All || meta.last_synced_ms.is_some() || meta.cursor != Default::default() {
            return Ok(false);
        }
        let directory = super::api::get_directory().await.map_err(|e| SyncFailure::Unreachable(e.to_string()))?;
        let step = replica.keep_cities(&super::cities::before_any_choice(&directory)).await.map_err(device)?;
        return Ok(step != super::cities::Move::Same);
    };
    let wanted = meta.cities.with_choice(Some(&chosen));
    if wanted == meta.cities {
        return Ok(false);
    }
    let same = |city: &str| city.eq_ignore_ascii_case(&chosen);
    let known = match (&meta.directory, meta.last_synced_ms) {
        (_, None) => true,
        (Some(all), _) => all.places.iter().any(|p| same(&p.city)) || all.service_cities.iter().any(|c| same(c)),
        (None, _) => {
            let hubs: Vec<crate::domain::hub::Hub> = replica.load(HUBS).await.map_err(device)?;
            let services: Vec<crate::domain::service::Service> = replica.load(SERVICES).await.map_err(device)?;
            hubs.iter().any(|h| same(&h.city)) || services.iter().any(|s| same(&s.city))
        }
    };
    if !known {
        return Ok(false);
    }
    let step = replica.keep_cities(&wanted).await.map_err(device)?;
    Ok(step != super::cities::Move::Same)
}

/// Starts `engine`: a sync now, on `online`, on a timer and on request. Its listeners and
/// timers are released on the current owner's cleanup. While an engine runs in the page,
/// starting it or any other does nothing.
pub(super) fn start(engine: SyncEngine) {
    if RUNNING.replace(true) {
        leptos::logging::warn!("the sync engine already runs in this page; not starting another");
        return;
    }
    let state = engine.state;
    let online = || web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true);
    state.update(|s| {
        s.started = true;
        s.online = online();
        s.now_ms = now_ms();
    });
    // Ask the browser to keep the replica (and the outbox) even when the phone runs low on space.
    if let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) {
        let _ = storage.persist();
    }
    let listeners = [
        window_event_listener(leptos::ev::online, move |_| {
            state.update(|s| s.online = true);
            engine.request_sync();
        }),
        window_event_listener(leptos::ev::offline, move |_| state.update(|s| s.online = false)),
    ];
    let timers: Vec<_> = [
        set_interval_with_handle(move || engine.request_sync(), EVERY),
        set_interval_with_handle(move || state.update(|s| s.now_ms = now_ms()), CLOCK_TICK),
    ]
    .into_iter()
    .flatten()
    .collect();
    on_cleanup(move || {
        listeners.into_iter().for_each(|l| l.remove());
        timers.iter().for_each(|t| t.clear());
        // A sync still running finishes, but nothing follows it.
        state.try_update(|s| s.started = false);
        engine.again.try_set_value(false);
        RUNNING.set(false);
    });
    // The first sync waits until the page is idle: hydration and the person's first taps
    // come first (a first download is the heaviest work the app does).
    when_idle(move || run(engine));
}

/// Runs `f` when the browser is idle (at the latest after two seconds), or after a second
/// where there is no `requestIdleCallback` (Safari).
pub(crate) fn when_idle(f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else { return f() };
    let has_idle = js_sys::Reflect::has(&window, &"requestIdleCallback".into()).unwrap_or(false);
    if !has_idle {
        set_timeout(f, Duration::from_secs(1));
        return;
    }
    let callback = Closure::once_into_js(f);
    let options = web_sys::IdleRequestOptions::new();
    options.set_timeout(2000);
    let _ = window.request_idle_callback_with_options(callback.unchecked_ref(), &options);
}

/// Whether a service worker controls the page: it does only once it holds every piece of
/// the app, so code fetched then comes from it rather than over the network.
pub(crate) fn service_worker_ready() -> bool {
    let Some(window) = web_sys::window() else { return false };
    js_sys::Reflect::get(&window.navigator(), &"serviceWorker".into())
        .and_then(|container| js_sys::Reflect::get(&container, &"controller".into()))
        .is_ok_and(|controller| !controller.is_null() && !controller.is_undefined())
}

/// One sync, unless the engine is not running; if one is already running, another
/// follows it.
pub(super) fn run(engine: SyncEngine) {
    let state = engine.state;
    match state.try_with_untracked(|s| (s.started, s.syncing)) {
        Some((true, false)) => {}
        Some((true, true)) => {
            engine.again.try_set_value(true);
            return;
        }
        _ => return,
    }
    state.update(|s| s.syncing = true);
    leptos::task::spawn_local(async move {
        let result = pull(engine).await;
        let failed = result.is_err();
        state.try_update(|s| {
            s.syncing = false;
            s.reachable = !matches!(result, Err(SyncFailure::Unreachable(_)));
            s.error = result.err().map(|e| match e {
                SyncFailure::Unreachable(m) | SyncFailure::Device(m) => m,
            });
        });
        if engine.again.try_update_value(std::mem::take) == Some(true) {
            run(engine);
        } else {
            retry_with_backoff(engine, failed);
        }
    });
}

/// The first retry of a failed sync with changes waiting, doubled after each failure
/// up to the timer's period: a phone coming back into signal sends within seconds, and
/// a server that is down is not hammered.
const FIRST_RETRY: Duration = Duration::from_secs(5);

fn retry_with_backoff(engine: SyncEngine, failed: bool) {
    let waiting = engine.state.try_with_untracked(|s| s.waiting > 0).unwrap_or(false);
    if !failed || !waiting {
        engine.failures.try_set_value(0);
        return;
    }
    let failures = engine.failures.try_update_value(|n| {
        *n = n.saturating_add(1);
        *n
    });
    let Some(failures) = failures else { return };
    let delay = FIRST_RETRY.saturating_mul(1 << (failures - 1).min(6)).min(EVERY);
    set_timeout(move || engine.request_sync(), delay);
}

/// Opens the replica, syncs it, and tells the interface what changed. Lazy: the sync
/// code (IndexedDB, the change feed, every document's decoder) is a wasm chunk of its
/// own, fetched after the page is interactive rather than before.
#[leptos::lazy]
async fn pull(engine: SyncEngine) -> Result<(), SyncFailure> {
    use super::mine::{PushFailure, push_outbox, refresh_states};
    let replica = Replica::open().await.map_err(device)?;
    // The cities first: a place chosen since the last sync is what this one pulls.
    let followed = follow_choice(&replica).await;
    let mut changed = match &followed {
        Ok(_) => sync_once(&replica).await,
        Err(e) => Err(e.clone()),
    };
    // The device's own changes go once the server answered the feed: sent offline they
    // could only fail.
    let pushed = match &changed {
        Err(SyncFailure::Unreachable(_)) => Ok(false),
        _ => push_outbox(&replica).await,
    };
    // What the push did to the public counts (places left) comes back through the feed.
    if let (Ok(true), Ok(before)) = (&pushed, &changed) {
        let before = *before;
        changed = sync_once(&replica).await.map(|after| before || after);
    }
    // Then what the others' changes did to this device's registrations.
    let written = match pushed {
        Ok(pushed) if !matches!(changed, Err(SyncFailure::Unreachable(_))) => {
            refresh_states(&replica).await.map(|refreshed| pushed || refreshed)
        }
        other => other,
    };
    // The staff feed: the desks this device keeps, names and all, as the server has them now.
    let desks = !matches!(changed, Err(SyncFailure::Unreachable(_))) && super::staff::refresh_desks(&replica).await;
    let last = replica.meta().await.ok().and_then(|m| m.last_synced_ms);
    // A page opened without the server may be the service worker's saved copy, older than
    // the replica: when the first sync cannot reach the server, the pages are checked
    // against the replica, if it has anything (they redraw only if it shows otherwise).
    let first = !PULLED.replace(true);
    let offline_start = first && last.is_some() && matches!(changed, Err(SyncFailure::Unreachable(_)));
    if matches!(changed, Ok(true)) || matches!(followed, Ok(true)) || offline_start {
        engine.version.bump();
    }
    if matches!(changed, Ok(true)) || matches!(written, Ok(true)) || desks {
        // Titles and states of the device's registrations may have changed.
        engine.mine.try_update(|n| *n += 1);
    }
    let counts = replica.queue_counts().await.ok();
    replica.close();
    engine.state.try_update(|s| {
        s.last_synced_ms = last.or(s.last_synced_ms);
        if let Some(c) = counts {
            s.waiting = c.waiting;
            s.attention = c.attention;
        }
    });
    changed?;
    written.map(|_| ()).map_err(|e| match e {
        PushFailure::Unreachable(m) => SyncFailure::Unreachable(m),
        PushFailure::Later(m) | PushFailure::Device(m) => SyncFailure::Device(m),
    })
}
