//! A hub's kiosk: a shared tablet or PC that visitors use with no login. The rules here
//! are pure: what a kiosk is, its exit PIN and how failed tries slow it down, and when an
//! idle kiosk asks "still there?" and then forgets its visitor.

use super::ids::HubId;
use super::text::check_length;
use crate::error::{FieldError, Reason};
use serde::{Deserialize, Serialize};

pub use super::ids::KioskId;

/// A kiosk as coordinators see it and as the device keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kiosk {
    pub id: KioskId,
    pub hub: HubId,
    /// What the coordinators call it: "Tablet in portineria".
    pub label: String,
    /// Seconds without a touch before the kiosk asks whether the visitor is still there.
    pub idle_seconds: u32,
    /// When it was enrolled (seconds since the epoch).
    pub enrolled_at: i64,
    /// Switched off by a coordinator: its credential opens nothing any more.
    pub revoked: bool,
}

/// Idle seconds when a coordinator does not choose.
pub const IDLE_DEFAULT: u32 = 90;
/// The shortest idle time: shorter, a visitor reading a guide is interrupted.
pub const IDLE_MIN: u32 = 30;
/// The longest: longer, the next visitor may find the last one's screen.
pub const IDLE_MAX: u32 = 600;
/// Seconds the "still there?" countdown runs before the kiosk resets.
pub const COUNTDOWN_SECONDS: u32 = 20;
/// The longest label.
pub const LABEL_MAX: usize = 80;

/// A kiosk's label, trimmed: 1 to [`LABEL_MAX`] characters.
pub fn check_label(label: &str) -> Result<String, FieldError> {
    let label = label.trim();
    if label.is_empty() {
        return Err(FieldError::new("label", Reason::Required));
    }
    check_length("label", label.chars().count(), LABEL_MAX).map_err(|_| FieldError::new("label", Reason::TooLong).with_value(label))?;
    Ok(label.to_string())
}

/// An idle time within [`IDLE_MIN`]..=[`IDLE_MAX`].
pub fn check_idle(seconds: u32) -> Result<u32, FieldError> {
    if (IDLE_MIN..=IDLE_MAX).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(FieldError::new("idle_seconds", Reason::OutOfRange).with_value(&seconds.to_string()))
    }
}

/// The shortest exit PIN: a kiosk's hash sits on the device, so a short PIN would be
/// found by trying them all.
pub const PIN_MIN: usize = 6;
pub const PIN_MAX: usize = 12;

/// What is wrong with a proposed exit PIN (worded on the enrolling device: the PIN never
/// leaves it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadPin {
    Empty,
    NotDigits,
    TooShort,
    TooLong,
    /// All one digit, or a run such as 123456: the first ones anybody tries.
    TooEasy,
}

/// An exit PIN: [`PIN_MIN`] to [`PIN_MAX`] digits, not all the same digit and not a run
/// such as 123456.
pub fn check_pin(pin: &str) -> Result<(), BadPin> {
    if pin.is_empty() {
        return Err(BadPin::Empty);
    }
    if !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BadPin::NotDigits);
    }
    if pin.len() < PIN_MIN {
        return Err(BadPin::TooShort);
    }
    if pin.len() > PIN_MAX {
        return Err(BadPin::TooLong);
    }
    let steps: Vec<i16> = pin.as_bytes().windows(2).map(|w| i16::from(w[1]) - i16::from(w[0])).collect();
    if steps.iter().all(|s| *s == steps[0]) && steps[0].abs() <= 1 {
        return Err(BadPin::TooEasy);
    }
    Ok(())
}

/// Failed tries that cost nothing: a coordinator mistyping once or twice.
pub const FREE_TRIES: u32 = 3;
/// The wait after the first try beyond the free ones; it doubles with each further one.
pub const FIRST_WAIT_MS: f64 = 30_000.0;
/// The longest wait between two tries.
pub const LONGEST_WAIT_MS: f64 = 15.0 * 60_000.0;

/// The exit PIN's failed tries, kept on the device (across reloads and resets), so that
/// trying every PIN takes years.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PinGuard {
    /// Failed tries since the last right one.
    pub failures: u32,
    /// No try is taken before this time (milliseconds since the epoch).
    pub locked_until_ms: f64,
}

impl PinGuard {
    /// Milliseconds left before a try is taken, if any.
    pub fn wait_ms(&self, now_ms: f64) -> Option<f64> {
        (self.locked_until_ms > now_ms).then_some(self.locked_until_ms - now_ms)
    }

    /// A wrong PIN: counts it, and past the free tries locks the next one out, for
    /// twice as long each time up to [`LONGEST_WAIT_MS`].
    pub fn failed(&mut self, now_ms: f64) {
        self.failures = self.failures.saturating_add(1);
        if self.failures > FREE_TRIES {
            let doublings = (self.failures - FREE_TRIES - 1).min(16);
            let wait = (FIRST_WAIT_MS * f64::from(1u32 << doublings)).min(LONGEST_WAIT_MS);
            self.locked_until_ms = now_ms + wait;
        }
    }

