//! Content documents and the change feed that replicas pull.
//!
//! Every write to a hub, activity, service or taxonomy term gets the next number of one
//! monotonically increasing change sequence; deletes leave a tombstone with its own
//! number. A replica remembers the last number it applied (its cursor) and asks for the
//! changes after it, page by page. Cursor 0 is a full download.

use crate::domain::activity::Activity;
use crate::domain::help_guide::HelpGuide;
use crate::domain::hub::Hub;
use crate::domain::ids::{ActivityId, HelpGuideId, HubId, ServiceId};
use crate::domain::places::Places;
use crate::domain::recurrence::Rule;
use crate::domain::service::{Service, TaxonomyTerm, is_taxonomy_code};
use crate::error::{FieldError, Reason};
use serde::{Deserialize, Serialize};

/// A position in the change sequence. 0 means "before everything".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChangeSeq(pub i64);

/// Any piece of synced content.
// A service is the big one (every text in each language): documents are decoded and
// handed on one at a time, never kept in large arrays of the enum, so boxing would buy
// nothing but a pointer hop.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum Document {
    Hub(Hub),
    Activity(Activity),
    Service(Service),
    TaxonomyTerm(TaxonomyTerm),
    /// An activity's public counts of people per session, written only by the server
    /// when registrations change (never through `put`).
    Places(Places),
    /// A digital-help guide for the kiosks.
    HelpGuide(HelpGuide),
}

/// The identity of a document, which a tombstone keeps after the body is gone.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum DocKey {
    Hub(HubId),
    Activity(ActivityId),
    Service(ServiceId),
    TaxonomyTerm(String),
    /// The places document of an activity.
    Places(ActivityId),
    HelpGuide(HelpGuideId),
}

impl DocKey {
    /// The kind name stored beside the key.
    pub fn kind(&self) -> &'static str {
        match self {
            DocKey::Hub(_) => "hub",
            DocKey::Activity(_) => "activity",
            DocKey::Service(_) => "service",
            DocKey::TaxonomyTerm(_) => "taxonomy_term",
            DocKey::Places(_) => "places",
            DocKey::HelpGuide(_) => "help_guide",
        }
    }

    /// The id as text (taxonomy codes are text; numeric ids are written in decimal).
    pub fn id_text(&self) -> String {
        match self {
            DocKey::Hub(id) => id.to_string(),
            DocKey::Activity(id) => id.to_string(),
            DocKey::Service(id) => id.to_string(),
            DocKey::TaxonomyTerm(code) => code.clone(),
            DocKey::Places(id) => id.to_string(),
            DocKey::HelpGuide(id) => id.to_string(),
        }
    }

    /// Rebuilds a key from its kind and id text; `None` unless the id is one a document
    /// can have (a number from 1, a well-formed category code).
    pub fn parse(kind: &str, id: &str) -> Option<DocKey> {
        Some(match kind {
            "hub" => DocKey::Hub(id.parse().ok()?),
            "activity" => DocKey::Activity(id.parse().ok()?),
            "service" => DocKey::Service(id.parse().ok()?),
            "taxonomy_term" if is_taxonomy_code(id) => DocKey::TaxonomyTerm(id.to_string()),
            "places" => DocKey::Places(id.parse().ok()?),
            "help_guide" => DocKey::HelpGuide(id.parse().ok()?),
            _ => return None,
        })
    }
}

/// The most bytes a document may take as compact JSON. A hub or a service with every
/// translation takes a few kilobytes; the bound keeps a pasting mistake from becoming a
/// page of megabytes on every phone that syncs it.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024;

/// The most bytes of JSON text read for one document: room for indentation and spacing
/// around [`MAX_DOCUMENT_BYTES`] of content.
pub const MAX_DOCUMENT_TEXT_BYTES: usize = 4 * MAX_DOCUMENT_BYTES;

