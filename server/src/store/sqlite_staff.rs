//! Staff accounts and invitations in SQLite (`migrations/sqlite/0006_staff.sql`).

use super::sqlite::{SqliteStore, other};
use app::domain::ids::{AccountId, HubId};
use app::domain::staff::{Account, Role, invite_open};
use app::error::{FieldError, Reason};
use app::store::{Invite, NewAccount, StaffRecord, StaffStore, StoreError, StoreResult};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

macro_rules! account_columns {
    () => {
        "id, email, name, role, password_hash, active, epoch"
    };
}

fn read_role(code: &str) -> StoreResult<Role> {
    Role::from_code(code).ok_or_else(|| other(format!("unknown role {code:?} in the database")))
}

fn now_seconds() -> i64 {
    jiff::Timestamp::now().as_second()
}

async fn hubs_of(conn: &mut SqliteConnection, id: i64) -> StoreResult<Vec<HubId>> {
    let hubs: Vec<i64> = sqlx::query_scalar("SELECT hub_id FROM account_hubs WHERE account_id = ? ORDER BY hub_id")
        .bind(id)
        .fetch_all(conn)
        .await
        .map_err(other)?;
    Ok(hubs.into_iter().map(HubId).collect())
}

async fn record(conn: &mut SqliteConnection, row: SqliteRow) -> StoreResult<StaffRecord> {
    let id: i64 = row.get("id");
    let account = Account {
        id: AccountId(id),
        email: row.get("email"),
        name: row.get("name"),
        role: read_role(row.get("role"))?,
        hubs: hubs_of(conn, id).await?,
        active: row.get::<i64, _>("active") == 1,
    };
    Ok(StaffRecord { account, password_hash: row.get("password_hash"), epoch: row.get("epoch") })
}

async fn insert_account(conn: &mut SqliteConnection, new: &NewAccount) -> StoreResult<AccountId> {
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT id FROM accounts WHERE email = ?").bind(&new.email).fetch_optional(&mut *conn).await.map_err(other)?;
    if taken.is_some() {
        return Err(StoreError::Invalid(FieldError::new("email", Reason::Taken).with_value(&new.email)));
    }
    let id: i64 =
        sqlx::query_scalar("INSERT INTO accounts (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id")
            .bind(&new.email)
            .bind(&new.name)
            .bind(new.role.code())
            .bind(&new.password_hash)
            .bind(now_seconds())
            .fetch_one(&mut *conn)
            .await
            .map_err(other)?;
    for hub in &new.hubs {
        sqlx::query("INSERT OR IGNORE INTO account_hubs (account_id, hub_id) VALUES (?, ?)")
            .bind(id)
            .bind(hub.0)
            .execute(&mut *conn)
            .await
            .map_err(other)?;
    }
    Ok(AccountId(id))
}

fn read_invite(row: &SqliteRow) -> StoreResult<Invite> {
    let hubs: Vec<HubId> = serde_json::from_str(row.get("hubs")).map_err(other)?;
    Ok(Invite {
        email: row.get("email"),
        role: read_role(row.get("role"))?,
        hubs,
        expires_at: row.get("expires_at"),
        invited_by: AccountId(row.get("invited_by")),
        used: row.get::<Option<i64>, _>("used_at").is_some(),
    })
}

impl SqliteStore {
    /// The account a query of [`account_columns`] finds, with its hubs.
    async fn one_account<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    ) -> StoreResult<Option<StaffRecord>> {
        let mut conn = self.pool.acquire().await.map_err(other)?;
        match query.fetch_optional(&mut *conn).await.map_err(other)? {
            Some(row) => Ok(Some(record(&mut conn, row).await?)),
            None => Ok(None),
        }
    }
}

#[async_trait::async_trait]
impl StaffStore for SqliteStore {
    async fn add_account(&self, new: &NewAccount) -> StoreResult<AccountId> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(other)?;
        let id = insert_account(&mut tx, new).await?;
        tx.commit().await.map_err(other)?;
        Ok(id)
    }

    async fn account_by_email(&self, email: &str) -> StoreResult<Option<StaffRecord>> {
        self.one_account(sqlx::query(concat!("SELECT ", account_columns!(), " FROM accounts WHERE email = ?")).bind(email)).await
    }

    async fn account(&self, id: AccountId) -> StoreResult<Option<StaffRecord>> {
        self.one_account(sqlx::query(concat!("SELECT ", account_columns!(), " FROM accounts WHERE id = ?")).bind(id.0)).await
    }

    async fn accounts(&self) -> StoreResult<Vec<Account>> {
        let mut conn = self.pool.acquire().await.map_err(other)?;
        let rows = sqlx::query(concat!("SELECT ", account_columns!(), " FROM accounts ORDER BY name, id"))
            .fetch_all(&mut *conn)
            .await
            .map_err(other)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(record(&mut conn, row).await?.account);
        }
        Ok(out)
    }

    async fn set_active(&self, id: AccountId, active: bool) -> StoreResult<()> {
        // Deactivating raises the epoch, so that no session of before outlives a later
        // reactivation.
        let done =
            sqlx::query("UPDATE accounts SET active = ?, epoch = epoch + (CASE WHEN ? = 0 AND active = 1 THEN 1 ELSE 0 END) WHERE id = ?")
                .bind(i64::from(active))
                .bind(i64::from(active))
                .bind(id.0)
                .execute(&self.pool)
                .await
                .map_err(other)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn add_invite(&self, token_digest: &str, invite: &Invite) -> StoreResult<()> {
        let hubs = serde_json::to_string(&invite.hubs).map_err(other)?;
        sqlx::query(
            "INSERT INTO invites (token_digest, email, role, hubs, expires_at, invited_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(token_digest)
        .bind(&invite.email)
        .bind(invite.role.code())
        .bind(hubs)
        .bind(invite.expires_at)
        .bind(invite.invited_by.0)
        .bind(now_seconds())
        .execute(&self.pool)
        .await
        .map_err(other)?;
        Ok(())
    }

    async fn invite(&self, token_digest: &str) -> StoreResult<Option<Invite>> {
        let row = sqlx::query("SELECT * FROM invites WHERE token_digest = ?")
            .bind(token_digest)
            .fetch_optional(&self.pool)
            .await
            .map_err(other)?;
        row.as_ref().map(read_invite).transpose()
    }

    async fn accept_invite(&self, token_digest: &str, now: i64, name: &str, password_hash: &str) -> StoreResult<AccountId> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(other)?;
        let row =
            sqlx::query("SELECT * FROM invites WHERE token_digest = ?").bind(token_digest).fetch_optional(&mut *tx).await.map_err(other)?;
        let invite = read_invite(&row.ok_or(StoreError::NotFound)?)?;
        invite_open(invite.expires_at, invite.used, now).map_err(StoreError::Invalid)?;
        let new = NewAccount {
            email: invite.email,
            name: name.to_string(),
            role: invite.role,
            hubs: invite.hubs,
            password_hash: password_hash.to_string(),
        };
        let id = insert_account(&mut tx, &new).await?;
        sqlx::query("UPDATE invites SET used_at = ? WHERE token_digest = ?")
            .bind(now)
            .bind(token_digest)
            .execute(&mut *tx)
            .await
            .map_err(other)?;
        tx.commit().await.map_err(other)?;
        Ok(id)
    }
}
