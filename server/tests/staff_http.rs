//! Staff accounts over real HTTP: the session cookie, login (same answer for an unknown
//! account and a wrong password, rate limits), deactivation, invitations, the same-origin
//! guard, and a table of every staff function against each kind of caller.

use app::domain::staff::Role;
use app::features::staff::auth::{LoginLimits, hash_password_blocking};
use app::store::{NewAccount, StaffStore};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::num::NonZeroU32;
use std::time::{Duration, Instant};

mod staff_harness;

use staff_harness::*;

#[tokio::test]
async fn the_session_cookie_is_strict_http_only_and_gets_a_new_id_at_login() {
    let me = call("me", json!({}), None).await;
    assert_eq!((me.status, &me.body), (StatusCode::OK, &Value::Null));
    assert!(me.set_cookie.is_none(), "nobody logged in: no cookie at all");
    // A cookie planted before login (session fixation) is not adopted: the login's session
    // has an id of the server's making.
    let planted = "AAAAAAAAAAAAAAAAAAAAAA";
    let answer = call("login", json!({"email": "vol-a@example.org", "password": PASSWORD}), Some(planted)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let set_cookie = answer.set_cookie.unwrap();
    for part in ["civico_staff=", "HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=1209600"] {
        assert!(set_cookie.contains(part), "{part} in {set_cookie}");
    }
    assert!(!set_cookie.contains("Secure"), "plain HTTP here: {set_cookie}");
    let first = answer.cookie.unwrap();
    assert_ne!(first, planted);
    assert_eq!(answer.body["account"]["email"], "vol-a@example.org");
    assert_eq!(answer.body["account"]["role"], "volunteer");
    let me = call("me", json!({}), Some(&first)).await;
    assert_eq!(me.body["account"]["email"], "vol-a@example.org");
    assert!(me.body["until"].as_str().unwrap().len() >= 16, "until when: {}", me.body);
    // Someone else logs in on the same device: a new id, and the old one opens nothing.
    let answer = call("login", json!({"email": "switch@example.org", "password": PASSWORD}), Some(&first)).await;
    let second = answer.cookie.unwrap();
    assert_ne!(second, first);
    assert_eq!(call("me", json!({}), Some(&first)).await.body, Value::Null);
    assert_eq!(call("me", json!({}), Some(&second)).await.body["account"]["email"], "switch@example.org");
    // Logging out ends it on the server too.
    let out = call("logout", json!({}), Some(&second)).await;
    assert_eq!(out.status, StatusCode::OK);
    assert_eq!(call("me", json!({}), Some(&second)).await.body, Value::Null);
}

#[tokio::test]
async fn under_https_the_cookie_is_secure_with_the_host_prefix() {
    let secure = start(true, LoginLimits { per_address: None, per_account: None });
    let res = reqwest::Client::new()
        .post(format!("http://{}/api/staff/login", secure.addr))
        .json(&json!({"email": "vol-a@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(set_cookie.starts_with("__Host-civico_staff="), "{set_cookie}");
    for part in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(part), "{part} in {set_cookie}");
    }
    assert!(!set_cookie.contains("Domain"), "{set_cookie}");
    assert!(res.headers()["strict-transport-security"].to_str().unwrap().contains("max-age"));
}

/// A refused login: its answer and how long it took.
async fn refusal(email: &str) -> (Duration, Value) {
    let started = Instant::now();
    let answer = call("login", json!({"email": email, "password": "not the password at all"}), None).await;
    let took = started.elapsed();
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{email}");
    assert!(answer.cookie.is_none());
    (took, answer.body)
}

#[tokio::test]
async fn an_unknown_account_and_a_wrong_password_get_the_same_answer_in_similar_time() {
    let store = server::open_store(&format!("sqlite://{}", server().db.display())).await.unwrap();
    let id = store.account_by_email("gone@example.org").await.unwrap().unwrap().account.id;
    store.set_active(id, false).await.unwrap();
    // Turns, so that whatever else the machine does weighs on each alike.
    let mut times: [Vec<Duration>; 3] = Default::default();
    for _ in 0..4 {
        for (i, email) in ["nobody-here@example.org", "timing@example.org", "gone@example.org"].into_iter().enumerate() {
            let (took, body) = refusal(email).await;
            assert_eq!(body, json!({"Unauthorized": {"field": "credentials", "reason": "wrong_credentials"}}), "{email}");
            times[i].push(took);
        }
    }
    let median = |t: &mut Vec<Duration>| {
        t.sort();
        t[t.len() / 2]
    };
    let [mut unknown, mut wrong, mut gone] = times;
    let (unknown, wrong, gone) = (median(&mut unknown), median(&mut wrong), median(&mut gone));
    // Each verifies a password hash (tens of milliseconds), so none answers in a fraction of
    // another's time; a path that skipped it would answer in about one millisecond. The
    // bounds are wide because other tests hash passwords on the same cores meanwhile.
    for (label, time) in [("unknown", unknown), ("deactivated", gone)] {
        let ratio = time.as_secs_f64() / wrong.as_secs_f64();
        assert!((0.2..5.0).contains(&ratio), "{label} {time:?} against wrong password {wrong:?}");
    }
}

#[tokio::test]
async fn logins_are_limited_per_account_and_per_address() {
    let limited = start(false, LoginLimits { per_address: None, per_account: NonZeroU32::new(5) });
    let attempt = |email: &'static str, password: &'static str| {
        call_on(limited.addr, "login", json!({"email": email, "password": password}), None, &[])
    };
    for _ in 0..5 {
        assert_eq!(attempt("limited@example.org", "wrong password here").await.status, StatusCode::UNAUTHORIZED);
    }
    let answer = attempt("Limited@Example.org", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS, "even the right password, for now");
    assert!(answer.cookie.is_none());
    // Another account from the same address still logs in.
    assert_eq!(attempt("vol-b@example.org", PASSWORD).await.status, StatusCode::OK);

    let strict = start(false, LoginLimits { per_address: NonZeroU32::new(3), per_account: None });
    let attempt =
        |email: &'static str| call_on(strict.addr, "login", json!({"email": email, "password": "wrong password here"}), None, &[]);
    for email in ["a1@example.org", "a2@example.org", "a3@example.org"] {
        assert_eq!(attempt(email).await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(attempt("a4@example.org").await.status, StatusCode::TOO_MANY_REQUESTS, "the address's three are used");
}

#[tokio::test]
async fn a_deactivated_accounts_session_stops_working_at_once_and_for_good() {
    let admin = login("admin@example.org").await;
    let volunteer = login("deact@example.org").await;
    assert_eq!(call("people", json!({}), Some(&volunteer)).await.status, StatusCode::OK);
    let id = account_id("deact@example.org").await;
    let off = call("active", json!({"account": id, "active": false}), Some(&admin)).await;
    assert_eq!(off.status, StatusCode::OK, "{:?}", off.body);
    assert_eq!(off.body["account"]["active"], false);
    assert_eq!(call("people", json!({}), Some(&volunteer)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(call("me", json!({}), Some(&volunteer)).await.body, Value::Null);
    // Reactivated, the account logs in again, but the old session stays over.
    let on = call("active", json!({"account": id, "active": true}), Some(&admin)).await;
    assert_eq!(on.body["account"]["active"], true);
    assert_eq!(call("me", json!({}), Some(&volunteer)).await.body, Value::Null);
    login("deact@example.org").await;
    // Nobody deactivates themselves.
    let admin_id = account_id("admin@example.org").await;
    assert_eq!(call("active", json!({"account": admin_id, "active": false}), Some(&admin)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn state_changes_from_another_site_are_refused() {
    let admin = login("admin@example.org").await;
    let id = account_id("vol-a@example.org").await;
    for headers in [&[("sec-fetch-site", "cross-site")][..], &[("origin", "http://evil.example")][..]] {
        let answer = call_on(server().addr, "active", json!({"account": id, "active": false}), Some(&admin), headers).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{headers:?}");
        let login = call_on(server().addr, "login", json!({"email": "vol-a@example.org", "password": PASSWORD}), None, headers).await;
        assert_eq!(login.status, StatusCode::FORBIDDEN);
        assert!(login.cookie.is_none());
    }
    let store = server::open_store(&format!("sqlite://{}", server().db.display())).await.unwrap();
    assert!(store.account_by_email("vol-a@example.org").await.unwrap().unwrap().account.active, "nothing changed");
}

/// Every staff function, for each kind of caller: nobody, a volunteer of another hub, a
/// volunteer of the hub, the hub's coordinator.
#[tokio::test]
async fn every_staff_function_checks_the_callers_role_and_hub() {
    let s = server();
    let callers = [
        ("anonymous", None),
        ("volunteer of another hub", Some(login("vol-b@example.org").await)),
        ("volunteer of the hub", Some(login("vol-a@example.org").await)),
        ("coordinator of the hub", Some(login("coord@example.org").await)),
    ];
    let target = account_id("vol-a2@example.org").await;
    let mut n = 0;
    let mut invite = || {
        n += 1;
        json!({"email": format!("new{n}-{}@example.org", s.a.0), "role": "volunteer", "hubs": [s.a.0]})
    };
    let table: Vec<(&str, Value, [u16; 4])> = vec![
        ("people", json!({}), [401, 200, 200, 200]),
        ("invite", invite(), [401, 403, 403, 200]),
        ("active", json!({"account": target, "active": true}), [401, 404, 404, 200]),
        ("desk", json!({"hub": s.a.0}), [401, 403, 200, 200]),
        ("to_contact", json!({"hub": s.a.0}), [401, 403, 403, 200]),
        ("find_person", json!({"hub": s.a.0, "query": "nobody by this name"}), [401, 403, 403, 200]),
        ("erase", json!({"hub": s.a.0, "registrations": ["01890a5d-ac96-774b-bcce-b302099a8000"]}), [401, 403, 403, 404]),
        ("attendance", json!({"hub": s.a.0, "month": "2026-12"}), [401, 403, 403, 200]),
        ("kiosks", json!({"hub": s.a.0}), [401, 403, 403, 200]),
        ("revoke_kiosk", json!({"hub": s.a.0, "kiosk": 987_654}), [401, 403, 403, 404]),
        // `enrol_kiosk` ends the caller's login on success: `kiosk_http.rs` has its table.
    ];
    for (function, args, expected) in table {
        for ((who, cookie), status) in callers.iter().zip(expected) {
            let mut args = args.clone();
            if function == "invite" {
                args = invite();
            }
            let answer = call(function, args, cookie.as_deref()).await;
            assert_eq!(answer.status.as_u16(), status, "{function} as {who}: {:?}", answer.body);
        }
    }
    // What each sees of the people.
    let emails = |answer: Answer| -> Vec<String> {
        answer.body["people"].as_array().unwrap().iter().map(|p| p["account"]["email"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(emails(call("people", json!({}), callers[1].1.as_deref()).await), ["vol-b@example.org"]);
    let coordinators = emails(call("people", json!({}), callers[3].1.as_deref()).await);
    assert!(coordinators.contains(&"vol-a@example.org".to_string()) && !coordinators.contains(&"vol-b@example.org".to_string()));
    // A forged role, another hub, an unknown hub, an unknown role: refused, nothing made.
    let coordinator = callers[3].1.as_deref();
    for (args, status) in [
        (json!({"email": "x1@example.org", "role": "admin", "hubs": []}), 403),
        (json!({"email": "x2@example.org", "role": "coordinator", "hubs": [s.a.0]}), 403),
        (json!({"email": "x3@example.org", "role": "volunteer", "hubs": [s.b.0]}), 403),
        (json!({"email": "x4@example.org", "role": "root", "hubs": [s.a.0]}), 422),
        (json!({"email": "not an address", "role": "volunteer", "hubs": [s.a.0]}), 422),
        (json!({"email": "vol-b@example.org", "role": "volunteer", "hubs": [s.a.0]}), 422),
        (json!({"email": "x5@example.org", "role": "volunteer", "hubs": []}), 403),
        (json!({"email": "x6@example.org".repeat(1000), "role": "volunteer", "hubs": [s.a.0]}), 422),
        (json!({"email": "x7@example.org", "role": "volunteer", "hubs": "all"}), 400),
    ] {
        let answer = call("invite", args.clone(), coordinator).await;
        assert_eq!(answer.status.as_u16(), status, "{args}: {:?}", answer.body);
    }
    let admin = login("admin@example.org").await;
    let unknown = call("invite", json!({"email": "x8@example.org", "role": "volunteer", "hubs": [987_654]}), Some(&admin)).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.body["Invalid"][0]["reason"], "missing_reference");
}

#[tokio::test]
async fn an_invitation_makes_one_account_once_before_it_expires() {
    let coordinator = login("coord@example.org").await;
    let made =
        call("invite", json!({"email": " Nuova.Volontaria@Example.org ", "role": "volunteer", "hubs": [server().a.0]}), Some(&coordinator))
            .await;
    assert_eq!(made.status, StatusCode::OK, "{:?}", made.body);
    assert_eq!(made.body["email"], "nuova.volontaria@example.org");
    let path = made.body["path"].as_str().unwrap();
    let token = path.strip_prefix("/staff/invite/").unwrap().to_string();
    assert_eq!(token.len(), 64);
    let info = call("invitation", json!({"token": token}), None).await;
    assert_eq!(info.status, StatusCode::OK);
    assert_eq!((info.body["email"].as_str(), info.body["role"].as_str()), (Some("nuova.volontaria@example.org"), Some("volunteer")));
    assert_eq!(info.body["hubs"][0]["id"], server().a.0);
    // A bad password or name is refused, and the link still works.
    let short = call("accept", json!({"token": token, "name": "Sara", "password": "corta"}), None).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(short.body["Invalid"][0]["field"], "password");
    let nameless = call("accept", json!({"token": token, "name": " ", "password": PASSWORD}), None).await;
    assert_eq!(nameless.body["Invalid"][0]["field"], "name");
    let accepted = call("accept", json!({"token": token, "name": "Sara", "password": "il mio orto sul balcone"}), None).await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    assert_eq!(accepted.body["account"]["name"], "Sara");
    let session = accepted.cookie.expect("logged in at once");
    assert_eq!(call("me", json!({}), Some(&session)).await.body["account"]["role"], "volunteer");
    // Used once: refused after.
    let again = call("accept", json!({"token": token, "name": "Altra", "password": "un'altra password lunga"}), None).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.body["Invalid"][0]["reason"], "already_used");
    assert_eq!(call("invitation", json!({"token": token}), None).await.body["Invalid"][0]["reason"], "already_used");
    let answer = call("login", json!({"email": "nuova.volontaria@example.org", "password": "il mio orto sul balcone"}), None).await;
    assert_eq!(answer.status, StatusCode::OK);
    // Unknown and expired links.
    assert_eq!(call("invitation", json!({"token": "0".repeat(64)}), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(call("accept", json!({"token": "nope", "name": "X", "password": PASSWORD}), None).await.status, StatusCode::NOT_FOUND);
    let late = call("invite", json!({"email": "tardi@example.org", "role": "volunteer", "hubs": [server().a.0]}), Some(&coordinator)).await;
    let late_token = late.body["path"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", server().db.display())).await.unwrap();
    sqlx::query("UPDATE invites SET expires_at = unixepoch() - 1 WHERE email = 'tardi@example.org'").execute(&pool).await.unwrap();
    let expired = call("accept", json!({"token": late_token, "name": "Tardi", "password": PASSWORD}), None).await;
    assert_eq!(expired.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(expired.body["Invalid"][0]["reason"], "expired");
    let store = server::open_store(&format!("sqlite://{}", server().db.display())).await.unwrap();
    assert!(store.account_by_email("tardi@example.org").await.unwrap().is_none(), "no account from an expired link");
}

#[tokio::test]
async fn staff_answers_are_never_stored_by_a_cache() {
    let answer = reqwest::Client::new().post(format!("http://{}/api/staff/me", server().addr)).json(&json!({})).send().await.unwrap();
    assert_eq!(answer.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn the_desk_shows_who_is_registered_at_the_hub_and_contacts_to_coordinators_only() {
    let s = server();
    let push = json!({"mutations": [{
        "id": "019ade42-5c00-7a3e-9c41-6f2b8d0e1b01", "type": "sign_up", "session": s.session,
        "name": "Rosa Desk", "party": 1, "contact": "+39 333 1234567", "consent": 1,
        "token": "3f8a1c2e9b7d4a6f8e0c1b2d3a4f5e01"
    }]});
    let res = reqwest::Client::new().post(format!("http://{}/api/sync/push", s.addr)).json(&push).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let pushed = res.text().await.unwrap();
    assert!(pushed.contains("confirmed"), "{pushed}");
    let rosa = |answer: &Answer| answer.body["registrations"].as_array().unwrap().iter().find(|r| r["name"] == "Rosa Desk").cloned();
    let volunteer = login("vol-a@example.org").await;
    let desk = call("desk", json!({"hub": s.a.0}), Some(&volunteer)).await;
    assert_eq!(desk.status, StatusCode::OK, "{:?}", desk.body);
    assert_eq!(desk.body["hub"], s.a.0);
    let seen = rosa(&desk).unwrap_or_else(|| panic!("the volunteer sees the name in {}", desk.body));
    assert_eq!((seen["session"].as_str(), seen["party"].as_u64()), (Some(s.session.as_str()), Some(1)));
    assert!(seen.get("contact").is_none(), "no contact for a volunteer: {seen}");
    assert!(!desk.body.to_string().contains("token"), "no token ever reaches the desk");
    let coordinator = login("coord@example.org").await;
    let desk = call("desk", json!({"hub": s.a.0}), Some(&coordinator)).await;
    assert_eq!(rosa(&desk).unwrap()["contact"], "+39 333 1234567");
    // Another hub's desk holds none of it, and its volunteer cannot see this one.
    let other = login("vol-b@example.org").await;
    let theirs = call("desk", json!({"hub": s.b.0}), Some(&other)).await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(rosa(&theirs).is_none());
    assert_eq!(call("desk", json!({"hub": s.a.0}), Some(&other)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(call("desk", json!({"hub": "x"}), Some(&other)).await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_staff_pages_render_their_frame_and_an_unknown_one_is_not_found() {
    for (path, status) in
        [("/staff", 200), ("/staff/desk/1", 200), ("/staff/invite/abc", 200), ("/staff/nothing-here", 404), ("/staff/desk/1/more", 404)]
    {
        let res = reqwest::get(format!("http://{}{path}", server().addr)).await.unwrap();
        assert_eq!(res.status().as_u16(), status, "{path}");
        let html = res.text().await.unwrap();
        assert!(html.contains("<html"), "{path}");
        assert!(!html.contains("@example.org"), "no account is ever in a page: {path}");
    }
}

/// The desk's title was once an arena signal read by leptos_meta after the body had
/// streamed, when the page's owner could be gone: about one load in forty panicked (a 500).
#[tokio::test]
async fn every_staff_page_renders_every_time_under_concurrent_loads() {
    let client = reqwest::Client::new();
    for path in ["/staff/desk/1", "/staff", "/staff/invite/abc"] {
        let mut loads = tokio::task::JoinSet::new();
        for _ in 0..160 {
            let client = client.clone();
            loads.spawn(async move { client.get(format!("http://{}{path}", server().addr)).send().await.unwrap().status().as_u16() });
        }
        let statuses = loads.join_all().await;
        assert!(statuses.iter().all(|s| *s == 200), "{path}: {statuses:?}");
    }
}

#[tokio::test]
async fn an_invitation_dies_with_its_authors_standing_and_its_page_is_never_cached() {
    let store = server::open_store(&format!("sqlite://{}", server().db.display())).await.unwrap();
    let hash = hash_password_blocking(PASSWORD).unwrap();
    let author = NewAccount {
        email: "leaving@example.org".into(),
        name: "Leaving".into(),
        role: Role::Coordinator,
        hubs: vec![server().a],
        password_hash: hash,
    };
    let author_id = store.add_account(&author).await.unwrap();
    let session = login("leaving@example.org").await;
    let made = call("invite", json!({"email": "friend@example.org", "role": "volunteer", "hubs": [server().a.0]}), Some(&session)).await;
    assert_eq!(made.status, StatusCode::OK);
    let path = made.body["path"].as_str().unwrap().to_string();
    let page = reqwest::get(format!("http://{}{path}", server().addr)).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["cache-control"], "no-store", "the address is the secret");
    store.set_active(author_id, false).await.unwrap();
    let token = path.rsplit('/').next().unwrap();
    let refused = call("accept", json!({"token": token, "name": "Friend", "password": PASSWORD}), None).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["Invalid"][0], json!({"field": "invite", "reason": "not_allowed"}));
    assert!(store.account_by_email("friend@example.org").await.unwrap().is_none());
}

#[tokio::test]
async fn expired_sessions_are_deleted_and_live_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = server::open_store(&format!("sqlite://{}", dir.path().join("s.db").display())).await.unwrap();
    let sessions = server::staff::session_store(&store);
    use axum_login::tower_sessions::cookie::time::{Duration as Span, OffsetDateTime};
    use axum_login::tower_sessions::session::{Id, Record};
    use axum_login::tower_sessions::session_store::SessionStore;
    for (n, hours) in [(1, -2), (2, -1), (3, 5)] {
        let mut record = Record { id: Id(n), data: Default::default(), expiry_date: OffsetDateTime::now_utc() + Span::hours(hours) };
        sessions.create(&mut record).await.unwrap();
    }
    assert_eq!(store.delete_expired_sessions().await.unwrap(), 2);
    assert_eq!(store.delete_expired_sessions().await.unwrap(), 0);
    assert!(sessions.load(&Id(3)).await.unwrap().is_some(), "the live one stays");
}
