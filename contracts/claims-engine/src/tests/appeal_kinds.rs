//! Appeal kinds and their clocks (urgent 72 h, pre-service 30 d, post-service 60 d), external
//! review by an independent review organization, and underpayment appeals.

use cosmwasm_std::Uint128;
use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{
    Appeal, AppealKind, AppealOutcome, AuthService, ClaimStatus, ClaimsConfigResponse,
    DecisionCursor, LineReview, LineReviewAction, OverdueDecisionsResponse, PaymentStatus,
    PriorAuth, PriorAuthDecision, PriorAuthMetrics, PriorAuthRequest, PriorAuthStatus, QueryMsg,
    ReviewDecision, UnderpaymentBasis, Urgency,
};

use cw_health_types::ehr_registry::DelegateRelationship;

use super::*;

fn file(
    s: &mut Suite,
    who: &Addr,
    claim_id: Option<u64>,
    kind: AppealKind,
) -> Result<u64, ContractError> {
    let res = s.exec(
        who,
        ExecuteMsg::FileAppeal {
            claim_id,
            evidence: None,
            lines: vec![],
            kind: Some(kind),
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
    allowed: Option<u128>,
) -> Result<Response, ContractError> {
    s.exec(
        who,
        ExecuteMsg::DecideAppeal {
            appeal_id,
            outcome,
            allowed: allowed.map(Uint128::new),
        },
    )
}

fn appeal(s: &Suite, appeal_id: u64) -> Appeal {
    s.q(QueryMsg::Appeal { appeal_id })
}

/// A prior authorization of one MRI for `member`, denied (CO-50) by the first adjuster.
fn denied_auth(s: &mut Suite, member: &Addr, urgency: Urgency) -> u64 {
    let p = s.provider.clone();
    let req = PriorAuthRequest {
        plan_id: s.plan_id,
        member: member.to_string(),
        urgency,
        services: vec![AuthService {
            code: "70551".into(),
            units: 1,
        }],
        service_start: s.env.block.time.minus_seconds(10 * DAY_SECONDS),
        service_end: s.env.block.time.plus_seconds(30 * DAY_SECONDS),
        servicing_provider: None,
    };
    let res = s.exec(&p, ExecuteMsg::RequestPriorAuth(req)).unwrap();
    let auth_id: u64 = attr(&res, "auth_id").parse().unwrap();
    let adj = s.adjuster.clone();
    s.exec(
        &adj,
        ExecuteMsg::DecidePriorAuth {
            auth_id,
            decision: PriorAuthDecision::Deny {
                reason: Carc::NOT_MEDICALLY_NECESSARY,
            },
        },
    )
    .unwrap();
    auth_id
}

fn overdue(s: &Suite, start_after: Option<DecisionCursor>, limit: Option<u32>) -> Vec<u64> {
    let r: OverdueDecisionsResponse = s.q(QueryMsg::OverdueAppeals {
        plan_id: s.plan_id,
        start_after,
        limit,
    });
    r.items.iter().map(|i| i.id).collect()
}

#[test]
fn each_kind_has_its_due_time_its_filers_and_one_appeal() {
    let mut s = Suite::new();
    let (m, p, m2) = (s.member.clone(), s.provider.clone(), s.member2.clone());
    let stranger = s.deps.api.addr_make("stranger");
    let now = s.env.block.time;
    let standard = denied_auth(&mut s, &m, Urgency::Standard);
    let urgent = denied_auth(&mut s, &m, Urgency::Expedited);
    let pre = |auth| AppealKind::PreService {
        prior_auth_id: auth,
    };
    let urg = |auth| AppealKind::Urgent {
        prior_auth_id: auth,
    };
    // Pre-service: the member only; the provider, another member and a stranger are refused.
    for who in [&p, &m2, &stranger] {
        assert!(matches!(
            file(&mut s, who, None, pre(standard)).unwrap_err(),
            ContractError::Unauthorized { .. }
        ));
    }
    // The subject is named by the kind: a claim id or lines with it are refused.
    assert!(matches!(
        file(&mut s, &m, Some(1), pre(standard)).unwrap_err(),
        ContractError::InvalidInput { .. }
    ));
    let with_lines = ExecuteMsg::FileAppeal {
        claim_id: None,
        evidence: None,
        lines: vec![1],
        kind: Some(pre(standard)),
    };
    assert!(s.exec(&m, with_lines).is_err());
    let a_pre = file(&mut s, &m, None, pre(standard)).unwrap();
    assert_eq!(appeal(&s, a_pre).due_at, now.plus_seconds(30 * DAY_SECONDS));
    assert_eq!(appeal(&s, a_pre).prior_auth_id, Some(standard));
    assert_eq!(appeal(&s, a_pre).claim_id, None);
    // Once per authorization.
    assert!(matches!(
        file(&mut s, &m, None, urg(standard)).unwrap_err(),
        ContractError::AppealExists { .. }
    ));
    // Urgent: the requesting provider may file (a professional with knowledge of the
    // condition); a stranger may not. Due in 72 hours.
    assert!(matches!(
        file(&mut s, &stranger, None, urg(urgent)).unwrap_err(),
        ContractError::Unauthorized { .. }
    ));
    let a_urg = file(&mut s, &p, None, urg(urgent)).unwrap();
    assert_eq!(appeal(&s, a_urg).due_at, now.plus_seconds(72 * 3600));
    // Post-service: 60 days.
    let c = s.claim_for(&m, vec![line("70551", 1, 1200)]);
    let a_post = file(&mut s, &p, Some(c.id), AppealKind::PostService).unwrap();
    assert_eq!(
        appeal(&s, a_post).due_at,
        now.plus_seconds(60 * DAY_SECONDS)
    );
    // An approved (or pending) authorization has nothing to appeal.
    let req = PriorAuthRequest {
        plan_id: s.plan_id,
        member: m.to_string(),
        urgency: Urgency::Standard,
        services: vec![AuthService {
            code: "70551".into(),
            units: 1,
        }],
        service_start: now,
        service_end: now.plus_seconds(DAY_SECONDS),
        servicing_provider: None,
    };
    let res = s.exec(&p, ExecuteMsg::RequestPriorAuth(req)).unwrap();
    let pending: u64 = attr(&res, "auth_id").parse().unwrap();
    assert!(matches!(
        file(&mut s, &m, None, pre(pending)).unwrap_err(),
        ContractError::WrongStatus { .. }
    ));

    // The overdue list is by due time: the urgent one first, then pre-service, then the claim.
    assert!(overdue(&s, None, None).is_empty());
    s.advance(72 * 3600 + 1);
    assert_eq!(overdue(&s, None, None), vec![a_urg]);
    s.advance(60 * DAY_SECONDS);
    assert_eq!(overdue(&s, None, None), vec![a_urg, a_pre, a_post]);
    let first = overdue(&s, None, Some(1));
    assert_eq!(first, vec![a_urg]);
    let cursor = DecisionCursor {
        due_at: appeal(&s, a_urg).due_at,
        id: a_urg,
    };
    assert_eq!(overdue(&s, Some(cursor), Some(1)), vec![a_pre]);
}

#[test]
fn a_prior_authorization_appeal_closes_after_180_days() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let auth = denied_auth(&mut s, &m, Urgency::Standard);
    s.advance(180 * DAY_SECONDS + 1);
    assert!(matches!(
        file(
            &mut s,
            &m,
            None,
            AppealKind::PreService {
                prior_auth_id: auth
            }
        )
        .unwrap_err(),
        ContractError::AppealWindowClosed { .. }
    ));
}

#[test]
fn an_overturned_pre_service_appeal_approves_the_authorization() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let auth_id = denied_auth(&mut s, &m, Urgency::Standard);
    let a = file(
        &mut s,
        &m,
        None,
        AppealKind::PreService {
            prior_auth_id: auth_id,
        },
    )
    .unwrap();
    // The adjuster who denied it may not decide the appeal.
    let (adj, adj2) = (s.adjuster.clone(), s.adjuster2.clone());
    assert!(matches!(
        decide(&mut s, &adj, a, AppealOutcome::Overturned, None).unwrap_err(),
        ContractError::SameAdjuster { .. }
    ));
    // `allowed` is only for underpayment appeals.
    assert!(matches!(
        decide(&mut s, &adj2, a, AppealOutcome::Overturned, Some(5)).unwrap_err(),
        ContractError::InvalidInput { .. }
    ));
    let res = decide(&mut s, &adj2, a, AppealOutcome::Overturned, None).unwrap();
    assert_eq!(attr(&res, "kind"), "pre_service");
    let auth: PriorAuth = s.q(QueryMsg::PriorAuth { auth_id });
    assert_eq!(auth.status, PriorAuthStatus::Approved);
    assert_eq!(auth.approved, auth.requested);
    let metrics: PriorAuthMetrics = s.q(QueryMsg::PriorAuthMetrics { plan_id: s.plan_id });
    assert_eq!(metrics.approved_after_appeal, 1);
    // The MRI is now paid on it, once.
    let c = s.claim_for(&m, vec![with_auth(line("70551", 1, 1000), auth_id)]);
    assert_eq!(c.status, ClaimStatus::Paid);
    let again = s.claim_for(&m, vec![with_auth(line("70551", 1, 1000), auth_id)]);
    assert_eq!(again.status, ClaimStatus::Denied);
    // Decided once.
    assert!(matches!(
        decide(&mut s, &adj2, a, AppealOutcome::Upheld, None).unwrap_err(),
        ContractError::WrongStatus { .. }
    ));
}

