//! The staff screens' words: the catalogues' `staff` group, and what is built from it.

use crate::domain::staff::Role;
use crate::domain::text::Lang;
use crate::i18n::Msg;

pub use crate::i18n::staff::*;

/// "3 senza iscrizione" / "3 without registration": a walk-in check-in's people.
pub fn walk_ins(lang: Lang, n: u32) -> String {
    WALK_INS.of(lang, n.into())
}

/// "Presenti: 5" / "Checked in: 5".
pub fn present(lang: Lang, n: u32) -> String {
    PRESENT.with(lang, &[("count", &n)])
}

/// The walk-in count's range, in words.
pub fn walk_in_range(lang: Lang, max: u32) -> String {
    WALK_IN_RANGE.with(lang, &[("max", &max)])
}

/// "2 modifiche da inviare" / "2 changes to send".
pub fn unsent(lang: Lang, n: u32) -> String {
    UNSENT.of(lang, n.into())
}

/// "5 iscritti" / "5 registered": people confirmed.
pub fn taken(lang: Lang, n: u32) -> String {
    TAKEN.of(lang, n.into())
}

/// "2 in attesa" / "2 waiting".
pub fn waiting(lang: Lang, n: u32) -> String {
    WAITING.of(lang, n.into())
}

/// A role in plain words.
pub fn role_name(role: Role) -> Msg {
    match role {
        Role::Admin => ROLE_ADMIN,
        Role::Coordinator => ROLE_COORDINATOR,
        Role::Volunteer => ROLE_VOLUNTEER,
    }
}

/// "lunedì 21 dicembre 2026, 10:30" / "Monday 21 December 2026, 10:30".
pub fn date_time(lang: Lang, at: jiff::civil::DateTime) -> String {
    let date = crate::i18n::date_long(lang, at.date());
    DATE_TIME.with(lang, &[("date", &date), ("year", &at.year()), ("time", &crate::domain::time::hhmm(at.time()))])
}

/// What became of a session, in a few words.
pub fn fate_words(lang: Lang, fate: &crate::domain::session_fate::SessionFate) -> String {
    use crate::domain::session_fate::SessionFate;
    use crate::domain::time::hhmm;
    match fate {
        SessionFate::Held => FATE_HELD.get(lang).to_string(),
        SessionFate::HubClosed { reason } => FATE_HUB_CLOSED.with(lang, &[("reason", &crate::i18n::closure(lang, reason))]),
        SessionFate::Cancelled => FATE_CANCELLED.get(lang).to_string(),
        SessionFate::Moved { now_at: Some(at) } => FATE_MOVED_TO.with(lang, &[("time", &hhmm(at.time()))]),
        SessionFate::Moved { now_at: None } => FATE_MOVED_OFF.get(lang).to_string(),
        SessionFate::Gone => FATE_GONE.get(lang).to_string(),
    }
}

/// The attendance CSV's column names.
pub fn csv_header(lang: Lang) -> [&'static str; 10] {
    [
        CSV_DATE,
        CSV_TIME,
        CSV_ACTIVITY,
        CSV_STATUS,
        CSV_REGISTERED,
        CSV_WAITING_LIST,
        CSV_CAME_REGISTERED,
        CSV_WALK_INS,
        CSV_FIRST_VISIT,
        CSV_PRESENT,
    ]
    .map(|m| m.get(lang))
}

/// "2 persone" / "2 people".
pub fn people(lang: Lang, n: u32) -> String {
    PEOPLE.of(lang, n.into())
}

/// The attendance table's totals line: "Totale (4 sessioni regolari)".
pub fn held_sessions(lang: Lang, n: u32) -> String {
    HELD_SESSIONS.of(lang, n.into())
}

/// The question before erasing `n` registrations' personal data.
pub fn erase_question(lang: Lang, n: u32) -> String {
    ERASE_QUESTION.of(lang, n.into())
}

/// What an erasure did.
pub fn erased(lang: Lang, erased: u32, cancelled: u32) -> String {
    ERASED.with(lang, erased.into(), &[("cancelled", &cancelled)])
}

/// "1 iscrizione segnata presente due volte" / "1 registration checked in twice".
pub fn doubled(lang: Lang, n: u32) -> String {
    DOUBLED.of(lang, n.into())
}
