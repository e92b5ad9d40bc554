//! The change feed as a server function: `GET /api/changes?after=N`, and
//! `&by_city=true&cities[0]=Roma&cities[1]=…` for a device that keeps only some cities;
//! and `GET /api/directory`, where the deployment has hubs and services.

use crate::content::{ChangePage, Directory};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Changes per page unless the caller asks for fewer.
pub const DEFAULT_PAGE: u32 = 200;
/// The most cities one device may keep: each is a download of its own, and a list this
/// long is already most of a national deployment.
pub const MAX_CITIES: usize = 50;

/// The changes after `after` (0 for everything), oldest first, at most `limit` (≤ 1000).
/// With `by_city` (or any `cities`), only those of `cities` (none: only what belongs to
/// every city; see [`crate::store::ContentStore::city_changes_since`]), and the
/// [`Directory`] on the last page, unless it is the one whose [`Directory::tag`] the device
/// sent as `directory_tag`. (`by_city` says it because a query string cannot carry an
/// empty list.)
#[server(endpoint = "changes", input = GetUrl, output = crate::codec::Json)]
pub async fn get_changes(
    after: i64,
    limit: Option<u32>,
    cities: Option<Vec<String>>,
    by_city: Option<bool>,
    directory_tag: Option<u64>,
) -> Result<ChangePage, AppError> {
    use crate::content::ChangeSeq;
    use crate::error::Reason;
    use crate::store::use_store;
    if after < 0 {
        return Err(AppError::bad_param("after", Reason::OutOfRange, &after.to_string()));
    }
    let limit = limit.unwrap_or(DEFAULT_PAGE).clamp(1, 1000);
    let store = use_store()?;
    let cities = cities.unwrap_or_default();
    if cities.is_empty() && by_city != Some(true) {
        return Ok(store.changes_since(ChangeSeq(after), limit).await?);
    }
    if cities.len() > MAX_CITIES {
        return Err(AppError::bad_param("cities", Reason::TooLong, &cities.len().to_string()));
    }
    if cities.iter().any(|c| c.trim().is_empty()) {
        return Err(AppError::bad_param("cities", Reason::Required, ""));
    }
    if let Some(long) = cities.iter().find(|c| c.chars().count() > crate::domain::text::LINE_MAX) {
        return Err(AppError::bad_param("cities", Reason::TooLong, long));
    }
    let mut page = store.city_changes_since(ChangeSeq(after), limit, &cities).await?;
    if !page.more {
        page.directory = Some(directory(&store).await?).filter(|d| Some(d.tag()) != directory_tag);
    }
    Ok(page)
}

/// Every city with hubs (and its districts) or services, and how much content there is:
/// what a new device asks before its first sync, to know whether to keep every city.
#[server(endpoint = "directory", input = GetUrl, output = crate::codec::Json)]
pub async fn get_directory() -> Result<Directory, AppError> {
    directory(&crate::store::use_store()?).await
}

#[cfg(feature = "ssr")]
async fn directory(store: &crate::store::SharedStore) -> Result<Directory, AppError> {
    let (calendar, guide) = (store.calendar().await?, store.guide().await?);
    Ok(Directory {
        places: crate::domain::hub::place_index(&calendar.hubs),
        service_cities: guide.cities().to_vec(),
        documents: calendar.hubs.len() + calendar.activities.len() + guide.len(),
    })
}
