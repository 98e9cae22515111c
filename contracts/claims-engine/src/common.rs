//! Shared guards and helpers: roles, cross-contract party checks, time arithmetic.

use cosmwasm_std::{Addr, QuerierWrapper, Storage, Timestamp};
use cw_health_types::claims_engine::codes::{DAY_SECONDS, PLAN_YEAR_SECONDS};
use cw_health_types::claims_engine::Plan;
use cw_health_types::ehr_registry::{PartyRole, PartyStatus};

use crate::error::ContractError;
use crate::state::{Config, PLANS};

/// Loads a plan or fails with `NotFound`.
pub fn load_plan(storage: &dyn Storage, plan_id: u64) -> Result<Plan, ContractError> {
    PLANS
        .may_load(storage, plan_id)?
        .ok_or_else(|| ContractError::not_found("plan", plan_id))
}

/// Fails unless `sender` is the plan's insurer.
pub fn assert_insurer(plan: &Plan, sender: &Addr) -> Result<(), ContractError> {
    if plan.insurer == *sender {
        Ok(())
    } else {
        Err(ContractError::unauthorized("the plan's insurer"))
    }
}

/// Fails unless `sender` is one of the plan's adjusters or its insurer.
pub fn assert_adjuster(plan: &Plan, sender: &Addr) -> Result<(), ContractError> {
    if plan.insurer == *sender || plan.adjusters.contains(sender) {
        Ok(())
    } else {
        Err(ContractError::unauthorized("an adjuster of the plan"))
    }
}

/// Fails when the decider is the provider or the member of what is decided: an adjuster (or the
/// insurer) never reviews their own claim, prior authorization or appeal.
pub fn assert_independent(
    sender: &Addr,
    provider: &Addr,
    member: &Addr,
    kind: &str,
    id: u64,
) -> Result<(), ContractError> {
    if sender == provider || sender == member {
        Err(ContractError::ConflictOfInterest {
            kind: kind.to_string(),
            id,
        })
    } else {
        Ok(())
    }
}

/// Fails unless `address` is an active party of ehr-registry with one of `roles`.
pub fn assert_party(
    querier: &QuerierWrapper,
    config: &Config,
    address: &Addr,
    roles: &[PartyRole],
    required: &str,
) -> Result<(), ContractError> {
    let party = config
        .ehr_registry
        .party(querier, address)
        .map_err(|e| ContractError::query_failed("ehr-registry", config.ehr_registry.addr(), e))?;
    match party {
        Some(p) if p.active && p.status == PartyStatus::Active && roles.contains(&p.role) => Ok(()),
        _ => Err(ContractError::PartyNotEligible {
            address: address.to_string(),
            required: required.to_string(),
        }),
    }
}

/// Fails unless `address` is an active Clinician or Organization (a provider).
pub fn assert_provider(
    querier: &QuerierWrapper,
    config: &Config,
    address: &Addr,
) -> Result<(), ContractError> {
    assert_party(
        querier,
        config,
        address,
        &[PartyRole::Clinician, PartyRole::Organization],
        "Clinician or Organization",
    )
}

/// The day number (days since the Unix epoch) of a timestamp.
pub fn day_of(t: Timestamp) -> u64 {
    t.seconds() / DAY_SECONDS
}

/// The plan year index of `t` (0 = the year starting at `plan_year_start`); `None` before the
/// first plan year or past `u32` years.
pub fn plan_year_of(plan: &Plan, t: Timestamp) -> Option<u32> {
    let since = t.seconds().checked_sub(plan.plan_year_start.seconds())?;
    u32::try_from(since / PLAN_YEAR_SECONDS).ok()
}
