//! Decommissioning: dispense (with the double-dispense alert), the FMD undo, and destruction.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_health_types::drug_provenance::{
    AlertCode, BizStep, TradingPartnerRole, UnitRef, UnitState,
};

use crate::error::ContractError;
use crate::execute::role_name;
use crate::ledger::{
    append_event, assert_saleable, event, load_lot, load_unit, record_alert, require_licensed,
    resolve_unit, validate_unit_id,
};
use crate::state::{CONFIG, UNITS};

fn require_dispenser(
    deps: &DepsMut,
    env: &Env,
    info: &MessageInfo,
    action: &str,
) -> Result<(), ContractError> {
    let party = require_licensed(deps.storage, &info.sender, env.block.time)?;
    if party.role != TradingPartnerRole::Dispenser {
        return Err(ContractError::WrongRole {
            party: info.sender.to_string(),
            role: role_name(party.role).into(),
            action: action.into(),
        });
    }
    Ok(())
}

/// Dispenses a unit (a licensed dispenser that owns it). A second dispense records an alert and
/// succeeds, so the alert is kept.
pub fn dispense(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    unit_ref: UnitRef,
) -> Result<Response, ContractError> {
    require_dispenser(&deps, &env, &info, "dispense")?;
    let (gtin, serial) = (unit_ref.gtin.as_str(), unit_ref.serial.as_str());
    let mut unit = resolve_unit(deps.storage, &unit_ref)?;
    let resp = Response::new()
        .add_attribute("action", "dispense")
        .add_attribute("gtin", gtin)
        .add_attribute("serial", serial)
        .add_attribute("lot", &unit.lot)
        .add_attribute("dispenser", &info.sender);
    if unit.state == UnitState::Dispensed {
        let quarantine = record_alert(
            deps.storage,
            &env,
            gtin,
            serial,
            &mut unit,
            AlertCode::AlreadyDispensed,
            &info.sender,
        )?;
        UNITS.save(deps.storage, (gtin, serial), &unit)?;
        return Ok(resp
            .add_attribute("outcome", "alert")
            .add_attribute("alert", AlertCode::AlreadyDispensed.code())
            .add_attribute("alert_count", unit.alert_count.to_string())
            .add_attribute(
                "investigation_id",
                quarantine
                    .map(|q| q.to_string())
                    .unwrap_or_else(|| "none".into()),
            ));
    }
    if unit.owner != info.sender {
        return Err(ContractError::NotUnitOwner {
            gtin: gtin.into(),
            serial: serial.into(),
        });
    }
    if let Some(sscc) = &unit.sscc {
        return Err(ContractError::UnitInCase {
            gtin: gtin.into(),
            serial: serial.into(),
            sscc: sscc.clone(),
        });
    }
    assert_saleable(deps.storage, gtin, serial, &unit, env.block.time, false)?;
    unit.state = UnitState::Dispensed;
    unit.dispensed_by = Some(info.sender.clone());
    unit.dispensed_at = Some(env.block.time);
    append_event(
        deps.storage,
        gtin,
        serial,
        &mut unit,
        event(BizStep::Dispensing, &env, &info.sender),
    )?;
    UNITS.save(deps.storage, (gtin, serial), &unit)?;
    Ok(resp
        .add_attribute("biz_step", "dispensing")
        .add_attribute("outcome", "dispensed"))
}

/// Undoes a dispense (the same licensed dispenser, within the window, nothing blocking since).
pub fn undo_dispense(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    gtin: String,
    serial: String,
) -> Result<Response, ContractError> {
    require_dispenser(&deps, &env, &info, "undo a dispense")?;
    validate_unit_id(&gtin, &serial)?;
    let mut unit = load_unit(deps.storage, &gtin, &serial)?;
    let (Some(by), Some(at), UnitState::Dispensed) =
        (unit.dispensed_by.clone(), unit.dispensed_at, unit.state)
    else {
        return Err(ContractError::NotDispensed { gtin, serial });
    };
    if by != info.sender {
        return Err(ContractError::NotDispenser { gtin, serial });
    }
    let cfg = CONFIG.load(deps.storage)?;
    let closes = at.plus_seconds(cfg.undo_window_secs);
    if env.block.time >= closes {
        return Err(ContractError::UndoWindowClosed {
            gtin,
            serial,
            closed_at: closes.seconds(),
        });
    }
    if let Some(investigation_id) = unit.quarantine {
        return Err(ContractError::UnitQuarantined {
            gtin,
            serial,
            investigation_id,
        });
    }
    if load_lot(deps.storage, &gtin, &unit.lot)?.recall.is_some() {
        return Err(ContractError::UnitRecalled { gtin, serial });
    }
    if env.block.time >= unit.expires_at {
        return Err(ContractError::UnitExpired { gtin, serial });
    }
    unit.state = UnitState::Active;
    unit.dispensed_by = None;
    unit.dispensed_at = None;
    unit.dispense_alerts = 0;
    append_event(
        deps.storage,
        &gtin,
        &serial,
        &mut unit,
        event(BizStep::DispensingUndone, &env, &info.sender),
    )?;
    UNITS.save(deps.storage, (&gtin, &serial), &unit)?;
    Ok(Response::new()
        .add_attribute("action", "undo_dispense")
        .add_attribute("gtin", gtin)
        .add_attribute("serial", serial)
        .add_attribute("dispenser", info.sender))
}

/// Destroys a unit (its licensed owner; recalled or expired units may be destroyed).
pub fn destroy(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    unit_ref: UnitRef,
) -> Result<Response, ContractError> {
    require_licensed(deps.storage, &info.sender, env.block.time)?;
    let (gtin, serial) = (unit_ref.gtin.as_str(), unit_ref.serial.as_str());
    let mut unit = resolve_unit(deps.storage, &unit_ref)?;
    if unit.owner != info.sender {
        return Err(ContractError::NotUnitOwner {
            gtin: gtin.into(),
            serial: serial.into(),
        });
    }
    if let Some(sscc) = &unit.sscc {
        return Err(ContractError::UnitInCase {
            gtin: gtin.into(),
            serial: serial.into(),
            sscc: sscc.clone(),
        });
    }
    assert_saleable(deps.storage, gtin, serial, &unit, env.block.time, true)?;
    unit.state = UnitState::Destroyed;
    append_event(
        deps.storage,
        gtin,
        serial,
        &mut unit,
        event(BizStep::Destroying, &env, &info.sender),
    )?;
    UNITS.save(deps.storage, (gtin, serial), &unit)?;
    Ok(Response::new()
        .add_attribute("action", "destroy")
        .add_attribute("biz_step", "destroying")
        .add_attribute("gtin", gtin)
        .add_attribute("serial", serial)
        .add_attribute("owner", info.sender))
}
