#![doc = include_str!("../README.md")]

pub mod contract;
pub mod error;
pub mod execute;
pub mod query;
pub mod report;
pub mod state;

pub use crate::error::ContractError;

#[cfg(test)]
mod tests;
