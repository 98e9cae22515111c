//! Re-pricing one paid line after an overturned underpayment appeal.
//!
//! Only the line is touched: its allowed amount is raised to the corrected amount (at most its
//! charge and the plan's fee for its units: in network when the appeal says the provider was
//! wrongly priced out of network, else by the terms the provider is priced by), the cost-share
//! waterfall is re-run on it against the accumulators as they stand without the line's own
//! share, and its adjustments are rebuilt (CO-45 above the allowed amount, PR-1/2/3, OA-23 after
//! a prior payer). The accumulators move by the difference of the line's share, so they still
//! equal the live claims' effects; the unit counters, duplicate index and authorization units
//! are left as they are (the service is the same). The claim's other lines keep their decision.

use cosmwasm_std::{Addr, Storage, Uint128};
use cw_health_types::claims_engine::codes::{AdjustmentGroup, Carc};
use cw_health_types::claims_engine::{
    Adjustment, Claim, ClaimLine, CodeBenefit, CostLimit, LineReviewAction, LineStatus, Plan,
    UnderpaymentBasis,
};
use cw_health_types::store::ReadMap;

use crate::accum;
use crate::adjudicate::compute_totals;
use crate::cob::{apply_prior_payment, prior_line};
use crate::error::ContractError;
use crate::network::network_terms;
use crate::state::{BENEFITS, CLAIMS};
use crate::waterfall::{waterfall, Waterfall};

/// The terms the line is re-priced by, and the accumulator tier it counts in.
fn terms(
    storage: &dyn Storage,
    plan: &Plan,
    provider: &Addr,
    code: &str,
    basis: UnderpaymentBasis,
) -> Result<(CodeBenefit, usize), ContractError> {
    let benefit = BENEFITS
        .may_read(storage, (plan.id, code))?
        .ok_or_else(|| ContractError::invalid("allowed", "the code has no fee schedule"))?;
    if basis == UnderpaymentBasis::Network {
        return Ok((benefit, accum::tier_of(plan, false)));
    }
    network_terms(storage, plan, provider, benefit)?
        .map_err(|_| ContractError::invalid("allowed", "the provider has no terms for the code"))
}

/// The corrected allowed amount: `allowed` (default the fee for the line's units, capped by its
/// charge), more than the line's allowed amount and at most that cap.
fn corrected(
    line: &ClaimLine,
    terms: &CodeBenefit,
    allowed: Option<Uint128>,
) -> Result<Uint128, ContractError> {
    let cap = line
        .charge
        .min(terms.fee_per_unit.checked_mul(Uint128::from(line.units))?);
    let allowed = allowed.unwrap_or(cap);
    if allowed > cap {
        return Err(ContractError::invalid(
            "allowed",
            format!("more than the line's charge or fee for its units ({cap})"),
        ));
    }
    if allowed <= line.allowed {
        return Err(ContractError::invalid(
            "allowed",
            "not more than the line's allowed amount (uphold the appeal instead)",
        ));
    }
    Ok(allowed)
}

/// Sets the line's allowed amount, payment and adjustments from the waterfall: CO-45 above the
/// allowed amount, then PR-1, PR-3, PR-2 (non-zero ones).
fn price(line: &mut ClaimLine, allowed: Uint128, w: &Waterfall) -> Result<(), ContractError> {
    const CO: AdjustmentGroup = AdjustmentGroup::ContractualObligation;
    const PR: AdjustmentGroup = AdjustmentGroup::PatientResponsibility;
    line.allowed = allowed;
    line.paid = w.paid;
    line.adjustments = [
        (
            CO,
            Carc::EXCEEDS_FEE_SCHEDULE,
            line.charge.checked_sub(allowed)?,
        ),
        (PR, Carc::DEDUCTIBLE, w.deductible),
        (PR, Carc::COPAY, w.copay),
        (PR, Carc::COINSURANCE, w.coinsurance),
    ]
    .into_iter()
    .filter(|(_, _, amount)| !amount.is_zero())
    .map(|(group, reason, amount)| Adjustment {
        group,
        reason,
        amount,
        rarc: None,
    })
    .collect();
    line.review = Some(LineReviewAction::Reprice { allowed });
    Ok(())
}

/// What is left of a limit for a member: the lesser of the individual and family remainders.
fn left(limit: &CostLimit, member: Uint128, family: Uint128) -> Uint128 {
    limit
        .individual
        .saturating_sub(member)
        .min(limit.family.saturating_sub(family))
}

/// Re-prices paid line `number` of `claim` to `allowed` (default: the fee for its units, capped
/// by the charge); returns the new allowed amount. The claim's totals are recomputed; the
/// caller settles the payment.
pub fn reprice_line(
    storage: &mut dyn Storage,
    plan: &Plan,
    claim: &mut Claim,
    number: u32,
    basis: UnderpaymentBasis,
    allowed: Option<Uint128>,
) -> Result<Uint128, ContractError> {
    let primary = match claim.primary_claim_id {
        Some(p) => Some(CLAIMS.read(storage, p)?),
        None => None,
    };
    let before = accum::load(storage, claim, plan.out_of_network_limits.is_some())?;
    let mut tiers = before;
    let line = claim
        .lines
        .iter_mut()
        .find(|l| l.number == number && l.status == LineStatus::Paid)
        .ok_or_else(|| ContractError::invalid("lines", "not a paid line"))?;
    let (t, tier) = terms(storage, plan, &claim.provider, &line.procedure_code, basis)?;
    let allowed = corrected(line, &t, allowed)?;
    // The accumulators without this line's share, in the tier it counted in.
    let old_tier = if line.effects.out_of_network {
        accum::OUT_OF_NETWORK
    } else {
        accum::IN_NETWORK
    };
    let (m, f) = tiers
        .get_mut(old_tier)
        .ok_or_else(|| ContractError::invalid("tier", "unknown network tier"))?;
    for acc in [m, f] {
        acc.deductible = acc.deductible.checked_sub(line.effects.deductible)?;
        acc.out_of_pocket = acc.out_of_pocket.checked_sub(line.effects.out_of_pocket)?;
    }
    let (deductible, out_of_pocket) = accum::limits(plan, tier);
    let (m, f) = tiers
        .get(tier)
        .ok_or_else(|| ContractError::invalid("tier", "unknown network tier"))?;
    let w = waterfall(
        allowed,
        &t.cost_share,
        t.deductible_applies,
        left(deductible, m.deductible, f.deductible),
        left(out_of_pocket, m.out_of_pocket, f.out_of_pocket),
    )?;
    price(line, allowed, &w)?;
    if let Some(p) = &primary {
        let prior = prior_line(p, line).map_err(|_| {
            ContractError::invalid("lines", "the prior payer's line no longer matches")
        })?;
        apply_prior_payment(line, prior)?;
    }
    // The line counts what its 835 now says the member owes.
    accum::count(&mut tiers, line, tier)?;
    accum::save(storage, claim, &before, &tiers)?;
    compute_totals(claim)?;
    Ok(allowed)
}
