//! Interface language: the messages live in `app/locales` (one catalogue per language,
//! see `catalogue`); here are the words built from them (dates, counts, field errors,
//! closures) and the language of a request.

mod catalogue;
mod describe;
mod labels;
pub mod plural;

#[cfg(not(feature = "hydrate"))]
pub use catalogue::catalogue_files;
pub use catalogue::common::*;
// The words of the pages after the first one: a part of the tables of their own.
pub use catalogue::pages::*;
pub use catalogue::{KIOSK_PART, Msg, PAGES_PART, Plural, STAFF_PART, catalogue_url, fill, part_url, text_in_each_language};
pub use catalogue::{audience, category, holiday, hub_kind, kiosk, language_name as language_names, month, reason, rule, staff, weekday};
#[cfg(feature = "hydrate")]
pub use catalogue::{has, load, load_part};
pub use describe::describe_rule;
pub use labels::month_name;

use crate::domain::hours::Closure;
use crate::domain::text::{Lang, Text};
use crate::domain::time::{Day, hhmm};
use jiff::civil::{Date, Time};

/// A refused value in plain words: "Dal giorno: «9999-12-25» è troppo lontano da oggi".
pub fn field_error(lang: Lang, e: &crate::error::FieldError) -> String {
    let reason = reason_text(e.reason).get(lang);
    let label = field_label(&e.field).map(|m| m.get(lang).to_string()).unwrap_or_else(|| e.field.clone());
    match &e.value {
        Some(v) if !v.is_empty() => FIELD_ERROR_VALUE.with(lang, &[("field", &label), ("value", v), ("reason", &reason)]),
        _ => FIELD_ERROR.with(lang, &[("field", &label), ("reason", &reason)]),
    }
}

fn reason_text(r: crate::error::Reason) -> Msg {
    use crate::error::Reason::*;
    match r {
        Required => reason::REQUIRED,
        NotANumber => reason::NOT_A_NUMBER,
        NotADate => reason::NOT_A_DATE,
        OutOfRange => reason::OUT_OF_RANGE,
        Unknown => reason::UNKNOWN,
        TooLong => reason::TOO_LONG,
        NotAnEmail => reason::NOT_AN_EMAIL,
        NotAWebAddress => reason::NOT_A_WEB_ADDRESS,
        NotAPhone => reason::NOT_A_PHONE,
        BadRule => reason::BAD_RULE,
        BadHours => reason::BAD_HOURS,
        MissingReference => reason::MISSING_REFERENCE,
        Cycle => reason::CYCLE,
        InUse => reason::IN_USE,
        Malformed => reason::MALFORMED,
        NotYours => reason::NOT_YOURS,
        TooShort => reason::TOO_SHORT,
        WrongCredentials => reason::WRONG_CREDENTIALS,
        NotAllowed => reason::NOT_ALLOWED,
        Expired => reason::EXPIRED,
        AlreadyUsed => reason::ALREADY_USED,
        Taken => reason::TAKEN,
        LoginRequired => reason::LOGIN_REQUIRED,
        Other => reason::OTHER,
    }
}

/// Names of the fields people meet in the interface's filters and forms.
fn field_label(field: &str) -> Option<Msg> {
    Some(match field {
        "from" => FROM_DATE,
        "city" => CITY,
        "district" => DISTRICT,
        "category" => CATEGORY,
        "audience" | "group" => AUDIENCE,
        "q" => SEARCH_SERVICES,
        "page" => FIELD_PAGE,
        "hub" | "hub_id" => FIELD_HUB,
        "name" | "title" => FIELD_NAME,
        "address" => ADDRESS,
        "contacts.email" | "email" => EMAIL,
        "contacts.phone" | "phone" => PHONE,
        "contacts.website" | "website" | "organization.website" => WEBSITE,
        "schedule.rule" => FIELD_RULE,
        "query" => FIELD_QUERY,
        "password" => FIELD_PASSWORD,
        "credentials" => FIELD_CREDENTIALS,
        "invite" => FIELD_INVITE,
        "role" => FIELD_ROLE,
        "hubs" => FIELD_HUBS,
        "account" => FIELD_ACCOUNT,
        "login" => FIELD_LOGIN,
        "document" => FIELD_DOCUMENT,
        // Fields of content documents, as the command line (and later the editor) names them.
        "id" => FIELD_ID,
        "code" => FIELD_CODE,
        "parent" => FIELD_PARENT,
        "description" => FIELD_DESCRIPTION,
        "coordinates" => FIELD_COORDINATES,
        "categories" => CATEGORIES,
        "locations" | "locations.name" | "locations.address" | "locations.district" => LOCATIONS,
        "organization.name" => ORGANIZATION,
        "how_to_access" => HOW_TO_ACCESS,
        "how_to_join" => HOW_TO_TAKE_PART,
        "eligibility" => ELIGIBILITY,
        "required_documents" => DOCUMENTS,
        "cost.description" => COST,
        "languages" => LANGUAGES,
        "capacity" => CAPACITY,
        "accessibility" => ACCESSIBILITY,
        _ => return None,
    })
}

