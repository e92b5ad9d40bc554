//! Searching the services guide: accent- and case-insensitive, the way people type
//! Italian on a phone ("citta" finds "città", "caf" finds "CAF").
//!
//! The same code runs on the server and, offline, on the device.

use super::audience::TargetGroup;
use super::service::{Service, TaxonomyTerm, with_descendants};
use serde::{Deserialize, Serialize};

/// Lower-cases, strips accents from Latin letters and turns punctuation into spaces.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => out.push('a'),
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => out.push('i'),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => out.push('u'),
            'ç' | 'Ç' => out.push('c'),
            'ñ' | 'Ñ' => out.push('n'),
            'ß' => out.push_str("ss"),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
        }
    }
    out.trim().to_string()
}

/// A services-guide query, as the search form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceQuery {
    #[serde(default)]
    pub q: String,
    /// A taxonomy code; its sub-categories match too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<TargetGroup>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
}

/// The services matching `query`, best first: name matches before description-only
/// matches, then alphabetical by Italian name.
pub fn search<'a>(services: &'a [Service], taxonomy: &[TaxonomyTerm], query: &ServiceQuery) -> Vec<&'a Service> {
    let words: Vec<String> = fold(&query.q).split_whitespace().map(String::from).collect();
    let categories = query.category.as_deref().filter(|c| !c.is_empty()).map(|c| with_descendants(taxonomy, c));
    let mut hits: Vec<(u32, &Service)> = services
        .iter()
        .filter(|s| query.city.as_deref().is_none_or(|c| c.is_empty() || fold(c) == fold(&s.city)))
        .filter(|s| query.group.is_none_or(|g| s.target_groups.contains(&g)))
        .filter(|s| categories.as_ref().is_none_or(|set| s.categories.iter().any(|c| set.contains(c))))
        .filter_map(|s| score(s, taxonomy, &words).map(|sc| (sc, s)))
        .collect();
    hits.sort_by(|(a, sa), (b, sb)| b.cmp(a).then_with(|| fold(&sa.name.it).cmp(&fold(&sb.name.it))));
    hits.into_iter().map(|(_, s)| s).collect()
}

/// `None` unless every word appears somewhere; higher when words appear in the name.
fn score(s: &Service, taxonomy: &[TaxonomyTerm], words: &[String]) -> Option<u32> {
    if words.is_empty() {
        return Some(0);
    }
    let name = fold(&s.name.all_versions().collect::<Vec<_>>().join(" "));
    let haystack = fold(&haystack(s, taxonomy));
    let mut total = 0;
    for w in words {
        if name.contains(w.as_str()) {
            total += 3;
        } else if haystack.contains(w.as_str()) {
            total += 1;
        } else {
            return None;
        }
    }
    Some(total)
}

