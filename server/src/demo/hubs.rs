//! Demo hubs: 4 Rome poli civici, 3 Milan concierge spaces, 2 Turin Case del Quartiere,
//! 3 Bergamo networks and the Polaresco, 2 Monza civic centres.

use app::domain::hours::{HoursChange, HoursException, OpeningHours, WeeklySlot};
use app::domain::hub::{Contacts, GeoPoint, Hub, HubKind};
use app::domain::ids::HubId;
use app::domain::text::Text;
use app::domain::time::{Day, TimeRange, add_days};
use jiff::civil::Date;

/// `(days, from, to)` openings, e.g. `(&[Mon, Wed], (9, 30), (12, 30))`.
type Slots<'a> = &'a [(&'a [Day], (i8, i8), (i8, i8))];

fn hours(slots: Slots) -> OpeningHours {
    let weekly = slots
        .iter()
        .flat_map(|(days, from, to)| {
            let range = TimeRange::hm(*from, *to).expect("demo hours are well formed");
            days.iter().map(move |d| WeeklySlot { day: *d, range })
        })
        .collect();
    OpeningHours { weekly, exceptions: Vec::new(), closed_on_public_holidays: true }
}

/// The winter break most hubs take.
fn winter_break(today: Date) -> HoursException {
    let year = if today.month() == 1 && today.day() <= 6 { today.year() - 1 } else { today.year() };
    HoursException {
        from: Date::new(year, 12, 24).expect("valid"),
        to: Date::new(year + 1, 1, 6).expect("valid"),
        change: HoursChange::Closed,
        note: Some(Text::new("Chiuso per le feste", "Closed for the holidays")),
    }
}

struct H<'a> {
    id: i64,
    kind: HubKind,
    name: &'a str,
    name_en: &'a str,
    description: (&'a str, &'a str),
    city: &'a str,
    district: &'a str,
    address: &'a str,
    at: (f64, f64),
    phone: &'a str,
    email: &'a str,
    access: (&'a str, &'a str),
    hours: OpeningHours,
}

fn build(h: H) -> Hub {
    Hub {
        id: HubId(h.id),
        kind: h.kind,
        name: Text::new(h.name, h.name_en),
        description: Text::new(h.description.0, h.description.1),
        city: h.city.into(),
        district: h.district.into(),
        address: h.address.into(),
        coordinates: Some(GeoPoint { lat: h.at.0, lon: h.at.1 }),
        contacts: Contacts {
            phone: (!h.phone.is_empty()).then(|| h.phone.into()),
            email: Some(h.email.into()),
            website: Some(format!("https://civico.example.org/{}", h.id)),
        },
        accessibility: Text::new(h.access.0, h.access.1),
        hours: h.hours,
    }
}

const STEP_FREE: (&str, &str) = (
    "Ingresso senza gradini, bagno accessibile, sedie con braccioli. Chiedete pure aiuto al personale.",
    "Step-free entrance, accessible toilet, chairs with armrests. Staff are happy to help.",
);
const GROUND_FLOOR_ESTATE: (&str, &str) = (
    "Al piano terra del cortile, ingresso con rampa. Il bagno non è accessibile in sedia a rotelle.",
    "Ground floor of the courtyard, ramp at the entrance. The toilet is not wheelchair accessible.",
);

pub fn hubs(today: Date) -> Vec<Hub> {
    use Day::*;
    let mut out = Vec::new();
    let poli = [
        (1, "VII", "Via Tuscolana 870", (41.8585, 12.5627), "06 0000 0701", (&[Mon, Wed][..], &[Thu][..])),
        (2, "VIII", "Via delle Sette Chiese 98", (41.8595, 12.4896), "06 0000 0801", (&[Tue, Thu][..], &[Mon][..])),
        (3, "IX", "Viale Ignazio Silone 110", (41.8187, 12.4728), "06 0000 0901", (&[Mon, Fri][..], &[Wed][..])),
        (4, "XII", "Via del Casaletto 190", (41.8717, 12.4462), "06 0000 1201", (&[Wed, Fri][..], &[Tue][..])),
    ];
    for (id, roman, address, at, phone, (mornings, afternoons)) in poli {
        let mut h = hours(&[(mornings, (9, 30), (12, 30)), (afternoons, (14, 30), (17, 30))]);
        h.exceptions.push(winter_break(today));
        out.push(build(H {
            id,
            kind: HubKind::PoloCivico,
            name: &format!("Polo civico Municipio {roman}"),
            name_en: &format!("Civic hub, Municipio {roman}"),
            description: (
                "Polo civico integrato di mutualismo sociale: sportello sociale per casa e servizi, centro di animazione per lo sviluppo locale e la formazione, laboratorio di partecipazione con le associazioni del territorio.",
                "An integrated civic hub for mutual aid: a social help desk for housing and services, a local-development centre for training and small businesses, and a participation lab with local associations.",
            ),
            city: "Roma",
            district: &format!("Municipio {roman}"),
            address,
            at,
            phone,
            email: &format!("polocivico{}@civico.example.org", roman.to_lowercase()),
            access: STEP_FREE,
            hours: h,
        }));
    }
    // A closure this week on one polo, so the hub page shows how closures look.
    out[1].hours.exceptions.push(HoursException {
        from: add_days(today, 2),
        to: add_days(today, 2),
        change: HoursChange::Closed,
        note: Some(Text::new("Chiuso per disinfestazione", "Closed for pest control")),
    });
    let portinerie = [
        (5, "San Siro", "Municipio 7 – San Siro", "Via Mar Jonio 3", (45.4703, 9.1334)),
        (6, "Corvetto", "Municipio 4 – Corvetto", "Via dei Panigarola 11", (45.4398, 9.2217)),
        (7, "Lorenteggio", "Municipio 6 – Giambellino-Lorenteggio", "Via Giambellino 148", (45.4483, 9.1319)),
    ];
    for (id, name, district, address, at) in portinerie {
        let mut h = hours(&[(&[Tue, Thu], (10, 0), (13, 0)), (&[Mon, Wed], (15, 0), (18, 0)), (&[Sat], (10, 0), (12, 0))]);
        h.exceptions.push(winter_break(today));
        out.push(build(H {
            id,
            kind: HubKind::Portineria,
            name: &format!("Portineria di quartiere {name}"),
            name_en: &format!("{name} concierge space"),
            description: (
                "L'ex portineria del caseggiato popolare, riaperta come punto d'incontro per gli inquilini: accesso guidato ai servizi digitali, piccole riparazioni, attività per il quartiere.",
                "The estate's former concierge room, reopened as a meeting point for tenants: guided access to digital services, small repairs, activities for the neighbourhood.",
            ),
            city: "Milano",
            district,
            address,
            at,
            phone: &format!("02 0000 00{id}0"),
            email: &format!("portineria.{}@civico.example.org", name.to_lowercase().replace(' ', "")),
            access: GROUND_FLOOR_ESTATE,
            hours: h,
        }));
    }
    // A Saturday the San Siro concierge opens longer, for the courtyard party.
    let saturday = add_days(app::domain::time::week_start(today), 12);
    out[4].hours.exceptions.push(HoursException {
        from: saturday,
        to: saturday,
        change: HoursChange::Open { ranges: vec![TimeRange::hm((10, 0), (19, 0)).expect("valid")] },
        note: Some(Text::new("Orario lungo per la festa di cortile", "Longer hours for the courtyard party")),
    });
    let case = [
        (8, "Barriera di Milano", "Circoscrizione 6 – Barriera di Milano", "Via Montanaro 30", (45.0911, 7.6979)),
        (9, "San Salvario", "Circoscrizione 8 – San Salvario", "Via Berthollet 27", (45.0558, 7.6807)),
    ];
    for (id, name, district, address, at) in case {
        let mut h = hours(&[(&[Mon, Tue, Wed, Thu, Fri], (9, 30), (19, 0)), (&[Sat], (10, 0), (13, 0))]);
        h.exceptions.push(winter_break(today));
        out.push(build(H {
            id,
            kind: HubKind::CasaDelQuartiere,
            name: &format!("Casa del Quartiere {name}"),
            name_en: &format!("{name} Neighbourhood House"),
            description: (
                "Uno spazio aperto a tutti: sportelli sociali con orari lunghi per chi è più fragile, ufficio del benvenuto per i nuovi cittadini, tavoli di co-progettazione con gli abitanti.",
                "A space open to everyone: social help desks with long hours for the most vulnerable, a welcome office for newcomers, co-design tables with residents.",
            ),
            city: "Torino",
            district,
            address,
            at,
            phone: &format!("011 0000 0{id}00"),
            email: &format!("cdq.{}@civico.example.org", name.split(' ').next().unwrap_or(name).to_lowercase()),
            access: STEP_FREE,
            hours: h,
        }));
    }
    let reti = [
        (10, "Loreto", "Sala civica di via Broseta 40", (45.6989, 9.6566)),
        (11, "Valtesse – Monterosso", "Centro socio-culturale di via Ruggeri 4", (45.7107, 9.6806)),
        (12, "Malpensata – Carnovali", "Oratorio di via Carnovali 90", (45.6882, 9.6806)),
    ];
    for (id, name, address, at) in reti {
        out.push(build(H {
            id,
            kind: HubKind::NeighbourhoodNetwork,
            name: &format!("Rete sociale {name}"),
            name_en: &format!("{name} neighbourhood network"),
            description: (
                "La rete sociale del quartiere: gruppi, associazioni, comitati, residenti e operatori dei servizi si incontrano ogni mese per trattare le questioni comuni.",
                "The neighbourhood's social network: groups, associations, committees, residents and service workers meet every month to take on common issues.",
            ),
            city: "Bergamo",
            district: name,
            address,
            at,
            phone: "",
            email: &format!("rete{id}@civico.example.org"),
            access: (
                "Sala al piano terra, accessibile. Per chi ha difficoltà a muoversi la rete organizza un passaggio: scrivete.",
                "Ground-floor room, accessible. The network can arrange a lift for people with reduced mobility: write to us.",
            ),
            // Networks meet in borrowed rooms: no opening hours of their own.
            hours: OpeningHours::default(),
        }));
    }
    out.push(build(H {
        id: 13,
        kind: HubKind::CivicCentre,
        name: "Spazio Polaresco",
        name_en: "Polaresco community space",
        description: (
            "Spazio pubblico per incontri tra quartiere e città: qui le reti sociali di Bergamo, Monza, Crema, Cremona e Casalmaggiore si confrontano su partecipazione e welfare.",
            "A public space for meetings between neighbourhood and city, where the social networks of Bergamo, Monza, Crema, Cremona and Casalmaggiore compare notes on participation and welfare.",
        ),
        city: "Bergamo",
        district: "Valtesse – Monterosso",
        address: "Via del Polaresco 15",
        at: (45.7131, 9.6740),
        phone: "035 0000 015",
        email: "polaresco@civico.example.org",
        access: STEP_FREE,
        hours: hours(&[(&[Fri], (15, 0), (19, 0)), (&[Sat], (9, 0), (18, 0))]),
    }));
    let consulte =
        [(14, "San Rocco", "Via Procaccini 15", (45.5992, 9.2908)), (15, "Cederna – Cantalupo", "Via Cederna 19", (45.5725, 9.2665))];
    for (id, name, address, at) in consulte {
        out.push(build(H {
            id,
            kind: HubKind::CivicCentre,
            name: &format!("Centro civico {name}"),
            name_en: &format!("{name} civic centre"),
            description: (
                "Sede della Consulta di quartiere: un luogo di partecipazione apartitico dove associazioni, scuole, parrocchie e cittadini propongono progetti per il quartiere, con l'aiuto di un facilitatore del Comune.",
                "Home of the neighbourhood council: a non-partisan place where associations, schools, parishes and residents propose projects for the area, helped by a council facilitator.",
            ),
            city: "Monza",
            district: name,
            address,
            at,
            phone: &format!("039 0000 0{id}"),
            email: &format!("consulta{id}@civico.example.org"),
            access: STEP_FREE,
            hours: hours(&[(&[Tue, Thu], (16, 0), (19, 0))]),
        }));
    }
    out
}
