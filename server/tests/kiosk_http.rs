//! Hubs' kiosks over real HTTP: enrolling a device (a credential that is not a login, and
//! the coordinator's login ending on it), who may enrol, list and revoke, what a revoked
//! credential opens (nothing), the kiosk's page; and the kiosks' store on a real SQLite file.

mod staff_harness;

use app::domain::ids::{HubId, KioskId};
use app::store::{KioskStore, NewKiosk, StoreError};
use reqwest::StatusCode;
use serde_json::{Value, json};
use staff_harness::*;

/// Calls a staff function with the kiosk credential `kiosk` as the only cookie.
async fn as_kiosk(name: &str, args: Value, kiosk: &str) -> Answer {
    call_on(server().addr, name, args, None, &[("cookie", &format!("civico_kiosk={kiosk}"))]).await
}

/// `staff/enrol_kiosk` on `addr` with `cookie` (a whole `name=value`): the status, the
/// body and every cookie the answer set.
async fn enrol(addr: std::net::SocketAddr, args: Value, cookie: &str) -> (StatusCode, Value, Vec<String>) {
    let res = reqwest::Client::new()
        .post(format!("http://{addr}/api/staff/enrol_kiosk"))
        .header("cookie", cookie)
        .json(&args)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let cookies = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    (status, res.json().await.unwrap(), cookies)
}

/// The kiosk credential among the cookies set (`name` is `civico_kiosk` or its `__Host-` form).
fn kiosk_cookie(cookies: &[String], name: &str) -> Option<String> {
    cookies.iter().find_map(|c| c.strip_prefix(&format!("{name}="))).map(|rest| rest.split(';').next().unwrap().to_string())
}

