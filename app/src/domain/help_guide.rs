//! Digital-help guides: step-by-step cards for everyday tasks (getting SPID, using the
//! CIE, the health record, booking a CUP visit, paying a pagoPA notice, ISEE and INPS,
//! school enrolment, a public-housing tenant's requests), shown at a hub's kiosk. Content
//! documents like services: validated here, stored, synced through the change feed.

pub use super::ids::HelpGuideId;
use super::ids::HubId;
use super::search::fold;
use super::text::{LINE_MAX, Text, TooLong, check_length, is_language_code};
use crate::error::{FieldError, Reason, shorten};
use serde::{Deserialize, Serialize};

/// What a guide is about: its icon and its place in the kiosk's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpTopic {
    /// SPID, the electronic identity card (CIE).
    Identity,
    /// The health record (FSE), booking visits (CUP).
    Health,
    /// pagoPA notices, bills.
    Payments,
    /// ISEE, INPS requests and benefits.
    Benefits,
    /// School enrolment and services for families.
    School,
    /// Public housing: requests to the landlord.
    Housing,
}

impl HelpTopic {
    pub const ALL: [HelpTopic; 6] =
        [HelpTopic::Identity, HelpTopic::Health, HelpTopic::Payments, HelpTopic::Benefits, HelpTopic::School, HelpTopic::Housing];
}

/// The most steps a guide has: one task per screen, and a task longer than this is two.
pub const MAX_STEPS: usize = 20;
/// The most characters of one step: a step is read, or listened to, in one go.
pub const STEP_MAX: usize = 600;
/// The most things to have at hand.
pub const MAX_NEEDS: usize = 10;

/// A step-by-step guide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpGuide {
    pub id: HelpGuideId,
    pub topic: HelpTopic,
    pub title: Text,
    /// One sentence under the title: what the guide helps to do.
    pub summary: Text,
    /// What to have at hand before starting (a document, the phone, a PIN).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub you_need: Vec<Text>,
    /// The steps, in order.
    pub steps: Vec<Text>,
    /// The hubs whose kiosks offer it; empty: every hub's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hubs: Vec<HubId>,
}

/// Why a guide was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HelpGuideError {
    #[error("{0} is not a guide id: ids are whole numbers from 1")]
    BadId(HelpGuideId),
    #[error("the guide needs a title")]
    MissingTitle,
    #[error("the guide needs at least one step")]
    NoSteps,
    #[error("a guide has at most {MAX_STEPS} steps: split it in two")]
    TooManySteps,
    #[error("step {0} is empty")]
    EmptyStep(usize),
    #[error("a guide lists at most {MAX_NEEDS} things to have at hand")]
    TooManyNeeds,
    #[error("'{0}' is not a language code (two or three lower-case letters: it, en, ar)")]
    BadLanguage(String),
    #[error("the guide names hub {0}, but ids are whole numbers from 1")]
    BadHub(HubId),
    #[error(transparent)]
    TooLong(#[from] TooLong),
}

impl From<HelpGuideError> for FieldError {
    fn from(e: HelpGuideError) -> Self {
        let detail = e.to_string();
        let refused = match e {
            HelpGuideError::BadId(id) => FieldError::new("id", Reason::NotANumber).with_value(&id.to_string()),
            HelpGuideError::MissingTitle => FieldError::new("title", Reason::Required),
            HelpGuideError::NoSteps => FieldError::new("steps", Reason::Required),
            HelpGuideError::TooManySteps => FieldError::new("steps", Reason::OutOfRange),
            HelpGuideError::EmptyStep(n) => FieldError::new("steps", Reason::Required).with_value(&n.to_string()),
            HelpGuideError::TooManyNeeds => FieldError::new("you_need", Reason::OutOfRange),
            HelpGuideError::BadLanguage(code) => FieldError::new("title", Reason::Malformed).with_value(&code),
            HelpGuideError::BadHub(id) => FieldError::new("hubs", Reason::NotANumber).with_value(&id.to_string()),
            HelpGuideError::TooLong(e) => return e.into(),
        };
        refused.with_detail(detail)
    }
}

impl HelpGuide {
    /// The guide's own rules (that its hubs exist is checked where it is stored).
    pub fn validate(&self) -> Result<(), HelpGuideError> {
        if !self.id.is_valid() {
            return Err(HelpGuideError::BadId(self.id));
        }
        if self.title.is_blank() {
            return Err(HelpGuideError::MissingTitle);
        }
        if self.steps.is_empty() {
            return Err(HelpGuideError::NoSteps);
        }
        if self.steps.len() > MAX_STEPS {
            return Err(HelpGuideError::TooManySteps);
        }
        if let Some(n) = self.steps.iter().position(Text::is_blank) {
            return Err(HelpGuideError::EmptyStep(n + 1));
        }
        if self.you_need.len() > MAX_NEEDS {
            return Err(HelpGuideError::TooManyNeeds);
        }
        if let Some(hub) = self.hubs.iter().find(|h| !h.is_valid()) {
            return Err(HelpGuideError::BadHub(*hub));
        }
        let texts = || [&self.title, &self.summary].into_iter().chain(&self.you_need).chain(&self.steps);
        if let Some(code) = texts().flat_map(|t| t.more.iter().map(|(code, _)| code)).find(|c| !is_language_code(c)) {
            return Err(HelpGuideError::BadLanguage(shorten(code)));
        }
        check_length("title", self.title.longest(), LINE_MAX)?;
        check_length("summary", self.summary.longest(), LINE_MAX * 2)?;
        for need in &self.you_need {
            check_length("you_need", need.longest(), LINE_MAX)?;
        }
        for step in &self.steps {
            check_length("steps", step.longest(), STEP_MAX)?;
        }
        Ok(())
    }

