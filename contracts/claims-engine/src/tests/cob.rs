//! Coordination of benefits (I14): the member with two plans, played by the provider billing
//! both in full, by the second insurer, and by the provider citing the wrong claim.

use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{ClaimStatus, PayerOrderResponse, PaymentStatus};
use cw_health_types::ehr_registry::{PartyRole, PartyStatus};

use super::*;

/// A second plan (same benefits) by another insurer, funded; `member` enrolled in it after the
/// suite's plan (so the suite's plan is primary). Returns (plan B, insurer B).
fn second_plan(s: &mut Suite, member: &Addr) -> (u64, Addr) {
    let insurer_b = s.deps.api.addr_make("insurer_b");
    s.world.borrow_mut().parties.insert(
        insurer_b.to_string(),
        party(&insurer_b, PartyRole::Payer, PartyStatus::Active),
    );
    let input = plan_input(s);
    let res = s.exec(&insurer_b, ExecuteMsg::CreatePlan(input)).unwrap();
    let plan_b: u64 = attr(&res, "plan_id").parse().unwrap();
    s.exec_funds(
        &insurer_b,
        &coins(1_000_000, DENOM),
        ExecuteMsg::FundPool { plan_id: plan_b },
    )
    .unwrap();
    let start = s.env.block.time.minus_seconds(200 * DAY_SECONDS);
    s.exec(
        &insurer_b,
        ExecuteMsg::EnrollMember(EnrollmentInput {
            plan_id: plan_b,
            member: member.to_string(),
            family_id: "FAMB".into(),
            coverage_start: start,
            coverage_end: None,
            status: MemberStatus::Active,
            dependant_of: None,
        }),
    )
    .unwrap();
    (plan_b, insurer_b)
}

/// 99214: fee 150, copay 25, no deductible. Charge 200: allowed 150, CO-45 50.
fn visit() -> Vec<ClaimLineInput> {
    vec![line("99214", 1, 200)]
}

fn order(s: &Suite, member: &Addr) -> Vec<u64> {
    let r: PayerOrderResponse = s.q(QueryMsg::PayerOrder {
        member: member.to_string(),
        at: None,
    });
    r.plan_ids
}

#[test]
fn first_enrollment_puts_the_plan_last_in_the_payer_order() {
    let mut s = Suite::new();
    let m = s.member.clone();
    assert_eq!(order(&s, &m), vec![s.plan_id]);
    let (plan_b, _) = second_plan(&mut s, &m);
    assert_eq!(order(&s, &m), vec![s.plan_id, plan_b]);
    // Re-enrolling (an update) does not move the plan.
    let start = s.env.block.time.minus_seconds(200 * DAY_SECONDS);
    s.enroll(&m, "FAM1", start, None, MemberStatus::Suspended)
        .unwrap();
    assert_eq!(order(&s, &m), vec![s.plan_id, plan_b]);
}

#[test]
fn provider_billing_the_secondary_plan_in_full_is_denied_co22() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let (plan_b, _) = second_plan(&mut s, &m);
    let mut sub = s.submission(&m, visit());
    sub.plan_id = plan_b;
    let (c, res) = s.submit(sub);
    assert!(sends(&res).is_empty());
    denied_with(&c, 0, "CO", Carc::COORDINATION_OF_BENEFITS);
    assert_eq!(c.lines[0].adjustments[0].rarc.as_deref(), Some("MA04"));
}

#[test]
fn secondary_pays_only_the_primary_patient_responsibility() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let (plan_b, _) = second_plan(&mut s, &m);
    let (primary, res) = s.submit(s.submission(&m, visit()));
    assert_eq!(primary.total_paid.u128(), 125);
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 125)]);
    let mut sub = s.submission(&m, visit());
    sub.plan_id = plan_b;
    sub.primary_claim_id = Some(primary.id);
    let (c, res) = s.submit(sub);
    // B's normal payment is 125 (copay 25); it pays the 25 the primary left the member.
    assert_eq!(c.total_paid.u128(), 25);
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 25)]);
    assert_eq!(c.primary_claim_id, Some(primary.id));
    assert_eq!(
        adjs(&c, 0),
        vec![("CO", 45, 50), ("OA", 23, 125)],
        "member owes nothing after both plans; the rest is the prior payer's impact"
    );
    // Together: never more than the allowed amount.
    assert!(primary.total_paid + c.total_paid <= c.total_allowed);
    assert_eq!(c.patient_responsibility.u128(), 0);
}

