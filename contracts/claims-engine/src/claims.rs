//! Claims: submission (original, replacement, void), adjuster review, remittance events.

use cosmwasm_std::{Addr, CosmosMsg, DepsMut, Env, MessageInfo, Response, Storage, Timestamp};
use cw_health_types::claims_engine::codes::{
    validate_icd10, validate_modifier, validate_place_of_service, validate_procedure_code,
    validate_rarc, AdjustmentGroup, Carc, DAY_SECONDS, MAX_CLAIM_LINES, MAX_DIAGNOSES,
    MAX_DIAGNOSIS_POINTERS, MAX_LINE_UNITS, MAX_MODIFIERS,
};
use cw_health_types::claims_engine::{
    Claim, ClaimFrequency, ClaimLine, ClaimStatus, ClaimSubmission, Enrollment, LineEffects,
    LineReview, LineReviewAction, LineStatus, PaymentStatus, Plan, ReviewDecision,
};
use cw_health_types::limits::validate_unique;
use cw_health_types::store::{ReadMap, WriteMap};

use crate::adjudicate::{
    adjudicate, ask_support, compute_totals, deny_line, reverse_effects, status_from_lines, Mode,
    Support,
};
use crate::cob::{assert_no_secondary, link, unlink};
use crate::common::{
    assert_adjuster, assert_independent, load_enrollment, load_plan, party_eligible, plan_year_of,
    PROVIDER,
};
use crate::error::ContractError;
use crate::execute::validate_drug;
use crate::payment::{reserve, settle, start_clock, unwind};
use crate::remit::status_str;
pub use crate::remit::{clp02, remittance, remittance_event};
use crate::reversal::reverse_lines;
use crate::state::{
    load_config, next_id, Config, APPEALS, CLAIMS, CLAIMS_BY_MEMBER, CLAIMS_BY_PROVIDER, CLAIM_SEQ,
};

/// Rejects a malformed submission (nothing is stored).
fn validate_submission(sub: &ClaimSubmission) -> Result<(), ContractError> {
    if let Some(pos) = &sub.place_of_service {
        validate_place_of_service("place_of_service", pos)?;
    }
    if sub.frequency == ClaimFrequency::Void {
        if !sub.lines.is_empty() || !sub.diagnoses.is_empty() {
            return Err(ContractError::invalid(
                "lines",
                "a void carries no lines or diagnoses",
            ));
        }
        return Ok(());
    }
    if sub.diagnoses.is_empty() {
        return Err(ContractError::invalid("diagnoses", "at least one"));
    }
    validate_unique("diagnoses", &sub.diagnoses, MAX_DIAGNOSES)?;
    for d in &sub.diagnoses {
        validate_icd10("diagnoses", d)?;
    }
    if sub.lines.is_empty() {
        return Err(ContractError::invalid("lines", "at least one"));
    }
    cw_health_types::limits::validate_list_len("lines", &sub.lines, MAX_CLAIM_LINES)?;
    for line in &sub.lines {
        validate_procedure_code("lines.procedure_code", &line.procedure_code)?;
        validate_unique("lines.modifiers", &line.modifiers, MAX_MODIFIERS)?;
        for m in &line.modifiers {
            validate_modifier("lines.modifiers", m)?;
        }
        if line.units == 0 || line.units > MAX_LINE_UNITS {
            return Err(ContractError::invalid(
                "lines.units",
                format!("1..={MAX_LINE_UNITS}"),
            ));
        }
        if line.charge.is_zero() {
            return Err(ContractError::invalid("lines.charge", "must be non-zero"));
        }
        if line.diagnosis_pointers.is_empty() {
            return Err(ContractError::invalid(
                "lines.diagnosis_pointers",
                "at least one",
            ));
        }
        validate_unique(
            "lines.diagnosis_pointers",
            &line.diagnosis_pointers,
            MAX_DIAGNOSIS_POINTERS,
        )?;
        if line
            .diagnosis_pointers
            .iter()
            .any(|p| *p == 0 || usize::from(*p) > sub.diagnoses.len())
        {
            return Err(ContractError::invalid(
                "lines.diagnosis_pointers",
                "points outside the diagnoses",
            ));
        }
        if let Some(drug) = &line.drug {
            validate_drug(drug)?;
        }
    }
    Ok(())
}

