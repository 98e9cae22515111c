//! Cold chain: registered loggers report temperature excursions on a unit or a case; each
//! unit's cumulative excursion grows (a readings hash counts once per unit) and a unit past its
//! product's allowance is quarantined through an investigation.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Storage};
use cw_health_types::drug_provenance::gs1::validate_sscc;
use cw_health_types::drug_provenance::{
    BizStep, CaseState, ExcursionTarget, SuspectReason, UnitRef, UnitState,
};
use cw_health_types::Sha256Hash;

use crate::alerts::open_investigation;
use crate::cases::case_units;
use crate::error::ContractError;
use crate::ledger::{append_event, event, load_unit, resolve_unit, validate_unit_id, wire_code};
use crate::state::{Product, Unit, CASES, CONFIG, EXCURSION_REPORTS, LOGGERS, PRODUCTS, UNITS};

/// Longest excursion one report may carry: one year.
pub const MAX_EXCURSION_SECS: u64 = 365 * 86_400;

/// What one unit's share of an excursion report did.
enum Applied {
    Counted { quarantine: Option<u64> },
    Skipped(ContractError),
}

/// One logger report: the observed range, the time outside the profile, the readings' hash.
struct Reading<'a> {
    min: i32,
    max: i32,
    duration_secs: u64,
    hash: &'a Sha256Hash,
}

fn apply_excursion(
    storage: &mut dyn Storage,
    env: &Env,
    gtin: &str,
    serial: &str,
    sscc: Option<&String>,
    product: &Product,
    r: &Reading,
) -> Result<Applied, ContractError> {
    let Some(profile) = product.temp_profile else {
        return Ok(Applied::Skipped(ContractError::NoTempProfile {
            gtin: gtin.into(),
        }));
    };
    if r.min >= profile.min_decicelsius && r.max <= profile.max_decicelsius {
        return Ok(Applied::Skipped(ContractError::NotAnExcursion));
    }
    let mut unit: Unit = load_unit(storage, gtin, serial)?;
    if !matches!(unit.state, UnitState::Active | UnitState::InTransit) {
        return Ok(Applied::Skipped(ContractError::UnitNotActive {
            gtin: gtin.into(),
            serial: serial.into(),
            state: wire_code(&unit.state),
        }));
    }
    let report_key = ((gtin, serial), r.hash.as_str());
    if EXCURSION_REPORTS.has(storage, report_key) {
        return Ok(Applied::Skipped(ContractError::DuplicateExcursion {
            gtin: gtin.into(),
            serial: serial.into(),
            readings_hash: r.hash.as_str().into(),
        }));
    }
    EXCURSION_REPORTS.save(storage, report_key, &())?;
    unit.excursion_secs = unit.excursion_secs.saturating_add(r.duration_secs);
    let mut ev = event(BizStep::SensorReporting, env, &env.contract.address);
    ev.document = Some(r.hash.clone());
    ev.excursion_secs = Some(r.duration_secs);
    ev.sscc = sscc.cloned();
    append_event(storage, gtin, serial, &mut unit, ev)?;
    let mut quarantine = None;
    if unit.excursion_secs > profile.max_excursion_secs && unit.quarantine.is_none() {
        let cfg = CONFIG.load(storage)?;
        quarantine = Some(open_investigation(
            storage,
            env,
            &cfg,
            gtin,
            serial,
            &mut unit,
            SuspectReason::ColdChainExcursion,
            &env.contract.address,
            Some(r.hash.clone()),
        )?);
    }
    UNITS.save(storage, (gtin, serial), &unit)?;
    Ok(Applied::Counted { quarantine })
}

