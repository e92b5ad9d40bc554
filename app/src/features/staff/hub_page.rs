//! `/staff/hub/<hub>`: a coordinator's page for one hub. Who to contact about sessions
//! that changed after people registered, the month's attendance (with its CSV), and
//! erasing one person's data on request. Online only: it reads the server each time, and
//! nothing of it is kept on the device. The server renders the frame; the lists are asked
//! for in the browser, so no page a cache might keep ever carries a name.

use super::attendance::{Month, SessionAttendance, totals};
use super::hub_api::{Attendance, Erased, FIND_MIN, Found, ToContact, staff_attendance, staff_erase, staff_find_person, staff_to_contact};
use super::text as t;
use crate::components::feedback::error_detail;
use crate::components::use_lang;
use crate::domain::ids::HubId;
use crate::domain::mutation::RegistrationStatus;
use crate::domain::mutation_id::MutationId;
use crate::domain::text::Lang;
use crate::domain::time::{hhmm, now_local};
use crate::error::AppError;
use crate::i18n;
use crate::i18n::month_name;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// An answer being waited for, or what came back.
type Loaded<T> = RwSignal<Option<Result<T, AppError>>>;

#[component]
pub fn HubPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let hub = Memo::new(move |_| params.with(|p| p.get("key").and_then(|h| h.parse::<HubId>().ok())));
    // Not an arena signal: leptos_meta reads the title after this page's owner may be gone.
    let title = ArcRwSignal::new(t::HUB_TITLE.get(lang).to_string());
    let title_text = {
        let title = title.clone();
        move || title.get()
    };
    let heading = title.clone();
    // Bumped by each erasure: the other lists read the server again.
    let erasures = RwSignal::new(0u32);
    view! {
        <Title text=title_text/>
        <p><a href="/staff">{t::STAFF_TITLE.get(lang)}</a></p>
        <h1>{move || heading.get()}</h1>
        {move || match hub.get() {
            Some(hub) => view! {
                <ToContactPanel hub erasures/>
                <AttendancePanel hub title=title.clone() erasures/>
                <ErasePanel hub erasures/>
                <crate::features::kiosk::enrol::KioskPanel hub/>
            }
            .into_any(),
            None => view! { <crate::components::feedback::NotFound/> }.into_any(),
        }}
    }
}

/// Shows a loaded answer: waiting, the error in words, or `ready`'s view of it.
fn loaded<T: Clone + Send + Sync + 'static, V: IntoView + 'static>(
    state: Loaded<T>,
    lang: Lang,
    ready: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView {
    move || match state.get() {
        None => view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }.into_any(),
        Some(Err(e)) => view! { <p class="notice notice-error" role="alert">{problem(&e, lang)}</p> }.into_any(),
        Some(Ok(value)) => ready(value).into_view().into_any(),
    }
}

/// An error in words; out of reach, that this page needs a connection.
fn problem(e: &AppError, lang: Lang) -> String {
    match e {
        AppError::Transport(_) => t::HUB_NEEDS_CONNECTION.get(lang).to_string(),
        e => error_detail(e, lang),
    }
}

/// "lunedì 21 dicembre 2026, 10:30".
fn when(lang: Lang, at: jiff::civil::DateTime) -> String {
    t::date_time(lang, at)
}

#[component]
fn ToContactPanel(hub: HubId, erasures: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let list: Loaded<Vec<ToContact>> = RwSignal::new(None);
    Effect::new(move |_| {
        erasures.track();
        leptos::task::spawn_local(async move { list.set(Some(staff_to_contact(hub).await)) })
    });
    view! {
        <section class="hub-section" aria-labelledby="to-contact-title" id="to-contact">
            <h2 id="to-contact-title">{t::TO_CONTACT_TITLE.get(lang)}</h2>
            <p class="hint">{t::TO_CONTACT_HINT.get(lang)}</p>
            {loaded(list, lang, move |sessions: Vec<ToContact>| {
                if sessions.is_empty() {
                    return view! { <p class="empty" id="to-contact-none">{t::TO_CONTACT_NONE.get(lang)}</p> }.into_any();
                }
                sessions
                    .into_iter()
                    .map(|s| {
                        let people = s
                            .people
                            .into_iter()
                            .map(|p| {
                                let name = p.name.unwrap_or_else(|| t::NAME_ERASED.get(lang).to_string());
                                let party = (p.party > 1).then(|| format!(" ({})", t::people(lang, p.party)));
                                let waiting = (p.status == RegistrationStatus::Waitlisted)
                                    .then(|| view! { " " <span class="tag">{t::WAITING_TAG.get(lang)}</span> });
                                let contact = match p.contact {
                                    Some(c) => view! { <a href=contact_link(&c)>{c.clone()}</a> }.into_any(),
                                    None => view! { <span class="muted">{t::NO_CONTACT.get(lang)}</span> }.into_any(),
                                };
                                view! { <li><strong>{name}</strong>{party}{waiting}" · "{contact}</li> }
                            })
                            .collect_view();
                        view! {
                            <article class="to-contact-session">
                                <h3>{s.title.get(lang).to_string()}" · "{when(lang, s.start)}</h3>
                                <p><span class="badge badge-closed">{t::fate_words(lang, &s.fate)}</span></p>
                                <ul class="to-contact-people">{people}</ul>
                            </article>
                        }
                    })
                    .collect_view()
                    .into_any()
            })}
        </section>
    }
}

