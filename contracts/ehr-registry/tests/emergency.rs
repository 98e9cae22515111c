//! Break-glass: who may open it, the window, expiry, the rate limit, ETH, reviews.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cosmwasm_std::{Addr, Timestamp};
use cw_health_types::ehr_registry::{
    AccessBasis, DecisionReason, EmergencyPolicy, EmergencyReason, EmergencySessionInfo,
    EmergencySessionsResponse, ExecuteMsg, PartyChangeReason, PartyStatus, QueryMsg, ReviewCursor,
    ReviewInfo, ReviewOutcome, ReviewsResponse,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel, Sha256Hash};

use FhirResourceType::*;
use PurposeOfUse::*;

fn open(patient: &Addr, duration_secs: u64) -> ExecuteMsg {
    ExecuteMsg::EmergencyAccess {
        patient: patient.to_string(),
        reason: EmergencyReason::PatientUnableToConsent,
        justification_hash: Sha256Hash::digest(b"unconscious on arrival"),
        duration_secs,
    }
}

fn set_policy(s: &mut Suite, policy: EmergencyPolicy) {
    let owner = s.owner.clone();
    s.exec(
        &owner,
        &ExecuteMsg::UpdateConfig {
            credentialing_authority: None,
            emergency_policy: Some(policy),
            guardianship_end_age: None,
        },
    )
    .unwrap();
}

fn policy() -> EmergencyPolicy {
    EmergencyPolicy {
        max_window_secs: 3600,
        max_sessions_per_period: 2,
        rate_period_secs: 1000,
        review_due_secs: 500,
        unjustified_suspension_secs: 0,
        break_glass_classes: cw_health_types::ehr_registry::default_break_glass_classes(),
    }
}

#[test]
fn only_active_clinicians_open_break_glass_within_the_window() {
    let mut s = Suite::new();
    set_policy(&mut s, policy());
    let alice = s.alice.clone();
    for sender in [
        s.stranger.clone(),
        s.hospital.clone(),
        s.payer.clone(),
        s.researcher.clone(),
        alice.clone(),
    ] {
        let err = s.exec_err(&sender, &open(&alice, 60));
        assert!(
            err.ends_with("only an active credentialed clinician may open break-glass access"),
            "{err}"
        );
    }
    // A suspended clinician cannot.
    let (authority, jones) = (s.authority.clone(), s.dr_jones.clone());
    s.exec(
        &authority,
        &ExecuteMsg::UpdateParty {
            address: jones.to_string(),
            status: Some(PartyStatus::Suspended),
            license_expiry: None,
            reason: PartyChangeReason::Disciplinary,
        },
    )
    .unwrap();
    let err = s.exec_err(&jones, &open(&alice, 60));
    assert!(err.ends_with("only an active credentialed clinician may open break-glass access"));

    let smith = s.dr_smith.clone();
    for d in [0, 3601] {
        let err = s.exec_err(&smith, &open(&alice, d));
        assert!(
            err.ends_with("emergency duration must be between 1 and 3600 seconds"),
            "{err}"
        );
    }
    let err = s.exec_err(
        &smith,
        &ExecuteMsg::EmergencyAccess {
            patient: alice.to_string(),
            reason: EmergencyReason::LifeThreatening,
            justification_hash: Sha256Hash("x".into()),
            duration_secs: 60,
        },
    );
    assert!(
        err.contains("justification_hash: invalid sha256 hash"),
        "{err}"
    );
    let err = s.exec_err(&smith, &open(&s.stranger.clone(), 60));
    assert!(err.contains("is not registered"), "{err}");
    // Nothing was opened (and nothing counted against the rate limit).
    let page: EmergencySessionsResponse = s.query(&QueryMsg::EmergencySessionsByClinician {
        clinician: smith.to_string(),
        start_after: None,
        limit: None,
    });
    assert!(page.sessions.is_empty());
}

