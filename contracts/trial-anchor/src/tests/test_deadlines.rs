//! FDAAA clocks: registration 21 days after first enrollment, results one year after primary
//! completion (delay certification with its cap, extensions), and the overdue list.

use cosmwasm_std::Timestamp;
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

#[test]
fn registration_is_due_21_days_after_first_enrollment() {
    let mut s = Suite::new();
    let t = s.ready();
    assert_eq!(s.trial(t).deadlines.registration_due, None);
    s.consent_and_enroll(t, "alice");
    let first = s.now();
    let due = first.plus_seconds(REGISTRATION_WINDOW_SECS);
    assert_eq!(s.trial(t).deadlines.registration_due, Some(due));
    // A second enrollment does not move the clock.
    s.advance(DAY);
    s.consent_and_enroll(t, "bob");
    assert_eq!(s.trial(t).deadlines.registration_due, Some(due));

    s.advance(20 * DAY); // exactly at the due time: not yet late
    assert_eq!(s.now(), due);
    assert!(overdue(&s).is_empty());
    s.advance(1);
    let items: OverdueDeadlinesResponse = s.q(QueryMsg::Overdue {
        start_after: None,
        limit: None,
    });
    assert_eq!(items.items.len(), 1);
    let item = &items.items[0];
    assert_eq!(
        (item.trial_id, item.kind.clone()),
        (t, DeadlineKind::Registration {})
    );
    assert_eq!(item.due.seconds(), due.seconds());
    assert_eq!(item.seconds_late, 1);

    // Only the sponsor or responsible party records the registry id; it stops the clock.
    let a = s.site_a.clone();
    let rec = ExecuteMsg::RecordRegistration {
        trial_id: t,
        registry_id: "NCT07654321".into(),
    };
    assert!(matches!(
        s.exec(&a, rec.clone()),
        Err(ContractError::Unauthorized { .. })
    ));
    let res = s.sponsor_exec(rec.clone()).unwrap();
    assert_eq!(attr(&res, "late"), "true");
    assert!(overdue(&s).is_empty());
    let trial = s.trial(t);
    assert_eq!(trial.registry_id.as_deref(), Some("NCT07654321"));
    assert_eq!(trial.registry_recorded_at, Some(s.now()));
    assert_eq!(trial.deadlines.registration_due, None);
    assert!(matches!(
        s.sponsor_exec(rec),
        Err(ContractError::RegistryIdAlreadyRecorded {})
    ));
}

#[test]
fn a_trial_registered_before_enrollment_has_no_registration_clock() {
    let mut s = Suite::new();
    let mut msg = s.register_msg();
    msg.registry_id = Some("NCT00000001".into());
    let t = s.ready_with(msg);
    s.consent_and_enroll(t, "alice");
    assert_eq!(s.trial(t).deadlines.registration_due, None);
    s.advance(30 * DAY);
    assert!(overdue(&s).is_empty());
}

#[test]
fn results_are_due_a_year_after_primary_completion() {
    let mut s = Suite::new();
    let mut msg = s.register_msg();
    msg.registry_id = Some("NCT00000002".into());
    let anticipated = msg.primary_completion;
    let t = s.ready_with(msg);
    assert_eq!(
        s.trial(t).deadlines.results_due,
        Some(anticipated.plus_seconds(RESULTS_WINDOW_SECS))
    );
    // The actual primary completion date moves the clock.
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::RecordPrimaryCompletion {
            trial_id: t,
            date: s.now()
        }),
        Err(ContractError::InvalidTime(_))
    ));
    s.consent_and_enroll(t, "alice");
    s.advance(200 * DAY);
    let pcd = s.now().minus_seconds(DAY);
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::RecordPrimaryCompletion {
            trial_id: t,
            date: s.now().plus_seconds(1)
        }),
        Err(ContractError::InvalidTime(_))
    ));
    let a = s.site_a.clone();
    assert!(matches!(
        s.exec(
            &a,
            ExecuteMsg::RecordPrimaryCompletion {
                trial_id: t,
                date: pcd
            }
        ),
        Err(ContractError::Unauthorized { .. })
    ));
    s.sponsor_exec(ExecuteMsg::RecordPrimaryCompletion {
        trial_id: t,
        date: pcd,
    })
    .unwrap();
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::RecordPrimaryCompletion {
            trial_id: t,
            date: pcd
        }),
        Err(ContractError::PrimaryCompletionAlreadyRecorded {})
    ));
    let due = pcd.plus_seconds(RESULTS_WINDOW_SECS);
    assert_eq!(s.trial(t).deadlines.results_due, Some(due));
    s.advance(365 * DAY);
    assert_eq!(overdue(&s), vec![(t, DeadlineKind::Results {})]);
    // Posting results closes the clock (and records lateness).
    s.lock(t);
    let res = s.post_outcome_1_results(t).unwrap();
    assert_eq!(attr(&res, "late"), "true");
    assert!(overdue(&s).is_empty());
}

