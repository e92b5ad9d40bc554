//! The hub page.

use super::api::{HubCard, HubPageView, get_hub_page};
use crate::components::agenda_days::AgendaDays;
use crate::components::feedback::{ErrorNotice, Loading, PageTitle};
use crate::components::hours::{OpenNowBadge, UsualWeek, WeekHours};
use crate::components::page_data::page_data;
use crate::components::use_lang;
use crate::domain::hub::{Contacts, is_web_address, looks_like_email};
use crate::i18n;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn HubPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = page_data(
        move || (params.read().get("id").unwrap_or_default(), query.read().get("from")),
        |(id, from)| async move {
            #[cfg(feature = "hydrate")]
            let local = crate::sync::local::send(crate::sync::local::hub(id.clone(), from.clone())).await;
            #[cfg(feature = "hydrate")]
            return local.or_server(get_hub_page(id, from)).await;
            #[cfg(not(feature = "hydrate"))]
            get_hub_page(id, from).await
        },
    );
    // The title holds the reference-counted resource; the content awaits a copyable handle.
    let content = Resource::from(data.clone());
    view! {
        <PageTitle data name=|v: &HubPageView, lang| v.hub.name.get(lang).to_string()/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match content.await {
                    Ok(view) => view! { <HubBody view/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn HubBody(view: HubPageView) -> impl IntoView {
    let lang = use_lang();
    let hub = view.hub;
    let name = hub.name.get(lang).to_string();
    let week = |from: jiff::civil::Date| format!("/hubs/{}?from={from}", hub.id);
    let prev = crate::features::week_link(view.from, -7, view.today, week);
    let next = crate::features::week_link(view.from, 7, view.today, week);
    let map = hub.coordinates.map(|p| {
        let href = format!("https://www.openstreetmap.org/?mlat={:.5}&mlon={:.5}#map=17/{:.5}/{:.5}", p.lat, p.lon, p.lat, p.lon);
        view! { " · " <a href=href rel="external noopener">{i18n::MAP.get(lang)}</a> }
    });
    let accessibility = (!hub.accessibility.is_blank()).then(|| {
        view! {
            <section aria-labelledby="access-h">
                <h2 id="access-h">{i18n::ACCESSIBILITY.get(lang)}</h2>
                <p>{hub.accessibility.get(lang).to_string()}</p>
            </section>
        }
    });
    let activity_links = view
        .activities
        .iter()
        .map(|a| {
            view! {
                <li>
                    <a href=format!("/activities/{}", a.id)>{a.title.get(lang).to_string()}</a>
                    " "<span class=format!("cat cat-{}", a.category.code())>{a.category.label().get(lang).to_string()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="hub">
            <p class="eyebrow">{hub.kind.label().get(lang).to_string()}" · "{hub.city.clone()}", "{hub.district.clone()}</p>
            <h1>{name}</h1>
            <p><OpenNowBadge state=view.open_now/></p>
            <p class="lede">{hub.description.get(lang).to_string()}</p>
            <p class="address"><span class="label">{i18n::ADDRESS.get(lang)}": "</span>{hub.address.clone()}{map}</p>

            <section aria-labelledby="hours-h">
                <h2 id="hours-h">{i18n::OPENING_HOURS.get(lang)}</h2>
                <WeekHours week=view.week_hours today=view.today/>
                <details>
                    <summary>{i18n::USUAL_WEEK.get(lang)}</summary>
                    <UsualWeek by_day=hub.hours.weekly_by_day()/>
                </details>
            </section>

            <section aria-labelledby="week-h">
                <h2 id="week-h">{i18n::THIS_WEEK_AT_HUB.get(lang)}</h2>
                <AgendaDays days=view.week hide_empty=true/>
                <nav class="pager week-pager" aria-label=i18n::OTHER_WEEKS.get(lang)>
                    {prev.map(|href| view! { <a href=href rel="prev">{i18n::PREV_WEEK.get(lang)}</a> })}
                    {next.map(|href| view! { <a href=href rel="next">{i18n::NEXT_WEEK.get(lang)}</a> })}
                </nav>
            </section>

            <section aria-labelledby="activities-h">
                <h2 id="activities-h">{i18n::ALL_ACTIVITIES.get(lang)}</h2>
                <ul class="link-list">{activity_links}</ul>
            </section>

            <ContactList contacts=hub.contacts.clone()/>
            {accessibility}
        </article>
    }
}

/// A link when the address is safe to follow, else the text alone.
#[component]
fn MaybeLink(href: Option<String>, text: String, #[prop(optional)] external: bool) -> impl IntoView {
    match href {
        Some(href) if external => view! { <a href=href rel="external noopener">{text}</a> }.into_any(),
        Some(href) => view! { <a href=href>{text}</a> }.into_any(),
        None => view! { <span>{text}</span> }.into_any(),
    }
}

/// Phone, e-mail and website as tappable links.
#[component]
pub fn ContactList(contacts: Contacts) -> impl IntoView {
    let lang = use_lang();
    if contacts.is_empty() {
        return ().into_any();
    }
    let phone = contacts.phone.map(|p| {
        let tel = format!("tel:{}", p.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>());
        view! { <li><span class="label">{i18n::PHONE.get(lang)}": "</span><a href=tel>{p}</a></li> }
    });
    // Content saved before links were validated may still be on a device: only a value
    // that passes today's checks becomes a link; anything else is shown as plain text.
    let email = contacts.email.map(|e| {
        let link = (looks_like_email(&e) && !e.contains(['?', '&', '#', '%'])).then(|| format!("mailto:{e}"));
        view! { <li><span class="label">{i18n::EMAIL.get(lang)}": "</span><MaybeLink href=link text=e/></li> }
    });
    let website = contacts.website.map(|w| {
        let link = is_web_address(&w).then(|| w.clone());
        view! { <li><span class="label">{i18n::WEBSITE.get(lang)}": "</span><MaybeLink href=link text=w external=true/></li> }
    });
    view! {
        <section aria-labelledby="contacts-h">
            <h2 id="contacts-h">{i18n::CONTACTS.get(lang)}</h2>
            <ul class="contacts">{phone}{email}{website}</ul>
        </section>
    }
    .into_any()
}

/// A hub in a list, with whether it is open now.
#[component]
pub fn HubCardView(card: HubCard) -> impl IntoView {
    let lang = use_lang();
    view! {
        <li class="card hub-card">
            <a class="card-title" href=format!("/hubs/{}", card.id)>{card.name.get(lang).to_string()}</a>
            <span class="card-meta">{card.kind.label().get(lang).to_string()}" · "{card.district.clone()}</span>
            <span class="card-meta">{card.address.clone()}</span>
            <OpenNowBadge state=card.open_now/>
        </li>
    }
}
