//! Data anchoring and inclusion proofs, SAP/lock/results ordering, unblinding, adverse events.

use cw_health_types::merkle::{build_proof, compute_root};
use cw_health_types::trial_anchor::*;
use cw_health_types::Sha256Hash;

use super::suite::*;
use crate::error::ContractError;

/// Five case-report records; each leaf is the 32-byte SHA-256 of a record.
fn records(tag: &str) -> Vec<[u8; 32]> {
    (0..5)
        .map(|i| {
            Sha256Hash::digest(format!("{tag}-record-{i}").as_bytes())
                .to_bytes_checked("r")
                .unwrap()
        })
        .collect()
}

fn batch_msg(t: u64, root: Sha256Hash, s: &Suite, correction: Option<Correction>) -> ExecuteMsg {
    ExecuteMsg::AnchorBatch(Box::new(AnchorBatchMsg {
        trial_id: t,
        merkle_root: root,
        leaf_count: 5,
        period_start: s.now().minus_seconds(7 * DAY),
        period_end: s.now(),
        schema_hash: h("crf-schema-v1"),
        correction,
    }))
}

#[test]
fn no_data_is_anchored_for_a_period_before_the_first_consent() {
    let mut s = Suite::new();
    let t = s.ready();
    let a = s.site_a.clone();
    s.advance(30 * DAY);
    let root = h("root");
    // Nobody consented yet: no trial data exists.
    let err = s
        .exec(&a, batch_msg(t, root.clone(), &s, None))
        .unwrap_err();
    assert!(matches!(err, ContractError::InvalidTime(_)), "{err}");
    // After the first consent, a period reaching back before it (or before the trial's
    // registration) is refused; one starting at the consent is accepted.
    let consented = s.now();
    s.consent(t, &a, "alice").unwrap();
    s.advance(3 * DAY);
    let err = s
        .exec(&a, batch_msg(t, root.clone(), &s, None))
        .unwrap_err();
    assert!(matches!(err, ContractError::InvalidTime(_)), "{err}");
    assert_eq!(s.trial(t).first_consent_at, Some(consented));
    let mut msg = AnchorBatchMsg {
        trial_id: t,
        merkle_root: root,
        leaf_count: 5,
        period_start: consented,
        period_end: s.now(),
        schema_hash: h("crf-schema-v1"),
        correction: None,
    };
    s.exec(&a, ExecuteMsg::AnchorBatch(Box::new(msg.clone())))
        .unwrap();
    msg.period_start = consented.minus_seconds(1);
    assert!(matches!(
        s.exec(&a, ExecuteMsg::AnchorBatch(Box::new(msg))),
        Err(ContractError::InvalidTime(_))
    ));
}

#[test]
fn a_serious_adverse_event_in_screening_is_reported_from_consent_on() {
    let mut s = Suite::new();
    let t = s.ready();
    let a = s.site_a.clone();
    // Bob consented and is being screened (not enrolled).
    s.consent(t, &a, "bob").unwrap();
    s.advance(3 * DAY);
    let res = s
        .exec(
            &a,
            ae(
                t,
                &s,
                "bob",
                Seriousness::Hospitalization,
                false,
                Causality::Probable,
            ),
        )
        .unwrap();
    assert_ne!(attr(&res, "safety_report_due"), "none");
    assert_eq!(s.participant(t, "bob").participant.enrolled_at, None);
    // An onset before the consent is medical history, not an adverse event.
    let mut before = AdverseEventMsg {
        trial_id: t,
        participant: ph("bob"),
        event_code: "10028596".into(),
        seriousness: Seriousness::Fatal,
        expected: false,
        causality: Causality::Possible,
        onset: s.now().minus_seconds(4 * DAY),
        aware_at: s.now(),
    };
    assert!(matches!(
        s.exec(&a, ExecuteMsg::ReportAdverseEvent(Box::new(before.clone()))),
        Err(ContractError::InvalidTime(_))
    ));
    before.onset = s.now().minus_seconds(3 * DAY);
    s.exec(&a, ExecuteMsg::ReportAdverseEvent(Box::new(before)))
        .unwrap();
}

