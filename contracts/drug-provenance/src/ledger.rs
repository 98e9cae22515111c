//! Shared rules of the ledger: who is licensed, how a unit is found (or materialized from its
//! Merkle lot), what blocks a move, how a status is derived, and how history, alerts and
//! quarantines are recorded. Every function here does bounded work (a handful of reads/writes).

use cosmwasm_std::{Addr, Env, StdResult, Storage, Timestamp};
use cw_health_types::drug_provenance::gs1::{validate_alphanumeric, validate_gtin};
use cw_health_types::drug_provenance::{
    AlertCode, BizStep, InvestigationState, SuspectReason, UnitEvent, UnitRef, UnitState,
    UnitStatus, VerifyUnitRequest, VerifyUnitResponse,
};
use cw_health_types::merkle::verify_inclusion;
use cw_health_types::ownership;
use cw_health_types::Sha256Hash;

use crate::error::ContractError;
use crate::state::{
    Config, Investigation, Lot, Party, Unit, CONFIG, DUE, HISTORY, INVESTIGATIONS,
    INVESTIGATION_SEQ, LOTS, LOT_UNITS, PARTIES, PRODUCTS, UNITS,
};

/// Most units one message may move, counting the contents of cases.
pub const MAX_UNITS_PER_MESSAGE: u64 = 500;
/// Most units in one case.
pub const MAX_CASE_UNITS: usize = cw_health_types::limits::MAX_BATCH_LEN;

/// Fails unless `sender` is the contract owner or the appointed regulator.
pub fn assert_owner_or_regulator(
    storage: &dyn Storage,
    sender: &Addr,
) -> Result<(), ContractError> {
    let cfg = CONFIG.load(storage)?;
    if cfg.regulator.as_ref() == Some(sender) || ownership::get_ownership(storage)?.owner == *sender
    {
        Ok(())
    } else {
        Err(ContractError::NotOwnerOrRegulator)
    }
}

/// Fails unless `sender` is the manufacturer of `gtin` or the regulator.
pub fn assert_manufacturer_or_regulator(
    storage: &dyn Storage,
    gtin: &str,
    sender: &Addr,
) -> Result<(), ContractError> {
    let cfg = CONFIG.load(storage)?;
    if cfg.regulator.as_ref() == Some(sender) {
        return Ok(());
    }
    match PRODUCTS.may_load(storage, gtin)? {
        Some(p) if p.manufacturer == *sender => Ok(()),
        _ => Err(ContractError::NotManufacturerOrRegulator),
    }
}

/// Fails unless `sender` is the regulator, or the manufacturer of `gtin` while it is licensed at
/// `now`. Determining suspect product releases units back into trade, so a manufacturer whose
/// license is suspended, revoked or expired may not do it (the regulator still may).
pub fn assert_licensed_manufacturer_or_regulator(
    storage: &dyn Storage,
    gtin: &str,
    sender: &Addr,
    now: Timestamp,
) -> Result<(), ContractError> {
    assert_manufacturer_or_regulator(storage, gtin, sender)?;
    if CONFIG.load(storage)?.regulator.as_ref() != Some(sender) {
        require_licensed(storage, sender, now)?;
    }
    Ok(())
}

/// The party, if it is registered, active and its license unexpired at `now`.
pub fn require_licensed(
    storage: &dyn Storage,
    party: &Addr,
    now: Timestamp,
) -> Result<Party, ContractError> {
    match PARTIES.may_load(storage, party)? {
        Some(p) if p.licensed(now) => Ok(p),
        _ => Err(ContractError::Unlicensed {
            party: party.to_string(),
        }),
    }
}

