//! Re-decisions touch only what they decide: an appeal or an adjuster's adjustment re-decides
//! the lines it names (with today's facts); the other lines keep their decision and its effects
//! (payment, accumulators, prior-authorization units, duplicate index).

use cosmwasm_std::Uint128;
use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{
    Appeal, AppealOutcome, AuthService, ClaimStatus, LineReview, LineReviewAction, PriorAuth,
    PriorAuthDecision, PriorAuthRequest, ProviderBalanceResponse, QueryMsg, ReviewDecision,
    Urgency,
};

use super::*;

/// The member appeals `lines` of a claim; an adjuster overturns it.
fn overturn(s: &mut Suite, claim_id: u64, lines: Vec<u32>) -> Response {
    let m = s.member.clone();
    let res = s
        .exec(
            &m,
            ExecuteMsg::FileAppeal {
                claim_id: Some(claim_id),
                evidence: None,
                lines,
                kind: None,
            },
        )
        .unwrap();
    let appeal_id: u64 = attr(&res, "appeal_id").parse().unwrap();
    let adj = s.adjuster2.clone();
    s.exec(
        &adj,
        ExecuteMsg::DecideAppeal {
            appeal_id,
            outcome: AppealOutcome::Overturned,
            allowed: None,
        },
    )
    .unwrap()
}

fn owed_to_plan(s: &Suite) -> Uint128 {
    let r: ProviderBalanceResponse = s.q(QueryMsg::ProviderBalance {
        plan_id: s.plan_id,
        provider: s.provider.to_string(),
    });
    r.owed_to_plan
}

/// An approved one-unit MRI authorization for the member, performed by the provider.
fn mri_auth(s: &mut Suite) -> u64 {
    let (p, adj, m) = (s.provider.clone(), s.adjuster.clone(), s.member.clone());
    let res = s
        .exec(
            &p,
            ExecuteMsg::RequestPriorAuth(PriorAuthRequest {
                plan_id: s.plan_id,
                member: m.to_string(),
                urgency: Urgency::Standard,
                services: vec![AuthService {
                    code: "70551".into(),
                    units: 1,
                }],
                service_start: s.env.block.time.minus_seconds(10 * DAY_SECONDS),
                service_end: s.env.block.time.plus_seconds(30 * DAY_SECONDS),
                servicing_provider: None,
            }),
        )
        .unwrap();
    let auth_id: u64 = attr(&res, "auth_id").parse().unwrap();
    s.exec(
        &adj,
        ExecuteMsg::DecidePriorAuth {
            auth_id,
            decision: PriorAuthDecision::Approve { services: None },
        },
    )
    .unwrap();
    auth_id
}

/// The patient revokes consent after a claim was paid in part; the provider wins the appeal of
/// the denied line. The paid line is not re-asked for consent and not clawed back (revocation
/// is prospective, HIPAA 164.508(b)(5)); the appealed line is re-decided with today's facts.
#[test]
fn a_won_appeal_does_not_claw_back_lines_paid_before_consent_was_revoked() {
    let mut s = Suite::new();
    let (m, p) = (s.member.clone(), s.provider.clone());
    let c = s.claim_for(&m, vec![line("99214", 1, 150), line("70551", 1, 1200)]);
    assert_eq!(c.lines[0].paid, Uint128::new(125));
    denied_with(&c, 1, "CO", Carc::AUTHORIZATION_ABSENT);
    s.set_access(&p, 1, Access::Denied);
    let res = overturn(&mut s, c.id, vec![2]);
    let c = s.claim(c.id);
    assert_eq!(c.lines[0].status, LineStatus::Paid);
    assert_eq!(c.lines[0].paid, Uint128::new(125));
    assert_eq!(adjs(&c, 0), vec![("PR", 3, 25)]);
    denied_with(&c, 1, "CO", Carc::DOCUMENTATION_REQUIRED);
    assert_eq!(c.credited, Uint128::new(125));
    assert_eq!(owed_to_plan(&s), Uint128::zero());
    assert!(sends(&res).is_empty());
    let a: Appeal = s.q(QueryMsg::Appeal { appeal_id: 1 });
    assert_eq!(a.lines, vec![2]);
}

