//! Containers (SSCC): packing loose units, and cases into a pallet, under the packer's own GS1
//! company prefix, and unpacking them. A container holds at most `MAX_CASE_UNITS` items and
//! nests at most `MAX_CONTAINER_LEVEL` deep (a pallet of cases of units).
//!
//! A sealed container carries the custody of its contents: moving it writes the container and
//! one event of its own history, whatever it holds; a unit inside reads its owner, custodian,
//! shipment and transit state from its outermost container (`ledger::overlay_container`), and
//! its history reads its containers' movements (`query::history`). Packing and unpacking touch
//! each item once: that is where a container's size is paid.

use cosmwasm_std::{
    Addr, DepsMut, Env, MessageInfo, Order, Response, StdResult, Storage, Timestamp,
};
use cw_health_types::drug_provenance::gs1::validate_sscc;
use cw_health_types::drug_provenance::{BizStep, CaseState, UnitEvent, UnitRef, UnitState};
use cw_health_types::limits::validate_unique;
use cw_health_types::ValidationError;

use crate::access::require_licensed;
use crate::custody::{owned_loose_unit, unique_keys};
use crate::error::ContractError;
use crate::ledger::{
    append_event, assert_saleable, event, stored_event, unit_list, wire_code, Use, MAX_CASE_EVENTS,
    MAX_CASE_UNITS, MAX_CONTAINER_LEVEL, MAX_CONTAINER_LOTS,
};
use crate::product::{assert_prefix_holder, is_withdrawn};
use crate::state::{
    Case, Shipment, Unit, CASES, CASE_CHILDREN, CASE_HISTORY, CASE_UNITS, HOLDERS, LOTS, UNITS,
};

/// The units packed directly in a container (bounded by `MAX_CASE_UNITS`).
pub fn case_units(storage: &dyn Storage, sscc: &str) -> StdResult<Vec<(String, String)>> {
    CASE_UNITS
        .prefix(sscc)
        .keys(storage, None, None, Order::Ascending)
        .take(MAX_CASE_UNITS)
        .collect()
}

/// The cases sealed in a pallet (bounded by `MAX_CASE_UNITS`).
pub fn case_children(storage: &dyn Storage, sscc: &str) -> StdResult<Vec<String>> {
    CASE_CHILDREN
        .prefix(sscc)
        .keys(storage, None, None, Order::Ascending)
        .take(MAX_CASE_UNITS)
        .collect()
}

/// Loads a container owned by `sender`, with it and loose (not in transit, not unpacked, not
/// sealed in a pallet).
pub fn load_owned_case(
    storage: &dyn Storage,
    sscc: &str,
    sender: &Addr,
) -> Result<Case, ContractError> {
    validate_sscc("sscc", sscc)?;
    let case = CASES
        .may_load(storage, sscc)?
        .ok_or_else(|| ContractError::UnknownCase {
            sscc: sscc.to_string(),
        })?;
    if let Some(pallet) = &case.parent {
        return Err(ContractError::CaseInPallet {
            sscc: sscc.to_string(),
            pallet: pallet.clone(),
        });
    }
    if case.owner != *sender {
        return Err(ContractError::NotCaseOwner {
            sscc: sscc.to_string(),
        });
    }
    if case.state != CaseState::Active {
        return Err(ContractError::CaseNotActive {
            sscc: sscc.to_string(),
            state: wire_code(&case.state),
        });
    }
    Ok(case)
}

/// Fails unless a container's history has room for a movement and its end (shipping and
/// receiving or cancellation, packing into a pallet and unpacking): checked when the movement
/// starts, so its end is never refused.
pub fn reserve_case_events(sscc: &str, case: &Case) -> Result<(), ContractError> {
    if case.event_count.saturating_add(2) > MAX_CASE_EVENTS {
        return Err(ContractError::CaseHistoryFull {
            sscc: sscc.to_string(),
            max: MAX_CASE_EVENTS,
        });
    }
    Ok(())
}

