//! Prior authorization (X12 278 / Da Vinci PAS shaped; CMS-0057-F clocks and metrics).

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Storage, Timestamp};
use cw_health_types::claims_engine::codes::{
    validate_procedure_code, PRIOR_AUTH_EXPEDITED_SECONDS, PRIOR_AUTH_STANDARD_SECONDS,
};
use cw_health_types::claims_engine::{
    PriorAuth, PriorAuthDecision, PriorAuthRequest, PriorAuthStatus, Urgency,
};
use cw_health_types::events::json_code;
use cw_health_types::limits::{validate_unique, MAX_LIST_LEN};
use cw_health_types::store::{ReadMap, WriteMap};

use crate::common::{assert_adjuster, assert_independent, assert_provider, load_plan};
use crate::error::ContractError;
use crate::state::{load_config, next_id, AUTH_SEQ, ENROLLMENTS, PA_DUE, PA_METRICS, PRIOR_AUTHS};

fn validate_services(
    field: &str,
    services: &[cw_health_types::claims_engine::AuthService],
) -> Result<(), ContractError> {
    if services.is_empty() {
        return Err(ContractError::invalid(field, "at least one service"));
    }
    let codes: Vec<&str> = services.iter().map(|s| s.code.as_str()).collect();
    validate_unique(field, &codes, MAX_LIST_LEN)?;
    for s in services {
        validate_procedure_code(field, &s.code)?;
        if s.units == 0 {
            return Err(ContractError::invalid(field, "units must be at least 1"));
        }
    }
    Ok(())
}

/// A provider requests a prior authorization.
pub fn request_prior_auth(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    req: PriorAuthRequest,
) -> Result<Response, ContractError> {
    let config = load_config(deps.storage)?;
    let plan = load_plan(deps.storage, req.plan_id)?;
    assert_provider(&deps.querier, &config, &info.sender)?;
    let member = deps.api.addr_validate(&req.member)?;
    let servicing_provider = match &req.servicing_provider {
        Some(sp) => {
            let sp = deps.api.addr_validate(sp)?;
            if sp != info.sender {
                assert_provider(&deps.querier, &config, &sp)?;
            }
            Some(sp)
        }
        None => None,
    };
    if !ENROLLMENTS.has(deps.storage, (plan.id, &member)) {
        return Err(ContractError::NotEnrolled {
            plan_id: plan.id,
            member: member.to_string(),
        });
    }
    validate_services("services", &req.services)?;
    if req.service_end <= req.service_start {
        return Err(ContractError::invalid(
            "service_end",
            "must be after service_start",
        ));
    }
    let now = env.block.time;
    let due_at = now.plus_seconds(match req.urgency {
        Urgency::Expedited => PRIOR_AUTH_EXPEDITED_SECONDS,
        Urgency::Standard => PRIOR_AUTH_STANDARD_SECONDS,
    });
    let id = next_id(deps.storage, &AUTH_SEQ)?;
    let auth = PriorAuth {
        id,
        plan_id: plan.id,
        member: member.clone(),
        provider: info.sender.clone(),
        servicing_provider: servicing_provider.clone(),
        urgency: req.urgency,
        requested: req.services,
        approved: vec![],
        service_start: req.service_start,
        service_end: req.service_end,
        status: PriorAuthStatus::Pending,
        denial_reason: None,
        requested_at: now,
        due_at,
        decided_at: None,
        decided_by: None,
    };
    PRIOR_AUTHS.write(deps.storage, id, &auth)?;
    PA_DUE.write(deps.storage, (plan.id, due_at.seconds(), id), &())?;
    let mut metrics = PA_METRICS
        .may_read(deps.storage, plan.id)?
        .unwrap_or_default();
    metrics.requested = metrics.requested.saturating_add(1);
    PA_METRICS.write(deps.storage, plan.id, &metrics)?;
    Ok(Response::new()
        .add_attribute("action", "request_prior_auth")
        .add_attribute("auth_id", id.to_string())
        .add_attribute("plan_id", plan.id.to_string())
        .add_attribute("member", member)
        .add_attribute("provider", info.sender.clone())
        .add_attribute(
            "servicing_provider",
            servicing_provider.unwrap_or(info.sender),
        )
        .add_attribute("due_at", due_at.seconds().to_string()))
}

