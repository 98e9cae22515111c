//! drug-provenance: serialized drugs from manufacturer to patient.
//!
//! `msg` holds the contract's messages and responses; `helpers` the typed
//! [`DrugProvenanceContract`] handle (claims-engine verifies pharmacy claims through it).

pub mod helpers;
pub mod msg;

pub use helpers::DrugProvenanceContract;
pub use msg::*;
