//! Pages and server functions over real HTTP, against a server seeded with the demo
//! dataset on a temporary SQLite file.

use app::content::Document;
use app::domain::text::Lang;
use app::error::{AppError, FieldError, Reason};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, LOCATION, SET_COOKIE};
use std::net::SocketAddr;
use std::sync::OnceLock;

/// One server for the whole file, on its own runtime and thread.
fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Runtime::new().unwrap();
            rt.block_on(async move {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}", dir.path().join("http.db").display());
                let store = server::open_store(&url).await.unwrap();
                server::demo::seed_if_empty(store.as_ref(), 0).await.unwrap();
                let mut options = server::leptos_options().unwrap();
                options.site_root = dir.path().to_string_lossy().to_string().into();
                // A built asset, with the brotli and gzip copies the server makes at start.
                let pkg = dir.path().join(&*options.site_pkg_dir);
                std::fs::create_dir_all(&pkg).unwrap();
                std::fs::write(pkg.join("civico.abc123.js"), "console.log('civico');\n".repeat(200)).unwrap();
                server::precompress::precompress_dir(&pkg).unwrap();
                // A file of the site's own, as `public/` gives.
                std::fs::write(dir.path().join("sw-register.js"), "navigator.serviceWorker;\n").unwrap();
                // Rate limits high enough for the tests' own sign-ups, low enough to reach.
                let limits = app::sync::push::server::RateLimits {
                    per_address: std::num::NonZeroU32::new(1000),
                    per_session: std::num::NonZeroU32::new(40),
                };
                let app = server::app(store, options, server::Settings::new(false, limits));
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                server::serve::serve(listener, app, server::serve::ServeLimits::default(), std::future::pending()).await;
                drop(dir);
            });
        });
        rx.recv().unwrap()
    })
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn get(path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let res = client().get(format!("http://{}{path}", server())).send().await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, res.text().await.unwrap())
}

