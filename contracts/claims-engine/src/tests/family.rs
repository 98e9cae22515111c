//! Subscribers and dependants (X12 2000B/2000C): the insurer linking a dependant to a stranger's
//! family, to another dependant, past the subscriber's coverage, or relinking later; the
//! dependant billed after the subscriber's coverage ended.

use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{DependantOf, Enrollment, Relationship};

use super::*;

fn dependant(
    s: &Suite,
    who: &Addr,
    subscriber: &Addr,
    family: &str,
    start: Timestamp,
    end: Option<Timestamp>,
) -> ExecuteMsg {
    ExecuteMsg::EnrollMember(EnrollmentInput {
        plan_id: s.plan_id,
        member: who.to_string(),
        family_id: family.into(),
        coverage_start: start,
        coverage_end: end,
        status: if end.is_some() {
            MemberStatus::Terminated
        } else {
            MemberStatus::Active
        },
        dependant_of: Some(DependantOf {
            subscriber: subscriber.to_string(),
            relationship: Relationship::Child,
        }),
    })
}

fn enrollment(s: &Suite, who: &Addr) -> Enrollment {
    let e: Option<Enrollment> = s.q(QueryMsg::Enrollment {
        plan_id: s.plan_id,
        member: who.to_string(),
    });
    e.unwrap()
}

#[test]
fn a_dependant_is_enrolled_through_the_subscriber_with_a_relationship_code() {
    let mut s = Suite::new();
    let insurer = s.insurer.clone();
    let subscriber = s.member.clone();
    let child = s.deps.api.addr_make("child");
    let start = s.env.block.time.minus_seconds(100 * DAY_SECONDS);
    let res = s
        .exec(
            &insurer,
            dependant(&s, &child, &subscriber, "FAM1", start, None),
        )
        .unwrap();
    assert_eq!(attr(&res, "action"), "enroll_member");
    assert_eq!(attr(&res, "relationship"), "19");
    let e = enrollment(&s, &child);
    let d = e.dependant_of.unwrap();
    assert_eq!(d.subscriber, subscriber);
    assert_eq!(d.relationship, Relationship::Child);
    // The subscriber is enrolled as self (18).
    let res = s
        .enroll(
            &subscriber,
            "FAM1",
            start.minus_seconds(100 * DAY_SECONDS),
            None,
            MemberStatus::Active,
        )
        .unwrap();
    assert_eq!(attr(&res, "relationship"), "18");
    // A dependant's claim counts in the subscriber's family.
    let c = s.claim_for(&child, vec![line("99213", 1, 100)]);
    assert_eq!(adjs(&c, 0), vec![("PR", 1, 100)]);
    assert_eq!(
        s.accumulators(&subscriber).deductible.family_met.u128(),
        100
    );
}

#[test]
fn the_subscriber_link_is_checked_and_fixed() {
    let mut s = Suite::new();
    let insurer = s.insurer.clone();
    let subscriber = s.member.clone();
    let child = s.deps.api.addr_make("child");
    let stranger = s.deps.api.addr_make("stranger");
    let start = s.env.block.time.minus_seconds(100 * DAY_SECONDS);
    let cases: Vec<(ExecuteMsg, &str)> = vec![
        // Not the insurer.
        (
            dependant(&s, &child, &subscriber, "FAM1", start, None),
            "unauthorized",
        ),
        // A subscriber not enrolled in the plan.
        (
            dependant(&s, &child, &stranger, "FAM1", start, None),
            "not enrolled",
        ),
        // Their own dependant.
        (
            dependant(&s, &child, &child, "FAM1", start, None),
            "own dependant",
        ),
        // Another family than the subscriber's.
        (
            dependant(&s, &child, &subscriber, "FAM2", start, None),
            "subscriber's family",
        ),
        // Before the subscriber's coverage (200 days ago).
        (
            dependant(
                &s,
                &child,
                &subscriber,
                "FAM1",
                start.minus_seconds(150 * DAY_SECONDS),
                None,
            ),
            "within the subscriber's",
        ),
    ];
    for (i, (msg, why)) in cases.into_iter().enumerate() {
        let sender = if i == 0 {
            s.provider.clone()
        } else {
            insurer.clone()
        };
        let err = s.exec(&sender, msg).unwrap_err();
        assert!(
            err.to_string().to_lowercase().contains(why),
            "case {i}: {err}"
        );
    }
    // A dependant of a dependant: no chains.
    s.exec(
        &insurer,
        dependant(&s, &child, &subscriber, "FAM1", start, None),
    )
    .unwrap();
    let grandchild = s.deps.api.addr_make("grandchild");
    let err = s
        .exec(
            &insurer,
            dependant(&s, &grandchild, &child, "FAM1", start, None),
        )
        .unwrap_err();
    assert!(err.to_string().contains("not a subscriber"), "{err}");
    // The link is fixed: relinking to another subscriber, or dropping it, is refused.
    let other = s.member2.clone();
    for msg in [
        dependant(&s, &child, &other, "FAM1", start, None),
        ExecuteMsg::EnrollMember(EnrollmentInput {
            plan_id: s.plan_id,
            member: child.to_string(),
            family_id: "FAM1".into(),
            coverage_start: start,
            coverage_end: None,
            status: MemberStatus::Active,
            dependant_of: None,
        }),
    ] {
        let err = s.exec(&insurer, msg).unwrap_err();
        assert!(
            err.to_string().contains("fixed at first enrollment"),
            "{err}"
        );
    }
    // A subscriber whose coverage ends bounds a dependant's end.
    let end = s.env.block.time.plus_seconds(30 * DAY_SECONDS);
    s.enroll(
        &other,
        "FAM1",
        s.env.block.time.minus_seconds(200 * DAY_SECONDS),
        Some(end),
        MemberStatus::Active,
    )
    .unwrap();
    let kid2 = s.deps.api.addr_make("kid2");
    let err = s
        .exec(&insurer, dependant(&s, &kid2, &other, "FAM1", start, None))
        .unwrap_err();
    assert!(err.to_string().contains("within the subscriber's"), "{err}");
    s.exec(
        &insurer,
        dependant(&s, &kid2, &other, "FAM1", start, Some(end)),
    )
    .unwrap();
}

#[test]
fn a_dependant_is_not_covered_after_the_subscriber_coverage_ends() {
    let mut s = Suite::new();
    let insurer = s.insurer.clone();
    let subscriber = s.member.clone();
    let child = s.deps.api.addr_make("child");
    let sub_start = s.env.block.time.minus_seconds(200 * DAY_SECONDS);
    let start = s.env.block.time.minus_seconds(100 * DAY_SECONDS);
    s.exec(
        &insurer,
        dependant(&s, &child, &subscriber, "FAM1", start, None),
    )
    .unwrap();
    // The subscriber's coverage ended 5 days ago; the dependant's enrollment was not touched.
    let end = s.env.block.time.minus_seconds(5 * DAY_SECONDS);
    s.enroll(
        &subscriber,
        "FAM1",
        sub_start,
        Some(end),
        MemberStatus::Terminated,
    )
    .unwrap();
    let (c, res) = s.submit(s.submission(&child, vec![line("99214", 1, 200)]));
    assert!(sends(&res).is_empty());
    denied_with(&c, 0, "PR", Carc::AFTER_COVERAGE);
    // A service before the end is covered.
    let mut sub = s.submission(&child, vec![line("99214", 1, 200)]);
    sub.date_of_service = end.minus_seconds(DAY_SECONDS);
    let (c, _) = s.submit(sub);
    assert_eq!(c.total_paid.u128(), 125);
}
