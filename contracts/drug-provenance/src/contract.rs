//! Entry points and dispatch only; the work is in `execute` and `query`.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response};
use cw_health_types::drug_provenance::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use cw_health_types::payment::nonpayable;

use crate::error::ContractError;
use crate::{
    cases, cold_chain, commission, custody, dispense, execute, prescription, product, query,
    repackage, suspect, verification,
};

/// The cw2 contract name.
pub const CONTRACT_NAME: &str = concat!("crates.io:", env!("CARGO_PKG_NAME"));
/// The cw2 contract version.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The versions whose storage layout this code does not read (`[from, until)`): migration from
/// such a state is refused. The pre-release skeleton (0.0.x) held no such data and migrates.
pub const OLD_STORAGE_LAYOUT: (&str, &str) = ("0.1.0", "0.2.0");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    execute::instantiate(deps, env, info, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::UpdateOwnership(action) => execute::update_ownership(deps, env, info, action),
        ExecuteMsg::UpdateConfig(update) => execute::update_config(deps, info, update),
        ExecuteMsg::SetRegulator { regulator } => execute::set_regulator(deps, info, regulator),
        ExecuteMsg::RegisterParty {
            address,
            role,
            license_id,
            license_expiry,
        } => execute::register_party(deps, env, info, address, role, license_id, license_expiry),
        ExecuteMsg::SetPartyStatus { address, status } => {
            execute::set_party_status(deps, env, info, address, status)
        }
        ExecuteMsg::SetCompanyPrefixes { party, prefixes } => {
            product::set_company_prefixes(deps, env, info, party, prefixes)
        }
        ExecuteMsg::SetLogger { logger, active } => execute::set_logger(deps, info, logger, active),
        ExecuteMsg::RegisterProduct {
            gtin,
            ndc,
            temp_profile,
            pack_quantity,
        } => product::register_product(deps, env, info, gtin, ndc, temp_profile, pack_quantity),
        ExecuteMsg::ChangeProduct { gtin, change } => {
            product::change_product(deps, env, info, gtin, change)
        }
        ExecuteMsg::Commission {
            gtin,
            lot,
            expiry,
            serials,
        } => commission::commission(deps, env, info, gtin, lot, expiry, serials),
        ExecuteMsg::Ship {
            to,
            units,
            cases,
            ti_hash,
            ts_hash,
        } => custody::ship(deps, env, info, to, units, cases, ti_hash, ts_hash),
        ExecuteMsg::Receive { shipment_id } => custody::receive(deps, env, info, shipment_id),
        ExecuteMsg::CancelShipment { shipment_id } => {
            custody::cancel_shipment(deps, env, info, shipment_id)
        }
        ExecuteMsg::Pack { sscc, units, cases } => cases::pack(deps, env, info, sscc, units, cases),
        ExecuteMsg::Unpack { sscc } => cases::unpack(deps, env, info, sscc),
        ExecuteMsg::Dispense { unit } => dispense::dispense(deps, env, info, unit),
        ExecuteMsg::DispensePrescription {
            unit,
            prescription_id,
        } => prescription::dispense_prescription(deps, env, info, unit, prescription_id),
        ExecuteMsg::SetPrescriber {
            address,
            license_id,
            license_expiry,
            active,
        } => prescription::set_prescriber(
            deps,
            env,
            info,
            address,
            license_id,
            license_expiry,
            active,
        ),
        ExecuteMsg::AnchorPrescription {
            erx_hash,
            visit_id,
            fills_written,
            expires_at,
        } => prescription::anchor_prescription(
            deps,
            env,
            info,
            erx_hash,
            visit_id,
            fills_written,
            expires_at,
        ),
        ExecuteMsg::UndoDispense { gtin, serial } => {
            dispense::undo_dispense(deps, env, info, gtin, serial)
        }
        ExecuteMsg::Destroy { unit } => dispense::destroy(deps, env, info, unit),
        ExecuteMsg::Decommission { unit, reason } => {
            dispense::decommission(deps, env, info, unit, reason)
        }
        ExecuteMsg::RecordVerification(request) => {
            verification::record_verification(deps, env, info, request)
        }
        ExecuteMsg::FlagSuspectLot {
            gtin,
            lot,
            reason,
            evidence_hash,
        } => suspect::flag_suspect_lot(deps, env, info, gtin, lot, reason, evidence_hash),
        ExecuteMsg::RequestVerification {
            unit,
            reason,
            evidence_hash,
        } => verification::request_verification(deps, env, info, unit, reason, evidence_hash),
        ExecuteMsg::Repackage {
            inputs,
            gtin,
            lot,
            expiry,
            serials,
        } => repackage::repackage(deps, env, info, inputs, gtin, lot, expiry, serials),
        ExecuteMsg::FlagSuspect {
            unit,
            reason,
            evidence_hash,
        } => suspect::flag_suspect(deps, env, info, unit, reason, evidence_hash),
        ExecuteMsg::ResolveSuspect {
            investigation_id,
            determination,
            evidence_hash,
        } => suspect::resolve_suspect(
            deps,
            env,
            info,
            investigation_id,
            determination,
            evidence_hash,
        ),
        ExecuteMsg::RecordNotification {
            investigation_id,
            notification_hash,
        } => suspect::record_notification(deps, env, info, investigation_id, notification_hash),
        ExecuteMsg::Recall {
            gtin,
            lots,
            recall_class,
            notice_hash,
        } => commission::recall(deps, env, info, gtin, lots, recall_class, notice_hash),
        ExecuteMsg::ReportExcursion {
            target,
            min_decicelsius,
            max_decicelsius,
            duration_secs,
            readings_hash,
        } => cold_chain::report_excursion(
            deps,
            env,
            info,
            target,
            min_decicelsius,
            max_decicelsius,
            duration_secs,
            readings_hash,
        ),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?)?,
        QueryMsg::Ownership {} => to_json_binary(&query::ownership(deps)?)?,
        QueryMsg::VerifyUnit(request) => to_json_binary(&query::verify_unit(deps, env, request)?)?,
        QueryMsg::Party { address } => to_json_binary(&query::party(deps, env, address)?)?,
        QueryMsg::Parties { start_after, limit } => {
            to_json_binary(&query::parties(deps, env, start_after, limit)?)?
        }
        QueryMsg::Logger { address } => to_json_binary(&query::logger(deps, address)?)?,
        QueryMsg::Product { gtin } => to_json_binary(&query::product(deps, gtin)?)?,
        QueryMsg::Lot { gtin, lot } => to_json_binary(&query::lot(deps, gtin, lot)?)?,
        QueryMsg::Unit { gtin, serial } => to_json_binary(&query::unit(deps, env, gtin, serial)?)?,
        QueryMsg::History {
            gtin,
            serial,
            start_after,
            limit,
        } => to_json_binary(&query::history(deps, gtin, serial, start_after, limit)?)?,
        QueryMsg::RecallHolders {
            gtin,
            lot,
            start_after,
            limit,
        } => to_json_binary(&query::recall_holders(
            deps,
            env,
            gtin,
            lot,
            start_after,
            limit,
        )?)?,
        QueryMsg::PackedCase { sscc } => to_json_binary(&query::case(deps, sscc)?)?,
        QueryMsg::CaseUnits {
            sscc,
            start_after,
            limit,
        } => to_json_binary(&query::case_units(deps, sscc, start_after, limit)?)?,
        QueryMsg::Shipment { shipment_id } => to_json_binary(&query::shipment(deps, shipment_id)?)?,
        QueryMsg::Repackaging {
            repackaging_id,
            side,
            start_after,
            limit,
        } => to_json_binary(&repackage::repackaging(
            deps,
            repackaging_id,
            side,
            start_after,
            limit,
        )?)?,
        QueryMsg::Investigation { investigation_id } => {
            to_json_binary(&query::investigation(deps, investigation_id)?)?
        }
        QueryMsg::Overdue { start_after, limit } => {
            to_json_binary(&query::overdue(deps, env, start_after, limit)?)?
        }
        QueryMsg::Prescription { prescription_id } => {
            to_json_binary(&prescription::prescription(deps, env, prescription_id)?)?
        }
        QueryMsg::PrescriptionFill { gtin, serial } => {
            to_json_binary(&prescription::prescription_fill(deps, gtin, serial)?)?
        }
        QueryMsg::Prescriber { address } => {
            to_json_binary(&prescription::prescriber(deps, env, address)?)?
        }
    })
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    // 0.2.0 stores units and shipments compactly (issue 20): a 0.1.0 state is refused, not misread.
    let from = cw_health_types::migration::ensure_from_layout(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
        OLD_STORAGE_LAYOUT,
    )?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", from.to_string())
        .add_attribute("to_version", CONTRACT_VERSION))
}
