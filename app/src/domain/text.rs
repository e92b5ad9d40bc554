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
}
