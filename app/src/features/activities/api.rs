//! The activity page's server function.

use crate::domain::activity::Activity;
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
    pub cancelled: Option<Text>,
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
#[cfg(feature = "ssr")]
const NEXT_SESSIONS: usize = 8;

#[server(endpoint = "activity", input = GetUrl)]
pub async fn get_activity_page(id: String) -> Result<ActivityPageView, AppError> {
    use crate::domain::ids::ActivityId;
    use crate::domain::time::now_local;
    use crate::features::agenda::model::closure_reason;
    use crate::store::use_store;
    let id: ActivityId = id.parse().map_err(|_| AppError::NotFound)?;
    let store = use_store()?;
    let activity = store.activity(id).await?;
    let hub = store.hub(activity.hub_id).await?;
    let now = now_local();
    let next = activity
        .upcoming(now, NEXT_SESSIONS)
        .into_iter()
        .map(|o| NextSession { cancelled: closure_reason(&hub.hours.on(o.start.date())), start: o.start, end: o.end })
        .collect();
    Ok(ActivityPageView {
        rule_text: activity.schedule.rule.as_ref().map(crate::domain::describe::describe_rule),
        hub: HubCard::of(&hub, now),
        activity,
        next,
    })
}
