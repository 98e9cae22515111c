//! Shared guards and helpers: roles, cross-contract party checks, time arithmetic.

use cosmwasm_std::{Addr, QuerierWrapper, Storage, Timestamp};
use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{Enrollment, Plan};
use cw_health_types::ehr_registry::{PartyInfo, PartyRole, PartyStatus};
use cw_health_types::store::ReadMap;

use crate::error::ContractError;
use crate::state::{Config, PLANS};

/// Loads a plan or fails with `NotFound`.
pub fn load_plan(storage: &dyn Storage, plan_id: u64) -> Result<Plan, ContractError> {
    PLANS
        .may_read(storage, plan_id)?
        .ok_or_else(|| ContractError::not_found("plan", plan_id))
}

/// Loads a member's enrollment in a plan or fails with `NotEnrolled`.
pub fn load_enrollment(
    storage: &dyn Storage,
    plan_id: u64,
    member: &Addr,
) -> Result<Enrollment, ContractError> {
    crate::state::enrollment(storage, plan_id, member)?.ok_or_else(|| ContractError::NotEnrolled {
        plan_id,
        member: member.to_string(),
    })
}

/// Fails unless `sender` is the plan's insurer.
pub fn assert_insurer(plan: &Plan, sender: &Addr) -> Result<(), ContractError> {
    if plan.insurer == *sender {
        Ok(())
    } else {
        Err(ContractError::unauthorized("the plan's insurer"))
    }
}

/// Fails unless `sender` is one of the plan's adjusters or its insurer.
pub fn assert_adjuster(plan: &Plan, sender: &Addr) -> Result<(), ContractError> {
    if plan.insurer == *sender || plan.adjusters.contains(sender) {
        Ok(())
    } else {
        Err(ContractError::unauthorized("an adjuster of the plan"))
    }
}

/// Fails when the decider is the provider or the member of what is decided: an adjuster (or the
/// insurer) never reviews their own claim, prior authorization or appeal.
pub fn assert_independent(
    sender: &Addr,
    provider: &Addr,
    member: &Addr,
    kind: &str,
    id: u64,
) -> Result<(), ContractError> {
    if sender == provider || sender == member {
        Err(ContractError::ConflictOfInterest {
            kind: kind.to_string(),
            id,
        })
    } else {
        Ok(())
    }
}

/// Fails unless `address` is an active party of ehr-registry with one of `roles`.
pub fn assert_party(
    querier: &QuerierWrapper,
    config: &Config,
    address: &Addr,
    roles: &[PartyRole],
    required: &str,
) -> Result<(), ContractError> {
    let party = config
        .ehr_registry
        .party(querier, address)
        .map_err(|e| ContractError::query_failed("ehr-registry", config.ehr_registry.addr(), e))?;
    party_eligible(party.as_ref(), address, roles, required)
}

/// Fails unless `party` (ehr-registry's entry of `address`) is active with one of `roles`.
pub fn party_eligible(
    party: Option<&PartyInfo>,
    address: &Addr,
    roles: &[PartyRole],
    required: &str,
) -> Result<(), ContractError> {
    match party {
        Some(p) if p.active && p.status == PartyStatus::Active && roles.contains(&p.role) => Ok(()),
        _ => Err(ContractError::PartyNotEligible {
            address: address.to_string(),
            required: required.to_string(),
        }),
    }
}

/// The roles of a provider (who may bill and render), and how an error names them.
pub const PROVIDER: (&[PartyRole], &str) = (
    &[PartyRole::Clinician, PartyRole::Organization],
    "Clinician or Organization",
);

/// Fails unless `address` is an active Clinician or Organization (a provider).
pub fn assert_provider(
    querier: &QuerierWrapper,
    config: &Config,
    address: &Addr,
) -> Result<(), ContractError> {
    assert_party(querier, config, address, PROVIDER.0, PROVIDER.1)
}

/// The day number (days since the Unix epoch) of a timestamp.
pub fn day_of(t: Timestamp) -> u64 {
    t.seconds() / DAY_SECONDS
}

