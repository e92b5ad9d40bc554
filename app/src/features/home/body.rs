//! The home page's body: the place chooser, today's sessions, the hubs and the week.
//!
//! The server renders it into the first screen; the browser renders it only when it builds
//! the page itself (see `page.rs`), from a wasm chunk of its own.

use super::api::HomeView;
use crate::components::agenda_days::{AgendaDays, DayHeading};
use crate::components::feedback::OnlyKept;
use crate::components::filters::FilterSelect;
use crate::components::url::with_query;
use crate::components::use_lang;
use crate::features::hubs::page::HubCardView;
use crate::i18n;
use leptos::prelude::*;

/// The place a page shows, as the chooser records it (`data-place`), so a rebuild can tell
/// whether it shows the same place.
pub fn place_key(city: &Option<String>, district: &Option<String>) -> String {
    format!("{}\u{1f}{}", city.as_deref().unwrap_or_default(), district.as_deref().unwrap_or_default())
}

/// What the home page shows for a place. `chosen` is what the place chooser selects: the
/// page's place, or a choice the person made and did not send yet (kept when the page is
/// rebuilt under them, after a sync). Options are selected by attribute (the server's HTML)
/// and by property: when the page is rebuilt in place for another place, an option the
/// person once picked ignores its attribute.
#[component]
pub fn HomeBody(view: HomeView, chosen: (Option<String>, Option<String>)) -> impl IntoView {
    let lang = use_lang();
    let today_items = view.today.items.len();
    let agenda_link = with_query("/agenda", &[("city", view.city.clone()), ("district", view.district.clone())]);
    let cities = view.places.iter().map(|p| (p.city.clone(), p.city.clone())).collect();
    let districts = view
        .places
        .iter()
        .filter(|p| view.city.as_deref().is_none_or(|c| c.eq_ignore_ascii_case(&p.city)))
        .flat_map(|p| p.districts.iter().map(move |d| (d.clone(), format!("{d} ({})", p.city))))
        .collect();
    let more_hubs = (view.hubs_total > view.hubs.len())
        .then(|| view! { <p class="more">{i18n::more_places(lang, view.hubs.len(), view.hubs_total, view.city.is_some(), view.district.is_some())}</p> });
    let more_today = (view.today_total > today_items).then(|| {
        view! { <p class="more"><a href=agenda_link.clone()>{i18n::all_sessions(lang, view.today_total)}</a></p> }
    });
    let shown_this_week: usize = view.week.iter().map(|d| d.items.len()).sum();
    let more_week = (view.week_total > shown_this_week)
        .then(|| view! { <p class="more">{i18n::more_sessions(lang, view.week_total - shown_this_week)}</p> });
    let hubs = view.hubs.into_iter().map(|card| view! { <HubCardView card/> }).collect_view();
    let today_title = format!("{} · {}", i18n::TODAY.get(lang), i18n::date_long(lang, view.today.date));
    view! {
        <section class="intro">
            <h1>{i18n::APP_TAGLINE.get(lang)}</h1>
        </section>
        <OnlyKept cities=view.only_kept.clone()/>
        <section aria-labelledby="place-h" class="chooser">
            <h2 id="place-h">{i18n::CHOOSE_PLACE.get(lang)}</h2>
            <form method="get" action="/" class="filters place-chooser" data-place=place_key(&view.city, &view.district)>
                <FilterSelect label=i18n::CITY.get(lang) name="city" any=i18n::ANY_CITY.get(lang) options=cities selected=chosen.0 by_property=true/>
                <FilterSelect label=i18n::DISTRICT.get(lang) name="district" any=i18n::ANY_DISTRICT.get(lang) options=districts selected=chosen.1 by_property=true/>
                <button type="submit">{i18n::SHOW.get(lang)}</button>
            </form>
        </section>
        <section aria-labelledby="today-h">
            <h2 id="today-h">{today_title}</h2>
            {if today_items == 0 {
                view! { <p class="empty">{i18n::NOTHING_TODAY.get(lang)}</p> }.into_any()
            } else {
                view! { <AgendaDays days=vec![view.today] show_hub=true heading=DayHeading::None/> }.into_any()
            }}
            {more_today}
        </section>
        <section aria-labelledby="hubs-h">
            <h2 id="hubs-h">{i18n::HUBS_HERE.get(lang)}</h2>
            <ul class="cards">{hubs}</ul>
            {more_hubs}
        </section>
        <section aria-labelledby="week-h">
            <h2 id="week-h">{i18n::THIS_WEEK.get(lang)}</h2>
            <AgendaDays days=view.week show_hub=true hide_empty=true/>
            {more_week}
            <p><a class="button-link" href=agenda_link>{i18n::FULL_AGENDA.get(lang)}</a></p>
        </section>
    }
}
