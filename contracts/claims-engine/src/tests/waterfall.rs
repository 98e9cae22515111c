//! Pricing, cost share and accumulators: the waterfall across several claims, the OOP cap,
//! family accumulators and the coinsurance rounding rule.

use cosmwasm_std::Uint128;
use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{ClaimStatus, CostShare, LineStatus, QueryMsg};

use super::*;
use crate::adjudicate::{waterfall, Waterfall};

fn u(n: u128) -> Uint128 {
    Uint128::new(n)
}

#[test]
fn waterfall_function_applies_deductible_share_and_cap() {
    let w = waterfall(u(300), &coins20(), true, u(200), u(1000)).unwrap();
    assert_eq!(
        w,
        Waterfall {
            deductible: u(200),
            copay: u(0),
            coinsurance: u(20),
            paid: u(80)
        }
    );
    // Copay is at most what is left after the deductible.
    let copay = CostShare::Copay { amount: u(25) };
    let w = waterfall(u(110), &copay, true, u(100), u(1000)).unwrap();
    assert_eq!((w.deductible, w.copay, w.paid), (u(100), u(10), u(0)));
    // The OOP cap keeps the deductible first, then the cost share.
    let w = waterfall(u(1000), &coins20(), true, u(500), u(550)).unwrap();
    assert_eq!(
        (w.deductible, w.coinsurance, w.paid),
        (u(500), u(50), u(450))
    );
    let w = waterfall(u(1000), &coins20(), true, u(500), u(300)).unwrap();
    assert_eq!(
        (w.deductible, w.coinsurance, w.paid),
        (u(300), u(0), u(700))
    );
    // Deductible not applicable.
    let w = waterfall(u(100), &coins20(), false, u(500), u(1000)).unwrap();
    assert_eq!((w.deductible, w.coinsurance, w.paid), (u(0), u(20), u(80)));
    // Zero and 100 % coinsurance.
    let w = waterfall(
        u(7),
        &CostShare::Coinsurance { bps: 0 },
        false,
        u(0),
        u(100),
    )
    .unwrap();
    assert_eq!((w.coinsurance, w.paid), (u(0), u(7)));
    let w = waterfall(
        u(7),
        &CostShare::Coinsurance { bps: 10_000 },
        false,
        u(0),
        u(100),
    )
    .unwrap();
    assert_eq!((w.coinsurance, w.paid), (u(7), u(0)));
}

#[test]
fn rounding_rule_plan_share_floored_member_pays_the_unit() {
    // 1 unit at 20 %: plan floor(0.8) = 0, member 1.
    let w = waterfall(u(1), &coins20(), false, u(0), u(100)).unwrap();
    assert_eq!((w.coinsurance, w.paid), (u(1), u(0)));
    // 3 units: plan floor(2.4) = 2, member 1.
    let w = waterfall(u(3), &coins20(), false, u(0), u(100)).unwrap();
    assert_eq!((w.coinsurance, w.paid), (u(1), u(2)));
    // 10 % of 1: plan floor(0.9) = 0.
    let w = waterfall(
        u(1),
        &CostShare::Coinsurance { bps: 1000 },
        false,
        u(0),
        u(100),
    )
    .unwrap();
    assert_eq!((w.coinsurance, w.paid), (u(1), u(0)));
    // The OOP cap can take the unit back: 0 OOP left => plan pays it.
    let w = waterfall(u(1), &coins20(), false, u(0), u(0)).unwrap();
    assert_eq!((w.coinsurance, w.paid), (u(0), u(1)));

    // The same on chain, one-unit claims.
    let mut s = Suite::new();
    let m = s.member3.clone();
    let c = s.claim_for(&m, vec![line("G0001", 1, 1)]);
    assert_eq!(adjs(&c, 0), vec![("PR", 2, 1)]);
    assert_eq!(c.lines[0].paid, u(0));
    let c = s.claim_for(&m, vec![line("G0001", 3, 3)]);
    assert_eq!(adjs(&c, 0), vec![("PR", 2, 1)]);
    assert_eq!(c.lines[0].paid, u(2));
    let c = s.claim_for(&m, vec![line("G0001", 5, 7)]);
    // allowed 5 (CO-45 2), plan floor(4.0) = 4, member 1.
    assert_eq!(adjs(&c, 0), vec![("CO", 45, 2), ("PR", 2, 1)]);
    assert_eq!(c.lines[0].paid, u(4));
}