impl Document {
    pub fn key(&self) -> DocKey {
        match self {
            Document::Hub(h) => DocKey::Hub(h.id),
            Document::Activity(a) => DocKey::Activity(a.id),
            Document::Service(s) => DocKey::Service(s.id),
            Document::TaxonomyTerm(t) => DocKey::TaxonomyTerm(t.code.clone()),
            Document::Places(p) => DocKey::Places(p.activity_id),
            Document::HelpGuide(g) => DocKey::HelpGuide(g.id),
        }
    }

    /// Reads a document as an editor wrote it (`{"kind": …, "body": …}`), saying which
    /// field is wrong when it can.
    pub fn from_json(json: impl AsRef<[u8]>) -> Result<Document, FieldError> {
        let json = json.as_ref();
        if json.len() > MAX_DOCUMENT_TEXT_BYTES {
            return Err(too_big(json.len(), MAX_DOCUMENT_TEXT_BYTES, "of JSON text"));
        }
        serde_json::from_slice(json).map_err(|e| unreadable_field(json).unwrap_or_else(|| malformed(&e)))
    }

    /// Checks the document's size and rules before it is written. `taxonomy` is the stored
    /// category tree (services and terms are checked against it); that referenced hubs
    /// exist is for the store to check in its write transaction.
    pub fn validate(&self, taxonomy: &[TaxonomyTerm]) -> Result<(), FieldError> {
        let size = serde_json::to_vec(self).map_err(|e| malformed(&e))?.len();
        if size > MAX_DOCUMENT_BYTES {
            return Err(too_big(size, MAX_DOCUMENT_BYTES, "as JSON"));
        }
        match self {
            Document::Hub(h) => h.validate().map_err(FieldError::from),
            Document::Activity(a) => a.validate().map_err(FieldError::from),
            Document::Service(s) => s.validate(taxonomy).map_err(FieldError::from),
            Document::TaxonomyTerm(t) => t.validate(taxonomy).map_err(FieldError::from),
            Document::HelpGuide(g) => g.validate().map_err(FieldError::from),
            Document::Places(_) => Err(FieldError::new("kind", Reason::Unknown)
                .with_value("places")
                .with_detail("places are counted by the server from its registrations and cannot be written")),
        }
    }
}

fn too_big(bytes: usize, max: usize, what: &str) -> FieldError {
    FieldError::new("document", Reason::TooLong).with_detail(format!("the document takes {bytes} bytes {what}; at most {max} are accepted"))
}

fn malformed(e: &serde_json::Error) -> FieldError {
    // serde's message may quote what was sent: keep enough to find the place, not all of it.
    const DETAIL_LIMIT: usize = 300;
    FieldError::new("document", Reason::Malformed).with_detail(e.to_string().chars().take(DETAIL_LIMIT).collect::<String>())
}

/// The field to blame when a document does not deserialise, for the texts Civico parses
/// itself: an activity's repeat rule.
fn unreadable_field(json: &[u8]) -> Option<FieldError> {
    let value: serde_json::Value = serde_json::from_slice(json).ok()?;
    if value.get("kind")?.as_str()? != "activity" {
        return None;
    }
    let rule = value.get("body")?.get("schedule")?.get("rule")?.as_str()?;
    let refused = rule.parse::<Rule>().err()?;
    Some(FieldError::from(refused).under("schedule"))
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
    /// Every city with hubs (and their districts) or services, on the last page of a feed
    /// asked for some cities only: what a device that keeps only those still offers in its
    /// place filters, so a person can choose another city.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory: Option<Directory>,
}

/// Where a deployment has hubs and services.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Directory {
    /// As the home page and agenda list them ([`crate::domain::hub::place_index`]).
    pub places: Vec<crate::domain::hub::CityDistricts>,
    /// As the services guide lists them ([`crate::domain::search::Guide::cities`]).
    pub service_cities: Vec<String>,
    /// How many hubs, activities and services there are in all: what a device keeping every
    /// city would download ([`crate::sync::cities::before_any_choice`]).
    #[serde(default)]
    pub documents: usize,
}

