//! The SQLite store: one `content` table of JSON documents plus the change sequence.
//!
//! Each write is a single statement (or an IMMEDIATE transaction), so the next change
//! number is taken under SQLite's writer lock: numbers are unique, increasing, and a
//! reader paging through the feed never sees a smaller number appear behind its cursor.

use app::content::{Change, ChangePage, ChangeSeq, DocKey, Document};
use app::domain::activity::Activity;
use app::domain::help_guide::HelpGuide;
use app::domain::hub::Hub;
use app::domain::ids::HelpGuideId;
use app::domain::ids::{ActivityId, HubId, MAX_ID, ServiceId};
use app::domain::places::Places;
use app::domain::search::Guide;
use app::domain::service::{Service, TaxonomyTerm};
use app::error::{FieldError, Reason};
use app::store::{ActivityScope, Calendar, ContentStore, Kept, StoreError, StoreResult};
use serde::de::DeserializeOwned;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqliteConnection, SqlitePool};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// Content storage in an SQLite file.
#[derive(Clone)]
pub struct SqliteStore {
    pub(super) pool: SqlitePool,
    guide: Arc<Kept<Guide>>,
    calendar: Arc<Kept<Calendar>>,
}

pub(super) fn other(e: impl std::fmt::Display) -> StoreError {
    StoreError::Other(e.to_string())
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` (`sqlite://path` or
    /// `sqlite::memory:`) and brings its schema up to date.
    pub async fn open(url: &str) -> anyhow::Result<SqliteStore> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .foreign_keys(true)
            .journal_mode(SqliteJournalMode::Wal)
            // WAL + FULL: a write is on disk when the call returns.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5));
        let in_memory = url.contains(":memory:");
        let pool = SqlitePoolOptions::new()
            // An in-memory database exists once per connection: keep exactly one.
            .max_connections(if in_memory { 1 } else { 8 })
            .min_connections(if in_memory { 1 } else { 0 })
            .idle_timeout(if in_memory { None } else { Some(Duration::from_secs(600)) })
            .max_lifetime(if in_memory { None } else { Some(Duration::from_secs(1800)) })
            .connect_with(options)
            .await?;
        let store = SqliteStore { pool, guide: Arc::default(), calendar: Arc::default() };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies the embedded migrations that have not run yet.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        sqlx::migrate!("./migrations/sqlite").run(&self.pool).await?;
        Ok(())
    }

    /// The connection pool, shared with the staff session layer's store.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Deletes staff sessions past their expiry, as the session store's own deletion does
    /// (its `expiry_date` holds RFC 3339 text), and says how many. Returns how many.
    pub async fn delete_expired_sessions(&self) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM tower_sessions WHERE datetime(expiry_date) < datetime('now')")
            .execute(&self.pool)
            .await
            .map_err(other)?;
        Ok(done.rows_affected())
    }

    /// Whether no content has ever been written (not even deleted).
    pub async fn is_pristine(&self) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM content").fetch_one(&self.pool).await.map_err(other)?;
        Ok(n == 0)
    }

    /// The feed after `after`, of every city or of `cities` only (what belongs to every
    /// city included, and a delete for each document that left one of them). Rows are read
    /// up to the head read first: every number at or below it is committed (numbers are
    /// taken under the writer lock), so a feed that ends there can hand the head out as the
    /// next cursor, and a device that keeps some cities skips what is not its own in one step.
    async fn feed(&self, after: ChangeSeq, limit: u32, cities: Option<&[String]>) -> StoreResult<ChangePage> {
        let limit = limit.clamp(1, 1000);
        // The head and the rows from one snapshot: read apart, a document rewritten in
        // between (a sign-up recounting an activity's places) moved past the head and was
        // left out of the page, reaching the device only at its next sync.
        let mut snapshot = self.pool.begin().await.map_err(other)?;
        let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM content").fetch_one(&mut *snapshot).await.map_err(other)?;
        let query = match cities {
            None => sqlx::query("SELECT kind, id, body, seq FROM content WHERE seq > ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3"),
            Some(_) => sqlx::query(CITY_FEED),
        };
        let wanted = serde_json::to_string(&cities.unwrap_or_default()).map_err(other)?;
        let rows = query.bind(after.0).bind(head).bind(i64::from(limit) + 1).bind(wanted).fetch_all(&mut *snapshot).await.map_err(other)?;
        snapshot.commit().await.map_err(other)?;
        let more = rows.len() > limit as usize;
        let mut changes = Vec::with_capacity(rows.len().min(limit as usize));
        for row in rows.into_iter().take(limit as usize) {
            let kind: String = row.get("kind");
            let id: String = row.get("id");
            let body: Option<String> = row.get("body");
            let key = stored_key(&kind, &id).ok_or_else(|| other(format!("unreadable key {kind}/{id}")))?;
            let doc = body.map(|b| document_from(&key, &b)).transpose()?;
            changes.push(Change { seq: ChangeSeq(row.get("seq")), key, doc });
        }
        let next = match changes.last() {
            Some(last) if more => last.seq,
            _ => ChangeSeq(head).max(after),
        };
        Ok(ChangePage { changes, next, more, head: ChangeSeq(head), directory: None })
    }

    async fn live_bodies<T: DeserializeOwned>(&self, kind: &str, city: Option<&str>) -> StoreResult<Vec<T>> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT body FROM content WHERE kind = ?1 AND body IS NOT NULL AND (?2 IS NULL OR city = ?2 COLLATE NOCASE)",
        )
        .bind(kind)
        .bind(city)
        .fetch_all(&self.pool)
        .await
        .map_err(other)?;
        rows.iter().map(|b| serde_json::from_str(b).map_err(other)).collect()
    }

    /// The highest change number of these kinds of document (0 when there is none): read
    /// from the end of the `(kind, seq)` index, one lookup per kind.
    async fn head_of(&self, kinds: &[&str]) -> StoreResult<ChangeSeq> {
        let mut head = 0;
        for kind in kinds {
            let seq: Option<i64> =
                sqlx::query_scalar("SELECT max(seq) FROM content WHERE kind = ?1").bind(kind).fetch_one(&self.pool).await.map_err(other)?;
            head = head.max(seq.unwrap_or(0));
        }
        Ok(ChangeSeq(head))
    }

    async fn live_body<T: DeserializeOwned>(&self, key: &DocKey) -> StoreResult<T> {
        let body: Option<Option<String>> = sqlx::query_scalar("SELECT body FROM content WHERE kind = ?1 AND id = ?2")
            .bind(key.kind())
            .bind(key.id_text())
            .fetch_optional(&self.pool)
            .await
            .map_err(other)?;
        match body.flatten() {
            Some(b) => serde_json::from_str(&b).map_err(other),
            None => Err(StoreError::NotFound),
        }
    }
}

