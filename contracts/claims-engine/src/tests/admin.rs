//! Instantiate, plans, adjusters, enrollment: authorization, validation, payment policy,
//! queries.

use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
use cosmwasm_std::Uint128;
use cw_health_types::claims_engine::{
    AppealOutcome, BenefitsResponse, ClaimStatus, ClaimsConfigResponse, CostShare, Enrollment,
    Plan, PlansResponse, PriorAuthDecision, ReviewDecision,
};
use cw_health_types::ehr_registry::{PartyRole, PartyStatus};

use super::*;

#[test]
fn instantiate_stores_the_typed_handles() {
    let s = Suite::new();
    let cfg: ClaimsConfigResponse = s.q(QueryMsg::Config {});
    assert_eq!(cfg.owner, s.owner);
    assert_eq!(cfg.ehr_registry, s.deps.api.addr_make("ehr"));
    assert_eq!(cfg.drug_provenance, s.deps.api.addr_make("drugs"));
    assert_eq!(cfg.payout_batch_limit, 10);
    let c = crate::state::load_config(&s.deps.storage).unwrap();
    assert_eq!(c.ehr_registry.addr(), &cfg.ehr_registry);

    let mut deps = mock_dependencies();
    let owner = deps.api.addr_make("owner");
    let good = deps.api.addr_make("x").to_string();
    for (ehr, drugs, batch) in [
        ("not an address".to_string(), good.clone(), None),
        (good.clone(), good.to_uppercase(), None),
        (good.clone(), good.clone(), Some(0)),
        (good.clone(), good.clone(), Some(51)),
    ] {
        let msg = InstantiateMsg {
            owner: None,
            ehr_registry: ehr,
            drug_provenance: drugs,
            payout_batch_limit: batch,
        };
        assert!(instantiate(deps.as_mut(), mock_env(), message_info(&owner, &[]), msg).is_err());
    }
}

#[test]
fn only_active_payers_create_plans_and_input_is_validated() {
    let mut s = Suite::new();
    let p = s.provider.clone();
    let input = plan_input(&s);
    assert!(matches!(
        s.exec(&p, ExecuteMsg::CreatePlan(input.clone()))
            .unwrap_err(),
        ContractError::PartyNotEligible { .. }
    ));
    let suspended = s.deps.api.addr_make("suspended_payer");
    s.world.borrow_mut().parties.insert(
        suspended.to_string(),
        party(&suspended, PartyRole::Payer, PartyStatus::Suspended),
    );
    assert!(s
        .exec(&suspended, ExecuteMsg::CreatePlan(input.clone()))
        .is_err());

    let insurer = s.insurer.clone();
    let mut bad = Vec::new();
    let mut i = input.clone();
    i.deductible.individual = Uint128::new(2000);
    bad.push(i);
    let mut i = input.clone();
    i.out_of_pocket_max.individual = Uint128::new(100);
    bad.push(i);
    let mut i = input.clone();
    i.benefits[0].cost_share = CostShare::Coinsurance { bps: 10_001 };
    bad.push(i);
    let mut i = input.clone();
    i.benefits.push(i.benefits[0].clone());
    bad.push(i);
    let mut i = input.clone();
    i.benefits[0].fee_per_unit = Uint128::zero();
    bad.push(i);
    let mut i = input.clone();
    i.benefits[0].code = "abc".into();
    bad.push(i);
    let mut i = input.clone();
    i.benefits[0].max_units_per_day = Some(0);
    bad.push(i);
    let mut i = input.clone();
    i.benefits = vec![];
    bad.push(i);
    let mut i = input.clone();
    i.timely_filing_days = 0;
    bad.push(i);
    let mut i = input.clone();
    i.denom = "".into();
    bad.push(i);
    let mut i = input.clone();
    i.external_id = "has space".into();
    bad.push(i);
    let mut i = input.clone();
    i.adjusters = vec![s.adjuster.to_string(), s.adjuster.to_string()];
    bad.push(i);
    let mut i = input.clone();
    i.adjusters = vec!["bad".into()];
    bad.push(i);
    for i in bad {
        assert!(s.exec(&insurer, ExecuteMsg::CreatePlan(i)).is_err());
    }
    let plans: PlansResponse = s.q(QueryMsg::Plans {
        start_after: None,
        limit: None,
    });
    assert_eq!(plans.plans.len(), 1);
    let res = s.exec(&insurer, ExecuteMsg::CreatePlan(input)).unwrap();
    assert_eq!(attr(&res, "action"), "create_plan");
    assert_eq!(attr(&res, "plan_id"), "2");
    let plan: Plan = s.q(QueryMsg::Plan { plan_id: 2 });
    assert_eq!(plan.insurer, insurer);
    assert_eq!(plan.benefit_count, 8);
    let page: BenefitsResponse = s.q(QueryMsg::Benefits {
        plan_id: 2,
        start_after: Some("70551".into()),
        limit: Some(2),
    });
    assert_eq!(
        page.benefits
            .iter()
            .map(|b| b.code.as_str())
            .collect::<Vec<_>>(),
        vec!["97110", "99213"]
    );
}