/// Everything a person might search a service by, in both languages.
fn haystack(s: &Service, taxonomy: &[TaxonomyTerm]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(s.name.all_versions());
    parts.extend(s.description.all_versions());
    parts.push(&s.organization.name);
    if let Some(e) = &s.eligibility {
        parts.extend(e.all_versions());
    }
    for l in &s.locations {
        parts.push(&l.name);
        parts.push(&l.address);
        parts.push(&l.district);
    }
    for t in taxonomy.iter().filter(|t| s.categories.contains(&t.code)) {
        parts.extend(t.name.all_versions());
    }
    let groups: Vec<String> = s.target_groups.iter().flat_map(|g| g.label().all_versions().map(String::from).collect::<Vec<_>>()).collect();
    let mut text = parts.join(" ");
    text.push(' ');
    text.push_str(&groups.join(" "));
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hub::Contacts;
    use crate::domain::ids::ServiceId;
    use crate::domain::service::{Cost, Organization};
    use crate::domain::text::Text;

    fn term(code: &str, parent: Option<&str>, it: &str, en: &str) -> TaxonomyTerm {
        TaxonomyTerm { code: code.into(), parent: parent.map(Into::into), name: Text::new(it, en) }
    }

    fn taxonomy() -> Vec<TaxonomyTerm> {
        vec![
            term("fisco", None, "Fisco e documenti", "Tax and documents"),
            term("fisco.caf", Some("fisco"), "Assistenza fiscale", "Tax assistance"),
            term("salute", None, "Salute e cura", "Health and care"),
        ]
    }

    fn service(id: i64, name: Text, description: &str, categories: &[&str], groups: &[TargetGroup], city: &str) -> Service {
        Service {
            id: ServiceId(id),
            city: city.into(),
            organization: Organization { name: "Associazione di quartiere".into(), website: None },
            name,
            description: Text::it(description),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            target_groups: groups.to_vec(),
            eligibility: None,
            required_documents: vec![],
            languages: vec![],
            cost: Cost::Free,
            contacts: Contacts::default(),
            how_to_access: Text::it("Su appuntamento"),
            locations: vec![],
            hours: None,
        }
    }

    fn guide() -> Vec<Service> {
        vec![
            service(
                1,
                Text::new("CAF e patronato", "Tax help (CAF)"),
                "Dichiarazione dei redditi e ISEE",
                &["fisco.caf"],
                &[TargetGroup::LowIncome],
                "Roma",
            ),
            service(
                2,
                Text::new("Assistenza domiciliare Anziani", "Home care for older people"),
                "Aiuto a casa per la terza età",
                &["salute"],
                &[TargetGroup::Elderly],
                "Torino",
            ),
            service(
                3,
                Text::new("Ufficio del benvenuto", "Welcome office"),
                "Orientamento ai servizi della città per chi arriva",
                &["fisco"],
                &[TargetGroup::Migrants],
                "Torino",
            ),
        ]
    }

    fn ids(hits: Vec<&Service>) -> Vec<i64> {
        hits.into_iter().map(|s| s.id.0).collect()
    }

    #[test]
    fn folding_removes_case_accents_and_punctuation() {
        assert_eq!(fold("Città"), "citta");
        assert_eq!(fold("  PERCHÉ, così!  "), "perche cosi");
        assert_eq!(fold("dell'ISEE"), "dell isee");
        assert_eq!(fold("Straße"), "strasse");
    }

    #[test]
    fn queries_ignore_case_and_accents() {
        let (g, t) = (guide(), taxonomy());
        let q = |text: &str| ids(search(&g, &t, &ServiceQuery { q: text.into(), ..Default::default() }));
        assert_eq!(q("caf"), vec![1]);
        assert_eq!(q("anziani"), vec![2]);
        assert_eq!(q("citta"), vec![3]);
        assert_eq!(q("CITTÀ"), vec![3]);
        assert_eq!(q("terza eta"), vec![2]);
        assert_eq!(q("nothing like this"), Vec::<i64>::new());
    }

    #[test]
    fn english_text_and_category_names_are_searched_too() {
        let (g, t) = (guide(), taxonomy());
        let q = |text: &str| ids(search(&g, &t, &ServiceQuery { q: text.into(), ..Default::default() }));
        assert_eq!(q("welcome"), vec![3]);
        assert_eq!(q("tax assistance"), vec![1]);
        assert_eq!(q("older"), vec![2]);
    }

    #[test]
    fn name_matches_rank_before_description_matches() {
        let mut g = guide();
        g.push(service(4, Text::it("Sportello lavoro"), "Aiuto anche per il CAF", &["fisco"], &[], "Roma"));
        let hits = ids(search(&g, &taxonomy(), &ServiceQuery { q: "caf".into(), ..Default::default() }));
        assert_eq!(hits, vec![1, 4]);
    }

    #[test]
    fn filters_by_category_tree_group_and_city() {
        let (g, t) = (guide(), taxonomy());
        let by_cat = |c: &str| ids(search(&g, &t, &ServiceQuery { category: Some(c.into()), ..Default::default() }));
        assert_eq!(by_cat("fisco"), vec![1, 3], "the parent category includes its children");
        assert_eq!(by_cat("fisco.caf"), vec![1]);
        let elderly = ServiceQuery { group: Some(TargetGroup::Elderly), ..Default::default() };
        assert_eq!(ids(search(&g, &t, &elderly)), vec![2]);
        let torino = ServiceQuery { city: Some("torino".into()), ..Default::default() };
        assert_eq!(ids(search(&g, &t, &torino)), vec![2, 3]);
    }

    #[test]
    fn an_empty_query_lists_everything_alphabetically() {
        let hits = ids(search(&guide(), &taxonomy(), &ServiceQuery::default()));
        assert_eq!(hits, vec![2, 1, 3]);
    }
}
