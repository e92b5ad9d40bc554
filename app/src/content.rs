//! Content documents and the change feed that replicas pull.
//!
//! Every write to a hub, activity, service or taxonomy term gets the next number of one
//! monotonically increasing change sequence; deletes leave a tombstone with its own
//! number. A replica remembers the last number it applied (its cursor) and asks for the
//! changes after it, page by page. Cursor 0 is a full download.

use crate::domain::activity::Activity;
use crate::domain::hub::Hub;
use crate::domain::ids::{ActivityId, HubId, ServiceId};
use crate::domain::service::{Service, TaxonomyTerm};
use serde::{Deserialize, Serialize};

/// A position in the change sequence. 0 means "before everything".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChangeSeq(pub i64);

/// Any piece of synced content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum Document {
    Hub(Hub),
    Activity(Activity),
    Service(Service),
    TaxonomyTerm(TaxonomyTerm),
}

/// The identity of a document, which a tombstone keeps after the body is gone.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum DocKey {
    Hub(HubId),
    Activity(ActivityId),
    Service(ServiceId),
    TaxonomyTerm(String),
}

impl DocKey {
    /// The kind name stored beside the key.
    pub fn kind(&self) -> &'static str {
        match self {
            DocKey::Hub(_) => "hub",
            DocKey::Activity(_) => "activity",
            DocKey::Service(_) => "service",
            DocKey::TaxonomyTerm(_) => "taxonomy_term",
        }
    }

    /// The id as text (taxonomy codes are text; numeric ids are written in decimal).
    pub fn id_text(&self) -> String {
        match self {
            DocKey::Hub(id) => id.to_string(),
            DocKey::Activity(id) => id.to_string(),
            DocKey::Service(id) => id.to_string(),
            DocKey::TaxonomyTerm(code) => code.clone(),
        }
    }

    /// Rebuilds a key from its stored kind and id text.
    pub fn parse(kind: &str, id: &str) -> Option<DocKey> {
        Some(match kind {
            "hub" => DocKey::Hub(id.parse().ok()?),
            "activity" => DocKey::Activity(id.parse().ok()?),
            "service" => DocKey::Service(id.parse().ok()?),
            "taxonomy_term" => DocKey::TaxonomyTerm(id.to_string()),
            _ => return None,
        })
    }
}

impl Document {
    pub fn key(&self) -> DocKey {
        match self {
            Document::Hub(h) => DocKey::Hub(h.id),
            Document::Activity(a) => DocKey::Activity(a.id),
            Document::Service(s) => DocKey::Service(s.id),
            Document::TaxonomyTerm(t) => DocKey::TaxonomyTerm(t.code.clone()),
        }
    }
}

/// One entry of the change feed: an upsert carries the document, a tombstone does not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub seq: ChangeSeq,
    pub key: DocKey,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<Document>,
}

/// A page of the change feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangePage {
    pub changes: Vec<Change>,
    /// The cursor to ask from next time: the last change's number, or the given cursor.
    pub next: ChangeSeq,
    /// Whether more changes follow this page.
    pub more: bool,
    /// The newest change number the server has. A replica whose cursor is beyond it is
    /// talking to a server whose data was reset, and must start again from 0.
    pub head: ChangeSeq,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_their_stored_form() {
        for key in [
            DocKey::Hub(HubId(3)),
            DocKey::Activity(ActivityId(40)),
            DocKey::Service(ServiceId(7)),
            DocKey::TaxonomyTerm("casa.affitto".into()),
        ] {
            assert_eq!(DocKey::parse(key.kind(), &key.id_text()), Some(key));
        }
        assert_eq!(DocKey::parse("hub", "x"), None);
        assert_eq!(DocKey::parse("nope", "1"), None);
    }
}