/// A contact as a link that calls or writes to it.
fn contact_link(contact: &str) -> String {
    if contact.contains('@') {
        format!("mailto:{contact}")
    } else {
        format!("tel:{}", contact.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>())
    }
}

#[component]
fn AttendancePanel(hub: HubId, title: ArcRwSignal<String>, erasures: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let month = RwSignal::new(Month::of(now_local().date()));
    let report: Loaded<Attendance> = RwSignal::new(None);
    Effect::new(move |_| {
        let asked = month.get();
        erasures.track();
        let title = title.clone();
        leptos::task::spawn_local(async move {
            let answer = staff_attendance(hub, asked.to_string()).await;
            if let Ok(a) = &answer {
                title.set(format!("{} · {}", t::HUB_TITLE.get(lang), a.hub.name.get(lang)));
            }
            // A month asked for since wins.
            if month.get_untracked() == asked {
                report.set(Some(answer));
            }
        });
    });
    let step = move |forward: bool| {
        let now = month.get_untracked();
        if let Some(m) = if forward { now.next() } else { now.previous() } {
            report.set(None);
            month.set(m);
        }
    };
    let month_label = move || {
        let m = month.get();
        format!("{} {}", month_name(m.first_day().month()).get(lang), m.first_day().year())
    };
    let csv = move || format!("/api/staff/attendance.csv?hub={hub}&month={}", month.get());
    view! {
        <section class="hub-section" aria-labelledby="attendance-title" id="attendance">
            <h2 id="attendance-title">{t::ATTENDANCE_TITLE.get(lang)}</h2>
            <div class="month-switch">
                <button type="button" class="button-secondary" id="month-before" on:click=move |_| step(false)>
                    {t::MONTH_BEFORE.get(lang)}
                </button>
                <p class="month-name" id="month-name" aria-live="polite">{month_label}</p>
                <button type="button" class="button-secondary" id="month-after" on:click=move |_| step(true)>
                    {t::MONTH_AFTER.get(lang)}
                </button>
            </div>
            <p><a class="button-link" id="attendance-csv" href=csv download>{t::DOWNLOAD_CSV.get(lang)}</a></p>
            {loaded(report, lang, move |a: Attendance| view! { <AttendanceTable sessions=a.sessions/> })}
        </section>
    }
}