/// The statement every write uses: upsert a row and give it the next change number.
pub(super) const UPSERT: &str = "INSERT INTO content (kind, id, city, parent_kind, parent_id, body, seq, updated_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT COALESCE(MAX(seq), 0) + 1 FROM content), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
     ON CONFLICT (kind, id) DO UPDATE SET
         city = excluded.city, parent_kind = excluded.parent_kind, parent_id = excluded.parent_id,
         body = excluded.body, seq = excluded.seq, updated_at = excluded.updated_at
     RETURNING seq";

#[async_trait::async_trait]
impl ContentStore for SqliteStore {
    async fn hubs(&self, city: Option<&str>) -> StoreResult<Vec<Hub>> {
        let mut hubs: Vec<Hub> = self.live_bodies("hub", city).await?;
        app::domain::hub::sort_for_display(&mut hubs);
        Ok(hubs)
    }

    async fn hub(&self, id: HubId) -> StoreResult<Hub> {
        self.live_body(&DocKey::Hub(id)).await
    }

    async fn activities(&self, scope: ActivityScope) -> StoreResult<Vec<Activity>> {
        let (city, hub) = match &scope {
            ActivityScope::All => (None, None),
            ActivityScope::City(c) => (Some(c.as_str()), None),
            ActivityScope::Hub(h) => (None, Some(h.to_string())),
        };
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT body FROM content WHERE kind = 'activity' AND body IS NOT NULL
               AND (?1 IS NULL OR city = ?1 COLLATE NOCASE) AND (?2 IS NULL OR parent_id = ?2)
             ORDER BY CAST(id AS INTEGER)",
        )
        .bind(city)
        .bind(hub)
        .fetch_all(&self.pool)
        .await
        .map_err(other)?;
        rows.iter().map(|b| serde_json::from_str(b).map_err(other)).collect()
    }

    async fn activity(&self, id: ActivityId) -> StoreResult<Activity> {
        self.live_body(&DocKey::Activity(id)).await
    }

    async fn services(&self, city: Option<&str>) -> StoreResult<Vec<Service>> {
        self.live_bodies("service", city).await
    }

    async fn service(&self, id: ServiceId) -> StoreResult<Service> {
        self.live_body(&DocKey::Service(id)).await
    }

    async fn taxonomy(&self) -> StoreResult<Vec<TaxonomyTerm>> {
        read_taxonomy(&self.pool).await
    }

    async fn help_guides(&self) -> StoreResult<Vec<HelpGuide>> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT body FROM content WHERE kind = 'help_guide' AND body IS NOT NULL ORDER BY CAST(id AS INTEGER)")
                .fetch_all(&self.pool)
                .await
                .map_err(other)?;
        rows.iter().map(|b| serde_json::from_str(b).map_err(other)).collect()
    }

    async fn guide(&self) -> StoreResult<Arc<Guide>> {
        // Read before the content, so a write in between makes the next call rebuild.
        let head = self.head_of(&["service", "taxonomy_term"]).await?;
        if let Some(guide) = self.guide.at(head) {
            return Ok(guide);
        }
        let (services, taxonomy) = (self.services(None).await?, self.taxonomy().await?);
        let guide = Arc::new(tokio::task::spawn_blocking(move || Guide::new(services, taxonomy)).await.map_err(other)?);
        self.guide.keep(head, guide.clone());
        Ok(guide)
    }

    async fn calendar(&self) -> StoreResult<Arc<Calendar>> {
        let head = self.head_of(&["hub", "activity"]).await?;
        if let Some(calendar) = self.calendar.at(head) {
            return Ok(calendar);
        }
        let calendar = Arc::new(Calendar { hubs: self.hubs(None).await?, activities: self.activities(ActivityScope::All).await? });
        self.calendar.keep(head, calendar.clone());
        Ok(calendar)
    }

    async fn places(&self, activities: &[ActivityId]) -> StoreResult<Vec<Places>> {
        let ids = serde_json::Value::from(activities.iter().map(|a| a.to_string()).collect::<Vec<_>>()).to_string();
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT body FROM content WHERE kind = 'places' AND body IS NOT NULL AND id IN (SELECT value FROM json_each(?1))",
        )
        .bind(ids)
        .fetch_all(&self.pool)
        .await
        .map_err(other)?;
        rows.iter().map(|b| serde_json::from_str(b).map_err(other)).collect()
    }

    async fn put(&self, doc: &Document) -> StoreResult<ChangeSeq> {
        let key = doc.key();
        let body = body_json(doc).map_err(other)?;
        // Everything the checks read is read under the writer lock, so no other write can
        // slip in between check and write (two terms made each other's parent at once, a
        // hub deleted while a service naming it is saved).
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(other)?;
        let taxonomy = match doc {
            Document::Service(_) | Document::TaxonomyTerm(_) => read_taxonomy(&mut *tx).await?,
            _ => Vec::new(),
        };
        super::validate(doc, &taxonomy)?;
        let (city, parent) = match doc {
            Document::Activity(a) => {
                let city = live_hub_city(&mut tx, a.hub_id).await?.ok_or_else(|| super::missing_hub("hub_id", a.hub_id))?;
                (Some(city), Some(("hub", a.hub_id.to_string())))
            }
            Document::Service(s) => {
                for hub in s.locations.iter().filter_map(|l| l.hub_id) {
                    if live_hub_city(&mut tx, hub).await?.is_none() {
                        return Err(super::missing_hub("locations", hub));
                    }
                }
                (super::city_of(doc).map(String::from), None)
            }
            Document::HelpGuide(g) => {
                for hub in &g.hubs {
                    if live_hub_city(&mut tx, *hub).await?.is_none() {
                        return Err(super::missing_hub("hubs", *hub));
                    }
                }
                (None, None)
            }
            other_doc => (super::city_of(other_doc).map(String::from), None),
        };
        let seq: i64 = sqlx::query_scalar(UPSERT)
            .bind(key.kind())
            .bind(key.id_text())
            .bind(&city)
            .bind(parent.as_ref().map(|p| p.0))
            .bind(parent.as_ref().map(|p| p.1.clone()))
            .bind(&body)
            .fetch_one(&mut *tx)
            .await
            .map_err(other)?;
        if let (Document::Activity(a), Some(city)) = (doc, &city) {
            places_follow(&mut tx, &a.id.to_string(), city).await?;
        }
        if let Document::Hub(h) = doc {
            // Activities are filed under their hub's city: keep them with it if it moved.
            let moved: Vec<(String, String)> = sqlx::query_as(
                "SELECT id, body FROM content WHERE kind = 'activity' AND parent_id = ?1 AND body IS NOT NULL AND city IS NOT ?2",
            )
            .bind(h.id.to_string())
            .bind(&h.city)
            .fetch_all(&mut *tx)
            .await
            .map_err(other)?;
            for (id, body) in moved {
                sqlx::query(UPSERT)
                    .bind("activity")
                    .bind(&id)
                    .bind(&h.city)
                    .bind("hub")
                    .bind(h.id.to_string())
                    .bind(body)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(other)?;
                places_follow(&mut tx, &id, &h.city).await?;
            }
        }
        tx.commit().await.map_err(other)?;
        Ok(ChangeSeq(seq))
    }

    async fn delete(&self, key: &DocKey) -> StoreResult<ChangeSeq> {
        if let DocKey::Places(_) = key {
            return Err(StoreError::Invalid(
                FieldError::new("kind", Reason::Unknown)
                    .with_value("places")
                    .with_detail("places are counted by the server and go with their activity"),
            ));
        }
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(other)?;
        let live: Option<(Option<String>, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT city, parent_kind, parent_id FROM content WHERE kind = ?1 AND id = ?2 AND body IS NOT NULL")
                .bind(key.kind())
                .bind(key.id_text())
                .fetch_optional(&mut *tx)
                .await
                .map_err(other)?;
        let (city, parent_kind, parent_id) = live.ok_or(StoreError::NotFound)?;
        if let DocKey::Hub(id) = key {
            let children: Vec<(String, Option<String>)> =
                sqlx::query_as("SELECT id, city FROM content WHERE kind = 'activity' AND parent_id = ?1 AND body IS NOT NULL")
                    .bind(id.to_string())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(other)?;
            for (child, child_city) in children {
                sqlx::query(UPSERT)
                    .bind("activity")
                    .bind(&child)
                    .bind(child_city)
                    .bind("hub")
                    .bind(id.to_string())
                    .bind(None::<String>)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(other)?;
                tombstone_places(&mut tx, &child).await?;
            }
        }
        if let DocKey::Activity(id) = key {
            tombstone_places(&mut tx, &id.to_string()).await?;
        }
        if let DocKey::TaxonomyTerm(code) = key {
            let in_use: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM content WHERE (kind = 'service' AND body IS NOT NULL AND EXISTS
                   (SELECT 1 FROM json_each(body, '$.categories') WHERE value = ?1))
                 OR (kind = 'taxonomy_term' AND body IS NOT NULL AND json_extract(body, '$.parent') = ?1)",
            )
            .bind(code)
            .fetch_one(&mut *tx)
            .await
            .map_err(other)?;
            if in_use > 0 {
                return Err(StoreError::Invalid(
                    FieldError::new("code", Reason::InUse).with_value(code).with_detail("move its services and sub-categories first"),
                ));
            }
        }
        let seq: i64 = sqlx::query_scalar(UPSERT)
            .bind(key.kind())
            .bind(key.id_text())
            .bind(city)
            .bind(parent_kind)
            .bind(parent_id)
            .bind(None::<String>)
            .fetch_one(&mut *tx)
            .await
            .map_err(other)?;
        tx.commit().await.map_err(other)?;
        Ok(ChangeSeq(seq))
    }

    async fn changes_since(&self, after: ChangeSeq, limit: u32) -> StoreResult<ChangePage> {
        self.feed(after, limit, None).await
    }

    async fn city_changes_since(&self, after: ChangeSeq, limit: u32, cities: &[String]) -> StoreResult<ChangePage> {
        self.feed(after, limit, Some(cities)).await
    }

    async fn next_id(&self, kind: &str) -> StoreResult<i64> {
        if !matches!(kind, "hub" | "activity" | "service") {
            return Err(StoreError::Invalid(
                FieldError::new("kind", Reason::Unknown)
                    .with_value(kind)
                    .with_detail("only hubs, activities and services have numeric ids"),
            ));
        }
        // Tombstones count: an id a replica may still hold is never given out again.
        let max: Option<i64> = sqlx::query_scalar("SELECT MAX(CAST(id AS INTEGER)) FROM content WHERE kind = ?1")
            .bind(kind)
            .fetch_one(&self.pool)
            .await
            .map_err(other)?;
        // Rows written before ids were checked may hold 0 or less: numbering starts at 1.
        let next = max.unwrap_or(0).max(0).checked_add(1).filter(|n| *n <= MAX_ID);
        next.ok_or_else(|| {
            StoreError::Invalid(FieldError::new("id", Reason::OutOfRange).with_detail(format!("every {kind} id up to {MAX_ID} is taken")))
        })
    }
}

