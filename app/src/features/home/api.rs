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
    pub hubs: Vec<HubCard>,
    pub today: AgendaDay,
    /// The six days after today.
    pub week: Vec<AgendaDay>,
}

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
    let today = days.remove(0);
    let hubs = all_hubs
        .iter()
        .filter(|h| city.as_deref().is_none_or(|c| h.city.eq_ignore_ascii_case(c)))
        .filter(|h| district.as_deref().is_none_or(|d| h.district.eq_ignore_ascii_case(d)))
        .map(|h| HubCard::of(h, now))
        .collect();
    Ok(HomeView { places, city, district, hubs, today, week: days })
}

/// A fingerprint of what the page shows (FNV-1a over its JSON): the server sends it with its
/// first screen, and the browser compares it with a page it rebuilt after a sync, to redraw
/// only when something changed. Not a security measure: a collision only skips a redraw
/// until the next change.
pub fn fingerprint(view: &HomeView) -> u64 {
    let json = serde_json::to_string(view).unwrap_or_default();
    json.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

#[server(endpoint = "home", input = GetUrl, output = crate::codec::Json)]
pub async fn get_home(city: Option<String>, district: Option<String>) -> Result<HomeView, AppError> {
    use crate::store::{ActivityScope, use_store};
    let store = use_store()?;
    let hubs = store.hubs(None).await?;
    let scope = crate::features::non_empty(city.clone()).map(ActivityScope::City).unwrap_or(ActivityScope::All);
    let activities = store.activities(scope).await?;
    let places = store.places(&crate::features::registration_ids(&activities)).await?;
    home_view(&hubs, &activities, &places, city, district, crate::domain::time::now_local())
}
