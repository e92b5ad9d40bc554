//! Pages built from the device's replica (browser only): the same pure builders the
//! server functions use, fed from IndexedDB. Each says how far the replica answers
//! ([`Local`]): fully; only in part, for a page of every city on a device that keeps some
//! (the server's answer wins, and this one is shown offline); or not at all (never synced,
//! the document or its city is not here, or its city is still downloading: an activity
//! may have come before its places), and the page then asks the server. Invalid input
//! gets the same error the server would give.
//!
//! None is in the first download: each is called from a page that is a wasm chunk of its
//! own (the home page's from its browser-built half), and its code goes with that chunk.
//! Only the services search is `#[lazy]` besides: its index and text folding are the
//! biggest, and a page hydrates without them. Making every builder lazy had split the
//! pages into twice as many pieces (80 for the hub page, now 40), which made a repeat visit
//! offline half again as slow (measured 2026-12-02: 335 against 219 ms).

use super::cities::Cities;
use super::replica::{ACTIVITIES, HUBS, PLACES, Replica, SERVICES, TAXONOMY};
use crate::content::{ChangeSeq, Directory};
use crate::domain::activity::Activity;
use crate::domain::hub::Hub;
use crate::domain::places::Places;
use crate::domain::search::Guide;
use crate::domain::service::{Service, TaxonomyTerm};
use crate::error::AppError;
use crate::features::activities::api::{ActivityPageView, activity_view};
use crate::features::agenda::api::{AgendaView, agenda_filter, agenda_view};
use crate::features::home::api::{HomeView, home_view};
use crate::features::hubs::api::{HubPageView, hub_view};
use crate::features::services::api::{ServicePageView, ServiceSearchView, search_view, service_query, service_view};
use crate::features::{parse_from_param, parse_page_param};
use std::cell::RefCell;
use std::rc::Rc;

/// Everything the replica holds, hubs in display order, and which cities it holds.
struct Content {
    hubs: Vec<Hub>,
    activities: Vec<Activity>,
    services: Vec<Service>,
    taxonomy: Vec<TaxonomyTerm>,
    places: Vec<Places>,
    covered: Cities,
    directory: Option<Directory>,
}

/// Where the replica's content stands: its cursor and the cities it covers. Both move in
/// the same transaction as any change to the content (a sync or a change of cities, in this
/// tab or another).
type ReadAt = (ChangeSeq, Cities);

thread_local! {
    /// The content last read, with where it stood. While that stays, a navigation reads only
    /// the replica's `meta` instead of the whole replica.
    static READ: RefCell<Option<(ReadAt, Rc<Content>)>> = const { RefCell::new(None) };
    /// The services guide built from that content, and where it stood.
    static GUIDE: RefCell<Option<(ReadAt, Rc<Guide>)>> = const { RefCell::new(None) };
}

/// How far the replica answers a page.
pub enum Local<T> {
    Full(T),
    /// A page of every city on a device that keeps only some: right only for those.
    Partial(T),
    Missing,
}

impl<T> Local<Result<T, AppError>> {
    /// The page's answer: the replica's when it is complete, else the server's; offline, a
    /// partial answer is what there is.
    pub async fn or_server(self, server: impl std::future::Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
        match self {
            Local::Full(answer) => answer,
            Local::Missing => server.await,
            Local::Partial(answer) => match server.await {
                Err(AppError::Transport(_)) => answer,
                from_server => from_server,
            },
        }
    }
}

/// How far `c` answers for a page of `city` (`None`: every city).
fn reach(c: &Content, city: Option<&str>) -> Option<bool> {
    match (city.map(str::trim).filter(|c| !c.is_empty()), &c.covered) {
        (_, Cities::All) => Some(true),
        (None, Cities::Only(_)) => Some(false),
        (Some(city), covered) => covered.holds(city).then_some(true),
    }
}

fn answer<T>(full: Option<bool>, build: impl FnOnce() -> T) -> Local<T> {
    match full {
        Some(true) => Local::Full(build()),
        Some(false) => Local::Partial(build()),
        None => Local::Missing,
    }
}