#[tokio::test]
async fn home_page_renders_italian_by_default_with_security_headers() {
    let (status, headers, body) = get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(r#"<html lang="it" dir="ltr""#), "{}", &body[..300.min(body.len())]);
    assert!(body.contains("Orari, attività e servizi del tuo quartiere"));
    assert!(body.contains("Polo civico Municipio VII"));
    // The first screen hydrates as it came: its data is not sent a second time.
    assert!(body.contains(r#"<div class="home-body">"#));
    assert!(!body.contains(r#"\"places\":"#) && !body.contains(r#""places":"#), "no view data in the page");
    let csp = headers.get(CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
    assert!(csp.contains("script-src 'self' 'nonce-"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(body.contains(&format!("nonce=\"{nonce}\"")), "inline scripts carry this response's nonce");
    assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(headers.get("x-frame-options").unwrap(), "DENY");
    assert_eq!(headers.get("referrer-policy").unwrap(), "no-referrer");
}

#[tokio::test]
async fn home_filters_by_city_and_refuses_unknown_cities() {
    let (status, _, body) = get("/?city=Torino").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Casa del Quartiere Barriera di Milano"));
    assert!(!body.contains("Polo civico Municipio VII"));
    let (status, _, body) = get("/?city=Atlantide").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains(&app::i18n::field_error(Lang::It, &FieldError::new("city", Reason::Unknown).with_value("Atlantide"))));
}

#[tokio::test]
async fn hub_page_shows_hours_closures_sessions_and_contacts() {
    let (status, _, body) = get("/hubs/2").await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Polo civico Municipio VIII",
        "Orari di apertura",
        "Chiuso per disinfestazione",
        "Attività dei prossimi giorni",
        "Contatti",
        "Accessibilità",
        "tel:0600000801",
    ] {
        assert!(body.contains(text), "missing {text}");
    }
    assert!(body.contains("<title>Polo civico Municipio VIII · Civico</title>"));
}

#[tokio::test]
async fn missing_and_malformed_ids_are_not_found_pages() {
    for path in ["/hubs/999", "/hubs/abc", "/activities/0", "/services/99999", "/no/such/page"] {
        let (status, _, body) = get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(body.contains("Pagina non trovata"), "{path}");
    }
}

#[tokio::test]
async fn activity_page_lists_next_sessions_and_how_to_take_part() {
    let (status, _, body) = get("/activities/2").await;
    assert_eq!(status, StatusCode::OK);
    for text in
        ["Prossimi appuntamenti", "Come partecipare", "Iscrizione obbligatoria", "6 posti", "Ogni giovedì, 14:30\u{2060}–\u{2060}17:30"]
    {
        assert!(body.contains(text), "missing {text}");
    }
}

#[tokio::test]
async fn agenda_filters_by_category_and_reports_bad_filters() {
    let (status, _, body) = get("/agenda?category=network_meeting&city=Bergamo").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains("Gruppo di cammino"), "other categories are filtered out");
    let (_, _, all) = get("/agenda?city=Bergamo").await;
    assert!(all.contains("Gruppo di cammino"));
    let (status, _, body) = get("/agenda?category=karaoke").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("karaoke"));
    let (status, _, _) = get("/agenda?from=2026-13-45").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn services_search_ignores_accents_and_case() {
    for (q, expect) in [
        ("caf", "CAF e patronato"),
        ("ANZIANI", "Assistenza domiciliare per anziani"),
        ("citta", "Ufficio del benvenuto"),
        ("città", "Ufficio del benvenuto"),
    ] {
        let (status, _, body) = get(&format!("/services?q={}", urlencode(q))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains(expect), "{q} should find {expect}");
    }
    let (_, _, body) = get("/services?q=zzzz").await;
    assert!(body.contains("Nessun servizio trovato"));
    let (_, _, body) = get("/services?category=migranti&city=Torino").await;
    assert!(body.contains("Corsi di italiano per stranieri") && !body.contains("Sportello energia e bollette"));
}

/// The guide comes thirty at a time; the pages together hold every match once, and a page
/// past the end shows the last one.
#[tokio::test]
async fn the_services_guide_is_paged() {
    let page = |n: u32| async move {
        let res = client().get(format!("http://{}/api/services?page={n}", server())).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<serde_json::Value>().await.unwrap()
    };
    let first = page(1).await;
    let total = first["results"]["total"].as_u64().unwrap() as usize;
    let pages = first["results"]["pages"].as_u64().unwrap() as u32;
    assert!(total > 60 && pages as usize == total.div_ceil(30), "{total} services in {pages} pages");
    let mut ids = Vec::new();
    for n in 1..=pages {
        let json = page(n).await;
        assert_eq!(json["results"]["number"], n);
        ids.extend(json["results"]["items"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()));
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((ids.len(), unique.len()), (total, total), "every service once");
    assert_eq!(page(pages + 5).await["results"]["number"], pages, "past the end: the last page");
    let (status, _, body) = get("/services?page=2").await;
    assert_eq!(status, StatusCode::OK);
    let pager = body.split(r#"class="pager">"#).nth(1).and_then(|rest| rest.split("</nav>").next()).expect("a pager");
    assert!(pager.contains(&format!("Pagina 2 di {pages}")), "{pager}");
    assert!(pager.contains(r#"href="/services?page=3" rel="next""#) && pager.contains(r#"href="/services" rel="prev""#), "{pager}");
    for bad in ["0", "x", "-2", "100001"] {
        let res = client().get(format!("http://{}/api/services?page={bad}", server())).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "page={bad}");
    }
}

/// A week of every city's sessions comes a page at a time; the pages hold each session once.
#[tokio::test]
async fn the_agenda_is_paged_by_session() {
    let page = |n: u32| async move {
        let res = client().get(format!("http://{}/api/agenda?page={n}", server())).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<serde_json::Value>().await.unwrap()
    };
    let first = page(1).await;
    let (total, pages) = (first["days"]["total"].as_u64().unwrap() as usize, first["days"]["pages"].as_u64().unwrap() as u32);
    assert!(pages as usize == total.div_ceil(30).max(1), "{total} sessions in {pages} pages");
    let mut seen = Vec::new();
    for n in 1..=pages {
        for day in page(n).await["days"]["items"].as_array().unwrap() {
            for item in day["items"].as_array().unwrap() {
                seen.push(item["occurrence"].to_string());
            }
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (total, total), "every session once");
    let res = client().get(format!("http://{}/api/agenda?page=abc", server())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn service_page_shows_access_documents_and_locations() {
    let (status, _, body) = get("/services/1").await;
    assert_eq!(status, StatusCode::OK);
    for text in ["CAF e patronato", "Come accedere", "Documenti da portare", "Sedi", "Costo"] {
        assert!(body.contains(text), "missing {text}");
    }
}

#[tokio::test]
async fn server_functions_answer_json_over_get() {
    let res = client().get(format!("http://{}/api/services?q=caf", server())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get(CONTENT_TYPE).unwrap().to_str().unwrap().contains("json"));
    let json: serde_json::Value = res.json().await.unwrap();
    let names: Vec<&str> = json["results"]["items"].as_array().unwrap().iter().map(|r| r["name"]["it"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 5, "one CAF per city: {names:?}");
    assert_eq!(json["results"]["total"], 5);
    let res = client().get(format!("http://{}/api/agenda?city=Torino", server())).send().await.unwrap();
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["days"]["items"].as_array().unwrap().len(), 7, "one page: every day");
    let res = client().get(format!("http://{}/api/hub?id=999", server())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap(), serde_json::json!("NotFound"));
}

#[tokio::test]
async fn language_switch_sets_a_cookie_and_returns_to_the_page() {
    let res = client().get(format!("http://{}/lang/en?next=%2Fagenda%3Fcity%3DRoma", server())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get(LOCATION).unwrap(), "/agenda?city=Roma");
    let cookie = res.headers().get(SET_COOKIE).unwrap().to_str().unwrap().to_string();
    assert!(cookie.starts_with("civico_lang=en;") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let body = client()
        .get(format!("http://{}/agenda?city=Roma", server()))
        .header("cookie", "civico_lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains(r#"<html lang="en""#));
    assert!(body.contains("Social help desk: housing and services"));
    let res = client().get(format!("http://{}/lang/en?next=//evil.example", server())).send().await.unwrap();
    assert_eq!(res.headers().get(LOCATION).unwrap(), "/");
    let res = client().get(format!("http://{}/lang/xx", server())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn browsers_asking_for_english_get_english() {
    let body = client()
        .get(format!("http://{}/", server()))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains(r#"<html lang="en""#));
    assert!(body.contains("Schedules, activities and services in your neighbourhood"));
}

#[tokio::test]
async fn pages_are_compressed_for_browsers_that_accept_it() {
    let res = client().get(format!("http://{}/", server())).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(res.headers().get("content-encoding").unwrap(), "br");
    assert_eq!(get("/healthz").await.2, "ok");
}

#[tokio::test]
async fn the_change_feed_pages_through_all_content() {
    let (mut after, mut kinds) = (0i64, std::collections::BTreeMap::<String, usize>::new());
    loop {
        let res = client().get(format!("http://{}/api/changes?after={after}&limit=40", server())).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let page: serde_json::Value = res.json().await.unwrap();
        let changes = page["changes"].as_array().unwrap();
        assert!(changes.len() <= 40);
        for c in changes {
            *kinds.entry(c["key"]["kind"].as_str().unwrap().to_string()).or_default() += 1;
            assert!(c["doc"].is_object(), "a fresh database has no tombstones");
        }
        after = page["next"].as_i64().unwrap();
        if !page["more"].as_bool().unwrap() {
            assert_eq!(page["head"].as_i64().unwrap(), after);
            break;
        }
    }
    assert_eq!(kinds["hub"], 15);
    assert!(kinds["activity"] >= 60 && kinds["service"] >= 80 && kinds["taxonomy_term"] > 20, "{kinds:?}");
    let res = client().get(format!("http://{}/api/changes?after=-1", server())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let error: AppError = res.json().await.unwrap();
    assert_eq!(error, AppError::BadRequest(FieldError::new("after", Reason::OutOfRange).with_value("-1")));
}

/// A device that keeps some cities pulls only theirs, the shared taxonomy, and at the end
/// the directory of every city (what its place filters still offer).
#[tokio::test]
async fn the_change_feed_of_some_cities_holds_only_theirs() {
    let (mut after, mut cities, mut kinds) = (0i64, std::collections::BTreeSet::new(), std::collections::BTreeMap::<String, usize>::new());
    let directory = loop {
        // As the browser's server function call writes a list (serde_qs).
        let url = format!("http://{}/api/changes?after={after}&limit=40&cities%5B0%5D=torino&cities%5B1%5D=Bergamo", server());
        let res = client().get(url).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let page: app::content::ChangePage = res.json().await.unwrap();
        for change in &page.changes {
            *kinds.entry(change.key.kind().to_string()).or_default() += 1;
            match change.doc.as_ref().unwrap() {
                Document::Hub(h) => cities.insert(h.city.clone()),
                Document::Service(s) => cities.insert(s.city.clone()),
                _ => true,
            };
        }
        after = page.next.0;
        if !page.more {
            assert_eq!(page.next, page.head);
            break page.directory.expect("the last page names every city");
        }
        assert!(page.directory.is_none(), "only the last page carries the directory");
    };
    assert_eq!(cities, ["Bergamo", "Torino"].map(String::from).into(), "matched ignoring case");
    assert!(kinds["hub"] >= 2 && kinds["hub"] < 15 && kinds["activity"] > 0 && kinds["taxonomy_term"] > 20, "{kinds:?}");
    let listed: Vec<&str> = directory.places.iter().map(|p| p.city.as_str()).collect();
    assert!(listed.len() >= 4 && listed.contains(&"Roma") && listed.contains(&"Milano"), "{listed:?}");
    assert!(directory.service_cities.contains(&"Roma".to_string()));

    // A device that keeps no city yet (a big deployment, no place chosen): the shared part.
    let url = format!("http://{}/api/changes?after=0&limit=1000&by_city=true", server());
    let page: app::content::ChangePage = client().get(url).send().await.unwrap().json().await.unwrap();
    assert!(page.changes.iter().all(|c| ["taxonomy_term", "help_guide"].contains(&c.key.kind())), "documents of no city only");
    assert!(page.changes.iter().any(|c| c.key.kind() == "help_guide"), "the kiosks' guides go to every device");
    assert_eq!(page.directory.as_ref(), Some(&directory));
    // What a new device asks first, to know how big the deployment is.
    let res = client().get(format!("http://{}/api/directory", server())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let asked: app::content::Directory = res.json().await.unwrap();
    assert_eq!(asked, directory);
    assert!(asked.documents > 150 && asked.documents <= app::sync::cities::WHOLE_UP_TO, "the demo is kept whole: {}", asked.documents);
    // A device that holds this directory is not sent it again; one holding another is.
    for (tag, sent) in [(directory.tag(), false), (directory.tag() ^ 1, true)] {
        let url = format!("http://{}/api/changes?after=0&limit=1000&by_city=true&directory_tag={tag}", server());
        let page: app::content::ChangePage = client().get(url).send().await.unwrap().json().await.unwrap();
        assert!(!page.more && !page.changes.is_empty());
        assert_eq!(page.directory.is_some(), sent, "tag {tag}");
    }

    for (query, field, reason) in [
        ("cities%5B0%5D=%20".to_string(), "cities", Reason::Required),
        ((0..51).map(|i| format!("cities%5B{i}%5D=C{i}")).collect::<Vec<_>>().join("&"), "cities", Reason::TooLong),
    ] {
        let res = client().get(format!("http://{}/api/changes?after=0&{query}", server())).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{query}");
        let AppError::BadRequest(error) = res.json().await.unwrap() else { panic!("{query}") };
        assert_eq!((error.field.as_str(), error.reason), (field, reason));
    }
}

/// A missing document: `NotFound` from its server function, the not-found page for its page.
#[tokio::test]
async fn a_missing_document_is_404_on_its_server_function_and_its_page() {
    for api in ["/api/hub?id=9999", "/api/activity?id=9999", "/api/service?id=9999"] {
        let res = client().get(format!("http://{}{api}", server())).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{api}");
        assert_eq!(res.json::<AppError>().await.unwrap(), AppError::NotFound, "{api}");
    }
    for page in ["/hubs/9999", "/activities/9999", "/services/9999"] {
        let (status, _, body) = get(page).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{page}");
        assert!(body.contains("<h1>Pagina non trovata</h1>"), "{page}");
    }
}

/// A bad parameter: `BadRequest` naming the field and the reason, and the same in words.
#[tokio::test]
async fn a_bad_parameter_is_400_with_its_field_and_reason() {
    let karaoke = FieldError::new("category", Reason::Unknown).with_value("karaoke");
    let res = client().get(format!("http://{}/api/agenda?category=karaoke", server())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.text().await.unwrap(), r#"{"BadRequest":{"field":"category","reason":"unknown","value":"karaoke"}}"#);
    let (status, _, body) = get("/agenda?category=karaoke").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("<h1>Qualcosa non ha funzionato</h1>"));
    assert!(body.contains(&app::i18n::field_error(Lang::It, &karaoke)), "says which field and why");
    let (status, _, body) = get_in_english("/agenda?category=karaoke").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains(&app::i18n::field_error(Lang::En, &karaoke)), "in the reader's language");
    let res = client().get(format!("http://{}/api/agenda?from=2026-13-45", server())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.json::<AppError>().await.unwrap(), AppError::bad_param("from", Reason::NotADate, "2026-13-45"));
}

/// Weeks far from today are refused before any schedule is expanded.
#[tokio::test]
async fn weeks_far_from_today_are_refused_with_400() {
    let expected = r#"{"BadRequest":{"field":"from","reason":"out_of_range","value":"9999-12-25"}}"#;
    for api in ["/api/agenda?from=9999-12-25", "/api/hub?id=2&from=9999-12-25"] {
        let res = client().get(format!("http://{}{api}", server())).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{api}");
        assert_eq!(res.text().await.unwrap(), expected, "{api}");
    }
    let far = FieldError::new("from", Reason::OutOfRange).with_value("1900-01-01");
    for page in ["/agenda?from=1900-01-01", "/hubs/2?from=1900-01-01"] {
        let (status, _, body) = get(page).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
        assert!(body.contains(&app::i18n::field_error(Lang::It, &far)), "{page}");
    }
    // Next year is still a week one can plan.
    let next_year = app::domain::time::add_days(app::domain::time::today(), 365);
    let (status, _, body) = get(&format!("/agenda?from={next_year}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&format!(r#"name="from" value="{next_year}""#)));
}

#[tokio::test]
async fn pagers_and_the_date_picker_never_lead_out_of_the_window() {
    let today = app::domain::time::today();
    let window = app::features::from_window(today);
    let last = *window.end();
    // The week links (the agenda's own nav; its result pages have links of their own).
    let weeks = |body: &str| -> String {
        match body.find("week-pager") {
            Some(at) => body[at..].split("</nav>").next().unwrap_or_default().to_string(),
            None => body.to_string(),
        }
    };
    for page in [format!("/agenda?from={last}"), format!("/hubs/2?from={last}")] {
        let (status, _, body) = get(&page).await;
        let body = weeks(&body);
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(!body.contains(r#"rel="next""#), "{page} links past the window");
        assert!(body.contains(r#"rel="prev""#), "{page} still links back");
    }
    let (_, _, agenda) = get("/agenda").await;
    assert!(weeks(&agenda).contains(r#"rel="next""#) && weeks(&agenda).contains(r#"rel="prev""#));
    assert!(agenda.contains(&format!(r#"min="{}" max="{last}""#, window.start())), "the date picker offers only the window");
}

#[tokio::test]
async fn the_language_switch_never_redirects_off_the_site() {
    for next in [
        "/%09/evil.example",
        "/%0A/evil.example",
        "/%0D/evil.example",
        "/%5Cevil.example",
        "%5C/evil.example",
        "%2F%2Fevil.example",
        "%252F%252Fevil.example",
        "/.//evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "//",
    ] {
        let res = client().get(format!("http://{}/lang/en?next={next}", server())).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(res.headers().get(LOCATION).unwrap(), "/", "{next}");
    }
    let res = client().get(format!("http://{}/lang/en?next=/./agenda%3Fcity%3DRoma", server())).send().await.unwrap();
    assert_eq!(res.headers().get(LOCATION).unwrap(), "/agenda?city=Roma", "normalised");
}

/// Every `/pkg` response varies by `Accept-Encoding`, precompressed or not.
#[tokio::test]
async fn assets_say_they_vary_by_encoding() {
    for (accept, encoding) in [(Some("br"), Some("br")), (Some("gzip"), Some("gzip")), (None, None)] {
        let mut req = client().get(format!("http://{}/pkg/civico.abc123.js", server()));
        if let Some(accept) = accept {
            req = req.header("accept-encoding", accept);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers().get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{accept:?}");
        assert_eq!(vary(res.headers()), ["Accept-Encoding"], "{accept:?}");
        assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
    }
    let res = client().get(format!("http://{}/pkg/missing.js", server())).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(vary(res.headers()), ["Accept-Encoding"]);
}

/// Pages and the manifest change with the language cookie and `Accept-Language`.
#[tokio::test]
async fn pages_and_the_manifest_say_they_vary_by_language() {
    for path in ["/", "/agenda", "/hubs/2", "/no/such/page"] {
        for accept in ["br", "identity"] {
            let res = client().get(format!("http://{}{path}", server())).header("accept-encoding", accept).send().await.unwrap();
            assert_eq!(vary(res.headers()), ["accept-encoding, Cookie, Accept-Language"], "{path} {accept}");
        }
    }
    let res = client().get(format!("http://{}/manifest.webmanifest", server())).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(vary(res.headers()), ["Cookie, Accept-Language, accept-encoding"]);
    // Data is the same in every language: no language in its `Vary`.
    let res = client().get(format!("http://{}/api/agenda?city=Torino", server())).send().await.unwrap();
    assert_eq!(vary(res.headers()), ["accept-encoding"]);
}

/// `HEAD` on a server function answers as `GET` does, without the body.
#[tokio::test]
async fn head_on_server_functions_answers_like_get() {
    let url = format!("http://{}/api/agenda?city=Torino", server());
    let got = client().get(&url).send().await.unwrap();
    let (get_headers, get_body) = (got.headers().clone(), got.bytes().await.unwrap());
    let res = client().head(&url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[CONTENT_TYPE], get_headers[CONTENT_TYPE]);
    assert_eq!(res.headers()["content-length"], get_body.len().to_string().as_str());
    assert!(res.bytes().await.unwrap().is_empty());
    let res = client().head(format!("http://{}/api/hub?id=9999", server())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

/// A huge query is never echoed back at length: at most a short prefix of it.
#[tokio::test]
async fn huge_queries_are_not_echoed_into_pages() {
    let huge = "x".repeat(60_000);
    for (path, short, status) in [
        (format!("/services?q={huge}"), "/services?q=x".to_string(), StatusCode::BAD_REQUEST),
        (format!("/services?city={huge}"), "/services?city=x".to_string(), StatusCode::OK),
        (format!("/agenda?city={huge}"), "/agenda?city=x".to_string(), StatusCode::OK),
        (format!("/agenda?district={huge}"), "/agenda?district=x".to_string(), StatusCode::OK),
        (format!("/agenda?category={huge}"), "/agenda?category=x".to_string(), StatusCode::BAD_REQUEST),
        (format!("/?city={huge}"), "/?city=x".to_string(), StatusCode::BAD_REQUEST),
        (format!("/?district={huge}"), "/?district=x".to_string(), StatusCode::OK),
        (format!("/hubs/{huge}"), "/hubs/x".to_string(), StatusCode::NOT_FOUND),
        (format!("/no/{huge}"), "/no/x".to_string(), StatusCode::NOT_FOUND),
    ] {
        let (got, _, body) = get(&path).await;
        assert_eq!(got, status, "{short}…");
        let longest_echo = body.split(|c| c != 'x').map(str::len).max().unwrap_or(0);
        assert!(longest_echo <= app::error::ECHO_LIMIT, "{short}…: {longest_echo} characters echoed");
        let (_, _, plain) = get(&short).await;
        assert!(body.len() <= plain.len() + 1024, "{short}…: {} bytes, {} for a short value", body.len(), plain.len());
    }
}

/// Every `Vary` line of a response.
fn vary(headers: &reqwest::header::HeaderMap) -> Vec<&str> {
    headers.get_all("vary").iter().map(|v| v.to_str().unwrap()).collect()
}

async fn get_in_english(path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let res = client().get(format!("http://{}{path}", server())).header("cookie", "civico_lang=en").send().await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, res.text().await.unwrap())
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// Pages whose title comes from their content, loaded many at once: leptos_meta reads the
/// title after the body has streamed, when the page's reactive owner can be gone. Reading
/// an arena resource there panicked, and about one such load in twenty answered 500.
#[tokio::test]
async fn pages_titled_by_their_content_never_fail_under_concurrent_loads() {
    let mut loads = tokio::task::JoinSet::new();
    for round in 0..60 {
        for path in ["/hubs/2", "/activities/1", "/services/1", "/services/9999"] {
            loads.spawn(async move { (round, path, get(path).await) });
        }
    }
    while let Some(done) = loads.join_next().await {
        let (round, path, (status, _, body)) = done.unwrap();
        let expected = if path.ends_with("9999") { StatusCode::NOT_FOUND } else { StatusCode::OK };
        assert_eq!(status, expected, "{path} (load {round})");
        let title = body.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or_default();
        assert!(!title.is_empty() && title != "Civico", "{path} (load {round}) is titled by its content: {title:?}");
    }
}

/// Pages and the site's own files, asked for at once: each keeps its own headers. The
/// fallback that served files used to look up `ResponseOptions` from whatever reactive
/// owner its thread had current, took a page's headers, and that page went out with the
/// allow-nothing CSP (one in eight here), so nothing on it ran.
#[tokio::test]
async fn pages_and_files_served_at_once_keep_their_own_headers() {
    let csp = |h: &reqwest::header::HeaderMap| h.get(CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap().to_string();
    let mut loads = tokio::task::JoinSet::new();
    for round in 0..150 {
        loads.spawn(async move { (round, "/hubs/2", get("/hubs/2").await) });
        loads.spawn(async move { (round, "/sw-register.js", get("/sw-register.js").await) });
        loads.spawn(async move { (round, "/no/such/page", get("/no/such/page").await) });
        loads.spawn(async move { (round, "/api/hub?id=9999", get("/api/hub?id=9999").await) });
    }
    while let Some(done) = loads.join_next().await {
        let (round, path, (status, headers, body)) = done.unwrap();
        match path {
            "/sw-register.js" => {
                assert_eq!(status, StatusCode::OK);
                assert_eq!(body, "navigator.serviceWorker;\n");
                assert!(csp(&headers).starts_with("default-src 'none'"), "a file has no page's CSP (load {round}): {}", csp(&headers));
            }
            "/api/hub?id=9999" => {
                assert_eq!(status, StatusCode::NOT_FOUND, "a server function keeps its own status (load {round})");
                assert_eq!(body, r#""NotFound""#);
                assert!(csp(&headers).starts_with("default-src 'none'"), "data has no page's CSP (load {round})");
            }
            page => {
                let expected = if page == "/hubs/2" { StatusCode::OK } else { StatusCode::NOT_FOUND };
                assert_eq!(status, expected, "{page} (load {round})");
                let policy = csp(&headers);
                let nonce = policy.split("'nonce-").nth(1).map(|n| n.split('\'').next().unwrap().to_string());
                let nonce = nonce.unwrap_or_else(|| panic!("{page} (load {round}) lost its page CSP: {policy}"));
                assert!(body.contains(&format!("nonce=\"{nonce}\"")), "{page} (load {round}): its scripts carry its own nonce");
            }
        }
    }
}
