//! Product identity (GS1): the company prefixes parties hold, product registration by the
//! prefix holder, and the owner's or regulator's transfer, withdrawal and revocation of a product.
//! Every check is a handful of point reads (a prefix is looked up at each of its 9 possible
//! lengths).

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Order, Response, StdResult, Storage};
use cw_health_types::drug_provenance::gs1::{
    company_prefix_area, validate_company_prefix, validate_gtin, MAX_COMPANY_PREFIX_LEN,
    MIN_COMPANY_PREFIX_LEN,
};
use cw_health_types::drug_provenance::{
    ProductChange, TempProfile, TradingPartnerRole, MAX_PACK_QUANTITY,
};
use cw_health_types::limits::{validate_token, validate_unique, MAX_ID_LEN};
use cw_storage_plus::Bound;

use crate::access::{assert_owner_or_regulator, require_licensed};
use crate::error::ContractError;
use crate::ledger::wire_code;
use crate::state::{Product, LOTS, NDCS, PARTIES, PREFIXES, PRODUCTS};

/// Most company prefixes one party holds.
pub const MAX_PREFIXES_PER_PARTY: usize = 10;

/// The holder of the company prefix of `id` (a GTIN-14 or an SSCC), if any: the prefix is
/// matched on the digits after the indicator (GTIN) or extension (SSCC) digit.
pub fn prefix_holder(storage: &dyn Storage, id: &str) -> Result<Option<Addr>, ContractError> {
    let area = company_prefix_area(id);
    for len in MIN_COMPANY_PREFIX_LEN..=MAX_COMPANY_PREFIX_LEN.min(area.len()) {
        if let Some(prefix) = area.get(..len) {
            if let Some(holder) = PREFIXES.may_load(storage, prefix)? {
                return Ok(Some(holder));
            }
        }
    }
    Ok(None)
}

/// Fails unless `sender` holds the company prefix of `id` (a GTIN-14 or an SSCC).
pub fn assert_prefix_holder(
    storage: &dyn Storage,
    id: &str,
    sender: &Addr,
) -> Result<(), ContractError> {
    match prefix_holder(storage, id)? {
        Some(holder) if holder == *sender => Ok(()),
        _ => Err(ContractError::NotPrefixHolder { id: id.to_string() }),
    }
}

