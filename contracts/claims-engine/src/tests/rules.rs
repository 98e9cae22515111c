//! Smaller rules: no self-treatment billing, a bound on units per line (an overflow denies, it
//! never refuses others' claims), the servicing provider of an authorization may not decide it,
//! no late replacement, near duplicates within one claim pended.

use cosmwasm_std::Uint128;
use cw_health_types::claims_engine::codes::{DAY_SECONDS, MAX_LINE_UNITS};
use cw_health_types::claims_engine::{
    AuthService, ClaimStatus, LineReview, LineReviewAction, PendReason, PriorAuthDecision,
    PriorAuthRequest, ReviewDecision, Urgency,
};
use cw_health_types::ehr_registry::{PartyRole, PartyStatus};

use super::*;
use crate::common::day_of;
use crate::state::UNITS;

#[test]
fn a_provider_may_not_bill_for_treating_themselves() {
    let mut s = Suite::new();
    let p = s.provider.clone();
    s.enroll(&p, "FAM9", s.dos(), None, MemberStatus::Active)
        .unwrap();
    let sub = s.submission(&p, vec![line("99214", 1, 150)]);
    let err = s.submit_as(&p, sub).unwrap_err();
    assert!(err.to_string().contains("treating themselves"), "{err}");
}

#[test]
fn units_per_line_are_bounded_and_an_overflow_denies_the_line_only() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let p = s.provider.clone();
    let err = s
        .submit_as(&p, s.submission(&m, vec![line("99214", u32::MAX, 150)]))
        .unwrap_err();
    assert!(err.to_string().contains("lines.units"), "{err}");
    let c = s.claim_for(&m, vec![line("99214", MAX_LINE_UNITS, 150)]);
    assert_eq!(c.status, ClaimStatus::Paid);
    // A counter driven to the edge (by many claims) denies the overflowing line, CO-151; the
    // claim is adjudicated and its other lines paid.
    s.advance(DAY_SECONDS);
    let key = (s.plan_id, &m, (day_of(s.dos()), "99214"));
    UNITS
        .save(s.deps.as_mut().storage, key, &(u32::MAX - 1))
        .unwrap();
    let c = s.claim_for(&m, vec![line("G0001", 1, 1), line("99214", 2, 150)]);
    denied_with(&c, 1, "CO", Carc::UNITS_EXCEEDED);
    assert_eq!(c.lines[0].status, LineStatus::Paid);
}

#[test]
fn the_servicing_provider_may_not_decide_its_authorization() {
    let mut s = Suite::new();
    let (p, m, adj2) = (s.provider.clone(), s.member.clone(), s.adjuster2.clone());
    // The second adjuster is also a clinician, named to perform the MRI.
    s.world.borrow_mut().parties.insert(
        adj2.to_string(),
        party(&adj2, PartyRole::Clinician, PartyStatus::Active),
    );
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
                service_start: s.env.block.time,
                service_end: s.env.block.time.plus_seconds(30 * DAY_SECONDS),
                servicing_provider: Some(adj2.to_string()),
            }),
        )
        .unwrap();
    let auth_id: u64 = attr(&res, "auth_id").parse().unwrap();
    let decide = ExecuteMsg::DecidePriorAuth {
        auth_id,
        decision: PriorAuthDecision::Approve { services: None },
    };
    let err = s.exec(&adj2, decide.clone()).unwrap_err();
    assert!(
        matches!(err, ContractError::ConflictOfInterest { .. }),
        "{err}"
    );
    let adj = s.adjuster.clone();
    s.exec(&adj, decide).unwrap();
}

#[test]
fn a_late_replacement_is_refused_and_the_original_stands() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let p = s.provider.clone();
    let original = s.claim_for(&m, vec![line("99214", 1, 150)]);
    assert_eq!(original.total_paid, Uint128::new(125));
    s.advance(91 * DAY_SECONDS);
    let mut sub = s.submission(&m, vec![line("99214", 1, 90)]);
    sub.date_of_service = original.date_of_service;
    sub.frequency = ClaimFrequency::Replacement;
    sub.original_claim_id = Some(original.id);
    let err = s.submit_as(&p, sub).unwrap_err();
    assert!(err.to_string().contains("timely-filing"), "{err}");
    let o = s.claim(original.id);
    assert_eq!(o.status, ClaimStatus::Paid);
    assert_eq!(o.credited, Uint128::new(125));
}

