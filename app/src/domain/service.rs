//! The local services guide, shaped after Open Referral HSDS 3.0: an organization offers
//! a service at one or more locations, classified by taxonomy terms and target groups.
//!
//! Only what a resident needs to choose and reach a service is kept; HSDS fields map
//! one to one where named alike (`application_process` is `how_to_access` here).

use super::audience::TargetGroup;
use super::hours::HoursError;
use super::hours::OpeningHours;
use super::hub::{ContactError, Contacts, GeoPoint, check_website};
use super::ids::{HubId, ServiceId};
use super::text::{DESCRIPTION_MAX, LINE_MAX, Text, TooLong, check_length, check_line, is_language_code};
use crate::error::{FieldError, Reason, shorten};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The organization that runs a service (HSDS `organization`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// Where a service is delivered (HSDS `location` with its `address`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceLocation {
    pub name: String,
    pub address: String,
    pub district: String,
    /// Set when the service is delivered at a Civico hub.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hub_id: Option<HubId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<GeoPoint>,
}

/// What a service costs (HSDS `cost_options`, simplified).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cost {
    Free,
    /// A fee, described in words ("€10, free with ISEE under €9,000").
    Fee {
        description: Text,
    },
}

/// An entry of the services guide (HSDS `service`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub id: ServiceId,
    pub city: String,
    pub organization: Organization,
    pub name: Text,
    pub description: Text,
    /// Codes of taxonomy terms (HSDS `attribute` → `taxonomy_term`).
    pub categories: Vec<String>,
    #[serde(default)]
    pub target_groups: Vec<TargetGroup>,
    /// Who can use it, in words (HSDS `eligibility_description`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Text>,
    #[serde(default)]
    pub required_documents: Vec<Text>,
    /// Codes of the languages it is offered in (ISO 639-1, or `lis`).
    #[serde(default)]
    pub languages: Vec<String>,
    pub cost: Cost,
    #[serde(default)]
    pub contacts: Contacts,
    /// How to get the service (HSDS `application_process`).
    pub how_to_access: Text,
    #[serde(default)]
    pub locations: Vec<ServiceLocation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<OpeningHours>,
}

/// A node of the category tree (HSDS `taxonomy_term`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxonomyTerm {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub name: Text,
}

