//! The home page's server function.

use crate::domain::activity::Activity;
use crate::domain::hub::Hub;
use crate::domain::places::Places;
use crate::error::AppError;
use crate::features::agenda::api::CityDistricts;
use crate::features::agenda::model::AgendaDay;
use crate::features::hubs::api::HubCard;
use jiff::civil::DateTime;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// What the home page shows for the chosen place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeView {
    pub places: Vec<CityDistricts>,
    pub city: Option<String>,
    pub district: Option<String>,
    /// The first [`HOME_LIST`] hubs of the place, and how many it has.
    pub hubs: Vec<HubCard>,
    pub hubs_total: usize,
    /// Today's first [`HOME_LIST`] sessions, and how many there are today.
    pub today: AgendaDay,
    pub today_total: usize,
    /// The first [`HOME_LIST`] sessions of the six days after today, and how many there are.
    pub week: Vec<AgendaDay>,
    pub week_total: usize,
    /// Set by a device that keeps only these cities, answering a page of every city offline:
    /// what it shows is theirs only, and the page says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_kept: Option<Vec<String>>,
}

/// How much of each list the home page shows: a summary, not the list. A place with more
/// says how many and links to where they all are (the agenda, paged), so a deployment with
/// forty cities does not send every hub and session of all of them to a phone.
pub const HOME_LIST: usize = crate::domain::paging::PAGE_SIZE;

/// The home page for a place, from content already loaded (server store or device
/// replica alike).
pub fn home_view(
    all_hubs: &[Hub],
    activities: &[Activity],
    counts: &[Places],
    city: Option<String>,
    district: Option<String>,
    now: DateTime,
) -> Result<HomeView, AppError> {
    use crate::features::agenda::api::place_index;
    use crate::features::agenda::model::{AgendaFilter, build_agenda};
    use crate::features::non_empty;
    let (city, district) = (non_empty(city), non_empty(district));
    let places = place_index(all_hubs);
    if let Some(c) = &city
        && !places.iter().any(|p| p.city.eq_ignore_ascii_case(c))
    {
        return Err(AppError::bad_param("city", crate::error::Reason::Unknown, c));
    }
    let filter = AgendaFilter { city: city.clone(), district: district.clone(), ..Default::default() };
    let mut days = build_agenda(all_hubs, activities, counts, &filter, now.date(), 7);
    let mut today = days.remove(0);
    let today_total = today.items.len();
    today.items.truncate(HOME_LIST);
    let (week, week_total) = crate::features::agenda::model::first_sessions(days, HOME_LIST);
    let here: Vec<&Hub> = all_hubs
        .iter()
        .filter(|h| city.as_deref().is_none_or(|c| h.city.eq_ignore_ascii_case(c)))
        .filter(|h| district.as_deref().is_none_or(|d| h.district.eq_ignore_ascii_case(d)))
        .collect();
    let hubs = here.iter().take(HOME_LIST).map(|h| HubCard::of(h, now)).collect();
    Ok(HomeView { places, city, district, hubs, hubs_total: here.len(), today, today_total, week, week_total, only_kept: None })
}

/// A fingerprint of what the page shows: the server sends it with its first screen, and the
/// browser compares it with a page it rebuilt after a sync, to redraw only when something
/// changed.
pub fn fingerprint(view: &HomeView) -> u64 {
    crate::codec::fingerprint(view)
}

#[server(endpoint = "home", input = GetUrl, output = crate::codec::Json)]
pub async fn get_home(city: Option<String>, district: Option<String>) -> Result<HomeView, AppError> {
    use crate::store::use_store;
    let store = use_store()?;
    let calendar = store.calendar().await?;
    let filter = crate::features::agenda::model::AgendaFilter {
        city: crate::features::non_empty(city.clone()),
        district: crate::features::non_empty(district.clone()),
        ..Default::default()
    };
    let places = store.places(&crate::features::agenda::model::registration_ids_in(&calendar.hubs, &calendar.activities, &filter)).await?;
    home_view(&calendar.hubs, &calendar.activities, &places, city, district, crate::domain::time::now_local())
}
