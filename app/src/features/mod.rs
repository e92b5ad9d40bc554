//! The app's features, one folder each: `api.rs` holds the view types and server
//! functions (thin: read the store, call a pure rule), `page.rs` the components.

pub mod activities;
pub mod agenda;
pub mod home;
pub mod hubs;
pub mod services;

use crate::error::{AppError, Reason};
use jiff::civil::Date;

/// Reads an optional `YYYY-MM-DD` query value.
pub fn parse_date_param(value: Option<String>) -> Result<Option<Date>, AppError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| AppError::bad_param("from", Reason::NotADate, v)),
    }
}

/// Treats an empty query value as absent (HTML forms send `city=` for "any").
pub fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_params_accept_iso_dates_and_blank() {
        assert_eq!(parse_date_param(None), Ok(None));
        assert_eq!(parse_date_param(Some(" ".into())), Ok(None));
        assert_eq!(parse_date_param(Some("2026-11-23".into())), Ok(Some(jiff::civil::date(2026, 11, 23))));
        assert!(matches!(parse_date_param(Some("23/11/2026".into())), Err(AppError::BadRequest(_))));
    }
}
