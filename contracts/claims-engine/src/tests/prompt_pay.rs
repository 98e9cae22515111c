//! Prompt-pay clocks (I15): the insurer who underfunds or sits on a clean claim pays interest.

use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{
    ClaimStatus, DecisionCursor, OverdueDecisionsResponse, PaymentStatus, PromptPay,
};

use super::*;

const RULE: PromptPay = PromptPay {
    days: 30,
    annual_interest_bps: 1200,
};

/// A plan like the suite's with the prompt-pay rule, `member` enrolled, unfunded. Returns its id.
fn prompt_plan(s: &mut Suite, rule: Option<PromptPay>) -> Result<u64, ContractError> {
    let mut input = plan_input(s);
    input.prompt_pay = rule;
    let insurer = s.insurer.clone();
    let res = s.exec(&insurer, ExecuteMsg::CreatePlan(input))?;
    let plan_id: u64 = attr(&res, "plan_id").parse().unwrap();
    let start = s.env.block.time.minus_seconds(200 * DAY_SECONDS);
    s.exec(
        &insurer,
        ExecuteMsg::EnrollMember(EnrollmentInput {
            plan_id,
            member: s.member3.to_string(),
            family_id: "FAM2".into(),
            coverage_start: start,
            coverage_end: None,
            status: MemberStatus::Active,
            dependant_of: None,
        }),
    )?;
    // member3 is now in two plans: make this one primary.
    let m3 = s.member3.clone();
    let first = s.plan_id;
    s.exec(
        &m3,
        ExecuteMsg::SetPayerOrder {
            plan_ids: vec![plan_id, first],
        },
    )?;
    Ok(plan_id)
}

fn fund_plan(s: &mut Suite, plan_id: u64, amount: u128) -> Response {
    let insurer = s.insurer.clone();
    s.exec_funds(
        &insurer,
        &coins(amount, DENOM),
        ExecuteMsg::FundPool { plan_id },
    )
    .unwrap()
}

fn overdue(s: &Suite, plan_id: u64, start_after: Option<DecisionCursor>) -> Vec<(u64, u64)> {
    let r: OverdueDecisionsResponse = s.q(QueryMsg::OverduePayments {
        plan_id,
        start_after,
        limit: Some(1),
    });
    r.items
        .into_iter()
        .map(|i| (i.id, i.due_at.seconds()))
        .collect()
}

/// Knee replacement: allowed 20 000; the member owes the out-of-pocket maximum 1 500: the plan
/// pays 18 500.
fn knee(s: &Suite, plan_id: u64) -> ClaimSubmission {
    let mut sub = s.submission(&s.member3, vec![line("27447", 1, 20_000)]);
    sub.plan_id = plan_id;
    sub
}

fn interest(amount: u128, late_seconds: u128) -> u128 {
    amount * 1200 * late_seconds / (10_000 * 365 * 86_400)
}

#[test]
fn prompt_pay_rule_is_validated() {
    let mut s = Suite::new();
    for rule in [
        PromptPay {
            days: 0,
            annual_interest_bps: 100,
        },
        PromptPay {
            days: 366,
            annual_interest_bps: 100,
        },
        PromptPay {
            days: 30,
            annual_interest_bps: 10_001,
        },
    ] {
        assert!(prompt_plan(&mut s, Some(rule)).is_err(), "{rule:?}");
    }
}

