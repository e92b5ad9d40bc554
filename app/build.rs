//! Reads the interface catalogues (`locales/<code>.json`, one file per language) and
//! generates what the code needs of them:
//! - `langs.rs`: the `Lang` enum, one variant per file, Italian first;
//! - `keys.rs`: one constant per message (`Msg`, or `Plural` for a message with CLDR plural
//!   forms), in a module per group of the catalogue;
//! - `tables.rs`: every language's strings in slot order, for the server and tests;
//! - `strings-<code>.json`: the same as a JSON array, which the browser fetches for the
//!   language in use only (its name carries a hash of its content, for immutable caching).
//!
//! Italian is the source: its keys are the messages. A language may lack messages (they
//! fall back to Italian, with a warning), but may not add keys, placeholders Italian lacks,
//! or leave out a plural form its language's CLDR rules need: those fail the build, with
//! the file and key named, so a translator learns of them before anyone else does.

use icu_plurals::{PluralCategory, PluralRules};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// CLDR plural categories, in slot order: a plural message takes six slots.
const FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];
/// A number in each category, to borrow a fallback language's form.
const SAMPLES: [u64; 6] = [0, 1, 2, 3, 11, 100];
/// Groups the browser fetches only for the screens that use them, by part, each part a
/// file of its own (a resident's first visit downloads the rest): the pages after the
/// first one, the staff screens, the kiosk.
const LAZY_PARTS: [(&str, &[&str]); 3] = [("pages", &["pages", "rule", "language_name"]), ("staff", &["staff"]), ("kiosk", &["kiosk"])];

/// The lazy part holding `group`, if any.
fn lazy_part(group: &str) -> Option<usize> {
    LAZY_PARTS.iter().position(|(_, groups)| groups.contains(&group))
}

struct Message {
    group: String,
    base: String,
    plural: bool,
    placeholders: BTreeSet<String>,
}

fn main() {
    let dir = Path::new("locales");
    println!("cargo:rerun-if-changed=locales");
    let mut catalogues = read_catalogues(dir);
    // Italian first (the source and fallback), English second, then by code.
    catalogues.sort_by_key(|(code, _)| (code != "it", code != "en", code.clone()));
    assert_eq!(catalogues.first().map(|c| c.0.as_str()), Some("it"), "locales/it.json is the source catalogue and must exist");
    let mut messages = messages_of(&catalogues[0].1);
    // The lazy parts' slots come last, one range per part.
    messages.sort_by_key(|m| lazy_part(&m.group).map_or(0, |i| i + 1));
    let parts = parts(&messages);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());

    let mut tables = Vec::new();
    for (code, cat) in &catalogues {
        tables.push(table(code, cat, &messages, &catalogues[0].1));
    }
    // files[part][language]
    let mut files = Vec::new();
    for (p, (name, range)) in parts.iter().enumerate() {
        let mut of_part = Vec::new();
        for ((code, _), table) in catalogues.iter().zip(&tables) {
            let json = serde_json::to_string(&table[range.clone()]).unwrap();
            std::fs::write(out.join(format!("strings-{p}-{code}.json")), &json).unwrap();
            let prefix = if name.is_empty() { String::new() } else { format!("{name}-") };
            of_part.push(format!("strings-{prefix}{code}.{:016x}.json", fnv1a(json.as_bytes())));
        }
        files.push(of_part);
    }
    std::fs::write(out.join("langs.rs"), langs_rs(&catalogues)).unwrap();
    std::fs::write(out.join("keys.rs"), keys_rs(&messages, &catalogues, &files, &parts)).unwrap();
    std::fs::write(out.join("tables.rs"), tables_rs(&catalogues, &tables)).unwrap();
    styles(&out);
}

/// Stylesheets that are hashed files of their own under `/pkg` (the residents' first
/// download does not carry them): the kiosk's and the staff screens'. For each, its name
/// for the page and its text for the server to write.
const STYLES: [(&str, &str); 2] = [("kiosk", "The kiosk's"), ("staff", "The staff screens'")];