/// Checks a GTIN-14 and a serial.
pub fn validate_unit_id(gtin: &str, serial: &str) -> Result<(), ContractError> {
    validate_gtin("gtin", gtin)?;
    validate_alphanumeric("serial", serial)?;
    Ok(())
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

/// Loads a unit on the ledger.
pub fn load_unit(storage: &dyn Storage, gtin: &str, serial: &str) -> Result<Unit, ContractError> {
    UNITS
        .may_load(storage, (gtin, serial))?
        .ok_or_else(|| ContractError::UnknownSerial {
            gtin: gtin.to_string(),
            serial: serial.to_string(),
        })
}

/// Loads a unit's lot.
pub fn load_lot(storage: &dyn Storage, gtin: &str, lot: &str) -> StdResult<Lot> {
    LOTS.load(storage, (gtin, lot))
}

/// A fresh event of `step` by `actor` at the block time; the other fields are filled by the caller.
pub fn event(step: BizStep, env: &Env, actor: &Addr) -> UnitEvent {
    UnitEvent {
        seq: 0,
        biz_step: step,
        at: env.block.time,
        actor: actor.clone(),
        counterparty: None,
        shipment_id: None,
        sscc: None,
        document: None,
        alert: None,
        investigation_id: None,
        excursion_secs: None,
    }
}

/// Appends `ev` to the unit's history (assigning its seq). The caller saves the unit.
pub fn append_event(
    storage: &mut dyn Storage,
    gtin: &str,
    serial: &str,
    unit: &mut Unit,
    mut ev: UnitEvent,
) -> StdResult<()> {
    ev.seq = unit.event_count;
    HISTORY.save(storage, ((gtin, serial), ev.seq), &ev)?;
    unit.event_count = unit
        .event_count
        .checked_add(1)
        .ok_or_else(|| cosmwasm_std::StdError::msg("history sequence overflow"))?;
    Ok(())
}

/// Validates a [`UnitRef`] and loads its unit, materializing a unit of a Merkle lot the first
/// time it is named (the proof is verified against the lot's root; leaf = serial UTF-8 bytes).
/// A materialized unit is saved with its commissioning event, and indexed under its lot.
pub fn resolve_unit(storage: &mut dyn Storage, unit_ref: &UnitRef) -> Result<Unit, ContractError> {
    let (gtin, serial) = (unit_ref.gtin.as_str(), unit_ref.serial.as_str());
    validate_unit_id(gtin, serial)?;
    if let Some(lot) = &unit_ref.lot {
        validate_alphanumeric("lot", lot)?;
    }
    if let Some(unit) = UNITS.may_load(storage, (gtin, serial))? {
        if let Some(given) = &unit_ref.lot {
            if *given != unit.lot {
                return Err(ContractError::LotMismatch {
                    gtin: gtin.to_string(),
                    serial: serial.to_string(),
                    actual: unit.lot,
                    given: given.clone(),
                });
            }
        }
        return Ok(unit);
    }
    let (Some(lot_id), Some(proof)) = (&unit_ref.lot, &unit_ref.proof) else {
        return Err(ContractError::UnknownSerial {
            gtin: gtin.to_string(),
            serial: serial.to_string(),
        });
    };
    let mut lot =
        LOTS.may_load(storage, (gtin, lot_id))?
            .ok_or_else(|| ContractError::UnknownLot {
                gtin: gtin.to_string(),
                lot: lot_id.clone(),
            })?;
    let root = lot
        .merkle_root
        .as_ref()
        .ok_or_else(|| ContractError::NotMerkleLot {
            gtin: gtin.to_string(),
            lot: lot_id.clone(),
        })?
        .to_bytes_checked("merkle_root")?;
    if proof.leaf_count != lot.serial_count {
        return Err(ContractError::InvalidProof(
            cw_health_types::MerkleError::WrongProofLength {
                count: lot.serial_count,
            },
        ));
    }
    verify_inclusion(&root, serial.as_bytes(), proof)?;
    let mut unit = Unit {
        lot: lot_id.clone(),
        expiry: lot.expiry.clone(),
        expires_at: lot.expires_at,
        owner: lot.manufacturer.clone(),
        state: UnitState::Active,
        shipment_id: None,
        sscc: None,
        dispensed_by: None,
        dispensed_at: None,
        quarantine: None,
        alert_count: 0,
        dispense_alerts: 0,
        excursion_secs: 0,
        event_count: 0,
    };
    let ev = UnitEvent {
        seq: 0,
        biz_step: BizStep::Commissioning,
        at: lot.commissioned_at,
        actor: lot.manufacturer.clone(),
        counterparty: None,
        shipment_id: None,
        sscc: None,
        document: lot.merkle_root.clone(),
        alert: None,
        investigation_id: None,
        excursion_secs: None,
    };
    append_event(storage, gtin, serial, &mut unit, ev)?;
    lot.units_on_ledger = lot
        .units_on_ledger
        .checked_add(1)
        .ok_or_else(|| cosmwasm_std::StdError::msg("unit count overflow"))?;
    LOTS.save(storage, (gtin, lot_id), &lot)?;
    LOT_UNITS.save(storage, (gtin, lot_id, serial), &())?;
    UNITS.save(storage, (gtin, serial), &unit)?;
    Ok(unit)
}

/// The status a verification reports (see `UnitStatus` for the precedence).
pub fn derive_status(unit: &Unit, lot: &Lot, now: Timestamp) -> UnitStatus {
    if unit.state == UnitState::Destroyed {
        UnitStatus::Destroyed
    } else if unit.quarantine.is_some() {
        UnitStatus::Quarantined
    } else if lot.recall.is_some() {
        UnitStatus::Recalled
    } else if unit.state == UnitState::Dispensed {
        UnitStatus::Dispensed
    } else if now >= unit.expires_at {
        UnitStatus::Expired
    } else if unit.state == UnitState::InTransit {
        UnitStatus::InTransit
    } else {
        UnitStatus::Active
    }
}

/// Fails unless the unit may be shipped, packed or dispensed now: active (not in transit,
/// dispensed or destroyed), not quarantined, its lot not recalled, not expired. With
/// `for_destruction`, a recalled or expired unit passes (it may be destroyed).
pub fn assert_saleable(
    storage: &dyn Storage,
    gtin: &str,
    serial: &str,
    unit: &Unit,
    now: Timestamp,
    for_destruction: bool,
) -> Result<(), ContractError> {
    let id = || (gtin.to_string(), serial.to_string());
    if unit.state != UnitState::Active {
        let (gtin, serial) = id();
        return Err(ContractError::UnitNotActive {
            gtin,
            serial,
            state: state_name(unit.state).to_string(),
        });
    }
    if let Some(investigation_id) = unit.quarantine {
        let (gtin, serial) = id();
        return Err(ContractError::UnitQuarantined {
            gtin,
            serial,
            investigation_id,
        });
    }
    if for_destruction {
        return Ok(());
    }
    if load_lot(storage, gtin, &unit.lot)?.recall.is_some() {
        let (gtin, serial) = id();
        return Err(ContractError::UnitRecalled { gtin, serial });
    }
    if now >= unit.expires_at {
        let (gtin, serial) = id();
        return Err(ContractError::UnitExpired { gtin, serial });
    }
    Ok(())
}

/// The snake_case name of a unit state.
pub fn state_name(state: UnitState) -> &'static str {
    match state {
        UnitState::Active => "active",
        UnitState::InTransit => "in_transit",
        UnitState::Dispensed => "dispensed",
        UnitState::Destroyed => "destroyed",
    }
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
    let id = INVESTIGATION_SEQ
        .may_load(storage)?
        .unwrap_or_default()
        .checked_add(1)
        .ok_or_else(|| cosmwasm_std::StdError::msg("investigation id overflow"))?;
    INVESTIGATION_SEQ.save(storage, &id)?;
    let due_at = env.block.time.plus_seconds(cfg.investigation_secs);
    INVESTIGATIONS.save(
        storage,
        id,
        &Investigation {
            gtin: gtin.to_string(),
            serial: serial.to_string(),
            reason,
            opened_by: opened_by.clone(),
            opened_at: env.block.time,
            due_at,
            evidence_hash: evidence_hash.clone(),
            state: InvestigationState::Open,
            determination: None,
            resolved_by: None,
            resolved_at: None,
            determination_hash: None,
            notification_due_at: None,
            notified_at: None,
            notification_hash: None,
        },
    )?;
    DUE.save(storage, (due_at.seconds(), id), &())?;
    unit.quarantine = Some(id);
    let mut ev = event(BizStep::Holding, env, opened_by);
    ev.investigation_id = Some(id);
    ev.document = evidence_hash;
    append_event(storage, gtin, serial, unit, ev)?;
    Ok(id)
}

