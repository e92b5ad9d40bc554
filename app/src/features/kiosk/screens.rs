//! What a kiosk's visitors see, one task per screen: the attract screen, the menu, the
//! digital-help guides (read aloud where the browser has a voice), today and this week at
//! the hub, the services nearby, and the staff's way out with the PIN. Everything comes
//! from the replica, so the kiosk works offline once enrolled.
//!
//! A visit lives in memory only ([`Visit`]): screens are not addresses (no history entry
//! keeps a search), and a reset puts every signal back, which takes every typed text out
//! of the page. No screen links anywhere: the kiosk's only way out is the PIN.

use super::device::KioskDevice;
use super::help_form::HelpDraft;
use crate::domain::help_guide::{HelpGuide, HelpGuideId, search_help_guides};
use crate::domain::ids::{HubId, ServiceId};
use crate::domain::kiosk::Idle;
use crate::domain::text::{Lang, Text};
use crate::i18n::{self, kiosk as k};
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Screen {
    Attract,
    Menu,
    Guides,
    Guide(HelpGuideId),
    Week,
    Services,
    Service(ServiceId),
    Help,
    Exit,
}

impl Screen {
    /// Where "back" leads.
    fn up(self) -> Screen {
        match self {
            Screen::Guide(_) => Screen::Guides,
            Screen::Service(_) => Screen::Services,
            Screen::Attract | Screen::Menu => Screen::Attract,
            _ => Screen::Menu,
        }
    }
}

/// One visitor's session: everything a reset forgets.
#[derive(Clone, Copy)]
struct Visit {
    screen: RwSignal<Screen>,
    lang: RwSignal<Lang>,
    large: RwSignal<bool>,
    contrast: RwSignal<bool>,
    guide_query: RwSignal<String>,
    service_query: RwSignal<String>,
    pin: RwSignal<String>,
    speaking: RwSignal<bool>,
    help: HelpDraft,
}

impl Visit {
    fn new() -> Visit {
        Visit {
            screen: RwSignal::new(Screen::Attract),
            lang: RwSignal::new(Lang::It),
            large: RwSignal::new(false),
            contrast: RwSignal::new(false),
            guide_query: RwSignal::new(String::new()),
            service_query: RwSignal::new(String::new()),
            pin: RwSignal::new(String::new()),
            speaking: RwSignal::new(false),
            help: HelpDraft::new(),
        }
    }

    /// Back to the attract screen, as if nobody had come.
    fn reset(&self) {
        speech::stop(*self);
        self.screen.set(Screen::Attract);
        self.lang.set(Lang::It);
        self.large.set(false);
        self.contrast.set(false);
        self.guide_query.set(String::new());
        self.service_query.set(String::new());
        self.pin.set(String::new());
        self.help.clear();
    }
}

/// What every screen may need.
#[derive(Clone, Copy)]
struct Ctx {
    visit: Visit,
    hub: HubId,
    /// The hub's name and city, from the replica.
    place: RwSignal<Option<(Text, String)>>,
    device: StoredValue<KioskDevice>,
}

impl Ctx {
    fn hub_name(&self, lang: Lang) -> String {
        self.place.with(|p| p.as_ref().map(|(name, _)| name.get(lang).to_string())).unwrap_or_default()
    }
}

/// The screens, in a wasm chunk of their own.
#[leptos::lazy]
pub fn kiosk_screens(device: KioskDevice, revoked: Callback<()>) -> AnyView {
    view! {
        // Drawn in the browser only, after hydration: the stylesheet comes with the screens.
        <leptos_meta::Stylesheet id="kiosk-style" href=format!("/pkg/{}", crate::style::KIOSK_CSS_FILE)/>
        <Kiosk device revoked/>
    }
    .into_any()
}

