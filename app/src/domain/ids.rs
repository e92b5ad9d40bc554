//! Identifiers shared by the server, the browser and the offline replica.
//!
//! Fixed-width integers (never `usize`: wasm32 and x86_64 disagree on its width).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map($name)
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
