//! # cw-health-types
//!
//! The one vocabulary of the cw-health suite (Mars style): every contract's messages and
//! responses, the shared healthcare code systems, content pointers, input limits, pagination,
//! the Merkle inclusion-proof verifier, two-step ownership, migration guards, and a typed
//! `XContract(pub Addr)` handle for every query one contract makes of another.
//!
//! Contracts never depend on each other's crates; they meet here.
//!
//! **No PHI on chain.** Nothing in this crate can carry free text about a patient: hashes,
//! opaque identifiers, standard codes and pointers to off-chain documents only.

// The generated Deserialize of #[cw_serde_strict] names `::cw_health_types::__de`, here too.
extern crate self as cw_health_types;

mod ask;
pub mod content;
pub mod error;
pub mod events;
pub mod hash;
pub mod limits;
pub mod merkle;
pub mod migration;
pub mod ownership;
pub mod pagination;
pub mod payment;
pub mod rpm;
pub mod store;
pub mod telehealth;
pub mod vocab;

pub mod claims_engine;
pub mod drug_provenance;
pub mod ehr_registry;
pub mod trial_anchor;

/// The strict `#[cw_serde]` (adds `deny_unknown_fields`) of every input type; see
/// [`cw_health_derive`].
pub use cw_health_derive::cw_serde_strict;
/// `#[cw_serde]` with the map-only Deserialize of `cw_serde_strict` that skips unknown fields:
/// stored records and query answers; see [`cw_health_derive`].
pub use cw_health_derive::{cw_serde_map, MapDeserialize, ToJson};

/// Whether a stored field holds its type's default (zero, `false`, empty): the contracts'
/// compact records leave such fields out (`#[serde(default, skip_serializing_if =
/// "cw_health_types::is_default")]`).
pub fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

#[doc(hidden)]
#[path = "de_support.rs"]
pub mod __de;

#[doc(hidden)]
#[path = "ser_support.rs"]
pub mod __ser;

pub use content::ContentRef;
pub use error::ValidationError;
pub use hash::Sha256Hash;
pub use merkle::{MerkleError, MerkleProof};
pub use ownership::{Ownership, OwnershipAction, OwnershipError};
pub use pagination::{clamp_limit, DEFAULT_LIMIT, MAX_LIMIT};
pub use vocab::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel};
