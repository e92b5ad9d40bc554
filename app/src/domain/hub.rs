//! Hubs: the places people go to (a polo civico, a casa del quartiere, a concierge space…).

use super::hours::{HoursError, OpeningHours};
use super::ids::HubId;
use super::text::{DESCRIPTION_MAX, LINE_MAX, Text, TooLong, check_length, check_line};
use crate::error::{FieldError, Reason, shorten};
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
}

/// A point on the map (WGS 84).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

/// Ways to get in touch. All optional: many hubs have only a phone.
///
/// Each becomes a link (`tel:`, `mailto:`, the website itself), so each is checked
/// before it is saved: a website that is not `https:` or `http:` would be a script link.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contacts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// Why a contact cannot be saved. Fields are relative to the contacts.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    #[error("'{0}' is not a phone number: use digits, spaces and + - ( ) / . only, with at least {MIN_PHONE_DIGITS} digits")]
    BadPhone(String),
    #[error("'{0}' is not an e-mail address")]
    BadEmail(String),
    #[error("'{0}' is not a web address: write it as https://… or http://…")]
    BadWebsite(String),
    #[error("{0}")]
    TooLong(#[from] TooLong),
}

impl From<ContactError> for FieldError {
    fn from(e: ContactError) -> Self {
        let detail = e.to_string();
        let refused = match e {
            ContactError::BadPhone(v) => FieldError::new("phone", Reason::NotAPhone).with_value(&v),
            ContactError::BadEmail(v) => FieldError::new("email", Reason::NotAnEmail).with_value(&v),
            ContactError::BadWebsite(v) => FieldError::new("website", Reason::NotAWebAddress).with_value(&v),
            ContactError::TooLong(e) => return e.into(),
        };
        refused.with_detail(detail)
    }
}

/// The longest web address accepted, in characters.
pub const WEB_ADDRESS_MAX: usize = 2000;
/// The fewest digits a phone number has (short codes such as 112 are not for hubs).
pub const MIN_PHONE_DIGITS: usize = 5;

impl Contacts {
    pub fn is_empty(&self) -> bool {
        self.phone.is_none() && self.email.is_none() && self.website.is_none()
    }

    /// Checks every contact given.
    pub fn validate(&self) -> Result<(), ContactError> {
        if let Some(phone) = &self.phone {
            check_line("phone", phone)?;
            if !is_phone(phone) {
                return Err(ContactError::BadPhone(shorten(phone)));
            }
        }
        if let Some(email) = &self.email {
            check_line("email", email)?;
            if !looks_like_email(email) {
                return Err(ContactError::BadEmail(shorten(email)));
            }
        }
        if let Some(website) = &self.website {
            check_website(website)?;
        }
        Ok(())
    }
}

/// Refuses a website that is too long or not an `https:`/`http:` address.
pub fn check_website(website: &str) -> Result<(), ContactError> {
    check_length("website", website.chars().count(), WEB_ADDRESS_MAX)?;
    if is_web_address(website) { Ok(()) } else { Err(ContactError::BadWebsite(shorten(website))) }
}

