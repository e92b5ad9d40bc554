//! Pages built from the device's replica (browser only): the same pure builders the
//! server functions use, fed from IndexedDB, reading only the stores the page needs and
//! keeping them in memory until the replica moves. Each says how far the replica answers
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
use super::moves;
use super::replica::{ACTIVITIES, HELP_GUIDES, HUBS, PLACES, Replica, SERVICES, SyncMeta, TAXONOMY};
use crate::content::Directory;
use crate::domain::activity::Activity;
use crate::domain::help_guide::HelpGuide;
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
use serde::de::DeserializeOwned;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

/// Where the replica's content stands: its [`generation`](super::replica::SyncMeta::generation),
/// which moves in the same transaction as any change to the content (a sync, a change of
/// cities or a reset, in this tab or another).
type ReadAt = u64;

/// A store's documents (or what was built from them) as last read, with where the replica
/// stood then.
type Kept<T> = Option<(ReadAt, Rc<T>)>;

/// What this tab keeps of the replica between pages. While `meta` holds (until word comes
/// that the replica moved, [`super::moves`]) and the stores a page shows are here, the page
/// opens no database: each search update as the person types. While the replica stays
/// where it was read, a navigation reads only the stores no page has needed since.
#[derive(Default)]
struct Read {
    meta: Option<Rc<SyncMeta>>,
    hubs: Kept<Vec<Hub>>,
    activities: Kept<Vec<Activity>>,
    services: Kept<Vec<Service>>,
    taxonomy: Kept<Vec<TaxonomyTerm>>,
    places: Kept<Vec<Places>>,
    /// The services guide built from the services and taxonomy.
    guide: Kept<Guide>,
    help_guides: Kept<Vec<HelpGuide>>,
}

thread_local! {
    static READ: RefCell<Read> = RefCell::new(Read::default());
}

/// The replica as one page reads it, once it has completed a sync: each store is read
/// only when the page asks for it (the services guide needs neither the calendar nor the
/// counts of places, the agenda no services). The database is open only if `meta` had to
/// be read or a store is not kept; closed when dropped.
struct Content {
    /// Opened at most once, when `meta` or a store has to be read; set before a read awaits,
    /// so the connection is closed with the page's read even if that is dropped halfway.
    replica: OnceCell<Replica>,
    meta: Rc<SyncMeta>,
    /// [`moves::heard`] when `meta` was taken: what is read after a move is not kept.
    heard: u64,
}

impl Drop for Content {
    fn drop(&mut self) {
        if let Some(replica) = self.replica.take() {
            replica.close();
        }
    }
}

impl Content {
    fn covered(&self) -> &Cities {
        &self.meta.covered
    }

    fn at(&self) -> ReadAt {
        self.meta.generation
    }

    /// Hubs in display order.
    async fn hubs(&self) -> Option<Rc<Vec<Hub>>> {
        self.read(|r| &mut r.hubs, HUBS, crate::domain::hub::sort_for_display).await
    }

    async fn activities(&self) -> Option<Rc<Vec<Activity>>> {
        self.read(|r| &mut r.activities, ACTIVITIES, |_| ()).await
    }

    async fn places(&self) -> Option<Rc<Vec<Places>>> {
        self.read(|r| &mut r.places, PLACES, |_| ()).await
    }

    async fn services(&self) -> Option<Rc<Vec<Service>>> {
        self.read(|r| &mut r.services, SERVICES, |_| ()).await
    }

    async fn taxonomy(&self) -> Option<Rc<Vec<TaxonomyTerm>>> {
        self.read(|r| &mut r.taxonomy, TAXONOMY, |_| ()).await
    }

    /// The kiosks' guides by topic, then title.
    async fn help_guides(&self) -> Option<Rc<Vec<HelpGuide>>> {
        self.read(
            |r| &mut r.help_guides,
            HELP_GUIDES,
            |g: &mut [HelpGuide]| g.sort_by(|a, b| (a.topic, &a.title.it).cmp(&(b.topic, &b.title.it))),
        )
        .await
    }

    /// What the calendar pages need: hubs, activities and their counts of places.
    async fn calendar(&self) -> Option<(Rc<Vec<Hub>>, Rc<Vec<Activity>>, Rc<Vec<Places>>)> {
        Some((self.hubs().await?, self.activities().await?, self.places().await?))
    }