#[test]
fn break_glass_allows_emergency_reads_expires_by_itself_and_never_reaches_eth() {
    let mut s = Suite::new();
    set_policy(&mut s, policy());
    let (alice, smith, jones) = (s.alice.clone(), s.dr_smith.clone(), s.dr_jones.clone());
    let rec = s.add_record(&alice, Observation, &[SecurityLabel::Restricted]);
    let eth = s.add_record(&alice, Condition, &[SecurityLabel::VeryRestricted]);
    // A grant denying PSY does not stop break-glass (it overrides consent).
    let mut root = permit();
    root.provisions = vec![deny()];
    root.provisions[0].labels = vec![SecurityLabel::Restricted];
    s.grant(&alice, address(&smith), root, None).unwrap();
    assert!(!s.read(&alice, &smith, EmergencyTreatment, rec).allowed);

    let res = s.exec(&smith, &open(&alice, 600)).unwrap();
    let sid: u64 = attr(&res, "session_id").parse().unwrap();
    // The patient is notified by an event.
    let notice = res
        .events
        .iter()
        .find(|e| e.ty == "wasm-patient_notification")
        .expect("patient notification");
    assert!(notice
        .attributes
        .iter()
        .any(|a| a.key == "patient" && a.value == alice.as_str()));
    assert!(notice
        .attributes
        .iter()
        .any(|a| a.key == "kind" && a.value == "break_glass_started"));

    let d = s.read(&alice, &smith, EmergencyTreatment, rec);
    assert!(d.allowed);
    assert_eq!(d.reason, DecisionReason::EmergencyAccess);
    assert_eq!(d.basis, Some(AccessBasis::Emergency { session_id: sid }));
    assert!(s.read(&alice, &smith, BreakTheGlass, rec).allowed);
    // Only emergency purposes, only reads, only this clinician, never ETH.
    assert!(!s.read(&alice, &smith, Treatment, rec).allowed);
    assert!(
        !s.check(
            &alice,
            &smith,
            AccessAction::Write,
            EmergencyTreatment,
            None,
            Some(rec)
        )
        .allowed
    );
    assert!(!s.read(&alice, &jones, EmergencyTreatment, rec).allowed);
    let d = s.read(&alice, &smith, EmergencyTreatment, eth);
    assert!(!d.allowed);
    assert_eq!(d.reason, DecisionReason::SensitiveRequiresSpecificConsent);
    // A second session on the same patient while one is open is refused.
    let err = s.exec_err(&smith, &open(&alice, 60));
    assert!(
        err.ends_with(&format!("emergency session {sid} is already open")),
        "{err}"
    );

    // Expires by itself at block time.
    s.advance(599);
    assert!(s.read(&alice, &smith, EmergencyTreatment, rec).allowed);
    s.advance(1);
    assert_eq!(
        s.read(&alice, &smith, EmergencyTreatment, rec).reason,
        DecisionReason::DeniedByProvision
    );
    let info: EmergencySessionInfo = s.query(&QueryMsg::EmergencySession { session_id: sid });
    assert!(!info.active);
    assert_eq!(info.expires_at, info.opened_at.plus_seconds(600));
}

#[test]
fn clinicians_end_their_own_sessions() {
    let mut s = Suite::new();
    let (alice, smith, jones) = (s.alice.clone(), s.dr_smith.clone(), s.dr_jones.clone());
    let rec = s.add_record(&alice, Observation, &[]);
    let res = s.exec(&smith, &open(&alice, 600)).unwrap();
    let sid: u64 = attr(&res, "session_id").parse().unwrap();
    let end = ExecuteMsg::EndEmergencyAccess { session_id: sid };
    // Another clinician may not (the patient and a privacy officer may: issue 11,
    // tests/break_glass_review.rs).
    for sender in [jones.clone(), s.stranger.clone()] {
        let err = s.exec_err(&sender, &end);
        assert!(
            err.ends_with("unauthorized: the clinician who opened the session, the patient or a privacy officer required"),
            "{err}"
        );
    }
    let err = s.exec_err(&smith, &ExecuteMsg::EndEmergencyAccess { session_id: 9 });
    assert!(err.ends_with("emergency session 9 not found"));
    s.exec(&smith, &end).unwrap();
    assert!(!s.read(&alice, &smith, EmergencyTreatment, rec).allowed);
    let err = s.exec_err(&smith, &end);
    assert!(err.ends_with(&format!("emergency session {sid} is not open")));
    let info: EmergencySessionInfo = s.query(&QueryMsg::EmergencySession { session_id: sid });
    assert_eq!(info.ended_at, Some(s.now()));
}