fn styles(out: &Path) {
    let mut rs = String::new();
    for (name, whose) in STYLES {
        let source = PathBuf::from(format!("../style/{name}.css"));
        println!("cargo:rerun-if-changed={}", source.display());
        let css = std::fs::read_to_string(&source).unwrap_or_else(|_| panic!("style/{name}.css"));
        std::fs::write(out.join(format!("{name}.css")), &css).unwrap();
        let file = format!("{name}.{:016x}.css", fnv1a(css.as_bytes()));
        let upper = name.to_ascii_uppercase();
        rs.push_str(&format!(
            "/// {whose} stylesheet under `/pkg`.\npub const {upper}_CSS_FILE: &str = {file:?};\n\
             /// Its text (server only).\n#[cfg(not(feature = \"hydrate\"))]\n\
             pub const {upper}_CSS: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}.css\"));\n"
        ));
    }
    std::fs::write(out.join("styles.rs"), rs).unwrap();
}

/// The parts of the tables: the main one (name "") and the lazy ones, as slot ranges.
fn parts(messages: &[Message]) -> Vec<(String, std::ops::Range<usize>)> {
    let mut parts: Vec<(String, std::ops::Range<usize>)> = vec![(String::new(), 0..0)];
    let mut slot = 0;
    for m in messages {
        let name = lazy_part(&m.group).map(|p| LAZY_PARTS[p].0.to_string()).unwrap_or_default();
        if parts.last().unwrap().0 != name {
            parts.push((name, slot..slot));
        }
        slot += if m.plural { 6 } else { 1 };
        parts.last_mut().unwrap().1.end = slot;
    }
    parts
}

fn read_catalogues(dir: &Path) -> Vec<(String, Map<String, Value>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("app/locales") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let code = path.file_stem().unwrap().to_str().unwrap().to_string();
        assert!(
            (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase()),
            "{}: name a catalogue by its ISO 639 code, like ar.json",
            path.display()
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not valid JSON: {e}", path.display()));
        let Value::Object(map) = value else { panic!("{}: must be a JSON object", path.display()) };
        out.push((code, map));
    }
    out
}

/// The source catalogue's messages, in its order: `KEY_one`, `KEY_other`… are one plural
/// message `KEY` when `KEY_other` exists and carries `{{count}}`.
fn messages_of(source: &Map<String, Value>) -> Vec<Message> {
    let mut out: Vec<Message> = Vec::new();
    for (group, entries) in groups(source, "it") {
        for (key, value) in entries {
            let text = value.as_str().unwrap_or_else(|| panic!("it.json: {group}.{key} must be a string"));
            assert!(
                key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "it.json: {group}.{key}: keys are lower_snake_case"
            );
            let plural_base =
                FORMS.iter().find_map(|f| key.strip_suffix(&format!("_{f}"))).filter(|base| entries.contains_key(&format!("{base}_other")));
            match plural_base {
                Some(base) => {
                    let other = entries[&format!("{base}_other")].as_str().unwrap_or_default();
                    assert!(
                        other.contains("{{count}}"),
                        "it.json: {group}.{base}_other is a plural form but has no {{{{count}}}}: rename the key"
                    );
                    if let Some(m) = out.iter_mut().find(|m| m.group == group && m.base == base) {
                        m.placeholders.extend(placeholders(text));
                    } else {
                        out.push(Message { group: group.clone(), base: base.to_string(), plural: true, placeholders: placeholders(text) });
                    }
                }
                None => out.push(Message { group: group.clone(), base: key.clone(), plural: false, placeholders: placeholders(text) }),
            }
        }
    }
    out
}

