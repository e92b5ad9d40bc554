//! A coordinator's tools for one hub: the "to contact" list of sessions that changed after
//! people registered, erasing one person's data on request (GDPR Art. 17), and the
//! attendance report by month (on screen, and as CSV from `/api/staff/attendance.csv`).
//! For the hub's coordinators and administrators only (403 for anyone else, volunteers
//! included); like every staff function, under `/api/staff/`, which nothing caches.

use super::api::HubLabel;
use super::attendance::{Month, SessionAttendance};
use super::desk::DeskRegistration;
use crate::domain::activity::OccurrenceId;
use crate::domain::ids::HubId;
use crate::domain::mutation_id::MutationId;
use crate::domain::session_fate::SessionFate;
use crate::domain::text::Text;
use crate::error::AppError;
use jiff::civil::DateTime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A session that no longer happens as booked, and who holds a place at it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToContact {
    pub session: OccurrenceId,
    pub title: Text,
    #[serde(with = "crate::domain::wire::datetime")]
    pub start: DateTime,
    pub fate: SessionFate,
    /// Confirmed and waiting, in arrival order, with the contacts they agreed to give.
    pub people: Vec<DeskRegistration>,
}

/// A registration that matched a search for a person, with its session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Found {
    pub registration: DeskRegistration,
    pub title: Text,
    #[serde(with = "crate::domain::wire::datetime")]
    pub start: DateTime,
    /// Its session has started: erasing keeps the place in the counts.
    pub past: bool,
}

/// What an erasure did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erased {
    /// Registrations whose name and contact are gone.
    pub erased: u32,
    /// Of those, the ones for sessions still to come, cancelled (their places freed).
    pub cancelled: u32,
}

/// A hub's attendance over a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attendance {
    pub hub: HubLabel,
    pub month: Month,
    pub sessions: Vec<SessionAttendance>,
}

/// The shortest search for a person, so that one letter does not list everybody.
pub const FIND_MIN: usize = 2;
/// The most registrations erased in one request.
pub const ERASE_MAX: usize = 200;

/// The hub's sessions from today on that were moved, cancelled or called off after people
/// registered, soonest first, with the people to tell.
#[server(endpoint = "staff/to_contact", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_to_contact(hub: HubId) -> Result<Vec<ToContact>, AppError> {
    super::auth::coordinator_at(hub).await?;
    server::to_contact(&super::auth::store()?, hub).await
}

/// The hub's registrations still holding personal data whose name or contact contains
/// `query` (ignoring case and accents), soonest session first.
#[server(endpoint = "staff/find_person", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_find_person(hub: HubId, query: String) -> Result<Vec<Found>, AppError> {
    super::auth::coordinator_at(hub).await?;
    server::find(&super::auth::store()?, hub, &query).await
}

/// Erases the name and contact of these registrations of the hub, at the person's request:
/// those for sessions to come are cancelled (places freed, the waiting list moves up), as
/// a desk's cancel would; those past keep their place in the counts. Any id that is not
/// one of the hub's registrations with personal data refuses the whole request (404).
#[server(endpoint = "staff/erase", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_erase(hub: HubId, registrations: Vec<MutationId>) -> Result<Erased, AppError> {
    let caller = super::auth::coordinator_at(hub).await?;
    server::erase(&super::auth::store()?, &caller, hub, registrations).await
}

/// The hub's attendance in `month` (`2026-12`).
#[server(endpoint = "staff/attendance", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_attendance(hub: HubId, month: String) -> Result<Attendance, AppError> {
    super::auth::coordinator_at(hub).await?;
    let month = Month::parse(&month).map_err(AppError::BadRequest)?;
    server::attendance(&super::auth::store()?, hub, month).await
}

#[cfg(feature = "ssr")]
pub mod server {
    //! The rules behind each function, once the caller is known to coordinate the hub.

