//! The hot counters (issue 20): enroll, anchor_batch, report_adverse_event, record_unblinding and
//! record_oversight bump their own small entries instead of rewriting the trial record, the
//! trial query still shows every count (a state of the layout before them is refused at
//! migration: `test_layout`).

use cosmwasm_std::Storage;
use cw_health_types::trial_anchor::*;

use super::suite::*;
use crate::error::ContractError;
use crate::state::TRIALS;

fn batch(t: u64, s: &Suite) -> ExecuteMsg {
    ExecuteMsg::AnchorBatch(Box::new(AnchorBatchMsg {
        trial_id: t,
        merkle_root: h("root"),
        leaf_count: 5,
        period_start: s.now().minus_seconds(DAY),
        period_end: s.now(),
        schema_hash: h("crf-schema-v1"),
        correction: None,
    }))
}

fn adverse_event(t: u64, s: &Suite, name: &str) -> ExecuteMsg {
    ExecuteMsg::ReportAdverseEvent(Box::new(AdverseEventMsg {
        trial_id: t,
        participant: ph(name),
        event_code: "10028596".into(),
        seriousness: Seriousness::NonSerious,
        expected: true,
        causality: Causality::NotRelated,
        onset: s.now().minus_seconds(DAY / 2),
        aware_at: s.now().minus_seconds(DAY / 4),
    }))
}

fn emergency_unblinding(t: u64, name: &str) -> ExecuteMsg {
    ExecuteMsg::RecordUnblinding {
        trial_id: t,
        kind: UnblindingKind::Emergency,
        scope: UnblindingScope::Participant {
            participant: ph(name),
        },
        reason: UnblindingReason::MedicalEmergency,
        document_hash: None,
    }
}

fn dmc_review(t: u64) -> ExecuteMsg {
    ExecuteMsg::RecordOversight {
        trial_id: t,
        kind: OversightKind::DmcReview {
            recommendation: DmcRecommendation::Continue,
        },
        report_hash: h("dmc-review"),
        unblinded_members: None,
    }
}

/// The trial record's stored bytes.
fn raw_record(s: &Suite, t: u64) -> Vec<u8> {
    s.deps.storage.get(&TRIALS.key(t)).unwrap()
}

#[test]
fn hot_messages_count_without_rewriting_the_trial_record() {
    let mut s = Suite::new();
    let t = s.ready();
    let (a, dmc) = (s.site_a.clone(), s.dmc.clone());
    s.consent_and_enroll(t, "alice"); // the first consent and enrollment write the record once
    s.advance(DAY);
    let before = raw_record(&s, t);

    s.consent(t, &a, "bob").unwrap();
    let res = s.enroll(t, &a, "bob").unwrap();
    assert_eq!(attr(&res, "enrolled"), "2");
    assert_eq!(attr(&res, "first_enrollment"), "false");
    for id in ["1", "2"] {
        let res = s.exec(&a, batch(t, &s)).unwrap();
        assert_eq!(attr(&res, "batch_id"), id);
        let res = s.exec(&a, adverse_event(t, &s, "alice")).unwrap();
        assert_eq!(attr(&res, "adverse_event_id"), id);
    }
    let res = s.exec(&a, emergency_unblinding(t, "alice")).unwrap();
    assert_eq!(attr(&res, "unblinding_id"), "1");
    let res = s.exec(&dmc, dmc_review(t)).unwrap();
    assert_eq!(attr(&res, "oversight_id"), "1");

    assert_eq!(
        raw_record(&s, t),
        before,
        "no hot message rewrote the trial record"
    );
    let counts = s.trial(t).counts;
    assert_eq!(
        (
            counts.enrolled,
            counts.batches,
            counts.adverse_events,
            counts.unblindings,
            counts.oversight
        ),
        (2, 2, 2, 1, 1)
    );
    // The list shows the same counts as the single trial.
    let listed: TrialsResponse = s.q(QueryMsg::Trials {
        start_after: None,
        limit: None,
    });
    assert_eq!(listed.trials[0].counts, counts);
    // A trial with participants is never withdrawn: the status check reads the hot count.
    assert!(matches!(
        s.exec(
            &s.sponsor.clone(),
            ExecuteMsg::UpdateStatus {
                trial_id: t,
                status: TrialStatus::Withdrawn,
                why_stopped: Some(StopReason::Other),
                document_hash: Some(h("why")),
            }
        ),
        Err(ContractError::WithdrawAfterEnrollment {})
    ));
    // Each trial counts on its own.
    let t2 = s.ready();
    let fresh = s.trial(t2).counts;
    assert_eq!((fresh.enrolled, fresh.batches, fresh.outcomes), (0, 0, 3));
}

#[test]
fn randomized_slots_used_are_the_enrollments() {
    let mut s = Suite::new();
    let mut msg = s.register_msg();
    msg.randomized = true;
    let t = s.ready_with(msg);
    let a = s.site_a.clone();
    s.sponsor_exec(ExecuteMsg::CommitRandomization {
        trial_id: t,
        root: h("allocation-root"),
        list_size: 2,
    })
    .unwrap();
    let before = raw_record(&s, t);
    for (name, slot) in [("alice", "0"), ("bob", "1")] {
        s.consent(t, &a, name).unwrap();
        let res = s.enroll(t, &a, name).unwrap();
        assert_eq!(attr(&res, "allocation_slot"), slot);
    }
    // The start, the registration clock and the counts live in their own entries.
    assert_eq!(
        raw_record(&s, t),
        before,
        "enrollments never rewrite the trial record"
    );
    let trial = s.trial(t);
    assert!(trial.started_at.is_some());
    assert!(trial.deadlines.registration_due.is_some());
    assert_eq!(trial.counts.enrolled, 2);
    assert_eq!(trial.randomization.unwrap().used, 2);
    // A site naming a slot must name the next one; the list is used up after two.
    s.consent(t, &a, "carol").unwrap();
    assert!(matches!(
        s.exec(
            &a,
            ExecuteMsg::Enroll {
                trial_id: t,
                participant: ph("carol"),
                allocation_slot: Some(1),
            }
        ),
        Err(ContractError::AllocationSlotNotNext { slot: 1, next: 2 })
    ));
    assert!(matches!(
        s.enroll(t, &a, "carol"),
        Err(ContractError::AllocationSlotOutOfRange {
            slot: 2,
            list_size: 2
        })
    ));
}
