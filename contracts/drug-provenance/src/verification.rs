//! Verification the FMD way, shared by the `verify_unit` query and `record_verification`: the
//! status and alert codes of a pack as scanned, for units on the ledger and for Merkle units
//! that never moved (known by their lot and proof). Also the DSCSA verification request to the
//! manufacturer (P7; answered through `resolve_suspect`).

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, StdResult, Storage, Timestamp};
use cw_health_types::drug_provenance::gs1::{merkle_leaf, validate_alphanumeric};
use cw_health_types::drug_provenance::{
    AlertCode, BizStep, SuspectReason, UnitRef, UnitState, UnitStatus, VerificationReason,
    VerifyUnitRequest, VerifyUnitResponse,
};
use cw_health_types::merkle::verify_inclusion;
use cw_health_types::Sha256Hash;

use crate::access::{raise_on_unit, require_licensed};
use crate::alerts::{investigation, reappeared, record_alerts, save_investigation};
use crate::error::ContractError;
use crate::ledger::{
    append_event, derive_status, event, load_lot, may_load_unit, resolve_unit, validate_unit_id,
    wire_code,
};
use crate::state::{Lot, Unit, CONFIG, LOTS, PRODUCTS, UNITS};

/// Whether a unit has left trade for good other than by dispense: destroyed, stolen, exported or
/// consumed by a repackaging (presented again, it is "already inactive", NMVS_NC_PCK_22).
pub fn out_of_trade(state: UnitState) -> bool {
    matches!(
        state,
        UnitState::Destroyed | UnitState::Stolen | UnitState::Exported | UnitState::Repackaged
    )
}

/// Checks that an expiry as printed on a pack is in the AI (17) format, six digits `YYMMDD`.
/// Only the format: a well-formed expiry that differs from the lot's is a mismatch (an alert),
/// not bad input.
pub fn expiry_format(field: &str, expiry: &str) -> Result<(), ContractError> {
    if expiry.len() != 6 || !expiry.bytes().all(|b| b.is_ascii_digit()) {
        return Err(cw_health_types::ValidationError::Malformed {
            field: field.to_string(),
            reason: "expiry is YYMMDD".into(),
        }
        .into());
    }
    Ok(())
}

/// Answers a verification (shared by the query and `record_verification`). Malformed identifiers
/// and units not on the ledger answer `unknown` with `NMVS_NC_PC_02`; a unit of a Merkle lot
/// that never moved is known only with its `lot` and a valid `proof`. Returns the unit when it
/// is on the ledger.
pub fn verify(
    storage: &dyn Storage,
    now: Timestamp,
    req: &VerifyUnitRequest,
) -> StdResult<(VerifyUnitResponse, Option<Unit>)> {
    let mut resp = VerifyUnitResponse {
        gtin: req.gtin.clone(),
        serial: req.serial.clone(),
        status: UnitStatus::Unknown,
        alerts: vec![AlertCode::UnknownSerial],
        lot: None,
        expiry: None,
        owner: None,
        dispensed_by: None,
        dispensed_at: None,
        recall_class: None,
        pack_quantity: None,
        undo_until: None,
    };
    if validate_unit_id(&req.gtin, &req.serial).is_err() {
        return Ok((resp, None));
    }
    let key = (req.gtin.as_str(), req.serial.as_str());
    let (unit, lot, stored) = match may_load_unit(storage, key.0, key.1)? {
        Some(unit) => {
            let lot = load_lot(storage, &req.gtin, &unit.lot)?;
            (unit.clone(), lot, Some(unit))
        }
        None => match unmoved_merkle_unit(storage, req)? {
            Some((unit, lot)) => (unit, lot, None),
            None => return Ok((resp, None)),
        },
    };
    let mut alerts = vec![];
    if req.lot.as_ref().is_some_and(|l| *l != unit.lot) {
        alerts.push(AlertCode::LotMismatch);
    }
    if req.expiry.as_ref().is_some_and(|e| *e != unit.expiry) {
        alerts.push(AlertCode::ExpiryMismatch);
    }
    // The pack is already inactive: destroyed, or dispensed and presented again since.
    if out_of_trade(unit.state)
        || lot.illegitimate
        || (unit.state == UnitState::Dispensed && unit.dispense_alerts > 0)
    {
        alerts.push(AlertCode::AlreadyDispensed);
    }
    // The product, read once: whether it was withdrawn, and the billing units of its pack.
    let product = PRODUCTS.may_load(storage, &req.gtin)?;
    let withdrawn = product.as_ref().is_some_and(|p| p.withdrawn_at.is_some());
    resp.status = derive_status(&unit, &lot, withdrawn, now);
    resp.alerts = alerts;
    resp.recall_class = lot.recall.as_ref().map(|r| r.recall_class);
    resp.pack_quantity = product.map(|p| p.pack_quantity).filter(|q| *q > 0);
    if unit.state == UnitState::Dispensed {
        // The same instant `undo_dispense` closes at.
        let window = CONFIG.load(storage)?.undo_window_secs;
        resp.undo_until = unit.dispensed_at.map(|at| at.plus_seconds(window));
    }
    resp.lot = Some(unit.lot.clone());
    resp.expiry = Some(unit.expiry.clone());
    resp.owner = Some(unit.owner.clone());
    resp.dispensed_by = unit.dispensed_by.clone();
    resp.dispensed_at = unit.dispensed_at;
    Ok((resp, stored))
}

