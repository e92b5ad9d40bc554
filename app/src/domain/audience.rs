//! Who an activity or a service is for (HSDS "eligibility" / target groups).

use super::text::Text;
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

    pub fn label(self) -> Text {
        match self {
            TargetGroup::Families => Text::new("Famiglie", "Families"),
            TargetGroup::Children => Text::new("Bambini e ragazzi", "Children"),
            TargetGroup::YoungPeople => Text::new("Giovani", "Young people"),
            TargetGroup::Elderly => Text::new("Anziani", "Older people"),
            TargetGroup::Disability => Text::new("Persone con disabilità", "People with disabilities"),
            TargetGroup::Migrants => Text::new("Persone migranti", "Migrants"),
            TargetGroup::JobSeekers => Text::new("Chi cerca lavoro", "Job seekers"),
            TargetGroup::Tenants => Text::new("Inquilini", "Tenants"),
            TargetGroup::Women => Text::new("Donne", "Women"),
            TargetGroup::LowIncome => Text::new("Persone con basso reddito", "People on low income"),
        }
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