/// The prefix of another party that `prefix` equals, extends or is extended by, if any.
fn overlapping(
    storage: &dyn Storage,
    prefix: &str,
    party: &Addr,
) -> Result<Option<String>, ContractError> {
    for len in MIN_COMPANY_PREFIX_LEN..=prefix.len() {
        if let Some(shorter) = prefix.get(..len) {
            if PREFIXES
                .may_load(storage, shorter)?
                .is_some_and(|h| h != *party)
            {
                return Ok(Some(shorter.to_string()));
            }
        }
    }
    // A longer prefix starting with this one: the first key in [prefix, prefix + ":") (':' is
    // the byte after '9').
    let end = format!("{prefix}:");
    let longer = PREFIXES
        .range(
            storage,
            Some(Bound::exclusive(prefix)),
            Some(Bound::exclusive(end.as_str())),
            Order::Ascending,
        )
        .find_map(|r| match r {
            Ok((p, holder)) if holder != *party => Some(Ok(p)),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
        .transpose()?;
    Ok(longer)
}

/// Replaces a registered party's company prefixes (owner or regulator).
pub fn set_company_prefixes(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    party: String,
    prefixes: Vec<String>,
) -> Result<Response, ContractError> {
    assert_owner_or_regulator(deps.storage, &info.sender)?;
    let addr = deps.api.addr_validate(&party)?;
    let mut record =
        PARTIES
            .may_load(deps.storage, &addr)?
            .ok_or_else(|| ContractError::UnknownParty {
                party: addr.to_string(),
            })?;
    validate_unique("prefixes", &prefixes, MAX_PREFIXES_PER_PARTY)?;
    for p in &prefixes {
        validate_company_prefix("prefixes", p)?;
    }
    for old in &record.company_prefixes {
        PREFIXES.remove(deps.storage, old);
    }
    for p in &prefixes {
        if let Some(other) = overlapping(deps.storage, p, &addr)? {
            return Err(ContractError::PrefixOverlap {
                prefix: p.clone(),
                other,
            });
        }
    }
    // Among the party's own new prefixes, none may extend another either.
    for p in &prefixes {
        if let Some(q) = prefixes
            .iter()
            .find(|q| *q != p && p.starts_with(q.as_str()))
        {
            return Err(ContractError::PrefixOverlap {
                prefix: p.clone(),
                other: q.clone(),
            });
        }
    }
    for p in &prefixes {
        PREFIXES.save(deps.storage, p, &addr)?;
    }
    record.company_prefixes = prefixes.clone();
    record.updated_by = info.sender.clone();
    record.updated_at = env.block.time;
    PARTIES.save(deps.storage, &addr, &record)?;
    Ok(Response::new()
        .add_attribute("action", "set_company_prefixes")
        .add_attribute("party", addr)
        .add_attribute("prefixes", prefixes.join(" "))
        .add_attribute("by", info.sender))
}

/// Fails unless `who` is a licensed manufacturer or repackager.
fn require_brand_role(
    storage: &dyn Storage,
    who: &Addr,
    env: &Env,
    action: &str,
) -> Result<(), ContractError> {
    let party = require_licensed(storage, who, env.block.time)?;
    if !matches!(
        party.role,
        TradingPartnerRole::Manufacturer | TradingPartnerRole::Repackager
    ) {
        return Err(ContractError::WrongRole {
            party: who.to_string(),
            role: wire_code(&party.role),
            action: action.into(),
        });
    }
    Ok(())
}

/// Registers a product (a licensed manufacturer or repackager holding the GTIN's prefix).
pub fn register_product(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    gtin: String,
    ndc: String,
    temp_profile: Option<TempProfile>,
    pack_quantity: u32,
) -> Result<Response, ContractError> {
    require_brand_role(deps.storage, &info.sender, &env, "register products")?;
    validate_gtin("gtin", &gtin)?;
    validate_token("ndc", &ndc, MAX_ID_LEN)?;
    if pack_quantity == 0 || pack_quantity > MAX_PACK_QUANTITY {
        return Err(ContractError::OutOfRange {
            field: "pack_quantity".into(),
            reason: format!("{pack_quantity} is outside 1..={MAX_PACK_QUANTITY}"),
        });
    }
    if let Some(p) = &temp_profile {
        if p.min_decicelsius >= p.max_decicelsius {
            return Err(ContractError::OutOfRange {
                field: "temp_profile".into(),
                reason: "min_decicelsius must be below max_decicelsius".into(),
            });
        }
    }
    assert_prefix_holder(deps.storage, &gtin, &info.sender)?;
    if PRODUCTS.has(deps.storage, &gtin) {
        return Err(ContractError::ProductExists { gtin });
    }
    if let Some(other) = NDCS.may_load(deps.storage, &ndc)? {
        return Err(ContractError::NdcTaken { ndc, gtin: other });
    }
    NDCS.save(deps.storage, &ndc, &gtin)?;
    PRODUCTS.save(
        deps.storage,
        &gtin,
        &Product {
            ndc: ndc.clone(),
            manufacturer: info.sender.clone(),
            temp_profile,
            registered_at: env.block.time,
            withdrawn_at: None,
            has_merkle_lot: false,
            pack_quantity,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "register_product")
        .add_attribute("gtin", gtin)
        .add_attribute("ndc", ndc)
        .add_attribute("manufacturer", info.sender))
}

/// Transfers, withdraws or revokes a product.
pub fn change_product(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    gtin: String,
    change: ProductChange,
) -> Result<Response, ContractError> {
    // Authorization first: a withdrawal is also the manufacturer's to make.
    let is_authority = assert_owner_or_regulator(deps.storage, &info.sender).is_ok();
    if !is_authority {
        if !matches!(change, ProductChange::Withdraw {}) {
            return Err(ContractError::NotOwnerOrRegulator);
        }
        let is_mfr = PRODUCTS
            .may_load(deps.storage, &gtin)?
            .is_some_and(|p| p.manufacturer == info.sender);
        if !is_mfr {
            return Err(ContractError::NotManufacturerOrRegulator);
        }
    }
    validate_gtin("gtin", &gtin)?;
    let mut product = PRODUCTS
        .may_load(deps.storage, &gtin)?
        .ok_or_else(|| ContractError::UnknownProduct { gtin: gtin.clone() })?;
    let resp = Response::new()
        .add_attribute("action", "change_product")
        .add_attribute("gtin", &gtin)
        .add_attribute("by", &info.sender);
    match change {
        ProductChange::Transfer { to } => {
            let to = deps.api.addr_validate(&to)?;
            require_brand_role(deps.storage, &to, &env, "own products")?;
            let from = std::mem::replace(&mut product.manufacturer, to.clone());
            PRODUCTS.save(deps.storage, &gtin, &product)?;
            Ok(resp
                .add_attribute("change", "transfer")
                .add_attribute("from", from)
                .add_attribute("to", to))
        }
        ProductChange::Withdraw {} => {
            if product.withdrawn_at.is_some() {
                return Err(ContractError::ProductWithdrawn { gtin });
            }
            product.withdrawn_at = Some(env.block.time);
            PRODUCTS.save(deps.storage, &gtin, &product)?;
            Ok(resp.add_attribute("change", "withdraw"))
        }
        ProductChange::Revoke {} => {
            let has_lot = LOTS
                .prefix(&gtin)
                .keys(deps.storage, None, None, Order::Ascending)
                .next()
                .is_some();
            if has_lot {
                return Err(ContractError::ProductHasLots { gtin });
            }
            PRODUCTS.remove(deps.storage, &gtin);
            NDCS.remove(deps.storage, &product.ndc);
            Ok(resp
                .add_attribute("change", "revoke")
                .add_attribute("manufacturer", product.manufacturer))
        }
    }
}

/// Whether the product of `gtin` is withdrawn (an unknown product is not).
pub fn is_withdrawn(storage: &dyn Storage, gtin: &str) -> StdResult<bool> {
    Ok(PRODUCTS
        .may_load(storage, gtin)?
        .is_some_and(|p| p.withdrawn_at.is_some()))
}
