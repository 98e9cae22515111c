//! Consent, enrollment, re-consent, visits, withdrawal and randomization.

use cw_health_types::merkle::{build_proof, compute_root};
use cw_health_types::trial_anchor::*;
use cw_health_types::Sha256Hash;

use super::suite::*;
use crate::error::ContractError;

#[test]
fn enroll_before_consent_is_refused_then_consent_and_enroll() {
    let mut s = Suite::new();
    let t = s.ready();
    let a = s.site_a.clone();
    let err = s.enroll(t, &a, "alice").unwrap_err();
    assert!(matches!(
        err,
        ContractError::NoConsentToCurrentVersion {
            protocol_version: 1,
            consent_form_version: 1
        }
    ));

    let res = s.consent(t, &a, "alice").unwrap();
    assert_eq!(attr(&res, "action"), "record_consent");
    assert_eq!(attr(&res, "participant"), ph("alice").0);
    assert_eq!(attr(&res, "protocol_version"), "1");
    assert_eq!(attr(&res, "site_code"), "SITE-A");
    assert!(matches!(
        s.consent(t, &a, "alice"),
        Err(ContractError::AlreadyConsented {
            protocol_version: 1
        })
    ));
    let p = s.participant(t, "alice");
    assert!(p.consented_to_current && !p.reconsent_required);
    assert_eq!(p.participant.enrolled_at, None);

    s.advance(60);
    let res = s.enroll(t, &a, "alice").unwrap();
    assert_eq!(attr(&res, "first_enrollment"), "true");
    let p = s.participant(t, "alice");
    assert_eq!(p.participant.enrolled_at, Some(s.now()));
    let trial = s.trial(t);
    assert_eq!(trial.started_at, Some(s.now()));
    assert_eq!(trial.counts.enrolled, 1);
    assert!(matches!(
        s.enroll(t, &a, "alice"),
        Err(ContractError::AlreadyEnrolled {})
    ));
    let consents: ConsentsResponse = s.q(QueryMsg::Consents {
        trial_id: t,
        participant: ph("alice"),
        start_after: None,
        limit: None,
    });
    assert_eq!(consents.consents.len(), 1);
    assert_eq!(
        consents.consents[0].signed_form_hash,
        Some(h("signed:alice"))
    );
    assert!(!consents.consents[0].ehr_verified);
    // A malformed pseudonym is refused.
    let err = s
        .exec(
            &a,
            ExecuteMsg::RecordConsent {
                trial_id: t,
                participant: Sha256Hash("Alice Smith".into()),
                signed_form_hash: None,
                ehr_grant_id: None,
            },
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::Validation(_)));
}

#[test]
fn unauthorized_sites_are_refused() {
    let mut s = Suite::new();
    let t = s.ready();
    let (a, b, stranger, sponsor, dmc) = (
        s.site_a.clone(),
        s.site_b.clone(),
        s.stranger.clone(),
        s.sponsor.clone(),
        s.dmc.clone(),
    );
    // Not a site of this trial: a stranger, the sponsor, the DMC.
    for who in [&stranger, &sponsor, &dmc] {
        assert!(matches!(
            s.consent(t, who, "alice"),
            Err(ContractError::UnauthorizedSite { .. })
        ));
        assert!(matches!(
            s.enroll(t, who, "alice"),
            Err(ContractError::UnauthorizedSite { .. })
        ));
    }
    // A site of another trial is not a site of this one.
    let other = s.ready();
    assert_ne!(other, t);
    let c = s.deps.api.addr_make("site_c");
    s.grant(
        other,
        &c,
        TrialRole::SiteInvestigator {
            site_code: "SITE-C".into(),
        },
    );
    assert!(matches!(
        s.consent(t, &c, "alice"),
        Err(ContractError::UnauthorizedSite { .. })
    ));
    // Site B cannot enroll, visit or withdraw site A's participant.
    s.consent(t, &a, "alice").unwrap();
    assert!(matches!(
        s.enroll(t, &b, "alice"),
        Err(ContractError::WrongSite { .. })
    ));
    assert!(matches!(
        s.consent(t, &b, "alice"),
        Err(ContractError::WrongSite { .. })
    ));
    s.enroll(t, &a, "alice").unwrap();
    assert!(matches!(
        s.exec(
            &b,
            ExecuteMsg::RecordVisit {
                trial_id: t,
                participant: ph("alice"),
                visit_code: "W4".into()
            }
        ),
        Err(ContractError::WrongSite { .. })
    ));
    assert!(matches!(
        s.exec(
            &b,
            ExecuteMsg::Withdraw {
                trial_id: t,
                participant: ph("alice"),
                reason: WithdrawalReason::Other
            }
        ),
        Err(ContractError::WrongSite { .. })
    ));
}

