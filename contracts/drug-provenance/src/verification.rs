//! Verification the FMD way, shared by the `verify_unit` query and `record_verification`: the
//! status and alert codes of a pack as scanned, for units on the ledger and for Merkle units
//! that never moved (known by their lot and proof).

use cosmwasm_std::{StdResult, Storage, Timestamp};
use cw_health_types::drug_provenance::gs1::{merkle_leaf, validate_alphanumeric};
use cw_health_types::drug_provenance::{
    AlertCode, UnitState, UnitStatus, VerifyUnitRequest, VerifyUnitResponse,
};
use cw_health_types::merkle::verify_inclusion;

use crate::error::ContractError;
use crate::ledger::{derive_status, load_lot, validate_unit_id};
use crate::product::is_withdrawn;
use crate::state::{Lot, Unit, CONFIG, LOTS, PRODUCTS, UNITS};

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
    let (unit, lot, stored) = match UNITS.may_load(storage, key)? {
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
    if matches!(
        unit.state,
        UnitState::Destroyed | UnitState::Stolen | UnitState::Exported
    ) || (unit.state == UnitState::Dispensed && unit.dispense_alerts > 0)
    {
        alerts.push(AlertCode::AlreadyDispensed);
    }
    resp.status = derive_status(&unit, &lot, is_withdrawn(storage, &req.gtin)?, now);
    resp.alerts = alerts;
    resp.recall_class = lot.recall.as_ref().map(|r| r.recall_class);
    resp.pack_quantity = PRODUCTS
        .may_load(storage, &req.gtin)?
        .map(|p| p.pack_quantity)
        .filter(|q| *q > 0);
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
