//! Clocks nobody can erase (issue 13): a passed results deadline is never moved later by the
//! party it binds, a late actual completion date is flagged, every change is kept; a delay
//! trigger applies `min(trigger + 30 d, cap)` with extensions folded in; a freeze never blocks
//! the legal reporting duties.

use cw_health_types::trial_anchor::*;

use super::suite::*;
use crate::error::ContractError;

fn overdue(s: &Suite) -> Vec<(u64, DeadlineKind)> {
    let r: OverdueDeadlinesResponse = s.q(QueryMsg::Overdue {
        start_after: None,
        limit: None,
    });
    r.items.into_iter().map(|i| (i.trial_id, i.kind)).collect()
}

fn causes(s: &Suite, t: u64) -> Vec<DeadlineCause> {
    s.trial(t)
        .deadlines
        .history
        .into_iter()
        .map(|c| c.cause)
        .collect()
}

#[test]
fn an_overdue_results_deadline_is_not_erased_by_a_fresh_actual_completion_date() {
    let mut s = Suite::new();
    let mut msg = s.register_msg();
    msg.registry_id = Some("NCT00000010".into());
    let t = s.ready_with(msg);
    s.consent_and_enroll(t, "alice");
    let due = s.trial(t).deadlines.results_due.unwrap();
    // The anticipated date passes, then its year: results are overdue.
    s.env.block.time = due.plus_seconds(10 * DAY);
    assert_eq!(overdue(&s), vec![(t, DeadlineKind::Results {})]);
    // The responsible party "completes" yesterday: the deadline stays where it was.
    let yesterday = s.now().minus_seconds(DAY);
    let res = s
        .sponsor_exec(ExecuteMsg::RecordPrimaryCompletion {
            trial_id: t,
            date: yesterday,
        })
        .unwrap();
    assert_eq!(attr(&res, "results_due"), due.seconds().to_string());
    assert_eq!(attr(&res, "late"), "false");
    let d = s.trial(t).deadlines;
    assert_eq!(d.results_due, Some(due));
    assert!(d.history.is_empty());
    assert_eq!(overdue(&s), vec![(t, DeadlineKind::Results {})]);
}

#[test]
fn an_actual_completion_date_older_than_30_days_is_flagged_late_and_kept_in_history() {
    let mut s = Suite::new();
    let mut msg = s.register_msg();
    msg.registry_id = Some("NCT00000011".into());
    let t = s.ready_with(msg);
    s.consent_and_enroll(t, "alice");
    s.advance(100 * DAY);
    let date = s.now().minus_seconds(31 * DAY);
    let res = s
        .sponsor_exec(ExecuteMsg::RecordPrimaryCompletion { trial_id: t, date })
        .unwrap();
    assert_eq!(attr(&res, "late"), "true");
    let d = s.trial(t).deadlines;
    assert!(d.primary_completion_recorded_late);
    // Not yet passed: the clock restarts from the actual date, and the change is kept.
    let new_due = date.plus_seconds(RESULTS_WINDOW_SECS);
    assert_eq!(d.results_due, Some(new_due));
    assert_eq!(d.history.len(), 1);
    let c = &d.history[0];
    assert_eq!(c.cause, DeadlineCause::ActualPrimaryCompletion);
    assert_eq!(
        (c.to, c.at, c.by.clone()),
        (Some(new_due), s.now(), s.sponsor.clone())
    );
    assert!(c.from.is_some());
    // Within 30 days: not late.
    let mut msg = s.register_msg();
    msg.registry_id = Some("NCT00000012".into());
    let t2 = s.ready_with(msg);
    s.consent_and_enroll(t2, "bob");
    s.advance(10 * DAY);
    let res = s
        .sponsor_exec(ExecuteMsg::RecordPrimaryCompletion {
            trial_id: t2,
            date: s
                .now()
                .minus_seconds(30 * DAY - 1)
                .max(s.trial(t2).started_at.unwrap()),
        })
        .unwrap();
    assert_eq!(attr(&res, "late"), "false");
    assert!(!s.trial(t2).deadlines.primary_completion_recorded_late);
}

#[test]
fn an_extension_after_certification_does_not_switch_off_the_30_day_trigger() {
    let mut s = Suite::new();
    let t = s.ready();
    let sponsor = s.sponsor.clone();
    s.certify_delay(t);
    // A regulator extends the capped deadline by 90 days.
    s.extend_results(t, 90);
    // The approval comes after the original deadline: results due 30 days later, not at the
    // extended cap.
    let original_due = s
        .trial(t)
        .deadlines
        .delay_certification
        .unwrap()
        .original_due;
    s.env.block.time = original_due.plus_seconds(50 * DAY);
    let approved = s.now().minus_seconds(DAY);
    s.exec(
        &sponsor,
        ExecuteMsg::RecordDelayTrigger {
            trial_id: t,
            trigger_at: approved,
        },
    )
    .unwrap();
    let d = s.trial(t).deadlines;
    assert_eq!(
        d.results_due,
        Some(approved.plus_seconds(DELAY_TRIGGER_SECS))
    );
    assert_eq!(
        causes(&s, t),
        vec![
            DeadlineCause::DelayCertification,
            DeadlineCause::Extension,
            DeadlineCause::DelayTrigger
        ]
    );
}