#[test]
fn sites_anchor_batches_and_records_are_proven_included() {
    let mut s = Suite::new();
    let t = s.ready();
    let site = s.site_a.clone();
    s.consent(t, &site, "alice").unwrap();
    s.advance(30 * DAY);
    let (a, b, stranger) = (s.site_a.clone(), s.site_b.clone(), s.stranger.clone());
    let recs = records("w1");
    let refs: Vec<&[u8]> = recs.iter().map(|r| r.as_slice()).collect();
    let root = Sha256Hash::from_bytes(compute_root(&refs).unwrap());

    // Unauthorized: a stranger and the sponsor are not sites.
    let sponsor = s.sponsor.clone();
    for who in [&stranger, &sponsor] {
        assert!(matches!(
            s.exec(who, batch_msg(t, root.clone(), &s, None)),
            Err(ContractError::UnauthorizedSite { .. })
        ));
    }
    // Bad input.
    let mut bad = AnchorBatchMsg {
        trial_id: t,
        merkle_root: root.clone(),
        leaf_count: 0,
        period_start: s.now().minus_seconds(DAY),
        period_end: s.now(),
        schema_hash: h("crf"),
        correction: None,
    };
    assert!(matches!(
        s.exec(&a, ExecuteMsg::AnchorBatch(Box::new(bad.clone()))),
        Err(ContractError::InvalidInput(_))
    ));
    bad.leaf_count = 5;
    bad.period_end = s.now().plus_seconds(1);
    assert!(matches!(
        s.exec(&a, ExecuteMsg::AnchorBatch(Box::new(bad.clone()))),
        Err(ContractError::InvalidTime(_))
    ));

    let res = s.exec(&a, batch_msg(t, root.clone(), &s, None)).unwrap();
    assert_eq!(attr(&res, "batch_id"), "1");
    assert_eq!(attr(&res, "site_code"), "SITE-A");
    let batch: Batch = s.q(QueryMsg::Batch {
        trial_id: t,
        batch_id: 1,
    });
    assert_eq!(batch.merkle_root, root);
    assert_eq!(batch.schema_hash, h("crf-schema-v1"));
    assert!(!batch.after_lock && batch.correction.is_none());

    // Inclusion proof of record 3 with the shared RFC 6962 verifier.
    let verify = |record: [u8; 32], index: u64| QueryMsg::VerifyInclusion {
        trial_id: t,
        target: InclusionTarget::Batch { batch_id: 1 },
        record_hash: Sha256Hash::from_bytes(record),
        proof: build_proof(&refs, index).unwrap(),
    };
    let ok: VerifyInclusionResponse = s.q(verify(recs[3], 3));
    assert!(ok.included, "{:?}", ok.error);
    assert_eq!(ok.root, root);
    let bad: VerifyInclusionResponse = s.q(verify(recs[2], 3));
    assert!(!bad.included);
    assert_eq!(
        bad.error.as_deref(),
        Some("proof does not lead to the committed root")
    );
    let other = records("forged");
    let forged: VerifyInclusionResponse = s.q(verify(other[0], 0));
    assert!(!forged.included);
    // A proof for a tree of another size is refused up front.
    let mut short = build_proof(&refs[..4], 1).unwrap();
    short.leaf_count = 4;
    let r: VerifyInclusionResponse = s.q(QueryMsg::VerifyInclusion {
        trial_id: t,
        target: InclusionTarget::Batch { batch_id: 1 },
        record_hash: Sha256Hash::from_bytes(recs[1]),
        proof: short,
    });
    assert!(!r.included);
    assert!(matches!(
        s.q_err(QueryMsg::VerifyInclusion {
            trial_id: t,
            target: InclusionTarget::Batch { batch_id: 7 },
            record_hash: Sha256Hash::from_bytes(recs[1]),
            proof: build_proof(&refs, 1).unwrap(),
        }),
        ContractError::BatchNotFound { batch_id: 7, .. }
    ));

    // Corrections cite the original, with a reason, from the same site.
    let fix = Correction {
        original_batch_id: 1,
        reason: CorrectionReason::TranscriptionError,
    };
    assert!(matches!(
        s.exec(&b, batch_msg(t, h("fix"), &s, Some(fix.clone()))),
        Err(ContractError::CorrectionWrongSite { batch_id: 1, .. })
    ));
    assert!(matches!(
        s.exec(
            &a,
            batch_msg(
                t,
                h("fix"),
                &s,
                Some(Correction {
                    original_batch_id: 9,
                    reason: CorrectionReason::Other
                })
            )
        ),
        Err(ContractError::BatchNotFound { batch_id: 9, .. })
    ));
    let res = s
        .exec(&a, batch_msg(t, h("fix"), &s, Some(fix.clone())))
        .unwrap();
    assert_eq!(attr(&res, "corrects_batch_id"), "1");
    assert_eq!(attr(&res, "correction_reason"), "transcription_error");
    // The original is unchanged.
    let original: Batch = s.q(QueryMsg::Batch {
        trial_id: t,
        batch_id: 1,
    });
    assert_eq!(original, batch);

    // After the lock: plain batches refused, flagged corrections accepted.
    s.lock(t);
    assert!(matches!(
        s.exec(&a, batch_msg(t, h("late"), &s, None)),
        Err(ContractError::AnchorAfterLock {})
    ));
    let res = s.exec(&a, batch_msg(t, h("fix2"), &s, Some(fix))).unwrap();
    assert_eq!(attr(&res, "after_lock"), "true");
    let list: BatchesResponse = s.q(QueryMsg::Batches(TrialPage {
        trial_id: t,
        start_after: Some(1),
        limit: None,
    }));
    assert_eq!(list.batches.len(), 2);
    assert!(list.batches[1].after_lock);
    assert_eq!(
        list.batches[1]
            .correction
            .as_ref()
            .unwrap()
            .original_batch_id,
        1
    );
}