#[component]
fn Kiosk(device: KioskDevice, revoked: Callback<()>) -> impl IntoView {
    let visit = Visit::new();
    let hub = device.kiosk.hub;
    let kiosk = Ctx { visit, hub, place: RwSignal::new(None), device: StoredValue::new(device) };
    leptos::task::spawn_local(async move {
        if let Some((h, _)) = crate::sync::local::hub_schedule(hub).await {
            kiosk.place.set(Some((h.name, h.city)));
        }
    });
    // The page's language is the visitor's: screen readers and the bidi layout follow it.
    Effect::new(move |_| {
        let lang = visit.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
            let _ = root.set_attribute("dir", lang.dir());
        }
    });
    let countdown: RwSignal<Option<u32>> = RwSignal::new(None);
    let watch = super::idle::IdleWatch::start(
        move || kiosk.device.with_value(|d| d.kiosk.idle_seconds),
        move |state| {
            if visit.screen.get_untracked() == Screen::Attract {
                if countdown.get_untracked().is_some() {
                    countdown.set(None);
                }
                return;
            }
            match state {
                Idle::Active if countdown.get_untracked().is_some() => countdown.set(None),
                Idle::Active => {}
                Idle::Countdown(left) => countdown.set(Some(left)),
                Idle::Reset => {
                    countdown.set(None);
                    visit.reset();
                }
            }
        },
    );
    let watch = StoredValue::new_local(watch);
    keep_inside();
    check_credential(kiosk, revoked);
    let still_here = move |_| {
        watch.with_value(|w| w.touch());
        countdown.set(None);
    };
    let class = move || {
        let mut class = String::from("kiosk");
        if visit.large.get() {
            class.push_str(" kiosk-large");
        }
        if visit.contrast.get() {
            class.push_str(" kiosk-contrast");
        }
        class
    };
    view! {
        <div class=class id="kiosk" data-screen=move || format!("{:?}", visit.screen.get())>
            {move || {
                let (screen, lang) = (visit.screen.get(), visit.lang.get());
                if screen == Screen::Attract {
                    return attract(kiosk).into_any();
                }
                view! {
                    <Bar kiosk screen lang/>
                    <div class="kiosk-screen">{screen_view(kiosk, screen, lang)}</div>
                }
                .into_any()
            }}
            {move || countdown.get().map(|left| {
                let lang = visit.lang.get_untracked();
                view! {
                    <div class="kiosk-overlay">
                        <div class="kiosk-dialog" role="alertdialog" aria-modal="true" aria-labelledby="still-there" aria-describedby="restart-in">
                            <h2 id="still-there">{k::STILL_THERE.get(lang)}</h2>
                            <p id="restart-in" aria-live="polite">{k::RESTART_IN.of(lang, left.into())}</p>
                            <button type="button" class="kiosk-primary" id="kiosk-continue" on:click=still_here autofocus>
                                {k::CONTINUE.get(lang)}
                            </button>
                        </div>
                    </div>
                }
            })}
        </div>
    }
}

/// The screen a visitor is on.
fn screen_view(kiosk: Ctx, screen: Screen, lang: Lang) -> AnyView {
    match screen {
        Screen::Attract => attract(kiosk).into_any(),
        Screen::Menu => menu(kiosk, lang).into_any(),
        Screen::Guides => guides(kiosk, lang).into_any(),
        Screen::Guide(id) => guide(kiosk, id, lang).into_any(),
        Screen::Week => week(kiosk, lang).into_any(),
        Screen::Services => services(kiosk, lang).into_any(),
        Screen::Service(id) => service(id, lang).into_any(),
        Screen::Help => {
            super::help_form::help_screen(kiosk.visit.help, kiosk.hub, lang, move || kiosk.visit.screen.set(Screen::Menu)).into_any()
        }
        Screen::Exit => exit(kiosk, lang).into_any(),
    }
}

/// "Touch to start", in each language in turn.
fn attract(kiosk: Ctx) -> impl IntoView {
    let shown = RwSignal::new(0usize);
    let cycle = gloo_timers::callback::Interval::new(4_000, move || shown.update(|i| *i = (*i + 1) % Lang::ALL.len()));
    // Kept by the screen's owner: dropped (stopped) when the screen goes.
    let _cycle = StoredValue::new_local(cycle);
    let start = move |_| kiosk.visit.screen.set(Screen::Menu);
    view! {
        <button type="button" class="kiosk-attract" id="kiosk-start" on:click=start>
            {move || {
                let lang = Lang::ALL[shown.get()];
                view! {
                    <span class="kiosk-attract-text" lang=lang.code() dir=lang.dir()>
                        <span class="kiosk-welcome">{k::WELCOME.with(lang, &[("hub", &kiosk.hub_name(lang))])}</span>
                        <span class="kiosk-touch">{k::TOUCH_TO_START.get(lang)}</span>
                    </span>
                }
            }}
            <span class="kiosk-attract-langs">
                {Lang::ALL.iter().map(|l| view! { <span lang=l.code() dir=l.dir()>{l.endonym()}</span> }).collect_view()}
            </span>
        </button>
    }
}

