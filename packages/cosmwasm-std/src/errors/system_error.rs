use alloc::string::String;
use schemars::JsonSchema;
use serde::de::{Error as _, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::map_de::map_only_deserialize;

use crate::Binary;

/// SystemError is used for errors inside the VM and is API friendly (i.e. serializable).
///
/// This is used on return values for Querier as a nested result: Result<StdResult<T>, SystemError>
/// The first wrap (SystemError) will trigger if the contract address doesn't exist,
/// the QueryRequest is malformed, etc. The second wrap will be an error message from
/// the contract itself.
///
/// Such errors are only created by the VM. The error type is defined in the standard library, to ensure
/// the contract understands the error format without creating a dependency on cosmwasm-vm.
#[derive(
    Serialize,
    Clone,
    Debug,
    PartialEq,
    Eq,
    JsonSchema,
    thiserror::Error,
    cw_schema::Schemaifier,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SystemError {
    InvalidRequest {
        error: String,
        request: Binary,
    },
    InvalidResponse {
        error: String,
        response: Binary,
    },
    NoSuchContract {
        /// The address that was attempted to query
        addr: String,
    },
    /// A Wasm code was not found.
    NoSuchCode {
        /// The code ID that is missing
        code_id: u64,
    },
    Unknown {},
    UnsupportedRequest {
        kind: String,
    },
}

// cw-health patch (PATCH.md): a map-only Deserialize, as serde's derive reads the externally
// tagged JSON object (`{"no_such_contract":{"addr":"..."}}`): one reader of the fields of every
// variant instead of one struct visitor per variant.

/// The fields of every variant, each optional; the variant takes the ones it has.
struct SystemErrorFields {
    error: Option<String>,
    request: Option<Binary>,
    response: Option<Binary>,
    addr: Option<String>,
    code_id: Option<u64>,
    kind: Option<String>,
}

map_only_deserialize!(SystemErrorFields {
    error: Option<String> = None,
    request: Option<Binary> = None,
    response: Option<Binary> = None,
    addr: Option<String> = None,
    code_id: Option<u64> = None,
    kind: Option<String> = None,
});

const VARIANTS: &[&str] = &[
    "invalid_request",
    "invalid_response",
    "no_such_contract",
    "no_such_code",
    "unknown",
    "unsupported_request",
];

fn need<T, E: serde::de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

impl<'de> Deserialize<'de> for SystemError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TaggedVisitor;
        impl<'de> Visitor<'de> for TaggedVisitor {
            type Value = SystemError;

            fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
                f.write_str("enum SystemError")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SystemError, A::Error> {
                let Some(variant) = map.next_key::<String>()? else {
                    return Err(A::Error::invalid_length(0, &self));
                };
                let f: SystemErrorFields = map.next_value()?;
                if map.next_key::<IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(2, &self));
                }
                Ok(match variant.as_str() {
                    "invalid_request" => SystemError::InvalidRequest {
                        error: need(f.error, "error")?,
                        request: need(f.request, "request")?,
                    },
                    "invalid_response" => SystemError::InvalidResponse {
                        error: need(f.error, "error")?,
                        response: need(f.response, "response")?,
                    },
                    "no_such_contract" => SystemError::NoSuchContract {
                        addr: need(f.addr, "addr")?,
                    },
                    "no_such_code" => SystemError::NoSuchCode {
                        code_id: need(f.code_id, "code_id")?,
                    },
                    "unknown" => SystemError::Unknown {},
                    "unsupported_request" => SystemError::UnsupportedRequest {
                        kind: need(f.kind, "kind")?,
                    },
                    other => return Err(A::Error::unknown_variant(other, VARIANTS)),
                })
            }
        }
        deserializer.deserialize_map(TaggedVisitor)
    }
}

impl core::fmt::Display for SystemError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            SystemError::InvalidRequest { error, request } => write!(
                f,
                "Cannot parse request: {} in: {}",
                error,
                String::from_utf8_lossy(request)
            ),
            SystemError::InvalidResponse { error, response } => write!(
                f,
                "Cannot parse response: {} in: {}",
                error,
                String::from_utf8_lossy(response)
            ),
            SystemError::NoSuchContract { addr } => write!(f, "No such contract: {addr}"),
            SystemError::NoSuchCode { code_id } => write!(f, "No such code: {code_id}"),
            SystemError::Unknown {} => write!(f, "Unknown system error"),
            SystemError::UnsupportedRequest { kind } => {
                write!(f, "Unsupported query type: {kind}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_error_no_such_contract_serialization() {
        let err = SystemError::NoSuchContract {
            addr: "gibtsnicht".to_string(),
        };

        // ser
        let json = serde_json::to_vec(&err).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&json),
            r#"{"no_such_contract":{"addr":"gibtsnicht"}}"#,
        );

        // de
        let err: SystemError =
            serde_json::from_slice(br#"{"no_such_contract":{"addr":"nada"}}"#).unwrap();
        assert_eq!(
            err,
            SystemError::NoSuchContract {
                addr: "nada".to_string()
            }
        );
    }

    #[test]
    fn system_error_no_such_code_serialization() {
        let err = SystemError::NoSuchCode { code_id: 13 };

        // ser
        let json = serde_json::to_vec(&err).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&json),
            r#"{"no_such_code":{"code_id":13}}"#,
        );

        // de
        let err: SystemError =
            serde_json::from_slice(br#"{"no_such_code":{"code_id":987}}"#).unwrap();
        assert_eq!(err, SystemError::NoSuchCode { code_id: 987 },);
    }
}
