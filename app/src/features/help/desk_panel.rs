//! The desk's "help requests" panel: what visitors asked for at the hub's kiosk, oldest
//! first, with "I'll take it", "Done" and "Hand back". It reads the server (every 20
//! seconds while open) and keeps nothing on the device: the names are the visitors'.

use super::api::{staff_help_requests, staff_move_help_request};
use super::topic_name;
use crate::components::feedback::error_detail;
use crate::components::use_lang;
use crate::domain::help_request::{BadMove, HelpRequestRecord, HelpStatus};
use crate::domain::ids::{AccountId, HubId};
use crate::domain::text::Lang;
use crate::error::AppError;
use crate::features::staff::text as t;
use crate::i18n;
use leptos::prelude::*;

/// How often the open panel asks the server again, in milliseconds.
const REFRESH_MS: u64 = 20_000;

/// What the panel shows.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    requests: Vec<HelpRequestRecord>,
    /// Why the last read failed, in words (the list is then the last one read).
    problem: Option<String>,
}

#[component]
pub fn HelpRequestsPanel(hub: HubId, me: AccountId) -> impl IntoView {
    let lang = use_lang();
    let shown: RwSignal<Option<Shown>> = RwSignal::new(None);
    let notice = RwSignal::new(None::<String>);
    let reads = RwSignal::new(0u32);
    Effect::new(move |_| {
        reads.track();
        leptos::task::spawn_local(async move {
            // The topics' names are the kiosk's words.
            #[cfg(feature = "hydrate")]
            let _ = i18n::load_part(lang, i18n::KIOSK_PART).await;
            let read = staff_help_requests(hub).await;
            shown.update(|s| match read {
                Ok(requests) => *s = Some(Shown { requests, problem: None }),
                Err(e) => {
                    let problem = Some(problem(&e, lang));
                    match s {
                        Some(s) => s.problem = problem,
                        None => *s = Some(Shown { requests: Vec::new(), problem }),
                    }
                }
            });
        });
    });
    if let Ok(every) = set_interval_with_handle(move || reads.update(|n| *n += 1), std::time::Duration::from_millis(REFRESH_MS)) {
        on_cleanup(move || every.clear());
    }
    let act = move |request: HelpRequestRecord, to: HelpStatus| {
        leptos::task::spawn_local(async move {
            match staff_move_help_request(hub, request.id, to).await {
                Ok(moved) => {
                    notice.set(Some(match moved.refused {
                        Some(BadMove::TakenByOther) => t::HELP_ALREADY_TAKEN.get(lang).to_string(),
                        Some(BadMove::AlreadyDone) => t::HELP_ALREADY_DONE.get(lang).to_string(),
                        None => moved_words(lang, &moved.request),
                    }));
                    reads.update(|n| *n += 1);
                }
                Err(e) => notice.set(Some(problem(&e, lang))),
            }
        });
    };
    let open_count = move || shown.with(|s| s.as_ref().map_or(0, |s| s.requests.iter().filter(|r| r.status != HelpStatus::Done).count()));
    view! {
        <section class="desk-help" aria-labelledby="help-requests-title" id="help-requests">
            <h2 id="help-requests-title">
                {t::HELP_TITLE.get(lang)}
                {move || (open_count() > 0).then(|| format!(" ({})", open_count()))}
            </h2>
            <p class="form-notice" role="status" id="help-notice">{move || notice.get()}</p>
            {move || match shown.get() {
                None => view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }.into_any(),
                Some(Shown { requests, problem }) => {
                    let (done, waiting): (Vec<_>, Vec<_>) = requests.into_iter().partition(|r| r.status == HelpStatus::Done);
                    let problem = problem.map(|p| view! { <p class="notice notice-error" role="alert">{p}</p> });
                    let empty = waiting.is_empty().then(|| view! { <p class="empty" id="help-none">{t::HELP_NONE.get(lang)}</p> });
                    let waiting = waiting.into_iter().map(|r| request_line(r, me, lang, act)).collect_view();
                    let done = (!done.is_empty()).then(|| {
                        let count = done.len();
                        let lines = done.into_iter().map(|r| request_line(r, me, lang, act)).collect_view();
                        view! {
                            <details class="help-done">
                                <summary>{t::HELP_DONE_RECENTLY.get(lang)}" ("{count}")"</summary>
                                <ul class="help-requests">{lines}</ul>
                            </details>
                        }
                    });
                    view! { {problem} {empty} <ul class="help-requests" id="help-waiting">{waiting}</ul> {done} }.into_any()
                }
            }}
        </section>
    }
}

/// One request: who, what, since when, who is on it, and what this account may do.
fn request_line(
    r: HelpRequestRecord,
    me: AccountId,
    lang: Lang,
    act: impl Fn(HelpRequestRecord, HelpStatus) + Copy + 'static,
) -> impl IntoView {
    let since = i18n::ago(lang, jiff::Timestamp::now().as_second() - r.received_at);
    let state = match (r.status, r.taken_by_name.as_deref()) {
        (HelpStatus::Open, _) => t::HELP_OPEN.get(lang).to_string(),
        (HelpStatus::Taken, _) if r.taken_by == Some(me) => t::HELP_YOURS.get(lang).to_string(),
        (HelpStatus::Taken, name) => t::HELP_TAKEN_BY.with(lang, &[("name", &name.unwrap_or("?"))]),
        (HelpStatus::Done, name) => t::HELP_DONE_BY.with(lang, &[("name", &name.unwrap_or("?"))]),
    };
    let button = move |label: &'static str, class: &'static str, to: HelpStatus, r: &HelpRequestRecord| {
        let r = r.clone();
        view! { <button type="button" class=class on:click=move |_| act(r.clone(), to)>{label}</button> }
    };
    let buttons = match r.status {
        HelpStatus::Open => {
            Some(view! { {button(t::HELP_TAKE.get(lang), "button", HelpStatus::Taken, &r)} {button(t::HELP_CLOSE.get(lang), "button-secondary", HelpStatus::Done, &r)} }.into_any())
        }
        HelpStatus::Taken if r.taken_by == Some(me) => {
            Some(view! { {button(t::HELP_CLOSE.get(lang), "button", HelpStatus::Done, &r)} {button(t::HELP_RELEASE.get(lang), "button-secondary", HelpStatus::Open, &r)} }.into_any())
        }
        HelpStatus::Taken | HelpStatus::Done => None,
    };
    let details = r.details.clone().map(|d| view! { <p class="help-details">{d}</p> });
    view! {
        <li class="help-request" data-status=r.status.code()>
            <p class="help-who">
                <strong class="help-name">{r.name.clone()}</strong>" · "{topic_name(r.topic).get(lang)}" · "
                <span class="muted">{since}</span>
            </p>
            {details}
            <p class="help-state">{state}</p>
            {buttons.map(|b| view! { <p class="help-actions">{b}</p> })}
        </li>
    }
}

/// What a move did, in words: "Amal: you are on it".
fn moved_words(lang: Lang, r: &HelpRequestRecord) -> String {
    let what = match r.status {
        HelpStatus::Open => t::HELP_RELEASED.get(lang),
        HelpStatus::Taken => t::HELP_YOURS.get(lang),
        HelpStatus::Done => t::HELP_CLOSED.get(lang),
    };
    format!("{}: {what}", r.name)
}

/// An error in words; out of reach, that the requests need a connection.
fn problem(e: &AppError, lang: Lang) -> String {
    match e {
        AppError::Transport(_) => t::HELP_OFFLINE.get(lang).to_string(),
        e => error_detail(e, lang),
    }
}
