//! Help requests over real HTTP: a kiosk pushes one with its credential (exactly once,
//! replays answered the same), only to its own hub, never without a live credential; the
//! hub's staff list it, take it and close it, a colleague's move is refused with the
//! request as it is; and the store erases names past their time, on a real SQLite file.

mod staff_harness;

use app::domain::help_request::{ERASE_ANY_AFTER_SECONDS, ERASE_DONE_AFTER_SECONDS, HelpStatus};
use app::domain::mutation_id::MutationId;
use app::store::HelpRequestStore;
use reqwest::StatusCode;
use serde_json::{Value, json};
use staff_harness::*;

/// Enrols a kiosk at hub `a` as the coordinator and returns its credential and id.
async fn enrol_kiosk() -> (String, i64) {
    let s = server();
    let coordinator = login("coord@example.org").await;
    let res = reqwest::Client::new()
        .post(format!("http://{}/api/staff/enrol_kiosk", s.addr))
        .header("cookie", format!("civico_staff={coordinator}"))
        .json(&json!({"hub": s.a.0, "label": "Tablet", "idle_seconds": 90}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let set = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).find(|c| c.starts_with("civico_kiosk="));
    let token = set.unwrap().trim_start_matches("civico_kiosk=").split(';').next().unwrap().to_string();
    let kiosk: Value = res.json().await.unwrap();
    (token, kiosk["id"].as_i64().unwrap())
}

/// Pushes `mutations` with the kiosk credential `kiosk`, if any.
async fn push_as_kiosk(mutations: Value, kiosk: Option<&str>) -> Answer {
    push_with_cookie(mutations, kiosk.map(|k| format!("civico_kiosk={k}")).as_deref()).await
}

fn help(id: &str, hub: i64, name: &str) -> Value {
    json!({"id": id, "type": "help_request", "hub": hub, "name": name, "topic": "health", "details": "Prenotare una visita al CUP"})
}

fn names(list: &Answer) -> Vec<(String, String)> {
    list.body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap().to_string(), r["status"].as_str().unwrap().to_string()))
        .collect()
}

#[tokio::test]
async fn a_kiosks_help_request_arrives_once_and_the_hubs_volunteers_take_and_close_it() {
    let s = server();
    let (kiosk, _) = enrol_kiosk().await;
    let id = new_id();
    let request = help(&id, s.a.0, " Fatima ");
    let first = push_as_kiosk(json!([request.clone()]), Some(&kiosk)).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    assert_eq!(first.body["results"][0]["outcome"], "confirmed");
    let again = push_as_kiosk(json!([request]), Some(&kiosk)).await;
    assert_eq!(again.body, first.body, "a replay gets the first answer");

    let volunteer = login("vol-a@example.org").await;
    let list = call("help_requests", json!({"hub": s.a.0}), Some(&volunteer)).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let mine: Vec<&Value> = list.body.as_array().unwrap().iter().filter(|r| r["id"] == id.as_str()).collect();
    assert_eq!(mine.len(), 1, "arrived once: {:?}", list.body);
    assert_eq!(
        (mine[0]["name"].as_str(), mine[0]["topic"].as_str(), mine[0]["status"].as_str()),
        (Some("Fatima"), Some("health"), Some("open"))
    );
    assert_eq!(mine[0]["details"], "Prenotare una visita al CUP");

    // Taken by one volunteer; the other's moves are refused with the request as it is.
    let taken = call("move_help_request", json!({"hub": s.a.0, "request": id, "to": "taken"}), Some(&volunteer)).await;
    assert_eq!(taken.status, StatusCode::OK, "{:?}", taken.body);
    assert_eq!(taken.body["request"]["status"], "taken");
    assert_eq!(taken.body["request"]["taken_by_name"], "vol-a");
    assert!(taken.body.get("refused").is_none());
    let colleague = login("vol-a2@example.org").await;
    for to in ["taken", "done", "open"] {
        let late = call("move_help_request", json!({"hub": s.a.0, "request": id, "to": to}), Some(&colleague)).await;
        assert_eq!(late.status, StatusCode::OK);
        assert_eq!(late.body["refused"], "taken_by_other", "{to}");
        assert_eq!(late.body["request"]["taken_by_name"], "vol-a");
    }
    let done = call("move_help_request", json!({"hub": s.a.0, "request": id, "to": "done"}), Some(&volunteer)).await;
    assert_eq!(done.body["request"]["status"], "done");
    let reopened = call("move_help_request", json!({"hub": s.a.0, "request": id, "to": "open"}), Some(&volunteer)).await;
    assert_eq!(reopened.body["refused"], "already_done");
    // Closed, it stays on the list for a few hours, as done.
    let list = call("help_requests", json!({"hub": s.a.0}), Some(&volunteer)).await;
    assert!(names(&list).contains(&("Fatima".into(), "done".into())), "{:?}", list.body);
}

