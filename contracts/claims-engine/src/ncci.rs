//! NCCI-style procedure-to-procedure edits kept by the insurer: a component (column-2) code is
//! not paid with its comprehensive (column-1) code billed by the same provider for the same
//! member and day, on the same claim or an earlier one (CO-97, RARC M15), unless the edit allows
//! a distinct-procedure modifier (59, XE, XS, XP, XU) and the component line carries one.
//!
//! Removals and additions of one message are applied together (an addition wins over a removal
//! of the same pair). Bounded: at most `MAX_PAIR_EDITS_PER_CODE` column-1 codes per column-2 code, each checked
//! against the claim's lines and with one read of the duplicate index (the same near key a near
//! duplicate uses). An edit applies in either order: a component billed with or after its
//! comprehensive code is denied (CO-97, M15); a comprehensive code billed on a later claim than
//! its paid component is denied (CO-97, M80: the provider corrects the earlier claim with a
//! replacement or void). It is an appealable edit (waived once an appeal is overturned).

use cosmwasm_std::{Deps, DepsMut, MessageInfo, Order, Response, StdResult, Storage};
use cw_health_types::claims_engine::codes::{
    validate_procedure_code, Carc, DISTINCT_PROCEDURE_MODIFIERS, MAX_PAIR_EDITS_PER_CODE,
    RARC_BUNDLED, RARC_SAME_SESSION,
};
use cw_health_types::claims_engine::{Claim, ClaimLine, CodePair, PairEdit, PairEditsResponse};
use cw_health_types::limits::{validate_list_len, MAX_BATCH_LEN};
use cw_health_types::pagination::clamp_limit;
use cw_health_types::pagination::TryCollect;
use cw_health_types::store::{ReadMap, WriteMap};
use cw_storage_plus::Bound;

use crate::adjudicate::{near_key, Denial};
use crate::common::{assert_insurer, load_plan};
use crate::error::ContractError;
use crate::state::{
    LineRef, CLAIMS, PAIRS_BY_COLUMN1, PAIR_COUNT, PAIR_COUNT_COLUMN1, PAIR_EDITS, SERVICES,
};

fn validate_pair(column1: &str, column2: &str) -> Result<(), ContractError> {
    validate_procedure_code("column1", column1)?;
    validate_procedure_code("column2", column2)?;
    if column1 == column2 {
        return Err(ContractError::invalid("column2", "differs from column1"));
    }
    Ok(())
}

/// The insurer adds and removes pair edits. Everything is checked before anything is stored.
pub fn update_pair_edits(
    deps: DepsMut,
    info: MessageInfo,
    plan_id: u64,
    add: Vec<PairEdit>,
    remove: Vec<CodePair>,
) -> Result<Response, ContractError> {
    let plan = load_plan(deps.storage, plan_id)?;
    assert_insurer(&plan, &info.sender)?;
    validate_list_len("add", &add, MAX_BATCH_LEN)?;
    validate_list_len("remove", &remove, MAX_BATCH_LEN)?;
    // The pairs as they will be: (column2, column1) -> modifier allowed (None: removed), the
    // last word on a pair winning (an add after a remove of the same pair adds it). Bounded
    // lists (MAX_BATCH_LEN each), so a linear search.
    let mut changes: Vec<((&str, &str), Option<bool>)> = Vec::new();
    for p in &remove {
        validate_pair(&p.column1, &p.column2)?;
        set_change(&mut changes, (&p.column2, &p.column1), None);
    }
    for e in &add {
        validate_pair(&e.column1, &e.column2)?;
        set_change(
            &mut changes,
            (&e.column2, &e.column1),
            Some(e.modifier_allowed),
        );
    }
    // The counts as they will be, per column-2 code and per column-1 code.
    let mut counts: Vec<(&str, u32)> = Vec::new();
    let mut counts1: Vec<(&str, u32)> = Vec::new();
    for ((column2, column1), change) in &changes {
        let exists = PAIR_EDITS.has(deps.storage, (plan_id, column2, column1));
        let delta = |n: u32| match (exists, change.is_some()) {
            (false, true) => n.saturating_add(1),
            (true, false) => n.saturating_sub(1),
            _ => n,
        };
        for (counts, map, code) in [
            (&mut counts, &PAIR_COUNT, *column2),
            (&mut counts1, &PAIR_COUNT_COLUMN1, *column1),
        ] {
            let n = match counts.iter_mut().find(|(c, _)| *c == code) {
                Some(entry) => &mut entry.1,
                None => {
                    let n = map
                        .may_read(deps.storage, (plan_id, code))?
                        .unwrap_or_default();
                    counts.push((code, n));
                    match counts.last_mut() {
                        Some(entry) => &mut entry.1,
                        None => continue,
                    }
                }
            };
            *n = delta(*n);
            if *n > MAX_PAIR_EDITS_PER_CODE {
                return Err(ContractError::invalid(
                    "add",
                    format!(
                        "at most {MAX_PAIR_EDITS_PER_CODE} column-1 codes per column-2 code and \
                         {MAX_PAIR_EDITS_PER_CODE} column-2 codes per column-1 code"
                    ),
                ));
            }
        }
    }
    for ((column2, column1), change) in &changes {
        let key = (plan_id, *column2, *column1);
        let key1 = (plan_id, *column1, *column2);
        match change {
            Some(allowed) => {
                PAIR_EDITS.write(deps.storage, key, allowed)?;
                PAIRS_BY_COLUMN1.write(deps.storage, key1, allowed)?;
            }
            None => {
                PAIR_EDITS.remove(deps.storage, key);
                PAIRS_BY_COLUMN1.remove(deps.storage, key1);
            }
        }
    }
    for (map, counts) in [(&PAIR_COUNT, &counts), (&PAIR_COUNT_COLUMN1, &counts1)] {
        for (code, n) in counts {
            if *n == 0 {
                map.remove(deps.storage, (plan_id, code));
            } else {
                map.write(deps.storage, (plan_id, code), n)?;
            }
        }
    }
    Ok(Response::new()
        .add_attribute("action", "update_pair_edits")
        .add_attribute("plan_id", plan_id.to_string())
        .add_attribute("added", add.len().to_string())
        .add_attribute("removed", remove.len().to_string()))
}