fn groups<'a>(cat: &'a Map<String, Value>, code: &str) -> Vec<(String, &'a Map<String, Value>)> {
    cat.iter()
        .filter(|(k, _)| !k.starts_with('@'))
        .map(|(k, v)| (k.clone(), v.as_object().unwrap_or_else(|| panic!("{code}.json: {k} must be a group of messages"))))
        .collect()
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else { break };
        out.insert(rest[start + 2..start + end].to_string());
        rest = &rest[start + end + 2..];
    }
    out
}

fn plural_rules(code: &str) -> PluralRules {
    let locale: icu_locale_core::Locale = code.parse().unwrap_or_else(|_| panic!("{code}: not a language code"));
    PluralRules::try_new_cardinal((&locale).into()).unwrap_or_else(|_| panic!("{code}: no CLDR plural rules"))
}

fn form_index(c: PluralCategory) -> usize {
    match c {
        PluralCategory::Zero => 0,
        PluralCategory::One => 1,
        PluralCategory::Two => 2,
        PluralCategory::Few => 3,
        PluralCategory::Many => 4,
        PluralCategory::Other => 5,
    }
}

/// A language's strings in slot order, checked against the source.
fn table(code: &str, cat: &Map<String, Value>, messages: &[Message], source: &Map<String, Value>) -> Vec<String> {
    let rules = plural_rules(code);
    // The forms the counts people see (0 to 1000) reach: Italian's "many" is for exact
    // millions ("1 milione di"), which falls back to "other" rather than burden translators.
    let needed: BTreeSet<usize> = (0..=1000u64).map(|n| form_index(rules.category_for(n))).collect();
    let used: BTreeSet<usize> = rules.categories().map(form_index).collect();
    let source_rules = plural_rules("it");
    let mut known = BTreeSet::new();
    let mut missing = 0;
    let mut out = Vec::new();
    let entry = |cat: &Map<String, Value>, group: &str, key: &str| -> Option<String> {
        cat.get(group)?.get(key).map(|v| v.as_str().unwrap_or_else(|| panic!("{code}.json: {group}.{key} must be a string")).to_string())
    };
    for m in messages {
        let check = |text: &str, key: &str| {
            let extra: Vec<_> = placeholders(text).difference(&m.placeholders).cloned().collect();
            assert!(extra.is_empty(), "{code}.json: {}.{key} uses {extra:?}, which Italian does not give it", m.group);
        };
        if !m.plural {
            known.insert((m.group.clone(), m.base.clone()));
            match entry(cat, &m.group, &m.base) {
                Some(text) => {
                    check(&text, &m.base);
                    out.push(text);
                }
                None => {
                    missing += 1;
                    out.push(entry(source, &m.group, &m.base).unwrap());
                }
            }
            continue;
        }
        let forms: Vec<Option<String>> = FORMS.iter().map(|f| entry(cat, &m.group, &format!("{}_{f}", m.base))).collect();
        for f in FORMS {
            known.insert((m.group.clone(), format!("{}_{f}", m.base)));
        }
        if forms.iter().all(Option::is_none) {
            missing += 1;
            // Borrow Italian's form for a number of each category.
            for sample in SAMPLES {
                let form = FORMS[form_index(source_rules.category_for(sample))];
                let text = entry(source, &m.group, &format!("{}_{form}", m.base))
                    .or_else(|| entry(source, &m.group, &format!("{}_other", m.base)))
                    .unwrap();
                out.push(text);
            }
            continue;
        }
        for &i in &needed {
            assert!(
                forms[i].is_some(),
                "{code}.json: {}.{}_{} is missing: {code} needs the plural forms {:?}",
                m.group,
                m.base,
                FORMS[i],
                needed.iter().map(|&i| FORMS[i]).collect::<Vec<_>>()
            );
        }
        let other = forms[5].clone().unwrap();
        for (i, form) in forms.into_iter().enumerate() {
            // A category the language's rules never choose is left empty: it is never
            // read, and a copy of "other" in it would only travel to every phone.
            let text = if used.contains(&i) { form.unwrap_or_else(|| other.clone()) } else { String::new() };
            check(&text, &format!("{}_{}", m.base, FORMS[i]));
            out.push(text);
        }
    }
    for (group, entries) in groups(cat, code) {
        for key in entries.keys() {
            assert!(known.contains(&(group.clone(), key.clone())), "{code}.json: {group}.{key} is not a message of it.json");
        }
    }
    if missing > 0 {
        println!("cargo:warning=locales/{code}.json lacks {missing} messages: they show in Italian");
    }
    out
}