/// Why a service cannot be saved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ServiceError {
    #[error("{0} is not a service id: ids are whole numbers from 1")]
    BadId(ServiceId),
    #[error("the service needs a name")]
    MissingName,
    #[error("the service needs a city")]
    MissingCity,
    #[error("the service needs the name of the organization that runs it")]
    MissingOrganization,
    #[error("the organization's {0}")]
    Organization(ContactError),
    #[error("the service needs at least one category")]
    NoCategory,
    #[error("'{0}' is not a category of the guide")]
    UnknownCategory(String),
    #[error("say how to access the service")]
    MissingAccess,
    #[error("contacts: {0}")]
    Contacts(#[from] ContactError),
    #[error("opening hours: {0}")]
    Hours(#[from] HoursError),
    #[error("'{0}' is not a language code (two or three lower-case letters: it, en, lis)")]
    BadLanguage(String),
    #[error("a location names hub {0}, but ids are whole numbers from 1")]
    BadLocationHub(HubId),
    #[error("a location's coordinates are out of range")]
    BadLocationCoordinates,
    #[error("{0}")]
    TooLong(#[from] TooLong),
}

impl From<ServiceError> for FieldError {
    fn from(e: ServiceError) -> Self {
        let detail = e.to_string();
        let refused = match e {
            ServiceError::BadId(id) => FieldError::new("id", Reason::NotANumber).with_value(&id.to_string()),
            ServiceError::MissingName => FieldError::new("name", Reason::Required),
            ServiceError::MissingCity => FieldError::new("city", Reason::Required),
            ServiceError::MissingOrganization => FieldError::new("organization.name", Reason::Required),
            // Nested errors keep their own, more precise, detail.
            ServiceError::Organization(e) => return FieldError::from(e).under("organization"),
            ServiceError::NoCategory => FieldError::new("categories", Reason::Required),
            ServiceError::UnknownCategory(c) => FieldError::new("categories", Reason::Unknown).with_value(&c),
            ServiceError::MissingAccess => FieldError::new("how_to_access", Reason::Required),
            ServiceError::Contacts(e) => return FieldError::from(e).under("contacts"),
            ServiceError::Hours(e) => return FieldError::from(e).under("hours"),
            ServiceError::BadLanguage(l) => FieldError::new("languages", Reason::Malformed).with_value(&l),
            ServiceError::BadLocationHub(id) => FieldError::new("locations", Reason::NotANumber).with_value(&id.to_string()),
            ServiceError::BadLocationCoordinates => FieldError::new("locations", Reason::OutOfRange),
            ServiceError::TooLong(e) => return e.into(),
        };
        refused.with_detail(detail)
    }
}

impl Service {
    /// Checks a service against the guide's taxonomy before it is saved. (That the hubs
    /// its locations name exist is for the store to check, when it writes.)
    pub fn validate(&self, taxonomy: &[TaxonomyTerm]) -> Result<(), ServiceError> {
        if !self.id.is_valid() {
            return Err(ServiceError::BadId(self.id));
        }
        if self.name.is_blank() {
            return Err(ServiceError::MissingName);
        }
        if self.city.trim().is_empty() {
            return Err(ServiceError::MissingCity);
        }
        if self.organization.name.trim().is_empty() {
            return Err(ServiceError::MissingOrganization);
        }
        self.check_lengths()?;
        if let Some(website) = &self.organization.website {
            check_website(website).map_err(ServiceError::Organization)?;
        }
        if self.categories.is_empty() {
            return Err(ServiceError::NoCategory);
        }
        if let Some(c) = self.categories.iter().find(|c| !taxonomy.iter().any(|t| &t.code == *c)) {
            return Err(ServiceError::UnknownCategory(shorten(c)));
        }
        if self.how_to_access.is_blank() {
            return Err(ServiceError::MissingAccess);
        }
        if let Some(l) = self.languages.iter().find(|l| !is_language_code(l)) {
            return Err(ServiceError::BadLanguage(shorten(l)));
        }
        self.contacts.validate()?;
        self.check_locations()?;
        if let Some(hours) = &self.hours {
            hours.validate()?;
        }
        Ok(())
    }

    fn check_lengths(&self) -> Result<(), TooLong> {
        check_length("name", self.name.longest(), LINE_MAX)?;
        check_line("city", &self.city)?;
        check_line("organization.name", &self.organization.name)?;
        check_length("description", self.description.longest(), DESCRIPTION_MAX)?;
        check_length("how_to_access", self.how_to_access.longest(), DESCRIPTION_MAX)?;
        check_length("eligibility", self.eligibility.as_ref().map_or(0, Text::longest), DESCRIPTION_MAX)?;
        check_length("required_documents", self.required_documents.iter().map(Text::longest).max().unwrap_or(0), LINE_MAX)?;
        if let Cost::Fee { description } = &self.cost {
            check_length("cost.description", description.longest(), DESCRIPTION_MAX)?;
        }
        for l in &self.locations {
            check_line("locations.name", &l.name)?;
            check_line("locations.address", &l.address)?;
            check_line("locations.district", &l.district)?;
        }
        Ok(())
    }

    fn check_locations(&self) -> Result<(), ServiceError> {
        for l in &self.locations {
            if let Some(hub) = l.hub_id.filter(|h| !h.is_valid()) {
                return Err(ServiceError::BadLocationHub(hub));
            }
            if l.coordinates.is_some_and(|p| !p.is_valid()) {
                return Err(ServiceError::BadLocationCoordinates);
            }
        }
        Ok(())
    }
}

/// The most characters of a taxonomy code.
pub const CODE_MAX: usize = 64;

/// Whether `code` can name a category: dot-separated non-empty segments of lower-case
/// ASCII letters, digits, `_` and `-` (`casa.affitto`), at most [`CODE_MAX`] long. Codes
/// travel in URLs and replica keys, so nothing there may need escaping or mean a path.
pub fn is_taxonomy_code(code: &str) -> bool {
    let segment_ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    code.len() <= CODE_MAX && code.split('.').all(segment_ok)
}

/// Why a taxonomy term cannot be saved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TaxonomyError {
    #[error(
        "'{0}' is not a category code: use lower-case letters, digits, _ and -, in parts joined by dots (casa.affitto), at most {CODE_MAX} characters"
    )]
    BadCode(String),
    #[error("the category needs a name")]
    MissingName,
    #[error("'{0}' is not a category of the guide")]
    UnknownParent(String),
    #[error("'{0}' is this category or one below it: a category cannot be inside itself")]
    Cycle(String),
    #[error("{0}")]
    TooLong(#[from] TooLong),
}

