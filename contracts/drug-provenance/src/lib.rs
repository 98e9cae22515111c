#![doc = include_str!("../README.md")]

pub mod access;
pub mod alerts;
pub mod cases;
pub mod cold_chain;
pub mod commission;
pub mod contract;
pub mod custody;
pub mod dispense;
pub mod error;
pub mod execute;
pub mod ledger;
pub mod prescription;
pub mod product;
pub mod query;
pub mod repackage;
pub mod state;
pub mod suspect;
pub mod verification;

pub use crate::error::ContractError;
