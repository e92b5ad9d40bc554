//! Demo services guide: the services every city has (CAF, rent desk, job centre…)
//! plus the ones the seed articles describe for a single city.

use super::activities::in_arabic;
use app::domain::audience::TargetGroup as G;
use app::domain::hours::{OpeningHours, WeeklySlot};
use app::domain::hub::{Contacts, Hub};
use app::domain::ids::ServiceId;
use app::domain::service::{Cost, Organization, Service, ServiceLocation};
use app::domain::text::Text;
use app::domain::time::{Day, TimeRange};

type Pair = (&'static str, &'static str);

struct Template {
    key: &'static str,
    name: Pair,
    description: Pair,
    categories: &'static [&'static str],
    groups: &'static [G],
    eligibility: Option<Pair>,
    documents: &'static [Pair],
    languages: &'static [&'static str],
    /// `None`: free.
    fee: Option<Pair>,
    access: Pair,
    /// `{city}` is replaced by the city's name.
    organization: &'static str,
    /// Delivered at one of the city's hubs rather than at the organization's office.
    at_hub: bool,
    weekday_mornings: bool,
}

const ID_CARD: Pair = ("Documento d'identità", "Identity document");
const TAX_CODE: Pair = ("Tessera sanitaria o codice fiscale", "Health card or tax code");
const PERMIT: Pair = ("Permesso di soggiorno, se lo avete", "Residence permit, if you have one");