/// Applies an adjuster's decision: approve as requested, approve fewer codes or units
/// (modified), or deny with a denial reason code.
fn apply_decision(auth: &mut PriorAuth, decision: PriorAuthDecision) -> Result<(), ContractError> {
    match decision {
        PriorAuthDecision::Approve { services: None } => {
            auth.approved = auth.requested.clone();
            auth.status = PriorAuthStatus::Approved;
        }
        PriorAuthDecision::Approve {
            services: Some(services),
        } => {
            validate_services("services", &services)?;
            for s in &services {
                let asked = auth.requested.iter().find(|r| r.code == s.code);
                if asked.is_none_or(|r| s.units > r.units) {
                    return Err(ContractError::invalid(
                        "services",
                        "approves a code or more units than requested",
                    ));
                }
            }
            auth.status = if services == auth.requested {
                PriorAuthStatus::Approved
            } else {
                PriorAuthStatus::Modified
            };
            auth.approved = services;
        }
        PriorAuthDecision::Deny { reason } => {
            if !reason.is_denial_reason() {
                return Err(ContractError::invalid("reason", "not a denial reason code"));
            }
            auth.status = PriorAuthStatus::Denied;
            auth.denial_reason = Some(reason);
        }
    }
    Ok(())
}

/// Counts a decision in the plan's metrics; returns whether it was late.
fn record_metrics(
    storage: &mut dyn Storage,
    plan_id: u64,
    auth: &PriorAuth,
    now: Timestamp,
) -> Result<bool, ContractError> {
    let mut m = PA_METRICS.may_read(storage, plan_id)?.unwrap_or_default();
    if auth.status == PriorAuthStatus::Denied {
        m.denied = m.denied.saturating_add(1);
    } else {
        m.approved = m.approved.saturating_add(1);
    }
    let late = now > auth.due_at;
    if late {
        m.decided_late = m.decided_late.saturating_add(1);
    }
    m.total_decision_seconds = m
        .total_decision_seconds
        .saturating_add(now.seconds().saturating_sub(auth.requested_at.seconds()));
    PA_METRICS.write(storage, plan_id, &m)?;
    Ok(late)
}

/// An adjuster decides a prior authorization.
pub fn decide_prior_auth(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    auth_id: u64,
    decision: PriorAuthDecision,
) -> Result<Response, ContractError> {
    let mut auth = PRIOR_AUTHS
        .may_read(deps.storage, auth_id)?
        .ok_or_else(|| ContractError::not_found("prior authorization", auth_id))?;
    let plan = load_plan(deps.storage, auth.plan_id)?;
    assert_adjuster(&plan, &info.sender)?;
    assert_independent(
        &info.sender,
        auth.servicing_provider.as_ref().unwrap_or(&auth.provider),
        &auth.member,
        "prior authorization",
        auth_id,
    )?;
    // The requesting provider may not decide it either (checked above when it also performs it).
    assert_independent(
        &info.sender,
        &auth.provider,
        &auth.member,
        "prior authorization",
        auth_id,
    )?;
    if auth.status != PriorAuthStatus::Pending {
        return Err(ContractError::WrongStatus {
            kind: "prior authorization".into(),
            id: auth_id,
            status: json_code(&auth.status),
            expected: "pending".into(),
        });
    }
    apply_decision(&mut auth, decision)?;
    let now = env.block.time;
    auth.decided_at = Some(now);
    auth.decided_by = Some(info.sender.clone());
    PRIOR_AUTHS.write(deps.storage, auth_id, &auth)?;
    PA_DUE.remove(deps.storage, (plan.id, auth.due_at.seconds(), auth_id));
    let late = record_metrics(deps.storage, plan.id, &auth, now)?;
    Ok(Response::new()
        .add_attribute("action", "decide_prior_auth")
        .add_attribute("auth_id", auth_id.to_string())
        .add_attribute("plan_id", plan.id.to_string())
        .add_attribute("status", json_code(&auth.status))
        .add_attribute(
            "reason",
            auth.denial_reason
                .map(|r| r.code())
                .unwrap_or_else(|| "none".into()),
        )
        .add_attribute("late", late.to_string())
        .add_attribute("adjuster", info.sender))
}
