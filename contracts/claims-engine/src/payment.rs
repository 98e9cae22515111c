//! Paying providers from a plan's pool.
//!
//! A claim's plan payment (`total_paid`) is settled against what the provider was already
//! credited: first by offsetting the provider's overpayments (recoupment after a reversal), then
//! in cash with a `BankMsg`. Cash goes out only when the payment queue of the plan is empty (or
//! the claim is at its head) and the available funds cover the whole amount, or when funds were
//! reserved for the claim while it was pended; otherwise the claim waits in the queue (FIFO by
//! sequence number). Funding pays the queue oldest first, at most `payout_batch_limit` claims per
//! message, stopping at the first claim the funds cannot cover.
//!
//! Prompt pay (I15): with a plan's [`PromptPay`] rule, a payable claim is due `days` after it was
//! received (an additional amount after an overturned appeal: after the decision). A claim
//! waiting in the queue past its due time is listed by the `OverduePayments` query; cash sent
//! after the due time carries simple interest on the amount sent,
//! `floor(amount * annual_interest_bps * seconds_late / (10000 * 365 days))` (rounded down to
//! the unit), paid with it from the pool (the payment waits until the pool covers both).
//! Amounts offset against the provider's overpayments carry no interest.

use cosmwasm_std::{coins, Addr, BankMsg, CosmosMsg, Event, Order, Storage, Timestamp, Uint128};
use cw_health_types::claims_engine::codes::{BPS_DENOMINATOR, DAY_SECONDS, PLAN_YEAR_SECONDS};
use cw_health_types::claims_engine::{Claim, ClaimStatus, PaymentStatus, Plan, PromptPay};
use cw_health_types::pagination::TryCollect;
use cw_health_types::store::{ReadMap, WriteMap};

use crate::error::ContractError;
use crate::state::{next_id, Pool, PAYMENT_DUE, PAYMENT_QUEUE, POOLS, QUEUE_SEQ, RECOUPMENTS};

/// Starts the prompt-pay clock of a claim not waiting in the queue: due `days` after `from`.
pub fn start_clock(plan: &Plan, claim: &mut Claim, from: Timestamp) {
    if let Some(rule) = plan.prompt_pay {
        if claim.payment_queue_seq.is_none() {
            claim.payment_due_at =
                Some(from.plus_seconds(u64::from(rule.days).saturating_mul(DAY_SECONDS)));
        }
    }
}

/// Interest owed on `amount` paid at `now` for a payment due at `due`: simple annual interest,
/// rounded down to the unit.
pub fn late_interest(
    rule: Option<PromptPay>,
    due: Option<Timestamp>,
    amount: Uint128,
    now: Timestamp,
) -> Result<Uint128, ContractError> {
    let (Some(rule), Some(due)) = (rule, due) else {
        return Ok(Uint128::zero());
    };
    let late = now.seconds().saturating_sub(due.seconds());
    Ok(amount.checked_multiply_ratio(
        u128::from(rule.annual_interest_bps).saturating_mul(u128::from(late)),
        u128::from(BPS_DENOMINATOR).saturating_mul(u128::from(PLAN_YEAR_SECONDS)),
    )?)
}

fn queue_head(storage: &dyn Storage, plan_id: u64) -> Result<Option<u64>, ContractError> {
    Ok(PAYMENT_QUEUE
        .prefix(plan_id)
        .keys(storage, None, None, Order::Ascending)
        .next()
        .transpose()?)
}

fn dequeue(storage: &mut dyn Storage, pool: &mut Pool, claim: &mut Claim) {
    if let Some(seq) = claim.payment_queue_seq.take() {
        PAYMENT_QUEUE.remove(storage, (claim.plan_id, seq));
        pool.pending_payments = pool.pending_payments.saturating_sub(1);
        if let Some(due) = claim.payment_due_at {
            PAYMENT_DUE.remove(storage, (claim.plan_id, due.seconds(), claim.id));
        }
    }
}

