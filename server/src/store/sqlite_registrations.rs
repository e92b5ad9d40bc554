//! Registrations in SQLite: a batch loads what it touches into a
//! [`Ledger`](app::domain::ledger::Ledger), the pure rules decide, and the changed rows
//! and new answers are written back, all inside one `BEGIN IMMEDIATE` transaction. The
//! writer lock is held from the first read, so two batches (from this instance or
//! another process on the same file) never decide on the same places at once.

use super::sqlite::{SqliteStore, UPSERT, other};
use app::domain::activity::{Activity, OccurrenceId};
use app::domain::hub::Hub;
use app::domain::ids::{AccountId, ActivityId};
use app::domain::ledger::{Authority, CheckInRecord, Incoming, Ledger, Person, Recorded, Registration, is_live};
use app::domain::mutation::{Answer, Mutation, RegistrationState, RegistrationStatus};
use app::domain::mutation_id::MutationId;
use app::domain::places::{Counted, Places};
use app::domain::registration::check_session;
use app::domain::session_fate::is_scheduled;
use app::domain::staff::Account;
use app::domain::time::iso_minutes;
use app::features::staff::desk::{DeskCheckIn, DeskRegistration};
use app::store::{PushError, Pushed, RegistrationStore, StoreResult};
use jiff::civil::DateTime;
use sqlx::{Row, SqliteConnection};
use std::collections::{BTreeMap, BTreeSet};

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

