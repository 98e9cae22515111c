//! Prior authorization: request, decision clocks, consumption by claim lines, metrics.

use cosmwasm_std::Uint128;
use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{
    AuthService, ClaimStatus, DecisionCursor, OverdueDecisionsResponse, PriorAuth,
    PriorAuthDecision, PriorAuthMetrics, PriorAuthRequest, PriorAuthStatus, QueryMsg, Urgency,
};

use super::*;

fn request(s: &Suite, member: &Addr, urgency: Urgency, units: u32) -> PriorAuthRequest {
    PriorAuthRequest {
        plan_id: s.plan_id,
        member: member.to_string(),
        urgency,
        services: vec![AuthService {
            code: "70551".into(),
            units,
        }],
        service_start: s.env.block.time.minus_seconds(10 * DAY_SECONDS),
        service_end: s.env.block.time.plus_seconds(30 * DAY_SECONDS),
        servicing_provider: None,
    }
}

fn ask(s: &mut Suite, req: PriorAuthRequest) -> PriorAuth {
    let p = s.provider.clone();
    let res = s.exec(&p, ExecuteMsg::RequestPriorAuth(req)).unwrap();
    let id = attr(&res, "auth_id").parse().unwrap();
    s.q(QueryMsg::PriorAuth { auth_id: id })
}

fn ask_for(s: &mut Suite, member: &Addr, urgency: Urgency, units: u32) -> PriorAuth {
    let req = request(s, member, urgency, units);
    ask(s, req)
}

fn decide(
    s: &mut Suite,
    auth_id: u64,
    decision: PriorAuthDecision,
) -> Result<Response, ContractError> {
    let a = s.adjuster.clone();
    s.exec(&a, ExecuteMsg::DecidePriorAuth { auth_id, decision })
}

#[test]
fn due_times_are_72_hours_expedited_and_7_days_standard() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let now = s.env.block.time;
    let e = ask_for(&mut s, &m, Urgency::Expedited, 1);
    assert_eq!(e.due_at, now.plus_seconds(72 * 3600));
    assert_eq!(e.status, PriorAuthStatus::Pending);
    let st = ask_for(&mut s, &m, Urgency::Standard, 1);
    assert_eq!(st.due_at, now.plus_seconds(7 * DAY_SECONDS));

    let overdue = |s: &Suite| -> Vec<u64> {
        let r: OverdueDecisionsResponse = s.q(QueryMsg::OverduePriorAuths {
            plan_id: s.plan_id,
            start_after: None,
            limit: None,
        });
        r.items.iter().map(|i| i.id).collect()
    };
    assert!(overdue(&s).is_empty());
    s.advance(72 * 3600 + 1);
    assert_eq!(overdue(&s), vec![e.id]);
    s.advance(7 * DAY_SECONDS);
    assert_eq!(overdue(&s), vec![e.id, st.id]);
    // Paging: the cursor is the last item's (due_at, id), a plain JSON object with the
    // nanosecond Timestamp used everywhere else.
    let page = |s: &Suite, start_after: Option<DecisionCursor>| -> OverdueDecisionsResponse {
        s.q(QueryMsg::OverduePriorAuths {
            plan_id: s.plan_id,
            start_after,
            limit: Some(1),
        })
    };
    let first = page(&s, None);
    assert_eq!(first.items.len(), 1);
    let last = &first.items[0];
    assert_eq!(last.id, e.id);
    let cursor = DecisionCursor {
        due_at: last.due_at,
        id: last.id,
    };
    assert_eq!(
        cosmwasm_std::to_json_string(&cursor).unwrap(),
        format!(r#"{{"due_at":"{}","id":{}}}"#, last.due_at.nanos(), e.id)
    );
    let second = page(&s, Some(cursor));
    assert_eq!(
        second.items.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![st.id]
    );
    let third = page(
        &s,
        Some(DecisionCursor {
            due_at: second.items[0].due_at,
            id: second.items[0].id,
        }),
    );
    assert!(third.items.is_empty());
    // A late decision is recorded as late and leaves the overdue list.
    let res = decide(&mut s, e.id, PriorAuthDecision::Approve { services: None }).unwrap();
    assert_eq!(attr(&res, "late"), "true");
    assert_eq!(overdue(&s), vec![st.id]);
    let metrics: PriorAuthMetrics = s.q(QueryMsg::PriorAuthMetrics { plan_id: s.plan_id });
    assert_eq!(metrics.requested, 2);
    assert_eq!(metrics.approved, 1);
    assert_eq!(metrics.decided_late, 1);
    assert_eq!(
        metrics.total_decision_seconds,
        72 * 3600 + 1 + 7 * DAY_SECONDS
    );
}