/// Reports a temperature excursion on a unit or a case (registered loggers only).
pub fn report_excursion(
    deps: DepsMut,
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
    let r = Reading {
        min,
        max,
        duration_secs,
        hash: &readings_hash,
    };
    let resp = Response::new()
        .add_attribute("action", "report_excursion")
        .add_attribute("biz_step", "sensor_reporting")
        .add_attribute("logger", &info.sender)
        .add_attribute("duration_secs", duration_secs.to_string())
        .add_attribute("readings_hash", readings_hash.as_str());
    let (resp, quarantined) = match target {
        ExcursionTarget::Unit {
            gtin,
            serial,
            lot,
            proof,
        } => {
            let unit_ref = UnitRef {
                gtin,
                serial,
                lot,
                proof,
            };
            let quarantined: Vec<u64> = excursion_on_unit(deps.storage, &env, &unit_ref, &r)?
                .into_iter()
                .collect();
            let resp = resp
                .add_attribute("gtin", unit_ref.gtin)
                .add_attribute("serial", unit_ref.serial)
                .add_attribute("unit_count", "1");
            (resp, quarantined)
        }
        ExcursionTarget::PackedCase { sscc } => {
            let (counted, quarantined) = excursion_on_case(deps.storage, &env, &sscc, &r)?;
            let resp = resp
                .add_attribute("sscc", sscc)
                .add_attribute("unit_count", counted.to_string());
            (resp, quarantined)
        }
    };
    let quarantined: Vec<String> = quarantined.iter().map(|q| q.to_string()).collect();
    Ok(resp.add_attribute(
        "quarantined",
        if quarantined.is_empty() {
            "none".into()
        } else {
            quarantined.join(" ")
        },
    ))
}

/// One unit's excursion (a Merkle unit that never moved is stored now, from its lot and proof);
/// the report is refused if it does not count. Returns the quarantine it opened, if any.
fn excursion_on_unit(
    storage: &mut dyn Storage,
    env: &Env,
    unit_ref: &UnitRef,
    r: &Reading,
) -> Result<Option<u64>, ContractError> {
    let (gtin, serial) = (unit_ref.gtin.as_str(), unit_ref.serial.as_str());
    validate_unit_id(gtin, serial)?;
    let product = PRODUCTS
        .may_load(storage, gtin)?
        .ok_or_else(|| ContractError::UnknownProduct { gtin: gtin.into() })?;
    if unit_ref.lot.is_some() || unit_ref.proof.is_some() {
        resolve_unit(storage, unit_ref)?;
    }
    match apply_excursion(storage, env, gtin, serial, None, &product, r)? {
        Applied::Skipped(err) => Err(err),
        Applied::Counted { quarantine } => Ok(quarantine),
    }
}

/// A case's excursion, applied to each unit in it that counts it (refused when none does).
/// Returns how many counted and the quarantines opened.
fn excursion_on_case(
    storage: &mut dyn Storage,
    env: &Env,
    sscc: &str,
    r: &Reading,
) -> Result<(u32, Vec<u64>), ContractError> {
    validate_sscc("sscc", sscc)?;
    let case = CASES
        .may_load(storage, sscc)?
        .ok_or_else(|| ContractError::UnknownCase { sscc: sscc.into() })?;
    if case.state == CaseState::Unpacked {
        return Err(ContractError::CaseNotActive {
            sscc: sscc.into(),
            state: "unpacked".into(),
        });
    }
    // A pallet's cases are reported one by one: one report touches at most one case's units.
    if case.level > 1 {
        return Err(ContractError::OutOfRange {
            field: "sscc".into(),
            reason: format!("{sscc} is a pallet; report the excursion for each case in it"),
        });
    }
    let sscc_s = sscc.to_string();
    let mut products: Vec<(String, Product)> = vec![];
    let (mut counted, mut quarantined, mut first_skip) = (0u32, vec![], None);
    for (gtin, serial) in case_units(storage, sscc)? {
        let product = match products.iter().find(|(g, _)| *g == gtin) {
            Some((_, p)) => p.clone(),
            None => {
                let p = PRODUCTS.load(storage, &gtin)?;
                products.push((gtin.clone(), p.clone()));
                p
            }
        };
        match apply_excursion(storage, env, &gtin, &serial, Some(&sscc_s), &product, r)? {
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
    Ok((counted, quarantined))
}
