//! Appeals: deciding. Who decides (an adjuster other than the original decider for an internal
//! appeal; an independent review organization for an external review), and what an overturn
//! does: a claim's appealed lines re-decided (only them), an underpaid line re-priced (only it),
//! a denied prior authorization approved as requested. An external reviewer's overturn binds the
//! plan.

use cosmwasm_std::{
    Addr, CosmosMsg, DepsMut, Env, MessageInfo, Response, Storage, Timestamp, Uint128,
};
use cw_health_types::claims_engine::{
    Appeal, AppealKind, AppealOutcome, Claim, LineReviewAction, Plan, PriorAuthStatus,
};
use cw_health_types::events::json_code;
use cw_health_types::store::{ReadItem, ReadMap, WriteMap};

use crate::adjudicate::{adjudicate, Mode};
use crate::appeals::{kind_code, load_claim};
use crate::claims::remittance_event;
use crate::cob::link;
use crate::common::{assert_adjuster, assert_independent, load_enrollment, load_plan};
use crate::error::ContractError;
use crate::payment::{settle, start_clock};
use crate::reprice::reprice_line;
use crate::reversal::reverse_lines;
use crate::state::{
    load_config, APPEALS, APPEAL_DUE, CLAIMS, PA_METRICS, PRIOR_AUTHS, REVIEW_ORGANIZATIONS,
};

/// The parties of what an appeal is about: (provider, member, original decider).
fn parties(
    storage: &dyn Storage,
    appeal: &Appeal,
) -> Result<(Vec<Addr>, Addr, Option<Addr>), ContractError> {
    if let Some(claim_id) = appeal.claim_id {
        let c = load_claim(storage, claim_id)?;
        let mut providers = vec![c.provider];
        providers.extend(c.rendering_provider);
        return Ok((providers, c.member, c.adjudicator));
    }
    let auth_id = appeal
        .prior_auth_id
        .ok_or_else(|| ContractError::not_found("appeal subject", appeal.id))?;
    let a = PRIOR_AUTHS.read(storage, auth_id)?;
    let mut providers = vec![a.provider];
    providers.extend(a.servicing_provider);
    Ok((providers, a.member, a.decided_by))
}

/// Fails unless `sender` may decide the appeal: for an external review, an independent review
/// organization that is not the plan's insurer or adjuster; for an internal appeal, an adjuster
/// (or the insurer) other than the original decider. Never the provider or the member.
fn assert_reviewer(
    storage: &dyn Storage,
    plan: &Plan,
    appeal: &Appeal,
    sender: &Addr,
) -> Result<(), ContractError> {
    let (providers, member, decider) = parties(storage, appeal)?;
    if matches!(appeal.kind(), AppealKind::External { .. }) {
        let iros = REVIEW_ORGANIZATIONS.may_read(storage)?.unwrap_or_default();
        if !iros.contains(sender) || plan.insurer == *sender || plan.adjusters.contains(sender) {
            return Err(ContractError::NotIndependentReviewer {
                appeal_id: appeal.id,
            });
        }
    } else {
        assert_adjuster(plan, sender)?;
    }
    for p in &providers {
        assert_independent(sender, p, &member, "appeal", appeal.id)?;
    }
    // The internal reviewer is not the original decider. An external review is of the internal
    // appeal's decision (the plan's adjuster, never an IRO): an IRO that overturned another line
    // of the claim before (and so became its last decider) may review again.
    let external = matches!(appeal.kind(), AppealKind::External { .. });
    if !external && decider.as_ref() == Some(sender) {
        let (kind, id) = match appeal.claim_id {
            Some(c) => ("claim", c),
            None => (
                "prior authorization",
                appeal.prior_auth_id.unwrap_or_default(),
            ),
        };
        return Err(ContractError::SameAdjuster {
            kind: kind.into(),
            id,
        });
    }
    Ok(())
}

/// An overturned denial appeal: the appealed lines (only) are reversed and re-decided with the
/// appealable edits waived and today's facts; the difference is paid.
fn overturn(
    deps: DepsMut,
    plan: &Plan,
    mut claim: Claim,
    lines: &[u32],
    now: Timestamp,
    reviewer: Addr,
) -> Result<Claim, ContractError> {
    let config = load_config(deps.storage)?;
    // Only the appealed lines are re-decided (with today's facts and the appealable edits
    // waived); the other lines keep their decision and its effects.
    let only = Some(lines);
    reverse_lines(deps.storage, &mut claim, only)?;
    claim.edits_waived = true;
    for line in claim.lines.iter_mut() {
        if lines.contains(&line.number)
            && matches!(line.review, Some(LineReviewAction::Deny { .. }))
        {
            line.review = None;
        }
    }
    let enrollment = load_enrollment(deps.storage, plan.id, &claim.member)?;
    adjudicate(
        deps.storage,
        &deps.querier,
        &config,
        (plan, &enrollment),
        &mut claim,
        Mode {
            final_decision: true,
            now,
            only,
            support: None,
        },
    )?;
    claim.adjudicator = Some(reviewer);
    claim.adjudicated_at = Some(now);
    link(deps.storage, &claim)?;
    Ok(claim)
}

