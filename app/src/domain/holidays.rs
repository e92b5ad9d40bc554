//! Italian national public holidays, on which hubs are closed unless they say otherwise.

use super::text::Text;
use jiff::civil::Date;

/// The national holiday falling on `day`, if any.
pub fn national_holiday(day: Date) -> Option<Text> {
    let (y, m, d) = (day.year(), day.month(), day.day());
    let fixed = match (m, d) {
        (1, 1) => Some(("Capodanno", "New Year's Day")),
        (1, 6) => Some(("Epifania", "Epiphany")),
        (4, 25) => Some(("Festa della Liberazione", "Liberation Day")),
        (5, 1) => Some(("Festa del Lavoro", "Labour Day")),
        (6, 2) => Some(("Festa della Repubblica", "Republic Day")),
        (8, 15) => Some(("Ferragosto", "Assumption Day")),
        // Restored as a national holiday from 2026 (Law 151 of 2025).
        (10, 4) if y >= 2026 => Some(("San Francesco d'Assisi", "Saint Francis of Assisi")),
        (11, 1) => Some(("Ognissanti", "All Saints' Day")),
        (12, 8) => Some(("Immacolata Concezione", "Immaculate Conception")),
        (12, 25) => Some(("Natale", "Christmas Day")),
        (12, 26) => Some(("Santo Stefano", "Saint Stephen's Day")),
        _ => None,
    };
    if let Some((it, en)) = fixed {
        return Some(Text::new(it, en));
    }
    let easter = easter_sunday(y)?;
    if day == easter {
        return Some(Text::new("Pasqua", "Easter Sunday"));
    }
    if easter.tomorrow().ok() == Some(day) {
        return Some(Text::new("Lunedì dell'Angelo", "Easter Monday"));
    }
    None
}

/// Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm).
pub fn easter_sunday(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn easter_dates_match_the_calendar() {
        assert_eq!(easter_sunday(2024), Some(date(2024, 3, 31)));
        assert_eq!(easter_sunday(2025), Some(date(2025, 4, 20)));
        assert_eq!(easter_sunday(2026), Some(date(2026, 4, 5)));
        assert_eq!(easter_sunday(2027), Some(date(2027, 3, 28)));
    }

    #[test]
    fn fixed_and_moving_holidays_are_found() {
        assert_eq!(national_holiday(date(2026, 12, 25)).unwrap().it, "Natale");
        assert_eq!(national_holiday(date(2026, 4, 6)).unwrap().en.unwrap(), "Easter Monday");
        assert!(national_holiday(date(2026, 10, 4)).is_some());
        assert!(national_holiday(date(2025, 10, 4)).is_none());
        assert!(national_holiday(date(2026, 11, 23)).is_none());
    }
}