#[tokio::test]
async fn help_requests_need_a_live_kiosk_of_their_hub_and_staff_of_that_hub() {
    let s = server();
    let (kiosk, kiosk_id) = enrol_kiosk().await;
    // No credential, a made-up one, another hub: refused, and nothing is kept.
    let id = new_id();
    let none = push_as_kiosk(json!([help(&id, s.a.0, "Omar")]), None).await;
    assert_eq!((none.status, field(&none).as_deref()), (StatusCode::UNAUTHORIZED, Some("kiosk")));
    let fake = push_as_kiosk(json!([help(&id, s.a.0, "Omar")]), Some(&"ab".repeat(32))).await;
    assert_eq!(fake.status, StatusCode::UNAUTHORIZED);
    let elsewhere = push_as_kiosk(json!([help(&id, s.b.0, "Omar")]), Some(&kiosk)).await;
    assert_eq!(elsewhere.status, StatusCode::FORBIDDEN, "{:?}", elsewhere.body);
    assert_eq!(field(&elsewhere).as_deref(), Some("mutations[0].hub"));
    // A staff login is no kiosk.
    let volunteer = login("vol-a@example.org").await;
    assert_eq!(push(json!([help(&id, s.a.0, "Omar")]), Some(&volunteer)).await.status, StatusCode::UNAUTHORIZED);
    // Bad fields are named.
    let nameless = push_as_kiosk(json!([help(&new_id(), s.a.0, "  ")]), Some(&kiosk)).await;
    assert_eq!((nameless.status, field(&nameless).as_deref()), (StatusCode::UNPROCESSABLE_ENTITY, Some("mutations[0].name")));
    let vague = json!([{"id": new_id(), "type": "help_request", "hub": s.a.0, "name": "Omar", "topic": "other"}]);
    let vague = push_as_kiosk(vague, Some(&kiosk)).await;
    assert_eq!(field(&vague).as_deref(), Some("mutations[0].details"));
    let admin = login("admin@example.org").await;
    let list = call("help_requests", json!({"hub": s.a.0}), Some(&admin)).await;
    assert!(!names(&list).iter().any(|(n, _)| n == "Omar"), "nothing refused was kept: {:?}", list.body);

    // Only the hub's staff see and move its requests.
    let listed = new_id();
    assert_eq!(push_as_kiosk(json!([help(&listed, s.a.0, "Lina")]), Some(&kiosk)).await.status, StatusCode::OK);
    let outsider = login("vol-b@example.org").await;
    assert_eq!(call("help_requests", json!({"hub": s.a.0}), None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(call("help_requests", json!({"hub": s.a.0}), Some(&outsider)).await.status, StatusCode::FORBIDDEN);
    let moved = call("move_help_request", json!({"hub": s.a.0, "request": listed, "to": "taken"}), Some(&outsider)).await;
    assert_eq!(moved.status, StatusCode::FORBIDDEN);
    let wrong_hub = call("move_help_request", json!({"hub": s.b.0, "request": listed, "to": "taken"}), Some(&admin)).await;
    assert_eq!(wrong_hub.status, StatusCode::NOT_FOUND, "a request is moved at its own hub only");
    // A coordinator may close a request someone else took.
    call("move_help_request", json!({"hub": s.a.0, "request": listed, "to": "taken"}), Some(&volunteer)).await;
    let coordinator = login("coord@example.org").await;
    let closed = call("move_help_request", json!({"hub": s.a.0, "request": listed, "to": "done"}), Some(&coordinator)).await;
    assert_eq!((closed.body["request"]["status"].as_str(), closed.body.get("refused")), (Some("done"), None));

    // Revoked, the kiosk's next request is a 401 and is not kept.
    let revoked = call("revoke_kiosk", json!({"hub": s.a.0, "kiosk": kiosk_id}), Some(&coordinator)).await;
    assert_eq!(revoked.status, StatusCode::OK);
    let late = push_as_kiosk(json!([help(&new_id(), s.a.0, "Yusuf")]), Some(&kiosk)).await;
    assert_eq!((late.status, field(&late).as_deref()), (StatusCode::UNAUTHORIZED, Some("kiosk")));
    let list = call("help_requests", json!({"hub": s.a.0}), Some(&coordinator)).await;
    assert!(!names(&list).iter().any(|(n, _)| n == "Yusuf"));
}

#[tokio::test]
async fn the_store_erases_names_a_day_after_done_and_a_week_after_arrival() {
    let dir = tempfile::tempdir().unwrap();
    let store = server::open_store(&format!("sqlite://{}", dir.path().join("help.db").display())).await.unwrap();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", dir.path().join("help.db").display())).await.unwrap();
    let now = jiff::Timestamp::now().as_second();
    let hub = app::domain::ids::HubId(1);
    let id = |n: u8| MutationId::new(1_800_000_000_000 + u64::from(n), [n; 10]);
    // (id, status, received, updated): fresh and open; done long enough ago; done just now;
    // open for over a week.
    for (n, status, received, updated) in [
        (1, "open", now - 60, now - 60),
        (2, "done", now - 3 * 3600 - ERASE_DONE_AFTER_SECONDS, now - ERASE_DONE_AFTER_SECONDS - 10),
        (3, "done", now - 600, now - 60),
        (4, "open", now - ERASE_ANY_AFTER_SECONDS - 10, now - ERASE_ANY_AFTER_SECONDS - 10),
    ] {
        sqlx::query(
            "INSERT INTO help_requests (id, hub_id, name, topic, details, status, received_at, updated_at) VALUES (?, 1, ?, 'device', 'Wi-Fi', ?, ?, ?)",
        )
        .bind(id(n).to_string())
        .bind(format!("Persona {n}"))
        .bind(status)
        .bind(received)
        .bind(updated)
        .execute(&pool)
        .await
        .unwrap();
    }
    assert_eq!(store.erase_help_requests(now).await.unwrap(), 2);
    assert_eq!(store.erase_help_requests(now).await.unwrap(), 0, "erased once");
    let kept: Vec<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT id, name, details FROM help_requests ORDER BY id").fetch_all(&pool).await.unwrap();
    let named: Vec<bool> = kept.iter().map(|(_, name, details)| name.is_some() && details.is_some()).collect();
    assert_eq!(named, [true, false, true, false], "the rows stay for counts; names and details go");
    // Listed: what is not done, and what was done recently; erased ones never.
    let listed: Vec<MutationId> = store.help_requests(hub, now - 3600).await.unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(listed, [id(1), id(3)]);
    let later: Vec<HelpStatus> = store.help_requests(hub, now).await.unwrap().into_iter().map(|r| r.status).collect();
    assert_eq!(later, [HelpStatus::Open], "done ones drop off the list");
    assert!(store.help_requests(app::domain::ids::HubId(2), 0).await.unwrap().is_empty(), "each hub its own");
}
