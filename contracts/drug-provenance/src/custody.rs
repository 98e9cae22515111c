//! Custody: ship, receive, cancel a shipment (sales, returns and custody moves; packing and
//! unpacking cases is in `cases`). A case moves its units with it: moving a case touches at most
//! `MAX_CASE_UNITS` units, and one message at most `MAX_UNITS_PER_MESSAGE` units in all.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, Storage};
use cw_health_types::drug_provenance::{
    BizStep, CaseState, ShipmentKind, ShipmentState, TradingPartnerRole, UnitKey, UnitRef,
    UnitState,
};
use cw_health_types::limits::{validate_unique, MAX_BATCH_LEN};
use cw_health_types::{Sha256Hash, ValidationError};

use crate::access::require_licensed;
use crate::cases::{
    append_case_shipment_event, assert_case_movable, load_owned_case, reserve_case_events,
};
use crate::error::ContractError;
use crate::ledger::{
    append_shipment_event, assert_saleable, event, load_shipment, load_unit, next_id, resolve_unit,
    unit_list, wire_code, Use, MAX_UNITS_PER_MESSAGE,
};
use crate::state::{
    Case, Shipment, ShipmentClosed, Unit, CASES, HOLDERS, SHIPMENTS, SHIPMENTS_CLOSED,
    SHIPMENT_SEQ, UNITS,
};

/// Resolves a loose unit owned by `sender` (materializing a Merkle unit if needed): the one
/// ownership check of ship, pack, dispense and destroy.
pub fn owned_loose_unit(
    storage: &mut dyn Storage,
    unit_ref: &UnitRef,
    sender: &Addr,
) -> Result<Unit, ContractError> {
    let unit = resolve_unit(storage, unit_ref)?;
    if unit.owner != *sender {
        return Err(ContractError::NotUnitOwner {
            gtin: unit_ref.gtin.clone(),
            serial: unit_ref.serial.clone(),
        });
    }
    if let Some(sscc) = &unit.sscc {
        return Err(ContractError::UnitInCase {
            gtin: unit_ref.gtin.clone(),
            serial: unit_ref.serial.clone(),
            sscc: sscc.clone(),
        });
    }
    Ok(unit)
}

pub fn unique_keys(field: &str, units: &[UnitRef], max: usize) -> Result<(), ContractError> {
    let keys: Vec<(&str, &str)> = units
        .iter()
        .map(|u| (u.gtin.as_str(), u.serial.as_str()))
        .collect();
    validate_unique(field, &keys, max)?;
    Ok(())
}

/// The rank of a role in the chain, upstream first (a reverse distributor is handled apart).
fn rank(role: TradingPartnerRole) -> u8 {
    match role {
        TradingPartnerRole::Manufacturer
        | TradingPartnerRole::Repackager
        | TradingPartnerRole::ReverseDistributor => 0,
        TradingPartnerRole::Wholesaler | TradingPartnerRole::ThirdPartyLogistics => 1,
        TradingPartnerRole::Dispenser => 2,
    }
}

/// What a shipment from a party of role `from` to one of role `to` is: custody to a 3PL, a
/// return up the chain (or to a reverse distributor), otherwise a sale. A reverse distributor
/// ships only back to a manufacturer or repackager.
fn shipment_kind(
    from: TradingPartnerRole,
    to: TradingPartnerRole,
) -> Result<ShipmentKind, ContractError> {
    if from == TradingPartnerRole::ReverseDistributor {
        return if matches!(
            to,
            TradingPartnerRole::Manufacturer | TradingPartnerRole::Repackager
        ) {
            Ok(ShipmentKind::Return)
        } else {
            Err(ContractError::ReverseDistributorResale)
        };
    }
    Ok(match to {
        TradingPartnerRole::ThirdPartyLogistics => ShipmentKind::Custody,
        TradingPartnerRole::ReverseDistributor => ShipmentKind::Return,
        _ if rank(to) < rank(from) => ShipmentKind::Return,
        _ => ShipmentKind::Sale,
    })
}