/// An `https:` or `http:` address with a host: `scheme://host[:port][/…]`, scheme in any
/// case, no whitespace or control characters anywhere. Anything else (`javascript:`,
/// `data:`, a relative path) must not become a link.
pub fn is_web_address(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else { return false };
    let Some(after_slashes) = rest.strip_prefix("//") else { return false };
    let web_scheme = scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http");
    web_scheme && !host_of(after_slashes).is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The host of what follows `scheme://`: the authority without user info and port.
fn host_of(after_slashes: &str) -> &str {
    let authority = after_slashes.split(['/', '?', '#', '\\']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    match host_port.strip_prefix('[') {
        // An IPv6 literal: `[::1]:8080`.
        Some(v6) => v6.split_once(']').map_or("", |(h, _)| h),
        None => host_port.split(':').next().unwrap_or(""),
    }
}

/// Digits, spaces and `+ - ( ) / .` only, with at least [`MIN_PHONE_DIGITS`] digits.
pub fn is_phone(s: &str) -> bool {
    let allowed = |c: char| c.is_ascii_digit() || " +-()/.".contains(c);
    s.chars().all(allowed) && s.chars().filter(char::is_ascii_digit).count() >= MIN_PHONE_DIGITS
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
    #[error("{0} is not a hub id: ids are whole numbers from 1")]
    BadId(HubId),
    #[error("the hub needs a name")]
    MissingName,
    #[error("the hub needs a city")]
    MissingCity,
    #[error("the hub needs an address")]
    MissingAddress,
    #[error("coordinates are out of range")]
    BadCoordinates,
    #[error("{0}")]
    TooLong(#[from] TooLong),
    #[error("contacts: {0}")]
    Contacts(#[from] ContactError),
    #[error("opening hours: {0}")]
    Hours(#[from] HoursError),
}

impl From<HubError> for FieldError {
    fn from(e: HubError) -> Self {
        let detail = e.to_string();
        let refused = match e {
            HubError::BadId(id) => FieldError::new("id", Reason::NotANumber).with_value(&id.to_string()),
            HubError::MissingName => FieldError::new("name", Reason::Required),
            HubError::MissingCity => FieldError::new("city", Reason::Required),
            HubError::MissingAddress => FieldError::new("address", Reason::Required),
            HubError::BadCoordinates => FieldError::new("coordinates", Reason::OutOfRange),
            // Nested errors keep their own, more precise, detail.
            HubError::TooLong(e) => return e.into(),
            HubError::Contacts(e) => return FieldError::from(e).under("contacts"),
            HubError::Hours(e) => return FieldError::from(e).under("hours"),
        };
        refused.with_detail(detail)
    }
}

impl GeoPoint {
    /// Whether it is a point on Earth.
    pub fn is_valid(self) -> bool {
        (-90.0..=90.0).contains(&self.lat) && (-180.0..=180.0).contains(&self.lon)
    }
}

impl Hub {
    /// Checks a hub before it is saved.
    pub fn validate(&self) -> Result<(), HubError> {
        if !self.id.is_valid() {
            return Err(HubError::BadId(self.id));
        }
        if self.name.is_blank() {
            return Err(HubError::MissingName);
        }
        if self.city.trim().is_empty() {
            return Err(HubError::MissingCity);
        }
        if self.address.trim().is_empty() {
            return Err(HubError::MissingAddress);
        }
        self.check_lengths()?;
        if self.coordinates.is_some_and(|p| !p.is_valid()) {
            return Err(HubError::BadCoordinates);
        }
        self.contacts.validate()?;
        Ok(self.hours.validate()?)
    }

    fn check_lengths(&self) -> Result<(), TooLong> {
        check_length("name", self.name.longest(), LINE_MAX)?;
        check_line("city", &self.city)?;
        check_line("district", &self.district)?;
        check_line("address", &self.address)?;
        check_length("description", self.description.longest(), DESCRIPTION_MAX)?;
        check_length("accessibility", self.accessibility.longest(), DESCRIPTION_MAX)
    }
}

/// The order hubs are listed in everywhere: by city, then district, then name.
pub fn sort_for_display(hubs: &mut [Hub]) {
    hubs.sort_by(|a, b| (&a.city, &a.district, &a.name.it, a.id).cmp(&(&b.city, &b.district, &b.name.it, b.id)));
}

/// A deliberately loose check: something@domain.tld, no spaces.
pub fn looks_like_email(s: &str) -> bool {
    let Some((user, domain)) = s.split_once('@') else { return false };
    !user.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !s.contains(char::is_whitespace)
}

/// Cities and their districts, for the place filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityDistricts {
    pub city: String,
    pub districts: Vec<String>,
}

/// Groups hubs into cities and districts, alphabetically.
pub fn place_index(hubs: &[Hub]) -> Vec<CityDistricts> {
    let mut out: Vec<CityDistricts> = Vec::new();
    let mut sorted: Vec<&Hub> = hubs.iter().collect();
    sorted.sort_by(|a, b| (&a.city, &a.district).cmp(&(&b.city, &b.district)));
    for h in sorted {
        match out.last_mut() {
            Some(c) if c.city == h.city => {
                if c.districts.last() != Some(&h.district) {
                    c.districts.push(h.district.clone());
                }
            }
            _ => out.push(CityDistricts { city: h.city.clone(), districts: vec![h.district.clone()] }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hours::WeeklySlot;
    use crate::domain::time::{Day, TimeRange};

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
        assert!(matches!(bad_mail.validate(), Err(HubError::Contacts(ContactError::BadEmail(_)))));
        assert_eq!(Hub { id: HubId(0), ..hub() }.validate(), Err(HubError::BadId(HubId(0))));
        assert_eq!(Hub { id: HubId(-1), ..hub() }.validate(), Err(HubError::BadId(HubId(-1))));
    }

    #[test]
    fn errors_name_their_field_and_keep_the_english_text_as_detail() {
        let refused = |h: Hub| FieldError::from(h.validate().unwrap_err());
        let e = refused(Hub { contacts: Contacts { website: Some("javascript:alert(1)".into()), ..Contacts::default() }, ..hub() });
        assert_eq!(
            (e.field.as_str(), e.reason, e.value.as_deref()),
            ("contacts.website", Reason::NotAWebAddress, Some("javascript:alert(1)"))
        );
        assert!(e.detail.as_deref().is_some_and(|d| d.contains("https://")), "{e:?}");
        let e = refused(Hub { contacts: Contacts { phone: Some("call me".into()), ..Contacts::default() }, ..hub() });
        assert_eq!((e.field.as_str(), e.reason), ("contacts.phone", Reason::NotAPhone));
        let e = refused(Hub { id: HubId(0), ..hub() });
        assert_eq!((e.field.as_str(), e.reason, e.value.as_deref()), ("id", Reason::NotANumber, Some("0")));
        assert_eq!(refused(Hub { city: " ".into(), ..hub() }).field, "city");
        let e = refused(Hub { name: Text::it("n".repeat(LINE_MAX + 1)), ..hub() });
        assert_eq!((e.field.as_str(), e.reason), ("name", Reason::TooLong));
        let e = refused(Hub { description: Text::new("ok", "d".repeat(DESCRIPTION_MAX + 1)), ..hub() });
        assert_eq!((e.field.as_str(), e.reason), ("description", Reason::TooLong));
        let mut overlapping = hub();
        let slot = |from, to| WeeklySlot { day: Day::Mon, range: TimeRange::hm(from, to).unwrap() };
        overlapping.hours.weekly = vec![slot((9, 0), (12, 0)), slot((11, 0), (13, 0))];
        let e = refused(overlapping);
        assert_eq!((e.field.as_str(), e.reason, e.value.as_deref()), ("hours.weekly", Reason::BadHours, Some("MO")));
    }

    #[test]
    fn only_http_and_https_addresses_with_a_host_are_websites() {
        for good in [
            "https://civico.example.org",
            "http://example.org/path?q=1#top",
            "HTTPS://Example.org",
            "https://user@example.org:8443/x",
            "https://[::1]:8080/",
            "https://città.example/",
        ] {
            assert!(is_web_address(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript://example.org/%0Aalert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "https:example.org",
            "https:/example.org",
            "https://",
            "https:///path",
            "https://user@/x",
            "https://:443/",
            "https://[]/",
            "//example.org",
            "/hubs/1",
            "example.org",
            "ftp://example.org",
            "https://exa mple.org",
            "https://example.org/\n",
            "https://example.org/\u{0}",
            "https://example.org/\u{2028}",
            " https://example.org",
            "",
        ] {
            assert!(!is_web_address(bad), "{bad:?}");
        }
    }

    #[test]
    fn phones_are_digits_and_the_usual_separators() {
        for good in ["06 1234 5678", "+39 (06) 123-456", "800.000.001", "011/0000100", "12345"] {
            assert!(is_phone(good), "{good}");
        }
        for bad in ["1234", "", "call 06 1234", "06 1234 5678 ext 2", "javascript:1234567", "06\n12345", "٠٦١٢٣٤٥"] {
            assert!(!is_phone(bad), "{bad:?}");
        }
    }

    #[test]
    fn contacts_refuse_what_cannot_be_a_link() {
        let c = |phone: Option<&str>, email: Option<&str>, website: Option<&str>| Contacts {
            phone: phone.map(Into::into),
            email: email.map(Into::into),
            website: website.map(Into::into),
        };
        assert_eq!(Contacts::default().validate(), Ok(()));
        assert_eq!(c(Some("06 123456"), Some("a@b.it"), Some("https://b.it")).validate(), Ok(()));
        assert!(matches!(c(None, None, Some("javascript:alert(1)")).validate(), Err(ContactError::BadWebsite(_))));
        assert!(matches!(c(Some("+39 1"), None, None).validate(), Err(ContactError::BadPhone(_))));
        let long = format!("https://example.org/{}", "x".repeat(WEB_ADDRESS_MAX));
        assert_eq!(c(None, None, Some(&long)).validate(), Err(ContactError::TooLong(TooLong { field: "website", max: WEB_ADDRESS_MAX })));
        // The value a refusal repeats is shortened.
        let Err(ContactError::BadPhone(echo)) = c(Some(&"x".repeat(150)), None, None).validate() else { panic!("refused") };
        assert!(echo.chars().count() <= crate::error::ECHO_LIMIT + 1);
    }

    #[test]
    fn email_check_is_loose_but_catches_typos() {
        assert!(looks_like_email("a@b.it"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("@b.it"));
        assert!(!looks_like_email("a b@c.it"));
    }
}