/// Overturning one line's denial must not pay an exact duplicate riding on another line.
#[test]
fn an_overturn_does_not_pay_a_duplicate_on_another_line() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let first = s.claim_for(&m, vec![line("99214", 1, 150)]);
    assert_eq!(first.total_paid, Uint128::new(125));
    let c = s.claim_for(&m, vec![line("99214", 1, 150), line("70551", 1, 1200)]);
    denied_with(&c, 0, "OA", Carc::EXACT_DUPLICATE);
    denied_with(&c, 1, "CO", Carc::AUTHORIZATION_ABSENT);
    // A line that is not denied cannot be appealed.
    let err = s
        .exec(
            &m,
            ExecuteMsg::FileAppeal {
                claim_id: Some(first.id),
                evidence: None,
                lines: vec![1],
                kind: None,
            },
        )
        .unwrap_err();
    assert!(
        matches!(err, ContractError::NothingToAppeal { .. }),
        "{err}"
    );
    let err = s
        .exec(
            &m,
            ExecuteMsg::FileAppeal {
                claim_id: Some(c.id),
                evidence: None,
                lines: vec![3],
                kind: None,
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("not a denied line"), "{err}");
    let res = overturn(&mut s, c.id, vec![2]);
    let c = s.claim(c.id);
    denied_with(&c, 0, "OA", Carc::EXACT_DUPLICATE);
    // MRI: allowed 1000 (CO-45 200), deductible 500, coinsurance 100, paid 400.
    assert_eq!(c.lines[1].paid, Uint128::new(400));
    assert_eq!(c.total_paid, Uint128::new(400));
    assert_eq!(sends(&res), vec![(s.provider.to_string(), 400)]);
}

/// Overturning another line's denial must not give back the authorization units a paid line
/// used: a one-MRI authorization pays one MRI.
#[test]
fn an_overturn_does_not_give_back_authorization_units_of_paid_lines() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let auth = mri_auth(&mut s);
    let c = s.claim_for(
        &m,
        vec![
            with_auth(line("70551", 1, 1200), auth),
            line("99213", 3, 300),
        ],
    );
    assert_eq!(c.lines[0].status, LineStatus::Paid);
    denied_with(&c, 1, "CO", Carc::UNITS_EXCEEDED);
    overturn(&mut s, c.id, vec![2]);
    let c = s.claim(c.id);
    assert_eq!(c.lines[0].status, LineStatus::Paid);
    assert_eq!(c.lines[0].effects.auth_units, 1);
    assert_eq!(c.lines[1].status, LineStatus::Paid);
    let a: PriorAuth = s.q(QueryMsg::PriorAuth { auth_id: auth });
    assert_eq!(a.approved[0].units, 0);
    // A second MRI on the one-MRI authorization, another day: CO-198.
    s.advance(DAY_SECONDS);
    let second = s.claim_for(&m, vec![with_auth(line("70551", 1, 1200), auth)]);
    denied_with(&second, 0, "CO", Carc::AUTHORIZATION_EXCEEDED);
}

/// After the patient revokes consent, an adjuster's adjustment of one line of a pended claim
/// re-decides that line only: the others are paid as adjudicated, as an approval would pay them.
#[test]
fn an_adjustment_of_one_line_keeps_the_others() {
    let mut s = Suite::new();
    let (m, p, adj) = (s.member.clone(), s.provider.clone(), s.adjuster.clone());
    let c = s.claim_for(&m, vec![line("27447", 3, 60_000), line("99214", 1, 150)]);
    assert_eq!(c.status, ClaimStatus::Pended);
    let knee = c.lines[0].paid;
    assert!(!knee.is_zero());
    s.set_access(&p, 1, Access::Denied);
    s.exec(
        &adj,
        ExecuteMsg::ReviewClaim {
            claim_id: c.id,
            decision: ReviewDecision::Adjust {
                lines: vec![LineReview {
                    line: 2,
                    action: LineReviewAction::Reprice {
                        allowed: Uint128::new(100),
                    },
                }],
            },
        },
    )
    .unwrap();
    let c = s.claim(c.id);
    assert_eq!(c.status, ClaimStatus::PartiallyPaid);
    assert_eq!(c.lines[0].status, LineStatus::Paid);
    assert_eq!(c.lines[0].paid, knee);
    denied_with(&c, 1, "CO", Carc::DOCUMENTATION_REQUIRED);
    assert_eq!(c.total_paid, knee);
}
