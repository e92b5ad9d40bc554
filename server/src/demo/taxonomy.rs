//! The services guide's category tree (HSDS taxonomy terms).

use app::domain::service::TaxonomyTerm;
use app::domain::text::Text;

/// `(code, Italian, English)`.
type Term = (&'static str, &'static str, &'static str);

const TREE: &[(Term, &[Term])] = &[
    (
        ("sociale", "Aiuto sociale", "Social support"),
        &[("sportello", "Sportello sociale", "Social help desk"), ("alimentare", "Aiuto alimentare", "Food aid")],
    ),
    (
        ("casa", "Casa", "Housing"),
        &[
            ("affitto", "Affitto e sfratti", "Rent and evictions"),
            ("erp", "Case popolari (ERP)", "Public housing"),
            ("bollette", "Bollette ed energia", "Bills and energy"),
        ],
    ),
    (
        ("lavoro", "Lavoro e formazione", "Work and training"),
        &[
            ("orientamento", "Orientamento al lavoro", "Job guidance"),
            ("impresa", "Avvio d'impresa e artigianato", "Starting a business and crafts"),
        ],
    ),
    (
        ("salute", "Salute e cura", "Health and care"),
        &[
            ("anziani", "Assistenza agli anziani", "Care for older people"),
            ("disabilita", "Disabilità", "Disability"),
            ("consultorio", "Consultori familiari", "Family health clinics"),
        ],
    ),
    (
        ("famiglia", "Famiglie ed educazione", "Families and education"),
        &[("genitorialita", "Sostegno ai genitori", "Parenting support"), ("doposcuola", "Doposcuola e ragazzi", "After-school and youth")],
    ),
    (("digitale", "Aiuto digitale", "Digital help"), &[("spid", "SPID, CIE e pratiche online", "Digital identity and online forms")]),
    (
        ("documenti", "Documenti, fisco e diritti", "Documents, tax and rights"),
        &[("caf", "CAF e patronato", "Tax and benefits help (CAF)"), ("legale", "Consulenza legale", "Legal advice")],
    ),
    (
        ("migranti", "Nuovi cittadini", "Newcomers"),
        &[
            ("benvenuto", "Accoglienza e benvenuto", "Welcome and first steps"),
            ("italiano", "Corsi di italiano", "Italian classes"),
            ("permesso", "Permesso di soggiorno", "Residence permits"),
        ],
    ),
    (("partecipazione", "Partecipazione e comunità", "Community and participation"), &[("volontariato", "Volontariato", "Volunteering")]),
];

/// Each top-level term followed by its children, codes written `parent.child`.
pub fn terms() -> Vec<TaxonomyTerm> {
    let mut out = Vec::new();
    for ((code, it, en), children) in TREE {
        out.push(TaxonomyTerm { code: (*code).into(), parent: None, name: Text::new(*it, *en) });
        for (child, cit, cen) in children.iter() {
            out.push(TaxonomyTerm { code: format!("{code}.{child}"), parent: Some((*code).into()), name: Text::new(*cit, *cen) });
        }
    }
    out
}
