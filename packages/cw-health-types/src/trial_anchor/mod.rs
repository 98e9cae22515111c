//! trial-anchor: clinical trials whose protocol, consent, data and results can be proven.
//!
//! `types` holds the domain records (trial, documents, outcomes, consents, batches, ...), `msg`
//! the contract's messages, responses and limits, `helpers` the typed [`TrialAnchorContract`]
//! handle and the randomization-leaf format.

pub mod helpers;
pub mod msg;
pub mod types;

pub use helpers::{
    allocation_leaf, normalize_registry_id, patient_commitment, TrialAnchorContract,
};
pub use msg::*;
pub use types::*;
