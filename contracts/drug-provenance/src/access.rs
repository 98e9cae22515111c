//! Who may act: the owner and regulator, a product's manufacturer, licensed trading partners,
//! and the standing to raise an alarm on a unit. Every check is a handful of point reads.

use cosmwasm_std::{Addr, Storage, Timestamp};
use cw_health_types::drug_provenance::UnitRef;
use cw_health_types::ownership;
use cw_health_types::Sha256Hash;

use crate::error::ContractError;
use crate::ledger::{held_container, resolve_unit};
use crate::state::{Config, Party, Unit, CONFIG, HOLDERS, PARTIES, PRODUCTS, SHIPMENTS};

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

/// Fails unless `sender` has standing to raise an alarm on the unit: its owner, the recipient
/// of the shipment it is in (its custodian on the way), a past holder, its product's
/// manufacturer or the regulator.
pub fn assert_standing(
    storage: &dyn Storage,
    gtin: &str,
    serial: &str,
    unit: &Unit,
    sender: &Addr,
) -> Result<(), ContractError> {
    let standing = unit.owner == *sender
        || unit.custodian.as_ref() == Some(sender)
        || CONFIG.load(storage)?.regulator.as_ref() == Some(sender)
        || HOLDERS.has(storage, ((gtin, serial), sender))
        || held_container(storage, unit, sender)?
        || PRODUCTS
            .may_load(storage, gtin)?
            .is_some_and(|p| p.manufacturer == *sender)
        || match unit.shipment_id {
            Some(id) => SHIPMENTS
                .may_load(storage, id)?
                .is_some_and(|s| s.to == *sender),
            None => false,
        };
    if standing {
        Ok(())
    } else {
        Err(ContractError::NoStanding {
            gtin: gtin.to_string(),
            serial: serial.to_string(),
        })
    }
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

/// The common ground of raising something on a unit (a suspect flag, a verification request):
/// the sender is the regulator or a licensed partner, the evidence hash (if any) is well formed,
/// the unit exists, and the sender has standing on it. Returns the config and the unit.
pub fn raise_on_unit(
    storage: &mut dyn Storage,
    sender: &Addr,
    now: Timestamp,
    unit_ref: &UnitRef,
    evidence_hash: &Option<Sha256Hash>,
) -> Result<(Config, Unit), ContractError> {
    let cfg = CONFIG.load(storage)?;
    if cfg.regulator.as_ref() != Some(sender) {
        require_licensed(storage, sender, now)?;
    }
    if let Some(h) = evidence_hash {
        h.validate("evidence_hash")?;
    }
    let unit = resolve_unit(storage, unit_ref)?;
    assert_standing(storage, &unit_ref.gtin, &unit_ref.serial, &unit, sender)?;
    Ok((cfg, unit))
}
