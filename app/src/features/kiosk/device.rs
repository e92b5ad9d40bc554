//! What a kiosk keeps on its own device, in `localStorage`: which kiosk it is, the hash
//! of its exit PIN and the count of wrong tries. No visitor's data is ever kept here.
//!
//! The exit PIN is checked on the device, so that it works offline: PBKDF2-SHA-256 through
//! the browser's WebCrypto, 600,000 iterations (OWASP's figure for PBKDF2-SHA-256) with a
//! random 128-bit salt. One check costs a fraction of a second, and the wrong-try rule
//! (`domain::kiosk::PinGuard`) slows a guesser down to a few tries an hour.

use crate::domain::kiosk::{Kiosk, PinGuard};
use serde::{Deserialize, Serialize};
#[cfg(feature = "hydrate")]
use wasm_bindgen::JsValue;

/// The kiosk's settings.
#[cfg(feature = "hydrate")]
const KEY: &str = "civico-kiosk";
/// Where an active kiosk lives (absent while kiosk mode is left): read on every page by
/// `public/sw-register.js`, which sends any other address back there.
pub const HOME_KEY: &str = "civico-kiosk-home";
/// PBKDF2's iterations for a new PIN hash (an old hash keeps its own).
pub const PIN_ITERATIONS: u32 = 600_000;

/// The exit PIN's hash and how it was made (hex).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinHash {
    pub salt: String,
    pub hash: String,
    pub iterations: u32,
}

/// A kiosk as its device keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KioskDevice {
    pub kiosk: Kiosk,
    pub pin: PinHash,
    #[serde(default)]
    pub guard: PinGuard,
    /// Kiosk mode was left with the PIN; the device is an ordinary one until it resumes.
    #[serde(default)]
    pub paused: bool,
}

impl KioskDevice {
    /// The kiosk's own address.
    pub fn home(&self) -> String {
        home_of(&self.kiosk)
    }
}

/// The address of a kiosk's screens.
pub fn home_of(kiosk: &Kiosk) -> String {
    format!("/staff/kiosk/{}", kiosk.hub)
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

#[cfg(feature = "hydrate")]
/// The kiosk this device is, if any.
pub fn load() -> Option<KioskDevice> {
    let text = storage()?.get_item(KEY).ok()??;
    serde_json::from_str(&text).ok()
}

#[cfg(feature = "hydrate")]
/// Keeps `device`, and where its screens are unless kiosk mode was left.
pub fn save(device: &KioskDevice) {
    let Some(storage) = storage() else { return };
    if let Ok(text) = serde_json::to_string(device) {
        let _ = storage.set_item(KEY, &text);
    }
    if device.paused {
        let _ = storage.remove_item(HOME_KEY);
    } else {
        let _ = storage.set_item(HOME_KEY, &device.home());
    }
}

#[cfg(feature = "hydrate")]
/// The device is a kiosk no more (revoked, or enrolled again elsewhere).
pub fn forget() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
        let _ = storage.remove_item(HOME_KEY);
    }
}

#[cfg(feature = "hydrate")]
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(feature = "hydrate")]
fn unhex(text: &str) -> Option<Vec<u8>> {
    (0..text.len()).step_by(2).map(|i| text.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect()
}

#[cfg(feature = "hydrate")]
/// PBKDF2-SHA-256 of `pin` with `salt`, 256 bits.
async fn pbkdf2(pin: &str, salt: &[u8], iterations: u32) -> Result<Vec<u8>, String> {
    use crate::js;
    let derive = async {
        let subtle = js::get(&leptos::prelude::window().crypto()?.into(), "subtle")?;
        let raw: JsValue = js_sys::Uint8Array::from(pin.as_bytes()).into();
        let usages: JsValue = js_sys::Array::of1(&"deriveBits".into()).into();
        let import = js::call(&subtle, "importKey", &["raw".into(), raw, "PBKDF2".into(), false.into(), usages])?;
        let key = js::resolve(import).await?;
        let params = js::object(&[
            ("name", "PBKDF2".into()),
            ("hash", "SHA-256".into()),
            ("iterations", iterations.into()),
            ("salt", js_sys::Uint8Array::from(salt).into()),
        ])?;
        js::resolve(js::call(&subtle, "deriveBits", &[params, key, 256.into()])?).await
    };
    let bits = derive.await.map_err(|_| "WebCrypto refused".to_string())?;
    Ok(js_sys::Uint8Array::new(&bits).to_vec())
}

#[cfg(feature = "hydrate")]
/// A new hash of `pin` with a fresh random salt.
pub async fn hash_pin(pin: &str) -> Result<PinHash, String> {
    let mut salt = [0u8; 16];
    let crypto = leptos::prelude::window().crypto().map_err(|_| "no WebCrypto".to_string())?;
    crypto.get_random_values_with_u8_array(&mut salt).map_err(|_| "no random numbers".to_string())?;
    let hash = pbkdf2(pin, &salt, PIN_ITERATIONS).await?;
    Ok(PinHash { salt: hex(&salt), hash: hex(&hash), iterations: PIN_ITERATIONS })
}

#[cfg(feature = "hydrate")]
/// Whether `pin` is the one `hash` was made from (compared in constant time).
pub async fn pin_matches(pin: &str, hash: &PinHash) -> bool {
    let (Some(salt), Some(want)) = (unhex(&hash.salt), unhex(&hash.hash)) else { return false };
    match pbkdf2(pin, &salt, hash.iterations).await {
        Ok(got) => got.len() == want.len() && got.iter().zip(&want).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0,
        Err(_) => false,
    }
}
