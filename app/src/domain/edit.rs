//! An edit to a content document, as the changes of its fields, and how it is applied to
//! whatever version the server holds by then: field by field, so that two coordinators
//! who changed different fields offline both keep their work, and one who changed a
//! field someone else changed meanwhile is told, never overwritten.
//!
//! A field is a place in the document's JSON body, named by a JSON Pointer (`/title/en`).
//! Objects are walked, so each language of a text is a field of its own, except those whose
//! parts only make sense together (a service's cost, free or a fee; a hub's coordinates),
//! which are one field. A list is one field, except the lists whose items stand on their
//! own (opening slots, closures, categories, cancelled dates), which merge item by item: an
//! item is identified by its whole value, so changing one is taking it out and putting the
//! new one in. Each kind of document says which are which ([`shape`]).
//!
//! A change says what the field was when the editor started (`before`) and what they made
//! it (`after`). Applied to the current body: a field still as it was takes the new value;
//! a field already holding the new value is left alone (the same edit twice, or two people
//! making the same change); any other value is a [`Conflict`], and nothing of the edit is
//! applied. Item lists never conflict: items taken out go if they are still there, items
//! put in come if they are not there yet, in the editor's order after the others.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One field's change, as the editor made it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum FieldChange {
    /// A value set: `null` is a field left empty or taken away.
    Set { field: String, before: Value, after: Value },
    /// Items taken out of and put into a list whose items stand on their own.
    Items {
        field: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        removed: Vec<Value>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        added: Vec<Value>,
    },
}

impl FieldChange {
    pub fn field(&self) -> &str {
        match self {
            FieldChange::Set { field, .. } | FieldChange::Items { field, .. } => field,
        }
    }
}

/// A field changed on both sides: what the editor started from, what they want, and what
/// the document holds now. The editor chooses, field by field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub field: String,
    pub before: Value,
    pub mine: Value,
    pub theirs: Value,
}

/// How a kind of document divides into fields, as JSON Pointers into its body.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shape {
    /// Lists that merge item by item; every other list is one field.
    pub item_lists: &'static [&'static str],
    /// Objects that are one field, their parts chosen together.
    pub whole: &'static [&'static str],
}

/// The shape of a kind of document (`DocKey::kind`). Steps of a guide are in order, so
/// they are one field.
pub fn shape(kind: &str) -> Shape {
    match kind {
        "hub" => Shape { item_lists: &["/hours/weekly", "/hours/exceptions"], whole: &["/coordinates"] },
        "activity" => Shape { item_lists: &["/audience", "/languages", "/schedule/cancelled", "/schedule/extra"], whole: &[] },
        "service" => {
            Shape { item_lists: &["/categories", "/target_groups", "/languages", "/required_documents", "/locations"], whole: &["/cost"] }
        }
        "help_guide" => Shape { item_lists: &["/you_need", "/hubs"], whole: &[] },
        _ => Shape::default(),
    }
}

/// The changes that turn `before` into `after`, field by field, in the order of their
/// fields; none when they are equal.
pub fn diff(before: &Value, after: &Value, shape: &Shape) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    diff_at(String::new(), before, after, shape, &mut changes);
    changes
}

fn diff_at(field: String, before: &Value, after: &Value, shape: &Shape, out: &mut Vec<FieldChange>) {
    if before == after {
        return;
    }
    if shape.item_lists.contains(&field.as_str()) {
        let (old, new) = (items(before), items(after));
        let removed: Vec<Value> = old.iter().filter(|v| !new.contains(v)).cloned().collect();
        let added: Vec<Value> = new.iter().filter(|v| !old.contains(v)).cloned().collect();
        if !removed.is_empty() || !added.is_empty() {
            out.push(FieldChange::Items { field, removed, added });
        }
        return;
    }
    let whole = shape.whole.contains(&field.as_str());
    match (walkable(before), walkable(after)) {
        (Some(old), Some(new)) if !whole => {
            let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let child = format!("{field}/{}", escape(key));
                diff_at(child, old.get(key).unwrap_or(&Value::Null), new.get(key).unwrap_or(&Value::Null), shape, out);
            }
        }
        _ => out.push(FieldChange::Set { field, before: before.clone(), after: after.clone() }),
    }
}

/// An object's fields, to walk. Absent and `null` walk as no fields, so a text gaining its
/// first translation is one field.
fn walkable(value: &Value) -> Option<&Map<String, Value>> {
    static NONE: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);
    match value {
        Value::Object(map) => Some(map),
        Value::Null => Some(&NONE),
        _ => None,
    }
}

fn items(value: &Value) -> Vec<Value> {
    value.as_array().cloned().unwrap_or_default()
}

