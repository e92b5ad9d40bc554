//! The one JSON codec of server functions' answers and errors.
//!
//! It is server_fn's JSON, read from text (`serde_json::from_str`) rather than from bytes:
//! the data a page hydrates with is read from text, and serde_json's decoders are generic
//! over what they read from, so reading answers from bytes put a second copy of every
//! view's decoder in the browser's first download.

use serde::Serialize;
use serde::de::DeserializeOwned;
use server_fn::codec::Post;
use server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};

/// A fingerprint of a value (FNV-1a over its JSON), to tell cheaply whether what two sides
/// hold is the same. Not a security measure: a collision only delays an update.
pub fn fingerprint<T: Serialize>(value: &T) -> u64 {
    let json = serde_json::to_vec(value).unwrap_or_default();
    json.into_iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// JSON, decoded from text.
pub struct JsonText;

impl ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonText {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(<serde_json::Error as serde::de::Error>::custom)?;
        serde_json::from_str(text)
    }
}

/// The output of every server function: `#[server(…, output = crate::codec::Json)]`.
pub type Json = Post<JsonText>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_round_trip_and_bad_text_is_an_error_not_a_panic() {
        let bytes = <JsonText as Encodes<Vec<String>>>::encode(&vec!["Roma".into(), "città".into()]).unwrap();
        let back: Vec<String> = <JsonText as Decodes<Vec<String>>>::decode(bytes).unwrap();
        assert_eq!(back, ["Roma", "città"]);
        assert!(<JsonText as Decodes<Vec<String>>>::decode(Bytes::from_static(b"[\"\xff\"]")).is_err());
        assert!(<JsonText as Decodes<Vec<String>>>::decode(Bytes::from_static(b"[1]")).is_err());
    }
}