#[test]
fn near_duplicates_within_one_claim_are_pended() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let c = s.claim_for(
        &m,
        vec![
            with_mods(line("99213", 1, 100), &["25"]),
            line("99213", 1, 100),
        ],
    );
    assert_eq!(c.status, ClaimStatus::Pended);
    assert_eq!(c.pend_reasons, vec![PendReason::SuspectDuplicate]);
    assert_eq!(c.lines[1].status, LineStatus::Pended);
}

/// X12 as the standard uses the codes: OA-18, PR-26/27, a RARC with 16/96/252, a reversed
/// claim's adjustments remitted in group CR.
#[test]
fn x12_codes_as_the_standard_uses_them() {
    let mut s = Suite::new();
    let (m, p) = (s.member.clone(), s.provider.clone());
    let paid = s.claim_for(&m, vec![line("99214", 1, 150)]);
    let dup = s.claim_for(&m, vec![line("99214", 1, 150), line("S9999", 1, 50)]);
    denied_with(&dup, 0, "OA", Carc::EXACT_DUPLICATE);
    denied_with(&dup, 1, "PR", Carc::NON_COVERED);
    assert_eq!(dup.lines[1].adjustments[0].rarc.as_deref(), Some("N130"));
    let unlisted = s.claim_for(&m, vec![line("99215", 1, 50)]);
    denied_with(&unlisted, 0, "CO", Carc::NON_COVERED);
    assert_eq!(
        unlisted.lines[0].adjustments[0].rarc.as_deref(),
        Some("N130")
    );
    s.set_access(&p, 7, Access::Denied);
    let mut sub = s.submission(&m, vec![line("99213", 1, 100)]);
    sub.supporting_record_id = 7;
    let (no_record, _) = s.submit(sub);
    denied_with(&no_record, 0, "CO", Carc::DOCUMENTATION_REQUIRED);
    assert_eq!(
        no_record.lines[0].adjustments[0].rarc.as_deref(),
        Some("M127")
    );
    // The paid claim replaced: its remittance reports the reversal in group CR.
    let mut sub = s.submission(&m, vec![line("99214", 1, 140)]);
    sub.frequency = ClaimFrequency::Replacement;
    sub.original_claim_id = Some(paid.id);
    let (_, res) = s.submit(sub);
    let r: cw_health_types::claims_engine::Remittance =
        s.q(QueryMsg::Remittance { claim_id: paid.id });
    assert_eq!(r.claim_status_code, "22");
    assert_eq!(
        r.lines[0].adjustments[0].group,
        AdjustmentGroup::CorrectionReversal
    );
    let reversal_event = res
        .events
        .iter()
        .find(|e| {
            e.ty == "remittance"
                && e.attributes
                    .iter()
                    .any(|a| a.key == "claim_id" && a.value == paid.id.to_string())
        })
        .unwrap();
    assert!(reversal_event
        .attributes
        .iter()
        .any(|a| a.key == "line" && a.value.ends_with("CR-3=25")));
}

/// A member re-enrolled after a termination keeps the earlier coverage: a timely claim for a
/// day of the first segment is paid, a day in the gap is PR-27, and segments may not overlap.
#[test]
fn coverage_is_a_history_of_segments() {
    let mut s = Suite::new();
    let x = s.deps.api.addr_make("member_x");
    let now = s.env.block.time;
    let days = |d: u64| now.minus_seconds(d * DAY_SECONDS);
    s.enroll(
        &x,
        "FAMX",
        days(60),
        Some(days(30)),
        MemberStatus::Terminated,
    )
    .unwrap();
    s.enroll(&x, "FAMX", days(10), None, MemberStatus::Active)
        .unwrap();
    // A new segment may not start inside an earlier one.
    let err = s
        .enroll(&x, "FAMX", days(40), None, MemberStatus::Active)
        .unwrap_err();
    assert!(err.to_string().contains("overlaps"), "{err}");
    let e: cw_health_types::claims_engine::Enrollment = s.q(QueryMsg::Enrollment {
        plan_id: s.plan_id,
        member: x.to_string(),
    });
    assert_eq!(e.coverage_start, days(10));
    let bill = |s: &mut Suite, dos| {
        let mut sub = s.submission(&x, vec![line("99214", 1, 150)]);
        sub.date_of_service = dos;
        s.submit(sub).0
    };
    let first = bill(&mut s, days(40));
    assert_eq!(
        first.status,
        ClaimStatus::Paid,
        "{:?}",
        first.lines[0].adjustments
    );
    assert_eq!(first.total_paid, Uint128::new(125));
    let gap = bill(&mut s, days(20));
    denied_with(&gap, 0, "PR", Carc::AFTER_COVERAGE);
    let before = bill(&mut s, days(70));
    denied_with(&before, 0, "PR", Carc::BEFORE_COVERAGE);
    let current = bill(&mut s, days(1));
    assert_eq!(
        current.status,
        ClaimStatus::Paid,
        "{:?}",
        current.lines[0].adjustments
    );
}

