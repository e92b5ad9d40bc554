//! Which CLDR plural form a number takes in a language: ICU4X's compiled rules on the
//! server, the browser's own `Intl.PluralRules` (ICU too) in the wasm, which so carries
//! no plural data of its own.

use crate::domain::text::Lang;

/// The form's position among zero, one, two, few, many, other.
pub fn form(lang: Lang, n: u64) -> usize {
    imp::form(lang, n)
}

fn position(name: &str) -> usize {
    match name {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "few" => 3,
        "many" => 4,
        _ => 5,
    }
}

#[cfg(not(feature = "hydrate"))]
mod imp {
    use super::Lang;
    use icu_plurals::{PluralCategory, PluralRules};

    thread_local! {
        static RULES: Vec<Option<PluralRules>> = Lang::ALL
            .iter()
            .map(|l| {
                let locale: icu_locale_core::Locale = l.code().parse().ok()?;
                PluralRules::try_new_cardinal((&locale).into()).ok()
            })
            .collect();
    }

    pub fn form(lang: Lang, n: u64) -> usize {
        let category = RULES.with(|rules| rules[lang.index()].as_ref().map(|r| r.category_for(n)));
        match category {
            Some(PluralCategory::Zero) => 0,
            Some(PluralCategory::One) => 1,
            Some(PluralCategory::Two) => 2,
            Some(PluralCategory::Few) => 3,
            Some(PluralCategory::Many) => 4,
            _ => super::position("other"),
        }
    }
}

#[cfg(feature = "hydrate")]
mod imp {
    use super::Lang;
    use js_sys::Intl::PluralRules;
    use std::cell::RefCell;

    thread_local! {
        static RULES: RefCell<Vec<(Lang, PluralRules)>> = const { RefCell::new(Vec::new()) };
    }

    pub fn form(lang: Lang, n: u64) -> usize {
        RULES.with_borrow_mut(|rules| {
            if !rules.iter().any(|(l, _)| *l == lang) {
                let locales = js_sys::Array::of1(&lang.code().into());
                rules.push((lang, PluralRules::new(&locales, &js_sys::Object::new())));
            }
            let rule = &rules.iter().find(|(l, _)| *l == lang).expect("just added").1;
            super::position(&String::from(rule.select(n as f64)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::catalogue::{common, staff};

    #[test]
    fn italian_and_english_have_one_and_other() {
        assert_eq!(form(Lang::It, 1), 1);
        assert_eq!(form(Lang::It, 0), 5);
        assert_eq!(form(Lang::En, 2), 5);
        assert_eq!(common::N_RESULTS.of(Lang::It, 1), "1 risultato");
        assert_eq!(common::N_RESULTS.of(Lang::It, 0), "0 risultati");
        assert_eq!(common::N_RESULTS.of(Lang::En, 1), "1 result");
        assert_eq!(common::N_RESULTS.of(Lang::En, 21), "21 results");
        assert_eq!(common::MINUTES_AGO.of(Lang::It, 5), "5 minuti fa");
        assert_eq!(common::MINUTES_AGO.of(Lang::En, 1), "1 minute ago");
    }

    #[test]
    fn arabic_has_six_forms() {
        let cases = [(0, 0), (1, 1), (2, 2), (3, 3), (10, 3), (103, 3), (11, 4), (99, 4), (111, 4), (100, 5), (101, 5), (102, 5)];
        for (n, expected) in cases {
            assert_eq!(form(Lang::Ar, n), expected, "{n}");
        }
        // "N minutes ago" takes the dual for 2, the plural noun for 3 to 10 and the
        // singular noun from 11: the form of each category, not Italian's two.
        let ago = |n| common::MINUTES_AGO.of(Lang::Ar, n);
        assert_eq!(ago(1), "قبل دقيقة واحدة");
        assert_eq!(ago(2), "قبل دقيقتين");
        assert_eq!(ago(5), "قبل 5 دقائق");
        assert_eq!(ago(11), "قبل 11 دقيقة");
        assert_eq!(ago(100), "قبل 100 دقيقة");
        assert_eq!(ago(103), "قبل 103 دقائق", "103 takes the few form, as 3 does");
        assert!(!staff::UNSENT.of(Lang::Ar, 2).is_empty());
    }

    proptest::proptest! {
        /// Any count in any language reads with a form of that message, never a
        /// placeholder left unfilled.
        #[test]
        fn every_count_fills_its_form(n in 0u64..1_000_000, lang in proptest::sample::select(Lang::ALL.to_vec())) {
            let text = common::N_PEOPLE.of(lang, n);
            proptest::prop_assert!(!text.contains("{{"), "{text}");
        }
    }
}
