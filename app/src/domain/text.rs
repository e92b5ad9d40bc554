//! Text meant for people, in the languages a hub publishes.
//!
//! Content is written in Italian first; English is optional. Readers get their own
//! language when it exists and Italian otherwise, never an empty string.

use serde::{Deserialize, Serialize};

/// A language the interface speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Italian: the default and the fallback for every text.
    #[default]
    It,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the order the switch offers them.
    pub const ALL: [Lang; 2] = [Lang::It, Lang::En];

    /// The BCP 47 code, as used in `<html lang>` and the language cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }

    /// Reads a code such as `en` or `en-GB`; unknown codes give `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "it" => Some(Lang::It),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's own name, as shown on the switch.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::It => "Italiano",
            Lang::En => "English",
        }
    }

    /// Writing direction for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        "ltr"
    }
}

/// A text with an Italian original and an optional English version.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub it: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    /// A text with both versions.
    pub fn new(it: impl Into<String>, en: impl Into<String>) -> Self {
        Text { it: it.into(), en: Some(en.into()) }
    }

    /// A text that exists only in Italian (names of places, for instance).
    pub fn it(it: impl Into<String>) -> Self {
        Text { it: it.into(), en: None }
    }

    /// The version for `lang`, falling back to Italian when it is missing or blank.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => match &self.en {
                Some(en) if !en.trim().is_empty() => en,
                _ => &self.it,
            },
            Lang::It => &self.it,
        }
    }

    /// Whether the Italian original is blank (the only required version).
    pub fn is_blank(&self) -> bool {
        self.it.trim().is_empty()
    }

    /// All versions joined, for building a search index.
    pub fn all_versions(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.it.as_str()).chain(self.en.as_deref())
    }

    /// The length of the longest version, in characters.
    pub fn longest(&self) -> usize {
        self.all_versions().map(|v| v.chars().count()).max().unwrap_or(0)
    }
}

/// Whether `code` is written as a language code: two lower-case letters (ISO 639-1,
/// `it`), or three for a language without one (`lis`, Italian Sign Language).
pub fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// The most characters of a name or any other one-line field (an address, a phone).
pub const LINE_MAX: usize = 200;
/// The most characters of a description or any other free text.
pub const DESCRIPTION_MAX: usize = 5000;

/// A field longer than its limit: content is read on phones, and a runaway paste should
/// be caught before it becomes a page of megabytes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field} is longer than {max} characters")]
pub struct TooLong {
    /// The field's name, dotted when nested (`organization.name`).
    pub field: &'static str,
    pub max: usize,
}

impl From<TooLong> for crate::error::FieldError {
    fn from(e: TooLong) -> Self {
        crate::error::FieldError::new(e.field, crate::error::Reason::TooLong).with_detail(e.to_string())
    }
}

/// Refuses a field of `chars` characters when its limit is `max`.
pub fn check_length(field: &'static str, chars: usize, max: usize) -> Result<(), TooLong> {
    if chars > max { Err(TooLong { field, max }) } else { Ok(()) }
}

/// [`check_length`] for a one-line plain string.
pub fn check_line(field: &'static str, value: &str) -> Result<(), TooLong> {
    check_length(field, value.chars().count(), LINE_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_falls_back_to_italian() {
        let only_it = Text::it("Sportello sociale");
        assert_eq!(only_it.get(Lang::En), "Sportello sociale");
        let blank_en = Text { it: "Laboratorio".into(), en: Some("  ".into()) };
        assert_eq!(blank_en.get(Lang::En), "Laboratorio");
        let both = Text::new("Corso", "Course");
        assert_eq!(both.get(Lang::En), "Course");
        assert_eq!(both.get(Lang::It), "Corso");
    }

    #[test]
    fn language_codes_round_trip_and_accept_regions() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("IT_it"), Some(Lang::It));
        assert_eq!(Lang::from_code("xx"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    proptest::proptest! {
        /// Language codes come from cookies and `Accept-Language`: any text is a known
        /// language or none, never a panic.
        #[test]
        fn any_text_is_a_language_or_none(code in proptest::prop_oneof![proptest::arbitrary::any::<String>(), "(it|en|IT|En)([-_][A-Za-z\u{e9}]{0,3})?"]) {
            if let Some(lang) = Lang::from_code(&code) {
                proptest::prop_assert!(code.trim().to_ascii_lowercase().starts_with(lang.code()));
            }
        }
    }

    #[test]
    fn language_codes_are_two_or_three_lowercase_letters() {
        assert!(is_language_code("it") && is_language_code("lis"));
        for bad in ["", "i", "IT", "ital", "it-IT", "è"] {
            assert!(!is_language_code(bad), "{bad}");
        }
    }

    #[test]
    fn lengths_count_characters_of_the_longest_version() {
        let t = Text::new("città", "a longer city");
        assert_eq!(t.longest(), 13);
        assert_eq!(Text::it("è".repeat(LINE_MAX)).longest(), LINE_MAX, "characters, not bytes");
        assert_eq!(check_line("city", &"è".repeat(LINE_MAX)), Ok(()));
        assert_eq!(check_line("city", &"x".repeat(LINE_MAX + 1)), Err(TooLong { field: "city", max: LINE_MAX }));
        let e = crate::error::FieldError::from(TooLong { field: "description", max: DESCRIPTION_MAX });
        assert_eq!((e.field.as_str(), e.reason), ("description", crate::error::Reason::TooLong));
    }
}