/// The cities a partial answer (`full` false) shows, for the page to say so.
fn only_kept(c: &Content, full: Option<bool>) -> Option<Vec<String>> {
    match (&c.covered, full) {
        (Cities::Only(kept), Some(false)) => Some(kept.clone()),
        _ => None,
    }
}

/// What `content` offers in the place filters: every city the deployment has, when the
/// replica keeps only some and has heard of them all.
fn directory(c: &Content) -> Option<&Directory> {
    matches!(c.covered, Cities::Only(_)).then_some(c.directory.as_ref()).flatten()
}

/// The replica's content, if it has completed a sync. An unreadable replica is emptied,
/// so the next sync rebuilds it instead of the page breaking.
async fn content() -> Option<Rc<Content>> {
    let replica = Replica::open().await.ok()?;
    let meta = replica.meta().await.ok();
    let loaded = match meta {
        Some(meta) if meta.last_synced_ms.is_some() => cached((meta.cursor, meta.covered), meta.directory, &replica).await,
        _ => None,
    };
    replica.close();
    loaded
}

async fn cached(at: ReadAt, directory: Option<Directory>, replica: &Replica) -> Option<Rc<Content>> {
    if let Some(kept) = READ.with_borrow(|r| r.as_ref().filter(|(read, _)| *read == at).map(|(_, c)| c.clone())) {
        return Some(kept);
    }
    let mut content = read_content(replica, at.1.clone(), directory).await?;
    crate::domain::hub::sort_for_display(&mut content.hubs);
    let content = Rc::new(content);
    READ.set(Some((at, content.clone())));
    Some(content)
}

/// Drops what was read: a change written on the device without a sync (which moves no
/// cursor) must be seen by the next page.
pub(super) fn forget_read() {
    READ.set(None);
    GUIDE.set(None);
}

/// Where the content in hand was read.
fn read_at() -> Option<ReadAt> {
    READ.with_borrow(|r| r.as_ref().map(|(at, _)| at.clone()))
}

async fn read_content(replica: &Replica, covered: Cities, directory: Option<Directory>) -> Option<Content> {
    let loaded = async {
        Ok::<_, super::replica::ReplicaError>(Content {
            hubs: replica.load(HUBS).await?,
            activities: replica.load(ACTIVITIES).await?,
            services: replica.load(SERVICES).await?,
            taxonomy: replica.load(TAXONOMY).await?,
            places: replica.load(PLACES).await?,
            covered,
            directory,
        })
    }
    .await;
    match loaded {
        Ok(content) => Some(content),
        Err(_) => {
            let _ = replica.reset().await;
            None
        }
    }
}

/// Resources need `Send` futures. The browser runs one thread, so IndexedDB's futures are
/// wrapped, never actually moved.
pub fn send<F: std::future::Future>(future: F) -> send_wrapper::SendWrapper<F> {
    send_wrapper::SendWrapper::new(future)
}

fn now() -> jiff::civil::DateTime {
    crate::domain::time::now_local()
}

pub async fn home(city: Option<String>, district: Option<String>) -> Local<Result<HomeView, AppError>> {
    let Some(c) = content().await else { return Local::Missing };
    let reach = reach(&c, city.as_deref());
    answer(reach, || {
        let mut view = home_view(&c.hubs, &c.activities, &c.places, city, district, now());
        if let Ok(view) = &mut view {
            view.only_kept = only_kept(&c, reach);
            if let Some(all) = directory(&c) {
                view.places = all.places.clone();
            }
        }
        view
    })
}