#[component]
fn AttendanceTable(sessions: Vec<SessionAttendance>) -> impl IntoView {
    let lang = use_lang();
    if sessions.is_empty() {
        return view! { <p class="empty">{t::NO_SESSIONS_MONTH.get(lang)}</p> }.into_any();
    }
    let sum = totals(&sessions);
    let header = t::csv_header(lang);
    let rows = sessions
        .into_iter()
        .map(|s| {
            let off = !s.fate.is_held();
            view! {
                <tr class:session-off=off data-session=s.session.to_string()>
                    <th scope="row">{i18n::date_long(lang, s.start.date())}" "{hhmm(s.start.time())}</th>
                    <td>{s.title.get(lang).to_string()}</td>
                    <td>
                        {t::fate_words(lang, &s.fate)}
                        {(s.doubled > 0).then(|| view! { <br/><span class="status status-rejected doubled">{t::doubled(lang, s.doubled)}</span> })}
                    </td>
                    <td class="num">{s.registered}</td>
                    <td class="num">{s.waiting}</td>
                    <td class="num">{s.came_registered}</td>
                    <td class="num">{s.walk_ins}</td>
                    <td class="num">{s.first_timers}</td>
                    <td class="num">{s.present()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" role="region" aria-labelledby="attendance-title" tabindex="0">
            <table class="attendance" id="attendance-table">
                <thead>
                    <tr>
                        <th scope="col">{header[0]}</th>
                        {header[2..].iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr id="attendance-totals">
                        <th scope="row" colspan="3">{t::held_sessions(lang, sum.held)}</th>
                        <td class="num">{sum.registered}</td>
                        <td></td>
                        <td class="num">{sum.came_registered}</td>
                        <td class="num">{sum.walk_ins}</td>
                        <td class="num">{sum.first_timers}</td>
                        <td class="num">{sum.present()}</td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
    .into_any()
}

/// Where the erasure stands.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Choosing,
    Confirming,
    Erasing,
}

#[component]
fn ErasePanel(hub: HubId, erasures: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let query = RwSignal::new(String::new());
    let found: Loaded<Vec<Found>> = RwSignal::new(Some(Ok(Vec::new())));
    let searched = RwSignal::new(false);
    let chosen = RwSignal::new(Vec::<MutationId>::new());
    let step = RwSignal::new(Step::Choosing);
    let done = RwSignal::new(None::<String>);
    let too_short = RwSignal::new(false);
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        too_short.set(q.trim().chars().count() < FIND_MIN);
        if too_short.get_untracked() {
            return;
        }
        done.set(None);
        step.set(Step::Choosing);
        found.set(None);
        leptos::task::spawn_local(async move {
            let answer = staff_find_person(hub, q).await;
            chosen.set(answer.as_ref().map(|list| list.iter().map(|f| f.registration.id).collect()).unwrap_or_default());
            searched.set(true);
            found.set(Some(answer));
        });
    };
    let erase = move |_| {
        step.set(Step::Erasing);
        let ids = chosen.get_untracked();
        leptos::task::spawn_local(async move {
            match staff_erase(hub, ids).await {
                Ok(Erased { erased, cancelled }) => {
                    done.set(Some(t::erased(lang, erased, cancelled)));
                    found.set(Some(Ok(Vec::new())));
                    searched.set(false);
                    chosen.set(Vec::new());
                    query.set(String::new());
                    erasures.update(|n| *n += 1);
                }
                Err(e) => done.set(Some(problem(&e, lang))),
            }
            step.set(Step::Choosing);
        });
    };
    let confirm = move || {
        (step.get() != Step::Choosing).then(|| {
            let n = chosen.with(Vec::len) as u32;
            view! {
                <div class="notice notice-error" role="alertdialog" aria-labelledby="erase-question" id="erase-confirm">
                    <p id="erase-question">{t::erase_question(lang, n)}</p>
                    <button type="button" class="button-danger" id="erase-yes" on:click=erase disabled=move || step.get() == Step::Erasing>
                        {t::ERASE_YES.get(lang)}
                    </button>
                    <button type="button" class="button-secondary" id="erase-no" on:click=move |_| step.set(Step::Choosing)>
                        {t::ERASE_NO.get(lang)}
                    </button>
                </div>
            }
        })
    };
    let results = move |list: Vec<Found>| {
        if list.is_empty() {
            return searched.get_untracked().then(|| view! { <p class="empty" id="erase-none">{t::FOUND_NOBODY.get(lang)}</p> }).into_any();
        }
        let items = list
            .into_iter()
            .map(|f| {
                let id = f.registration.id;
                let input_id = format!("erase-{id}");
                let toggle = move |ev: leptos::ev::Event| {
                    let on = event_target_checked(&ev);
                    chosen.update(|c| {
                        c.retain(|x| *x != id);
                        if on {
                            c.push(id);
                        }
                    });
                };
                let name = f.registration.name.unwrap_or_default();
                let contact = f.registration.contact.map(|c| format!(" · {c}"));
                let past = f.past.then(|| view! { <span class="tag">{t::ALREADY_HELD.get(lang)}</span> });
                view! {
                    <li class="check-line">
                        <input type="checkbox" id=input_id.clone() checked=move || chosen.with(|c| c.contains(&id)) on:change=toggle/>
                        <label for=input_id>
                            <strong>{name}</strong>{contact}<br/>
                            {f.title.get(lang).to_string()}" · "{when(lang, f.start)}" "{past}
                        </label>
                    </li>
                }
            })
            .collect_view();
        view! {
            <ul class="found-list" id="erase-found">{items}</ul>
            <p class="hint">{t::ERASE_HINT.get(lang)}</p>
            <button
                type="button"
                class="button-danger"
                id="erase-start"
                disabled=move || chosen.with(Vec::is_empty) || step.get() != Step::Choosing
                on:click=move |_| step.set(Step::Confirming)
            >
                {t::ERASE_BUTTON.get(lang)}
            </button>
            {confirm}
        }
        .into_any()
    };
    view! {
        <section class="hub-section" aria-labelledby="erase-title" id="erase">
            <h2 id="erase-title">{t::ERASE_TITLE.get(lang)}</h2>
            <p class="hint">{t::ERASE_LEDE.get(lang)}</p>
            <form class="erase-search" on:submit=search novalidate>
                <label for="erase-query">{t::FIND_LABEL.get(lang)}</label>
                <input
                    id="erase-query"
                    type="search"
                    autocomplete="off"
                    aria-describedby="erase-query-error"
                    aria-invalid=move || too_short.get().to_string()
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <p class="field-error" id="erase-query-error" aria-live="polite">
                    {move || too_short.get().then(|| t::FIND_TOO_SHORT.get(lang))}
                </p>
                <button type="submit" class="button-primary" id="erase-search">{t::FIND_BUTTON.get(lang)}</button>
            </form>
            <p class="form-notice" role="status" id="erase-done">{move || done.get()}</p>
            {loaded(found, lang, results)}
        </section>
    }
}