/// `current` with `changes` applied, or every field where the edit meets a different
/// change made meanwhile (and then nothing is applied).
pub fn apply(current: &Value, changes: &[FieldChange]) -> Result<Value, Vec<Conflict>> {
    let mut body = current.clone();
    let mut conflicts = Vec::new();
    for change in changes {
        let now = get(&body, change.field()).cloned().unwrap_or(Value::Null);
        match change {
            FieldChange::Set { field, before, after } => {
                if now == *after {
                    continue;
                }
                if now == *before {
                    set(&mut body, field, after.clone());
                } else {
                    conflicts.push(Conflict { field: field.clone(), before: before.clone(), mine: after.clone(), theirs: now });
                }
            }
            FieldChange::Items { field, removed, added } => {
                let mut list = items(&now);
                list.retain(|item| !removed.contains(item));
                for item in added {
                    if !list.contains(item) {
                        list.push(item.clone());
                    }
                }
                set(&mut body, field, Value::Array(list));
            }
        }
    }
    if conflicts.is_empty() { Ok(body) } else { Err(conflicts) }
}

/// The value at a JSON Pointer, walking objects only.
fn get<'a>(body: &'a Value, field: &str) -> Option<&'a Value> {
    let mut at = body;
    for key in keys(field) {
        at = at.as_object()?.get(&key)?;
    }
    Some(at)
}

/// Sets the value at a JSON Pointer, making the objects on the way; `null` removes the
/// key, and an object left empty by that goes too (an absent field is an empty one).
fn set(body: &mut Value, field: &str, value: Value) {
    let keys: Vec<String> = keys(field).collect();
    set_in(body, &keys, value);
}

fn set_in(at: &mut Value, keys: &[String], value: Value) {
    let Some((key, rest)) = keys.split_first() else {
        *at = value;
        return;
    };
    if !at.is_object() {
        *at = Value::Object(Map::new());
    }
    let Value::Object(map) = at else { return };
    if rest.is_empty() {
        if value.is_null() {
            map.remove(key);
        } else {
            map.insert(key.clone(), value);
        }
        return;
    }
    let child = map.entry(key.clone()).or_insert(Value::Null);
    set_in(child, rest, value);
    if child.as_object().is_some_and(Map::is_empty) || child.is_null() {
        map.remove(key);
    }
}

