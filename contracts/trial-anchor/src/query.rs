use cosmwasm_std::{Deps, StdResult};
use cw_health_types::ownership::{self, Ownership};
use cw_health_types::trial_anchor::ConfigResponse;

/// The contract's configuration.
pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    Ok(ConfigResponse {
        owner: ownership::get_ownership(deps.storage)?.owner,
    })
}

/// The ownership record.
pub fn ownership(deps: Deps) -> StdResult<Ownership> {
    ownership::get_ownership(deps.storage)
}
