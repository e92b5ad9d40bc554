//! The names of the domain's fixed choices (days, months, categories, audiences, kinds of
//! hub, holidays, languages) in the catalogues: the domain names them by code only.

use super::Msg;
use super::catalogue::{audience, category, holiday, hub_kind, language_name, month, weekday};
use crate::domain::activity::ActivityCategory;
use crate::domain::audience::TargetGroup;
use crate::domain::holidays::Holiday;
use crate::domain::hub::HubKind;
use crate::domain::time::Day;

impl Day {
    /// "lunedì" / "Monday".
    pub fn name(self) -> Msg {
        match self {
            Day::Mon => weekday::MON,
            Day::Tue => weekday::TUE,
            Day::Wed => weekday::WED,
            Day::Thu => weekday::THU,
            Day::Fri => weekday::FRI,
            Day::Sat => weekday::SAT,
            Day::Sun => weekday::SUN,
        }
    }
}

/// The name of month 1 to 12 (December for anything out of range).
pub fn month_name(m: i8) -> Msg {
    const NAMES: [Msg; 12] = [
        month::JANUARY,
        month::FEBRUARY,
        month::MARCH,
        month::APRIL,
        month::MAY,
        month::JUNE,
        month::JULY,
        month::AUGUST,
        month::SEPTEMBER,
        month::OCTOBER,
        month::NOVEMBER,
        month::DECEMBER,
    ];
    NAMES[usize::try_from(i16::from(m) - 1).unwrap_or(11).min(11)]
}

impl ActivityCategory {
    pub fn label(self) -> Msg {
        match self {
            ActivityCategory::SocialHelpDesk => category::SOCIAL_HELP_DESK,
            ActivityCategory::DigitalHelp => category::DIGITAL_HELP,
            ActivityCategory::Course => category::COURSE,
            ActivityCategory::Workshop => category::WORKSHOP,
            ActivityCategory::ParticipationLab => category::PARTICIPATION_LAB,
            ActivityCategory::NetworkMeeting => category::NETWORK_MEETING,
            ActivityCategory::Event => category::EVENT,
        }
    }
}

impl TargetGroup {
    pub fn label(self) -> Msg {
        match self {
            TargetGroup::Families => audience::FAMILIES,
            TargetGroup::Children => audience::CHILDREN,
            TargetGroup::YoungPeople => audience::YOUNG_PEOPLE,
            TargetGroup::Elderly => audience::ELDERLY,
            TargetGroup::Disability => audience::DISABILITY,
            TargetGroup::Migrants => audience::MIGRANTS,
            TargetGroup::JobSeekers => audience::JOB_SEEKERS,
            TargetGroup::Tenants => audience::TENANTS,
            TargetGroup::Women => audience::WOMEN,
            TargetGroup::LowIncome => audience::LOW_INCOME,
        }
    }
}

impl HubKind {
    pub fn label(self) -> Msg {
        match self {
            HubKind::PoloCivico => hub_kind::POLO_CIVICO,
            HubKind::CasaDelQuartiere => hub_kind::CASA_DEL_QUARTIERE,
            HubKind::Portineria => hub_kind::PORTINERIA,
            HubKind::CivicCentre => hub_kind::CIVIC_CENTRE,
            HubKind::NeighbourhoodNetwork => hub_kind::NEIGHBOURHOOD_NETWORK,
        }
    }
}

impl Holiday {
    pub fn name(self) -> Msg {
        match self {
            Holiday::NewYear => holiday::NEW_YEAR,
            Holiday::Epiphany => holiday::EPIPHANY,
            Holiday::Liberation => holiday::LIBERATION,
            Holiday::Labour => holiday::LABOUR,
            Holiday::Republic => holiday::REPUBLIC,
            Holiday::Assumption => holiday::ASSUMPTION,
            Holiday::SaintFrancis => holiday::SAINT_FRANCIS,
            Holiday::AllSaints => holiday::ALL_SAINTS,
            Holiday::Immaculate => holiday::IMMACULATE,
            Holiday::Christmas => holiday::CHRISTMAS,
            Holiday::SaintStephen => holiday::SAINT_STEPHEN,
            Holiday::Easter => holiday::EASTER,
            Holiday::EasterMonday => holiday::EASTER_MONDAY,
        }
    }
}

/// The name of a language spoken at an activity, by its code.
pub fn language(code: &str) -> Option<Msg> {
    Some(match code {
        "it" => language_name::IT,
        "en" => language_name::EN,
        "ar" => language_name::AR,
        "fr" => language_name::FR,
        "es" => language_name::ES,
        "ro" => language_name::RO,
        "zh" => language_name::ZH,
        "uk" => language_name::UK,
        "bn" => language_name::BN,
        "tl" => language_name::TL,
        "sq" => language_name::SQ,
        "wo" => language_name::WO,
        "lis" => language_name::LIS,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::Lang;

    #[test]
    fn every_month_number_has_a_name_without_panicking() {
        assert_eq!(month_name(1).get(Lang::It), "gennaio");
        assert_eq!(month_name(12).get(Lang::En), "December");
        for m in i8::MIN..=i8::MAX {
            assert!(!month_name(m).get(Lang::It).is_empty(), "{m}");
        }
    }

    #[test]
    fn fixed_choices_are_named_in_every_language() {
        for lang in Lang::ALL {
            for c in ActivityCategory::ALL {
                assert!(!c.label().get(lang).is_empty());
            }
            for g in TargetGroup::ALL {
                assert!(!g.label().get(lang).is_empty());
            }
        }
        assert_eq!(Holiday::Christmas.name().get(Lang::It), "Natale");
        assert_eq!(Day::Mon.name().get(Lang::En), "Monday");
        assert_eq!(language("lis").map(|m| m.get(Lang::En)), Some("Italian Sign Language"));
        assert_eq!(language("xx"), None);
    }
}