#[test]
fn deductible_met_mid_claim_then_oop_cap_reached_across_claims() {
    let mut s = Suite::new();
    let m = s.member.clone();
    // Claim A: two lines; the deductible (500) is met on the second line. Both knees on one
    // day are near duplicates (pended, priced provisionally); the adjuster approves them.
    let (a, _) = s.submit(s.submission(
        &m,
        vec![
            with_mods(line("27447", 1, 300), &["RT"]),
            with_mods(line("27447", 1, 300), &["LT"]),
        ],
    ));
    assert_eq!(a.status, ClaimStatus::Pended);
    let adj = s.adjuster.clone();
    let res = s
        .exec(
            &adj,
            ExecuteMsg::ReviewClaim {
                claim_id: a.id,
                decision: cw_health_types::claims_engine::ReviewDecision::Approve {},
            },
        )
        .unwrap();
    let a = s.claim(a.id);
    assert_eq!(a.status, ClaimStatus::Paid);
    assert_eq!(adjs(&a, 0), vec![("PR", 1, 300)]);
    assert_eq!(adjs(&a, 1), vec![("PR", 1, 200), ("PR", 2, 20)]);
    assert_eq!(a.total_paid, u(80));
    assert_eq!(a.patient_responsibility, u(520));
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 80)]);
    let acc = s.accumulators(&m);
    assert_eq!(acc.deductible.individual_met, u(500));
    assert_eq!(acc.deductible.remaining, u(0));
    assert_eq!(acc.out_of_pocket.individual_met, u(520));

    // Claim B: deductible met, CO-45 then coinsurance.
    let b = s.claim_for(&m, vec![line("99213", 1, 150)]);
    assert_eq!(adjs(&b, 0), vec![("CO", 45, 50), ("PR", 2, 20)]);
    assert_eq!(b.total_paid, u(80));
    assert_eq!(s.accumulators(&m).out_of_pocket.individual_met, u(540));

    // Claim C (another day): coinsurance 4000 capped at the 960 OOP left.
    let mut sub = s.submission(&m, vec![line("27447", 1, 20_000)]);
    sub.date_of_service = s.env.block.time.minus_seconds(2 * DAY_SECONDS);
    let (c, _) = s.submit(sub);
    assert_eq!(adjs(&c, 0), vec![("PR", 2, 960)]);
    assert_eq!(c.total_paid, u(19_040));
    let acc = s.accumulators(&m);
    assert_eq!(acc.out_of_pocket.individual_met, u(1500));
    assert_eq!(acc.out_of_pocket.remaining, u(0));

    // Claim D: OOP met, the plan pays the whole allowed amount.
    let mut sub = s.submission(&m, vec![line("99213", 1, 100)]);
    sub.date_of_service = s.env.block.time.minus_seconds(3 * DAY_SECONDS);
    let (d, _) = s.submit(sub);
    assert!(d.lines[0].adjustments.is_empty());
    assert_eq!(d.total_paid, u(100));
    assert_eq!(s.accumulators(&m).out_of_pocket.individual_met, u(1500));

    // The EOB explains every claim from the member's side.
    let eob: cw_health_types::claims_engine::EobResponse = s.q(QueryMsg::Eob {
        member: m.to_string(),
        start_after: None,
        limit: None,
    });
    assert_eq!(eob.entries.len(), 4);
    assert_eq!(eob.entries[0].lines[1].deductible, u(200));
    assert_eq!(eob.entries[0].lines[1].coinsurance, u(20));
    assert_eq!(eob.entries[0].member_owes, u(520));
    assert_eq!(eob.entries[1].lines[0].allowed, u(100));
    assert_eq!(eob.entries[2].lines[0].coinsurance, u(960));
    assert_eq!(eob.entries[3].member_owes, u(0));
    let page: cw_health_types::claims_engine::EobResponse = s.q(QueryMsg::Eob {
        member: m.to_string(),
        start_after: Some(eob.entries[1].claim_id),
        limit: Some(1),
    });
    assert_eq!(page.entries.len(), 1);
    assert_eq!(page.entries[0].claim_id, eob.entries[2].claim_id);
}

