//! The cost-share waterfall of one line.
//!
//! Deductible (PR-1) up to the lesser of the member's and the family's remaining deductible;
//! then copay (PR-3, at most what is left) or coinsurance (PR-2); the member's total is capped
//! by the lesser of the member's and the family's remaining out-of-pocket maximum (the
//! deductible is kept first). The plan pays the rest.
//!
//! **Rounding rule (one, per line):** coinsurance is computed on the amount left after the
//! deductible; the plan's share `floor(rest * (10000 - bps) / 10000)` is rounded down to the unit
//! and the member's coinsurance is `rest - plan share` (so it is rounded up). A 1-unit line at
//! 20 % coinsurance: plan 0, member 1.

use cosmwasm_std::Uint128;
use cw_health_types::claims_engine::codes::BPS_DENOMINATOR;
use cw_health_types::claims_engine::CostShare;

use crate::error::ContractError;

/// The member's share of one line after the deductible and the out-of-pocket cap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Waterfall {
    /// PR-1.
    pub deductible: Uint128,
    /// PR-3.
    pub copay: Uint128,
    /// PR-2.
    pub coinsurance: Uint128,
    /// What the plan pays.
    pub paid: Uint128,
}

/// Applies the cost-share waterfall to an allowed amount (see the module docs).
pub fn waterfall(
    allowed: Uint128,
    share: &CostShare,
    deductible_applies: bool,
    deductible_remaining: Uint128,
    oop_remaining: Uint128,
) -> Result<Waterfall, ContractError> {
    let deductible = if deductible_applies {
        allowed.min(deductible_remaining)
    } else {
        Uint128::zero()
    };
    let rest = allowed.checked_sub(deductible)?;
    let (mut copay, mut coinsurance) = match share {
        CostShare::Copay { amount } => ((*amount).min(rest), Uint128::zero()),
        CostShare::Coinsurance { bps } => {
            let plan_bps = BPS_DENOMINATOR.saturating_sub(*bps);
            let plan_share = rest.checked_multiply_ratio(plan_bps, BPS_DENOMINATOR)?;
            (Uint128::zero(), rest.checked_sub(plan_share)?)
        }
        CostShare::NotCovered {} => (Uint128::zero(), Uint128::zero()),
    };
    // Out-of-pocket cap: the deductible is kept first, then the cost share.
    let deductible = deductible.min(oop_remaining);
    let cap_left = oop_remaining.checked_sub(deductible)?;
    copay = copay.min(cap_left);
    coinsurance = coinsurance.min(cap_left.checked_sub(copay)?);
    let member = deductible.checked_add(copay)?.checked_add(coinsurance)?;
    Ok(Waterfall {
        deductible,
        copay,
        coinsurance,
        paid: allowed.checked_sub(member)?,
    })
}
