//! Lots: commissioning (explicit serials or a Merkle root) and recall. Both are bounded: an
//! explicit commission writes at most `MAX_BATCH_LEN` units, a Merkle commission and a recall
//! write one record per lot and never touch units.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_health_types::drug_provenance::gs1::{expiry_instant, validate_alphanumeric, validate_gtin};
use cw_health_types::drug_provenance::{
    BizStep, CommissionSerials, RecallClass, RecallInfo, UnitState,
};
use cw_health_types::limits::{validate_unique, MAX_BATCH_LEN, MAX_LIST_LEN};
use cw_health_types::{Sha256Hash, ValidationError};

use crate::error::ContractError;
use crate::ledger::{append_event, assert_manufacturer_or_regulator, event, require_licensed};
use crate::state::{Lot, Unit, LOTS, LOT_UNITS, PRODUCTS, UNITS};

/// Commissions units of a lot (the product's licensed manufacturer only).
pub fn commission(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    gtin: String,
    lot_id: String,
    expiry: String,
    serials: CommissionSerials,
) -> Result<Response, ContractError> {
    require_licensed(deps.storage, &info.sender, env.block.time)?;
    validate_gtin("gtin", &gtin)?;
    let product = PRODUCTS
        .may_load(deps.storage, &gtin)?
        .ok_or_else(|| ContractError::UnknownProduct { gtin: gtin.clone() })?;
    if product.manufacturer != info.sender {
        return Err(ContractError::NotProductManufacturer { gtin });
    }
    validate_alphanumeric("lot", &lot_id)?;
    let expires_at = expiry_instant("expiry", &expiry)?;
    if env.block.time >= expires_at {
        return Err(ContractError::ExpiredProduct { gtin, lot: lot_id });
    }
    let existing = LOTS.may_load(deps.storage, (&gtin, &lot_id))?;
    if let Some(lot) = &existing {
        if lot.expiry != expiry {
            return Err(ContractError::LotExpiryMismatch {
                gtin,
                lot: lot_id,
                commissioned: lot.expiry.clone(),
                given: expiry,
            });
        }
        if lot.merkle_root.is_some() || matches!(serials, CommissionSerials::MerkleRoot { .. }) {
            return Err(ContractError::MerkleLotClosed { gtin, lot: lot_id });
        }
        if lot.recall.is_some() {
            return Err(ContractError::AlreadyRecalled { gtin, lot: lot_id });
        }
    }
    let mut lot = existing.unwrap_or_else(|| Lot {
        expiry: expiry.clone(),
        expires_at,
        manufacturer: info.sender.clone(),
        commissioned_at: env.block.time,
        merkle_root: None,
        serial_count: 0,
        units_on_ledger: 0,
        recall: None,
    });
    let mut resp = Response::new()
        .add_attribute("action", "commission")
        .add_attribute("biz_step", "commissioning")
        .add_attribute("gtin", &gtin)
        .add_attribute("lot", &lot_id)
        .add_attribute("expiry", &expiry)
        .add_attribute("manufacturer", &info.sender);
    match serials {
        CommissionSerials::MerkleRoot { root, leaf_count } => {
            root.validate("root")?;
            if leaf_count == 0 {
                return Err(ContractError::OutOfRange {
                    field: "leaf_count".into(),
                    reason: "a Merkle lot has at least one serial".into(),
                });
            }
            lot.merkle_root = Some(root.clone());
            lot.serial_count = leaf_count;
            resp = resp
                .add_attribute("mode", "merkle_root")
                .add_attribute("merkle_root", root.as_str())
                .add_attribute("leaf_count", leaf_count.to_string());
        }
        CommissionSerials::List { serials } => {
            if serials.is_empty() {
                return Err(ValidationError::Empty {
                    field: "serials".into(),
                }
                .into());
            }
            validate_unique("serials", &serials, MAX_BATCH_LEN)?;
            for serial in &serials {
                validate_alphanumeric("serial", serial)?;
                if UNITS.has(deps.storage, (&gtin, serial)) {
                    return Err(ContractError::SerialExists {
                        gtin,
                        serial: serial.clone(),
                    });
                }
            }
            for serial in &serials {
                let mut unit = Unit {
                    lot: lot_id.clone(),
                    expiry: expiry.clone(),
                    expires_at,
                    owner: info.sender.clone(),
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
                append_event(
                    deps.storage,
                    &gtin,
                    serial,
                    &mut unit,
                    event(BizStep::Commissioning, &env, &info.sender),
                )?;
                UNITS.save(deps.storage, (&gtin, serial), &unit)?;
                LOT_UNITS.save(deps.storage, (&gtin, &lot_id, serial), &())?;
            }
            let n = serials.len() as u64;
            lot.serial_count = lot
                .serial_count
                .checked_add(n)
                .ok_or_else(|| cosmwasm_std::StdError::msg("serial count overflow"))?;
            lot.units_on_ledger = lot
                .units_on_ledger
                .checked_add(n)
                .ok_or_else(|| cosmwasm_std::StdError::msg("unit count overflow"))?;
            resp = resp
                .add_attribute("mode", "list")
                .add_attribute("count", n.to_string())
                .add_attribute("serials", serials.join(" "));
        }
    }
    LOTS.save(deps.storage, (&gtin, &lot_id), &lot)?;
    Ok(resp)
}

/// Recalls lots (manufacturer or regulator). One write per lot; units are never iterated.
pub fn recall(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    gtin: String,
    lots: Vec<String>,
    class: RecallClass,
    notice_hash: Option<Sha256Hash>,
) -> Result<Response, ContractError> {
    assert_manufacturer_or_regulator(deps.storage, &gtin, &info.sender)?;
    validate_gtin("gtin", &gtin)?;
    if lots.is_empty() {
        return Err(ValidationError::Empty {
            field: "lots".into(),
        }
        .into());
    }
    validate_unique("lots", &lots, MAX_LIST_LEN)?;
    if let Some(h) = &notice_hash {
        h.validate("notice_hash")?;
    }
    let info_rec = RecallInfo {
        recall_class: class,
        recalled_by: info.sender.clone(),
        recalled_at: env.block.time,
        notice_hash: notice_hash.clone(),
    };
    for lot_id in &lots {
        validate_alphanumeric("lot", lot_id)?;
        let mut lot = LOTS
            .may_load(deps.storage, (&gtin, lot_id))?
            .ok_or_else(|| ContractError::UnknownLot {
                gtin: gtin.clone(),
                lot: lot_id.clone(),
            })?;
        if lot.recall.is_some() {
            return Err(ContractError::AlreadyRecalled {
                gtin,
                lot: lot_id.clone(),
            });
        }
        lot.recall = Some(info_rec.clone());
        LOTS.save(deps.storage, (&gtin, lot_id), &lot)?;
    }
    Ok(Response::new()
        .add_attribute("action", "recall")
        .add_attribute("gtin", gtin)
        .add_attribute("lots", lots.join(" "))
        .add_attribute("class", class.code())
        .add_attribute("by", info.sender)
        .add_attribute(
            "notice_hash",
            notice_hash.map(|h| h.0).unwrap_or_else(|| "none".into()),
        ))
}
