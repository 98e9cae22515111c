//! Instantiate, ownership, configuration, appointments, parties and patients.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Storage, Timestamp};
use cw_health_types::ehr_registry::{
    default_break_glass_classes, EmergencyPolicy, InstantiateMsg, PartyChangeReason, PartyRole,
    PartyStatus, DEFAULT_GUARDIANSHIP_END_AGE, MAX_BREAK_GLASS_SUSPENSION_SECS,
    MAX_EMERGENCY_RATE_PERIOD_SECS, MAX_EMERGENCY_SESSIONS_PER_PERIOD, MAX_EMERGENCY_WINDOW_SECS,
    MAX_GUARDIANSHIP_END_AGE, MAX_REVIEW_DUE_SECS, MIN_GUARDIANSHIP_END_AGE,
};
use cw_health_types::limits::{validate_token, validate_unique, MAX_ID_LEN, MAX_LIST_LEN};
use cw_health_types::ownership::{self, OwnershipAction};

use crate::error::ContractError;
use crate::sensitive::assert_classes;
use crate::state::{
    Config, Party, Patient, CONFIG, ETHICS_CLEARANCES, GATEWAYS, PARTIES, PATIENTS,
    PRIVACY_OFFICERS,
};

/// The JSON code of an enum value (`"active"`, `"TREAT"`), for event attributes and errors.
pub use cw_health_types::events::json_code as code;

/// The break-glass policy until the owner sets another: 4-hour sessions, 3 per clinician per
/// rolling 24 hours, reviews due within 72 hours, 30 days' suspension after an unjustified one,
/// reaching normal and restricted data (never `V`).
pub fn default_emergency_policy() -> EmergencyPolicy {
    EmergencyPolicy {
        max_window_secs: 4 * 3600,
        max_sessions_per_period: 3,
        rate_period_secs: 24 * 3600,
        review_due_secs: 72 * 3600,
        unjustified_suspension_secs: 30 * 24 * 3600,
        break_glass_classes: default_break_glass_classes(),
    }
}

/// Stores the owner (the sender unless another is named) and the default policy.
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    let age = msg
        .guardianship_end_age
        .unwrap_or(DEFAULT_GUARDIANSHIP_END_AGE);
    validate_age(age)?;
    let owner = msg.owner.unwrap_or_else(|| info.sender.to_string());
    let o = ownership::initialize_owner(deps.storage, deps.api, &owner)?;
    CONFIG.save(
        deps.storage,
        &Config {
            credentialing_authority: None,
            emergency_policy: default_emergency_policy(),
            guardianship_end_age: age,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", o.owner)
        .add_attribute("guardianship_end_age", age.to_string()))
}