#[test]
fn reconsent_blocks_visits_until_given() {
    let mut s = Suite::new();
    let t = s.ready();
    let a = s.site_a.clone();
    s.consent_and_enroll(t, "alice");
    let visit = |code: &str| ExecuteMsg::RecordVisit {
        trial_id: t,
        participant: ph("alice"),
        visit_code: code.into(),
    };
    s.exec(&a, visit("W4")).unwrap();
    assert!(matches!(
        s.exec(&a, visit("week 4")),
        Err(ContractError::Validation(_))
    ));
    // A protocol amendment that does not require re-consent does not block visits.
    let amend =
        |reconsent: bool, name: &str| safety_amendment(t, DocumentKind::Protocol, name, reconsent);
    s.sponsor_exec(amend(false, "protocol-v2")).unwrap();
    s.exec(&a, visit("W8")).unwrap();
    assert!(!s.participant(t, "alice").reconsent_required);
    // One that does blocks them.
    s.sponsor_exec(amend(true, "protocol-v3")).unwrap();
    let p = s.participant(t, "alice");
    assert!(p.reconsent_required && !p.consented_to_current);
    let err = s.exec(&a, visit("W12")).unwrap_err();
    assert!(matches!(
        err,
        ContractError::ReconsentRequired {
            protocol_version: 3,
            consent_form_version: 1
        }
    ));
    // Re-consent needs the IRB-approved version.
    assert!(matches!(
        s.consent(t, &a, "alice"),
        Err(ContractError::DocumentNotApproved { version: 3, .. })
    ));
    s.approve(t, DocumentKind::Protocol, 3);
    s.consent(t, &a, "alice").unwrap();
    s.exec(&a, visit("W12")).unwrap();
    let p = s.participant(t, "alice");
    assert!(!p.reconsent_required);
    assert_eq!(p.participant.visits, 3);
    assert_eq!(p.participant.latest_consent_version, 3);
    let consents: ConsentsResponse = s.q(QueryMsg::Consents {
        trial_id: t,
        participant: ph("alice"),
        start_after: None,
        limit: None,
    });
    let versions: Vec<(u32, u32)> = consents
        .consents
        .iter()
        .map(|c| (c.seq, c.protocol_version))
        .collect();
    assert_eq!(versions, vec![(1, 1), (2, 3)]);
    let page: ConsentsResponse = s.q(QueryMsg::Consents {
        trial_id: t,
        participant: ph("alice"),
        start_after: Some(1),
        limit: None,
    });
    assert_eq!(page.consents.len(), 1);
    assert_eq!(page.consents[0].seq, 2);
    // A consent given to an older version does not let anyone enroll under the new one.
    let mut s2 = Suite::new();
    let t2 = s2.ready();
    let a2 = s2.site_a.clone();
    s2.consent(t2, &a2, "bob").unwrap();
    s2.amend(t2, DocumentKind::Protocol, "p2", false);
    s2.approve(t2, DocumentKind::Protocol, 2);
    assert!(matches!(
        s2.enroll(t2, &a2, "bob"),
        Err(ContractError::NoConsentToCurrentVersion {
            protocol_version: 2,
            ..
        })
    ));
}