/// A claim of an MRI without authorization (CO-197) and a copay visit; the member's appeal of the
/// MRI line is upheld by the second adjuster. Returns (claim id, internal appeal id).
fn upheld_denial(s: &mut Suite, m: &Addr) -> (u64, u64) {
    let c = s.claim_for(m, vec![line("70551", 1, 1200), line("99214", 1, 150)]);
    denied_with(&c, 0, "CO", Carc::AUTHORIZATION_ABSENT);
    let a = file(s, m, Some(c.id), AppealKind::PostService).unwrap();
    let adj2 = s.adjuster2.clone();
    decide(s, &adj2, a, AppealOutcome::Upheld, None).unwrap();
    (c.id, a)
}

fn set_iros(s: &mut Suite, iros: &[&Addr]) {
    let owner = s.owner.clone();
    s.exec(
        &owner,
        ExecuteMsg::UpdateConfig {
            ehr_registry: None,
            drug_provenance: None,
            payout_batch_limit: None,
            review_organizations: Some(iros.iter().map(|a| a.to_string()).collect()),
        },
    )
    .unwrap();
}

fn external(a: u64) -> AppealKind {
    AppealKind::External { appeal_id: a }
}

#[test]
fn an_external_overturn_binds_the_plan_pays_the_named_line_once() {
    let mut s = Suite::new();
    let (m, p) = (s.member.clone(), s.provider.clone());
    let iro = s.deps.api.addr_make("iro");
    let (adj, insurer) = (s.adjuster.clone(), s.insurer.clone());
    // The adjuster is (wrongly) on the list: being the plan's adjuster still disqualifies it.
    set_iros(&mut s, &[&iro, &adj]);
    let cfg: ClaimsConfigResponse = s.q(QueryMsg::Config {});
    assert_eq!(cfg.review_organizations, vec![iro.clone(), adj.clone()]);
    let (claim_id, internal) = upheld_denial(&mut s, &m);
    // Only the member requests external review (not the provider, not a stranger); no claim id.
    assert!(matches!(
        file(&mut s, &p, None, external(internal)).unwrap_err(),
        ContractError::Unauthorized { .. }
    ));
    assert!(matches!(
        file(&mut s, &m, Some(claim_id), external(internal)).unwrap_err(),
        ContractError::InvalidInput { .. }
    ));
    let now = s.env.block.time;
    let ext = file(&mut s, &m, None, external(internal)).unwrap();
    let e = appeal(&s, ext);
    assert_eq!(e.due_at, now.plus_seconds(45 * DAY_SECONDS));
    assert_eq!(e.lines, vec![1]);
    assert_eq!(appeal(&s, internal).external_review_id, Some(ext));
    let before = s.claim(claim_id);
    // A second external review of the same appeal is refused.
    assert!(matches!(
        file(&mut s, &m, None, external(internal)).unwrap_err(),
        ContractError::AppealExists { .. }
    ));
    // The insurer's adjuster posing as the IRO, the insurer, a stranger, the provider: refused.
    let stranger = s.deps.api.addr_make("stranger");
    for who in [&adj, &insurer, &stranger] {
        assert!(matches!(
            decide(&mut s, who, ext, AppealOutcome::Overturned, None).unwrap_err(),
            ContractError::NotIndependentReviewer { .. }
        ));
    }
    assert_eq!(s.claim(claim_id), before);
    let balance = s.pool().balance;
    let res = decide(&mut s, &iro, ext, AppealOutcome::Overturned, None).unwrap();
    assert_eq!(attr(&res, "kind"), "external");
    let c = s.claim(claim_id);
    // Line 1 is paid (allowed 1000: deductible 500, coinsurance 100, paid 400); line 2 kept.
    assert_eq!(
        adjs(&c, 0),
        vec![("CO", 45, 200), ("PR", 1, 500), ("PR", 2, 100)]
    );
    assert_eq!(c.lines[1], before.lines[1]);
    assert_eq!(sends(&res), vec![(p.to_string(), 400)]);
    assert_eq!(s.pool().balance, balance - Uint128::new(400));
    assert_eq!(c.credited, c.total_paid);
    assert_eq!(c.payment_status, PaymentStatus::Issued);
    // Decided once: a second overturn (by the IRO or anyone) is refused and pays nothing.
    assert!(matches!(
        decide(&mut s, &iro, ext, AppealOutcome::Overturned, None).unwrap_err(),
        ContractError::WrongStatus { .. }
    ));
    // Nothing is left to appeal on the claim.
    assert!(file(&mut s, &m, Some(claim_id), AppealKind::PostService).is_err());
    assert!(file(&mut s, &m, None, external(ext)).is_err());
    assert_eq!(s.pool().balance, balance - Uint128::new(400));
}

