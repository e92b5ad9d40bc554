//! `/staff/desk/<hub>`: a hub's sessions today and in the coming week, with places taken
//! and left, the waiting list and who is registered. Drawn from the device at once (the
//! replica's schedule and the device's copy of the registrations), then from the server's
//! answer, which the device keeps: the desk reads offline.

use super::desk::{DeskDay, DeskSession};
use super::text as t;
use crate::components::use_lang;
use crate::domain::ids::HubId;
use crate::domain::text::Text;
use crate::i18n;
use jiff::civil::DateTime;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// What the desk shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Desk {
    pub hub_name: Text,
    pub days: Vec<DeskDay>,
    /// When the registrations shown were read on the server, if ever.
    pub as_of: Option<DateTime>,
}

// Built only in the browser: the server renders the loading state.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq)]
enum State {
    Loading,
    Ready(Desk),
    Failed(String),
}

#[component]
pub fn DeskPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let hub = move || params.with(|p| p.get("key").and_then(|h| h.parse::<HubId>().ok()));
    let state = RwSignal::new(State::Loading);
    let notice = RwSignal::new(None::<String>);
    // Again after each sync that changed the replica: a first visit's desk waits for the
    // schedule to arrive, and a changed schedule shows.
    let version = crate::sync::use_sync_engine().version();
    Effect::new(move |_| {
        version.get();
        let hub = hub();
        leptos::task::spawn_local(async move {
            #[cfg(feature = "hydrate")]
            load(hub, state, notice, lang).await;
            #[cfg(not(feature = "hydrate"))]
            let _ = hub;
        });
    });
    let title = move || match state.get() {
        State::Ready(desk) => format!("{} · {}", t::DESK_TITLE.get(lang), desk.hub_name.get(lang)),
        _ => t::DESK_TITLE.get(lang).to_string(),
    };
    view! {
        <Title text=title/>
        <p><a href="/staff">{t::STAFF_TITLE.get(lang)}</a></p>
        <h1>{title}</h1>
        <p class="form-notice" role="status" id="desk-notice">{move || notice.get()}</p>
        {move || match state.get() {
            State::Loading => view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }.into_any(),
            State::Failed(why) => view! { <p class="notice notice-error" role="alert">{why}</p> }.into_any(),
            State::Ready(desk) => view! { <DeskDays desk/> }.into_any(),
        }}
    }
}

/// The device's copy first, then the server's, which the device keeps.
#[cfg(feature = "hydrate")]
async fn load(hub: Option<HubId>, state: RwSignal<State>, notice: RwSignal<Option<String>>, lang: crate::domain::text::Lang) {
    use super::api::staff_desk;
    use super::desk::build_desk;
    use crate::domain::activity::Activity;
    use crate::domain::hub::Hub;
    use crate::error::AppError;
    use crate::sync::replica::{ACTIVITIES, HUBS, Replica};
    let Some(hub_id) = hub else {
        state.set(State::Failed(crate::components::feedback::error_detail(&AppError::NotFound, lang)));
        return;
    };
    // Shown only to whoever is logged in on this device, while that login lasts, at a hub
    // they work at: nothing of it otherwise, not even the device's copy.
    let now = crate::domain::time::now_local();
    match crate::sync::staff::device_staff().await {
        Some(me) if me.until > now && me.account.works_at(hub_id) => {}
        Some(me) if me.until > now => {
            state.set(State::Failed(t::NOT_YOUR_HUB.get(lang).to_string()));
            return;
        }
        _ => {
            state.set(State::Failed(t::LOGIN_FIRST.get(lang).to_string()));
            return;
        }
    }
    let Ok(replica) = Replica::open().await else {
        state.set(State::Failed(i18n::TRY_AGAIN.get(lang).to_string()));
        return;
    };
    let hubs: Vec<Hub> = replica.load(HUBS).await.unwrap_or_default();
    let activities: Vec<Activity> = replica.load(ACTIVITIES).await.unwrap_or_default();
    let kept = replica.desk(hub_id).await.ok().flatten();
    let Some(hub) = hubs.into_iter().find(|h| h.id == hub_id) else {
        replica.close();
        state.set(State::Failed(t::HUB_NOT_ON_DEVICE.get(lang).to_string()));
        return;
    };
    let today = crate::domain::time::today();
    let show = |snapshot: Option<&super::desk::DeskSnapshot>| Desk {
        hub_name: hub.name.clone(),
        days: build_desk(&hub, &activities, snapshot, today),
        as_of: snapshot.map(|s| s.taken_at),
    };
    state.set(State::Ready(show(kept.as_ref())));
    match staff_desk(hub_id).await {
        Ok(snapshot) => {
            if let Err(e) = replica.keep_desk(&snapshot).await {
                leptos::logging::warn!("the desk was not kept on this device: {e}");
            }
            notice.set(None);
            state.set(State::Ready(show(Some(&snapshot))));
        }
        Err(AppError::Transport(_)) => notice.set(Some(t::DEVICE_COPY.get(lang).to_string())),
        Err(e) => {
            let _ = replica.forget_staff().await;
            state.set(State::Failed(crate::components::feedback::error_detail(&e, lang)));
        }
    }
    replica.close();
}