/// The bar over every screen: back, the hub, offline, language and reading, "I'm done".
#[component]
fn Bar(kiosk: Ctx, screen: Screen, lang: Lang) -> impl IntoView {
    let visit = kiosk.visit;
    let engine = crate::sync::use_sync_engine();
    let offline = move || engine.state().with(|s| s.started && (!s.online || !s.reachable));
    let back = (screen != Screen::Menu).then(|| {
        view! {
            <button type="button" class="kiosk-back" id="kiosk-back" on:click=move |_| visit.screen.set(screen.up())>
                <span aria-hidden="true" class="kiosk-arrow">"←"</span>
                {k::BACK.get(lang)}
            </button>
        }
    });
    let done = move |_| visit.reset();
    let languages = Lang::ALL
        .iter()
        .map(|l| {
            let l = *l;
            view! {
                <button type="button" class="kiosk-toggle" lang=l.code() dir=l.dir() aria-pressed=move || (visit.lang.get() == l).to_string()
                    on:click=move |_| visit.lang.set(l)>
                    {l.endonym()}
                </button>
            }
        })
        .collect_view();
    view! {
        <header class="kiosk-bar">
            <div class="kiosk-bar-row">
                {back}
                <p class="kiosk-hub">{kiosk.hub_name(lang)}</p>
                <button type="button" class="kiosk-done" id="kiosk-done" on:click=done>{k::DONE.get(lang)}</button>
            </div>
            <div class="kiosk-bar-row kiosk-settings" role="group" aria-label=k::SETTINGS.get(lang)>
                {languages}
                <button type="button" class="kiosk-toggle" id="kiosk-large" aria-pressed=move || visit.large.get().to_string()
                    on:click=move |_| visit.large.update(|v| *v = !*v)>
                    <span aria-hidden="true">"A+ "</span>{k::BIGGER_TEXT.get(lang)}
                </button>
                <button type="button" class="kiosk-toggle" id="kiosk-contrast" aria-pressed=move || visit.contrast.get().to_string()
                    on:click=move |_| visit.contrast.update(|v| *v = !*v)>
                    <span aria-hidden="true">"◐ "</span>{k::CONTRAST.get(lang)}
                </button>
            </div>
            <Show when=offline>
                <p class="kiosk-offline" role="status">{k::OFFLINE.get(lang)}</p>
            </Show>
        </header>
    }
}

fn menu(kiosk: Ctx, lang: Lang) -> impl IntoView {
    let go = move |to: Screen| move |_| kiosk.visit.screen.set(to);
    view! {
        <h1>{k::HOW_CAN_WE_HELP.get(lang)}</h1>
        <ul class="kiosk-tiles">
            <li><button type="button" class="kiosk-tile" id="tile-guides" on:click=go(Screen::Guides)>
                <span class="kiosk-icon" aria-hidden="true">"📘"</span>
                <span class="kiosk-tile-title">{k::TILE_GUIDES.get(lang)}</span>
                <span class="kiosk-tile-hint">{k::TILE_GUIDES_HINT.get(lang)}</span>
            </button></li>
            <li><button type="button" class="kiosk-tile" id="tile-week" on:click=go(Screen::Week)>
                <span class="kiosk-icon" aria-hidden="true">"📅"</span>
                <span class="kiosk-tile-title">{k::TILE_WEEK.get(lang)}</span>
                <span class="kiosk-tile-hint">{k::TILE_WEEK_HINT.get(lang)}</span>
            </button></li>
            <li><button type="button" class="kiosk-tile" id="tile-services" on:click=go(Screen::Services)>
                <span class="kiosk-icon" aria-hidden="true">"🔎"</span>
                <span class="kiosk-tile-title">{k::TILE_SERVICES.get(lang)}</span>
                <span class="kiosk-tile-hint">{k::TILE_SERVICES_HINT.get(lang)}</span>
            </button></li>
            <li><button type="button" class="kiosk-tile kiosk-tile-help" id="tile-help"
                on:click=move |_| { kiosk.visit.help.open(); kiosk.visit.screen.set(Screen::Help) }>
                <span class="kiosk-icon" aria-hidden="true">"🙋"</span>
                <span class="kiosk-tile-title">{k::TILE_HELP.get(lang)}</span>
                <span class="kiosk-tile-hint">{k::TILE_HELP_HINT.get(lang)}</span>
            </button></li>
        </ul>
        <p class="kiosk-staff">
            <button type="button" class="kiosk-quiet" id="kiosk-staff" on:click=go(Screen::Exit)>{k::STAFF.get(lang)}</button>
        </p>
    }
}