/// Saves a claim and builds the standard response (action, ids, remittance event and data).
fn respond(
    deps: &mut DepsMut,
    action: &str,
    claim: &Claim,
    extra: Vec<&Claim>,
    msgs: Vec<CosmosMsg>,
) -> Result<Response, ContractError> {
    CLAIMS.write(deps.storage, claim.id, claim)?;
    let mut resp = Response::new()
        .add_messages(msgs)
        .add_attribute("action", action)
        .add_attribute("claim_id", claim.id.to_string())
        .add_attribute("plan_id", claim.plan_id.to_string())
        .add_attribute("status", status_str(claim.status))
        .add_attribute("total_paid", claim.total_paid)
        .add_event(remittance_event(claim))
        .set_data(cw_health_types::store::to_binary(&remittance(claim))?);
    for other in extra {
        CLAIMS.write(deps.storage, other.id, other)?;
        resp = resp.add_event(remittance_event(other));
    }
    Ok(resp)
}

/// The RPM devices the lines name are valid addresses (their enrollment is asked at
/// adjudication).
fn check_devices(api: &dyn cosmwasm_std::Api, sub: &ClaimSubmission) -> Result<(), ContractError> {
    for device in sub.lines.iter().filter_map(|l| l.device.as_ref()) {
        if api.addr_validate(device)?.as_str() != device {
            return Err(ContractError::invalid(
                "lines.device",
                "not a normalized address",
            ));
        }
    }
    Ok(())
}

/// Who submits: an active provider party, not the member (no billing for treating oneself);
/// the rendering provider, if named, likewise. Returns the member, the rendering provider and
/// ehr-registry's answer about the supporting record: one query asks the parties and the record.
fn check_parties(
    deps: &DepsMut,
    config: &Config,
    provider: &Addr,
    sub: &ClaimSubmission,
) -> Result<(Addr, Option<Addr>, Support), ContractError> {
    let member = deps.api.addr_validate(&sub.member)?;
    let rendering = sub
        .rendering_provider
        .as_ref()
        .map(|r| deps.api.addr_validate(r))
        .transpose()?;
    let mut asked = vec![provider.clone()];
    asked.extend(rendering.iter().cloned());
    let (support, parties) = ask_support(
        &deps.querier,
        config,
        (&member, provider, sub.supporting_record_id),
        asked.iter().map(Addr::to_string).collect(),
    )?;
    for (i, address) in asked.iter().enumerate() {
        party_eligible(
            parties.get(i).and_then(Option::as_ref),
            address,
            PROVIDER.0,
            PROVIDER.1,
        )?;
    }
    if rendering.as_ref() == Some(&member) {
        return Err(ContractError::invalid(
            "rendering_provider",
            "a provider may not bill the plan for treating themselves",
        ));
    }
    if member == *provider {
        return Err(ContractError::invalid(
            "member",
            "a provider may not bill the plan for treating themselves",
        ));
    }
    Ok((member, rendering.filter(|r| r != provider), support))
}

/// The claim a replacement or void corrects: this provider's claim for the same member and
/// plan, not reversed, not under an open appeal, not the prior payer's claim of a live
/// secondary claim; a replacement only within the timely-filing limit (the original stands).
fn original_of(
    storage: &dyn Storage,
    plan: &Plan,
    sub: &ClaimSubmission,
    provider: &Addr,
    member: &Addr,
    now: Timestamp,
) -> Result<Option<Claim>, ContractError> {
    let id = match (sub.frequency, sub.original_claim_id) {
        (ClaimFrequency::Original, None) => return Ok(None),
        (ClaimFrequency::Original, Some(_)) => {
            return Err(ContractError::invalid(
                "original_claim_id",
                "only for a replacement or void",
            ))
        }
        (_, None) => {
            return Err(ContractError::invalid(
                "original_claim_id",
                "required for a replacement or void",
            ))
        }
        (_, Some(id)) => id,
    };
    let o = CLAIMS
        .may_read(storage, id)?
        .ok_or_else(|| ContractError::not_found("claim", id))?;
    let filing_deadline = o
        .date_of_service
        .plus_seconds(u64::from(plan.timely_filing_days).saturating_mul(DAY_SECONDS));
    let open_appeal = match o.appeal_id {
        Some(a) => APPEALS
            .may_read(storage, a)?
            .is_some_and(|a| a.outcome.is_none()),
        None => false,
    };
    let reason = if o.provider != *provider {
        Some("billed by another provider")
    } else if o.member != *member || o.plan_id != plan.id {
        Some("another member or plan")
    } else if matches!(o.status, ClaimStatus::Reversed | ClaimStatus::Void) {
        Some("already reversed")
    } else if sub.frequency == ClaimFrequency::Replacement && now > filing_deadline {
        Some("a replacement past the timely-filing limit (the original stands)")
    } else if open_appeal {
        Some("an appeal is open")
    } else {
        None
    };
    if let Some(reason) = reason {
        return Err(ContractError::InvalidCorrection {
            original: id,
            reason: reason.to_string(),
        });
    }
    assert_no_secondary(storage, id)?;
    Ok(Some(o))
}

