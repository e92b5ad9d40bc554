//! `/staff/desk/<hub>`: a hub's sessions today and in the coming week, with places taken
//! and left, the waiting list, who is registered and who came. Drawn from the device at
//! once (the replica's schedule, the device's copy of the registrations and the changes
//! made here), then from the server's answer, which the device keeps: the desk works
//! offline, and what is done at it waits in the outbox.

use super::desk::{DeskDay, DeskPerson, DeskSession};
use super::desk_actions::{DeskContext, DeskForms, DeskSignUpForm, PersonActions, WalkInForm, WalkInLine};
use super::desk_changes::{ChangeState, DeskChange};
use super::text as t;
use crate::components::use_lang;
use crate::domain::activity::{Activity, OccurrenceId};
use crate::domain::ids::{AccountId, HubId};
use crate::domain::mutation::{Mutation, Outcome};
use crate::domain::text::{Lang, Text};
use crate::i18n;
use jiff::civil::{Date, DateTime};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// What the desk shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Desk {
    pub hub: HubId,
    pub account: AccountId,
    pub hub_name: Text,
    pub activities: Vec<Activity>,
    pub days: Vec<DeskDay>,
    /// When the registrations shown were read on the server, if ever.
    pub as_of: Option<DateTime>,
    /// Changes made here that the server turned down, until the volunteer dismisses them.
    pub problems: Vec<DeskChange>,
    /// Changes made here not sent yet.
    pub unsent: u32,
    pub today: Date,
}

// Built only in the browser: the server renders the loading state.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq)]
enum State {
    Loading,
    Ready(Desk),
    Failed(String),
}

/// What the page shows, without the desk itself.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Loading,
    Failed(String),
    Ready { hub: HubId, account: AccountId },
}

#[component]
pub fn DeskPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let hub = move || params.with(|p| p.get("key").and_then(|h| h.parse::<HubId>().ok()));
    let state = RwSignal::new(State::Loading);
    // What the last change made here did, and whether the server was out of reach.
    let notice = RwSignal::new(None::<String>);
    let offline = RwSignal::new(false);
    let saved = RwSignal::new(0u32);
    provide_context(DeskForms::new());
    // Again after each sync that changed the replica or answered a change (a first visit's
    // desk waits for the schedule to arrive), and after each change made here. A load
    // overtaken by a newer one shows nothing.
    let engine = crate::sync::use_sync_engine();
    let version = engine.version();
    let latest = StoredValue::new(0u32);
    // The document title is read by leptos_meta after the body has streamed, when this
    // page's owner may be gone: it must not be an arena signal (that read panicked, a 500
    // on one desk load in a few).
    let title = ArcRwSignal::new(t::DESK_TITLE.get(lang).to_string());
    let title_text = {
        let title = title.clone();
        move || title.get()
    };
    let shown_title = title.clone();
    Effect::new(move |_| {
        version.get();
        engine.mine_version();
        saved.get();
        let hub = hub();
        let title = shown_title.clone();
        latest.update_value(|n| *n += 1);
        let this = latest.get_value();
        leptos::task::spawn_local(async move {
            #[cfg(feature = "hydrate")]
            load(hub, lang, move |s, out_of_reach| {
                if latest.try_get_value() != Some(this) {
                    return;
                }
                // Drawn again only when it shows something else. Sessions are patched in
                // place, so their forms (and what is typed in them) stay; a button of a
                // person's line that was redrawn gets the focus back.
                if let State::Ready(desk) = &s {
                    title.set(format!("{} · {}", t::DESK_TITLE.get(lang), desk.hub_name.get(lang)));
                }
                if state.with_untracked(|now| *now != s) {
                    let focus = focused();
                    state.set(s);
                    leptos::prelude::request_animation_frame(move || refocus(focus));
                }
                offline.set(out_of_reach);
            })
            .await;
            #[cfg(not(feature = "hydrate"))]
            let _ = (hub, this, title);
        });
    });
    // What kind of page this is, and the desk: drawn apart, so that a new state of the
    // same desk patches its sessions in place (keyed lists) rather than drawing it anew.
    let shown = Memo::new(move |_| {
        state.with(|s| match s {
            State::Loading => Shown::Loading,
            State::Failed(why) => Shown::Failed(why.clone()),
            State::Ready(d) => Shown::Ready { hub: d.hub, account: d.account },
        })
    });
    let desk = Memo::new(move |_| {
        state.with(|s| match s {
            State::Ready(d) => Some(d.clone()),
            _ => None,
        })
    });
    view! {
        <Title text=title_text/>
        <p><a href="/staff">{t::STAFF_TITLE.get(lang)}</a></p>
        <h1>{move || title.get()}</h1>
        <p class="form-notice" role="status" id="desk-notice">{move || offline.get().then(|| t::DEVICE_COPY.get(lang))}</p>
        <p class="form-notice" role="status" id="desk-saved">{move || notice.get()}</p>
        {move || match shown.get() {
            Shown::Loading => view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }.into_any(),
            Shown::Failed(why) => view! { <p class="notice notice-error" role="alert">{why}</p> }.into_any(),
            Shown::Ready { hub, account } => {
                provide_context(DeskContext { hub, account, lang, saved, notice, engine });
                view! { <crate::features::help::desk_panel::HelpRequestsPanel hub me=account/> <DeskDays desk/> }.into_any()
            }
        }}
    }
}