#[test]
fn a_consent_form_revision_requiring_reconsent_blocks_visits_and_enrollment() {
    let mut s = Suite::new();
    let t = s.ready();
    let a = s.site_a.clone();
    s.consent_and_enroll(t, "alice");
    s.consent(t, &a, "bob").unwrap();
    s.sponsor_exec(ExecuteMsg::AmendProtocol(Box::new(AmendMsg {
        trial_id: t,
        document_kind: DocumentKind::ConsentForm,
        content: doc("icf-v2"),
        reason: AmendmentReason::Safety,
        reason_hash: Some(h("new-risk")),
        outcome_changes: vec![],
        made_while_blinded: true,
        requires_reconsent: true,
    })))
    .unwrap();
    let trial = s.trial(t);
    assert_eq!((trial.protocol_version, trial.consent_form_version), (1, 2));
    assert_eq!(
        (
            trial.reconsent_from_version,
            trial.reconsent_from_consent_form_version
        ),
        (1, 2)
    );
    assert!(s.participant(t, "alice").reconsent_required);
    let visit = ExecuteMsg::RecordVisit {
        trial_id: t,
        participant: ph("alice"),
        visit_code: "W4".into(),
    };
    assert!(matches!(
        s.exec(&a, visit.clone()),
        Err(ContractError::ReconsentRequired {
            protocol_version: 1,
            consent_form_version: 2
        })
    ));
    // Bob consented on the old form: he cannot be enrolled until he signs the new one.
    s.approve(t, DocumentKind::ConsentForm, 2);
    assert!(matches!(
        s.enroll(t, &a, "bob"),
        Err(ContractError::NoConsentToCurrentVersion {
            consent_form_version: 2,
            ..
        })
    ));
    s.consent(t, &a, "alice").unwrap();
    s.consent(t, &a, "bob").unwrap();
    s.enroll(t, &a, "bob").unwrap();
    s.exec(&a, visit).unwrap();
    let consents: ConsentsResponse = s.q(QueryMsg::Consents {
        trial_id: t,
        participant: ph("alice"),
        start_after: None,
        limit: None,
    });
    // Both consents are kept: the re-consent is a new record.
    let forms: Vec<(u32, u32)> = consents
        .consents
        .iter()
        .map(|c| (c.protocol_version, c.consent_form_version))
        .collect();
    assert_eq!(forms, vec![(1, 1), (1, 2)]);
}

#[test]
fn withdrawal_is_final_and_blocks_further_participation() {
    let mut s = Suite::new();
    let t = s.ready();
    let (a, stranger) = (s.site_a.clone(), s.stranger.clone());
    s.consent_and_enroll(t, "alice");
    let withdraw = ExecuteMsg::Withdraw {
        trial_id: t,
        participant: ph("alice"),
        reason: WithdrawalReason::ConsentWithdrawn,
    };
    assert!(matches!(
        s.exec(&stranger, withdraw.clone()),
        Err(ContractError::UnauthorizedSite { .. })
    ));
    let res = s.exec(&a, withdraw.clone()).unwrap();
    assert_eq!(attr(&res, "reason"), "consent_withdrawn");
    let p = s.participant(t, "alice").participant;
    assert_eq!(
        p.withdrawal,
        Some(Withdrawal {
            at: s.now(),
            reason: WithdrawalReason::ConsentWithdrawn
        })
    );
    assert!(matches!(
        s.sponsor_exec(withdraw),
        Err(ContractError::ParticipantWithdrawn {})
    ));
    assert!(matches!(
        s.exec(
            &a,
            ExecuteMsg::RecordVisit {
                trial_id: t,
                participant: ph("alice"),
                visit_code: "W4".into()
            }
        ),
        Err(ContractError::ParticipantWithdrawn {})
    ));
    // The sponsor may withdraw a consented (not enrolled) participant too.
    s.consent(t, &a, "bob").unwrap();
    s.sponsor_exec(ExecuteMsg::Withdraw {
        trial_id: t,
        participant: ph("bob"),
        reason: WithdrawalReason::TrialStopped,
    })
    .unwrap();
    assert!(matches!(
        s.enroll(t, &a, "bob"),
        Err(ContractError::ParticipantWithdrawn {})
    ));
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::Withdraw {
            trial_id: t,
            participant: ph("nobody"),
            reason: WithdrawalReason::Other,
        }),
        Err(ContractError::ParticipantNotFound { .. })
    ));
}