#[test]
fn an_extension_before_certification_is_folded_into_the_trigger() {
    let mut s = Suite::new();
    let t = s.ready();
    let sponsor = s.sponsor.clone();
    let reg = s.regulator.clone();
    let due = s.trial(t).deadlines.results_due.unwrap();
    let extended = due.plus_seconds(60 * DAY);
    s.exec(
        &reg,
        ExecuteMsg::GrantExtension {
            trial_id: t,
            new_due: extended,
            decision_hash: h("good-cause"),
        },
    )
    .unwrap();
    s.advance(200 * DAY);
    s.exec(
        &sponsor,
        ExecuteMsg::CertifyDelay {
            trial_id: t,
            kind: DelayCertificationKind::NewUse,
            document_hash: h("cert"),
        },
    )
    .unwrap();
    let cap = s.trial(t).deadlines.results_due.unwrap();
    // Approval after the extended deadline, well within the cap: due 30 days after it.
    s.env.block.time = extended.plus_seconds(11 * DAY);
    assert!(s.now().plus_seconds(DELAY_TRIGGER_SECS) < cap);
    let approved = s.now().minus_seconds(DAY);
    s.exec(
        &sponsor,
        ExecuteMsg::RecordDelayTrigger {
            trial_id: t,
            trigger_at: approved,
        },
    )
    .unwrap();
    assert_eq!(
        s.trial(t).deadlines.results_due,
        Some(approved.plus_seconds(DELAY_TRIGGER_SECS))
    );
    // An early approval never ends before the extended deadline.
    let t2 = s.ready();
    let due2 = s.trial(t2).deadlines.results_due.unwrap();
    let ext2 = due2.plus_seconds(60 * DAY);
    s.exec(
        &reg,
        ExecuteMsg::GrantExtension {
            trial_id: t2,
            new_due: ext2,
            decision_hash: h("good-cause"),
        },
    )
    .unwrap();
    s.exec(
        &sponsor,
        ExecuteMsg::CertifyDelay {
            trial_id: t2,
            kind: DelayCertificationKind::NewUse,
            document_hash: h("cert"),
        },
    )
    .unwrap();
    let now = s.now();
    s.exec(
        &sponsor,
        ExecuteMsg::RecordDelayTrigger {
            trial_id: t2,
            trigger_at: now,
        },
    )
    .unwrap();
    assert_eq!(s.trial(t2).deadlines.results_due, Some(ext2));
}

#[test]
fn a_freeze_never_blocks_the_legal_reporting_duties() {
    let mut s = Suite::new();
    let t = s.ready();
    s.consent_and_enroll(t, "alice");
    let reg = s.regulator.clone();
    let freeze = |s: &mut Suite| {
        s.exec(
            &reg,
            ExecuteMsg::Freeze {
                trial_id: t,
                reason: FreezeReason::Investigation,
                order_hash: None,
            },
        )
        .unwrap();
    };
    freeze(&mut s);
    // Registration, completion date and delay certification while frozen.
    s.advance(30 * DAY);
    let res = s
        .sponsor_exec(ExecuteMsg::RecordRegistration {
            trial_id: t,
            registry_id: "NCT00000013".into(),
        })
        .unwrap();
    assert_eq!(attr(&res, "late"), "true");
    s.sponsor_exec(ExecuteMsg::RecordPrimaryCompletion {
        trial_id: t,
        date: s.now().minus_seconds(DAY),
    })
    .unwrap();
    s.sponsor_exec(ExecuteMsg::CertifyDelay {
        trial_id: t,
        kind: DelayCertificationKind::NewUse,
        document_hash: h("cert"),
    })
    .unwrap();
    s.sponsor_exec(ExecuteMsg::RecordDelayTrigger {
        trial_id: t,
        trigger_at: s.now(),
    })
    .unwrap();
    // Other changes stay blocked.
    let a = s.site_a.clone();
    assert!(matches!(
        s.consent(t, &a, "bob"),
        Err(ContractError::Frozen { .. })
    ));
    // Results are posted while frozen (the lock happened before the freeze).
    s.exec(
        &reg,
        ExecuteMsg::Unfreeze {
            trial_id: t,
            decision_hash: h("lifted"),
        },
    )
    .unwrap();
    s.lock(t);
    freeze(&mut s);
    s.post_outcome_1_results(t).unwrap();
    assert_eq!(
        causes(&s, t),
        vec![
            DeadlineCause::FirstEnrollment,
            DeadlineCause::Registered,
            DeadlineCause::ActualPrimaryCompletion,
            DeadlineCause::DelayCertification,
            DeadlineCause::DelayTrigger,
            DeadlineCause::ResultsPosted
        ]
    );
}
