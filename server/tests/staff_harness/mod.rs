//! What the staff tests share: a server on a seeded temporary database with one account
//! of each kind, and calls to its staff functions with or without a session cookie.

#![allow(dead_code)]

use app::domain::ids::HubId;
use app::domain::mutation_id::MutationId;
use app::domain::staff::Role;
use app::features::staff::auth::{LoginLimits, hash_password_blocking};
use app::store::{ContentStore, NewAccount, StaffStore};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

pub const PASSWORD: &str = "caffè al Pigneto 7";

pub struct Server {
    pub addr: SocketAddr,
    pub db: PathBuf,
    /// Two hubs of the demo data: volunteers and the coordinator work at `a`.
    pub a: HubId,
    pub b: HubId,
    /// A session at `a` in the desk's days that takes sign-ups.
    pub session: String,
}

/// Starts a server on a seeded temporary database, with the accounts every test uses.
pub fn start(https: bool, logins: LoginLimits) -> Server {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async move {
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("staff.db");
            let store = server::open_store(&format!("sqlite://{}", db.display())).await.unwrap();
            server::demo::seed_if_empty(store.as_ref(), 0).await.unwrap();
            // `a`: the hub of the first activity taking sign-ups with a session in the next days
            // (that is not cancelled by a closure), so its desk has something to show.
            let now = app::domain::time::now_local();
            let soon = app::domain::time::add_days(now.date(), 5);
            let hubs = store.hubs(None).await.unwrap();
            let (activity, occurrence) = store
                .activities(app::store::ActivityScope::All)
                .await
                .unwrap()
                .into_iter()
                .filter(|a| a.registration_required)
                .flat_map(|a| a.upcoming(now, 3).into_iter().map(move |o| (a.clone(), o)))
                .find(|(a, o)| {
                    let hub = hubs.iter().find(|h| h.id == a.hub_id).unwrap();
                    o.start.date() <= soon && app::features::agenda::model::closure_reason(&hub.hours.on(o.start.date())).is_none()
                })
                .expect("a demo session to sign up for");
            let a = activity.hub_id;
            let b = hubs.iter().find(|h| h.id != a).unwrap().id;
            let session = occurrence.id.to_string();
            let hash = hash_password_blocking(PASSWORD).unwrap();
            for (email, role, hubs) in [
                ("admin@example.org", Role::Admin, vec![]),
                ("coord@example.org", Role::Coordinator, vec![a]),
                ("vol-a@example.org", Role::Volunteer, vec![a]),
                ("vol-a2@example.org", Role::Volunteer, vec![a]),
                ("vol-b@example.org", Role::Volunteer, vec![b]),
                ("gone@example.org", Role::Volunteer, vec![a]),
                ("limited@example.org", Role::Volunteer, vec![a]),
                ("timing@example.org", Role::Volunteer, vec![a]),
                ("switch@example.org", Role::Volunteer, vec![a]),
                ("deact@example.org", Role::Volunteer, vec![a]),
            ] {
                let name = email.split('@').next().unwrap().to_string();
                let new = NewAccount { email: email.into(), name, role, hubs, password_hash: hash.clone() };
                store.add_account(&new).await.unwrap();
            }
            let mut options = server::leptos_options().unwrap();
            options.site_root = dir.path().to_string_lossy().to_string().into();
            let limits = app::sync::push::server::RateLimits { per_address: None, per_session: None };
            let app = server::app(store, options, server::Settings::new(https, limits).with_logins(logins));
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(Server { addr: listener.local_addr().unwrap(), db, a, b, session }).unwrap();
            server::serve::serve(listener, app, server::serve::ServeLimits::default(), std::future::pending()).await;
            drop(dir);
        });
    });
    rx.recv().unwrap()
}

/// The server most tests use: login limits far above what the tests need (the limit test
/// has a server of its own).
pub fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| start(false, LoginLimits { per_address: NonZeroU32::new(10_000), per_account: NonZeroU32::new(1_000) }))
}

pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    /// The staff cookie's value, if the answer set one.
    pub cookie: Option<String>,
    pub set_cookie: Option<String>,
}

pub async fn call_on(addr: SocketAddr, name: &str, args: Value, cookie: Option<&str>, headers: &[(&str, &str)]) -> Answer {
    let mut req = reqwest::Client::new().post(format!("http://{addr}/api/staff/{name}")).json(&args);
    if let Some(c) = cookie {
        req = req.header("cookie", format!("civico_staff={c}"));
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let set_cookie = res.headers().get("set-cookie").map(|v| v.to_str().unwrap().to_string());
    let cookie = set_cookie.as_deref().and_then(|c| c.split(';').next()).and_then(|c| c.split_once('=')).map(|(_, v)| v.to_string());
    let text = res.text().await.unwrap();
    Answer { status, body: serde_json::from_str(&text).unwrap_or(Value::String(text)), cookie, set_cookie }
}

pub async fn call(name: &str, args: Value, cookie: Option<&str>) -> Answer {
    call_on(server().addr, name, args, cookie, &[]).await
}

/// Logs in and returns the session cookie's value.
pub async fn login(email: &str) -> String {
    let answer = call("login", json!({"email": email, "password": PASSWORD}), None).await;
    assert_eq!(answer.status, StatusCode::OK, "{email}: {:?}", answer.body);
    answer.cookie.expect("a session cookie")
}

pub async fn account_id(email: &str) -> i64 {
    let store = server::open_store(&format!("sqlite://{}", server().db.display())).await.unwrap();
    store.account_by_email(email).await.unwrap().unwrap().account.id.0
}

/// A new mutation id, unique in this test run.
pub fn new_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let ms = jiff::Timestamp::now().as_millisecond() as u64;
    MutationId::new(ms, [n as u8, (n >> 8) as u8, 0xd5, 0xe5, 1, 2, 3, 4, 5, 6]).to_string()
}

pub fn token(n: u8) -> String {
    format!("{n:02x}").repeat(16)
}

/// Pushes `mutations` with the staff cookie `cookie`, if any.
pub async fn push(mutations: Value, cookie: Option<&str>) -> Answer {
    push_with_cookie(mutations, cookie.map(|c| format!("civico_staff={c}")).as_deref()).await
}

/// Pushes `mutations` with `cookie` (a whole `name=value`), if any.
pub async fn push_with_cookie(mutations: Value, cookie: Option<&str>) -> Answer {
    let mut req = reqwest::Client::new().post(format!("http://{}/api/sync/push", server().addr)).json(&json!({ "mutations": mutations }));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    Answer { status, body: serde_json::from_str(&text).unwrap_or(Value::String(text)), cookie: None, set_cookie: None }
}

/// The field an error answer names (`{"Forbidden": {"field": …}}`, `{"Invalid": [{…}]}`).
pub fn field(answer: &Answer) -> Option<String> {
    let (_, detail) = answer.body.as_object()?.iter().next()?;
    let detail = detail.as_array().and_then(|all| all.first()).unwrap_or(detail);
    detail["field"].as_str().map(String::from)
}

pub fn desk_sign_up(id: &str, account: i64, session: &str, name: &str) -> Value {
    json!({"id": id, "type": "desk_sign_up", "account": account, "session": session, "name": name, "party": 1, "consent": 1, "token": token(7)})
}

pub fn check_in(id: &str, account: i64, session: &str, registration: Option<&str>, party: u32) -> Value {
    let mut m = json!({"id": id, "type": "check_in", "account": account, "session": session, "party": party, "first_time": false});
    if let Some(r) = registration {
        m["registration"] = json!(r);
    }
    m
}
