//! Turning a page of the change feed into operations on a replica.

use crate::content::{ChangePage, ChangeSeq, DocKey, Document};
use std::collections::BTreeMap;

/// What applying one page does to a replica. Apply it all in one transaction, cursor
/// included, or not at all: then an interrupted sync resumes without loss or duplication.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApplyPlan {
    pub puts: Vec<Document>,
    pub deletes: Vec<DocKey>,
    /// The cursor to store with the changes.
    pub cursor: ChangeSeq,
}

impl ApplyPlan {
    pub fn is_empty(&self) -> bool {
        self.puts.is_empty() && self.deletes.is_empty()
    }
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
    let mut plan = ApplyPlan { cursor: page.next.max(cursor), ..ApplyPlan::default() };
    for (key, doc) in latest {
        match doc {
            Some(doc) => plan.puts.push(doc.clone()),
            None => plan.deletes.push(key.clone()),
        }
    }
    Ok(plan)
}

/// A replica kept in memory: what the device's IndexedDB holds, for tests and for
/// reasoning about the executor (apply is all or nothing).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MemoryReplica {
    pub docs: BTreeMap<DocKey, Document>,
    pub cursor: ChangeSeq,
}

impl MemoryReplica {
    pub fn apply(&mut self, plan: &ApplyPlan) {
        for key in &plan.deletes {
            self.docs.remove(key);
        }
        for doc in &plan.puts {
            self.docs.insert(doc.key(), doc.clone());
        }
        self.cursor = plan.cursor;
    }

    /// Empties the replica, as after [`SyncError::ServerBehind`] or a schema change.
    pub fn reset(&mut self) {
        *self = MemoryReplica::default();
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
