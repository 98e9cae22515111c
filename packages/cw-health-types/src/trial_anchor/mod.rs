//! trial-anchor: clinical trials whose protocol, consent, data and results can be proven.
//!
//! `msg` holds the contract's messages and responses; `helpers` the typed [`TrialAnchorContract`] handle.

pub mod helpers;
pub mod msg;

pub use helpers::TrialAnchorContract;
pub use msg::*;
