//! Appeals of claim denials (45 CFR 147.136 / 29 CFR 2560.503-1 shaped).

use cosmwasm_std::{Addr, CosmosMsg, DepsMut, Env, MessageInfo, Response, Timestamp};
use cw_health_types::claims_engine::codes::{APPEAL_DECISION_SECONDS, MAX_CLAIM_LINES};
use cw_health_types::claims_engine::{
    Appeal, AppealOutcome, Claim, ClaimStatus, LineReviewAction, LineStatus, Plan,
};
use cw_health_types::events::json_code;
use cw_health_types::limits::validate_unique;
use cw_health_types::Sha256Hash;

use crate::adjudicate::{adjudicate, appeal_deadline, Mode};
use crate::claims::remittance_event;
use crate::cob::{assert_no_secondary, link};
use crate::common::{assert_adjuster, assert_independent, load_plan};
use crate::error::ContractError;
use crate::payment::{settle, start_clock};
use crate::reversal::reverse_lines;
use crate::state::{load_config, next_id, APPEALS, APPEAL_DUE, APPEAL_SEQ, CLAIMS};

/// The lines an appeal names: denied lines (unique); none named: every denied line.
fn appealed_lines(claim: &Claim, lines: Vec<u32>) -> Result<Vec<u32>, ContractError> {
    let denied: Vec<u32> = claim
        .lines
        .iter()
        .filter(|l| l.status == LineStatus::Denied)
        .map(|l| l.number)
        .collect();
    if denied.is_empty() {
        return Err(ContractError::NothingToAppeal { claim_id: claim.id });
    }
    Ok(if lines.is_empty() {
        denied
    } else {
        validate_unique("lines", &lines, MAX_CLAIM_LINES)?;
        if lines.iter().any(|n| !denied.contains(n)) {
            return Err(ContractError::invalid("lines", "not a denied line"));
        }
        lines
    })
}

/// The claim's member or provider appeals its denied lines.
pub fn appeal(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    claim_id: u64,
    evidence: Option<Sha256Hash>,
    lines: Vec<u32>,
) -> Result<Response, ContractError> {
    let mut claim = CLAIMS
        .may_load(deps.storage, claim_id)?
        .ok_or_else(|| ContractError::not_found("claim", claim_id))?;
    if info.sender != claim.member && info.sender != claim.provider {
        return Err(ContractError::unauthorized(
            "the claim's member or provider",
        ));
    }
    if let Some(e) = &evidence {
        e.validate("evidence")?;
    }
    if !matches!(
        claim.status,
        ClaimStatus::Paid | ClaimStatus::PartiallyPaid | ClaimStatus::Denied
    ) {
        return Err(ContractError::WrongStatus {
            kind: "claim".into(),
            id: claim_id,
            status: json_code(&claim.status),
            expected: "adjudicated".into(),
        });
    }
    let lines = appealed_lines(&claim, lines)?;
    if let Some(appeal_id) = claim.appeal_id {
        return Err(ContractError::AppealExists {
            claim_id,
            appeal_id,
        });
    }
    // A prior payer's claim a live secondary claim was paid on stays as it is.
    assert_no_secondary(deps.storage, claim_id)?;
    let now = env.block.time;
    let adjudicated_at = claim.adjudicated_at.unwrap_or(claim.submitted_at);
    let closes = appeal_deadline(adjudicated_at);
    if now > closes {
        return Err(ContractError::AppealWindowClosed {
            claim_id,
            closed_at: closes.seconds(),
        });
    }
    let id = next_id(deps.storage, &APPEAL_SEQ)?;
    let due_at = now.plus_seconds(APPEAL_DECISION_SECONDS);
    let appeal = Appeal {
        id,
        claim_id,
        plan_id: claim.plan_id,
        appellant: info.sender.clone(),
        evidence,
        lines,
        filed_at: now,
        due_at,
        outcome: None,
        decided_at: None,
        decided_by: None,
    };
    APPEALS.save(deps.storage, id, &appeal)?;
    APPEAL_DUE.save(deps.storage, (claim.plan_id, due_at.seconds(), id), &())?;
    claim.appeal_id = Some(id);
    CLAIMS.save(deps.storage, claim_id, &claim)?;
    Ok(Response::new()
        .add_attribute("action", "file_appeal")
        .add_attribute("appeal_id", id.to_string())
        .add_attribute("claim_id", claim_id.to_string())
        .add_attribute("appellant", info.sender)
        .add_attribute("due_at", due_at.seconds().to_string()))
}

