//! The local services guide, shaped after Open Referral HSDS 3.0: an organization offers
//! a service at one or more locations, classified by taxonomy terms and target groups.
//!
//! Only what a resident needs to choose and reach a service is kept; HSDS fields map
//! one to one where named alike (`application_process` is `how_to_access` here).

use super::audience::TargetGroup;
use super::hours::OpeningHours;
use super::hub::{Contacts, GeoPoint, looks_like_email};
use super::ids::{HubId, ServiceId};
use super::text::Text;
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
    /// ISO 639-1 codes.
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
    #[error("the service needs a name")]
    MissingName,
    #[error("the service needs the name of the organization that runs it")]
    MissingOrganization,
    #[error("the service needs at least one category")]
    NoCategory,
    #[error("'{0}' is not a category of the guide")]
    UnknownCategory(String),
    #[error("say how to access the service")]
    MissingAccess,
    #[error("'{0}' is not an e-mail address")]
    BadEmail(String),
}

impl Service {
    /// Checks a service against the guide's taxonomy before it is saved.
    pub fn validate(&self, taxonomy: &[TaxonomyTerm]) -> Result<(), ServiceError> {
        if self.name.is_blank() {
            return Err(ServiceError::MissingName);
        }
        if self.organization.name.trim().is_empty() {
            return Err(ServiceError::MissingOrganization);
        }
        if self.categories.is_empty() {
            return Err(ServiceError::NoCategory);
        }
        if let Some(c) = self.categories.iter().find(|c| !taxonomy.iter().any(|t| &t.code == *c)) {
            return Err(ServiceError::UnknownCategory(c.clone()));
        }
        if self.how_to_access.is_blank() {
            return Err(ServiceError::MissingAccess);
        }
        if let Some(email) = &self.contacts.email
            && !looks_like_email(email)
        {
            return Err(ServiceError::BadEmail(email.clone()));
        }
        Ok(())
    }
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

    #[test]
    fn validation_checks_categories_against_the_taxonomy() {
        let s = Service {
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
        };
        assert_eq!(s.validate(&taxonomy()), Ok(()));
        let unknown = Service { categories: vec!["sport".into()], ..s.clone() };
        assert_eq!(unknown.validate(&taxonomy()), Err(ServiceError::UnknownCategory("sport".into())));
        assert_eq!(Service { categories: vec![], ..s.clone() }.validate(&taxonomy()), Err(ServiceError::NoCategory));
        assert_eq!(Service { how_to_access: Text::it(""), ..s.clone() }.validate(&taxonomy()), Err(ServiceError::MissingAccess));
        let no_org = Service { organization: Organization { name: " ".into(), website: None }, ..s };
        assert_eq!(no_org.validate(&taxonomy()), Err(ServiceError::MissingOrganization));
    }
}