fn add_recoupment(
    storage: &mut dyn Storage,
    plan_id: u64,
    provider: &Addr,
    amount: Uint128,
) -> Result<(), ContractError> {
    if amount.is_zero() {
        return Ok(());
    }
    let owed = RECOUPMENTS
        .may_read(storage, (plan_id, provider))?
        .unwrap_or_default()
        .checked_add(amount)?;
    RECOUPMENTS.write(storage, (plan_id, provider), &owed)?;
    Ok(())
}

/// Reserves funds for a pended claim when the queue is empty and the available funds cover its
/// provisional payment.
pub fn reserve(storage: &mut dyn Storage, claim: &mut Claim) -> Result<(), ContractError> {
    let mut pool = POOLS.read(storage, claim.plan_id)?;
    if claim.reserved.is_zero()
        && !claim.total_paid.is_zero()
        && queue_head(storage, claim.plan_id)?.is_none()
        && pool.available() >= claim.total_paid
    {
        pool.reserved = pool.reserved.checked_add(claim.total_paid)?;
        claim.reserved = claim.total_paid;
        POOLS.write(storage, claim.plan_id, &pool)?;
    }
    Ok(())
}

/// Settles a finally adjudicated claim: releases its reservation, recoups an overpayment, or pays
/// (offset, cash, or queued). Appends the `BankMsg` if cash goes out.
pub fn settle(
    storage: &mut dyn Storage,
    plan: &Plan,
    claim: &mut Claim,
    now: Timestamp,
    msgs: &mut Vec<CosmosMsg>,
) -> Result<(), ContractError> {
    let mut pool = POOLS.read(storage, plan.id)?;
    settle_in(storage, plan, &mut pool, claim, now, msgs)?;
    POOLS.write(storage, plan.id, &pool)?;
    Ok(())
}

/// [`settle`] against a pool the caller loaded and saves (once per batch).
fn settle_in(
    storage: &mut dyn Storage,
    plan: &Plan,
    pool: &mut Pool,
    claim: &mut Claim,
    now: Timestamp,
    msgs: &mut Vec<CosmosMsg>,
) -> Result<(), ContractError> {
    let reserved = std::mem::take(&mut claim.reserved);
    pool.reserved = pool.reserved.checked_sub(reserved)?;

    if claim.credited >= claim.total_paid {
        let excess = claim.credited.checked_sub(claim.total_paid)?;
        add_recoupment(storage, plan.id, &claim.provider, excess)?;
        claim.credited = claim.total_paid;
        dequeue(storage, pool, claim);
        claim.payment_status = if claim.total_paid.is_zero() {
            PaymentStatus::NotDue
        } else {
            PaymentStatus::Issued
        };
        return Ok(());
    }

    let mut need = claim.total_paid.checked_sub(claim.credited)?;
    // Offset against the provider's earlier overpayments.
    let owed = RECOUPMENTS
        .may_read(storage, (plan.id, &claim.provider))?
        .unwrap_or_default();
    let offset = owed.min(need);
    if !offset.is_zero() {
        let left = owed.checked_sub(offset)?;
        if left.is_zero() {
            RECOUPMENTS.remove(storage, (plan.id, &claim.provider));
        } else {
            RECOUPMENTS.write(storage, (plan.id, &claim.provider), &left)?;
        }
        claim.credited = claim.credited.checked_add(offset)?;
        need = need.checked_sub(offset)?;
    }

    let head = queue_head(storage, plan.id)?;
    let first_in_line = head.is_none() || head == claim.payment_queue_seq;
    let interest = late_interest(plan.prompt_pay, claim.payment_due_at, need, now)?;
    let cash = need.checked_add(interest)?;
    if need.is_zero() {
        dequeue(storage, pool, claim);
        claim.payment_status = PaymentStatus::Issued;
    } else if (first_in_line || reserved >= need) && pool.available() >= cash {
        pool.balance = pool.balance.checked_sub(cash)?;
        pool.total_paid_out = pool.total_paid_out.checked_add(cash)?;
        claim.credited = claim.credited.checked_add(need)?;
        claim.interest_paid = claim.interest_paid.checked_add(interest)?;
        msgs.push(
            BankMsg::Send {
                to_address: claim.provider.to_string(),
                amount: coins(cash.u128(), &plan.denom),
            }
            .into(),
        );
        dequeue(storage, pool, claim);
        claim.payment_status = PaymentStatus::Issued;
    } else {
        if claim.payment_queue_seq.is_none() {
            let seq = next_id(storage, &QUEUE_SEQ)?;
            PAYMENT_QUEUE.write(storage, (plan.id, seq), &claim.id)?;
            claim.payment_queue_seq = Some(seq);
            pool.pending_payments = pool.pending_payments.saturating_add(1);
            if let Some(due) = claim.payment_due_at.filter(|_| plan.prompt_pay.is_some()) {
                PAYMENT_DUE.write(storage, (plan.id, due.seconds(), claim.id), &())?;
            }
        }
        claim.payment_status = PaymentStatus::Pending;
    }
    Ok(())
}

