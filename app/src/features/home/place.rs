//! The place a resident chose on the home page, remembered on the device.
//!
//! A cookie (`civico_place`), not IndexedDB: the server reads it to render the next visit's
//! first screen for that place (no page of every city first, no redraw), and the browser
//! reads it back offline. It is written by the browser only, once the person has chosen
//! (even with the first screen's plain form, the app writes it when it starts). An address
//! that names a place (`/?city=Roma`, or `/?city=` for every city) wins over it.

/// A city and a district; `None` is "any".
pub type Place = (Option<String>, Option<String>);

pub const PLACE_COOKIE: &str = "civico_place";

/// What the home page shows: the place the address names, if it names one (an empty value
/// is a choice too: every city), or else the remembered one. The flag says it was remembered.
pub fn resolve(city: Option<String>, district: Option<String>, remembered: impl FnOnce() -> Option<Place>) -> (Place, bool) {
    use crate::features::non_empty;
    if city.is_some() || district.is_some() {
        return ((non_empty(city), non_empty(district)), false);
    }
    match remembered() {
        Some(place) => (place, true),
        None => ((None, None), false),
    }
}

/// The cookie's value: city and district percent-encoded, joined by `|`.
pub fn cookie_value(place: &Place) -> String {
    use crate::components::url::encode;
    format!("{}|{}", encode(place.0.as_deref().unwrap_or_default()), encode(place.1.as_deref().unwrap_or_default()))
}

/// Reads [`cookie_value`] back; anything else is no place at all.
pub fn parse_cookie_value(value: &str) -> Option<Place> {
    use crate::features::non_empty;
    let (city, district) = value.split_once('|')?;
    Some((non_empty(Some(decode(city)?)), non_empty(Some(decode(district)?))))
}

/// The remembered place in a `Cookie:` header's value (or `document.cookie`).
pub fn from_cookies(cookies: &str) -> Option<Place> {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == PLACE_COOKIE)
        .and_then(|(_, value)| parse_cookie_value(value))
}

fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The remembered place of this request (server) or device (browser).
pub fn remembered() -> Option<Place> {
    #[cfg(feature = "ssr")]
    {
        let parts = leptos::prelude::use_context::<http::request::Parts>()?;
        let cookies: Vec<&str> = parts.headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
        from_cookies(&cookies.join("; "))
    }
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let document = leptos::prelude::document().dyn_into::<leptos::web_sys::HtmlDocument>().ok()?;
        from_cookies(&document.cookie().ok()?)
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    None
}

/// Remembers `place` on this device for a year (browser only).
#[cfg(feature = "hydrate")]
pub fn remember(place: &Place) {
    use leptos::wasm_bindgen::JsCast;
    let Ok(document) = leptos::prelude::document().dyn_into::<leptos::web_sys::HtmlDocument>() else { return };
    let secure = leptos::prelude::window().location().protocol().is_ok_and(|p| p == "https:");
    let cookie =
        format!("{PLACE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{}", cookie_value(place), if secure { "; Secure" } else { "" });
    let _ = document.set_cookie(&cookie);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(city: &str, district: &str) -> Place {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
        (some(city), some(district))
    }

    #[test]
    fn the_address_wins_over_the_remembered_place() {
        let roma = || Some(place("Roma", "Municipio VII"));
        assert_eq!(resolve(Some("Milano".into()), None, roma), (place("Milano", ""), false));
        assert_eq!(resolve(Some(String::new()), None, roma), (place("", ""), false), "an empty city is every city");
        assert_eq!(resolve(None, None, roma), (place("Roma", "Municipio VII"), true));
        assert_eq!(resolve(None, None, || None), (place("", ""), false));
    }

    #[test]
    fn the_cookie_round_trips_any_name_and_refuses_garbage() {
        for p in [place("Roma", "Municipio VII"), place("Reggio nell'Emilia", ""), place("", ""), place("Città|Ø; x=y", "a%b")] {
            let value = cookie_value(&p);
            assert!(!value.contains([';', ' ', ',']), "{value} is a valid cookie value");
            assert_eq!(parse_cookie_value(&value), Some(p));
        }
        assert_eq!(parse_cookie_value("Roma"), None);
        assert_eq!(parse_cookie_value("%ZZ|x"), None);
        assert_eq!(parse_cookie_value("%FF|x"), None, "not UTF-8");
        assert_eq!(from_cookies("civico_lang=it; civico_place=Torino|; x=1"), Some(place("Torino", "")));
        assert_eq!(from_cookies("civico_lang=it"), None);
        assert_eq!(from_cookies("xcivico_place=Torino|"), None);
    }
}
