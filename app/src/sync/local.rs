//! Pages built from the device's replica (browser only): the same pure builders the
//! server functions use, fed from IndexedDB. Each returns `None` when the replica cannot
//! answer (never synced, or the document is not there yet), and the page then asks the
//! server; invalid input gets the same error the server would give.
//!
//! None is in the first download: each is called from a page that is a wasm chunk of its
//! own (the home page's from its browser-built half), and its code goes with that chunk.
//! Only the services search is `#[lazy]` besides: its index and text folding are the
//! biggest, and a page hydrates without them. Making every builder lazy had split the
//! pages into twice as many pieces (80 for the hub page, now 40), which made a repeat visit
//! offline half again as slow (measured 2026-12-02: 335 against 219 ms).

use super::replica::{ACTIVITIES, HUBS, PLACES, Replica, SERVICES, TAXONOMY};
use crate::content::ChangeSeq;
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

/// Everything the replica holds, hubs in display order.
struct Content {
    hubs: Vec<Hub>,
    activities: Vec<Activity>,
    services: Vec<Service>,
    taxonomy: Vec<TaxonomyTerm>,
    places: Vec<Places>,
}

thread_local! {
    /// The content last read, with the cursor it was read at. The cursor moves in the same
    /// transaction as any change to the content (a sync in this tab or another), so while it
    /// stays, a navigation reads only the cursor instead of the whole replica.
    static READ: RefCell<Option<(ChangeSeq, Rc<Content>)>> = const { RefCell::new(None) };
    /// The services guide built from that content, and its cursor.
    static GUIDE: RefCell<Option<(ChangeSeq, Rc<Guide>)>> = const { RefCell::new(None) };
}

/// The replica's content, if it has completed a sync. An unreadable replica is emptied,
/// so the next sync rebuilds it instead of the page breaking.
async fn content() -> Option<Rc<Content>> {
    let replica = Replica::open().await.ok()?;
    let meta = replica.meta().await.ok();
    let loaded = match meta {
        Some(meta) if meta.last_synced_ms.is_some() => cached(meta.cursor, &replica).await,
        _ => None,
    };
    replica.close();
    loaded
}

async fn cached(cursor: ChangeSeq, replica: &Replica) -> Option<Rc<Content>> {
    if let Some(kept) = READ.with_borrow(|r| r.as_ref().filter(|(at, _)| *at == cursor).map(|(_, c)| c.clone())) {
        return Some(kept);
    }
    let mut content = read_content(replica).await?;
    crate::domain::hub::sort_for_display(&mut content.hubs);
    let content = Rc::new(content);
    READ.set(Some((cursor, content.clone())));
    Some(content)
}

/// Drops what was read: a change written on the device without a sync (which moves no
/// cursor) must be seen by the next page.
pub(super) fn forget_read() {
    READ.set(None);
    GUIDE.set(None);
}

/// The cursor the content in hand was read at.
fn read_at() -> Option<ChangeSeq> {
    READ.with_borrow(|r| r.as_ref().map(|(at, _)| *at))
}

async fn read_content(replica: &Replica) -> Option<Content> {
    let loaded = async {
        Ok::<_, super::replica::ReplicaError>(Content {
            hubs: replica.load(HUBS).await?,
            activities: replica.load(ACTIVITIES).await?,
            services: replica.load(SERVICES).await?,
            taxonomy: replica.load(TAXONOMY).await?,
            places: replica.load(PLACES).await?,
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

pub async fn home(city: Option<String>, district: Option<String>) -> Option<Result<HomeView, AppError>> {
    let c = content().await?;
    Some(home_view(&c.hubs, &c.activities, &c.places, city, district, now()))
}

pub async fn agenda(
    from: Option<String>,
    city: Option<String>,
    district: Option<String>,
    hub: Option<String>,
    category: Option<String>,
    audience: Option<String>,
    page: Option<String>,
) -> Option<Result<AgendaView, AppError>> {
    let (filter, page) =
        match agenda_filter(city, district, hub, category, audience).and_then(|f| Ok((f, parse_page_param(page.as_deref())?))) {
            Ok(found) => found,
            Err(e) => return Some(Err(e)),
        };
    let today = now().date();
    let from = match parse_from_param(from, today) {
        Ok(d) => d.unwrap_or(today),
        Err(e) => return Some(Err(e)),
    };
    let c = content().await?;
    Some(Ok(agenda_view(&c.hubs, &c.activities, &c.places, &filter, from, today, page)))
}

pub async fn hub(id: String, from: Option<String>) -> Option<Result<HubPageView, AppError>> {
    let now = now();
    let from = match parse_from_param(from, now.date()) {
        Ok(d) => d,
        Err(e) => return Some(Err(e)),
    };
    let id: crate::domain::ids::HubId = id.parse().ok()?;
    let c = content().await?;
    let hub = c.hubs.iter().find(|h| h.id == id)?.clone();
    let activities = c.activities.iter().filter(|a| a.hub_id == id).cloned().collect();
    Some(Ok(hub_view(hub, activities, &c.places, from, now)))
}

pub async fn activity(id: String) -> Option<Result<ActivityPageView, AppError>> {
    let id: crate::domain::ids::ActivityId = id.parse().ok()?;
    let c = content().await?;
    let activity = c.activities.iter().find(|a| a.id == id)?.clone();
    let hub = c.hubs.iter().find(|h| h.id == activity.hub_id)?;
    let places = c.places.iter().find(|p| p.activity_id == id);
    Some(Ok(activity_view(activity, hub, places, now())))
}

#[leptos::lazy]
pub async fn services(
    q: Option<String>,
    category: Option<String>,
    group: Option<String>,
    city: Option<String>,
    page: Option<String>,
) -> Option<Result<ServiceSearchView, AppError>> {
    let (query, page) = match service_query(q, category, group, city).and_then(|q| Ok((q, parse_page_param(page.as_deref())?))) {
        Ok(found) => found,
        Err(e) => return Some(Err(e)),
    };
    let c = content().await?;
    let at = read_at();
    let guide = match GUIDE.with_borrow(|g| g.as_ref().filter(|(kept, _)| Some(*kept) == at).map(|(_, g)| g.clone())) {
        Some(kept) => kept,
        None => {
            let built = Rc::new(Guide::new(c.services.clone(), c.taxonomy.clone()));
            if let Some(at) = at {
                GUIDE.set(Some((at, built.clone())));
            }
            built
        }
    };
    Some(search_view(&guide, query, page))
}

pub async fn service(id: String) -> Option<Result<ServicePageView, AppError>> {
    let id: crate::domain::ids::ServiceId = id.parse().ok()?;
    let c = content().await?;
    let service = c.services.iter().find(|s| s.id == id)?.clone();
    Some(Ok(service_view(service, &c.taxonomy, &c.hubs)))
}
