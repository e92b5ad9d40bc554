//! The staff screens' words, Italian and English.

use crate::domain::staff::Role;
use crate::domain::text::Lang;
use crate::i18n::{Msg, messages};

messages! {
    STAFF_TITLE = "Area operatori" / "Staff area";
    STAFF_LINK = "Area operatori" / "Staff area";
    STAFF_LEDE = "Per chi lavora o fa volontariato in una sede: registrazioni, presenze, persone." / "For people who work or volunteer at a hub: registrations, check-ins, people.";
    CHECKING = "Controllo chi ha fatto l'accesso…" / "Checking who is logged in…";
    LOGIN_TITLE = "Accedi" / "Log in";
    EMAIL_LABEL = "Indirizzo e-mail" / "E-mail address";
    PASSWORD_LABEL = "Password" / "Password";
    LOGIN_BUTTON = "Accedi" / "Log in";
    LOGGING_IN = "Accesso in corso…" / "Logging in…";
    LOGIN_WRONG = "E-mail o password non corrispondono a un account attivo. Controlla e riprova." / "The e-mail address or the password does not match an active account. Check them and try again.";
    LOGIN_OFFLINE = "Per accedere serve la connessione. Riprova quando c'è segnale." / "Logging in needs a connection. Try again when there is signal.";
    SESSION_ENDED = "L'accesso è scaduto o è stato chiuso: accedi di nuovo." / "Your login has ended or was closed: log in again.";
    DEVICE_COPY = "Senza connessione: quello che vedi è salvato su questo dispositivo." / "No connection: what you see is saved on this device.";
    LOGGED_IN_AS = "Hai fatto l'accesso come" / "Logged in as";
    WORKS_AT = "Sedi" / "Hubs";
    EVERY_HUB = "Tutte le sedi" / "Every hub";
    OFFLINE_UNTIL = "Questo dispositivo può lavorare senza connessione fino a" / "This device can work without a connection until";
    LOGOUT = "Esci" / "Log out";
    LOGGED_OUT = "Sei uscito. Su questo dispositivo non restano dati dell'area operatori." / "You have logged out. No staff data is left on this device.";
    PEOPLE_TITLE = "Persone" / "People";
    NO_PEOPLE = "Nessuna persona da mostrare." / "Nobody to show.";
    ACTIVE = "Attivo" / "Active";
    INACTIVE = "Disattivato" / "Deactivated";
    DEACTIVATE = "Disattiva" / "Deactivate";
    REACTIVATE = "Riattiva" / "Reactivate";
    INVITE_TITLE = "Invita una persona" / "Invite someone";
    INVITE_HINT = "Riceverai un link da mandare alla persona (per e-mail, SMS o WhatsApp). Funziona una volta sola, per 7 giorni: con quello sceglie la sua password." / "You get a link to send to the person (by e-mail, text message or WhatsApp). It works once, for 7 days: with it they choose their own password.";
    ROLE_LABEL = "Ruolo" / "Role";
    HUBS_LABEL = "Sedi dove lavora" / "Hubs where they work";
    INVITE_BUTTON = "Crea il link d'invito" / "Create the invitation link";
    INVITE_READY = "Link d'invito per" / "Invitation link for";
    INVITE_EXPIRES = "Valido fino a" / "Valid until";
    SEND_BY_EMAIL = "Mandalo per e-mail" / "Send it by e-mail";
    ACCEPT_TITLE = "Crea il tuo account" / "Create your account";
    ACCEPT_FOR = "Invito per" / "Invitation for";
    AS_ROLE = "come" / "as";
    YOUR_NAME_LABEL = "Il tuo nome (come ti conoscono i colleghi)" / "Your name (as colleagues know you)";
    NEW_PASSWORD = "Scegli una password" / "Choose a password";
    PASSWORD_HINT = "Almeno 12 caratteri. Una frase che ricordi va benissimo, ad esempio «caffè al mercato di martedì»." / "At least 12 characters. A phrase you remember is fine, for example «coffee at the Tuesday market».";
    PASSWORD_AGAIN = "Scrivi di nuovo la password" / "Type the password again";
    PASSWORDS_DIFFER = "Le due password non sono uguali." / "The two passwords are not the same.";
    ACCEPT_BUTTON = "Crea l'account ed entra" / "Create the account and log in";
    INVITE_UNKNOWN = "Questo link d'invito non esiste. Controlla di averlo copiato tutto, o chiedine uno nuovo." / "This invitation link does not exist. Check that you copied all of it, or ask for a new one.";
    GO_TO_STAFF = "Vai all'area operatori" / "Go to the staff area";
    SAVING = "Salvataggio…" / "Saving…";
    DESK_TITLE = "Sportello" / "Desk";
    OPEN_DESK = "Apri lo sportello" / "Open the desk";
    LOGIN_FIRST = "Per vedere lo sportello accedi dall'area operatori." / "Log in from the staff area to see the desk.";
    HUB_NOT_ON_DEVICE = "Questa sede non è ancora salvata su questo dispositivo. Apri l'app con la connessione e riprova." / "This hub is not saved on this device yet. Open the app with a connection and try again.";
    REGISTRATIONS_AS_OF = "Iscrizioni aggiornate a" / "Registrations as of";
    NOT_YOUR_HUB = "Il tuo account non lavora in questa sede." / "Your account does not work at this hub.";
    NOT_COUNTED = "Iscrizioni non ancora scaricate: apri lo sportello con la connessione." / "Registrations not downloaded yet: open the desk with a connection.";
    NO_REGISTRATION = "Senza iscrizione" / "No registration needed";
    NAME_ERASED = "(nome cancellato)" / "(name erased)";
    ON_WAITING_LIST = "in lista d'attesa, posizione" / "on the waiting list, place";
    NOT_SAVED = "Non è stato possibile salvare la modifica su questo dispositivo. Riprova." / "The change could not be saved on this device. Try again.";
    CHECK_IN = "Segna presente" / "Check in";
    CHECKED_IN = "presente" / "checked in";
    CHECKED_IN_TWICE = "segnato presente due volte (da due dispositivi): il coordinatore lo vede" / "checked in twice (from two devices): the coordinator sees this";
    CHECKED_IN_SAVED = "Presenza salvata su questo dispositivo." / "Check-in saved on this device.";
    UNDO_CHECK_IN = "Togli la presenza" / "Take back the check-in";
    UNDO_SAVED = "Presenza tolta." / "Check-in taken back.";
    CANCEL_REGISTRATION = "Annulla l'iscrizione" / "Cancel the registration";
    CONFIRM_CANCEL = "Conferma l'annullamento" / "Confirm the cancellation";
    CANCEL_SAVED = "Iscrizione annullata su questo dispositivo." / "Registration cancelled on this device.";
    FIRST_TIME = "prima volta" / "first time";
    WALK_IN_LABEL = "Persone arrivate senza iscrizione" / "People who came without registering";
    FIRST_TIME_LABEL = "È la prima volta che vengono in sede" / "It is their first time at the hub";
    WALK_IN_BUTTON = "Segna ingresso" / "Count them in";
    WALK_INS_TITLE = "Senza iscrizione" / "Without registration";
    HOW_MANY_THEM = "Quante persone, lei o lui compreso" / "How many people, them included";
    CONTACT_THEM = "Vuole essere avvisato di cambiamenti" / "They want to hear about changes";
    READ_ALOUD = "Leggi ad alta voce alla persona:" / "Read this aloud to the person:";
    DESK_CONSENT_TEXT = "Civico conserva il nome e, solo se lo chiedi, un contatto per organizzare l'incontro. Vengono cancellati 30 giorni dopo l'incontro. Per annullare basta dirlo alla sede." / "Civico keeps your name and, only if you ask, a contact to organise the session. They are erased 30 days after it. To cancel, just tell the hub.";
    DESK_CONSENT_AGREE = "La persona ha ascoltato ed è d'accordo" / "The person has heard this and agrees";
    REGISTER_SOMEONE = "Registra una persona" / "Register someone";
    REGISTER_BUTTON = "Registra" / "Register";
    REGISTERED_SAVED = "Registrazione salvata su questo dispositivo: la sede decide il posto quando arriva." / "Registration saved on this device: the hub decides the place when it arrives.";
    SENDING = "da inviare" / "to send";
    PROBLEMS_TITLE = "Da controllare" / "To check";
    PROBLEMS_HINT = "Queste modifiche fatte allo sportello non sono state accettate. Avvisa la persona se serve." / "These changes made at the desk were not accepted. Let the person know if needed.";
    DISMISS = "Ho letto" / "Got it";
    NOT_ACCEPTED = "non accettata" / "not accepted";
    LOGOUT_WARNING = "Se esci adesso vengono cancellate da questo dispositivo senza essere inviate. Inviale prima, con la connessione." / "If you log out now they are deleted from this device without being sent. Send them first, with a connection.";
    KEEP_REGISTRATION = "No, tienila" / "No, keep it";
    A_REGISTRATION = "Registrazione" / "Registration";
    UNDO_WALK_IN = "Togli l'ingresso di" / "Take back the walk-in of";
    SEND_NOW = "Invia adesso" / "Send them now";
    LOGOUT_ANYWAY = "Esci e cancellale" / "Log out and delete them";
    ATTENDANCE_FILE = "presenze" / "attendance";
    OPEN_HUB = "Coordina" / "Coordinate";
    HUB_TITLE = "Coordinamento" / "Coordination";
    HUB_NEEDS_CONNECTION = "Questa pagina ha bisogno della connessione. Riprova quando c'è segnale." / "This page needs a connection. Try again when there is signal.";
    TO_CONTACT_TITLE = "Da contattare" / "To contact";
    TO_CONTACT_HINT = "Sessioni da oggi in poi che sono state spostate o annullate dopo che qualcuno si era iscritto: avvisa queste persone ai contatti che hanno lasciato." / "Sessions from today on that were moved or cancelled after people registered: let these people know, at the contacts they left.";
    TO_CONTACT_NONE = "Nessuno da avvisare: le sessioni con iscritti si tengono come previsto." / "Nobody to tell: the sessions people registered for take place as planned.";
    WAITING_TAG = "in lista d'attesa" / "on the waiting list";
    NO_CONTACT = "nessun contatto lasciato" / "no contact left";
    ATTENDANCE_TITLE = "Presenze del mese" / "Attendance this month";
    MONTH_BEFORE = "Mese prima" / "Month before";
    MONTH_AFTER = "Mese dopo" / "Month after";
    DOWNLOAD_CSV = "Scarica il foglio (CSV)" / "Download the spreadsheet (CSV)";
    NO_SESSIONS_MONTH = "Nessuna sessione in questo mese." / "No sessions this month.";
    ERASE_TITLE = "Cancellare i dati di una persona" / "Erase a person's data";
    ERASE_LEDE = "Se una persona chiede di cancellare i suoi dati (GDPR, art. 17), cercala per nome o contatto. Le presenze restano contate, senza nome." / "When someone asks for their data to be erased (GDPR, Art. 17), find them by name or contact. Attendance stays counted, without a name.";
    FIND_LABEL = "Nome, telefono o e-mail" / "Name, phone or e-mail";
    FIND_BUTTON = "Cerca" / "Search";
    FIND_TOO_SHORT = "Scrivi almeno 2 lettere o cifre." / "Write at least 2 letters or digits.";
    FOUND_NOBODY = "Nessuna iscrizione con dati personali corrisponde." / "No registration with personal data matches.";
    ALREADY_HELD = "già svolta" / "already held";
    ERASE_HINT = "Le iscrizioni a sessioni future vengono annullate e il posto passa a chi è in attesa." / "Registrations for sessions to come are cancelled and the place goes to whoever is waiting.";
    ERASE_BUTTON = "Cancella i dati selezionati" / "Erase the selected data";
    ERASE_YES = "Sì, cancella per sempre" / "Yes, erase for good";
    ERASE_NO = "No, torna indietro" / "No, go back";
    UNSENT_LOGIN_AGAIN = "Su questo dispositivo ci sono modifiche dello sportello non ancora inviate: accedi di nuovo con lo stesso account per inviarle." / "This device has desk changes not sent yet: log in again with the same account to send them.";
}

