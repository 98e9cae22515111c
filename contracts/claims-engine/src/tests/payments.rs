//! Paying providers: immediate BankMsg, insufficient funds then funding (FIFO, bounded),
//! reservations for pended claims, review decisions, withdrawals.

use cosmwasm_std::{coin, Uint128};
use cw_health_types::claims_engine::{
    ClaimStatus, LineReview, LineReviewAction, PaymentQueueResponse, PaymentStatus, QueryMsg,
    ReviewDecision,
};
use cw_health_types::payment::PaymentError;

use super::*;

fn queue(s: &Suite) -> Vec<(u64, u128)> {
    let q: PaymentQueueResponse = s.q(QueryMsg::PaymentQueue {
        plan_id: s.plan_id,
        start_after: None,
        limit: None,
    });
    q.entries
        .iter()
        .map(|e| (e.claim_id, e.amount_due.u128()))
        .collect()
}

/// Meets the member's deductible so later claims pay.
fn meet_deductible(s: &mut Suite, m: &Addr) {
    let mut sub = s.submission(m, vec![line("27447", 1, 500)]);
    sub.date_of_service = s.env.block.time.minus_seconds(5 * 86_400);
    let (c, _) = s.submit(sub);
    assert_eq!(c.total_paid, Uint128::zero());
}

#[test]
fn approved_claim_pays_the_provider_in_the_same_transaction() {
    let mut s = Suite::new();
    let m = s.member.clone();
    meet_deductible(&mut s, &m);
    let before = s.pool();
    let (c, res) = s.submit(s.submission(&m, vec![line("99213", 1, 100)]));
    assert_eq!(c.payment_status, PaymentStatus::Issued);
    assert_eq!(c.credited, Uint128::new(80));
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 80)]);
    let after = s.pool();
    assert_eq!(after.balance, before.balance - Uint128::new(80));
    assert_eq!(after.total_paid_out, Uint128::new(80));
}

#[test]
fn insufficient_funds_wait_then_are_paid_oldest_first_when_funded() {
    let mut s = Suite::with_funding(100, None);
    let m = s.member.clone();
    let m2 = s.member2.clone();
    meet_deductible(&mut s, &m);
    meet_deductible(&mut s, &m2);
    // Needs 160 > 100: payment pending.
    let (c1, res) = s.submit(s.submission(&m, vec![line("97110", 4, 200)]));
    assert_eq!(c1.status, ClaimStatus::Paid);
    assert_eq!(c1.total_paid, Uint128::new(128));
    assert_eq!(c1.payment_status, PaymentStatus::Pending);
    assert!(sends(&res).is_empty());
    // Needs 80 <= 100, but an older claim waits: queued behind it (oldest first).
    let (c2, res) = s.submit(s.submission(&m2, vec![line("99213", 1, 100)]));
    assert_eq!(c2.payment_status, PaymentStatus::Pending);
    assert!(sends(&res).is_empty());
    assert_eq!(queue(&s), vec![(c1.id, 128), (c2.id, 80)]);
    assert_eq!(s.pool().pending_payments, 2);
    // Withdrawals are blocked while claims wait.
    let insurer = s.insurer.clone();
    let plan_id = s.plan_id;
    let err = s
        .exec(
            &insurer,
            ExecuteMsg::WithdrawFunds {
                plan_id,
                amount: Uint128::new(1),
            },
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::PaymentsPending { .. }));
    // 100 + 50 = 150: pays c1 (128); c2 (80) still waits (22 left).
    let res = s.fund(50).unwrap();
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 128)]);
    assert_eq!(attr(&res, "paid_claims"), c1.id.to_string());
    let pay = res.events.iter().find(|e| e.ty == "payment").unwrap();
    assert!(pay
        .attributes
        .iter()
        .any(|a| a.key == "amount" && a.value == "128"));
    assert_eq!(s.claim(c1.id).payment_status, PaymentStatus::Issued);
    assert_eq!(queue(&s), vec![(c2.id, 80)]);
    assert_eq!(s.pool().balance, Uint128::new(22));
    // Funding 58 more pays c2.
    let res = s.fund(58).unwrap();
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 80)]);
    let c2 = s.claim(c2.id);
    assert_eq!(c2.payment_status, PaymentStatus::Issued);
    assert_eq!(c2.credited, c2.total_paid);
    assert!(queue(&s).is_empty());
    let pool = s.pool();
    assert_eq!(pool.balance, Uint128::zero());
    assert_eq!(pool.pending_payments, 0);
    assert_eq!(pool.total_funded, Uint128::new(208));
    assert_eq!(pool.total_paid_out, Uint128::new(208));
}

