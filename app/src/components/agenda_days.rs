//! A list of days with their sessions, as the home, hub and agenda pages show it.

use super::use_lang;
use crate::domain::places::Availability;
use crate::features::agenda::model::{AgendaDay, AgendaItem};
use crate::i18n;
use leptos::prelude::*;

/// How each day is headed: by the page's outline (an `h2` straight under the page's `h1`,
/// an `h3` inside a section), or not at all when the page already names the day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DayHeading {
    H2,
    #[default]
    H3,
    None,
}

/// Days of sessions. `show_hub` names the hub on each session (off on a hub's own page).
#[component]
pub fn AgendaDays(
    days: Vec<AgendaDay>,
    #[prop(optional)] show_hub: bool,
    /// Leave out days with no sessions.
    #[prop(optional)]
    hide_empty: bool,
    #[prop(optional)] heading: DayHeading,
) -> impl IntoView {
    let lang = use_lang();
    let days: Vec<AgendaDay> = days.into_iter().filter(|d| !hide_empty || !d.items.is_empty()).collect();
    if days.is_empty() {
        return view! { <p class="empty">{i18n::NOTHING_IN_RANGE.get(lang)}</p> }.into_any();
    }
    days.into_iter()
        .map(|day| {
            let heading_id = format!("day-{}", crate::domain::wire::write_date(day.date));
            let body = if day.items.is_empty() {
                view! { <p class="empty">{i18n::NOTHING_IN_RANGE.get(lang)}</p> }.into_any()
            } else {
                let items = day.items.into_iter().map(|item| view! { <Session item show_hub/> }).collect_view();
                view! { <ul class="sessions">{items}</ul> }.into_any()
            };
            let title = i18n::date_long(lang, day.date);
            let labelled = (heading != DayHeading::None).then(|| heading_id.clone());
            let title = match heading {
                DayHeading::H2 => view! { <h2 id=heading_id>{title}</h2> }.into_any(),
                DayHeading::H3 => view! { <h3 id=heading_id>{title}</h3> }.into_any(),
                DayHeading::None => ().into_any(),
            };
            view! {
                <section class="day" aria-labelledby=labelled>
                    {title}
                    {body}
                </section>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
fn Session(item: AgendaItem, show_hub: bool) -> impl IntoView {
    let lang = use_lang();
    let o = &item.occurrence;
    let when = i18n::time_span(o.start.time(), o.end.time());
    let datetime = crate::domain::time::iso_minutes(o.start);
    let cancelled = item.cancelled.map(|why| {
        view! { <p class="cancelled"><strong>{i18n::CANCELLED.get(lang)}</strong>": "{i18n::closure(lang, &why)}</p> }
    });
    let class = if cancelled.is_some() { "session is-cancelled" } else { "session" };
    let registration = item.registration_required.then(|| view! { <span class="tag">{i18n::REGISTRATION_REQUIRED.get(lang)}</span> });
    // A session that is off offers no places.
    let full = matches!(item.places, Some(Availability::Full { .. }));
    let places = item
        .places
        .filter(|_| cancelled.is_none())
        .and_then(|a| i18n::availability(lang, a))
        .map(|p| view! { <span class="places" class:is-full=full>{p}</span> });
    let hub =
        show_hub.then(|| view! { <span class="session-where">{item.hub_name.get(lang).to_string()}" · "{item.district.clone()}</span> });
    view! {
        <li class=class>
            <time datetime=datetime class="session-time">{when}</time>
            <div class="session-body">
                <a class="session-title" href=format!("/activities/{}", item.activity_id)>{item.title.get(lang).to_string()}</a>
                <span class=format!("cat cat-{}", item.category.code())>{item.category.label().get(lang).to_string()}</span>
                {hub}
                {registration}
                {places}
                {cancelled}
            </div>
        </li>
    }
}
