//! `civico content get|put|delete`: change content from the command line, through the
//! same store (and the same validation and change feed) as everything else.
//!
//! A refused document names its field (`contacts.website`), why, and the rule's English
//! text, so an editor can fix the file and try again; nothing is saved.

use crate::config::ContentCommand;
use app::content::{DocKey, Document, MAX_DOCUMENT_TEXT_BYTES};
use app::error::FieldError;
use app::store::{ContentStore, StoreError};
use std::io::Read;

pub async fn run(store: &dyn ContentStore, command: ContentCommand) -> anyhow::Result<()> {
    match command {
        ContentCommand::Get { kind, id } => {
            let doc = get(store, &key(&kind, &id)?).await?;
            println!("{}", serde_json::to_string_pretty(&doc)?);
        }
        ContentCommand::Put => {
            let doc = Document::from_json(&read_input(std::io::stdin())?).map_err(refused)?;
            let seq = store.put(&doc).await.map_err(store_failure)?;
            let key = doc.key();
            eprintln!("saved {} {} as change {}", key.kind(), key.id_text(), seq.0);
        }
        ContentCommand::Delete { kind, id } => {
            let seq = store.delete(&key(&kind, &id)?).await.map_err(store_failure)?;
            eprintln!("deleted {kind} {id} as change {}", seq.0);
        }
    }
    Ok(())
}

/// The document's JSON, read no further than one byte past the largest accepted (so a
/// wrong file piped in is refused as too big, not read into memory whole).
fn read_input(input: impl Read) -> anyhow::Result<Vec<u8>> {
    let mut json = Vec::new();
    input.take(MAX_DOCUMENT_TEXT_BYTES as u64 + 1).read_to_end(&mut json)?;
    Ok(json)
}

fn key(kind: &str, id: &str) -> anyhow::Result<DocKey> {
    DocKey::parse(kind, id).ok_or_else(|| {
        anyhow::anyhow!(
            "'{kind} {id}' is not a document: kinds are hub, activity, service, taxonomy_term (and places, read only); \
             ids are whole numbers from 1, category codes look like casa.affitto"
        )
    })
}

/// A refusal, with the dotted field first so the editor knows where to look.
fn refused(e: FieldError) -> anyhow::Error {
    anyhow::anyhow!("refused, nothing saved: field {}: {e}", e.field)
}

fn store_failure(e: StoreError) -> anyhow::Error {
    match e {
        StoreError::Invalid(f) => refused(f),
        other => anyhow::anyhow!("{other}"),
    }
}

async fn get(store: &dyn ContentStore, key: &DocKey) -> anyhow::Result<Document> {
    let found = match key {
        DocKey::Hub(id) => store.hub(*id).await.map(Document::Hub),
        DocKey::Activity(id) => store.activity(*id).await.map(Document::Activity),
        DocKey::Service(id) => store.service(*id).await.map(Document::Service),
        DocKey::TaxonomyTerm(code) => store
            .taxonomy()
            .await
            .and_then(|t| t.into_iter().find(|t| &t.code == code).map(Document::TaxonomyTerm).ok_or(StoreError::NotFound)),
        DocKey::Places(id) => {
            store.places(&[*id]).await.and_then(|p| p.into_iter().next().map(Document::Places).ok_or(StoreError::NotFound))
        }
        DocKey::HelpGuide(id) => {
            store.help_guides().await.and_then(|g| g.into_iter().find(|g| g.id == *id).map(Document::HelpGuide).ok_or(StoreError::NotFound))
        }
    };
    found.map_err(|e| anyhow::anyhow!("{} {}: {e}", key.kind(), key.id_text()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_checked() {
        assert!(key("service", "3").is_ok());
        assert!(key("service", "three").is_err());
        assert!(key("person", "1").is_err());
        assert!(key("hub", "0").is_err());
        assert!(key("hub", "-1").is_err());
        assert!(key("taxonomy_term", "../x").is_err());
    }

    #[test]
    fn input_is_read_only_up_to_the_limit() {
        let huge = "é".repeat(MAX_DOCUMENT_TEXT_BYTES * 2);
        let json = read_input(huge.as_bytes()).unwrap();
        assert_eq!(json.len(), MAX_DOCUMENT_TEXT_BYTES + 1);
        assert_eq!(Document::from_json(&json).unwrap_err().reason, app::error::Reason::TooLong, "too big, though cut mid-character");
    }

    #[test]
    fn refusals_name_the_field_first() {
        let e = refused(FieldError::new("contacts.website", app::error::Reason::NotAWebAddress).with_value("javascript:alert(1)"));
        assert!(e.to_string().starts_with("refused, nothing saved: field contacts.website: "), "{e}");
    }
}
