//! The interface's messages, read from the catalogues in `app/locales` (one JSON file per
//! language, flat keys in groups, `{{name}}` placeholders and CLDR plural forms as
//! `key_one`, `key_few`…, the i18next JSON v4 shape translation tools read).
//!
//! `build.rs` turns them into a constant per message and a table of strings per
//! language. The server and the tests hold every table; the browser fetches only the
//! table of the language in use (a hashed file under `/pkg`), before it hydrates, and of
//! that only the main part: the staff screens' words are a part of their own, fetched
//! when those screens open.

use crate::domain::text::{Lang, Text};
use std::fmt::Display;

/// A message: one slot of every language's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Msg(usize);

/// A message with CLDR plural forms: six slots (zero, one, two, few, many, other), of
/// which each language fills those its rules use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plural(usize);

// One constant per message, in a module per group (`common`, `staff`…); `SLOTS`,
// `PART_STARTS`, `STAFF_PART` and `CATALOGUE_FILES`.
include!(concat!(env!("OUT_DIR"), "/keys.rs"));

#[cfg(not(feature = "hydrate"))]
mod tables {
    use super::SLOTS;
    include!(concat!(env!("OUT_DIR"), "/tables.rs"));
}

impl Msg {
    /// The message in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        slot(lang, self.0)
    }

    /// The message in `lang` with its `{{name}}` placeholders filled.
    pub fn with(self, lang: Lang, args: &[(&str, &dyn Display)]) -> String {
        fill(self.get(lang), args)
    }

    /// The message in every language this process holds, as a content text.
    pub fn text(self) -> Text {
        text_in_each_language(|lang| self.get(lang).to_string())
    }
}

impl Plural {
    /// The form for `n` in `lang`, with `{{count}}` filled: "3 posti", "٣ أماكن".
    pub fn of(self, lang: Lang, n: u64) -> String {
        self.with(lang, n, &[])
    }

    /// [`Plural::of`] with more placeholders filled.
    pub fn with(self, lang: Lang, n: u64, args: &[(&str, &dyn Display)]) -> String {
        let form = slot(lang, self.0 + super::plural::form(lang, n));
        let mut all: Vec<(&str, &dyn Display)> = Vec::with_capacity(args.len() + 1);
        all.push(("count", &n));
        all.extend_from_slice(args);
        fill(form, &all)
    }
}

/// Replaces each `{{name}}` with its argument; an unknown name is left as written.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    // Byte scans rather than `str::find`, whose substring searcher is code every first
    // visit would download.
    let at = |s: &str, pair: &[u8; 2]| s.as_bytes().windows(2).position(|w| w == pair);
    while let Some(start) = at(rest, b"{{") {
        let Some(len) = at(&rest[start..], b"}}") else { break };
        out.push_str(&rest[..start]);
        let name = &rest[start + 2..start + len];
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                let _ = write!(out, "{value}");
            }
            None => out.push_str(&rest[start..start + len + 2]),
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// A content text made of `f` in each language this process holds: every language on the
/// server; in the browser, those it has loaded (for a text built offline from the
/// replica, shown in the language in use).
pub fn text_in_each_language(f: impl Fn(Lang) -> String) -> Text {
    let langs = held();
    let first = langs.first().copied().unwrap_or_default();
    let mut text = Text::it(f(if langs.contains(&Lang::It) { Lang::It } else { first }));
    for lang in langs.into_iter().filter(|l| *l != Lang::It) {
        text = text.with(lang.code(), f(lang));
    }
    text
}

#[cfg(not(feature = "hydrate"))]
fn slot(lang: Lang, i: usize) -> &'static str {
    tables::TABLES[lang.index()][i]
}

#[cfg(not(feature = "hydrate"))]
fn held() -> Vec<Lang> {
    Lang::ALL.to_vec()
}

/// Every part of every language's table as (file name, content), for the server to write
/// out under `/pkg`.
#[cfg(not(feature = "hydrate"))]
pub fn catalogue_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    CATALOGUE_FILES.into_iter().zip(CATALOGUE_JSON).flat_map(|(names, json)| names.into_iter().zip(json))
}

