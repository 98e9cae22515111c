//! E-prescriptions: a prescriber anchors the hash of an e-Rx (with the visit it was written in),
//! and pharmacies dispense against it, each dispense a fill, never more fills than written nor
//! after its expiry. No drug or patient data in clear: hashes and ids only.

use cosmwasm_std::{
    Addr, Deps, DepsMut, Env, MessageInfo, Response, StdResult, Storage, Timestamp,
};
use cw_health_types::cw_serde_map as cw_serde;
use cw_health_types::drug_provenance::{
    PrescriberResponse, PrescriptionFillResponse, PrescriptionResponse, UnitRef, UnitState,
};
use cw_health_types::ehr_registry::EhrRegistryContract;
use cw_health_types::limits::{validate_token, MAX_ID_LEN};
use cw_health_types::telehealth::PRESCRIPTION_VISIT_GRACE_SECS;
use cw_health_types::Sha256Hash;
use cw_storage_plus::{Item, Map};

use crate::access::assert_owner_or_regulator;
use crate::dispense;
use crate::error::ContractError;
use crate::ledger::validate_unit_id;
use crate::state::{CONFIG, UNITS};

/// Most fills one prescription may allow (a first fill and 11 refills).
pub const MAX_FILLS: u8 = 12;
/// Longest validity of a prescription (366 days).
pub const MAX_PRESCRIPTION_SECS: u64 = 366 * 24 * 3600;

/// A registered prescriber as stored.
#[cw_serde]
pub struct Prescriber {
    pub license_id: String,
    pub license_expiry: Timestamp,
    pub active: bool,
}

impl Prescriber {
    fn may_prescribe(&self, now: Timestamp) -> bool {
        self.active && now < self.license_expiry
    }
}

/// An anchored prescription as stored.
#[cw_serde]
pub struct Prescription {
    pub erx_hash: Sha256Hash,
    pub prescriber: Addr,
    pub visit_id: Option<u64>,
    pub fills_written: u8,
    pub fills_used: u8,
    pub expires_at: Timestamp,
    pub anchored_at: Timestamp,
}

/// A fill as stored, per unit.
#[cw_serde]
pub struct Fill {
    pub prescription_id: u64,
    pub fill_number: u8,
    pub dispenser: Addr,
    pub filled_at: Timestamp,
}

pub const PRESCRIBERS: Map<&Addr, Prescriber> = Map::new("rx_prescribers");
pub const NEXT_PRESCRIPTION_ID: Item<u64> = Item::new("rx_next");
pub const PRESCRIPTIONS: Map<u64, Prescription> = Map::new("rx");
/// e-Rx hash -> prescription id (an e-Rx is anchored once).
pub const PRESCRIPTION_BY_HASH: Map<&str, u64> = Map::new("rx_by_hash");
/// (gtin, serial) -> the fill the unit's dispense made.
pub const FILLS: Map<(&str, &str), Fill> = Map::new("rx_fills");

/// The owner or the regulator: registers, updates or deactivates a prescriber.
pub fn set_prescriber(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    address: String,
    license_id: String,
    license_expiry: Timestamp,
    active: bool,
) -> Result<Response, ContractError> {
    assert_owner_or_regulator(deps.storage, &info.sender)?;
    let addr = deps.api.addr_validate(&address)?;
    validate_token("license_id", &license_id, MAX_ID_LEN)?;
    if active && license_expiry <= env.block.time {
        return Err(ContractError::InvalidPrescription {
            reason: "an active prescriber's license_expiry must be in the future",
        });
    }
    PRESCRIBERS.save(
        deps.storage,
        &addr,
        &Prescriber {
            license_id,
            license_expiry,
            active,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "set_prescriber")
        .add_attribute("prescriber", addr)
        .add_attribute("active", active.to_string())
        .add_attribute("license_expiry", license_expiry.seconds().to_string()))
}