#[test]
fn external_review_needs_an_upheld_denial_appeal_within_four_months() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let p = s.provider.clone();
    let iro = s.deps.api.addr_make("iro");
    set_iros(&mut s, &[&iro]);
    // Not before the internal appeal is decided.
    let c = s.claim_for(&m, vec![line("70551", 1, 1200)]);
    let open = file(&mut s, &m, Some(c.id), AppealKind::PostService).unwrap();
    assert!(matches!(
        file(&mut s, &m, None, external(open)).unwrap_err(),
        ContractError::WrongStatus { .. }
    ));
    // Not of an overturned appeal.
    let adj2 = s.adjuster2.clone();
    decide(&mut s, &adj2, open, AppealOutcome::Overturned, None).unwrap();
    assert!(matches!(
        file(&mut s, &m, None, external(open)).unwrap_err(),
        ContractError::WrongStatus { .. }
    ));
    // Not after 4 months (123 days) of the upheld decision.
    let m2 = s.member2.clone();
    let (_, upheld) = upheld_denial(&mut s, &m2);
    s.advance(123 * DAY_SECONDS + 1);
    assert!(matches!(
        file(&mut s, &m2, None, external(upheld)).unwrap_err(),
        ContractError::AppealWindowClosed { .. }
    ));
    // Not of an underpayment appeal (a payment dispute, not a medical judgment).
    let (claim_id, _) = repriced_low(&mut s);
    let under = file(
        &mut s,
        &p,
        Some(claim_id),
        AppealKind::Underpayment {
            line: 1,
            basis: UnderpaymentBasis::FeeSchedule,
        },
    )
    .unwrap();
    decide(&mut s, &adj2, under, AppealOutcome::Upheld, None).unwrap();
    assert!(matches!(
        file(&mut s, &m, None, external(under)).unwrap_err(),
        ContractError::InvalidInput { .. }
    ));
    // With no IRO designated, nobody may decide an external review.
    let mut s = Suite::new();
    let (_, upheld) = upheld_denial(&mut s, &m);
    let ext = file(&mut s, &m, None, external(upheld)).unwrap();
    let iro = s.deps.api.addr_make("iro");
    assert!(matches!(
        decide(&mut s, &iro, ext, AppealOutcome::Overturned, None).unwrap_err(),
        ContractError::NotIndependentReviewer { .. }
    ));
}

