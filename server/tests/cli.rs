//! `civico content …` and `civico user …` as an operator runs them: the real binary, a
//! database file, JSON or a password on standard input.

use app::content::Document;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `civico --database-url sqlite://<dir>/x.db content <args>`, feeding `stdin`.
fn civico(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut all = vec!["content"];
    all.extend_from_slice(args);
    run(dir, &all, stdin)
}

/// Runs `civico --database-url sqlite://<dir>/x.db <args>`, feeding `stdin`.
fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let url = format!("sqlite://{}", dir.join("x.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_civico"))
        .args(["--database-url", &url])
        .args(args)
        .env_remove("CIVICO_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the civico binary runs");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn hub(website: &str) -> String {
    serde_json::json!({"kind": "hub", "body": {
        "id": 1, "kind": "casa_del_quartiere", "name": {"it": "Casa del quartiere", "en": "Neighbourhood house"},
        "description": {"it": "Spazio aperto a tutti"}, "city": "Torino", "district": "San Salvario",
        "address": "Via Morgari 14", "contacts": {"phone": "+39 011 000 0100", "email": "casa@example.org", "website": website},
        "hours": {"weekly": [{"day": "TU", "start": "09:30", "end": "12:30"}]}
    }})
    .to_string()
}

#[test]
fn a_script_link_is_refused_naming_the_field_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let put = civico(dir.path(), &["put"], &hub("javascript:alert(1)"));
    assert!(!put.status.success(), "refused: {}", stderr(&put));
    let message = stderr(&put);
    assert!(message.contains("contacts.website"), "names the field: {message}");
    assert!(message.contains("javascript:alert(1)"), "repeats the value: {message}");
    assert!(message.contains("not a web address"), "says why: {message}");
    assert!(message.contains("nothing saved"), "{message}");

    let get = civico(dir.path(), &["get", "hub", "1"], "");
    assert!(!get.status.success());
    assert!(stderr(&get).contains("not found"), "{}", stderr(&get));
}

#[test]
fn a_good_document_round_trips_through_put_and_get() {
    let dir = tempfile::tempdir().unwrap();
    let sent = hub("https://torino.example.org/casa");
    let put = civico(dir.path(), &["put"], &sent);
    assert!(put.status.success(), "{}", stderr(&put));
    assert!(stderr(&put).contains("saved hub 1"), "{}", stderr(&put));

    let get = civico(dir.path(), &["get", "hub", "1"], "");
    assert!(get.status.success(), "{}", stderr(&get));
    let got: Document = serde_json::from_slice(&get.stdout).expect("get prints the document's JSON");
    assert_eq!(got, serde_json::from_str::<Document>(&sent).unwrap());
}

#[test]
fn bad_rules_and_bad_keys_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let activity = serde_json::json!({"kind": "activity", "body": {
        "id": 1, "hub_id": 1, "title": {"it": "Corso"}, "description": {"it": ""}, "category": "course",
        "registration_required": false,
        "schedule": {"start": "2026-11-02T10:00", "duration_minutes": 60, "rule": "FREQ=WEEKLY;UNTIL=20261231é12345"}
    }});
    let put = civico(dir.path(), &["put"], &activity.to_string());
    assert!(!put.status.success());
    assert!(stderr(&put).contains("schedule.rule") && stderr(&put).contains("UNTIL must be a date"), "{}", stderr(&put));

    for args in [["get", "hub", "0"], ["get", "hub", "-1"], ["get", "taxonomy_term", "../x"]] {
        // `--` so that `-1` reaches the command as a value rather than a flag.
        let out = civico(dir.path(), &[args[0], args[1], "--", args[2]], "");
        assert!(!out.status.success());
        assert!(stderr(&out).contains("is not a document"), "{args:?}: {}", stderr(&out));
    }
}

#[tokio::test]
async fn the_first_administrator_is_made_with_a_password_read_from_standard_input() {
    use app::store::StaffStore;
    let dir = tempfile::tempdir().unwrap();
    let admin = ["user", "create-admin", "--email", " Lucia@Example.org ", "--name", "Lucia"];
    let short = run(dir.path(), &admin, "corta\n");
    assert!(!short.status.success());
    assert!(stderr(&short).contains("Password") && stderr(&short).contains("too short"), "{}", stderr(&short));

    let made = run(dir.path(), &admin, "una password lunga abbastanza\n");
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(stderr(&made).contains("administrator lucia@example.org created"), "{}", stderr(&made));
    assert!(!stderr(&made).contains("una password"), "the password is never echoed: {}", stderr(&made));
    let again = run(dir.path(), &admin, "un'altra password lunga\n");
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already used"), "{}", stderr(&again));

    let store = server::open_store(&format!("sqlite://{}", dir.path().join("x.db").display())).await.unwrap();
    let record = store.account_by_email("lucia@example.org").await.unwrap().expect("made");
    assert_eq!((record.account.role, record.account.name.as_str()), (app::domain::staff::Role::Admin, "Lucia"));
    assert!(record.password_hash.starts_with("$argon2id$"), "{}", record.password_hash);
    drop(store);

    // A lost tablet at night: the account is deactivated from the command line.
    let gone = run(dir.path(), &["user", "deactivate", "--email", "LUCIA@example.org"], "");
    assert!(gone.status.success(), "{}", stderr(&gone));
    assert!(stderr(&gone).contains("lucia@example.org deactivated"), "{}", stderr(&gone));
    let unknown = run(dir.path(), &["user", "deactivate", "--email", "nobody@example.org"], "");
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("no account"), "{}", stderr(&unknown));
    let store = server::open_store(&format!("sqlite://{}", dir.path().join("x.db").display())).await.unwrap();
    let record = store.account_by_email("lucia@example.org").await.unwrap().unwrap();
    assert!(!record.account.active);
    assert!(record.epoch > 0, "its sessions end");
}