    use super::*;
    use crate::domain::activity::Activity;
    use crate::domain::hub::Hub;
    use crate::domain::mutation::{DeskCancel, Mutation};
    use crate::domain::search::fold;
    use crate::domain::session_fate::fate;
    use crate::domain::staff::Account;
    use crate::domain::text::Lang;
    use crate::domain::time::{add_days, now_local};
    use crate::error::{FieldError, Reason};
    use crate::store::{Pushed, SharedStore};
    use crate::sync::push::server::digest;
    use jiff::civil::{Time, date};
    use std::collections::{BTreeMap, HashMap};

    /// The hub and its live activities; 404 for a hub that does not exist.
    async fn hub_and_activities(store: &SharedStore, hub: HubId) -> Result<(Hub, Vec<Activity>), AppError> {
        let calendar = store.calendar().await?;
        let found = calendar.hubs.iter().find(|h| h.id == hub).cloned().ok_or(AppError::NotFound)?;
        Ok((found, calendar.activities.iter().filter(|a| a.hub_id == hub).cloned().collect()))
    }

    /// Every live registration of the hub's activities still holding a name or a contact,
    /// contacts included: all the personal data the hub keeps (a cancelled or refused
    /// registration loses it at once, the others some days after their session).
    async fn personal(store: &SharedStore, activities: &[Activity]) -> Result<Vec<DeskRegistration>, AppError> {
        let ids: Vec<_> = activities.iter().map(|a| a.id).collect();
        let (from, to) = (date(2000, 1, 1).at(0, 0, 0, 0), date(9999, 1, 1).at(0, 0, 0, 0));
        let (rows, _) = store.desk_rows(&ids, from, to, true).await?;
        Ok(rows.into_iter().filter(|r| r.name.is_some() || r.contact.is_some()).collect())
    }

    fn session_of(r: &DeskRegistration) -> Option<OccurrenceId> {
        r.session.parse().ok()
    }

    pub async fn to_contact(store: &SharedStore, hub: HubId) -> Result<Vec<ToContact>, AppError> {
        let (hub, activities) = hub_and_activities(store, hub).await?;
        let by_id: HashMap<_, _> = activities.iter().map(|a| (a.id, a)).collect();
        let today = now_local().date().to_datetime(Time::midnight());
        let mut sessions: BTreeMap<OccurrenceId, ToContact> = BTreeMap::new();
        for r in personal(store, &activities).await? {
            let Some(session) = session_of(&r).filter(|s| s.start >= today) else { continue };
            let activity = by_id.get(&session.activity).copied();
            let fate = fate(session, activity, Some(&hub));
            if fate.is_held() {
                continue;
            }
            let title = activity.map(|a| a.title.clone()).unwrap_or_default();
            sessions
                .entry(session)
                .or_insert_with(|| ToContact { session, title, start: session.start, fate, people: Vec::new() })
                .people
                .push(r);
        }
        Ok(sessions.into_values().collect())
    }

    pub async fn find(store: &SharedStore, hub: HubId, query: &str) -> Result<Vec<Found>, AppError> {
        let wanted = fold(query.trim());
        if wanted.chars().count() < FIND_MIN {
            return Err(AppError::Invalid(vec![FieldError::new("query", Reason::TooShort).with_value(query)]));
        }
        let (_, activities) = hub_and_activities(store, hub).await?;
        let titles: HashMap<_, _> = activities.iter().map(|a| (a.id, a.title.clone())).collect();
        let now = now_local();
        let matches = |r: &DeskRegistration| [&r.name, &r.contact].into_iter().flatten().any(|v| fold(v).contains(&wanted));
        Ok(personal(store, &activities)
            .await?
            .into_iter()
            .filter(matches)
            .filter_map(|r| {
                let session = session_of(&r)?;
                let title = titles.get(&session.activity).cloned().unwrap_or_default();
                Some(Found { registration: r, title, start: session.start, past: session.start <= now })
            })
            .collect())
    }