#[test]
fn an_external_review_of_a_prior_authorization_denial() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let iro = s.deps.api.addr_make("iro");
    set_iros(&mut s, &[&iro]);
    let auth_id = denied_auth(&mut s, &m, Urgency::Expedited);
    let a = file(
        &mut s,
        &m,
        None,
        AppealKind::Urgent {
            prior_auth_id: auth_id,
        },
    )
    .unwrap();
    let adj2 = s.adjuster2.clone();
    decide(&mut s, &adj2, a, AppealOutcome::Upheld, None).unwrap();
    let now = s.env.block.time;
    let ext = file(&mut s, &m, None, external(a)).unwrap();
    // An urgent appeal's external review is expedited: 72 hours.
    assert_eq!(appeal(&s, ext).due_at, now.plus_seconds(72 * 3600));
    decide(&mut s, &iro, ext, AppealOutcome::Overturned, None).unwrap();
    let auth: PriorAuth = s.q(QueryMsg::PriorAuth { auth_id });
    assert_eq!(auth.status, PriorAuthStatus::Approved);
}

/// A knee replacement (3 units, 60 000, fee 20 000 a unit) pended above the ceiling, with a
/// copay visit; the first adjuster reprices line 1 to 1 000 and the claim is paid. Returns
/// (claim id, the send of the approval).
fn repriced_low(s: &mut Suite) -> (u64, u128) {
    let m = s.member3.clone();
    let c = s.claim_for(&m, vec![line("27447", 3, 60_000), line("99214", 1, 150)]);
    assert_eq!(c.status, ClaimStatus::Pended);
    let adj = s.adjuster.clone();
    let res = s
        .exec(
            &adj,
            ExecuteMsg::ReviewClaim {
                claim_id: c.id,
                decision: ReviewDecision::Adjust {
                    lines: vec![LineReview {
                        line: 1,
                        action: LineReviewAction::Reprice {
                            allowed: Uint128::new(1000),
                        },
                    }],
                },
            },
        )
        .unwrap();
    let c = s.claim(c.id);
    assert_eq!(c.status, ClaimStatus::Paid);
    (c.id, sends(&res).iter().map(|(_, a)| a).sum())
}

