//! The activity page.

use super::api::{ActivityPageView, get_activity_page};
use crate::components::feedback::{ErrorNotice, Loading, PageTitle};
use crate::components::hours::OpenNowBadge;
use crate::components::page_data::page_data;
use crate::components::use_lang;
use crate::domain::places::Availability;
use crate::features::registrations::form::SignUpForm;
use crate::features::registrations::page::MyRegistrationList;
use crate::i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let params = use_params_map();
    let data = page_data(
        move || params.read().get("id").unwrap_or_default(),
        |id| async move {
            #[cfg(feature = "hydrate")]
            let local = crate::sync::local::send(crate::sync::local::activity(id.clone())).await;
            #[cfg(feature = "hydrate")]
            return local.or_server(get_activity_page(id)).await;
            #[cfg(not(feature = "hydrate"))]
            get_activity_page(id).await
        },
    );
    // The title holds the reference-counted resource; the content awaits a copyable handle.
    let content = Resource::from(data.clone());
    // Above the Transition: a sync rebuilds the body, never a half-filled sign-up form.
    crate::features::registrations::form::FormState::provide();
    view! {
        <PageTitle data name=|v: &ActivityPageView, lang| v.activity.title.get(lang).to_string()/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match content.await {
                    Ok(view) => view! { <ActivityBody view/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ActivityBody(view: ActivityPageView) -> impl IntoView {
    let lang = use_lang();
    let a = view.activity;
    let title = a.title.get(lang).to_string();
    let audience = if a.audience.is_empty() {
        i18n::EVERYONE.get(lang).to_string()
    } else {
        a.audience.iter().map(|g| g.label().get(lang).to_string()).collect::<Vec<_>>().join(", ")
    };
    let languages = a.languages.iter().map(|l| i18n::language_name(lang, l)).collect::<Vec<_>>().join(", ");
    let participation =
        if a.registration_required { i18n::REGISTRATION_REQUIRED.get(lang).to_string() } else { i18n::FREE_ENTRY.get(lang).to_string() };
    let capacity = a.capacity.map(|c| {
        view! { <div><dt>{i18n::CAPACITY.get(lang)}</dt><dd>{i18n::N_PLACES.of(lang, c.into())}</dd></div> }
    });
    let next_sessions = view.next.clone();
    let sessions = if view.next.is_empty() {
        view! { <p class="empty">{i18n::NO_NEXT_DATES.get(lang)}</p> }.into_any()
    } else {
        let items = view
            .next
            .into_iter()
            .map(|s| {
                let cancelled = s.cancelled.map(|why| {
                    view! { <span class="cancelled"><strong>{i18n::CANCELLED.get(lang)}</strong>": "{i18n::closure(lang, &why)}</span> }
                });
                let class = if cancelled.is_some() { "is-cancelled" } else { "" };
                let full = matches!(s.places, Some(Availability::Full { .. }));
                let places = s
                    .places
                    .filter(|_| cancelled.is_none())
                    .and_then(|a| i18n::availability(lang, a))
                    .map(|p| view! { " "<span class="places" class:is-full=full>{p}</span> });
                view! {
                    <li class=class>
                        <time datetime=crate::domain::time::iso_minutes(s.start)>
                            {i18n::date_long(lang, s.start.date())}", "{i18n::time_span(s.start.time(), s.end.time())}
                        </time>
                        " "{cancelled}{places}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="next-sessions">{items}</ul> }.into_any()
    };
    let first = a.schedule.start;
    let hours = i18n::time_span(first.time(), a.schedule.end_of(first).time());
    let when = match &view.rule_text {
        Some(rule) => format!("{}, {hours}", rule.get(lang)),
        None => format!("{}, {hours}", i18n::date_with_year(lang, first.date())),
    };
    let how = (!a.how_to_join.is_blank()).then(|| view! { <p>{a.how_to_join.get(lang).to_string()}</p> });
    let sign_up = a.registration_required.then(|| {
        let (activity, hub_name, next) = (a.clone(), view.hub.name.clone(), next_sessions.clone());
        view! {
            <section aria-labelledby="signup-h" class="sign-up-section">
                <h2 id="signup-h">{i18n::SIGN_UP_TITLE.get(lang)}</h2>
                <MyRegistrationList activity=Some(activity.id)/>
                <SignUpForm activity hub_name next/>
            </section>
        }
    });
    view! {
        <article class="activity">
            <p class="eyebrow"><span class=format!("cat cat-{}", a.category.code())>{a.category.label().get(lang).to_string()}</span></p>
            <h1>{title}</h1>
            <p class="lede">{a.description.get(lang).to_string()}</p>
            <dl class="facts">
                <div><dt>{i18n::WHERE.get(lang)}</dt><dd>
                    <a href=format!("/hubs/{}", view.hub.id)>{view.hub.name.get(lang).to_string()}</a>
                    ", "{view.hub.address.clone()}" ("{view.hub.district.clone()}") "
                    <OpenNowBadge state=view.hub.open_now/>
                </dd></div>
                <div><dt>{i18n::WHEN.get(lang)}</dt><dd>{when}</dd></div>
                <div><dt>{i18n::FOR_WHOM.get(lang)}</dt><dd>{audience}</dd></div>
                {(!languages.is_empty()).then(|| view! { <div><dt>{i18n::LANGUAGES.get(lang)}</dt><dd>{languages.clone()}</dd></div> })}
                {capacity}
            </dl>
            <section aria-labelledby="join-h">
                <h2 id="join-h">{i18n::HOW_TO_TAKE_PART.get(lang)}</h2>
                <p class="participation"><strong>{participation}</strong></p>
                {how}
            </section>
            <section aria-labelledby="next-h">
                <h2 id="next-h">{i18n::NEXT_DATES.get(lang)}</h2>
                {sessions}
            </section>
            {sign_up}
        </article>
    }
}
