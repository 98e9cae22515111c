//! Suspect product (DSCSA): recorded verifications and alerts, flags, determinations,
//! notifications. (Cold-chain excursions, which quarantine through the same investigations, are
//! in `cold_chain`.)

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_health_types::drug_provenance::gs1::validate_alphanumeric;
use cw_health_types::drug_provenance::{
    AlertCode, BizStep, Determination, InvestigationState, SuspectReason, UnitRef, UnitState,
    UnitStatus, VerifyUnitRequest,
};
use cw_health_types::Sha256Hash;

use crate::alerts::{open_investigation, reappeared, record_alerts};
use crate::error::ContractError;
use crate::ledger::{
    append_event, assert_licensed_manufacturer_or_regulator, assert_manufacturer_or_regulator,
    assert_standing, event, load_unit, require_licensed, resolve_unit, validate_unit_id, wire_code,
};
use crate::state::{CONFIG, DUE, INVESTIGATIONS, UNITS};
use crate::verification::{expiry_format, verify};

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
        // Mismatches, and a pack out of trade (destroyed, stolen, exported) presented again,
        // are recorded on the unit.
        let destroyed = matches!(
            unit.state,
            UnitState::Destroyed | UnitState::Stolen | UnitState::Exported
        );
        let mismatches: Vec<AlertCode> = resp
            .alerts
            .iter()
            .copied()
            .filter(|a| match a {
                AlertCode::LotMismatch | AlertCode::ExpiryMismatch => true,
                AlertCode::AlreadyDispensed => destroyed,
                AlertCode::UnknownSerial => false,
            })
            .collect();
        if mismatches.is_empty() {
            // A returned unit is released for sale by its owner's clean verification.
            if unit.owner == info.sender && resp.alerts.is_empty() {
                unit.awaiting_verification = false;
            }
            append_event(
                deps.storage,
                gtin,
                serial,
                &mut unit,
                event(BizStep::Verifying, &env, &info.sender),
            )?;
        }
        quarantine = record_alerts(
            deps.storage,
            &env,
            gtin,
            serial,
            &mut unit,
            &mismatches,
            &info.sender,
        )?;
        quarantine = quarantine.or(reappeared(deps.storage, &env, gtin, serial, &mut unit)?);
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

/// Flags a unit suspect and quarantines it: the regulator, or a licensed partner with standing
/// (owner, custodian on the way, past holder, the product's manufacturer).
pub fn flag_suspect(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    unit_ref: UnitRef,
    reason: SuspectReason,
    evidence_hash: Option<Sha256Hash>,
) -> Result<Response, ContractError> {
    let cfg = CONFIG.load(deps.storage)?;
    if cfg.regulator.as_ref() != Some(&info.sender) {
        require_licensed(deps.storage, &info.sender, env.block.time)?;
    }
    if let Some(h) = &evidence_hash {
        h.validate("evidence_hash")?;
    }
    let (gtin, serial) = (unit_ref.gtin.as_str(), unit_ref.serial.as_str());
    let mut unit = resolve_unit(deps.storage, &unit_ref)?;
    assert_standing(deps.storage, gtin, serial, &unit, &info.sender)?;
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
            state: wire_code(&unit.state),
        });
    }
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
            unit.alert_epoch = unit.alert_epoch.wrapping_add(1);
            // A stolen pack found and cleared is back in trade with its owner.
            if unit.state == UnitState::Stolen {
                unit.state = UnitState::Active;
            }
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
