//! Lots: commissioning (explicit serials or a Merkle root) and recall. Both are bounded: an
//! explicit commission writes at most `MAX_BATCH_LEN` units, a Merkle commission and a recall
//! write one record per lot and never touch units.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_health_types::drug_provenance::gs1::{expiry_instant, validate_alphanumeric, validate_gtin};
use cw_health_types::drug_provenance::{
    BizStep, CommissionSerials, RecallClass, RecallInfo, TradingPartnerRole,
};
use cw_health_types::limits::{validate_unique, MAX_BATCH_LEN, MAX_LIST_LEN};
use cw_health_types::{Sha256Hash, ValidationError};

use crate::error::ContractError;
use crate::ledger::{
    append_event, assert_manufacturer_or_regulator, event, require_licensed, wire_code,
};
use crate::state::{Lot, Unit, HOLDERS, LOTS, LOT_UNITS, PRODUCTS, UNITS};

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
    let party = require_licensed(deps.storage, &info.sender, env.block.time)?;
    validate_gtin("gtin", &gtin)?;
    let mut product = PRODUCTS
        .may_load(deps.storage, &gtin)?
        .ok_or_else(|| ContractError::UnknownProduct { gtin: gtin.clone() })?;
    if product.manufacturer != info.sender {
        return Err(ContractError::NotProductManufacturer { gtin });
    }
    // The role is checked now, not only at registration: a party moved to another role no
    // longer commissions.
    if !matches!(
        party.role,
        TradingPartnerRole::Manufacturer | TradingPartnerRole::Repackager
    ) {
        return Err(ContractError::WrongRole {
            party: info.sender.to_string(),
            role: wire_code(&party.role),
            action: "commission units".into(),
        });
    }
    if product.withdrawn_at.is_some() {
        return Err(ContractError::ProductWithdrawn { gtin });
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
            if !product.has_merkle_lot {
                product.has_merkle_lot = true;
                PRODUCTS.save(deps.storage, &gtin, &product)?;
            }
            resp = resp
                .add_attribute("mode", "merkle_root")
                .add_attribute("merkle_root", root.as_str())
                .add_attribute("leaf_count", leaf_count.to_string());
        }
        CommissionSerials::List { serials } => {
            // A serial may sit unseen in a Merkle root of this product: commissioning it
            // explicitly would give one identity to two packs.
            if product.has_merkle_lot {
                return Err(ContractError::MerkleProduct { gtin });
            }
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
                let mut unit = Unit::new(&lot_id, &expiry, expires_at, &info.sender);
                append_event(
                    deps.storage,
                    &gtin,
                    serial,
                    &mut unit,
                    event(BizStep::Commissioning, &env, &info.sender),
                )?;
                UNITS.save(deps.storage, (&gtin, serial), &unit)?;
                LOT_UNITS.save(deps.storage, (&gtin, &lot_id, serial), &())?;
                HOLDERS.save(deps.storage, ((&gtin, serial), &info.sender), &())?;
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

/// How severe a recall class is (Class I most).
fn severity(class: RecallClass) -> u8 {
    match class {
        RecallClass::ClassIII => 1,
        RecallClass::ClassII => 2,
        RecallClass::ClassI => 3,
    }
}

/// Recalls lots (manufacturer or regulator), or escalates the class of recalled ones (never
/// lowers it). One write per lot; units are never iterated.
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
    let mut escalated = vec![];
    for lot_id in &lots {
        validate_alphanumeric("lot", lot_id)?;
        let mut lot = LOTS
            .may_load(deps.storage, (&gtin, lot_id))?
            .ok_or_else(|| ContractError::UnknownLot {
                gtin: gtin.clone(),
                lot: lot_id.clone(),
            })?;
        // Irreversible: a recalled lot is recalled again only to escalate its class.
        if let Some(previous) = &lot.recall {
            if severity(class) <= severity(previous.recall_class) {
                return Err(ContractError::RecallNotEscalated {
                    gtin,
                    lot: lot_id.clone(),
                    class: previous.recall_class.code().into(),
                });
            }
            escalated.push(lot_id.as_str());
        }
        lot.recall = Some(info_rec.clone());
        LOTS.save(deps.storage, (&gtin, lot_id), &lot)?;
    }
    Ok(Response::new()
        .add_attribute("action", "recall")
        .add_attribute("gtin", gtin)
        .add_attribute("lots", lots.join(" "))
        .add_attribute("class", class.code())
        .add_attribute(
            "escalated",
            if escalated.is_empty() {
                "none".to_string()
            } else {
                escalated.join(" ")
            },
        )
        .add_attribute("by", info.sender)
        .add_attribute(
            "notice_hash",
            notice_hash.map(|h| h.0).unwrap_or_else(|| "none".into()),
        ))
}