#[test]
fn requests_and_decisions_are_validated_and_authorized() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let p = s.provider.clone();
    // Only providers request.
    let insurer = s.insurer.clone();
    assert!(matches!(
        s.exec(
            &insurer,
            ExecuteMsg::RequestPriorAuth(request(&s, &m, Urgency::Standard, 1))
        )
        .unwrap_err(),
        ContractError::PartyNotEligible { .. }
    ));
    let mut bad = request(&s, &m, Urgency::Standard, 0);
    assert!(s
        .exec(&p, ExecuteMsg::RequestPriorAuth(bad.clone()))
        .is_err());
    bad.services = vec![];
    assert!(s.exec(&p, ExecuteMsg::RequestPriorAuth(bad)).is_err());
    let mut bad = request(&s, &m, Urgency::Standard, 1);
    bad.service_end = bad.service_start;
    assert!(s.exec(&p, ExecuteMsg::RequestPriorAuth(bad)).is_err());
    let stranger = s.deps.api.addr_make("stranger");
    assert!(matches!(
        s.exec(
            &p,
            ExecuteMsg::RequestPriorAuth(request(&s, &stranger, Urgency::Standard, 1))
        )
        .unwrap_err(),
        ContractError::NotEnrolled { .. }
    ));

    let a = ask_for(&mut s, &m, Urgency::Standard, 2);
    // Only adjusters decide.
    assert!(matches!(
        s.exec(
            &p,
            ExecuteMsg::DecidePriorAuth {
                auth_id: a.id,
                decision: PriorAuthDecision::Approve { services: None }
            }
        )
        .unwrap_err(),
        ContractError::Unauthorized { .. }
    ));
    // More units than requested, or another code: refused.
    let more = PriorAuthDecision::Approve {
        services: Some(vec![AuthService {
            code: "70551".into(),
            units: 3,
        }]),
    };
    assert!(decide(&mut s, a.id, more).is_err());
    let other = PriorAuthDecision::Approve {
        services: Some(vec![AuthService {
            code: "99213".into(),
            units: 1,
        }]),
    };
    assert!(decide(&mut s, a.id, other).is_err());
    // Modified: fewer units.
    decide(
        &mut s,
        a.id,
        PriorAuthDecision::Approve {
            services: Some(vec![AuthService {
                code: "70551".into(),
                units: 1,
            }]),
        },
    )
    .unwrap();
    let a: PriorAuth = s.q(QueryMsg::PriorAuth { auth_id: a.id });
    assert_eq!(a.status, PriorAuthStatus::Modified);
    assert_eq!(a.approved[0].units, 1);
    assert_eq!(a.decided_by, Some(s.adjuster.clone()));
    // Decided once only.
    assert!(matches!(
        decide(&mut s, a.id, PriorAuthDecision::Approve { services: None }).unwrap_err(),
        ContractError::WrongStatus { .. }
    ));
    // A denial needs a denial reason code.
    let d = ask_for(&mut s, &m, Urgency::Expedited, 1);
    assert!(decide(&mut s, d.id, PriorAuthDecision::Deny { reason: Carc(2) }).is_err());
    decide(
        &mut s,
        d.id,
        PriorAuthDecision::Deny {
            reason: Carc::NOT_MEDICALLY_NECESSARY,
        },
    )
    .unwrap();
    let d: PriorAuth = s.q(QueryMsg::PriorAuth { auth_id: d.id });
    assert_eq!(d.status, PriorAuthStatus::Denied);
    assert_eq!(d.denial_reason, Some(Carc::NOT_MEDICALLY_NECESSARY));
}

#[test]
fn claim_lines_consume_approved_units() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let m3 = s.member3.clone();
    // No authorization: CO-197.
    let c = s.claim_for(&m, vec![line("70551", 1, 1000)]);
    denied_with(&c, 0, "CO", Carc::AUTHORIZATION_ABSENT);
    // Unknown authorization number: CO-197.
    let c = s.claim_for(&m, vec![with_auth(line("70551", 1, 1000), 42)]);
    denied_with(&c, 0, "CO", Carc::AUTHORIZATION_ABSENT);

    let a = ask_for(&mut s, &m, Urgency::Standard, 3);
    // Still pending: CO-197.
    let c = s.claim_for(&m, vec![with_auth(line("70551", 1, 1000), a.id)]);
    denied_with(&c, 0, "CO", Carc::AUTHORIZATION_ABSENT);
    decide(&mut s, a.id, PriorAuthDecision::Approve { services: None }).unwrap();

    // Approved: 2 of 3 units consumed.
    let mut sub = s.submission(&m, vec![with_auth(line("70551", 2, 2000), a.id)]);
    sub.date_of_service = s.env.block.time.minus_seconds(2 * DAY_SECONDS);
    let (c, _) = s.submit(sub);
    assert_eq!(c.status, ClaimStatus::Paid);
    assert_eq!(c.lines[0].effects.auth_units, 2);
    let a2: PriorAuth = s.q(QueryMsg::PriorAuth { auth_id: a.id });
    assert_eq!(a2.approved[0].units, 1);
    // 2 more units than the 1 left: CO-198.
    let mut sub = s.submission(&m, vec![with_auth(line("70551", 2, 2000), a.id)]);
    sub.date_of_service = s.env.block.time.minus_seconds(3 * DAY_SECONDS);
    let (c, _) = s.submit(sub);
    denied_with(&c, 0, "CO", Carc::AUTHORIZATION_EXCEEDED);
    // Another member cannot use it.
    let c = s.claim_for(&m3, vec![with_auth(line("70551", 1, 1000), a.id)]);
    denied_with(&c, 0, "CO", Carc::AUTHORIZATION_ABSENT);
    // Outside the validity window: CO-197.
    let mut sub = s.submission(&m, vec![with_auth(line("70551", 1, 1000), a.id)]);
    sub.date_of_service = s.env.block.time.minus_seconds(11 * DAY_SECONDS);
    let (c, _) = s.submit(sub);
    denied_with(&c, 0, "CO", Carc::AUTHORIZATION_ABSENT);
    // The last unit.
    let mut sub = s.submission(&m, vec![with_auth(line("70551", 1, 1000), a.id)]);
    sub.date_of_service = s.env.block.time.minus_seconds(4 * DAY_SECONDS);
    let (c, _) = s.submit(sub);
    assert_eq!(c.status, ClaimStatus::Paid);
    let a3: PriorAuth = s.q(QueryMsg::PriorAuth { auth_id: a.id });
    assert_eq!(a3.approved[0].units, 0);

    // A denied authorization does not authorize.
    let d = ask_for(&mut s, &m3, Urgency::Expedited, 1);
    decide(
        &mut s,
        d.id,
        PriorAuthDecision::Deny {
            reason: Carc::NOT_MEDICALLY_NECESSARY,
        },
    )
    .unwrap();
    let c = s.claim_for(&m3, vec![with_auth(line("70551", 1, 1000), d.id)]);
    denied_with(&c, 0, "CO", Carc::AUTHORIZATION_ABSENT);
    // A code that needs no authorization ignores the number.
    let c = s.claim_for(&m3, vec![with_auth(line("99214", 1, 150), d.id)]);
    assert_eq!(c.total_paid, Uint128::new(125));
}

