//! The adjudication engine: deterministic, explained line by line.
//!
//! Order of the edits (the first that fails decides the line):
//! 1. claim level: eligibility at the date of service (CO-26 before coverage or the first plan
//!    year, CO-27 after coverage ended), timely filing measured to the submission time (CO-29),
//!    the provider's access to the supporting record in ehr-registry with purpose HPAYMT, else
//!    TREAT (CO-252; a self-pay-restricted record is never used);
//! 2. line level: an adjuster's denial (CO-<reason>), the pharmacy pack in drug-provenance
//!    (CO-16 unless dispensed by the billing provider on or before the day of service, not
//!    recalled, not quarantined; pended when drug-provenance reports a second dispense attempt
//!    of the pack, a possible cloned serial), exact
//!    duplicate (CO-18), coverage (CO-96 code not in the fee schedule, PR-96 excluded benefit),
//!    unit limit per member, code and day (CO-151), prior authorization (CO-197 absent, or not
//!    valid for this plan, member, servicing provider and date; CO-198 units exceeded), near duplicate (the line is pended), then pricing and the cost-share
//!    waterfall.
//!
//! Pricing: `allowed = min(charge, fee_per_unit * units)` (or the adjuster's repriced amount);
//! `charge - allowed` is CO-45.
//!
//! Waterfall: deductible (PR-1) up to the lesser of the member's and the family's remaining
//! deductible; then copay (PR-3, at most what is left) or coinsurance (PR-2); the member's total
//! (PR-1 + PR-2/3) is capped by the lesser of the member's and the family's remaining
//! out-of-pocket maximum (the deductible is kept first). The plan pays the rest.
//!
//! **Rounding rule (one, per line):** coinsurance is computed on the amount left after the
//! deductible; the plan's share `floor(rest * (10000 - bps) / 10000)` is rounded down to the unit
//! and the member's coinsurance is `rest - plan share` (so it is rounded up). A 1-unit line at
//! 20 % coinsurance: plan 0, member 1. Every line satisfies `charge = paid + sum(adjustments)`.
//!
//! Appealable edits (waived once an appeal is overturned): timely filing, duplicates, unit
//! limits, prior authorization and adjusters' line denials. Eligibility, coverage, consent and
//! drug provenance are never waived.

use cosmwasm_std::{QuerierWrapper, Storage, Timestamp, Uint128};
use cw_health_types::claims_engine::codes::{AdjustmentGroup, Carc, DAY_SECONDS, MAX_CLAIM_LINES};
use cw_health_types::claims_engine::{
    Adjustment, Claim, ClaimLine, ClaimStatus, CostShare, DrugPack, LineEffects, LineReviewAction,
    LineStatus, MemberStatus, PendReason, Plan, PriorAuthStatus, RecordAccess,
};
use cw_health_types::drug_provenance::{UnitStatus, VerifyUnitRequest};
use cw_health_types::ehr_registry::{AccessRequest, DecisionReason};
use cw_health_types::{AccessAction, PurposeOfUse, Sha256Hash};

use crate::common::day_of;
use crate::error::ContractError;
pub use crate::reversal::reverse_effects;
use crate::state::{
    Config, LineRef, ACCUM_FAMILY, ACCUM_MEMBER, BENEFITS, ENROLLMENTS, PRIOR_AUTHS, SERVICES,
    UNITS,
};
pub use crate::waterfall::{waterfall, Waterfall};

const CO: AdjustmentGroup = AdjustmentGroup::ContractualObligation;
const PR: AdjustmentGroup = AdjustmentGroup::PatientResponsibility;

/// How a claim is adjudicated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mode {
    /// A final decision (adjuster or appeal): nothing is pended.
    pub final_decision: bool,
}