#[async_trait::async_trait]
impl RegistrationStore for SqliteStore {
    async fn push(&self, batch: &[Pushed], caller: Option<&Account>, now: DateTime) -> Result<Vec<Answer>, PushError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(other)?;
        let mut ledger = Ledger::default();
        load_answers(&mut tx, batch.iter().map(|p| p.id), &mut ledger).await?;
        let targets = batch.iter().filter_map(|p| match &p.mutation {
            Mutation::Cancel(c) => Some(c.registration),
            Mutation::DeskCancel(c) => Some(c.registration),
            Mutation::CheckIn(c) => c.registration,
            Mutation::SignUp(_) | Mutation::DeskSignUp(_) | Mutation::UndoCheckIn(_) | Mutation::HelpRequest(_) => None,
        });
        load_registrations_by_id(&mut tx, targets, &mut ledger).await?;
        let undone = batch.iter().filter_map(|p| match &p.mutation {
            Mutation::UndoCheckIn(u) => Some(u.check_in),
            _ => None,
        });
        load_check_ins(&mut tx, undone, &mut ledger).await?;
        let mut sessions: BTreeSet<OccurrenceId> = ledger.registrations.values().map(|r| r.session).collect();
        sessions.extend(ledger.check_ins.values().map(|c| c.session));
        sessions.extend(batch.iter().filter_map(|p| match &p.mutation {
            Mutation::SignUp(s) => Some(s.session),
            Mutation::DeskSignUp(d) => Some(d.sign_up.session),
            Mutation::CheckIn(c) => Some(c.session),
            Mutation::Cancel(_) | Mutation::DeskCancel(_) | Mutation::UndoCheckIn(_) | Mutation::HelpRequest(_) => None,
        }));
        load_sessions(&mut tx, &sessions, now, &mut ledger).await?;
        ledger.next_arrival =
            sqlx::query_scalar("SELECT COALESCE(MAX(arrival), 0) + 1 FROM registrations").fetch_one(&mut *tx).await.map_err(other)?;
        let mut answers = Vec::with_capacity(batch.len());
        for p in batch {
            let authority = match (p.from_kiosk, caller, p.deactivated) {
                (Some(hub), _, _) => Authority::Kiosk(hub),
                (None, Some(account), _) => Authority::Staff(account),
                (None, None, true) => Authority::Deactivated,
                (None, None, false) => Authority::Device,
            };
            let incoming = Incoming { id: p.id, digest: &p.digest, token_digest: &p.token_digest, mutation: &p.mutation, authority };
            // A refusal drops the transaction: nothing of the batch is kept.
            answers.push(ledger.apply(incoming)?);
        }
        for id in &ledger.changed {
            save_registration(&mut tx, &ledger.registrations[id]).await?;
        }
        for id in &ledger.changed_check_ins {
            save_check_in(&mut tx, &ledger.check_ins[id]).await?;
        }
        for (id, request) in &ledger.help_requests {
            super::sqlite_help::insert(&mut tx, *id, request).await?;
        }
        // The public counts change with the registrations, in the same transaction. The
        // ledger holds every registration of the sessions it changed.
        let mut touched: BTreeMap<ActivityId, BTreeSet<DateTime>> = BTreeMap::new();
        for id in &ledger.changed {
            let session = ledger.registrations[id].session;
            touched.entry(session.activity).or_default().insert(session.start);
        }
        for (activity, starts) in touched {
            let live = ledger.registrations.values().filter(|r| r.session.activity == activity && is_live(r.status)).map(|r| Counted {
                session: r.session,
                party: r.party,
                confirmed: r.status == RegistrationStatus::Confirmed,
            });
            let stored = stored_places(&mut tx, activity).await?;
            let empty = Places { activity_id: activity, sessions: Vec::new() };
            let places = stored.as_ref().unwrap_or(&empty).recounted(&starts, live, now);
            write_places(&mut tx, places, stored.as_ref()).await?;
        }
        for id in &ledger.answered {
            let recorded = &ledger.answers[id];
            let answer = serde_json::to_string(&recorded.answer).map_err(other)?;
            sqlx::query(&format!("INSERT INTO mutations (id, digest, answer, applied_at) VALUES (?1, ?2, ?3, {NOW})"))
                .bind(id.to_string())
                .bind(&recorded.digest)
                .bind(answer)
                .execute(&mut *tx)
                .await
                .map_err(other)?;
        }
        tx.commit().await.map_err(other)?;
        Ok(answers)
    }

    async fn registration_states(&self, asked: &[(MutationId, String)], now: DateTime) -> StoreResult<Vec<Option<RegistrationState>>> {
        // One read transaction: positions and statuses from the same moment.
        let mut tx = self.pool.begin().await.map_err(other)?;
        let mut ledger = Ledger::default();
        load_registrations_by_id(&mut tx, asked.iter().map(|(id, _)| *id), &mut ledger).await?;
        load_answers(&mut tx, asked.iter().map(|(id, _)| *id), &mut ledger).await?;
        let sessions: BTreeSet<OccurrenceId> = ledger.registrations.values().map(|r| r.session).collect();
        load_sessions(&mut tx, &sessions, now, &mut ledger).await?;
        tx.commit().await.map_err(other)?;
        Ok(asked.iter().map(|(id, token_digest)| ledger.state_of(*id, token_digest)).collect())
    }

    async fn erase_personal_data(&self, before: DateTime) -> StoreResult<u64> {
        let done = sqlx::query(&format!(
            "UPDATE registrations SET name = NULL, contact = NULL, erased_at = {NOW}, updated_at = {NOW}
             WHERE session_start < ?1 AND (name IS NOT NULL OR contact IS NOT NULL)"
        ))
        .bind(iso_minutes(before))
        .execute(&self.pool)
        .await
        .map_err(other)?;
        Ok(done.rows_affected())
    }

    async fn erase_registrations(&self, ids: &[MutationId]) -> StoreResult<u64> {
        let done = sqlx::query(&format!(
            "UPDATE registrations SET name = NULL, contact = NULL, erased_at = {NOW}, updated_at = {NOW}
             WHERE id IN (SELECT value FROM json_each(?1)) AND (name IS NOT NULL OR contact IS NOT NULL)"
        ))
        .bind(id_list(ids.iter().copied()))
        .execute(&self.pool)
        .await
        .map_err(other)?;
        Ok(done.rows_affected())
    }

    async fn desk_rows(
        &self,
        activities: &[ActivityId],
        from: DateTime,
        to: DateTime,
        contacts: bool,
    ) -> StoreResult<(Vec<DeskRegistration>, Vec<DeskCheckIn>)> {
        let ids = serde_json::Value::from(activities.iter().map(|a| a.0).collect::<Vec<_>>()).to_string();
        // One read transaction: the check-ins and the registrations they name agree.
        let mut tx = self.pool.begin().await.map_err(other)?;
        let rows = sqlx::query(
            "SELECT id, session, party, status, arrival, name, contact FROM registrations
             WHERE activity_id IN (SELECT value FROM json_each(?1)) AND session_start >= ?2 AND session_start < ?3
               AND status IN ('confirmed', 'waitlisted')
             ORDER BY session_start, arrival",
        )
        .bind(&ids)
        .bind(iso_minutes(from))
        .bind(iso_minutes(to))
        .fetch_all(&mut *tx)
        .await
        .map_err(other)?;
        let registrations = rows
            .iter()
            .map(|row| {
                let status: String = row.get("status");
                Ok(DeskRegistration {
                    id: mutation_id(row.get("id"))?,
                    session: row.get("session"),
                    party: u32::try_from(row.get::<i64, _>("party")).map_err(other)?,
                    status: status_from(&status).ok_or_else(|| other(format!("unknown status {status:?}")))?,
                    arrival: row.get("arrival"),
                    name: row.get("name"),
                    contact: if contacts { row.get("contact") } else { None },
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let rows = sqlx::query(
            "SELECT id, session, registration, party, first_time FROM check_ins
             WHERE activity_id IN (SELECT value FROM json_each(?1)) AND session_start >= ?2 AND session_start < ?3 AND undone = 0
             ORDER BY session_start, id",
        )
        .bind(&ids)
        .bind(iso_minutes(from))
        .bind(iso_minutes(to))
        .fetch_all(&mut *tx)
        .await
        .map_err(other)?;
        let check_ins = rows
            .iter()
            .map(|row| {
                Ok(DeskCheckIn {
                    id: mutation_id(row.get("id"))?,
                    session: row.get("session"),
                    registration: row.get::<Option<String>, _>("registration").map(mutation_id).transpose()?,
                    party: u32::try_from(row.get::<i64, _>("party")).map_err(other)?,
                    first_time: row.get::<i64, _>("first_time") == 1,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        tx.commit().await.map_err(other)?;
        Ok((registrations, check_ins))
    }

    async fn recount_places(&self, now: DateTime) -> StoreResult<u64> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(other)?;
        let activities: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT activity_id FROM registrations WHERE session_start > ?1 AND status IN ('confirmed', 'waitlisted')
             UNION SELECT CAST(id AS INTEGER) FROM content WHERE kind = 'places' AND body IS NOT NULL",
        )
        .bind(iso_minutes(now))
        .fetch_all(&mut *tx)
        .await
        .map_err(other)?;
        let mut written = 0;
        for activity in activities {
            written += u64::from(recount(&mut tx, ActivityId(activity), now).await?);
        }
        tx.commit().await.map_err(other)?;
        Ok(written)
    }
}

/// Counts the live registrations of all of `activity`'s coming sessions and writes its
/// places document if that differs; `true` if it wrote.
async fn recount(db: &mut SqliteConnection, activity: ActivityId, now: DateTime) -> StoreResult<bool> {
    let rows: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT session, party, status FROM registrations
         WHERE activity_id = ?1 AND session_start > ?2 AND status IN ('confirmed', 'waitlisted')",
    )
    .bind(activity.0)
    .bind(iso_minutes(now))
    .fetch_all(&mut *db)
    .await
    .map_err(other)?;
    let mut live = Vec::with_capacity(rows.len());
    for (session, party, status) in rows {
        live.push(Counted {
            session: session.parse().map_err(other)?,
            party: party.try_into().map_err(other)?,
            confirmed: status == "confirmed",
        });
    }
    let stored = stored_places(&mut *db, activity).await?;
    write_places(db, Places::count(activity, live, now), stored.as_ref()).await
}

/// The stored places document of `activity`, if it has a readable live one.
async fn stored_places(db: &mut SqliteConnection, activity: ActivityId) -> StoreResult<Option<Places>> {
    let body: Option<Option<String>> = sqlx::query_scalar("SELECT body FROM content WHERE kind = 'places' AND id = ?1")
        .bind(activity.to_string())
        .fetch_optional(db)
        .await
        .map_err(other)?;
    // An unreadable one is written again, whole.
    Ok(body.flatten().and_then(|b| serde_json::from_str(&b).ok()))
}

/// Writes `places` with the next change number, unless it is what is `stored` (or empty
/// where nothing is stored), or its activity is not live (its places went with it).
/// `true` if it wrote.
async fn write_places(db: &mut SqliteConnection, places: Places, stored: Option<&Places>) -> StoreResult<bool> {
    let unchanged = match stored {
        Some(stored) => *stored == places,
        None => places.sessions.is_empty(),
    };
    if unchanged {
        return Ok(false);
    }
    let activity = places.activity_id;
    let live_activity: Option<Option<String>> =
        sqlx::query_scalar("SELECT city FROM content WHERE kind = 'activity' AND id = ?1 AND body IS NOT NULL")
            .bind(activity.to_string())
            .fetch_optional(&mut *db)
            .await
            .map_err(other)?;
    let Some(city) = live_activity else { return Ok(false) };
    sqlx::query(UPSERT)
        .bind("places")
        .bind(activity.to_string())
        .bind(city)
        .bind("activity")
        .bind(activity.to_string())
        .bind(serde_json::to_string(&places).map_err(other)?)
        .fetch_one(&mut *db)
        .await
        .map_err(other)?;
    Ok(true)
}

/// A JSON array of the ids' text, for `IN (SELECT value FROM json_each(?))`.
fn id_list(ids: impl Iterator<Item = MutationId>) -> String {
    serde_json::Value::from(ids.map(|id| id.to_string()).collect::<Vec<_>>()).to_string()
}

async fn load_answers(db: &mut SqliteConnection, ids: impl Iterator<Item = MutationId>, ledger: &mut Ledger) -> StoreResult<()> {
    let rows = sqlx::query("SELECT id, digest, answer FROM mutations WHERE id IN (SELECT value FROM json_each(?1))")
        .bind(id_list(ids))
        .fetch_all(db)
        .await
        .map_err(other)?;
    for row in rows {
        let id: MutationId = row.get::<String, _>(0).parse().map_err(other)?;
        let answer: Answer = serde_json::from_str(&row.get::<String, _>(2)).map_err(other)?;
        ledger.answers.insert(id, Recorded { digest: row.get(1), answer });
    }
    Ok(())
}

const REGISTRATION_COLUMNS: &str = "id, session, party, status, arrival, token_digest, name, contact, consent, made_by";

fn mutation_id(text: String) -> StoreResult<MutationId> {
    text.parse().map_err(|_| other(format!("id {text:?} is not a UUID")))
}

/// The check-ins with these ids.
async fn load_check_ins(db: &mut SqliteConnection, ids: impl Iterator<Item = MutationId>, ledger: &mut Ledger) -> StoreResult<()> {
    let rows = sqlx::query(
        "SELECT id, session, registration, party, first_time, made_by, undone FROM check_ins
         WHERE id IN (SELECT value FROM json_each(?1))",
    )
    .bind(id_list(ids))
    .fetch_all(db)
    .await
    .map_err(other)?;
    for row in rows {
        let record = CheckInRecord {
            id: mutation_id(row.get("id"))?,
            session: row.get::<String, _>("session").parse().map_err(other)?,
            registration: row.get::<Option<String>, _>("registration").map(mutation_id).transpose()?,
            party: row.get::<i64, _>("party").try_into().map_err(other)?,
            first_time: row.get::<i64, _>("first_time") == 1,
            by: AccountId(row.get("made_by")),
            undone: row.get::<i64, _>("undone") == 1,
        };
        ledger.check_ins.insert(record.id, record);
    }
    Ok(())
}

async fn save_check_in(db: &mut SqliteConnection, c: &CheckInRecord) -> StoreResult<()> {
    sqlx::query(&format!(
        "INSERT INTO check_ins (id, session, activity_id, session_start, registration, party, first_time, made_by, undone, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, {NOW}, {NOW})
         ON CONFLICT (id) DO UPDATE SET undone = excluded.undone, updated_at = excluded.updated_at"
    ))
    .bind(c.id.to_string())
    .bind(c.session.to_string())
    .bind(c.session.activity.0)
    .bind(iso_minutes(c.session.start))
    .bind(c.registration.map(|r| r.to_string()))
    .bind(i64::from(c.party))
    .bind(i64::from(c.first_time))
    .bind(c.by.0)
    .bind(i64::from(c.undone))
    .execute(db)
    .await
    .map_err(other)?;
    Ok(())
}

/// The registrations with these ids, and every other registration of their sessions.
async fn load_registrations_by_id(
    db: &mut SqliteConnection,
    ids: impl Iterator<Item = MutationId>,
    ledger: &mut Ledger,
) -> StoreResult<()> {
    let rows = sqlx::query(&format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE session IN
           (SELECT session FROM registrations WHERE id IN (SELECT value FROM json_each(?1)))"
    ))
    .bind(id_list(ids))
    .fetch_all(db)
    .await
    .map_err(other)?;
    add_rows(rows, ledger)
}

/// Every registration of `sessions`, and each session's check against the content as
/// stored in this transaction.
async fn load_sessions(
    db: &mut SqliteConnection,
    sessions: &BTreeSet<OccurrenceId>,
    now: DateTime,
    ledger: &mut Ledger,
) -> StoreResult<()> {
    let list = serde_json::Value::from(sessions.iter().map(ToString::to_string).collect::<Vec<_>>()).to_string();
    let rows = sqlx::query(&format!("SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE session IN (SELECT value FROM json_each(?1))"))
        .bind(list)
        .fetch_all(&mut *db)
        .await
        .map_err(other)?;
    add_rows(rows, ledger)?;
    // Sessions arrive sorted by activity: each activity and its hub are read once.
    let mut content: Option<(ActivityId, Option<Activity>, Option<Hub>)> = None;
    for session in sessions {
        if content.as_ref().is_none_or(|(id, _, _)| *id != session.activity) {
            let activity: Option<Activity> = live_body(&mut *db, "activity", &session.activity.to_string()).await?;
            let hub: Option<Hub> = match &activity {
                Some(a) => live_body(&mut *db, "hub", &a.hub_id.to_string()).await?,
                None => None,
            };
            if let Some(a) = &activity {
                ledger.hubs.insert(a.id, a.hub_id);
            }
            content = Some((session.activity, activity, hub));
        }
        let (_, activity, hub) = content.as_ref().expect("read above");
        ledger.sessions.insert(*session, check_session(*session, activity.as_ref(), hub.as_ref(), now));
        if activity.as_ref().is_some_and(|a| is_scheduled(*session, a)) {
            ledger.scheduled.insert(*session);
        }
    }
    Ok(())
}

async fn live_body<T: serde::de::DeserializeOwned>(db: &mut SqliteConnection, kind: &str, id: &str) -> StoreResult<Option<T>> {
    let body: Option<Option<String>> = sqlx::query_scalar("SELECT body FROM content WHERE kind = ?1 AND id = ?2")
        .bind(kind)
        .bind(id)
        .fetch_optional(db)
        .await
        .map_err(other)?;
    body.flatten().map(|b| serde_json::from_str(&b).map_err(other)).transpose()
}

fn add_rows(rows: Vec<sqlx::sqlite::SqliteRow>, ledger: &mut Ledger) -> StoreResult<()> {
    for row in rows {
        let id: MutationId = row.get::<String, _>("id").parse().map_err(other)?;
        let name: Option<String> = row.get("name");
        let registration = Registration {
            id,
            session: row.get::<String, _>("session").parse().map_err(other)?,
            party: row.get::<i64, _>("party").try_into().map_err(other)?,
            status: status_from(&row.get::<String, _>("status")).ok_or_else(|| other("unknown registration status"))?,
            arrival: row.get("arrival"),
            token_digest: row.get("token_digest"),
            person: name.map(|name| Person { name, contact: row.get("contact") }),
            consent: row.get::<i64, _>("consent").try_into().map_err(other)?,
            by: row.get::<Option<i64>, _>("made_by").map(AccountId),
        };
        ledger.registrations.insert(id, registration);
    }
    Ok(())
}

async fn save_registration(db: &mut SqliteConnection, r: &Registration) -> StoreResult<()> {
    sqlx::query(&format!(
        "INSERT INTO registrations (id, session, activity_id, session_start, party, status, arrival, token_digest, name, contact, consent, made_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, {NOW}, {NOW})
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, name = excluded.name, contact = excluded.contact, updated_at = excluded.updated_at"
    ))
    .bind(r.id.to_string())
    .bind(r.session.to_string())
    .bind(r.session.activity.0)
    .bind(iso_minutes(r.session.start))
    .bind(i64::from(r.party))
    .bind(status_text(r.status))
    .bind(r.arrival)
    .bind(&r.token_digest)
    .bind(r.person.as_ref().map(|p| p.name.as_str()))
    .bind(r.person.as_ref().and_then(|p| p.contact.as_deref()))
    .bind(i64::from(r.consent))
    .bind(r.by.map(|a| a.0))
    .execute(db)
    .await
    .map_err(other)?;
    Ok(())
}

fn status_text(status: RegistrationStatus) -> &'static str {
    match status {
        RegistrationStatus::Confirmed => "confirmed",
        RegistrationStatus::Waitlisted => "waitlisted",
        RegistrationStatus::Cancelled => "cancelled",
        RegistrationStatus::Rejected => "rejected",
    }
}

fn status_from(text: &str) -> Option<RegistrationStatus> {
    [RegistrationStatus::Confirmed, RegistrationStatus::Waitlisted, RegistrationStatus::Cancelled, RegistrationStatus::Rejected]
        .into_iter()
        .find(|s| status_text(*s) == text)
}