fn meta<'a>(cat: &'a Map<String, Value>, code: &str, field: &str) -> &'a str {
    cat.get("@language")
        .and_then(|l| l.get(field))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{code}.json: @language.{field} is missing"))
}

fn variant(code: &str) -> String {
    let mut c = code.chars();
    c.next().unwrap().to_ascii_uppercase().to_string() + c.as_str()
}

fn langs_rs(catalogues: &[(String, Map<String, Value>)]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "/// A language the interface speaks: one per catalogue in `app/locales`.");
    let _ = writeln!(s, "#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]");
    let _ = writeln!(s, "#[serde(rename_all = \"lowercase\")]\npub enum Lang {{");
    for (i, (code, cat)) in catalogues.iter().enumerate() {
        let _ = writeln!(
            s,
            "    /// {}.{}",
            meta(cat, code, "name"),
            if i == 0 { " The default and the fallback for every text." } else { "" }
        );
        if i == 0 {
            let _ = writeln!(s, "    #[default]");
        }
        let _ = writeln!(s, "    {},", variant(code));
    }
    let _ = writeln!(s, "}}\n\nimpl Lang {{");
    let _ = writeln!(s, "    /// Every language, in the order the switch offers them.");
    let all: Vec<String> = catalogues.iter().map(|(c, _)| format!("Lang::{}", variant(c))).collect();
    let _ = writeln!(s, "    pub const ALL: [Lang; {}] = [{}];", all.len(), all.join(", "));
    let arms = |f: &dyn Fn(&str, &Map<String, Value>) -> String| -> String {
        catalogues.iter().map(|(c, cat)| format!("            Lang::{} => {},\n", variant(c), f(c, cat))).collect()
    };
    let _ = writeln!(s, "    /// The BCP 47 code, as used in `<html lang>` and the language cookie.");
    let _ = writeln!(
        s,
        "    pub fn code(self) -> &'static str {{\n        match self {{\n{}        }}\n    }}",
        arms(&|c, _| format!("{c:?}"))
    );
    let _ = writeln!(s, "    /// The language's own name, as shown on the switch.");
    let _ = writeln!(
        s,
        "    pub fn endonym(self) -> &'static str {{\n        match self {{\n{}        }}\n    }}",
        arms(&|c, cat| format!("{:?}", meta(cat, c, "name")))
    );
    let _ = writeln!(s, "    /// Writing direction for the `dir` attribute.");
    let _ = writeln!(
        s,
        "    pub fn dir(self) -> &'static str {{\n        match self {{\n{}        }}\n    }}",
        arms(&|c, cat| {
            let dir = meta(cat, c, "dir");
            assert!(dir == "ltr" || dir == "rtl", "{c}.json: @language.dir is ltr or rtl");
            format!("{dir:?}")
        })
    );
    let _ = writeln!(s, "    /// The position in [`Lang::ALL`].");
    let _ = writeln!(s, "    pub fn index(self) -> usize {{\n        self as usize\n    }}");
    let _ = writeln!(s, "    /// Reads a code such as `en` or `en-GB`; unknown codes give `None`.");
    let _ = writeln!(
        s,
        "    pub fn from_code(code: &str) -> Option<Lang> {{\n        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();\n        Lang::ALL.into_iter().find(|l| l.code() == primary)\n    }}\n}}"
    );
    s
}

