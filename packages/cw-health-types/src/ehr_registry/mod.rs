//! ehr-registry: patient-controlled access to health records.
//!
//! `msg` holds the contract's messages and responses; `helpers` the typed
//! [`EhrRegistryContract`] handle other contracts and gateways query it through; `caps` the
//! bounds that keep every access decision constant-cost.

pub mod caps;
pub mod helpers;
pub mod msg;

pub use caps::*;
pub use helpers::{
    DecisionSummary, DelegateSummary, EhrRegistryContract, GrantSummary, GranteeSummary,
    ProvisionSummary, RecordSummary, RecordUseSummary, VisitSummary,
};
pub use msg::*;
