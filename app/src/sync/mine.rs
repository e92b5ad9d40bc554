//! The write half of sync on the device (browser only): signing up and cancelling as
//! local changes, sending the outbox, and learning what became of this device's
//! registrations.
//!
//! Every change is one IndexedDB transaction over `mine` and `outbox`: the registration
//! as the person now sees it, and the mutation that tells the server. An outbox entry
//! leaves only in the transaction that records the server's answer to it (or its outright
//! refusal, which the person then sees under "needs attention").

use super::outbox::OutboxEntry;
use super::push::{Asked, PUSH_BATCH_MAX, STATES_MAX, push_mutations, read_registrations};
use super::replica::{MINE, OUTBOX, Replica, ReplicaError, STAFF, commit};
use crate::domain::mutation::{Answer, Cancel, Envelope, Mutation, SignUp};
use crate::domain::mutation_id::MutationId;
use crate::error::AppError;
use crate::features::registrations::model::{MyRegistration, MyStatus};
use crate::features::staff::desk_changes::ChangeState;
use rexie::TransactionMode;
use wasm_bindgen::JsValue;

/// What waits on this device, as the header shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueCounts {
    pub waiting: u32,
    pub attention: u32,
}

/// Why the push did not finish.
#[derive(Clone, Debug, PartialEq)]
pub enum PushFailure {
    /// No answer: offline, or the server is down.
    Unreachable(String),
    /// The server answered with a failure worth retrying later (busy, rate-limited).
    Later(String),
    Device(String),
}

fn device(e: ReplicaError) -> PushFailure {
    PushFailure::Device(e.to_string())
}

/// `n` random bytes from the browser's cryptographic generator.
fn random_bytes<const N: usize>() -> Result<[u8; N], ReplicaError> {
    let mut bytes = [0u8; N];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok()).ok_or_else(|| ReplicaError("no random generator".into()))?;
    crypto.get_random_values_with_u8_array(&mut bytes).map_err(|_| ReplicaError("no random generator".into()))?;
    Ok(bytes)
}

/// A new mutation id, made now.
pub fn new_mutation_id() -> Result<MutationId, ReplicaError> {
    Ok(MutationId::new(js_sys::Date::now() as u64, random_bytes()?))
}

/// A new registration token: 128 random bits as hex.
pub fn new_token() -> Result<String, ReplicaError> {
    Ok(random_bytes::<16>()?.iter().map(|b| format!("{b:02x}")).collect())
}

async fn read_mine(tx: &rexie::Transaction, id: MutationId) -> Result<Option<MyRegistration>, ReplicaError> {
    let value = tx.store(MINE)?.get(JsValue::from_str(&id.to_string())).await?;
    let Some(text) = value.and_then(|v| v.as_string()) else { return Ok(None) };
    serde_json::from_str(&text).map(Some).map_err(|e| ReplicaError(format!("registration {id} is unreadable: {e}")))
}

async fn write_mine(tx: &rexie::Transaction, mine: &MyRegistration) -> Result<(), ReplicaError> {
    let json = serde_json::to_string(mine).map_err(|e| ReplicaError(e.to_string()))?;
    tx.store(MINE)?.put(&JsValue::from_str(&json), Some(&JsValue::from_str(&mine.id.to_string()))).await?;
    Ok(())
}

/// The registration a resident's mutation (made on this device) is about.
fn subject(entry: &OutboxEntry<Envelope>) -> MutationId {
    match &entry.mutation.mutation {
        Mutation::Cancel(c) => c.registration,
        _ => entry.mutation.id,
    }
}

impl Replica {
    /// This device's registrations, newest first.
    pub async fn my_registrations(&self) -> Result<Vec<MyRegistration>, ReplicaError> {
        let mut all: Vec<MyRegistration> = self.load(MINE).await?;
        all.sort_by_key(|m| std::cmp::Reverse(m.id));
        Ok(all)
    }

    /// Saves a sign-up made here and queues it, in one transaction.
    pub async fn sign_up(&self, mine: MyRegistration, sign_up: SignUp) -> Result<(), ReplicaError> {
        let change = self.local_change()?;
        let envelope = Envelope { id: mine.id, mutation: Mutation::SignUp(sign_up) };
        change.put_mine(&mine).await?;
        change.enqueue(&mine.id.to_string(), &envelope).await?;
        change.commit().await
    }