#[test]
fn only_the_servicing_provider_bills_against_an_authorization() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let p = s.provider.clone();
    // The pharmacy stands in for an imaging center (an active Organization party).
    let center = s.pharmacy.clone();

    // Without a servicing provider, the authorization is the requesting provider's: another
    // provider's line is CO-197 and consumes nothing.
    let a = ask_for(&mut s, &m, Urgency::Standard, 2);
    assert_eq!(a.servicing_provider, None);
    decide(&mut s, a.id, PriorAuthDecision::Approve { services: None }).unwrap();
    let sub = s.submission(&m, vec![with_auth(line("70551", 1, 1000), a.id)]);
    let (c, _) = s.submit_as(&center, sub).unwrap();
    denied_with(&c, 0, "CO", Carc::AUTHORIZATION_ABSENT);
    let after: PriorAuth = s.q(QueryMsg::PriorAuth { auth_id: a.id });
    assert_eq!(after.approved[0].units, 2);
    let c = s.claim_for(&m, vec![with_auth(line("70551", 1, 1000), a.id)]);
    assert_eq!(c.status, ClaimStatus::Paid);

    // A referral: the ordering provider names the imaging center; only the center bills it.
    let mut req = request(&s, &m, Urgency::Standard, 1);
    req.servicing_provider = Some(center.to_string());
    let res = s
        .exec(&p, ExecuteMsg::RequestPriorAuth(req.clone()))
        .unwrap();
    assert_eq!(attr(&res, "servicing_provider"), center.to_string());
    let r: PriorAuth = s.q(QueryMsg::PriorAuth {
        auth_id: attr(&res, "auth_id").parse().unwrap(),
    });
    assert_eq!(r.provider, p);
    assert_eq!(r.servicing_provider, Some(center.clone()));
    decide(&mut s, r.id, PriorAuthDecision::Approve { services: None }).unwrap();
    let mut sub = s.submission(&m, vec![with_auth(line("70551", 1, 1000), r.id)]);
    sub.date_of_service = s.env.block.time.minus_seconds(2 * DAY_SECONDS);
    let (c, _) = s.submit(sub.clone());
    denied_with(&c, 0, "CO", Carc::AUTHORIZATION_ABSENT);
    let (c, _) = s.submit_as(&center, sub).unwrap();
    assert_eq!(c.status, ClaimStatus::Paid);
    assert_eq!(c.lines[0].effects.auth_units, 1);
    let r: PriorAuth = s.q(QueryMsg::PriorAuth { auth_id: r.id });
    assert_eq!(r.approved[0].units, 0);

    // The servicing provider must be a valid address and an active provider party.
    let mut bad = req.clone();
    bad.servicing_provider = Some("not an address".into());
    assert!(s.exec(&p, ExecuteMsg::RequestPriorAuth(bad)).is_err());
    let mut bad = req.clone();
    bad.servicing_provider = Some(center.to_string().to_uppercase());
    assert!(s.exec(&p, ExecuteMsg::RequestPriorAuth(bad)).is_err());
    let mut bad = req;
    bad.servicing_provider = Some(s.insurer.to_string());
    assert!(matches!(
        s.exec(&p, ExecuteMsg::RequestPriorAuth(bad)).unwrap_err(),
        ContractError::PartyNotEligible { .. }
    ));
}
