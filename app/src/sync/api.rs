//! The change feed as a server function: `GET /api/changes?after=N`, and
//! `&cities[0]=Roma&cities[1]=…` for a device that keeps only some cities.

use crate::content::ChangePage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Changes per page unless the caller asks for fewer.
pub const DEFAULT_PAGE: u32 = 200;
/// The most cities one device may keep: each is a download of its own, and a list this
/// long is already most of a national deployment.
pub const MAX_CITIES: usize = 50;

/// The changes after `after` (0 for everything), oldest first, at most `limit` (≤ 1000);
/// with `cities`, only theirs (see [`crate::store::ContentStore::city_changes_since`]), and
/// the [`crate::content::Directory`] of every city on the last page.
#[server(endpoint = "changes", input = GetUrl, output = crate::codec::Json)]
pub async fn get_changes(after: i64, limit: Option<u32>, cities: Option<Vec<String>>) -> Result<ChangePage, AppError> {
    use crate::content::{ChangeSeq, Directory};
    use crate::error::Reason;
    use crate::store::use_store;
    if after < 0 {
        return Err(AppError::bad_param("after", Reason::OutOfRange, &after.to_string()));
    }
    let limit = limit.unwrap_or(DEFAULT_PAGE).clamp(1, 1000);
    let store = use_store()?;
    let Some(cities) = cities.filter(|c| !c.is_empty()) else {
        return Ok(store.changes_since(ChangeSeq(after), limit).await?);
    };
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
        let (calendar, guide) = (store.calendar().await?, store.guide().await?);
        page.directory =
            Some(Directory { places: crate::domain::hub::place_index(&calendar.hubs), service_cities: guide.cities().to_vec() });
    }
    Ok(page)
}