#[tokio::test]
async fn a_coordinator_enrols_a_kiosk_that_holds_a_credential_and_no_login() {
    let s = server();
    let coordinator = login("coord@example.org").await;
    for (args, named) in [
        (json!({"hub": s.a.0, "label": "  ", "idle_seconds": 90}), "label"),
        (json!({"hub": s.a.0, "label": "x".repeat(81), "idle_seconds": 90}), "label"),
        (json!({"hub": s.a.0, "label": "Tablet", "idle_seconds": 5}), "idle_seconds"),
    ] {
        let (status, body, cookies) = enrol(s.addr, args, &format!("civico_staff={coordinator}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body:?}");
        assert_eq!(body["Invalid"][0]["field"], named);
        assert_eq!(kiosk_cookie(&cookies, "civico_kiosk"), None, "a refusal hands out nothing");
    }
    let args = json!({"hub": s.a.0, "label": " Tablet in portineria ", "idle_seconds": 90});
    let (status, enrolled, cookies) = enrol(s.addr, args, &format!("civico_staff={coordinator}")).await;
    assert_eq!(status, StatusCode::OK, "{enrolled:?}");
    assert_eq!(enrolled["hub"], s.a.0);
    assert_eq!(enrolled["label"], "Tablet in portineria");
    assert_eq!(enrolled["idle_seconds"], 90);
    assert_eq!(enrolled["revoked"], false);
    let set = cookies.iter().find(|c| c.starts_with("civico_kiosk=")).unwrap();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
        assert!(set.contains(part), "{set}");
    }
    assert!(!set.contains("Secure"), "plain HTTP: no Secure flag");
    let kiosk = kiosk_cookie(&cookies, "civico_kiosk").unwrap();
    assert_eq!(kiosk.len(), 64);
    // The coordinator's login on the device ended with the enrolment.
    let me = call("me", json!({}), Some(&coordinator)).await;
    assert_eq!((me.status, me.body.clone()), (StatusCode::OK, Value::Null));
    // The credential opens the kiosk's own question and no staff function.
    let mine = as_kiosk("kiosk", json!({}), &kiosk).await;
    assert_eq!(mine.status, StatusCode::OK, "{:?}", mine.body);
    assert_eq!(mine.body, enrolled);
    for (function, args) in [("desk", json!({"hub": s.a.0})), ("kiosks", json!({"hub": s.a.0})), ("people", json!({}))] {
        assert_eq!(as_kiosk(function, args, &kiosk).await.status, StatusCode::UNAUTHORIZED, "{function}");
    }
    assert_eq!(call("kiosk", json!({}), None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(as_kiosk("kiosk", json!({}), &"0".repeat(64)).await.status, StatusCode::UNAUTHORIZED);
    // Only the credential's digest is stored.
    let digest = app::sync::push::server::digest(&kiosk);
    let stored: Vec<u8> =
        ["", "-wal"].iter().flat_map(|ext| std::fs::read(format!("{}{ext}", s.db.display())).unwrap_or_default()).collect();
    assert!(stored.windows(digest.len()).any(|w| w == digest.as_bytes()), "its digest is what the database holds");
    assert!(!stored.windows(kiosk.len()).any(|w| w == kiosk.as_bytes()), "the credential itself is never stored");

    // Another coordinator's device lists it and switches it off; it opens nothing after.
    let other = login("coord@example.org").await;
    let id = enrolled["id"].as_i64().unwrap();
    let listed = call("kiosks", json!({"hub": s.a.0}), Some(&other)).await;
    assert!(listed.body.as_array().unwrap().iter().any(|k| k["id"] == id && k["revoked"] == false));
    assert_eq!(call("revoke_kiosk", json!({"hub": s.a.0, "kiosk": id}), Some(&other)).await.status, StatusCode::OK);
    let refused = as_kiosk("kiosk", json!({}), &kiosk).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(field(&refused).as_deref(), Some("kiosk"));
    let listed = call("kiosks", json!({"hub": s.a.0}), Some(&other)).await;
    assert!(listed.body.as_array().unwrap().iter().any(|k| k["id"] == id && k["revoked"] == true));
    assert_eq!(call("revoke_kiosk", json!({"hub": s.a.0, "kiosk": id}), Some(&other)).await.status, StatusCode::OK, "twice is fine");
    // A kiosk is revoked at its own hub only.
    let admin = login("admin@example.org").await;
    assert_eq!(call("revoke_kiosk", json!({"hub": s.b.0, "kiosk": id}), Some(&admin)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_the_hubs_coordinators_and_administrators_manage_its_kiosks() {
    let s = server();
    let callers = [
        ("anonymous", None),
        ("volunteer of another hub", Some(login("vol-b@example.org").await)),
        ("volunteer of the hub", Some(login("vol-a@example.org").await)),
    ];
    for (function, args) in [
        ("kiosks", json!({"hub": s.a.0})),
        ("enrol_kiosk", json!({"hub": s.a.0, "label": "Tablet", "idle_seconds": 90})),
        ("revoke_kiosk", json!({"hub": s.a.0, "kiosk": 1})),
    ] {
        for ((who, cookie), status) in callers.iter().zip([401, 403, 403]) {
            let answer = call(function, args.clone(), cookie.as_deref()).await;
            assert_eq!(answer.status.as_u16(), status, "{function} as {who}: {:?}", answer.body);
            assert!(answer.set_cookie.as_deref().is_none_or(|c| !c.starts_with("civico_kiosk")), "{function} as {who}");
        }
    }
    let coordinator = login("coord@example.org").await;
    let elsewhere = call("enrol_kiosk", json!({"hub": s.b.0, "label": "Tablet", "idle_seconds": 90}), Some(&coordinator)).await;
    assert_eq!(elsewhere.status, StatusCode::FORBIDDEN, "a coordinator enrols kiosks at their own hubs only");
    assert_eq!(call("revoke_kiosk", json!({"hub": s.a.0, "kiosk": 987_654}), Some(&coordinator)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn under_https_the_kiosk_credential_is_secure_with_the_host_prefix() {
    let secure = start(true, app::features::staff::auth::LoginLimits { per_address: None, per_account: None });
    let logged = call_on(secure.addr, "login", json!({"email": "coord@example.org", "password": PASSWORD}), None, &[]).await;
    let session = logged.set_cookie.unwrap().split(';').next().unwrap().to_string();
    let args = json!({"hub": secure.a.0, "label": "Tablet", "idle_seconds": 120});
    let (status, body, cookies) = enrol(secure.addr, args, &session).await;
    assert_eq!(status, StatusCode::OK, "{body:?}");
    let set = cookies.iter().find(|c| c.starts_with("__Host-civico_kiosk=")).expect("the credential");
    assert!(set.contains("; Secure"), "{set}");
    let token = kiosk_cookie(&cookies, "__Host-civico_kiosk").unwrap();
    let mine = call_on(secure.addr, "kiosk", json!({}), None, &[("cookie", &format!("__Host-civico_kiosk={token}"))]).await;
    assert_eq!(mine.status, StatusCode::OK, "{:?}", mine.body);
    assert_eq!(mine.body["idle_seconds"], 120);
}

#[tokio::test]
async fn the_kiosk_page_renders_a_frame_without_the_sites_header() {
    let s = server();
    let res = reqwest::get(format!("http://{}/staff/kiosk/{}", s.addr, s.a.0)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("kiosk-frame"), "{html}");
    // The site's header and footer are there (hydration needs the same tree on every page)
    // and hidden by the stylesheet on a kiosk's page: nothing leads out of it.
    let page = reqwest::get(format!("http://{}/staff", s.addr)).await.unwrap().text().await.unwrap();
    assert!(!page.contains("kiosk-frame") && !page.contains("/pkg/kiosk."));
    // The staff screens link their own stylesheet; a resident's page does not carry it.
    assert!(page.contains(&format!("/pkg/{}", app::style::STAFF_CSS_FILE)), "{page}");
    let home = reqwest::get(format!("http://{}/", s.addr)).await.unwrap().text().await.unwrap();
    assert!(!home.contains("/pkg/staff."));
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../style/main.css")).unwrap();
    assert!(css.contains("body:has(.kiosk-frame) :is(.skip-link, .site-header, .site-footer) { display: none; }"));
}

#[tokio::test]
async fn the_kiosks_store_keeps_digests_by_hub_and_revokes_at_the_right_hub_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = server::open_store(&format!("sqlite://{}", dir.path().join("kiosks.db").display())).await.unwrap();
    let admin = app::store::NewAccount {
        email: "admin@example.org".into(),
        name: "Admin".into(),
        role: app::domain::staff::Role::Admin,
        hubs: vec![],
        password_hash: "x".into(),
    };
    let by = app::store::StaffStore::add_account(store.as_ref(), &admin).await.unwrap();
    let new = |hub: i64, label: &str| NewKiosk { hub: HubId(hub), label: label.into(), idle_seconds: 90, enrolled_by: by };
    let first = store.add_kiosk("digest-1", &new(1, "Portineria")).await.unwrap();
    let second = store.add_kiosk("digest-2", &new(1, "Sala")).await.unwrap();
    let other = store.add_kiosk("digest-3", &new(2, "Altrove")).await.unwrap();
    assert!(!first.revoked && first.hub == HubId(1) && first.enrolled_at > 0);
    let at_one: Vec<KioskId> = store.kiosks(HubId(1)).await.unwrap().into_iter().map(|k| k.id).collect();
    assert_eq!(at_one, [second.id, first.id], "newest first, this hub's only");
    assert!(store.add_kiosk("digest-1", &new(1, "Again")).await.is_err(), "one kiosk per credential");
    assert_eq!(store.kiosk_by_token("digest-3").await.unwrap(), Some(other.clone()));
    assert_eq!(store.kiosk_by_token("nope").await.unwrap(), None);
    assert!(matches!(store.revoke_kiosk(HubId(1), other.id).await, Err(StoreError::NotFound)), "not that hub's");
    store.revoke_kiosk(HubId(2), other.id).await.unwrap();
    assert!(store.kiosk_by_token("digest-3").await.unwrap().unwrap().revoked);
    assert!(!store.kiosk_by_token("digest-1").await.unwrap().unwrap().revoked);
    assert!(matches!(store.revoke_kiosk(HubId(1), KioskId(999)).await, Err(StoreError::NotFound)));
}
