use cw_health_derive::cw_serde_strict;

use crate::error::ValidationError;
use crate::hash::Sha256Hash;
use crate::limits::{validate_len, MAX_MEDIA_TYPE_LEN, MAX_URI_LEN};

/// A pointer to an off-chain document: where it is and the hash that proves its content.
/// The document itself (a FHIR resource, a protocol PDF, a shipping statement) never goes on chain.
#[cw_serde_strict]
pub struct ContentRef {
    /// SHA-256 of the document's exact bytes, as 64 lower-case hex characters.
    pub sha256: Sha256Hash,
    /// Where the document can be fetched (by an authorized party): an absolute URI with a scheme,
    /// opaque, e.g. a gateway and a token `https://gateway.example.org/d/7f3a9c...`, a content
    /// address `ipfs://bafy...`, or `urn:uuid:...`. At most 512 bytes, printable ASCII; it must
    /// not itself contain health data nor a patient identifier (chain state is public).
    pub uri: String,
    /// IANA media type of the document, e.g. `application/fhir+json` or `application/pdf`.
    pub media_type: String,
}

impl ContentRef {
    /// Checks the hash, the URI (bounded, printable ASCII, with a scheme) and the media type
    /// (bounded, `type/subtype`).
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.sha256.validate("content.sha256")?;
        validate_uri("content.uri", &self.uri)?;
        validate_media_type("content.media_type", &self.media_type)
    }
}

/// An absolute URI: bounded, printable ASCII without spaces, `scheme:rest` with an RFC 3986 scheme.
pub fn validate_uri(field: &str, uri: &str) -> Result<(), ValidationError> {
    validate_len(field, uri, MAX_URI_LEN)?;
    if !uri.chars().all(|c| c.is_ascii_graphic()) {
        return Err(ValidationError::InvalidChars {
            field: field.to_string(),
            reason: "a URI is printable ASCII without whitespace (percent-encode the rest)".into(),
        });
    }
    let scheme = uri.split_once(':').map(|(s, _)| s).unwrap_or("");
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let has_rest = uri.len() > scheme.len() + 1;
    if !scheme_ok || !has_rest {
        return Err(ValidationError::Malformed {
            field: field.to_string(),
            reason: "expected an absolute URI such as https://host/path".into(),
        });
    }
    Ok(())
}

/// A media type `type/subtype` made of RFC 6838 restricted-name characters (no parameters).
pub fn validate_media_type(field: &str, media_type: &str) -> Result<(), ValidationError> {
    validate_len(field, media_type, MAX_MEDIA_TYPE_LEN)?;
    let valid_name = |s: &str| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c))
    };
    match media_type.split_once('/') {
        Some((t, s)) if valid_name(t) && valid_name(s) => Ok(()),
        _ => Err(ValidationError::Malformed {
            field: field.to_string(),
            reason: "expected type/subtype such as application/fhir+json".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> ContentRef {
        ContentRef {
            sha256: Sha256Hash::digest(b"bundle"),
            uri: "https://gateway.example.org/d/7f3a9c0e5b1d4a2f".into(),
            media_type: "application/fhir+json".into(),
        }
    }

    #[test]
    fn a_good_pointer_passes() {
        doc().validate().unwrap();
        let mut d = doc();
        d.uri = "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66".into();
        d.validate().unwrap();
    }

    #[test]
    fn a_100_kb_uri_is_refused() {
        let mut d = doc();
        d.uri = format!("https://x.org/{}", "a".repeat(100 * 1024));
        assert!(matches!(
            d.validate(),
            Err(ValidationError::TooLong {
                max: MAX_URI_LEN,
                ..
            })
        ));
    }

    #[test]
    fn malformed_pointers_are_refused() {
        for uri in [
            "",
            "no-scheme",
            "https:",
            "1http://x",
            "https://x y",
            "://x",
        ] {
            let mut d = doc();
            d.uri = uri.into();
            assert!(d.validate().is_err(), "{uri} accepted");
        }
        for mt in [
            "",
            "json",
            "application/",
            "/json",
            "text/plain; charset=utf-8",
        ] {
            let mut d = doc();
            d.media_type = mt.into();
            assert!(d.validate().is_err(), "{mt} accepted");
        }
        let mut d = doc();
        d.sha256 = Sha256Hash("00".into());
        assert!(matches!(
            d.validate(),
            Err(ValidationError::InvalidHash { .. })
        ));
    }
}
