//! Turning a page of the change feed into operations on a replica.

use super::cities::Cities;
use crate::content::{ChangePage, ChangeSeq, Directory, DocKey, Document};
use std::collections::BTreeMap;

/// What applying one page does to a replica. Apply it all in one transaction, cursor
/// included, or not at all: then an interrupted sync resumes without loss or duplication.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApplyPlan {
    pub puts: Vec<Document>,
    pub deletes: Vec<DocKey>,
    /// The cursor the plan was made from. The executor applies it only to a replica still
    /// there, so a reset or another tab's sync in between is never overwritten.
    pub after: ChangeSeq,
    /// The cursor to store with the changes.
    pub cursor: ChangeSeq,
    /// The cities the page was asked for: applied only to a replica still pulling those.
    pub cities: Cities,
    /// Where the deployment has hubs and services, when the page says.
    pub directory: Option<Directory>,
    /// The replica's [`generation`](super::replica::SyncMeta::generation) the plan was made
    /// against: applied only if nothing else wrote the replica since (a reset leaves the
    /// cursor and cities as they were when it comes right after a city was added, but not
    /// the directory the feed was told the device holds).
    pub generation: u64,
}

impl ApplyPlan {
    pub fn is_empty(&self) -> bool {
        self.puts.is_empty() && self.deletes.is_empty()
    }
}

/// What became of a plan handed to a replica.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Everything landed, cursor included; the replica's content now stands at `generation`
    /// (the same as before when the plan changed nothing a page shows).
    Done { generation: u64 },
    /// The replica's cursor is no longer the plan's `after` (it was reset, or another tab
    /// synced meanwhile): nothing was written. Plan again from the stored cursor.
    Stale,
}

/// Why a page cannot be applied. Each says what the device should do next.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// The server's feed is behind this replica (its database was restored or reset):
    /// the replica must be emptied and rebuilt from cursor 0.
    #[error("the server's data was reset: this device will download everything again")]
    ServerBehind { replica: ChangeSeq, server: ChangeSeq },
    /// The page is not in change order: it is not applied; try again later.
    #[error("the server sent changes out of order; they were not applied")]
    OutOfOrder,
}

/// The plan for `page` on a replica at `cursor`. Changes the replica already has (at or
/// below its cursor) are skipped, so a page applied twice does nothing the second time.
pub fn plan_page(cursor: ChangeSeq, page: &ChangePage) -> Result<ApplyPlan, SyncError> {
    if page.head < cursor {
        return Err(SyncError::ServerBehind { replica: cursor, server: page.head });
    }
    if page.changes.windows(2).any(|w| w[0].seq >= w[1].seq) {
        return Err(SyncError::OutOfOrder);
    }
    // Latest change per key wins; keys stay in a stable order for a stable test output.
    let mut latest: BTreeMap<&DocKey, Option<&Document>> = BTreeMap::new();
    for change in page.changes.iter().filter(|c| c.seq > cursor) {
        latest.insert(&change.key, change.doc.as_ref());
    }
    let mut plan = ApplyPlan { after: cursor, cursor: page.next.max(cursor), directory: page.directory.clone(), ..ApplyPlan::default() };
    for (key, doc) in latest {
        match doc {
            Some(doc) => plan.puts.push(doc.clone()),
            None => plan.deletes.push(key.clone()),
        }
    }
    Ok(plan)
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