/// The civil (proleptic Gregorian, UTC) date of a day number: (year, month 1-12, day 1-31).
/// Constant time (H. Hinnant's `civil_from_days`), no loop over years.
pub fn civil_from_days(days: u64) -> (u64, u32, u32) {
    // Days since 0000-03-01 (a timestamp's day is at most about 2^49, so no overflow).
    let z = days.saturating_add(719_468);
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

/// Where an instant falls in its civil year: (month, day, second of the day).
fn month_day_second(t: Timestamp) -> (u32, u32, u64) {
    let (_, m, d) = civil_from_days(day_of(t));
    (m, d, t.seconds() % DAY_SECONDS)
}

/// The plan year index of `t` (0 = the year starting at `plan_year_start`); `None` before the
/// first plan year or past `u32` years.
///
/// Plan years follow the policy year: each starts on the anniversary (month, day and time of
/// day, UTC) of `plan_year_start`, whatever the length of the calendar year (a plan starting
/// 1 July renews every 1 July, leap years included). A plan year starting 29 February starts
/// on 1 March in common years. Constant-time calendar arithmetic.
pub fn plan_year_of(plan: &Plan, t: Timestamp) -> Option<u32> {
    if t < plan.plan_year_start {
        return None;
    }
    let (y0, _, _) = civil_from_days(day_of(plan.plan_year_start));
    let (y, _, _) = civil_from_days(day_of(t));
    let before_anniversary = month_day_second(t) < month_day_second(plan.plan_year_start);
    let years = y
        .checked_sub(y0)?
        .checked_sub(u64::from(before_anniversary))?;
    u32::try_from(years).ok()
}

#[cfg(test)]
mod calendar_tests {
    use super::*;

    /// Seconds of a civil date at midnight UTC (test helper: days from the epoch).
    fn at(y: i64, m: u32, d: u32) -> Timestamp {
        // Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = i64::from((m + 9) % 12);
        let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        Timestamp::from_seconds(u64::try_from(days).unwrap() * DAY_SECONDS)
    }

    fn plan(start: Timestamp) -> Plan {
        Plan {
            id: 1,
            insurer: cosmwasm_std::Addr::unchecked("i"),
            external_id: "x".into(),
            denom: "u".into(),
            plan_year_start: start,
            deductible: cw_health_types::claims_engine::CostLimit {
                individual: 0u128.into(),
                family: 0u128.into(),
            },
            out_of_pocket_max: cw_health_types::claims_engine::CostLimit {
                individual: 0u128.into(),
                family: 0u128.into(),
            },
            timely_filing_days: 1,
            auto_approval_ceiling: 0u128.into(),
            adjusters: vec![],
            benefit_count: 0,
            created_at: start,
            prompt_pay: None,
            out_of_network_limits: None,
        }
    }

    #[test]
    fn civil_dates_round_trip() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (2023, 12, 31),
            (2024, 2, 29),
            (2024, 3, 1),
            (2100, 3, 1),
            (2400, 2, 29),
        ] {
            let t = at(y, m, d);
            assert_eq!(civil_from_days(day_of(t)), (y as u64, m, d));
        }
    }

    #[test]
    fn plan_years_renew_on_the_policy_anniversary_not_in_365_day_blocks() {
        // 1 July 2023: 365 days later is 30 June 2024 (2024 is a leap year).
        let p = plan(at(2023, 7, 1));
        assert_eq!(plan_year_of(&p, at(2023, 6, 30)), None);
        assert_eq!(plan_year_of(&p, at(2023, 7, 1)), Some(0));
        assert_eq!(plan_year_of(&p, at(2024, 6, 30)), Some(0));
        assert_eq!(plan_year_of(&p, at(2024, 7, 1)), Some(1));
        assert_eq!(plan_year_of(&p, at(2024, 7, 1).minus_seconds(1)), Some(0));
        // Forty years on, no drift (365-day blocks would be ten days early).
        assert_eq!(plan_year_of(&p, at(2063, 6, 30)), Some(39));
        assert_eq!(plan_year_of(&p, at(2063, 7, 1)), Some(40));
        // A start at noon renews at noon.
        let p = plan(at(2023, 7, 1).plus_seconds(12 * 3600));
        assert_eq!(plan_year_of(&p, at(2024, 7, 1).plus_seconds(3600)), Some(0));
        assert_eq!(
            plan_year_of(&p, at(2024, 7, 1).plus_seconds(12 * 3600)),
            Some(1)
        );
        // The latest instant a timestamp holds (21 July 2554): constant time, no loop.
        assert_eq!(plan_year_of(&p, Timestamp::from_nanos(u64::MAX)), Some(531));
    }

    #[test]
    fn a_plan_year_starting_29_february_renews_1_march_in_common_years() {
        let p = plan(at(2024, 2, 29));
        assert_eq!(plan_year_of(&p, at(2025, 2, 28)), Some(0));
        assert_eq!(plan_year_of(&p, at(2025, 3, 1)), Some(1));
        assert_eq!(plan_year_of(&p, at(2028, 2, 28)), Some(3));
        assert_eq!(plan_year_of(&p, at(2028, 2, 29)), Some(4));
        // A plan starting 1 March sees 29 February as the end of its year.
        let p = plan(at(2023, 3, 1));
        assert_eq!(plan_year_of(&p, at(2024, 2, 29)), Some(0));
        assert_eq!(plan_year_of(&p, at(2024, 3, 1)), Some(1));
    }
}
