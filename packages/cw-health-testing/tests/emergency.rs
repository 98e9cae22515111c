//! Emergency: an unconscious patient arrives at the emergency room. The ER clinician has no grant,
//! so they break the glass: for the session's window they may read the patient's records for
//! emergency treatment (each read a recorded disclosure), the patient is notified by an event,
//! very restricted (V, 42 CFR Part 2) records stay out of reach, and once the window expires
//! access is denied again. The session's review is listed as overdue after its due time until the privacy
//! officer closes it. A clinician who breaks the glass too often is refused by the rate limit.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::{Addr, Timestamp};
use cw_health_testing::ehr::permit;
use cw_health_testing::{root_error, Suite, SuiteBuilder};
use cw_health_types::ehr_registry::{
    AccessBasis, DecisionReason, EmergencyPolicy, EmergencyReason, ExecuteMsg, ReviewOutcome,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel, Sha256Hash};
use cw_multi_test::AppResponse;
use ehr_registry::ContractError;

const HOUR: u64 = 3600;

/// The patient's chart before the emergency: their own clinician wrote an encounter note under a
/// treatment grant, and an addiction-treatment note (ETH) under a specific, expiring Part 2
/// consent. Returns (encounter record, ETH record).
fn chart(suite: &mut Suite) -> (u64, u64) {
    let a = suite.actors.clone();
    let rw = [AccessAction::Read, AccessAction::Write];
    suite
        .ehr()
        .grant_access(
            &a.patient,
            &a.patient,
            &a.clinician,
            permit(&rw, &[PurposeOfUse::Treatment]),
            None,
        )
        .unwrap();
    let mut part2 = permit(&rw, &[PurposeOfUse::Treatment]);
    part2.labels = vec![SecurityLabel::VeryRestricted];
    let in_a_year = suite.now().plus_days(365);
    suite
        .ehr()
        .grant_access(&a.patient, &a.patient, &a.clinician, part2, Some(in_a_year))
        .unwrap();
    let encounter = suite
        .ehr()
        .add_record(
            &a.clinician,
            &a.patient,
            "Encounter/annual-checkup",
            FhirResourceType::Encounter,
            &[],
        )
        .unwrap();
    let eth = suite
        .ehr()
        .add_record(
            &a.clinician,
            &a.patient,
            "Condition/opioid-use-disorder",
            FhirResourceType::Condition,
            &[SecurityLabel::VeryRestricted],
        )
        .unwrap();
    (encounter, eth)
}

/// The attributes of the first event of type `ty` in a response.
fn event_attrs(resp: &AppResponse, ty: &str) -> Vec<(String, String)> {
    resp.events
        .iter()
        .find(|e| e.ty == ty)
        .unwrap_or_else(|| panic!("no {ty} event in {:?}", resp.events))
        .attributes
        .iter()
        .map(|a| (a.key.clone(), a.value.clone()))
        .collect()
}

fn break_glass(suite: &mut Suite, clinician: &Addr, patient: &Addr, secs: u64) -> AppResponse {
    suite
        .ehr()
        .execute(
            clinician,
            &ExecuteMsg::EmergencyAccess {
                patient: patient.to_string(),
                reason: EmergencyReason::PatientUnableToConsent,
                justification_hash: Sha256Hash::digest(b"unresponsive on arrival, GCS 6"),
                duration_secs: secs,
            },
        )
        .unwrap()
}

/// Break-glass from start to close: denied before, allowed (and accounted) within the window,
/// never for ETH data, denied after the window; the review is overdue until the privacy officer
/// closes it.
/// The ER clinician may neither read `record` for ETREAT (no grant, no open session) nor record
/// such a read.
fn assert_emergency_read_refused(suite: &mut Suite, patient: &Addr, er: &Addr, record: u64) {
    let decision = suite
        .ehr()
        .check_read(patient, er, PurposeOfUse::EmergencyTreatment, record)
        .unwrap();
    assert!(!decision.allowed);
    assert_eq!(decision.reason, DecisionReason::NoMatchingGrant);
    assert_eq!(decision.basis, None);
    let err = suite
        .ehr()
        .record_access(er, patient, record, PurposeOfUse::EmergencyTreatment)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::AccessDenied {
            reason: DecisionReason::NoMatchingGrant
        }
        .to_string()
    );
}

