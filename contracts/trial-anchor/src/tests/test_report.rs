//! The COMPare outcome-switch report.

use cw_health_types::trial_anchor::*;

use super::suite::*;
use crate::error::ContractError;

fn amend(t: u64, changes: Vec<OutcomeChange>, reason: AmendmentReason) -> ExecuteMsg {
    ExecuteMsg::AmendProtocol(Box::new(AmendMsg {
        trial_id: t,
        document_kind: DocumentKind::Protocol,
        content: doc("protocol-next"),
        reason,
        reason_hash: None,
        outcome_changes: changes,
        made_while_blinded: false,
        requires_reconsent: false,
    }))
}

fn entry(
    outcome: ResultOutcome,
    tag: &str,
    change_reason: Option<OutcomeChangeReason>,
) -> ResultEntry {
    ResultEntry {
        outcome,
        result_hash: h(tag),
        change_reason,
    }
}

#[test]
fn outcome_report_classifies_all_four_categories() {
    let mut s = Suite::new();
    let t = s.ready(); // P1 (key 1), S1 (key 2), S2 (key 3), registered with the trial.

    // Before the start: S1 is replaced (key 4) and S3 added (key 5). Both count as pre-specified;
    // the superseded S1 revision (key 2) no longer does.
    s.sponsor_exec(amend(
        t,
        vec![
            OutcomeChange::Replace {
                outcome_key: 2,
                spec: spec("S1", OutcomeKind::Secondary, "P26W"),
            },
            OutcomeChange::Add {
                spec: spec("S3", OutcomeKind::Secondary, "P52W"),
            },
        ],
        AmendmentReason::Clarification,
    ))
    .unwrap();
    s.approve(t, DocumentKind::Protocol, 2);

    // The trial starts.
    s.advance(DAY);
    s.consent_and_enroll(t, "alice");
    let start = s.now();

    // After the start: S2 is switched to a new time frame (key 6, declared by amendment 2) and a
    // new secondary S4 is added (key 7).
    s.advance(90 * DAY);
    s.sponsor_exec(amend(
        t,
        vec![
            OutcomeChange::Replace {
                outcome_key: 3,
                spec: spec("S2", OutcomeKind::Secondary, "P2Y"),
            },
            OutcomeChange::Add {
                spec: spec("S4", OutcomeKind::Secondary, "P8W"),
            },
        ],
        AmendmentReason::Feasibility,
    ))
    .unwrap();
    let outcomes: OutcomesResponse = s.q(QueryMsg::Outcomes(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    let pre: Vec<(u32, bool)> = outcomes
        .outcomes
        .iter()
        .map(|o| (o.outcome.key, o.pre_specified))
        .collect();
    assert_eq!(
        pre,
        vec![
            (1, true),
            (2, false),
            (3, true),
            (4, true),
            (5, true),
            (6, false),
            (7, false)
        ]
    );

    // Report before results: refused.
    assert!(matches!(
        s.q_err(QueryMsg::OutcomeReport(TrialPage {
            trial_id: t,
            start_after: None,
            limit: None
        })),
        ContractError::ResultsNotPosted { .. }
    ));

    s.lock(t);
    s.sponsor_exec(ExecuteMsg::PostResults {
        trial_id: t,
        document: doc("results"),
        entries: vec![
            // P1 as pre-specified.
            entry(ResultOutcome::Registered { outcome_key: 1 }, "r-p1", None),
            // S1 as replaced before the start.
            entry(ResultOutcome::Registered { outcome_key: 4 }, "r-s1", None),
            // S2 only in its switched form (declared by the amendment).
            entry(ResultOutcome::Registered { outcome_key: 6 }, "r-s2b", None),
            // A novel outcome declared as post hoc.
            entry(
                ResultOutcome::Novel {
                    spec: spec("N1", OutcomeKind::Other, "P12W"),
                },
                "r-n1",
                Some(OutcomeChangeReason::PostHocExploratory),
            ),
            // A novel outcome silently added.
            entry(
                ResultOutcome::Novel {
                    spec: spec("N2", OutcomeKind::Secondary, "P4W"),
                },
                "r-n2",
                None,
            ),
            // The old S1 revision, superseded before the start, reported without a reason.
            entry(
                ResultOutcome::Registered { outcome_key: 2 },
                "r-s1-old",
                None,
            ),
        ],
    })
    .unwrap();

    let report: OutcomeReportResponse = s.q(QueryMsg::OutcomeReport(TrialPage {
        trial_id: t,
        start_after: None,
        limit: Some(30),
    }));
    assert_eq!(report.pre_specified_before, start);
    assert_eq!(
        report.counts,
        OutcomeReportCounts {
            pre_specified_reported: 2, // P1, S1 (key 4)
            pre_specified_missing: 2,  // S2 (key 3, switched), S3 (key 5)
            new_declared: 2,           // S2 (key 6) by amendment, N1 by reason
            new_undeclared: 2,         // N2, S1 old revision
        }
    );
    assert_eq!(report.total, 8);
    let rows: Vec<Row> = report
        .entries
        .iter()
        .map(|e| {
            (
                e.position,
                e.category,
                e.code.as_str(),
                e.outcome_key,
                e.amendment_id,
            )
        })
        .collect();
    use OutcomeCategory::*;
    assert_eq!(
        rows,
        vec![
            (0, PreSpecifiedReported, "P1", Some(1), None),
            (1, PreSpecifiedMissing, "S2", Some(3), Some(2)),
            (2, PreSpecifiedReported, "S1", Some(4), Some(1)),
            (3, PreSpecifiedMissing, "S3", Some(5), Some(1)),
            (4, NewDeclared, "S2", Some(6), Some(2)),
            (5, NewDeclared, "N1", None, None),
            (6, NewUndeclared, "N2", None, None),
            (7, NewUndeclared, "S1", Some(2), None),
        ]
    );
    assert_eq!(report.entries[0].result_hash, Some(h("r-p1")));
    assert_eq!(report.entries[1].result_hash, None);
    assert_eq!(
        report.entries[5].change_reason,
        Some(OutcomeChangeReason::PostHocExploratory)
    );

    // Paged.
    let p1: OutcomeReportResponse = s.q(QueryMsg::OutcomeReport(TrialPage {
        trial_id: t,
        start_after: None,
        limit: Some(3),
    }));
    assert_eq!(p1.entries.len(), 3);
    let p2: OutcomeReportResponse = s.q(QueryMsg::OutcomeReport(TrialPage {
        trial_id: t,
        start_after: Some(p1.entries[2].position.into()),
        limit: Some(3),
    }));
    assert_eq!(
        p2.entries.iter().map(|e| e.position).collect::<Vec<_>>(),
        vec![3, 4, 5]
    );
    assert_eq!(p2.counts, report.counts);
}

#[test]
fn outcome_report_pages_never_exceed_max_limit() {
    let mut s = Suite::new();
    let mut msg = s.register_msg();
    msg.outcomes = (0..40)
        .map(|i| {
            let kind = if i == 0 {
                OutcomeKind::Primary
            } else {
                OutcomeKind::Secondary
            };
            spec(&format!("O{i}"), kind, "P4W")
        })
        .collect();
    let t = s.ready_with(msg);
    s.consent_and_enroll(t, "alice");
    s.lock(t);
    // 35 reported, 5 missing, 10 novel.
    let mut entries: Vec<ResultEntry> = (1..=35)
        .map(|k| {
            entry(
                ResultOutcome::Registered { outcome_key: k },
                &format!("r{k}"),
                None,
            )
        })
        .collect();
    entries.extend((0..10).map(|i| {
        entry(
            ResultOutcome::Novel {
                spec: spec(&format!("N{i}"), OutcomeKind::Other, "P4W"),
            },
            &format!("n{i}"),
            None,
        )
    }));
    s.sponsor_exec(ExecuteMsg::PostResults {
        trial_id: t,
        document: doc("results"),
        entries,
    })
    .unwrap();
    let mut seen = 0;
    let mut start_after = None;
    loop {
        let page: OutcomeReportResponse = s.q(QueryMsg::OutcomeReport(TrialPage {
            trial_id: t,
            start_after,
            limit: Some(100),
        }));
        assert!(page.entries.len() <= MAX_LIMIT_USIZE);
        assert_eq!(page.total, 50);
        if page.entries.is_empty() {
            break;
        }
        seen += page.entries.len();
        start_after = page.entries.last().map(|e| e.position.into());
    }
    assert_eq!(seen, 50);
    let report: OutcomeReportResponse = s.q(QueryMsg::OutcomeReport(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    assert_eq!(report.entries.len(), 10);
    assert_eq!(report.counts.pre_specified_reported, 35);
    assert_eq!(report.counts.pre_specified_missing, 5);
    assert_eq!(report.counts.new_undeclared, 10);
}

/// (position, category, code, outcome key, amendment id).
type Row<'a> = (u32, OutcomeCategory, &'a str, Option<u32>, Option<u32>);

const MAX_LIMIT_USIZE: usize = cw_health_types::MAX_LIMIT as usize;

#[test]
fn blinding_of_an_amendment_comes_from_the_unblinding_log_and_the_report_shows_it() {
    let mut s = Suite::new();
    let t = s.ready();
    s.consent_and_enroll(t, "alice");
    s.advance(DAY);
    // While nothing reached the sponsor, an amendment adding S3 is made blinded; the IRB
    // approves it.
    let mut blinded = AmendMsg {
        trial_id: t,
        document_kind: DocumentKind::Protocol,
        content: doc("protocol-v2"),
        reason: AmendmentReason::Feasibility,
        reason_hash: None,
        outcome_changes: vec![OutcomeChange::Add {
            spec: spec("S3", OutcomeKind::Secondary, "P8W"),
        }],
        made_while_blinded: true,
        requires_reconsent: false,
    };
    s.sponsor_exec(ExecuteMsg::AmendProtocol(Box::new(blinded.clone())))
        .unwrap();
    s.approve(t, DocumentKind::Protocol, 2);
    // The sponsor logs an emergency unblinding of alice: from now on it is not blinded.
    s.sponsor_exec(ExecuteMsg::RecordUnblinding {
        trial_id: t,
        kind: UnblindingKind::Emergency,
        scope: UnblindingScope::Participant {
            participant: ph("alice"),
        },
        reason: UnblindingReason::MedicalEmergency,
        document_hash: None,
    })
    .unwrap();
    let unblinded_at = s.now();
    assert_eq!(s.trial(t).sponsor_unblinded_at, Some(unblinded_at));
    s.advance(DAY);
    // A later amendment claiming blindness is refused; declared honestly it is stored unblinded.
    blinded.content = doc("protocol-v3");
    blinded.outcome_changes = vec![OutcomeChange::Add {
        spec: spec("S4", OutcomeKind::Secondary, "P8W"),
    }];
    let err = s
        .sponsor_exec(ExecuteMsg::AmendProtocol(Box::new(blinded.clone())))
        .unwrap_err();
    assert!(
        matches!(err, ContractError::BlindingMisdeclared { unblinded_at: at } if at == unblinded_at.seconds()),
        "{err}"
    );
    blinded.made_while_blinded = false;
    s.sponsor_exec(ExecuteMsg::AmendProtocol(Box::new(blinded)))
        .unwrap();
    let amendments: AmendmentsResponse = s.q(QueryMsg::Amendments(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    let flags: Vec<bool> = amendments
        .amendments
        .iter()
        .map(|a| a.amendment.made_while_blinded)
        .collect();
    assert_eq!(flags, vec![true, false]);

    // The report shows, for each new outcome, its amendment's blinding and ethics approval.
    s.lock(t);
    s.sponsor_exec(ExecuteMsg::PostResults {
        trial_id: t,
        document: doc("results"),
        entries: vec![
            entry(ResultOutcome::Registered { outcome_key: 1 }, "r-p1", None),
            entry(ResultOutcome::Registered { outcome_key: 4 }, "r-s3", None),
            entry(ResultOutcome::Registered { outcome_key: 5 }, "r-s4", None),
        ],
    })
    .unwrap();
    let report: OutcomeReportResponse = s.q(QueryMsg::OutcomeReport(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    let by_code = |code: &str| {
        report
            .entries
            .iter()
            .find(|e| e.code == code)
            .unwrap()
            .clone()
    };
    let s3 = by_code("S3");
    assert_eq!(s3.amendment_id, Some(1));
    assert_eq!(s3.amendment_made_while_blinded, Some(true));
    assert_eq!(s3.amendment_approval.unwrap().by, s.irb);
    let s4 = by_code("S4");
    assert_eq!(s4.amendment_made_while_blinded, Some(false));
    assert_eq!(s4.amendment_approval, None);
    assert_eq!(by_code("P1").amendment_made_while_blinded, None);
}