/// Files an activity's places document under the activity's city, with a new change
/// number, when it moved (a per-city feed must see it leave the old city).
async fn places_follow(conn: &mut SqliteConnection, activity: &str, city: &str) -> StoreResult<()> {
    sqlx::query(
        "UPDATE content SET city = ?2, seq = (SELECT MAX(seq) + 1 FROM content), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE kind = 'places' AND id = ?1 AND body IS NOT NULL AND city IS NOT ?2",
    )
    .bind(activity)
    .bind(city)
    .execute(conn)
    .await
    .map_err(other)?;
    Ok(())
}

/// Tombstones an activity's places document, if it has a live one: its counts mean
/// nothing once the activity is gone (its registrations stay, for the hub to contact).
async fn tombstone_places(conn: &mut SqliteConnection, activity: &str) -> StoreResult<()> {
    sqlx::query(
        "UPDATE content SET body = NULL, seq = (SELECT MAX(seq) + 1 FROM content), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE kind = 'places' AND id = ?1 AND body IS NOT NULL",
    )
    .bind(activity)
    .execute(conn)
    .await
    .map_err(other)?;
    Ok(())
}

/// The category tree, in the order editors gave it (insertion order).
async fn read_taxonomy<'e>(db: impl sqlx::SqliteExecutor<'e>) -> StoreResult<Vec<TaxonomyTerm>> {
    let rows: Vec<String> = sqlx::query_scalar("SELECT body FROM content WHERE kind = 'taxonomy_term' AND body IS NOT NULL ORDER BY rowid")
        .fetch_all(db)
        .await
        .map_err(other)?;
    rows.iter().map(|b| serde_json::from_str(b).map_err(other)).collect()
}

