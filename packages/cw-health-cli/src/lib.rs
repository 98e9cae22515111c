//! `cw-health`: deploys the cw-health contracts to a Cosmos chain and drives them with JSON
//! messages. It signs and broadcasts itself (cosmrs, CometBFT RPC), so no chain binary is needed:
//! the same code path serves the local node and public testnets.

pub mod chain;
pub mod cli;
pub mod deploy;
pub mod keys;
pub mod network;
pub mod schema;
