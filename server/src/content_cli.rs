//! `civico content get|put|delete`: change content from the command line, through the
//! same store (and the same validation and change feed) as everything else.

use crate::config::ContentCommand;
use app::content::{DocKey, Document};
use app::store::ContentStore;
use std::io::Read;

pub async fn run(store: &dyn ContentStore, command: ContentCommand) -> anyhow::Result<()> {
    match command {
        ContentCommand::Get { kind, id } => {
            let doc = get(store, &key(&kind, &id)?).await?;
            println!("{}", serde_json::to_string_pretty(&doc)?);
        }
        ContentCommand::Put => {
            let mut input = String::new();
            std::io::stdin().read_to_string(&mut input)?;
            let doc: Document = serde_json::from_str(&input).map_err(|e| anyhow::anyhow!("not a content document: {e}"))?;
            let seq = store.put(&doc).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            eprintln!("saved {:?} as change {}", doc.key(), seq.0);
        }
        ContentCommand::Delete { kind, id } => {
            let seq = store.delete(&key(&kind, &id)?).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            eprintln!("deleted {kind} {id} as change {}", seq.0);
        }
    }
    Ok(())
}

fn key(kind: &str, id: &str) -> anyhow::Result<DocKey> {
    DocKey::parse(kind, id)
        .ok_or_else(|| anyhow::anyhow!("'{kind} {id}' is not a document: kinds are hub, activity, service, taxonomy_term"))
}

async fn get(store: &dyn ContentStore, key: &DocKey) -> anyhow::Result<Document> {
    let found = match key {
        DocKey::Hub(id) => store.hub(*id).await.map(Document::Hub),
        DocKey::Activity(id) => store.activity(*id).await.map(Document::Activity),
        DocKey::Service(id) => store.service(*id).await.map(Document::Service),
        DocKey::TaxonomyTerm(code) => store
            .taxonomy()
            .await
            .and_then(|t| t.into_iter().find(|t| &t.code == code).map(Document::TaxonomyTerm).ok_or(app::store::StoreError::NotFound)),
    };
    found.map_err(|e| anyhow::anyhow!("{key:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_checked() {
        assert!(key("service", "3").is_ok());
        assert!(key("service", "three").is_err());
        assert!(key("person", "1").is_err());
    }
}
