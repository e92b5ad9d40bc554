//! The change feed as a server function: `GET /api/changes?after=N`.

use crate::content::ChangePage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Changes per page unless the caller asks for fewer.
pub const DEFAULT_PAGE: u32 = 200;

/// The changes after `after` (0 for everything), oldest first, at most `limit` (≤ 1000),
/// optionally only one city's content plus the shared taxonomy.
#[server(endpoint = "changes", input = GetUrl)]
pub async fn get_changes(after: i64, limit: Option<u32>, city: Option<String>) -> Result<ChangePage, AppError> {
    use crate::content::ChangeSeq;
    use crate::store::use_store;
    if after < 0 {
        return Err(AppError::Invalid(format!("the cursor must be 0 or more, not {after}")));
    }
    let limit = limit.unwrap_or(DEFAULT_PAGE).clamp(1, 1000);
    let city = crate::features::non_empty(city);
    Ok(use_store()?.changes_since(ChangeSeq(after), limit, city.as_deref()).await?)
}