#[test]
fn sap_final_then_lock_then_results() {
    let mut s = Suite::new();
    let mut msg = s.register_msg();
    msg.statistical_analysis_plan = None;
    let t = s.ready_with(msg);
    let results = |t| ExecuteMsg::PostResults {
        trial_id: t,
        document: doc("results"),
        entries: vec![ResultEntry {
            outcome: ResultOutcome::Registered { outcome_key: 1 },
            result_hash: h("r1"),
            change_reason: None,
        }],
    };
    let lock = ExecuteMsg::LockDatabase {
        trial_id: t,
        final_root: h("final"),
        leaf_count: 3,
    };
    // No lock yet: nothing to verify against.
    assert!(matches!(
        s.q_err(QueryMsg::VerifyInclusion {
            trial_id: t,
            target: InclusionTarget::DatabaseLock {},
            record_hash: h("x"),
            proof: cw_health_types::merkle::MerkleProof {
                leaf_index: 0,
                leaf_count: 1,
                siblings: vec![],
            },
        }),
        ContractError::NotLocked { .. }
    ));
    // Results before lock, lock before SAP final, SAP final without a SAP: all refused.
    assert!(matches!(
        s.sponsor_exec(results(t)),
        Err(ContractError::ResultsBeforeLock {})
    ));
    assert!(matches!(
        s.sponsor_exec(lock.clone()),
        Err(ContractError::SapNotFinal {})
    ));
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::FinalizeSap(TrialRef { trial_id: t })),
        Err(ContractError::NoSap {})
    ));
    s.sponsor_exec(ExecuteMsg::AmendProtocol(Box::new(AmendMsg {
        trial_id: t,
        document_kind: DocumentKind::StatisticalAnalysisPlan,
        content: doc("sap-v1"),
        reason: AmendmentReason::StatisticalMethods,
        reason_hash: None,
        outcome_changes: vec![],
        made_while_blinded: true,
        requires_reconsent: false,
    })))
    .unwrap();
    // Only the sponsor finalizes and locks.
    let a = s.site_a.clone();
    assert!(matches!(
        s.exec(&a, ExecuteMsg::FinalizeSap(TrialRef { trial_id: t })),
        Err(ContractError::Unauthorized { .. })
    ));
    s.sponsor_exec(ExecuteMsg::FinalizeSap(TrialRef { trial_id: t }))
        .unwrap();
    assert_eq!(
        s.trial(t).sap_final,
        Some(SapFinal {
            version: 1,
            at: s.now()
        })
    );
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::FinalizeSap(TrialRef { trial_id: t })),
        Err(ContractError::SapAlreadyFinal {})
    ));
    assert!(matches!(
        s.exec(&a, lock.clone()),
        Err(ContractError::Unauthorized { .. })
    ));
    // The lock ends data collection: not while enrolling, and enrollment never reopens.
    assert!(matches!(
        s.sponsor_exec(lock.clone()),
        Err(ContractError::LockWhileEnrolling {
            status: TrialStatus::Recruiting
        })
    ));
    s.set_status(t, TrialStatus::ActiveNotRecruiting).unwrap();
    s.sponsor_exec(lock.clone()).unwrap();
    assert!(matches!(
        s.set_status(t, TrialStatus::Recruiting),
        Err(ContractError::InvalidStatusTransition { .. })
    ));
    assert!(matches!(
        s.sponsor_exec(lock),
        Err(ContractError::AlreadyLocked {})
    ));
    let l = s.trial(t).lock.unwrap();
    assert_eq!((l.final_root, l.leaf_count), (h("final"), 3));

    // Results: only sponsor or responsible party; entries validated; once.
    assert!(matches!(
        s.exec(&a, results(t)),
        Err(ContractError::Unauthorized { .. })
    ));
    let dup = ExecuteMsg::PostResults {
        trial_id: t,
        document: doc("results"),
        entries: vec![
            ResultEntry {
                outcome: ResultOutcome::Registered { outcome_key: 1 },
                result_hash: h("r1"),
                change_reason: None,
            },
            ResultEntry {
                outcome: ResultOutcome::Registered { outcome_key: 1 },
                result_hash: h("r1b"),
                change_reason: None,
            },
        ],
    };
    assert!(matches!(
        s.sponsor_exec(dup),
        Err(ContractError::DuplicateResult { outcome_key: 1 })
    ));
    let clash = ExecuteMsg::PostResults {
        trial_id: t,
        document: doc("results"),
        entries: vec![ResultEntry {
            outcome: ResultOutcome::Novel {
                spec: spec("S1", OutcomeKind::Secondary, "P2W"),
            },
            result_hash: h("n"),
            change_reason: None,
        }],
    };
    assert!(matches!(
        s.sponsor_exec(clash),
        Err(ContractError::NovelCodeConflict { .. })
    ));
    let unknown = ExecuteMsg::PostResults {
        trial_id: t,
        document: doc("results"),
        entries: vec![ResultEntry {
            outcome: ResultOutcome::Registered { outcome_key: 77 },
            result_hash: h("n"),
            change_reason: None,
        }],
    };
    assert!(matches!(
        s.sponsor_exec(unknown),
        Err(ContractError::OutcomeNotFound {
            outcome_key: 77,
            ..
        })
    ));
    let res = s.sponsor_exec(results(t)).unwrap();
    assert_eq!(attr(&res, "entries"), "1");
    assert_eq!(attr(&res, "late"), "false");
    assert!(matches!(
        s.sponsor_exec(results(t)),
        Err(ContractError::ResultsAlreadyPosted {})
    ));
    let posted: Option<Results> = s.q(QueryMsg::Results(TrialRef { trial_id: t }));
    assert_eq!(posted.unwrap().document, doc("results"));
    let trial = s.trial(t);
    assert_eq!(trial.results_posted_at, Some(s.now()));
    assert_eq!(trial.deadlines.results_due, None);

    // The lock's root is a verification target too.
    let recs: Vec<&[u8]> = vec![b"x", b"y", b"z"];
    let leaf = Sha256Hash::digest(b"y");
    let r: VerifyInclusionResponse = s.q(QueryMsg::VerifyInclusion {
        trial_id: t,
        target: InclusionTarget::DatabaseLock {},
        record_hash: leaf,
        proof: build_proof(&recs, 1).unwrap(),
    });
    assert!(!r.included, "h(\"final\") is not the root of x, y, z");
    assert_eq!(r.root, h("final"));
}

