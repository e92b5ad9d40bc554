//! Staff sessions and the `civico user` commands.
//!
//! Sessions are tower-sessions' (stored in the database through its sqlx store) with
//! axum-login on top: a maintained layer that changes the session id at login, checks
//! the account on every request that carries the cookie (a deactivated account's session
//! ends at its next request), and stores nothing in the cookie but a random id.

use crate::config::UserCommand;
use crate::store::SqliteStore;
use app::domain::staff::{Role, check_password, normalise_email, normalise_name};
use app::features::staff::auth::{StaffBackend, StaffSettings, hash_password_blocking};
use app::store::{NewAccount, SharedStore, StaffStore, StoreError};
use axum_login::tower_sessions::cookie::SameSite;
use axum_login::tower_sessions::{Expiry, SessionManagerLayer};
use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder};
use std::io::{BufRead, IsTerminal, Write};

/// The session cookie's name: under HTTPS with the `__Host-` prefix, which browsers
/// accept only with `Secure`, `Path=/` and no `Domain` (no subdomain can set or shadow it).
pub fn cookie_name(https: bool) -> &'static str {
    if https { "__Host-civico_staff" } else { "civico_staff" }
}

/// The session layer and axum-login's layer on it, for the whole router.
pub fn auth_layer(
    store: SharedStore,
    sessions: tower_sessions_sqlx_store::SqliteStore,
    https: bool,
    settings: StaffSettings,
) -> AuthManagerLayer<StaffBackend, tower_sessions_sqlx_store::SqliteStore> {
    let days = axum_login::tower_sessions::cookie::time::Duration::days(i64::from(settings.offline_days));
    let session_layer = SessionManagerLayer::new(sessions)
        .with_name(cookie_name(https))
        .with_secure(https)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(days));
    AuthManagerLayerBuilder::new(StaffBackend { store }, session_layer).build()
}

/// The session table of this database.
pub fn session_store(store: &SqliteStore) -> tower_sessions_sqlx_store::SqliteStore {
    tower_sessions_sqlx_store::SqliteStore::new(store.pool().clone())
}

/// `civico user …`.
pub async fn run(store: &dyn StaffStore, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::CreateAdmin { email, name } => {
            let email = normalise_email(&email).map_err(|e| anyhow::anyhow!("{e}"))?;
            let name = normalise_name(name.as_deref().unwrap_or("Amministratore")).map_err(|e| anyhow::anyhow!("{e}"))?;
            let password = read_password(&email)?;
            let password_hash = tokio::task::spawn_blocking(move || hash_password_blocking(&password)).await??;
            let new = NewAccount { email: email.clone(), name, role: Role::Admin, hubs: Vec::new(), password_hash };
            match store.add_account(&new).await {
                Ok(id) => eprintln!("administrator {email} created (account {id})"),
                Err(StoreError::Invalid(e)) => anyhow::bail!("{e}"),
                Err(e) => return Err(e.into()),
            }
        }
        UserCommand::Deactivate { email } => {
            let email = normalise_email(&email).map_err(|e| anyhow::anyhow!("{e}"))?;
            let Some(record) = store.account_by_email(&email).await? else { anyhow::bail!("no account has the address {email}") };
            store.set_active(record.account.id, false).await?;
            eprintln!("{email} deactivated (account {}): its sessions have ended", record.account.id);
        }
    }
    Ok(())
}

/// The password, from the first line of standard input. At a terminal it asks and hides
/// what is typed (`stty -echo`); piped in, it reads the line as it is.
fn read_password(email: &str) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    let at_terminal = stdin.is_terminal();
    if at_terminal {
        eprint!("Password for {email} (at least {} characters): ", app::domain::staff::PASSWORD_MIN);
        std::io::stderr().flush()?;
        let _ = std::process::Command::new("stty").arg("-echo").stdin(std::process::Stdio::inherit()).status();
    }
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if at_terminal {
        let _ = std::process::Command::new("stty").arg("echo").stdin(std::process::Stdio::inherit()).status();
        eprintln!();
    }
    read?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    check_password(&password, email).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(password)
}

#[derive(serde::Deserialize)]
pub struct AttendanceQuery {
    hub: Option<String>,
    month: Option<String>,
}

/// `GET /api/staff/attendance.csv?hub=3&month=2026-12`: a hub's attendance in a month, as
/// a file to download, for its coordinators and administrators. A plain GET with the
/// session cookie (a link works, no script needed); refusals are the server functions'
/// JSON errors with their status. Under `/api/staff/`, so never cached.
pub async fn attendance_csv(
    auth: app::features::staff::auth::StaffSession,
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    headers: axum::http::HeaderMap,
    axum::extract::Query(q): axum::extract::Query<AttendanceQuery>,
) -> axum::response::Response {
    use app::error::{AppError, FieldError, Reason};
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    let lang = app::i18n::lang_from_headers(&headers).unwrap_or_default();
    let answer = async {
        let account = auth.user.ok_or_else(|| AppError::Unauthorized(FieldError::new("login", Reason::LoginRequired)))?.account;
        let hub = q.hub.unwrap_or_default();
        let hub = hub.parse().map_err(|_| AppError::bad_param("hub", Reason::NotANumber, &hub))?;
        let month = q.month.unwrap_or_default();
        app::features::staff::hub_api::server::attendance_csv(&state.store, &account, hub, &month, lang).await
    };
    match answer.await {
        Ok((name, body)) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            ],
            body,
        )
            .into_response(),
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = serde_json::to_string(&e).unwrap_or_default();
            (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
    }
}