    /// Marks a registration as being cancelled and queues the cancellation.
    pub async fn cancel(&self, id: MutationId) -> Result<(), ReplicaError> {
        let change = self.local_change()?;
        let tx = &change.tx;
        let mut mine = read_mine(tx, id).await?.ok_or_else(|| ReplicaError(format!("no registration {id} on this device")))?;
        if !mine.can_cancel() {
            return change.abort().await;
        }
        mine.cancelling = true;
        let envelope =
            Envelope { id: new_mutation_id()?, mutation: Mutation::Cancel(Cancel { registration: id, token: mine.token.clone() }) };
        change.put_mine(&mine).await?;
        change.enqueue(&envelope.id.to_string(), &envelope).await?;
        change.commit().await
    }

    /// Queues a kiosk visitor's help request, in a transaction of the outbox alone: there
    /// is no local effect to write with it, and it never waits behind a sync writing
    /// content. The outbox entry is all the device keeps of it; it leaves with the answer.
    pub async fn ask_for_help(&self, envelope: &Envelope) -> Result<(), ReplicaError> {
        let change = self.outbox_change()?;
        change.enqueue(&envelope.id.to_string(), envelope).await?;
        change.commit().await
    }

    /// Drops the help requests not sent: a revoked kiosk can send them nowhere, and keeps
    /// no visitor's name. Returns how many there were.
    pub async fn drop_help_requests(&self) -> Result<u32, ReplicaError> {
        self.drop_entries(|envelope: &Envelope| matches!(envelope.mutation, Mutation::HelpRequest(_))).await
    }

    /// Clears "needs attention" once the person has read it.
    pub async fn dismiss(&self, id: MutationId) -> Result<(), ReplicaError> {
        let tx = self.db.transaction(&[MINE], TransactionMode::ReadWrite)?;
        if let Some(mut mine) = read_mine(&tx, id).await? {
            mine.attention = None;
            write_mine(&tx, &mine).await?;
        }
        commit(tx).await
    }

    /// Records the server's answers to a batch and takes their entries out of the outbox,
    /// in one transaction: each answer lands with its entry's removal, or neither does.
    async fn record_answers(&self, answered: impl Iterator<Item = (&OutboxEntry<Envelope>, &Answer)>) -> Result<(), ReplicaError> {
        let tx = self.db.transaction(&[MINE, OUTBOX, STAFF], TransactionMode::ReadWrite)?;
        for (entry, answer) in answered {
            if entry.mutation.mutation.account().is_some() {
                super::staff::record_desk_answer(&tx, entry.mutation.id, ChangeState::Answered(answer.clone())).await?;
            } else if let Some(mut mine) = read_mine(&tx, subject(entry)).await? {
                mine.on_answer(answer);
                write_mine(&tx, &mine).await?;
            }
            tx.store(OUTBOX)?.delete(JsValue::from_str(&entry.id)).await?;
        }
        commit(tx).await
    }

    /// The server refused a mutation outright: it leaves the outbox, and its registration
    /// shows why under "needs attention".
    async fn record_refusal(&self, entry: &OutboxEntry<Envelope>, why: String) -> Result<(), ReplicaError> {
        let tx = self.db.transaction(&[MINE, OUTBOX, STAFF], TransactionMode::ReadWrite)?;
        if entry.mutation.mutation.account().is_some() {
            super::staff::record_desk_answer(&tx, entry.mutation.id, ChangeState::Refused(why)).await?;
        } else if let Some(mut mine) = read_mine(&tx, subject(entry)).await? {
            if mine.status == MyStatus::Waiting {
                mine.status = MyStatus::Rejected;
            }
            mine.cancelling = false;
            mine.attention = Some(why);
            write_mine(&tx, &mine).await?;
        }
        tx.store(OUTBOX)?.delete(JsValue::from_str(&entry.id)).await?;
        commit(tx).await
    }

    /// What the header counts, from one read of the outbox and of `mine`: the mutations
    /// this version can send, and what needs the person's attention (registrations the
    /// server refused or that changed, and outbox entries this version cannot read).
    pub async fn queue_counts(&self) -> Result<QueueCounts, ReplicaError> {
        let outbox = self.outbox_entries::<Envelope>().await?;
        let refused = self.my_registrations().await?.iter().filter(|m| m.attention.is_some()).count() as u32;
        Ok(QueueCounts { waiting: outbox.entries.len() as u32, attention: refused + outbox.unreadable })
    }
}

/// Which mutation of the batch a refusal names (`mutations[3].id` → 3).
fn refused_index(error: &AppError) -> Option<usize> {
    let field = match error {
        AppError::BadRequest(f) | AppError::Forbidden(f) => &f.field,
        AppError::Invalid(fields) => &fields.first()?.field,
        _ => return None,
    };
    field.strip_prefix("mutations[")?.split(']').next()?.parse().ok()
}