/// A JSON Pointer's keys, unescaped (RFC 6901: `~1` is `/`, `~0` is `~`).
fn keys(field: &str) -> impl Iterator<Item = String> + '_ {
    field.split('/').skip(1).map(|k| k.replace("~1", "/").replace("~0", "~"))
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// An activity's shape, with a cost chosen as one field as a service's is.
    const ACTIVITY: &Shape =
        &Shape { item_lists: &["/audience", "/languages", "/schedule/cancelled", "/schedule/extra"], whole: &["/cost"] };

    fn activity() -> Value {
        json!({
            "id": 12, "hub_id": 1,
            "title": {"it": "Sportello digitale", "en": "Digital help desk"},
            "capacity": 8,
            "languages": ["it", "ar"],
            "schedule": {"start": "2027-03-02T10:00", "duration_minutes": 120, "rule": "FREQ=WEEKLY;BYDAY=TU,TH", "cancelled": ["2027-04-06"]},
            "cost": {"kind": "fee", "description": {"it": "5 euro"}}
        })
    }

    #[test]
    fn an_edit_is_the_fields_it_changed() {
        let base = activity();
        let mut mine = base.clone();
        mine["title"]["en"] = json!("Digital help point");
        mine["title"]["ar"] = json!("مكتب المساعدة الرقمية");
        mine["capacity"] = json!(10);
        mine["schedule"]["cancelled"] = json!(["2027-04-06", "2027-05-01"]);
        mine["cost"] = json!({"kind": "free"});
        assert_eq!(
            diff(&base, &mine, ACTIVITY),
            [
                FieldChange::Set { field: "/capacity".into(), before: json!(8), after: json!(10) },
                FieldChange::Set { field: "/cost".into(), before: base["cost"].clone(), after: json!({"kind": "free"}) },
                FieldChange::Items { field: "/schedule/cancelled".into(), removed: vec![], added: vec![json!("2027-05-01")] },
                FieldChange::Set {
                    field: "/title/ar".into(), before: Value::Null, after: json!("مكتب المساعدة الرقمية")
                },
                FieldChange::Set { field: "/title/en".into(), before: json!("Digital help desk"), after: json!("Digital help point") },
            ]
        );
        assert_eq!(diff(&base, &base, ACTIVITY), []);
        assert_eq!(apply(&base, &diff(&base, &mine, ACTIVITY)).unwrap(), mine);
    }

    #[test]
    fn changes_to_different_fields_both_apply() {
        let base = activity();
        let mut title = base.clone();
        title["title"]["it"] = json!("Facilitazione digitale");
        let mut places = base.clone();
        places["capacity"] = json!(6);
        let theirs = apply(&base, &diff(&base, &title, ACTIVITY)).unwrap();
        let merged = apply(&theirs, &diff(&base, &places, ACTIVITY)).unwrap();
        assert_eq!(merged["title"]["it"], "Facilitazione digitale");
        assert_eq!(merged["capacity"], 6);
        assert_eq!(merged["title"]["en"], "Digital help desk", "the other language was left as it was");
    }

    #[test]
    fn the_same_field_changed_on_both_sides_is_a_conflict_and_nothing_applies() {
        let base = activity();
        let mut first = base.clone();
        first["title"]["it"] = json!("Facilitazione digitale");
        let mut second = base.clone();
        second["title"]["it"] = json!("Aiuto col computer");
        second["capacity"] = json!(12);
        let theirs = apply(&base, &diff(&base, &first, ACTIVITY)).unwrap();
        let conflicts = apply(&theirs, &diff(&base, &second, ACTIVITY)).unwrap_err();
        assert_eq!(
            conflicts,
            [Conflict {
                field: "/title/it".into(),
                before: json!("Sportello digitale"),
                mine: json!("Aiuto col computer"),
                theirs: json!("Facilitazione digitale"),
            }]
        );
        // Choosing per field: keep theirs for the title, mine for the places, as a new edit on theirs.
        let mut chosen = theirs.clone();
        chosen["capacity"] = json!(12);
        let resolved = apply(&theirs, &diff(&theirs, &chosen, ACTIVITY)).unwrap();
        assert_eq!((resolved["title"]["it"].clone(), resolved["capacity"].clone()), (json!("Facilitazione digitale"), json!(12)));
    }

    #[test]
    fn the_same_change_made_twice_is_no_conflict() {
        let base = activity();
        let mut mine = base.clone();
        mine["capacity"] = json!(10);
        let changes = diff(&base, &mine, ACTIVITY);
        let once = apply(&base, &changes).unwrap();
        assert_eq!(apply(&once, &changes).unwrap(), once);
    }

    #[test]
    fn a_choice_whose_parts_go_together_is_one_field() {
        let base = activity();
        let mut free = base.clone();
        free["cost"] = json!({"kind": "free"});
        let mut dearer = base.clone();
        dearer["cost"]["description"]["it"] = json!("10 euro");
        let theirs = apply(&base, &diff(&base, &free, ACTIVITY)).unwrap();
        let conflicts = apply(&theirs, &diff(&base, &dearer, ACTIVITY)).unwrap_err();
        assert_eq!(conflicts[0].field, "/cost", "never a fee's description on a free service");
    }

    #[test]
    fn item_lists_merge_item_by_item() {
        let base = activity();
        let mut may = base.clone();
        may["schedule"]["cancelled"] = json!(["2027-04-06", "2027-05-01"]);
        let mut june = base.clone();
        june["schedule"]["cancelled"] = json!(["2027-06-02"]);
        let theirs = apply(&base, &diff(&base, &may, ACTIVITY)).unwrap();
        let merged = apply(&theirs, &diff(&base, &june, ACTIVITY)).unwrap();
        assert_eq!(merged["schedule"]["cancelled"], json!(["2027-05-01", "2027-06-02"]));
        // A list that is not one of them is one field: the languages here are, a title's words are not.
        let mut spoken = base.clone();
        spoken["languages"] = json!(["it", "ar", "en"]);
        let mut fewer = base.clone();
        fewer["languages"] = json!(["it"]);
        let theirs = apply(&base, &diff(&base, &spoken, ACTIVITY)).unwrap();
        assert_eq!(apply(&theirs, &diff(&base, &fewer, ACTIVITY)).unwrap()["languages"], json!(["it", "en"]));
    }

    #[test]
    fn emptied_fields_leave_the_body_and_odd_keys_round_trip() {
        let base = json!({"title": {"it": "A", "en": "B"}, "a/b~c": 1});
        let mine = json!({"title": {"it": "A"}, "a/b~c": 2});
        let changes = diff(&base, &mine, &Shape::default());
        assert_eq!(changes[0].field(), "/a~1b~0c");
        assert_eq!(apply(&base, &changes).unwrap(), mine);
        let none = json!({"x": 1});
        assert_eq!(
            apply(&json!({"x": 1, "note": {"it": "n"}}), &diff(&json!({"x": 1, "note": {"it": "n"}}), &none, &Shape::default())).unwrap(),
            none
        );
    }

    #[test]
    fn shapes_name_fields_documents_have_and_a_hubs_kind_is_just_a_field() {
        let hub = serde_json::to_value(crate::domain::fixtures::hub()).unwrap();
        let activity =
            serde_json::to_value(crate::domain::fixtures::weekly(1, jiff::civil::date(2027, 3, 2).at(10, 0, 0, 0), "FREQ=WEEKLY")).unwrap();
        for (kind, body) in [("hub", &hub), ("activity", &activity)] {
            let shape = shape(kind);
            for field in shape.item_lists.iter().chain(shape.whole) {
                let parent = &field[..field.rfind('/').unwrap()];
                let holder = if parent.is_empty() { Some(body) } else { get(body, parent) };
                assert!(holder.is_some_and(Value::is_object), "{kind}'s shape names {field}, which is not where its documents have it");
            }
        }
        let mut renamed = hub.clone();
        renamed["name"]["it"] = json!("Polo civico rinnovato");
        let changes = diff(&hub, &renamed, &shape("hub"));
        assert_eq!(
            changes.iter().map(FieldChange::field).collect::<Vec<_>>(),
            ["/name/it"],
            "a hub's `kind` is one of its fields, not a choice"
        );
    }

    #[test]
    fn changes_travel_as_json() {
        let change = FieldChange::Items { field: "/languages".into(), removed: vec![json!("ar")], added: vec![] };
        let text = serde_json::to_string(&change).unwrap();
        assert_eq!(text, r#"{"op":"items","field":"/languages","removed":["ar"]}"#);
        assert_eq!(serde_json::from_str::<FieldChange>(&text).unwrap(), change);
    }

    /// Small documents: a few known keys, texts in some languages, a list of items.
    fn document() -> impl Strategy<Value = Value> {
        let text = proptest::collection::btree_map(prop::sample::select(vec!["it", "en", "ar"]), "[a-c]{1,2}", 0..3)
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), json!(v))).collect()));
        let leaf = prop_oneof![Just(Value::Null), (0..4i64).prop_map(|n| json!(n)), "[xy]{1,2}".prop_map(|s| json!(s))];
        let list = proptest::collection::vec(0..5i64, 0..4).prop_map(|mut v| {
            v.sort();
            v.dedup();
            json!(v)
        });
        (text.clone(), text, leaf.clone(), leaf, list).prop_map(|(title, how, capacity, note, days)| {
            let mut body = json!({"title": title, "how": how, "capacity": capacity, "note": note, "days": days});
            // What a document holds once stored: no empty fields.
            for key in ["capacity", "note"] {
                let value = body[key].clone();
                set(&mut body, &format!("/{key}"), value);
            }
            for key in ["title", "how"] {
                if body[key].as_object().is_some_and(Map::is_empty) {
                    body.as_object_mut().unwrap().remove(key);
                }
            }
            body
        })
    }

    const DAYS: &Shape = &Shape { item_lists: &["/days"], whole: &[] };

    /// An item list's items come in the order they were put in: compare them as sets.
    fn sorted(body: &Value) -> Value {
        let mut body = body.clone();
        if let Some(days) = body.get_mut("days").and_then(Value::as_array_mut) {
            days.sort_by_key(Value::as_i64);
        }
        body
    }

    proptest! {
        #[test]
        fn an_edit_applied_to_its_own_base_gives_the_edited_document(base in document(), mine in document()) {
            prop_assert_eq!(sorted(&apply(&base, &diff(&base, &mine, DAYS)).unwrap()), mine);
        }

        #[test]
        fn applying_an_edit_again_changes_nothing(base in document(), mine in document()) {
            let changes = diff(&base, &mine, DAYS);
            let once = apply(&base, &changes).unwrap();
            prop_assert_eq!(apply(&once, &changes).unwrap(), once);
        }

        #[test]
        fn two_edits_merge_the_same_either_way_or_conflict_either_way(base in document(), a in document(), b in document()) {
            let (to_a, to_b) = (diff(&base, &a, DAYS), diff(&base, &b, DAYS));
            let a_then_b = apply(&a, &to_b);
            let b_then_a = apply(&b, &to_a);
            prop_assert_eq!(a_then_b.is_ok(), b_then_a.is_ok());
            if let (Ok(x), Ok(y)) = (&a_then_b, &b_then_a) {
                prop_assert_eq!(sorted(x), sorted(y));
            }
            // A field both changed, to different values, is always reported, never overwritten.
            if let Err(conflicts) = &a_then_b {
                for c in conflicts {
                    prop_assert_eq!(get(&a, &c.field).cloned().unwrap_or(Value::Null), c.theirs.clone());
                    prop_assert_ne!(&c.mine, &c.theirs);
                }
            }
        }
    }
}
