//! Identifiers shared by the server, the browser and the offline replica.
//!
//! Fixed-width integers (never `usize`: wasm32 and x86_64 disagree on its width). Ids
//! start at 1: 0 and negative numbers name nothing, and are refused wherever an id is
//! read from text (a URL, the command line) or checked before a write.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The largest id. Numbers up to here stay exact in every JSON reader (JavaScript keeps
/// numbers as doubles), and the next free id can always be counted.
pub const MAX_ID: i64 = (1 << 53) - 1;

/// Why a text is not an id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an id: ids are whole numbers from 1")]
pub struct BadId(pub String);

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// Whether this can name a document (1 to [`MAX_ID`]).
            pub fn is_valid(self) -> bool {
                (1..=MAX_ID).contains(&self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = BadId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().ok().map($name).filter(|id| id.is_valid()).ok_or_else(|| BadId(crate::error::shorten(s)))
            }
        }
    };
}

id_type!(
    /// A hub: a polo civico, a casa del quartiere, a concierge space…
    HubId
);
id_type!(
    /// An activity offered at a hub.
    ActivityId
);
id_type!(
    /// An entry of the services guide.
    ServiceId
);
id_type!(
    /// A staff account: an administrator, a coordinator or a volunteer.
    AccountId
);
id_type!(
    /// A digital-help guide, shown at kiosks.
    HelpGuideId
);
id_type!(
    /// A hub's kiosk.
    KioskId
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ids_start_at_one() {
        assert_eq!("1".parse(), Ok(HubId(1)));
        assert_eq!(" 42 ".parse(), Ok(ServiceId(42)));
        assert_eq!(MAX_ID.to_string().parse(), Ok(ActivityId(MAX_ID)));
        for bad in ["0", "-1", "-0", "x", "", "1.5", "9007199254740992", "99999999999999999999"] {
            assert!(bad.parse::<HubId>().is_err(), "{bad}");
        }
        assert!(!HubId(0).is_valid() && !HubId(-3).is_valid() && HubId(1).is_valid());
    }

    proptest! {
        /// Any text either reads as a valid id that prints back as itself, or is refused
        /// with a message; it never panics.
        #[test]
        fn any_text_is_an_id_or_a_clear_refusal(text in any::<String>()) {
            match text.parse::<HubId>() {
                Ok(id) => {
                    prop_assert!(id.is_valid());
                    prop_assert_eq!(id.to_string().parse::<HubId>(), Ok(id));
                }
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }

        #[test]
        fn every_valid_number_round_trips(n in 1..=MAX_ID) {
            prop_assert_eq!(n.to_string().parse::<ActivityId>(), Ok(ActivityId(n)));
        }
    }
}
