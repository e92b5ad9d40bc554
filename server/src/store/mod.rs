//! Storage implementations of [`app::store::ContentStore`]. SQLite is the embedded
//! default; a PostgreSQL implementation slots in beside it without touching callers.

pub mod sqlite;
mod sqlite_help;
mod sqlite_kiosks;
mod sqlite_registrations;
mod sqlite_staff;

pub use sqlite::SqliteStore;

use app::content::Document;
use app::domain::ids::HubId;
use app::domain::service::TaxonomyTerm;
use app::error::{FieldError, Reason};
use app::store::{StoreError, StoreResult};

/// The city column a document is filed under (`None`: belongs to every city).
pub(crate) fn city_of(doc: &Document) -> Option<&str> {
    match doc {
        Document::Hub(h) => Some(&h.city),
        Document::Service(s) => Some(&s.city),
        // An activity takes its hub's city, looked up when it is written.
        Document::Activity(_) | Document::TaxonomyTerm(_) | Document::Places(_) | Document::HelpGuide(_) => None,
    }
}

/// Checks a document's size and domain rules before it is written, against the stored
/// category tree. Each refusal names its field and reason, with the rule's English text
/// as detail (which the command line prints).
pub(crate) fn validate(doc: &Document, taxonomy: &[TaxonomyTerm]) -> StoreResult<()> {
    doc.validate(taxonomy).map_err(StoreError::Invalid)
}

/// The refusal for a document naming a hub that is not there (or was deleted).
pub(crate) fn missing_hub(field: &str, hub: HubId) -> StoreError {
    StoreError::Invalid(
        FieldError::new(field, Reason::MissingReference).with_value(&hub.to_string()).with_detail(format!("there is no hub {hub}")),
    )
}