#[test]
fn unblinding_log_records_who_what_and_why() {
    let mut s = Suite::new();
    let t = s.ready();
    s.consent_and_enroll(t, "alice");
    let (a, b, dmc, stranger) = (
        s.site_a.clone(),
        s.site_b.clone(),
        s.dmc.clone(),
        s.stranger.clone(),
    );
    let msg = |kind, scope, reason| ExecuteMsg::RecordUnblinding {
        trial_id: t,
        kind,
        scope,
        reason,
        document_hash: Some(h("assessment")),
    };
    let alice = UnblindingScope::Participant {
        participant: ph("alice"),
    };
    // Emergency unblinding by the participant's own site.
    let res = s
        .exec(
            &a,
            msg(
                UnblindingKind::Emergency,
                alice.clone(),
                UnblindingReason::MedicalEmergency,
            ),
        )
        .unwrap();
    assert_eq!(attr(&res, "unblinding_id"), "1");
    assert_eq!(attr(&res, "scope"), "participant");
    // Another site cannot; a stranger cannot; a site cannot log planned unblindings.
    assert!(matches!(
        s.exec(
            &b,
            msg(
                UnblindingKind::Emergency,
                alice.clone(),
                UnblindingReason::MedicalEmergency
            )
        ),
        Err(ContractError::WrongSite { .. })
    ));
    assert!(matches!(
        s.exec(
            &stranger,
            msg(
                UnblindingKind::Inadvertent,
                alice.clone(),
                UnblindingReason::Other
            )
        ),
        Err(ContractError::Unauthorized { .. })
    ));
    assert!(matches!(
        s.exec(
            &a,
            msg(
                UnblindingKind::Planned,
                UnblindingScope::Trial {},
                UnblindingReason::FinalAnalysis
            )
        ),
        Err(ContractError::UnblindingNotAllowed { .. })
    ));
    // Aggregate interim looks are the DMC's alone.
    assert!(matches!(
        s.sponsor_exec(msg(
            UnblindingKind::Planned,
            UnblindingScope::AggregateByArm {},
            UnblindingReason::InterimAnalysis
        )),
        Err(ContractError::UnblindingNotAllowed { .. })
    ));
    s.exec(
        &dmc,
        msg(
            UnblindingKind::Planned,
            UnblindingScope::AggregateByArm {},
            UnblindingReason::InterimAnalysis,
        ),
    )
    .unwrap();
    // The planned whole-trial unblinding comes after the lock.
    let full = msg(
        UnblindingKind::Planned,
        UnblindingScope::Trial {},
        UnblindingReason::FinalAnalysis,
    );
    assert!(matches!(
        s.sponsor_exec(full.clone()),
        Err(ContractError::UnblindBeforeLock {})
    ));
    // An inadvertent unblinding of a site.
    s.exec(
        &b,
        msg(
            UnblindingKind::Inadvertent,
            UnblindingScope::Site {
                site_code: "SITE-B".into(),
            },
            UnblindingReason::SystemOrDispensingError,
        ),
    )
    .unwrap();
    s.lock(t);
    s.sponsor_exec(full).unwrap();
    let log: UnblindingsResponse = s.q(QueryMsg::Unblindings(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    let kinds: Vec<_> = log
        .unblindings
        .iter()
        .map(|u| (u.kind, u.by.clone()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (UnblindingKind::Emergency, a),
            (UnblindingKind::Planned, dmc),
            (UnblindingKind::Inadvertent, b),
            (UnblindingKind::Planned, s.sponsor.clone()),
        ]
    );
    assert_eq!(log.unblindings[0].scope, alice);
    assert_eq!(
        log.unblindings[0].reason,
        UnblindingReason::MedicalEmergency
    );
}

fn ae(
    t: u64,
    s: &Suite,
    name: &str,
    seriousness: Seriousness,
    expected: bool,
    causality: Causality,
) -> ExecuteMsg {
    ExecuteMsg::ReportAdverseEvent(Box::new(AdverseEventMsg {
        trial_id: t,
        participant: ph(name),
        event_code: "10028596".into(),
        seriousness,
        expected,
        causality,
        onset: s.now().minus_seconds(2 * DAY),
        aware_at: s.now().minus_seconds(DAY),
    }))
}

#[test]
fn adverse_events_start_expedited_report_clocks() {
    let mut s = Suite::new();
    let t = s.ready();
    s.consent_and_enroll(t, "alice");
    let consented = s.now();
    s.advance(10 * DAY);
    let (a, b) = (s.site_a.clone(), s.site_b.clone());
    let aware = s.now().minus_seconds(DAY);
    // An onset before consent is medical history, not an adverse event.
    let mut history = AdverseEventMsg {
        trial_id: t,
        participant: ph("alice"),
        event_code: "10020772".into(),
        seriousness: Seriousness::NonSerious,
        expected: true,
        causality: Causality::NotRelated,
        onset: consented.minus_seconds(1),
        aware_at: s.now(),
    };
    assert!(matches!(
        s.exec(
            &a,
            ExecuteMsg::ReportAdverseEvent(Box::new(history.clone()))
        ),
        Err(ContractError::InvalidTime(_))
    ));
    history.onset = consented;
    s.exec(&a, ExecuteMsg::ReportAdverseEvent(Box::new(history)))
        .unwrap();
    // Fatal SUSAR: 7 days; other serious unexpected suspected: 15 days; expected or unrelated: none.
    let r1 = s
        .exec(
            &a,
            ae(
                t,
                &s,
                "alice",
                Seriousness::Fatal,
                false,
                Causality::Possible,
            ),
        )
        .unwrap();
    assert_eq!(
        attr(&r1, "safety_report_due"),
        aware.plus_seconds(7 * DAY).seconds().to_string()
    );
    let r2 = s
        .exec(
            &a,
            ae(
                t,
                &s,
                "alice",
                Seriousness::Hospitalization,
                false,
                Causality::Probable,
            ),
        )
        .unwrap();
    assert_eq!(
        attr(&r2, "safety_report_due"),
        aware.plus_seconds(15 * DAY).seconds().to_string()
    );
    let r3 = s
        .exec(
            &a,
            ae(
                t,
                &s,
                "alice",
                Seriousness::Fatal,
                true,
                Causality::Definite,
            ),
        )
        .unwrap();
    assert_eq!(attr(&r3, "safety_report_due"), "none");
    let r4 = s
        .exec(
            &a,
            ae(
                t,
                &s,
                "alice",
                Seriousness::LifeThreatening,
                false,
                Causality::NotRelated,
            ),
        )
        .unwrap();
    assert_eq!(attr(&r4, "safety_report_due"), "none");

    // Refused: another site, a participant not enrolled, an onset in the future.
    assert!(matches!(
        s.exec(
            &b,
            ae(
                t,
                &s,
                "alice",
                Seriousness::NonSerious,
                true,
                Causality::Unlikely
            )
        ),
        Err(ContractError::WrongSite { .. })
    ));
    let mut future = AdverseEventMsg {
        trial_id: t,
        participant: ph("alice"),
        event_code: "10028596".into(),
        seriousness: Seriousness::NonSerious,
        expected: true,
        causality: Causality::Unlikely,
        onset: s.now().plus_seconds(1),
        aware_at: s.now(),
    };
    assert!(matches!(
        s.exec(&a, ExecuteMsg::ReportAdverseEvent(Box::new(future.clone()))),
        Err(ContractError::InvalidTime(_))
    ));
    future.onset = s.now();
    future.aware_at = s.now().minus_seconds(1);
    assert!(matches!(
        s.exec(&a, ExecuteMsg::ReportAdverseEvent(Box::new(future))),
        Err(ContractError::InvalidTime(_))
    ));

    // Day 8 after awareness: the fatal one is overdue, the 15-day one not yet.
    s.advance(7 * DAY + 1);
    let overdue: OverdueDeadlinesResponse = s.q(QueryMsg::Overdue {
        start_after: None,
        limit: None,
    });
    assert_eq!(overdue.items.len(), 1);
    assert_eq!(
        overdue.items[0].kind,
        DeadlineKind::SafetyReport {
            adverse_event_id: 2
        }
    );
    // Only the sponsor submits the report; it closes the clock.
    let report = ExecuteMsg::SubmitSafetyReport {
        trial_id: t,
        adverse_event_id: 2,
        report_hash: h("ind-safety-report-1"),
    };
    assert!(matches!(
        s.exec(&a, report.clone()),
        Err(ContractError::Unauthorized { .. })
    ));
    let res = s.sponsor_exec(report.clone()).unwrap();
    assert_eq!(attr(&res, "late"), "true");
    assert!(matches!(
        s.sponsor_exec(report),
        Err(ContractError::SafetyReportAlreadySubmitted {})
    ));
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::SubmitSafetyReport {
            trial_id: t,
            adverse_event_id: 99,
            report_hash: h("x"),
        }),
        Err(ContractError::AdverseEventNotFound { .. })
    ));
    let overdue: OverdueDeadlinesResponse = s.q(QueryMsg::Overdue {
        start_after: None,
        limit: None,
    });
    assert!(overdue.items.is_empty());
    let list: AdverseEventsResponse = s.q(QueryMsg::AdverseEvents(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    assert_eq!(list.adverse_events.len(), 5);
    assert_eq!(list.adverse_events[0].safety_report_due, None);
    let first = &list.adverse_events[1];
    assert_eq!(first.participant, ph("alice"));
    assert_eq!(first.site_code, "SITE-A");
    assert_eq!(
        first.safety_report.as_ref().unwrap().report_hash,
        h("ind-safety-report-1")
    );
    assert_eq!(list.adverse_events[2].safety_report, None);
}

#[test]
fn batch_lists_are_paged_and_capped() {
    let mut s = Suite::new();
    let t = s.ready();
    let a = s.site_a.clone();
    s.consent(t, &a, "alice").unwrap();
    s.advance(8 * DAY);
    for i in 0..35 {
        let root = h(&format!("root-{i}"));
        s.exec(&a, batch_msg(t, root, &s, None)).unwrap();
    }
    let page: BatchesResponse = s.q(QueryMsg::Batches(TrialPage {
        trial_id: t,
        start_after: None,
        limit: Some(1000),
    }));
    assert_eq!(page.batches.len(), 30);
    assert_eq!(page.batches[29].id, 30);
    let rest: BatchesResponse = s.q(QueryMsg::Batches(TrialPage {
        trial_id: t,
        start_after: Some(30),
        limit: Some(1000),
    }));
    assert_eq!(
        rest.batches.iter().map(|b| b.id).collect::<Vec<_>>(),
        vec![31, 32, 33, 34, 35]
    );
    let default: BatchesResponse = s.q(QueryMsg::Batches(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    assert_eq!(default.batches.len(), 10);
    // The page is answered from the stored records: exactly the typed response, nothing after
    // the last id, and never another trial's records.
    let one = |s: &Suite, start_after: Option<u64>, trial_id: u64| -> BatchesResponse {
        s.q(QueryMsg::Batches(TrialPage {
            trial_id,
            start_after,
            limit: Some(1),
        }))
    };
    assert_eq!(
        one(&s, Some(4), t).batches,
        vec![s.q::<Batch>(QueryMsg::Batch {
            trial_id: t,
            batch_id: 5
        })]
    );
    assert_eq!(one(&s, Some(35), t).batches, vec![]);
    assert_eq!(one(&s, Some(u64::MAX), t).batches, vec![]);
    let m = s.register_msg();
    let other = s.register(m);
    assert_eq!(one(&s, None, other).batches, vec![]);
    assert!(matches!(
        s.q_err(QueryMsg::Batches(TrialPage {
            trial_id: 99,
            start_after: None,
            limit: None
        })),
        ContractError::TrialNotFound { trial_id: 99 }
    ));
    // Trials are paged the same way.
    for _ in 0..2 {
        let m = s.register_msg();
        s.register(m);
    }
    let trials: TrialsResponse = s.q(QueryMsg::Trials {
        start_after: Some(1),
        limit: Some(2),
    });
    assert_eq!(
        trials.trials.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![2, 3]
    );
    let none: Option<Trial> = s.q(QueryMsg::TrialByRegistryId {
        registry_id: "NCT-UNKNOWN".into(),
    });
    assert!(none.is_none());
}