    /// Whether a kiosk of `hub` offers it.
    pub fn offered_at(&self, hub: HubId) -> bool {
        self.hubs.is_empty() || self.hubs.contains(&hub)
    }
}

/// The guides matching `query` (every word, accent- and case-folded, in any language's
/// version), titles matching first, then in topic and title order; every guide for an
/// empty query.
pub fn search_help_guides<'a>(guides: &'a [HelpGuide], query: &str) -> Vec<&'a HelpGuide> {
    let words: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
    let mut found: Vec<(u8, &HelpGuide)> = guides
        .iter()
        .filter_map(|g| {
            let title = fold(&g.title.all_versions().collect::<Vec<_>>().join(" "));
            let rest = [&g.summary].into_iter().chain(&g.you_need).chain(&g.steps).flat_map(Text::all_versions).collect::<Vec<_>>();
            let rest = fold(&rest.join(" "));
            let all = words.iter().all(|w| title.contains(w.as_str()) || rest.contains(w.as_str()));
            all.then(|| (u8::from(!words.iter().all(|w| title.contains(w.as_str()))), g))
        })
        .collect();
    found.sort_by(|a, b| (a.0, a.1.topic, &a.1.title.it, a.1.id).cmp(&(b.0, b.1.topic, &b.1.title.it, b.1.id)));
    found.into_iter().map(|(_, g)| g).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn guide(id: i64, title: &str, steps: &[&str]) -> HelpGuide {
        HelpGuide {
            id: HelpGuideId(id),
            topic: HelpTopic::Identity,
            title: Text::it(title),
            summary: Text::default(),
            you_need: Vec::new(),
            steps: steps.iter().map(|s| Text::it(*s)).collect(),
            hubs: Vec::new(),
        }
    }

    #[test]
    fn a_guide_needs_a_title_and_steps_each_with_words() {
        assert_eq!(guide(1, "SPID", &["Apri l'app"]).validate(), Ok(()));
        assert_eq!(guide(0, "SPID", &["x"]).validate(), Err(HelpGuideError::BadId(HelpGuideId(0))));
        assert_eq!(guide(1, " ", &["x"]).validate(), Err(HelpGuideError::MissingTitle));
        assert_eq!(guide(1, "SPID", &[]).validate(), Err(HelpGuideError::NoSteps));
        assert_eq!(guide(1, "SPID", &["uno", " "]).validate(), Err(HelpGuideError::EmptyStep(2)));
        assert_eq!(guide(1, "SPID", &["x"; MAX_STEPS + 1]).validate(), Err(HelpGuideError::TooManySteps));
        let long = "x".repeat(STEP_MAX + 1);
        assert!(matches!(guide(1, "SPID", &[&long]).validate(), Err(HelpGuideError::TooLong(_))));
        let mut g = guide(1, "SPID", &["x"]);
        g.steps[0] = Text::it("x").with("Arabic", "y");
        assert_eq!(g.validate(), Err(HelpGuideError::BadLanguage("Arabic".into())));
        g.steps[0] = Text::it("x").with("ar", "خطوة");
        assert_eq!(g.validate(), Ok(()));
        g.hubs = vec![HubId(-1)];
        assert_eq!(g.validate(), Err(HelpGuideError::BadHub(HubId(-1))));
        let e = FieldError::from(HelpGuideError::EmptyStep(2));
        assert_eq!((e.field.as_str(), e.reason), ("steps", Reason::Required));
    }

    #[test]
    fn a_guide_without_hubs_is_offered_everywhere() {
        let mut g = guide(1, "SPID", &["x"]);
        assert!(g.offered_at(HubId(7)));
        g.hubs = vec![HubId(3)];
        assert!(g.offered_at(HubId(3)) && !g.offered_at(HubId(7)));
    }

    #[test]
    fn search_finds_every_word_in_any_language_titles_first() {
        let mut spid = guide(1, "Ottenere lo SPID", &["Scegli un gestore di identità"]);
        spid.title = spid.title.with("ar", "الحصول على SPID");
        let cie = guide(2, "Usare la CIE", &["Serve anche per lo SPID"]);
        let pago = guide(3, "Pagare un avviso pagoPA", &["Inquadra il codice QR"]);
        let all = [pago.clone(), cie.clone(), spid.clone()];
        let ids = |q: &str| search_help_guides(&all, q).iter().map(|g| g.id.0).collect::<Vec<_>>();
        assert_eq!(ids("spid"), [1, 2], "the title match first");
        assert_eq!(ids("SPÌD gestore"), [1]);
        assert_eq!(ids("الحصول"), [1]);
        assert_eq!(ids("qr"), [3]);
        assert_eq!(ids("nulla"), Vec::<i64>::new());
        assert_eq!(ids("").len(), 3);
    }
}