#[test]
fn break_glass_opens_a_window_that_closes_and_is_reviewed() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let start = suite.now();
    let (encounter, eth) = chart(&mut suite);
    let er = a.er_clinician.clone();

    // The patient arrives unconscious: the ER clinician holds no grant and is refused.
    assert_emergency_read_refused(&mut suite, &a.patient, &er, encounter);

    // The ER clinician breaks the glass for two hours; the patient is notified by an event.
    let opened_at = suite.now();
    let resp = break_glass(&mut suite, &er, &a.patient, 2 * HOUR);
    let session = resp
        .events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == "session_id")
        .map(|a| a.value.parse::<u64>().unwrap())
        .unwrap();
    let window_end = opened_at.plus_seconds(2 * HOUR);
    assert_eq!(
        event_attrs(&resp, "wasm-patient_notification"),
        vec![
            ("_contract_address".into(), suite.ehr_addr.to_string()),
            ("patient".into(), a.patient.to_string()),
            ("kind".into(), "break_glass_started".into()),
            ("session_id".into(), session.to_string()),
            ("clinician".into(), er.to_string()),
            ("expires_at".into(), window_end.seconds().to_string()),
        ]
    );
    let info = suite.ehr().emergency_session(session).unwrap();
    assert_eq!(
        (
            info.patient.clone(),
            info.clinician.clone(),
            info.reason,
            info.opened_at,
            info.expires_at,
            info.ended_at,
            info.active
        ),
        (
            a.patient.clone(),
            er.clone(),
            EmergencyReason::PatientUnableToConsent,
            opened_at,
            window_end,
            None,
            true
        )
    );

    // Within the window: reads for ETREAT and BTG are allowed on the strength of the session.
    suite.advance_seconds(10 * 60);
    for purpose in [
        PurposeOfUse::EmergencyTreatment,
        PurposeOfUse::BreakTheGlass,
    ] {
        let d = suite
            .ehr()
            .check_read(&a.patient, &er, purpose, encounter)
            .unwrap();
        assert!(d.allowed, "{purpose:?}");
        assert_eq!(d.reason, DecisionReason::EmergencyAccess);
        assert_eq!(
            d.basis,
            Some(AccessBasis::Emergency {
                session_id: session
            })
        );
        assert!(!d.redisclosure_notice_required);
    }
    // ... but not routine treatment, nor writing.
    let treat = suite
        .ehr()
        .check_read(&a.patient, &er, PurposeOfUse::Treatment, encounter)
        .unwrap();
    assert_eq!(
        (treat.allowed, treat.reason),
        (false, DecisionReason::NoMatchingGrant)
    );
    let write = suite
        .ehr()
        .check(
            &a.patient,
            &er,
            AccessAction::Write,
            PurposeOfUse::EmergencyTreatment,
            encounter,
        )
        .unwrap();
    assert_eq!(
        (write.allowed, write.reason),
        (false, DecisionReason::NoMatchingGrant)
    );

    // The ER clinician reads the encounter: a disclosure on the emergency basis.
    let read = suite
        .ehr()
        .record_access(&er, &a.patient, encounter, PurposeOfUse::EmergencyTreatment)
        .unwrap();
    let read_at = suite.now();
    assert!(read
        .events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .any(|at| at.key == "basis" && at.value == "emergency"));

    // The ETH record is never reached by break-glass, neither by check nor by disclosure.
    for purpose in [
        PurposeOfUse::EmergencyTreatment,
        PurposeOfUse::BreakTheGlass,
    ] {
        let d = suite
            .ehr()
            .check_read(&a.patient, &er, purpose, eth)
            .unwrap();
        assert!(!d.allowed);
        assert_eq!(d.reason, DecisionReason::SensitiveRequiresSpecificConsent);
        assert_eq!(d.basis, None);
    }
    let err = suite
        .ehr()
        .record_access(&er, &a.patient, eth, PurposeOfUse::EmergencyTreatment)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::AccessDenied {
            reason: DecisionReason::SensitiveRequiresSpecificConsent
        }
        .to_string()
    );

    // A second session on the same patient cannot be stacked on the open one.
    let err = suite
        .ehr()
        .emergency_access(&er, &a.patient, HOUR)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::SessionAlreadyOpen {
            session_id: session
        }
        .to_string()
    );

    // One second before the window closes access still holds; at its end it is denied.
    let left = window_end.seconds() - suite.now().seconds();
    suite.advance_seconds(left - 1);
    assert!(
        suite
            .ehr()
            .check_read(&a.patient, &er, PurposeOfUse::EmergencyTreatment, encounter)
            .unwrap()
            .allowed
    );
    suite.advance_seconds(1);
    assert_eq!(suite.now(), window_end);
    assert_emergency_read_refused(&mut suite, &a.patient, &er, encounter);
    assert!(!suite.ehr().emergency_session(session).unwrap().active);

    // The accounting shows exactly one disclosure: the ER read, on the emergency basis.
    let now = suite.now();
    let accounting = suite.ehr().accounting(&a.patient, start, now).unwrap();
    let seen: Vec<_> = accounting
        .disclosures
        .iter()
        .map(|d| {
            (
                d.actor.clone(),
                d.record_id,
                d.action,
                d.purpose,
                d.basis.clone(),
                d.at,
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![(
            er.clone(),
            encounter,
            AccessAction::Read,
            PurposeOfUse::EmergencyTreatment,
            AccessBasis::Emergency {
                session_id: session
            },
            read_at,
        )]
    );

    // The review is due 72 hours (the default policy) after the session opened. Until then it
    // is not overdue; from then on it is, and stays so until the privacy officer closes it.
    let review = suite.ehr().review(session).unwrap();
    let due = opened_at.plus_seconds(72 * HOUR);
    assert_eq!(review.due_at, due);
    assert_eq!(review.session_id, session);
    assert_eq!((review.outcome, review.late), (None, false));
    let to_due = due.seconds() - suite.now().seconds();
    suite.advance_seconds(to_due);
    assert_eq!(suite.ehr().overdue_reviews().unwrap().reviews, vec![]);
    suite.advance_seconds(1);
    let overdue = suite.ehr().overdue_reviews().unwrap().reviews;
    assert_eq!(
        overdue
            .iter()
            .map(|r| (r.id, r.clinician.clone(), r.late))
            .collect::<Vec<_>>(),
        vec![(session, er.clone(), true)]
    );
    suite.advance_days(3);
    assert_eq!(suite.ehr().overdue_reviews().unwrap().reviews.len(), 1);

    // Only a privacy officer may close it: not the clinician reviewed, not the owner.
    for who in [&er, &a.owner] {
        let err = suite.ehr().close_review(who, session).unwrap_err();
        assert_eq!(
            root_error(&err),
            ContractError::Unauthorized {
                role: "a privacy officer"
            }
            .to_string()
        );
    }
    let resp = suite
        .ehr()
        .close_review(&a.privacy_officer, session)
        .unwrap();
    let closed_at = suite.now();
    let attrs = event_attrs(&resp, "wasm");
    assert!(attrs.contains(&("late".into(), "true".into())));
    assert!(
        attrs.contains(&("outcome".into(), "justified".into())),
        "{attrs:?}"
    );

    // Closed: no longer overdue, its finding on record (and marked late), never closed twice.
    assert_eq!(suite.ehr().overdue_reviews().unwrap().reviews, vec![]);
    suite.advance_days(1);
    assert_eq!(suite.ehr().overdue_reviews().unwrap().reviews, vec![]);
    let review = suite.ehr().review(session).unwrap();
    assert_eq!(
        (
            review.outcome,
            review.closed_by,
            review.closed_at,
            review.late
        ),
        (
            Some(ReviewOutcome::Justified),
            Some(a.privacy_officer.clone()),
            Some(closed_at),
            true
        )
    );
    let err = suite
        .ehr()
        .close_review(&a.privacy_officer, session)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::ReviewAlreadyClosed { review_id: session }.to_string()
    );
}

