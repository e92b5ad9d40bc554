//! The activity page's server function.

use crate::domain::activity::Activity;
use crate::domain::hub::Hub;
use crate::domain::places::{Availability, Places};
use crate::domain::text::Text;
use crate::error::AppError;
use crate::features::hubs::api::HubCard;
use jiff::civil::DateTime;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// A coming session of the activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NextSession {
    pub start: DateTime,
    pub end: DateTime,
    pub cancelled: Option<crate::domain::hours::Closure>,
    /// Places for a newcomer, when the activity takes registrations.
    pub places: Option<Availability>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityPageView {
    pub activity: Activity,
    pub hub: HubCard,
    pub next: Vec<NextSession>,
    /// The recurrence in words, when it repeats ("Every Monday and Wednesday").
    pub rule_text: Option<Text>,
}

/// Sessions listed on the activity page.
const NEXT_SESSIONS: usize = 8;

/// The activity page from content already loaded.
pub fn activity_view(activity: Activity, hub: &Hub, places: Option<&Places>, now: DateTime) -> ActivityPageView {
    use crate::domain::places::PlacesIndex;
    use crate::features::agenda::model::closure_reason;
    let places = PlacesIndex::new(places.map(std::slice::from_ref).unwrap_or_default());
    let next = activity
        .upcoming(now, NEXT_SESSIONS)
        .into_iter()
        .map(|o| NextSession {
            cancelled: closure_reason(&hub.hours.on(o.start.date())),
            places: places.availability(&activity, o.start),
            start: o.start,
            end: o.end,
        })
        .collect();
    ActivityPageView {
        rule_text: activity.schedule.rule.as_ref().map(crate::i18n::describe_rule),
        hub: HubCard::of(hub, now),
        activity,
        next,
    }
}

#[server(endpoint = "activity", input = GetUrl, output = crate::codec::Json)]
pub async fn get_activity_page(id: String) -> Result<ActivityPageView, AppError> {
    use crate::domain::ids::ActivityId;
    use crate::store::use_store;
    let id: ActivityId = id.parse().map_err(|_| AppError::NotFound)?;
    let store = use_store()?;
    let activity = store.activity(id).await?;
    let hub = store.hub(activity.hub_id).await?;
    let places = store.places(&[id]).await?;
    Ok(activity_view(activity, &hub, places.first(), crate::domain::time::now_local()))
}
