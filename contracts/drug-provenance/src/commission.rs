//! Lots: commissioning (explicit serials or a Merkle root) and recall. Both are bounded: an
//! explicit commission writes at most `MAX_BATCH_LEN` units, a Merkle commission and a recall
//! write one record per lot and never touch units.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, Storage};
use cw_health_types::drug_provenance::gs1::{expiry_instant, validate_alphanumeric, validate_gtin};
use cw_health_types::drug_provenance::{
    BizStep, CommissionSerials, RecallClass, RecallInfo, TradingPartnerRole,
};
use cw_health_types::limits::{validate_unique, MAX_BATCH_LEN, MAX_LIST_LEN};
use cw_health_types::{Sha256Hash, ValidationError};

use crate::access::{assert_manufacturer_or_regulator, require_licensed};
use crate::error::ContractError;
use crate::ledger::{append_event, event, wire_code};
use crate::state::{Lot, Product, Unit, HOLDERS, LOTS, LOT_UNITS, PRODUCTS, UNITS};

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
    let merkle = matches!(serials, CommissionSerials::MerkleRoot { .. });
    let (mut product, mut lot) = open_lot(
        deps.storage,
        &env,
        &info.sender,
        &gtin,
        &lot_id,
        &expiry,
        merkle,
    )?;
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
            let target = NewUnits {
                gtin: &gtin,
                lot_id: &lot_id,
                made_by: None,
            };
            let n = commission_list(
                deps.storage,
                &env,
                &info.sender,
                &target,
                &mut lot,
                &product,
                &serials,
            )?;
            resp = resp
                .add_attribute("mode", "list")
                .add_attribute("count", n.to_string())
                .add_attribute("serials", serials.join(" "));
        }
    }
    LOTS.save(deps.storage, (&gtin, &lot_id), &lot)?;
    Ok(resp)
}

/// The checks of a commissioning by `sender` of lot `lot_id` (`merkle`: as a Merkle root):
/// its licensed manufacturer, still in the manufacturer or repackager role, of a product not
/// withdrawn; a valid, unexpired lot whose expiry matches an earlier commissioning and that is
/// neither recalled nor closed (a Merkle lot takes no more serials). Returns the product and
/// the lot (new, or as stored); the caller saves the lot.
pub fn open_lot(
    storage: &dyn Storage,
    env: &Env,
    sender: &Addr,
    gtin: &str,
    lot_id: &str,
    expiry: &str,
    merkle: bool,
) -> Result<(Product, Lot), ContractError> {
    let party = require_licensed(storage, sender, env.block.time)?;
    validate_gtin("gtin", gtin)?;
    let gtin_s = || gtin.to_string();
    let product = PRODUCTS
        .may_load(storage, gtin)?
        .ok_or_else(|| ContractError::UnknownProduct { gtin: gtin_s() })?;
    if product.manufacturer != *sender {
        return Err(ContractError::NotProductManufacturer { gtin: gtin_s() });
    }
    // The role is checked now, not only at registration: a party moved to another role no
    // longer commissions.
    if !matches!(
        party.role,
        TradingPartnerRole::Manufacturer | TradingPartnerRole::Repackager
    ) {
        return Err(ContractError::WrongRole {
            party: sender.to_string(),
            role: wire_code(&party.role),
            action: "commission units".into(),
        });
    }
    if product.withdrawn_at.is_some() {
        return Err(ContractError::ProductWithdrawn { gtin: gtin_s() });
    }
    validate_alphanumeric("lot", lot_id)?;
    let expires_at = expiry_instant("expiry", expiry)?;
    let lot_s = || lot_id.to_string();
    if env.block.time >= expires_at {
        return Err(ContractError::ExpiredProduct {
            gtin: gtin_s(),
            lot: lot_s(),
        });
    }
    let Some(lot) = LOTS.may_load(storage, (gtin, lot_id))? else {
        return Ok((
            product,
            Lot {
                expiry: expiry.to_string(),
                expires_at,
                manufacturer: sender.clone(),
                commissioned_at: env.block.time,
                merkle_root: None,
                serial_count: 0,
                units_on_ledger: 0,
                recall: None,
                quarantine: None,
                illegitimate: false,
            },
        ));
    };
    reopen(&lot, gtin, lot_id, expiry, merkle)?;
    Ok((product, lot))
}

/// Whether a stored lot takes more serials: the same expiry, an explicit lot (and explicit
/// serials), neither recalled nor quarantined nor illegitimate.
fn reopen(
    lot: &Lot,
    gtin: &str,
    lot_id: &str,
    expiry: &str,
    merkle: bool,
) -> Result<(), ContractError> {
    let (gtin_s, lot_s) = (|| gtin.to_string(), || lot_id.to_string());
    if lot.expiry != expiry {
        return Err(ContractError::LotExpiryMismatch {
            gtin: gtin_s(),
            lot: lot_s(),
            commissioned: lot.expiry.clone(),
            given: expiry.to_string(),
        });
    }
    if lot.merkle_root.is_some() || merkle {
        return Err(ContractError::MerkleLotClosed {
            gtin: gtin_s(),
            lot: lot_s(),
        });
    }
    if lot.recall.is_some() {
        return Err(ContractError::AlreadyRecalled {
            gtin: gtin_s(),
            lot: lot_s(),
        });
    }
    if lot.quarantine.is_some() || lot.illegitimate {
        return Err(ContractError::LotBlocked {
            gtin: gtin_s(),
            lot: lot_s(),
            state: "quarantined or illegitimate".into(),
        });
    }
    Ok(())
}

/// Where explicit serials are commissioned: a lot of a product, and the repackaging that
/// makes them, if any.
pub struct NewUnits<'a> {
    pub gtin: &'a str,
    pub lot_id: &'a str,
    pub made_by: Option<u64>,
}

/// Commissions explicit serials (1 to 100, distinct, new for the GTIN, the product without a
/// Merkle lot) into `lot` (the caller saves it) with `sender` as their first owner. Returns how
/// many.
pub fn commission_list(
    storage: &mut dyn Storage,
    env: &Env,
    sender: &Addr,
    target: &NewUnits,
    lot: &mut Lot,
    product: &Product,
    serials: &[String],
) -> Result<u64, ContractError> {
    let (gtin, lot_id) = (target.gtin, target.lot_id);
    // A serial may sit unseen in a Merkle root of this product: commissioning it explicitly
    // would give one identity to two packs.
    if product.has_merkle_lot {
        return Err(ContractError::MerkleProduct { gtin: gtin.into() });
    }
    if serials.is_empty() {
        return Err(ValidationError::Empty {
            field: "serials".into(),
        }
        .into());
    }
    validate_unique("serials", serials, MAX_BATCH_LEN)?;
    for serial in serials {
        validate_alphanumeric("serial", serial)?;
        if UNITS.has(storage, (gtin, serial)) {
            return Err(ContractError::SerialExists {
                gtin: gtin.into(),
                serial: serial.clone(),
            });
        }
    }
    for serial in serials {
        let mut unit = Unit::new(lot_id, &lot.expiry, lot.expires_at, sender);
        unit.repackaged_from = target.made_by;
        append_event(
            storage,
            gtin,
            serial,
            &mut unit,
            event(BizStep::Commissioning, env, sender),
        )?;
        UNITS.save(storage, (gtin, serial), &unit)?;
        LOT_UNITS.save(storage, (gtin, lot_id, serial), &())?;
        HOLDERS.save(storage, ((gtin, serial), sender), &())?;
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
    Ok(n)
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
                    class: wire_code(&previous.recall_class),
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
        .add_attribute("class", wire_code(&class))
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
