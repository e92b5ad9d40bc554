//! `/staff/kiosk/<hub>`: a hub's kiosk. It sits behind the staff route, so the residents'
//! first download carries no route for it. This frame is in the staff screens' chunk; the
//! screens visitors use are a wasm chunk of their own (`screens::kiosk_screens`, `#[lazy]`),
//! fetched once the device is known to be this hub's kiosk, and precached like every chunk.
//!
//! The server renders an empty frame: what a kiosk shows depends on the device (is it
//! this hub's kiosk, was kiosk mode left), which only the browser knows.

use crate::domain::ids::HubId;
use crate::i18n::{self, kiosk as k};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// How a kiosk's start ended.
#[derive(Clone)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Start {
    /// This device is not this hub's kiosk.
    NotAKiosk,
    /// Kiosk mode was left with the PIN.
    Paused(super::device::KioskDevice),
    /// A coordinator switched it off (the device has forgotten it).
    Revoked,
    Ready(super::device::KioskDevice),
}

#[component]
pub fn KioskArea() -> impl IntoView {
    let params = use_params_map();
    let hub = params.with_untracked(|p| p.get("key").and_then(|h| h.parse::<HubId>().ok()));
    let start: RwSignal<Option<Start>> = RwSignal::new(None);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| leptos::task::spawn_local(async move { start.set(Some(begin(hub).await)) }));
    #[cfg(not(feature = "hydrate"))]
    let _ = hub;
    let lang = crate::components::use_lang();
    view! {
        <leptos_meta::Title text="Civico"/>
        <div class="kiosk-frame">
            {move || match start.get() {
                None => view! { <p class="loading kiosk-loading" role="status">{i18n::LOADING.get(lang)}</p> }.into_any(),
                Some(Start::NotAKiosk) => view! {
                    <div class="kiosk-notice">
                        <h1>{k::NOT_A_KIOSK.get(lang)}</h1>
                        <p>{k::NOT_A_KIOSK_HINT.get(lang)}</p>
                        <p><a class="button-link" href="/staff" rel="external">{k::TO_STAFF_AREA.get(lang)}</a></p>
                    </div>
                }
                .into_any(),
                Some(Start::Revoked) => view! {
                    <div class="kiosk-notice" role="alert">
                        <h1>{k::REVOKED.get(lang)}</h1>
                        <p><a class="button-link" href="/staff" rel="external">{k::TO_STAFF_AREA.get(lang)}</a></p>
                    </div>
                }
                .into_any(),
                Some(Start::Paused(device)) => paused(device, lang).into_any(),
                Some(Start::Ready(device)) => ready(device, start),
            }}
        </div>
    }
}

/// Kiosk mode was left: resuming needs no PIN (whoever left it had the PIN).
fn paused(device: super::device::KioskDevice, lang: crate::domain::text::Lang) -> impl IntoView {
    #[cfg(not(feature = "hydrate"))]
    let _ = device;
    let resume = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let mut device = device.clone();
            device.paused = false;
            super::device::save(&device);
            let _ = window().location().replace(&device.home());
        }
    };
    view! {
        <div class="kiosk-notice">
            <h1>{k::PAUSED.get(lang)}</h1>
            <p><button type="button" class="button" id="kiosk-resume" on:click=resume>{k::RESUME.get(lang)}</button></p>
            <p><a href="/staff" rel="external">{k::TO_STAFF_AREA.get(lang)}</a></p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn ready(device: super::device::KioskDevice, start: RwSignal<Option<Start>>) -> AnyView {
    let revoked = Callback::new(move |_: ()| start.set(Some(Start::Revoked)));
    Suspend::new(async move { super::screens::kiosk_screens(device, revoked).await }).into_any()
}

#[cfg(not(feature = "hydrate"))]
fn ready(_: super::device::KioskDevice, _: RwSignal<Option<Start>>) -> AnyView {
    ().into_any()
}

/// Reads the device's kiosk and fetches the words of each of its languages (from the
/// service worker's copies when offline).
#[cfg(feature = "hydrate")]
async fn begin(hub: Option<HubId>) -> Start {
    use crate::domain::text::Lang;
    // The words of what this page may say before the kiosk starts (not a kiosk, paused).
    let _ = i18n::load_part(i18n::current_lang(), i18n::KIOSK_PART).await;
    let Some(device) = super::device::load() else { return Start::NotAKiosk };
    if Some(device.kiosk.hub) != hub {
        if !device.paused {
            // Another hub's address: the kiosk goes back to its own.
            let _ = window().location().replace(&device.home());
        }
        return Start::NotAKiosk;
    }
    if device.paused {
        return Start::Paused(device);
    }
    for lang in Lang::ALL {
        if let Err(e) = async { i18n::load(lang).await.and(i18n::load_part(lang, i18n::KIOSK_PART).await) }.await {
            leptos::logging::warn!("kiosk: the words of {} are missing: {e}", lang.code());
        }
    }
    Start::Ready(device)
}