/// Settles a re-decided claim: what it adds is due `days` after the decision.
fn settle_redecision(
    storage: &mut dyn Storage,
    plan: &Plan,
    claim: &mut Claim,
    now: Timestamp,
) -> Result<Vec<CosmosMsg>, ContractError> {
    start_clock(plan, claim, now);
    let mut msgs = vec![];
    settle(storage, plan, claim, now, &mut msgs)?;
    CLAIMS.write(storage, claim.id, claim)?;
    Ok(msgs)
}

/// An overturned pre-service or urgent appeal (or its external review): the denied prior
/// authorization is approved as requested.
fn approve_auth(storage: &mut dyn Storage, auth_id: u64) -> Result<(), ContractError> {
    let mut auth = PRIOR_AUTHS.read(storage, auth_id)?;
    if auth.status != PriorAuthStatus::Denied {
        return Err(ContractError::WrongStatus {
            kind: "prior authorization".into(),
            id: auth_id,
            status: json_code(&auth.status),
            expected: "denied".into(),
        });
    }
    auth.status = PriorAuthStatus::Approved;
    auth.approved = auth.requested.clone();
    auth.denial_reason = None;
    PRIOR_AUTHS.write(storage, auth_id, &auth)?;
    let mut m = PA_METRICS
        .may_read(storage, auth.plan_id)?
        .unwrap_or_default();
    m.approved_after_appeal = m.approved_after_appeal.saturating_add(1);
    PA_METRICS.write(storage, auth.plan_id, &m)?;
    Ok(())
}

/// Applies an overturn: approves the authorization, re-prices the underpaid line, or re-decides
/// the appealed lines, then settles what the re-decision adds. Returns the bank messages and the
/// re-decided claim, if any.
fn apply_overturn(
    mut deps: DepsMut,
    plan: &Plan,
    appeal: &mut Appeal,
    allowed: Option<Uint128>,
    now: Timestamp,
    reviewer: &Addr,
) -> Result<(Vec<CosmosMsg>, Option<Claim>), ContractError> {
    let Some(claim_id) = appeal.claim_id else {
        approve_auth(deps.storage, appeal.prior_auth_id.unwrap_or_default())?;
        return Ok((vec![], None));
    };
    let mut claim = load_claim(deps.storage, claim_id)?;
    if let AppealKind::Underpayment { line, basis } = appeal.kind() {
        let after = reprice_line(deps.storage, plan, &mut claim, line, basis, allowed)?;
        appeal.repriced = Some(after);
        claim.adjudicator = Some(reviewer.clone());
        claim.adjudicated_at = Some(now);
    } else {
        let lines = appeal.lines.clone();
        claim = overturn(deps.branch(), plan, claim, &lines, now, reviewer.clone())?;
    }
    let msgs = settle_redecision(deps.storage, plan, &mut claim, now)?;
    Ok((msgs, Some(claim)))
}

/// Decides an open appeal (see the module docs).
pub fn decide_appeal(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    appeal_id: u64,
    outcome: AppealOutcome,
    allowed: Option<Uint128>,
) -> Result<Response, ContractError> {
    let mut appeal = APPEALS
        .may_read(deps.storage, appeal_id)?
        .ok_or_else(|| ContractError::not_found("appeal", appeal_id))?;
    if let Some(o) = appeal.outcome {
        return Err(ContractError::WrongStatus {
            kind: "appeal".into(),
            id: appeal_id,
            status: json_code(&o),
            expected: "open".into(),
        });
    }
    let plan = load_plan(deps.storage, appeal.plan_id)?;
    assert_reviewer(deps.storage, &plan, &appeal, &info.sender)?;
    let underpayment = matches!(appeal.kind(), AppealKind::Underpayment { .. });
    if allowed.is_some() && (!underpayment || outcome != AppealOutcome::Overturned) {
        return Err(ContractError::invalid(
            "allowed",
            "only for an overturned underpayment appeal",
        ));
    }
    let now = env.block.time;
    appeal.outcome = Some(outcome);
    appeal.decided_at = Some(now);
    appeal.decided_by = Some(info.sender.clone());
    APPEAL_DUE.remove(deps.storage, (plan.id, appeal.due_at.seconds(), appeal_id));
    let mut resp = Response::new()
        .add_attribute("action", "decide_appeal")
        .add_attribute("appeal_id", appeal_id.to_string())
        .add_attribute("kind", kind_code(&appeal.kind()))
        .add_attribute("outcome", json_code(&outcome))
        .add_attribute("late", (now > appeal.due_at).to_string())
        .add_attribute("reviewer", info.sender.clone());
    if let Some(auth_id) = appeal.prior_auth_id {
        resp = resp.add_attribute("auth_id", auth_id.to_string());
    }
    if outcome == AppealOutcome::Overturned {
        let (msgs, claim) = apply_overturn(
            deps.branch(),
            &plan,
            &mut appeal,
            allowed,
            now,
            &info.sender,
        )?;
        if let Some(claim) = claim {
            resp = resp
                .add_messages(msgs)
                .add_attribute("claim_id", claim.id.to_string())
                .add_attribute("total_paid", claim.total_paid)
                .add_event(remittance_event(&claim));
        }
    }
    APPEALS.write(deps.storage, appeal_id, &appeal)?;
    Ok(resp)
}
