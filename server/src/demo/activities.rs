//! Demo activities: what each kind of hub actually runs, per the seed articles.

use app::domain::activity::{Activity, ActivityCategory as C};
use app::domain::audience::TargetGroup as G;
use app::domain::hub::{Hub, HubKind};
use app::domain::ids::ActivityId;
use app::domain::recurrence::Schedule;
use app::domain::text::Text;
use app::domain::time::{add_days, week_start};
use jiff::civil::Date;

/// When an activity happens: a rule repeating from the demo's anchor, or one date.
enum When {
    Rule(&'static str, (i8, i8)),
    Once(Date, (i8, i8)),
}

struct Spec {
    title: (&'static str, &'static str),
    description: (&'static str, &'static str),
    category: C,
    audience: &'static [G],
    languages: &'static [&'static str],
    capacity: Option<u32>,
    registration: bool,
    how: (&'static str, &'static str),
    when: When,
    minutes: u16,
}

const IT: &[&str] = &["it"];
const NO_BOOKING: (&str, &str) = ("Venite negli orari indicati, senza prenotare.", "Just come during the hours shown, no booking needed.");
const BOOK: (&str, &str) = (
    "Iscrivetevi allo sportello, per telefono o qui nell'app. I posti sono limitati.",
    "Sign up at the desk, by phone or here in the app. Places are limited.",
);

pub fn activities(today: Date, hubs: &[Hub]) -> Vec<Activity> {
    // Rules start eight weeks back, so "this week" is always mid-season.
    let anchor = add_days(week_start(today), -56);
    let saturday_in_two_weeks = add_days(week_start(today), 19);
    let next_saturday = add_days(week_start(today), 12);
    let mut out = Vec::new();
    for hub in hubs {
        let specs = match hub.kind {
            HubKind::PoloCivico => polo_civico(hub.id.0),
            HubKind::Portineria => portineria(hub.id.0, next_saturday),
            HubKind::CasaDelQuartiere => casa_del_quartiere(hub.id.0),
            HubKind::NeighbourhoodNetwork => rete_sociale(hub.id.0),
            HubKind::CivicCentre if hub.city == "Bergamo" => polaresco(saturday_in_two_weeks),
            HubKind::CivicCentre => consulta(hub.id.0),
        };
        for spec in specs {
            let id = ActivityId(out.len() as i64 + 1);
            let arabic = super::arabic::activity(spec.title.0);
            let schedule = match spec.when {
                When::Rule(rule, (h, m)) => Schedule::repeating(anchor.at(h, m, 0, 0), spec.minutes, rule).expect("demo rules parse"),
                When::Once(date, (h, m)) => Schedule::once(date.at(h, m, 0, 0), spec.minutes),
            };
            out.push(Activity {
                id,
                hub_id: hub.id,
                title: in_arabic(Text::new(spec.title.0, spec.title.1), arabic.map(|a| a[0])),
                description: in_arabic(Text::new(spec.description.0, spec.description.1), arabic.map(|a| a[1])),
                category: spec.category,
                audience: spec.audience.to_vec(),
                languages: spec.languages.iter().map(|l| l.to_string()).collect(),
                capacity: spec.capacity,
                registration_required: spec.registration,
                // Workshops and events welcome families: one sign-up can bring a few.
                party_limit: if spec.registration && matches!(spec.category, C::Workshop | C::Event) { 4 } else { 1 },
                how_to_join: in_arabic(Text::new(spec.how.0, spec.how.1), arabic.map(|a| a[2])),
                schedule,
            });
        }
    }
    out
}

/// `text` with an Arabic version when the demo has one.
pub(super) fn in_arabic(text: Text, arabic: Option<&str>) -> Text {
    match arabic {
        Some(ar) => text.with("ar", ar),
        None => text,
    }
}

