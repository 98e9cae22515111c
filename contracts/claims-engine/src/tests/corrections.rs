//! Replacement (frequency 7) and void (8): reversal, accumulator rollback, recoupment or
//! re-payment of the difference.

use cosmwasm_std::Uint128;
use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{
    AuthService, ClaimFrequency, ClaimStatus, PaymentStatus, PriorAuth, PriorAuthDecision,
    PriorAuthRequest, ProviderBalanceResponse, QueryMsg, Remittance, Urgency,
};
use cw_health_types::ehr_registry::{PartyRole, PartyStatus};

use super::*;

fn correction(
    s: &Suite,
    member: &Addr,
    freq: ClaimFrequency,
    original: u64,
    lines: Vec<ClaimLineInput>,
) -> ClaimSubmission {
    let mut sub = s.submission(member, lines);
    sub.frequency = freq;
    sub.original_claim_id = Some(original);
    if freq == ClaimFrequency::Void {
        sub.diagnoses = vec![];
    }
    sub
}

fn owed(s: &Suite) -> u128 {
    let r: ProviderBalanceResponse = s.q(QueryMsg::ProviderBalance {
        plan_id: s.plan_id,
        provider: s.provider.to_string(),
    });
    r.owed_to_plan.u128()
}

fn meet_deductible(s: &mut Suite, m: &Addr) {
    let mut sub = s.submission(m, vec![line("27447", 1, 500)]);
    sub.date_of_service = s.env.block.time.minus_seconds(5 * DAY_SECONDS);
    s.submit(sub);
}

#[test]
fn void_reverses_rolls_back_and_recoups_by_offset() {
    let mut s = Suite::new();
    let m = s.member.clone();
    meet_deductible(&mut s, &m);
    let b = s.claim_for(&m, vec![line("99213", 1, 100)]);
    assert_eq!(b.total_paid, Uint128::new(80));
    assert_eq!(
        s.accumulators(&m).out_of_pocket.individual_met,
        Uint128::new(520)
    );

    let (v, res) = s.submit(correction(&s, &m, ClaimFrequency::Void, b.id, vec![]));
    assert_eq!(attr(&res, "action"), "void_claim");
    assert_eq!(v.status, ClaimStatus::Void);
    assert!(v.lines.is_empty() && v.total_paid.is_zero() && v.total_charge.is_zero());
    assert!(sends(&res).is_empty());
    let b = s.claim(b.id);
    assert_eq!(b.status, ClaimStatus::Reversed);
    assert_eq!(b.reversed_by, Some(v.id));
    assert!(b.lines.iter().all(|l| l.effects == Default::default()));
    // Accumulators rolled back.
    assert_eq!(
        s.accumulators(&m).out_of_pocket.individual_met,
        Uint128::new(500)
    );
    // The 80 paid is owed back.
    assert_eq!(owed(&s), 80);
    let r: Remittance = s.q(QueryMsg::Remittance { claim_id: v.id });
    assert_eq!(r.claim_status_code, "22");
    assert_eq!(r.reversal_of, Some(b.id));
    let rb: Remittance = s.q(QueryMsg::Remittance { claim_id: b.id });
    assert_eq!(rb.claim_status_code, "22");
    // Both remittance events are emitted.
    assert_eq!(
        res.events.iter().filter(|e| e.ty == "remittance").count(),
        2
    );

    // The same service can be billed again (duplicate index and unit counter released).
    let again = s.claim_for(&m, vec![line("99213", 1, 100)]);
    assert_eq!(again.status, ClaimStatus::Paid);
    // Its payment (80) is fully offset: no cash out.
    assert_eq!(again.credited, Uint128::new(80));
    assert_eq!(again.payment_status, PaymentStatus::Issued);
    assert_eq!(owed(&s), 0);
    // The next claim is paid in cash.
    let (c, res) = s.submit(s.submission(&m, vec![line("99214", 1, 150)]));
    assert_eq!(
        sends(&res),
        vec![(s.provider.to_string(), c.total_paid.u128())]
    );
}

#[test]
fn replacement_repays_or_recoups_the_difference() {
    let mut s = Suite::new();
    let m = s.member.clone();
    meet_deductible(&mut s, &m);
    let r1 = s.claim_for(&m, vec![line("99213", 1, 100)]);
    assert_eq!(r1.total_paid, Uint128::new(80));
    // Higher: 2 units, paid 160; 80 already paid => 80 more.
    let (r2, res) = s.submit(correction(
        &s,
        &m,
        ClaimFrequency::Replacement,
        r1.id,
        vec![line("99213", 2, 200)],
    ));
    assert_eq!(attr(&res, "action"), "submit_claim");
    assert_eq!(attr(&res, "frequency"), "7");
    assert_eq!(r2.status, ClaimStatus::Paid);
    assert_eq!(r2.total_paid, Uint128::new(160));
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 80)]);
    assert_eq!(r2.credited, Uint128::new(160));
    assert_eq!(s.claim(r1.id).status, ClaimStatus::Reversed);
    assert_eq!(
        s.accumulators(&m).out_of_pocket.individual_met,
        Uint128::new(540)
    );
    assert_eq!(owed(&s), 0);
    // Lower: paid 40; 160 paid => 120 recouped from future payments.
    let (r3, res) = s.submit(correction(
        &s,
        &m,
        ClaimFrequency::Replacement,
        r2.id,
        vec![line("99213", 1, 50)],
    ));
    assert_eq!(r3.total_paid, Uint128::new(40));
    assert!(sends(&res).is_empty());
    assert_eq!(r3.credited, Uint128::new(40));
    assert_eq!(owed(&s), 120);
    assert_eq!(
        s.accumulators(&m).out_of_pocket.individual_met,
        Uint128::new(510)
    );
    // A corrected claim cannot be corrected again.
    let err = s
        .submit_as(
            &s.provider.clone(),
            correction(&s, &m, ClaimFrequency::Void, r2.id, vec![]),
        )
        .unwrap_err();
    assert!(
        matches!(err, ContractError::InvalidCorrection { .. }),
        "{err}"
    );
}

