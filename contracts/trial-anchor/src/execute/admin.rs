//! Contract administration: instantiate, ownership, regulators, freezing, oversight records.

use cosmwasm_std::{Addr, Deps, DepsMut, Env, MessageInfo, Response};
use cw_health_types::events::json_code;
use cw_health_types::limits::{validate_list_len, MAX_LIST_LEN};
use cw_health_types::ownership::{self, OwnershipAction};
use cw_health_types::trial_anchor::{
    AddressSet, Freeze, FreezeReason, InstantiateMsg, OversightKind, OversightRecord, StatusEvent,
    TrialRole,
};
use cw_health_types::Sha256Hash;

use super::{
    assert_regulator, bump_hot, ensure_not_frozen, has_role, is_regulator, load_trial, log_status,
    validate_opt_hash,
};
use crate::error::ContractError;
use crate::state::{
    address_set_map, save_trial_state, HotCounter, EHR_REGISTRY, OVERSIGHT, TRIAL_SEQ,
};

/// Validates an ehr-registry address: a valid address of an existing contract.
fn validate_registry(deps: Deps, address: &str) -> Result<Addr, ContractError> {
    let addr = deps.api.addr_validate(address)?;
    if deps.querier.query_wasm_contract_info(&addr).is_err() {
        return Err(ContractError::NotAContract {
            address: addr.to_string(),
        });
    }
    Ok(addr)
}

/// Stores the owner (the sender unless another is named) and the trusted ehr-registry, if given.
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    let owner = msg.owner.unwrap_or_else(|| info.sender.to_string());
    let registry = msg
        .ehr_registry
        .map(|r| validate_registry(deps.as_ref(), &r))
        .transpose()?;
    let o = ownership::initialize_owner(deps.storage, deps.api, &owner)?;
    TRIAL_SEQ.save(deps.storage, &0)?;
    if let Some(r) = &registry {
        EHR_REGISTRY.save(deps.storage, r)?;
    }
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", o.owner)
        .add_attribute(
            "ehr_registry",
            registry.map_or("none".into(), |r| r.to_string()),
        ))
}

/// Sets the trusted ehr-registry. Owner only.
pub fn set_ehr_registry(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    address: String,
) -> Result<Response, ContractError> {
    ownership::assert_owner(deps.storage, &info.sender)?;
    let registry = validate_registry(deps.as_ref(), &address)?;
    let previous = EHR_REGISTRY.may_load(deps.storage)?;
    EHR_REGISTRY.save(deps.storage, &registry)?;
    Ok(Response::new()
        .add_attribute("action", "set_ehr_registry")
        .add_attribute("ehr_registry", registry)
        .add_attribute(
            "previous",
            previous.map_or("none".into(), |r| r.to_string()),
        )
        .add_attribute("by", info.sender))
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

/// Adds and removes addresses of an owner-kept set: regulators (owner only) or accredited
/// ethics committees (the owner or a regulator).
pub fn update_address_set(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    set: AddressSet,
    add: Vec<String>,
    remove: Vec<String>,
) -> Result<Response, ContractError> {
    match set {
        AddressSet::Regulators => ownership::assert_owner(deps.storage, &info.sender)?,
        AddressSet::EthicsCommittees => {
            if ownership::assert_owner(deps.storage, &info.sender).is_err()
                && !is_regulator(deps.storage, &info.sender)?
            {
                return Err(ContractError::unauthorized(
                    "the owner or a regulator",
                    "accredit ethics committees",
                ));
            }
        }
    }
    let (added, removed) = change_addresses(deps, &env, set, add, remove)?;
    Ok(Response::new()
        .add_attribute("action", "update_address_set")
        .add_attribute("set", json_code(&set))
        .add_attribute("added", added)
        .add_attribute("removed", removed)
        .add_attribute("by", info.sender))
}

/// Adds and removes addresses of an owner-kept set (regulators, accredited ethics committees):
/// both lists bounded, valid and unique together. Returns the added and removed addresses, comma
/// separated, for the event.
fn change_addresses(
    deps: DepsMut,
    env: &Env,
    set: AddressSet,
    add: Vec<String>,
    remove: Vec<String>,
) -> Result<(String, String), ContractError> {
    let map = address_set_map(set);
    validate_list_len("add", &add, MAX_LIST_LEN)?;
    validate_list_len("remove", &remove, MAX_LIST_LEN)?;
    let validate = |v: &[String]| {
        v.iter()
            .map(|a| deps.api.addr_validate(a))
            .collect::<Result<Vec<_>, _>>()
    };
    let (add, remove) = (validate(&add)?, validate(&remove)?);
    cw_health_types::limits::validate_unique(
        &json_code(&set),
        &add.iter().chain(remove.iter()).collect::<Vec<_>>(),
        2 * MAX_LIST_LEN,
    )?;
    for a in &add {
        map.save(deps.storage, a, &env.block.time)?;
    }
    for r in &remove {
        map.remove(deps.storage, r);
    }
    let join = |v: &[Addr]| v.iter().map(Addr::as_str).collect::<Vec<_>>().join(",");
    Ok((join(&add), join(&remove)))
}

/// The members of a DMC review who saw unblinded data: only for DMC reviews, each an active DMC
/// member of the trial, unique, at most 16.
fn dmc_members(
    deps: Deps,
    trial_id: u64,
    kind: &OversightKind,
    members: Option<Vec<String>>,
) -> Result<Vec<Addr>, ContractError> {
    let members = members.unwrap_or_default();
    if members.is_empty() {
        return Ok(vec![]);
    }
    if !matches!(kind, OversightKind::DmcReview { .. }) {
        return Err(ContractError::InvalidInput(
            "unblinded_members are recorded for DMC reviews only".into(),
        ));
    }
    validate_list_len("unblinded_members", &members, 16)?;
    let addrs = members
        .iter()
        .map(|a| deps.api.addr_validate(a))
        .collect::<Result<Vec<_>, _>>()?;
    cw_health_types::limits::validate_unique(
        "unblinded_members",
        &addrs.iter().collect::<Vec<_>>(),
        16,
    )?;
    for a in &addrs {
        if !has_role(
            deps.storage,
            trial_id,
            a,
            &TrialRole::DataMonitoringCommittee {},
        )? {
            return Err(ContractError::InvalidInput(format!(
                "{a} is not a member of the trial's DMC"
            )));
        }
    }
    Ok(addrs)
}

/// A regulator freezes a trial.
pub fn freeze(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    reason: FreezeReason,
    order_hash: Option<Sha256Hash>,
) -> Result<Response, ContractError> {
    assert_regulator(&deps, &info.sender, "freeze a trial")?;
    let mut trial = load_trial(deps.storage, trial_id)?;
    validate_opt_hash("order_hash", &order_hash)?;
    ensure_not_frozen(&trial)?;
    trial.frozen = Some(Freeze {
        by: info.sender.clone(),
        at: env.block.time,
        reason,
        order_hash: order_hash.clone(),
    });
    let event = StatusEvent::Freeze {
        reason,
        order_hash: order_hash.clone(),
    };
    log_status(
        deps.storage,
        &mut trial,
        event,
        &info.sender,
        env.block.time,
    )?;
    // The freeze and the status-change count are hot fields: the record is not rewritten.
    save_trial_state(deps.storage, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "freeze")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("reason", json_code(&reason))
        .add_attribute("order_hash", order_hash.map_or("none".into(), |h| h.0))
        .add_attribute("by", info.sender))
}