#[test]
fn funding_pays_at_most_the_batch_limit_and_anyone_can_continue() {
    let mut s = Suite::with_funding(0, Some(2));
    let mut ids = vec![];
    for m in [s.member3.clone(), s.member.clone(), s.member2.clone()] {
        let c = s.claim_for(&m, vec![line("99214", 1, 150)]);
        assert_eq!(c.payment_status, PaymentStatus::Pending);
        ids.push(c.id);
    }
    let res = s.fund(10_000).unwrap();
    // 2 of 3 paid.
    assert_eq!(sends(&res).len(), 2);
    assert_eq!(queue(&s).len(), 1);
    let anyone = s.deps.api.addr_make("anyone");
    let plan_id = s.plan_id;
    let res = s
        .exec(
            &anyone,
            ExecuteMsg::ProcessPaymentQueue {
                plan_id,
                limit: Some(30),
            },
        )
        .unwrap();
    assert_eq!(attr(&res, "paid_claims"), ids[2].to_string());
    assert!(queue(&s).is_empty());
    for id in ids {
        assert_eq!(s.claim(id).payment_status, PaymentStatus::Issued);
    }
}

#[test]
fn fund_pool_takes_only_the_plan_denom_from_the_insurer() {
    let mut s = Suite::with_funding(0, None);
    let insurer = s.insurer.clone();
    let plan_id = s.plan_id;
    let fund = |s: &mut Suite, who: &Addr, funds: Vec<Coin>| {
        s.exec_funds(who, &funds, ExecuteMsg::FundPool { plan_id })
    };
    assert!(matches!(
        fund(&mut s, &insurer, vec![]).unwrap_err(),
        ContractError::Payment(PaymentError::NoFunds { .. })
    ));
    assert!(matches!(
        fund(&mut s, &insurer, vec![coin(5, "uatom")]).unwrap_err(),
        ContractError::Payment(PaymentError::WrongDenom { .. })
    ));
    assert!(matches!(
        fund(&mut s, &insurer, vec![coin(5, DENOM), coin(5, "uatom")]).unwrap_err(),
        ContractError::Payment(PaymentError::MultipleDenoms { .. })
    ));
    let m = s.member.clone();
    assert!(matches!(
        fund(&mut s, &m, coins(5, DENOM)).unwrap_err(),
        ContractError::Unauthorized { .. }
    ));
    assert_eq!(s.pool().balance, Uint128::zero());
    let res = fund(&mut s, &insurer, coins(5, DENOM)).unwrap();
    assert_eq!(attr(&res, "action"), "fund_pool");
    assert_eq!(s.pool().balance, Uint128::new(5));
}

#[test]
fn withdraw_only_available_funds() {
    let mut s = Suite::with_funding(100_000, None);
    let m = s.member.clone();
    // Pended: 58 500 reserved.
    let c = s.claim_for(&m, vec![line("27447", 3, 60_000)]);
    assert_eq!(c.reserved, Uint128::new(58_500));
    let insurer = s.insurer.clone();
    let plan_id = s.plan_id;
    let err = s
        .exec(
            &insurer,
            ExecuteMsg::WithdrawFunds {
                plan_id,
                amount: Uint128::new(41_501),
            },
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::InsufficientFunds { .. }));
    let adjuster = s.adjuster.clone();
    assert!(matches!(
        s.exec(
            &adjuster,
            ExecuteMsg::WithdrawFunds {
                plan_id,
                amount: Uint128::new(1)
            }
        )
        .unwrap_err(),
        ContractError::Unauthorized { .. }
    ));
    let res = s
        .exec(
            &insurer,
            ExecuteMsg::WithdrawFunds {
                plan_id,
                amount: Uint128::new(41_500),
            },
        )
        .unwrap();
    assert_eq!(sends(&res), vec![(insurer.to_string(), 41_500)]);
    // The reserved amount still pays the pended claim once approved.
    let res = s
        .exec(
            &adjuster,
            ExecuteMsg::ReviewClaim {
                claim_id: c.id,
                decision: ReviewDecision::Approve {},
            },
        )
        .unwrap();
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 58_500)]);
    let pool = s.pool();
    assert_eq!(pool.balance, Uint128::zero());
    assert_eq!(pool.reserved, Uint128::zero());
}