#[test]
fn adjusters_and_enrollment_belong_to_the_insurer() {
    let mut s = Suite::new();
    let plan_id = s.plan_id;
    let adj = s.adjuster.clone();
    let insurer = s.insurer.clone();
    let new_adj = s.deps.api.addr_make("new_adjuster");
    let msg = ExecuteMsg::SetAdjusters {
        plan_id,
        adjusters: vec![new_adj.to_string()],
    };
    assert!(matches!(
        s.exec(&adj, msg.clone()).unwrap_err(),
        ContractError::Unauthorized { .. }
    ));
    s.exec(&insurer, msg).unwrap();
    let plan: Plan = s.q(QueryMsg::Plan { plan_id });
    assert_eq!(plan.adjusters, vec![new_adj.clone()]);
    // The removed adjuster can no longer review.
    let m = s.member.clone();
    let big = s.claim_for(&m, vec![line("27447", 3, 60_000)]);
    let review = ExecuteMsg::ReviewClaim {
        claim_id: big.id,
        decision: ReviewDecision::Approve {},
    };
    assert!(s.exec(&adj, review.clone()).is_err());
    s.exec(&new_adj, review).unwrap();

    // Enrollment.
    let who = s.deps.api.addr_make("newbie");
    let now = s.env.block.time;
    let input = |fam: &str, end: Option<Timestamp>, status| EnrollmentInput {
        plan_id,
        member: who.to_string(),
        family_id: fam.into(),
        coverage_start: now,
        coverage_end: end,
        status,
        dependant_of: None,
    };
    assert!(matches!(
        s.exec(
            &adj,
            ExecuteMsg::EnrollMember(input("F", None, MemberStatus::Active))
        )
        .unwrap_err(),
        ContractError::Unauthorized { .. }
    ));
    // End before start; terminated without end; bad family id.
    assert!(s
        .exec(
            &insurer,
            ExecuteMsg::EnrollMember(input("F", Some(now), MemberStatus::Active))
        )
        .is_err());
    assert!(s
        .exec(
            &insurer,
            ExecuteMsg::EnrollMember(input("F", None, MemberStatus::Terminated))
        )
        .is_err());
    assert!(s
        .exec(
            &insurer,
            ExecuteMsg::EnrollMember(input("F 1", None, MemberStatus::Active))
        )
        .is_err());
    let res = s
        .exec(
            &insurer,
            ExecuteMsg::EnrollMember(input("F", None, MemberStatus::Active)),
        )
        .unwrap();
    assert_eq!(attr(&res, "action"), "enroll_member");
    // The family is fixed; the status and period may change.
    assert!(s
        .exec(
            &insurer,
            ExecuteMsg::EnrollMember(input("G", None, MemberStatus::Active))
        )
        .is_err());
    s.exec(
        &insurer,
        ExecuteMsg::EnrollMember(input(
            "F",
            Some(now.plus_seconds(10)),
            MemberStatus::Terminated,
        )),
    )
    .unwrap();
    let e: Option<Enrollment> = s.q(QueryMsg::Enrollment {
        plan_id,
        member: who.to_string(),
    });
    let e = e.unwrap();
    assert_eq!(e.status, MemberStatus::Terminated);
    assert_eq!(e.coverage_end, Some(now.plus_seconds(10)));
}

