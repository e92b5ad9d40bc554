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
}

/// "5 iscritti" / "5 registered": people confirmed.
pub fn taken(lang: Lang, n: u32) -> String {
    match lang {
        Lang::It => format!("{n} {}", if n == 1 { "iscritto" } else { "iscritti" }),
        Lang::En => format!("{n} registered"),
    }
}

/// "2 in attesa" / "2 waiting".
pub fn waiting(lang: Lang, n: u32) -> String {
    match lang {
        Lang::It => format!("{n} in attesa"),
        Lang::En => format!("{n} waiting"),
    }
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