fn underpayment(line: u32) -> AppealKind {
    AppealKind::Underpayment {
        line,
        basis: UnderpaymentBasis::FeeSchedule,
    }
}

#[test]
fn an_underpaid_line_is_repriced_alone_and_the_difference_paid_once() {
    let mut s = Suite::new();
    let (p, m3) = (s.provider.clone(), s.member3.clone());
    let stranger = s.deps.api.addr_make("stranger");
    let (claim_id, first_send) = repriced_low(&mut s);
    let before = s.claim(claim_id);
    // allowed 1000: deductible 500, coinsurance 100, paid 400; the visit kept its provisional
    // decision (no copay: the knee had met the out-of-pocket maximum), paid 150.
    assert_eq!(
        adjs(&before, 0),
        vec![("CO", 45, 59_000), ("PR", 1, 500), ("PR", 2, 100)]
    );
    assert_eq!(first_send, 550);
    assert_eq!(
        s.accumulators(&m3).out_of_pocket.individual_met,
        Uint128::new(600)
    );
    // Only the billing provider appeals an amount: not the member, not a stranger.
    for who in [&m3, &stranger] {
        assert!(matches!(
            file(&mut s, who, Some(claim_id), underpayment(1)).unwrap_err(),
            ContractError::Unauthorized { .. }
        ));
    }
    // A line that does not exist is refused.
    assert!(matches!(
        file(&mut s, &p, Some(claim_id), underpayment(9)).unwrap_err(),
        ContractError::InvalidInput { .. }
    ));
    let a = file(&mut s, &p, Some(claim_id), underpayment(1)).unwrap();
    assert_eq!(appeal(&s, a).lines, vec![1]);
    let before = s.claim(claim_id);
    assert_eq!(before.appeal_id, Some(a));
    // A second appeal while it is open is refused, for that line or another.
    for line in [1, 2] {
        assert!(matches!(
            file(&mut s, &p, Some(claim_id), underpayment(line)).unwrap_err(),
            ContractError::AppealExists { .. }
        ));
    }
    // The repricing adjuster may not decide; the amount may not exceed the fee for the units
    // (3 x 20 000) or the charge, nor stay at or below what was allowed.
    let (adj, adj2) = (s.adjuster.clone(), s.adjuster2.clone());
    assert!(matches!(
        decide(&mut s, &adj, a, AppealOutcome::Overturned, None).unwrap_err(),
        ContractError::SameAdjuster { .. }
    ));
    for bad in [60_001, 1000, 999] {
        assert!(matches!(
            decide(&mut s, &adj2, a, AppealOutcome::Overturned, Some(bad)).unwrap_err(),
            ContractError::InvalidInput { .. }
        ));
    }
    assert!(matches!(
        decide(&mut s, &adj2, a, AppealOutcome::Upheld, Some(2000)).unwrap_err(),
        ContractError::InvalidInput { .. }
    ));
    assert_eq!(s.claim(claim_id), before);
    let balance = s.pool().balance;
    let res = decide(&mut s, &adj2, a, AppealOutcome::Overturned, None).unwrap();
    let c = s.claim(claim_id);
    // Repriced to 60 000: deductible 500, coinsurance up to the out-of-pocket maximum (1 000),
    // paid 58 500; the visit line is untouched.
    assert_eq!(c.lines[0].allowed, Uint128::new(60_000));
    assert_eq!(adjs(&c, 0), vec![("PR", 1, 500), ("PR", 2, 1000)]);
    assert_eq!(c.lines[0].paid, Uint128::new(58_500));
    assert_eq!(c.lines[1], before.lines[1]);
    assert_eq!(
        sends(&res),
        vec![(p.to_string(), 58_500 - 400)],
        "only the difference"
    );
    assert_eq!(s.pool().balance, balance - Uint128::new(58_100));
    assert_eq!(c.credited, c.total_paid);
    assert_eq!(appeal(&s, a).repriced, Some(Uint128::new(60_000)));
    // Accumulators moved by the line's delta only: 600 + 900.
    let acc = s.accumulators(&m3);
    assert_eq!(acc.out_of_pocket.individual_met, Uint128::new(1500));
    assert_eq!(acc.deductible.individual_met, Uint128::new(500));
    // Decided once; the line's amount is appealed once.
    assert!(matches!(
        decide(&mut s, &adj2, a, AppealOutcome::Overturned, None).unwrap_err(),
        ContractError::WrongStatus { .. }
    ));
    assert!(matches!(
        file(&mut s, &p, Some(claim_id), underpayment(1)).unwrap_err(),
        ContractError::AppealExists { .. }
    ));
    // A void reverses the repriced amounts exactly (the accumulators go back to zero).
    let mut void = s.submission(&m3, vec![]);
    void.frequency = cw_health_types::claims_engine::ClaimFrequency::Void;
    void.original_claim_id = Some(claim_id);
    void.diagnoses = vec![];
    s.submit(void);
    let acc = s.accumulators(&m3);
    assert!(acc.out_of_pocket.individual_met.is_zero());
    assert!(acc.deductible.individual_met.is_zero());
}