/// Where the browser fetches the main part of `lang`'s table.
pub fn catalogue_url(lang: Lang) -> String {
    part_url(lang, 0)
}

/// Where the browser fetches `part` of `lang`'s table.
pub fn part_url(lang: Lang, part: usize) -> String {
    format!("/pkg/{}", CATALOGUE_FILES[part][lang.index()])
}

/// The part of the tables slot `i` is in.
#[cfg(any(test, feature = "hydrate"))]
fn part_of(i: usize) -> usize {
    PART_STARTS.iter().rposition(|start| *start <= i).unwrap_or(0)
}

#[cfg(feature = "hydrate")]
mod loaded {
    use super::{Lang, SLOTS};
    use std::cell::RefCell;

    thread_local! {
        /// The parts of tables fetched so far (language, part, strings), leaked: a page
        /// holds a few for its life.
        static TABLES: RefCell<Vec<(Lang, usize, &'static [&'static str])>> = const { RefCell::new(Vec::new()) };
    }

    pub fn slot(lang: Lang, i: usize) -> &'static str {
        let part = super::part_of(i);
        TABLES.with_borrow(|tables| {
            let mut of_part = tables.iter().filter(|(_, p, _)| *p == part);
            let table = of_part.clone().find(|(l, ..)| *l == lang).or_else(|| of_part.next()).map(|(.., t)| *t);
            table.and_then(|t| t.get(i - super::PART_STARTS[part]).copied()).unwrap_or("")
        })
    }

    pub fn held() -> Vec<Lang> {
        TABLES.with_borrow(|tables| tables.iter().filter(|(_, p, _)| *p == 0).map(|(l, ..)| *l).collect())
    }

    /// Whether `part` of `lang`'s table is here.
    pub fn has(lang: Lang, part: usize) -> bool {
        TABLES.with_borrow(|tables| tables.iter().any(|(l, p, _)| *l == lang && *p == part))
    }

    /// Fetches the main part of `lang`'s table (the service worker keeps it for offline
    /// starts).
    pub async fn load(lang: Lang) -> Result<(), String> {
        load_part(lang, 0).await
    }

    /// Fetches `part` of `lang`'s table.
    pub async fn load_part(lang: Lang, part: usize) -> Result<(), String> {
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;
        if has(lang, part) {
            return Ok(());
        }
        let window = leptos::prelude::window();
        let url = super::part_url(lang, part);
        let failed = |why: &str| format!("{url}: {why}");
        let response = JsFuture::from(window.fetch_with_str(&url)).await.map_err(|_| failed("no answer"))?;
        let response: web_sys::Response = response.dyn_into().map_err(|_| failed("not a response"))?;
        if !response.ok() {
            return Err(failed("refused"));
        }
        // The browser's own JSON parser: serde_json's reader and its error messages (which
        // format floats) would add about 20 KiB to the wasm every first visit downloads.
        let json = JsFuture::from(response.json().map_err(|_| failed("not JSON"))?).await.map_err(|_| failed("not JSON"))?;
        let strings: js_sys::Array = json.dyn_into().map_err(|_| failed("not a list"))?;
        let end = super::PART_STARTS.get(part + 1).copied().unwrap_or(SLOTS);
        let expected = end - super::PART_STARTS[part];
        if strings.length() as usize != expected {
            return Err(failed("made for another version of the app"));
        }
        let table: Vec<&'static str> = strings.iter().map(|s| &*Box::leak(s.as_string().unwrap_or_default().into_boxed_str())).collect();
        TABLES.with_borrow_mut(|tables| tables.push((lang, part, Box::leak(table.into_boxed_slice()))));
        Ok(())
    }
}