/// An adjuster's denial carries a RARC where the CARC requires one (16, 96, 252), and a
/// malformed RARC is refused.
#[test]
fn adjuster_denials_carry_a_rarc_where_the_carc_requires_one() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let adjuster = s.adjuster.clone();
    // Pended near duplicates (two lines of one claim).
    let pend = |s: &mut Suite| {
        let c = s.claim_for(
            &m,
            vec![
                with_mods(line("99213", 1, 100), &["25"]),
                line("99213", 1, 100),
            ],
        );
        s.advance(DAY_SECONDS);
        assert_eq!(c.status, ClaimStatus::Pended);
        c
    };
    let c = pend(&mut s);
    let review = |s: &mut Suite, decision: ReviewDecision| {
        s.exec(
            &adjuster,
            ExecuteMsg::ReviewClaim {
                claim_id: c.id,
                decision,
            },
        )
    };
    for (reason, rarc) in [
        (Carc::BILLING_ERROR, None),
        (Carc::NON_COVERED, None),
        (Carc::DOCUMENTATION_REQUIRED, None),
        (Carc::NOT_MEDICALLY_NECESSARY, Some("m127".to_string())),
        (Carc::NOT_MEDICALLY_NECESSARY, Some("M1278X".to_string())),
    ] {
        let err = review(
            &mut s,
            ReviewDecision::Deny {
                reason,
                rarc: rarc.clone(),
            },
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("rarc"),
            "{reason:?} {rarc:?}: {err}"
        );
        let err = review(
            &mut s,
            ReviewDecision::Adjust {
                lines: vec![LineReview {
                    line: 2,
                    action: LineReviewAction::Deny { reason, rarc },
                }],
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("rarc"), "{err}");
    }
    // A line denial with its RARC.
    review(
        &mut s,
        ReviewDecision::Adjust {
            lines: vec![LineReview {
                line: 2,
                action: LineReviewAction::Deny {
                    reason: Carc::BILLING_ERROR,
                    rarc: Some("M51".into()),
                },
            }],
        },
    )
    .unwrap();
    let c = s.claim(c.id);
    denied_with(&c, 1, "CO", Carc::BILLING_ERROR);
    assert_eq!(c.lines[1].adjustments[0].rarc.as_deref(), Some("M51"));
    assert_eq!(c.lines[0].status, LineStatus::Paid);
    // A whole-claim denial with its RARC; a CARC that needs none may carry one.
    let c2 = pend(&mut s);
    s.exec(
        &adjuster,
        ExecuteMsg::ReviewClaim {
            claim_id: c2.id,
            decision: ReviewDecision::Deny {
                reason: Carc::DOCUMENTATION_REQUIRED,
                rarc: Some("M127".into()),
            },
        },
    )
    .unwrap();
    let c2 = s.claim(c2.id);
    for i in 0..2 {
        denied_with(&c2, i, "CO", Carc::DOCUMENTATION_REQUIRED);
        assert_eq!(c2.lines[i].adjustments[0].rarc.as_deref(), Some("M127"));
    }
    let c3 = pend(&mut s);
    s.exec(
        &adjuster,
        ExecuteMsg::ReviewClaim {
            claim_id: c3.id,
            decision: ReviewDecision::Deny {
                reason: Carc::NOT_MEDICALLY_NECESSARY,
                rarc: None,
            },
        },
    )
    .unwrap();
}
