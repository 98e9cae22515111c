use thiserror::Error;

/// Why a user-supplied value was refused. Every contract wraps it in its `ContractError`.
#[derive(Error, Debug, Clone, PartialEq, Eq)]
pub enum ValidationError {
    /// A SHA-256 hash is not 64 lower-case hexadecimal characters.
    #[error("{field}: invalid sha256 hash (expected 64 lower-case hex characters): {reason}")]
    InvalidHash { field: String, reason: String },

    /// A required string is empty.
    #[error("{field} must not be empty")]
    Empty { field: String },

    /// A string is longer than the suite allows.
    #[error("{field} is too long: {len} bytes, at most {max}")]
    TooLong {
        field: String,
        len: usize,
        max: usize,
    },

    /// A list holds more entries than the suite allows.
    #[error("{field} has too many entries: {len}, at most {max}")]
    TooMany {
        field: String,
        len: usize,
        max: usize,
    },

    /// A string contains characters outside its allowed alphabet.
    #[error("{field} contains characters that are not allowed: {reason}")]
    InvalidChars { field: String, reason: String },

    /// A list contains the same entry twice.
    #[error("{field} contains a duplicate entry: {value}")]
    Duplicate { field: String, value: String },

    /// A value has the wrong shape for its field (a URI without a scheme, a malformed media type, ...).
    #[error("{field} is malformed: {reason}")]
    Malformed { field: String, reason: String },
}
