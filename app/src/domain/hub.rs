//! Hubs: the places people go to (a polo civico, a casa del quartiere, a concierge space…).

use super::hours::{HoursError, OpeningHours};
use super::ids::HubId;
use super::text::Text;
use serde::{Deserialize, Serialize};

/// The kinds of neighbourhood hub Civico serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HubKind {
    /// Rome's "polo civico" in a Municipio.
    PoloCivico,
    /// Turin's "casa del quartiere".
    CasaDelQuartiere,
    /// A reopened concierge space (portineria) in a public-housing estate.
    Portineria,
    /// A civic centre (Monza's centri civici, Fare Legami's civic centres).
    CivicCentre,
    /// A neighbourhood social network or council without a building of its own.
    NeighbourhoodNetwork,
}

impl HubKind {
    pub const ALL: [HubKind; 5] =
        [HubKind::PoloCivico, HubKind::CasaDelQuartiere, HubKind::Portineria, HubKind::CivicCentre, HubKind::NeighbourhoodNetwork];

    pub fn label(self) -> Text {
        match self {
            HubKind::PoloCivico => Text::new("Polo civico", "Civic hub"),
            HubKind::CasaDelQuartiere => Text::new("Casa del quartiere", "Neighbourhood house"),
            HubKind::Portineria => Text::new("Portineria di quartiere", "Concierge space"),
            HubKind::CivicCentre => Text::new("Centro civico", "Civic centre"),
            HubKind::NeighbourhoodNetwork => Text::new("Rete di quartiere", "Neighbourhood network"),
        }
    }
}

/// A point on the map (WGS 84).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

/// Ways to get in touch. All optional: many hubs have only a phone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contacts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

impl Contacts {
    pub fn is_empty(&self) -> bool {
        self.phone.is_none() && self.email.is_none() && self.website.is_none()
    }
}

/// A neighbourhood hub.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hub {
    pub id: HubId,
    pub kind: HubKind,
    pub name: Text,
    pub description: Text,
    pub city: String,
    /// The municipio, circoscrizione or quartiere.
    pub district: String,
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<GeoPoint>,
    #[serde(default)]
    pub contacts: Contacts,
    /// Step-free access, toilets, hearing loops… in plain words.
    #[serde(default)]
    pub accessibility: Text,
    #[serde(default)]
    pub hours: OpeningHours,
}

/// Why a hub cannot be saved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HubError {
    #[error("the hub needs a name")]
    MissingName,
    #[error("the hub needs a city")]
    MissingCity,
    #[error("the hub needs an address")]
    MissingAddress,
    #[error("coordinates are out of range")]
    BadCoordinates,
    #[error("'{0}' is not an e-mail address")]
    BadEmail(String),
    #[error("opening hours: {0}")]
    Hours(#[from] HoursError),
}

impl Hub {
    /// Checks a hub before it is saved.
    pub fn validate(&self) -> Result<(), HubError> {
        if self.name.is_blank() {
            return Err(HubError::MissingName);
        }
        if self.city.trim().is_empty() {
            return Err(HubError::MissingCity);
        }
        if self.address.trim().is_empty() {
            return Err(HubError::MissingAddress);
        }
        if let Some(p) = self.coordinates
            && !((-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon))
        {
            return Err(HubError::BadCoordinates);
        }
        if let Some(email) = &self.contacts.email
            && !looks_like_email(email)
        {
            return Err(HubError::BadEmail(email.clone()));
        }
        Ok(self.hours.validate()?)
    }
}

/// The order hubs are listed in everywhere: by city, then district, then name.
pub fn sort_for_display(hubs: &mut [Hub]) {
    hubs.sort_by(|a, b| (&a.city, &a.district, &a.name.it).cmp(&(&b.city, &b.district, &b.name.it)));
}

/// A deliberately loose check: something@domain.tld, no spaces.
pub fn looks_like_email(s: &str) -> bool {
    let Some((user, domain)) = s.split_once('@') else { return false };
    !user.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !s.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hub() -> Hub {
        Hub {
            id: HubId(1),
            kind: HubKind::PoloCivico,
            name: Text::it("Polo civico Municipio VII"),
            description: Text::default(),
            city: "Roma".into(),
            district: "Municipio VII".into(),
            address: "Via Appia Nuova 1".into(),
            coordinates: Some(GeoPoint { lat: 41.87, lon: 12.52 }),
            contacts: Contacts { email: Some("polo7@example.org".into()), ..Contacts::default() },
            accessibility: Text::default(),
            hours: OpeningHours::default(),
        }
    }

    #[test]
    fn a_complete_hub_is_valid() {
        assert_eq!(hub().validate(), Ok(()));
    }

    #[test]
    fn missing_or_malformed_fields_are_named() {
        assert_eq!(Hub { name: Text::it(" "), ..hub() }.validate(), Err(HubError::MissingName));
        assert_eq!(Hub { city: "".into(), ..hub() }.validate(), Err(HubError::MissingCity));
        assert_eq!(Hub { address: "".into(), ..hub() }.validate(), Err(HubError::MissingAddress));
        assert_eq!(Hub { coordinates: Some(GeoPoint { lat: 91.0, lon: 0.0 }), ..hub() }.validate(), Err(HubError::BadCoordinates));
        let bad_mail = Hub { contacts: Contacts { email: Some("polo7 at example".into()), ..Contacts::default() }, ..hub() };
        assert!(matches!(bad_mail.validate(), Err(HubError::BadEmail(_))));
    }

    #[test]
    fn email_check_is_loose_but_catches_typos() {
        assert!(looks_like_email("a@b.it"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("@b.it"));
        assert!(!looks_like_email("a b@c.it"));
    }
}
