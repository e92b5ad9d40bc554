//! The services guide: search page and service page.

use super::api::{ServicePageView, ServiceSearchView, get_service, search_services};
use crate::components::feedback::{ErrorNotice, Loading, OnlyKept, PageTitle};
use crate::components::filters::FilterSelect;
use crate::components::hours::UsualWeek;
use crate::components::page_data::page_data;
use crate::components::pager::{ResultPages, page_param};
use crate::components::url::with_query;
use crate::components::use_lang;
use crate::domain::audience::TargetGroup;
use crate::domain::service::{Cost, TaxonomyTerm};
use crate::features::hubs::page::ContactList;
use crate::i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ServicesPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = move |k: &str| query.read().get(k);
    let data = Resource::from(page_data(
        move || (q("q"), q("category"), q("group"), q("city"), q("page")),
        |(q, c, g, city, page)| async move {
            #[cfg(feature = "hydrate")]
            let local =
                crate::sync::local::send(crate::sync::local::services(q.clone(), c.clone(), g.clone(), city.clone(), page.clone())).await;
            #[cfg(feature = "hydrate")]
            return local.or_server(search_services(q, c, g, city, page)).await;
            #[cfg(not(feature = "hydrate"))]
            search_services(q, c, g, city, page).await
        },
    ));
    view! {
        <Title text=i18n::NAV_SERVICES.get(lang)/>
        <h1>{i18n::SEARCH_SERVICES.get(lang)}</h1>
        <div class="filters search-form" role="search">
            // A refused search (too long) is not echoed into the box; the page says why.
            <SearchBox typed=q("q").filter(|q| q.chars().count() <= super::api::QUERY_MAX).unwrap_or_default()/>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move { data.await.ok().map(|view| view! { <SearchFilters view/> }) })}
            </Transition>
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <SearchResults view/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The id of the search form, which the search box (outside it) belongs to.
const SEARCH_FORM: &str = "service-search";
/// How long typing must pause before the results follow it.
#[cfg(feature = "hydrate")]
const TYPING_PAUSE: std::time::Duration = std::time::Duration::from_millis(250);

