//! Recurrence rules in words, as a poster would put it: "ogni lunedì e giovedì",
//! "il secondo lunedì del mese", from the catalogues' `rule` group.

use super::Msg;
use super::catalogue::rule;
use crate::domain::recurrence::{ByDay, Freq, Rule, RuleEnd};
use crate::domain::text::{Lang, Text};
use crate::domain::time::Day;

/// The rule in every language this process holds (see `text_in_each_language`).
pub fn describe_rule(r: &Rule) -> Text {
    super::text_in_each_language(|lang| describe_in(r, lang))
}

fn describe_in(r: &Rule, lang: Lang) -> String {
    let days: Vec<String> = r.by_day.iter().map(|b| by_day(*b, lang)).collect();
    let days = join(&days, lang);
    let out = match r.freq {
        Freq::Weekly if days.is_empty() => rule::EVERY_WEEK.get(lang).to_string(),
        Freq::Weekly if r.interval == 1 => rule::EVERY_DAYS.with(lang, &[("days", &days)]),
        Freq::Weekly => rule::EVERY_N_WEEKS.with(lang, r.interval.into(), &[("days", &days)]),
        Freq::Monthly => {
            let base =
                if days.is_empty() { rule::EVERY_MONTH.get(lang).to_string() } else { rule::DAYS_OF_MONTH.with(lang, &[("days", &days)]) };
            match r.interval {
                1 => base,
                n => rule::EVERY_N_MONTHS.with(lang, n.into(), &[("rule", &base)]),
            }
        }
    };
    let out = match r.end {
        RuleEnd::Never => out,
        RuleEnd::Count(n) => rule::WITH_COUNT.with(lang, &[("rule", &out), ("sessions", &super::N_SESSIONS.of(lang, n.into()))]),
        RuleEnd::Until(u) => rule::UNTIL.with(lang, &[("rule", &out), ("date", &super::date_with_year(lang, u.date()))]),
    };
    capitalise(&out)
}

fn by_day(b: ByDay, lang: Lang) -> String {
    let name = b.day.name().get(lang);
    let Some(n) = b.ord else { return name.to_string() };
    // Sunday is feminine in Italian ("la prima domenica"): each ordinal has its own
    // wording for it, which other languages may give the same.
    const ORDINALS: [(i8, Msg, Msg); 7] = [
        (1, rule::NTH_1, rule::NTH_1_SUNDAY),
        (2, rule::NTH_2, rule::NTH_2_SUNDAY),
        (3, rule::NTH_3, rule::NTH_3_SUNDAY),
        (4, rule::NTH_4, rule::NTH_4_SUNDAY),
        (5, rule::NTH_5, rule::NTH_5_SUNDAY),
        (-1, rule::NTH_LAST, rule::NTH_LAST_SUNDAY),
        (-2, rule::NTH_SECOND_LAST, rule::NTH_SECOND_LAST_SUNDAY),
    ];
    let ordinal = ORDINALS.iter().find(|(o, ..)| *o == n).map(|(_, plain, sunday)| if b.day == Day::Sun { *sunday } else { *plain });
    match ordinal {
        Some(m) => m.with(lang, &[("day", &name)]),
        None => rule::NTH_NUMBER.with(lang, &[("day", &name), ("n", &n)]),
    }
}

fn join(items: &[String], lang: Lang) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => rule::LIST_AND.with(lang, &[("init", &init.join(crate::i18n::LIST_SEPARATOR.get(lang))), ("last", last)]),
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(rule: &str) -> (String, String) {
        let t = describe_rule(&rule.parse().unwrap());
        (t.it, t.en.unwrap())
    }

    #[test]
    fn weekly_rules_read_like_a_poster() {
        assert_eq!(both("FREQ=WEEKLY;BYDAY=MO,TH"), ("Ogni lunedì e giovedì".into(), "Every Monday and Thursday".into()));
        assert_eq!(both("FREQ=WEEKLY;BYDAY=MO,WE,FR").1, "Every Monday, Wednesday and Friday");
        assert_eq!(both("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"), ("Ogni 2 settimane, martedì".into(), "Every 2 weeks on Tuesday".into()));
        assert_eq!(both("FREQ=WEEKLY").0, "Ogni settimana");
    }

    #[test]
    fn monthly_rules_name_the_position() {
        assert_eq!(both("FREQ=MONTHLY;BYDAY=2MO"), ("Il secondo lunedì del mese".into(), "The second Monday of the month".into()));
        assert_eq!(both("FREQ=MONTHLY;BYDAY=-1SU").0, "L'ultima domenica del mese");
        assert_eq!(both("FREQ=MONTHLY;BYDAY=-1FR").1, "The last Friday of the month");
        assert_eq!(both("FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU").0, "Il primo martedì del mese, ogni 3 mesi");
    }

    #[test]
    fn ends_are_spelled_out() {
        assert_eq!(both("FREQ=WEEKLY;BYDAY=MO;COUNT=10").0, "Ogni lunedì (10 incontri)");
        assert_eq!(both("FREQ=WEEKLY;BYDAY=MO;UNTIL=20261216").1, "Every Monday, until 16 December 2026");
    }

    #[test]
    fn arabic_reads_the_rule_in_its_own_words() {
        let t = describe_rule(&"FREQ=WEEKLY;BYDAY=MO,TH".parse().unwrap());
        let ar = t.get(Lang::Ar);
        assert!(ar.contains(Day::Mon.name().get(Lang::Ar)) && ar.contains(Day::Thu.name().get(Lang::Ar)), "{ar}");
        assert!(!ar.contains("lunedì"), "{ar}");
    }
}