/// An active prescriber: anchors an e-prescription.
pub fn anchor_prescription(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    erx_hash: Sha256Hash,
    visit_id: Option<u64>,
    fills_written: u8,
    expires_at: Timestamp,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    if !PRESCRIBERS
        .may_load(deps.storage, &info.sender)?
        .is_some_and(|p| p.may_prescribe(now))
    {
        return Err(ContractError::NotPrescriber {
            address: info.sender.to_string(),
        });
    }
    erx_hash.validate("erx_hash")?;
    if fills_written == 0 || fills_written > MAX_FILLS {
        return Err(ContractError::InvalidPrescription {
            reason: "fills_written must be 1 to 12",
        });
    }
    if expires_at <= now
        || expires_at.seconds() > now.seconds().saturating_add(MAX_PRESCRIPTION_SECS)
    {
        return Err(ContractError::InvalidPrescription {
            reason: "expires_at must be in the future, at most 366 days ahead",
        });
    }
    if let Some(prescription_id) = PRESCRIPTION_BY_HASH.may_load(deps.storage, erx_hash.as_str())? {
        return Err(ContractError::PrescriptionAlreadyAnchored {
            erx_hash: erx_hash.to_string(),
            prescription_id,
        });
    }
    if let Some(visit_id) = visit_id {
        assert_visit(deps.as_ref(), now, &info.sender, visit_id)?;
    }
    let id = NEXT_PRESCRIPTION_ID
        .may_load(deps.storage)?
        .unwrap_or(0)
        .checked_add(1)
        .ok_or_else(|| cosmwasm_std::StdError::msg("id overflow"))?;
    NEXT_PRESCRIPTION_ID.save(deps.storage, &id)?;
    PRESCRIPTION_BY_HASH.save(deps.storage, erx_hash.as_str(), &id)?;
    let resp = Response::new()
        .add_attribute("action", "anchor_prescription")
        .add_attribute("prescription_id", id.to_string())
        .add_attribute("prescriber", info.sender.as_str())
        .add_attribute("erx_hash", erx_hash.as_str())
        .add_attribute(
            "visit_id",
            visit_id.map_or_else(|| "none".to_string(), |v| v.to_string()),
        )
        .add_attribute("fills_written", fills_written.to_string())
        .add_attribute("expires_at", expires_at.seconds().to_string());
    PRESCRIPTIONS.save(
        deps.storage,
        id,
        &Prescription {
            erx_hash,
            prescriber: info.sender,
            visit_id,
            fills_written,
            fills_used: 0,
            expires_at,
            anchored_at: now,
        },
    )?;
    Ok(resp)
}

/// Refuses a prescription naming a visit unless ehr-registry (one query) knows the visit, it was
/// consented, `prescriber` is its clinician and `now` lies between its start and
/// [`PRESCRIPTION_VISIT_GRACE_SECS`] after its end (the hang-up, or the scheduled end if
/// earlier).
fn assert_visit(
    deps: Deps,
    now: Timestamp,
    prescriber: &Addr,
    visit_id: u64,
) -> Result<(), ContractError> {
    let ehr = CONFIG
        .load(deps.storage)?
        .ehr_registry
        .map(EhrRegistryContract)
        .ok_or(ContractError::EhrRegistryNotConfigured)?;
    let refuse = |reason: String| ContractError::PrescriptionVisit { visit_id, reason };
    let v = ehr
        .visit_summary(&deps.querier, visit_id)
        .map_err(|e| refuse(format!("could not be read from ehr-registry: {e}")))?;
    if v.clinician.as_ref() != Some(prescriber) {
        return Err(refuse(format!("was not held by {prescriber}")));
    }
    if v.consent_grant_id.is_none() {
        return Err(refuse("was never consented".into()));
    }
    let end = v.ended_at.map_or(v.ends_at, |e| e.min(v.ends_at));
    let latest = end.plus_seconds(PRESCRIPTION_VISIT_GRACE_SECS);
    if now < v.starts_at || now > latest {
        return Err(refuse(format!(
            "ran from {} to {}: a prescription naming it is anchored from its start to {} (24 h grace)",
            v.starts_at.seconds(),
            end.seconds(),
            latest.seconds()
        )));
    }
    Ok(())
}

fn load_prescription(storage: &dyn Storage, id: u64) -> Result<Prescription, ContractError> {
    PRESCRIPTIONS
        .may_load(storage, id)?
        .ok_or(ContractError::PrescriptionNotFound {
            prescription_id: id,
        })
}