fn validate_age(age: u8) -> Result<(), ContractError> {
    if (MIN_GUARDIANSHIP_END_AGE..=MAX_GUARDIANSHIP_END_AGE).contains(&age) {
        Ok(())
    } else {
        Err(ContractError::InvalidPolicy {
            field: "guardianship_end_age",
        })
    }
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

fn validate_policy(p: &EmergencyPolicy) -> Result<(), ContractError> {
    let in_range = |v: u64, max: u64| (1..=max).contains(&v);
    if !in_range(p.max_window_secs, MAX_EMERGENCY_WINDOW_SECS) {
        return Err(ContractError::InvalidPolicy {
            field: "max_window_secs",
        });
    }
    if !(1..=MAX_EMERGENCY_SESSIONS_PER_PERIOD).contains(&p.max_sessions_per_period) {
        return Err(ContractError::InvalidPolicy {
            field: "max_sessions_per_period",
        });
    }
    if !in_range(p.rate_period_secs, MAX_EMERGENCY_RATE_PERIOD_SECS) {
        return Err(ContractError::InvalidPolicy {
            field: "rate_period_secs",
        });
    }
    if !in_range(p.review_due_secs, MAX_REVIEW_DUE_SECS) {
        return Err(ContractError::InvalidPolicy {
            field: "review_due_secs",
        });
    }
    if p.unjustified_suspension_secs > MAX_BREAK_GLASS_SUSPENSION_SECS {
        return Err(ContractError::InvalidPolicy {
            field: "unjustified_suspension_secs",
        });
    }
    validate_unique("break_glass_classes", &p.break_glass_classes, MAX_LIST_LEN)?;
    assert_classes(&p.break_glass_classes)
}

/// Stores the default configuration if none exists (a contract instantiated by the 0.1.0
/// skeleton, which had none).
pub fn ensure_config(storage: &mut dyn Storage) -> Result<(), ContractError> {
    if CONFIG.may_load(storage)?.is_none() {
        CONFIG.save(
            storage,
            &Config {
                credentialing_authority: None,
                emergency_policy: default_emergency_policy(),
                guardianship_end_age: DEFAULT_GUARDIANSHIP_END_AGE,
            },
        )?;
    }
    Ok(())
}

/// A configuration change as `update_config` sends it.
pub struct ConfigUpdate {
    pub credentialing_authority: Option<String>,
    pub emergency_policy: Option<EmergencyPolicy>,
    pub guardianship_end_age: Option<u8>,
}

/// Owner only: appoints the credentialing authority, sets the break-glass policy and/or the
/// guardianship end age.
pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    msg: ConfigUpdate,
) -> Result<Response, ContractError> {
    let ConfigUpdate {
        credentialing_authority,
        emergency_policy,
        guardianship_end_age,
    } = msg;
    ownership::assert_owner(deps.storage, &info.sender)?;
    if credentialing_authority.is_none()
        && emergency_policy.is_none()
        && guardianship_end_age.is_none()
    {
        return Err(ContractError::NothingToUpdate);
    }
    if let Some(age) = guardianship_end_age {
        validate_age(age)?;
    }
    let authority = credentialing_authority
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    if let Some(p) = &emergency_policy {
        validate_policy(p)?;
    }
    let mut cfg = CONFIG.load(deps.storage)?;
    let mut res = Response::new().add_attribute("action", "update_config");
    if let Some(age) = guardianship_end_age {
        res = res.add_attribute("guardianship_end_age", age.to_string());
        cfg.guardianship_end_age = age;
    }
    if let Some(a) = authority {
        res = res.add_attribute("credentialing_authority", a.as_str());
        cfg.credentialing_authority = Some(a);
    }
    if let Some(p) = emergency_policy {
        res = res
            .add_attribute("max_window_secs", p.max_window_secs.to_string())
            .add_attribute(
                "max_sessions_per_period",
                p.max_sessions_per_period.to_string(),
            )
            .add_attribute("rate_period_secs", p.rate_period_secs.to_string())
            .add_attribute("review_due_secs", p.review_due_secs.to_string())
            .add_attribute(
                "unjustified_suspension_secs",
                p.unjustified_suspension_secs.to_string(),
            )
            .add_attribute(
                "break_glass_classes",
                p.break_glass_classes
                    .iter()
                    .map(|c| c.code())
                    .collect::<Vec<_>>()
                    .join(","),
            );
        cfg.emergency_policy = p;
    }
    CONFIG.save(deps.storage, &cfg)?;
    Ok(res)
}

/// Owner only: appoints or dismisses a privacy officer.
pub fn set_privacy_officer(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
    appointed: bool,
) -> Result<Response, ContractError> {
    ownership::assert_owner(deps.storage, &info.sender)?;
    let addr = deps.api.addr_validate(&address)?;
    if appointed {
        PRIVACY_OFFICERS.save(deps.storage, &addr, &())?;
    } else {
        PRIVACY_OFFICERS.remove(deps.storage, &addr);
    }
    Ok(Response::new()
        .add_attribute("action", "set_privacy_officer")
        .add_attribute("address", addr)
        .add_attribute("appointed", appointed.to_string()))
}

/// Owner only: trusts or distrusts a gateway.
pub fn set_gateway(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
    trusted: bool,
) -> Result<Response, ContractError> {
    ownership::assert_owner(deps.storage, &info.sender)?;
    let addr = deps.api.addr_validate(&address)?;
    if trusted {
        GATEWAYS.save(deps.storage, &addr, &())?;
    } else {
        GATEWAYS.remove(deps.storage, &addr);
    }
    Ok(Response::new()
        .add_attribute("action", "set_gateway")
        .add_attribute("address", addr)
        .add_attribute("trusted", trusted.to_string()))
}

fn assert_authority(
    storage: &dyn Storage,
    sender: &cosmwasm_std::Addr,
) -> Result<(), ContractError> {
    match CONFIG.load(storage)?.credentialing_authority {
        None => Err(ContractError::NoCredentialingAuthority),
        Some(a) if a == *sender => Ok(()),
        Some(_) => Err(ContractError::Unauthorized {
            role: "credentialing authority",
        }),
    }
}