/// Days and times differ by Municipio, as they would in life.
fn polo_civico(hub: i64) -> Vec<Spec> {
    let (desk, dev, course, lab, digital) = match hub {
        1 => ("FREQ=WEEKLY;BYDAY=MO,WE", "FREQ=WEEKLY;BYDAY=TH", "FREQ=WEEKLY;BYDAY=TU", "FREQ=MONTHLY;BYDAY=2TU", "FREQ=WEEKLY;BYDAY=FR"),
        2 => ("FREQ=WEEKLY;BYDAY=TU,TH", "FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=WE", "FREQ=MONTHLY;BYDAY=1TH", "FREQ=WEEKLY;BYDAY=SA"),
        3 => ("FREQ=WEEKLY;BYDAY=MO,FR", "FREQ=WEEKLY;BYDAY=WE", "FREQ=WEEKLY;BYDAY=TH", "FREQ=MONTHLY;BYDAY=-1WE", "FREQ=WEEKLY;BYDAY=TU"),
        _ => ("FREQ=WEEKLY;BYDAY=WE,FR", "FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=MO", "FREQ=MONTHLY;BYDAY=3MO", "FREQ=WEEKLY;BYDAY=TH"),
    };
    vec![
        Spec {
            title: ("Sportello sociale: casa e servizi", "Social help desk: housing and services"),
            description: (
                "Ascolto e orientamento su casa, sfratti, bollette, bonus e servizi sociali del Municipio. Operatori e volontari vi aiutano a capire a chi rivolgervi e vi accompagnano nelle pratiche.",
                "Advice on housing, evictions, bills, benefits and the Municipio's social services. Staff and volunteers help you find who to turn to and walk you through the paperwork.",
            ),
            category: C::SocialHelpDesk,
            audience: &[G::Tenants, G::LowIncome, G::Families],
            languages: &["it", "en", "es"],
            capacity: None,
            registration: false,
            how: (
                "Venite negli orari dello sportello. Portate un documento e le carte che riguardano il problema (contratto, lettere, bollette).",
                "Come during desk hours. Bring an ID and the papers about your problem (contract, letters, bills).",
            ),
            when: When::Rule(desk, (9, 30)),
            minutes: 180,
        },
        Spec {
            title: (
                "Centro per lo sviluppo locale: orientamento al lavoro e all'impresa",
                "Local development centre: work and business guidance",
            ),
            description: (
                "Colloqui individuali per chi cerca lavoro, vuole un corso professionale o ha un'idea d'impresa o un'attività artigiana da avviare.",
                "One-to-one meetings for job seekers, people looking for vocational training, or anyone with a business or craft idea to start.",
            ),
            category: C::SocialHelpDesk,
            audience: &[G::JobSeekers, G::YoungPeople],
            languages: IT,
            capacity: Some(6),
            registration: true,
            how: BOOK,
            when: When::Rule(dev, (14, 30)),
            minutes: 180,
        },
        Spec {
            title: ("Corso: avviare un'attività artigiana", "Course: starting a craft business"),
            description: (
                "Otto incontri con artigiani e commercialisti del territorio: idea, costi, permessi, vendita. Alla fine, un piano per la vostra attività.",
                "Eight sessions with local craftspeople and accountants: the idea, costs, permits, selling. At the end, a plan for your business.",
            ),
            category: C::Course,
            audience: &[G::JobSeekers, G::YoungPeople, G::Women],
            languages: IT,
            capacity: Some(15),
            registration: true,
            how: BOOK,
            when: When::Rule(course, (17, 0)),
            minutes: 120,
        },
        Spec {
            title: ("Laboratorio di partecipazione", "Participation lab"),
            description: (
                "Cittadini, comitati di quartiere, biblioteche e associazioni del Terzo Settore discutono e progettano insieme gli interventi per il Municipio.",
                "Residents, neighbourhood committees, libraries and third-sector associations discuss and plan projects for the Municipio together.",
            ),
            category: C::ParticipationLab,
            audience: &[],
            languages: IT,
            capacity: None,
            registration: false,
            how: NO_BOOKING,
            when: When::Rule(lab, (18, 0)),
            minutes: 120,
        },
        Spec {
            title: ("Punto digitale: SPID, CIE e domande online", "Digital help point: SPID, CIE and online applications"),
            description: (
                "Un facilitatore digitale vi aiuta ad attivare lo SPID, usare la carta d'identità elettronica, prenotare visite e fare domande online.",
                "A digital facilitator helps you set up SPID, use the electronic ID card, book medical appointments and apply online.",
            ),
            category: C::DigitalHelp,
            audience: &[G::Elderly, G::Migrants],
            languages: &["it", "en"],
            capacity: Some(8),
            registration: true,
            how: (
                "Prenotate un appuntamento. Portate documento, tessera sanitaria e il vostro telefono.",
                "Book an appointment. Bring your ID, health card and your phone.",
            ),
            when: When::Rule(digital, (10, 0)),
            minutes: 120,
        },
    ]
}

