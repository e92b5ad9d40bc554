//! Who an activity or a service is for (HSDS "eligibility" / target groups).

use serde::{Deserialize, Serialize};

/// A group of people an activity or service is meant for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetGroup {
    Families,
    Children,
    YoungPeople,
    Elderly,
    Disability,
    Migrants,
    JobSeekers,
    Tenants,
    Women,
    LowIncome,
}

impl TargetGroup {
    /// Words that find the group's services in a search, in the languages people search
    /// in (the same on the server and offline, whatever language the device shows).
    pub fn keywords(self) -> &'static str {
        match self {
            TargetGroup::Families => "famiglie families عائلات",
            TargetGroup::Children => "bambini ragazzi children أطفال",
            TargetGroup::YoungPeople => "giovani young people شباب",
            TargetGroup::Elderly => "anziani older people elderly مسنون كبار السن",
            TargetGroup::Disability => "persone con disabilità people with disabilities إعاقة",
            TargetGroup::Migrants => "persone migranti stranieri migrants مهاجرون",
            TargetGroup::JobSeekers => "chi cerca lavoro job seekers باحثون عن عمل",
            TargetGroup::Tenants => "inquilini tenants مستأجرون",
            TargetGroup::Women => "donne women نساء",
            TargetGroup::LowIncome => "persone con basso reddito people on low income دخل منخفض",
        }
    }

    pub const ALL: [TargetGroup; 10] = [
        TargetGroup::Families,
        TargetGroup::Children,
        TargetGroup::YoungPeople,
        TargetGroup::Elderly,
        TargetGroup::Disability,
        TargetGroup::Migrants,
        TargetGroup::JobSeekers,
        TargetGroup::Tenants,
        TargetGroup::Women,
        TargetGroup::LowIncome,
    ];

    /// The code used in URLs and the database.
    pub fn code(self) -> &'static str {
        match self {
            TargetGroup::Families => "families",
            TargetGroup::Children => "children",
            TargetGroup::YoungPeople => "young_people",
            TargetGroup::Elderly => "elderly",
            TargetGroup::Disability => "disability",
            TargetGroup::Migrants => "migrants",
            TargetGroup::JobSeekers => "job_seekers",
            TargetGroup::Tenants => "tenants",
            TargetGroup::Women => "women",
            TargetGroup::LowIncome => "low_income",
        }
    }

    pub fn from_code(code: &str) -> Option<TargetGroup> {
        TargetGroup::ALL.into_iter().find(|g| g.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for g in TargetGroup::ALL {
            assert_eq!(TargetGroup::from_code(g.code()), Some(g));
            assert_eq!(serde_json::to_value(g).unwrap(), g.code());
        }
        assert_eq!(TargetGroup::from_code("nobody"), None);
    }
}