/// A review closed before its due time is never listed as overdue and is not late.
#[test]
fn a_review_closed_in_time_is_never_overdue() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let session = suite
        .ehr()
        .emergency_access(&a.er_clinician, &a.patient, HOUR)
        .unwrap();
    suite.advance_seconds(24 * HOUR);
    suite
        .ehr()
        .close_review(&a.privacy_officer, session)
        .unwrap();
    suite.advance_days(10);
    assert_eq!(suite.ehr().overdue_reviews().unwrap().reviews, vec![]);
    let review = suite.ehr().review(session).unwrap();
    assert_eq!(
        (review.outcome, review.late),
        (Some(ReviewOutcome::Justified), false)
    );
}

/// The clinician who opened a session may end it early; access stops at once.
#[test]
fn ending_a_session_early_stops_access_at_once() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let (encounter, _) = chart(&mut suite);
    let session = suite
        .ehr()
        .emergency_access(&a.er_clinician, &a.patient, 4 * HOUR)
        .unwrap();
    assert!(
        suite
            .ehr()
            .check_read(
                &a.patient,
                &a.er_clinician,
                PurposeOfUse::BreakTheGlass,
                encounter
            )
            .unwrap()
            .allowed
    );
    // Another clinician cannot end it for them.
    let err = suite
        .ehr()
        .end_emergency_access(&a.clinician, session)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::Unauthorized {
            role: "the clinician who opened the session, the patient or a privacy officer"
        }
        .to_string()
    );
    suite
        .ehr()
        .end_emergency_access(&a.er_clinician, session)
        .unwrap();
    let ended_at = suite.now();
    let d = suite
        .ehr()
        .check_read(
            &a.patient,
            &a.er_clinician,
            PurposeOfUse::BreakTheGlass,
            encounter,
        )
        .unwrap();
    assert_eq!(
        (d.allowed, d.reason),
        (false, DecisionReason::NoMatchingGrant)
    );
    let info = suite.ehr().emergency_session(session).unwrap();
    assert_eq!((info.ended_at, info.active), (Some(ended_at), false));
    let err = suite
        .ehr()
        .end_emergency_access(&a.er_clinician, session)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::SessionNotActive {
            session_id: session
        }
        .to_string()
    );
}

