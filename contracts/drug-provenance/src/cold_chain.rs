//! Cold chain: registered loggers report temperature excursions on a unit or a case; each
//! unit's cumulative excursion grows (a readings hash counts once per unit) and a unit past its
//! product's allowance is quarantined through an investigation.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_health_types::drug_provenance::gs1::validate_sscc;
use cw_health_types::drug_provenance::{
    BizStep, CaseState, ExcursionTarget, SuspectReason, UnitRef, UnitState,
};
use cw_health_types::Sha256Hash;

use crate::alerts::open_investigation;
use crate::custody::case_units;
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
    if !matches!(unit.state, UnitState::Active | UnitState::InTransit) {
        return Ok(Applied::Skipped(ContractError::UnitNotActive {
            gtin: gtin.into(),
            serial: serial.into(),
            state: wire_code(&unit.state),
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
        ExcursionTarget::Unit {
            gtin,
            serial,
            lot,
            proof,
        } => {
            validate_unit_id(&gtin, &serial)?;
            let product = PRODUCTS
                .may_load(deps.storage, &gtin)?
                .ok_or_else(|| ContractError::UnknownProduct { gtin: gtin.clone() })?;
            // A Merkle unit that never moved is stored now (from its lot and proof); a unit
            // already on the ledger is found as it is.
            if lot.is_some() || proof.is_some() {
                let unit_ref = UnitRef {
                    gtin: gtin.clone(),
                    serial: serial.clone(),
                    lot,
                    proof,
                };
                resolve_unit(deps.storage, &unit_ref)?;
            }
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