/// A search box whose text lives in the visit (a reset empties it).
fn search_box(id: &'static str, label: &'static str, query: RwSignal<String>) -> impl IntoView {
    view! {
        <div class="kiosk-search">
            <label for=id>{label}</label>
            <input id=id type="search" autocomplete="off" spellcheck="false" maxlength="100"
                prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
        </div>
    }
}

fn guides(kiosk: Ctx, lang: Lang) -> impl IntoView {
    let all: RwSignal<Option<Vec<HelpGuide>>> = RwSignal::new(None);
    leptos::task::spawn_local(async move { all.set(Some(crate::sync::local::help_guides(kiosk.hub).await.unwrap_or_default())) });
    let query = kiosk.visit.guide_query;
    let list = move || {
        let Some(guides) = all.get() else {
            return view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }.into_any();
        };
        let q = query.get();
        let found: Vec<HelpGuide> =
            if q.trim().is_empty() { guides } else { search_help_guides(&guides, &q).into_iter().cloned().collect() };
        if found.is_empty() {
            return view! { <p class="empty" role="status">{k::NO_GUIDES.get(lang)}</p> }.into_any();
        }
        let items = found
            .into_iter()
            .map(|g| {
                let id = g.id;
                view! {
                    <li><button type="button" class="kiosk-card" on:click=move |_| kiosk.visit.screen.set(Screen::Guide(id))>
                        <span class="kiosk-card-title">{g.title.get(lang).to_string()}</span>
                        <span class="kiosk-card-hint">{g.summary.get(lang).to_string()}</span>
                    </button></li>
                }
            })
            .collect_view();
        view! { <ul class="kiosk-cards" id="kiosk-guides">{items}</ul> }.into_any()
    };
    view! {
        <h1>{k::TILE_GUIDES.get(lang)}</h1>
        {search_box("guide-search", k::SEARCH_GUIDES.get(lang), query)}
        {list}
    }
}

fn guide(kiosk: Ctx, id: HelpGuideId, lang: Lang) -> impl IntoView {
    let found: RwSignal<Option<Option<HelpGuide>>> = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let guides = crate::sync::local::help_guides(kiosk.hub).await.unwrap_or_default();
        found.set(Some(guides.into_iter().find(|g| g.id == id)));
    });
    move || match found.get() {
        None => view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }.into_any(),
        Some(None) => view! { <p class="empty">{k::NO_GUIDES.get(lang)}</p> }.into_any(),
        Some(Some(g)) => {
            // Shown in Italian when not translated: marked so, for the reader and screen readers.
            let translated = lang == Lang::It || g.title.has(lang);
            let shown = if translated { lang } else { Lang::It };
            let note = (!translated).then(|| view! { <p class="notice">{k::IN_ITALIAN_ONLY.get(lang)}</p> });
            let needs = (!g.you_need.is_empty()).then(|| {
                let items = g.you_need.iter().map(|n| view! { <li>{n.get(shown).to_string()}</li> }).collect_view();
                view! { <h2>{k::YOU_NEED.get(lang)}</h2><ul class="kiosk-needs">{items}</ul> }
            });
            let mut spoken: Vec<String> = vec![g.title.get(shown).to_string()];
            spoken.extend(g.steps.iter().map(|s| s.get(shown).to_string()));
            let steps = g.steps.iter().map(|s| view! { <li>{s.get(shown).to_string()}</li> }).collect_view();
            view! {
                {note}
                <article class="kiosk-guide" lang=shown.code() dir=shown.dir()>
                    <h1>{g.title.get(shown).to_string()}</h1>
                    <p class="kiosk-summary">{g.summary.get(shown).to_string()}</p>
                    {needs}
                    <h2>{k::STEPS.get(lang)}</h2>
                    <ol class="kiosk-steps">{steps}</ol>
                </article>
                {speech::controls(kiosk.visit, shown, lang, spoken)}
            }
            .into_any()
        }
    }
}