#[component]
fn DeskDays(desk: Desk) -> impl IntoView {
    let lang = use_lang();
    let as_of =
        desk.as_of.map(|at| view! { <p class="hint" id="desk-as-of">{t::REGISTRATIONS_AS_OF.get(lang)}" "{t::date_time(lang, at)}</p> });
    let days = desk
        .days
        .into_iter()
        .filter(|d| !d.sessions.is_empty())
        .map(|day| {
            let sessions = day.sessions.into_iter().map(|s| view! { <DeskSessionCard session=s/> }).collect_view();
            view! {
                <section class="day">
                    <h2>{i18n::date_long(lang, day.date)}</h2>
                    <ul class="my-list desk-sessions">{sessions}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        {as_of}
        {days}
    }
}

#[component]
fn DeskSessionCard(session: DeskSession) -> impl IntoView {
    let lang = use_lang();
    let time = format!("{}–{}", crate::domain::time::hhmm(session.start.time()), crate::domain::time::hhmm(session.end.time()));
    let counts = match (session.registration_required, session.counted, session.left) {
        (false, _, _) => t::NO_REGISTRATION.get(lang).to_string(),
        (true, false, _) => t::NOT_COUNTED.get(lang).to_string(),
        (true, true, Some(left)) => format!("{} · {}", t::taken(lang, session.taken), i18n::N_PLACES_LEFT.of(lang, u64::from(left))),
        (true, true, None) => t::taken(lang, session.taken),
    };
    let waiting = (session.waiting > 0).then(|| view! { <p class="status status-waitlisted">{t::waiting(lang, session.waiting)}</p> });
    let cancelled = session.cancelled.map(|why| view! { <p class="cancelled">{why.get(lang).to_string()}</p> });
    let people = session
        .people
        .into_iter()
        .map(|p| {
            let name = p.name.unwrap_or_else(|| t::NAME_ERASED.get(lang).to_string());
            let party = (p.party > 1).then(|| format!(" + {}", p.party - 1));
            let waiting = p.waiting.map(|n| format!(" · {} {n}", t::ON_WAITING_LIST.get(lang)));
            let contact = p.contact.map(|c| format!(" · {c}"));
            view! { <li>{name}{party}{waiting}{contact}</li> }
        })
        .collect_view();
    view! {
        <li class="my-registration desk-session" data-session=session.id.to_string()>
            <p class="my-title">{time}" · "{session.title.get(lang).to_string()}</p>
            {cancelled}
            <p class="desk-counts">{counts}</p>
            {waiting}
            <ul class="desk-people">{people}</ul>
        </li>
    }
}