/// Records an alert on a unit (the caller saves it); when the unit's alert count reaches the
/// configured threshold and it is not already quarantined or destroyed, it is quarantined
/// automatically (reason `repeated_alerts`, opened by the contract). Returns that
/// investigation's id, if one was opened.
pub fn record_alert(
    storage: &mut dyn Storage,
    env: &Env,
    gtin: &str,
    serial: &str,
    unit: &mut Unit,
    code: AlertCode,
    actor: &Addr,
) -> Result<Option<u64>, ContractError> {
    let cfg = CONFIG.load(storage)?;
    unit.alert_count = unit.alert_count.saturating_add(1);
    if code == AlertCode::AlreadyDispensed {
        unit.dispense_alerts = unit.dispense_alerts.saturating_add(1);
    }
    let mut ev = event(BizStep::Alert, env, actor);
    ev.alert = Some(code);
    append_event(storage, gtin, serial, unit, ev)?;
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
    if unit.state == UnitState::Dispensed && unit.dispense_alerts > 0 {
        alerts.push(AlertCode::AlreadyDispensed);
    }
    resp.status = derive_status(&unit, &lot, now);
    resp.alerts = alerts;
    resp.recall_class = lot.recall.as_ref().map(|r| r.recall_class);
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
        || verify_inclusion(&root, req.serial.as_bytes(), proof).is_err()
    {
        return Ok(None);
    }
    let unit = Unit {
        lot: lot_id.clone(),
        expiry: lot.expiry.clone(),
        expires_at: lot.expires_at,
        owner: lot.manufacturer.clone(),
        state: UnitState::Active,
        shipment_id: None,
        sscc: None,
        dispensed_by: None,
        dispensed_at: None,
        quarantine: None,
        alert_count: 0,
        dispense_alerts: 0,
        excursion_secs: 0,
        event_count: 0,
    };
    Ok(Some((unit, lot)))
}

