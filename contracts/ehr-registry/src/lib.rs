#![doc = include_str!("../README.md")]

pub mod access;
pub mod contract;
pub mod delegates;
pub mod devices;
pub mod disclosures;
pub mod emergency;
pub mod error;
pub mod execute;
pub mod grants;
pub mod oncall;
pub mod query;
pub mod records;
pub mod sensitive;
pub mod state;
pub mod successors;
pub mod teams;
pub mod telehealth;

pub use crate::error::ContractError;