/// Ships units and cases to a licensed partner (current owner only).
pub fn ship(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    to: String,
    units: Vec<UnitRef>,
    cases: Vec<String>,
    ti_hash: Sha256Hash,
    ts_hash: Sha256Hash,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let from_role = require_licensed(deps.storage, &info.sender, now)?.role;
    let to = deps.api.addr_validate(&to)?;
    // To itself: the owner brings back goods its 3PL holds (a custody move ending the custody;
    // every unit must have a custodian, see `depart`).
    let kind = if to == info.sender {
        ShipmentKind::Custody
    } else {
        shipment_kind(from_role, require_licensed(deps.storage, &to, now)?.role)?
    };
    ti_hash.validate("ti_hash")?;
    ts_hash.validate("ts_hash")?;
    let (loaded_cases, total) = check_items(deps.storage, &info.sender, &units, &cases)?;
    let id = next_id(deps.storage, &SHIPMENT_SEQ)?;
    let shipment = Shipment {
        kind,
        from: info.sender.clone(),
        to,
        units: units
            .iter()
            .map(|u| UnitKey {
                gtin: u.gtin.clone(),
                serial: u.serial.clone(),
            })
            .collect(),
        cases,
        unit_count: u32::try_from(total).unwrap_or(u32::MAX),
        ti_hash,
        ts_hash,
        state: ShipmentState::Pending,
        shipped_at: now,
        closed_at: None,
    };
    for unit_ref in &units {
        let unit = owned_loose_unit(deps.storage, unit_ref, &info.sender)?;
        let (gtin, serial) = (unit_ref.gtin.as_str(), unit_ref.serial.as_str());
        depart(
            deps.storage,
            &env,
            &shipment,
            id,
            (gtin, serial),
            unit,
            None,
        )?;
    }
    for (sscc, case) in shipment.cases.iter().zip(loaded_cases) {
        depart_case(deps.storage, &env, &shipment, id, sscc, case)?;
    }
    SHIPMENTS.save(deps.storage, id, &shipment)?;
    Ok(Response::new()
        .add_attribute("action", "ship")
        .add_attribute("biz_step", "shipping")
        .add_attribute("shipment_id", id.to_string())
        .add_attribute("kind", wire_code(&shipment.kind))
        .add_attribute("from", shipment.from)
        .add_attribute("to", shipment.to)
        .add_attribute("units", unit_list(&units))
        .add_attribute("cases", shipment.cases.join(" "))
        .add_attribute("unit_count", shipment.unit_count.to_string())
        .add_attribute("ti_hash", shipment.ti_hash.as_str())
        .add_attribute("ts_hash", shipment.ts_hash.as_str()))
}

/// The bounds of a shipment's items: at least one, at most `MAX_BATCH_LEN` loose units and cases,
/// each once, the cases the sender's and with it, at most `MAX_UNITS_PER_MESSAGE` units in all.
/// Returns the cases and the unit count.
fn check_items(
    storage: &dyn Storage,
    sender: &Addr,
    units: &[UnitRef],
    cases: &[String],
) -> Result<(Vec<Case>, u64), ContractError> {
    if units.is_empty() && cases.is_empty() {
        return Err(ContractError::EmptyShipment);
    }
    let items = units.len().saturating_add(cases.len());
    if items > MAX_BATCH_LEN {
        return Err(ValidationError::TooMany {
            field: "units + cases".into(),
            len: items,
            max: MAX_BATCH_LEN,
        }
        .into());
    }
    unique_keys("units", units, MAX_BATCH_LEN)?;
    validate_unique("cases", cases, MAX_BATCH_LEN)?;
    let mut loaded = Vec::with_capacity(cases.len());
    let mut total = units.len() as u64;
    for sscc in cases {
        let case = load_owned_case(storage, sscc, sender)?;
        total = total.saturating_add(u64::from(case.unit_count));
        loaded.push(case);
    }
    if total > MAX_UNITS_PER_MESSAGE {
        return Err(ContractError::TooManyUnits {
            count: total,
            max: MAX_UNITS_PER_MESSAGE,
        });
    }
    Ok((loaded, total))
}

