//! The id a device gives each change it makes: a UUID version 7 (RFC 9562), read and
//! written by hand (the `uuid` crate would bring a random-number stack to the browser,
//! which already has `crypto.getRandomValues`).
//!
//! Version 7 starts with the creation time in milliseconds, so ids sort in the order they
//! were made (the outbox's key order) and two devices never need to agree on a counter.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A UUIDv7, kept as its 16 bytes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MutationId([u8; 16]);

/// Why a text is not a UUIDv7.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a UUID version 7 like 0193a0e2-7c4d-7b8e-9f10-1234567890ab")]
pub struct NotAV7(pub String);

impl MutationId {
    /// The id made at `unix_ms` with the 10 random bytes `random` (74 bits of it are
    /// used; the rest are the version and variant marks).
    pub fn new(unix_ms: u64, random: [u8; 10]) -> MutationId {
        let mut b = [0u8; 16];
        b[..6].copy_from_slice(&unix_ms.to_be_bytes()[2..]);
        b[6..].copy_from_slice(&random);
        b[6] = 0x70 | (b[6] & 0x0f);
        b[8] = 0x80 | (b[8] & 0x3f);
        MutationId(b)
    }

    /// When the device made it, in milliseconds since 1970.
    pub fn unix_ms(self) -> u64 {
        let mut ms = [0u8; 8];
        ms[2..].copy_from_slice(&self.0[..6]);
        u64::from_be_bytes(ms)
    }
}

impl fmt::Display for MutationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, byte) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for MutationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for MutationId {
    type Err = NotAV7;

    /// The hyphenated form only, in either case; the version must be 7 and the variant
    /// RFC 9562's.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || NotAV7(crate::error::shorten(s));
        let text = s.as_bytes();
        if text.len() != 36 || [8, 13, 18, 23].iter().any(|&i| text[i] != b'-') {
            return Err(bad());
        }
        let digits: Vec<u8> = text.iter().copied().filter(|&c| c != b'-').collect();
        if digits.len() != 32 {
            return Err(bad());
        }
        let mut b = [0u8; 16];
        for (i, pair) in digits.chunks(2).enumerate() {
            let hi = hex_value(pair[0]).ok_or_else(bad)?;
            let lo = hex_value(pair[1]).ok_or_else(bad)?;
            b[i] = hi << 4 | lo;
        }
        if b[6] >> 4 != 7 || b[8] >> 6 != 0b10 {
            return Err(bad());
        }
        Ok(MutationId(b))
    }
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl Serialize for MutationId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MutationId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_and_writes_the_rfc_example() {
        // RFC 9562, appendix A.6.
        let id: MutationId = "017F22E2-79B0-7CC3-98C4-DC0C0C07398F".parse().unwrap();
        assert_eq!(id.to_string(), "017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
        assert_eq!(id.unix_ms(), 0x017F22E279B0);
    }

    #[test]
    fn refuses_other_versions_variants_and_shapes() {
        for bad in [
            "",
            "017f22e2-79b0-4cc3-98c4-dc0c0c07398f", // version 4
            "017f22e2-79b0-7cc3-c8c4-dc0c0c07398f", // Microsoft variant
            "017f22e279b07cc398c4dc0c0c07398f",
            "017f22e2-79b0-7cc3-98c4-dc0c0c07398",
            "017f22e2-79b0-7cc3-98c4-dc0c0c07398g",
            "{017f22e2-79b0-7cc3-98c4-dc0c0c07398f}",
            "017f22e2-79b0-7cc3-98c4-dc0c0c0739è",
            "017f22e2+79b0-7cc3-98c4-dc0c0c07398f",
        ] {
            assert!(bad.parse::<MutationId>().is_err(), "{bad}");
        }
        let refused: Result<MutationId, _> = serde_json::from_str("\"not-an-id\"");
        assert!(refused.is_err());
    }

    proptest! {
        #[test]
        fn made_ids_read_back_sort_by_time_and_carry_the_marks(a in 0u64..(1 << 48), b in 0u64..(1 << 48), ra: [u8; 10], rb: [u8; 10]) {
            let (x, y) = (MutationId::new(a, ra), MutationId::new(b, rb));
            prop_assert_eq!(x.to_string().parse::<MutationId>().unwrap(), x);
            prop_assert_eq!(x.unix_ms(), a);
            prop_assert_eq!(&x.to_string()[14..15], "7");
            if a < b {
                prop_assert!(x < y && x.to_string() < y.to_string(), "key order is creation order");
            }
            let json = serde_json::to_string(&x).unwrap();
            prop_assert_eq!(serde_json::from_str::<MutationId>(&json).unwrap(), x);
        }
    }
}
