//! The one set of input limits of the suite. Every user-supplied string and list is checked
//! against these before anything is stored, so a 100 KB "uri" is refused, never written.

use crate::error::ValidationError;

/// Longest URI of an off-chain document (`ContentRef::uri`).
pub const MAX_URI_LEN: usize = 512;
/// Longest media type (`application/fhir+json`).
pub const MAX_MEDIA_TYPE_LEN: usize = 128;
/// Longest opaque identifier (NPI, license id, NCT number, lot, serial, claim reference...).
pub const MAX_ID_LEN: usize = 64;
/// Longest standard code (ICD-10, CPT/HCPCS, CARC, FHIR code...).
pub const MAX_CODE_LEN: usize = 32;
/// Longest short machine-readable reason code (never free text).
pub const MAX_REASON_LEN: usize = 64;
/// Most entries in a list of codes, labels, purposes, actions or resource types in one message.
pub const MAX_LIST_LEN: usize = 32;
/// Most items (serials, claim lines, outcomes...) handled by one message.
pub const MAX_BATCH_LEN: usize = 100;
/// Most siblings in a Merkle inclusion proof (a tree of up to 2^64 leaves).
pub const MAX_PROOF_LEN: usize = 64;

/// Checks that `value` is non-empty, at most `max` bytes, and printable ASCII without whitespace
/// (identifiers and codes are opaque tokens, never prose).
pub fn validate_token(field: &str, value: &str, max: usize) -> Result<(), ValidationError> {
    validate_len(field, value, max)?;
    if let Some(c) = value.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(ValidationError::InvalidChars {
            field: field.to_string(),
            reason: format!("{c:?} is not printable ASCII without whitespace"),
        });
    }
    Ok(())
}

/// Checks that `value` is non-empty and at most `max` bytes long.
pub fn validate_len(field: &str, value: &str, max: usize) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::Empty {
            field: field.to_string(),
        });
    }
    if value.len() > max {
        return Err(ValidationError::TooLong {
            field: field.to_string(),
            len: value.len(),
            max,
        });
    }
    Ok(())
}

/// Checks that a list has at most `max` entries.
pub fn validate_list_len<T>(field: &str, list: &[T], max: usize) -> Result<(), ValidationError> {
    if list.len() > max {
        return Err(ValidationError::TooMany {
            field: field.to_string(),
            len: list.len(),
            max,
        });
    }
    Ok(())
}

/// Checks that a list has at most `max` entries and no entry twice.
pub fn validate_unique<T: PartialEq + std::fmt::Debug>(
    field: &str,
    list: &[T],
    max: usize,
) -> Result<(), ValidationError> {
    validate_list_len(field, list, max)?;
    for (i, item) in list.iter().enumerate() {
        if list.iter().skip(i + 1).any(|other| other == item) {
            return Err(ValidationError::Duplicate {
                field: field.to_string(),
                value: format!("{item:?}"),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_bounded_and_opaque() {
        assert!(validate_token("lot", "LOT-42A", MAX_ID_LEN).is_ok());
        assert_eq!(
            validate_token("lot", "", MAX_ID_LEN),
            Err(ValidationError::Empty {
                field: "lot".into()
            })
        );
        let long = "x".repeat(MAX_ID_LEN + 1);
        assert_eq!(
            validate_token("lot", &long, MAX_ID_LEN),
            Err(ValidationError::TooLong {
                field: "lot".into(),
                len: MAX_ID_LEN + 1,
                max: MAX_ID_LEN
            })
        );
        assert!(matches!(
            validate_token("lot", "has space", MAX_ID_LEN),
            Err(ValidationError::InvalidChars { .. })
        ));
        assert!(matches!(
            validate_token("lot", "é", MAX_ID_LEN),
            Err(ValidationError::InvalidChars { .. })
        ));
    }

    #[test]
    fn lists_are_bounded_and_unique() {
        assert!(validate_unique("codes", &[1, 2, 3], 3).is_ok());
        assert!(matches!(
            validate_unique("codes", &[1, 2, 1], 3),
            Err(ValidationError::Duplicate { .. })
        ));
        assert!(matches!(
            validate_unique("codes", &[1, 2, 3, 4], 3),
            Err(ValidationError::TooMany { len: 4, max: 3, .. })
        ));
    }
}
