//! A coordinator's tools over real HTTP: the "to contact" list, erasing one person's data
//! on request, and the attendance report (on screen and as CSV). Each test works on a
//! session of its own at hub `a`, so that they can run side by side on one server.

mod staff_harness;

use app::content::Document;
use app::domain::activity::{Activity, OccurrenceId};
use app::domain::mutation::{DeskSignUp, Mutation, SignUp};
use app::domain::mutation_id::MutationId;
use app::domain::time::{add_days, now_local};
use app::store::{ContentStore, Pushed, RegistrationStore, StaffStore};
use reqwest::StatusCode;
use serde_json::{Value, json};
use staff_harness::*;

async fn store() -> std::sync::Arc<server::store::SqliteStore> {
    server::open_store(&format!("sqlite://{}", server().db.display())).await.unwrap()
}

/// The activity of the harness's session.
async fn activity() -> Activity {
    let session: OccurrenceId = server().session.parse().unwrap();
    store().await.activity(session.activity).await.unwrap()
}

/// The activity's sessions after the harness's own, on days its hub is open: the
/// `n`th is a test's own.
async fn later_session(n: usize) -> OccurrenceId {
    let first: OccurrenceId = server().session.parse().unwrap();
    let hub = store().await.hub(server().a).await.unwrap();
    activity()
        .await
        .upcoming(first.start, 40)
        .into_iter()
        .filter(|o| o.start.date() > first.start.date())
        .filter(|o| app::domain::hours::closure_reason(&hub.hours.on(o.start.date())).is_none())
        .nth(n)
        .expect("enough sessions ahead")
        .id
}

fn sign_up_with_contact(id: &str, account: i64, session: &str, name: &str, contact: &str) -> Value {
    let mut m = desk_sign_up(id, account, session, name);
    m["contact"] = json!(contact);
    m
}

/// `GET /api/staff/attendance.csv` with `query` as `cookie`'s account.
async fn csv(query: &str, cookie: Option<&str>) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let mut req = reqwest::Client::new().get(format!("http://{}/api/staff/attendance.csv?{query}", server().addr));
    if let Some(c) = cookie {
        req = req.header("cookie", format!("civico_staff={c}"));
    }
    let res = req.send().await.unwrap();
    (res.status(), res.headers().clone(), res.text().await.unwrap())
}

