//! Suspect product (DSCSA): flags of a unit or of a whole lot, determinations (also the answers
//! to verification requests, which live in `verification`), notifications. Recorded
//! verifications and alerts are in `verification` and `alerts`; cold-chain excursions, which
//! quarantine through the same investigations, in `cold_chain`.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, Storage};
use cw_health_types::drug_provenance::gs1::{validate_alphanumeric, validate_gtin};
use cw_health_types::drug_provenance::{
    BizStep, Determination, InvestigationState, SuspectReason, UnitRef, UnitState,
    VerificationReason,
};
use cw_health_types::Sha256Hash;

use crate::access::{
    assert_licensed_manufacturer_or_regulator, assert_manufacturer_or_regulator, raise_on_unit,
};
use crate::alerts::{investigation, open_investigation, save_investigation};
use crate::error::ContractError;
use crate::ledger::{append_event, event, hold_in_containers, load_unit, wire_code};
use crate::state::{Config, Investigation, CONFIG, DUE, INVESTIGATIONS, LOTS, UNITS};

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
    let (cfg, mut unit) = raise_on_unit(
        deps.storage,
        &info.sender,
        env.block.time,
        &unit_ref,
        &evidence_hash,
    )?;
    let (gtin, serial) = (unit_ref.gtin.as_str(), unit_ref.serial.as_str());
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

/// Quarantines a whole lot (the regulator or the product's licensed manufacturer): one lot
/// record and one investigation written, no unit touched (units read the lot's quarantine).
pub fn flag_suspect_lot(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    gtin: String,
    lot_id: String,
    reason: SuspectReason,
    evidence_hash: Option<Sha256Hash>,
) -> Result<Response, ContractError> {
    assert_licensed_manufacturer_or_regulator(deps.storage, &gtin, &info.sender, env.block.time)?;
    validate_gtin("gtin", &gtin)?;
    validate_alphanumeric("lot", &lot_id)?;
    if let Some(h) = &evidence_hash {
        h.validate("evidence_hash")?;
    }
    let mut lot = LOTS
        .may_load(deps.storage, (&gtin, &lot_id))?
        .ok_or_else(|| ContractError::UnknownLot {
            gtin: gtin.clone(),
            lot: lot_id.clone(),
        })?;
    let blocked = match (lot.quarantine, lot.illegitimate) {
        (Some(id), _) => Some(format!("quarantined (investigation {id})")),
        (None, true) => Some("illegitimate".to_string()),
        (None, false) => None,
    };
    if let Some(state) = blocked {
        return Err(ContractError::LotBlocked {
            gtin,
            lot: lot_id,
            state,
        });
    }
    let cfg = CONFIG.load(deps.storage)?;
    let mut inv = investigation(&env, &cfg, &gtin, "", reason, &info.sender, evidence_hash);
    inv.lot = Some(lot_id.clone());
    let id = save_investigation(deps.storage, &inv)?;
    lot.quarantine = Some(id);
    LOTS.save(deps.storage, (&gtin, &lot_id), &lot)?;
    Ok(Response::new()
        .add_attribute("action", "flag_suspect_lot")
        .add_attribute("biz_step", "holding")
        .add_attribute("gtin", gtin)
        .add_attribute("lot", lot_id)
        .add_attribute("investigation_id", id.to_string())
        .add_attribute("reason", wire_code(&reason))
        .add_attribute("by", info.sender)
        .add_attribute("due_at", inv.due_at.seconds().to_string()))
}

/// Determines an open investigation (manufacturer or regulator, once): of a unit, of a lot, or
/// the answer to a verification request.
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
    let late = env.block.time > inv.due_at;
    let d = Determined {
        id,
        determination,
        evidence_hash: evidence_hash.clone(),
        by: info.sender.clone(),
    };
    let (step, follow_up) = if inv.verification.is_some() {
        answer_request(deps.storage, &env, &cfg, &inv, &d)?
    } else if let Some(lot) = &inv.lot {
        (
            determine_lot(deps.storage, &inv.gtin, lot, determination)?,
            None,
        )
    } else {
        (determine_unit(deps.storage, &env, &inv, &d)?, None)
    };
    inv.state = match determination {
        Determination::Cleared => InvestigationState::Cleared,
        Determination::Illegitimate => InvestigationState::Illegitimate,
    };
    if determination == Determination::Illegitimate && inv.verification.is_none() {
        let due = env.block.time.plus_seconds(cfg.notification_secs);
        inv.notification_due_at = Some(due);
        DUE.save(deps.storage, (due.seconds(), id), &())?;
    }
    inv.determination = Some(determination);
    inv.resolved_by = Some(info.sender.clone());
    inv.resolved_at = Some(env.block.time);
    inv.determination_hash = evidence_hash;
    INVESTIGATIONS.save(deps.storage, id, &inv)?;
    let opt = |v: Option<String>| v.unwrap_or_else(|| "none".into());
    Ok(Response::new()
        .add_attribute("action", "resolve_suspect")
        .add_attribute("investigation_id", id.to_string())
        .add_attribute("gtin", inv.gtin)
        .add_attribute("serial", inv.serial)
        .add_attribute("lot", opt(inv.lot))
        .add_attribute("determination", wire_code(&determination))
        .add_attribute("biz_step", wire_code(&step))
        .add_attribute("late", late.to_string())
        .add_attribute(
            "follow_up_investigation_id",
            opt(follow_up.map(|f| f.to_string())),
        )
        .add_attribute(
            "notification_due_at",
            opt(inv.notification_due_at.map(|t| t.seconds().to_string())),
        )
        .add_attribute("by", info.sender))
}