/// Takes a claim out of payment for a reversal: releases its reservation, leaves the queue, and
/// books what the provider was credited as an overpayment to recoup.
pub fn unwind(storage: &mut dyn Storage, claim: &mut Claim) -> Result<(), ContractError> {
    let mut pool = POOLS.read(storage, claim.plan_id)?;
    let reserved = std::mem::take(&mut claim.reserved);
    pool.reserved = pool.reserved.checked_sub(reserved)?;
    dequeue(storage, &mut pool, claim);
    add_recoupment(storage, claim.plan_id, &claim.provider, claim.credited)?;
    claim.payment_status = PaymentStatus::NotDue;
    POOLS.write(storage, claim.plan_id, &pool)?;
    Ok(())
}

/// Pays queued claims oldest first while funds last; at most `limit` claims. Appends the bank
/// messages and returns one `payment` event per claim paid (claim id, provider, amount).
pub fn process_queue(
    storage: &mut dyn Storage,
    plan: &Plan,
    limit: usize,
    now: Timestamp,
    msgs: &mut Vec<CosmosMsg>,
) -> Result<Vec<Event>, ContractError> {
    let entries: Vec<(u64, u64)> = PAYMENT_QUEUE
        .prefix(plan.id)
        .range(storage, None, None, Order::Ascending)
        .take(limit)
        .try_vec()?;
    let mut paid = vec![];
    // The pool is read and written once per batch, not once per claim.
    let mut pool = POOLS.read(storage, plan.id)?;
    for (seq, claim_id) in entries {
        let mut claim = crate::state::CLAIMS.read(storage, claim_id)?;
        if claim.payment_queue_seq != Some(seq) || claim.status == ClaimStatus::Reversed {
            // Stale entry (reversals dequeue, so this is defensive); drop it.
            PAYMENT_QUEUE.remove(storage, (plan.id, seq));
            pool.pending_payments = pool.pending_payments.saturating_sub(1);
            continue;
        }
        let credited_before = claim.credited;
        let interest_before = claim.interest_paid;
        settle_in(storage, plan, &mut pool, &mut claim, now, msgs)?;
        let done = claim.payment_status != PaymentStatus::Pending;
        crate::state::CLAIMS.write(storage, claim_id, &claim)?;
        if !done {
            break;
        }
        paid.push(
            Event::new("payment")
                .add_attribute("claim_id", claim_id.to_string())
                .add_attribute("plan_id", plan.id.to_string())
                .add_attribute("provider", claim.provider.to_string())
                .add_attribute("amount", claim.credited.checked_sub(credited_before)?)
                .add_attribute(
                    "interest",
                    claim.interest_paid.checked_sub(interest_before)?,
                ),
        );
    }
    POOLS.write(storage, plan.id, &pool)?;
    Ok(paid)
}
