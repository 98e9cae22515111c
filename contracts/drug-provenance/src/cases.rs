//! Cases (SSCC): packing loose units into a new case under the packer's own GS1 company prefix,
//! and unpacking it. A case holds at most `MAX_CASE_UNITS` units.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Order, Response, StdResult, Storage};
use cw_health_types::drug_provenance::gs1::validate_sscc;
use cw_health_types::drug_provenance::{BizStep, CaseState, UnitRef};
use cw_health_types::ValidationError;

use crate::access::require_licensed;
use crate::custody::{owned_loose_unit, unique_keys};
use crate::error::ContractError;
use crate::ledger::{
    append_event, assert_saleable, event, load_unit, unit_list, wire_code, Use, MAX_CASE_UNITS,
};
use crate::product::assert_prefix_holder;
use crate::state::{Case, CASES, CASE_UNITS, UNITS};

/// The units packed in a case (bounded by `MAX_CASE_UNITS`).
pub fn case_units(storage: &dyn Storage, sscc: &str) -> StdResult<Vec<(String, String)>> {
    CASE_UNITS
        .prefix(sscc)
        .keys(storage, None, None, Order::Ascending)
        .take(MAX_CASE_UNITS)
        .collect()
}

/// Loads a case owned by `sender` and with its owner (not in transit, not unpacked).
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

/// Packs units into a new case (their licensed owner only).
pub fn pack(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    sscc: String,
    units: Vec<UnitRef>,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    require_licensed(deps.storage, &info.sender, now)?;
    validate_sscc("sscc", &sscc)?;
    if units.is_empty() {
        return Err(ValidationError::Empty {
            field: "units".into(),
        }
        .into());
    }
    unique_keys("units", &units, MAX_CASE_UNITS)?;
    if CASES.has(deps.storage, &sscc) {
        return Err(ContractError::CaseExists { sscc });
    }
    assert_prefix_holder(deps.storage, &sscc, &info.sender)?;
    for unit_ref in &units {
        let (gtin, serial) = (unit_ref.gtin.as_str(), unit_ref.serial.as_str());
        let mut unit = owned_loose_unit(deps.storage, unit_ref, &info.sender)?;
        // Recalled, withdrawn or expired stock may be packed to be returned: a case is checked
        // again, unit by unit, when it is shipped.
        assert_saleable(deps.storage, gtin, serial, &unit, now, Use::Return)?;
        unit.sscc = Some(sscc.clone());
        let mut ev = event(BizStep::Packing, &env, &info.sender);
        ev.sscc = Some(sscc.clone());
        append_event(deps.storage, gtin, serial, &mut unit, ev)?;
        UNITS.save(deps.storage, (gtin, serial), &unit)?;
        CASE_UNITS.save(deps.storage, (&sscc, (gtin, serial)), &())?;
    }
    let unit_count = u32::try_from(units.len()).unwrap_or(u32::MAX);
    CASES.save(
        deps.storage,
        &sscc,
        &Case {
            owner: info.sender.clone(),
            state: CaseState::Active,
            shipment_id: None,
            unit_count,
            packed_by: info.sender.clone(),
            packed_at: now,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "pack")
        .add_attribute("biz_step", "packing")
        .add_attribute("sscc", sscc)
        .add_attribute("owner", info.sender)
        .add_attribute("units", unit_list(&units)))
}

/// Unpacks a case (its owner only, while not in transit); the SSCC is spent.
pub fn unpack(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    sscc: String,
) -> Result<Response, ContractError> {
    let mut case = load_owned_case(deps.storage, &sscc, &info.sender)?;
    let children = case_units(deps.storage, &sscc)?;
    for (gtin, serial) in &children {
        let mut unit = load_unit(deps.storage, gtin, serial)?;
        unit.sscc = None;
        let mut ev = event(BizStep::Unpacking, &env, &info.sender);
        ev.sscc = Some(sscc.clone());
        append_event(deps.storage, gtin, serial, &mut unit, ev)?;
        UNITS.save(deps.storage, (gtin, serial), &unit)?;
        CASE_UNITS.remove(deps.storage, (&sscc, (gtin, serial)));
    }
    case.state = CaseState::Unpacked;
    case.unit_count = 0;
    CASES.save(deps.storage, &sscc, &case)?;
    Ok(Response::new()
        .add_attribute("action", "unpack")
        .add_attribute("biz_step", "unpacking")
        .add_attribute("sscc", sscc)
        .add_attribute("owner", info.sender)
        .add_attribute("unit_count", children.len().to_string()))
}