#[test]
fn secondary_never_pays_more_than_its_allowed_minus_the_primary_payment() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let (plan_b, _) = second_plan(&mut s, &m);
    // 99213: fee 100, deductible applies (500) then 20 %: the primary pays 0, the member owes
    // the allowed 100 (PR-1).
    let (primary, _) = s.submit(s.submission(&m, vec![line("99213", 1, 100)]));
    assert_eq!(primary.total_paid.u128(), 0);
    assert_eq!(primary.patient_responsibility.u128(), 100);
    let mut sub = s.submission(&m, vec![line("99213", 1, 100)]);
    sub.plan_id = plan_b;
    sub.primary_claim_id = Some(primary.id);
    let (c, _) = s.submit(sub);
    // B's own waterfall also puts it to B's deductible: B pays 0, the member owes 100.
    assert_eq!(c.total_paid.u128(), 0);
    assert_eq!(c.patient_responsibility.u128(), 100);
}

#[test]
fn one_primary_claim_backs_one_secondary_claim() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let (plan_b, _) = second_plan(&mut s, &m);
    let (primary, _) = s.submit(s.submission(&m, visit()));
    let mut sub = s.submission(&m, visit());
    sub.plan_id = plan_b;
    sub.primary_claim_id = Some(primary.id);
    let (first, _) = s.submit(sub.clone());
    assert_eq!(first.total_paid.u128(), 25);
    // The same primary claim cited again under other modifiers (not an exact duplicate).
    sub.lines = vec![with_mods(line("99214", 1, 200), &["25"])];
    let (again, res) = s.submit(sub);
    assert!(sends(&res).is_empty());
    denied_with(&again, 0, "OA", Carc::EXACT_DUPLICATE);
}

#[test]
fn citing_a_claim_that_does_not_fit_is_denied_n4() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let m2 = s.member2.clone();
    let (plan_b, _) = second_plan(&mut s, &m);
    let (other_member, _) = s.submit(s.submission(&m2, visit()));
    let (primary, _) = s.submit(s.submission(&m, visit()));
    let cases: Vec<(Option<u64>, Vec<ClaimLineInput>)> = vec![
        // Another member's claim.
        (Some(other_member.id), visit()),
        // An unknown claim.
        (Some(999), visit()),
        // The primary billed other units on line 1.
        (Some(primary.id), vec![line("99214", 2, 400)]),
    ];
    for (cited, lines) in cases {
        let mut sub = s.submission(&m, lines);
        sub.plan_id = plan_b;
        sub.primary_claim_id = cited;
        let (c, res) = s.submit(sub);
        assert!(sends(&res).is_empty(), "{cited:?}");
        denied_with(&c, 0, "CO", Carc::BILLING_ERROR);
        assert_eq!(c.lines[0].adjustments[0].rarc.as_deref(), Some("N4"));
    }
    // Citing a prior payer on a claim to the primary plan.
    let mut sub = s.submission(&m, vec![line("99213", 1, 100)]);
    sub.primary_claim_id = Some(primary.id);
    let (c, _) = s.submit(sub);
    denied_with(&c, 0, "CO", Carc::BILLING_ERROR);
}

#[test]
fn a_pended_primary_claim_cannot_be_cited() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let (plan_b, _) = second_plan(&mut s, &m);
    // Knee replacement: above the auto-approval ceiling? (fee 20 000 < 50 000) - use a near
    // duplicate to pend instead.
    s.submit(s.submission(&m, visit()));
    let (pended, _) = s.submit(s.submission(&m, vec![with_mods(line("99214", 1, 200), &["25"])]));
    assert_eq!(pended.status, ClaimStatus::Pended);
    let mut sub = s.submission(&m, vec![with_mods(line("99214", 1, 200), &["25"])]);
    sub.plan_id = plan_b;
    sub.primary_claim_id = Some(pended.id);
    let (c, _) = s.submit(sub);
    denied_with(&c, 0, "CO", Carc::BILLING_ERROR);
}