/// A party as `register_party` sends it.
pub struct NewParty {
    pub address: String,
    pub identifier: String,
    pub role: PartyRole,
    pub license_expiry: Timestamp,
}

/// Credentialing authority only: registers a party.
pub fn register_party(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: NewParty,
) -> Result<Response, ContractError> {
    let NewParty {
        address,
        identifier,
        role,
        license_expiry,
    } = msg;
    assert_authority(deps.storage, &info.sender)?;
    let addr = deps.api.addr_validate(&address)?;
    validate_token("identifier", &identifier, MAX_ID_LEN)?;
    if role == PartyRole::Device {
        // A device's UDI is a HIPAA identifier: only its salted hash is kept.
        cw_health_types::Sha256Hash(identifier.clone()).validate("identifier")?;
    }
    if license_expiry <= env.block.time {
        return Err(ContractError::NotInFuture {
            field: "license_expiry",
        });
    }
    if PARTIES.has(deps.storage, &addr) {
        return Err(ContractError::PartyAlreadyRegistered { address });
    }
    PARTIES.save(
        deps.storage,
        &addr,
        &Party {
            identifier: identifier.clone(),
            role,
            license_expiry,
            status: PartyStatus::Active,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "register_party")
        .add_attribute("party", addr)
        .add_attribute("identifier", identifier)
        .add_attribute("role", code(&role))
        .add_attribute("license_expiry", license_expiry.seconds().to_string()))
}

/// Credentialing authority only: changes a party's status and/or license expiry.
pub fn update_party(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
    status: Option<PartyStatus>,
    license_expiry: Option<Timestamp>,
    reason: PartyChangeReason,
) -> Result<Response, ContractError> {
    assert_authority(deps.storage, &info.sender)?;
    let addr = deps.api.addr_validate(&address)?;
    if status.is_none() && license_expiry.is_none() {
        return Err(ContractError::NothingToUpdate);
    }
    let mut party = PARTIES
        .may_load(deps.storage, &addr)?
        .ok_or(ContractError::PartyNotFound { address })?;
    if let Some(s) = status {
        party.status = s;
    }
    if let Some(e) = license_expiry {
        party.license_expiry = e;
    }
    PARTIES.save(deps.storage, &addr, &party)?;
    Ok(Response::new()
        .add_attribute("action", "update_party")
        .add_attribute("party", addr)
        .add_attribute("status", code(&party.status))
        .add_attribute("license_expiry", party.license_expiry.seconds().to_string())
        .add_attribute("reason", code(&reason)))
}

/// Anyone: registers the sender as a patient.
pub fn register_patient(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
) -> Result<Response, ContractError> {
    if PATIENTS.has(deps.storage, &info.sender) {
        return Err(ContractError::PatientAlreadyRegistered {
            address: info.sender.to_string(),
        });
    }
    PATIENTS.save(
        deps.storage,
        &info.sender,
        &Patient {
            registered_at: env.block.time,
            delegate_count: 0,
            successor_count: 0,
            birth_year: None,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "register_patient")
        .add_attribute("patient", info.sender))
}

/// An active ethics board (IRB): clears, or withdraws the clearance of, a registered researcher.
pub fn set_ethics_clearance(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    researcher: String,
    cleared: bool,
) -> Result<Response, ContractError> {
    match PARTIES.may_load(deps.storage, &info.sender)? {
        Some(p) if p.role == PartyRole::EthicsBoard && p.is_active(env.block.time) => {}
        _ => {
            return Err(ContractError::Unauthorized {
                role: "an active ethics board",
            })
        }
    }
    let addr = deps.api.addr_validate(&researcher)?;
    match PARTIES.may_load(deps.storage, &addr)? {
        Some(p) if p.role == PartyRole::Researcher => {}
        _ => {
            return Err(ContractError::NotResearcher {
                address: researcher,
            })
        }
    }
    if cleared {
        ETHICS_CLEARANCES.save(deps.storage, &addr, &info.sender)?;
    } else {
        ETHICS_CLEARANCES.remove(deps.storage, &addr);
    }
    Ok(Response::new()
        .add_attribute("action", "set_ethics_clearance")
        .add_attribute("researcher", addr)
        .add_attribute("ethics_board", info.sender)
        .add_attribute("cleared", cleared.to_string()))
}
