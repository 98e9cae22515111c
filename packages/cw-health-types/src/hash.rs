use cw_health_derive::cw_serde_map as cw_serde;
use sha2::{Digest, Sha256};
use std::fmt;

use crate::error::ValidationError;

/// A SHA-256 digest as 64 lower-case hexadecimal characters.
///
/// Messages carry it as a plain JSON string; contracts call [`Sha256Hash::validate`] (or build it
/// with [`Sha256Hash::new`]) at the boundary, so a wrong length or a non-hex character is refused
/// with [`ValidationError::InvalidHash`] before anything is stored.
#[cw_serde]
#[derive(Eq, PartialOrd, Ord, Hash)]
pub struct Sha256Hash(pub String);

impl Sha256Hash {
    /// Validates `hex` and wraps it.
    pub fn new(hex: impl Into<String>) -> Result<Self, ValidationError> {
        let hash = Sha256Hash(hex.into());
        hash.validate("sha256")?;
        Ok(hash)
    }

    /// Hashes `data` with SHA-256.
    pub fn digest(data: &[u8]) -> Self {
        Self::from_bytes(Self::digest_bytes(data))
    }

    /// The SHA-256 digest of `data`, as its 32 bytes (a storage key, say: half the hex's length).
    pub fn digest_bytes(data: &[u8]) -> [u8; 32] {
        Sha256::digest(data).into()
    }

    /// Wraps raw digest bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        let mut s = String::with_capacity(64);
        for b in bytes {
            s.push(hex_digit(b >> 4));
            s.push(hex_digit(b & 0x0f));
        }
        Sha256Hash(s)
    }

    /// Checks the form: exactly 64 characters of `0-9a-f`. `field` names the input in the error.
    pub fn validate(&self, field: &str) -> Result<(), ValidationError> {
        self.to_bytes_checked(field).map(|_| ())
    }

    /// The 32 digest bytes, or an error naming `field` if the hex is malformed.
    pub fn to_bytes_checked(&self, field: &str) -> Result<[u8; 32], ValidationError> {
        let err = |reason: String| ValidationError::InvalidHash {
            field: field.to_string(),
            reason,
        };
        let s = self.0.as_bytes();
        if s.len() != 64 {
            return Err(err(format!("length {}", s.len())));
        }
        let mut out = [0u8; 32];
        for (i, (slot, pair)) in out.iter_mut().zip(s.chunks_exact(2)).enumerate() {
            let [hi, lo] = pair else { continue };
            let hi = nibble(*hi).ok_or_else(|| err(format!("character at {}", 2 * i)))?;
            let lo = nibble(*lo).ok_or_else(|| err(format!("character at {}", 2 * i + 1)))?;
            *slot = (hi << 4) | lo;
        }
        Ok(out)
    }

    /// The hex string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sha256Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn hex_digit(n: u8) -> char {
    match n {
        0..=9 => (b'0' + n) as char,
        _ => (b'a' + (n & 0x0f) - 10) as char,
    }
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // sha256("abc") from FIPS 180-2, appendix B.1.
    const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    #[test]
    fn digest_matches_the_fips_vector() {
        assert_eq!(Sha256Hash::digest(b"abc").as_str(), ABC);
        assert_eq!(
            Sha256Hash::new(ABC).unwrap().to_bytes_checked("h").unwrap()[0],
            0xba
        );
    }

    #[test]
    fn malformed_hashes_are_refused() {
        let short = &ABC[..63];
        assert!(matches!(
            Sha256Hash::new(short),
            Err(ValidationError::InvalidHash { .. })
        ));
        let long = format!("{ABC}0");
        assert!(matches!(
            Sha256Hash::new(long),
            Err(ValidationError::InvalidHash { .. })
        ));
        let upper = ABC.to_uppercase();
        assert!(matches!(
            Sha256Hash::new(upper),
            Err(ValidationError::InvalidHash { .. })
        ));
        let non_hex = format!("{}g", &ABC[..63]);
        let err = Sha256Hash::new(non_hex).unwrap_err();
        assert_eq!(
            err.to_string(),
            "sha256: invalid sha256 hash (expected 64 lower-case hex characters): character at 63"
        );
        // Multi-byte UTF-8 of the right byte length is refused too, never sliced.
        let utf8 = format!("{}é", &ABC[..62]);
        assert!(matches!(
            Sha256Hash::new(utf8),
            Err(ValidationError::InvalidHash { .. })
        ));
    }

    #[test]
    fn serializes_as_a_plain_string() {
        let h = Sha256Hash::new(ABC).unwrap();
        let json = cosmwasm_std::to_json_string(&h).unwrap();
        assert_eq!(json, format!("\"{ABC}\""));
        let back: Sha256Hash = cosmwasm_std::from_json(json).unwrap();
        assert_eq!(back, h);
    }
}