fn portineria(hub: i64, party_day: Date) -> Vec<Spec> {
    let mut specs = vec![
        Spec {
            title: ("Aiuto digitale per gli inquilini", "Digital help for tenants"),
            description: (
                "Accesso guidato ai servizi online per gli inquilini delle case popolari: domande di manutenzione, bollette, bandi casa, fascicolo sanitario.",
                "Guided access to online services for public-housing tenants: repair requests, bills, housing calls, health records.",
            ),
            category: C::DigitalHelp,
            audience: &[G::Tenants, G::Elderly],
            languages: &["it", "ar", "es"],
            capacity: None,
            registration: false,
            how: NO_BOOKING,
            when: When::Rule("FREQ=WEEKLY;BYDAY=TU,TH", (10, 0)),
            minutes: 180,
        },
        Spec {
            title: ("Sportello inquilini", "Tenants' desk"),
            description: (
                "Segnalazioni di guasti e problemi del caseggiato, informazioni su affitto, morosità e cambi alloggio.",
                "Report faults and problems in the building; information on rent, arrears and housing transfers.",
            ),
            category: C::SocialHelpDesk,
            audience: &[G::Tenants],
            languages: IT,
            capacity: None,
            registration: false,
            how: NO_BOOKING,
            when: When::Rule("FREQ=WEEKLY;BYDAY=MO", (15, 0)),
            minutes: 180,
        },
        Spec {
            title: ("Smartphone senza paura", "Smartphones without fear"),
            description: (
                "Sei incontri in piccolo gruppo per imparare a usare il telefono: messaggi, videochiamate, foto, app del Comune.",
                "Six small-group sessions to learn your phone: messages, video calls, photos, the city's apps.",
            ),
            category: C::Course,
            audience: &[G::Elderly],
            languages: IT,
            capacity: Some(8),
            registration: true,
            how: BOOK,
            when: When::Rule("FREQ=WEEKLY;BYDAY=WE", (10, 0)),
            minutes: 90,
        },
        Spec {
            title: ("Laboratorio di riparazioni", "Repair workshop"),
            description: (
                "Portate un oggetto rotto: con i volontari del cortile lo ripariamo insieme, e intanto si impara.",
                "Bring something broken: we fix it together with the courtyard's volunteers, and learn along the way.",
            ),
            category: C::Workshop,
            audience: &[],
            languages: IT,
            capacity: None,
            registration: false,
            how: NO_BOOKING,
            when: When::Rule("FREQ=WEEKLY;BYDAY=SA", (10, 0)),
            minutes: 120,
        },
        Spec {
            title: ("Caffè sociale del cortile", "Courtyard social café"),
            description: (
                "Un caffè insieme il venerdì pomeriggio: si conoscono i vicini, si raccolgono idee e bisogni del caseggiato.",
                "Coffee together on Friday afternoons: meet the neighbours, collect ideas and needs for the estate.",
            ),
            category: C::Event,
            audience: &[G::Tenants, G::Elderly],
            languages: &["it", "ar", "es"],
            capacity: None,
            registration: false,
            how: NO_BOOKING,
            when: When::Rule("FREQ=WEEKLY;BYDAY=FR", (16, 0)),
            minutes: 90,
        },
    ];
    if hub == 5 {
        specs.push(Spec {
            title: ("Festa di cortile", "Courtyard party"),
            description: (
                "Musica, merenda e giochi per bambini nel cortile del caseggiato. Portate qualcosa da condividere!",
                "Music, snacks and games for children in the estate's courtyard. Bring something to share!",
            ),
            category: C::Event,
            audience: &[],
            languages: IT,
            capacity: None,
            registration: false,
            how: NO_BOOKING,
            when: When::Once(party_day, (15, 0)),
            minutes: 240,
        });
    }
    specs
}

