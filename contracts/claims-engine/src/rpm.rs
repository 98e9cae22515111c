//! Remote patient monitoring: a plan's rules for the device supply (CPT 99454, 99445...), and
//! the line check that pays it only on the reading days ehr-registry counted.
//!
//! A line is an RPM device-supply line when its code is one of the plan's RPM `device_codes`.
//! Its check, after `coverage` and the telehealth step, in order (one ehr-registry query):
//! - the line names a device (`device`) that ehr-registry knows enrolled for the member, on the
//!   order of the billing or rendering provider (else CO-252, RARC M127);
//! - the device anchored readings on at least the code's `min_reading_days` distinct days in
//!   the `period_days` ending on the date of service (else CO-16, RARC M53: the days of service
//!   do not support the code);
//! - no device supply of the plan was paid for the member in a period overlapping this one:
//!   another's date of service less than `period_days` before or after this one (else CO-119,
//!   unless waived by an overturned appeal). The line's date of service then holds the member's
//!   period (`RPM_PERIODS`, reversed with the line).

use cosmwasm_std::{DepsMut, Env, MessageInfo, Order, QuerierWrapper, Response, Storage};
use cw_health_types::claims_engine::codes::{
    validate_procedure_code, RARC_MEDICAL_RECORD, RARC_UNITS,
};
use cw_health_types::claims_engine::{Carc, Claim, ClaimLine};
use cw_health_types::limits::validate_unique;
use cw_health_types::rpm::{RpmRules, RpmRulesResponse, MAX_READING_DAYS_SPAN};
use cw_health_types::store::{ReadMap, WriteMap};
use cw_storage_plus::{Bound, Map};

use crate::adjudicate::Denial;
use crate::common::{assert_insurer, day_of, load_plan};
use crate::error::ContractError;
use crate::state::{Config, LineRef, BENEFITS};

/// plan id -> its RPM rules.
pub const RPM_RULES: Map<u64, RpmRules> = Map::new("rpm_rules");
/// (plan, member, day of service) -> the paid device-supply line holding the member's period.
pub const RPM_PERIODS: Map<(u64, &cosmwasm_std::Addr, u64), LineRef> = Map::new("rpm_periods");

/// Most device-supply codes in a plan's rules.
const MAX_RPM_CODES: usize = 8;

/// The plan's insurer: sets or clears the plan's RPM rules.
pub fn set_rpm_rules(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    plan_id: u64,
    rules: Option<RpmRules>,
) -> Result<Response, ContractError> {
    let plan = load_plan(deps.storage, plan_id)?;
    assert_insurer(&plan, &info.sender)?;
    let resp = Response::new()
        .add_attribute("action", "set_rpm_rules")
        .add_attribute("plan_id", plan_id.to_string());
    let Some(rules) = rules else {
        RPM_RULES.remove(deps.storage, plan_id);
        return Ok(resp.add_attribute("device_codes", ""));
    };
    let period = rules.period_days;
    if period == 0 || u64::from(period) > MAX_READING_DAYS_SPAN {
        return Err(ContractError::invalid(
            "period_days",
            format!("1..={MAX_READING_DAYS_SPAN}"),
        ));
    }
    if rules.device_codes.is_empty() {
        return Err(ContractError::invalid(
            "device_codes",
            "name 1 to 8 codes (or clear the rules with null)",
        ));
    }
    let codes: Vec<&String> = rules.device_codes.iter().map(|c| &c.code).collect();
    validate_unique("device_codes", &codes, MAX_RPM_CODES)?;
    for c in &rules.device_codes {
        validate_procedure_code("device_codes.code", &c.code)?;
        if !BENEFITS.has(deps.storage, (plan_id, c.code.as_str())) {
            return Err(ContractError::invalid(
                "device_codes",
                format!("{} is not in the plan's fee schedule", c.code),
            ));
        }
        if c.min_reading_days == 0 || c.min_reading_days > period {
            return Err(ContractError::invalid(
                "device_codes.min_reading_days",
                "1..=period_days",
            ));
        }
    }
    let summary = rules
        .device_codes
        .iter()
        .map(|c| format!("{}:{}", c.code, c.min_reading_days))
        .collect::<Vec<_>>()
        .join(" ");
    RPM_RULES.write(deps.storage, plan_id, &rules)?;
    Ok(resp
        .add_attribute("device_codes", summary)
        .add_attribute("period_days", period.to_string()))
}

