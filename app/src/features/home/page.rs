//! The home page.

use super::api::{HomeView, get_home};
use crate::components::agenda_days::AgendaDays;
use crate::components::feedback::{ErrorNotice, Loading};
use crate::components::url::with_query;
use crate::components::use_lang;
use crate::features::hubs::page::HubCardView;
use crate::i18n;
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn HomePage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || (query.read().get("city"), query.read().get("district"), crate::sync::status::replica_version()),
        |(c, d, _version)| async move {
            #[cfg(feature = "hydrate")]
            if let Some(local) = crate::sync::local::send(crate::sync::local::home(c.clone(), d.clone())).await {
                return local;
            }
            get_home(c, d).await
        },
    );
    view! {
        <Title text="Civico"/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <HomeBody view/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn HomeBody(view: HomeView) -> impl IntoView {
    let lang = use_lang();
    let today_items = view.today.items.len();
    let agenda_link = with_query("/agenda", &[("city", view.city.clone()), ("district", view.district.clone())]);
    let city_options = view
        .places
        .iter()
        .map(|p| view! { <option value=p.city.clone() selected=view.city.as_deref() == Some(p.city.as_str())>{p.city.clone()}</option> })
        .collect_view();
    let district_options = view
        .places
        .iter()
        .filter(|p| view.city.as_deref().is_none_or(|c| c.eq_ignore_ascii_case(&p.city)))
        .flat_map(|p| p.districts.iter().map(move |d| (p.city.clone(), d.clone())))
        .map(|(c, d)| view! { <option value=d.clone() selected=view.district.as_deref() == Some(d.as_str())>{format!("{d} ({c})")}</option> })
        .collect_view();
    let hubs = view.hubs.into_iter().map(|card| view! { <HubCardView card/> }).collect_view();
    let today_title = format!("{} · {}", i18n::TODAY.get(lang), i18n::date_long(lang, view.today.date));
    // A plain GET form, so it works before (or without) the wasm; once hydrated it
    // navigates inside the app, which also works offline from the replica. Not the
    // router's `<Form>`: its general machinery would be the first download's only user.
    let (city, district) = (NodeRef::<html::Select>::new(), NodeRef::<html::Select>::new());
    let navigate = use_navigate();
    let choose = move |ev: SubmitEvent| {
        ev.prevent_default();
        let value = |select: NodeRef<html::Select>| select.get_untracked().map(|s| s.value());
        navigate(&with_query("/", &[("city", value(city)), ("district", value(district))]), NavigateOptions::default());
    };
    view! {
        <section class="intro">
            <h1>{i18n::APP_TAGLINE.get(lang)}</h1>
        </section>
        <section aria-labelledby="place-h" class="chooser">
            <h2 id="place-h">{i18n::CHOOSE_PLACE.get(lang)}</h2>
            <form method="get" action="/" class="filters" on:submit=choose>
                <label>
                    <span>{i18n::CITY.get(lang)}</span>
                    <select name="city" node_ref=city>
                        <option value="">{i18n::ANY_CITY.get(lang)}</option>
                        {city_options}
                    </select>
                </label>
                <label>
                    <span>{i18n::DISTRICT.get(lang)}</span>
                    <select name="district" node_ref=district>
                        <option value="">{i18n::ANY_DISTRICT.get(lang)}</option>
                        {district_options}
                    </select>
                </label>
                <button type="submit">{i18n::SHOW.get(lang)}</button>
            </form>
        </section>
        <section aria-labelledby="today-h">
            <h2 id="today-h">{today_title}</h2>
            {if today_items == 0 {
                view! { <p class="empty">{i18n::NOTHING_TODAY.get(lang)}</p> }.into_any()
            } else {
                view! { <AgendaDays days=vec![view.today] show_hub=true/> }.into_any()
            }}
        </section>
        <section aria-labelledby="hubs-h">
            <h2 id="hubs-h">{i18n::HUBS_HERE.get(lang)}</h2>
            <ul class="cards">{hubs}</ul>
        </section>
        <section aria-labelledby="week-h">
            <h2 id="week-h">{i18n::THIS_WEEK.get(lang)}</h2>
            <AgendaDays days=view.week show_hub=true hide_empty=true/>
            <p><a class="button-link" href=agenda_link>{i18n::FULL_AGENDA.get(lang)}</a></p>
        </section>
    }
}