/// An overturned appeal: the appealed lines (only) are reversed and re-decided with the
/// appealable edits waived and today's facts; the difference is paid.
fn overturn(
    deps: DepsMut,
    plan: &Plan,
    mut claim: Claim,
    appeal: &Appeal,
    now: Timestamp,
    reviewer: Addr,
) -> Result<(Claim, Vec<CosmosMsg>), ContractError> {
    let config = load_config(deps.storage)?;
    // Only the appealed lines are re-decided (with today's facts and the appealable edits
    // waived); the other lines keep their decision and its effects.
    let only = Some(appeal.lines.as_slice());
    reverse_lines(deps.storage, &mut claim, only)?;
    claim.edits_waived = true;
    for line in claim.lines.iter_mut() {
        if appeal.lines.contains(&line.number)
            && matches!(line.review, Some(LineReviewAction::Deny { .. }))
        {
            line.review = None;
        }
    }
    adjudicate(
        deps.storage,
        &deps.querier,
        &config,
        plan,
        &mut claim,
        Mode {
            final_decision: true,
            now,
            only,
        },
    )?;
    claim.adjudicator = Some(reviewer);
    claim.adjudicated_at = Some(now);
    link(deps.storage, &claim)?;
    // What the overturned lines add is due `days` after the decision.
    start_clock(plan, &mut claim, now);
    let mut msgs = vec![];
    settle(deps.storage, plan, &mut claim, now, &mut msgs)?;
    CLAIMS.save(deps.storage, claim.id, &claim)?;
    Ok((claim, msgs))
}

/// A reviewer other than the original adjuster decides an appeal.
pub fn decide_appeal(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    appeal_id: u64,
    outcome: AppealOutcome,
) -> Result<Response, ContractError> {
    let mut appeal = APPEALS
        .may_load(deps.storage, appeal_id)?
        .ok_or_else(|| ContractError::not_found("appeal", appeal_id))?;
    let plan = load_plan(deps.storage, appeal.plan_id)?;
    assert_adjuster(&plan, &info.sender)?;
    let claim = CLAIMS.load(deps.storage, appeal.claim_id)?;
    assert_independent(
        &info.sender,
        &claim.provider,
        &claim.member,
        "appeal",
        appeal_id,
    )?;
    if claim.adjudicator.as_ref() == Some(&info.sender) {
        return Err(ContractError::SameAdjuster { claim_id: claim.id });
    }
    if appeal.outcome.is_some() {
        return Err(ContractError::WrongStatus {
            kind: "appeal".into(),
            id: appeal_id,
            status: "decided".into(),
            expected: "open".into(),
        });
    }
    let now = env.block.time;
    appeal.outcome = Some(outcome);
    appeal.decided_at = Some(now);
    appeal.decided_by = Some(info.sender.clone());
    APPEALS.save(deps.storage, appeal_id, &appeal)?;
    APPEAL_DUE.remove(deps.storage, (plan.id, appeal.due_at.seconds(), appeal_id));

    let mut resp = Response::new()
        .add_attribute("action", "decide_appeal")
        .add_attribute("appeal_id", appeal_id.to_string())
        .add_attribute("claim_id", claim.id.to_string())
        .add_attribute(
            "outcome",
            match outcome {
                AppealOutcome::Upheld => "upheld",
                AppealOutcome::Overturned => "overturned",
            },
        )
        .add_attribute("late", (now > appeal.due_at).to_string())
        .add_attribute("reviewer", info.sender.clone());
    if outcome == AppealOutcome::Overturned {
        let (claim, msgs) = overturn(deps, &plan, claim, &appeal, now, info.sender)?;
        resp = resp
            .add_messages(msgs)
            .add_attribute("total_paid", claim.total_paid)
            .add_event(remittance_event(&claim));
    }
    Ok(resp)
}
