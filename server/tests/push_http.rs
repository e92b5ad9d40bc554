//! The push and the registration states over real HTTP, against a server seeded with the
//! demo dataset on a temporary SQLite file: replays after a lost answer, conflicts,
//! refusals, the same-origin guard and the rate limits.

use app::error::{AppError, FieldError, Reason};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::OnceLock;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The request body of `docs/examples/push.json`, sent as it is.
const EXAMPLE: &str = include_str!("../../docs/examples/push.json");

struct Server {
    addr: SocketAddr,
    db: PathBuf,
}

/// Sign-ups one session takes per minute in these tests.
const PER_SESSION: u32 = 40;

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Runtime::new().unwrap();
            rt.block_on(async move {
                let dir = tempfile::tempdir().unwrap();
                let db = dir.path().join("push.db");
                let store = server::open_store(&format!("sqlite://{}", db.display())).await.unwrap();
                server::demo::seed_if_empty(store.as_ref(), 0).await.unwrap();
                let mut options = server::leptos_options().unwrap();
                options.site_root = dir.path().to_string_lossy().to_string().into();
                let limits = app::sync::push::server::RateLimits {
                    per_address: std::num::NonZeroU32::new(10_000),
                    per_session: std::num::NonZeroU32::new(PER_SESSION),
                };
                let app = server::app(store, options, server::Settings::new(false, limits));
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(Server { addr: listener.local_addr().unwrap(), db }).unwrap();
                server::serve::serve(listener, app, server::serve::ServeLimits::default(), std::future::pending()).await;
                drop(dir);
            });
        });
        rx.recv().unwrap()
    })
}

fn url(path: &str) -> String {
    format!("http://{}{path}", server().addr)
}

async fn post(path: &str, body: &str, headers: &[(&str, &str)]) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let mut req = reqwest::Client::new().post(url(path)).header("content-type", "application/json").body(body.to_string());
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = req.send().await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, res.text().await.unwrap())
}

async fn push(body: &Value) -> (StatusCode, String) {
    let (status, _, text) = post("/api/sync/push", &body.to_string(), &[]).await;
    (status, text)
}

/// Sends a push and reads the whole answer, then throws it away: the server applied the
/// batch, and the device never heard back.
async fn push_and_lose_the_answer(body: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(server().addr).await.unwrap();
    let head = format!(
        "POST /api/sync/push HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        server().addr,
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    answer.split_once("\r\n\r\n").map(|(_, body)| body.to_string()).unwrap_or_default()
}

async fn scalar(sql: &str, bind: &str) -> i64 {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", server().db.display())).await.unwrap();
    let n = sqlx::query_scalar(sql).bind(bind).fetch_one(&pool).await.unwrap();
    pool.close().await;
    n
}

/// A fresh UUIDv7 for each call, `n` keeping them apart within a test.
fn new_id(n: u8) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64;
    let count = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut random = [n; 10];
    random[2..].copy_from_slice(&count.to_be_bytes());
    app::domain::mutation_id::MutationId::new(ms, random).to_string()
}

/// A session of the demo's digital help point in Rome (Fridays at 10:00, 8 places),
/// `weeks` weeks after 18 December 2099.
fn session(weeks: i64) -> String {
    let day = jiff::civil::date(2099, 12, 18).checked_add(jiff::Span::new().weeks(weeks)).unwrap();
    format!("5-{:04}{:02}{:02}T1000", day.year(), day.month(), day.day())
}

fn sign_up(id: &str, session: &str, token: &str) -> Value {
    json!({"id": id, "type": "sign_up", "session": session, "name": "Giulia", "party": 1, "consent": 1, "token": token})
}