/// The duplicate index keys of a line: (near key, variant key), as hex SHA-256.
///
/// A pharmacy line's identity is its pack (GTIN + serial), not the service: one dispensed pack is
/// paid once, whatever the day, member or plan it is billed under, while two different packs of
/// the same drug on one day are two services.
pub fn service_keys(claim: &Claim, line: &ClaimLine) -> (String, String) {
    if let Some(drug) = &line.drug {
        let pack = format!("pack|{}|{}", drug.gtin, drug.serial);
        return (
            Sha256Hash::digest(pack.as_bytes()).0,
            Sha256Hash::digest(b"pack").0,
        );
    }
    let near = format!(
        "{}|{}|{}|{}|{}",
        claim.plan_id,
        claim.member,
        claim.provider,
        day_of(claim.date_of_service),
        line.procedure_code
    );
    let mut mods = line.modifiers.clone();
    mods.sort();
    let variant = format!("{}|{}", mods.join(","), line.units);
    (
        Sha256Hash::digest(near.as_bytes()).0,
        Sha256Hash::digest(variant.as_bytes()).0,
    )
}

/// Whether `charge = paid + sum(adjustments)` holds.
pub fn line_balances(line: &ClaimLine) -> bool {
    line.adjustments
        .iter()
        .try_fold(line.paid, |acc, a| acc.checked_add(a.amount).ok())
        .is_some_and(|sum| sum == line.charge)
}

fn adj(group: AdjustmentGroup, reason: Carc, amount: Uint128) -> Adjustment {
    Adjustment {
        group,
        reason,
        amount,
    }
}

/// Denies a line: the whole charge is one adjustment.
pub fn deny_line(line: &mut ClaimLine, group: AdjustmentGroup, reason: Carc) {
    line.status = LineStatus::Denied;
    line.allowed = Uint128::zero();
    line.paid = Uint128::zero();
    line.adjustments = vec![adj(group, reason, line.charge)];
}

fn reset_line(line: &mut ClaimLine) {
    line.status = LineStatus::Paid;
    line.allowed = Uint128::zero();
    line.paid = Uint128::zero();
    line.adjustments = vec![];
    line.effects = LineEffects::default();
}

/// Asks ehr-registry whether the provider may use the supporting record: HPAYMT first, then
/// TREAT. A self-pay-restricted answer ends the search (never usable).
pub fn record_access(
    querier: &QuerierWrapper,
    config: &Config,
    claim: &Claim,
) -> Result<RecordAccess, ContractError> {
    let mut last = DecisionReason::NoMatchingGrant;
    for purpose in [PurposeOfUse::Payment, PurposeOfUse::Treatment] {
        let decision = config.ehr_registry.check_access(
            querier,
            AccessRequest {
                patient: claim.member.to_string(),
                actor: claim.provider.to_string(),
                action: AccessAction::Read,
                purpose,
                resource_type: None,
                record_id: Some(claim.supporting_record_id),
            },
        )?;
        if decision.reason == DecisionReason::SelfPayRestricted {
            return Ok(RecordAccess {
                purpose: None,
                reason: decision.reason,
            });
        }
        if decision.allowed {
            return Ok(RecordAccess {
                purpose: Some(purpose),
                reason: decision.reason,
            });
        }
        last = decision.reason;
    }
    Ok(RecordAccess {
        purpose: None,
        reason: last,
    })
}

/// What drug-provenance says of a pharmacy line's pack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PackCheck {
    /// Dispensed by the billing provider on or before the day of service, not recalled, no
    /// alert.
    Verified,
    /// As `Verified`, but drug-provenance raised an alert (a second dispense attempt).
    Suspect,
    /// Not dispensed by the billing provider, dispensed after the day of service, recalled,
    /// quarantined or unknown.
    Fails,
}

fn pack_check(
    querier: &QuerierWrapper,
    config: &Config,
    claim: &Claim,
    drug: &DrugPack,
) -> Result<PackCheck, ContractError> {
    let r = config.drug_provenance.verify_unit(
        querier,
        VerifyUnitRequest {
            gtin: drug.gtin.clone(),
            serial: drug.serial.clone(),
            lot: None,
            expiry: None,
            proof: None,
        },
    )?;
    let verified = r.status == UnitStatus::Dispensed
        && r.dispensed_by.as_ref() == Some(&claim.provider)
        && r.recall_class.is_none()
        && r.dispensed_at
            .is_none_or(|t| day_of(t) <= day_of(claim.date_of_service));
    Ok(if !verified {
        PackCheck::Fails
    } else if !r.alerts.is_empty() {
        PackCheck::Suspect
    } else {
        PackCheck::Verified
    })
}