/// "3 senza iscrizione" / "3 without registration": a walk-in check-in's people.
pub fn walk_ins(lang: Lang, n: u32) -> String {
    crate::i18n::Counted {
        it: ("persona senza iscrizione", "persone senza iscrizione"),
        en: ("person without registration", "people without registration"),
    }
    .of(lang, u64::from(n))
}

/// "Presenti: 5" / "Checked in: 5".
pub fn present(lang: Lang, n: u32) -> String {
    match lang {
        Lang::It => format!("Presenti: {n}"),
        Lang::En => format!("Checked in: {n}"),
    }
}

/// The walk-in count's range, in words.
pub fn walk_in_range(lang: Lang, max: u32) -> String {
    match lang {
        Lang::It => format!("Scrivi un numero da 1 a {max}."),
        Lang::En => format!("Write a number from 1 to {max}."),
    }
}

/// "2 modifiche da inviare" / "2 changes to send".
pub fn unsent(lang: Lang, n: u32) -> String {
    crate::i18n::Counted { it: ("modifica da inviare", "modifiche da inviare"), en: ("change to send", "changes to send") }
        .of(lang, u64::from(n))
}

/// "5 iscritti" / "5 registered": people confirmed.
pub fn taken(lang: Lang, n: u32) -> String {
    crate::i18n::Counted { it: ("iscritto", "iscritti"), en: ("registered", "registered") }.of(lang, u64::from(n))
}