/// A new claim from a validated submission, before adjudication.
fn new_claim(
    id: u64,
    plan: &Plan,
    sub: ClaimSubmission,
    provider: Addr,
    (member, rendering_provider): (Addr, Option<Addr>),
    family_id: String,
    now: Timestamp,
) -> Claim {
    Claim {
        id,
        plan_id: plan.id,
        frequency: sub.frequency,
        original_claim_id: sub.original_claim_id,
        provider,
        member,
        family_id,
        plan_year: plan_year_of(plan, sub.date_of_service).unwrap_or(0),
        date_of_service: sub.date_of_service,
        place_of_service: sub.place_of_service,
        diagnoses: sub.diagnoses,
        supporting_record_id: sub.supporting_record_id,
        submitted_at: now,
        adjudicated_at: None,
        status: ClaimStatus::Pended,
        pend_reasons: vec![],
        record_access: None,
        lines: sub
            .lines
            .into_iter()
            .zip(1u32..)
            .map(|(l, number)| ClaimLine {
                number,
                procedure_code: l.procedure_code,
                modifiers: l.modifiers,
                units: l.units,
                charge: l.charge,
                diagnosis_pointers: l.diagnosis_pointers,
                prior_auth_id: l.prior_auth_id,
                drug: l.drug,
                // Validated by `check_devices`.
                device: l.device.map(Addr::unchecked),
                status: LineStatus::Paid,
                allowed: Default::default(),
                paid: Default::default(),
                adjustments: vec![],
                review: None,
                effects: LineEffects::default(),
            })
            .collect(),
        total_charge: Default::default(),
        total_allowed: Default::default(),
        total_paid: Default::default(),
        patient_responsibility: Default::default(),
        credited: Default::default(),
        reserved: Default::default(),
        payment_status: PaymentStatus::NotDue,
        payment_queue_seq: None,
        adjudicator: None,
        appeal_id: None,
        edits_waived: false,
        reversed_by: None,
        rendering_provider,
        primary_claim_id: sub.primary_claim_id,
        visit_id: sub.visit_id,
        payment_due_at: None,
        interest_paid: Default::default(),
    }
}

/// Reverses the corrected claim first (accumulators, counters, authorizations, duplicate index,
/// payment, its prior payer's link): its credit becomes an overpayment offset against the new
/// claim's payment.
fn reverse_original(
    storage: &mut dyn Storage,
    original: &mut Claim,
    by: u64,
) -> Result<(), ContractError> {
    reverse_effects(storage, original)?;
    unwind(storage, original)?;
    unlink(storage, original)?;
    original.status = ClaimStatus::Reversed;
    original.reversed_by = Some(by);
    Ok(())
}