/// The id of the element that has the focus, and its caret, if it is a text field.
#[cfg(feature = "hydrate")]
fn focused() -> Option<(String, Option<(u32, u32)>)> {
    use wasm_bindgen::JsCast;
    let element = document().active_element()?;
    let id = element.id();
    if id.is_empty() {
        return None;
    }
    let caret = element
        .dyn_ref::<web_sys::HtmlInputElement>()
        .and_then(|input| Some((input.selection_start().ok().flatten()?, input.selection_end().ok().flatten()?)));
    Some((id, caret))
}

/// Gives the focus back to the element with that id, after a redraw replaced it.
#[cfg(feature = "hydrate")]
fn refocus(focus: Option<(String, Option<(u32, u32)>)>) {
    use wasm_bindgen::JsCast;
    let Some((id, caret)) = focus else { return };
    // Only a focus the redraw lost (it fell back to the page's body): by the time this
    // frame runs, the person may have moved on to another field, and keeps it.
    let body: Option<web_sys::Element> = document().body().map(Into::into);
    if document().active_element().is_some_and(|now| Some(&now) != body.as_ref()) {
        return;
    }
    let Some(element) = document().get_element_by_id(&id) else { return };
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
    if let (Some(input), Some((start, end))) = (element.dyn_ref::<web_sys::HtmlInputElement>(), caret) {
        let _ = input.set_selection_range(start, end);
    }
}

/// The device's copy first, then the server's, which the device keeps.
#[cfg(feature = "hydrate")]
async fn load(hub: Option<HubId>, lang: Lang, show: impl Fn(State, bool)) {
    use super::api::staff_desk;
    use super::desk::build_desk;
    use crate::components::feedback::error_detail;
    use crate::error::AppError;
    use crate::sync::replica::Replica;
    let Some(hub_id) = hub else {
        show(State::Failed(error_detail(&AppError::NotFound, lang)), false);
        return;
    };
    // Shown only to whoever is logged in on this device, while that login lasts, at a hub
    // they work at: nothing of it otherwise, not even the device's copy.
    let now = crate::domain::time::now_local();
    let account = match crate::sync::staff::device_staff().await {
        Some(me) if me.until > now && me.account.works_at(hub_id) => me.account.id,
        Some(me) if me.until > now => return show(State::Failed(t::NOT_YOUR_HUB.get(lang).to_string()), false),
        _ => return show(State::Failed(t::LOGIN_FIRST.get(lang).to_string()), false),
    };
    let Some((hub, activities)) = crate::sync::local::hub_schedule(hub_id).await else {
        return show(State::Failed(t::HUB_NOT_ON_DEVICE.get(lang).to_string()), false);
    };
    let Ok(replica) = Replica::open().await else {
        return show(State::Failed(i18n::TRY_AGAIN.get(lang).to_string()), false);
    };
    let today = crate::domain::time::today();
    let desk = |snapshot: Option<&super::desk::DeskSnapshot>, changes: Vec<DeskChange>| Desk {
        hub: hub_id,
        account,
        hub_name: hub.name.clone(),
        days: build_desk(&hub, &activities, snapshot, &changes, today),
        as_of: snapshot.map(|s| s.taken_at),
        unsent: changes.iter().filter(|c| c.state == ChangeState::Sending).count() as u32,
        problems: changes.into_iter().filter(DeskChange::is_problem).collect(),
        activities: activities.clone(),
        today,
    };
    let kept = replica.desk(hub_id).await.ok().flatten();
    let changes = replica.desk_changes(Some(hub_id)).await.unwrap_or_default();
    let shown = desk(kept.as_ref(), changes);
    show(State::Ready(shown.clone()), false);
    let asked_at = js_sys::Date::now();
    match staff_desk(hub_id).await {
        Ok(snapshot) => {
            if let Err(e) = replica.keep_desk(&snapshot, asked_at).await {
                leptos::logging::warn!("the desk was not kept on this device: {e}");
            }
            let changes = replica.desk_changes(Some(hub_id)).await.unwrap_or_default();
            show(State::Ready(desk(Some(&snapshot), changes)), false);
        }
        // Offline: the device's copy stays, and says how old it is.
        Err(AppError::Transport(_)) => show(State::Ready(shown), true),
        // The server ended the login (expired, or the account was deactivated): the
        // device forgets it and the desks' copies, and keeps the changes made here.
        Err(AppError::Unauthorized(_)) => {
            let _ = replica.end_staff_login().await;
            show(State::Failed(t::SESSION_ENDED.get(lang).to_string()), false);
        }
        Err(e) => show(State::Failed(error_detail(&e, lang)), false),
    }
    replica.close();
}