fn week(kiosk: Ctx, lang: Lang) -> impl IntoView {
    let days: RwSignal<Option<Vec<crate::features::agenda::model::AgendaDay>>> = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        use crate::sync::local::Local;
        let week = match crate::sync::local::hub(kiosk.hub.to_string(), None).await {
            Local::Full(Ok(v)) | Local::Partial(Ok(v)) => v.week,
            _ => Vec::new(),
        };
        days.set(Some(week));
    });
    let list = move || {
        let Some(days) = days.get() else {
            return view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }.into_any();
        };
        let days: Vec<_> = days.into_iter().filter(|d| !d.items.is_empty()).collect();
        if days.is_empty() {
            return view! { <p class="empty">{k::NOTHING_THIS_WEEK.get(lang)}</p> }.into_any();
        }
        days.into_iter()
            .map(|day| {
                let items = day
                    .items
                    .into_iter()
                    .map(|item| {
                        let o = &item.occurrence;
                        let cancelled = item.cancelled.map(|why| {
                            view! { <p class="cancelled"><strong>{i18n::CANCELLED.get(lang)}</strong>": "{i18n::closure(lang, &why)}</p> }
                        });
                        let class = if cancelled.is_some() { "kiosk-session is-cancelled" } else { "kiosk-session" };
                        view! {
                            <li class=class>
                                <span class="kiosk-time">{i18n::time_span(o.start.time(), o.end.time())}</span>
                                <span class="kiosk-card-title">{item.title.get(lang).to_string()}</span>
                                <span class="kiosk-card-hint">{item.category.label().get(lang)}</span>
                                {cancelled}
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="kiosk-day">
                        <h2>{i18n::date_long(lang, day.date)}</h2>
                        <ul class="kiosk-sessions">{items}</ul>
                    </section>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <h1>{k::WEEK_TITLE.with(lang, &[("hub", &kiosk.hub_name(lang))])}</h1>
        {list}
    }
}

fn services(kiosk: Ctx, lang: Lang) -> impl IntoView {
    use crate::features::services::api::ServiceCard;
    let query = kiosk.visit.service_query;
    let found: RwSignal<Option<(usize, Vec<ServiceCard>)>> = RwSignal::new(None);
    // Each change of the query searches again; an older answer arriving late is dropped.
    let asked = StoredValue::new(0u32);
    Effect::new(move |_| {
        let q = query.get();
        let city = kiosk.place.with(|p| p.as_ref().map(|(_, city)| city.clone()));
        asked.update_value(|n| *n += 1);
        let mine = asked.get_value();
        leptos::task::spawn_local(async move {
            use crate::sync::local::Local;
            let answer = crate::sync::local::services(Some(q), None, None, city, None).await;
            let page = match answer {
                Local::Full(Ok(v)) | Local::Partial(Ok(v)) => (v.results.total, v.results.items),
                _ => (0, Vec::new()),
            };
            if asked.get_value() == mine {
                found.set(Some(page));
            }
        });
    });
    let list = move || {
        let Some((total, cards)) = found.get() else {
            return view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }.into_any();
        };
        if cards.is_empty() {
            return view! { <p class="empty" role="status">{k::NO_SERVICES.get(lang)}</p> }.into_any();
        }
        let items = cards
            .into_iter()
            .map(|c| {
                let id = c.id;
                view! {
                    <li><button type="button" class="kiosk-card" on:click=move |_| kiosk.visit.screen.set(Screen::Service(id))>
                        <span class="kiosk-card-title">{c.name.get(lang).to_string()}</span>
                        <span class="kiosk-card-hint">{c.organization.clone()}</span>
                        <span class="kiosk-card-hint">{c.summary.get(lang).to_string()}</span>
                    </button></li>
                }
            })
            .collect_view();
        view! {
            <p role="status" class="kiosk-count">{k::SERVICES_FOUND.of(lang, total as u64)}</p>
            <ul class="kiosk-cards" id="kiosk-services">{items}</ul>
        }
        .into_any()
    };
    view! {
        <h1>{k::TILE_SERVICES.get(lang)}</h1>
        {search_box("service-search", k::SEARCH_SERVICES.get(lang), query)}
        {list}
    }
}

fn service(id: ServiceId, lang: Lang) -> impl IntoView {
    let found: RwSignal<Option<Option<crate::features::services::api::ServicePageView>>> = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        use crate::sync::local::Local;
        let view = match crate::sync::local::service(id.to_string()).await {
            Local::Full(Ok(v)) | Local::Partial(Ok(v)) => Some(v),
            _ => None,
        };
        found.set(Some(view));
    });
    move || match found.get() {
        None => view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }.into_any(),
        Some(None) => view! { <p class="empty">{k::NO_SERVICES.get(lang)}</p> }.into_any(),
        Some(Some(v)) => {
            let s = v.service;
            let places =
                s.locations.iter().map(|l| view! { <li><strong>{l.name.clone()}</strong>" · "{l.address.clone()}</li> }).collect_view();
            let phone = s.contacts.phone.clone().map(|p| {
                view! { <p><strong>{i18n::PHONE.get(lang)}": "</strong><span dir="ltr">{p}</span></p> }
            });
            let email = s.contacts.email.clone().map(|e| {
                view! { <p><strong>{i18n::EMAIL.get(lang)}": "</strong><span dir="ltr">{e}</span></p> }
            });
            view! {
                <h1>{s.name.get(lang).to_string()}</h1>
                <p class="kiosk-summary">{s.organization.name.clone()}</p>
                <p>{s.description.get(lang).to_string()}</p>
                <h2>{i18n::HOW_TO_ACCESS.get(lang)}</h2>
                <p>{s.how_to_access.get(lang).to_string()}</p>
                <ul class="kiosk-needs">{places}</ul>
                {phone}
                {email}
            }
            .into_any()
        }
    }
}

