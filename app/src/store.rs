//! The storage boundary (server only). Server functions see content through this
//! trait; the server crate fills it with SQLite today and PostgreSQL later, and nothing
//! on this side changes when it does.

use crate::content::{ChangePage, ChangeSeq, DocKey, Document};
use crate::domain::activity::Activity;
use crate::domain::help_request::{HelpRequestRecord, HelpStatus, Moved};
use crate::domain::hub::Hub;
use crate::domain::ids::{AccountId, ActivityId, HubId, KioskId, ServiceId};
use crate::domain::kiosk::Kiosk;
use crate::domain::ledger::Refusal;
use crate::domain::mutation::{Answer, Mutation, RegistrationState};
use crate::domain::mutation_id::MutationId;
use crate::domain::places::Places;
use crate::domain::search::Guide;
use crate::domain::service::{Service, TaxonomyTerm};
use crate::domain::staff::{Account, Role};
use crate::features::staff::desk::{DeskCheckIn, DeskRegistration};
use jiff::civil::DateTime;
use std::sync::Arc;

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No live document with that key.
    #[error("not found")]
    NotFound,
    /// The write was refused: which field, and why.
    #[error("{0}")]
    Invalid(crate::error::FieldError),
    /// The database failed; logged, never shown.
    #[error("storage failure: {0}")]
    Other(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Which activities to load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActivityScope {
    All,
    City(String),
    Hub(HubId),
}

/// Content storage: reads for the pages, writes that feed the change sequence.
#[async_trait::async_trait]
pub trait ContentStore: Send + Sync + 'static {
    /// Live hubs, optionally of one city, ordered by city, district and name.
    async fn hubs(&self, city: Option<&str>) -> StoreResult<Vec<Hub>>;
    async fn hub(&self, id: HubId) -> StoreResult<Hub>;
    async fn activities(&self, scope: ActivityScope) -> StoreResult<Vec<Activity>>;
    async fn activity(&self, id: ActivityId) -> StoreResult<Activity>;
    /// Live services, optionally of one city.
    async fn services(&self, city: Option<&str>) -> StoreResult<Vec<Service>>;
    async fn service(&self, id: ServiceId) -> StoreResult<Service>;
    async fn taxonomy(&self) -> StoreResult<Vec<TaxonomyTerm>>;
    /// Every live digital-help guide, by id.
    async fn help_guides(&self) -> StoreResult<Vec<crate::domain::help_guide::HelpGuide>>;
    /// The services guide ready to search, with every service and category as of now.
    async fn guide(&self) -> StoreResult<Arc<Guide>>;
    /// Every hub and activity as of now.
    async fn calendar(&self) -> StoreResult<Arc<Calendar>>;
    /// The places documents of these activities (those that have one).
    async fn places(&self, activities: &[ActivityId]) -> StoreResult<Vec<Places>>;
    /// Inserts or replaces a document and returns its change number.
    async fn put(&self, doc: &Document) -> StoreResult<ChangeSeq>;
    /// Replaces a document with a tombstone (a hub takes its activities with it).
    async fn delete(&self, key: &DocKey) -> StoreResult<ChangeSeq>;
    /// Up to `limit` changes after `after`, oldest first, of every city.
    async fn changes_since(&self, after: ChangeSeq, limit: u32) -> StoreResult<ChangePage>;
    /// The same feed for a device that keeps only `cities` (matched ignoring ASCII case):
    /// documents of those cities, those that belong to every city (no city, such as the
    /// taxonomy), and a delete for each document that left one of them for a city outside
    /// them (a filter on the current city alone would never tell the old city's devices).
    async fn city_changes_since(&self, after: ChangeSeq, limit: u32, cities: &[String]) -> StoreResult<ChangePage>;
    /// The next free numeric id for a kind of document.
    async fn next_id(&self, kind: &str) -> StoreResult<i64>;
}

/// Keeps the last value a store built from many documents (the services [`Guide`], the
/// [`Calendar`]), with the highest change number of the kinds of document it includes: the
/// store builds it again only when that number moved. Building reads and decodes every
/// such document (tens of milliseconds with thousands); a sign-up, which changes only
/// places documents, leaves both as they are.
pub struct Kept<T>(std::sync::Mutex<Option<(ChangeSeq, Arc<T>)>>);

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept(std::sync::Mutex::new(None))
    }
}