#[component]
fn DeskDays(desk: Memo<Option<Desk>>) -> impl IntoView {
    let lang = use_lang();
    let as_of = move || {
        desk.with(|d| d.as_ref().and_then(|d| d.as_of)).map(|at| {
            view! { <p class="hint" id="desk-as-of">{t::REGISTRATIONS_AS_OF.get(lang)}" "{t::date_time(lang, at)}</p> }
        })
    };
    let unsent = move || {
        let n = desk.with(|d| d.as_ref().map_or(0, |d| d.unsent));
        (n > 0).then(|| view! { <p class="status status-waiting" id="desk-unsent">{t::unsent(lang, n)}</p> })
    };
    let dismissed = expect_context::<DeskContext>().saved;
    let problems = move || {
        let problems = desk.with(|d| d.as_ref().map(|d| d.problems.clone()).unwrap_or_default());
        (!problems.is_empty()).then(|| view! { <ProblemList problems dismissed names=true/> })
    };
    let dates = move || {
        desk.with(|d| d.as_ref().map(|d| d.days.iter().filter(|day| !day.sessions.is_empty()).map(|day| day.date).collect()))
            .unwrap_or_else(Vec::new)
    };
    view! {
        {as_of}
        {unsent}
        {problems}
        <For each=dates key=|date| *date let:date>
            <DeskDayView date desk/>
        </For>
    }
}

#[component]
fn DeskDayView(date: Date, desk: Memo<Option<Desk>>) -> impl IntoView {
    let lang = use_lang();
    let ids = move || {
        desk.with(|d| {
            d.as_ref().and_then(|d| d.days.iter().find(|day| day.date == date)).map(|day| day.sessions.iter().map(|s| s.id).collect())
        })
        .unwrap_or_else(Vec::new)
    };
    view! {
        <section class="day">
            <h2>{i18n::date_long(lang, date)}</h2>
            <ul class="my-list desk-sessions">
                <For each=ids key=|id| *id let:id>
                    <DeskSessionCard id date desk/>
                </For>
            </ul>
        </section>
    }
}

