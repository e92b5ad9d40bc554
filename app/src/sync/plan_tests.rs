use super::*;
use crate::content::Change;
use crate::domain::service::TaxonomyTerm;
use crate::domain::text::Text;
use proptest::prelude::*;

fn term(code: &str, name: &str) -> Document {
    Document::TaxonomyTerm(TaxonomyTerm { code: code.into(), parent: None, name: Text::it(name) })
}

fn key(code: &str) -> DocKey {
    DocKey::TaxonomyTerm(code.into())
}

/// A toy server with the same feed semantics as the real store: every write moves the
/// key to the next number; a delete leaves a tombstone.
#[derive(Default)]
struct Feed {
    rows: BTreeMap<DocKey, Change>,
    seq: i64,
}

impl Feed {
    fn put(&mut self, doc: Document) {
        self.seq += 1;
        self.rows.insert(doc.key(), Change { seq: ChangeSeq(self.seq), key: doc.key(), doc: Some(doc) });
    }
    fn delete(&mut self, k: DocKey) {
        if self.rows.get(&k).is_some_and(|c| c.doc.is_some()) {
            self.seq += 1;
            self.rows.insert(k.clone(), Change { seq: ChangeSeq(self.seq), key: k, doc: None });
        }
    }
    fn page(&self, after: ChangeSeq, limit: usize) -> ChangePage {
        let mut all: Vec<&Change> = self.rows.values().filter(|c| c.seq > after).collect();
        all.sort_by_key(|c| c.seq);
        let changes: Vec<Change> = all.iter().take(limit).map(|c| (*c).clone()).collect();
        ChangePage {
            next: changes.last().map(|c| c.seq).unwrap_or(after),
            more: all.len() > limit,
            changes,
            head: ChangeSeq(self.seq),
            directory: None,
        }
    }
    fn live(&self) -> BTreeMap<DocKey, Document> {
        self.rows.values().filter_map(|c| c.doc.clone().map(|d| (c.key.clone(), d))).collect()
    }
}

/// The device's replica as the tests see it. Like the IndexedDB executor it applies a
/// plan in one transaction, in the executor's order (check the cursor, deletes, puts,
/// cursor): writes go to a copy that replaces the replica only when the transaction
/// commits, so a transaction cut off anywhere leaves the replica as it was.
#[derive(Clone, Debug, Default, PartialEq)]
struct MemoryReplica {
    docs: BTreeMap<DocKey, Document>,
    cursor: ChangeSeq,
}

/// A transaction that did not commit.
#[derive(Debug, PartialEq)]
struct Interrupted;

/// One write of the executor's transaction.
enum Write<'a> {
    Delete(&'a DocKey),
    Put(&'a Document),
    Cursor(ChangeSeq),
}

/// The writes applying `plan` takes, in the executor's order.
fn writes(plan: &ApplyPlan) -> Vec<Write<'_>> {
    let deletes = plan.deletes.iter().map(Write::Delete);
    let puts = plan.puts.iter().map(Write::Put);
    deletes.chain(puts).chain([Write::Cursor(plan.cursor)]).collect()
}

impl MemoryReplica {
    fn apply(&mut self, plan: &ApplyPlan) -> Applied {
        self.apply_cut(plan, None).expect("an uninterrupted apply commits")
    }

    /// Applies `plan`, the transaction cut off (tab closed, battery died) after `cut`
    /// writes when given; `cut == writes(plan).len()` is cut after the last write,
    /// before the commit.
    fn apply_cut(&mut self, plan: &ApplyPlan, cut: Option<usize>) -> Result<Applied, Interrupted> {
        if plan.after != self.cursor {
            return Ok(Applied::Stale);
        }
        let mut tx = self.clone();
        for (done, write) in writes(plan).into_iter().enumerate() {
            if cut == Some(done) {
                return Err(Interrupted);
            }
            match write {
                Write::Delete(key) => {
                    tx.docs.remove(key);
                }
                Write::Put(doc) => {
                    tx.docs.insert(doc.key(), doc.clone());
                }
                Write::Cursor(cursor) => tx.cursor = cursor,
            }
        }
        if cut.is_some() {
            return Err(Interrupted);
        }
        *self = tx;
        Ok(Applied::Done { generation: 0 })
    }

    /// Empties the replica, as after [`SyncError::ServerBehind`] or a schema change.
    fn reset(&mut self) {
        *self = MemoryReplica::default();
    }
}

/// Syncs to the end of the feed, as the engine does.
fn sync(replica: &mut MemoryReplica, feed: &Feed, limit: usize) {
    loop {
        let page = feed.page(replica.cursor, limit);
        let plan = match plan_page(replica.cursor, &page) {
            Ok(plan) => plan,
            Err(SyncError::ServerBehind { .. }) => {
                replica.reset();
                continue;
            }
            Err(e) => panic!("{e}"),
        };
        assert!(matches!(replica.apply(&plan), Applied::Done { .. }));
        if !page.more {
            return;
        }
    }
}

#[test]
fn first_sync_from_zero_downloads_everything() {
    let mut feed = Feed::default();
    feed.put(term("a", "A"));
    feed.put(term("b", "B"));
    feed.put(term("c", "C"));
    let mut replica = MemoryReplica::default();
    sync(&mut replica, &feed, 2);
    assert_eq!(replica.docs, feed.live());
    assert_eq!(replica.cursor, ChangeSeq(3));
}

#[test]
fn a_page_applied_twice_changes_nothing_the_second_time() {
    let mut feed = Feed::default();
    feed.put(term("a", "A"));
    feed.put(term("b", "B"));
    let page = feed.page(ChangeSeq(0), 10);
    let mut replica = MemoryReplica::default();
    replica.apply(&plan_page(replica.cursor, &page).unwrap());
    let once = replica.clone();
    let again = plan_page(replica.cursor, &page).unwrap();
    assert!(again.is_empty());
    replica.apply(&again);
    assert_eq!(replica, once);
}