#[test]
fn an_underfunded_pool_pays_late_payments_with_interest() {
    let mut s = Suite::new();
    let plan = prompt_plan(&mut s, Some(RULE)).unwrap();
    let (c, res) = s.submit(knee(&s, plan));
    assert!(sends(&res).is_empty());
    assert_eq!(c.payment_status, PaymentStatus::Pending);
    let due = c.submitted_at.plus_seconds(30 * DAY_SECONDS);
    assert_eq!(c.payment_due_at, Some(due));
    assert!(overdue(&s, plan, None).is_empty(), "not overdue yet");
    s.advance(40 * DAY_SECONDS);
    assert_eq!(overdue(&s, plan, None), vec![(c.id, due.seconds())]);
    // The insurer funds exactly the principal: the payment waits for the interest too.
    let res = fund_plan(&mut s, plan, 18_500);
    assert!(sends(&res).is_empty());
    assert_eq!(s.claim(c.id).payment_status, PaymentStatus::Pending);
    let res = fund_plan(&mut s, plan, 1_000);
    let owed = interest(18_500, u128::from(10 * DAY_SECONDS));
    assert_eq!(owed, 60);
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 18_500 + owed)]);
    let paid = s.claim(c.id);
    assert_eq!(paid.payment_status, PaymentStatus::Issued);
    assert_eq!(paid.interest_paid.u128(), owed);
    assert_eq!(paid.credited.u128(), 18_500);
    assert!(overdue(&s, plan, None).is_empty());
    let pool: cw_health_types::claims_engine::PoolResponse = s.q(QueryMsg::Pool { plan_id: plan });
    assert_eq!(pool.balance.u128(), 19_500 - 18_500 - owed);
    assert_eq!(pool.total_paid_out.u128(), 18_500 + owed);
}

#[test]
fn a_claim_paid_on_time_owes_no_interest() {
    let mut s = Suite::new();
    let plan = prompt_plan(&mut s, Some(RULE)).unwrap();
    fund_plan(&mut s, plan, 100_000);
    let (c, res) = s.submit(knee(&s, plan));
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 18_500)]);
    assert!(c.interest_paid.is_zero());
}

#[test]
fn pending_a_claim_does_not_stop_the_clock() {
    let mut s = Suite::new();
    let plan = prompt_plan(&mut s, Some(RULE)).unwrap();
    fund_plan(&mut s, plan, 100_000);
    // A near duplicate (modifier) pends the second claim.
    s.submit(knee(&s, plan));
    let mut sub = knee(&s, plan);
    sub.lines = vec![with_mods(line("27447", 1, 20_000), &["RT"])];
    let (pended, _) = s.submit(sub);
    assert_eq!(pended.status, ClaimStatus::Pended);
    assert_eq!(
        pended.payment_due_at,
        Some(pended.submitted_at.plus_seconds(30 * DAY_SECONDS))
    );
    s.advance(35 * DAY_SECONDS);
    let adjuster = s.adjuster.clone();
    let res = s
        .exec(
            &adjuster,
            ExecuteMsg::ReviewClaim {
                claim_id: pended.id,
                decision: cw_health_types::claims_engine::ReviewDecision::Approve {},
            },
        )
        .unwrap();
    let c = s.claim(pended.id);
    let owed = interest(c.total_paid.u128(), u128::from(5 * DAY_SECONDS));
    assert!(owed > 0);
    assert_eq!(
        sends(&res),
        vec![(s.provider.to_string(), c.total_paid.u128() + owed)]
    );
    assert_eq!(c.interest_paid.u128(), owed);
}

#[test]
fn overdue_payments_page_by_due_time() {
    let mut s = Suite::new();
    let plan = prompt_plan(&mut s, Some(RULE)).unwrap();
    let (a, _) = s.submit(knee(&s, plan));
    s.advance(60);
    let mut sub = knee(&s, plan);
    sub.lines = vec![line("99214", 1, 200)];
    let (b, _) = s.submit(sub);
    s.advance(31 * DAY_SECONDS);
    let first = overdue(&s, plan, None);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].0, a.id);
    let cursor = DecisionCursor {
        due_at: Timestamp::from_seconds(first[0].1),
        id: first[0].0,
    };
    let second = overdue(&s, plan, Some(cursor.clone()));
    assert_eq!(second.iter().map(|i| i.0).collect::<Vec<_>>(), vec![b.id]);
    let cursor = DecisionCursor {
        due_at: Timestamp::from_seconds(second[0].1),
        id: second[0].0,
    };
    assert!(overdue(&s, plan, Some(cursor)).is_empty());
}

#[test]
fn a_plan_without_a_rule_has_no_clock() {
    let mut s = Suite::with_funding(0, None);
    let (c, _) = s.submit(s.submission(&s.member.clone(), vec![line("27447", 1, 20_000)]));
    assert_eq!(c.payment_due_at, None);
    s.advance(100 * DAY_SECONDS);
    assert!(overdue(&s, s.plan_id, None).is_empty());
    let res = s.fund(100_000).unwrap();
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 18_500)]);
}