/// The label of a translated content text.
pub fn text(lang: Lang, t: &Text) -> String {
    t.get(lang).to_string()
}
/// Under the home page's first places, when the place has more: how to narrow it down.
pub fn more_places(lang: Lang, shown: usize, total: usize, city_chosen: bool, district_chosen: bool) -> String {
    let total = total as u64;
    match (city_chosen, district_chosen) {
        (false, _) => MORE_PLACES_CITY.of(lang, total),
        (true, false) => MORE_PLACES_DISTRICT.of(lang, total),
        (true, true) => MORE_PLACES_FIRST.with(lang, total, &[("shown", &shown)]),
    }
}

/// Over a page of every city shown offline by a device that keeps only some.
pub fn only_kept(lang: Lang, cities: &[String]) -> String {
    if cities.is_empty() {
        ONLY_KEPT_NONE.get(lang).to_string()
    } else {
        ONLY_KEPT.with(lang, &[("cities", &cities.join(LIST_SEPARATOR.get(lang)))])
    }
}

/// A link to the agenda, under the home page's first sessions of today.
pub fn all_sessions(lang: Lang, total: usize) -> String {
    ALL_SESSIONS_TODAY.of(lang, total as u64)
}

/// Under the home page's first sessions of the week.
pub fn more_sessions(lang: Lang, more: usize) -> String {
    MORE_SESSIONS.of(lang, more as u64)
}

/// Where a page stands in a paged list: "Pagina 2 di 7".
pub fn page_of(lang: Lang, number: u32, pages: u32) -> String {
    PAGE_OF.with(lang, &[("number", &number), ("pages", &pages)])
}

/// "lunedì" / "Monday".
pub fn weekday(lang: Lang, day: Day) -> String {
    day.name().get(lang).to_string()
}

/// "lunedì 23 novembre" / "Monday 23 November".
pub fn date_long(lang: Lang, d: Date) -> String {
    let (weekday, month) = (Day::of(d).name().get(lang), month_name(d.month()).get(lang));
    DATE_LONG.with(lang, &[("weekday", &weekday), ("day", &d.day()), ("month", &month)])
}

/// "23 novembre 2026" / "23 November 2026".
pub fn date_with_year(lang: Lang, d: Date) -> String {
    DATE_WITH_YEAR.with(lang, &[("day", &d.day()), ("month", &month_name(d.month()).get(lang)), ("year", &d.year())])
}

/// When a closed hub opens next: "domani 09:30", "mercoledì 09:30" within the week,
/// "giovedì 3 dicembre 15:00" further on.
pub fn next_opening(lang: Lang, next: crate::domain::hours::NextOpening) -> String {
    let at = next.at;
    let day = match next.in_days {
        1 => TOMORROW.get(lang).to_string(),
        2..=6 => weekday(lang, Day::of(at.date())),
        _ => date_long(lang, at.date()),
    };
    format!("{day} {}", hhmm(at.time()))
}

/// What a session offers a newcomer, in words; `None` when places are not limited.
pub fn availability(lang: Lang, a: crate::domain::places::Availability) -> Option<String> {
    use crate::domain::places::Availability;
    Some(match a {
        Availability::Open => return None,
        Availability::Left { left, capacity } => PLACES_LEFT.with(lang, left.into(), &[("capacity", &capacity)]),
        Availability::Full { waiting: 0 } => FULL_NOBODY_WAITING.get(lang).to_string(),
        Availability::Full { waiting } => FULL_WAITING.of(lang, waiting.into()),
    })
}

/// Outbox entries this version of the app cannot read: kept, never sent by it.
pub fn unreadable_changes(lang: Lang, n: u32) -> String {
    UNREADABLE_CHANGES.of(lang, n.into())
}

/// "10:00–11:30", kept on one line (word joiners around the dash).
pub fn time_span(start: Time, end: Time) -> String {
    format!("{}\u{2060}–\u{2060}{}", hhmm(start), hhmm(end))
}