const COMMON: &[Template] = &[
    Template {
        key: "caf",
        name: ("CAF e patronato", "Tax and benefits help (CAF)"),
        description: (
            "Aiuto per ISEE, dichiarazione dei redditi, pensioni, assegno unico e bonus. Gli operatori compilano e inviano le domande con voi.",
            "Help with ISEE, tax returns, pensions, child benefit and bonuses. Staff fill in and send the applications with you.",
        ),
        categories: &["documenti.caf"],
        groups: &[G::LowIncome, G::Elderly, G::Families],
        eligibility: None,
        documents: &[ID_CARD, TAX_CODE, ("Redditi e patrimonio dell'anno precedente", "Last year's income and savings")],
        languages: &["it", "en"],
        fee: Some(("Gratuito per ISEE e pensioni; dichiarazione dei redditi da 30 €", "Free for ISEE and pensions; tax returns from €30")),
        access: ("Su appuntamento, per telefono o allo sportello.", "By appointment, by phone or at the desk."),
        organization: "CAF Lavoratori {city}",
        at_hub: false,
        weekday_mornings: true,
    },
    Template {
        key: "affitto",
        name: ("Sportello affitti e sfratti", "Rent and eviction desk"),
        description: (
            "Consulenza a chi non riesce a pagare l'affitto o ha ricevuto uno sfratto: contributi, fondo morosità incolpevole, mediazione con il proprietario.",
            "Advice for people who cannot pay the rent or have an eviction notice: grants, the arrears fund, mediation with the landlord.",
        ),
        categories: &["casa.affitto"],
        groups: &[G::Tenants, G::LowIncome, G::Families],
        eligibility: Some(("Residenti in città con contratto d'affitto registrato.", "City residents with a registered tenancy.")),
        documents: &[ID_CARD, ("Contratto d'affitto e lettere ricevute", "Tenancy contract and letters received")],
        languages: &["it", "en", "es"],
        fee: None,
        access: ("Senza appuntamento negli orari dello sportello.", "Walk in during desk hours."),
        organization: "Unione Inquilini {city}",
        at_hub: true,
        weekday_mornings: true,
    },
    Template {
        key: "lavoro",
        name: ("Orientamento al lavoro", "Job guidance"),
        description: (
            "Colloqui per scrivere il curriculum, cercare offerte, iscriversi ai corsi e ai tirocini. Ogni mese, incontri con le aziende della zona.",
            "Meetings to write your CV, look for vacancies, sign up for courses and traineeships. Every month, meetings with local employers.",
        ),
        categories: &["lavoro.orientamento"],
        groups: &[G::JobSeekers, G::YoungPeople, G::Women],
        eligibility: Some(("Persone disoccupate o in cerca di un nuovo lavoro.", "People out of work or looking for a new job.")),
        documents: &[ID_CARD, TAX_CODE],
        languages: &["it", "en", "fr"],
        fee: None,
        access: ("Prenotate il primo colloquio online o per telefono.", "Book the first meeting online or by phone."),
        organization: "Centro per l'impiego di {city}",
        at_hub: false,
        weekday_mornings: true,
    },
    Template {
        key: "digitale",
        name: ("Punto Digitale Facile", "Easy Digital Point"),
        description: (
            "Facilitatori digitali aiutano ad attivare SPID e CIE e a usare i servizi online della città e della sanità. Anche corsi brevi in piccoli gruppi.",
            "Digital facilitators help you set up SPID and CIE and use the city's and health service's online services. Short small-group courses too.",
        ),
        categories: &["digitale.spid"],
        groups: &[G::Elderly, G::Migrants],
        eligibility: None,
        documents: &[ID_CARD, TAX_CODE, ("Il vostro telefono", "Your phone")],
        languages: &["it", "en", "ar"],
        fee: None,
        access: ("Senza appuntamento; per i corsi, iscrizione allo sportello.", "Walk in; sign up at the desk for courses."),
        organization: "Rete Digitale Facile {city}",
        at_hub: true,
        weekday_mornings: false,
    },
    Template {
        key: "emporio",
        name: ("Emporio solidale", "Community food shop"),
        description: (
            "Un supermercato dove le famiglie in difficoltà fanno la spesa gratis con una tessera a punti, per alcuni mesi.",
            "A supermarket where families in hardship shop for free with a points card, for a few months.",
        ),
        categories: &["sociale.alimentare"],
        groups: &[G::LowIncome, G::Families],
        eligibility: Some((
            "Famiglie inviate dai servizi sociali o dagli sportelli sociali, con ISEE basso.",
            "Families referred by social services or help desks, with a low ISEE.",
        )),
        documents: &[ID_CARD, ("ISEE in corso di validità", "Current ISEE")],
        languages: &["it"],
        fee: None,
        access: (
            "Chiedete l'invio allo sportello sociale del vostro quartiere.",
            "Ask your neighbourhood's social help desk to refer you.",
        ),
        organization: "Caritas {city}",
        at_hub: false,
        weekday_mornings: false,
    },
    Template {
        key: "italiano",
        name: ("Corsi di italiano per stranieri", "Italian classes for foreigners"),
        description: (
            "Corsi gratuiti di lingua italiana dal livello base, di mattina e di sera, con servizio di babysitting.",
            "Free Italian classes from beginner level, mornings and evenings, with childcare.",
        ),
        categories: &["migranti.italiano"],
        groups: &[G::Migrants, G::Women],
        eligibility: Some(("Adulti, anche senza permesso di soggiorno.", "Adults, with or without a residence permit.")),
        documents: &[ID_CARD],
        languages: &["it", "en", "fr", "ar"],
        fee: None,
        access: (
            "Test di livello il primo lunedì del mese, senza appuntamento.",
            "Level test on the first Monday of the month, no appointment needed.",
        ),
        organization: "Scuola di italiano Penny Wirton {city}",
        at_hub: true,
        weekday_mornings: false,
    },
    Template {
        key: "immigrazione",
        name: ("Sportello immigrazione", "Immigration desk"),
        description: (
            "Informazioni e aiuto per permesso di soggiorno, rinnovi, ricongiungimento familiare e cittadinanza.",
            "Information and help with residence permits, renewals, family reunification and citizenship.",
        ),
        categories: &["migranti.permesso", "documenti.legale"],
        groups: &[G::Migrants],
        eligibility: None,
        documents: &[ID_CARD, PERMIT],
        languages: &["it", "en", "fr", "ar", "es"],
        fee: None,
        access: ("Su appuntamento; il martedì anche senza.", "By appointment; walk in on Tuesdays."),
        organization: "Associazione Diritti per Tutti {city}",
        at_hub: false,
        weekday_mornings: true,
    },
    Template {
        key: "consultorio",
        name: ("Consultorio familiare", "Family health clinic"),
        description: (
            "Ginecologia, ostetricia, contraccezione, gravidanza, sostegno psicologico alle coppie e alle famiglie.",
            "Gynaecology, midwifery, contraception, pregnancy, psychological support for couples and families.",
        ),
        categories: &["salute.consultorio"],
        groups: &[G::Women, G::Families, G::YoungPeople],
        eligibility: None,
        documents: &[TAX_CODE],
        languages: &["it", "en"],
        fee: None,
        access: (
            "Prenotate per telefono; per i giovani sotto i 25 anni accesso libero il mercoledì.",
            "Book by phone; under-25s can walk in on Wednesdays.",
        ),
        organization: "Azienda sanitaria di {city}",
        at_hub: false,
        weekday_mornings: true,
    },
    Template {
        key: "domiciliare",
        name: ("Assistenza domiciliare per anziani", "Home care for older people"),
        description: (
            "Aiuto a casa per chi è anziano o non autosufficiente: igiene personale, pasti, compagnia, accompagnamento alle visite.",
            "Help at home for older or dependent people: personal care, meals, company, escort to medical appointments.",
        ),
        categories: &["salute.anziani"],
        groups: &[G::Elderly, G::Disability],
        eligibility: Some((
            "Persone anziane o con invalidità, valutate dai servizi sociali.",
            "Older or disabled people, assessed by social services.",
        )),
        documents: &[ID_CARD, ("Certificato del medico di famiglia", "Certificate from your GP")],
        languages: &["it"],
        fee: Some(("Contributo in base all'ISEE; gratuito sotto 8.000 €", "Contribution by ISEE; free under €8,000")),
        access: ("Chiedete ai servizi sociali del vostro municipio o quartiere.", "Ask your district's social services."),
        organization: "Servizi sociali del Comune di {city}",
        at_hub: false,
        weekday_mornings: true,
    },
    Template {
        key: "disabilita",
        name: ("Sportello disabilità", "Disability desk"),
        description: (
            "Orientamento su invalidità civile, legge 104, contrassegno auto, trasporti accessibili e ausili.",
            "Guidance on disability benefits, Law 104 leave, parking badges, accessible transport and aids.",
        ),
        categories: &["salute.disabilita"],
        groups: &[G::Disability, G::Families],
        eligibility: None,
        documents: &[ID_CARD, ("Verbali medici, se li avete", "Medical reports, if you have them")],
        languages: &["it", "lis"],
        fee: None,
        access: ("Su appuntamento; interprete LIS su richiesta.", "By appointment; Italian Sign Language interpreter on request."),
        organization: "Consulta per le persone con disabilità di {city}",
        at_hub: false,
        weekday_mornings: true,
    },
    Template {
        key: "doposcuola",
        name: ("Doposcuola gratuito", "Free after-school club"),
        description: (
            "Compiti, lettura e gioco per bambini e ragazzi dai 6 ai 14 anni, con educatori e volontari.",
            "Homework, reading and play for children aged 6 to 14, with educators and volunteers.",
        ),
        categories: &["famiglia.doposcuola"],
        groups: &[G::Children, G::Families],
        eligibility: None,
        documents: &[],
        languages: &["it"],
        fee: None,
        access: ("Iscrizione di un genitore, tutto l'anno.", "A parent signs the child up, any time of year."),
        organization: "Cooperativa Sociale Il Cortile {city}",
        at_hub: true,
        weekday_mornings: false,
    },
    Template {
        key: "energia",
        name: ("Sportello energia e bollette", "Energy and bills desk"),
        description: (
            "Vi aiutiamo a leggere le bollette, chiedere il bonus sociale, rateizzare i debiti e risparmiare energia.",
            "We help you read your bills, claim the social bonus, spread debts into instalments and save energy.",
        ),
        categories: &["casa.bollette"],
        groups: &[G::LowIncome, G::Tenants, G::Elderly],
        eligibility: None,
        documents: &[("Le ultime bollette", "Your latest bills")],
        languages: &["it"],
        fee: None,
        access: ("Senza appuntamento negli orari dello sportello.", "Walk in during desk hours."),
        organization: "Comunità energetica di {city}",
        at_hub: true,
        weekday_mornings: false,
    },
    Template {
        key: "legale",
        name: ("Consulenza legale gratuita", "Free legal advice"),
        description: (
            "Avvocati volontari per un primo parere su lavoro, casa, famiglia, debiti e violenza.",
            "Volunteer lawyers give first advice on work, housing, family, debt and violence.",
        ),
        categories: &["documenti.legale"],
        groups: &[G::LowIncome, G::Women, G::Migrants],
        eligibility: None,
        documents: &[ID_CARD],
        languages: &["it", "en", "fr"],
        fee: None,
        access: ("Su appuntamento, una volta al mese per persona.", "By appointment, once a month per person."),
        organization: "Avvocati di strada {city}",
        at_hub: false,
        weekday_mornings: false,
    },
    Template {
        key: "volontariato",
        name: ("Banca del tempo e volontariato", "Time bank and volunteering"),
        description: (
            "Scambiate ore di aiuto con i vicini o trovate un'associazione in cui fare volontariato.",
            "Swap hours of help with neighbours or find an association to volunteer with.",
        ),
        categories: &["partecipazione.volontariato"],
        groups: &[],
        eligibility: None,
        documents: &[],
        languages: &["it", "en"],
        fee: None,
        access: ("Passate a conoscerci o scriveteci.", "Drop by or write to us."),
        organization: "Centro Servizi Volontariato {city}",
        at_hub: true,
        weekday_mornings: false,
    },
    Template {
        key: "genitori",
        name: ("Centro per le famiglie", "Family centre"),
        description: (
            "Gruppi per neogenitori, mediazione familiare, consulenza educativa e spazio gioco per i più piccoli.",
            "Groups for new parents, family mediation, parenting advice and a play space for toddlers.",
        ),
        categories: &["famiglia.genitorialita"],
        groups: &[G::Families, G::Children],
        eligibility: None,
        documents: &[],
        languages: &["it", "en", "ar"],
        fee: None,
        access: ("Accesso libero allo spazio gioco; colloqui su appuntamento.", "Play space open to all; advice by appointment."),
        organization: "Centro per le famiglie di {city}",
        at_hub: false,
        weekday_mornings: false,
    },
    Template {
        key: "erp",
        name: ("Sportello case popolari (ERP)", "Public housing desk (ERP)"),
        description: (
            "Domande per la casa popolare, graduatorie, cambi alloggio e manutenzioni negli stabili ERP.",
            "Applications for public housing, waiting lists, transfers and repairs in public-housing buildings.",
        ),
        categories: &["casa.erp"],
        groups: &[G::Tenants, G::LowIncome],
        eligibility: Some((
            "Residenti con ISEE entro i limiti del bando regionale.",
            "Residents with an ISEE within the regional call's limits.",
        )),
        documents: &[ID_CARD, ("ISEE in corso di validità", "Current ISEE")],
        languages: &["it"],
        fee: None,
        access: (
            "Su appuntamento; domande online con SPID durante l'apertura del bando.",
            "By appointment; apply online with SPID while the call is open.",
        ),
        organization: "Agenzia per la casa di {city}",
        at_hub: false,
        weekday_mornings: true,
    },
];