/// Puts one unit of `shipment` in transit, if it may make the move: a sale or custody move
/// needs saleable stock, a return (or goods brought back from a 3PL to their owner, which
/// must have a custodian) only active, not quarantined stock.
fn depart(
    storage: &mut dyn Storage,
    env: &Env,
    shipment: &Shipment,
    id: u64,
    (gtin, serial): (&str, &str),
    mut unit: Unit,
    sscc: Option<&String>,
) -> Result<(), ContractError> {
    let back = shipment.to == shipment.from;
    if back && unit.custodian.is_none() {
        return Err(ContractError::ShipToSelf);
    }
    let use_ = if shipment.kind == ShipmentKind::Return || back {
        Use::Return
    } else {
        Use::Sale
    };
    assert_saleable(storage, gtin, serial, &unit, env.block.time, use_)?;
    unit.state = UnitState::InTransit;
    unit.shipment_id = Some(id);
    let mut ev = event(BizStep::Shipping, env, &shipment.from);
    ev.counterparty = Some(shipment.to.clone());
    ev.shipment_id = Some(id);
    ev.sscc = sscc.cloned();
    ev.document = Some(shipment.ti_hash.clone());
    append_shipment_event(storage, gtin, serial, &mut unit, ev, Some((id, shipment)))?;
    UNITS.save(storage, (gtin, serial), &unit)?;
    Ok(())
}

/// Puts one container of `shipment` in transit (as `depart` for a unit, checked on the
/// container): one container write and one event, whatever it holds.
fn depart_case(
    storage: &mut dyn Storage,
    env: &Env,
    shipment: &Shipment,
    id: u64,
    sscc: &str,
    mut case: Case,
) -> Result<(), ContractError> {
    let back = shipment.to == shipment.from;
    if back && case.custodian.is_none() {
        return Err(ContractError::ShipToSelf);
    }
    let use_ = if shipment.kind == ShipmentKind::Return || back {
        Use::Return
    } else {
        Use::Sale
    };
    assert_case_movable(storage, sscc, &case, env.block.time, use_)?;
    reserve_case_events(sscc, &case)?;
    case.state = CaseState::InTransit;
    case.shipment_id = Some(id);
    let mut ev = event(BizStep::Shipping, env, &shipment.from);
    ev.counterparty = Some(shipment.to.clone());
    ev.shipment_id = Some(id);
    ev.document = Some(shipment.ti_hash.clone());
    append_case_shipment_event(storage, sscc, &mut case, ev, Some((id, shipment)))?;
    CASES.save(storage, sscc, &case)?;
    Ok(())
}