/// The staff's way out: the kiosk's PIN, checked on the device, slower after wrong tries.
fn exit(kiosk: Ctx, lang: Lang) -> impl IntoView {
    let pin = kiosk.visit.pin;
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let checking = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if checking.get_untracked() {
            return;
        }
        let now = js_sys::Date::now();
        let mut device = kiosk.device.get_value();
        if let Some(wait) = device.guard.wait_ms(now) {
            message.set(Some(k::WAIT.of(lang, (wait / 1000.0).ceil() as u64)));
            return;
        }
        let typed = pin.get_untracked();
        checking.set(true);
        message.set(None);
        leptos::task::spawn_local(async move {
            let right = super::device::pin_matches(&typed, &device.pin).await;
            checking.set(false);
            pin.set(String::new());
            if right {
                device.guard.succeeded();
                device.paused = true;
                super::device::save(&device);
                kiosk.visit.reset();
                let _ = window().location().assign("/staff");
                return;
            }
            device.guard.failed(js_sys::Date::now());
            super::device::save(&device);
            let text = match device.guard.wait_ms(js_sys::Date::now()) {
                Some(wait) => format!("{} {}", k::WRONG_PIN.get(lang), k::WAIT.of(lang, (wait / 1000.0).ceil() as u64)),
                None => k::WRONG_PIN.get(lang).to_string(),
            };
            kiosk.device.set_value(device);
            message.set(Some(text));
        });
    };
    view! {
        <h1>{k::EXIT_TITLE.get(lang)}</h1>
        <p>{k::EXIT_HINT.get(lang)}</p>
        <form class="kiosk-exit" on:submit=submit>
            <label for="kiosk-pin">{k::PIN.get(lang)}</label>
            <input id="kiosk-pin" type="password" inputmode="numeric" autocomplete="off" maxlength="12" dir="ltr"
                prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
            <button type="submit" class="kiosk-primary" id="kiosk-leave" disabled=move || checking.get()>
                {move || if checking.get() { k::CHECKING.get(lang) } else { k::LEAVE.get(lang) }}
            </button>
            <p class="kiosk-message" id="kiosk-pin-message" role="alert">{move || message.get()}</p>
        </form>
    }
}