#[test]
fn an_underpayment_appeal_of_a_denied_or_pended_line_is_refused() {
    let mut s = Suite::new();
    let (m, p) = (s.member.clone(), s.provider.clone());
    let c = s.claim_for(&m, vec![line("70551", 1, 1200), line("99214", 1, 150)]);
    assert!(matches!(
        file(&mut s, &p, Some(c.id), underpayment(1)).unwrap_err(),
        ContractError::InvalidInput { .. }
    ));
    let pended = s.claim_for(&m, vec![line("27447", 3, 60_000)]);
    assert!(matches!(
        file(&mut s, &p, Some(pended.id), underpayment(1)).unwrap_err(),
        ContractError::WrongStatus { .. }
    ));
    // A paid line at the fee schedule: the appeal may be filed, but nothing more can be allowed.
    let a = file(&mut s, &p, Some(c.id), underpayment(2)).unwrap();
    let adj2 = s.adjuster2.clone();
    assert!(matches!(
        decide(&mut s, &adj2, a, AppealOutcome::Overturned, None).unwrap_err(),
        ContractError::InvalidInput { .. }
    ));
    decide(&mut s, &adj2, a, AppealOutcome::Upheld, None).unwrap();
    // The denied line may still be appealed (its denial, once).
    file(&mut s, &m, Some(c.id), AppealKind::PostService).unwrap();
}

#[test]
fn an_internal_appeal_past_its_due_time_is_deemed_exhausted() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let iro = s.deps.api.addr_make("iro");
    set_iros(&mut s, &[&iro]);
    let c = s.claim_for(&m, vec![line("70551", 1, 1200)]);
    let internal = file(&mut s, &m, Some(c.id), AppealKind::PostService).unwrap();
    // Not while the plan is still within its 60 days.
    s.advance(60 * DAY_SECONDS);
    assert!(matches!(
        file(&mut s, &m, None, external(internal)).unwrap_err(),
        ContractError::WrongStatus { .. }
    ));
    s.advance(1);
    assert_eq!(overdue(&s, None, None), vec![internal]);
    let ext = file(&mut s, &m, None, external(internal)).unwrap();
    // The internal appeal is closed (deemed upheld), off the overdue list; the plan may no
    // longer decide it.
    let a = appeal(&s, internal);
    assert_eq!(a.outcome, Some(AppealOutcome::Upheld));
    assert_eq!(a.decided_by, None);
    assert!(overdue(&s, None, None).is_empty());
    let adj2 = s.adjuster2.clone();
    assert!(matches!(
        decide(&mut s, &adj2, internal, AppealOutcome::Overturned, None).unwrap_err(),
        ContractError::WrongStatus { .. }
    ));
    decide(&mut s, &iro, ext, AppealOutcome::Overturned, None).unwrap();
    assert_eq!(s.claim(c.id).status, ClaimStatus::Paid);
}

