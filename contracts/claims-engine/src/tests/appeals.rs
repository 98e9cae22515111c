//! Appeals: who may file, the 180-day window, a reviewer other than the original adjuster, the
//! due time, and an overturned denial re-adjudicated and paid.

use cosmwasm_std::Uint128;
use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{
    Appeal, AppealOutcome, ClaimStatus, OverdueDecisionsResponse, PaymentStatus, QueryMsg,
    ReviewDecision,
};
use cw_health_types::Sha256Hash;

use super::*;

fn file(s: &mut Suite, who: &Addr, claim_id: u64) -> Result<u64, ContractError> {
    let evidence = Some(Sha256Hash::digest(b"appeal letter"));
    let res = s.exec(
        who,
        ExecuteMsg::FileAppeal {
            claim_id: Some(claim_id),
            evidence,
            lines: vec![],
            kind: None,
        },
    )?;
    assert_eq!(attr(&res, "action"), "file_appeal");
    Ok(attr(&res, "appeal_id").parse().unwrap())
}

fn decide(
    s: &mut Suite,
    who: &Addr,
    appeal_id: u64,
    outcome: AppealOutcome,
) -> Result<Response, ContractError> {
    s.exec(
        who,
        ExecuteMsg::DecideAppeal {
            appeal_id,
            outcome,
            allowed: None,
        },
    )
}

#[test]
fn overturned_prior_auth_denial_is_readjudicated_and_paid() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let c = s.claim_for(&m, vec![line("70551", 1, 1200), line("99214", 1, 150)]);
    assert_eq!(c.status, ClaimStatus::PartiallyPaid);
    denied_with(&c, 0, "CO", Carc::AUTHORIZATION_ABSENT);
    assert_eq!(c.total_paid, Uint128::new(125));

    // Strangers and the insurer cannot appeal; the member can.
    let stranger = s.deps.api.addr_make("stranger");
    assert!(matches!(
        file(&mut s, &stranger, c.id).unwrap_err(),
        ContractError::Unauthorized { .. }
    ));
    let bad_evidence = ExecuteMsg::FileAppeal {
        claim_id: Some(c.id),
        evidence: Some(Sha256Hash("not-a-hash".into())),
        lines: vec![],
        kind: None,
    };
    assert!(s.exec(&m, bad_evidence).is_err());
    let appeal_id = file(&mut s, &m, c.id).unwrap();
    // One appeal per claim.
    let p = s.provider.clone();
    assert!(matches!(
        file(&mut s, &p, c.id).unwrap_err(),
        ContractError::AppealExists { .. }
    ));
    let a: Appeal = s.q(QueryMsg::Appeal { appeal_id });
    assert_eq!(a.due_at, s.env.block.time.plus_seconds(60 * DAY_SECONDS));
    assert_eq!(a.appellant, m);
    // The provider cannot decide; an adjuster can (the claim was decided by rule).
    assert!(matches!(
        decide(&mut s, &p, appeal_id, AppealOutcome::Overturned).unwrap_err(),
        ContractError::Unauthorized { .. }
    ));
    let adj = s.adjuster.clone();
    let res = decide(&mut s, &adj, appeal_id, AppealOutcome::Overturned).unwrap();
    assert_eq!(attr(&res, "outcome"), "overturned");
    let c = s.claim(c.id);
    assert_eq!(c.status, ClaimStatus::Paid);
    assert!(c.edits_waived);
    // allowed 1000 (CO-45 200), deductible 500, coinsurance 100, paid 400; copay line unchanged.
    assert_eq!(
        adjs(&c, 0),
        vec![("CO", 45, 200), ("PR", 1, 500), ("PR", 2, 100)]
    );
    assert_eq!(adjs(&c, 1), vec![("PR", 3, 25)]);
    assert_eq!(c.total_paid, Uint128::new(525));
    // Only the difference goes out.
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 400)]);
    assert_eq!(c.credited, Uint128::new(525));
    assert_eq!(c.payment_status, PaymentStatus::Issued);
    assert_eq!(
        s.accumulators(&m).out_of_pocket.individual_met,
        Uint128::new(625)
    );
    // Decided once only.
    let adj2 = s.adjuster2.clone();
    assert!(matches!(
        decide(&mut s, &adj2, appeal_id, AppealOutcome::Upheld).unwrap_err(),
        ContractError::WrongStatus { .. }
    ));
}

