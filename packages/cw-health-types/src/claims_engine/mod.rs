//! claims-engine: health insurance claims adjudicated and paid by rule.
//!
//! `msg` holds the contract's messages and responses; `helpers` the typed [`ClaimsEngineContract`] handle.

pub mod helpers;
pub mod msg;

pub use helpers::ClaimsEngineContract;
pub use msg::*;