fn error_of(text: &str) -> AppError {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[tokio::test]
async fn the_documented_example_is_confirmed_and_its_replay_answers_the_same() {
    let (status, headers, first) = post("/api/sync/push", EXAMPLE, &[]).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(headers["cache-control"], "no-store", "no cache keeps a push's answer");
    let answer: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(answer["results"][0]["outcome"], "confirmed", "{first}");
    assert_eq!(answer["results"][0]["id"], "019ade42-5c00-7a3e-9c41-6f2b8d0e1a57");
    let (_, _, again) = post("/api/sync/push", EXAMPLE, &[]).await;
    assert_eq!(again, first);
    assert_eq!(scalar("SELECT COUNT(*) FROM registrations WHERE id = ?1", "019ade42-5c00-7a3e-9c41-6f2b8d0e1a57").await, 1);
    // Its device reads its state with the token, and only with it.
    let asked = json!({"registrations": [{"id": "019ade42-5c00-7a3e-9c41-6f2b8d0e1a57", "token": "3f8a1c2e9b7d4a6f8e0c1b2d3a4f5e6d"},
                                         {"id": "019ade42-5c00-7a3e-9c41-6f2b8d0e1a57", "token": "00000000000000000000000000000000"}]});
    let (status, headers, states) = post("/api/sync/registrations", &asked.to_string(), &[]).await;
    assert_eq!(status, StatusCode::OK, "{states}");
    assert_eq!(headers["cache-control"], "no-store");
    let states: Value = serde_json::from_str(&states).unwrap();
    assert_eq!(states["registrations"][0]["status"], "confirmed");
    assert_eq!(states["registrations"][0]["session"], "5-20991218T1000");
    assert!(states["registrations"][1].is_null(), "a wrong token reads nothing");
    assert!(states["registrations"][0].get("name").is_none(), "the state never repeats personal data");
}

#[tokio::test]
async fn a_batch_whose_answer_was_lost_is_answered_again_and_held_once() {
    let at = session(1);
    let ids: Vec<String> = (0..3).map(|_| new_id(1)).collect();
    let batch =
        json!({"mutations": ids.iter().enumerate().map(|(i, id)| sign_up(id, &at, &format!("{:032x}", i + 1))).collect::<Vec<_>>()});
    let lost = push_and_lose_the_answer(&batch.to_string()).await;
    let (status, retried) = push(&batch).await;
    assert_eq!(status, StatusCode::OK, "{retried}");
    let (lost, retried): (Value, Value) = (serde_json::from_str(&lost).unwrap(), serde_json::from_str(&retried).unwrap());
    assert_eq!(retried, lost, "the retry gets the answers the lost response carried");
    assert_eq!(retried["results"].as_array().unwrap().len(), 3);
    for id in &ids {
        assert_eq!(scalar("SELECT COUNT(*) FROM registrations WHERE id = ?1", id).await, 1);
        assert_eq!(scalar("SELECT COUNT(*) FROM mutations WHERE id = ?1", id).await, 1);
    }
}

#[tokio::test]
async fn the_same_id_with_another_payload_is_a_conflict_and_is_not_applied() {
    let (id, at) = (new_id(2), session(2));
    let (status, _) = push(&json!({"mutations": [sign_up(&id, &at, &format!("{:032x}", 7))]})).await;
    assert_eq!(status, StatusCode::OK);
    let mut changed = sign_up(&id, &at, &format!("{:032x}", 7));
    changed["party"] = json!(2);
    let (status, text) = push(&json!({"mutations": [changed]})).await;
    assert_eq!(status, StatusCode::OK);
    let answer: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(answer["results"][0]["outcome"], "conflict");
    assert_eq!(scalar("SELECT party FROM registrations WHERE id = ?1", &id).await, 1, "the first payload stands");
}

#[tokio::test]
async fn malformed_mutations_get_a_clear_refusal_and_change_nothing() {
    let at = session(3);
    let good = new_id(3);
    let cases: Vec<(Value, StatusCode, AppError)> = vec![
        (
            json!({"id": "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "type": "sign_up"}),
            StatusCode::BAD_REQUEST,
            AppError::BadRequest(FieldError::new("mutations[1].id", Reason::Malformed).with_value("6ba7b810-9dad-11d1-80b4-00c04fd430c8")),
        ),
        (
            json!({"id": new_id(3), "type": "make_admin"}),
            StatusCode::BAD_REQUEST,
            AppError::BadRequest(FieldError::new("mutations[1].type", Reason::Unknown).with_value("make_admin")),
        ),
        (json!({"type": "sign_up"}), StatusCode::BAD_REQUEST, AppError::BadRequest(FieldError::new("mutations[1].id", Reason::Required))),
        (json!("sign me up"), StatusCode::BAD_REQUEST, AppError::BadRequest(FieldError::new("mutations[1]", Reason::Malformed))),
        (
            {
                let mut m = sign_up(&new_id(3), &at, &format!("{:032x}", 9));
                m["name"] = json!("  ");
                m
            },
            StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Invalid(vec![FieldError::new("mutations[1].name", Reason::Required)]),
        ),
        (
            sign_up(&new_id(3), &at, "not-a-token"),
            StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Invalid(vec![FieldError::new("mutations[1].token", Reason::Malformed)]),
        ),
    ];
    for (bad, status, error) in cases {
        let body = json!({"mutations": [sign_up(&good, &at, &format!("{:032x}", 8)), bad]});
        let (got, text) = push(&body).await;
        assert_eq!((got, error_of(&text)), (status, error), "{body}");
    }
    // A field of the wrong type: refused, with the mutation named.
    let mut wrong = sign_up(&new_id(3), &at, &format!("{:032x}", 9));
    wrong["party"] = json!("two");
    let (status, text) = push(&json!({"mutations": [wrong]})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        matches!(error_of(&text), AppError::BadRequest(FieldError { field, reason: Reason::Malformed, .. }) if field == "mutations[0]")
    );
    assert_eq!(scalar("SELECT COUNT(*) FROM registrations WHERE id = ?1", &good).await, 0, "the good one beside them was not applied");
}

#[tokio::test]
async fn a_foreign_token_is_refused_with_403_and_the_batch_is_not_applied() {
    let at = session(4);
    let (mine, theirs) = (new_id(4), new_id(4));
    push(&json!({"mutations": [sign_up(&theirs, &at, &format!("{:032x}", 41))]})).await;
    let forged = json!({"id": new_id(4), "type": "cancel", "registration": theirs, "token": format!("{:032x}", 42)});
    let (status, text) = push(&json!({"mutations": [sign_up(&mine, &at, &format!("{:032x}", 43)), forged]})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_of(&text), AppError::Forbidden(FieldError::new("mutations[1].token", Reason::NotYours)));
    assert_eq!(scalar("SELECT COUNT(*) FROM registrations WHERE id = ?1", &mine).await, 0);
    assert_eq!(scalar("SELECT COUNT(*) FROM registrations WHERE id = ?1 AND status = 'confirmed'", &theirs).await, 1);
}

#[tokio::test]
async fn oversized_batches_and_bodies_answer_413() {
    let at = session(5);
    let many: Vec<Value> = (0..=app::sync::push::PUSH_BATCH_MAX).map(|i| sign_up(&new_id(5), &at, &format!("{:032x}", i + 1))).collect();
    let (status, text) = push(&json!({"mutations": many})).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_of(&text), AppError::TooLarge { limit: app::sync::push::PUSH_BATCH_MAX as u32 });
    let huge = json!({"mutations": [{"id": new_id(5), "type": "sign_up", "name": "x".repeat(300_000)}]});
    let (status, text) = push(&huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(matches!(error_of(&text), AppError::BodyTooLarge { .. }));
}

#[tokio::test]
async fn writes_from_another_site_are_refused_everywhere() {
    let body = json!({"mutations": [sign_up(&new_id(6), &session(6), &format!("{:032x}", 61))]}).to_string();
    let same_host = format!("http://{}", server().addr);
    for headers in [
        vec![("origin", "https://evil.example")],
        vec![("sec-fetch-site", "cross-site")],
        vec![("sec-fetch-site", "same-site")],
        vec![("origin", "null")],
    ] {
        let (status, _, text) = post("/api/sync/push", &body, &headers).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{headers:?}");
        assert_eq!(error_of(&text), AppError::Forbidden(FieldError::new("origin", Reason::NotYours)));
        // Any other write too, pages included.
        let (status, _, _) = post("/", "", &headers).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _, text) = post("/api/sync/push", &body, &[("origin", &same_host), ("sec-fetch-site", "same-origin")]).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    // Reads from anywhere are still reads.
    let res = reqwest::Client::new().get(url("/api/changes?after=0&limit=1")).header("sec-fetch-site", "cross-site").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn sign_ups_for_one_session_are_rate_limited() {
    let at = session(7);
    let batch = |n: u32| json!({"mutations": (0..n).map(|i| sign_up(&new_id(7), &at, &format!("{:032x}", i + 100))).collect::<Vec<_>>()});
    let (status, text) = push(&batch(PER_SESSION)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (status, text) = push(&batch(1)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error_of(&text), AppError::TooManyRequests);
    // Another session is not held back by this one.
    let (status, _) = push(&json!({"mutations": [sign_up(&new_id(7), &session(8), &format!("{:032x}", 99))]})).await;
    assert_eq!(status, StatusCode::OK);
}

async fn get_json(path: &str) -> Value {
    let res = reqwest::get(url(path)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.json().await.unwrap()
}

#[tokio::test]
async fn places_left_are_public_on_the_pages_and_in_the_feed_and_name_nobody() {
    // The second coming session of the digital help point: far enough from now that it
    // cannot start while the test runs.
    let page = get_json("/api/activity?id=5").await;
    let next = &page["next"][1];
    assert_eq!(next["places"], json!({"left": {"left": 8, "capacity": 8}}), "{page}");
    let start = next["start"].as_str().unwrap();
    let at = format!("5-{}T{}", start[..10].replace('-', ""), start[11..16].replace(':', ""));
    let head = get_json("/api/changes?after=0&limit=1").await["head"].as_i64().unwrap();

    let mut family = sign_up(&new_id(9), &at, &format!("{:032x}", 77));
    family["party"] = json!(1);
    family["name"] = json!("Ottavia Riservata");
    family["contact"] = json!("ottavia@example.org");
    let (status, text) = push(&json!({"mutations": [family]})).await;
    assert_eq!(status, StatusCode::OK, "{text}");

    let page = get_json("/api/activity?id=5").await;
    assert_eq!(page["next"][1]["places"], json!({"left": {"left": 7, "capacity": 8}}), "{page}");
    let html = reqwest::get(url("/activities/5")).await.unwrap().text().await.unwrap();
    assert!(html.contains("7 posti liberi su 8"), "the server's page says it too");
    let feed = get_json(&format!("/api/changes?after={head}")).await;
    let places: Vec<&Value> = feed["changes"].as_array().unwrap().iter().filter(|c| c["key"]["kind"] == "places").collect();
    let ours = places.iter().find(|c| c["key"]["id"] == 5).expect("the activity's places were fed");
    let counted = ours["doc"]["body"]["sessions"].as_array().unwrap().iter().find(|s| s["start"].as_str() == Some(start)).cloned();
    assert_eq!(counted.map(|s| (s["confirmed"].clone(), s["waiting"].clone())), Some((json!(1), json!(0))));
    let text = feed.to_string();
    assert!(!text.contains("Ottavia") && !text.contains("example.org"), "no personal data in the public feed");
}