impl From<TaxonomyError> for FieldError {
    fn from(e: TaxonomyError) -> Self {
        let detail = e.to_string();
        let refused = match e {
            TaxonomyError::BadCode(c) => FieldError::new("code", Reason::Malformed).with_value(&c),
            TaxonomyError::MissingName => FieldError::new("name", Reason::Required),
            TaxonomyError::UnknownParent(p) => FieldError::new("parent", Reason::MissingReference).with_value(&p),
            TaxonomyError::Cycle(p) => FieldError::new("parent", Reason::Cycle).with_value(&p),
            TaxonomyError::TooLong(e) => return e.into(),
        };
        refused.with_detail(detail)
    }
}

impl TaxonomyTerm {
    /// Checks a term against the stored tree (which may hold an older version of it).
    pub fn validate(&self, taxonomy: &[TaxonomyTerm]) -> Result<(), TaxonomyError> {
        if !is_taxonomy_code(&self.code) {
            return Err(TaxonomyError::BadCode(shorten(&self.code)));
        }
        if self.name.is_blank() {
            return Err(TaxonomyError::MissingName);
        }
        check_length("name", self.name.longest(), LINE_MAX)?;
        let Some(parent) = &self.parent else { return Ok(()) };
        if parent != &self.code && !taxonomy.iter().any(|t| &t.code == parent) {
            return Err(TaxonomyError::UnknownParent(shorten(parent)));
        }
        if is_ancestor_or_self(taxonomy, &self.code, parent) {
            return Err(TaxonomyError::Cycle(shorten(parent)));
        }
        Ok(())
    }
}

/// Whether `code` is `start` or one of its ancestors in the stored tree. A cycle stored
/// before cycles were refused is walked once and ends the search.
fn is_ancestor_or_self(taxonomy: &[TaxonomyTerm], code: &str, start: &str) -> bool {
    let parent_of = |c: &str| taxonomy.iter().find(|t| t.code == c).and_then(|t| t.parent.as_deref());
    let mut seen = BTreeSet::new();
    let mut at = Some(start);
    while let Some(c) = at {
        if c == code {
            return true;
        }
        if !seen.insert(c) {
            return false;
        }
        at = parent_of(c);
    }
    false
}

/// `code` and every term below it in the tree.
pub fn with_descendants(taxonomy: &[TaxonomyTerm], code: &str) -> BTreeSet<String> {
    let mut found: BTreeSet<String> = BTreeSet::from([code.to_string()]);
    loop {
        let before = found.len();
        for t in taxonomy {
            if t.parent.as_ref().is_some_and(|p| found.contains(p)) {
                found.insert(t.code.clone());
            }
        }
        if found.len() == before {
            return found;
        }
    }
}