/// Adjudicates a new claim (not a void): a pended claim reserves its provisional payment, a
/// decided one starts its prompt-pay clock at receipt and is paid.
fn decide_new(
    deps: &mut DepsMut,
    config: &Config,
    plan_enrollment: (&Plan, &Enrollment),
    claim: &mut Claim,
    (support, msgs): (&Support, &mut Vec<CosmosMsg>),
) -> Result<(), ContractError> {
    let plan = plan_enrollment.0;
    let now = claim.submitted_at;
    let mode = Mode {
        final_decision: false,
        now,
        only: None,
        support: Some(support),
    };
    adjudicate(
        deps.storage,
        &deps.querier,
        config,
        plan_enrollment,
        claim,
        mode,
    )?;
    link(deps.storage, claim)?;
    start_clock(plan, claim, now);
    if claim.status == ClaimStatus::Pended {
        reserve(deps.storage, claim)
    } else {
        claim.adjudicated_at = Some(now);
        settle(deps.storage, plan, claim, now, msgs)
    }
}

/// Submits and adjudicates a claim (see [`cw_health_types::claims_engine::ExecuteMsg::SubmitClaim`]).
pub fn submit_claim(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    sub: ClaimSubmission,
) -> Result<Response, ContractError> {
    let config = load_config(deps.storage)?;
    let plan = load_plan(deps.storage, sub.plan_id)?;
    let provider = info.sender;
    let (member, rendering, support) = check_parties(&deps, &config, &provider, &sub)?;
    let parties = (member, rendering);
    crate::reassignment::assert_may_bill(
        deps.storage,
        &provider,
        parties.1.as_ref(),
        sub.date_of_service,
    )?;
    validate_submission(&sub)?;
    check_devices(deps.api, &sub)?;
    let member = parties.0.clone();
    let enrollment = load_enrollment(deps.storage, plan.id, &member)?;
    let now = env.block.time;
    if sub.date_of_service > now {
        return Err(ContractError::invalid(
            "date_of_service",
            "is in the future",
        ));
    }
    let mut original = original_of(deps.storage, &plan, &sub, &provider, &member, now)?;
    let id = next_id(deps.storage, &CLAIM_SEQ)?;
    let mut claim = new_claim(
        id,
        &plan,
        sub,
        provider.clone(),
        parties,
        enrollment.family_id.clone(),
        now,
    );
    CLAIMS_BY_MEMBER.write(deps.storage, (&member, id), &())?;
    CLAIMS_BY_PROVIDER.write(deps.storage, (&provider, id), &())?;
    if let Some(o) = original.as_mut() {
        reverse_original(deps.storage, o, id)?;
    }
    let mut msgs = vec![];
    let action = if claim.frequency == ClaimFrequency::Void {
        // A void has no lines and zero totals (its remittance names the claim reversed); what
        // the original was credited is recouped from the provider's next payments.
        claim.status = ClaimStatus::Void;
        claim.adjudicated_at = Some(now);
        "void_claim"
    } else {
        decide_new(
            &mut deps,
            &config,
            (&plan, &enrollment),
            &mut claim,
            (&support, &mut msgs),
        )?;
        "submit_claim"
    };
    let extra: Vec<&Claim> = original.iter().collect();
    let resp = respond(&mut deps, action, &claim, extra, msgs)?;
    Ok(resp
        .add_attribute("frequency", claim.frequency.code())
        .add_attribute(
            "original_claim_id",
            claim
                .original_claim_id
                .map(|i| i.to_string())
                .unwrap_or_else(|| "none".into()),
        )
        .add_attribute("member", member)
        .add_attribute("provider", provider))
}

/// An adjuster's denial: a denial reason code, with a well-formed RARC, required when the CARC
/// requires one.
fn validate_denial(field: &str, reason: Carc, rarc: Option<&str>) -> Result<(), ContractError> {
    if !reason.is_denial_reason() {
        return Err(ContractError::invalid(
            &format!("{field}.reason"),
            "not a denial reason code",
        ));
    }
    match rarc {
        Some(code) => validate_rarc(&format!("{field}.rarc"), code)?,
        None if reason.requires_rarc() => {
            return Err(ContractError::invalid(
                &format!("{field}.rarc"),
                format!("CARC {} requires a remark code", reason.0),
            ))
        }
        None => {}
    }
    Ok(())
}

