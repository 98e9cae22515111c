use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_health_types::ownership::{self, OwnershipAction};
use cw_health_types::trial_anchor::InstantiateMsg;

use crate::error::ContractError;

/// Stores the owner (the sender unless another is named).
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    let owner = msg.owner.unwrap_or_else(|| info.sender.to_string());
    let o = ownership::initialize_owner(deps.storage, deps.api, &owner)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", o.owner))
}

/// Proposes, accepts or cancels an ownership transfer.
pub fn update_ownership(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action: OwnershipAction,
) -> Result<Response, ContractError> {
    let o = ownership::update_ownership(deps.storage, deps.api, &env.block, &info.sender, action)?;
    Ok(Response::new()
        .add_attribute("action", "update_ownership")
        .add_attributes(o.into_attributes()))
}
