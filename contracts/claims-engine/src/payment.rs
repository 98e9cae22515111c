//! Paying providers from a plan's pool.
//!
//! A claim's plan payment (`total_paid`) is settled against what the provider was already
//! credited: first by offsetting the provider's overpayments (recoupment after a reversal), then
//! in cash with a `BankMsg`. Cash goes out only when the payment queue of the plan is empty (or
//! the claim is at its head) and the available funds cover the whole amount, or when funds were
//! reserved for the claim while it was pended; otherwise the claim waits in the queue (FIFO by
//! sequence number). Funding pays the queue oldest first, at most `payout_batch_limit` claims per
//! message, stopping at the first claim the funds cannot cover.

use cosmwasm_std::{coins, Addr, BankMsg, CosmosMsg, Event, Order, Storage, Uint128};
use cw_health_types::claims_engine::{Claim, ClaimStatus, PaymentStatus, Plan};

use crate::error::ContractError;
use crate::state::{next_id, Pool, PAYMENT_QUEUE, POOLS, QUEUE_SEQ, RECOUPMENTS};

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
        .may_load(storage, (plan_id, provider))?
        .unwrap_or_default()
        .checked_add(amount)?;
    RECOUPMENTS.save(storage, (plan_id, provider), &owed)?;
    Ok(())
}

/// Reserves funds for a pended claim when the queue is empty and the available funds cover its
/// provisional payment.
pub fn reserve(storage: &mut dyn Storage, claim: &mut Claim) -> Result<(), ContractError> {
    let mut pool = POOLS.load(storage, claim.plan_id)?;
    if claim.reserved.is_zero()
        && !claim.total_paid.is_zero()
        && queue_head(storage, claim.plan_id)?.is_none()
        && pool.available() >= claim.total_paid
    {
        pool.reserved = pool.reserved.checked_add(claim.total_paid)?;
        claim.reserved = claim.total_paid;
        POOLS.save(storage, claim.plan_id, &pool)?;
    }
    Ok(())
}

/// Settles a finally adjudicated claim: releases its reservation, recoups an overpayment, or pays
/// (offset, cash, or queued). Appends the `BankMsg` if cash goes out.
pub fn settle(
    storage: &mut dyn Storage,
    plan: &Plan,
    claim: &mut Claim,
    msgs: &mut Vec<CosmosMsg>,
) -> Result<(), ContractError> {
    let mut pool = POOLS.load(storage, plan.id)?;
    let reserved = std::mem::take(&mut claim.reserved);
    pool.reserved = pool.reserved.checked_sub(reserved)?;

    if claim.credited >= claim.total_paid {
        let excess = claim.credited.checked_sub(claim.total_paid)?;
        add_recoupment(storage, plan.id, &claim.provider, excess)?;
        claim.credited = claim.total_paid;
        dequeue(storage, &mut pool, claim);
        claim.payment_status = if claim.total_paid.is_zero() {
            PaymentStatus::NotDue
        } else {
            PaymentStatus::Issued
        };
        POOLS.save(storage, plan.id, &pool)?;
        return Ok(());
    }

    let mut need = claim.total_paid.checked_sub(claim.credited)?;
    // Offset against the provider's earlier overpayments.
    let owed = RECOUPMENTS
        .may_load(storage, (plan.id, &claim.provider))?
        .unwrap_or_default();
    let offset = owed.min(need);
    if !offset.is_zero() {
        let left = owed.checked_sub(offset)?;
        if left.is_zero() {
            RECOUPMENTS.remove(storage, (plan.id, &claim.provider));
        } else {
            RECOUPMENTS.save(storage, (plan.id, &claim.provider), &left)?;
        }
        claim.credited = claim.credited.checked_add(offset)?;
        need = need.checked_sub(offset)?;
    }

    let head = queue_head(storage, plan.id)?;
    let first_in_line = head.is_none() || head == claim.payment_queue_seq;
    if need.is_zero() {
        dequeue(storage, &mut pool, claim);
        claim.payment_status = PaymentStatus::Issued;
    } else if (first_in_line || reserved >= need) && pool.available() >= need {
        pool.balance = pool.balance.checked_sub(need)?;
        pool.total_paid_out = pool.total_paid_out.checked_add(need)?;
        claim.credited = claim.credited.checked_add(need)?;
        msgs.push(
            BankMsg::Send {
                to_address: claim.provider.to_string(),
                amount: coins(need.u128(), &plan.denom),
            }
            .into(),
        );
        dequeue(storage, &mut pool, claim);
        claim.payment_status = PaymentStatus::Issued;
    } else {
        if claim.payment_queue_seq.is_none() {
            let seq = next_id(storage, &QUEUE_SEQ)?;
            PAYMENT_QUEUE.save(storage, (plan.id, seq), &claim.id)?;
            claim.payment_queue_seq = Some(seq);
            pool.pending_payments = pool.pending_payments.saturating_add(1);
        }
        claim.payment_status = PaymentStatus::Pending;
    }
    POOLS.save(storage, plan.id, &pool)?;
    Ok(())
}

/// Takes a claim out of payment for a reversal: releases its reservation, leaves the queue, and
/// books what the provider was credited as an overpayment to recoup.
pub fn unwind(storage: &mut dyn Storage, claim: &mut Claim) -> Result<(), ContractError> {
    let mut pool = POOLS.load(storage, claim.plan_id)?;
    let reserved = std::mem::take(&mut claim.reserved);
    pool.reserved = pool.reserved.checked_sub(reserved)?;
    dequeue(storage, &mut pool, claim);
    add_recoupment(storage, claim.plan_id, &claim.provider, claim.credited)?;
    claim.payment_status = PaymentStatus::NotDue;
    POOLS.save(storage, claim.plan_id, &pool)?;
    Ok(())
}

/// Pays queued claims oldest first while funds last; at most `limit` claims. Appends the bank
/// messages and returns one `payment` event per claim paid (claim id, provider, amount).
pub fn process_queue(
    storage: &mut dyn Storage,
    plan: &Plan,
    limit: usize,
    msgs: &mut Vec<CosmosMsg>,
) -> Result<Vec<Event>, ContractError> {
    let entries: Vec<(u64, u64)> = PAYMENT_QUEUE
        .prefix(plan.id)
        .range(storage, None, None, Order::Ascending)
        .take(limit)
        .collect::<Result<_, _>>()?;
    let mut paid = vec![];
    for (seq, claim_id) in entries {
        let mut claim = crate::state::CLAIMS.load(storage, claim_id)?;
        if claim.payment_queue_seq != Some(seq) || claim.status == ClaimStatus::Reversed {
            // Stale entry (reversals dequeue, so this is defensive); drop it.
            PAYMENT_QUEUE.remove(storage, (plan.id, seq));
            let mut pool = POOLS.load(storage, plan.id)?;
            pool.pending_payments = pool.pending_payments.saturating_sub(1);
            POOLS.save(storage, plan.id, &pool)?;
            continue;
        }
        let credited_before = claim.credited;
        settle(storage, plan, &mut claim, msgs)?;
        let done = claim.payment_status != PaymentStatus::Pending;
        crate::state::CLAIMS.save(storage, claim_id, &claim)?;
        if !done {
            break;
        }
        paid.push(
            Event::new("payment")
                .add_attribute("claim_id", claim_id.to_string())
                .add_attribute("plan_id", plan.id.to_string())
                .add_attribute("provider", claim.provider.to_string())
                .add_attribute("amount", claim.credited.checked_sub(credited_before)?),
        );
    }
    Ok(paid)
}