#[test]
fn every_message_but_fund_pool_is_non_payable() {
    let mut s = Suite::new();
    let plan_id = s.plan_id;
    let insurer = s.insurer.clone();
    let input = plan_input(&s);
    let msgs = vec![
        ExecuteMsg::CreatePlan(input),
        ExecuteMsg::SetAdjusters {
            plan_id,
            adjusters: vec![],
        },
        ExecuteMsg::WithdrawFunds {
            plan_id,
            amount: Uint128::new(1),
        },
        ExecuteMsg::EnrollMember(EnrollmentInput {
            plan_id,
            member: s.member.to_string(),
            family_id: "FAM1".into(),
            coverage_start: s.env.block.time,
            coverage_end: None,
            status: MemberStatus::Active,
            dependant_of: None,
        }),
        ExecuteMsg::SubmitClaim(s.submission(&s.member, vec![line("99213", 1, 100)])),
        ExecuteMsg::ReviewClaim {
            claim_id: 1,
            decision: ReviewDecision::Approve {},
        },
        ExecuteMsg::DecidePriorAuth {
            auth_id: 1,
            decision: PriorAuthDecision::Approve { services: None },
        },
        ExecuteMsg::FileAppeal {
            claim_id: Some(1),
            evidence: None,
            lines: vec![],
            kind: None,
        },
        ExecuteMsg::DecideAppeal {
            appeal_id: 1,
            outcome: AppealOutcome::Upheld,
            allowed: None,
        },
        ExecuteMsg::ProcessPaymentQueue {
            plan_id,
            limit: None,
        },
        ExecuteMsg::UpdateOwnership(cw_health_types::OwnershipAction::CancelTransfer {}),
        ExecuteMsg::UpdateConfig {
            ehr_registry: None,
            drug_provenance: None,
            payout_batch_limit: None,
            review_organizations: None,
        },
    ];
    for msg in msgs {
        let err = s.exec_funds(&insurer, &coins(1, DENOM), msg).unwrap_err();
        assert!(matches!(err, ContractError::Payment(_)), "{err}");
    }
    // Unknown ids are clear errors.
    let adj = s.adjuster.clone();
    for msg in [
        ExecuteMsg::ReviewClaim {
            claim_id: 77,
            decision: ReviewDecision::Approve {},
        },
        ExecuteMsg::DecidePriorAuth {
            auth_id: 77,
            decision: PriorAuthDecision::Approve { services: None },
        },
        ExecuteMsg::DecideAppeal {
            appeal_id: 77,
            outcome: AppealOutcome::Upheld,
            allowed: None,
        },
        ExecuteMsg::FundPool { plan_id: 77 },
    ] {
        assert!(matches!(
            s.exec(&adj, msg).unwrap_err(),
            ContractError::NotFound { .. }
        ));
    }
}