#[test]
fn review_deny_rolls_back_and_adjust_reprices() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let big = s.claim_for(&m, vec![line("27447", 3, 60_000)]);
    assert_eq!(big.status, ClaimStatus::Pended);
    let stranger = s.deps.api.addr_make("stranger");
    let deny = ExecuteMsg::ReviewClaim {
        claim_id: big.id,
        decision: ReviewDecision::Deny {
            reason: Carc::NOT_MEDICALLY_NECESSARY,
            rarc: None,
        },
    };
    assert!(matches!(
        s.exec(&stranger, deny.clone()).unwrap_err(),
        ContractError::Unauthorized { .. }
    ));
    // Cost-share codes are not denial reasons.
    let adjuster = s.adjuster.clone();
    assert!(s
        .exec(
            &adjuster,
            ExecuteMsg::ReviewClaim {
                claim_id: big.id,
                decision: ReviewDecision::Deny {
                    reason: Carc::DEDUCTIBLE,
                    rarc: None
                },
            },
        )
        .is_err());
    let res = s.exec(&adjuster, deny.clone()).unwrap();
    assert!(sends(&res).is_empty());
    let big = s.claim(big.id);
    assert_eq!(big.status, ClaimStatus::Denied);
    denied_with(&big, 0, "CO", Carc::NOT_MEDICALLY_NECESSARY);
    assert_eq!(s.pool().reserved, Uint128::zero());
    assert!(s.accumulators(&m).deductible.individual_met.is_zero());
    assert!(s.accumulators(&m).out_of_pocket.individual_met.is_zero());
    // Deciding twice: wrong status.
    assert!(matches!(
        s.exec(&adjuster, deny).unwrap_err(),
        ContractError::WrongStatus { .. }
    ));

    // Adjust: reprice line 1 to 40 000 and deny line 2 as bundled.
    let mut sub = s.submission(&m, vec![line("27447", 2, 40_000), line("27447", 1, 20_000)]);
    sub.date_of_service = s.env.block.time.minus_seconds(2 * 86_400);
    let (c, _) = s.submit(sub);
    assert_eq!(c.status, ClaimStatus::Pended);
    let bad = ExecuteMsg::ReviewClaim {
        claim_id: c.id,
        decision: ReviewDecision::Adjust {
            lines: vec![LineReview {
                line: 9,
                action: LineReviewAction::Reprice {
                    allowed: Uint128::new(1),
                },
            }],
        },
    };
    assert!(s.exec(&adjuster, bad).is_err());
    let res = s
        .exec(
            &adjuster,
            ExecuteMsg::ReviewClaim {
                claim_id: c.id,
                decision: ReviewDecision::Adjust {
                    lines: vec![
                        LineReview {
                            line: 1,
                            action: LineReviewAction::Reprice {
                                allowed: Uint128::new(30_000),
                            },
                        },
                        LineReview {
                            line: 2,
                            action: LineReviewAction::Deny {
                                reason: Carc::BUNDLED,
                                rarc: None,
                            },
                        },
                    ],
                },
            },
        )
        .unwrap();
    let c = s.claim(c.id);
    assert_eq!(c.status, ClaimStatus::PartiallyPaid);
    // allowed 30 000: CO-45 10 000, deductible 500, coinsurance capped at 1000.
    assert_eq!(
        adjs(&c, 0),
        vec![("CO", 45, 10_000), ("PR", 1, 500), ("PR", 2, 1000)]
    );
    denied_with(&c, 1, "CO", Carc::BUNDLED);
    assert_eq!(c.total_paid, Uint128::new(28_500));
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 28_500)]);
    assert_eq!(c.adjudicator, Some(adjuster));
    assert_eq!(
        s.accumulators(&m).out_of_pocket.individual_met,
        Uint128::new(1500)
    );
}