#[test]
fn the_primary_claim_cannot_be_corrected_or_appealed_while_a_secondary_rests_on_it() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let (plan_b, _) = second_plan(&mut s, &m);
    let (primary, _) =
        s.submit(s.submission(&m, vec![line("99214", 1, 200), line("S9999", 1, 50)]));
    let mut sub = s.submission(&m, vec![line("99214", 1, 200)]);
    sub.plan_id = plan_b;
    sub.primary_claim_id = Some(primary.id);
    let (secondary, _) = s.submit(sub);
    assert_eq!(secondary.total_paid.u128(), 25);
    // A replacement of the primary that would pay more.
    let mut repl = s.submission(&m, vec![line("99214", 1, 300)]);
    repl.frequency = ClaimFrequency::Replacement;
    repl.original_claim_id = Some(primary.id);
    let provider = s.provider.clone();
    let err = s.submit_as(&provider, repl.clone()).unwrap_err();
    assert!(
        matches!(err, ContractError::SecondaryClaimRests { .. }),
        "{err}"
    );
    // An appeal of the primary's denied line.
    let member = m.clone();
    let err = s
        .exec(
            &member,
            ExecuteMsg::FileAppeal {
                claim_id: Some(primary.id),
                evidence: None,
                lines: vec![],
                kind: None,
            },
        )
        .unwrap_err();
    assert!(
        matches!(err, ContractError::SecondaryClaimRests { .. }),
        "{err}"
    );
    // Voiding the secondary frees the primary.
    let mut void = s.submission(&m, vec![]);
    void.plan_id = plan_b;
    void.frequency = ClaimFrequency::Void;
    void.original_claim_id = Some(secondary.id);
    void.diagnoses = vec![];
    s.submit(void);
    let (replaced, _) = s.submit_as(&provider, repl).unwrap();
    assert_eq!(replaced.status, ClaimStatus::Paid);
}

#[test]
fn only_the_member_sets_the_payer_order_and_only_to_a_permutation() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let (plan_b, insurer_b) = second_plan(&mut s, &m);
    let insurer_a = s.insurer.clone();
    let plan_a = s.plan_id;
    // Neither insurer sets a member's order (the sender's own order is what is set; an insurer
    // is enrolled nowhere).
    for insurer in [&insurer_a, &insurer_b] {
        let err = s
            .exec(
                insurer,
                ExecuteMsg::SetPayerOrder {
                    plan_ids: vec![plan_b, plan_a],
                },
            )
            .unwrap_err();
        assert!(err.to_string().contains("not enrolled"), "{err}");
    }
    // The member: a plan they are not in, a plan missing, a plan twice.
    for bad in [
        vec![plan_b, plan_a, 99],
        vec![plan_b],
        vec![plan_b, plan_b],
        vec![plan_b, plan_a, plan_a],
    ] {
        let err = s
            .exec(&m, ExecuteMsg::SetPayerOrder { plan_ids: bad })
            .unwrap_err();
        assert!(err.to_string().contains("exactly the plans"), "{err}");
    }
    assert_eq!(order(&s, &m), vec![plan_a, plan_b]);
    let res = s
        .exec(
            &m,
            ExecuteMsg::SetPayerOrder {
                plan_ids: vec![plan_b, plan_a],
            },
        )
        .unwrap();
    assert_eq!(attr(&res, "action"), "set_payer_order");
    assert_eq!(order(&s, &m), vec![plan_b, plan_a]);
}

#[test]
fn a_new_order_never_makes_a_plan_primary_for_services_already_paid() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let (plan_b, _) = second_plan(&mut s, &m);
    let (primary, _) = s.submit(s.submission(&m, visit()));
    assert_eq!(primary.total_paid.u128(), 125);
    s.advance(60);
    let plan_a = s.plan_id;
    s.exec(
        &m,
        ExecuteMsg::SetPayerOrder {
            plan_ids: vec![plan_b, plan_a],
        },
    )
    .unwrap();
    // B billed in full for yesterday's visit (before the change): B is still secondary.
    let mut sub = s.submission(&m, visit());
    sub.plan_id = plan_b;
    let (c, res) = s.submit(sub);
    assert!(sends(&res).is_empty());
    denied_with(&c, 0, "CO", Carc::COORDINATION_OF_BENEFITS);
    // For a service after the change, B is primary and A is secondary.
    s.advance(DAY_SECONDS);
    let mut sub = s.submission(&m, visit());
    sub.date_of_service = s.env.block.time;
    sub.plan_id = plan_b;
    let (b, _) = s.submit(sub);
    assert_eq!(b.total_paid.u128(), 125);
    let mut sub = s.submission(&m, visit());
    sub.date_of_service = s.env.block.time;
    let (a, _) = s.submit(sub);
    denied_with(&a, 0, "CO", Carc::COORDINATION_OF_BENEFITS);
}

