//! Exact reversal of an adjudication (replacement, void, review denial, re-adjudication).

use cosmwasm_std::{Storage, Uint128};
use cw_health_types::claims_engine::Claim;
use cw_health_types::store::{ReadMap, WriteMap};

use crate::adjudicate::service_keys;
use crate::common::day_of;
use crate::error::ContractError;
use crate::state::{PRIOR_AUTHS, SERVICES, UNITS};

/// Undoes everything the claim's adjudication changed: accumulators, unit counters,
/// prior-authorization units and the duplicate index entries it holds.
pub fn reverse_effects(storage: &mut dyn Storage, claim: &mut Claim) -> Result<(), ContractError> {
    reverse_lines(storage, claim, None)
}

/// As [`reverse_effects`], for the lines numbered in `only` (every line if `None`).
pub fn reverse_lines(
    storage: &mut dyn Storage,
    claim: &mut Claim,
    only: Option<&[u32]>,
) -> Result<(), ContractError> {
    // (deductible, out of pocket) per network tier.
    let mut amounts = [(Uint128::zero(), Uint128::zero()); 2];
    let day = day_of(claim.date_of_service);
    let mut lines = std::mem::take(&mut claim.lines);
    for line in lines.iter_mut() {
        if only.is_some_and(|only| !only.contains(&line.number)) {
            continue;
        }
        let e = std::mem::take(&mut line.effects);
        let tier = usize::from(e.out_of_network);
        if let Some((ded, oop)) = amounts.get_mut(tier) {
            *ded = ded.checked_add(e.deductible)?;
            *oop = oop.checked_add(e.out_of_pocket)?;
        }
        if e.units_counted > 0 {
            let key = (
                claim.plan_id,
                &claim.member,
                (day, line.procedure_code.as_str()),
            );
            let left = UNITS
                .may_read(storage, key)?
                .unwrap_or_default()
                .saturating_sub(e.units_counted);
            if left == 0 {
                UNITS.remove(storage, key);
            } else {
                UNITS.write(storage, key, &left)?;
            }
        }
        if e.auth_units > 0 {
            if let Some(auth_id) = line.prior_auth_id {
                if let Some(mut auth) = PRIOR_AUTHS.may_read(storage, auth_id)? {
                    if let Some(s) = auth
                        .approved
                        .iter_mut()
                        .find(|s| s.code == line.procedure_code)
                    {
                        s.units = s.units.saturating_add(e.auth_units);
                    }
                    PRIOR_AUTHS.write(storage, auth_id, &auth)?;
                }
            }
        }
        if e.rpm_period {
            crate::rpm::release_period(storage, claim, line)?;
        }
        if e.indexed {
            let (near, variant) = service_keys(claim, line);
            if SERVICES
                .may_read(storage, (&near, &variant))?
                .is_some_and(|r| r.claim_id == claim.id)
            {
                SERVICES.remove(storage, (&near, &variant));
            }
        }
    }
    claim.lines = lines;
    crate::accum::take_back(storage, claim, amounts)
}