fn validate_line_reviews(claim: &Claim, lines: &[LineReview]) -> Result<(), ContractError> {
    if lines.is_empty() {
        return Err(ContractError::invalid("lines", "at least one"));
    }
    let numbers: Vec<u32> = lines.iter().map(|l| l.line).collect();
    validate_unique("lines", &numbers, MAX_CLAIM_LINES)?;
    for r in lines {
        let Some(line) = claim.lines.iter().find(|l| l.number == r.line) else {
            return Err(ContractError::invalid("lines.line", "no such line"));
        };
        match &r.action {
            LineReviewAction::Deny { reason, rarc } => {
                validate_denial("lines.action", *reason, rarc.as_deref())?
            }
            LineReviewAction::Reprice { allowed } if *allowed > line.charge => {
                return Err(ContractError::invalid(
                    "lines.action.allowed",
                    "exceeds the charge",
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Applies an adjuster's decision to a pended claim: approve, deny every line (everything
/// reversed), or re-decide the adjusted lines only.
fn apply_review(
    deps: &mut DepsMut,
    env: &Env,
    plan: &Plan,
    claim: &mut Claim,
    decision: ReviewDecision,
) -> Result<(), ContractError> {
    match decision {
        ReviewDecision::Approve {} => {
            for line in claim.lines.iter_mut() {
                if line.status == LineStatus::Pended {
                    line.status = LineStatus::Paid;
                }
            }
            claim.status = status_from_lines(claim);
        }
        ReviewDecision::Deny { reason, rarc } => {
            validate_denial("decision", reason, rarc.as_deref())?;
            reverse_effects(deps.storage, claim)?;
            for line in claim.lines.iter_mut() {
                deny_line(line, AdjustmentGroup::ContractualObligation, reason);
                if let Some(a) = line.adjustments.first_mut() {
                    a.rarc = rarc.clone();
                }
            }
            compute_totals(claim)?;
            claim.status = ClaimStatus::Denied;
        }
        ReviewDecision::Adjust { lines } => {
            validate_line_reviews(claim, &lines)?;
            let numbers: Vec<u32> = lines.iter().map(|r| r.line).collect();
            for r in lines {
                if let Some(line) = claim.lines.iter_mut().find(|l| l.number == r.line) {
                    line.review = Some(r.action);
                }
            }
            // Only the adjusted lines are re-decided; the others keep their (provisional)
            // decision, made final, as an approval would.
            let only = Some(numbers.as_slice());
            reverse_lines(deps.storage, claim, only)?;
            let config = load_config(deps.storage)?;
            let enrollment = load_enrollment(deps.storage, plan.id, &claim.member)?;
            adjudicate(
                deps.storage,
                &deps.querier,
                &config,
                (plan, &enrollment),
                claim,
                Mode {
                    final_decision: true,
                    now: env.block.time,
                    only,
                    support: None,
                },
            )?;
        }
    }
    Ok(())
}

/// An adjuster decides a pended claim.
pub fn review_claim(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    claim_id: u64,
    decision: ReviewDecision,
) -> Result<Response, ContractError> {
    let mut claim = CLAIMS
        .may_read(deps.storage, claim_id)?
        .ok_or_else(|| ContractError::not_found("claim", claim_id))?;
    let plan = load_plan(deps.storage, claim.plan_id)?;
    assert_adjuster(&plan, &info.sender)?;
    assert_independent(
        &info.sender,
        &claim.provider,
        &claim.member,
        "claim",
        claim_id,
    )?;
    if claim.status != ClaimStatus::Pended {
        return Err(ContractError::WrongStatus {
            kind: "claim".into(),
            id: claim_id,
            status: status_str(claim.status).into(),
            expected: "pended".into(),
        });
    }
    let decision_name = match &decision {
        ReviewDecision::Approve {} => "approve",
        ReviewDecision::Deny { .. } => "deny",
        ReviewDecision::Adjust { .. } => "adjust",
    };
    apply_review(&mut deps, &env, &plan, &mut claim, decision)?;
    claim.adjudicator = Some(info.sender.clone());
    claim.adjudicated_at = Some(env.block.time);
    link(deps.storage, &claim)?;
    let mut msgs = vec![];
    settle(deps.storage, &plan, &mut claim, env.block.time, &mut msgs)?;
    let resp = respond(&mut deps, "review_claim", &claim, vec![], msgs)?;
    Ok(resp
        .add_attribute("decision", decision_name)
        .add_attribute("adjuster", info.sender))
}