/// A determination being recorded.
struct Determined {
    id: u64,
    determination: Determination,
    evidence_hash: Option<Sha256Hash>,
    by: Addr,
}

/// A unit's determination: `cleared` releases it (a stolen unit found is back in trade with its
/// owner) and resets its alert count, `illegitimate` destroys it.
fn determine_unit(
    storage: &mut dyn Storage,
    env: &Env,
    inv: &Investigation,
    d: &Determined,
) -> Result<BizStep, ContractError> {
    let mut unit = load_unit(storage, &inv.gtin, &inv.serial)?;
    unit.quarantine = None;
    let step = match d.determination {
        Determination::Cleared => {
            // Released: its containers may move again (a destroyed unit keeps them held).
            hold_in_containers(storage, &unit, false)?;
            unit.alert_count = 0;
            unit.dispense_alerts = 0;
            unit.alert_epoch = unit.alert_epoch.wrapping_add(1);
            if unit.state == UnitState::Stolen {
                unit.state = UnitState::Active;
            }
            BizStep::Releasing
        }
        Determination::Illegitimate => {
            unit.state = UnitState::Destroyed;
            BizStep::Destroying
        }
    };
    let mut ev = event(step, env, &d.by);
    ev.investigation_id = Some(d.id);
    ev.document = d.evidence_hash.clone();
    append_event(storage, &inv.gtin, &inv.serial, &mut unit, ev)?;
    UNITS.save(storage, (&inv.gtin, &inv.serial), &unit)?;
    Ok(step)
}

/// A lot's determination: one write, no unit touched.
fn determine_lot(
    storage: &mut dyn Storage,
    gtin: &str,
    lot_id: &str,
    determination: Determination,
) -> Result<BizStep, ContractError> {
    let mut lot = LOTS.load(storage, (gtin, lot_id))?;
    lot.quarantine = None;
    lot.illegitimate = determination == Determination::Illegitimate;
    LOTS.save(storage, (gtin, lot_id), &lot)?;
    Ok(match determination {
        Determination::Cleared => BizStep::Releasing,
        Determination::Illegitimate => BizStep::Destroying,
    })
}

/// The manufacturer's answer to a verification request: verified releases a saleable return
/// asked by its owner; not verified quarantines the unit (a new investigation opened by the
/// contract, returned).
fn answer_request(
    storage: &mut dyn Storage,
    env: &Env,
    cfg: &Config,
    inv: &Investigation,
    d: &Determined,
) -> Result<(BizStep, Option<u64>), ContractError> {
    let (gtin, serial) = (inv.gtin.as_str(), inv.serial.as_str());
    let mut unit = load_unit(storage, gtin, serial)?;
    unit.verification_request = None;
    let mut ev = event(BizStep::Verifying, env, &d.by);
    ev.investigation_id = Some(d.id);
    ev.document = d.evidence_hash.clone();
    append_event(storage, gtin, serial, &mut unit, ev)?;
    let mut follow_up = None;
    match d.determination {
        Determination::Cleared => {
            if inv.verification == Some(VerificationReason::SaleableReturn)
                && inv.opened_by == unit.owner
            {
                unit.awaiting_verification = false;
            }
        }
        Determination::Illegitimate => {
            if unit.quarantine.is_none() && unit.state != UnitState::Destroyed {
                let contract = env.contract.address.clone();
                let id = open_investigation(
                    storage, env, cfg, gtin, serial, &mut unit, inv.reason, &contract, None,
                )?;
                follow_up = Some(id);
            }
        }
    }
    UNITS.save(storage, (gtin, serial), &unit)?;
    Ok((BizStep::Verifying, follow_up))
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
