//! Coordination of benefits (I14): a payer order per member, and the secondary plan's share.
//!
//! A member's payer order lists the plans covering them, primary first, as a history: each
//! change takes effect at the block time, so a service is always coordinated by the order in
//! force on its date and a plan never becomes primary for a service another plan already paid as
//! primary. A member's first enrollment in a plan puts it last; only the member reorders their plans
//! ([`set_payer_order`]): an insurer never does, so no plan can put itself ahead of the real
//! primary and have the primary's claims denied CO-22.
//!
//! A claim to a plan with a plan ahead of it covering the member on the date of service must cite
//! that plan's decided claim for the same member and day (`primary_claim_id`); else every line is
//! CO-22 (RARC MA04), and a citation that does not fit is CO-16 (RARC N4). Line by line (same
//! number, code and units), the secondary plan adjudicates as usual, then pays at most the
//! primary's patient responsibility for the line and at most its own allowed amount minus what
//! the primary paid: `paid = min(normal payment, primary PR, allowed - primary paid)`; the rest of
//! its normal payment is OA-23. So the two plans together never pay more than the allowed amount
//! and never the full amount twice. The member's share on the secondary line is its own cost
//! share capped at what the primary left the member after the secondary's payment (its
//! accumulators count that share, what the member owes on the line: `accum.rs`). A prior payer's claim backs one live secondary claim, and
//! cannot be corrected or appealed while it does.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Order, Response, Storage, Timestamp, Uint128};
use cw_health_types::claims_engine::codes::{
    AdjustmentGroup, Carc, MAX_PAYERS, MAX_PAYER_ORDER_CHANGES, RARC_PRIMARY_MISSING,
    RARC_PRIOR_PAYER_EOB,
};
use cw_health_types::claims_engine::{Claim, ClaimLine, ClaimStatus, Enrollment};
use cw_health_types::store::{ReadMap, WriteMap};
use cw_storage_plus::Bound;

use crate::adjudicate::Denial;
use crate::common::day_of;
use crate::error::ContractError;
use crate::state::{
    enrollment, payer_order_value, split_payer_order, CLAIMS, COB_SECONDARY, COVERAGE, PAYER_ORDER,
};

/// A member's payer order as read.
pub struct PayerOrder {
    /// When it took effect (seconds).
    pub start: u64,
    /// How many orders the member has had up to this one.
    pub count: u32,
    /// The plans, primary first.
    pub plans: Vec<u64>,
}

/// The member's payer order in force at `at`.
pub fn order_at(
    storage: &dyn Storage,
    member: &Addr,
    at: Timestamp,
) -> Result<Option<PayerOrder>, ContractError> {
    Ok(PAYER_ORDER
        .prefix(member)
        .range(
            storage,
            None,
            Some(Bound::inclusive(at.seconds())),
            Order::Descending,
        )
        .next()
        .transpose()?
        .map(|(start, v)| {
            let (count, plans) = split_payer_order(v);
            PayerOrder {
                start,
                count,
                plans,
            }
        }))
}

/// Records a new payer order effective now after the `latest` one (its start and count): a
/// second change in the same block replaces it, any other counts one more.
fn save_order(
    storage: &mut dyn Storage,
    member: &Addr,
    now: Timestamp,
    latest: Option<(u64, u32)>,
    plans: Vec<u64>,
) -> Result<(), ContractError> {
    let n = match latest {
        Some((start, n)) if start == now.seconds() => n,
        Some((_, n)) if n >= MAX_PAYER_ORDER_CHANGES => {
            return Err(ContractError::invalid(
                "member",
                format!("at most {MAX_PAYER_ORDER_CHANGES} payer order changes"),
            ))
        }
        Some((_, n)) => n.saturating_add(1),
        None => 1,
    };
    PAYER_ORDER.write(
        storage,
        (member, now.seconds()),
        &payer_order_value(n, plans),
    )?;
    Ok(())
}

/// A member's first enrollment in a plan: the plan pays after the plans already listed.
pub fn append_payer(
    storage: &mut dyn Storage,
    member: &Addr,
    plan_id: u64,
    now: Timestamp,
) -> Result<(), ContractError> {
    let latest = order_at(storage, member, now)?;
    let mut plans = latest.as_ref().map_or_else(Vec::new, |o| o.plans.clone());
    if plans.contains(&plan_id) {
        return Ok(());
    }
    if plans.len() >= MAX_PAYERS {
        return Err(ContractError::invalid(
            "member",
            format!("a member is coordinated across at most {MAX_PAYERS} plans"),
        ));
    }
    plans.push(plan_id);
    save_order(
        storage,
        member,
        now,
        latest.map(|o| (o.start, o.count)),
        plans,
    )
}