#[test]
fn a_plan_that_does_not_cover_the_day_is_not_ahead() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let (plan_b, _) = second_plan(&mut s, &m);
    // The primary plan's coverage ended 10 days ago.
    let start = s.env.block.time.minus_seconds(200 * DAY_SECONDS);
    let end = s.env.block.time.minus_seconds(10 * DAY_SECONDS);
    s.enroll(&m, "FAM1", start, Some(end), MemberStatus::Terminated)
        .unwrap();
    let mut sub = s.submission(&m, visit());
    sub.plan_id = plan_b;
    let (c, _) = s.submit(sub);
    assert_eq!(c.total_paid.u128(), 125);
    assert_eq!(c.payment_status, PaymentStatus::Issued);
}

#[test]
fn a_second_insurer_cannot_make_its_plan_primary_and_force_co22_on_the_real_primary() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let (plan_b, insurer_b) = second_plan(&mut s, &m);
    let plan_a = s.plan_id;
    // The message an insurer could send: it sets the insurer's own (empty) order only.
    let err = s
        .exec(
            &insurer_b,
            ExecuteMsg::SetPayerOrder {
                plan_ids: vec![plan_b, plan_a],
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("not enrolled"), "{err}");
    s.advance(DAY_SECONDS);
    assert_eq!(order(&s, &m), vec![plan_a, plan_b], "an insurer reordered");
    let mut sub = s.submission(&m, visit());
    sub.date_of_service = s.env.block.time;
    let (a, _) = s.submit(sub);
    assert_eq!(a.total_paid.u128(), 125, "the real primary's claim is paid");
}

#[test]
fn the_secondary_accumulators_count_what_the_member_owes_after_coordination() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let (plan_b, _) = second_plan(&mut s, &m);
    let (primary, _) = s.submit(s.submission(&m, visit()));
    let mut sub = s.submission(&m, visit());
    sub.plan_id = plan_b;
    sub.primary_claim_id = Some(primary.id);
    let (c, _) = s.submit(sub);
    assert_eq!(c.patient_responsibility.u128(), 0);
    // B's own copay (25) was not owed by the member: it is not counted.
    assert_eq!(c.lines[0].effects.out_of_pocket.u128(), 0);
    let acc: cw_health_types::claims_engine::AccumulatorsResponse = s.q(QueryMsg::Accumulators {
        plan_id: plan_b,
        member: m.to_string(),
        plan_year: None,
    });
    assert_eq!(acc.out_of_pocket.individual_met.u128(), 0);
    assert_eq!(acc.deductible.individual_met.u128(), 0);
    // Deductible: the primary left the member its deductible (100); B's own waterfall also puts
    // 100 to B's deductible, and the member owes it: counted once, as owed.
    let (p2, _) = s.submit(s.submission(&m, vec![line("99213", 1, 100)]));
    let mut sub = s.submission(&m, vec![line("99213", 1, 100)]);
    sub.plan_id = plan_b;
    sub.primary_claim_id = Some(p2.id);
    let (c2, _) = s.submit(sub);
    let owed_pr1: u128 = c2.lines[0]
        .adjustments
        .iter()
        .filter(|a| {
            a.group == AdjustmentGroup::PatientResponsibility && a.reason == Carc::DEDUCTIBLE
        })
        .map(|a| a.amount.u128())
        .sum();
    assert_eq!(c2.lines[0].effects.deductible.u128(), owed_pr1);
    assert_eq!(c2.lines[0].effects.out_of_pocket, c2.patient_responsibility);
}
