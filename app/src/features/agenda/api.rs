//! Agenda server function and the place index its filters offer.

use super::model::{AgendaDay, AgendaFilter};
use crate::domain::activity::{Activity, ActivityCategory};
use crate::domain::audience::TargetGroup;
use crate::domain::hub::Hub;
use crate::domain::ids::HubId;
use crate::domain::paging::Page;
use crate::domain::places::Places;
use crate::error::{AppError, Reason};
use jiff::civil::Date;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

pub use crate::domain::hub::{CityDistricts, place_index};

/// What the agenda page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaView {
    pub from: Date,
    pub today: Date,
    /// This page of the week's sessions, in their days, and how many there are in all.
    pub days: Page<AgendaDay>,
    pub places: Vec<CityDistricts>,
    pub hub_name: Option<crate::domain::text::Text>,
    /// Set by a device that keeps only these cities, answering a page of every city offline:
    /// what it shows is theirs only, and the page says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_kept: Option<Vec<String>>,
}

/// How many days one agenda page covers.
pub const AGENDA_DAYS: u8 = 7;

/// Parses the agenda's query values into a filter, refusing unknown codes.
pub fn agenda_filter(
    city: Option<String>,
    district: Option<String>,
    hub: Option<String>,
    category: Option<String>,
    audience: Option<String>,
) -> Result<AgendaFilter, AppError> {
    use super::super::non_empty;
    let hub = match non_empty(hub) {
        None => None,
        Some(h) => Some(h.parse::<HubId>().map_err(|_| AppError::bad_param("hub", Reason::NotANumber, &h))?),
    };
    let category = match non_empty(category) {
        None => None,
        Some(c) => Some(ActivityCategory::from_code(&c).ok_or_else(|| AppError::bad_param("category", Reason::Unknown, &c))?),
    };
    let audience = match non_empty(audience) {
        None => None,
        Some(a) => Some(TargetGroup::from_code(&a).ok_or_else(|| AppError::bad_param("audience", Reason::Unknown, &a))?),
    };
    Ok(AgendaFilter { city: non_empty(city), district: non_empty(district), hub, category, audience })
}

/// The agenda page from content already loaded.
pub fn agenda_view(
    hubs: &[Hub],
    activities: &[Activity],
    places: &[Places],
    filter: &AgendaFilter,
    from: Date,
    today: Date,
    page: u32,
) -> AgendaView {
    let week = super::model::build_agenda(hubs, activities, places, filter, from, AGENDA_DAYS);
    AgendaView {
        days: super::model::page_days(week, page),
        places: place_index(hubs),
        hub_name: filter.hub.and_then(|id| hubs.iter().find(|h| h.id == id)).map(|h| h.name.clone()),
        from,
        today,
        only_kept: None,
    }
}

/// The agenda for a week from `from` (default today), filtered.
#[server(endpoint = "agenda", input = GetUrl, output = crate::codec::Json)]
pub async fn get_agenda(
    from: Option<String>,
    city: Option<String>,
    district: Option<String>,
    hub: Option<String>,
    category: Option<String>,
    audience: Option<String>,
    page: Option<String>,
) -> Result<AgendaView, AppError> {
    use crate::store::use_store;
    let store = use_store()?;
    let filter = agenda_filter(city, district, hub, category, audience)?;
    let page = crate::features::parse_page_param(page.as_deref())?;
    let today = crate::domain::time::today();
    let from = super::super::parse_from_param(from, today)?.unwrap_or(today);
    let calendar = store.calendar().await?;
    let (hubs, activities) = (&calendar.hubs, &calendar.activities);
    let places = store.places(&super::model::registration_ids_in(hubs, activities, &filter)).await?;
    Ok(agenda_view(hubs, activities, &places, &filter, from, today, page))
}
