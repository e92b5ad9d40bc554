//! Pages and server functions over real HTTP, against a server seeded with the demo
//! dataset on a temporary SQLite file.

use app::error::{FieldError, Reason};
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
                server::demo::seed_if_empty(store.as_ref()).await.unwrap();
                let mut options = server::leptos_options().unwrap();
                options.site_root = dir.path().to_string_lossy().to_string().into();
                let app = server::app(store, options, false);
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                axum::serve(listener, app).await.unwrap();
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
    assert!(body.contains("Atlantide"));
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
    let names: Vec<&str> = json["results"].as_array().unwrap().iter().map(|r| r["name"]["it"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 5, "one CAF per city: {names:?}");
    let res = client().get(format!("http://{}/api/agenda?city=Torino", server())).send().await.unwrap();
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["days"].as_array().unwrap().len(), 7);
    let res = client().get(format!("http://{}/api/hub?id=999", server())).send().await.unwrap();
    assert!(res.status().is_server_error() || res.status().is_client_error());
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
    let error: app::error::AppError = res.json().await.unwrap();
    assert_eq!(error, app::error::AppError::BadRequest(FieldError::new("after", Reason::OutOfRange).with_value("-1")));
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}
