//! Storage implementations of [`app::store::ContentStore`]. SQLite is the embedded
//! default; a PostgreSQL implementation slots in beside it without touching callers.

pub mod sqlite;

pub use sqlite::SqliteStore;

use app::content::Document;
use app::error::{FieldError, Reason};
use app::store::{StoreError, StoreResult};

/// The city column a document is filed under (`None`: belongs to every city).
pub(crate) fn city_of(doc: &Document) -> Option<&str> {
    match doc {
        Document::Hub(h) => Some(&h.city),
        Document::Service(s) => Some(&s.city),
        // An activity takes its hub's city, looked up when it is written.
        Document::Activity(_) | Document::TaxonomyTerm(_) => None,
    }
}

/// Checks a document with its domain rules before it is written.
pub(crate) fn validate(doc: &Document, taxonomy: &[app::domain::service::TaxonomyTerm]) -> StoreResult<()> {
    let refuse =
        |e: &dyn std::fmt::Display| Err(StoreError::Invalid(FieldError::new("document", Reason::Other).with_detail(e.to_string())));
    match doc {
        Document::Hub(h) => h.validate().or_else(|e| refuse(&e)),
        Document::Activity(a) => a.validate().or_else(|e| refuse(&e)),
        Document::Service(s) => s.validate(taxonomy).or_else(|e| refuse(&e)),
        Document::TaxonomyTerm(t) if t.code.trim().is_empty() || t.name.is_blank() => {
            Err(StoreError::Invalid(FieldError::new(if t.name.is_blank() { "name" } else { "code" }, Reason::Required)))
        }
        Document::TaxonomyTerm(t) => match &t.parent {
            Some(p) if p == &t.code => Err(StoreError::Invalid(FieldError::new("parent", Reason::Cycle).with_value(p))),
            Some(p) if !taxonomy.iter().any(|x| &x.code == p) => {
                Err(StoreError::Invalid(FieldError::new("parent", Reason::MissingReference).with_value(p)))
            }
            _ => Ok(()),
        },
    }
}