#[test]
fn delay_certification_moves_results_to_its_cap_then_30_days_after_approval() {
    let mut s = Suite::new();
    let mut msg = s.register_msg();
    msg.registry_id = Some("NCT00000003".into());
    let responsible = s.deps.api.addr_make("responsible");
    msg.responsible_party = Some(responsible.to_string());
    let t = s.ready_with(msg);
    let original_due = s.trial(t).deadlines.results_due.unwrap();
    let certify = ExecuteMsg::CertifyDelay {
        trial_id: t,
        kind: DelayCertificationKind::UnapprovedProduct,
        document_hash: h("certification"),
    };
    // The responsible party certifies, not the sponsor.
    assert!(matches!(
        s.sponsor_exec(certify.clone()),
        Err(ContractError::Unauthorized { .. })
    ));
    s.advance(400 * DAY);
    let certified_at = s.now();
    s.exec(&responsible, certify.clone()).unwrap();
    let cap = certified_at.plus_seconds(DELAY_CAP_SECS);
    let d = s.trial(t).deadlines;
    assert_eq!(d.results_due, Some(cap));
    assert!(cap > original_due);
    assert_eq!(d.delay_certification.as_ref().unwrap().cap, cap);
    assert!(matches!(
        s.exec(&responsible, certify),
        Err(ContractError::AlreadyCertified {})
    ));
    // The approval comes: results due 30 days later (within the cap).
    s.advance(360 * DAY);
    let approved = s.now().minus_seconds(DAY);
    assert!(matches!(
        s.exec(
            &responsible,
            ExecuteMsg::RecordDelayTrigger {
                trial_id: t,
                trigger_at: certified_at.minus_seconds(1)
            }
        ),
        Err(ContractError::InvalidTime(_))
    ));
    s.exec(
        &responsible,
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
    assert!(matches!(
        s.exec(
            &responsible,
            ExecuteMsg::RecordDelayTrigger {
                trial_id: t,
                trigger_at: approved
            }
        ),
        Err(ContractError::TriggerAlreadyRecorded {})
    ));
    s.advance(30 * DAY);
    assert_eq!(overdue(&s), vec![(t, DeadlineKind::Results {})]);
}

#[test]
fn an_early_approval_never_shortens_the_original_deadline() {
    let mut s = Suite::new();
    let t = s.ready();
    let original_due = s.trial(t).deadlines.results_due.unwrap();
    let sponsor = s.sponsor.clone();
    s.exec(
        &sponsor,
        ExecuteMsg::CertifyDelay {
            trial_id: t,
            kind: DelayCertificationKind::NewUse,
            document_hash: h("cert"),
        },
    )
    .unwrap();
    s.advance(10 * DAY);
    s.exec(
        &sponsor,
        ExecuteMsg::RecordDelayTrigger {
            trial_id: t,
            trigger_at: s.now(),
        },
    )
    .unwrap();
    let d = s.trial(t).deadlines;
    assert_eq!(d.results_due, Some(original_due));
    assert_eq!(d.delay_certification.unwrap().original_due, original_due);
}

#[test]
fn a_certification_after_the_deadline_is_refused() {
    let mut s = Suite::new();
    let t = s.ready();
    let due = s.trial(t).deadlines.results_due.unwrap();
    s.env.block.time = due;
    let sponsor = s.sponsor.clone(); // the sponsor is the responsible party by default
    assert!(matches!(
        s.exec(
            &sponsor,
            ExecuteMsg::CertifyDelay {
                trial_id: t,
                kind: DelayCertificationKind::NewUse,
                document_hash: h("late-cert"),
            }
        ),
        Err(ContractError::CertificationTooLate {})
    ));
    assert!(matches!(
        s.exec(
            &sponsor,
            ExecuteMsg::RecordDelayTrigger {
                trial_id: t,
                trigger_at: due
            }
        ),
        Err(ContractError::NotCertified {})
    ));
}

#[test]
fn regulators_grant_bounded_extensions() {
    let mut s = Suite::new();
    let t = s.ready();
    let due = s.trial(t).deadlines.results_due.unwrap();
    let reg = s.regulator.clone();
    let ext = |new_due: Timestamp| ExecuteMsg::GrantExtension {
        trial_id: t,
        new_due,
        decision_hash: h("good-cause"),
    };
    assert!(matches!(
        s.sponsor_exec(ext(due.plus_seconds(DAY))),
        Err(ContractError::Unauthorized { .. })
    ));
    assert!(matches!(
        s.exec(&reg, ext(due)),
        Err(ContractError::InvalidExtension {})
    ));
    assert!(matches!(
        s.exec(&reg, ext(due.plus_seconds(MAX_EXTENSION_SECS + 1))),
        Err(ContractError::InvalidExtension {})
    ));
    let d1 = due.plus_seconds(90 * DAY);
    s.exec(&reg, ext(d1)).unwrap();
    let d2 = d1.plus_seconds(90 * DAY);
    let res = s.exec(&reg, ext(d2)).unwrap();
    assert_eq!(attr(&res, "extensions"), "2");
    assert!(matches!(
        s.exec(&reg, ext(d2.plus_seconds(DAY))),
        Err(ContractError::TooManyExtensions { max: 2 })
    ));
    let d = s.trial(t).deadlines;
    assert_eq!((d.results_due, d.extensions), (Some(d2), 2));
    // The index moved with it: nothing late at the original due time.
    s.env.block.time = due.plus_seconds(DAY);
    assert!(overdue(&s).is_empty());
    s.env.block.time = d2.plus_seconds(1);
    assert_eq!(overdue(&s), vec![(t, DeadlineKind::Results {})]);
}

#[test]
fn overdue_lists_across_trials_in_due_order_with_a_cursor() {
    let mut s = Suite::new();
    // Three trials, enrolled one day apart, none registered with the registry.
    let mut ids = vec![];
    for i in 0..3 {
        let t = s.ready();
        s.consent_and_enroll(t, &format!("p{i}"));
        ids.push(t);
        s.advance(DAY);
    }
    s.advance(30 * DAY);
    let page1: OverdueDeadlinesResponse = s.q(QueryMsg::Overdue {
        start_after: None,
        limit: Some(2),
    });
    assert_eq!(
        page1.items.iter().map(|i| i.trial_id).collect::<Vec<_>>(),
        ids[..2].to_vec()
    );
    assert!(page1.items[0].due < page1.items[1].due);
    let page2: OverdueDeadlinesResponse = s.q(QueryMsg::Overdue {
        start_after: Some(page1.items[1].cursor.clone()),
        limit: Some(2),
    });
    assert_eq!(
        page2.items.iter().map(|i| i.trial_id).collect::<Vec<_>>(),
        vec![ids[2]]
    );
    assert!(page2
        .items
        .iter()
        .all(|i| i.kind == DeadlineKind::Registration {}));
}