/// Services the seed articles describe for one city.
fn local(city: &str) -> Vec<Template> {
    let t = |key, name, description, categories, groups, organization| Template {
        key,
        name,
        description,
        categories,
        groups,
        eligibility: None,
        documents: &[],
        languages: &["it"],
        fee: None,
        access: ("Passate negli orari di apertura o chiamate.", "Drop by during opening hours or call."),
        organization,
        at_hub: true,
        weekday_mornings: true,
    };
    match city {
        "Roma" => vec![
            t(
                "mutualismo",
                ("Sportello di mutualismo sociale", "Mutual-aid help desk"),
                (
                    "Nei poli civici, uno sportello per le questioni sociali e abitative che mette in rete cittadini, comitati di quartiere e Terzo Settore.",
                    "At the civic hubs, a desk for social and housing issues that connects residents, neighbourhood committees and the third sector.",
                ),
                &["sociale.sportello", "casa"],
                &[G::Tenants, G::LowIncome],
                "Poli civici di Roma",
            ),
            t(
                "impresa",
                ("Supporto ai progetti d'impresa e artigiani", "Support for business and craft projects"),
                (
                    "Il centro di animazione per lo sviluppo locale accompagna chi vuole aprire un'attività o una bottega artigiana nel Municipio.",
                    "The local development centre supports people who want to open a business or a craft workshop in the Municipio.",
                ),
                &["lavoro.impresa"],
                &[G::JobSeekers, G::YoungPeople],
                "Poli civici di Roma",
            ),
        ],
        "Milano" => vec![
            t(
                "portineria",
                ("Portineria digitale per inquilini ERP", "Digital concierge for public-housing tenants"),
                (
                    "Accesso facilitato e guidato ai servizi digitali per chi abita nelle case popolari, nelle portinerie riaperte di Quartieri Connessi.",
                    "Easy, guided access to digital services for public-housing tenants, in the concierge rooms reopened by Quartieri Connessi.",
                ),
                &["digitale.spid", "casa.erp"],
                &[G::Tenants, G::Elderly],
                "Quartieri Connessi Milano",
            ),
            t(
                "microimpresa",
                ("Laboratorio di micro-impresa di quartiere", "Neighbourhood micro-enterprise lab"),
                (
                    "Formazione professionale e accompagnamento per piccoli progetti d'impresa negli spazi riqualificati delle case popolari.",
                    "Vocational training and support for small business projects in the renovated public-housing spaces.",
                ),
                &["lavoro.impresa", "lavoro.orientamento"],
                &[G::JobSeekers, G::Tenants],
                "Quartieri Connessi Milano",
            ),
        ],
        "Torino" => vec![
            t(
                "benvenuto",
                ("Ufficio del benvenuto per i nuovi cittadini", "Welcome office for new residents"),
                (
                    "Per chi arriva in città: tutte le opportunità del territorio in un solo posto, nelle Case del Quartiere e nelle biblioteche.",
                    "For people arriving in the city: everything the area offers in one place, at the Neighbourhood Houses and libraries.",
                ),
                &["migranti.benvenuto"],
                &[G::Migrants, G::Families],
                "Rete delle Case del Quartiere di Torino",
            ),
            t(
                "impresamigrante",
                ("Accompagnamento all'impresa di origine migrante", "Support for migrant-led businesses"),
                (
                    "Consulenza per avviare e far crescere un'impresa: permessi, credito, contabilità, in più lingue.",
                    "Advice on starting and growing a business: permits, credit, bookkeeping, in several languages.",
                ),
                &["lavoro.impresa", "migranti"],
                &[G::Migrants, G::JobSeekers],
                "Rete delle Case del Quartiere di Torino",
            ),
        ],
        "Bergamo" => vec![t(
            "reti",
            ("Servizio Reti Sociali", "Social Networks Service"),
            (
                "Il servizio del Comune che accompagna le 21 reti sociali di quartiere: come partecipare, proporre un progetto, usare gli spazi.",
                "The council service supporting the 21 neighbourhood social networks: how to take part, propose a project, use the spaces.",
            ),
            &["partecipazione"],
            &[],
            "Comune di Bergamo",
        )],
        "Monza" => vec![t(
            "consulte",
            ("Consulte di quartiere", "Neighbourhood councils"),
            (
                "Le 10 Consulte di quartiere e i loro facilitatori: come partecipare e portare una proposta.",
                "The 10 neighbourhood councils and their facilitators: how to take part and bring a proposal.",
            ),
            &["partecipazione"],
            &[],
            "Comune di Monza",
        )],
        _ => Vec::new(),
    }
}

