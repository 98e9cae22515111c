//! Networks in pricing: the out-of-network provider billed at in-network rates, the provider
//! outside the network billing a code the plan does not cover out of network.

use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{
    AccumulatorsResponse, NetworkResponse, OutOfNetwork, TierLimits,
};
use cw_health_types::ehr_registry::{PartyRole, PartyStatus};

use super::*;

/// A plan with 99214 priced out of network at 100 a unit with a 50 copay (99213 not covered out
/// of network), the suite's provider in its network, and a fresh member enrolled. Returns (plan,
/// member, an out-of-network clinician).
fn network_plan(s: &mut Suite) -> (u64, Addr, Addr) {
    let mut input = plan_input(s);
    for b in input.benefits.iter_mut() {
        if b.code == "99214" {
            b.out_of_network = Some(OutOfNetwork {
                fee_per_unit: Uint128::new(100),
                cost_share: CostShare::Copay {
                    amount: Uint128::new(50),
                },
            });
        }
    }
    let insurer = s.insurer.clone();
    let res = s.exec(&insurer, ExecuteMsg::CreatePlan(input)).unwrap();
    let plan_id: u64 = attr(&res, "plan_id").parse().unwrap();
    s.exec_funds(
        &insurer,
        &coins(100_000, DENOM),
        ExecuteMsg::FundPool { plan_id },
    )
    .unwrap();
    let member = s.deps.api.addr_make("network_member");
    s.exec(
        &insurer,
        ExecuteMsg::EnrollMember(EnrollmentInput {
            plan_id,
            member: member.to_string(),
            family_id: "FAMN".into(),
            coverage_start: s.env.block.time.minus_seconds(200 * DAY_SECONDS),
            coverage_end: None,
            status: MemberStatus::Active,
            dependant_of: None,
        }),
    )
    .unwrap();
    s.exec(
        &insurer,
        ExecuteMsg::UpdateNetwork {
            plan_id,
            add: vec![s.provider.to_string()],
            remove: vec![],
        },
    )
    .unwrap();
    let outsider = s.deps.api.addr_make("outsider");
    s.world.borrow_mut().parties.insert(
        outsider.to_string(),
        party(&outsider, PartyRole::Clinician, PartyStatus::Active),
    );
    (plan_id, member, outsider)
}

fn bill(s: &mut Suite, plan_id: u64, member: &Addr, by: &Addr, code: &str) -> Claim {
    let mut sub = s.submission(member, vec![line(code, 1, 200)]);
    sub.plan_id = plan_id;
    s.submit_as(by, sub).unwrap().0
}

#[test]
fn in_and_out_of_network_providers_are_priced_by_their_terms() {
    let mut s = Suite::new();
    let (plan, member, outsider) = network_plan(&mut s);
    let provider = s.provider.clone();
    // In network: fee 150, copay 25.
    let inn = bill(&mut s, plan, &member, &provider, "99214");
    assert_eq!(adjs(&inn, 0), vec![("CO", 45, 50), ("PR", 3, 25)]);
    assert_eq!(inn.total_paid.u128(), 125);
    // Out of network: fee 100, copay 50.
    let oon = bill(&mut s, plan, &member, &outsider, "99214");
    assert_eq!(adjs(&oon, 0), vec![("CO", 45, 100), ("PR", 3, 50)]);
    assert_eq!(oon.total_paid.u128(), 50);
    // A code without out-of-network terms: the member owes it (PR-242).
    let none = bill(&mut s, plan, &member, &outsider, "99213");
    denied_with(&none, 0, "PR", Carc::OUT_OF_NETWORK);
}

#[test]
fn a_plan_without_a_network_prices_every_provider_in_network() {
    let mut s = Suite::new();
    let r: NetworkResponse = s.q(QueryMsg::Network {
        plan_id: s.plan_id,
        start_after: None,
        limit: None,
    });
    assert_eq!(r.size, 0);
    let m = s.member.clone();
    let pharmacy = s.pharmacy.clone();
    let mut sub = s.submission(&m, vec![line("99214", 1, 200)]);
    sub.supporting_record_id = 1;
    let (c, _) = s.submit_as(&pharmacy, sub).unwrap();
    assert_eq!(c.total_paid.u128(), 125);
}