pub async fn agenda(
    from: Option<String>,
    city: Option<String>,
    district: Option<String>,
    hub: Option<String>,
    category: Option<String>,
    audience: Option<String>,
    page: Option<String>,
) -> Local<Result<AgendaView, AppError>> {
    let (filter, page) =
        match agenda_filter(city, district, hub, category, audience).and_then(|f| Ok((f, parse_page_param(page.as_deref())?))) {
            Ok(found) => found,
            Err(e) => return Local::Full(Err(e)),
        };
    let today = now().date();
    let from = match parse_from_param(from, today) {
        Ok(d) => d.unwrap_or(today),
        Err(e) => return Local::Full(Err(e)),
    };
    let Some(c) = content().await else { return Local::Missing };
    // A hub's agenda is complete when the hub is here and its city complete.
    let reach = match filter.hub {
        Some(id) if filter.city.is_none() => c.hubs.iter().any(|h| h.id == id && c.covered.holds(&h.city)).then_some(true),
        _ => reach(&c, filter.city.as_deref()),
    };
    answer(reach, || {
        let mut view = agenda_view(&c.hubs, &c.activities, &c.places, &filter, from, today, page);
        view.only_kept = only_kept(&c, reach);
        if let Some(all) = directory(&c) {
            view.places = all.places.clone();
        }
        Ok(view)
    })
}

pub async fn hub(id: String, from: Option<String>) -> Local<Result<HubPageView, AppError>> {
    let now = now();
    let from = match parse_from_param(from, now.date()) {
        Ok(d) => d,
        Err(e) => return Local::Full(Err(e)),
    };
    let Ok(id) = id.parse::<crate::domain::ids::HubId>() else { return Local::Missing };
    let Some(c) = content().await else { return Local::Missing };
    let Some(hub) = c.hubs.iter().find(|h| h.id == id).filter(|h| c.covered.holds(&h.city)) else { return Local::Missing };
    let activities = c.activities.iter().filter(|a| a.hub_id == id).cloned().collect();
    Local::Full(Ok(hub_view(hub.clone(), activities, &c.places, from, now)))
}

pub async fn activity(id: String) -> Local<Result<ActivityPageView, AppError>> {
    let Ok(id) = id.parse::<crate::domain::ids::ActivityId>() else { return Local::Missing };
    let Some(c) = content().await else { return Local::Missing };
    let Some(activity) = c.activities.iter().find(|a| a.id == id) else { return Local::Missing };
    let Some(hub) = c.hubs.iter().find(|h| h.id == activity.hub_id).filter(|h| c.covered.holds(&h.city)) else { return Local::Missing };
    let places = c.places.iter().find(|p| p.activity_id == id);
    Local::Full(Ok(activity_view(activity.clone(), hub, places, now())))
}

#[leptos::lazy]
pub async fn services(
    q: Option<String>,
    category: Option<String>,
    group: Option<String>,
    city: Option<String>,
    page: Option<String>,
) -> Local<Result<ServiceSearchView, AppError>> {
    let (query, page) = match service_query(q, category, group, city).and_then(|q| Ok((q, parse_page_param(page.as_deref())?))) {
        Ok(found) => found,
        Err(e) => return Local::Full(Err(e)),
    };
    let Some(c) = content().await else { return Local::Missing };
    let reach = reach(&c, query.city.as_deref());
    if reach.is_none() {
        return Local::Missing;
    }
    let at = read_at();
    let guide = match GUIDE.with_borrow(|g| g.as_ref().filter(|(kept, _)| Some(kept) == at.as_ref()).map(|(_, g)| g.clone())) {
        Some(kept) => kept,
        None => {
            let built = Rc::new(Guide::new(c.services.clone(), c.taxonomy.clone()));
            if let Some(at) = at {
                GUIDE.set(Some((at, built.clone())));
            }
            built
        }
    };
    answer(reach, || {
        let mut view = search_view(&guide, query, page);
        if let Ok(view) = &mut view {
            view.only_kept = only_kept(&c, reach);
            if let Some(all) = directory(&c) {
                view.cities = all.service_cities.clone();
            }
        }
        view
    })
}

pub async fn service(id: String) -> Local<Result<ServicePageView, AppError>> {
    let Ok(id) = id.parse::<crate::domain::ids::ServiceId>() else { return Local::Missing };
    let Some(c) = content().await else { return Local::Missing };
    let Some(service) = c.services.iter().find(|s| s.id == id).filter(|s| c.covered.holds(&s.city)) else { return Local::Missing };
    Local::Full(Ok(service_view(service.clone(), &c.taxonomy, &c.hubs)))
}