    /// The services guide, built once per state of the replica.
    async fn guide(&self) -> Option<Rc<Guide>> {
        if let Some(kept) = self.kept(|r| &mut r.guide) {
            return Some(kept);
        }
        let (services, taxonomy) = (self.services().await?, self.taxonomy().await?);
        let built = Rc::new(Guide::new(services.to_vec(), taxonomy.to_vec()));
        self.keep(|r| &mut r.guide, built.clone());
        Some(built)
    }

    /// What is kept in `slot`, if read at this page's state of the replica.
    fn kept<T>(&self, slot: fn(&mut Read) -> &mut Kept<T>) -> Option<Rc<T>> {
        READ.with_borrow_mut(|r| slot(r).as_ref().filter(|(at, _)| *at == self.at()).map(|(_, kept)| kept.clone()))
    }

    /// Keeps `value` in `slot` as read at this page's state of the replica, unless word came
    /// meanwhile that the replica moved.
    fn keep<T>(&self, slot: fn(&mut Read) -> &mut Kept<T>, value: Rc<T>) {
        if moves::heard() == self.heard {
            READ.with_borrow_mut(|r| *slot(r) = Some((self.at(), value)));
        }
    }

    /// `store`'s documents, as kept if the replica has not moved since. An unreadable
    /// replica is emptied, so the next sync rebuilds it instead of the page breaking.
    async fn read<T: DeserializeOwned + 'static>(
        &self,
        slot: fn(&mut Read) -> &mut Kept<Vec<T>>,
        store: &str,
        prepare: fn(&mut [T]),
    ) -> Option<Rc<Vec<T>>> {
        if let Some(docs) = self.kept(slot) {
            return Some(docs);
        }
        if self.replica.get().is_none() {
            // `meta` was kept from an earlier page: open the database now. Emptied since
            // (the browser cleared the site's storage), it answers nothing; elsewhere than
            // kept, word of a move did not reach this tab (see `moves`).
            let (replica, meta) = Replica::open_to_read().await.ok()?;
            if meta.generation != self.at() {
                moves::missed();
            }
            let synced = meta.last_synced_ms.is_some();
            if let Err(unused) = self.replica.set(replica) {
                unused.close();
            }
            if !synced {
                return None;
            }
        }
        let replica = self.replica.get()?;
        match replica.load::<T>(store).await {
            Ok(mut docs) => {
                prepare(&mut docs);
                let docs = Rc::new(docs);
                self.keep(slot, docs.clone());
                Some(docs)
            }
            Err(_) => {
                let _ = replica.reset().await;
                None
            }
        }
    }
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
    match (city.map(str::trim).filter(|c| !c.is_empty()), c.covered()) {
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
    match (c.covered(), full) {
        (Cities::Only(kept), Some(false)) => Some(kept.clone()),
        _ => None,
    }
}

/// What `content` offers in the place filters: every city the deployment has, when the
/// replica keeps only some and has heard of them all.
fn directory(c: &Content) -> Option<&Directory> {
    matches!(c.covered(), Cities::Only(_)).then_some(c.meta.directory.as_ref()).flatten()
}

/// The replica, if it has completed a sync.
async fn content() -> Option<Content> {
    let heard = moves::heard();
    let (replica, meta) = match READ.with_borrow(|r| r.meta.clone()) {
        Some(meta) => (None, meta),
        None => {
            let (replica, meta) = Replica::open_to_read().await.ok()?;
            let meta = Rc::new(meta);
            if moves::heard() == heard && moves::can_keep() {
                READ.with_borrow_mut(|r| r.meta = Some(meta.clone()));
            }
            (Some(replica), meta)
        }
    };
    let content = Content { replica: replica.map(OnceCell::from).unwrap_or_default(), meta, heard };
    content.meta.last_synced_ms.map(|_| content)
}