impl Directory {
    /// What a device sends of the directory it holds, so the feed sends it again only
    /// when it changed (it is most of the bytes of a sync that brings nothing new).
    pub fn tag(&self) -> u64 {
        crate::codec::fingerprint(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_directory_tag_changes_with_what_it_lists_only() {
        use crate::domain::hub::CityDistricts;
        let directory = |cities: &[&str]| Directory {
            places: cities.iter().map(|c| CityDistricts { city: c.to_string(), districts: vec!["Centro".into()] }).collect(),
            service_cities: cities.iter().map(|c| c.to_string()).collect(),
            documents: 12,
        };
        assert_eq!(directory(&["Roma", "Torino"]).tag(), directory(&["Roma", "Torino"]).tag());
        assert_ne!(directory(&["Roma", "Torino"]).tag(), directory(&["Roma", "Milano"]).tag());
        assert_ne!(directory(&["Roma"]).tag(), Directory { documents: 13, ..directory(&["Roma"]) }.tag());
    }

    #[test]
    fn keys_round_trip_through_their_stored_form() {
        for key in [
            DocKey::Hub(HubId(3)),
            DocKey::Activity(ActivityId(40)),
            DocKey::Service(ServiceId(7)),
            DocKey::TaxonomyTerm("casa.affitto".into()),
            DocKey::Places(ActivityId(40)),
        ] {
            assert_eq!(DocKey::parse(key.kind(), &key.id_text()), Some(key));
        }
        assert_eq!(DocKey::parse("hub", "x"), None);
        assert_eq!(DocKey::parse("nope", "1"), None);
    }

    #[test]
    fn keys_name_only_documents_that_can_exist() {
        for (kind, id) in [
            ("hub", "0"),
            ("hub", "-1"),
            ("activity", "0"),
            ("service", "-7"),
            ("taxonomy_term", "../x"),
            ("taxonomy_term", ""),
            ("places", "0"),
        ] {
            assert_eq!(DocKey::parse(kind, id), None, "{kind} {id}");
        }
    }

    fn hub_json(website: &str) -> serde_json::Value {
        serde_json::json!({"kind": "hub", "body": {
            "id": 1, "kind": "polo_civico", "name": {"it": "Polo civico"}, "description": {"it": ""},
            "city": "Roma", "district": "Municipio VII", "address": "Via Appia Nuova 1",
            "contacts": {"website": website}
        }})
    }

    fn activity_json(rule: &str) -> String {
        serde_json::json!({"kind": "activity", "body": {
            "id": 1, "hub_id": 1, "title": {"it": "Corso"}, "description": {"it": ""}, "category": "course",
            "registration_required": false, "schedule": {"start": "2026-11-02T10:00", "duration_minutes": 60, "rule": rule}
        }})
        .to_string()
    }

    #[test]
    fn a_bad_rule_is_blamed_on_the_schedule_rule() {
        assert!(Document::from_json(activity_json("FREQ=WEEKLY;BYDAY=MO")).is_ok());
        let e = Document::from_json(activity_json("FREQ=WEEKLY;UNTIL=20261231é12345")).unwrap_err();
        assert_eq!((e.field.as_str(), e.reason, e.value.as_deref()), ("schedule.rule", Reason::BadRule, Some("20261231é12345")));
        assert!(e.to_string().contains("UNTIL must be a date"), "the CLI prints the detail: {e}");
    }

    #[test]
    fn unreadable_documents_are_malformed_with_serdes_words() {
        for text in ["", "{", "[]", r#"{"kind": "person", "body": {}}"#, r#"{"kind": "hub", "body": {"id": "one"}}"#] {
            let e = Document::from_json(text).unwrap_err();
            assert_eq!((e.field.as_str(), e.reason), ("document", Reason::Malformed), "{text}");
            assert!(e.detail.is_some_and(|d| !d.is_empty()));
        }
        let huge = " ".repeat(MAX_DOCUMENT_TEXT_BYTES + 1);
        assert_eq!(Document::from_json(huge).unwrap_err().reason, Reason::TooLong);
        let e = Document::from_json(b"{\"kind\": \"hub\xff\"}").unwrap_err();
        assert_eq!((e.field.as_str(), e.reason), ("document", Reason::Malformed), "not UTF-8");
    }

    #[test]
    fn documents_are_bounded_in_size() {
        let Document::Hub(mut hub) = Document::from_json(hub_json("https://example.org").to_string()).unwrap() else { panic!("a hub") };
        assert_eq!(Document::Hub(hub.clone()).validate(&[]), Ok(()));
        // Each field within its limit, the whole far beyond the document's.
        hub.hours.exceptions = (0..2000)
            .map(|i| crate::domain::hours::HoursException {
                from: jiff::civil::date(2026, 1, 1),
                to: jiff::civil::date(2026, 1, 1),
                change: crate::domain::hours::HoursChange::Closed,
                note: Some(crate::domain::text::Text::it(format!("Chiuso {i}"))),
            })
            .collect();
        let e = Document::Hub(hub.clone()).validate(&[]).unwrap_err();
        assert_eq!((e.field.as_str(), e.reason), ("document", Reason::TooLong));
        // One giant field is refused too (by the document bound first, as here).
        hub.hours.exceptions.clear();
        hub.description = crate::domain::text::Text::it("x".repeat(10 * 1024 * 1024));
        assert_eq!(Document::Hub(hub).validate(&[]).unwrap_err().field, "document");
    }

    #[test]
    fn validation_reports_the_domain_rules_as_field_errors() {
        let doc = Document::from_json(hub_json("javascript:alert(1)").to_string()).unwrap();
        let e = doc.validate(&[]).unwrap_err();
        assert_eq!((e.field.as_str(), e.reason), ("contacts.website", Reason::NotAWebAddress));
        let term = Document::from_json(r#"{"kind": "taxonomy_term", "body": {"code": "../x", "name": {"it": "X"}}}"#).unwrap();
        assert_eq!(term.validate(&[]).unwrap_err().field, "code");
        let places = Document::from_json(r#"{"kind": "places", "body": {"activity_id": 3, "sessions": []}}"#).unwrap();
        let e = places.validate(&[]).unwrap_err();
        assert_eq!((e.field.as_str(), e.reason), ("kind", Reason::Unknown), "only the server counts places");
    }

    proptest! {
        /// Whatever is sent, reading it is a document or a field error; never a panic.
        #[test]
        fn any_text_is_a_document_or_a_field_error(text in prop_oneof![any::<String>(), any::<Vec<u8>>().prop_map(|b| String::from_utf8_lossy(&b).into_owned())]) {
            if let Err(e) = Document::from_json(&text) {
                prop_assert!(!e.field.is_empty() && !e.to_string().is_empty());
            }
        }

        /// Any rule text inside an activity is read or blamed on `schedule.rule`.
        #[test]
        fn any_rule_in_an_activity_is_read_or_blamed_on_the_rule(rule in prop_oneof![any::<String>(), "FREQ=(WEEKLY|MONTHLY);UNTIL=[0-9]{8}.{0,8}"]) {
            match Document::from_json(activity_json(&rule)) {
                Ok(doc) => { let _ = doc.validate(&[]); }
                Err(e) => prop_assert_eq!((e.field.as_str(), e.reason), ("schedule.rule", Reason::BadRule)),
            }
        }

        #[test]
        fn any_kind_and_id_is_a_valid_key_or_none(kind in prop_oneof![any::<String>(), "(hub|activity|service|taxonomy_term)"], id in any::<String>()) {
            if let Some(key) = DocKey::parse(&kind, &id) {
                prop_assert_eq!(DocKey::parse(key.kind(), &key.id_text()), Some(key));
            }
        }
    }
}