/// "2 in attesa" / "2 waiting".
pub fn waiting(lang: Lang, n: u32) -> String {
    crate::i18n::Counted { it: ("in attesa", "in attesa"), en: ("waiting", "waiting") }.of(lang, u64::from(n))
}

/// A role in plain words.
pub fn role_name(role: Role) -> Msg {
    match role {
        Role::Admin => Msg { it: "Amministratore", en: "Administrator" },
        Role::Coordinator => Msg { it: "Coordinatore", en: "Coordinator" },
        Role::Volunteer => Msg { it: "Volontario", en: "Volunteer" },
    }
}

/// "lunedì 21 dicembre 2026, 10:30" / "Monday 21 December 2026, 10:30".
pub fn date_time(lang: Lang, at: jiff::civil::DateTime) -> String {
    format!("{} {}, {}", crate::i18n::date_long(lang, at.date()), at.year(), crate::domain::time::hhmm(at.time()))
}

/// What became of a session, in a few words.
pub fn fate_words(lang: Lang, fate: &crate::domain::session_fate::SessionFate) -> String {
    use crate::domain::session_fate::SessionFate;
    use crate::domain::time::hhmm;
    match (fate, lang) {
        (SessionFate::Held, Lang::It) => "Regolare".into(),
        (SessionFate::Held, Lang::En) => "As scheduled".into(),
        (SessionFate::HubClosed { reason }, Lang::It) => format!("Annullata: sede chiusa ({})", reason.get(lang)),
        (SessionFate::HubClosed { reason }, Lang::En) => format!("Called off: hub closed ({})", reason.get(lang)),
        (SessionFate::Cancelled, Lang::It) => "Annullata".into(),
        (SessionFate::Cancelled, Lang::En) => "Cancelled".into(),
        (SessionFate::Moved { now_at: Some(at) }, Lang::It) => format!("Spostata alle {}", hhmm(at.time())),
        (SessionFate::Moved { now_at: Some(at) }, Lang::En) => format!("Moved to {}", hhmm(at.time())),
        (SessionFate::Moved { now_at: None }, Lang::It) => "Non più in calendario quel giorno".into(),
        (SessionFate::Moved { now_at: None }, Lang::En) => "No longer on the schedule that day".into(),
        (SessionFate::Gone, Lang::It) => "Attività eliminata".into(),
        (SessionFate::Gone, Lang::En) => "Activity deleted".into(),
    }
}

