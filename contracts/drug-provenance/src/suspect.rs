//! Suspect product (DSCSA): recorded verifications and alerts, flags, determinations,
//! notifications; and cold-chain excursions, which quarantine through the same investigations.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_health_types::drug_provenance::gs1::{validate_alphanumeric, validate_sscc};
use cw_health_types::drug_provenance::{
    AlertCode, BizStep, CaseState, Determination, ExcursionTarget, InvestigationState,
    SuspectReason, UnitRef, UnitState, UnitStatus, VerifyUnitRequest,
};
use cw_health_types::Sha256Hash;

use crate::custody::case_units;
use crate::error::ContractError;
use crate::ledger::{
    append_event, assert_licensed_manufacturer_or_regulator, assert_manufacturer_or_regulator,
    event, expiry_format, load_unit, open_investigation, record_alert, require_licensed,
    resolve_unit, state_name, validate_unit_id, verify, wire_code,
};
use crate::state::{
    Product, Unit, CASES, CONFIG, DUE, EXCURSION_REPORTS, INVESTIGATIONS, LOGGERS, PRODUCTS, UNITS,
};

/// Longest excursion one report may carry: one year.
pub const MAX_EXCURSION_SECS: u64 = 365 * 86_400;

fn codes(alerts: &[AlertCode]) -> String {
    if alerts.is_empty() {
        return "none".into();
    }
    alerts
        .iter()
        .map(|a| a.code())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Records a verification by a licensed partner; mismatches on a known unit become alerts.
pub fn record_verification(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    req: VerifyUnitRequest,
) -> Result<Response, ContractError> {
    require_licensed(deps.storage, &info.sender, env.block.time)?;
    validate_unit_id(&req.gtin, &req.serial)?;
    if let Some(lot) = &req.lot {
        validate_alphanumeric("lot", lot)?;
    }
    if let Some(expiry) = &req.expiry {
        expiry_format("expiry", expiry)?;
    }
    let (mut resp, mut stored) = verify(deps.storage, env.block.time, &req)?;
    if stored.is_none() && resp.status != UnitStatus::Unknown {
        // A unit of a Merkle lot that never moved, proven by the request's lot and proof: it is
        // stored now (with its commissioning event) so the verification, and any mismatch
        // alert, is recorded on it like on any other unit.
        resolve_unit(
            deps.storage,
            &UnitRef {
                gtin: req.gtin.clone(),
                serial: req.serial.clone(),
                lot: req.lot.clone(),
                proof: req.proof.clone(),
            },
        )?;
        (resp, stored) = verify(deps.storage, env.block.time, &req)?;
    }
    let mut quarantine = None;
    if let Some(mut unit) = stored {
        let (gtin, serial) = (req.gtin.as_str(), req.serial.as_str());
        let mismatches: Vec<AlertCode> = resp
            .alerts
            .iter()
            .copied()
            .filter(|a| matches!(a, AlertCode::LotMismatch | AlertCode::ExpiryMismatch))
            .collect();
        if mismatches.is_empty() {
            append_event(
                deps.storage,
                gtin,
                serial,
                &mut unit,
                event(BizStep::Verifying, &env, &info.sender),
            )?;
        }
        for code in mismatches {
            if let Some(id) = record_alert(
                deps.storage,
                &env,
                gtin,
                serial,
                &mut unit,
                code,
                &info.sender,
            )? {
                quarantine = Some(id);
            }
        }
        UNITS.save(deps.storage, (gtin, serial), &unit)?;
    }
    Ok(Response::new()
        .add_attribute("action", "record_verification")
        .add_attribute("biz_step", "inspecting")
        .add_attribute("gtin", req.gtin)
        .add_attribute("serial", req.serial)
        .add_attribute("verifier", info.sender)
        .add_attribute("status", wire_code(&resp.status))
        .add_attribute("alerts", codes(&resp.alerts))
        .add_attribute(
            "investigation_id",
            quarantine
                .map(|q| q.to_string())
                .unwrap_or_else(|| "none".into()),
        ))
}

/// Flags a unit suspect and quarantines it (any licensed partner).
pub fn flag_suspect(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    unit_ref: UnitRef,
    reason: SuspectReason,
    evidence_hash: Option<Sha256Hash>,
) -> Result<Response, ContractError> {
    require_licensed(deps.storage, &info.sender, env.block.time)?;
    if let Some(h) = &evidence_hash {
        h.validate("evidence_hash")?;
    }
    let (gtin, serial) = (unit_ref.gtin.as_str(), unit_ref.serial.as_str());
    let mut unit = resolve_unit(deps.storage, &unit_ref)?;
    if let Some(investigation_id) = unit.quarantine {
        return Err(ContractError::UnitQuarantined {
            gtin: gtin.into(),
            serial: serial.into(),
            investigation_id,
        });
    }
    if unit.state == UnitState::Destroyed {
        return Err(ContractError::UnitNotActive {
            gtin: gtin.into(),
            serial: serial.into(),
            state: state_name(unit.state).into(),
        });
    }
    let cfg = CONFIG.load(deps.storage)?;
    let id = open_investigation(
        deps.storage,
        &env,
        &cfg,
        gtin,
        serial,
        &mut unit,
        reason,
        &info.sender,
        evidence_hash,
    )?;
    UNITS.save(deps.storage, (gtin, serial), &unit)?;
    Ok(Response::new()
        .add_attribute("action", "flag_suspect")
        .add_attribute("biz_step", "holding")
        .add_attribute("gtin", gtin)
        .add_attribute("serial", serial)
        .add_attribute("investigation_id", id.to_string())
        .add_attribute("reason", wire_code(&reason))
        .add_attribute("by", info.sender)
        .add_attribute(
            "due_at",
            env.block
                .time
                .plus_seconds(cfg.investigation_secs)
                .seconds()
                .to_string(),
        ))
}

/// Determines an open investigation (manufacturer or regulator).
pub fn resolve_suspect(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    determination: Determination,
    evidence_hash: Option<Sha256Hash>,
) -> Result<Response, ContractError> {
    let mut inv = INVESTIGATIONS
        .may_load(deps.storage, id)?
        .ok_or(ContractError::UnknownInvestigation { id })?;
    assert_licensed_manufacturer_or_regulator(
        deps.storage,
        &inv.gtin,
        &info.sender,
        env.block.time,
    )?;
    if inv.state != InvestigationState::Open {
        return Err(ContractError::InvestigationNotOpen {
            id,
            state: wire_code(&inv.state),
        });
    }
    if let Some(h) = &evidence_hash {
        h.validate("evidence_hash")?;
    }
    let cfg = CONFIG.load(deps.storage)?;
    DUE.remove(deps.storage, (inv.due_at.seconds(), id));
    let mut unit = load_unit(deps.storage, &inv.gtin, &inv.serial)?;
    unit.quarantine = None;
    let step = match determination {
        Determination::Cleared => {
            unit.alert_count = 0;
            unit.dispense_alerts = 0;
            inv.state = InvestigationState::Cleared;
            BizStep::Releasing
        }
        Determination::Illegitimate => {
            unit.state = UnitState::Destroyed;
            inv.state = InvestigationState::Illegitimate;
            let due = env.block.time.plus_seconds(cfg.notification_secs);
            inv.notification_due_at = Some(due);
            DUE.save(deps.storage, (due.seconds(), id), &())?;
            BizStep::Destroying
        }
    };
    let mut ev = event(step, &env, &info.sender);
    ev.investigation_id = Some(id);
    ev.document = evidence_hash.clone();
    append_event(deps.storage, &inv.gtin, &inv.serial, &mut unit, ev)?;
    UNITS.save(deps.storage, (&inv.gtin, &inv.serial), &unit)?;
    inv.determination = Some(determination);
    inv.resolved_by = Some(info.sender.clone());
    inv.resolved_at = Some(env.block.time);
    inv.determination_hash = evidence_hash;
    INVESTIGATIONS.save(deps.storage, id, &inv)?;
    Ok(Response::new()
        .add_attribute("action", "resolve_suspect")
        .add_attribute("investigation_id", id.to_string())
        .add_attribute("gtin", inv.gtin)
        .add_attribute("serial", inv.serial)
        .add_attribute("determination", wire_code(&determination))
        .add_attribute("biz_step", wire_code(&step))
        .add_attribute(
            "notification_due_at",
            inv.notification_due_at
                .map(|t| t.seconds().to_string())
                .unwrap_or_else(|| "none".into()),
        )
        .add_attribute("by", info.sender))
}

/// Records the notification of an illegitimate unit (manufacturer or regulator).
pub fn record_notification(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    notification_hash: Sha256Hash,
) -> Result<Response, ContractError> {
    let mut inv = INVESTIGATIONS
        .may_load(deps.storage, id)?
        .ok_or(ContractError::UnknownInvestigation { id })?;
    assert_manufacturer_or_regulator(deps.storage, &inv.gtin, &info.sender)?;
    notification_hash.validate("notification_hash")?;
    let (InvestigationState::Illegitimate, Some(due), None) =
        (inv.state, inv.notification_due_at, inv.notified_at)
    else {
        return Err(ContractError::NoNotificationDue { id });
    };
    DUE.remove(deps.storage, (due.seconds(), id));
    inv.notified_at = Some(env.block.time);
    inv.notification_hash = Some(notification_hash.clone());
    INVESTIGATIONS.save(deps.storage, id, &inv)?;
    Ok(Response::new()
        .add_attribute("action", "record_notification")
        .add_attribute("investigation_id", id.to_string())
        .add_attribute("notification_hash", notification_hash.as_str())
        .add_attribute("late", (env.block.time > due).to_string())
        .add_attribute("by", info.sender))
}

/// What one unit's share of an excursion report did.
enum Applied {
    Counted { quarantine: Option<u64> },
    Skipped(ContractError),
}

#[allow(clippy::too_many_arguments)]
fn apply_excursion(
    deps: &mut DepsMut,
    env: &Env,
    gtin: &str,
    serial: &str,
    sscc: Option<&String>,
    product: &Product,
    min: i32,
    max: i32,
    duration_secs: u64,
    readings_hash: &Sha256Hash,
) -> Result<Applied, ContractError> {
    let Some(profile) = product.temp_profile else {
        return Ok(Applied::Skipped(ContractError::NoTempProfile {
            gtin: gtin.into(),
        }));
    };
    if min >= profile.min_decicelsius && max <= profile.max_decicelsius {
        return Ok(Applied::Skipped(ContractError::NotAnExcursion));
    }
    let mut unit: Unit = load_unit(deps.storage, gtin, serial)?;
    if matches!(unit.state, UnitState::Dispensed | UnitState::Destroyed) {
        return Ok(Applied::Skipped(ContractError::UnitNotActive {
            gtin: gtin.into(),
            serial: serial.into(),
            state: state_name(unit.state).into(),
        }));
    }
    let report_key = ((gtin, serial), readings_hash.as_str());
    if EXCURSION_REPORTS.has(deps.storage, report_key) {
        return Ok(Applied::Skipped(ContractError::DuplicateExcursion {
            gtin: gtin.into(),
            serial: serial.into(),
            readings_hash: readings_hash.as_str().into(),
        }));
    }
    EXCURSION_REPORTS.save(deps.storage, report_key, &())?;
    unit.excursion_secs = unit.excursion_secs.saturating_add(duration_secs);
    let mut ev = event(BizStep::SensorReporting, env, &env.contract.address);
    ev.document = Some(readings_hash.clone());
    ev.excursion_secs = Some(duration_secs);
    ev.sscc = sscc.cloned();
    append_event(deps.storage, gtin, serial, &mut unit, ev)?;
    let mut quarantine = None;
    if unit.excursion_secs > profile.max_excursion_secs && unit.quarantine.is_none() {
        let cfg = CONFIG.load(deps.storage)?;
        quarantine = Some(open_investigation(
            deps.storage,
            env,
            &cfg,
            gtin,
            serial,
            &mut unit,
            SuspectReason::ColdChainExcursion,
            &env.contract.address,
            Some(readings_hash.clone()),
        )?);
    }
    UNITS.save(deps.storage, (gtin, serial), &unit)?;
    Ok(Applied::Counted { quarantine })
}

/// Reports a temperature excursion on a unit or a case (registered loggers only).
pub fn report_excursion(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    target: ExcursionTarget,
    min: i32,
    max: i32,
    duration_secs: u64,
    readings_hash: Sha256Hash,
) -> Result<Response, ContractError> {
    if !LOGGERS.has(deps.storage, &info.sender) {
        return Err(ContractError::NotLogger);
    }
    readings_hash.validate("readings_hash")?;
    if duration_secs == 0 || duration_secs > MAX_EXCURSION_SECS {
        return Err(ContractError::OutOfRange {
            field: "duration_secs".into(),
            reason: format!("must be 1..={MAX_EXCURSION_SECS}"),
        });
    }
    if min > max {
        return Err(ContractError::OutOfRange {
            field: "min_decicelsius".into(),
            reason: "must not exceed max_decicelsius".into(),
        });
    }
    let mut resp = Response::new()
        .add_attribute("action", "report_excursion")
        .add_attribute("biz_step", "sensor_reporting")
        .add_attribute("logger", &info.sender)
        .add_attribute("duration_secs", duration_secs.to_string())
        .add_attribute("readings_hash", readings_hash.as_str());
    let mut quarantined = vec![];
    match target {
        ExcursionTarget::Unit { gtin, serial } => {
            validate_unit_id(&gtin, &serial)?;
            let product = PRODUCTS
                .may_load(deps.storage, &gtin)?
                .ok_or_else(|| ContractError::UnknownProduct { gtin: gtin.clone() })?;
            match apply_excursion(
                &mut deps,
                &env,
                &gtin,
                &serial,
                None,
                &product,
                min,
                max,
                duration_secs,
                &readings_hash,
            )? {
                Applied::Skipped(err) => return Err(err),
                Applied::Counted { quarantine } => quarantined.extend(quarantine),
            }
            resp = resp
                .add_attribute("gtin", gtin)
                .add_attribute("serial", serial)
                .add_attribute("unit_count", "1");
        }
        ExcursionTarget::PackedCase { sscc } => {
            validate_sscc("sscc", &sscc)?;
            let case = CASES
                .may_load(deps.storage, &sscc)?
                .ok_or_else(|| ContractError::UnknownCase { sscc: sscc.clone() })?;
            if case.state == CaseState::Unpacked {
                return Err(ContractError::CaseNotActive {
                    sscc,
                    state: "unpacked".into(),
                });
            }
            let mut products: Vec<(String, Product)> = vec![];
            let mut counted = 0u32;
            let mut first_skip = None;
            for (gtin, serial) in case_units(deps.storage, &sscc)? {
                let product = match products.iter().find(|(g, _)| *g == gtin) {
                    Some((_, p)) => p.clone(),
                    None => {
                        let p = PRODUCTS.load(deps.storage, &gtin)?;
                        products.push((gtin.clone(), p.clone()));
                        p
                    }
                };
                match apply_excursion(
                    &mut deps,
                    &env,
                    &gtin,
                    &serial,
                    Some(&sscc),
                    &product,
                    min,
                    max,
                    duration_secs,
                    &readings_hash,
                )? {
                    Applied::Counted { quarantine } => {
                        counted = counted.saturating_add(1);
                        quarantined.extend(quarantine);
                    }
                    Applied::Skipped(err) => {
                        first_skip.get_or_insert(err);
                    }
                }
            }
            if counted == 0 {
                return Err(first_skip.unwrap_or(ContractError::NotAnExcursion));
            }
            resp = resp
                .add_attribute("sscc", sscc)
                .add_attribute("unit_count", counted.to_string());
        }
    }
    Ok(resp.add_attribute(
        "quarantined",
        if quarantined.is_empty() {
            "none".into()
        } else {
            quarantined
                .iter()
                .map(|q| q.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        },
    ))
}