#[test]
fn an_approved_pended_claim_queues_behind_older_waiting_claims() {
    let mut s = Suite::with_funding(0, None);
    let m = s.member.clone();
    let m3 = s.member3.clone();
    // Pended; nothing to reserve (empty pool).
    let big = s.claim_for(&m, vec![line("27447", 3, 60_000)]);
    assert_eq!(big.status, ClaimStatus::Pended);
    assert!(big.reserved.is_zero());
    // An older approved claim waits for funds.
    let small = s.claim_for(&m3, vec![line("99214", 1, 150)]);
    assert_eq!(small.payment_status, PaymentStatus::Pending);
    let adjuster = s.adjuster.clone();
    let res = s
        .exec(
            &adjuster,
            ExecuteMsg::ReviewClaim {
                claim_id: big.id,
                decision: ReviewDecision::Approve {},
            },
        )
        .unwrap();
    assert!(sends(&res).is_empty());
    assert_eq!(queue(&s), vec![(small.id, 125), (big.id, 58_500)]);
    let res = s.fund(100_000).unwrap();
    assert_eq!(
        sends(&res),
        vec![
            (s.provider.to_string(), 125),
            (s.provider.to_string(), 58_500)
        ]
    );
    assert_eq!(s.claim(big.id).payment_status, PaymentStatus::Issued);
}

/// Counts writes of the pool records (cw-storage-plus `Map` "pools": 2-byte length + name).
struct CountingStorage<'a> {
    inner: &'a mut dyn cosmwasm_std::Storage,
    pool_writes: usize,
}

impl cosmwasm_std::Storage for CountingStorage<'_> {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.inner.get(key)
    }
    fn range<'b>(
        &'b self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: cosmwasm_std::Order,
    ) -> Box<dyn Iterator<Item = cosmwasm_std::Record> + 'b> {
        self.inner.range(start, end, order)
    }
    fn set(&mut self, key: &[u8], value: &[u8]) {
        if key.starts_with(b"\x00\x05pools") {
            self.pool_writes += 1;
        }
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &[u8]) {
        self.inner.remove(key)
    }
}

#[test]
fn paying_a_batch_of_queued_claims_writes_the_pool_once() {
    let mut s = Suite::with_funding(0, Some(10));
    for m in [s.member3.clone(), s.member.clone(), s.member2.clone()] {
        let c = s.claim_for(&m, vec![line("99214", 1, 150)]);
        assert_eq!(c.payment_status, PaymentStatus::Pending);
    }
    // Funds arrive (booked directly so only the queue run is measured).
    let plan = crate::state::PLANS
        .load(&s.deps.storage, s.plan_id)
        .unwrap();
    let mut pool = crate::state::POOLS
        .load(&s.deps.storage, s.plan_id)
        .unwrap();
    pool.balance = Uint128::new(1_000);
    pool.total_funded = Uint128::new(1_000);
    crate::state::POOLS
        .save(&mut s.deps.storage, s.plan_id, &pool)
        .unwrap();
    let mut storage = CountingStorage {
        inner: &mut s.deps.storage,
        pool_writes: 0,
    };
    let mut msgs = vec![];
    let paid = crate::payment::process_queue(&mut storage, &plan, 10, s.env.block.time, &mut msgs)
        .unwrap();
    assert_eq!(paid.len(), 3);
    assert_eq!(msgs.len(), 3);
    assert_eq!(storage.pool_writes, 1, "one pool write for the batch");
    let pool = s.pool();
    assert_eq!(pool.pending_payments, 0);
    assert_eq!(pool.balance.u128(), 1_000 - 3 * 125);
}