/// The attendance CSV's column names.
pub fn csv_header(lang: Lang) -> [&'static str; 10] {
    match lang {
        Lang::It => [
            "Data",
            "Ora",
            "Attività",
            "Stato",
            "Iscritti",
            "In lista d'attesa",
            "Venuti con iscrizione",
            "Venuti senza iscrizione",
            "Alla prima visita",
            "Presenti in tutto",
        ],
        Lang::En => [
            "Date",
            "Time",
            "Activity",
            "Status",
            "Registered",
            "Waiting list",
            "Came registered",
            "Walk-ins",
            "First visit",
            "Present in all",
        ],
    }
}

/// "2 persone" / "2 people".
pub fn people(lang: Lang, n: u32) -> String {
    crate::i18n::Counted { it: ("persona", "persone"), en: ("person", "people") }.of(lang, u64::from(n))
}

/// The attendance table's totals line: "Totale, 4 sessioni svolte".
pub fn held_sessions(lang: Lang, n: u32) -> String {
    let counted =
        crate::i18n::Counted { it: ("sessione regolare", "sessioni regolari"), en: ("session as scheduled", "sessions as scheduled") }
            .of(lang, u64::from(n));
    match lang {
        Lang::It => format!("Totale ({counted})"),
        Lang::En => format!("Total ({counted})"),
    }
}

/// The question before erasing `n` registrations' personal data.
pub fn erase_question(lang: Lang, n: u32) -> String {
    match lang {
        Lang::It => format!("Cancellare per sempre nome e contatto di {}? Non si può tornare indietro.", registrations(lang, n)),
        Lang::En => format!("Erase the name and contact of {} for good? This cannot be undone.", registrations(lang, n)),
    }
}

/// What an erasure did.
pub fn erased(lang: Lang, erased: u32, cancelled: u32) -> String {
    match lang {
        Lang::It => format!("Dati cancellati da {}. Iscrizioni future annullate: {cancelled}.", registrations(lang, erased)),
        Lang::En => format!("Data erased from {}. Registrations to come cancelled: {cancelled}.", registrations(lang, erased)),
    }
}

fn registrations(lang: Lang, n: u32) -> String {
    crate::i18n::Counted { it: ("iscrizione", "iscrizioni"), en: ("registration", "registrations") }.of(lang, u64::from(n))
}

/// "1 iscrizione segnata presente due volte" / "1 registration checked in twice".
pub fn doubled(lang: Lang, n: u32) -> String {
    crate::i18n::Counted {
        it: ("iscrizione segnata presente due volte", "iscrizioni segnate presenti due volte"),
        en: ("registration checked in twice", "registrations checked in twice"),
    }
    .of(lang, u64::from(n))
}