pub fn services(hubs: &[Hub]) -> Vec<Service> {
    let cities = ["Roma", "Milano", "Torino", "Bergamo", "Monza"];
    let mut out = Vec::new();
    for city in cities {
        let city_hubs: Vec<&Hub> = hubs.iter().filter(|h| h.city == city).collect();
        for (i, t) in COMMON.iter().chain(local(city).iter()).enumerate() {
            let hub = city_hubs[i % city_hubs.len()];
            let location = if t.at_hub {
                ServiceLocation {
                    name: hub.name.it.clone(),
                    address: hub.address.clone(),
                    district: hub.district.clone(),
                    hub_id: Some(hub.id),
                    coordinates: hub.coordinates,
                }
            } else {
                ServiceLocation {
                    name: t.organization.replace("{city}", city),
                    address: format!("Via dei Servizi {}", 10 + i),
                    district: hub.district.clone(),
                    hub_id: None,
                    coordinates: None,
                }
            };
            let id = ServiceId(out.len() as i64 + 1);
            let arabic = super::arabic::service(t.key);
            out.push(Service {
                id,
                city: city.into(),
                organization: Organization {
                    name: t.organization.replace("{city}", city),
                    website: Some(format!("https://{}.civico.example.org", t.key)),
                },
                name: in_arabic(Text::new(t.name.0, t.name.1), arabic.map(|a| a[0])),
                description: in_arabic(Text::new(t.description.0, t.description.1), arabic.map(|a| a[1])),
                categories: t.categories.iter().map(|c| c.to_string()).collect(),
                target_groups: t.groups.to_vec(),
                eligibility: t.eligibility.map(|(it, en)| Text::new(it, en)),
                required_documents: t.documents.iter().map(|(it, en)| Text::new(*it, *en)).collect(),
                languages: t.languages.iter().map(|l| l.to_string()).collect(),
                cost: match t.fee {
                    None => Cost::Free,
                    Some((it, en)) => Cost::Fee { description: Text::new(it, en) },
                },
                contacts: Contacts {
                    phone: Some(format!("800 000 {:03}", id.0)),
                    email: Some(format!("{}.{}@civico.example.org", t.key, city.to_lowercase())),
                    website: None,
                },
                how_to_access: in_arabic(Text::new(t.access.0, t.access.1), arabic.map(|a| a[2])),
                locations: vec![location],
                hours: Some(service_hours(t.weekday_mornings)),
            });
        }
    }
    out
}

fn service_hours(mornings: bool) -> OpeningHours {
    let (from, to) = if mornings { ((9, 0), (13, 0)) } else { ((15, 0), (19, 0)) };
    let range = TimeRange::hm(from, to).expect("valid");
    let days = [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri];
    OpeningHours { weekly: days.iter().map(|d| WeeklySlot { day: *d, range }).collect(), ..OpeningHours::default() }
}
