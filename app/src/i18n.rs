//! Interface language: every UI string lives here, in Italian and English, so adding a
//! language is one change the compiler walks you through.

use crate::domain::text::{Lang, Text};
use crate::domain::time::{Day, hhmm, month_name};
use jiff::civil::{Date, Time};

/// A UI message in every language.
#[derive(Clone, Copy, Debug)]
pub struct Msg {
    pub it: &'static str,
    pub en: &'static str,
}

impl Msg {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::It => self.it,
            Lang::En => self.en,
        }
    }
}

/// A noun that agrees with its number: "1 posto", "3 posti", "0 results".
#[derive(Clone, Copy, Debug)]
pub struct Counted {
    pub it: (&'static str, &'static str),
    pub en: (&'static str, &'static str),
}

impl Counted {
    /// `n` and the noun in the right form. Both languages use the singular for exactly
    /// one; Arabic, when it comes, needs the full plural rules.
    pub fn of(self, lang: Lang, n: u64) -> String {
        let (one, many) = match lang {
            Lang::It => self.it,
            Lang::En => self.en,
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

pub const N_RESULTS: Counted = Counted { it: ("risultato", "risultati"), en: ("result", "results") };
pub const N_CHANGES: Counted = Counted { it: ("modifica", "modifiche"), en: ("change", "changes") };
pub const N_PEOPLE: Counted = Counted { it: ("persona", "persone"), en: ("person", "people") };
pub const N_PLACES: Counted = Counted { it: ("posto", "posti"), en: ("place", "places") };
pub const N_PLACES_LEFT: Counted = Counted { it: ("posto libero", "posti liberi"), en: ("place left", "places left") };
pub const N_SAVED_CHANGES: Counted =
    Counted { it: ("modifica salvata qui", "modifiche salvate qui"), en: ("change saved here", "changes saved here") };
pub const N_SESSIONS: Counted = Counted { it: ("incontro", "incontri"), en: ("session", "sessions") };

macro_rules! messages {
    ($($name:ident = $it:literal / $en:literal;)*) => {
        $(pub const $name: Msg = $crate::i18n::Msg { it: $it, en: $en };)*
    };
}
pub(crate) use messages;

messages! {
    APP_TAGLINE = "Orari, attività e servizi del tuo quartiere" / "Schedules, activities and services in your neighbourhood";
    SKIP_TO_CONTENT = "Vai al contenuto" / "Skip to content";
    NAV_HOME = "Inizio" / "Home";
    NAV_AGENDA = "Agenda" / "Agenda";
    NAV_SERVICES = "Servizi" / "Services";
    MAIN_NAV = "Navigazione principale" / "Main navigation";
    LANGUAGE = "Lingua" / "Language";
    LOADING = "Caricamento…" / "Loading…";
    NOT_FOUND_TITLE = "Pagina non trovata" / "Page not found";
    NOT_FOUND_TEXT = "Questa pagina non esiste o è stata rimossa." / "This page does not exist or has been removed.";
    ERROR_TITLE = "Qualcosa non ha funzionato" / "Something went wrong";
    BACK_HOME = "Torna all'inizio" / "Back to the home page";
    TRY_AGAIN = "Riprova tra poco." / "Please try again in a moment.";
    NAV_MINE = "Le mie iscrizioni" / "My sign-ups";
    SIGN_UP_TITLE = "Iscriviti" / "Sign up";
    SIGN_UP_INTRO = "Funziona anche senza connessione: l'iscrizione resta su questo telefono e parte appena c'è rete. Il posto è tuo solo quando la sede lo conferma." / "Works without a connection too: the sign-up stays on this phone and is sent as soon as there is signal. The place is yours only once the hub confirms it.";
    CHOOSE_SESSION = "Quale incontro?" / "Which session?";
    NO_SESSION_OPEN = "Al momento non ci sono incontri aperti alle iscrizioni." / "No sessions are open for sign-up right now.";
    YOUR_NAME = "Nome o soprannome" / "First name or nickname";
    YOUR_NAME_HINT = "Basta il nome con cui vi chiamano all'ingresso." / "Just the name they can call you by at the door.";
    HOW_MANY = "Quante persone, tu compreso" / "How many people, you included";
    CONTACT_ME = "Avvisatemi se l'incontro cambia" / "Tell me if the session changes";
    CONTACT = "Telefono o e-mail" / "Phone or e-mail";
    CONSENT_TEXT = "Civico conserva il nome e, solo se lo chiedi, un contatto per organizzare l'incontro. Vengono cancellati 30 giorni dopo l'incontro. Puoi annullare quando vuoi da questo dispositivo." / "Civico keeps your name and, only if you ask, a contact to organise the session. They are erased 30 days after it. You can cancel at any time from this device.";
    CONSENT_AGREE = "Ho letto e sono d'accordo" / "I have read this and agree";
    SIGN_UP_SEND = "Iscrivimi" / "Sign me up";
    SIGN_UP_SAVED = "Iscrizione salvata su questo dispositivo. La risposta della sede arriva qui e in «Le mie iscrizioni»." / "Sign-up saved on this device. The hub's answer will appear here and in “My sign-ups”.";
    SIGN_UP_NOT_READY = "Il modulo funziona quando la pagina è pronta: attendi qualche secondo." / "The form works once the page is ready: wait a few seconds.";
    SIGN_UP_DEVICE_FAILED = "Questo dispositivo non è riuscito a salvare l'iscrizione. Riprova." / "This device could not save the sign-up. Please try again.";
    FIELD_SESSION = "Incontro" / "Session";
    FIELD_CONSENT = "Consenso" / "Consent";
    MINE_TITLE = "Le mie iscrizioni" / "My sign-ups";
    MINE_INTRO = "Le iscrizioni fatte da questo dispositivo. Restano qui anche senza connessione." / "The sign-ups made from this device. They stay here without a connection too.";
    MINE_EMPTY = "Nessuna iscrizione da questo dispositivo." / "No sign-ups from this device.";
    MINE_HERE = "Le tue iscrizioni a questa attività" / "Your sign-ups for this activity";
    MINE_LOADING = "Lettura da questo dispositivo…" / "Reading from this device…";
    NEEDS_ATTENTION = "Da controllare" / "Needs attention";
    DISMISS = "Ho capito" / "Got it";
    ATTENTION_CONFLICT = "Questa modifica non è stata applicata: il server aveva già ricevuto una modifica diversa con lo stesso codice. Se vuoi ancora partecipare, iscriviti di nuovo." / "This change was not applied: the server had already received a different change with the same code. If you still want to take part, sign up again.";
    ATTENTION_REFUSED = "Il server non ha accettato questa modifica. Se vuoi ancora partecipare, iscriviti di nuovo o chiedi alla sede." / "The server did not accept this change. If you still want to take part, sign up again or ask the hub.";
    CANCEL_SIGN_UP = "Annulla l'iscrizione" / "Cancel this sign-up";
    STATUS_WAITING = "In attesa di invio" / "Waiting to send";
    STATUS_CONFIRMED = "Confermata" / "Confirmed";
    STATUS_WAITLISTED = "In lista d'attesa" / "On the waiting list";
    STATUS_REJECTED = "Non accettata" / "Not accepted";
    STATUS_CANCELLED = "Annullata" / "Cancelled";
    STATUS_CANCELLING = "Annullamento in attesa di invio" / "Cancellation waiting to send";
    POSITION = "posizione" / "position";
    SESSION_CHANGED = "L'incontro è stato annullato o spostato: la sede vi contatterà." / "The session was cancelled or moved: the hub will get in touch.";
    REASON_UNKNOWN_SESSION = "questo incontro non esiste più" / "this session no longer exists";
    REASON_SESSION_CANCELLED = "l'incontro è stato annullato o spostato" / "the session was cancelled or moved";
    REASON_CLOSED = "questa attività non prende iscrizioni" / "this activity does not take sign-ups";
    REASON_PAST = "l'incontro è già iniziato" / "the session has already started";
    REASON_PARTY_TOO_LARGE = "troppe persone per una sola iscrizione" / "too many people for one sign-up";
    REASON_ACCOUNT_INACTIVE = "l'account di chi l'ha registrata è stato disattivato prima dell'invio" / "the account that took it was deactivated before it was sent";
    REASON_OTHER = "la sede non l'ha accettata" / "the hub did not accept it";
    N_WAITING = "da inviare" / "to send";
    N_ATTENTION = "da controllare" / "to check";
    TOO_MUCH_AT_ONCE = "Troppe modifiche in una volta. Al massimo:" / "Too many changes at once. At most:";
    TOO_BIG = "Richiesta troppo grande. Al massimo" / "Request too big. At most";
    TOO_MANY_REQUESTS = "Troppe richieste in poco tempo. Aspetta un minuto e riprova." / "Too many requests in a short time. Wait a minute and try again.";

    CHOOSE_PLACE = "Scegli dove sei" / "Choose where you are";
    CITY = "Città" / "City";
    DISTRICT = "Quartiere o municipio" / "District";
    ANY_CITY = "Tutte le città" / "All cities";
    ANY_DISTRICT = "Tutti i quartieri" / "All districts";
    SHOW = "Mostra" / "Show";
    HUBS_HERE = "Luoghi" / "Places";
    TODAY = "Oggi" / "Today";
    THIS_WEEK = "Questa settimana" / "This week";
    NOTHING_TODAY = "Oggi non ci sono attività qui." / "Nothing is on here today.";
    NOTHING_IN_RANGE = "Nessuna attività in questi giorni." / "No activities on these days.";
    FULL_AGENDA = "Tutta l'agenda" / "Full agenda";

    OPEN_NOW_UNTIL = "Aperto ora, fino alle" / "Open now, until";
    OPENS_TODAY_AT = "Chiuso ora, apre oggi alle" / "Closed now, opens today at";
    CLOSED_NOW = "Chiuso ora" / "Closed now";
    CLOSED_TODAY = "Chiuso oggi" / "Closed today";
    REOPENS = "riapre" / "opens";
    TOMORROW = "domani" / "tomorrow";
    OPENING_HOURS = "Orari di apertura" / "Opening hours";
    CLOSED = "Chiuso" / "Closed";
    HOLIDAY = "Festivo" / "Public holiday";
    CHANGED_HOURS = "Orario cambiato" / "Changed hours";
    USUAL_WEEK = "Settimana tipo" / "Usual week";
    THIS_WEEK_AT_HUB = "Attività dei prossimi giorni" / "Activities in the coming days";
    PREV_WEEK = "7 giorni prima" / "Previous 7 days";
    NEXT_WEEK = "7 giorni dopo" / "Next 7 days";
    OTHER_WEEKS = "Altre settimane" / "Other weeks";
    PREVIOUS_PAGE = "Pagina precedente" / "Previous page";
    NEXT_PAGE = "Pagina successiva" / "Next page";
    RESULT_PAGES = "Pagine dei risultati" / "Result pages";
    CONTACTS = "Contatti" / "Contacts";
    PHONE = "Telefono" / "Phone";
    EMAIL = "E-mail" / "E-mail";
    WEBSITE = "Sito web" / "Website";
    ACCESSIBILITY = "Accessibilità" / "Accessibility";
    ADDRESS = "Indirizzo" / "Address";
    ALL_ACTIVITIES = "Tutte le attività" / "All activities";
    MAP = "Mappa" / "Map";

    NEXT_DATES = "Prossimi appuntamenti" / "Next sessions";
    NO_NEXT_DATES = "Non ci sono appuntamenti in programma." / "No sessions are scheduled.";
    HOW_TO_TAKE_PART = "Come partecipare" / "How to take part";
    REGISTRATION_REQUIRED = "Iscrizione obbligatoria" / "Registration required";
    FREE_ENTRY = "Ingresso libero, senza iscrizione" / "Just come along, no registration";
    CAPACITY = "Posti per incontro" / "Places per session";
    FOR_WHOM = "Per chi" / "Who it is for";
    EVERYONE = "Per tutti" / "Everyone";
    LANGUAGES = "Lingue" / "Languages";
    WHERE = "Dove" / "Where";
    WHEN = "Quando" / "When";
    CANCELLED = "Annullato" / "Cancelled";
    HUB_CLOSED = "sede chiusa" / "venue closed";

    CATEGORY = "Tipo" / "Type";
    ANY_CATEGORY = "Tutti i tipi" / "All types";
    AUDIENCE = "Per chi" / "Who for";
    ANY_AUDIENCE = "Tutti" / "Everyone";
    FROM_DATE = "Dal giorno" / "From";
    FILTER = "Filtra" / "Filter";
    EARLIER = "Giorni precedenti" / "Earlier days";
    LATER = "Giorni successivi" / "Later days";

    SEARCH_SERVICES = "Cerca un servizio" / "Search for a service";
    SEARCH_HINT = "Per esempio: CAF, affitto, anziani, lingua italiana" / "For example: tax help, rent, older people, Italian course";
    SEARCH = "Cerca" / "Search";
    ANY_GROUP = "Chiunque" / "Anyone";
    NO_SERVICES = "Nessun servizio trovato. Prova con meno parole o togli un filtro." / "No services found. Try fewer words or remove a filter.";
    ORGANIZATION = "Chi lo offre" / "Offered by";
    ELIGIBILITY = "Chi può accedere" / "Who can use it";
    DOCUMENTS = "Documenti da portare" / "Documents to bring";
    COST = "Costo" / "Cost";
    FREE = "Gratuito" / "Free";
    HOW_TO_ACCESS = "Come accedere" / "How to access";
    LOCATIONS = "Sedi" / "Locations";
    CATEGORIES = "Categorie" / "Categories";
    BACK_TO_SEARCH = "Torna alla ricerca" / "Back to search";

    OFFLINE = "Offline" / "Offline";
    UPDATED = "Aggiornato" / "Updated";
    SYNCING = "Aggiornamento in corso…" / "Updating…";
    NOT_UPDATED = "Dati non aggiornati: nessuna connessione" / "Data not updated: no connection";
    UPDATE_NOW = "Aggiorna ora" / "Update now";
    OFFLINE_TITLE = "Sei offline" / "You are offline";
    OFFLINE_TEXT = "Questa pagina non è ancora salvata su questo dispositivo. Le pagine che hai già aperto si aprono anche senza rete; questa si aprirà quando tornerà la connessione." / "This page is not saved on this device yet. Pages you have opened before open without a connection too; this one will open when the connection is back.";
    UPDATE_READY = "È pronta una nuova versione di Civico." / "A new version of Civico is ready.";
    RELOAD = "Usa la nuova versione" / "Use the new version";

    FIELD_HUB = "Luogo" / "Place";
    FIELD_NAME = "Nome" / "Name";
    FIELD_RULE = "Ripetizione" / "Repeats";
    FIELD_QUERY = "Indirizzo della pagina" / "Page address";
    FIELD_DOCUMENT = "Contenuto" / "Content";
}

/// A refused value in plain words: "Dal giorno: «9999-12-25» è troppo lontano da oggi".
pub fn field_error(lang: Lang, e: &crate::error::FieldError) -> String {
    let reason = reason_text(e.reason).get(lang);
    let label = field_label(&e.field).map(|m| m.get(lang).to_string()).unwrap_or_else(|| e.field.clone());
    match &e.value {
        Some(v) if !v.is_empty() => format!("{label}: «{v}» {reason}"),
        _ => format!("{label}: {reason}"),
    }
}

fn reason_text(reason: crate::error::Reason) -> Msg {
    use crate::error::Reason::*;
    let (it, en) = match reason {
        Required => ("manca", "is missing"),
        NotANumber => ("non è un numero valido", "is not a valid number"),
        NotADate => ("non è una data come 2026-11-23", "is not a date like 2026-11-23"),
        OutOfRange => ("è fuori dai limiti: scegli un valore più vicino", "is out of range: choose a nearer value"),
        Unknown => ("non è tra le scelte possibili", "is not one of the choices"),
        TooLong => ("è troppo lungo: usa meno parole", "is too long: use fewer words"),
        NotAnEmail => ("non è un indirizzo e-mail", "is not an e-mail address"),
        NotAWebAddress => ("non è un indirizzo web che inizia con https://", "is not a web address starting with https://"),
        NotAPhone => ("non è un numero di telefono", "is not a phone number"),
        BadRule => ("non è una regola di ripetizione valida", "is not a valid repeat rule"),
        BadHours => ("non sono orari validi", "are not valid times"),
        MissingReference => ("indica qualcosa che non esiste", "points to something that does not exist"),
        Cycle => ("metterebbe una categoria dentro sé stessa", "would put a category inside itself"),
        InUse => ("è ancora in uso", "is still in use"),
        Malformed => ("non è scritto nel formato atteso", "is not written as expected"),
        NotYours => ("appartiene a un altro dispositivo", "belongs to another device"),
        TooShort => ("è troppo corta: usa almeno 12 caratteri", "is too short: use at least 12 characters"),
        WrongCredentials => ("non corrispondono a un account attivo", "do not match an active account"),
        NotAllowed => ("non è permesso al tuo account", "is not allowed for your account"),
        Expired => ("è scaduto: chiedine uno nuovo", "has expired: ask for a new one"),
        AlreadyUsed => ("è già stato usato: chiedine uno nuovo", "has already been used: ask for a new one"),
        Taken => ("è già usato da un altro account", "is already used by another account"),
        LoginRequired => ("richiede di accedere di nuovo", "needs you to log in again"),
        Other => ("non è valido", "is not valid"),
    };
    Msg { it, en }
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
        "page" => Msg { it: "Pagina", en: "Page" },
        "hub" | "hub_id" => FIELD_HUB,
        "name" | "title" => FIELD_NAME,
        "address" => ADDRESS,
        "contacts.email" | "email" => EMAIL,
        "contacts.phone" | "phone" => PHONE,
        "contacts.website" | "website" | "organization.website" => WEBSITE,
        "schedule.rule" => FIELD_RULE,
        "query" => FIELD_QUERY,
        "password" => Msg { it: "Password", en: "Password" },
        "credentials" => Msg { it: "E-mail e password", en: "E-mail and password" },
        "invite" => Msg { it: "Il link d'invito", en: "The invitation link" },
        "role" => Msg { it: "Ruolo", en: "Role" },
        "hubs" => Msg { it: "Sedi", en: "Hubs" },
        "account" => Msg { it: "Account", en: "Account" },
        "login" => Msg { it: "Accesso", en: "Login" },
        "document" => FIELD_DOCUMENT,
        // Fields of content documents, as the command line (and later the editor) names them.
        "id" => Msg { it: "Numero identificativo", en: "Id" },
        "code" => Msg { it: "Codice", en: "Code" },
        "parent" => Msg { it: "Categoria superiore", en: "Parent category" },
        "description" => Msg { it: "Descrizione", en: "Description" },
        "coordinates" => Msg { it: "Coordinate", en: "Coordinates" },
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

/// "lunedì" / "Monday".
/// Under the home page's first places, when the place has more: how to narrow it down.
pub fn more_places(lang: Lang, shown: usize, total: usize, city_chosen: bool, district_chosen: bool) -> String {
    match (lang, city_chosen, district_chosen) {
        (Lang::It, false, _) => format!("Qui ci sono {total} luoghi: scegli una città per vederli tutti."),
        (Lang::It, true, false) => format!("Qui ci sono {total} luoghi: scegli un quartiere per vederli tutti."),
        (Lang::It, true, true) => format!("Sono i primi {shown} di {total} luoghi."),
        (Lang::En, false, _) => format!("There are {total} places here: choose a city to see them all."),
        (Lang::En, true, false) => format!("There are {total} places here: choose a district to see them all."),
        (Lang::En, true, true) => format!("These are the first {shown} of {total} places."),
    }
}

/// Over a page of every city shown offline by a device that keeps only some.
pub fn only_kept(lang: Lang, cities: &[String]) -> String {
    let list = cities.join(", ");
    match (lang, cities.is_empty()) {
        (Lang::It, false) => format!("Senza rete vedi solo le città salvate su questo dispositivo: {list}."),
        (Lang::En, false) => format!("Offline you see only the cities saved on this device: {list}."),
        (Lang::It, true) => "Su questo dispositivo non è ancora salvata nessuna città: scegli la tua nella pagina iniziale.".to_string(),
        (Lang::En, true) => "No city is saved on this device yet: choose yours on the home page.".to_string(),
    }
}

/// A link to the agenda, under the home page's first sessions of today.
pub fn all_sessions(lang: Lang, total: usize) -> String {
    match lang {
        Lang::It => format!("Tutti gli incontri di oggi nell'agenda ({})", N_SESSIONS.of(lang, total as u64)),
        Lang::En => format!("Every session today in the agenda ({})", N_SESSIONS.of(lang, total as u64)),
    }
}

/// Under the home page's first sessions of the week.
pub fn more_sessions(lang: Lang, more: usize) -> String {
    match (lang, more) {
        (Lang::It, 1) => "E un altro incontro nell'agenda.".to_string(),
        (Lang::En, 1) => "And one more session in the agenda.".to_string(),
        (lang, _) => more_sessions_many(lang, more),
    }
}

fn more_sessions_many(lang: Lang, more: usize) -> String {
    match lang {
        Lang::It => format!("E altri {} nell'agenda.", N_SESSIONS.of(lang, more as u64)),
        Lang::En => format!("And {more} more sessions in the agenda."),
    }
}

/// Where a page stands in a paged list: "Pagina 2 di 7".
pub fn page_of(lang: Lang, number: u32, pages: u32) -> String {
    match lang {
        Lang::It => format!("Pagina {number} di {pages}"),
        Lang::En => format!("Page {number} of {pages}"),
    }
}

pub fn weekday(lang: Lang, day: Day) -> String {
    day.name().get(lang).to_string()
}

/// "lunedì 23 novembre" / "Monday 23 November".
pub fn date_long(lang: Lang, d: Date) -> String {
    format!("{} {} {}", weekday(lang, Day::of(d)), d.day(), month_name(d.month()).get(lang))
}

/// "23 novembre 2026" / "23 November 2026".
pub fn date_with_year(lang: Lang, d: Date) -> String {
    format!("{} {} {}", d.day(), month_name(d.month()).get(lang), d.year())
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

/// "10:00–11:30", kept on one line (word joiners around the dash).
/// What a session offers a newcomer, in words; `None` when places are not limited.
pub fn availability(lang: Lang, a: crate::domain::places::Availability) -> Option<String> {
    use crate::domain::places::Availability;
    Some(match (a, lang) {
        (Availability::Open, _) => return None,
        (Availability::Left { left, capacity }, Lang::It) => format!("{} su {capacity}", N_PLACES_LEFT.of(lang, left.into())),
        (Availability::Left { left, capacity }, Lang::En) => format!("{} out of {capacity}", N_PLACES_LEFT.of(lang, left.into())),
        (Availability::Full { waiting: 0 }, Lang::It) => "Completo: ci si iscrive in lista d'attesa".into(),
        (Availability::Full { waiting: 0 }, Lang::En) => "Full: sign-ups go on the waiting list".into(),
        (Availability::Full { waiting }, Lang::It) => format!("Completo, {} in lista d'attesa", N_PEOPLE.of(lang, waiting.into())),
        (Availability::Full { waiting }, Lang::En) => format!("Full, {} on the waiting list", N_PEOPLE.of(lang, waiting.into())),
    })
}

/// Outbox entries this version of the app cannot read: kept, never sent by it.
pub fn unreadable_changes(lang: Lang, n: u32) -> String {
    let what = N_SAVED_CHANGES.of(lang, n.into());
    match lang {
        Lang::It => {
            format!("{what}: questa versione dell'app non riesce a leggerle. Restano su questo dispositivo, non vengono cancellate.")
        }
        Lang::En => format!("{what}: this version of the app cannot read them. They stay on this device and are not deleted."),
    }
}

pub fn time_span(start: Time, end: Time) -> String {
    format!("{}\u{2060}–\u{2060}{}", hhmm(start), hhmm(end))
}

/// "5 minuti fa" / "5 minutes ago", for how long ago something happened.
pub fn ago(lang: Lang, seconds: i64) -> String {
    let (n, it_one, it_many, en_unit) = match seconds.max(0) {
        s if s < 60 => return if lang == Lang::It { "adesso".into() } else { "just now".into() },
        s if s < 3600 => (s / 60, "minuto", "minuti", "minute"),
        s if s < 86_400 => (s / 3600, "ora", "ore", "hour"),
        s => (s / 86_400, "giorno", "giorni", "day"),
    };
    match lang {
        Lang::It => format!("{n} {} fa", if n == 1 { it_one } else { it_many }),
        Lang::En => format!("{n} {en_unit}{} ago", if n == 1 { "" } else { "s" }),
    }
}

/// The name of a language from its ISO 639-1 code, in the reader's language.
pub fn language_name(lang: Lang, code: &str) -> String {
    let (it, en) = match code {
        "it" => ("italiano", "Italian"),
        "en" => ("inglese", "English"),
        "ar" => ("arabo", "Arabic"),
        "fr" => ("francese", "French"),
        "es" => ("spagnolo", "Spanish"),
        "ro" => ("rumeno", "Romanian"),
        "zh" => ("cinese", "Chinese"),
        "uk" => ("ucraino", "Ukrainian"),
        "bn" => ("bengalese", "Bengali"),
        "tl" => ("tagalog", "Tagalog"),
        "sq" => ("albanese", "Albanian"),
        "wo" => ("wolof", "Wolof"),
        "lis" => ("LIS (lingua dei segni)", "Italian Sign Language"),
        other => return other.to_string(),
    };
    match lang {
        Lang::It => it.to_string(),
        Lang::En => en.to_string(),
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
    let from_cookie = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == LANG_COOKIE)
        .and_then(|(_, v)| Lang::from_code(v));
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
