//! The change feed as a server function: `GET /api/changes?after=N`.

use crate::content::ChangePage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Changes per page unless the caller asks for fewer.
pub const DEFAULT_PAGE: u32 = 200;

/// The changes after `after` (0 for everything), oldest first, at most `limit` (≤ 1000).
///
/// Every device syncs every city. A per-city feed needs a "left this city" change for a
/// document that moves away (filtering on the current city never tells the old one's
/// replicas), so it waits until a client needs it.
#[server(endpoint = "changes", input = GetUrl, output = crate::codec::Json)]
pub async fn get_changes(after: i64, limit: Option<u32>) -> Result<ChangePage, AppError> {
    use crate::content::ChangeSeq;
    use crate::store::use_store;
    if after < 0 {
        return Err(AppError::bad_param("after", crate::error::Reason::OutOfRange, &after.to_string()));
    }
    let limit = limit.unwrap_or(DEFAULT_PAGE).clamp(1, 1000);
    Ok(use_store()?.changes_since(ChangeSeq(after), limit).await?)
}