#[test]
fn break_glass_is_rate_limited_per_clinician_over_a_rolling_period() {
    let mut s = Suite::new();
    set_policy(&mut s, policy()); // 2 sessions per 1000 s.
    let (alice, bob, smith, jones) = (
        s.alice.clone(),
        s.bob.clone(),
        s.dr_smith.clone(),
        s.dr_jones.clone(),
    );
    let t0 = s.now();
    s.exec(&smith, &open(&alice, 10)).unwrap();
    s.advance(400);
    s.exec(&smith, &open(&bob, 10)).unwrap();
    s.advance(100);
    // Third within 1000 s of the first: refused, retry when the first leaves the window.
    let err = s.exec_err(&smith, &open(&alice, 10));
    let retry = Timestamp::from_seconds(t0.seconds() + 1000);
    assert!(
        err.ends_with(&format!(
            "break-glass rate limit reached; retry after {retry}"
        )),
        "{err}"
    );
    // Other clinicians are not affected.
    s.exec(&jones, &open(&alice, 10)).unwrap();
    s.advance(499);
    assert!(s.exec(&smith, &open(&alice, 10)).is_err());
    s.advance(1); // t0 + 1000: the first start left the window.
    s.exec(&smith, &open(&alice, 10)).unwrap();
    // Rolling: the second (t0 + 400) is still inside; the window is full again.
    let err = s.exec_err(&smith, &open(&bob, 10));
    let retry = Timestamp::from_seconds(t0.seconds() + 1400);
    assert!(err.ends_with(&format!("retry after {retry}")), "{err}");
    let page: EmergencySessionsResponse = s.query(&QueryMsg::EmergencySessionsByClinician {
        clinician: smith.to_string(),
        start_after: None,
        limit: None,
    });
    assert_eq!(page.sessions.len(), 3);
    let page: EmergencySessionsResponse = s.query(&QueryMsg::EmergencySessionsByPatient {
        patient: alice.to_string(),
        start_after: Some(1),
        limit: None,
    });
    assert_eq!(page.sessions.len(), 2);
}

