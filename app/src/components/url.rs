//! Building links with query strings.

/// Percent-encodes a query value (everything but RFC 3986 unreserved characters).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `path?k=v&…` from the pairs whose value is present and not empty.
pub fn with_query(path: &str, pairs: &[(&str, Option<String>)]) -> String {
    let query: Vec<String> =
        pairs.iter().filter_map(|(k, v)| v.as_deref().filter(|v| !v.is_empty()).map(|v| format!("{k}={}", encode(v)))).collect();
    if query.is_empty() { path.to_string() } else { format!("{path}?{}", query.join("&")) }
}

/// For a filter form's `on_form_data`: drops the fields left empty ("any") and the nameless
/// button that sent the form (Leptos' `<Form>` adds the submitter, as `=` when it has no
/// name), so the address is the one [`with_query`] makes for the same search, whether it was
/// typed, chosen or followed (but for a bare `?` when nothing at all was chosen).
pub fn drop_empty_fields() -> std::sync::Arc<dyn Fn(&leptos::web_sys::FormData)> {
    std::sync::Arc::new(|form| {
        #[cfg(feature = "hydrate")]
        {
            let mut empty = Vec::new();
            if let Ok(Some(entries)) = js_sys::try_iter(form) {
                for entry in entries.flatten() {
                    let pair = js_sys::Array::from(&entry);
                    if pair.get(1).as_string().is_some_and(|value| value.is_empty()) {
                        empty.extend(pair.get(0).as_string());
                    }
                }
            }
            for name in empty {
                form.delete(&name);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = form;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_encoded_and_empty_ones_dropped() {
        assert_eq!(encode("Municipio VII"), "Municipio%20VII");
        assert_eq!(encode("città"), "citt%C3%A0");
        assert_eq!(
            with_query("/agenda", &[("city", Some("Roma".into())), ("district", None), ("hub", Some(String::new()))]),
            "/agenda?city=Roma"
        );
        assert_eq!(with_query("/agenda", &[]), "/agenda");
    }
}
