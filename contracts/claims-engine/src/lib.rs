#![doc = include_str!("../README.md")]

pub mod accum;
pub mod adjudicate;
pub mod appeal_decide;
pub mod appeals;
pub mod claims;
pub mod cob;
pub mod common;
pub mod contract;
pub mod error;
pub mod execute;
pub mod family;
pub mod ncci;
pub mod network;
pub mod payment;
pub mod prior_auth;
pub mod query;
pub mod reassignment;
pub mod remit;
pub mod reprice;
pub mod reversal;
pub mod rpm;
pub mod state;
pub mod stored;
pub mod telehealth;
pub mod waterfall;

#[cfg(test)]
mod tests;

pub use crate::error::ContractError;