/// The rate limit (default: 3 sessions per clinician per rolling 24 hours): the fourth session
/// is refused with the time it may be retried, changes nothing, and is allowed from that time.
#[test]
fn the_rate_limit_refuses_the_next_session_until_the_oldest_ages_out() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let er = a.er_clinician.clone();
    let policy = suite.ehr().config().unwrap().emergency_policy;
    assert_eq!(
        policy,
        EmergencyPolicy {
            max_window_secs: 4 * HOUR,
            max_sessions_per_period: 3,
            rate_period_secs: 24 * HOUR,
            review_due_secs: 72 * HOUR,
            unjustified_suspension_secs: 30 * 24 * HOUR,
            break_glass_classes: cw_health_types::ehr_registry::default_break_glass_classes(),
        }
    );

    // Three sessions in the first half hour: the patient, the spouse, the patient again.
    let first_at = suite.now();
    let s1 = suite.ehr().emergency_access(&er, &a.patient, 600).unwrap();
    suite.advance_seconds(600);
    let s2 = suite.ehr().emergency_access(&er, &a.spouse, 600).unwrap();
    suite.advance_seconds(600);
    let s3 = suite.ehr().emergency_access(&er, &a.patient, 600).unwrap();
    assert_eq!((s1, s2, s3), (1, 2, 3));
    suite.advance_seconds(600);

    // The fourth is refused, nothing is stored, and no session opens.
    let snapshot = suite.snapshot(&suite.ehr_addr.clone());
    let err = suite
        .ehr()
        .emergency_access(&er, &a.spouse, 600)
        .unwrap_err();
    let retry_after = first_at.plus_seconds(24 * HOUR);
    assert_eq!(
        root_error(&err),
        ContractError::RateLimited { retry_after }.to_string()
    );
    assert_eq!(suite.snapshot(&suite.ehr_addr.clone()), snapshot);

    // Another clinician is not limited by the ER clinician's count.
    let other = suite
        .ehr()
        .emergency_access(&a.clinician, &a.spouse, 600)
        .unwrap();
    assert_eq!(other, 4);

    // One second before the oldest session ages out: still refused; at that time: allowed.
    let wait = retry_after.seconds() - suite.now().seconds();
    suite.advance_seconds(wait - 1);
    let err = suite
        .ehr()
        .emergency_access(&er, &a.spouse, 600)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::RateLimited { retry_after }.to_string()
    );
    suite.advance_seconds(1);
    assert_eq!(suite.now(), retry_after);
    let s5 = suite.ehr().emergency_access(&er, &a.spouse, 600).unwrap();
    assert_eq!(s5, 5);
    // ... and the window is full again until the second session ages out.
    let err = suite
        .ehr()
        .emergency_access(&er, &a.patient, 600)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::RateLimited {
            retry_after: Timestamp::from_seconds(first_at.seconds() + 600 + 24 * HOUR)
        }
        .to_string()
    );
}

/// Only an active credentialed clinician may break the glass, within the policy's window.
#[test]
fn only_active_clinicians_break_the_glass_within_the_policy_window() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    for who in [&a.hospital, &a.insurer, &a.stranger, &a.spouse] {
        let err = suite
            .ehr()
            .emergency_access(who, &a.patient, HOUR)
            .unwrap_err();
        assert_eq!(
            root_error(&err),
            ContractError::NotActiveClinician.to_string(),
            "{who}"
        );
    }
    for secs in [0, 4 * HOUR + 1] {
        let err = suite
            .ehr()
            .emergency_access(&a.er_clinician, &a.patient, secs)
            .unwrap_err();
        assert_eq!(
            root_error(&err),
            ContractError::InvalidEmergencyDuration { max: 4 * HOUR }.to_string()
        );
    }
    // Past the ER clinician's license expiry (one year), break-glass is refused too.
    suite.advance_days(366);
    let err = suite
        .ehr()
        .emergency_access(&a.er_clinician, &a.patient, HOUR)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::NotActiveClinician.to_string()
    );
}