/// One session's card. Made once per session while the desk shows it: what it shows
/// follows the desk, and its forms (with what is being typed in them) stay.
#[component]
fn DeskSessionCard(id: OccurrenceId, date: Date, desk: Memo<Option<Desk>>) -> impl IntoView {
    let lang = use_lang();
    let session = Memo::new(move |_| {
        desk.with(|d| d.as_ref().and_then(|d| d.days.iter().flat_map(|day| &day.sessions).find(|s| s.id == id)).cloned())
    });
    let Some(first) = session.get_untracked() else { return ().into_any() };
    let (activity, today) = desk.with_untracked(|d| {
        let d = d.as_ref();
        (d.and_then(|d| d.activities.iter().find(|a| a.id == id.activity).cloned()), d.is_some_and(|d| d.today == date))
    });
    let time = format!("{}–{}", crate::domain::time::hhmm(first.start.time()), crate::domain::time::hhmm(first.end.time()));
    let counts = move || {
        session.with(|s| {
            let Some(s) = s else { return String::new() };
            match (s.registration_required, s.counted, s.left) {
                (false, _, _) => t::NO_REGISTRATION.get(lang).to_string(),
                (true, false, _) => t::NOT_COUNTED.get(lang).to_string(),
                (true, true, Some(left)) => format!("{} · {}", t::taken(lang, s.taken), i18n::N_PLACES_LEFT.of(lang, u64::from(left))),
                (true, true, None) => t::taken(lang, s.taken),
            }
        })
    };
    let waiting = move || {
        let n = session.with(|s| s.as_ref().map_or(0, |s| s.waiting));
        (n > 0).then(|| view! { <p class="status status-waitlisted">{t::waiting(lang, n)}</p> })
    };
    let present = move || {
        let n = session.with(|s| s.as_ref().map_or(0, |s| s.present));
        (today || n > 0).then(|| view! { <p class="desk-present">{t::present(lang, n)}</p> })
    };
    let cancelled = move || {
        session
            .with(|s| s.as_ref().and_then(|s| s.cancelled.clone()))
            .map(|why| view! { <p class="cancelled">{i18n::closure(lang, &why)}</p> })
    };
    let people = move || {
        let Some(s) = session.get() else { return Vec::new() };
        s.people.iter().cloned().map(|p| view! { <DeskPersonLine person=p session=s.clone() today/> }).collect::<Vec<_>>()
    };
    let walk_ins = move || {
        let walk_ins = session.with(|s| s.as_ref().map(|s| s.walk_ins.clone()).unwrap_or_default());
        (!walk_ins.is_empty()).then(|| {
            let lines = walk_ins.into_iter().map(|w| view! { <WalkInLine walk_in=w/> }).collect_view();
            view! {
                <h3 class="desk-subtitle">{t::WALK_INS_TITLE.get(lang)}</h3>
                <ul class="desk-people">{lines}</ul>
            }
        })
    };
    // Registering closes when the session starts, as for residents; the server checks it.
    let open = move || session.with(|s| s.as_ref().is_some_and(|s| s.cancelled.is_none() && s.start > crate::domain::time::now_local()));
    let sign_up = activity.filter(|a| a.registration_required).map(|a| {
        let first = first.clone();
        view! {
            <Show when=open>
                <DeskSignUpForm session=first.clone() activity=a.clone()/>
            </Show>
        }
    });
    let walk_in_form = today.then(|| view! { <WalkInForm session=first.clone()/> });
    view! {
        <li class="my-registration desk-session" data-session=id.to_string()>
            <p class="my-title">{time}" · "{first.title.get(lang).to_string()}</p>
            {cancelled}
            <p class="desk-counts">{counts}</p>
            {waiting}
            {present}
            <ul class="desk-people">{people}</ul>
            {walk_ins}
            {sign_up}
            {walk_in_form}
        </li>
    }
    .into_any()
}

/// Someone registered for a session, what the desk knows of them, and what can be done.
#[component]
fn DeskPersonLine(person: DeskPerson, session: DeskSession, today: bool) -> impl IntoView {
    let lang = use_lang();
    let p = person;
    let name = p.name.clone().unwrap_or_else(|| t::NAME_ERASED.get(lang).to_string());
    let party = (p.party > 1).then(|| format!(" + {}", p.party - 1));
    let waiting = p.waiting.map(|n| format!(" · {} {n}", t::ON_WAITING_LIST.get(lang)));
    let contact = p.contact.clone().map(|c| format!(" · {c}"));
    let sending =
        (p.sending || p.check_in_sending).then(|| view! { <span class="status status-waiting">" · "{t::SENDING.get(lang)}</span> });
    let here = (!p.check_ins.is_empty()).then(|| view! { <span class="status status-confirmed">" · ✓ "{t::CHECKED_IN.get(lang)}</span> });
    let twice = (p.check_ins.len() > 1).then(|| view! { <span class="status status-rejected">" · "{t::CHECKED_IN_TWICE.get(lang)}</span> });
    let key = p.id.to_string();
    view! {
        <li class="desk-person" data-registration=key>
            <span class="desk-name">{name}{party}{waiting}{contact}{here}{twice}{sending}</span>
            <PersonActions person=p session today/>
        </li>
    }
}