/// The city of a live hub, or `None` if there is no such hub (or it was deleted).
async fn live_hub_city(conn: &mut SqliteConnection, hub: HubId) -> StoreResult<Option<String>> {
    sqlx::query_scalar("SELECT city FROM content WHERE kind = 'hub' AND id = ?1 AND body IS NOT NULL")
        .bind(hub.to_string())
        .fetch_optional(conn)
        .await
        .map_err(other)
}

/// A key as stored. Rows written before ids and codes were checked may hold ones that
/// [`DocKey::parse`] now refuses (an id of 0, a code like `../x`); the feed still carries
/// them, so that one old row cannot stop every replica from syncing.
fn stored_key(kind: &str, id: &str) -> Option<DocKey> {
    Some(match kind {
        "hub" => DocKey::Hub(HubId(id.parse().ok()?)),
        "activity" => DocKey::Activity(ActivityId(id.parse().ok()?)),
        "service" => DocKey::Service(ServiceId(id.parse().ok()?)),
        "taxonomy_term" => DocKey::TaxonomyTerm(id.to_string()),
        "places" => DocKey::Places(ActivityId(id.parse().ok()?)),
        "help_guide" => DocKey::HelpGuide(HelpGuideId(id.parse().ok()?)),
        _ => return None,
    })
}