/// "5 minuti fa" / "5 minutes ago", for how long ago something happened.
pub fn ago(lang: Lang, seconds: i64) -> String {
    match seconds.max(0) as u64 {
        s if s < 60 => JUST_NOW.get(lang).to_string(),
        s if s < 3600 => MINUTES_AGO.of(lang, s / 60),
        s if s < 86_400 => HOURS_AGO.of(lang, s / 3600),
        s => DAYS_AGO.of(lang, s / 86_400),
    }
}

/// The name of a language from its code, in the reader's language (the code itself
/// for a language the catalogues do not name).
pub fn language_name(lang: Lang, code: &str) -> String {
    labels::language(code).map(|m| m.get(lang).to_string()).unwrap_or_else(|| code.to_string())
}

/// Whether `path` needs the words of the pages after the first one (the home page and the
/// offline page are in the first download with their words; every other page is a lazy
/// route, whose view is drawn once they are here: hydrating, they must be here already).
pub fn needs_pages(path: &str) -> bool {
    path != "/" && path != "/offline"
}

/// Whether `path` is one of the staff screens, whose words are a part of their own.
pub fn is_staff_path(path: &str) -> bool {
    (path == "/staff" || path.starts_with("/staff/")) && !is_kiosk_path(path)
}

/// Whether `path` is a kiosk's screens (behind the staff route, with words of their own,
/// which the kiosk loads in each of its languages).
pub fn is_kiosk_path(path: &str) -> bool {
    path.starts_with("/staff/kiosk/")
}

/// Why a closure calls a session off: the holiday's name or the hub's own note.
pub fn closure(lang: Lang, c: &Closure) -> String {
    match c {
        Closure::Holiday(h) => h.name().get(lang).to_string(),
        Closure::Closed(Some(note)) => note.get(lang).to_string(),
        Closure::Closed(None) => VENUE_CLOSED.get(lang).to_string(),
    }
}

/// The language chosen for this page: the `civico_lang` cookie on the server, and in
/// the browser the `lang` the server rendered (so hydration sees the same text).
pub fn current_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        let parts = use_context::<http::request::Parts>();
        parts.and_then(|p| lang_from_headers(&p.headers)).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        #[cfg(feature = "hydrate")]
        {
            let code = leptos::prelude::document().document_element().and_then(|e| e.get_attribute("lang"));
            code.and_then(|c| Lang::from_code(&c)).unwrap_or_default()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            Lang::default()
        }
    }
}

/// The cookie that remembers the language.
pub const LANG_COOKIE: &str = "civico_lang";