/// A regulator lifts a freeze.
pub fn unfreeze(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    decision_hash: Sha256Hash,
) -> Result<Response, ContractError> {
    assert_regulator(&deps, &info.sender, "unfreeze a trial")?;
    let mut trial = load_trial(deps.storage, trial_id)?;
    decision_hash.validate("decision_hash")?;
    if trial.frozen.is_none() {
        return Err(ContractError::NotFrozen { trial_id });
    }
    trial.frozen = None;
    let event = StatusEvent::Unfreeze {
        decision_hash: decision_hash.clone(),
    };
    log_status(
        deps.storage,
        &mut trial,
        event,
        &info.sender,
        env.block.time,
    )?;
    save_trial_state(deps.storage, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "unfreeze")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("decision_hash", decision_hash.0)
        .add_attribute("by", info.sender))
}

/// Records a DMC review (DMC) or an audit finding (auditor or regulator). Allowed while frozen:
/// oversight of a frozen trial continues.
pub fn record_oversight(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    (kind, report_hash): (OversightKind, Sha256Hash),
    unblinded_members: Option<Vec<String>>,
) -> Result<Response, ContractError> {
    let trial = load_trial(deps.storage, trial_id)?;
    let allowed = match &kind {
        OversightKind::DmcReview { .. } => has_role(
            deps.storage,
            trial_id,
            &info.sender,
            &TrialRole::DataMonitoringCommittee {},
        )?,
        OversightKind::AuditFinding { .. } => {
            has_role(deps.storage, trial_id, &info.sender, &TrialRole::Auditor {})?
                || is_regulator(deps.storage, &info.sender)?
        }
        OversightKind::MonitoringFinding { .. } => has_role(
            deps.storage,
            trial_id,
            &info.sender,
            &TrialRole::ContractResearchOrganization {},
        )?,
    };
    if !allowed {
        return Err(ContractError::unauthorized(
            "the DMC (reviews), an auditor or regulator (audit findings) or the CRO (monitoring findings)",
            "record oversight",
        ));
    }
    report_hash.validate("report_hash")?;
    let unblinded_members = dmc_members(deps.as_ref(), trial_id, &kind, unblinded_members)?;
    let id = bump_hot(deps.storage, &trial, HotCounter::Oversight)?;
    let label = match &kind {
        OversightKind::DmcReview { recommendation } => {
            format!("dmc_review:{}", json_code(&recommendation))
        }
        OversightKind::AuditFinding { severity } => {
            format!("audit_finding:{}", json_code(&severity))
        }
        OversightKind::MonitoringFinding { severity } => {
            format!("monitoring_finding:{}", json_code(&severity))
        }
    };
    let members = unblinded_members
        .iter()
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
        .join(",");
    OVERSIGHT.save(
        deps.storage,
        (trial_id, id),
        &OversightRecord {
            id,
            kind,
            report_hash: report_hash.clone(),
            unblinded_members,
            by: info.sender.clone(),
            at: env.block.time,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "record_oversight")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("oversight_id", id.to_string())
        .add_attribute("kind", label)
        .add_attribute("unblinded_members", members)
        .add_attribute("report_hash", report_hash.0)
        .add_attribute("by", info.sender))
}
