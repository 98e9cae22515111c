//! # cw-health-testing
//!
//! A [cw-multi-test] suite of the four cw-health contracts, wired to each other, for the suite's
//! own cross-contract stories and for downstream projects' tests. Use it as a dev-dependency only.
//!
//! ```
//! use cw_health_testing::SuiteBuilder;
//! use cw_health_types::FhirResourceType;
//!
//! let mut suite = SuiteBuilder::new().build();
//! let patient = suite.actors.patient.clone();
//! let record = suite
//!     .ehr()
//!     .add_record(&patient, &patient, "Observation/bp", FhirResourceType::Observation, &[])
//!     .unwrap();
//! assert_eq!(suite.ehr().record(record).unwrap().custodian, patient);
//! suite.advance_days(1);
//! assert_eq!(suite.balance(&suite.actors.insurer).u128(), 10_000_000);
//! ```
//!
//! - [`SuiteBuilder`] stores and instantiates ehr-registry, drug-provenance, trial-anchor and
//!   claims-engine (claims-engine wired to the other two, trial-anchor to ehr-registry), funds the
//!   actors, and registers the roles the stories need (see [`SuiteBuilder::build`]).
//! - [`Actors`] are named, valid bech32 addresses: patient, guardian, clinician, hospital,
//!   pharmacy, manufacturer, wholesaler, insurer, adjuster, sponsor, site, regulator and more.
//! - Typed helpers per contract: `suite.ehr()`, `suite.drug()`, `suite.trial()`, `suite.claims()`.
//! - Time travel with [`Suite::advance_seconds`] (block height and time move together) and bank
//!   balances with [`Suite::balance`].
//! - [`Suite::snapshot`] returns a contract's whole storage, to assert a refused message changed
//!   nothing.
//!
//! [cw-multi-test]: https://crates.io/crates/cw-multi-test
#![cfg(not(target_arch = "wasm32"))]

mod actors;
pub mod claims;
pub mod drug;
pub mod ehr;
pub mod suite;
pub mod trial;

pub use actors::Actors;
pub use claims::ClaimsEngine;
pub use drug::DrugProvenance;
pub use ehr::EhrRegistry;
pub use suite::{Suite, SuiteBuilder, BLOCK_SECONDS, DENOM};
pub use trial::TrialAnchor;

/// The text of a multi-test error's innermost cause (the contract's own error message).
pub fn root_error(err: &cosmwasm_std::StdError) -> String {
    let s = err.to_string();
    match s.rfind("error: ") {
        Some(i) => s.get(i + 7..).unwrap_or_default().to_string(),
        None => s,
    }
}
