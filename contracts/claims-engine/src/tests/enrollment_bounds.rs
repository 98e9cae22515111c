//! Enrollment's bounds and answers (issue 20 stores the enrollment compactly with its coverage
//! count, and the payer-order count in the order itself): the insurer adding the 51st coverage
//! segment or the member the 21st payer order, a member re-enrolled after a termination, another
//! plan's insurer and a stranger enrolling, a typo'd field, and the exact JSON answered.

use cw_health_types::claims_engine::codes::{MAX_COVERAGE_SEGMENTS, MAX_PAYER_ORDER_CHANGES};
use cw_health_types::claims_engine::{
    ClaimStatus, DependantOf, Enrollment, PayerOrderResponse, Relationship,
};

use super::*;

fn enrollment_json(s: &Suite, who: &Addr) -> String {
    let bin = s
        .try_q(QueryMsg::Enrollment {
            plan_id: s.plan_id,
            member: who.to_string(),
        })
        .unwrap();
    String::from_utf8(bin.to_vec()).unwrap()
}

/// A second plan by another insurer (a payer party). Returns (plan, insurer).
fn other_plan(s: &mut Suite) -> (u64, Addr) {
    let insurer_b = s.deps.api.addr_make("insurer_b");
    s.world.borrow_mut().parties.insert(
        insurer_b.to_string(),
        party(&insurer_b, PartyRole::Payer, PartyStatus::Active),
    );
    let input = plan_input(s);
    let res = s.exec(&insurer_b, ExecuteMsg::CreatePlan(input)).unwrap();
    (attr(&res, "plan_id").parse().unwrap(), insurer_b)
}

fn enroll_in(plan_id: u64, who: &Addr, start: Timestamp) -> ExecuteMsg {
    ExecuteMsg::EnrollMember(EnrollmentInput {
        plan_id,
        member: who.to_string(),
        family_id: "FAMX".into(),
        coverage_start: start,
        coverage_end: None,
        status: MemberStatus::Active,
        dependant_of: None,
    })
}

#[test]
fn the_coverage_history_refuses_a_segment_past_its_bound() {
    let mut s = Suite::new();
    let x = s.deps.api.addr_make("member_x");
    let t0 = s.env.block.time.minus_seconds(80 * DAY_SECONDS);
    let half = |d: u64| t0.plus_seconds(d * DAY_SECONDS / 2);
    // MAX_COVERAGE_SEGMENTS half-day segments, half a day apart (each a re-enrollment).
    for i in 0..u64::from(MAX_COVERAGE_SEGMENTS) {
        s.enroll(
            &x,
            "FAMX",
            half(2 * i),
            Some(half(2 * i + 1)),
            MemberStatus::Terminated,
        )
        .unwrap();
    }
    let before = enrollment_json(&s, &x);
    let last = u64::from(MAX_COVERAGE_SEGMENTS);
    let err = s
        .enroll(&x, "FAMX", half(2 * last), None, MemberStatus::Active)
        .unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "at most {MAX_COVERAGE_SEGMENTS} coverage segments"
        )),
        "{err}"
    );
    assert_eq!(enrollment_json(&s, &x), before);
    // Changing the current segment (not a new one) is still allowed at the bound.
    s.enroll(&x, "FAMX", half(2 * (last - 1)), None, MemberStatus::Active)
        .unwrap();
    // An earlier segment still answers for its days: billed on the first segment's day.
    let mut sub = s.submission(&x, vec![line("99214", 1, 150)]);
    sub.date_of_service = t0.plus_seconds(3600);
    let (c, _) = s.submit(sub);
    assert_eq!(c.status, ClaimStatus::Paid, "{:?}", c.lines[0].adjustments);
    // The count is per plan: the same member starts afresh in another plan.
    let (plan_b, insurer_b) = other_plan(&mut s);
    s.exec(&insurer_b, enroll_in(plan_b, &x, t0)).unwrap();
}

#[test]
fn the_payer_order_refuses_a_change_past_its_bound() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let plan = s.plan_id;
    // The first enrollment was the first order; each later block's change is one more.
    for _ in 1..MAX_PAYER_ORDER_CHANGES {
        s.advance(60);
        s.exec(
            &m,
            ExecuteMsg::SetPayerOrder {
                plan_ids: vec![plan],
            },
        )
        .unwrap();
    }
    // A second change in the same block replaces the last one: not counted.
    s.exec(
        &m,
        ExecuteMsg::SetPayerOrder {
            plan_ids: vec![plan],
        },
    )
    .unwrap();
    s.advance(60);
    let err = s
        .exec(
            &m,
            ExecuteMsg::SetPayerOrder {
                plan_ids: vec![plan],
            },
        )
        .unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "at most {MAX_PAYER_ORDER_CHANGES} payer order changes"
        )),
        "{err}"
    );
    // A first enrollment in another plan would be a change too: refused, nothing written.
    let (plan_b, insurer_b) = other_plan(&mut s);
    let start = s.env.block.time.minus_seconds(DAY_SECONDS);
    let err = s
        .exec(&insurer_b, enroll_in(plan_b, &m, start))
        .unwrap_err();
    assert!(err.to_string().contains("payer order changes"), "{err}");
    let e: Option<Enrollment> = s.q(QueryMsg::Enrollment {
        plan_id: plan_b,
        member: m.to_string(),
    });
    assert_eq!(e, None);
    let r: PayerOrderResponse = s.q(QueryMsg::PayerOrder {
        member: m.to_string(),
        at: None,
    });
    assert_eq!(r.plan_ids, vec![plan]);
    // Another member's count is their own.
    let m2 = s.member2.clone();
    s.exec(
        &m2,
        ExecuteMsg::SetPayerOrder {
            plan_ids: vec![plan],
        },
    )
    .unwrap();
}