#[test]
fn reviews_are_closed_by_privacy_officers_and_overdue_ones_listed() {
    let mut s = Suite::new();
    set_policy(&mut s, policy()); // reviews due 500 s after opening.
    let (alice, bob, smith, jones, officer) = (
        s.alice.clone(),
        s.bob.clone(),
        s.dr_smith.clone(),
        s.dr_jones.clone(),
        s.officer.clone(),
    );
    let r1: u64 = attr(&s.exec(&smith, &open(&alice, 10)).unwrap(), "review_id")
        .parse()
        .unwrap();
    s.advance(10);
    let r2: u64 = attr(&s.exec(&jones, &open(&alice, 10)).unwrap(), "review_id")
        .parse()
        .unwrap();
    s.advance(10);
    let r3: u64 = attr(&s.exec(&smith, &open(&bob, 10)).unwrap(), "review_id")
        .parse()
        .unwrap();
    let overdue = |s: &Suite, start_after, limit| -> Vec<u64> {
        let r: ReviewsResponse = s.query(&QueryMsg::OverdueReviews { start_after, limit });
        r.reviews.iter().map(|r| r.id).collect()
    };
    assert!(overdue(&s, None, None).is_empty());
    s.advance(480); // r1 due at +500 = now: not yet overdue.
    assert!(overdue(&s, None, None).is_empty());
    s.advance(1);
    assert_eq!(overdue(&s, None, None), vec![r1]);
    s.advance(20);
    assert_eq!(overdue(&s, None, None), vec![r1, r2, r3]);
    // Paginated by (due time, id).
    let first: ReviewsResponse = s.query(&QueryMsg::OverdueReviews {
        start_after: None,
        limit: Some(1),
    });
    let cursor = ReviewCursor {
        due_at: first.reviews[0].due_at,
        id: first.reviews[0].id,
    };
    assert_eq!(overdue(&s, Some(cursor), Some(1)), vec![r2]);
    assert!(first.reviews[0].late);

    let close = |id| ExecuteMsg::CloseReview {
        review_id: id,
        outcome: ReviewOutcome::Justified,
        finding_hash: Some(Sha256Hash::digest(b"report")),
    };
    // Only privacy officers; not the owner, the clinician or the patient.
    for sender in [
        s.owner.clone(),
        smith.clone(),
        alice.clone(),
        s.stranger.clone(),
    ] {
        let err = s.exec_err(&sender, &close(r2));
        assert!(
            err.ends_with("unauthorized: a privacy officer required"),
            "{err}"
        );
    }
    // An officer who is also the reviewed clinician cannot close it.
    let owner = s.owner.clone();
    s.exec(
        &owner,
        &ExecuteMsg::SetPrivacyOfficer {
            address: jones.to_string(),
            appointed: true,
        },
    )
    .unwrap();
    let err = s.exec_err(&jones, &close(r2));
    assert!(err.ends_with("a privacy officer cannot review their own break-glass session"));
    let err = s.exec_err(&officer, &close(99));
    assert!(err.ends_with("review 99 not found"));
    let err = s.exec_err(
        &officer,
        &ExecuteMsg::CloseReview {
            review_id: r2,
            outcome: ReviewOutcome::Unjustified,
            finding_hash: Some(Sha256Hash("bad".into())),
        },
    );
    assert!(err.contains("finding_hash: invalid sha256 hash"), "{err}");

    let res = s.exec(&officer, &close(r2)).unwrap();
    assert_eq!(attr(&res, "late"), "true");
    assert_eq!(overdue(&s, None, None), vec![r1, r3]);
    let err = s.exec_err(&officer, &close(r2));
    assert!(err.ends_with(&format!("review {r2} is already closed")));
    let rev: ReviewInfo = s.query(&QueryMsg::Review { review_id: r2 });
    assert_eq!(rev.outcome, Some(ReviewOutcome::Justified));
    assert_eq!(rev.closed_by, Some(officer.clone()));
    assert!(rev.late);
    let all: ReviewsResponse = s.query(&QueryMsg::Reviews {
        start_after: None,
        limit: None,
    });
    assert_eq!(all.reviews.len(), 3);
}

#[test]
fn a_review_closed_in_time_is_not_late() {
    let mut s = Suite::new();
    let (alice, smith, officer) = (s.alice.clone(), s.dr_smith.clone(), s.officer.clone());
    let rid: u64 = attr(&s.exec(&smith, &open(&alice, 60)).unwrap(), "review_id")
        .parse()
        .unwrap();
    s.advance(3600);
    let res = s
        .exec(
            &officer,
            &ExecuteMsg::CloseReview {
                review_id: rid,
                outcome: ReviewOutcome::JustifiedWithFollowUp,
                finding_hash: None,
            },
        )
        .unwrap();
    assert_eq!(attr(&res, "late"), "false");
    s.advance(72 * 3600);
    let r: ReviewsResponse = s.query(&QueryMsg::OverdueReviews {
        start_after: None,
        limit: None,
    });
    assert!(r.reviews.is_empty());
    let rev: ReviewInfo = s.query(&QueryMsg::Review { review_id: rid });
    assert!(!rev.late);
}