    pub async fn erase(store: &SharedStore, caller: &Account, hub: HubId, mut ids: Vec<MutationId>) -> Result<Erased, AppError> {
        ids.sort();
        ids.dedup();
        if ids.is_empty() {
            return Err(AppError::Invalid(vec![FieldError::new("registrations", Reason::Required)]));
        }
        if ids.len() > ERASE_MAX {
            return Err(AppError::TooLarge { limit: ERASE_MAX as u32 });
        }
        let (_, activities) = hub_and_activities(store, hub).await?;
        let held: HashMap<MutationId, DeskRegistration> = personal(store, &activities).await?.into_iter().map(|r| (r.id, r)).collect();
        if let Some(missing) = ids.iter().find(|id| !held.contains_key(id)) {
            tracing::info!(%missing, "erasure of a registration the hub does not hold");
            return Err(AppError::NotFound);
        }
        let now = now_local();
        // Those to come are cancelled through the push, as at the desk: the ledger frees
        // their places, moves the waiting list up and erases them, in one transaction.
        let batch: Vec<Pushed> = ids
            .iter()
            .filter(|id| session_of(&held[id]).is_some_and(|s| s.start > now))
            .map(|id| {
                let mutation = Mutation::DeskCancel(DeskCancel { account: caller.id, registration: *id });
                let payload = serde_json::to_string(&mutation).unwrap_or_default();
                Pushed {
                    id: new_mutation_id(),
                    digest: digest(&payload),
                    token_digest: String::new(),
                    mutation,
                    deactivated: false,
                    from_kiosk: None,
                }
            })
            .collect();
        if !batch.is_empty() {
            store.push(&batch, Some(caller), now).await.map_err(|e| {
                tracing::error!(error = %e, "erasure's cancellations refused");
                AppError::Internal
            })?;
        }
        store.erase_registrations(&ids).await?;
        tracing::info!(account = %caller.id, %hub, erased = ids.len(), "personal data erased on request");
        Ok(Erased { erased: ids.len() as u32, cancelled: batch.len() as u32 })
    }

    /// A new UUIDv7, made on the server for a change it makes itself.
    fn new_mutation_id() -> MutationId {
        use rand_core::{OsRng, RngCore};
        let mut random = [0u8; 10];
        OsRng.fill_bytes(&mut random);
        MutationId::new(jiff::Timestamp::now().as_millisecond().max(0) as u64, random)
    }

    pub async fn attendance(store: &SharedStore, hub: HubId, month: Month) -> Result<Attendance, AppError> {
        let (hub, activities) = hub_and_activities(store, hub).await?;
        let ids: Vec<_> = activities.iter().map(|a| a.id).collect();
        let from = month.first_day().to_datetime(Time::midnight());
        let to = add_days(month.last_day(), 1).to_datetime(Time::midnight());
        let (registrations, check_ins) = store.desk_rows(&ids, from, to, false).await?;
        let sessions = super::super::attendance::attendance(&hub, &activities, month, &registrations, &check_ins);
        Ok(Attendance { hub: HubLabel { id: hub.id, name: hub.name, city: hub.city }, month, sessions })
    }

    /// The attendance CSV for the route: its file name and text. `caller` must coordinate
    /// the hub (403); a malformed month is 400.
    pub async fn attendance_csv(
        store: &SharedStore,
        caller: &Account,
        hub: HubId,
        month: &str,
        lang: Lang,
    ) -> Result<(String, String), AppError> {
        super::super::auth::may_coordinate(caller, hub)?;
        let month = Month::parse(month).map_err(AppError::BadRequest)?;
        let report = attendance(store, hub, month).await?;
        let name = format!("{}-{}-{month}.csv", super::super::text::ATTENDANCE_FILE.get(lang), hub.0);
        Ok((name, super::super::attendance::csv(&report.sessions, lang)))
    }
}