/// The wire code of an enum value (its JSON string without quotes), for event attributes.
pub fn wire_code<T: cosmwasm_schema::serde::Serialize>(value: &T) -> String {
    cosmwasm_std::to_json_string(value)
        .map(|s| s.trim_matches('"').to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cw_health_types::drug_provenance::{RecallClass, RecallInfo};

    fn unit(state: UnitState) -> Unit {
        Unit {
            lot: "L".into(),
            expiry: "301231".into(),
            expires_at: Timestamp::from_seconds(1_000),
            owner: Addr::unchecked("o"),
            state,
            shipment_id: None,
            sscc: None,
            dispensed_by: None,
            dispensed_at: None,
            quarantine: None,
            alert_count: 0,
            dispense_alerts: 0,
            excursion_secs: 0,
            event_count: 0,
        }
    }

    fn lot(recalled: bool) -> Lot {
        Lot {
            expiry: "301231".into(),
            expires_at: Timestamp::from_seconds(1_000),
            manufacturer: Addr::unchecked("m"),
            commissioned_at: Timestamp::from_seconds(0),
            merkle_root: None,
            serial_count: 1,
            units_on_ledger: 1,
            recall: recalled.then(|| RecallInfo {
                recall_class: RecallClass::ClassI,
                recalled_by: Addr::unchecked("m"),
                recalled_at: Timestamp::from_seconds(0),
                notice_hash: None,
            }),
        }
    }

    #[test]
    fn status_precedence_is_total() {
        let before = Timestamp::from_seconds(999);
        let after = Timestamp::from_seconds(1_000);
        let s = |u: &Unit, recalled: bool, now| derive_status(u, &lot(recalled), now);
        assert_eq!(
            s(&unit(UnitState::Active), false, before),
            UnitStatus::Active
        );
        assert_eq!(
            s(&unit(UnitState::InTransit), false, before),
            UnitStatus::InTransit
        );
        assert_eq!(
            s(&unit(UnitState::InTransit), false, after),
            UnitStatus::Expired
        );
        assert_eq!(
            s(&unit(UnitState::Dispensed), false, after),
            UnitStatus::Dispensed
        );
        assert_eq!(
            s(&unit(UnitState::Dispensed), true, after),
            UnitStatus::Recalled
        );
        let mut q = unit(UnitState::Dispensed);
        q.quarantine = Some(1);
        assert_eq!(s(&q, true, after), UnitStatus::Quarantined);
        q.state = UnitState::Destroyed;
        assert_eq!(s(&q, true, after), UnitStatus::Destroyed);
    }

    #[test]
    fn wire_codes_are_the_serialized_names() {
        assert_eq!(wire_code(&UnitStatus::InTransit), "in_transit");
        assert_eq!(
            wire_code(&SuspectReason::ColdChainExcursion),
            "cold_chain_excursion"
        );
        assert_eq!(wire_code(&RecallClass::ClassII), "II");
    }
}