#[cfg(feature = "hydrate")]
pub use loaded::{has, load, load_part};
#[cfg(feature = "hydrate")]
use loaded::{held, slot};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_by_name_and_unknown_ones_stay() {
        assert_eq!(fill("{{a}} e {{b}}", &[("b", &2), ("a", &"uno")]), "uno e 2");
        assert_eq!(fill("{{a}} {{z}}", &[("a", &1)]), "1 {{z}}");
        assert_eq!(fill("no placeholder {{", &[]), "no placeholder {{");
    }

    #[test]
    fn every_language_has_a_whole_table() {
        for lang in Lang::ALL {
            assert_eq!(tables::TABLES[lang.index()].len(), SLOTS);
            assert!(catalogue_url(lang).starts_with(&format!("/pkg/strings-{}.", lang.code())));
            assert!(!common::NAV_HOME.get(lang).is_empty());
        }
        let (name, json) = catalogue_files().nth(Lang::Ar.index()).unwrap();
        assert!(name.starts_with("strings-ar."));
        let main: Vec<String> = serde_json::from_str(json).unwrap();
        assert_eq!(main.len(), PART_STARTS[PAGES_PART], "the main part ends where the other pages' part starts");
        let lazy: usize = catalogue_files()
            .filter(|(n, _)| ["strings-pages-ar.", "strings-staff-ar.", "strings-kiosk-ar."].iter().any(|p| n.starts_with(p)))
            .map(|(_, j)| serde_json::from_str::<Vec<String>>(j).unwrap().len())
            .sum();
        assert_eq!(main.len() + lazy, SLOTS, "the main part, the other pages', the staff's and the kiosk's");
        assert_eq!(catalogue_files().count(), Lang::ALL.len() * PART_STARTS.len());
        assert_eq!(part_of(staff::LOGOUT.0), STAFF_PART);
        assert_eq!(part_of(kiosk::TOUCH_TO_START.0), KIOSK_PART);
        assert_eq!(part_of(pages::SIGN_UP_TITLE.0), PAGES_PART);
        assert_eq!(part_of(rule::EVERY_WEEK.0), PAGES_PART, "rules in words are said on the pages after the first");
        assert_eq!(part_of(common::NAV_HOME.0), 0);
        assert!(part_url(Lang::It, STAFF_PART).starts_with("/pkg/strings-staff-it."));
    }

    #[test]
    fn a_message_becomes_a_text_in_every_language() {
        let t = common::NAV_HOME.text();
        assert_eq!((t.it.as_str(), t.en.as_deref()), ("Inizio", Some("Home")));
        assert_eq!(t.get(Lang::Ar), common::NAV_HOME.get(Lang::Ar));
    }

    /// Code the first download runs (the shell, the home page, the sync engine, the
    /// domain) must not say words of the `pages` part: before a later page fetched them,
    /// they are not there, and would show as nothing. `describe` and `labels` word rules and
    /// language names, which only those pages show.
    #[test]
    fn the_first_download_says_no_word_of_the_later_pages() {
        let it: serde_json::Value = serde_json::from_str(include_str!("../../locales/it.json")).unwrap();
        let base = |k: &str| {
            let k = ["_zero", "_one", "_two", "_few", "_many", "_other"].iter().find_map(|f| k.strip_suffix(f)).unwrap_or(k);
            k.to_ascii_uppercase()
        };
        let names =
            |group: &str| -> std::collections::BTreeSet<String> { it[group].as_object().unwrap().keys().map(|k| base(k)).collect() };
        let (common, pages) = (names("common"), names("pages"));
        let mut words: Vec<String> = pages.difference(&common).cloned().collect();
        words.extend(["rule::", "language_names::"].map(String::from));
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let first = [
            "components",
            "features/home",
            "sync",
            "domain",
            "app.rs",
            "lib.rs",
            "error.rs",
            "codec.rs",
            "content.rs",
            "i18n.rs",
            "i18n/catalogue.rs",
            "i18n/plural.rs",
        ];
        let mut files = Vec::new();
        let mut todo: Vec<std::path::PathBuf> = first.iter().map(|f| src.join(f)).collect();
        while let Some(path) = todo.pop() {
            if path.is_dir() {
                todo.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n/catalogue.rs") {
                files.push(path);
            }
        }
        assert!(files.len() > 40, "the first download's files were found");
        let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for word in &words {
                let used = text.match_indices(word.as_str()).any(|(at, _)| {
                    let before = text[..at].chars().next_back().is_none_or(|c| !is_word(c));
                    let after = text[at + word.len()..].chars().next().is_none_or(|c| !is_word(c) || word.ends_with("::"));
                    before && after
                });
                assert!(!used, "{} says {word}, a word of the later pages", file.display());
            }
        }
    }
}