/// The top-level terms, in the order given.
pub fn roots(taxonomy: &[TaxonomyTerm]) -> impl Iterator<Item = &TaxonomyTerm> {
    taxonomy.iter().filter(|t| t.parent.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hours::WeeklySlot;
    use crate::domain::time::{Day, TimeRange};
    use jiff::civil::time;
    use proptest::prelude::*;

    pub(crate) fn taxonomy() -> Vec<TaxonomyTerm> {
        let term = |code: &str, parent: Option<&str>, it: &str| TaxonomyTerm {
            code: code.into(),
            parent: parent.map(Into::into),
            name: Text::it(it),
        };
        vec![
            term("casa", None, "Casa"),
            term("casa.affitto", Some("casa"), "Affitto"),
            term("casa.affitto.morosita", Some("casa.affitto"), "Morosità"),
            term("lavoro", None, "Lavoro"),
        ]
    }

    #[test]
    fn descendants_follow_parents_at_any_depth() {
        let t = taxonomy();
        assert_eq!(with_descendants(&t, "casa").len(), 3);
        assert_eq!(with_descendants(&t, "lavoro").len(), 1);
        assert_eq!(roots(&t).count(), 2);
    }

    fn service() -> Service {
        Service {
            id: ServiceId(1),
            city: "Roma".into(),
            organization: Organization { name: "Cooperativa".into(), website: None },
            name: Text::it("Sportello affitti"),
            description: Text::default(),
            categories: vec!["casa.affitto".into()],
            target_groups: vec![],
            eligibility: None,
            required_documents: vec![],
            languages: vec![],
            cost: Cost::Free,
            contacts: Contacts::default(),
            how_to_access: Text::it("Senza appuntamento"),
            locations: vec![],
            hours: None,
        }
    }

    fn location(hub_id: Option<HubId>) -> ServiceLocation {
        ServiceLocation { name: "Sede".into(), address: "Via Roma 1".into(), district: "Centro".into(), hub_id, coordinates: None }
    }

    #[test]
    fn validation_checks_categories_against_the_taxonomy() {
        let s = service();
        assert_eq!(s.validate(&taxonomy()), Ok(()));
        let unknown = Service { categories: vec!["sport".into()], ..s.clone() };
        assert_eq!(unknown.validate(&taxonomy()), Err(ServiceError::UnknownCategory("sport".into())));
        assert_eq!(Service { categories: vec![], ..s.clone() }.validate(&taxonomy()), Err(ServiceError::NoCategory));
        assert_eq!(Service { how_to_access: Text::it(""), ..s.clone() }.validate(&taxonomy()), Err(ServiceError::MissingAccess));
        let no_org = Service { organization: Organization { name: " ".into(), website: None }, ..s };
        assert_eq!(no_org.validate(&taxonomy()), Err(ServiceError::MissingOrganization));
    }

    #[test]
    fn ids_links_locations_and_lengths_are_checked() {
        let t = taxonomy();
        assert_eq!(Service { id: ServiceId(0), ..service() }.validate(&t), Err(ServiceError::BadId(ServiceId(0))));
        assert_eq!(Service { city: "".into(), ..service() }.validate(&t), Err(ServiceError::MissingCity));
        let script = Organization { name: "Coop".into(), website: Some("javascript:alert(1)".into()) };
        let e = FieldError::from(Service { organization: script, ..service() }.validate(&t).unwrap_err());
        assert_eq!((e.field.as_str(), e.reason), ("organization.website", Reason::NotAWebAddress));
        let contacts = Contacts { website: Some("data:text/html,hi".into()), ..Contacts::default() };
        let e = FieldError::from(Service { contacts, ..service() }.validate(&t).unwrap_err());
        assert_eq!((e.field.as_str(), e.reason), ("contacts.website", Reason::NotAWebAddress));
        let at_hub_zero = Service { locations: vec![location(Some(HubId(0)))], ..service() };
        assert_eq!(at_hub_zero.validate(&t), Err(ServiceError::BadLocationHub(HubId(0))));
        assert_eq!(Service { locations: vec![location(Some(HubId(4))), location(None)], ..service() }.validate(&t), Ok(()));
        let off_earth = ServiceLocation { coordinates: Some(GeoPoint { lat: 0.0, lon: 200.0 }), ..location(None) };
        assert_eq!(Service { locations: vec![off_earth], ..service() }.validate(&t), Err(ServiceError::BadLocationCoordinates));
        assert_eq!(Service { languages: vec!["IT".into()], ..service() }.validate(&t), Err(ServiceError::BadLanguage("IT".into())));
        let long = Service { organization: Organization { name: "o".repeat(LINE_MAX + 1), website: None }, ..service() };
        let e = FieldError::from(long.validate(&t).unwrap_err());
        assert_eq!((e.field.as_str(), e.reason), ("organization.name", Reason::TooLong));
        let e = FieldError::from(Service { categories: vec!["sport".into()], ..service() }.validate(&t).unwrap_err());
        assert_eq!((e.field.as_str(), e.reason, e.value.as_deref()), ("categories", Reason::Unknown, Some("sport")));
    }

    #[test]
    fn service_hours_are_checked_like_a_hubs() {
        let slot = |from, to| WeeklySlot { day: Day::Tue, range: TimeRange { start: from, end: to } };
        let backwards = OpeningHours { weekly: vec![slot(time(12, 0, 0, 0), time(9, 0, 0, 0))], ..OpeningHours::default() };
        let e = FieldError::from(Service { hours: Some(backwards), ..service() }.validate(&taxonomy()).unwrap_err());
        assert_eq!((e.field.as_str(), e.reason, e.value.as_deref()), ("hours.weekly", Reason::BadHours, Some("TU")));
    }

    #[test]
    fn taxonomy_codes_are_lowercase_dotted_words() {
        for good in ["casa", "casa.affitto", "salute.anziani-e_cura", "a1.b2.c3", &"x".repeat(CODE_MAX)] {
            assert!(is_taxonomy_code(good), "{good}");
        }
        for bad in [
            "",
            "../x",
            "..",
            ".casa",
            "casa.",
            "casa..affitto",
            "Casa",
            "casa/affitto",
            "città",
            "casa affitto",
            "a?b",
            &"x".repeat(CODE_MAX + 1),
        ] {
            assert!(!is_taxonomy_code(bad), "{bad}");
        }
    }

    #[test]
    fn a_term_needs_a_good_code_a_name_and_a_known_parent() {
        let t = taxonomy();
        let term =
            |code: &str, parent: Option<&str>| TaxonomyTerm { code: code.into(), parent: parent.map(Into::into), name: Text::it("Nome") };
        assert_eq!(term("casa.mutui", Some("casa")).validate(&t), Ok(()));
        assert_eq!(term("sport", None).validate(&t), Ok(()));
        assert_eq!(term("../x", None).validate(&t), Err(TaxonomyError::BadCode("../x".into())));
        assert_eq!(TaxonomyTerm { name: Text::it(" "), ..term("sport", None) }.validate(&t), Err(TaxonomyError::MissingName));
        assert_eq!(term("sport", Some("nope")).validate(&t), Err(TaxonomyError::UnknownParent("nope".into())));
        let e = FieldError::from(term("../x", None).validate(&t).unwrap_err());
        assert_eq!((e.field.as_str(), e.reason, e.value.as_deref()), ("code", Reason::Malformed, Some("../x")));
    }

    #[test]
    fn no_category_can_end_up_inside_itself() {
        let t = taxonomy();
        let moved = |code: &str, parent: &str| TaxonomyTerm { code: code.into(), parent: Some(parent.into()), name: Text::it("x") };
        // Itself, its child (two terms in a loop), its grandchild (three).
        for (code, parent) in
            [("casa", "casa"), ("casa", "casa.affitto"), ("casa", "casa.affitto.morosita"), ("casa.affitto", "casa.affitto.morosita")]
        {
            assert_eq!(moved(code, parent).validate(&t), Err(TaxonomyError::Cycle(parent.into())), "{code} under {parent}");
        }
        let e = FieldError::from(moved("casa", "casa.affitto").validate(&t).unwrap_err());
        assert_eq!((e.field.as_str(), e.reason), ("parent", Reason::Cycle));
        // Moving a term elsewhere, or under its current parent, is fine.
        assert_eq!(moved("casa.affitto.morosita", "lavoro").validate(&t), Ok(()));
        assert_eq!(moved("lavoro", "casa.affitto.morosita").validate(&t), Ok(()));
        assert_eq!(moved("casa.affitto", "casa").validate(&t), Ok(()));
        // A loop already stored (from before loops were refused) does not hang the check.
        let mut looped = t.clone();
        looped.push(moved("a", "b"));
        looped.push(moved("b", "a"));
        assert_eq!(moved("c", "a").validate(&looped), Ok(()));
        assert_eq!(moved("a", "b").validate(&looped), Err(TaxonomyError::Cycle("b".into())));
    }

    proptest! {
        /// Whatever parents are chosen, a tree built only from accepted writes has no loop:
        /// every term reaches a root.
        #[test]
        fn accepted_writes_never_make_a_loop(writes in proptest::collection::vec((0usize..6, proptest::option::of(0usize..6)), 1..40)) {
            let code = |i: usize| format!("t{i}");
            let mut tree: Vec<TaxonomyTerm> = Vec::new();
            for (c, p) in writes {
                let term = TaxonomyTerm { code: code(c), parent: p.map(code), name: Text::it("x") };
                if term.validate(&tree).is_ok() {
                    tree.retain(|t| t.code != term.code);
                    tree.push(term);
                }
            }
            for t in &tree {
                let mut at = t.parent.clone();
                let mut steps = 0;
                while let Some(p) = at {
                    steps += 1;
                    prop_assert!(steps <= tree.len(), "{} loops", t.code);
                    at = tree.iter().find(|x| x.code == p).and_then(|x| x.parent.clone());
                }
            }
        }

        #[test]
        fn any_code_is_accepted_only_in_the_documented_form(code in prop_oneof![any::<String>(), "[a-z0-9_.-]{0,70}", "[a-zA-Z0-9_./ -]{0,8}"]) {
            let documented = code.len() <= CODE_MAX
                && code.split('.').all(|s| !s.is_empty() && s.chars().all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '-')));
            prop_assert_eq!(is_taxonomy_code(&code), documented);
        }
    }
}