#[tokio::test]
async fn a_session_cancelled_after_people_registered_lists_them_with_their_contacts() {
    let s = server();
    let session = later_session(0).await;
    let volunteer = login("vol-a@example.org").await;
    let me = account_id("vol-a@example.org").await;
    let (lia, ugo) = (new_id(), new_id());
    let batch = json!([
        sign_up_with_contact(&lia, me, &session.to_string(), "Contact Lia", "333 1234567"),
        desk_sign_up(&ugo, me, &session.to_string(), "Contact Ugo"),
    ]);
    assert_eq!(push(batch, Some(&volunteer)).await.status, StatusCode::OK);
    let coordinator = login("coord@example.org").await;
    let listed = |list: &Value| list.as_array().unwrap().iter().any(|c| c["session"] == session.to_string());
    let before = call("to_contact", json!({"hub": s.a.0}), Some(&coordinator)).await;
    assert_eq!(before.status, StatusCode::OK, "{:?}", before.body);
    assert!(!listed(&before.body), "a session still held is nobody's to contact");
    // The coordinator takes that day off the schedule.
    let mut changed = activity().await;
    changed.schedule.cancelled.push(session.start.date());
    store().await.put(&Document::Activity(changed)).await.unwrap();
    let after = call("to_contact", json!({"hub": s.a.0}), Some(&coordinator)).await;
    let entry = after.body.as_array().unwrap().iter().find(|c| c["session"] == session.to_string()).expect("listed");
    assert_eq!(entry["fate"], json!({"fate": "cancelled"}));
    let people: Vec<(&str, Option<&str>)> =
        entry["people"].as_array().unwrap().iter().map(|p| (p["name"].as_str().unwrap(), p["contact"].as_str())).collect();
    assert_eq!(people, [("Contact Lia", Some("333 1234567")), ("Contact Ugo", None)], "in arrival order, contacts given");
    // The hub's volunteer cannot read the list; another hub's coordinator would be refused too.
    assert_eq!(call("to_contact", json!({"hub": s.a.0}), Some(&volunteer)).await.status, StatusCode::FORBIDDEN);
    let admin = login("admin@example.org").await;
    assert!(listed(&call("to_contact", json!({"hub": s.a.0}), Some(&admin)).await.body), "an administrator sees it");
    assert_eq!(call("to_contact", json!({"hub": 987_654}), Some(&admin)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn attendance_counts_people_per_session_on_screen_and_in_the_csv() {
    let s = server();
    let session = later_session(1).await;
    let month = app::features::staff::attendance::Month::of(session.start.date()).to_string();
    let volunteer = login("vol-a2@example.org").await;
    let me = account_id("vol-a2@example.org").await;
    let (family, walk_in, again) = (new_id(), new_id(), new_id());
    // A family, as large as one registration of this activity may be.
    let party = activity().await.party_limit.min(3);
    let mut family_sign_up = desk_sign_up(&family, me, &session.to_string(), "Count Family");
    family_sign_up["party"] = json!(party);
    let batch = json!([
        family_sign_up,
        check_in(&new_id(), me, &session.to_string(), Some(&family), party),
        check_in(&again, me, &session.to_string(), Some(&family), party),
        check_in(&walk_in, me, &session.to_string(), None, 3),
    ]);
    let answer = push(batch, Some(&volunteer)).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    assert_eq!(answer.body["results"][0]["outcome"], "confirmed", "{:?}", answer.body);
    let first_time =
        json!([{"id": new_id(), "type": "check_in", "account": me, "session": session.to_string(), "party": 1, "first_time": true}]);
    assert_eq!(push(first_time, Some(&volunteer)).await.status, StatusCode::OK);
    let coordinator = login("coord@example.org").await;
    let report = call("attendance", json!({"hub": s.a.0, "month": month}), Some(&coordinator)).await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    assert_eq!(report.body["month"], month);
    let row = report.body["sessions"].as_array().unwrap().iter().find(|r| r["session"] == session.to_string()).expect("the session");
    let numbers: Vec<u64> =
        ["registered", "waiting", "came_registered", "walk_ins", "first_timers"].iter().map(|k| row[k].as_u64().unwrap()).collect();
    let p = u64::from(party);
    assert_eq!(numbers, [p, 0, p, 4, 1], "a family checked in twice counts once; walk-ins 3 + 1, one of them new");
    assert_eq!(row["doubled"], 1, "and is flagged");
    // The same numbers in the file, in the reader's language.
    let (status, headers, body) = csv(&format!("hub={}&month={month}", s.a.0), Some(&coordinator)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(headers["content-disposition"], format!("attachment; filename=\"presenze-{}-{month}.csv\"", s.a.0));
    assert_eq!(headers["cache-control"], "no-store");
    assert!(body.starts_with("\u{feff}Data;Ora;Attività;Stato;Iscritti;"), "{body}");
    let date = app::domain::wire::write_date(session.start.date());
    let time = app::domain::time::hhmm(session.start.time());
    let line = body.lines().find(|l| l.starts_with(&format!("{date};{time};"))).expect("the session's line");
    assert!(line.ends_with(&format!(";Regolare;{p};0;{p};4;1;{}", p + 4)), "{line}");
    // Who may not have it, and bad requests.
    let month_q = format!("hub={}&month={month}", s.a.0);
    assert_eq!(csv(&month_q, None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(csv(&month_q, Some(&volunteer)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(csv(&format!("hub={}&month={month}", s.b.0), Some(&coordinator)).await.0, StatusCode::FORBIDDEN);
    let (status, _, body) = csv(&format!("hub={}&month=2026-13", s.a.0), Some(&coordinator)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["BadRequest"]["field"], "month");
    assert_eq!(csv("hub=abc&month=2026-12", Some(&coordinator)).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(csv("month=2026-12", Some(&coordinator)).await.0, StatusCode::BAD_REQUEST);
    let bad = call("attendance", json!({"hub": s.a.0, "month": "December"}), Some(&coordinator)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // An undone check-in no longer counts.
    let undo = json!([{"id": new_id(), "type": "undo_check_in", "account": me, "check_in": walk_in}]);
    assert_eq!(push(undo, Some(&volunteer)).await.status, StatusCode::OK);
    let report = call("attendance", json!({"hub": s.a.0, "month": month}), Some(&coordinator)).await;
    let row = report.body["sessions"].as_array().unwrap().iter().find(|r| r["session"] == session.to_string()).unwrap().clone();
    assert_eq!(row["walk_ins"], 1);
}

/// A registration made at the desk for a session that has already happened: pushed
/// straight into the store at a time before it.
async fn past_registration(name: &str, contact: &str) -> (MutationId, OccurrenceId) {
    let store = store().await;
    let activity = activity().await;
    let today = now_local().date();
    let session = activity.occurrences(add_days(today, -40), add_days(today, -1)).last().expect("a past session").id;
    let account = store.account_by_email("coord@example.org").await.unwrap().unwrap().account;
    let id: MutationId = new_id().parse().unwrap();
    let sign_up = SignUp { session, name: name.into(), party: 1, contact: Some(contact.into()), consent: 1, token: token(9) };
    let mutation = Mutation::DeskSignUp(DeskSignUp { account: account.id, sign_up });
    let pushed = Pushed { id, digest: "past".into(), token_digest: String::new(), mutation, deactivated: false, from_kiosk: None };
    let before = session.start.checked_sub(jiff::Span::new().hours(1)).unwrap();
    let answers = store.push(&[pushed], Some(&account), before).await.unwrap();
    assert_eq!(format!("{:?}", answers[0].outcome), "Confirmed", "{answers:?}");
    (id, session)
}

#[tokio::test]
async fn erasing_a_person_removes_their_name_and_contact_everywhere_and_keeps_the_counts() {
    let s = server();
    let session = later_session(2).await;
    let (past, past_session) = past_registration("Erase Rossi", "rossi@example.org").await;
    let volunteer = login("vol-a@example.org").await;
    let me = account_id("vol-a@example.org").await;
    let (future, kept) = (new_id(), new_id());
    let batch = json!([
        sign_up_with_contact(&future, me, &session.to_string(), "Erase Rossì", "rossi@example.org"),
        desk_sign_up(&kept, me, &session.to_string(), "Erase Bianchi"),
    ]);
    assert_eq!(push(batch, Some(&volunteer)).await.status, StatusCode::OK);
    let coordinator = login("coord@example.org").await;
    let month = app::features::staff::attendance::Month::of(past_session.start.date()).to_string();
    let registered = |report: &Value| {
        report["sessions"].as_array().unwrap().iter().find(|r| r["session"] == past_session.to_string()).unwrap()["registered"].clone()
    };
    let counted = registered(&call("attendance", json!({"hub": s.a.0, "month": month}), Some(&coordinator)).await.body);
    // Found by name without its accent, or by contact.
    let found = call("find_person", json!({"hub": s.a.0, "query": "ERASE ROSSI"}), Some(&coordinator)).await;
    assert_eq!(found.status, StatusCode::OK, "{:?}", found.body);
    let mut ids: Vec<(String, bool)> = found
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["registration"]["id"].as_str().unwrap().to_string(), f["past"].as_bool().unwrap()))
        .collect();
    ids.sort();
    let mut expected = vec![(past.to_string(), true), (future.clone(), false)];
    expected.sort();
    assert_eq!(ids, expected);
    let by_contact = call("find_person", json!({"hub": s.a.0, "query": "rossi@EXAMPLE"}), Some(&coordinator)).await;
    assert_eq!(by_contact.body.as_array().unwrap().len(), 2);
    // Refusals change nothing: too short a search, nothing to erase, an id the hub does not hold.
    let short = call("find_person", json!({"hub": s.a.0, "query": " r "}), Some(&coordinator)).await;
    assert_eq!((short.status, field(&short).as_deref()), (StatusCode::UNPROCESSABLE_ENTITY, Some("query")));
    assert_eq!(
        call("erase", json!({"hub": s.a.0, "registrations": []}), Some(&coordinator)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let stranger = call("erase", json!({"hub": s.a.0, "registrations": [future, new_id()]}), Some(&coordinator)).await;
    assert_eq!(stranger.status, StatusCode::NOT_FOUND);
    assert_eq!(call("erase", json!({"hub": s.b.0, "registrations": [future]}), Some(&coordinator)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(call("erase", json!({"hub": s.a.0, "registrations": [future]}), Some(&volunteer)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(call("find_person", json!({"hub": s.a.0, "query": "Erase"}), Some(&coordinator)).await.body.as_array().unwrap().len(), 3);
    // The erasure.
    let erased = call("erase", json!({"hub": s.a.0, "registrations": [past.to_string(), future]}), Some(&coordinator)).await;
    assert_eq!(erased.status, StatusCode::OK, "{:?}", erased.body);
    assert_eq!(erased.body, json!({"erased": 2, "cancelled": 1}));
    let left: Vec<String> = call("find_person", json!({"hub": s.a.0, "query": "Erase"}), Some(&coordinator))
        .await
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["registration"]["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(left, ["Erase Bianchi"], "only the other person is left");
    // Nowhere in the database, and the desk's feed no longer has them.
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", s.db.display())).await.unwrap();
    let rows: Vec<(String, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT id, status, name, contact FROM registrations WHERE id IN (?1, ?2) ORDER BY id")
            .bind(past.to_string())
            .bind(&future)
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(rows.len(), 2);
    for (id, status, name, contact) in &rows {
        assert_eq!((name, contact), (&None, &None), "{id}");
        let expected = if *id == past.to_string() { "confirmed" } else { "cancelled" };
        assert_eq!(status, expected, "a past place stays counted; one to come is freed");
    }
    let anywhere: i64 = sqlx::query_scalar("SELECT count(*) FROM registrations WHERE name LIKE '%Rossi%' OR contact LIKE '%rossi@%'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(anywhere, 0);
    let desk = call("desk", json!({"hub": s.a.0}), Some(&volunteer)).await;
    assert!(!desk.body.to_string().contains("Rossi") && !desk.body.to_string().contains("Rossì"));
    let after = registered(&call("attendance", json!({"hub": s.a.0, "month": month}), Some(&coordinator)).await.body);
    assert_eq!(after, counted, "the attendance of the past session is unchanged");
    // Erasing again finds nothing to erase.
    let again = call("erase", json!({"hub": s.a.0, "registrations": [past.to_string()]}), Some(&coordinator)).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}
