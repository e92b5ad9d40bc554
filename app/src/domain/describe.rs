//! Recurrence rules in words, as a poster would put it: "ogni lunedì e giovedì",
//! "il secondo lunedì del mese".

use super::recurrence::{ByDay, Freq, Rule, RuleEnd};
use super::text::{Lang, Text};
use super::time::month_name;

/// The rule in Italian and English.
pub fn describe_rule(rule: &Rule) -> Text {
    Text::new(describe_in(rule, Lang::It), describe_in(rule, Lang::En))
}

fn describe_in(rule: &Rule, lang: Lang) -> String {
    let it = lang == Lang::It;
    let days: Vec<String> = rule.by_day.iter().map(|b| by_day(*b, lang)).collect();
    let mut out = match rule.freq {
        Freq::Weekly => {
            let every = match (rule.interval, it) {
                (1, true) => "ogni".to_string(),
                (1, false) => "every".to_string(),
                (n, true) => format!("ogni {n} settimane,"),
                (n, false) => format!("every {n} weeks on"),
            };
            if days.is_empty() {
                if it { "ogni settimana".into() } else { "every week".into() }
            } else {
                format!("{every} {}", join(&days, lang))
            }
        }
        Freq::Monthly => {
            let base = if days.is_empty() {
                if it { "ogni mese".to_string() } else { "every month".to_string() }
            } else if it {
                format!("{} del mese", join(&days, lang))
            } else {
                format!("{} of the month", join(&days, lang))
            };
            match (rule.interval, it) {
                (1, _) => base,
                (n, true) => format!("{base}, ogni {n} mesi"),
                (n, false) => format!("{base}, every {n} months"),
            }
        }
    };
    match rule.end {
        RuleEnd::Never => {}
        RuleEnd::Count(n) => out.push_str(&format!(" ({})", crate::i18n::N_SESSIONS.of(lang, n.into()))),
        RuleEnd::Until(u) => {
            let d = u.date();
            let date = format!("{} {} {}", d.day(), month_name(d.month()).get(lang), d.year());
            out.push_str(&if it { format!(", fino al {date}") } else { format!(", until {date}") });
        }
    }
    capitalise(&out)
}

fn by_day(b: ByDay, lang: Lang) -> String {
    let name = b.day.name().get(lang).to_string();
    let Some(n) = b.ord else { return name };
    let ordinal = match (n, lang) {
        (1, Lang::It) => "il primo",
        (2, Lang::It) => "il secondo",
        (3, Lang::It) => "il terzo",
        (4, Lang::It) => "il quarto",
        (5, Lang::It) => "il quinto",
        (-1, Lang::It) => "l'ultimo",
        (-2, Lang::It) => "il penultimo",
        (1, Lang::En) => "the first",
        (2, Lang::En) => "the second",
        (3, Lang::En) => "the third",
        (4, Lang::En) => "the fourth",
        (5, Lang::En) => "the fifth",
        (-1, Lang::En) => "the last",
        (-2, Lang::En) => "the second-to-last",
        (_, Lang::It) => return format!("{name} n. {n}"),
        (_, Lang::En) => return format!("{name} no. {n}"),
    };
    // Italian: "l'ultima domenica", "la prima domenica" — Sunday is feminine.
    if lang == Lang::It && b.day == super::time::Day::Sun {
        let feminine = ordinal
            .replace("il primo", "la prima")
            .replace("il secondo", "la seconda")
            .replace("il terzo", "la terza")
            .replace("il quarto", "la quarta")
            .replace("il quinto", "la quinta")
            .replace("il penultimo", "la penultima")
            .replace("l'ultimo", "l'ultima");
        return format!("{feminine} {name}");
    }
    format!("{ordinal} {name}")
}

fn join(items: &[String], lang: Lang) -> String {
    let and = if lang == Lang::It { " e " } else { " and " };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}{and}{last}", init.join(", ")),
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
    }

    #[test]
    fn ends_are_spelled_out() {
        assert_eq!(both("FREQ=WEEKLY;BYDAY=MO;COUNT=10").0, "Ogni lunedì (10 incontri)");
        assert_eq!(both("FREQ=WEEKLY;BYDAY=MO;UNTIL=20261216").1, "Every Monday, until 16 December 2026");
    }
}
