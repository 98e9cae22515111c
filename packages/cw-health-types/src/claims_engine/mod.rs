//! claims-engine: health insurance claims adjudicated and paid by rule.
//!
//! `msg` holds the contract's messages and responses; `codes` the X12 code sets (adjustment
//! groups, CARCs), code shape checks and constants; `helpers` the typed [`ClaimsEngineContract`]
//! handle.

pub mod codes;
pub mod helpers;
pub mod msg;

pub use codes::{AdjustmentGroup, Carc};
pub use helpers::ClaimsEngineContract;
pub use msg::*;
