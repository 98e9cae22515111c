//! Exact reversal of an adjudication (replacement, void, review denial, re-adjudication).

use cosmwasm_std::{Storage, Uint128};
use cw_health_types::claims_engine::Claim;

use crate::adjudicate::service_keys;
use crate::common::day_of;
use crate::error::ContractError;
use crate::state::{Accum, ACCUM_FAMILY, ACCUM_MEMBER, PRIOR_AUTHS, SERVICES, UNITS};

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
    let mut ded = Uint128::zero();
    let mut oop = Uint128::zero();
    let day = day_of(claim.date_of_service);
    let mut lines = std::mem::take(&mut claim.lines);
    for line in lines.iter_mut() {
        if only.is_some_and(|only| !only.contains(&line.number)) {
            continue;
        }
        let e = std::mem::take(&mut line.effects);
        ded = ded.checked_add(e.deductible)?;
        oop = oop.checked_add(e.out_of_pocket)?;
        if e.units_counted > 0 {
            let key = (
                claim.plan_id,
                &claim.member,
                (day, line.procedure_code.as_str()),
            );
            let left = UNITS
                .may_load(storage, key)?
                .unwrap_or_default()
                .saturating_sub(e.units_counted);
            if left == 0 {
                UNITS.remove(storage, key);
            } else {
                UNITS.save(storage, key, &left)?;
            }
        }
        if e.auth_units > 0 {
            if let Some(auth_id) = line.prior_auth_id {
                if let Some(mut auth) = PRIOR_AUTHS.may_load(storage, auth_id)? {
                    if let Some(s) = auth
                        .approved
                        .iter_mut()
                        .find(|s| s.code == line.procedure_code)
                    {
                        s.units = s.units.saturating_add(e.auth_units);
                    }
                    PRIOR_AUTHS.save(storage, auth_id, &auth)?;
                }
            }
        }
        if e.indexed {
            let (near, variant) = service_keys(claim, line);
            if SERVICES
                .may_load(storage, (&near, &variant))?
                .is_some_and(|r| r.claim_id == claim.id)
            {
                SERVICES.remove(storage, (&near, &variant));
            }
        }
    }
    claim.lines = lines;
    let sub = |a: Accum| -> Result<Accum, ContractError> {
        Ok(Accum {
            deductible: a.deductible.checked_sub(ded)?,
            out_of_pocket: a.out_of_pocket.checked_sub(oop)?,
        })
    };
    let m_key = (claim.plan_id, &claim.member, claim.plan_year);
    let m = ACCUM_MEMBER.may_load(storage, m_key)?.unwrap_or_default();
    ACCUM_MEMBER.save(storage, m_key, &sub(m)?)?;
    let f_key = (claim.plan_id, claim.family_id.as_str(), claim.plan_year);
    let f = ACCUM_FAMILY.may_load(storage, f_key)?.unwrap_or_default();
    ACCUM_FAMILY.save(storage, f_key, &sub(f)?)?;
    Ok(())
}