#[test]
fn the_original_adjuster_may_not_decide_and_upheld_changes_nothing() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let p = s.provider.clone();
    let big = s.claim_for(&m, vec![line("27447", 3, 60_000)]);
    let adj = s.adjuster.clone();
    let adj2 = s.adjuster2.clone();
    s.exec(
        &adj,
        ExecuteMsg::ReviewClaim {
            claim_id: big.id,
            decision: ReviewDecision::Deny {
                reason: Carc::NOT_MEDICALLY_NECESSARY,
                rarc: None,
            },
        },
    )
    .unwrap();
    let appeal_id = file(&mut s, &p, big.id).unwrap();
    assert!(matches!(
        decide(&mut s, &adj, appeal_id, AppealOutcome::Overturned).unwrap_err(),
        ContractError::SameAdjuster { .. }
    ));
    // Upheld by another reviewer: the denial stands.
    let res = decide(&mut s, &adj2, appeal_id, AppealOutcome::Upheld).unwrap();
    assert!(sends(&res).is_empty());
    let c = s.claim(big.id);
    assert_eq!(c.status, ClaimStatus::Denied);
    let a: Appeal = s.q(QueryMsg::Appeal { appeal_id });
    assert_eq!(a.outcome, Some(AppealOutcome::Upheld));
    assert_eq!(a.decided_by, Some(adj2));
}

#[test]
fn overturning_a_reviewer_denial_pays_the_claim() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let big = s.claim_for(&m, vec![line("27447", 3, 60_000)]);
    let adj = s.adjuster.clone();
    let adj2 = s.adjuster2.clone();
    s.exec(
        &adj,
        ExecuteMsg::ReviewClaim {
            claim_id: big.id,
            decision: ReviewDecision::Deny {
                reason: Carc::NOT_MEDICALLY_NECESSARY,
                rarc: None,
            },
        },
    )
    .unwrap();
    assert!(s.accumulators(&m).deductible.individual_met.is_zero());
    let appeal_id = file(&mut s, &m, big.id).unwrap();
    let res = decide(&mut s, &adj2, appeal_id, AppealOutcome::Overturned).unwrap();
    let c = s.claim(big.id);
    assert_eq!(c.status, ClaimStatus::Paid);
    assert_eq!(c.total_paid, Uint128::new(58_500));
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 58_500)]);
    assert_eq!(c.adjudicator, Some(adj2));
    assert_eq!(
        s.accumulators(&m).deductible.individual_met,
        Uint128::new(500)
    );
}

#[test]
fn consent_is_never_waived_by_an_appeal() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let p = s.provider.clone();
    s.set_access(&p, 9, Access::Denied);
    let mut sub = s.submission(&m, vec![line("99214", 1, 150)]);
    sub.supporting_record_id = 9;
    let (c, _) = s.submit(sub);
    denied_with(&c, 0, "CO", Carc::DOCUMENTATION_REQUIRED);
    let appeal_id = file(&mut s, &p, c.id).unwrap();
    let adj = s.adjuster.clone();
    decide(&mut s, &adj, appeal_id, AppealOutcome::Overturned).unwrap();
    let c = s.claim(c.id);
    denied_with(&c, 0, "CO", Carc::DOCUMENTATION_REQUIRED);
    // Once the patient grants access, a new claim is paid.
}

#[test]
fn appeal_window_is_180_days_and_overdue_appeals_are_listed() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let paid = s.claim_for(&m, vec![line("99214", 1, 150)]);
    // Nothing denied: nothing to appeal.
    assert!(matches!(
        file(&mut s, &m, paid.id).unwrap_err(),
        ContractError::NothingToAppeal { .. }
    ));
    let c1 = s.claim_for(&m, vec![line("70551", 1, 1000)]);
    let mut sub = s.submission(&m, vec![line("70551", 1, 1000)]);
    sub.date_of_service = s.env.block.time.minus_seconds(2 * DAY_SECONDS);
    let (c2, _) = s.submit(sub);
    // Pended claims cannot be appealed (not decided).
    let big = s.claim_for(&m, vec![line("27447", 3, 60_000)]);
    assert!(matches!(
        file(&mut s, &m, big.id).unwrap_err(),
        ContractError::WrongStatus { .. }
    ));
    s.advance(180 * DAY_SECONDS);
    let a1 = file(&mut s, &m, c1.id).unwrap();
    s.advance(1);
    assert!(matches!(
        file(&mut s, &m, c2.id).unwrap_err(),
        ContractError::AppealWindowClosed { .. }
    ));
    let overdue = |s: &Suite| -> Vec<u64> {
        let r: OverdueDecisionsResponse = s.q(QueryMsg::OverdueAppeals {
            plan_id: s.plan_id,
            start_after: None,
            limit: None,
        });
        r.items.iter().map(|i| i.id).collect()
    };
    assert!(overdue(&s).is_empty());
    s.advance(60 * DAY_SECONDS);
    assert_eq!(overdue(&s), vec![a1]);
    let adj = s.adjuster.clone();
    let res = decide(&mut s, &adj, a1, AppealOutcome::Upheld).unwrap();
    assert_eq!(attr(&res, "late"), "true");
    assert!(overdue(&s).is_empty());
}
