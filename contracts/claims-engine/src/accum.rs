//! Accumulators per network tier: a plan with `out_of_network_limits` meets the out-of-network
//! deductible and out-of-pocket maximum apart from the in-network ones (tier 1 and tier 0);
//! without them, every service counts in tier 0.
//!
//! What a line adds is what its 835 says the member owes: PR-1 to the deductible, PR-1, PR-2 and
//! PR-3 to the out-of-pocket (so a secondary payer counts the member's share left after
//! coordination of benefits, not its own cost share), recorded in the line's effects so a
//! reversal takes back exactly that.

use cosmwasm_std::{Addr, Storage, Uint128};
use cw_health_types::claims_engine::{AdjustmentGroup, Carc, Claim, ClaimLine, CostLimit, Plan};
use cw_health_types::store::{ReadMap, WriteMap};

use crate::error::ContractError;
use crate::state::{Accum, ACCUM_FAMILY, ACCUM_FAMILY_OON, ACCUM_MEMBER, ACCUM_MEMBER_OON};

/// In network (or every service, for a plan without separate out-of-network limits).
pub const IN_NETWORK: usize = 0;
/// Out of network, for a plan with `out_of_network_limits`.
pub const OUT_OF_NETWORK: usize = 1;

/// The (member, family) accumulators of each tier.
pub type Tiers = [(Accum, Accum); 2];

/// The tier a line priced in or out of network counts in.
pub fn tier_of(plan: &Plan, out_of_network: bool) -> usize {
    if out_of_network && plan.out_of_network_limits.is_some() {
        OUT_OF_NETWORK
    } else {
        IN_NETWORK
    }
}

/// The deductible and out-of-pocket limits of a tier.
pub fn limits(plan: &Plan, tier: usize) -> (&CostLimit, &CostLimit) {
    match (&plan.out_of_network_limits, tier) {
        (Some(t), OUT_OF_NETWORK) => (&t.deductible, &t.out_of_pocket_max),
        _ => (&plan.deductible, &plan.out_of_pocket_max),
    }
}

/// The claim's member and family accumulators of its plan year, per tier; the out-of-network
/// tier only when `out_of_network` (else zero: a plan without `out_of_network_limits` never
/// counts in it, see [`tier_of`]; its limits are fixed when the plan is created).
pub fn load(
    storage: &dyn Storage,
    claim: &Claim,
    out_of_network: bool,
) -> Result<Tiers, ContractError> {
    load_for(
        storage,
        claim.plan_id,
        (&claim.member, &claim.family_id),
        claim.plan_year,
        out_of_network,
    )
}

/// A member's and family's accumulators of a plan year, per tier (the out-of-network tier only
/// when `out_of_network`, else zero).
pub fn load_for(
    storage: &dyn Storage,
    plan_id: u64,
    (member, family_id): (&Addr, &str),
    year: u32,
    out_of_network: bool,
) -> Result<Tiers, ContractError> {
    let m = (plan_id, member, year);
    let f = (plan_id, family_id, year);
    let oon = if out_of_network {
        (
            ACCUM_MEMBER_OON.may_read(storage, m)?.unwrap_or_default(),
            ACCUM_FAMILY_OON.may_read(storage, f)?.unwrap_or_default(),
        )
    } else {
        Default::default()
    };
    Ok([
        (
            ACCUM_MEMBER.may_read(storage, m)?.unwrap_or_default(),
            ACCUM_FAMILY.may_read(storage, f)?.unwrap_or_default(),
        ),
        oon,
    ])
}

/// Saves the accumulators that changed from `before` (as [`load`] read them): an unchanged one
/// is not rewritten, and an absent one reads as zero.
pub fn save(
    storage: &mut dyn Storage,
    claim: &Claim,
    before: &Tiers,
    tiers: &Tiers,
) -> Result<(), ContractError> {
    let m = (claim.plan_id, &claim.member, claim.plan_year);
    let f = (claim.plan_id, claim.family_id.as_str(), claim.plan_year);
    let [(im, ifam), (om, ofam)] = tiers;
    let [(bim, bifam), (bom, bofam)] = before;
    if im != bim {
        ACCUM_MEMBER.write(storage, m, im)?;
    }
    if ifam != bifam {
        ACCUM_FAMILY.write(storage, f, ifam)?;
    }
    if om != bom {
        ACCUM_MEMBER_OON.write(storage, m, om)?;
    }
    if ofam != bofam {
        ACCUM_FAMILY_OON.write(storage, f, ofam)?;
    }
    Ok(())
}

/// What the line's 835 says the member owes: (PR-1, PR-1 + PR-2 + PR-3).
pub fn owed(line: &ClaimLine) -> Result<(Uint128, Uint128), ContractError> {
    let mut deductible = Uint128::zero();
    let mut out_of_pocket = Uint128::zero();
    for a in &line.adjustments {
        if a.group != AdjustmentGroup::PatientResponsibility {
            continue;
        }
        if a.reason == Carc::DEDUCTIBLE {
            deductible = deductible.checked_add(a.amount)?;
        }
        if [Carc::DEDUCTIBLE, Carc::COINSURANCE, Carc::COPAY].contains(&a.reason) {
            out_of_pocket = out_of_pocket.checked_add(a.amount)?;
        }
    }
    Ok((deductible, out_of_pocket))
}

/// Counts a decided line in its tier: its effects become what the member owes on it.
pub fn count(tiers: &mut Tiers, line: &mut ClaimLine, tier: usize) -> Result<(), ContractError> {
    let (deductible, out_of_pocket) = owed(line)?;
    line.effects.deductible = deductible;
    line.effects.out_of_pocket = out_of_pocket;
    line.effects.out_of_network = tier == OUT_OF_NETWORK;
    let Some((m, f)) = tiers.get_mut(tier) else {
        return Err(ContractError::invalid("tier", "unknown network tier"));
    };
    for acc in [m, f] {
        acc.deductible = acc.deductible.checked_add(deductible)?;
        acc.out_of_pocket = acc.out_of_pocket.checked_add(out_of_pocket)?;
    }
    Ok(())
}

/// Takes `(deductible, out_of_pocket)` per tier back from the claim's accumulators.
pub fn take_back(
    storage: &mut dyn Storage,
    claim: &Claim,
    amounts: [(Uint128, Uint128); 2],
) -> Result<(), ContractError> {
    let oon = amounts
        .get(OUT_OF_NETWORK)
        .is_some_and(|(ded, oop)| !ded.is_zero() || !oop.is_zero());
    let before = load(storage, claim, oon)?;
    let mut tiers = before;
    for ((m, f), (ded, oop)) in tiers.iter_mut().zip(amounts) {
        for acc in [m, f] {
            acc.deductible = acc.deductible.checked_sub(ded)?;
            acc.out_of_pocket = acc.out_of_pocket.checked_sub(oop)?;
        }
    }
    save(storage, claim, &before, &tiers)
}
