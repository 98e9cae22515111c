use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::Addr;

use crate::ownership::{Ownership, OwnershipAction};

/// Instantiates the contract.
#[cw_serde]
pub struct InstantiateMsg {
    /// The contract owner; defaults to the sender.
    pub owner: Option<String>,
}

/// Executes a change.
#[cw_serde]
pub enum ExecuteMsg {
    /// Proposes, accepts or cancels a transfer of contract ownership (two-step).
    UpdateOwnership(OwnershipAction),
}

/// Queries.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The contract's configuration.
    #[returns(ConfigResponse)]
    Config {},
    /// The contract's owner and any pending ownership transfer.
    #[returns(Ownership)]
    Ownership {},
}

/// Migrates the contract to a newer version of itself.
#[cw_serde]
pub struct MigrateMsg {}

/// The contract's configuration.
#[cw_serde]
pub struct ConfigResponse {
    /// The contract owner.
    pub owner: Addr,
}
