//! Alerts and investigations: recording the alerts a scan raised (counted once per scan and per
//! actor toward the automatic quarantine) and opening the investigation that quarantines a unit.

use cosmwasm_std::{Addr, Env, Storage};
use cw_health_types::drug_provenance::{
    AlertCode, BizStep, InvestigationState, SuspectReason, UnitState,
};
use cw_health_types::Sha256Hash;

use crate::error::ContractError;
use crate::ledger::{append_event, event, hold_in_containers, next_id};
use crate::state::{
    Config, Investigation, Unit, ALERT_RAISERS, CONFIG, DUE, INVESTIGATIONS, INVESTIGATION_SEQ,
};

/// A new open investigation of `gtin`/`serial` (the caller sets `lot` or `verification` for a
/// lot-level one or a verification request), due after the configured investigation window.
pub fn investigation(
    env: &Env,
    cfg: &Config,
    gtin: &str,
    serial: &str,
    reason: SuspectReason,
    opened_by: &Addr,
    evidence_hash: Option<Sha256Hash>,
) -> Investigation {
    Investigation {
        gtin: gtin.to_string(),
        serial: serial.to_string(),
        lot: None,
        verification: None,
        reason,
        opened_by: opened_by.clone(),
        opened_at: env.block.time,
        due_at: env.block.time.plus_seconds(cfg.investigation_secs),
        evidence_hash,
        state: InvestigationState::Open,
        determination: None,
        resolved_by: None,
        resolved_at: None,
        determination_hash: None,
        notification_due_at: None,
        notified_at: None,
        notification_hash: None,
    }
}

/// Stores a new investigation under the next id and starts its clock (the `due` index).
pub fn save_investigation(
    storage: &mut dyn Storage,
    inv: &Investigation,
) -> Result<u64, ContractError> {
    let id = next_id(storage, &INVESTIGATION_SEQ)?;
    INVESTIGATIONS.save(storage, id, inv)?;
    DUE.save(storage, (inv.due_at.seconds(), id), &())?;
    Ok(id)
}

/// Opens an investigation on a unit and quarantines it (the caller saves the unit). The
/// determination is due after the configured investigation window.
#[allow(clippy::too_many_arguments)]
pub fn open_investigation(
    storage: &mut dyn Storage,
    env: &Env,
    cfg: &Config,
    gtin: &str,
    serial: &str,
    unit: &mut Unit,
    reason: SuspectReason,
    opened_by: &Addr,
    evidence_hash: Option<Sha256Hash>,
) -> Result<u64, ContractError> {
    let inv = investigation(
        env,
        cfg,
        gtin,
        serial,
        reason,
        opened_by,
        evidence_hash.clone(),
    );
    let id = save_investigation(storage, &inv)?;
    unit.quarantine = Some(id);
    hold_in_containers(storage, unit, true)?;
    let mut ev = event(BizStep::Holding, env, opened_by);
    ev.investigation_id = Some(id);
    ev.document = evidence_hash;
    append_event(storage, gtin, serial, unit, ev)?;
    Ok(id)
}

/// Records the alerts one verification or dispense attempt raised on a unit (one history event
/// each; the caller saves the unit). Toward the automatic quarantine they count once, and only
/// if `actor` has not been counted since the unit was last cleared: one actor repeating itself
/// cannot freeze a pack. When the count reaches the configured threshold and the unit is not
/// already quarantined or destroyed, it is quarantined (reason `repeated_alerts`, opened by the
/// contract). Returns that investigation's id, if one was opened.
pub fn record_alerts(
    storage: &mut dyn Storage,
    env: &Env,
    gtin: &str,
    serial: &str,
    unit: &mut Unit,
    codes: &[AlertCode],
    actor: &Addr,
) -> Result<Option<u64>, ContractError> {
    if codes.is_empty() {
        return Ok(None);
    }
    let cfg = CONFIG.load(storage)?;
    for code in codes {
        if *code == AlertCode::AlreadyDispensed {
            unit.dispense_alerts = unit.dispense_alerts.saturating_add(1);
        }
        let mut ev = event(BizStep::Alert, env, actor);
        ev.alert = Some(*code);
        append_event(storage, gtin, serial, unit, ev)?;
    }
    let raiser = ((gtin, serial), actor);
    if ALERT_RAISERS.may_load(storage, raiser)? == Some(unit.alert_epoch) {
        return Ok(None);
    }
    ALERT_RAISERS.save(storage, raiser, &unit.alert_epoch)?;
    unit.alert_count = unit.alert_count.saturating_add(1);
    if unit.alert_count >= cfg.alert_quarantine_threshold
        && unit.quarantine.is_none()
        && unit.state != UnitState::Destroyed
    {
        let id = open_investigation(
            storage,
            env,
            &cfg,
            gtin,
            serial,
            unit,
            SuspectReason::RepeatedAlerts,
            &env.contract.address,
            None,
        )?;
        return Ok(Some(id));
    }
    Ok(None)
}

/// A unit reported stolen that turns up again (a dispense or a recorded verification of it):
/// opens a suspect investigation (reason `stolen`, opened by the contract) unless one is open.
/// Returns its id. The caller saves the unit.
pub fn reappeared(
    storage: &mut dyn Storage,
    env: &Env,
    gtin: &str,
    serial: &str,
    unit: &mut Unit,
) -> Result<Option<u64>, ContractError> {
    if unit.state != UnitState::Stolen || unit.quarantine.is_some() {
        return Ok(None);
    }
    let cfg = CONFIG.load(storage)?;
    let id = open_investigation(
        storage,
        env,
        &cfg,
        gtin,
        serial,
        unit,
        SuspectReason::Stolen,
        &env.contract.address,
        None,
    )?;
    Ok(Some(id))
}