#[test]
fn a_member_re_enrolled_after_a_termination_answers_the_same_json() {
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
    let t = |ts: Timestamp| ts.nanos().to_string();
    assert_eq!(
        enrollment_json(&s, &x),
        format!(
            r#"{{"plan_id":{},"member":"{x}","family_id":"FAMX","coverage_start":"{}","coverage_end":"{}","status":"terminated","updated_at":"{}","dependant_of":null}}"#,
            s.plan_id,
            t(days(60)),
            t(days(30)),
            t(now)
        )
    );
    s.advance(60);
    s.enroll(&x, "FAMX", days(10), None, MemberStatus::Suspended)
        .unwrap();
    assert_eq!(
        enrollment_json(&s, &x),
        format!(
            r#"{{"plan_id":{},"member":"{x}","family_id":"FAMX","coverage_start":"{}","coverage_end":null,"status":"suspended","updated_at":"{}","dependant_of":null}}"#,
            s.plan_id,
            t(days(10)),
            t(s.env.block.time)
        )
    );
    // The payer order did not grow: the plan is listed once.
    let r: PayerOrderResponse = s.q(QueryMsg::PayerOrder {
        member: x.to_string(),
        at: None,
    });
    assert_eq!(r.plan_ids, vec![s.plan_id]);
    // A dependant answers its subscriber and relationship.
    let child = s.deps.api.addr_make("child");
    let subscriber = s.member.clone();
    let insurer = s.insurer.clone();
    let msg = ExecuteMsg::EnrollMember(EnrollmentInput {
        plan_id: s.plan_id,
        member: child.to_string(),
        family_id: "FAM1".into(),
        coverage_start: days(100),
        coverage_end: None,
        status: MemberStatus::Active,
        dependant_of: Some(DependantOf {
            subscriber: subscriber.to_string(),
            relationship: Relationship::LifePartner,
        }),
    });
    s.exec(&insurer, msg).unwrap();
    assert_eq!(
        enrollment_json(&s, &child),
        format!(
            r#"{{"plan_id":{},"member":"{child}","family_id":"FAM1","coverage_start":"{}","coverage_end":null,"status":"active","updated_at":"{}","dependant_of":{{"subscriber":"{subscriber}","relationship":"life_partner"}}}}"#,
            s.plan_id,
            t(days(100)),
            t(s.env.block.time)
        )
    );
    // Not enrolled: null.
    let nobody = s.deps.api.addr_make("nobody");
    assert_eq!(enrollment_json(&s, &nobody), "null");
}

#[test]
fn another_plans_insurer_or_a_stranger_cannot_enroll_or_change_coverage() {
    let mut s = Suite::new();
    let (_, insurer_b) = other_plan(&mut s);
    let stranger = s.deps.api.addr_make("stranger");
    let m = s.member.clone();
    let x = s.deps.api.addr_make("member_x");
    let before = enrollment_json(&s, &m);
    let start = s.env.block.time.minus_seconds(DAY_SECONDS);
    for sender in [&insurer_b, &stranger, &m] {
        // A new member, and a change of an enrolled member's coverage.
        for who in [&x, &m] {
            let err = s
                .exec(sender, enroll_in(s.plan_id, who, start))
                .unwrap_err();
            assert!(matches!(err, ContractError::Unauthorized { .. }), "{err}");
        }
    }
    assert_eq!(enrollment_json(&s, &m), before);
    assert_eq!(enrollment_json(&s, &x), "null");
}

#[test]
fn a_typod_enrollment_field_is_refused() {
    let s = Suite::new();
    let good = format!(
        r#"{{"enroll_member":{{"plan_id":{},"member":"{}","family_id":"F","coverage_start":"0","coverage_end":null,"status":"active"}}}}"#,
        s.plan_id, s.member
    );
    assert!(from_json::<ExecuteMsg>(good.as_bytes()).is_ok());
    for typo in [
        good.replace("family_id", "famly_id"),
        good.replace("coverage_end", "coverage_ends"),
        good.replace(r#""status":"active""#, r#""status":"active","n":1"#),
    ] {
        assert!(from_json::<ExecuteMsg>(typo.as_bytes()).is_err(), "{typo}");
    }
}