/// Sends any other address of this site back to the kiosk's own while kiosk mode is on:
/// the browser's back button (a swipe on a tablet) would otherwise lead out. Registered
/// once for the page's life: it must outlive the kiosk's own components.
fn keep_inside() {
    thread_local!(static ON: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if ON.with(|on| on.replace(true)) {
        return;
    }
    gloo_events::EventListener::new(&window(), "popstate", |_| {
        let storage = window().local_storage().ok().flatten();
        let home = storage.and_then(|s| s.get_item(super::device::HOME_KEY).ok().flatten());
        let here = window().location().pathname().unwrap_or_default();
        if let Some(home) = home.filter(|home| *home != here) {
            let _ = window().location().replace(&home);
        }
    })
    .forget();
}

/// Asks the server whether the kiosk's credential still opens (at the start and every
/// five minutes): a revoked kiosk forgets it is one. Out of reach, it carries on.
fn check_credential(kiosk: Ctx, revoked: Callback<()>) {
    let check = move || {
        leptos::task::spawn_local(async move {
            match super::api::kiosk_me().await {
                Ok(fresh) => {
                    let mut device = kiosk.device.get_value();
                    if device.kiosk != fresh {
                        device.kiosk = fresh;
                        super::device::save(&device);
                        kiosk.device.set_value(device);
                    }
                }
                Err(crate::error::AppError::Unauthorized(_)) => {
                    // Its unsent help requests can go nowhere now: no visitor's name stays.
                    if let Ok(replica) = crate::sync::replica::Replica::open_for_outbox().await {
                        let _ = replica.drop_help_requests().await;
                        replica.close();
                    }
                    super::device::forget();
                    kiosk.visit.reset();
                    revoked.run(());
                }
                Err(_) => {}
            }
        })
    };
    check();
    let every = gloo_timers::callback::Interval::new(5 * 60_000, check);
    let _every = StoredValue::new_local(every);
}

/// Reading a guide aloud with the browser's own voices (Web Speech API): offered only when
/// the browser has a voice for the guide's language.
mod speech {
    use super::Visit;
    use crate::domain::text::Lang;
    use crate::i18n::kiosk as k;
    use crate::js;
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};

    /// `window.speechSynthesis`, where the browser has one.
    fn synth() -> Option<JsValue> {
        js::get(&window(), "speechSynthesis").ok().filter(|s| s.is_object())
    }

    /// Whether the browser has a voice for `lang`.
    fn has_voice(lang: Lang) -> bool {
        let Some(voices) = synth().and_then(|s| js::call(&s, "getVoices", &[]).ok()) else { return false };
        js_sys::Array::from(&voices).iter().any(|voice| {
            let code = js::get(&voice, "lang").ok().and_then(|l| l.as_string()).unwrap_or_default();
            code.to_ascii_lowercase().starts_with(lang.code())
        })
    }

    pub fn stop(visit: Visit) {
        if let Some(synth) = synth() {
            _ = js::call(&synth, "cancel", &[]);
        }
        visit.speaking.set(false);
    }

    /// An utterance of `text` in `lang`.
    fn utterance(text: &str, lang: Lang) -> Option<web_sys::EventTarget> {
        let utterance = js::construct("SpeechSynthesisUtterance", &[text.into()]).ok()?;
        js::set(&utterance, "lang", &lang.code().into()).ok()?;
        Some(utterance.unchecked_into())
    }

    /// "Read aloud" and "stop" for `parts` in `shown`, labelled in `lang`.
    pub fn controls(visit: Visit, shown: Lang, lang: Lang, parts: Vec<String>) -> impl IntoView {
        // Browsers list their voices late: look again when they say the list changed.
        let voice = RwSignal::new(has_voice(shown));
        if let Some(synth) = synth() {
            let target: &web_sys::EventTarget = synth.unchecked_ref();
            let listener = gloo_events::EventListener::new(target, "voiceschanged", move |_| voice.set(has_voice(shown)));
            let _listener = StoredValue::new_local(listener);
        }
        on_cleanup(move || stop(visit));
        let parts = StoredValue::new(parts);
        let read = move |_| {
            let Some(synth) = synth() else { return };
            _ = js::call(&synth, "cancel", &[]);
            let last = parts.with_value(|p| p.len().saturating_sub(1));
            for (i, text) in parts.get_value().into_iter().enumerate() {
                let Some(utterance) = utterance(&text, shown) else { continue };
                if i == last {
                    gloo_events::EventListener::once(&utterance, "end", move |_| visit.speaking.set(false)).forget();
                }
                _ = js::call(&synth, "speak", &[utterance.into()]);
            }
            visit.speaking.set(true);
        };
        move || {
            voice.get().then(|| {
                view! {
                    <p class="kiosk-read">
                        {move || if visit.speaking.get() {
                            view! { <button type="button" class="kiosk-primary" id="kiosk-stop-reading" on:click=move |_| stop(visit)>
                                <span aria-hidden="true">"■ "</span>{k::STOP_READING.get(lang)}
                            </button> }.into_any()
                        } else {
                            view! { <button type="button" class="kiosk-primary" id="kiosk-read" on:click=read>
                                <span aria-hidden="true">"🔊 "</span>{k::READ_ALOUD.get(lang)}
                            </button> }.into_any()
                        }}
                    </p>
                }
            })
        }
    }
}
