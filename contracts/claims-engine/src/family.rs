//! Subscribers and dependants (X12 834/837 loops 2000B and 2000C).
//!
//! An enrollment is a subscriber's (relationship 18, self) or a dependant's, naming the
//! subscriber and the relationship (01 spouse, 19 child, 53 life partner, G8 other). A dependant's
//! subscriber is enrolled in the same plan as a subscriber (no chains), the family is the
//! subscriber's (`family_id`, so the family accumulators are the subscriber's family's), and the
//! dependant's coverage is bounded by the subscriber's: at enrollment, the dependant's period lies
//! within the subscriber's coverage segment; at adjudication, a dependant is covered on a day only
//! if the subscriber is too (a subscriber's coverage ending ends the dependants'). The link is
//! fixed at first enrollment.

use cosmwasm_std::{Addr, Deps, Storage, Timestamp};
use cw_health_types::claims_engine::{Dependency, Enrollment, EnrollmentInput};

use crate::cob::coverage_segment;
use crate::error::ContractError;

/// Checks the enrollment's subscriber link and returns it as stored.
pub fn dependency(
    deps: Deps,
    plan_id: u64,
    member: &Addr,
    existing: Option<&Enrollment>,
    input: &EnrollmentInput,
) -> Result<Option<Dependency>, ContractError> {
    let dependency = match &input.dependant_of {
        None => None,
        Some(d) => Some(Dependency {
            subscriber: deps.api.addr_validate(&d.subscriber)?,
            relationship: d.relationship,
        }),
    };
    if let Some(existing) = existing {
        if existing.dependant_of != dependency {
            return Err(ContractError::invalid(
                "dependant_of",
                "fixed at first enrollment",
            ));
        }
    }
    let Some(d) = &dependency else {
        return Ok(None);
    };
    if d.subscriber == *member {
        return Err(ContractError::invalid(
            "dependant_of.subscriber",
            "a member is not their own dependant (the subscriber has no dependant_of)",
        ));
    }
    let Some(subscriber) = crate::state::enrollment(deps.storage, plan_id, &d.subscriber)? else {
        return Err(ContractError::NotEnrolled {
            plan_id,
            member: d.subscriber.to_string(),
        });
    };
    if subscriber.dependant_of.is_some() {
        return Err(ContractError::invalid(
            "dependant_of.subscriber",
            "is a dependant, not a subscriber",
        ));
    }
    if subscriber.family_id != input.family_id {
        return Err(ContractError::invalid(
            "family_id",
            "a dependant is in the subscriber's family",
        ));
    }
    let (start, end) = coverage_segment(deps.storage, plan_id, &subscriber, input.coverage_start)?;
    let within = start <= input.coverage_start
        && end.is_none_or(|end| {
            input.coverage_start < end && input.coverage_end.is_some_and(|e| e <= end)
        });
    if !within {
        return Err(ContractError::invalid(
            "coverage_start",
            "a dependant's coverage lies within the subscriber's",
        ));
    }
    Ok(dependency)
}

/// The member's coverage segment at `at`, bounded by the subscriber's for a dependant: the later
/// start and the earlier end (a subscriber not covered at `at` leaves the dependant uncovered).
pub fn covered_span(
    storage: &dyn Storage,
    plan_id: u64,
    enrollment: &Enrollment,
    at: Timestamp,
) -> Result<(Timestamp, Option<Timestamp>), ContractError> {
    let (start, end) = coverage_segment(storage, plan_id, enrollment, at)?;
    let Some(d) = &enrollment.dependant_of else {
        return Ok((start, end));
    };
    let Some(subscriber) = crate::state::enrollment(storage, plan_id, &d.subscriber)? else {
        return Ok((start, Some(start)));
    };
    let (s_start, s_end) = coverage_segment(storage, plan_id, &subscriber, at)?;
    let end = match (end, s_end) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Ok((start.max(s_start), end))
}