/// The allocation list of 4 slots: A, B, B, A with per-slot salts.
fn allocation() -> (Vec<Vec<u8>>, Vec<(String, Sha256Hash)>) {
    let slots: Vec<(String, Sha256Hash)> = ["A", "B", "B", "A"]
        .iter()
        .enumerate()
        .map(|(i, arm)| (arm.to_string(), h(&format!("salt-{i}"))))
        .collect();
    let leaves = slots
        .iter()
        .enumerate()
        .map(|(i, (arm, salt))| allocation_leaf(i as u64, arm, salt))
        .collect();
    (leaves, slots)
}

#[test]
fn randomization_is_committed_before_enrollment_and_reveals_are_proven() {
    let mut s = Suite::new();
    let mut msg = s.register_msg();
    msg.randomized = true;
    let t = s.ready_with(msg);
    let (a, dmc, stranger) = (s.site_a.clone(), s.dmc.clone(), s.stranger.clone());
    let (leaves, slots) = allocation();
    let refs: Vec<&[u8]> = leaves.iter().map(|l| l.as_slice()).collect();
    let root = Sha256Hash::from_bytes(compute_root(&refs).unwrap());

    s.consent(t, &a, "alice").unwrap();
    let enroll = |slot| ExecuteMsg::Enroll {
        trial_id: t,
        participant: ph("alice"),
        allocation_slot: slot,
    };
    assert!(matches!(
        s.exec(&a, enroll(Some(0))),
        Err(ContractError::RandomizationNotCommitted {})
    ));
    let commit = ExecuteMsg::CommitRandomization {
        trial_id: t,
        root: root.clone(),
        list_size: 4,
    };
    assert!(matches!(
        s.exec(&a, commit.clone()),
        Err(ContractError::Unauthorized { .. })
    ));
    s.sponsor_exec(commit.clone()).unwrap();
    assert!(matches!(
        s.sponsor_exec(commit),
        Err(ContractError::RandomizationAlreadyCommitted {})
    ));
    // The site cannot pick a slot (and with it an arm): slots are consumed in order.
    for picked in [3, 1, 4] {
        let err = s.exec(&a, enroll(Some(picked))).unwrap_err();
        assert!(
            matches!(err, ContractError::AllocationSlotNotNext { slot, next: 0 } if slot == picked),
            "{err}"
        );
    }
    let res = s.exec(&a, enroll(None)).unwrap();
    assert_eq!(attr(&res, "allocation_slot"), "0");
    // Naming the next slot is allowed (the site confirms the envelope it opens).
    let enroll_as = |name: &str, slot: Option<u64>| ExecuteMsg::Enroll {
        trial_id: t,
        participant: ph(name),
        allocation_slot: slot,
    };
    for (name, slot) in [("bob", Some(1)), ("carol", None), ("dave", Some(3))] {
        s.consent(t, &a, name).unwrap();
        s.exec(&a, enroll_as(name, slot)).unwrap();
    }
    assert_eq!(
        s.participant(t, "carol").participant.allocation_slot,
        Some(2)
    );
    // The list is exhausted.
    s.consent(t, &a, "eve").unwrap();
    assert!(matches!(
        s.exec(&a, enroll_as("eve", None)),
        Err(ContractError::AllocationSlotOutOfRange {
            slot: 4,
            list_size: 4
        })
    ));
    let c = s.trial(t).randomization.unwrap();
    assert_eq!((c.used, c.revealed), (4, 0));
    assert_eq!(
        s.participant(t, "alice").participant.allocation_slot,
        Some(0)
    );

    // Reveal: only after the lock, by sponsor or DMC, proven against the commitment.
    let reveal =
        |name: &str, arm: &str, salt: &Sha256Hash, index: u64| ExecuteMsg::RevealAllocation {
            trial_id: t,
            participant: ph(name),
            arm: arm.into(),
            salt: salt.clone(),
            proof: build_proof(&refs, index).unwrap(),
        };
    let (arm, salt) = slots[0].clone();
    assert!(matches!(
        s.sponsor_exec(reveal("alice", &arm, &salt, 0)),
        Err(ContractError::RevealBeforeLock {})
    ));
    s.lock(t);
    assert!(matches!(
        s.exec(&stranger, reveal("alice", &arm, &salt, 0)),
        Err(ContractError::Unauthorized { .. })
    ));
    assert!(matches!(
        s.exec(&dmc, reveal("alice", "B", &salt, 0)),
        Err(ContractError::AllocationMismatch(_))
    ));
    assert!(matches!(
        s.exec(&dmc, reveal("alice", &arm, &salt, 2)),
        Err(ContractError::AllocationProofMismatch { slot: 0, .. })
    ));
    let res = s.exec(&dmc, reveal("alice", &arm, &salt, 0)).unwrap();
    assert_eq!(attr(&res, "arm"), "A");
    assert_eq!(attr(&res, "unblinding_id"), "1");
    assert_eq!(
        s.participant(t, "alice")
            .participant
            .revealed_arm
            .as_deref(),
        Some("A")
    );
    assert!(matches!(
        s.sponsor_exec(reveal("alice", &arm, &salt, 0)),
        Err(ContractError::AllocationAlreadyRevealed {})
    ));

    // Results wait until every used slot is revealed; each reveal is in the unblinding log.
    let results = ExecuteMsg::PostResults {
        trial_id: t,
        document: doc("results"),
        entries: vec![ResultEntry {
            outcome: ResultOutcome::Registered { outcome_key: 1 },
            result_hash: h("r"),
            change_reason: None,
        }],
    };
    assert!(matches!(
        s.sponsor_exec(results.clone()),
        Err(ContractError::AllocationsNotRevealed {
            used: 4,
            revealed: 1
        })
    ));
    for (i, name) in ["bob", "carol", "dave"].into_iter().enumerate() {
        let slot = i + 1;
        let (arm, salt) = slots[slot].clone();
        s.sponsor_exec(reveal(name, &arm, &salt, slot as u64))
            .unwrap();
    }
    s.sponsor_exec(results).unwrap();
    let log: UnblindingsResponse = s.q(QueryMsg::Unblindings(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    assert_eq!(log.unblindings.len(), 4);
    assert!(log
        .unblindings
        .iter()
        .all(|u| u.kind == UnblindingKind::Planned
            && u.reason == UnblindingReason::FinalAnalysis
            && matches!(u.scope, UnblindingScope::Participant { .. })));
}

#[test]
fn randomization_rules_for_unrandomized_and_started_trials() {
    let mut s = Suite::new();
    let t = s.ready();
    let a = s.site_a.clone();
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::CommitRandomization {
            trial_id: t,
            root: h("r"),
            list_size: 4
        }),
        Err(ContractError::NotRandomized { .. })
    ));
    s.consent(t, &a, "alice").unwrap();
    assert!(matches!(
        s.exec(
            &a,
            ExecuteMsg::Enroll {
                trial_id: t,
                participant: ph("alice"),
                allocation_slot: Some(0)
            }
        ),
        Err(ContractError::AllocationSlotNotAllowed {})
    ));
    // A randomized trial that somehow started cannot commit late: covered by the guard on
    // started_at; a zero-size list is refused.
    let mut msg = s.register_msg();
    msg.randomized = true;
    let r = s.ready_with(msg);
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::CommitRandomization {
            trial_id: r,
            root: h("r"),
            list_size: 0
        }),
        Err(ContractError::InvalidInput(_))
    ));
}
