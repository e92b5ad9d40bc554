//! Whether the device is online and how fresh its copy of the data is, with an "update
//! now" control. The server and the first browser render show the same (empty) state;
//! the app's engine fills it in after hydration, so hydration never disagrees.

use super::handle::use_sync_engine;
use crate::components::use_lang;
use crate::i18n;
use leptos::prelude::*;

/// "2 to send", "1 needs attention": what waits on this device.
fn waiting_text(lang: crate::domain::text::Lang, waiting: u32, attention: u32) -> String {
    let mut parts = Vec::new();
    if waiting > 0 {
        parts.push(format!("{waiting} {}", i18n::N_WAITING.get(lang)));
    }
    if attention > 0 {
        parts.push(format!("{attention} {}", i18n::N_ATTENTION.get(lang)));
    }
    parts.join(" · ")
}

#[component]
pub fn SyncStatus() -> impl IntoView {
    let lang = use_lang();
    // The app's engine: this component shows it and never starts one of its own.
    let engine = use_sync_engine();
    let state = engine.state();
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
    // The row has its full height in the server's HTML and keeps it (one line, the button
    // there but invisible until the engine runs): nothing below it moves when the app starts.
    view! {
        <div class="sync-status" role="status">
            <Show when=move || state.with(|s| !s.online || !s.reachable)>
                <span class="badge badge-offline">{i18n::OFFLINE.get(lang)}</span>
            </Show>
            <Show when=move || state.with(|s| s.waiting > 0 || s.attention > 0)>
                <a class="badge badge-waiting" href="/registrations">
                    {move || state.with(|s| waiting_text(lang, s.waiting, s.attention))}
                </a>
            </Show>
            <span class="freshness">{freshness}</span>
            <button
                type="button"
                class="sync-now"
                class:is-idle=move || state.with(|s| !s.started)
                disabled=move || state.with(|s| s.syncing || !s.online || !s.started)
                on:click=move |_| engine.request_sync()
            >
                {i18n::UPDATE_NOW.get(lang)}
            </button>
        </div>
    }
}
