//! The desk's changes over real HTTP, through the one push every device uses: each is
//! held to the staff login that sends it and to that account's hubs; replays change
//! nothing; a deactivated account's changes are answered `rejected` with a reason; bad
//! input gets a clear 4xx and changes nothing.

mod staff_harness;

use reqwest::StatusCode;
use serde_json::{Value, json};
use staff_harness::*;

/// The hub's desk as `cookie`'s account reads it.
async fn desk(cookie: &str) -> Value {
    let answer = call("desk", json!({"hub": server().a.0}), Some(cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer.body
}

fn names(desk: &Value, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = desk["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["name"].as_str())
        .filter(|n| n.starts_with(prefix))
        .map(String::from)
        .collect();
    names.sort();
    names
}

fn check_ins_of(desk: &Value, registration: &str) -> usize {
    desk["check_ins"].as_array().unwrap().iter().filter(|c| c["registration"] == registration).count()
}

#[tokio::test]
async fn three_registered_and_one_checked_in_are_held_once_however_often_they_arrive() {
    let s = server();
    let volunteer = login("vol-a@example.org").await;
    let me = account_id("vol-a@example.org").await;
    let ids: Vec<String> = (0..4).map(|_| new_id()).collect();
    let batch = json!([
        desk_sign_up(&ids[0], me, &s.session, "Story Anna"),
        desk_sign_up(&ids[1], me, &s.session, "Story Bruno"),
        desk_sign_up(&ids[2], me, &s.session, "Story Carla"),
        check_in(&ids[3], me, &s.session, Some(&ids[1]), 1),
    ]);
    let first = push(batch.clone(), Some(&volunteer)).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let outcomes: Vec<&str> = first.body["results"].as_array().unwrap().iter().map(|a| a["outcome"].as_str().unwrap()).collect();
    assert!(outcomes[..3].iter().all(|o| ["confirmed", "waitlisted"].contains(o)), "{outcomes:?}");
    assert_eq!(outcomes[3], "checked_in");
    // The device never heard the answer and sends it all again: the same answers, nothing doubled.
    let again = push(batch, Some(&volunteer)).await;
    assert_eq!(again.body, first.body);
    let seen = desk(&volunteer).await;
    assert_eq!(names(&seen, "Story "), ["Story Anna", "Story Bruno", "Story Carla"]);
    assert_eq!(check_ins_of(&seen, &ids[1]), 1);
    // Another hub's volunteer sees none of it and changes none of it.
    let other = login("vol-b@example.org").await;
    let theirs = account_id("vol-b@example.org").await;
    assert_eq!(call("desk", json!({"hub": s.a.0}), Some(&other)).await.status, StatusCode::FORBIDDEN);
    let cancel = json!([{"id": new_id(), "type": "desk_cancel", "account": theirs, "registration": ids[0]}]);
    let refused = push(cancel, Some(&other)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{:?}", refused.body);
    assert_eq!(field(&refused).as_deref(), Some("mutations[0].registration"));
    let undo = json!([{"id": new_id(), "type": "undo_check_in", "account": theirs, "check_in": ids[3]}]);
    assert_eq!(push(undo, Some(&other)).await.status, StatusCode::FORBIDDEN);
    let sneak = json!([check_in(&new_id(), theirs, &s.session, Some(&ids[2]), 1)]);
    let refused = push(sneak, Some(&other)).await;
    assert_eq!((refused.status, field(&refused).as_deref()), (StatusCode::FORBIDDEN, Some("mutations[0].session")));
    let after = desk(&volunteer).await;
    assert_eq!(names(&after, "Story "), names(&seen, "Story "));
    assert_eq!(check_ins_of(&after, &ids[1]) + check_ins_of(&after, &ids[2]), 1);
}

#[tokio::test]
async fn every_desk_change_is_held_to_the_callers_login_and_hub() {
    let s = server();
    let (volunteer, coordinator, other) =
        (login("vol-a2@example.org").await, login("coord@example.org").await, login("vol-b@example.org").await);
    let (vol_id, coord_id, other_id) =
        (account_id("vol-a2@example.org").await, account_id("coord@example.org").await, account_id("vol-b@example.org").await);
    // Something for the cancels and undos to name.
    let (registration, checked) = (new_id(), new_id());
    let setup = json!([desk_sign_up(&registration, vol_id, &s.session, "Table Dora"), check_in(&checked, vol_id, &s.session, None, 2)]);
    assert_eq!(push(setup, Some(&volunteer)).await.status, StatusCode::OK);
    type Make = fn(&str, i64, &str, &str) -> Value;
    let kinds: [(&str, Make); 4] = [
        ("desk_sign_up", |id, account, _, _| desk_sign_up(id, account, &server().session, "Table Ezio")),
        (
            "desk_cancel",
            |id, account, registration, _| json!({"id": id, "type": "desk_cancel", "account": account, "registration": registration}),
        ),
        ("check_in", |id, account, registration, _| check_in(id, account, &server().session, Some(registration), 1)),
        ("undo_check_in", |id, account, _, checked| json!({"id": id, "type": "undo_check_in", "account": account, "check_in": checked})),
    ];
    for (kind, make) in kinds {
        // Anonymous, for an active account: 401, and the change waits on its device.
        let anonymous = push(json!([make(&new_id(), vol_id, &registration, &checked)]), None).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{kind}: {:?}", anonymous.body);
        assert_eq!(field(&anonymous).as_deref(), Some("mutations[0].account"));
        // Another hub's volunteer, as themselves or as someone else.
        let elsewhere = push(json!([make(&new_id(), other_id, &registration, &checked)]), Some(&other)).await;
        assert_eq!(elsewhere.status, StatusCode::FORBIDDEN, "{kind}: {:?}", elsewhere.body);
        // Under another account's login: what counts is who is logged in, never what the change says.
        let forged = push(json!([make(&new_id(), vol_id, &registration, &checked)]), Some(&other)).await;
        assert_eq!((forged.status, field(&forged).as_deref()), (StatusCode::FORBIDDEN, Some("mutations[0].account")), "{kind}");
        // The hub's volunteer and its coordinator.
        for (cookie, account) in [(&volunteer, vol_id), (&coordinator, coord_id)] {
            let done = push(json!([make(&new_id(), account, &registration, &checked)]), Some(cookie)).await;
            assert_eq!(done.status, StatusCode::OK, "{kind}: {:?}", done.body);
            assert_ne!(done.body["results"][0]["outcome"], "rejected", "{kind}: {:?}", done.body);
        }
    }
    let after = desk(&coordinator).await;
    assert_eq!(names(&after, "Table "), ["Table Ezio", "Table Ezio"], "Dora cancelled; Ezio taken twice, once by each");
}

#[tokio::test]
async fn a_deactivated_accounts_changes_are_rejected_with_a_reason_and_change_nothing() {
    let s = server();
    let admin = login("admin@example.org").await;
    let gone = login("gone@example.org").await;
    let id = account_id("gone@example.org").await;
    // One change arrived while the account was active: its answer stands, replayed after.
    let before = json!([desk_sign_up(&new_id(), id, &s.session, "Gone Early")]);
    let first = push(before.clone(), Some(&gone)).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let off = call("active", json!({"account": id, "active": false}), Some(&admin)).await;
    assert_eq!(off.status, StatusCode::OK);
    assert_eq!(push(before, None).await.body, first.body, "a replay gets the first answer, whoever sends it");
    // Made offline before the deactivation, sent after it with the dead cookie, or with none.
    for cookie in [Some(gone.as_str()), None] {
        let (sign_up, walk_in) = (new_id(), new_id());
        let batch = json!([desk_sign_up(&sign_up, id, &s.session, "Gone Franca"), check_in(&walk_in, id, &s.session, None, 13)]);
        let answer = push(batch, cookie).await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        for result in answer.body["results"].as_array().unwrap() {
            assert_eq!((result["outcome"].as_str(), result["reason"].as_str()), (Some("rejected"), Some("account_inactive")), "{result}");
        }
    }
    let coordinator = login("coord@example.org").await;
    let seen = desk(&coordinator).await;
    assert_eq!(names(&seen, "Gone "), ["Gone Early"], "only what arrived in time");
    assert!(!seen["check_ins"].as_array().unwrap().iter().any(|c| c["party"] == 13), "no walk-in of the deactivated account");
}

#[tokio::test]
async fn bad_desk_changes_get_a_clear_4xx_and_change_nothing() {
    let s = server();
    let volunteer = login("vol-a@example.org").await;
    let me = account_id("vol-a@example.org").await;
    let cases = [
        (check_in(&new_id(), me, &s.session, None, 0), StatusCode::UNPROCESSABLE_ENTITY, "mutations[0].party"),
        (check_in(&new_id(), me, &s.session, None, 61), StatusCode::UNPROCESSABLE_ENTITY, "mutations[0].party"),
        (check_in(&new_id(), me, &s.session, Some("not-a-uuid"), 1), StatusCode::BAD_REQUEST, "mutations[0]"),
        (check_in(&new_id(), me, &s.session, Some(&new_id()), 1), StatusCode::FORBIDDEN, "mutations[0].registration"),
        (
            json!({"id": new_id(), "type": "check_in", "account": me, "session": "nonsense", "party": 1}),
            StatusCode::BAD_REQUEST,
            "mutations[0]",
        ),
        (json!({"id": new_id(), "type": "check_in", "session": s.session, "party": 1}), StatusCode::BAD_REQUEST, "mutations[0]"),
        (
            json!({"id": new_id(), "type": "undo_check_in", "account": me, "check_in": new_id()}),
            StatusCode::FORBIDDEN,
            "mutations[0].check_in",
        ),
        (
            json!({"id": new_id(), "type": "desk_sign_up", "account": me, "session": s.session, "name": "x".repeat(61), "party": 1, "consent": 1, "token": token(1)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "mutations[0].name",
        ),
        (
            json!({"id": new_id(), "type": "desk_sign_up", "account": me, "session": s.session, "name": "Nessuno", "party": 1, "consent": 1}),
            StatusCode::BAD_REQUEST,
            "mutations[0]",
        ),
        (json!({"id": new_id(), "type": "make_admin", "account": me}), StatusCode::BAD_REQUEST, "mutations[0].type"),
    ];
    for (mutation, status, expected) in cases {
        // A good change before the bad one: the whole batch is refused, so it is not kept either.
        let good = desk_sign_up(&new_id(), me, &s.session, "Bad Batch");
        let answer = push(json!([good, mutation]), Some(&volunteer)).await;
        let expected = expected.replace("[0]", "[1]");
        assert_eq!((answer.status, field(&answer)), (status, Some(expected)), "{:?}", answer.body);
    }
    let big: Vec<Value> = (0..101).map(|_| check_in(&new_id(), me, &s.session, None, 1)).collect();
    assert_eq!(push(json!(big), Some(&volunteer)).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(names(&desk(&volunteer).await, "Bad ").is_empty(), "the good change of each refused batch was not kept");
}