/// Sets the change of `pair` (replacing an earlier change of the same pair).
fn set_change<'a>(
    changes: &mut Vec<((&'a str, &'a str), Option<bool>)>,
    pair: (&'a str, &'a str),
    to: Option<bool>,
) {
    match changes.iter_mut().find(|(p, _)| *p == pair) {
        Some(entry) => entry.1 = to,
        None => changes.push((pair, to)),
    }
}

/// A plan's pair edits of one component code.
pub fn pair_edits(
    deps: Deps,
    plan_id: u64,
    column2: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<PairEditsResponse> {
    let edits = PAIR_EDITS
        .prefix((plan_id, column2.as_str()))
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| {
            r.map(|(column1, modifier_allowed)| PairEdit {
                column1,
                column2: column2.clone(),
                modifier_allowed,
            })
        })
        .try_vec()?;
    Ok(PairEditsResponse { edits })
}

/// Line step: the line's code is a component of a code the provider billed for the member that
/// day (on this claim, `lines`: number, code and whether it was denied before this adjudication,
/// or an earlier claim): CO-97 (M15), unless a distinct-procedure modifier bypasses an edit that
/// allows it.
pub fn pair_edit(
    storage: &dyn Storage,
    claim: &Claim,
    lines: &[(u32, String, bool)],
    line: &ClaimLine,
) -> Result<Option<Denial>, ContractError> {
    if claim.edits_waived || line.drug.is_some() {
        return Ok(None);
    }
    let distinct = line
        .modifiers
        .iter()
        .any(|m| DISTINCT_PROCEDURE_MODIFIERS.contains(&m.as_str()));
    let edits: Vec<(String, bool)> = PAIR_EDITS
        .prefix((claim.plan_id, line.procedure_code.as_str()))
        .range(storage, None, None, Order::Ascending)
        .take(MAX_PAIR_EDITS_PER_CODE as usize)
        .try_vec()?;
    for (column1, modifier_allowed) in edits {
        if modifier_allowed && distinct {
            continue;
        }
        let on_claim = lines
            .iter()
            .any(|(number, code, denied)| *number != line.number && *code == column1 && !denied);
        let billed = on_claim
            || SERVICES
                .prefix(&near_key(claim, &column1))
                .keys(storage, None, None, Order::Ascending)
                .next()
                .transpose()?
                .is_some();
        if billed {
            return Ok(Some(Denial::co_remark(Carc::BUNDLED, RARC_BUNDLED)));
        }
    }
    component_paid_before(storage, claim, line)
}

/// Most duplicate-index entries of one component service read when its comprehensive code is
/// billed after it (the variants of one service: other modifiers or units).
const MAX_COMPONENT_ENTRIES: usize = 8;

/// The reverse order: the line's code is the column-1 code of an edit whose component the
/// provider billed for the member that day on an earlier claim, and that line holds its duplicate
/// index entry (it was paid or pended, not denied) without a distinct-procedure modifier the edit
/// allows: CO-97 (RARC M80). The component on this claim is its own line's (forward) edit.
/// Bounded: at most `MAX_PAIR_EDITS_PER_CODE` components, `MAX_COMPONENT_ENTRIES` entries each.
fn component_paid_before(
    storage: &dyn Storage,
    claim: &Claim,
    line: &ClaimLine,
) -> Result<Option<Denial>, ContractError> {
    let components: Vec<(String, bool)> = PAIRS_BY_COLUMN1
        .prefix((claim.plan_id, line.procedure_code.as_str()))
        .range(storage, None, None, Order::Ascending)
        .take(MAX_PAIR_EDITS_PER_CODE as usize)
        .try_vec()?;
    for (column2, modifier_allowed) in components {
        let entries: Vec<LineRef> = SERVICES
            .prefix(&near_key(claim, &column2))
            .range(storage, None, None, Order::Ascending)
            .take(MAX_COMPONENT_ENTRIES)
            .map(|r| r.map(|(_, v)| v))
            .try_vec()?;
        for r in entries.iter().filter(|r| r.claim_id != claim.id) {
            let bypassed = modifier_allowed
                && CLAIMS
                    .may_read(storage, r.claim_id)?
                    .and_then(|c| c.lines.into_iter().find(|l| l.number == r.line))
                    .is_some_and(|l| {
                        l.modifiers
                            .iter()
                            .any(|m| DISTINCT_PROCEDURE_MODIFIERS.contains(&m.as_str()))
                    });
            if !bypassed {
                return Ok(Some(Denial::co_remark(Carc::BUNDLED, RARC_SAME_SESSION)));
            }
        }
    }
    Ok(None)
}