#[test]
fn no_one_decides_their_own_claim_prior_auth_or_appeal() {
    use cw_health_types::claims_engine::codes::DAY_SECONDS;
    use cw_health_types::claims_engine::{
        AuthService, ClaimStatus, PriorAuth, PriorAuthRequest, PriorAuthStatus, Urgency,
    };

    let mut s = Suite::new();
    let plan_id = s.plan_id;
    let insurer = s.insurer.clone();
    let p = s.provider.clone();
    let m = s.member.clone();
    let adj = s.adjuster.clone();
    // The provider and the member are also adjusters of the plan.
    s.exec(
        &insurer,
        ExecuteMsg::SetAdjusters {
            plan_id,
            adjusters: vec![adj.to_string(), p.to_string(), m.to_string()],
        },
    )
    .unwrap();
    let conflict = |e: ContractError| matches!(e, ContractError::ConflictOfInterest { .. });

    // A pended claim: neither its provider nor its member may review it.
    let big = s.claim_for(&m, vec![line("27447", 3, 60_000)]);
    assert_eq!(big.status, ClaimStatus::Pended);
    let review = ExecuteMsg::ReviewClaim {
        claim_id: big.id,
        decision: ReviewDecision::Approve {},
    };
    for who in [&p, &m] {
        assert!(conflict(s.exec(who, review.clone()).unwrap_err()));
        assert_eq!(s.claim(big.id).status, ClaimStatus::Pended);
    }
    s.exec(&adj, review).unwrap();
    assert_eq!(s.claim(big.id).status, ClaimStatus::Paid);

    // A prior authorization: neither the requesting provider nor the member may decide it.
    let now = s.env.block.time;
    let req = PriorAuthRequest {
        plan_id,
        member: m.to_string(),
        urgency: Urgency::Standard,
        services: vec![AuthService {
            code: "70551".into(),
            units: 1,
        }],
        service_start: now,
        service_end: now.plus_seconds(30 * DAY_SECONDS),
        servicing_provider: None,
    };
    let res = s.exec(&p, ExecuteMsg::RequestPriorAuth(req)).unwrap();
    let auth_id: u64 = attr(&res, "auth_id").parse().unwrap();
    let decide = ExecuteMsg::DecidePriorAuth {
        auth_id,
        decision: PriorAuthDecision::Approve { services: None },
    };
    for who in [&p, &m] {
        assert!(conflict(s.exec(who, decide.clone()).unwrap_err()));
        let a: PriorAuth = s.q(QueryMsg::PriorAuth { auth_id });
        assert_eq!(a.status, PriorAuthStatus::Pending);
    }
    s.exec(&adj, decide).unwrap();

    // An appeal (filed by the member of a claim decided by rule): neither the claim's provider
    // nor its member may decide it; another adjuster may.
    let denied = s.claim_for(&m, vec![line("70551", 1, 1200)]);
    assert_eq!(denied.status, ClaimStatus::Denied);
    let res = s
        .exec(
            &m,
            ExecuteMsg::FileAppeal {
                claim_id: Some(denied.id),
                evidence: None,
                lines: vec![],
                kind: None,
            },
        )
        .unwrap();
    let appeal_id: u64 = attr(&res, "appeal_id").parse().unwrap();
    let decide = ExecuteMsg::DecideAppeal {
        appeal_id,
        outcome: AppealOutcome::Overturned,
        allowed: None,
    };
    for who in [&p, &m] {
        assert!(conflict(s.exec(who, decide.clone()).unwrap_err()));
        assert_eq!(s.claim(denied.id).status, ClaimStatus::Denied);
    }
    s.exec(&adj, decide).unwrap();
    assert_eq!(s.claim(denied.id).status, ClaimStatus::Paid);
}

/// The owner re-wires the contracts claims-engine asks; no one else may. A query to a wrong
/// address fails with an error naming the contract and the address asked.
#[test]
fn the_owner_rewires_the_contracts_and_errors_name_the_address_asked() {
    let mut s = Suite::new();
    let (owner, insurer) = (s.owner.clone(), s.insurer.clone());
    let wrong = s.deps.api.addr_make("not_ehr");
    let rewire = |ehr: &Addr| ExecuteMsg::UpdateConfig {
        ehr_registry: Some(ehr.to_string()),
        drug_provenance: None,
        payout_batch_limit: None,
        review_organizations: None,
    };
    let err = s.exec(&insurer, rewire(&wrong)).unwrap_err();
    assert!(matches!(err, ContractError::Ownership(_)), "{err}");
    let bad_batch = ExecuteMsg::UpdateConfig {
        ehr_registry: None,
        drug_provenance: None,
        payout_batch_limit: Some(0),
        review_organizations: None,
    };
    assert!(s.exec(&owner, bad_batch).is_err());
    s.exec(&owner, rewire(&wrong)).unwrap();
    let cfg: ClaimsConfigResponse = s.q(QueryMsg::Config {});
    assert_eq!(cfg.ehr_registry, wrong);
    assert_eq!(cfg.drug_provenance, s.deps.api.addr_make("drugs"));
    let m = s.member.clone();
    let p = s.provider.clone();
    let sub = s.submission(&m, vec![line("99213", 1, 100)]);
    let err = s.submit_as(&p, sub.clone()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("query to ehr-registry at {wrong} failed")),
        "{err}"
    );
    // Wired back, the same claim goes through.
    let ehr = s.deps.api.addr_make("ehr");
    s.exec(&owner, rewire(&ehr)).unwrap();
    let (c, _) = s.submit_as(&p, sub).unwrap();
    assert_eq!(c.status, ClaimStatus::Paid);
}