/// A plan's RPM rules (the plan must exist).
pub fn rpm_rules(storage: &dyn Storage, plan_id: u64) -> Result<RpmRulesResponse, ContractError> {
    load_plan(storage, plan_id)?;
    Ok(RpmRulesResponse {
        plan_id,
        rules: RPM_RULES.may_read(storage, plan_id)?,
    })
}

/// The signature of [`line_terms`].
type LineTerms = fn(
    &dyn Storage,
    &QuerierWrapper,
    &Config,
    &Claim,
    &ClaimLine,
) -> Result<Result<bool, Denial>, ContractError>;

/// Runs [`line_terms`] through a function pointer the optimizer cannot see through, so its
/// locals stay out of the line pipeline's (see `adjudicate::decide_line_apart`).
pub fn line_terms_apart(
    storage: &dyn Storage,
    querier: &QuerierWrapper,
    config: &Config,
    claim: &Claim,
    line: &ClaimLine,
) -> Result<Result<bool, Denial>, ContractError> {
    std::hint::black_box(line_terms as LineTerms)(storage, querier, config, claim, line)
}

/// The RPM step of a line (see the module doc): `Ok(true)` for a payable device-supply line
/// (it will hold the member's period), `Ok(false)` for any other line, or its denial.
pub fn line_terms(
    storage: &dyn Storage,
    querier: &QuerierWrapper,
    config: &Config,
    claim: &Claim,
    line: &ClaimLine,
) -> Result<Result<bool, Denial>, ContractError> {
    let Some(rules) = RPM_RULES.may_read(storage, claim.plan_id)? else {
        return Ok(Ok(false));
    };
    let Some(code) = rules
        .device_codes
        .iter()
        .find(|c| c.code == line.procedure_code)
    else {
        return Ok(Ok(false));
    };
    let no_record = Denial::co_remark(Carc::DOCUMENTATION_REQUIRED, RARC_MEDICAL_RECORD);
    let Some(device) = &line.device else {
        return Ok(Err(no_record));
    };
    let period = u64::from(rules.period_days);
    let to_day = day_of(claim.date_of_service);
    let from_day = to_day.saturating_sub(period.saturating_sub(1));
    let r = config
        .ehr_registry
        .device_reading_days(querier, &claim.member, device, from_day, to_day)
        .map_err(|e| ContractError::query_failed("ehr-registry", config.ehr_registry.addr(), e))?;
    let ordered_by_provider = r
        .ordering_clinician
        .as_ref()
        .is_some_and(|c| *c == claim.provider || claim.rendering_provider.as_ref() == Some(c));
    if !ordered_by_provider {
        return Ok(Err(no_record));
    }
    if r.days < code.min_reading_days {
        return Ok(Err(Denial::co_remark(Carc::BILLING_ERROR, RARC_UNITS)));
    }
    if !claim.edits_waived && period_taken(storage, claim, period)? {
        return Ok(Err(Denial::co(Carc::PERIOD_MAXIMUM)));
    }
    Ok(Ok(true))
}

/// Whether a device supply of the plan holds the member's period within `period - 1` days of
/// this claim's date of service (one bounded range read).
fn period_taken(storage: &dyn Storage, claim: &Claim, period: u64) -> Result<bool, ContractError> {
    let day = day_of(claim.date_of_service);
    let span = period.saturating_sub(1);
    Ok(RPM_PERIODS
        .prefix((claim.plan_id, &claim.member))
        .keys(
            storage,
            Some(Bound::inclusive(day.saturating_sub(span))),
            Some(Bound::inclusive(day.saturating_add(span))),
            Order::Ascending,
        )
        .next()
        .transpose()?
        .is_some())
}

/// Records that the line holds the member's period (on its date of service).
pub fn hold_period(
    storage: &mut dyn Storage,
    claim: &Claim,
    line: &mut ClaimLine,
) -> Result<(), ContractError> {
    RPM_PERIODS.write(
        storage,
        (claim.plan_id, &claim.member, day_of(claim.date_of_service)),
        &LineRef {
            claim_id: claim.id,
            line: line.number,
        },
    )?;
    line.effects.rpm_period = true;
    Ok(())
}

/// Releases the member's period the line held (reversal), if it still holds it.
pub fn release_period(
    storage: &mut dyn Storage,
    claim: &Claim,
    line: &ClaimLine,
) -> Result<(), ContractError> {
    let key = (claim.plan_id, &claim.member, day_of(claim.date_of_service));
    if RPM_PERIODS
        .may_read(storage, key)?
        .is_some_and(|r| r.claim_id == claim.id && r.line == line.number)
    {
        RPM_PERIODS.remove(storage, key);
    }
    Ok(())
}