#[test]
fn copay_without_deductible() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let c = s.claim_for(&m, vec![line("99214", 1, 200)]);
    assert_eq!(adjs(&c, 0), vec![("CO", 45, 50), ("PR", 3, 25)]);
    assert_eq!(c.total_paid, u(125));
    let acc = s.accumulators(&m);
    assert_eq!(acc.deductible.individual_met, u(0));
    assert_eq!(acc.out_of_pocket.individual_met, u(25));
}

#[test]
fn family_deductible_and_oop_are_shared() {
    let mut s = Suite::new();
    let (m1, m2, m4, m3) = (
        s.member.clone(),
        s.member2.clone(),
        s.member4.clone(),
        s.member3.clone(),
    );
    // Members 1 and 2 each meet the individual deductible (500): family (1000) met.
    let c1 = s.claim_for(&m1, vec![line("27447", 1, 500)]);
    assert_eq!(adjs(&c1, 0), vec![("PR", 1, 500)]);
    let c2 = s.claim_for(&m2, vec![line("27447", 1, 500)]);
    assert_eq!(adjs(&c2, 0), vec![("PR", 1, 500)]);
    let acc4 = s.accumulators(&m4);
    assert_eq!(acc4.deductible.individual_met, u(0));
    assert_eq!(acc4.deductible.family_met, u(1000));
    assert_eq!(acc4.deductible.remaining, u(0));
    // Member 4 owes no deductible: the family's is met.
    let c4 = s.claim_for(&m4, vec![line("99213", 1, 100)]);
    assert_eq!(adjs(&c4, 0), vec![("PR", 2, 20)]);
    // Member 3 is another family: full deductible.
    let c3 = s.claim_for(&m3, vec![line("99213", 1, 100)]);
    assert_eq!(adjs(&c3, 0), vec![("PR", 1, 100)]);
    assert_eq!(s.accumulators(&m3).deductible.family_met, u(100));

    // Family OOP (3000): so far 500 + 500 + 20 = 1020. Member 1 reaches the individual OOP
    // (1500); member 2's coinsurance is then bound by the family cap (3000 - 2020 = 980).
    let mut sub = s.submission(&m1, vec![line("27447", 1, 20_000)]);
    sub.date_of_service = s.env.block.time.minus_seconds(2 * DAY_SECONDS);
    let (big1, _) = s.submit(sub);
    assert_eq!(adjs(&big1, 0), vec![("PR", 2, 1000)]);
    let mut sub = s.submission(&m2, vec![line("27447", 1, 20_000)]);
    sub.date_of_service = s.env.block.time.minus_seconds(2 * DAY_SECONDS);
    let (big2, _) = s.submit(sub);
    assert_eq!(adjs(&big2, 0), vec![("PR", 2, 980)]);
    let acc4 = s.accumulators(&m4);
    assert_eq!(acc4.out_of_pocket.individual_met, u(20));
    assert_eq!(acc4.out_of_pocket.family_met, u(3000));
    assert_eq!(acc4.out_of_pocket.remaining, u(0));
    let mut sub = s.submission(&m4, vec![line("27447", 1, 20_000)]);
    sub.date_of_service = s.env.block.time.minus_seconds(2 * DAY_SECONDS);
    let (big4, _) = s.submit(sub);
    assert!(big4.lines[0].adjustments.is_empty());
    assert_eq!(big4.total_paid, u(20_000));
}

#[test]
fn pended_line_status_is_explained_in_the_remittance() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let c = s.claim_for(&m, vec![line("99213", 1, 100)]);
    let r: cw_health_types::claims_engine::Remittance =
        s.q(QueryMsg::Remittance { claim_id: c.id });
    assert_eq!(r.claim_status_code, "1");
    assert_eq!(r.lines[0].status, LineStatus::Paid);
    assert_eq!(r.lines[0].adjustments, c.lines[0].adjustments);
}

