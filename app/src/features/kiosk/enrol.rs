//! The coordinators' kiosk panel on a hub's page: the hub's kiosks (each can be switched
//! off), and making the device in hand the hub's kiosk. Online only, like the rest of
//! that page.
//!
//! Enrolling hands the device the kiosk credential, ends the coordinator's login on it and
//! erases the staff data it kept (refused while desk changes are unsent: they would be
//! lost), then keeps the exit PIN's hash and opens the kiosk. The PIN never leaves the
//! device.

use super::api::{staff_kiosks, staff_revoke_kiosk};
use crate::components::feedback::error_detail;
use crate::components::use_lang;
use crate::domain::ids::{HubId, KioskId};
use crate::domain::kiosk::{BadPin, IDLE_DEFAULT, IDLE_MAX, IDLE_MIN, Kiosk, check_idle, check_label, check_pin};
use crate::domain::text::Lang;
use crate::error::AppError;
use crate::i18n::{self, staff as t};
use leptos::prelude::*;

#[component]
pub fn KioskPanel(hub: HubId) -> impl IntoView {
    let lang = use_lang();
    let list: RwSignal<Option<Result<Vec<Kiosk>, AppError>>> = RwSignal::new(None);
    let reload = RwSignal::new(0u32);
    Effect::new(move |_| {
        reload.track();
        leptos::task::spawn_local(async move { list.set(Some(staff_kiosks(hub).await)) });
    });
    let problem: RwSignal<Option<String>> = RwSignal::new(None);
    let revoke = move |kiosk: KioskId| {
        leptos::task::spawn_local(async move {
            match staff_revoke_kiosk(hub, kiosk).await {
                Ok(()) => reload.update(|n| *n += 1),
                Err(e) => problem.set(Some(error_detail(&e, lang))),
            }
        })
    };
    let kiosks = move || match list.get() {
        None => view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }.into_any(),
        Some(Err(e)) => view! { <p class="notice notice-error" role="alert">{error_detail(&e, lang)}</p> }.into_any(),
        Some(Ok(kiosks)) if kiosks.is_empty() => view! { <p class="empty" id="kiosks-none">{t::KIOSKS_NONE.get(lang)}</p> }.into_any(),
        Some(Ok(kiosks)) => {
            let items = kiosks
                .into_iter()
                .map(|kiosk| {
                    let since = i18n::date_with_year(lang, enrolled_on(kiosk.enrolled_at));
                    let state = if kiosk.revoked {
                        view! { <span class="tag">{t::KIOSK_REVOKED.get(lang)}</span> }.into_any()
                    } else {
                        let id = kiosk.id;
                        let label = t::REVOKE_KIOSK_LABEL.with(lang, &[("kiosk", &kiosk.label)]);
                        view! {
                            <button type="button" class="button-secondary" aria-label=label on:click=move |_| revoke(id)>
                                {t::REVOKE_KIOSK.get(lang)}
                            </button>
                        }
                        .into_any()
                    };
                    view! {
                        <li class="kiosk-item" data-kiosk=kiosk.id.to_string()>
                            <strong>{kiosk.label.clone()}</strong>" · "{t::KIOSK_SINCE.with(lang, &[("date", &since)])}" "{state}
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="kiosk-list" id="kiosk-list">{items}</ul> }.into_any()
        }
    };
    view! {
        <section class="hub-section" aria-labelledby="kiosks-title" id="kiosks">
            <h2 id="kiosks-title">{t::KIOSKS_TITLE.get(lang)}</h2>
            <p class="hint">{t::KIOSKS_HINT.get(lang)}</p>
            {kiosks}
            <p class="notice notice-error" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
            <EnrolForm hub/>
        </section>
    }
}

/// The day a kiosk was enrolled, in Rome.
fn enrolled_on(seconds: i64) -> jiff::civil::Date {
    let at = jiff::Timestamp::from_second(seconds).unwrap_or_default();
    at.to_zoned(crate::domain::time::rome().clone()).date()
}

/// A proposed PIN's problem in words.
fn pin_words(lang: Lang, bad: BadPin) -> &'static str {
    match bad {
        BadPin::Empty => t::PIN_EMPTY.get(lang),
        BadPin::NotDigits => t::PIN_NOT_DIGITS.get(lang),
        BadPin::TooShort => t::PIN_TOO_SHORT.get(lang),
        BadPin::TooLong => t::PIN_TOO_LONG.get(lang),
        BadPin::TooEasy => t::PIN_TOO_EASY.get(lang),
    }
}