/// Reads the language cookie, then `Accept-Language`, from request headers.
#[cfg(feature = "ssr")]
pub fn lang_from_headers(headers: &http::HeaderMap) -> Option<Lang> {
    let from_cookie = crate::cookies::cookie(headers, LANG_COOKIE).and_then(Lang::from_code);
    from_cookie.or_else(|| {
        let accept = headers.get(http::header::ACCEPT_LANGUAGE)?.to_str().ok()?;
        accept.split(',').filter_map(|part| Lang::from_code(part.split(';').next()?)).next()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn staff_and_kiosk_screens_load_their_own_words() {
        assert!(is_staff_path("/staff") && is_staff_path("/staff/desk/3"));
        assert!(!is_staff_path("/staffing") && !is_staff_path("/"));
        assert!(is_kiosk_path("/staff/kiosk/3") && !is_staff_path("/staff/kiosk/3"), "a kiosk has no staff words");
        assert!(!is_kiosk_path("/staff/hub/3"));
        assert!(!needs_pages("/") && !needs_pages("/offline"), "the first download's pages have their words");
        for later in ["/agenda", "/hubs/3", "/staff", "/staff/kiosk/3", "/registrations"] {
            assert!(needs_pages(later), "{later}: a lazy route, drawn with the later pages' words");
        }
    }

    #[test]
    fn dates_read_naturally_in_both_languages() {
        assert_eq!(date_long(Lang::It, date(2026, 11, 23)), "lunedì 23 novembre");
        assert_eq!(date_long(Lang::En, date(2026, 11, 23)), "Monday 23 November");
        assert_eq!(date_with_year(Lang::It, date(2026, 1, 6)), "6 gennaio 2026");
    }

    #[test]
    fn ages_read_naturally() {
        assert_eq!(ago(Lang::It, 5), "adesso");
        assert_eq!(ago(Lang::En, 59), "just now");
        assert_eq!(ago(Lang::It, 60), "1 minuto fa");
        assert_eq!(ago(Lang::It, 5 * 60), "5 minuti fa");
        assert_eq!(ago(Lang::En, 5 * 60), "5 minutes ago");
        assert_eq!(ago(Lang::En, 3600), "1 hour ago");
        assert_eq!(ago(Lang::It, 3 * 3600), "3 ore fa");
        assert_eq!(ago(Lang::It, 86_400), "1 giorno fa");
        assert_eq!(ago(Lang::En, 2 * 86_400), "2 days ago");
        assert_eq!(ago(Lang::En, -5), "just now", "a clock running behind is not the future");
    }

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(N_RESULTS.of(Lang::It, 1), "1 risultato");
        assert_eq!(N_RESULTS.of(Lang::It, 0), "0 risultati");
        assert_eq!(N_RESULTS.of(Lang::En, 1), "1 result");
        assert_eq!(N_RESULTS.of(Lang::En, 0), "0 results");
        assert_eq!(N_PLACES.of(Lang::It, 1), "1 posto");
        use crate::domain::places::Availability;
        assert_eq!(availability(Lang::It, Availability::Left { left: 1, capacity: 12 }).as_deref(), Some("1 posto libero su 12"));
        assert_eq!(availability(Lang::En, Availability::Left { left: 3, capacity: 12 }).as_deref(), Some("3 places left out of 12"));
        assert_eq!(availability(Lang::It, Availability::Full { waiting: 1 }).as_deref(), Some("Completo, 1 persona in lista d'attesa"));
        assert_eq!(availability(Lang::En, Availability::Full { waiting: 0 }).as_deref(), Some("Full: sign-ups go on the waiting list"));
        assert_eq!(availability(Lang::It, Availability::Open), None);
        assert_eq!(N_SESSIONS.of(Lang::En, 12), "12 sessions");
    }

    #[test]
    fn next_openings_read_naturally() {
        use crate::domain::hours::NextOpening;
        let next = |at, in_days| NextOpening { at, in_days };
        assert_eq!(next_opening(Lang::It, next(date(2026, 11, 24).at(9, 30, 0, 0), 1)), "domani 09:30");
        assert_eq!(next_opening(Lang::En, next(date(2026, 11, 25).at(9, 30, 0, 0), 2)), "Wednesday 09:30");
        assert_eq!(next_opening(Lang::It, next(date(2026, 12, 3).at(15, 0, 0, 0), 10)), "giovedì 3 dicembre 15:00");
    }

    #[test]
    fn refused_values_read_in_the_readers_language() {
        use crate::error::{FieldError, Reason};
        let e = FieldError::new("from", Reason::NotADate).with_value("23/11/2026");
        assert_eq!(field_error(Lang::It, &e), "Dal giorno: «23/11/2026» non è una data come 2026-11-23");
        assert_eq!(field_error(Lang::En, &e), "From: «23/11/2026» is not a date like 2026-11-23");
        let unnamed = FieldError::new("hours.weekly", Reason::BadHours);
        assert_eq!(field_error(Lang::En, &unnamed), "hours.weekly: are not valid times");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn cookie_wins_over_accept_language() {
        let mut h = http::HeaderMap::new();
        h.insert(http::header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9".parse().unwrap());
        assert_eq!(lang_from_headers(&h), Some(Lang::En));
        h.insert(http::header::COOKIE, "a=b; civico_lang=it".parse().unwrap());
        assert_eq!(lang_from_headers(&h), Some(Lang::It));
        let none = http::HeaderMap::new();
        assert_eq!(lang_from_headers(&none), None);
    }

    #[test]
    fn the_home_page_says_how_to_see_the_places_it_leaves_out() {
        assert_eq!(more_places(Lang::It, 30, 855, false, false), "Qui ci sono 855 luoghi: scegli una città per vederli tutti.");
        assert_eq!(more_places(Lang::It, 30, 40, true, false), "Qui ci sono 40 luoghi: scegli un quartiere per vederli tutti.");
        assert_eq!(more_places(Lang::En, 30, 40, true, true), "These are the first 30 of 40 places.");
        let kept = ["Torino".to_string(), "Milano".to_string()];
        assert_eq!(only_kept(Lang::It, &kept), "Senza rete vedi solo le città salvate su questo dispositivo: Torino, Milano.");
        assert_eq!(only_kept(Lang::En, &kept[..1]), "Offline you see only the cities saved on this device: Torino.");
        assert_eq!(
            only_kept(Lang::It, &[]),
            "Su questo dispositivo non è ancora salvata nessuna città: scegli la tua nella pagina iniziale."
        );
        assert_eq!(more_sessions(Lang::It, 1), "E un altro incontro nell'agenda.");
        assert_eq!(more_sessions(Lang::It, 5), "E altri 5 incontri nell'agenda.");
        assert_eq!(more_sessions(Lang::En, 5), "And 5 more sessions in the agenda.");
    }
}