/// Appends `ev` to a container's movement history (the caller saves the container; room was
/// reserved by `reserve_case_events`).
pub fn append_case_event(
    storage: &mut dyn Storage,
    sscc: &str,
    case: &mut Case,
    ev: UnitEvent,
) -> StdResult<()> {
    append_case_shipment_event(storage, sscc, case, ev, None)
}

/// [`append_case_event`] of a movement of shipment `(id, shipment)`: what the shipment implies
/// is not stored again (`ledger::stored_event`). The event's SSCC is the container's own unless
/// it names another (packing into a pallet); the own one is not stored.
pub fn append_case_shipment_event(
    storage: &mut dyn Storage,
    sscc: &str,
    case: &mut Case,
    ev: UnitEvent,
    shipment: Option<(u64, &Shipment)>,
) -> StdResult<()> {
    let seq = case.event_count;
    CASE_HISTORY.save(
        storage,
        (sscc, seq),
        &stored_event(ev, shipment, Some(sscc)),
    )?;
    case.event_count = case.event_count.saturating_add(1);
    Ok(())
}

/// Fails unless a container may undergo `use_` now, as `assert_saleable` for each unit inside,
/// read from the container: no unit inside quarantined or destroyed, no lot inside quarantined
/// or illegitimate; for a sale also no lot recalled, no product withdrawn, nothing expired and
/// nothing awaiting its owner's verification. Reads each distinct lot once.
pub fn assert_case_movable(
    storage: &dyn Storage,
    sscc: &str,
    case: &Case,
    now: Timestamp,
    use_: Use,
) -> Result<(), ContractError> {
    let blocked = |reason: String| ContractError::CaseBlocked {
        sscc: sscc.to_string(),
        reason,
    };
    if case.held_units > 0 {
        return Err(blocked(format!(
            "{} unit(s) inside are quarantined or destroyed; unpack it",
            case.held_units
        )));
    }
    for (gtin, lot_id) in &case.lots {
        let lot = LOTS.load(storage, (gtin, lot_id))?;
        if lot.illegitimate {
            return Err(blocked(format!("lot {lot_id} of {gtin} is illegitimate")));
        }
        if let Some(id) = lot.quarantine {
            return Err(blocked(format!(
                "lot {lot_id} of {gtin} is quarantined (investigation {id})"
            )));
        }
        if use_ != Use::Sale {
            continue;
        }
        if lot.recall.is_some() {
            return Err(blocked(format!("lot {lot_id} of {gtin} is recalled")));
        }
        if is_withdrawn(storage, gtin)? {
            return Err(blocked(format!("product {gtin} is withdrawn")));
        }
    }
    if use_ == Use::Sale {
        if case.awaiting_verification {
            return Err(blocked(
                "returned goods inside await their owner's verification".into(),
            ));
        }
        if case.expires_at.is_some_and(|at| now >= at) {
            return Err(blocked("goods inside are expired".into()));
        }
    }
    Ok(())
}

/// What a new container takes from its contents.
struct Contents {
    sscc: String,
    case: Case,
    /// The custodian of the first item, once one is packed.
    custody: Option<Option<Addr>>,
}