    /// The right PIN: the count starts again.
    pub fn succeeded(&mut self) {
        *self = PinGuard::default();
    }
}

/// Where an idle kiosk stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idle {
    /// Someone touched it recently.
    Active,
    /// Nobody has for a while: "still there?", with the seconds left before the reset.
    Countdown(u32),
    /// Time to forget the visitor.
    Reset,
}

/// How an idle time of `idle_seconds` stands `now_ms` after the last touch at `last_ms`.
pub fn idle(last_ms: f64, now_ms: f64, idle_seconds: u32) -> Idle {
    let quiet = ((now_ms - last_ms).max(0.0) / 1000.0) as u64;
    let (idle, countdown) = (u64::from(idle_seconds), u64::from(COUNTDOWN_SECONDS));
    if quiet < idle {
        Idle::Active
    } else if quiet < idle + countdown {
        Idle::Countdown((idle + countdown - quiet) as u32)
    } else {
        Idle::Reset
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn labels_are_trimmed_and_bounded() {
        assert_eq!(check_label("  Tablet in portineria ").unwrap(), "Tablet in portineria");
        assert_eq!(check_label("   ").unwrap_err().reason, Reason::Required);
        assert_eq!(check_label(&"x".repeat(LABEL_MAX + 1)).unwrap_err().reason, Reason::TooLong);
        assert!(check_label(&"è".repeat(LABEL_MAX)).is_ok());
    }

    #[test]
    fn idle_times_are_bounded() {
        assert_eq!(check_idle(IDLE_DEFAULT), Ok(90));
        assert_eq!(check_idle(IDLE_MIN - 1).unwrap_err().reason, Reason::OutOfRange);
        assert_eq!(check_idle(IDLE_MAX + 1).unwrap_err().reason, Reason::OutOfRange);
        assert!(check_idle(IDLE_MAX).is_ok());
    }

    #[test]
    fn pins_are_six_to_twelve_digits_and_not_obvious() {
        assert!(check_pin("271828").is_ok());
        assert!(check_pin("314159265358").is_ok());
        assert_eq!(check_pin(""), Err(BadPin::Empty));
        assert_eq!(check_pin("12a456"), Err(BadPin::NotDigits));
        assert_eq!(check_pin("27182"), Err(BadPin::TooShort));
        assert_eq!(check_pin("2718281828459"), Err(BadPin::TooLong));
        for weak in ["000000", "123456", "987654", "3456789"] {
            assert_eq!(check_pin(weak), Err(BadPin::TooEasy), "{weak}");
        }
        assert!(check_pin("135791").is_ok(), "steps of two are not a run people guess first");
    }

    #[test]
    fn wrong_pins_are_free_three_times_then_slow_down() {
        let mut g = PinGuard::default();
        for _ in 0..FREE_TRIES {
            g.failed(1_000.0);
            assert_eq!(g.wait_ms(1_000.0), None);
        }
        g.failed(1_000.0);
        assert_eq!(g.wait_ms(1_000.0), Some(FIRST_WAIT_MS));
        assert_eq!(g.wait_ms(1_000.0 + FIRST_WAIT_MS), None);
        g.failed(100_000.0);
        assert_eq!(g.wait_ms(100_000.0), Some(2.0 * FIRST_WAIT_MS));
        for _ in 0..40 {
            g.failed(0.0);
        }
        assert_eq!(g.wait_ms(0.0), Some(LONGEST_WAIT_MS));
        g.succeeded();
        assert_eq!(g, PinGuard::default());
    }

    #[test]
    fn an_idle_kiosk_asks_then_resets() {
        assert_eq!(idle(0.0, 89_999.0, 90), Idle::Active);
        assert_eq!(idle(0.0, 90_000.0, 90), Idle::Countdown(COUNTDOWN_SECONDS));
        assert_eq!(idle(0.0, 109_000.0, 90), Idle::Countdown(1));
        assert_eq!(idle(0.0, 110_000.0, 90), Idle::Reset);
        assert_eq!(idle(5_000.0, 0.0, 90), Idle::Active, "a clock that went back is no reason to reset");
    }

    proptest! {
        #[test]
        fn the_countdown_only_falls_as_time_passes(last in 0.0..1e9f64, a in 0.0..1e6f64, b in 0.0..1e6f64, secs in IDLE_MIN..=IDLE_MAX) {
            let (early, late) = (last + a.min(b), last + a.max(b));
            let rank = |i: Idle| match i { Idle::Active => (0, 0), Idle::Countdown(s) => (1, COUNTDOWN_SECONDS - s), Idle::Reset => (2, 0) };
            prop_assert!(rank(idle(last, early, secs)) <= rank(idle(last, late, secs)));
        }

        #[test]
        fn waits_never_shrink_as_failures_grow(n in 0u32..60) {
            let mut g = PinGuard::default();
            let mut last = 0.0;
            for _ in 0..n {
                g.failed(0.0);
                let w = g.wait_ms(0.0).unwrap_or(0.0);
                prop_assert!(w >= last && w <= LONGEST_WAIT_MS);
                last = w;
            }
        }
    }
}
