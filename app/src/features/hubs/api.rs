//! Hub view types and the hub page's server function.

use crate::domain::activity::Activity;
use crate::domain::hours::{DayHours, OpenNow};
use crate::domain::hub::{Hub, HubKind};
use crate::domain::ids::{ActivityId, HubId};
use crate::domain::places::Places;
use crate::domain::text::Text;
use crate::error::AppError;
use crate::features::agenda::model::AgendaDay;
use jiff::civil::{Date, DateTime};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// A hub in a list: enough to choose it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HubCard {
    pub id: HubId,
    pub kind: HubKind,
    pub name: Text,
    pub city: String,
    pub district: String,
    pub address: String,
    pub open_now: OpenNow,
}

impl HubCard {
    pub fn of(hub: &Hub, now: DateTime) -> HubCard {
        HubCard {
            id: hub.id,
            kind: hub.kind,
            name: hub.name.clone(),
            city: hub.city.clone(),
            district: hub.district.clone(),
            address: hub.address.clone(),
            open_now: hub.hours.open_now(now),
        }
    }
}

/// An activity in a hub's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityLink {
    pub id: ActivityId,
    pub title: Text,
    pub category: crate::domain::activity::ActivityCategory,
}

/// Everything the hub page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HubPageView {
    pub hub: Hub,
    pub today: Date,
    /// The first of the seven days shown (today unless the reader paged).
    pub from: Date,
    pub week_hours: Vec<(Date, DayHours)>,
    pub open_now: OpenNow,
    pub week: Vec<AgendaDay>,
    pub activities: Vec<ActivityLink>,
}

/// The hub page from content already loaded: seven days from `from` (default today).
pub fn hub_view(hub: Hub, mut activities: Vec<Activity>, places: &[Places], from: Option<Date>, now: DateTime) -> HubPageView {
    use crate::features::agenda::model::{AgendaFilter, build_agenda};
    activities.retain(|a| a.hub_id == hub.id);
    activities.sort_by(|a, b| a.title.it.cmp(&b.title.it));
    let today = now.date();
    let start = from.unwrap_or(today);
    let filter = AgendaFilter { hub: Some(hub.id), ..Default::default() };
    HubPageView {
        week: build_agenda(std::slice::from_ref(&hub), &activities, places, &filter, start, 7),
        week_hours: hub.hours.week(start),
        open_now: hub.hours.open_now(now),
        activities: activities.iter().map(|a| ActivityLink { id: a.id, title: a.title.clone(), category: a.category }).collect(),
        hub,
        today,
        from: start,
    }
}

/// The hub page for seven days from `from` (default: today).
#[server(endpoint = "hub", input = GetUrl, output = crate::codec::Json)]
pub async fn get_hub_page(id: String, from: Option<String>) -> Result<HubPageView, AppError> {
    use crate::store::{ActivityScope, use_store};
    let id: HubId = id.parse().map_err(|_| AppError::NotFound)?;
    let now = crate::domain::time::now_local();
    let from = crate::features::parse_from_param(from, now.date())?;
    let store = use_store()?;
    let hub = store.hub(id).await?;
    let activities = store.activities(ActivityScope::Hub(id)).await?;
    let places = store.places(&crate::features::registration_ids(&activities)).await?;
    Ok(hub_view(hub, activities, &places, from, now))
}
