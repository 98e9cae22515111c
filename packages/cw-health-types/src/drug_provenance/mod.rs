//! drug-provenance: serialized drugs from manufacturer to patient.
//!
//! `msg` holds the contract's messages and responses; `helpers` the typed
//! [`DrugProvenanceContract`] handle (claims-engine verifies pharmacy claims through it);
//! `gs1` the identifier checks (GTIN/SSCC check digits, serial/lot characters, AI 17 expiry).

pub mod gs1;
pub mod helpers;
pub mod msg;

pub use helpers::DrugProvenanceContract;
pub use msg::*;
