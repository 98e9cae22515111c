//! Repackaging (P16, an EPCIS transformation): a licensed repackager consumes input packs it
//! owns and commissions output packs of its own product. The links are stored both ways: each
//! unit names the repackaging that consumed or made it, and the repackaging lists its inputs and
//! outputs (at most 100 each, paged by the `repackaging` query).

use cosmwasm_std::{
    Addr, Deps, DepsMut, Env, MessageInfo, Order, Response, StdResult, Storage, Timestamp,
};
use cw_health_types::clamp_limit;
use cw_health_types::drug_provenance::{
    BizStep, RepackagingResponse, RepackagingSide, TradingPartnerRole, UnitKey, UnitRef, UnitState,
};
use cw_health_types::limits::MAX_BATCH_LEN;
use cw_health_types::ValidationError;
use cw_storage_plus::Bound;

use crate::access::require_licensed;
use crate::commission::{commission_list, open_lot, NewUnits};
use crate::custody::{owned_loose_unit, unique_keys};
use crate::error::ContractError;
use crate::ledger::{append_event, assert_saleable, event, next_id, unit_list, wire_code, Use};
use crate::state::{
    Repackaging, LOTS, REPACKAGINGS, REPACKAGING_INPUTS, REPACKAGING_OUTPUTS, REPACKAGING_SEQ,
    UNITS,
};

/// Consumes `inputs` and commissions `serials` of lot `lot_id` of `gtin` (the licensed
/// repackager that owns every input and manufactures the output product).
pub fn repackage(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    inputs: Vec<UnitRef>,
    gtin: String,
    lot_id: String,
    expiry: String,
    serials: Vec<String>,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let party = require_licensed(deps.storage, &info.sender, now)?;
    if party.role != TradingPartnerRole::Repackager {
        return Err(ContractError::WrongRole {
            party: info.sender.to_string(),
            role: wire_code(&party.role),
            action: "repackage".into(),
        });
    }
    if inputs.is_empty() {
        return Err(ValidationError::Empty {
            field: "inputs".into(),
        }
        .into());
    }
    unique_keys("inputs", &inputs, MAX_BATCH_LEN)?;
    let (product, mut lot) = open_lot(
        deps.storage,
        &env,
        &info.sender,
        &gtin,
        &lot_id,
        &expiry,
        false,
    )?;
    let id = next_id(deps.storage, &REPACKAGING_SEQ)?;
    let earliest = consume(deps.storage, &env, &info.sender, id, &inputs)?;
    // Repackaged medicine does not outlive what it was made from.
    if lot.expires_at > earliest {
        return Err(ContractError::OutOfRange {
            field: "expiry".into(),
            reason: "the output lot expires after an input pack".into(),
        });
    }
    let target = NewUnits {
        gtin: &gtin,
        lot_id: &lot_id,
        made_by: Some(id),
    };
    commission_list(
        deps.storage,
        &env,
        &info.sender,
        &target,
        &mut lot,
        &product,
        &serials,
    )?;
    for serial in &serials {
        REPACKAGING_OUTPUTS.save(deps.storage, (id, (&gtin, serial)), &())?;
    }
    LOTS.save(deps.storage, (&gtin, &lot_id), &lot)?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    REPACKAGINGS.save(
        deps.storage,
        id,
        &Repackaging {
            repackager: info.sender.clone(),
            repackaged_at: now,
            gtin: gtin.clone(),
            lot: lot_id.clone(),
            input_count: count(inputs.len()),
            output_count: count(serials.len()),
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "repackage")
        .add_attribute("biz_step", "repackaging")
        .add_attribute("repackaging_id", id.to_string())
        .add_attribute("repackager", info.sender)
        .add_attribute("inputs", unit_list(&inputs))
        .add_attribute("gtin", gtin)
        .add_attribute("lot", lot_id)
        .add_attribute("expiry", expiry)
        .add_attribute("serials", serials.join(" ")))
}

/// Consumes the input packs into repackaging `id` (each owned by `sender`, loose and saleable):
/// state `repackaged`, linked both ways. Returns the earliest input expiry.
fn consume(
    storage: &mut dyn Storage,
    env: &Env,
    sender: &Addr,
    id: u64,
    inputs: &[UnitRef],
) -> Result<Timestamp, ContractError> {
    let mut earliest = Timestamp::from_nanos(u64::MAX);
    for unit_ref in inputs {
        let (g, s) = (unit_ref.gtin.as_str(), unit_ref.serial.as_str());
        let mut unit = owned_loose_unit(storage, unit_ref, sender)?;
        assert_saleable(storage, g, s, &unit, env.block.time, Use::Sale)?;
        earliest = earliest.min(unit.expires_at);
        unit.state = UnitState::Repackaged;
        unit.repackaged_into = Some(id);
        append_event(
            storage,
            g,
            s,
            &mut unit,
            event(BizStep::Repackaging, env, sender),
        )?;
        UNITS.save(storage, (g, s), &unit)?;
        REPACKAGING_INPUTS.save(storage, (id, (g, s)), &())?;
    }
    Ok(earliest)
}

/// A repackaging and a page of its inputs or outputs.
pub fn repackaging(
    deps: Deps,
    id: u64,
    side: RepackagingSide,
    start_after: Option<UnitKey>,
    limit: Option<u32>,
) -> Result<RepackagingResponse, ContractError> {
    let r = REPACKAGINGS
        .may_load(deps.storage, id)?
        .ok_or(ContractError::UnknownRepackaging { id })?;
    let map = match side {
        RepackagingSide::Inputs => REPACKAGING_INPUTS,
        RepackagingSide::Outputs => REPACKAGING_OUTPUTS,
    };
    let start = start_after
        .as_ref()
        .map(|k| Bound::exclusive((k.gtin.as_str(), k.serial.as_str())));
    let units = map
        .prefix(id)
        .keys(deps.storage, start, None, Order::Ascending)
        .take(clamp_limit(limit))
        .map(|r| r.map(|(gtin, serial)| UnitKey { gtin, serial }))
        .collect::<StdResult<_>>()?;
    Ok(RepackagingResponse {
        id,
        repackager: r.repackager,
        repackaged_at: r.repackaged_at,
        gtin: r.gtin,
        lot: r.lot,
        input_count: r.input_count,
        output_count: r.output_count,
        units,
    })
}
