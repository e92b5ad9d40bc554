//! Reading one cookie from a request's headers (server side): the language choice, the
//! kiosk's credential.

/// The value of cookie `name`, from every `Cookie` header of the request.
pub fn cookie<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_found_by_its_whole_name_in_any_header() {
        let mut headers = http::HeaderMap::new();
        headers.append(http::header::COOKIE, "civico_lang=ar; xcivico_kiosk=1".parse().unwrap());
        headers.append(http::header::COOKIE, "civico_kiosk=2".parse().unwrap());
        assert_eq!(cookie(&headers, "civico_lang"), Some("ar"));
        assert_eq!(cookie(&headers, "civico_kiosk"), Some("2"));
        assert_eq!(cookie(&headers, "kiosk"), None);
    }
}
