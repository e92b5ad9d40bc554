//! Demo staff accounts, one per role, so the staff area can be tried at once. Their
//! password is public (README): a demo database must never hold real people's data.

use app::domain::ids::HubId;
use app::domain::staff::Role;
use app::features::staff::auth::hash_password_blocking;
use app::store::{NewAccount, StaffStore};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "civico-demo-2026";

/// (e-mail, name, role, hubs): Rome's Municipio VII and VIII poli civici, Milan's San Siro
/// concierge space.
pub const DEMO_STAFF: [(&str, &str, Role, &[i64]); 4] = [
    ("admin@civico.example.org", "Amministrazione", Role::Admin, &[]),
    ("coordinatrice.roma@civico.example.org", "Paola", Role::Coordinator, &[1, 2]),
    ("volontario.roma@civico.example.org", "Marco", Role::Volunteer, &[1]),
    ("volontaria.milano@civico.example.org", "Amina", Role::Volunteer, &[5]),
];

/// Creates the demo accounts when the database has no account yet. Returns how many.
pub async fn seed_if_none(store: &dyn StaffStore) -> anyhow::Result<usize> {
    if !store.accounts().await?.is_empty() {
        return Ok(0);
    }
    let hash = tokio::task::spawn_blocking(|| hash_password_blocking(DEMO_PASSWORD)).await??;
    for (email, name, role, hubs) in DEMO_STAFF {
        let new = NewAccount {
            email: email.into(),
            name: name.into(),
            role,
            hubs: hubs.iter().map(|h| HubId(*h)).collect(),
            password_hash: hash.clone(),
        };
        store.add_account(&new).await?;
    }
    Ok(DEMO_STAFF.len())
}
