//! Administration: instantiate, ownership, rules, regulator, trading partners, loggers.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_health_types::drug_provenance::{
    ConfigUpdate, InstantiateMsg, TradingPartnerRole, TradingPartnerStatus,
};
use cw_health_types::limits::{validate_token, MAX_ID_LEN};
use cw_health_types::ownership::{self, OwnershipAction};

use crate::access::assert_owner_or_regulator;
use crate::error::ContractError;
use crate::ledger::wire_code;
use crate::state::{Config, Party, CONFIG, LOGGERS, PARTIES};

/// FMD undo window: 10 days.
pub const DEFAULT_UNDO_WINDOW_SECS: u64 = 10 * 86_400;
/// DSCSA clocks: 24 hours.
pub const DEFAULT_INVESTIGATION_SECS: u64 = 86_400;
/// DSCSA illegitimate-product notification: 24 hours.
pub const DEFAULT_NOTIFICATION_SECS: u64 = 86_400;
/// Alerts that quarantine a unit.
pub const DEFAULT_ALERT_THRESHOLD: u32 = 2;
const HOUR: u64 = 3_600;
const NINETY_DAYS: u64 = 90 * 86_400;

/// Stores the owner (the sender unless another is named) and the default rules.
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    let owner = msg.owner.unwrap_or_else(|| info.sender.to_string());
    let o = ownership::initialize_owner(deps.storage, deps.api, &owner)?;
    let ehr_registry = msg
        .ehr_registry
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let cfg = Config {
        regulator: None,
        undo_window_secs: DEFAULT_UNDO_WINDOW_SECS,
        investigation_secs: DEFAULT_INVESTIGATION_SECS,
        notification_secs: DEFAULT_NOTIFICATION_SECS,
        alert_quarantine_threshold: DEFAULT_ALERT_THRESHOLD,
        ehr_registry,
    };
    CONFIG.save(deps.storage, &cfg)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", o.owner)
        .add_attribute("undo_window_secs", cfg.undo_window_secs.to_string())
        .add_attribute("ehr_registry", ehr_attr(&cfg)))
}

/// Proposes, accepts or cancels an ownership transfer.
pub fn update_ownership(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action: OwnershipAction,
) -> Result<Response, ContractError> {
    let o = ownership::update_ownership(deps.storage, deps.api, &env.block, &info.sender, action)?;
    Ok(Response::new()
        .add_attribute("action", "update_ownership")
        .add_attributes(o.into_attributes()))
}

fn check_range(field: &str, value: u64, min: u64, max: u64) -> Result<(), ContractError> {
    if value < min || value > max {
        return Err(ContractError::OutOfRange {
            field: field.to_string(),
            reason: format!("{value} is outside {min}..={max}"),
        });
    }
    Ok(())
}

/// Changes the rules (owner only).
pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    update: ConfigUpdate,
) -> Result<Response, ContractError> {
    ownership::assert_owner(deps.storage, &info.sender)?;
    let mut cfg = CONFIG.load(deps.storage)?;
    if let Some(v) = update.undo_window_secs {
        check_range("undo_window_secs", v, 0, NINETY_DAYS)?;
        cfg.undo_window_secs = v;
    }
    if let Some(v) = update.investigation_secs {
        check_range("investigation_secs", v, HOUR, NINETY_DAYS)?;
        cfg.investigation_secs = v;
    }
    if let Some(v) = update.notification_secs {
        check_range("notification_secs", v, HOUR, NINETY_DAYS)?;
        cfg.notification_secs = v;
    }
    if let Some(v) = update.alert_quarantine_threshold {
        check_range("alert_quarantine_threshold", u64::from(v), 1, 100)?;
        cfg.alert_quarantine_threshold = v;
    }
    if let Some(a) = update.ehr_registry {
        cfg.ehr_registry = Some(deps.api.addr_validate(&a)?);
    }
    CONFIG.save(deps.storage, &cfg)?;
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("undo_window_secs", cfg.undo_window_secs.to_string())
        .add_attribute("investigation_secs", cfg.investigation_secs.to_string())
        .add_attribute("notification_secs", cfg.notification_secs.to_string())
        .add_attribute(
            "alert_quarantine_threshold",
            cfg.alert_quarantine_threshold.to_string(),
        )
        .add_attribute("ehr_registry", ehr_attr(&cfg)))
}