/// A not-yet-stored unit of a Merkle lot, if `req` names its lot and carries a valid proof.
fn unmoved_merkle_unit(
    storage: &dyn Storage,
    req: &VerifyUnitRequest,
) -> StdResult<Option<(Unit, Lot)>> {
    let (Some(lot_id), Some(proof)) = (&req.lot, &req.proof) else {
        return Ok(None);
    };
    if validate_alphanumeric("lot", lot_id).is_err() {
        return Ok(None);
    }
    let Some(lot) = LOTS.may_load(storage, (req.gtin.as_str(), lot_id.as_str()))? else {
        return Ok(None);
    };
    let Some(root) = lot
        .merkle_root
        .as_ref()
        .and_then(|r| r.to_bytes_checked("merkle_root").ok())
    else {
        return Ok(None);
    };
    if proof.leaf_count != lot.serial_count
        || verify_inclusion(&root, &merkle_leaf(&req.gtin, lot_id, &req.serial), proof).is_err()
    {
        return Ok(None);
    }
    let unit = Unit::new(lot_id, &lot.expiry, lot.expires_at, &lot.manufacturer);
    Ok(Some((unit, lot)))
}

fn codes(alerts: &[AlertCode]) -> String {
    if alerts.is_empty() {
        return "none".into();
    }
    alerts.iter().map(wire_code).collect::<Vec<_>>().join(" ")
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
    let quarantine = match stored {
        Some(unit) => record_on_unit(deps.storage, &env, &info.sender, &req, &resp, unit)?,
        None => None,
    };
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

/// Records a verification on the unit: mismatches, and a pack out of trade presented again, are
/// alerts (which may quarantine it); a clean one is a `verifying` event, and by its owner
/// releases a return for sale. A stolen unit that turns up opens an investigation. Returns the
/// investigation opened, if any.
fn record_on_unit(
    storage: &mut dyn Storage,
    env: &Env,
    verifier: &Addr,
    req: &VerifyUnitRequest,
    resp: &VerifyUnitResponse,
    mut unit: Unit,
) -> Result<Option<u64>, ContractError> {
    let (gtin, serial) = (req.gtin.as_str(), req.serial.as_str());
    let inactive = out_of_trade(unit.state) || load_lot(storage, gtin, &unit.lot)?.illegitimate;
    let mismatches: Vec<AlertCode> = resp
        .alerts
        .iter()
        .copied()
        .filter(|a| match a {
            AlertCode::LotMismatch | AlertCode::ExpiryMismatch => true,
            AlertCode::AlreadyDispensed => inactive,
            AlertCode::UnknownSerial => false,
        })
        .collect();
    if mismatches.is_empty() {
        if unit.owner == *verifier && resp.alerts.is_empty() {
            unit.awaiting_verification = false;
        }
        let ev = event(BizStep::Verifying, env, verifier);
        append_event(storage, gtin, serial, &mut unit, ev)?;
    }
    let mut quarantine =
        record_alerts(storage, env, gtin, serial, &mut unit, &mismatches, verifier)?;
    quarantine = quarantine.or(reappeared(storage, env, gtin, serial, &mut unit)?);
    UNITS.save(storage, (gtin, serial), &unit)?;
    Ok(quarantine)
}

/// Asks the product's manufacturer to verify a unit (P7): the regulator or a licensed partner
/// with standing, one open request per unit. The request is an investigation record with
/// `verification` set and its own due time; the unit is not quarantined.
pub fn request_verification(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    unit_ref: UnitRef,
    reason: VerificationReason,
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
    if let Some(id) = unit.verification_request {
        return Err(ContractError::VerificationPending {
            gtin: gtin.into(),
            serial: serial.into(),
            id,
        });
    }
    let suspect = match reason {
        VerificationReason::SaleableReturn => SuspectReason::UnfitForDistribution,
        VerificationReason::Suspect => SuspectReason::Counterfeit,
    };
    let mut inv = investigation(
        &env,
        &cfg,
        gtin,
        serial,
        suspect,
        &info.sender,
        evidence_hash,
    );
    inv.verification = Some(reason);
    let due_at = inv.due_at;
    let id = save_investigation(deps.storage, &inv)?;
    unit.verification_request = Some(id);
    let mut ev = event(BizStep::Verifying, &env, &info.sender);
    ev.investigation_id = Some(id);
    ev.document = inv.evidence_hash;
    append_event(deps.storage, gtin, serial, &mut unit, ev)?;
    UNITS.save(deps.storage, (gtin, serial), &unit)?;
    Ok(Response::new()
        .add_attribute("action", "request_verification")
        .add_attribute("gtin", gtin)
        .add_attribute("serial", serial)
        .add_attribute("investigation_id", id.to_string())
        .add_attribute("reason", wire_code(&reason))
        .add_attribute("by", info.sender)
        .add_attribute("due_at", due_at.seconds().to_string()))
}