/// A licensed dispenser: dispenses a unit against a prescription and records the fill.
pub fn dispense_prescription(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    unit: UnitRef,
    prescription_id: u64,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let mut rx = load_prescription(deps.storage, prescription_id)?;
    if now >= rx.expires_at {
        return Err(ContractError::PrescriptionExpired {
            prescription_id,
            expires_at: rx.expires_at,
        });
    }
    if rx.fills_used >= rx.fills_written {
        return Err(ContractError::PrescriptionUsed {
            prescription_id,
            fills_written: rx.fills_written,
        });
    }
    validate_unit_id(&unit.gtin, &unit.serial)?;
    let key = (unit.gtin.clone(), unit.serial.clone());
    let before = UNITS.may_load(deps.storage, (&key.0, &key.1))?;
    let was_dispensed = before.is_some_and(|u| u.state == UnitState::Dispensed);
    let resp = dispense::dispense(deps.branch(), env, info.clone(), unit)?;
    // An attempt that raised an alert dispensed nothing (and succeeded, to keep the alert).
    let dispensed = UNITS
        .may_load(deps.storage, (&key.0, &key.1))?
        .is_some_and(|u| {
            u.state == UnitState::Dispensed
                && u.dispensed_by.as_ref() == Some(&info.sender)
                && u.dispensed_at == Some(now)
        });
    if was_dispensed || !dispensed || FILLS.has(deps.storage, (&key.0, &key.1)) {
        return Ok(resp.add_attribute("prescription_id", prescription_id.to_string()));
    }
    rx.fills_used = rx.fills_used.saturating_add(1);
    FILLS.save(
        deps.storage,
        (&key.0, &key.1),
        &Fill {
            prescription_id,
            fill_number: rx.fills_used,
            dispenser: info.sender,
            filled_at: now,
        },
    )?;
    PRESCRIPTIONS.save(deps.storage, prescription_id, &rx)?;
    Ok(resp
        .add_attribute("prescription_id", prescription_id.to_string())
        .add_attribute("fill_number", rx.fills_used.to_string())
        .add_attribute("fills_written", rx.fills_written.to_string()))
}

/// An undone dispense gives its fill back to its prescription (if it was one).
pub fn return_fill(storage: &mut dyn Storage, gtin: &str, serial: &str) -> StdResult<()> {
    let Some(fill) = FILLS.may_load(storage, (gtin, serial))? else {
        return Ok(());
    };
    FILLS.remove(storage, (gtin, serial));
    if let Some(mut rx) = PRESCRIPTIONS.may_load(storage, fill.prescription_id)? {
        rx.fills_used = rx.fills_used.saturating_sub(1);
        PRESCRIPTIONS.save(storage, fill.prescription_id, &rx)?;
    }
    Ok(())
}

/// One prescription.
pub fn prescription(
    deps: Deps,
    env: Env,
    prescription_id: u64,
) -> Result<PrescriptionResponse, ContractError> {
    let rx = load_prescription(deps.storage, prescription_id)?;
    Ok(PrescriptionResponse {
        id: prescription_id,
        fillable: env.block.time < rx.expires_at && rx.fills_used < rx.fills_written,
        erx_hash: rx.erx_hash,
        prescriber: rx.prescriber,
        visit_id: rx.visit_id,
        fills_written: rx.fills_written,
        fills_used: rx.fills_used,
        expires_at: rx.expires_at,
        anchored_at: rx.anchored_at,
    })
}

/// The fill a unit's dispense made, if any.
pub fn prescription_fill(
    deps: Deps,
    gtin: String,
    serial: String,
) -> Result<Option<PrescriptionFillResponse>, ContractError> {
    let Some(fill) = FILLS.may_load(deps.storage, (&gtin, &serial))? else {
        return Ok(None);
    };
    let rx = load_prescription(deps.storage, fill.prescription_id)?;
    Ok(Some(PrescriptionFillResponse {
        prescription_id: fill.prescription_id,
        fill_number: fill.fill_number,
        fills_written: rx.fills_written,
        dispenser: fill.dispenser,
        filled_at: fill.filled_at,
        prescription_expires_at: rx.expires_at,
        prescriber: rx.prescriber,
        visit_id: rx.visit_id,
    }))
}

/// A registered prescriber, if any.
pub fn prescriber(
    deps: Deps,
    env: Env,
    address: String,
) -> Result<Option<PrescriberResponse>, ContractError> {
    let addr = deps.api.addr_validate(&address)?;
    Ok(PRESCRIBERS
        .may_load(deps.storage, &addr)?
        .map(|p| PrescriberResponse {
            may_prescribe: p.may_prescribe(env.block.time),
            address: addr,
            license_id: p.license_id,
            license_expiry: p.license_expiry,
            active: p.active,
        }))
}