#[test]
fn the_members_authorized_representative_may_appeal_a_caregiver_may_not() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let (guardian, caregiver, lapsed) = (
        s.deps.api.addr_make("guardian"),
        s.deps.api.addr_make("caregiver"),
        s.deps.api.addr_make("lapsed-poa"),
    );
    {
        let mut w = s.world.borrow_mut();
        for (d, rel, active) in [
            (&guardian, DelegateRelationship::Guardian, true),
            (&caregiver, DelegateRelationship::Caregiver, true),
            (&lapsed, DelegateRelationship::PowerOfAttorney, false),
        ] {
            w.delegates
                .insert((m.to_string(), d.to_string()), (rel, active));
        }
    }
    let auth = denied_auth(&mut s, &m, Urgency::Standard);
    let kind = AppealKind::PreService {
        prior_auth_id: auth,
    };
    for who in [&caregiver, &lapsed] {
        assert!(matches!(
            file(&mut s, who, None, kind).unwrap_err(),
            ContractError::Unauthorized { .. }
        ));
    }
    let a = file(&mut s, &guardian, None, kind).unwrap();
    assert_eq!(appeal(&s, a).appellant, guardian);
    // The guardian may also appeal a claim's denial and ask external review of it.
    let c = s.claim_for(&m, vec![line("70551", 1, 1200)]);
    assert!(file(&mut s, &caregiver, Some(c.id), AppealKind::PostService).is_err());
    let internal = file(&mut s, &guardian, Some(c.id), AppealKind::PostService).unwrap();
    let adj2 = s.adjuster2.clone();
    decide(&mut s, &adj2, internal, AppealOutcome::Upheld, None).unwrap();
    assert!(file(&mut s, &caregiver, None, external(internal)).is_err());
    file(&mut s, &guardian, None, external(internal)).unwrap();
}

/// The independent review organization that overturned one denied line of a claim may review
/// the denial of another line of it later: it decided the earlier review, never the adverse
/// determination now under review (that was the plan's adjuster).
#[test]
fn the_same_iro_reviews_a_second_denied_line_of_a_claim_it_overturned_before() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let iro = s.deps.api.addr_make("iro");
    set_iros(&mut s, &[&iro]);
    // Two MRIs (different sides) without authorization: both denied CO-197.
    let mut left = line("70551", 1, 1200);
    left.modifiers = vec!["LT".into()];
    let mut right = line("70551", 1, 1200);
    right.modifiers = vec!["RT".into()];
    let c = s.claim_for(&m, vec![left, right]);
    denied_with(&c, 0, "CO", Carc::AUTHORIZATION_ABSENT);
    denied_with(&c, 1, "CO", Carc::AUTHORIZATION_ABSENT);
    let adj2 = s.adjuster2.clone();
    for n in [1u32, 2] {
        // The member appeals line n alone; the second adjuster upholds; the IRO overturns.
        let res = s
            .exec(
                &m,
                ExecuteMsg::FileAppeal {
                    claim_id: Some(c.id),
                    evidence: None,
                    lines: vec![n],
                    kind: Some(AppealKind::PostService),
                },
            )
            .unwrap();
        let internal: u64 = attr(&res, "appeal_id").parse().unwrap();
        decide(&mut s, &adj2, internal, AppealOutcome::Upheld, None).unwrap();
        let ext = file(&mut s, &m, None, external(internal)).unwrap();
        decide(&mut s, &iro, ext, AppealOutcome::Overturned, None).unwrap();
        let after = s.claim(c.id);
        let l = &after.lines[(n - 1) as usize];
        assert_eq!(l.status, LineStatus::Paid, "line {n}");
    }
}