#[test]
fn only_the_insurer_keeps_the_network_and_a_removed_provider_is_out() {
    let mut s = Suite::new();
    let (plan, member, outsider) = network_plan(&mut s);
    for who in [s.adjuster.clone(), outsider.clone(), member.clone()] {
        let err = s
            .exec(
                &who,
                ExecuteMsg::UpdateNetwork {
                    plan_id: plan,
                    add: vec![outsider.to_string()],
                    remove: vec![],
                },
            )
            .unwrap_err();
        assert!(matches!(err, ContractError::Unauthorized { .. }), "{err}");
    }
    let insurer = s.insurer.clone();
    let provider = s.provider.clone();
    s.exec(
        &insurer,
        ExecuteMsg::UpdateNetwork {
            plan_id: plan,
            add: vec![outsider.to_string()],
            remove: vec![provider.to_string()],
        },
    )
    .unwrap();
    let r: NetworkResponse = s.q(QueryMsg::Network {
        plan_id: plan,
        start_after: None,
        limit: None,
    });
    assert_eq!((r.size, r.providers), (1, vec![outsider.clone()]));
    let c = bill(&mut s, plan, &member, &provider, "99214");
    assert_eq!(
        c.total_paid.u128(),
        50,
        "the removed provider is out of network"
    );
    let c = bill(&mut s, plan, &member, &outsider, "99213");
    assert_eq!(c.lines[0].status, LineStatus::Paid);
}

#[test]
fn out_of_network_terms_are_validated() {
    let mut s = Suite::new();
    let mut input = plan_input(&s);
    input.benefits[0].out_of_network = Some(OutOfNetwork {
        fee_per_unit: Uint128::new(10),
        cost_share: CostShare::Coinsurance { bps: 10_001 },
    });
    let insurer = s.insurer.clone();
    assert!(s.exec(&insurer, ExecuteMsg::CreatePlan(input)).is_err());
    let mut input = plan_input(&s);
    input.benefits[0].out_of_network = Some(OutOfNetwork {
        fee_per_unit: Uint128::zero(),
        cost_share: CostShare::Copay {
            amount: Uint128::new(5),
        },
    });
    assert!(s.exec(&insurer, ExecuteMsg::CreatePlan(input)).is_err());
}

/// The network plan with 99213 priced out of network (fee 100, 20 % after the deductible) and
/// separate out-of-network limits (deductible 300 / 600, out of pocket 1000 / 2000) when `apart`.
fn tiered_plan(s: &mut Suite, apart: bool) -> (u64, Addr, Addr) {
    let mut input = plan_input(s);
    for b in input.benefits.iter_mut() {
        if b.code == "99213" {
            b.max_units_per_day = None;
            b.out_of_network = Some(OutOfNetwork {
                fee_per_unit: Uint128::new(100),
                cost_share: coins20(),
            });
        }
    }
    input.out_of_network_limits = apart.then(|| TierLimits {
        deductible: CostLimit {
            individual: Uint128::new(300),
            family: Uint128::new(600),
        },
        out_of_pocket_max: CostLimit {
            individual: Uint128::new(1000),
            family: Uint128::new(2000),
        },
    });
    let insurer = s.insurer.clone();
    let res = s.exec(&insurer, ExecuteMsg::CreatePlan(input)).unwrap();
    let plan_id: u64 = attr(&res, "plan_id").parse().unwrap();
    s.exec_funds(
        &insurer,
        &coins(100_000, DENOM),
        ExecuteMsg::FundPool { plan_id },
    )
    .unwrap();
    let member = s.deps.api.addr_make("tier_member");
    s.exec(
        &insurer,
        ExecuteMsg::EnrollMember(EnrollmentInput {
            plan_id,
            member: member.to_string(),
            family_id: "FAMT".into(),
            coverage_start: s.env.block.time.minus_seconds(200 * DAY_SECONDS),
            coverage_end: None,
            status: MemberStatus::Active,
            dependant_of: None,
        }),
    )
    .unwrap();
    s.exec(
        &insurer,
        ExecuteMsg::UpdateNetwork {
            plan_id,
            add: vec![s.provider.to_string()],
            remove: vec![],
        },
    )
    .unwrap();
    let outsider = s.deps.api.addr_make("outsider");
    s.world.borrow_mut().parties.insert(
        outsider.to_string(),
        party(&outsider, PartyRole::Clinician, PartyStatus::Active),
    );
    (plan_id, member, outsider)
}

fn bill_on(s: &mut Suite, plan_id: u64, member: &Addr, by: &Addr, days_ago: u64) -> Claim {
    let mut sub = s.submission(member, vec![line("99213", 1, 200)]);
    sub.plan_id = plan_id;
    sub.date_of_service = s.env.block.time.minus_seconds(days_ago * DAY_SECONDS);
    s.submit_as(by, sub).unwrap().0
}

fn acc(s: &Suite, plan_id: u64, member: &Addr) -> AccumulatorsResponse {
    s.q(QueryMsg::Accumulators {
        plan_id,
        member: member.to_string(),
        plan_year: None,
    })
}