#[test]
fn accumulators_start_again_each_plan_year() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let c = s.claim_for(&m, vec![line("99213", 1, 100)]);
    assert_eq!(c.plan_year, 0);
    assert_eq!(adjs(&c, 0), vec![("PR", 1, 100)]);
    // The plan year started 200 days ago; 170 days later the member is in year 1.
    s.advance(170 * DAY_SECONDS);
    let c = s.claim_for(&m, vec![line("99213", 1, 100)]);
    assert_eq!(c.plan_year, 1);
    assert_eq!(adjs(&c, 0), vec![("PR", 1, 100)]);
    let acc = s.accumulators(&m);
    assert_eq!(acc.plan_year, 1);
    assert_eq!(acc.deductible.individual_met, u(100));
    let y0: cw_health_types::claims_engine::AccumulatorsResponse = s.q(QueryMsg::Accumulators {
        plan_id: s.plan_id,
        member: m.to_string(),
        plan_year: Some(0),
    });
    assert_eq!(y0.deductible.individual_met, u(100));
    assert_eq!(y0.deductible.family_met, u(100));
}

/// Plan years follow the policy year: a plan starting 1 July 2023 renews on 1 July 2024 (a
/// 365-day block would renew on 30 June, 2024 being a leap year), and the deductible starts
/// again from zero on the anniversary, not a day early.
#[test]
fn the_deductible_resets_on_the_policy_anniversary_not_after_365_days() {
    let mut s = Suite::new();
    let start = Timestamp::from_seconds(1_688_169_600); // 2023-07-01
    let june_30 = Timestamp::from_seconds(1_719_705_600); // 2024-06-30
    let july_1 = Timestamp::from_seconds(1_719_792_000); // 2024-07-01
    s.env.block.time = Timestamp::from_seconds(1_719_964_800); // 2024-07-03
    let mut input = plan_input(&s);
    input.plan_year_start = start;
    let insurer = s.insurer.clone();
    let res = s.exec(&insurer, ExecuteMsg::CreatePlan(input)).unwrap();
    let plan_id: u64 = attr(&res, "plan_id").parse().unwrap();
    s.exec_funds(
        &insurer,
        &coins(100_000, DENOM),
        ExecuteMsg::FundPool { plan_id },
    )
    .unwrap();
    let m = s.deps.api.addr_make("year_member");
    s.exec(
        &insurer,
        ExecuteMsg::EnrollMember(EnrollmentInput {
            plan_id,
            member: m.to_string(),
            family_id: "FAMY".into(),
            coverage_start: start,
            coverage_end: None,
            status: MemberStatus::Active,
            dependant_of: None,
        }),
    )
    .unwrap();
    let bill = |s: &mut Suite, dos: Timestamp| {
        let mut sub = s.submission(&m, vec![line("99213", 1, 100)]);
        sub.plan_id = plan_id;
        sub.date_of_service = dos;
        s.submit(sub).0
    };
    let last = bill(&mut s, june_30);
    assert_eq!(last.plan_year, 0, "30 June is still the first plan year");
    let first = bill(&mut s, july_1);
    assert_eq!(first.plan_year, 1);
    // Each year's deductible took the whole 100.
    assert_eq!(adjs(&last, 0), vec![("PR", 1, 100)]);
    assert_eq!(adjs(&first, 0), vec![("PR", 1, 100)]);
    for (year, met) in [(0, 100), (1, 100)] {
        let a: cw_health_types::claims_engine::AccumulatorsResponse = s.q(QueryMsg::Accumulators {
            plan_id,
            member: m.to_string(),
            plan_year: Some(year),
        });
        assert_eq!(a.deductible.individual_met.u128(), met, "year {year}");
    }
    // The current year (3 July 2024) is year 1.
    let a: cw_health_types::claims_engine::AccumulatorsResponse = s.q(QueryMsg::Accumulators {
        plan_id,
        member: m.to_string(),
        plan_year: None,
    });
    assert_eq!(a.plan_year, 1);
}
