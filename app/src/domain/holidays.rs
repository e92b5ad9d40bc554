//! Italian national public holidays, on which hubs are closed unless they say otherwise.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A national public holiday; its name is in the catalogues (`holiday` group).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Holiday {
    NewYear,
    Epiphany,
    Liberation,
    Labour,
    Republic,
    Assumption,
    SaintFrancis,
    AllSaints,
    Immaculate,
    Christmas,
    SaintStephen,
    Easter,
    EasterMonday,
}

/// The national holiday falling on `day`, if any.
pub fn national_holiday(day: Date) -> Option<Holiday> {
    let (y, m, d) = (day.year(), day.month(), day.day());
    let fixed = match (m, d) {
        (1, 1) => Some(Holiday::NewYear),
        (1, 6) => Some(Holiday::Epiphany),
        (4, 25) => Some(Holiday::Liberation),
        (5, 1) => Some(Holiday::Labour),
        (6, 2) => Some(Holiday::Republic),
        (8, 15) => Some(Holiday::Assumption),
        // Restored as a national holiday from 2026 (Law 151 of 2025).
        (10, 4) if y >= 2026 => Some(Holiday::SaintFrancis),
        (11, 1) => Some(Holiday::AllSaints),
        (12, 8) => Some(Holiday::Immaculate),
        (12, 25) => Some(Holiday::Christmas),
        (12, 26) => Some(Holiday::SaintStephen),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let easter = easter_sunday(y)?;
    if day == easter {
        return Some(Holiday::Easter);
    }
    if easter.tomorrow().ok() == Some(day) {
        return Some(Holiday::EasterMonday);
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
        assert_eq!(national_holiday(date(2026, 12, 25)), Some(Holiday::Christmas));
        assert_eq!(national_holiday(date(2026, 4, 6)), Some(Holiday::EasterMonday));
        assert!(national_holiday(date(2026, 10, 4)).is_some());
        assert!(national_holiday(date(2025, 10, 4)).is_none());
        assert!(national_holiday(date(2026, 11, 23)).is_none());
    }
}