/// The stored body is the bare document (its kind is a column).
fn body_json(doc: &Document) -> serde_json::Result<String> {
    match doc {
        Document::Hub(h) => serde_json::to_string(h),
        Document::Activity(a) => serde_json::to_string(a),
        Document::Service(s) => serde_json::to_string(s),
        Document::TaxonomyTerm(t) => serde_json::to_string(t),
        Document::Places(p) => serde_json::to_string(p),
        Document::HelpGuide(g) => serde_json::to_string(g),
    }
}

fn document_from(key: &DocKey, body: &str) -> StoreResult<Document> {
    Ok(match key {
        DocKey::Hub(_) => Document::Hub(serde_json::from_str(body).map_err(other)?),
        DocKey::Activity(_) => Document::Activity(serde_json::from_str(body).map_err(other)?),
        DocKey::Service(_) => Document::Service(serde_json::from_str(body).map_err(other)?),
        DocKey::TaxonomyTerm(_) => Document::TaxonomyTerm(serde_json::from_str(body).map_err(other)?),
        DocKey::Places(_) => Document::Places(serde_json::from_str(body).map_err(other)?),
        DocKey::HelpGuide(_) => Document::HelpGuide(serde_json::from_str(body).map_err(other)?),
    })
}

/// The feed of some cities (`?4`, a JSON array): what belongs to every city, what is in
/// one of them, and a delete for each document that left one of them and is now outside
/// them all (one still in a wanted city is sent as it is, by the second part).
const CITY_FEED: &str = "WITH wanted(city) AS (SELECT value FROM json_each(?4))
    SELECT kind, id, body, seq FROM content WHERE city IS NULL AND seq > ?1 AND seq <= ?2
    UNION ALL
    SELECT kind, id, body, seq FROM content
     WHERE city COLLATE NOCASE IN (SELECT city FROM wanted) AND seq > ?1 AND seq <= ?2
    UNION ALL
    SELECT d.kind, d.id, NULL AS body, d.seq FROM content_departures d JOIN content c ON c.kind = d.kind AND c.id = d.id
     WHERE d.city COLLATE NOCASE IN (SELECT city FROM wanted) AND d.seq > ?1 AND d.seq <= ?2
       AND c.city IS NOT NULL AND c.city COLLATE NOCASE NOT IN (SELECT city FROM wanted)
    ORDER BY seq LIMIT ?3";