/// What the desk's changes left on a device with nobody logged in: how many wait to be
/// sent (under a login that ended: the same account must log in again), and those the
/// server turned down (the account was deactivated meanwhile), to read and dismiss.
#[component]
pub fn DeskLeftovers() -> impl IntoView {
    let lang = use_lang();
    let left = RwSignal::new((0u32, Vec::<DeskChange>::new()));
    let engine = crate::sync::use_sync_engine();
    let saved = RwSignal::new(0u32);
    Effect::new(move |_| {
        engine.mine_version();
        saved.get();
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let Ok(replica) = crate::sync::replica::Replica::open().await else { return };
            let changes = replica.desk_changes(None).await.unwrap_or_default();
            replica.close();
            let unsent = changes.iter().filter(|c| c.state == ChangeState::Sending).count() as u32;
            left.set((unsent, changes.into_iter().filter(DeskChange::is_problem).collect()));
        });
    });
    move || {
        let (unsent, problems) = left.get();
        let unsent = (unsent > 0).then(|| {
            view! { <p class="notice" id="desk-unsent-login">{t::unsent(lang, unsent)}". "{t::UNSENT_LOGIN_AGAIN.get(lang)}</p> }
        });
        // Nobody is logged in: what and when, never whose.
        let problems = (!problems.is_empty()).then(|| view! { <ProblemList problems dismissed=saved names=false/> });
        view! { {unsent}{problems} }
    }
}

/// Changes made at the desk that the server turned down, each with why and a way to
/// dismiss it once read (which bumps `dismissed`); the people's names only with `names`.
#[component]
pub fn ProblemList(problems: Vec<DeskChange>, dismissed: RwSignal<u32>, names: bool) -> impl IntoView {
    let lang = use_lang();
    let items = problems
        .into_iter()
        .map(|change| {
            let id = change.id;
            let dismiss = move |_| {
                #[cfg(feature = "hydrate")]
                leptos::task::spawn_local(async move {
                    if let Ok(replica) = crate::sync::replica::Replica::open().await {
                        let _ = replica.dismiss_desk_change(id).await;
                        replica.close();
                    }
                    dismissed.update(|n| *n += 1);
                });
                #[cfg(not(feature = "hydrate"))]
                let _ = (id, dismissed);
            };
            view! {
                <li class="desk-problem">
                    <span>{what(lang, &change.mutation, names)}" · "{t::NOT_ACCEPTED.get(lang)}": "{why(lang, &change.state)}</span>
                    " "
                    <button type="button" class="button-secondary" on:click=dismiss>{t::DISMISS.get(lang)}</button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="notice notice-error desk-problems" aria-labelledby="desk-problems-title">
            <h2 id="desk-problems-title">{t::PROBLEMS_TITLE.get(lang)}</h2>
            <p>{t::PROBLEMS_HINT.get(lang)}</p>
            <ul>{items}</ul>
        </section>
    }
}

/// A change in a few words: which registration (whose, with `names`), which check-in.
fn what(lang: Lang, m: &Mutation, names: bool) -> String {
    match m {
        Mutation::DeskSignUp(d) => {
            let when = format!(
                "{} {}",
                i18n::date_long(lang, d.sign_up.session.start.date()),
                crate::domain::time::hhmm(d.sign_up.session.start.time())
            );
            let name = d.sign_up.name.trim();
            if names && !name.is_empty() {
                format!("{} · {name} · {when}", t::A_REGISTRATION.get(lang))
            } else {
                format!("{} · {when}", t::A_REGISTRATION.get(lang))
            }
        }
        Mutation::DeskCancel(_) => t::CANCEL_REGISTRATION.get(lang).to_string(),
        Mutation::CheckIn(c) => format!("{} · {}", t::CHECK_IN.get(lang), i18n::N_PEOPLE.of(lang, u64::from(c.party))),
        Mutation::UndoCheckIn(_) => t::UNDO_CHECK_IN.get(lang).to_string(),
        Mutation::SignUp(_) | Mutation::Cancel(_) | Mutation::HelpRequest(_) => String::new(),
    }
}

fn why(lang: Lang, state: &ChangeState) -> String {
    match state {
        ChangeState::Answered(a) if a.outcome == Outcome::Conflict => i18n::REASON_HUB_REFUSED.get(lang).to_string(),
        ChangeState::Answered(a) => {
            crate::features::registrations::page::reason_text(lang, a.reason.unwrap_or(crate::domain::registration::RejectReason::Other))
                .to_string()
        }
        ChangeState::Refused(why) => why.clone(),
        ChangeState::Sending => String::new(),
    }
}