#[test]
fn out_of_network_deductible_is_met_apart_when_the_plan_keeps_tiers() {
    let mut s = Suite::new();
    let (plan, member, outsider) = tiered_plan(&mut s, true);
    let provider = s.provider.clone();
    // Out of network: 100 allowed, all to the out-of-network deductible.
    let oon = bill_on(&mut s, plan, &member, &outsider, 1);
    assert_eq!(adjs(&oon, 0), vec![("CO", 45, 100), ("PR", 1, 100)]);
    assert!(oon.lines[0].effects.out_of_network);
    let a = acc(&s, plan, &member);
    assert_eq!(
        a.deductible.individual_met.u128(),
        0,
        "in-network untouched"
    );
    let o = a.out_of_network.clone().unwrap();
    assert_eq!(o.deductible.individual_met.u128(), 100);
    assert_eq!(o.deductible.remaining.u128(), 200);
    assert_eq!(o.out_of_pocket.individual_met.u128(), 100);
    // In network: the in-network deductible (500) is still whole.
    let inn = bill_on(&mut s, plan, &member, &provider, 2);
    assert_eq!(adjs(&inn, 0), vec![("CO", 45, 100), ("PR", 1, 100)]);
    assert!(!inn.lines[0].effects.out_of_network);
    // Two more out of network: 200 left of 300, then 20 % of 100 after it is met.
    let o2 = bill_on(&mut s, plan, &member, &outsider, 3);
    let o3 = bill_on(&mut s, plan, &member, &outsider, 4);
    assert_eq!(adjs(&o2, 0), vec![("CO", 45, 100), ("PR", 1, 100)]);
    assert_eq!(adjs(&o3, 0), vec![("CO", 45, 100), ("PR", 1, 100)]);
    let o4 = bill_on(&mut s, plan, &member, &outsider, 5);
    assert_eq!(adjs(&o4, 0), vec![("CO", 45, 100), ("PR", 2, 20)]);
    let a = acc(&s, plan, &member);
    assert_eq!(a.deductible.individual_met.u128(), 100);
    let o = a.out_of_network.unwrap();
    assert_eq!(o.deductible.individual_met.u128(), 300);
    assert_eq!(o.out_of_pocket.individual_met.u128(), 320);
    assert_eq!(o.out_of_pocket.family_met.u128(), 320);
    // A void takes back exactly what the out-of-network line counted, from its tier.
    let mut sub = s.submission(&member, vec![]);
    sub.plan_id = plan;
    sub.frequency = ClaimFrequency::Void;
    sub.original_claim_id = Some(o4.id);
    sub.diagnoses = vec![];
    s.submit_as(&outsider, sub).unwrap();
    let a = acc(&s, plan, &member);
    assert_eq!(a.deductible.individual_met.u128(), 100);
    assert_eq!(
        a.out_of_network
            .unwrap()
            .out_of_pocket
            .individual_met
            .u128(),
        300
    );
}

#[test]
fn without_separate_limits_out_of_network_counts_in_network() {
    let mut s = Suite::new();
    let (plan, member, outsider) = tiered_plan(&mut s, false);
    bill_on(&mut s, plan, &member, &outsider, 6);
    let a = acc(&s, plan, &member);
    assert_eq!(a.deductible.individual_met.u128(), 100);
    assert!(a.out_of_network.is_none());
}

#[test]
fn separate_limits_are_validated() {
    let mut s = Suite::new();
    let mut input = plan_input(&s);
    input.out_of_network_limits = Some(TierLimits {
        deductible: CostLimit {
            individual: Uint128::new(700),
            family: Uint128::new(600),
        },
        out_of_pocket_max: CostLimit {
            individual: Uint128::new(1000),
            family: Uint128::new(2000),
        },
    });
    let insurer = s.insurer.clone();
    let err = s
        .exec(&insurer, ExecuteMsg::CreatePlan(input.clone()))
        .unwrap_err();
    assert!(
        err.to_string().contains("out_of_network_limits.deductible"),
        "{err}"
    );
    input.out_of_network_limits = Some(TierLimits {
        deductible: CostLimit {
            individual: Uint128::new(300),
            family: Uint128::new(600),
        },
        out_of_pocket_max: CostLimit {
            individual: Uint128::new(200),
            family: Uint128::new(2000),
        },
    });
    let err = s.exec(&insurer, ExecuteMsg::CreatePlan(input)).unwrap_err();
    assert!(
        err.to_string()
            .contains("out_of_network_limits.out_of_pocket_max"),
        "{err}"
    );
}