#[test]
fn an_interrupted_apply_lands_nothing_and_resumes_without_loss_or_duplication() {
    let mut feed = Feed::default();
    for c in ["a", "b", "c", "d"] {
        feed.put(term(c, c));
    }
    let mut replica = MemoryReplica::default();
    replica.apply(&plan_page(replica.cursor, &feed.page(ChangeSeq(0), 2)).unwrap());
    feed.delete(key("a"));
    let before = replica.clone();
    // The next page deletes "a" and writes "c" and "d". Its transaction is cut off after
    // each possible number of writes (tab closed, battery died): nothing of it lands.
    let plan = plan_page(replica.cursor, &feed.page(replica.cursor, 3)).unwrap();
    assert_eq!((plan.deletes.len(), plan.puts.len()), (1, 2));
    for cut in 0..=writes(&plan).len() {
        assert_eq!(replica.apply_cut(&plan, Some(cut)), Err(Interrupted));
        assert_eq!(replica, before, "cut after {cut} writes");
    }
    sync(&mut replica, &feed, 2);
    assert_eq!(replica.docs, feed.live());
    assert!(!replica.docs.contains_key(&key("a")));
}

#[test]
fn a_plan_made_before_the_replica_moved_is_refused() {
    let mut feed = Feed::default();
    feed.put(term("a", "A"));
    let mut replica = MemoryReplica::default();
    let early = plan_page(replica.cursor, &feed.page(ChangeSeq(0), 10)).unwrap();
    feed.put(term("a", "A2"));
    // Another tab synced meanwhile: the early plan would put the old "a" back.
    sync(&mut replica, &feed, 10);
    let synced = replica.clone();
    assert_eq!(replica.apply(&early), Applied::Stale);
    assert_eq!(replica, synced);
}

#[test]
fn tombstones_remove_and_updates_replace() {
    let mut feed = Feed::default();
    feed.put(term("a", "A"));
    feed.put(term("b", "B"));
    let mut replica = MemoryReplica::default();
    sync(&mut replica, &feed, 10);
    feed.put(term("a", "A2"));
    feed.delete(key("b"));
    let plan = plan_page(replica.cursor, &feed.page(replica.cursor, 10)).unwrap();
    assert_eq!(plan.puts, vec![term("a", "A2")]);
    assert_eq!(plan.deletes, vec![key("b")]);
    replica.apply(&plan);
    assert_eq!(replica.docs, feed.live());
}

#[test]
fn a_reset_server_makes_the_replica_start_again() {
    let mut replica = MemoryReplica { cursor: ChangeSeq(50), ..Default::default() };
    replica.docs.insert(key("old"), term("old", "Old"));
    // The server's database was restored from an older backup: its feed ends at 1.
    let mut restored = Feed::default();
    restored.put(term("new", "New"));
    let page = restored.page(replica.cursor, 10);
    assert_eq!(plan_page(replica.cursor, &page), Err(SyncError::ServerBehind { replica: ChangeSeq(50), server: ChangeSeq(1) }));
    sync(&mut replica, &restored, 10);
    assert_eq!(replica.docs, restored.live(), "the old document is gone, the new one is there");
    assert_eq!(replica.cursor, ChangeSeq(1));
}

#[test]
fn out_of_order_pages_are_refused() {
    let a = Change { seq: ChangeSeq(2), key: key("a"), doc: Some(term("a", "A")) };
    let b = Change { seq: ChangeSeq(1), key: key("b"), doc: Some(term("b", "B")) };
    let page = ChangePage { changes: vec![a, b], next: ChangeSeq(2), more: false, head: ChangeSeq(2), directory: None };
    assert_eq!(plan_page(ChangeSeq(0), &page), Err(SyncError::OutOfOrder));
}

#[derive(Clone, Debug)]
enum Op {
    Put(u8, u8),
    Delete(u8),
    Sync(usize),
    /// One page, its transaction cut off after this many writes (modulo their number).
    Interrupted(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..6, 0u8..4).prop_map(|(k, v)| Op::Put(k, v)),
        (0u8..6).prop_map(Op::Delete),
        (1usize..4).prop_map(Op::Sync),
        (1usize..4, 0usize..8).prop_map(|(limit, cut)| Op::Interrupted(limit, cut)),
    ]
}

proptest! {
    /// Whatever the server does between syncs, and however often an apply is cut off,
    /// a final complete sync leaves the replica equal to the server's live content.
    #[test]
    fn replicas_converge(ops in proptest::collection::vec(op(), 1..40), last_page in 1usize..5) {
        let mut feed = Feed::default();
        let mut replica = MemoryReplica::default();
        for op in ops {
            match op {
                Op::Put(k, v) => feed.put(term(&k.to_string(), &v.to_string())),
                Op::Delete(k) => feed.delete(key(&k.to_string())),
                Op::Sync(limit) => sync(&mut replica, &feed, limit),
                Op::Interrupted(limit, cut) => {
                    let before = replica.clone();
                    let plan = plan_page(replica.cursor, &feed.page(replica.cursor, limit)).unwrap();
                    let cut = cut % (writes(&plan).len() + 1);
                    prop_assert_eq!(replica.apply_cut(&plan, Some(cut)), Err(Interrupted));
                    prop_assert_eq!(&replica, &before);
                }
            }
            prop_assert!(replica.cursor <= ChangeSeq(feed.seq));
        }
        sync(&mut replica, &feed, last_page);
        prop_assert_eq!(replica.docs, feed.live());
        prop_assert_eq!(replica.cursor, ChangeSeq(feed.seq));
    }
}