fn casa_del_quartiere(hub: i64) -> Vec<Spec> {
    let lab = if hub == 8 { "FREQ=MONTHLY;BYDAY=-1TH" } else { "FREQ=MONTHLY;BYDAY=1WE" };
    vec![
        Spec {
            title: ("Ufficio del benvenuto", "Welcome office"),
            description: (
                "Per chi è appena arrivato in città: vi mostriamo le opportunità del quartiere e vi orientiamo tra scuole, salute, lavoro e documenti.",
                "For people new to the city: we show you what the neighbourhood offers and help you find your way to schools, health care, work and documents.",
            ),
            category: C::SocialHelpDesk,
            audience: &[G::Migrants, G::Families],
            languages: &["it", "en", "fr", "ar"],
            capacity: None,
            registration: false,
            how: NO_BOOKING,
            when: When::Rule("FREQ=WEEKLY;BYDAY=MO,WE,FR", (9, 30)),
            minutes: 180,
        },
        Spec {
            title: ("Sportello sociale, orario lungo", "Social help desk, long hours"),
            description: (
                "Lo sportello resta aperto fino a sera per chi lavora o ha difficoltà negli orari degli uffici.",
                "The desk stays open into the evening for people who work or cannot make office hours.",
            ),
            category: C::SocialHelpDesk,
            audience: &[G::LowIncome, G::Elderly, G::Disability],
            languages: IT,
            capacity: None,
            registration: false,
            how: NO_BOOKING,
            when: When::Rule("FREQ=WEEKLY;BYDAY=TU", (14, 0)),
            minutes: 300,
        },
        Spec {
            title: ("Italiano per tutti", "Italian for everyone"),
            description: (
                "Corso di lingua italiana per adulti, livello base. Si impara parlando di vita quotidiana.",
                "Italian classes for adults, beginner level. You learn by talking about everyday life.",
            ),
            category: C::Course,
            audience: &[G::Migrants],
            languages: &["it", "ar", "fr", "en"],
            capacity: Some(20),
            registration: true,
            how: BOOK,
            when: When::Rule("FREQ=WEEKLY;BYDAY=MO,WE", (18, 0)),
            minutes: 90,
        },
        Spec {
            title: ("Tavolo di co-progettazione", "Co-design table"),
            description: (
                "Abitanti, associazioni e Circoscrizione progettano insieme le trasformazioni del quartiere, con un facilitatore.",
                "Residents, associations and the district council design the neighbourhood's changes together, with a facilitator.",
            ),
            category: C::ParticipationLab,
            audience: &[],
            languages: IT,
            capacity: None,
            registration: false,
            how: NO_BOOKING,
            when: When::Rule(lab, (18, 0)),
            minutes: 120,
        },
        Spec {
            title: ("Doposcuola", "After-school club"),
            description: (
                "Aiuto con i compiti e giochi per bambini e ragazzi delle elementari e delle medie.",
                "Homework help and games for primary and middle-school children.",
            ),
            category: C::Workshop,
            audience: &[G::Children, G::Families],
            languages: IT,
            capacity: Some(25),
            registration: true,
            how: (
                "Iscrizione di un genitore allo sportello, una volta per l'anno scolastico.",
                "A parent signs the child up at the desk, once per school year.",
            ),
            when: When::Rule("FREQ=WEEKLY;BYDAY=TU,TH", (15, 0)),
            minutes: 120,
        },
    ]
}