/// Adjudicates every line of `claim` and applies its effects (accumulators, unit counters,
/// prior-authorization units, duplicate index). The claim's lines must carry no effects (fresh,
/// or reversed with [`reverse_effects`]). Sets the lines, totals, status and pend reasons.
pub fn adjudicate(
    storage: &mut dyn Storage,
    querier: &QuerierWrapper,
    config: &Config,
    plan: &Plan,
    claim: &mut Claim,
    mode: Mode,
) -> Result<(), ContractError> {
    claim.pend_reasons.clear();
    let waived = claim.edits_waived;
    let dos = claim.date_of_service;
    let enrollment = ENROLLMENTS
        .may_load(storage, (plan.id, &claim.member))?
        .ok_or_else(|| ContractError::NotEnrolled {
            plan_id: plan.id,
            member: claim.member.to_string(),
        })?;

    // Claim-level edits.
    let filing_deadline =
        dos.plus_seconds(u64::from(plan.timely_filing_days).saturating_mul(DAY_SECONDS));
    let mut claim_denial: Option<Carc> = None;
    if dos < enrollment.coverage_start || dos < plan.plan_year_start {
        claim_denial = Some(Carc::BEFORE_COVERAGE);
    } else if enrollment.coverage_end.is_some_and(|end| dos >= end) {
        claim_denial = Some(Carc::AFTER_COVERAGE);
    } else if !waived && claim.submitted_at > filing_deadline {
        claim_denial = Some(Carc::TIMELY_FILING);
    } else {
        let access = record_access(querier, config, claim)?;
        if access.purpose.is_none() {
            claim_denial = Some(Carc::DOCUMENTATION_REQUIRED);
        }
        claim.record_access = Some(access);
    }
    if claim_denial.is_none()
        && enrollment.status == MemberStatus::Suspended
        && !mode.final_decision
    {
        claim.pend_reasons.push(PendReason::CoverageSuspended);
    }

    let acc_m_key = (plan.id, &claim.member, claim.plan_year);
    let mut acc_m = ACCUM_MEMBER
        .may_load(storage, acc_m_key)?
        .unwrap_or_default();
    let mut acc_f = ACCUM_FAMILY
        .may_load(
            storage,
            (plan.id, claim.family_id.as_str(), claim.plan_year),
        )?
        .unwrap_or_default();
    let day = day_of(dos);
    let mut near_duplicate = false;
    let mut pack_alert = false;

    let mut lines = std::mem::take(&mut claim.lines);
    for line in lines.iter_mut() {
        reset_line(line);
        if let Some(reason) = claim_denial {
            deny_line(line, CO, reason);
            continue;
        }
        if let Some(LineReviewAction::Deny { reason }) = line.review {
            deny_line(line, CO, reason);
            continue;
        }
        let mut suspect_pack = false;
        if let Some(drug) = &line.drug {
            match pack_check(querier, config, claim, drug)? {
                PackCheck::Fails => {
                    deny_line(line, CO, Carc::BILLING_ERROR);
                    continue;
                }
                PackCheck::Suspect => suspect_pack = true,
                PackCheck::Verified => {}
            }
        }
        let (near, variant) = service_keys(claim, line);
        let existing = SERVICES.may_load(storage, (&near, &variant))?;
        if !waived && existing.is_some() {
            deny_line(line, CO, Carc::EXACT_DUPLICATE);
            continue;
        }
        let Some(benefit) = BENEFITS.may_load(storage, (plan.id, line.procedure_code.as_str()))?
        else {
            deny_line(line, CO, Carc::NON_COVERED);
            continue;
        };
        if benefit.cost_share == (CostShare::NotCovered {}) {
            deny_line(line, PR, Carc::NON_COVERED);
            continue;
        }
        let units_key = (plan.id, &claim.member, (day, line.procedure_code.as_str()));
        let used = UNITS.may_load(storage, units_key)?.unwrap_or_default();
        let total_units = used
            .checked_add(line.units)
            .ok_or_else(|| ContractError::invalid("units", "overflow"))?;
        if !waived
            && benefit
                .max_units_per_day
                .is_some_and(|max| total_units > max)
        {
            deny_line(line, CO, Carc::UNITS_EXCEEDED);
            continue;
        }
        if benefit.prior_auth_required && !waived {
            match consume_prior_auth(storage, plan, claim, line)? {
                Ok(units) => line.effects.auth_units = units,
                Err(reason) => {
                    deny_line(line, CO, reason);
                    continue;
                }
            }
        }
        // Near duplicate: another claim holds the same (member, provider, day, code) with other
        // modifiers or units. This claim holds at most MAX_CLAIM_LINES entries under the prefix,
        // so MAX_CLAIM_LINES + 1 entries are enough to find another claim's.
        if !waived && !mode.final_decision && existing.is_none() {
            let mut other = false;
            for entry in SERVICES
                .prefix(&near)
                .range(storage, None, None, cosmwasm_std::Order::Ascending)
                .take(MAX_CLAIM_LINES.saturating_add(1))
            {
                if entry?.1.claim_id != claim.id {
                    other = true;
                    break;
                }
            }
            if other {
                line.status = LineStatus::Pended;
                near_duplicate = true;
            }
        }
        if suspect_pack && !mode.final_decision {
            line.status = LineStatus::Pended;
            pack_alert = true;
        }
        UNITS.save(storage, units_key, &total_units)?;
        line.effects.units_counted = line.units;
        if existing.is_none() {
            SERVICES.save(
                storage,
                (&near, &variant),
                &LineRef {
                    claim_id: claim.id,
                    line: line.number,
                },
            )?;
            line.effects.indexed = true;
        }

        // Pricing.
        let fee = benefit
            .fee_per_unit
            .checked_mul(Uint128::from(line.units))?;
        let ceiling = match line.review {
            Some(LineReviewAction::Reprice { allowed }) => allowed,
            _ => fee,
        };
        let allowed = line.charge.min(ceiling);
        let ded_left = plan
            .deductible
            .individual
            .saturating_sub(acc_m.deductible)
            .min(plan.deductible.family.saturating_sub(acc_f.deductible));
        let oop_left = plan
            .out_of_pocket_max
            .individual
            .saturating_sub(acc_m.out_of_pocket)
            .min(
                plan.out_of_pocket_max
                    .family
                    .saturating_sub(acc_f.out_of_pocket),
            );
        let w = waterfall(
            allowed,
            &benefit.cost_share,
            benefit.deductible_applies,
            ded_left,
            oop_left,
        )?;
        let member_share = w
            .deductible
            .checked_add(w.copay)?
            .checked_add(w.coinsurance)?;
        line.allowed = allowed;
        line.paid = w.paid;
        for (group, reason, amount) in [
            (
                CO,
                Carc::EXCEEDS_FEE_SCHEDULE,
                line.charge.checked_sub(allowed)?,
            ),
            (PR, Carc::DEDUCTIBLE, w.deductible),
            (PR, Carc::COPAY, w.copay),
            (PR, Carc::COINSURANCE, w.coinsurance),
        ] {
            if !amount.is_zero() {
                line.adjustments.push(adj(group, reason, amount));
            }
        }
        line.effects.deductible = w.deductible;
        line.effects.out_of_pocket = member_share;
        acc_m.deductible = acc_m.deductible.checked_add(w.deductible)?;
        acc_m.out_of_pocket = acc_m.out_of_pocket.checked_add(member_share)?;
        acc_f.deductible = acc_f.deductible.checked_add(w.deductible)?;
        acc_f.out_of_pocket = acc_f.out_of_pocket.checked_add(member_share)?;
    }
    claim.lines = lines;
    ACCUM_MEMBER.save(storage, acc_m_key, &acc_m)?;
    ACCUM_FAMILY.save(
        storage,
        (plan.id, claim.family_id.as_str(), claim.plan_year),
        &acc_f,
    )?;

    if near_duplicate {
        claim.pend_reasons.push(PendReason::SuspectDuplicate);
    }
    if pack_alert {
        claim.pend_reasons.push(PendReason::SuspectPack);
    }
    compute_totals(claim)?;
    if !mode.final_decision && claim.total_paid > plan.auto_approval_ceiling {
        claim
            .pend_reasons
            .push(PendReason::AboveAutoApprovalCeiling);
    }
    claim.status = if !claim.pend_reasons.is_empty() && !mode.final_decision {
        ClaimStatus::Pended
    } else {
        // A final decision settles pended lines as adjudicated.
        for line in claim.lines.iter_mut() {
            if line.status == LineStatus::Pended {
                line.status = LineStatus::Paid;
            }
        }
        status_from_lines(claim)
    };
    Ok(())
}