fn ehr_attr(cfg: &Config) -> &str {
    cfg.ehr_registry.as_ref().map_or("none", |a| a.as_str())
}

/// Appoints or removes the regulator (owner only).
pub fn set_regulator(
    deps: DepsMut,
    info: MessageInfo,
    regulator: Option<String>,
) -> Result<Response, ContractError> {
    ownership::assert_owner(deps.storage, &info.sender)?;
    let regulator = regulator.map(|r| deps.api.addr_validate(&r)).transpose()?;
    CONFIG.update(deps.storage, |mut c| -> Result<_, ContractError> {
        c.regulator = regulator.clone();
        Ok(c)
    })?;
    Ok(Response::new()
        .add_attribute("action", "set_regulator")
        .add_attribute(
            "regulator",
            regulator
                .map(|r| r.to_string())
                .unwrap_or_else(|| "none".into()),
        ))
}

/// Registers or renews a trading partner (owner or regulator).
pub fn register_party(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    address: String,
    role: TradingPartnerRole,
    license_id: String,
    license_expiry: cosmwasm_std::Timestamp,
) -> Result<Response, ContractError> {
    assert_owner_or_regulator(deps.storage, &info.sender)?;
    let addr = deps.api.addr_validate(&address)?;
    validate_token("license_id", &license_id, MAX_ID_LEN)?;
    if license_expiry <= env.block.time {
        return Err(ContractError::OutOfRange {
            field: "license_expiry".into(),
            reason: "the license is already expired".into(),
        });
    }
    let (status, company_prefixes) = PARTIES
        .may_load(deps.storage, &addr)?
        .map(|p| (p.status, p.company_prefixes))
        .unwrap_or((TradingPartnerStatus::Active, vec![]));
    PARTIES.save(
        deps.storage,
        &addr,
        &Party {
            role,
            license_id: license_id.clone(),
            license_expiry,
            status,
            company_prefixes,
            updated_by: info.sender.clone(),
            updated_at: env.block.time,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "register_party")
        .add_attribute("party", addr)
        .add_attribute("role", wire_code(&role))
        .add_attribute("license_id", license_id)
        .add_attribute("license_expiry", license_expiry.seconds().to_string())
        .add_attribute("status", wire_code(&status))
        .add_attribute("by", info.sender))
}

/// Suspends, reinstates or revokes a trading partner (owner or regulator).
pub fn set_party_status(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    address: String,
    status: TradingPartnerStatus,
) -> Result<Response, ContractError> {
    assert_owner_or_regulator(deps.storage, &info.sender)?;
    let addr = deps.api.addr_validate(&address)?;
    let mut party =
        PARTIES
            .may_load(deps.storage, &addr)?
            .ok_or_else(|| ContractError::UnknownParty {
                party: addr.to_string(),
            })?;
    party.status = status;
    party.updated_by = info.sender.clone();
    party.updated_at = env.block.time;
    PARTIES.save(deps.storage, &addr, &party)?;
    Ok(Response::new()
        .add_attribute("action", "set_party_status")
        .add_attribute("party", addr)
        .add_attribute("status", wire_code(&status))
        .add_attribute("by", info.sender))
}

/// Registers or retires a cold-chain logger (owner or regulator).
pub fn set_logger(
    deps: DepsMut,
    info: MessageInfo,
    logger: String,
    active: bool,
) -> Result<Response, ContractError> {
    assert_owner_or_regulator(deps.storage, &info.sender)?;
    let addr = deps.api.addr_validate(&logger)?;
    if active {
        LOGGERS.save(deps.storage, &addr, &())?;
    } else {
        LOGGERS.remove(deps.storage, &addr);
    }
    Ok(Response::new()
        .add_attribute("action", "set_logger")
        .add_attribute("logger", addr)
        .add_attribute("active", active.to_string()))
}
