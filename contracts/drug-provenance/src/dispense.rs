//! Decommissioning: dispense (with the double-dispense alert), the FMD undo, and destruction.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_health_types::drug_provenance::gs1::validate_alphanumeric;
use cw_health_types::drug_provenance::{
    AlertCode, BizStep, DecommissionReason, TradingPartnerRole, UnitRef, UnitState,
};

use crate::access::require_licensed;
use crate::alerts::{reappeared, record_alerts};
use crate::custody::owned_loose_unit;
use crate::error::ContractError;
use crate::ledger::{
    append_event, assert_saleable, event, load_lot, load_unit, may_load_unit, validate_unit_id,
    wire_code, Use,
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
            role: wire_code(&party.role),
            action: action.into(),
        });
    }
    Ok(())
}

/// Dispenses a unit (a licensed dispenser that owns it). A pack already inactive (dispensed or
/// destroyed) or presented with another lot than its own is not dispensed: the attempt records
/// an alert and succeeds, so the alert is kept.
pub fn dispense(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    unit_ref: UnitRef,
) -> Result<Response, ContractError> {
    require_dispenser(&deps, &env, &info, "dispense")?;
    let (gtin, serial) = (unit_ref.gtin.as_str(), unit_ref.serial.as_str());
    validate_unit_id(gtin, serial)?;
    if let Some(lot) = &unit_ref.lot {
        validate_alphanumeric("lot", lot)?;
    }
    let resp = Response::new()
        .add_attribute("action", "dispense")
        .add_attribute("gtin", gtin)
        .add_attribute("serial", serial)
        .add_attribute("dispenser", &info.sender);
    if let Some(mut unit) = may_load_unit(deps.storage, gtin, serial)? {
        let mut alerts = vec![];
        if unit_ref.lot.as_ref().is_some_and(|l| *l != unit.lot) {
            alerts.push(AlertCode::LotMismatch);
        }
        if (unit.state != UnitState::Active && unit.state != UnitState::InTransit)
            || load_lot(deps.storage, gtin, &unit.lot)?.illegitimate
        {
            alerts.push(AlertCode::AlreadyDispensed);
        }
        if !alerts.is_empty() {
            let mut quarantine = record_alerts(
                deps.storage,
                &env,
                gtin,
                serial,
                &mut unit,
                &alerts,
                &info.sender,
            )?;
            quarantine = quarantine.or(reappeared(deps.storage, &env, gtin, serial, &mut unit)?);
            UNITS.save(deps.storage, (gtin, serial), &unit)?;
            let codes: Vec<String> = alerts.iter().map(wire_code).collect();
            return Ok(resp
                .add_attribute("lot", &unit.lot)
                .add_attribute("outcome", "alert")
                .add_attribute("alert", codes.join(" "))
                .add_attribute("alert_count", unit.alert_count.to_string())
                .add_attribute(
                    "investigation_id",
                    quarantine
                        .map(|q| q.to_string())
                        .unwrap_or_else(|| "none".into()),
                ));
        }
    }
    let mut unit = owned_loose_unit(deps.storage, &unit_ref, &info.sender)?;
    assert_saleable(deps.storage, gtin, serial, &unit, env.block.time, Use::Sale)?;
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
        .add_attribute("lot", &unit.lot)
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
    // A clone seen since the dispense stays visible: undoing would wipe it from verification.
    if unit.dispense_alerts > 0 {
        return Err(ContractError::CloneAlertOpen { gtin, serial });
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
    let lot = load_lot(deps.storage, &gtin, &unit.lot)?;
    if let Some(investigation_id) = unit.quarantine.or(lot.quarantine) {
        return Err(ContractError::UnitQuarantined {
            gtin,
            serial,
            investigation_id,
        });
    }
    if lot.illegitimate {
        return Err(ContractError::UnitNotActive {
            gtin,
            serial,
            state: "destroyed".into(),
        });
    }
    if lot.recall.is_some() {
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
    crate::prescription::return_fill(deps.storage, &gtin, &serial)?;
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
    take_out_of_trade(deps, env, info, unit_ref, UnitState::Destroyed)
}

/// Takes a unit out of trade as stolen or exported (its licensed owner).
pub fn decommission(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    unit_ref: UnitRef,
    reason: DecommissionReason,
) -> Result<Response, ContractError> {
    let state = match reason {
        DecommissionReason::Stolen => UnitState::Stolen,
        DecommissionReason::Exported => UnitState::Exported,
    };
    Ok(take_out_of_trade(deps, env, info, unit_ref, state)?
        .add_attribute("reason", wire_code(&reason)))
}

/// Moves an active, loose, not quarantined unit of the licensed sender to a terminal state
/// (destroyed, stolen, exported); recalled, withdrawn or expired units qualify.
fn take_out_of_trade(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    unit_ref: UnitRef,
    state: UnitState,
) -> Result<Response, ContractError> {
    require_licensed(deps.storage, &info.sender, env.block.time)?;
    let (gtin, serial) = (unit_ref.gtin.as_str(), unit_ref.serial.as_str());
    let mut unit = owned_loose_unit(deps.storage, &unit_ref, &info.sender)?;
    assert_saleable(
        deps.storage,
        gtin,
        serial,
        &unit,
        env.block.time,
        Use::Destruction,
    )?;
    unit.state = state;
    let (step, action) = if state == UnitState::Destroyed {
        (BizStep::Destroying, "destroy")
    } else {
        (BizStep::Decommissioning, "decommission")
    };
    append_event(
        deps.storage,
        gtin,
        serial,
        &mut unit,
        event(step, &env, &info.sender),
    )?;
    UNITS.save(deps.storage, (gtin, serial), &unit)?;
    Ok(Response::new()
        .add_attribute("action", action)
        .add_attribute("biz_step", wire_code(&step))
        .add_attribute("gtin", gtin)
        .add_attribute("serial", serial)
        .add_attribute("owner", info.sender))
}