/// The search box. The results follow what is typed once typing pauses, replacing the
/// address rather than adding to the history. It is drawn once, outside what each answer
/// redraws, so it keeps its focus, its caret and letters typed while results load; it
/// belongs to the form below (`form=`), which sends it without JavaScript.
#[component]
fn SearchBox(typed: String) -> impl IntoView {
    let lang = use_lang();
    let input = NodeRef::<leptos::html::Input>::new();
    #[cfg(feature = "hydrate")]
    {
        // Back and forward change the address under the box: show its words, unless the
        // person is typing in it.
        let query = use_query_map();
        Effect::new(move || {
            let q = query.read().get("q").filter(|q| q.chars().count() <= super::api::QUERY_MAX).unwrap_or_default();
            if let Some(input) = input.get()
                && document().active_element().as_ref() != Some(input.as_ref())
            {
                input.set_value(&q);
            }
        });
    }
    #[cfg(feature = "hydrate")]
    let on_input = {
        let navigate = leptos_router::hooks::use_navigate();
        let pending = StoredValue::new(None::<TimeoutHandle>);
        let drop_pending = move || {
            if let Some(waiting) = pending.try_get_value().flatten() {
                waiting.clear();
            }
        };
        // A result tapped or the form sent while the typing waits wins over it. The address
        // changes only once the new page's code has arrived, which on a slow phone is after
        // the pause: checking the address alone, the typing pulled the person back.
        let leaving = window_event_listener(leptos::ev::click, move |ev| {
            use leptos::wasm_bindgen::JsCast;
            let on_link = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
                .and_then(|e| e.closest("a[href]").ok().flatten())
                .is_some();
            if on_link {
                drop_pending();
            }
        });
        let sending = window_event_listener(leptos::ev::submit, move |_| drop_pending());
        // Leaving the page drops a search not started yet: it would read the gone page.
        on_cleanup(move || {
            drop_pending();
            leaving.remove();
            sending.remove();
        });
        move |_| {
            if let Some(waiting) = pending.get_value() {
                waiting.clear();
            }
            let navigate = navigate.clone();
            // A navigation meanwhile (the form sent, a result opened) wins over the typing.
            let armed_at = here();
            let next = set_timeout_with_handle(
                move || {
                    if here() != armed_at {
                        return;
                    }
                    let Some(url) = input.try_get_untracked().flatten().and_then(|input| typed_url(&input)) else { return };
                    if here() == url {
                        return;
                    }
                    navigate(&url, leptos_router::NavigateOptions { replace: true, scroll: false, ..Default::default() });
                },
                TYPING_PAUSE,
            );
            pending.set_value(next.ok());
        }
    };
    // Enter searches even while the filters (the box's form) are not on the page.
    #[cfg(feature = "hydrate")]
    let on_enter = {
        let navigate = leptos_router::hooks::use_navigate();
        move |ev: leptos::ev::KeyboardEvent| {
            let Some(input) = input.get_untracked() else { return };
            if ev.key() == "Enter" && input.form().is_none() {
                ev.prevent_default();
                if let Some(url) = typed_url(&input) {
                    navigate(&url, leptos_router::NavigateOptions::default());
                }
            }
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let on_input = |_: leptos::ev::Event| {};
    #[cfg(not(feature = "hydrate"))]
    let on_enter = |_: leptos::ev::KeyboardEvent| {};
    view! {
        <label class="wide">
            <span>{i18n::SEARCH_SERVICES.get(lang)}</span>
            <input
                type="search"
                name="q"
                form=SEARCH_FORM
                node_ref=input
                value=typed
                placeholder=i18n::SEARCH_HINT.get(lang)
                autocomplete="off"
                maxlength=super::api::QUERY_MAX
                on:input=on_input
                on:keydown=on_enter
            />
        </label>
    }
}

/// The address shown now, path and query.
#[cfg(feature = "hydrate")]
fn here() -> String {
    let location = window().location();
    location.pathname().unwrap_or_default() + &location.search().unwrap_or_default()
}

/// The address of a search for what the box and the filters hold now (first page). Without
/// the filters (the page shows an error, or its first answer is still loading), the words
/// alone.
#[cfg(feature = "hydrate")]
fn typed_url(input: &leptos::web_sys::HtmlInputElement) -> Option<String> {
    use leptos::wasm_bindgen::JsCast;
    let form = input.form();
    let chosen = |name: &str| {
        form.as_ref()?
            .query_selector(&format!("select[name={name}]"))
            .ok()
            .flatten()
            .and_then(|s| s.dyn_into::<leptos::web_sys::HtmlSelectElement>().ok())
            .map(|s| s.value())
    };
    Some(with_query(
        "/services",
        &[("q", Some(input.value())), ("category", chosen("category")), ("group", chosen("group")), ("city", chosen("city"))],
    ))
}

/// The filters, with the words typed in [`SearchBox`], and the button that sends them.
#[component]
fn SearchFilters(view: ServiceSearchView) -> impl IntoView {
    let lang = use_lang();
    let query = view.query;
    let groups = TargetGroup::ALL.into_iter().map(|g| (g.code().to_string(), g.label().get(lang).to_string())).collect();
    let cities = view.cities.iter().map(|c| (c.clone(), c.clone())).collect();
    view! {
        <Form method="GET" action="/services" on_form_data=crate::components::url::drop_empty_fields() attr:id=SEARCH_FORM attr:class="search-fields">
            <FilterSelect label=i18n::CATEGORY.get(lang) name="category" any=i18n::ANY_CATEGORY.get(lang)
                options=category_options(&view.taxonomy, lang) selected=query.category/>
            <FilterSelect label=i18n::FOR_WHOM.get(lang) name="group" any=i18n::ANY_GROUP.get(lang)
                options=groups selected=query.group.map(|g| g.code().to_string())/>
            <FilterSelect label=i18n::CITY.get(lang) name="city" any=i18n::ANY_CITY.get(lang)
                options=cities selected=query.city/>
            <button type="submit">{i18n::SEARCH.get(lang)}</button>
        </Form>
    }
}

/// How many services match, this page of them, and the links to the others.
#[component]
fn SearchResults(view: ServiceSearchView) -> impl IntoView {
    let lang = use_lang();
    let query = view.query;
    let only_kept = view.only_kept;
    let total = view.results.total;
    let (number, pages) = (view.results.number, view.results.pages);
    let href = {
        let query = query.clone();
        move |n: u32| {
            with_query(
                "/services",
                &[
                    ("q", Some(query.q.clone())),
                    ("category", query.category.clone()),
                    ("group", query.group.map(|g| g.code().to_string())),
                    ("city", query.city.clone()),
                    ("page", page_param(n)),
                ],
            )
        }
    };
    let results = if view.results.items.is_empty() {
        view! { <p class="empty">{i18n::NO_SERVICES.get(lang)}</p> }.into_any()
    } else {
        view.results
            .items
            .into_iter()
            .map(|s| {
                let free = s.free.then(|| view! { <span class="tag">{i18n::FREE.get(lang)}</span> });
                view! {
                    <li class="card service-card">
                        <a class="card-title" href=format!("/services/{}", s.id)>{s.name.get(lang).to_string()}</a>
                        <span class="card-meta">{s.organization.clone()}" · "{s.city.clone()}</span>
                        <span class="card-text">{s.summary.get(lang).to_string()}</span>
                        {free}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <OnlyKept cities=only_kept/>
        <p class="result-count" role="status">{i18n::N_RESULTS.of(lang, total as u64)}</p>
        <ul class="cards">{results}</ul>
        <ResultPages number pages href/>
    }
}

/// Top-level categories, each followed by its children indented, both in alphabetical
/// order of their names in the reader's language. The order must not depend on where the
/// terms came from: the server lists them in insertion order, the device's replica in key
/// order, and the first sync after hydration rebuilds this form in place from the replica.
/// With two orders, each `<option>` was patched to another category under the person's
/// selection, so a half-filled form silently changed "Salute e cura" into another type.
fn category_options(taxonomy: &[TaxonomyTerm], lang: crate::domain::text::Lang) -> Vec<(String, String)> {
    use crate::domain::search::fold;
    let by_name = |terms: &mut Vec<&TaxonomyTerm>| {
        terms.sort_by_cached_key(|t| (fold(t.name.get(lang)), t.code.clone()));
    };
    let mut roots: Vec<&TaxonomyTerm> = crate::domain::service::roots(taxonomy).collect();
    by_name(&mut roots);
    let mut ordered = Vec::new();
    for root in roots {
        ordered.push((root.code.clone(), root.name.get(lang).to_string()));
        let mut children: Vec<&TaxonomyTerm> = taxonomy.iter().filter(|t| t.parent.as_deref() == Some(root.code.as_str())).collect();
        by_name(&mut children);
        ordered.extend(children.into_iter().map(|t| (t.code.clone(), format!("— {}", t.name.get(lang)))));
    }
    ordered
}

#[component]
pub fn ServicePage() -> impl IntoView {
    let params = use_params_map();
    let data = page_data(
        move || params.read().get("id").unwrap_or_default(),
        |id| async move {
            #[cfg(feature = "hydrate")]
            let local = crate::sync::local::send(crate::sync::local::service(id.clone())).await;
            #[cfg(feature = "hydrate")]
            return local.or_server(get_service(id)).await;
            #[cfg(not(feature = "hydrate"))]
            get_service(id).await
        },
    );
    // The title holds the reference-counted resource; the content awaits a copyable handle.
    let content = Resource::from(data.clone());
    view! {
        <PageTitle data name=|v: &ServicePageView, lang| v.service.name.get(lang).to_string()/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match content.await {
                    Ok(view) => view! { <ServiceBody view/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ServiceBody(view: ServicePageView) -> impl IntoView {
    let lang = use_lang();
    let s = view.service;
    let name = s.name.get(lang).to_string();
    let cost = match &s.cost {
        Cost::Free => i18n::FREE.get(lang).to_string(),
        Cost::Fee { description } => description.get(lang).to_string(),
    };
    let groups = s.target_groups.iter().map(|g| view! { <li class="tag">{g.label().get(lang).to_string()}</li> }).collect_view();
    let categories = view.categories.iter().map(|t| {
        view! { <li><a class="tag" href=format!("/services?category={}", crate::components::url::encode(&t.code))>{t.name.get(lang).to_string()}</a></li> }
    }).collect_view();
    let documents = (!s.required_documents.is_empty()).then(|| {
        let items = s.required_documents.iter().map(|d| view! { <li>{d.get(lang).to_string()}</li> }).collect_view();
        view! { <section aria-labelledby="docs-h"><h2 id="docs-h">{i18n::DOCUMENTS.get(lang)}</h2><ul>{items}</ul></section> }
    });
    let locations = s
        .locations
        .iter()
        .map(|l| {
            let hub = l.hub_id.and_then(|id| view.hubs.iter().find(|(h, _)| *h == id)).map(|(id, name)| {
                view! { " · " <a href=format!("/hubs/{id}")>{name.get(lang).to_string()}</a> }
            });
            view! { <li><strong>{l.name.clone()}</strong>", "{l.address.clone()}" ("{l.district.clone()}")"{hub}</li> }
        })
        .collect_view();
    let languages = s.languages.iter().map(|l| i18n::language_name(lang, l)).collect::<Vec<_>>().join(", ");
    view! {
        <article class="service">
            <p class="eyebrow">{s.organization.name.clone()}" · "{s.city.clone()}</p>
            <h1>{name}</h1>
            <p class="lede">{s.description.get(lang).to_string()}</p>
            <ul class="tags" aria-label=i18n::CATEGORIES.get(lang)>{categories}</ul>
            <dl class="facts">
                <div><dt>{i18n::FOR_WHOM.get(lang)}</dt><dd><ul class="tags">{groups}</ul></dd></div>
                {s.eligibility.as_ref().map(|e| view! { <div><dt>{i18n::ELIGIBILITY.get(lang)}</dt><dd>{e.get(lang).to_string()}</dd></div> })}
                <div><dt>{i18n::COST.get(lang)}</dt><dd>{cost}</dd></div>
                {(!languages.is_empty()).then(|| view! { <div><dt>{i18n::LANGUAGES.get(lang)}</dt><dd>{languages.clone()}</dd></div> })}
            </dl>
            <section aria-labelledby="access-h">
                <h2 id="access-h">{i18n::HOW_TO_ACCESS.get(lang)}</h2>
                <p>{s.how_to_access.get(lang).to_string()}</p>
            </section>
            {documents}
            {s.hours.as_ref().map(|h| view! {
                <section aria-labelledby="svc-hours-h">
                    <h2 id="svc-hours-h">{i18n::OPENING_HOURS.get(lang)}</h2>
                    <UsualWeek by_day=h.weekly_by_day()/>
                </section>
            })}
            <section aria-labelledby="loc-h">
                <h2 id="loc-h">{i18n::LOCATIONS.get(lang)}</h2>
                <ul>{locations}</ul>
            </section>
            <ContactList contacts=s.contacts.clone()/>
            <p><a href="/services">{i18n::BACK_TO_SEARCH.get(lang)}</a></p>
        </article>
    }
}
