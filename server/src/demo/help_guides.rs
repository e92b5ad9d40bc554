//! Demo digital-help guides for the kiosks: the everyday tasks people bring to the
//! concierge spaces and the digital help desks. Italian and English, with Arabic for the
//! ones newcomers ask for first ("" where there is none yet).

use app::domain::help_guide::{HelpGuide, HelpGuideId, HelpTopic as T};
use app::domain::text::Text;

/// Italian, English, Arabic ("" for none).
type Words = (&'static str, &'static str, &'static str);

struct Spec {
    topic: T,
    title: Words,
    summary: Words,
    you_need: &'static [Words],
    steps: &'static [Words],
}

fn text((it, en, ar): Words) -> Text {
    let t = Text::new(it, en);
    if ar.is_empty() { t } else { t.with("ar", ar) }
}

const ID: Words = ("Un documento d'identità valido", "A valid identity document", "وثيقة هوية سارية");
const HEALTH_CARD: Words = ("La tessera sanitaria (codice fiscale)", "Your health card (tax code)", "البطاقة الصحية (الرمز الضريبي)");
const PHONE: Words = ("Il tuo telefono, acceso e con credito", "Your phone, switched on and with credit", "هاتفك، مشغّلًا وفيه رصيد");
const DIGITAL_ID: Words = ("SPID o Carta d'identità elettronica (CIE) con il PIN", "SPID or the electronic ID card (CIE) with its PIN", "");

const SPECS: &[Spec] = &[
    Spec {
        topic: T::Identity,
        title: ("Ottenere lo SPID", "Getting SPID", "الحصول على SPID"),
        summary: (
            "L'identità digitale per entrare nei siti della pubblica amministrazione.",
            "The digital identity that opens the public administration's websites.",
            "الهوية الرقمية للدخول إلى مواقع الإدارات العامة.",
        ),
        you_need: &[ID, HEALTH_CARD, PHONE, ("Un indirizzo e-mail che usi", "An e-mail address you use", "بريد إلكتروني تستعمله")],
        steps: &[
            (
                "Scegli un gestore di identità (per esempio Poste Italiane, InfoCert, Aruba, Lepida). Con Poste il riconoscimento all'ufficio postale è gratuito.",
                "Choose an identity provider (for example Poste Italiane, InfoCert, Aruba, Lepida). With Poste, being identified at the post office is free.",
                "اختر مزوّد هوية (مثلًا Poste Italiane أو InfoCert أو Aruba أو Lepida). مع البريد الإيطالي، التعرّف على هويتك في مكتب البريد مجاني.",
            ),
            (
                "Sul sito del gestore scegli «Richiedi SPID» e scrivi i tuoi dati, l'e-mail e il numero di telefono.",
                "On the provider's website choose \"Get SPID\" and enter your details, e-mail and phone number.",
                "في موقع المزوّد اختر «اطلب SPID» واكتب بياناتك وبريدك الإلكتروني ورقم هاتفك.",
            ),
            (
                "Inserisci i codici che ricevi per e-mail e per SMS: confermano che l'indirizzo e il numero sono tuoi.",
                "Enter the codes you receive by e-mail and text message: they confirm the address and number are yours.",
                "أدخل الرموز التي تصلك بالبريد الإلكتروني وبالرسالة القصيرة: تؤكد أن العنوان والرقم لك.",
            ),
            (
                "Fatti riconoscere: in videochiamata, all'ufficio postale, oppure con la CIE e il suo PIN.",
                "Get identified: by video call, at the post office, or with your CIE and its PIN.",
                "عرّف بنفسك: بمكالمة فيديو، أو في مكتب البريد، أو ببطاقة الهوية الإلكترونية ورمزها السري.",
            ),
            (
                "Scarica l'app del gestore e attivala: da ora entri nei siti con nome utente, password e un codice sul telefono.",
                "Download the provider's app and activate it: from now on you log in with username, password and a code on your phone.",
                "نزّل تطبيق المزوّد وفعّله: من الآن تدخل إلى المواقع باسم المستخدم وكلمة السر ورمز على هاتفك.",
            ),
        ],
    },
    Spec {
        topic: T::Identity,
        title: ("Entrare nei siti con la CIE", "Logging in with the CIE", ""),
        summary: (
            "La Carta d'identità elettronica vale anche come chiave per i servizi online.",
            "The electronic identity card is also a key to online services.",
            "",
        ),
        you_need: &[
            ("La CIE", "Your CIE", ""),
            (
                "Il PIN di 8 cifre: 4 le hai avute in Comune, 4 sono nella lettera con la carta",
                "The 8-digit PIN: 4 digits from the town hall, 4 in the letter with the card",
                "",
            ),
            ("Un telefono con NFC", "A phone with NFC", ""),
        ],
        steps: &[
            ("Scarica sul telefono l'app «CieID».", "Install the \"CieID\" app on your phone.", ""),
            (
                "Apri l'app, registra la carta e appoggiala sul retro del telefono quando te lo chiede.",
                "Open the app, register the card and hold it against the back of the phone when asked.",
                "",
            ),
            ("Sul sito del servizio scegli «Entra con CIE».", "On the service's website choose \"Log in with CIE\".", ""),
            (
                "Conferma con l'app e il PIN. Se sbagli il PIN 3 volte serve il PUK, che è nella stessa lettera.",
                "Confirm with the app and the PIN. After 3 wrong PINs you need the PUK, in the same letter.",
                "",
            ),
        ],
    },
    Spec {
        topic: T::Health,
        title: ("Aprire il Fascicolo Sanitario Elettronico", "Opening your electronic health record (FSE)", ""),
        summary: (
            "Referti, ricette e vaccinazioni in un posto solo, sul telefono.",
            "Test results, prescriptions and vaccinations in one place, on your phone.",
            "",
        ),
        you_need: &[DIGITAL_ID, HEALTH_CARD],
        steps: &[
            (
                "Vai sul sito del Fascicolo della tua regione (lo trovi su fascicolosanitario.gov.it).",
                "Go to your region's health record website (listed on fascicolosanitario.gov.it).",
                "",
            ),
            ("Entra con SPID o CIE.", "Log in with SPID or CIE.", ""),
            (
                "La prima volta dai il consenso: senza, medici e ospedali non possono vedere i documenti.",
                "The first time, give your consent: without it, doctors and hospitals cannot see the documents.",
                "",
            ),
            (
                "Apri «Referti» o «Ricette» per vedere e scaricare i documenti.",
                "Open \"Results\" or \"Prescriptions\" to see and download the documents.",
                "",
            ),
        ],
    },
    Spec {
        topic: T::Health,
        title: ("Prenotare una visita con il CUP", "Booking a medical visit through the CUP", "حجز موعد طبي عبر CUP"),
        summary: (
            "Con la ricetta del medico si prenota per telefono, online o in farmacia.",
            "With your doctor's prescription you book by phone, online or at a pharmacy.",
            "بوصفة الطبيب تحجز بالهاتف أو على الإنترنت أو في الصيدلية.",
        ),
        you_need: &[
            (
                "La ricetta del medico (il codice che inizia con il numero della regione)",
                "Your doctor's prescription (the code starting with the region's number)",
                "وصفة الطبيب (الرمز الذي يبدأ برقم المنطقة)",
            ),
            HEALTH_CARD,
        ],
        steps: &[
            (
                "Chiama il numero del CUP della tua regione, oppure vai sul suo sito, oppure in una farmacia.",
                "Call your region's CUP number, or use its website, or go to a pharmacy.",
                "اتصل برقم CUP في منطقتك، أو استعمل موقعه، أو اذهب إلى صيدلية.",
            ),
            (
                "Detta il codice della ricetta e quello della tessera sanitaria.",
                "Give the prescription code and your health card number.",
                "أعطِ رمز الوصفة ورقم البطاقة الصحية.",
            ),
            (
                "Scegli tra le date e i luoghi proposti. Se la data è troppo lontana, chiedi altre sedi.",
                "Choose among the dates and places offered. If the date is too far away, ask for other places.",
                "اختر من المواعيد والأماكن المقترحة. إذا كان الموعد بعيدًا جدًا، اسأل عن أماكن أخرى.",
            ),
            (
                "Scrivi il numero della prenotazione. Se non puoi andare, disdici in tempo: chi non disdice può dover pagare.",
                "Write down the booking number. If you cannot go, cancel in time: people who do not cancel may have to pay.",
                "اكتب رقم الحجز. إذا لم تستطع الذهاب، ألغِ الموعد في الوقت المناسب: من لا يلغي قد يدفع غرامة.",
            ),
        ],
    },
    Spec {
        topic: T::Payments,
        title: ("Pagare un avviso pagoPA", "Paying a pagoPA notice", "دفع إشعار pagoPA"),
        summary: (
            "Multe, mense, tasse: l'avviso si paga in tabaccheria, in posta, in banca o con l'app IO.",
            "Fines, school meals, taxes: the notice is paid at a tobacconist, post office, bank or in the IO app.",
            "المخالفات ووجبات المدرسة والرسوم: يُدفع الإشعار في محل التبغ أو البريد أو البنك أو بتطبيق IO.",
        ),
        you_need: &[(
            "L'avviso di pagamento, con il codice QR o il codice avviso di 18 cifre",
            "The payment notice, with its QR code or 18-digit notice code",
            "إشعار الدفع، مع رمز QR أو رمز الإشعار المكوّن من 18 رقمًا",
        )],
        steps: &[
            (
                "Controlla la scadenza e l'importo scritti sull'avviso.",
                "Check the due date and the amount written on the notice.",
                "تحقق من تاريخ الاستحقاق والمبلغ المكتوبين في الإشعار.",
            ),
            (
                "In tabaccheria o in posta mostra il codice QR: lo leggono loro.",
                "At a tobacconist or post office show the QR code: they scan it.",
                "في محل التبغ أو البريد أظهر رمز QR: هم يقرؤونه.",
            ),
            (
                "Con l'app IO: tocca «Paga», inquadra il codice QR e conferma.",
                "With the IO app: tap \"Pay\", scan the QR code and confirm.",
                "بتطبيق IO: اضغط «ادفع»، وصوّر رمز QR ثم أكّد.",
            ),
            (
                "Conserva la ricevuta: è la prova che hai pagato.",
                "Keep the receipt: it proves you paid.",
                "احتفظ بالإيصال: هو الدليل على أنك دفعت.",
            ),
        ],
    },
    Spec {
        topic: T::Benefits,
        title: ("Chiedere l'ISEE", "Getting your ISEE", ""),
        summary: (
            "Il valore che serve per bonus, mense, affitti e l'Assegno unico.",
            "The figure you need for bonuses, school meals, rent support and child benefit.",
            "",
        ),
        you_need: &[DIGITAL_ID, ("I dati dei redditi e dei conti della famiglia", "Your household's income and bank details", "")],
        steps: &[
            (
                "Sul sito dell'INPS cerca «ISEE precompilato» ed entra con SPID o CIE.",
                "On the INPS website search \"ISEE precompilato\" and log in with SPID or CIE.",
                "",
            ),
            (
                "Controlla i componenti della famiglia e i dati già scritti.",
                "Check the members of the household and the details already filled in.",
                "",
            ),
            (
                "Invia la dichiarazione (DSU). L'ISEE arriva in pochi giorni nella stessa pagina.",
                "Send the declaration (DSU). The ISEE arrives within a few days on the same page.",
                "",
            ),
            ("Se preferisci, un CAF lo fa con te gratis.", "If you prefer, a CAF does it with you for free.", ""),
        ],
    },
    Spec {
        topic: T::Benefits,
        title: ("Chiedere l'Assegno unico all'INPS", "Applying for child benefit (Assegno unico)", ""),
        summary: (
            "Un aiuto ogni mese per chi ha figli, da chiedere una volta sola.",
            "Monthly support for families with children, applied for once.",
            "",
        ),
        you_need: &[
            DIGITAL_ID,
            ("L'IBAN del conto dove ricevere i soldi", "The IBAN of the account for the money", ""),
            ("L'ISEE (senza, ricevi la cifra minima)", "Your ISEE (without it you get the minimum amount)", ""),
        ],
        steps: &[
            (
                "Sul sito dell'INPS cerca «Assegno unico» ed entra con SPID o CIE.",
                "On the INPS website search \"Assegno unico\" and log in with SPID or CIE.",
                "",
            ),
            ("Scrivi i dati dei figli e l'IBAN.", "Enter your children's details and the IBAN.", ""),
            ("Invia la domanda e salva la ricevuta.", "Send the application and save the receipt.", ""),
            (
                "Senza computer: chiama il Contact center INPS (803 164 da fisso) o vai a un patronato.",
                "Without a computer: call the INPS contact centre (803 164 from a landline) or go to a patronato.",
                "",
            ),
        ],
    },
    Spec {
        topic: T::School,
        title: ("Iscrivere un figlio a scuola", "Enrolling a child at school", ""),
        summary: (
            "Le iscrizioni alla prima classe si fanno online, di solito a gennaio.",
            "Enrolment in the first year is done online, usually in January.",
            "",
        ),
        you_need: &[
            DIGITAL_ID,
            ("Il codice fiscale del bambino", "The child's tax code", ""),
            ("Il codice della scuola scelta", "The chosen school's code", ""),
        ],
        steps: &[
            (
                "Vai su «Unica», il sito del Ministero dell'Istruzione, ed entra con SPID o CIE.",
                "Go to \"Unica\", the Ministry of Education's website, and log in with SPID or CIE.",
                "",
            ),
            ("Cerca la scuola e annota il suo codice.", "Find the school and note its code.", ""),
            ("Compila la domanda con i dati del bambino e invia.", "Fill in the application with the child's details and send it.", ""),
            ("La segreteria della scuola aiuta chi non riesce da solo.", "The school office helps anyone who cannot do it alone.", ""),
        ],
    },
    Spec {
        topic: T::Housing,
        title: ("Chiedere una riparazione in una casa popolare", "Asking for a repair in public housing", ""),
        summary: (
            "Guasti in casa o nel palazzo si segnalano all'ente che gestisce gli alloggi (ALER, ATC, ATER).",
            "Faults in your flat or building are reported to the housing agency (ALER, ATC, ATER).",
            "",
        ),
        you_need: &[
            ("Il codice del contratto o dell'alloggio", "Your contract or flat code", ""),
            ("Una foto del guasto, se puoi", "A photo of the fault, if you can", ""),
        ],
        steps: &[
            (
                "Per un pericolo (gas, acqua che allaga, fili elettrici) chiama subito il numero di pronto intervento dell'ente.",
                "For danger (gas, flooding water, electric wires) call the agency's emergency number at once.",
                "",
            ),
            (
                "Per il resto usa il sito o l'app dell'ente, oppure il suo numero verde.",
                "Otherwise use the agency's website or app, or its freephone number.",
                "",
            ),
            (
                "Scrivi indirizzo, scala, piano e interno, e spiega il guasto in poche parole.",
                "Give address, staircase, floor and flat number, and describe the fault in a few words.",
                "",
            ),
            (
                "Annota il numero della segnalazione: serve per chiedere a che punto è.",
                "Note the report number: you need it to ask how it is going.",
                "",
            ),
        ],
    },
];

/// The demo's guides, offered at every hub's kiosk.
pub fn help_guides() -> Vec<HelpGuide> {
    SPECS
        .iter()
        .enumerate()
        .map(|(i, s)| HelpGuide {
            id: HelpGuideId(i as i64 + 1),
            topic: s.topic,
            title: text(s.title),
            summary: text(s.summary),
            you_need: s.you_need.iter().copied().map(text).collect(),
            steps: s.steps.iter().copied().map(text).collect(),
            hubs: Vec::new(),
        })
        .collect()
}
