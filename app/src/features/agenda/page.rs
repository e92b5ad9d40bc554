//! The agenda page: a week of sessions across hubs, with filters that work as a plain
//! GET form (so they work before, or without, JavaScript).

use super::api::{AgendaView, CityDistricts, get_agenda};
use crate::components::agenda_days::{AgendaDays, DayHeading};
use crate::components::feedback::{ErrorNotice, Loading, OnlyKept};
use crate::components::filters::FilterSelect;
use crate::components::page_data::page_data;
use crate::components::pager::{ResultPages, page_param};
use crate::components::url::with_query;
use crate::components::use_lang;
use crate::domain::activity::ActivityCategory;
use crate::domain::audience::TargetGroup;
use crate::i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AgendaPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = move |k: &str| query.read().get(k);
    let data = Resource::from(page_data(
        move || (q("from"), q("city"), q("district"), q("hub"), q("category"), q("audience"), q("page")),
        |(from, city, district, hub, category, audience, page)| async move {
            #[cfg(feature = "hydrate")]
            let local = crate::sync::local::send(crate::sync::local::agenda(
                from.clone(),
                city.clone(),
                district.clone(),
                hub.clone(),
                category.clone(),
                audience.clone(),
                page.clone(),
            ))
            .await;
            #[cfg(feature = "hydrate")]
            return local.or_server(get_agenda(from, city, district, hub, category, audience, page)).await;
            #[cfg(not(feature = "hydrate"))]
            get_agenda(from, city, district, hub, category, audience, page).await
        },
    ));
    view! {
        <Title text=i18n::NAV_AGENDA.get(lang)/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => {
                        // Links and the form repeat these: bounded as the filter reads them.
                        let p = |k: &str| crate::features::non_empty(q(k));
                        let params = (p("city"), p("district"), p("hub"), p("category"), p("audience"));
                        view! { <AgendaBody view params/> }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

type Params = (Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);

#[component]
fn AgendaBody(view: AgendaView, params: Params) -> impl IntoView {
    let lang = use_lang();
    let (city, district, hub, category, audience) = params;
    let link = {
        let p = [
            ("city", city.clone()),
            ("district", district.clone()),
            ("hub", hub.clone()),
            ("category", category.clone()),
            ("audience", audience.clone()),
        ];
        move |from: Option<jiff::civil::Date>, page: u32| {
            let mut pairs = vec![("from", from.map(|d| d.to_string()))];
            pairs.extend(p.iter().cloned());
            pairs.push(("page", page_param(page)));
            with_query("/agenda", &pairs)
        }
    };
    let shown_from = (view.from != view.today).then_some(view.from);
    let page_link = {
        let link = link.clone();
        move |n: u32| link(shown_from, n)
    };
    let earlier = crate::features::week_link(view.from, -7, view.today, |d| link(Some(d), 1));
    let later = crate::features::week_link(view.from, 7, view.today, |d| link(Some(d), 1));
    let window = crate::features::from_window(view.today);
    let (count, number, pages) = (view.days.total, view.days.number, view.days.pages);
    let heading = match &view.hub_name {
        Some(name) => format!("{} · {}", i18n::NAV_AGENDA.get(lang), name.get(lang)),
        None => i18n::NAV_AGENDA.get(lang).to_string(),
    };
    view! {
        <h1>{heading}</h1>
        <Filters
            places=view.places.clone()
            from=view.from.to_string()
            min=window.start().to_string()
            max=window.end().to_string()
            city
            district
            hub
            category
            audience
        />
        <OnlyKept cities=view.only_kept/>
        <p class="result-count" role="status">{i18n::N_RESULTS.of(lang, count as u64)}</p>
        <AgendaDays days=view.days.items show_hub=true heading=DayHeading::H2/>
        <ResultPages number pages href=page_link/>
        <nav class="pager week-pager" aria-label=i18n::OTHER_WEEKS.get(lang)>
            {earlier.map(|href| view! { <a href=href rel="prev">{i18n::EARLIER.get(lang)}</a> })}
            {later.map(|href| view! { <a href=href rel="next">{i18n::LATER.get(lang)}</a> })}
        </nav>
    }
}

#[component]
fn Filters(
    places: Vec<CityDistricts>,
    from: String,
    min: String,
    max: String,
    city: Option<String>,
    district: Option<String>,
    hub: Option<String>,
    category: Option<String>,
    audience: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let cities = places.iter().map(|c| (c.city.clone(), c.city.clone())).collect();
    let districts = places
        .iter()
        .filter(|c| city.as_deref().is_none_or(|x| x == c.city))
        .flat_map(|c| c.districts.iter().map(move |d| (d.clone(), format!("{d} ({})", c.city))))
        .collect();
    let categories = ActivityCategory::ALL.into_iter().map(|c| (c.code().to_string(), c.label().get(lang).to_string())).collect();
    let audiences = TargetGroup::ALL.into_iter().map(|g| (g.code().to_string(), g.label().get(lang).to_string())).collect();
    view! {
        <Form method="GET" action="/agenda" on_form_data=crate::components::url::drop_empty_fields() attr:class="filters">
            {hub.map(|h| view! { <input type="hidden" name="hub" value=h/> })}
            <FilterSelect label=i18n::CITY.get(lang) name="city" any=i18n::ANY_CITY.get(lang) options=cities selected=city/>
            <FilterSelect label=i18n::DISTRICT.get(lang) name="district" any=i18n::ANY_DISTRICT.get(lang) options=districts selected=district/>
            <FilterSelect label=i18n::CATEGORY.get(lang) name="category" any=i18n::ANY_CATEGORY.get(lang) options=categories selected=category/>
            <FilterSelect label=i18n::AUDIENCE.get(lang) name="audience" any=i18n::ANY_AUDIENCE.get(lang) options=audiences selected=audience/>
            <label>
                <span>{i18n::FROM_DATE.get(lang)}</span>
                <input type="date" name="from" value=from min=min max=max/>
            </label>
            <button type="submit">{i18n::FILTER.get(lang)}</button>
        </Form>
    }
}
