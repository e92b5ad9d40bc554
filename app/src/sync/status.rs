//! Whether the device is online and how fresh its copy of the data is, with an "update
//! now" control. The server and the first browser render show the same (empty) state;
//! the engine fills it in after hydration, so hydration never disagrees.

use crate::components::use_lang;
use crate::i18n;
use leptos::prelude::*;

/// Bumped each time a sync changes the replica. Pages put it in their resources' keys,
/// so what is on screen is rebuilt from the fresh replica: local first, then revalidated.
#[derive(Clone, Copy)]
pub struct ReplicaVersion(pub RwSignal<u32>);

/// The current replica version (tracked), 0 on the server and before any change.
pub fn replica_version() -> u32 {
    use_context::<ReplicaVersion>().map(|v| v.0.get()).unwrap_or(0)
}

/// What the sync engine tells the interface.
#[derive(Clone, Debug, PartialEq)]
pub struct SyncState {
    pub started: bool,
    pub online: bool,
    /// Whether the last sync reached the server (a phone can be online and the server not).
    pub reachable: bool,
    pub syncing: bool,
    pub last_synced_ms: Option<f64>,
    /// The clock the "… minutes ago" text is computed against, ticked by the engine.
    pub now_ms: f64,
    pub error: Option<String>,
    /// Bumped by the "update now" button.
    pub requested: u32,
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
            requested: 0,
        }
    }
}

#[component]
pub fn SyncStatus() -> impl IntoView {
    let lang = use_lang();
    let state = RwSignal::new(SyncState::default());
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        untrack(|| {
            state.update(|s| {
                s.started = true;
                s.now_ms = js_sys::Date::now();
            });
            super::engine::start(state, use_context::<ReplicaVersion>());
        })
    });
    let freshness = move || {
        state.with(|s| {
            if s.syncing {
                i18n::SYNCING.get(lang).to_string()
            } else if let Some(at) = s.last_synced_ms {
                let seconds = ((s.now_ms.max(at) - at) / 1000.0) as i64;
                format!("{} {}", i18n::UPDATED.get(lang), i18n::ago(lang, seconds))
            } else if s.error.is_some() {
                i18n::NOT_UPDATED.get(lang).to_string()
            } else {
                String::new()
            }
        })
    };
    view! {
        <div class="sync-status" role="status">
            <Show when=move || state.with(|s| !s.online || !s.reachable)>
                <span class="badge badge-offline">{i18n::OFFLINE.get(lang)}</span>
            </Show>
            <span class="freshness">{freshness}</span>
            <Show when=move || state.with(|s| s.started)>
                <button
                    type="button"
                    class="sync-now"
                    disabled=move || state.with(|s| s.syncing || !s.online)
                    on:click=move |_| state.update(|s| s.requested += 1)
                >
                    {i18n::UPDATE_NOW.get(lang)}
                </button>
            </Show>
        </div>
    }
}