#[component]
fn EnrolForm(hub: HubId) -> impl IntoView {
    let lang = use_lang();
    let label = RwSignal::new(t::KIOSK_LABEL_DEFAULT.get(lang).to_string());
    let idle = RwSignal::new(IDLE_DEFAULT.to_string());
    let pin = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let checked = (|| {
            let label = check_label(&label.get_untracked()).map_err(|e| i18n::field_error(lang, &e))?;
            let idle = idle.get_untracked().trim().parse::<u32>().ok().and_then(|s| check_idle(s).ok());
            let idle = idle.ok_or_else(|| t::IDLE_OUT_OF_RANGE.with(lang, &[("min", &IDLE_MIN), ("max", &IDLE_MAX)]))?;
            let typed = pin.get_untracked();
            check_pin(&typed).map_err(|bad| pin_words(lang, bad).to_string())?;
            if typed != again.get_untracked() {
                return Err(t::PIN_MISMATCH.get(lang).to_string());
            }
            Ok((label, idle, typed))
        })();
        let (label, idle, typed) = match checked {
            Ok(values) => values,
            Err(words) => return error.set(Some(words)),
        };
        error.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let done = enrol(hub, label, idle, typed, lang).await;
            // On success the page is leaving for the kiosk.
            if let Err(words) = done {
                busy.set(false);
                error.set(Some(words));
            }
        });
    };
    view! {
        <form class="stack kiosk-enrol" id="kiosk-enrol" on:submit=submit>
            <h3>{t::ENROL_TITLE.get(lang)}</h3>
            <p class="hint">{t::ENROL_HINT.get(lang)}</p>
            <label for="kiosk-label">{t::KIOSK_LABEL.get(lang)}</label>
            <input id="kiosk-label" type="text" maxlength="80" required prop:value=move || label.get()
                on:input=move |ev| label.set(event_target_value(&ev))/>
            <label for="kiosk-idle">{t::IDLE_SECONDS.get(lang)}</label>
            <input id="kiosk-idle" type="number" inputmode="numeric" min=IDLE_MIN max=IDLE_MAX required prop:value=move || idle.get()
                on:input=move |ev| idle.set(event_target_value(&ev))/>
            <label for="kiosk-new-pin">{t::EXIT_PIN.get(lang)}</label>
            <input id="kiosk-new-pin" type="password" inputmode="numeric" autocomplete="new-password" maxlength="12" dir="ltr"
                prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
            <label for="kiosk-new-pin-again">{t::EXIT_PIN_AGAIN.get(lang)}</label>
            <input id="kiosk-new-pin-again" type="password" inputmode="numeric" autocomplete="new-password" maxlength="12" dir="ltr"
                prop:value=move || again.get() on:input=move |ev| again.set(event_target_value(&ev))/>
            <p class="notice notice-error" role="alert" id="kiosk-enrol-error" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
            <button type="submit" id="kiosk-enrol-button" disabled=move || busy.get()>
                {move || if busy.get() { t::ENROLLING.get(lang) } else { t::ENROL_BUTTON.get(lang) }}
            </button>
        </form>
    }
}

/// Enrols this device, then opens the kiosk; the error in words otherwise.
#[cfg(feature = "hydrate")]
async fn enrol(hub: HubId, label: String, idle: u32, pin: String, lang: Lang) -> Result<(), String> {
    use super::api::staff_enrol_kiosk;
    use super::device::{KioskDevice, hash_pin, save};
    let unsent = crate::sync::staff::unsent().await;
    if unsent > 0 {
        return Err(t::ENROL_UNSENT.of(lang, unsent.into()));
    }
    let kiosk = staff_enrol_kiosk(hub, label, idle).await.map_err(|e| error_detail(&e, lang))?;
    let pin = hash_pin(&pin).await.map_err(|e| format!("{}: {e}", i18n::ERROR_TITLE.get(lang)))?;
    // The coordinator's login ended on the server; the device forgets it and its desks.
    let _ = crate::sync::staff::forget().await;
    // The kiosk keeps its hub's city on the device (and what belongs to every city).
    if let Some((h, _)) = crate::sync::local::hub_schedule(hub).await {
        crate::features::home::place::remember(&(Some(h.city), None));
    }
    let device = KioskDevice { kiosk, pin, guard: Default::default(), paused: false };
    save(&device);
    let _ = window().location().replace(&device.home());
    Ok(())
}

#[cfg(not(feature = "hydrate"))]
async fn enrol(_: HubId, _: String, _: u32, _: String, _: Lang) -> Result<(), String> {
    Ok(())
}