#[test]
fn replacement_restores_prior_auth_units_and_unit_counters() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let p = s.provider.clone();
    let req = PriorAuthRequest {
        plan_id: s.plan_id,
        member: m.to_string(),
        urgency: Urgency::Standard,
        services: vec![AuthService {
            code: "70551".into(),
            units: 2,
        }],
        service_start: s.env.block.time.minus_seconds(10 * DAY_SECONDS),
        service_end: s.env.block.time,
        servicing_provider: None,
    };
    let res = s.exec(&p, ExecuteMsg::RequestPriorAuth(req)).unwrap();
    let auth_id: u64 = attr(&res, "auth_id").parse().unwrap();
    let adj = s.adjuster.clone();
    s.exec(
        &adj,
        ExecuteMsg::DecidePriorAuth {
            auth_id,
            decision: PriorAuthDecision::Approve { services: None },
        },
    )
    .unwrap();
    let o = s.claim_for(
        &m,
        vec![
            with_auth(line("70551", 2, 2000), auth_id),
            line("97110", 4, 160),
        ],
    );
    assert_eq!(o.status, ClaimStatus::Paid);
    let a: PriorAuth = s.q(QueryMsg::PriorAuth { auth_id });
    assert_eq!(a.approved[0].units, 0);
    // The replacement uses the same 2 units and 4 therapy units again: possible only because the
    // original's consumption was rolled back.
    let (r, _) = s.submit(correction(
        &s,
        &m,
        ClaimFrequency::Replacement,
        o.id,
        vec![
            with_auth(line("70551", 2, 2000), auth_id),
            line("97110", 4, 160),
        ],
    ));
    assert_eq!(r.status, ClaimStatus::Paid);
    let a: PriorAuth = s.q(QueryMsg::PriorAuth { auth_id });
    assert_eq!(a.approved[0].units, 0);
}

#[test]
fn corrections_are_checked() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let m3 = s.member3.clone();
    let p = s.provider.clone();
    let o = s.claim_for(&m, vec![line("99214", 1, 150)]);
    // Another provider may not correct it.
    let p2 = s.deps.api.addr_make("provider2");
    s.world.borrow_mut().parties.insert(
        p2.to_string(),
        party(&p2, PartyRole::Clinician, PartyStatus::Active),
    );
    let err = s
        .submit_as(&p2, correction(&s, &m, ClaimFrequency::Void, o.id, vec![]))
        .unwrap_err();
    assert!(matches!(err, ContractError::InvalidCorrection { .. }));
    // Another member.
    let err = s
        .submit_as(&p, correction(&s, &m3, ClaimFrequency::Void, o.id, vec![]))
        .unwrap_err();
    assert!(matches!(err, ContractError::InvalidCorrection { .. }));
    // Unknown original.
    assert!(matches!(
        s.submit_as(&p, correction(&s, &m, ClaimFrequency::Void, 99, vec![]))
            .unwrap_err(),
        ContractError::NotFound { .. }
    ));
    // Missing original id.
    let mut sub = correction(
        &s,
        &m,
        ClaimFrequency::Replacement,
        o.id,
        vec![line("99214", 1, 1)],
    );
    sub.original_claim_id = None;
    assert!(s.submit_as(&p, sub).is_err());
    // A void carries no lines.
    let mut sub = correction(
        &s,
        &m,
        ClaimFrequency::Void,
        o.id,
        vec![line("99214", 1, 1)],
    );
    sub.diagnoses = vec!["I10".into()];
    assert!(s.submit_as(&p, sub).is_err());
    assert_eq!(s.claim(o.id).status, ClaimStatus::Paid);
}

#[test]
fn voiding_pended_or_waiting_claims_releases_funds_and_queue() {
    let mut s = Suite::with_funding(70_000, None);
    let m = s.member.clone();
    let m3 = s.member3.clone();
    // Pended above the ceiling: 58 500 reserved.
    let big = s.claim_for(&m, vec![line("27447", 3, 60_000)]);
    assert_eq!(s.pool().reserved, Uint128::new(58_500));
    s.submit(correction(&s, &m, ClaimFrequency::Void, big.id, vec![]));
    assert_eq!(s.pool().reserved, Uint128::zero());
    assert!(s.accumulators(&m).deductible.individual_met.is_zero());
    // Payment pending (drain the pool first), then voided: leaves the queue, nothing owed.
    let insurer = s.insurer.clone();
    let plan_id = s.plan_id;
    s.exec(
        &insurer,
        ExecuteMsg::WithdrawFunds {
            plan_id,
            amount: Uint128::new(70_000),
        },
    )
    .unwrap();
    let w = s.claim_for(&m3, vec![line("99214", 1, 150)]);
    assert_eq!(w.payment_status, PaymentStatus::Pending);
    assert_eq!(s.pool().pending_payments, 1);
    s.submit(correction(&s, &m3, ClaimFrequency::Void, w.id, vec![]));
    assert_eq!(s.pool().pending_payments, 0);
    assert_eq!(owed(&s), 0);
    let res = s.fund(1000).unwrap();
    assert!(sends(&res).is_empty());
}
