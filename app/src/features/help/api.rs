//! The hub's help requests for its staff: the list on the desk, and taking and closing
//! one. Under `/api/staff/`, which nothing caches. Requests arrive through the kiosk's
//! push (`sync/push`), not here.

use crate::domain::help_request::{HelpRequestRecord, HelpStatus, Moved};
use crate::domain::ids::HubId;
use crate::domain::mutation_id::MutationId;
use crate::error::AppError;
use leptos::prelude::*;

/// The hub's requests not done yet, and those closed in the last hours, oldest first.
#[server(endpoint = "staff/help_requests", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_help_requests(hub: HubId) -> Result<Vec<HelpRequestRecord>, AppError> {
    use crate::domain::help_request::DONE_SHOWN_SECONDS;
    crate::features::staff::auth::caller_at(hub).await?;
    let since = jiff::Timestamp::now().as_second() - DONE_SHOWN_SECONDS;
    Ok(crate::features::staff::auth::store()?.help_requests(hub, since).await?)
}

/// Moves one of the hub's requests: `taken` by the caller, handed back (`open`) or `done`.
/// A move a colleague made impossible is answered with the request as it is and why.
#[server(endpoint = "staff/move_help_request", input = crate::codec::Json, output = crate::codec::Json)]
pub async fn staff_move_help_request(hub: HubId, request: MutationId, to: HelpStatus) -> Result<Moved, AppError> {
    let caller = crate::features::staff::auth::caller_at(hub).await?;
    let moved = crate::features::staff::auth::store()?.move_help_request(hub, request, to, &caller).await?;
    if moved.refused.is_none() {
        tracing::info!(%hub, %request, to = to.code(), by = %caller.id, "help request moved");
    }
    Ok(moved)
}
