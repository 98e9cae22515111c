//! The plan's provider network: in-network providers are priced by the fee schedule, the others
//! by each code's out-of-network terms (another fee and cost share), or not covered (PR-242)
//! when the code has none. A plan without a network prices every provider in network.

use cosmwasm_std::{Addr, Deps, DepsMut, MessageInfo, Order, Response, Storage};
use cw_health_types::claims_engine::codes::Carc;
use cw_health_types::claims_engine::{CodeBenefit, CostShare, NetworkResponse, Plan};
use cw_health_types::limits::{validate_list_len, MAX_BATCH_LEN};
use cw_health_types::pagination::clamp_limit;
use cw_health_types::pagination::TryCollect;
use cw_health_types::store::{ReadMap, WriteMap};
use cw_storage_plus::Bound;

use crate::accum::tier_of;
use crate::adjudicate::Denial;
use crate::common::{assert_insurer, load_plan};
use crate::error::ContractError;
use crate::state::{NETWORK, NETWORK_SIZE};

/// The insurer adds providers to and removes them from the plan's network.
pub fn update_network(
    deps: DepsMut,
    info: MessageInfo,
    plan_id: u64,
    add: Vec<String>,
    remove: Vec<String>,
) -> Result<Response, ContractError> {
    let plan = load_plan(deps.storage, plan_id)?;
    assert_insurer(&plan, &info.sender)?;
    validate_list_len("add", &add, MAX_BATCH_LEN)?;
    validate_list_len("remove", &remove, MAX_BATCH_LEN)?;
    let add: Vec<Addr> = add.iter().map(|a| deps.api.addr_validate(a)).try_vec()?;
    let remove: Vec<Addr> = remove.iter().map(|a| deps.api.addr_validate(a)).try_vec()?;
    let mut size = NETWORK_SIZE
        .may_read(deps.storage, plan_id)?
        .unwrap_or_default();
    for p in &remove {
        if NETWORK.has(deps.storage, (plan_id, p)) {
            NETWORK.remove(deps.storage, (plan_id, p));
            size = size.saturating_sub(1);
        }
    }
    for p in &add {
        if !NETWORK.has(deps.storage, (plan_id, p)) {
            NETWORK.write(deps.storage, (plan_id, p), &())?;
            size = size.saturating_add(1);
        }
    }
    NETWORK_SIZE.write(deps.storage, plan_id, &size)?;
    Ok(Response::new()
        .add_attribute("action", "update_network")
        .add_attribute("plan_id", plan_id.to_string())
        .add_attribute("size", size.to_string()))
}

/// A page of the plan's network.
pub fn network(
    deps: Deps,
    plan_id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<NetworkResponse, ContractError> {
    load_plan(deps.storage, plan_id)?;
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let providers = NETWORK
        .prefix(plan_id)
        .keys(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .try_vec()?;
    Ok(NetworkResponse {
        size: NETWORK_SIZE
            .may_read(deps.storage, plan_id)?
            .unwrap_or_default(),
        providers,
    })
}

/// The terms a provider is priced by: the fee schedule in network (or when the plan has no
/// network), else the code's out-of-network terms; none: PR-242. With the accumulator tier the
/// line counts in (`accum::tier_of`).
pub fn network_terms(
    storage: &dyn Storage,
    plan: &Plan,
    provider: &Addr,
    benefit: CodeBenefit,
) -> Result<Result<(CodeBenefit, usize), Denial>, ContractError> {
    let has_network = NETWORK_SIZE
        .may_read(storage, plan.id)?
        .is_some_and(|n| n > 0);
    if !has_network || NETWORK.has(storage, (plan.id, provider)) {
        return Ok(Ok((benefit, tier_of(plan, false))));
    }
    Ok(match benefit.out_of_network.clone() {
        Some(terms) if terms.cost_share != (CostShare::NotCovered {}) => Ok((
            CodeBenefit {
                fee_per_unit: terms.fee_per_unit,
                cost_share: terms.cost_share,
                ..benefit
            },
            tier_of(plan, true),
        )),
        _ => Err(Denial::pr(Carc::OUT_OF_NETWORK)),
    })
}