/// Checks and consumes the line's prior authorization. `Ok(Err(carc))` denies the line.
fn consume_prior_auth(
    storage: &mut dyn Storage,
    plan: &Plan,
    claim: &Claim,
    line: &ClaimLine,
) -> Result<Result<u32, Carc>, ContractError> {
    let Some(auth_id) = line.prior_auth_id else {
        return Ok(Err(Carc::AUTHORIZATION_ABSENT));
    };
    let Some(mut auth) = PRIOR_AUTHS.may_load(storage, auth_id)? else {
        return Ok(Err(Carc::AUTHORIZATION_ABSENT));
    };
    let valid = matches!(
        auth.status,
        PriorAuthStatus::Approved | PriorAuthStatus::Modified
    ) && auth.plan_id == plan.id
        && auth.member == claim.member
        && *auth.servicing_provider.as_ref().unwrap_or(&auth.provider) == claim.provider
        && claim.date_of_service >= auth.service_start
        && claim.date_of_service <= auth.service_end;
    let Some(service) = auth
        .approved
        .iter_mut()
        .find(|s| s.code == line.procedure_code)
        .filter(|_| valid)
    else {
        return Ok(Err(Carc::AUTHORIZATION_ABSENT));
    };
    if service.units < line.units {
        return Ok(Err(Carc::AUTHORIZATION_EXCEEDED));
    }
    service.units = service.units.saturating_sub(line.units);
    PRIOR_AUTHS.save(storage, auth_id, &auth)?;
    Ok(Ok(line.units))
}