/// The member sets their own payer order: a permutation of their current order, effective now.
pub fn set_payer_order(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    plan_ids: Vec<u64>,
) -> Result<Response, ContractError> {
    let member = info.sender;
    let now = env.block.time;
    let latest = order_at(deps.storage, &member, now)?;
    let current = latest.as_ref().map_or_else(Vec::new, |o| o.plans.clone());
    if current.is_empty() {
        return Err(ContractError::invalid(
            "plan_ids",
            "the sender is not enrolled in any plan",
        ));
    }
    let mut sorted = plan_ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    let mut expected = current.clone();
    expected.sort_unstable();
    if plan_ids.len() > MAX_PAYERS || sorted.len() != plan_ids.len() || sorted != expected {
        return Err(ContractError::invalid(
            "plan_ids",
            format!("exactly the plans of the member's current order, each once: {current:?}"),
        ));
    }
    let order = plan_ids
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    save_order(
        deps.storage,
        &member,
        now,
        latest.map(|o| (o.start, o.count)),
        plan_ids,
    )?;
    Ok(Response::new()
        .add_attribute("action", "set_payer_order")
        .add_attribute("member", member)
        .add_attribute("plan_ids", order))
}

/// The member's coverage segment in a plan at `at`: the last starting at or before it (the
/// enrollment itself for one stored before coverage history was kept).
pub fn coverage_segment(
    storage: &dyn Storage,
    plan_id: u64,
    enrollment: &Enrollment,
    at: Timestamp,
) -> Result<(Timestamp, Option<Timestamp>), ContractError> {
    Ok(
        match COVERAGE
            .prefix((plan_id, &enrollment.member))
            .range(
                storage,
                None,
                Some(Bound::inclusive(at.seconds())),
                Order::Descending,
            )
            .next()
            .transpose()?
        {
            Some((start, end)) => (Timestamp::from_seconds(start), end),
            None => (enrollment.coverage_start, enrollment.coverage_end),
        },
    )
}

/// Whether the member is covered by the plan at `at`.
fn covered_on(
    storage: &dyn Storage,
    plan_id: u64,
    member: &Addr,
    at: Timestamp,
) -> Result<bool, ContractError> {
    let Some(enrollment) = enrollment(storage, plan_id, member)? else {
        return Ok(false);
    };
    let (start, end) = crate::family::covered_span(storage, plan_id, &enrollment, at)?;
    Ok(start <= at && end.is_none_or(|end| at < end))
}

/// The plan just ahead of `plan_id` in the member's payer order on `dos` that covers the member
/// that day, if any. Ranks: the order in force on `dos` (the first order for an earlier date);
/// plans missing from it follow, in the current order; a plan in neither is last.
pub fn prior_payer(
    storage: &dyn Storage,
    plan_id: u64,
    member: &Addr,
    dos: Timestamp,
    now: Timestamp,
) -> Result<Option<u64>, ContractError> {
    let current = order_at(storage, member, now)?;
    // The order in force now, when it already was on the date of service (no order starts in
    // between: one range read instead of two).
    let in_force = current
        .as_ref()
        .filter(|o| o.start <= dos.seconds())
        .map(|o| o.plans.clone());
    let then = match in_force {
        Some(p) => p,
        // A service before the first recorded order (coverage enrolled retroactively) is
        // coordinated by the first order, never by a later change.
        None => match order_at(storage, member, dos)? {
            Some(o) => o.plans,
            None => PAYER_ORDER
                .prefix(member)
                .range(storage, None, None, Order::Ascending)
                .next()
                .transpose()?
                .map(|(_, p)| split_payer_order(p).1)
                .unwrap_or_default(),
        },
    };
    let current = current.map(|o| o.plans).unwrap_or_default();
    let rank = |plan: u64| -> usize {
        then.iter().position(|p| *p == plan).unwrap_or_else(|| {
            current
                .iter()
                .position(|p| *p == plan)
                .map_or(usize::MAX, |i| then.len().saturating_add(i))
        })
    };
    let own = rank(plan_id);
    let mut best: Option<(usize, u64)> = None;
    for p in then.iter().chain(current.iter()).copied() {
        let r = rank(p);
        if p == plan_id || r >= own || best.is_some_and(|(b, _)| b >= r) {
            continue;
        }
        if covered_on(storage, p, member, dos)? {
            best = Some((r, p));
        }
    }
    Ok(best.map(|(_, p)| p))
}

fn invalid_eob() -> Denial {
    Denial::co_remark(Carc::BILLING_ERROR, RARC_PRIOR_PAYER_EOB)
}

