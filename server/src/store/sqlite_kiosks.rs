//! Hubs' kiosks in SQLite (`migrations/sqlite/0009_kiosks.sql`).

use super::sqlite::{SqliteStore, other};
use app::domain::ids::{HubId, KioskId};
use app::domain::kiosk::Kiosk;
use app::store::{KioskStore, NewKiosk, StoreError, StoreResult};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

const COLUMNS: &str = "id, hub_id, label, idle_seconds, enrolled_at, revoked_at IS NOT NULL AS revoked";

fn read(row: &SqliteRow) -> Kiosk {
    Kiosk {
        id: KioskId(row.get("id")),
        hub: HubId(row.get("hub_id")),
        label: row.get("label"),
        idle_seconds: row.get::<i64, _>("idle_seconds").clamp(0, i64::from(u32::MAX)) as u32,
        enrolled_at: row.get("enrolled_at"),
        revoked: row.get("revoked"),
    }
}

#[async_trait::async_trait]
impl KioskStore for SqliteStore {
    async fn add_kiosk(&self, token_digest: &str, new: &NewKiosk) -> StoreResult<Kiosk> {
        let row = sqlx::query(&format!(
            "INSERT INTO kiosks (token_digest, hub_id, label, idle_seconds, enrolled_by, enrolled_at) \
             VALUES (?, ?, ?, ?, ?, ?) RETURNING {COLUMNS}"
        ))
        .bind(token_digest)
        .bind(new.hub.0)
        .bind(&new.label)
        .bind(i64::from(new.idle_seconds))
        .bind(new.enrolled_by.0)
        .bind(jiff::Timestamp::now().as_second())
        .fetch_one(self.pool())
        .await
        .map_err(other)?;
        Ok(read(&row))
    }

    async fn kiosks(&self, hub: HubId) -> StoreResult<Vec<Kiosk>> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM kiosks WHERE hub_id = ? ORDER BY id DESC"))
            .bind(hub.0)
            .fetch_all(self.pool())
            .await
            .map_err(other)?;
        Ok(rows.iter().map(read).collect())
    }

    async fn revoke_kiosk(&self, hub: HubId, id: KioskId) -> StoreResult<()> {
        let done = sqlx::query("UPDATE kiosks SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? AND hub_id = ?")
            .bind(jiff::Timestamp::now().as_second())
            .bind(id.0)
            .bind(hub.0)
            .execute(self.pool())
            .await
            .map_err(other)?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    async fn kiosk_by_token(&self, token_digest: &str) -> StoreResult<Option<Kiosk>> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM kiosks WHERE token_digest = ?"))
            .bind(token_digest)
            .fetch_optional(self.pool())
            .await
            .map_err(other)?;
        Ok(row.as_ref().map(read))
    }
}