fn const_name(base: &str) -> String {
    base.to_ascii_uppercase()
}

fn keys_rs(
    messages: &[Message],
    catalogues: &[(String, Map<String, Value>)],
    files: &[Vec<String>],
    parts: &[(String, std::ops::Range<usize>)],
) -> String {
    let mut s = String::new();
    let mut slot = 0usize;
    let mut group = None::<&str>;
    for m in messages {
        if group != Some(m.group.as_str()) {
            if group.is_some() {
                s.push_str("}\n");
            }
            let _ = writeln!(
                s,
                "/// The `{}` messages of the catalogues.\npub mod {} {{\n    #[allow(unused_imports)]\n    use super::{{Msg, Plural}};",
                m.group, m.group
            );
            group = Some(&m.group);
        }
        if m.plural {
            let _ = writeln!(s, "    pub const {}: Plural = Plural({slot});", const_name(&m.base));
            slot += 6;
        } else {
            let _ = writeln!(s, "    pub const {}: Msg = Msg({slot});", const_name(&m.base));
            slot += 1;
        }
    }
    s.push_str("}\n");
    let _ = writeln!(s, "/// Strings in each language's table.\npub const SLOTS: usize = {slot};");
    let (n_parts, n_langs) = (parts.len(), catalogues.len());
    let starts: Vec<String> = parts.iter().map(|(_, r)| r.start.to_string()).collect();
    let _ = writeln!(s, "/// The first slot of each part of the tables: the main part, then one per lazy group.");
    let _ = writeln!(s, "#[allow(dead_code)]\npub const PART_STARTS: [usize; {n_parts}] = [{}];", starts.join(", "));
    for (p, (name, _)) in parts.iter().enumerate().skip(1) {
        let _ = writeln!(s, "/// The part holding the `{name}` group.\npub const {}_PART: usize = {p};", name.to_ascii_uppercase());
    }
    let rows: Vec<String> =
        files.iter().map(|of_part| format!("[{}]", of_part.iter().map(|f| format!("{f:?}")).collect::<Vec<_>>().join(", "))).collect();
    let _ = writeln!(s, "/// Each part of each language's table as a hashed file under `/pkg` (by part, then in [`Lang::ALL`] order).");
    let _ = writeln!(s, "pub const CATALOGUE_FILES: [[&str; {n_langs}]; {n_parts}] = [{}];", rows.join(", "));
    let json: Vec<String> = (0..n_parts)
        .map(|p| {
            let row: Vec<String> =
                catalogues.iter().map(|(c, _)| format!("include_str!(concat!(env!(\"OUT_DIR\"), \"/strings-{p}-{c}.json\"))")).collect();
            format!("[{}]", row.join(", "))
        })
        .collect();
    let _ = writeln!(s, "/// The files' content, which the server writes out at start.");
    let _ = writeln!(
        s,
        "#[cfg(not(feature = \"hydrate\"))]\npub const CATALOGUE_JSON: [[&str; {n_langs}]; {n_parts}] = [{}];",
        json.join(", ")
    );
    s
}

fn tables_rs(catalogues: &[(String, Map<String, Value>)], tables: &[Vec<String>]) -> String {
    let mut s = String::new();
    let names: Vec<String> = catalogues.iter().map(|(c, _)| format!("&{}", c.to_ascii_uppercase())).collect();
    let _ = writeln!(s, "pub static TABLES: [&[&str; SLOTS]; {}] = [{}];", names.len(), names.join(", "));
    for ((code, _), table) in catalogues.iter().zip(tables) {
        let _ = writeln!(s, "static {}: [&str; SLOTS] = [", code.to_ascii_uppercase());
        for text in table {
            let _ = writeln!(s, "    {text:?},");
        }
        s.push_str("];\n");
    }
    s
}

/// 64-bit FNV-1a: a stable fingerprint for the files' names (not for security).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}