/// Claim-level step: the prior payer's claim this claim is coordinated with. `Ok(Ok(None))`:
/// this plan is the member's primary for the date of service.
pub fn coordination(
    storage: &dyn Storage,
    claim: &Claim,
    now: Timestamp,
) -> Result<Result<Option<Claim>, Denial>, ContractError> {
    let prior = prior_payer(
        storage,
        claim.plan_id,
        &claim.member,
        claim.date_of_service,
        now,
    )?;
    let (prior, cited) = match (prior, claim.primary_claim_id) {
        (None, None) => return Ok(Ok(None)),
        (Some(_), None) => {
            return Ok(Err(Denial::co_remark(
                Carc::COORDINATION_OF_BENEFITS,
                RARC_PRIMARY_MISSING,
            )))
        }
        (None, Some(_)) => return Ok(Err(invalid_eob())),
        (Some(p), Some(c)) => (p, c),
    };
    let Some(primary) = CLAIMS.may_read(storage, cited)? else {
        return Ok(Err(invalid_eob()));
    };
    let fits = primary.plan_id == prior
        && primary.member == claim.member
        && day_of(primary.date_of_service) == day_of(claim.date_of_service)
        && matches!(
            primary.status,
            ClaimStatus::Paid | ClaimStatus::PartiallyPaid | ClaimStatus::Denied
        );
    if !fits {
        return Ok(Err(invalid_eob()));
    }
    if COB_SECONDARY
        .may_read(storage, cited)?
        .is_some_and(|s| s != claim.id)
    {
        return Ok(Err(Denial {
            group: AdjustmentGroup::OtherAdjustment,
            reason: Carc::EXACT_DUPLICATE,
            rarc: None,
        }));
    }
    Ok(Ok(Some(primary)))
}

/// Line-level step: the primary's line of the same number, code, units and pack: what it paid and
/// what it left to the patient (its PR adjustments). Else CO-16 (N4).
pub fn prior_line(primary: &Claim, line: &ClaimLine) -> Result<(Uint128, Uint128), Denial> {
    let Some(p) = primary.lines.iter().find(|p| {
        p.number == line.number
            && p.procedure_code == line.procedure_code
            && p.units == line.units
            && p.drug == line.drug
    }) else {
        return Err(invalid_eob());
    };
    let patient = p
        .adjustments
        .iter()
        .filter(|a| a.group == AdjustmentGroup::PatientResponsibility)
        .fold(Uint128::zero(), |acc, a| acc.saturating_add(a.amount));
    Ok((p.paid, patient))
}

/// After the secondary's own waterfall: pays at most the primary's patient responsibility and
/// the allowed amount minus the primary's payment; the member's share on this line is its own
/// cost share capped at what the primary left the member after this payment; the rest (of the
/// normal payment and of the cost share) is OA-23.
pub fn apply_prior_payment(
    line: &mut ClaimLine,
    (prior_paid, prior_patient): (Uint128, Uint128),
) -> Result<(), ContractError> {
    let pays = line
        .paid
        .min(prior_patient)
        .min(line.allowed.saturating_sub(prior_paid));
    let mut reduction = line.paid.checked_sub(pays)?;
    let mut member_left = prior_patient.saturating_sub(pays);
    for a in line.adjustments.iter_mut() {
        if a.group == AdjustmentGroup::PatientResponsibility {
            let keep = a.amount.min(member_left);
            member_left = member_left.checked_sub(keep)?;
            reduction = reduction.checked_add(a.amount.checked_sub(keep)?)?;
            a.amount = keep;
        }
    }
    line.adjustments.retain(|a| !a.amount.is_zero());
    line.paid = pays;
    if !reduction.is_zero() {
        line.adjustments
            .push(cw_health_types::claims_engine::Adjustment {
                group: AdjustmentGroup::OtherAdjustment,
                reason: Carc::PRIOR_PAYER,
                amount: reduction,
                rarc: None,
            });
    }
    Ok(())
}

/// Links a secondary claim to the prior payer's claim it was adjudicated on.
pub fn link(storage: &mut dyn Storage, claim: &Claim) -> Result<(), ContractError> {
    if let Some(primary) = claim.primary_claim_id {
        if matches!(
            claim.status,
            ClaimStatus::Paid | ClaimStatus::PartiallyPaid | ClaimStatus::Pended
        ) {
            COB_SECONDARY.write(storage, primary, &claim.id)?;
        }
    }
    Ok(())
}

/// Frees the prior payer's claim of a reversed secondary claim.
pub fn unlink(storage: &mut dyn Storage, claim: &Claim) -> Result<(), ContractError> {
    if let Some(primary) = claim.primary_claim_id {
        if COB_SECONDARY.may_read(storage, primary)? == Some(claim.id) {
            COB_SECONDARY.remove(storage, primary);
        }
    }
    Ok(())
}

/// Fails when a live secondary claim rests on `claim_id` (it may not be corrected or appealed).
pub fn assert_no_secondary(storage: &dyn Storage, claim_id: u64) -> Result<(), ContractError> {
    match COB_SECONDARY.may_read(storage, claim_id)? {
        Some(secondary_claim_id) => Err(ContractError::SecondaryClaimRests {
            claim_id,
            secondary_claim_id,
        }),
        None => Ok(()),
    }
}