/// Drops what was read: the replica moved (see [`super::moves`]), or a change was written
/// on the device without a sync, which the next page must see.
pub(super) fn forget_read() {
    READ.take();
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
    if reach.is_none() {
        return Local::Missing;
    }
    let Some((hubs, activities, places)) = c.calendar().await else { return Local::Missing };
    answer(reach, || {
        let mut view = home_view(&hubs, &activities, &places, city, district, now());
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
    let Some((hubs, activities, places)) = c.calendar().await else { return Local::Missing };
    // A hub's agenda is complete when the hub is here and its city complete.
    let reach = match filter.hub {
        Some(id) if filter.city.is_none() => hubs.iter().any(|h| h.id == id && c.covered().holds(&h.city)).then_some(true),
        _ => reach(&c, filter.city.as_deref()),
    };
    answer(reach, || {
        let mut view = agenda_view(&hubs, &activities, &places, &filter, from, today, page);
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
    let Some((hubs, activities, places)) = c.calendar().await else { return Local::Missing };
    let Some(hub) = hubs.iter().find(|h| h.id == id).filter(|h| c.covered().holds(&h.city)) else { return Local::Missing };
    let activities = activities.iter().filter(|a| a.hub_id == id).cloned().collect();
    Local::Full(Ok(hub_view(hub.clone(), activities, &places, from, now)))
}

pub async fn activity(id: String) -> Local<Result<ActivityPageView, AppError>> {
    let Ok(id) = id.parse::<crate::domain::ids::ActivityId>() else { return Local::Missing };
    let Some(c) = content().await else { return Local::Missing };
    let Some((hubs, activities, places)) = c.calendar().await else { return Local::Missing };
    let Some(activity) = activities.iter().find(|a| a.id == id) else { return Local::Missing };
    let Some(hub) = hubs.iter().find(|h| h.id == activity.hub_id).filter(|h| c.covered().holds(&h.city)) else { return Local::Missing };
    let places = places.iter().find(|p| p.activity_id == id);
    Local::Full(Ok(activity_view(activity.clone(), hub, places, now())))
}

/// A hub and its activities, as the desk draws them (it has no server version: the
/// schedule is public content every device keeps for its places).
pub async fn hub_schedule(id: crate::domain::ids::HubId) -> Option<(Hub, Vec<Activity>)> {
    let c = content().await?;
    let (hubs, activities) = (c.hubs().await?, c.activities().await?);
    let hub = hubs.iter().find(|h| h.id == id).filter(|h| c.covered().holds(&h.city))?;
    Some((hub.clone(), activities.iter().filter(|a| a.hub_id == id).cloned().collect()))
}

/// The guides a hub's kiosk offers, by topic then title; `None` before the first sync.
pub async fn help_guides(hub: crate::domain::ids::HubId) -> Option<Vec<HelpGuide>> {
    let guides = content().await?.help_guides().await?;
    Some(guides.iter().filter(|g| g.offered_at(hub)).cloned().collect())
}

/// Readies the services search before the first letter is typed. On a navigation to the
/// guide, fetches the search's code while the page's own code is fetched: one after the
/// other, they made the first search of a visit about half again as slow to appear. When
/// the guide is the page the visit opened, hydrating it does not need that code (the page
/// shows what the server sent), so once the page is idle the search is run once, unseen:
/// its code comes from the service worker and the guide is built from the replica, which
/// the first letter typed otherwise waited for (about 200 ms with the CPU slowed 4x). Not
/// on a first visit: there is no replica yet, and the worker is still downloading.
pub fn warm_services() {
    let hydrated = leptos::prelude::document().document_element().is_some_and(|root| root.has_attribute("data-hydrated"));
    if hydrated {
        // `#[lazy]` makes this loader beside `services` (what `lazy_preload!` calls).
        leptos::task::spawn_local(__preload_services());
    } else if super::engine::service_worker_ready() {
        super::engine::when_idle(|| leptos::task::spawn_local(async { drop(services(None, None, None, None, None).await) }));
    }
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
    let Some(guide) = c.guide().await else { return Local::Missing };
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
    let Some(services) = c.services().await else { return Local::Missing };
    let Some(service) = services.iter().find(|s| s.id == id).filter(|s| c.covered().holds(&s.city)) else { return Local::Missing };
    let (Some(taxonomy), Some(hubs)) = (c.taxonomy().await, c.hubs().await) else { return Local::Missing };
    Local::Full(Ok(service_view(service.clone(), &taxonomy, &hubs)))
}