#[test]
fn an_open_session_stops_allowing_once_the_clinician_is_suspended() {
    let mut s = Suite::new();
    let (alice, smith, gateway, authority) = (
        s.alice.clone(),
        s.dr_smith.clone(),
        s.gateway.clone(),
        s.authority.clone(),
    );
    let rec = s.add_record(&alice, Observation, &[]);
    let res = s.exec(&smith, &open(&alice, 3600)).unwrap();
    let sid: u64 = attr(&res, "session_id").parse().unwrap();
    let disclose = ExecuteMsg::RecordAccess {
        patient: alice.to_string(),
        record_id: rec,
        actor: smith.to_string(),
        action: AccessAction::Read,
        purpose: EmergencyTreatment,
        accounting_suspended_until: None,
        via_team: None,
    };
    assert!(s.read(&alice, &smith, EmergencyTreatment, rec).allowed);
    s.exec(&gateway, &disclose).unwrap();
    let suspend = |status| ExecuteMsg::UpdateParty {
        address: smith.to_string(),
        status: Some(status),
        license_expiry: None,
        reason: PartyChangeReason::Disciplinary,
    };
    s.exec(&authority, &suspend(PartyStatus::Suspended))
        .unwrap();
    // The session is still open by time, but a suspended clinician gets nothing under it.
    let info: EmergencySessionInfo = s.query(&QueryMsg::EmergencySession { session_id: sid });
    assert!(info.active);
    let d = s.read(&alice, &smith, EmergencyTreatment, rec);
    assert!(!d.allowed);
    assert_eq!(d.reason, DecisionReason::ActorNotActive);
    let err = s.exec_err(&gateway, &disclose);
    assert!(err.ends_with("access denied: actor_not_active"), "{err}");
    // Reinstated within the window, the session applies again.
    s.exec(&authority, &suspend(PartyStatus::Active)).unwrap();
    assert_eq!(
        s.read(&alice, &smith, EmergencyTreatment, rec).basis,
        Some(AccessBasis::Emergency { session_id: sid })
    );
}

/// Which protection classes break-glass reaches is the owner's policy: `N` and `R` by default
/// (`V` unreachable), narrowed to `N`, or widened to `V` (42 CFR 2.51 medical emergencies).
#[test]
fn the_classes_break_glass_reaches_are_policy() {
    let mut s = Suite::new();
    let (alice, smith, owner) = (s.alice.clone(), s.dr_smith.clone(), s.owner.clone());
    let n = s.add_record(&alice, Observation, &[]);
    let r = s.add_record(&alice, Observation, &[SecurityLabel::Restricted]);
    let v = s.add_record(&alice, Observation, &[SecurityLabel::VeryRestricted]);
    let cfg: cw_health_types::ehr_registry::EhrConfigResponse = s.query(&QueryMsg::Config {});
    assert_eq!(
        cfg.emergency_policy.break_glass_classes,
        vec![SecurityLabel::Normal, SecurityLabel::Restricted]
    );
    s.exec(&smith, &open(&alice, 600)).unwrap();
    let reads =
        |s: &Suite| [n, r, v].map(|id| s.read(&alice, &smith, EmergencyTreatment, id).allowed);
    assert_eq!(reads(&s), [true, true, false]);
    // Narrowed to normal data: the open session stops reaching R at once.
    let mut p = policy();
    p.break_glass_classes = vec![SecurityLabel::Normal];
    set_policy(&mut s, p.clone());
    assert_eq!(reads(&s), [true, false, false]);
    // Widened to V: the disclosure carries the redisclosure notice.
    p.break_glass_classes = vec![
        SecurityLabel::Normal,
        SecurityLabel::Restricted,
        SecurityLabel::VeryRestricted,
    ];
    set_policy(&mut s, p.clone());
    assert_eq!(reads(&s), [true, true, true]);
    let d = s.read(&alice, &smith, EmergencyTreatment, v);
    assert!(d.redisclosure_notice_required);
    assert!(
        !s.read(&alice, &smith, EmergencyTreatment, n)
            .redisclosure_notice_required
    );
    // Categories and duplicates are refused; only the owner sets it.
    for bad in [
        vec![SecurityLabel::Normal, SecurityLabel::Normal],
        vec![SecurityLabel::Psychiatry],
    ] {
        let mut q = policy();
        q.break_glass_classes = bad;
        let err = s.exec_err(
            &owner,
            &ExecuteMsg::UpdateConfig {
                credentialing_authority: None,
                emergency_policy: Some(q),
                guardianship_end_age: None,
            },
        );
        assert!(err.contains("label") || err.contains("duplicate"), "{err}");
    }
    let officer = s.officer.clone();
    let err = s.exec_err(
        &officer,
        &ExecuteMsg::UpdateConfig {
            credentialing_authority: None,
            emergency_policy: Some(p),
            guardianship_end_age: None,
        },
    );
    assert!(err.contains("not the contract's owner"), "{err}");
}