impl<T> Kept<T> {
    /// The value built at `head`, if that is the one kept.
    pub fn at(&self, head: ChangeSeq) -> Option<Arc<T>> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.as_ref().filter(|(at, _)| *at == head).map(|(_, value)| value.clone())
    }

    /// Keeps `value`, built from content read after `head` was, unless a newer one is kept.
    pub fn keep(&self, head: ChangeSeq, value: Arc<T>) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if kept.as_ref().is_none_or(|(at, _)| *at <= head) {
            *kept = Some((head, value));
        }
    }
}

/// Every live hub (in display order) and activity: what the home page and the agenda are
/// built from, kept by the store between changes to either.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    pub hubs: Vec<Hub>,
    pub activities: Vec<Activity>,
}

/// One pushed mutation, as the server function hands it to the store: the payload's
/// digest tells a replay from a different change under the same id, and the token is
/// only ever compared as its digest.
#[derive(Clone, Debug)]
pub struct Pushed {
    pub id: MutationId,
    pub digest: String,
    /// Empty for a mutation without a token (the desk's, other than sign-ups).
    pub token_digest: String,
    pub mutation: Mutation,
    /// Sent with nobody logged in, by a staff account deactivated since: answered
    /// `rejected`, never applied.
    pub deactivated: bool,
    /// Sent by a live kiosk of this hub (its credential checked): a help request's authority.
    pub from_kiosk: Option<HubId>,
}

/// Why a push was not applied.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The batch was refused as a whole; nothing of it was kept.
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Registrations and the answers of pushed mutations.
///
/// Semantics every implementation keeps, under any number of concurrent server
/// instances: a batch is applied in one transaction, each mutation's answer stored with
/// its effect, and the places documents of the activities it changed recounted and fed
/// in that same transaction; the sessions a batch touches are decided one writer at a time (SQLite's
/// writer lock; for PostgreSQL, a row lock on each session taken in a fixed order, or a
/// serializable transaction retried on conflict), so places are never given twice.
#[async_trait::async_trait]
pub trait RegistrationStore: Send + Sync + 'static {
    /// Applies `batch` in order, at `now` (local time), with [`crate::domain::ledger::Ledger`]'s
    /// rules, and returns one answer per mutation. `caller` is the staff account logged in
    /// and active, if any: the desk's changes are held to it.
    async fn push(&self, batch: &[Pushed], caller: Option<&Account>, now: DateTime) -> Result<Vec<Answer>, PushError>;
    /// The state of each asked registration (`id`, token digest); `None` where the token
    /// does not open it.
    async fn registration_states(&self, asked: &[(MutationId, String)], now: DateTime) -> StoreResult<Vec<Option<RegistrationState>>>;
    /// Erases the personal part of registrations whose session started before `before`;
    /// counts stay. Returns how many were erased.
    async fn erase_personal_data(&self, before: DateTime) -> StoreResult<u64>;
    /// Erases the name and contact of these registrations now (a person's request); their
    /// rows and counts stay. Returns how many still had some.
    async fn erase_registrations(&self, ids: &[MutationId]) -> StoreResult<u64>;
    /// The live (confirmed or waiting) registrations of sessions of `activities` starting
    /// at or after `from` and before `to`, by session start then arrival, and those
    /// sessions' check-ins not taken back: what a hub's desk shows, read at one moment.
    /// Names included; contacts only when `contacts` is set.
    async fn desk_rows(
        &self,
        activities: &[ActivityId],
        from: DateTime,
        to: DateTime,
        contacts: bool,
    ) -> StoreResult<(Vec<DeskRegistration>, Vec<DeskCheckIn>)>;
    /// Recounts the places document of every activity with registrations for sessions
    /// after `now`, writing those that differ (a database from before places were
    /// published gets them at start). Returns how many were written.
    async fn recount_places(&self, now: DateTime) -> StoreResult<u64>;
}

/// A staff account with what logging in and its sessions are checked against.
#[derive(Clone, Debug)]
pub struct StaffRecord {
    pub account: Account,
    /// The argon2id hash in PHC form (`$argon2id$v=19$m=…`).
    pub password_hash: String,
    /// Raised whenever the account's sessions must end (deactivated, password changed):
    /// part of what a session is checked against on every request.
    pub epoch: i64,
}

/// An account to create.
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub hubs: Vec<HubId>,
    pub password_hash: String,
}

/// An invitation: who is invited, as what, where, until when (seconds since the epoch).
/// Only the SHA-256 of its link's token is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    pub email: String,
    pub role: Role,
    pub hubs: Vec<HubId>,
    pub expires_at: i64,
    pub invited_by: AccountId,
    pub used: bool,
}

