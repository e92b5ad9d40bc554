//! Visitors' help requests in SQLite (`migrations/sqlite/0010_help_requests.sql`). New
//! ones are written by the push, in its transaction ([`insert`]); staff read and move them
//! here.

use super::sqlite::{SqliteStore, other};
use app::domain::help_request::{
    ERASE_ANY_AFTER_SECONDS, ERASE_DONE_AFTER_SECONDS, HelpRequest, HelpRequestRecord, HelpStatus, HelpTopic, Moved, advance,
};
use app::domain::ids::{AccountId, HubId};
use app::domain::mutation_id::MutationId;
use app::domain::staff::Account;
use app::store::{HelpRequestStore, StoreError, StoreResult};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

const SELECT: &str = "SELECT r.id, r.hub_id, r.name, r.topic, r.details, r.status, r.taken_by, a.name AS taken_by_name, \
                      r.received_at, r.updated_at FROM help_requests r LEFT JOIN accounts a ON a.id = r.taken_by";

fn read(row: &SqliteRow) -> StoreResult<HelpRequestRecord> {
    let bad = |what: &str| StoreError::Other(format!("help request {}: {what}", row.get::<String, _>("id")));
    Ok(HelpRequestRecord {
        id: row.get::<String, _>("id").parse().map_err(|_| bad("unreadable id"))?,
        hub: HubId(row.get("hub_id")),
        name: row.get::<Option<String>, _>("name").unwrap_or_default(),
        topic: HelpTopic::from_code(row.get("topic")).ok_or_else(|| bad("unknown topic"))?,
        details: row.get("details"),
        status: HelpStatus::from_code(row.get("status")).ok_or_else(|| bad("unknown status"))?,
        taken_by: row.get::<Option<i64>, _>("taken_by").map(AccountId),
        taken_by_name: row.get("taken_by_name"),
        received_at: row.get("received_at"),
        updated_at: row.get("updated_at"),
    })
}

/// Writes a request the push received, inside the push's transaction.
pub(super) async fn insert(db: &mut SqliteConnection, id: MutationId, request: &HelpRequest) -> StoreResult<()> {
    let now = jiff::Timestamp::now().as_second();
    sqlx::query(
        "INSERT INTO help_requests (id, hub_id, name, topic, details, status, received_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, 'open', ?, ?)",
    )
    .bind(id.to_string())
    .bind(request.hub.0)
    .bind(&request.name)
    .bind(request.topic.code())
    .bind(&request.details)
    .bind(now)
    .bind(now)
    .execute(db)
    .await
    .map_err(other)?;
    Ok(())
}

#[async_trait::async_trait]
impl HelpRequestStore for SqliteStore {
    async fn help_requests(&self, hub: HubId, done_since: i64) -> StoreResult<Vec<HelpRequestRecord>> {
        let rows = sqlx::query(&format!(
            "{SELECT} WHERE r.hub_id = ? AND r.name IS NOT NULL AND (r.status != 'done' OR r.updated_at >= ?) ORDER BY r.id"
        ))
        .bind(hub.0)
        .bind(done_since)
        .fetch_all(self.pool())
        .await
        .map_err(other)?;
        rows.iter().map(read).collect()
    }

    async fn move_help_request(&self, hub: HubId, id: MutationId, to: HelpStatus, by: &Account) -> StoreResult<Moved> {
        // The writer lock from the first read: two volunteers taking the same request at
        // once are decided one after the other.
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await.map_err(other)?;
        let row = sqlx::query(&format!("{SELECT} WHERE r.id = ? AND r.hub_id = ? AND r.name IS NOT NULL"))
            .bind(id.to_string())
            .bind(hub.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(other)?;
        let record = read(&row.ok_or(StoreError::NotFound)?)?;
        let next = match advance(record.state(), to, by.id, by.coordinates(hub)) {
            Ok(next) => next,
            Err(bad) => return Ok(Moved { request: record, refused: Some(bad) }),
        };
        if next != record.state() {
            sqlx::query("UPDATE help_requests SET status = ?, taken_by = ?, updated_at = ? WHERE id = ?")
                .bind(next.status.code())
                .bind(next.taken_by.map(|a| a.0))
                .bind(jiff::Timestamp::now().as_second())
                .bind(id.to_string())
                .execute(&mut *tx)
                .await
                .map_err(other)?;
        }
        let row = sqlx::query(&format!("{SELECT} WHERE r.id = ?")).bind(id.to_string()).fetch_one(&mut *tx).await.map_err(other)?;
        let moved = read(&row)?;
        tx.commit().await.map_err(other)?;
        Ok(Moved { request: moved, refused: None })
    }

    async fn erase_help_requests(&self, now: i64) -> StoreResult<u64> {
        let done = sqlx::query(
            "UPDATE help_requests SET name = NULL, details = NULL \
             WHERE name IS NOT NULL AND ((status = 'done' AND updated_at < ?) OR received_at < ?)",
        )
        .bind(now - ERASE_DONE_AFTER_SECONDS)
        .bind(now - ERASE_ANY_AFTER_SECONDS)
        .execute(self.pool())
        .await
        .map_err(other)?;
        Ok(done.rows_affected())
    }
}