/// Whose authority a change needs on the server, in the order the outbox sends them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Sender {
    /// A resident's own: its token.
    Resident,
    /// A kiosk visitor's: the kiosk's credential.
    Kiosk,
    /// The desk's: the staff login.
    Desk,
}

fn sender(m: &Mutation) -> Sender {
    match m {
        Mutation::HelpRequest(_) => Sender::Kiosk,
        m if m.account().is_some() => Sender::Desk,
        _ => Sender::Resident,
    }
}

/// Sends the outbox, oldest first, in batches, until it is empty or the server cannot
/// take more now. Returns whether anything on the device changed.
///
/// Residents' changes go first, then a kiosk's, then the desk's, never two kinds in one
/// batch: a kiosk's need its credential and the desk's the staff login, and a credential
/// or login that ended (401) must not hold back a resident's sign-up. Those then wait on
/// the device (a new login; a revoked kiosk drops its own, see [`Replica::drop_help_requests`]).
pub async fn push_outbox(replica: &Replica) -> Result<bool, PushFailure> {
    // Read once: a mutation queued meanwhile goes with the sync that follows this one.
    let mut pending: Vec<OutboxEntry<Envelope>> = replica.outbox_entries().await.map_err(device)?.entries;
    pending.sort_by_key(|e| sender(&e.mutation.mutation));
    let (mut sent, mut changed) = (0, false);
    while sent < pending.len() {
        let kind = sender(&pending[sent].mutation.mutation);
        let same_kind = pending[sent..].iter().take_while(|e| sender(&e.mutation.mutation) == kind).count();
        let batch = &pending[sent..sent + same_kind.min(PUSH_BATCH_MAX)];
        let values = batch.iter().map(|e| serde_json::to_value(&e.mutation).unwrap_or_default()).collect();
        match push_mutations(values).await {
            Ok(answers) => {
                replica.record_answers(batch.iter().zip(&answers.results)).await.map_err(device)?;
                changed |= !answers.results.is_empty();
                if answers.results.len() < batch.len() {
                    return Err(PushFailure::Later("the server answered part of the batch".into()));
                }
                sent += batch.len();
            }
            Err(e) if e.is_permanent() => match refused_index(&e).filter(|&i| i < batch.len()) {
                // Set that one aside and send the rest again without it.
                Some(i) => {
                    replica.record_refusal(&batch[i], e.to_string()).await.map_err(device)?;
                    pending.remove(sent + i);
                    changed = true;
                }
                // Not about one mutation (another site, too big): nothing to set aside.
                None => return Err(PushFailure::Later(e.to_string())),
            },
            Err(AppError::Transport(m)) => return Err(PushFailure::Unreachable(m)),
            // The staff login or the kiosk credential ended: this kind's changes wait,
            // and the screens say so; the next kind goes on.
            Err(AppError::Unauthorized(_)) if kind != Sender::Resident => sent += same_kind,
            Err(e) => return Err(PushFailure::Later(e.to_string())),
        }
    }
    Ok(changed)
}

/// Asks the server what became of this device's live registrations (promoted from the
/// waitlist, session cancelled by the hub). Returns whether anything changed.
pub async fn refresh_states(replica: &Replica) -> Result<bool, PushFailure> {
    let live: Vec<MyRegistration> = replica.my_registrations().await.map_err(device)?.into_iter().filter(|m| m.is_live()).collect();
    let mut changed = false;
    for chunk in live.chunks(STATES_MAX) {
        let asked = chunk.iter().map(|m| Asked { id: m.id, token: m.token.clone() }).collect();
        let states = match read_registrations(asked).await {
            Ok(states) => states.registrations,
            Err(AppError::Transport(m)) => return Err(PushFailure::Unreachable(m)),
            Err(e) => return Err(PushFailure::Later(e.to_string())),
        };
        let tx = replica.db.transaction(&[MINE], TransactionMode::ReadWrite).map_err(|e| device(e.into()))?;
        for (mine, state) in chunk.iter().zip(states) {
            let Some(state) = state else { continue };
            // Read again inside the transaction: a cancel made meanwhile must not be undone.
            let Some(mut now) = read_mine(&tx, mine.id).await.map_err(device)? else { continue };
            let before = now.clone();
            now.on_state(&state);
            if now != before {
                write_mine(&tx, &now).await.map_err(device)?;
                changed = true;
            }
        }
        commit(tx).await.map_err(device)?;
    }
    Ok(changed)
}