impl Contents {
    fn add(
        &mut self,
        lots: &[(String, String)],
        expires_at: Option<Timestamp>,
        custodian: &Option<Addr>,
        awaiting: bool,
    ) -> Result<(), ContractError> {
        match &self.custody {
            Some(c) if c != custodian => {
                return Err(ContractError::MixedCustody {
                    sscc: self.sscc.clone(),
                })
            }
            Some(_) => {}
            None => self.custody = Some(custodian.clone()),
        }
        for lot in lots {
            if !self.case.lots.contains(lot) {
                if self.case.lots.len() >= MAX_CONTAINER_LOTS {
                    return Err(ContractError::TooManyLots {
                        sscc: self.sscc.clone(),
                        max: MAX_CONTAINER_LOTS,
                    });
                }
                self.case.lots.push(lot.clone());
            }
        }
        self.case.expires_at = match (self.case.expires_at, expires_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.case.awaiting_verification |= awaiting;
        Ok(())
    }
}

/// Packs loose units, and cases into a pallet, in a new container (their licensed owner only).
pub fn pack(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    sscc: String,
    units: Vec<UnitRef>,
    cases: Vec<String>,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    require_licensed(deps.storage, &info.sender, now)?;
    validate_sscc("sscc", &sscc)?;
    if units.is_empty() && cases.is_empty() {
        return Err(ValidationError::Empty {
            field: "units".into(),
        }
        .into());
    }
    unique_keys("units", &units, MAX_CASE_UNITS)?;
    validate_unique("cases", &cases, MAX_CASE_UNITS)?;
    let items = units.len().saturating_add(cases.len());
    if items > MAX_CASE_UNITS {
        return Err(ValidationError::TooMany {
            field: "units + cases".into(),
            len: items,
            max: MAX_CASE_UNITS,
        }
        .into());
    }
    if CASES.has(deps.storage, &sscc) {
        return Err(ContractError::CaseExists { sscc });
    }
    assert_prefix_holder(deps.storage, &sscc, &info.sender)?;
    let mut c = Contents {
        sscc: sscc.clone(),
        case: Case {
            owner: info.sender.clone(),
            state: CaseState::Active,
            shipment_id: None,
            unit_count: u32::try_from(units.len()).unwrap_or(u32::MAX),
            packed_by: info.sender.clone(),
            packed_at: now,
            custodian: None,
            awaiting_verification: false,
            parent: None,
            level: 1,
            held_units: 0,
            event_count: 0,
            lots: vec![],
            expires_at: None,
            holders: vec![info.sender.clone()],
        },
        custody: None,
    };
    for unit_ref in &units {
        pack_unit(deps.storage, &env, &info.sender, &mut c, unit_ref)?;
    }
    for child in &cases {
        pack_case(deps.storage, &env, &info.sender, &mut c, child)?;
    }
    c.case.custodian = c.custody.clone().flatten();
    CASES.save(deps.storage, &sscc, &c.case)?;
    Ok(Response::new()
        .add_attribute("action", "pack")
        .add_attribute("biz_step", "packing")
        .add_attribute("sscc", sscc)
        .add_attribute("owner", info.sender)
        .add_attribute("units", unit_list(&units))
        .add_attribute("cases", cases.join(" "))
        .add_attribute("unit_count", c.case.unit_count.to_string()))
}

fn pack_unit(
    storage: &mut dyn Storage,
    env: &Env,
    sender: &Addr,
    c: &mut Contents,
    unit_ref: &UnitRef,
) -> Result<(), ContractError> {
    let (gtin, serial) = (unit_ref.gtin.as_str(), unit_ref.serial.as_str());
    let mut unit = owned_loose_unit(storage, unit_ref, sender)?;
    // Recalled, withdrawn or expired stock may be packed to be returned: the container is
    // checked again when it moves (`assert_case_movable`).
    assert_saleable(storage, gtin, serial, &unit, env.block.time, Use::Return)?;
    c.add(
        &[(gtin.to_string(), unit.lot.clone())],
        Some(unit.expires_at),
        &unit.custodian,
        unit.awaiting_verification,
    )?;
    unit.sscc = Some(c.sscc.clone());
    let mut ev = event(BizStep::Packing, env, sender);
    ev.sscc = Some(c.sscc.clone());
    append_event(storage, gtin, serial, &mut unit, ev)?;
    UNITS.save(storage, (gtin, serial), &unit)?;
    CASE_UNITS.save(storage, (&c.sscc, (gtin, serial)), &())?;
    Ok(())
}

fn pack_case(
    storage: &mut dyn Storage,
    env: &Env,
    sender: &Addr,
    c: &mut Contents,
    child_sscc: &str,
) -> Result<(), ContractError> {
    let mut child = load_owned_case(storage, child_sscc, sender)?;
    if child.level >= MAX_CONTAINER_LEVEL {
        return Err(ContractError::NestingTooDeep {
            sscc: child_sscc.to_string(),
            max: MAX_CONTAINER_LEVEL.saturating_add(1),
        });
    }
    c.add(
        &child.lots,
        child.expires_at,
        &child.custodian,
        child.awaiting_verification,
    )?;
    reserve_case_events(child_sscc, &child)?;
    c.case.level = c.case.level.max(child.level.saturating_add(1));
    c.case.held_units = c.case.held_units.saturating_add(child.held_units);
    c.case.unit_count = c.case.unit_count.saturating_add(child.unit_count);
    child.parent = Some(c.sscc.clone());
    let mut ev = event(BizStep::Packing, env, sender);
    ev.sscc = Some(c.sscc.clone());
    append_case_event(storage, child_sscc, &mut child, ev)?;
    CASES.save(storage, child_sscc, &child)?;
    CASE_CHILDREN.save(storage, (&c.sscc, child_sscc), &())?;
    Ok(())
}

/// Unpacks a container (its owner only, while with it and not sealed in a pallet): each unit
/// and case inside takes the container's custody as its own, and the SSCC is spent.
pub fn unpack(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    sscc: String,
) -> Result<Response, ContractError> {
    let mut case = load_owned_case(deps.storage, &sscc, &info.sender)?;
    let units = case_units(deps.storage, &sscc)?;
    for (gtin, serial) in &units {
        let mut unit = UNITS.load(deps.storage, (gtin, serial))?;
        take_custody(&mut unit, &case);
        let mut ev = event(BizStep::Unpacking, &env, &info.sender);
        ev.sscc = Some(sscc.clone());
        append_event(deps.storage, gtin, serial, &mut unit, ev)?;
        UNITS.save(deps.storage, (gtin, serial), &unit)?;
        CASE_UNITS.remove(deps.storage, (&sscc, (gtin, serial)));
        for holder in &case.holders {
            HOLDERS.save(deps.storage, ((gtin, serial), holder), &())?;
        }
    }
    let children = case_children(deps.storage, &sscc)?;
    for child_sscc in &children {
        let mut child = CASES.load(deps.storage, child_sscc)?;
        child.parent = None;
        child.owner = case.owner.clone();
        child.custodian = case.custodian.clone();
        child.awaiting_verification |= case.awaiting_verification;
        for holder in &case.holders {
            if !child.holders.contains(holder) {
                child.holders.push(holder.clone());
            }
        }
        let mut ev = event(BizStep::Unpacking, &env, &info.sender);
        ev.sscc = Some(sscc.clone());
        append_case_event(deps.storage, child_sscc, &mut child, ev)?;
        CASES.save(deps.storage, child_sscc, &child)?;
        CASE_CHILDREN.remove(deps.storage, (&sscc, child_sscc));
    }
    case.state = CaseState::Unpacked;
    case.unit_count = 0;
    CASES.save(deps.storage, &sscc, &case)?;
    Ok(Response::new()
        .add_attribute("action", "unpack")
        .add_attribute("biz_step", "unpacking")
        .add_attribute("sscc", sscc)
        .add_attribute("owner", info.sender)
        .add_attribute("unit_count", units.len().to_string())
        .add_attribute("case_count", children.len().to_string()))
}

/// A unit leaving its container takes the container's custody as its own.
fn take_custody(unit: &mut Unit, case: &Case) {
    unit.sscc = None;
    unit.owner = case.owner.clone();
    unit.custodian = case.custodian.clone();
    unit.shipment_id = None;
    unit.awaiting_verification |= case.awaiting_verification;
    if unit.state == UnitState::InTransit {
        unit.state = UnitState::Active;
    }
}