/// Staff accounts and invitations (sessions live in the session layer's own table).
#[async_trait::async_trait]
pub trait StaffStore: Send + Sync + 'static {
    /// Creates an account; `Invalid` (`email`, `taken`) if the address has one.
    async fn add_account(&self, new: &NewAccount) -> StoreResult<AccountId>;
    /// The account with this (normalised) e-mail address, active or not.
    async fn account_by_email(&self, email: &str) -> StoreResult<Option<StaffRecord>>;
    async fn account(&self, id: AccountId) -> StoreResult<Option<StaffRecord>>;
    /// Every account, by name.
    async fn accounts(&self) -> StoreResult<Vec<Account>>;
    /// Deactivates (ending every session at once) or reactivates an account.
    async fn set_active(&self, id: AccountId, active: bool) -> StoreResult<()>;
    /// Stores an invitation under its token's digest.
    async fn add_invite(&self, token_digest: &str, invite: &Invite) -> StoreResult<()>;
    async fn invite(&self, token_digest: &str) -> StoreResult<Option<Invite>>;
    /// Takes the invitation and creates its account, in one transaction: `NotFound` for
    /// an unknown token, `Invalid` (`invite`: `expired`, `already_used`; `email`: `taken`).
    async fn accept_invite(&self, token_digest: &str, now: i64, name: &str, password_hash: &str) -> StoreResult<AccountId>;
}

/// A kiosk to enrol: where, what it is called, its idle time, who enrolled it.
#[derive(Clone, Debug)]
pub struct NewKiosk {
    pub hub: HubId,
    pub label: String,
    pub idle_seconds: u32,
    pub enrolled_by: AccountId,
}

/// Hubs' kiosks and their credentials (only the SHA-256 of a credential is stored).
#[async_trait::async_trait]
pub trait KioskStore: Send + Sync + 'static {
    /// Enrols a kiosk under its credential's digest.
    async fn add_kiosk(&self, token_digest: &str, new: &NewKiosk) -> StoreResult<Kiosk>;
    /// A hub's kiosks, revoked ones included, newest first.
    async fn kiosks(&self, hub: HubId) -> StoreResult<Vec<Kiosk>>;
    /// Switches a hub's kiosk off for good: `NotFound` if the hub has no such kiosk.
    async fn revoke_kiosk(&self, hub: HubId, id: KioskId) -> StoreResult<()>;
    /// The kiosk holding this credential, revoked or not.
    async fn kiosk_by_token(&self, token_digest: &str) -> StoreResult<Option<Kiosk>>;
}

/// Visitors' help requests, written by [`RegistrationStore::push`] with the rest of a
/// kiosk's batch, then read and moved by the hub's staff.
#[async_trait::async_trait]
pub trait HelpRequestStore: Send + Sync + 'static {
    /// A hub's requests not done yet, and those done at or after `done_since` (seconds),
    /// oldest first; erased ones never.
    async fn help_requests(&self, hub: HubId, done_since: i64) -> StoreResult<Vec<HelpRequestRecord>>;
    /// Moves request `id` of `hub` to `to`, by `by`, with
    /// [`advance`](crate::domain::help_request::advance)'s rules, in one transaction.
    /// A refused move changes nothing and says why. `NotFound` if the hub has no such
    /// request (or its name was erased).
    async fn move_help_request(&self, hub: HubId, id: MutationId, to: HelpStatus, by: &Account) -> StoreResult<Moved>;
    /// Erases names and details past their time (see
    /// [`ERASE_DONE_AFTER_SECONDS`](crate::domain::help_request::ERASE_DONE_AFTER_SECONDS)),
    /// at `now` (seconds). Returns how many were erased.
    async fn erase_help_requests(&self, now: i64) -> StoreResult<u64>;
}

/// Everything the server stores.
pub trait Store: ContentStore + RegistrationStore + StaffStore + KioskStore + HelpRequestStore {}

impl<T: ContentStore + RegistrationStore + StaffStore + KioskStore + HelpRequestStore> Store for T {}

/// The store as server functions receive it through context.
pub type SharedStore = Arc<dyn Store>;

/// The store provided to this request, or an internal error if the server forgot it.
pub fn use_store() -> Result<SharedStore, crate::error::AppError> {
    leptos::prelude::use_context::<SharedStore>().ok_or_else(|| {
        tracing::error!("no ContentStore in context");
        crate::error::AppError::Internal
    })
}