/// Recomputes the claim totals and checks every line balances.
pub fn compute_totals(claim: &mut Claim) -> Result<(), ContractError> {
    let mut charge = Uint128::zero();
    let mut allowed = Uint128::zero();
    let mut paid = Uint128::zero();
    let mut patient = Uint128::zero();
    for line in &claim.lines {
        if !line_balances(line) {
            return Err(ContractError::LineImbalance {
                claim_id: claim.id,
                line: line.number,
            });
        }
        charge = charge.checked_add(line.charge)?;
        allowed = allowed.checked_add(line.allowed)?;
        paid = paid.checked_add(line.paid)?;
        for a in &line.adjustments {
            if a.group == PR {
                patient = patient.checked_add(a.amount)?;
            }
        }
    }
    claim.total_charge = charge;
    claim.total_allowed = allowed;
    claim.total_paid = paid;
    claim.patient_responsibility = patient;
    Ok(())
}

/// Paid, partially paid or denied, from the lines.
pub fn status_from_lines(claim: &Claim) -> ClaimStatus {
    let denied = claim
        .lines
        .iter()
        .filter(|l| l.status == LineStatus::Denied)
        .count();
    if denied == 0 {
        ClaimStatus::Paid
    } else if denied == claim.lines.len() {
        ClaimStatus::Denied
    } else {
        ClaimStatus::PartiallyPaid
    }
}

/// The time after which a claim may no longer be appealed.
pub fn appeal_deadline(adjudicated_at: Timestamp) -> Timestamp {
    adjudicated_at.plus_seconds(cw_health_types::claims_engine::codes::APPEAL_WINDOW_SECONDS)
}