fn rete_sociale(hub: i64) -> Vec<Spec> {
    let meeting = match hub {
        10 => "FREQ=MONTHLY;BYDAY=2TU",
        11 => "FREQ=MONTHLY;BYDAY=1WE",
        _ => "FREQ=MONTHLY;BYDAY=3MO",
    };
    vec![
        Spec {
            title: ("Incontro mensile della rete sociale", "Monthly network meeting"),
            description: (
                "Gruppi, associazioni, comitati, residenti e operatori dei servizi: tra 15 e 35 persone ogni mese per parlare della vita del quartiere.",
                "Groups, associations, committees, residents and service workers: 15 to 35 people each month talking about life in the neighbourhood.",
            ),
            category: C::NetworkMeeting,
            audience: &[],
            languages: IT,
            capacity: None,
            registration: false,
            how: NO_BOOKING,
            when: When::Rule(meeting, (20, 30)),
            minutes: 120,
        },
        Spec {
            title: ("Gruppo di cammino", "Walking group"),
            description: (
                "Una passeggiata di un'ora per il quartiere, al passo di tutti. Un modo per conoscersi.",
                "An hour's walk around the neighbourhood, at everyone's pace. A way to get to know each other.",
            ),
            category: C::Event,
            audience: &[G::Elderly],
            languages: IT,
            capacity: None,
            registration: false,
            how: NO_BOOKING,
            when: When::Rule("FREQ=WEEKLY;BYDAY=SA", (9, 30)),
            minutes: 60,
        },
    ]
}

/// "Tra quartiere e città": a morning plenary and four afternoon workshops that need
/// registration (they once took paper forms).
fn polaresco(day: Date) -> Vec<Spec> {
    let workshop = |it: &'static str, en: &'static str, hour: i8| Spec {
        title: (it, en),
        description: (
            "Laboratorio pomeridiano della giornata «Tra quartiere e città», a numero chiuso.",
            "An afternoon workshop of the \"Between neighbourhood and city\" day, with limited places.",
        ),
        category: C::Workshop,
        audience: &[],
        languages: IT,
        capacity: Some(25),
        registration: true,
        how: BOOK,
        when: When::Once(day, (hour, 0)),
        minutes: 90,
    };
    vec![
        Spec {
            title: ("Tra quartiere e città: le reti sociali a confronto", "Between neighbourhood and city: social networks compare notes"),
            description: (
                "Mattinata di interventi su partecipazione e coesione sociale: i modelli di Bergamo, Monza, Crema, Cremona e Casalmaggiore.",
                "A morning of talks on participation and social cohesion: the approaches of Bergamo, Monza, Crema, Cremona and Casalmaggiore.",
            ),
            category: C::Event,
            audience: &[],
            languages: IT,
            capacity: None,
            registration: false,
            how: NO_BOOKING,
            when: When::Once(day, (9, 30)),
            minutes: 180,
        },
        workshop("Laboratorio: spazi pubblici comunali", "Workshop: public council spaces", 14),
        workshop("Laboratorio: scuole aperte", "Workshop: open schools", 14),
        workshop("Laboratorio: welfare partecipativo locale", "Workshop: local participatory welfare", 16),
        workshop("Laboratorio: risorse per progettare", "Workshop: resources for projects", 16),
    ]
}

fn consulta(hub: i64) -> Vec<Spec> {
    let council = if hub == 14 { "FREQ=MONTHLY;BYDAY=1TH" } else { "FREQ=MONTHLY;BYDAY=2TH" };
    vec![
        Spec {
            title: ("Consulta di quartiere", "Neighbourhood council"),
            description: (
                "La riunione mensile della Consulta: associazioni, scuole, parrocchie e cittadini propongono e discutono progetti per il quartiere.",
                "The council's monthly meeting: associations, schools, parishes and residents propose and discuss projects for the area.",
            ),
            category: C::NetworkMeeting,
            audience: &[],
            languages: IT,
            capacity: None,
            registration: false,
            how: NO_BOOKING,
            when: When::Rule(council, (20, 45)),
            minutes: 120,
        },
        Spec {
            title: ("Il facilitatore risponde", "Ask the facilitator"),
            description: (
                "Il facilitatore del Comune aiuta chi vuole proporre un'iniziativa per il quartiere o entrare nella Consulta.",
                "The council's facilitator helps anyone who wants to propose a neighbourhood initiative or join the council.",
            ),
            category: C::ParticipationLab,
            audience: &[],
            languages: IT,
            capacity: None,
            registration: false,
            how: NO_BOOKING,
            when: When::Rule("FREQ=WEEKLY;BYDAY=TU", (16, 0)),
            minutes: 180,
        },
    ]
}