/// Closes a pending shipment: on receipt the recipient becomes the owner; on cancellation the
/// units stay with the shipper. Either way they are active again (unless destroyed meanwhile).
fn close_shipment(
    storage: &mut dyn Storage,
    env: &Env,
    shipment: &Shipment,
    id: u64,
    received: bool,
) -> Result<(), ContractError> {
    let (step, actor, counterparty) = if received {
        (BizStep::Receiving, &shipment.to, &shipment.from)
    } else {
        (BizStep::ShippingCancelled, &shipment.from, &shipment.to)
    };
    // On receipt the recipient becomes the owner, or (a 3PL) the custodian for the owner.
    let custody = shipment.kind == ShipmentKind::Custody;
    let new_owner = if received && !custody {
        &shipment.to
    } else {
        &shipment.from
    };
    let arrive = |storage: &mut dyn Storage,
                  gtin: &str,
                  serial: &str,
                  sscc: Option<&String>|
     -> Result<(), ContractError> {
        let mut unit = load_unit(storage, gtin, serial)?;
        unit.owner = new_owner.clone();
        unit.shipment_id = None;
        if received {
            // A custody move to the owner itself ends the custody.
            unit.custodian = (custody && shipment.to != shipment.from).then(|| shipment.to.clone());
            unit.awaiting_verification = shipment.kind == ShipmentKind::Return;
        }
        if unit.state == UnitState::InTransit {
            unit.state = UnitState::Active;
        }
        let mut ev = event(step, env, actor);
        ev.counterparty = Some(counterparty.clone());
        ev.shipment_id = Some(id);
        ev.sscc = sscc.cloned();
        append_shipment_event(storage, gtin, serial, &mut unit, ev, Some((id, shipment)))?;
        UNITS.save(storage, (gtin, serial), &unit)?;
        if received {
            HOLDERS.save(storage, ((gtin, serial), &shipment.to), &())?;
        }
        Ok(())
    };
    for k in &shipment.units {
        arrive(storage, &k.gtin, &k.serial, None)?;
    }
    for sscc in &shipment.cases {
        let mut case = CASES
            .may_load(storage, sscc)?
            .ok_or_else(|| ContractError::UnknownCase { sscc: sscc.clone() })?;
        case.owner = new_owner.clone();
        case.state = CaseState::Active;
        case.shipment_id = None;
        if received {
            case.custodian = (custody && shipment.to != shipment.from).then(|| shipment.to.clone());
            case.awaiting_verification = shipment.kind == ShipmentKind::Return;
            if !case.holders.contains(&shipment.to) {
                case.holders.push(shipment.to.clone());
            }
        }
        let mut ev = event(step, env, actor);
        ev.counterparty = Some(counterparty.clone());
        ev.shipment_id = Some(id);
        append_case_shipment_event(storage, sscc, &mut case, ev, Some((id, shipment)))?;
        CASES.save(storage, sscc, &case)?;
    }
    Ok(())
}

fn load_pending(storage: &dyn Storage, id: u64) -> Result<Shipment, ContractError> {
    let shipment = load_shipment(storage, id)?.ok_or(ContractError::UnknownShipment { id })?;
    if shipment.state != ShipmentState::Pending {
        return Err(ContractError::ShipmentClosed { id });
    }
    Ok(shipment)
}

/// Receives a shipment (its licensed recipient only, from a still licensed shipper).
pub fn receive(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let shipment = load_pending(deps.storage, id)?;
    if shipment.to != info.sender {
        return Err(ContractError::NotRecipient { id });
    }
    // A transfer completes at receipt: both parties must still be licensed.
    require_licensed(deps.storage, &info.sender, env.block.time)?;
    require_licensed(deps.storage, &shipment.from, env.block.time)?;
    close_shipment(deps.storage, &env, &shipment, id, true)?;
    // The shipment record stays as shipped; how it ended is its own small entry.
    SHIPMENTS_CLOSED.save(
        deps.storage,
        id,
        &ShipmentClosed {
            state: ShipmentState::Received,
            at: env.block.time,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "receive")
        .add_attribute("biz_step", "receiving")
        .add_attribute("shipment_id", id.to_string())
        .add_attribute("from", shipment.from)
        .add_attribute("to", shipment.to)
        .add_attribute("unit_count", shipment.unit_count.to_string()))
}

/// Cancels a pending shipment (its shipper only).
pub fn cancel_shipment(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let shipment = load_pending(deps.storage, id)?;
    if shipment.from != info.sender {
        return Err(ContractError::NotShipper { id });
    }
    close_shipment(deps.storage, &env, &shipment, id, false)?;
    // The shipment record stays as shipped; how it ended is its own small entry.
    SHIPMENTS_CLOSED.save(
        deps.storage,
        id,
        &ShipmentClosed {
            state: ShipmentState::Cancelled,
            at: env.block.time,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "cancel_shipment")
        .add_attribute("biz_step", "void_shipping")
        .add_attribute("shipment_id", id.to_string())
        .add_attribute("from", shipment.from)
        .add_attribute("to", shipment.to))
}
