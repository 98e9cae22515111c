//! Registration, status lifecycle, roles, amendments, IRB approval, regulators and freezing.

use cosmwasm_std::coins;
use cosmwasm_std::testing::message_info;
use cw_health_types::trial_anchor::*;
use cw_health_types::ValidationError;

use super::suite::*;
use crate::contract::execute;
use crate::error::ContractError;

#[test]
fn register_trial_stores_documents_outcomes_roles_and_results_clock() {
    let mut s = Suite::new();
    let mut msg = s.register_msg();
    msg.registry_id = Some("NCT01234567".into());
    let pcd = msg.primary_completion;
    let t = s.register(msg);
    assert_eq!(t, 1);
    let trial = s.trial(t);
    assert_eq!(trial.sponsor, s.sponsor);
    assert_eq!(trial.responsible_party, s.sponsor);
    assert_eq!(trial.status, TrialStatus::NotYetRecruiting);
    assert_eq!(trial.registry_id.as_deref(), Some("NCT01234567"));
    assert_eq!(
        (
            trial.protocol_version,
            trial.consent_form_version,
            trial.sap_version
        ),
        (1, 1, 1)
    );
    assert_eq!(
        trial.deadlines.results_due,
        Some(pcd.plus_seconds(RESULTS_WINDOW_SECS))
    );
    assert_eq!(trial.counts.outcomes, 3);
    // The claimed registry id is found only once a regulator confirms it.
    let by_id = |s: &Suite| -> Option<Trial> {
        s.q(QueryMsg::TrialByRegistryId {
            registry_id: "nct01234567".into(),
        })
    };
    assert!(by_id(&s).is_none());
    assert_eq!(trial.registry_id_confirmed_at, None);
    let reg = s.regulator.clone();
    let res = s
        .exec(
            &reg,
            ExecuteMsg::RecordRegistration {
                trial_id: t,
                registry_id: "NCT01234567".into(),
            },
        )
        .unwrap();
    assert_eq!(attr(&res, "action"), "confirm_registry_id");
    assert_eq!(by_id(&s).unwrap().id, t);

    let docs: DocumentsResponse = s.q(QueryMsg::Documents {
        trial_id: t,
        document_kind: DocumentKind::Protocol,
        start_after: None,
        limit: None,
    });
    assert_eq!(docs.documents.len(), 1);
    assert_eq!(docs.documents[0].content, doc("protocol-v1"));
    assert!(docs.documents[0].irb_approval.is_none());

    let outcomes: OutcomesResponse = s.q(QueryMsg::Outcomes(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    let codes: Vec<_> = outcomes
        .outcomes
        .iter()
        .map(|o| o.outcome.spec.code.as_str())
        .collect();
    assert_eq!(codes, ["P1", "S1", "S2"]);
    assert!(outcomes
        .outcomes
        .iter()
        .all(|o| o.pre_specified && o.superseded.is_none()));

    let roles: RolesResponse = s.q(QueryMsg::Roles {
        trial_id: t,
        start_after: None,
        limit: None,
    });
    assert_eq!(roles.roles.len(), 1);
    assert_eq!(roles.roles[0].address, s.irb);
    assert_eq!(roles.roles[0].grant.role, TrialRole::EthicsCommittee {});
    assert_eq!(s.trial(t).ethics_committee, s.irb);
    let cfg: TrialConfigResponse = s.q(QueryMsg::Config {});
    assert_eq!(cfg.trial_count, 1);
    assert_eq!(cfg.ehr_registry, None);

    // A confirmed registry id is unique: another claim of it is refused.
    let mut again = s.register_msg();
    again.registry_id = Some("NCT01234567".into());
    let err = s
        .sponsor_exec(ExecuteMsg::RegisterTrial(Box::new(again)))
        .unwrap_err();
    assert!(matches!(
        err,
        ContractError::RegistryIdTaken { trial_id: 1, .. }
    ));
}

type Mutation = Box<dyn Fn(&mut RegisterTrialMsg)>;

#[test]
fn register_trial_refuses_bad_input() {
    let mut s = Suite::new();
    let cases: Vec<(Mutation, &str)> = vec![
        (
            Box::new(|m| m.outcomes.retain(|o| o.kind != OutcomeKind::Primary)),
            "no primary",
        ),
        (
            Box::new(|m| m.outcomes.push(spec("P1", OutcomeKind::Secondary, "P2W"))),
            "duplicate code",
        ),
        (
            Box::new(|m| m.outcomes[0].time_frame = "12 weeks".into()),
            "free-text time frame",
        ),
        (
            Box::new(|m| m.outcomes[0].time_frame = "P".into()),
            "empty duration",
        ),
        (
            Box::new(|m| m.outcomes[0].time_frame = "12W".into()),
            "no P",
        ),
        (
            Box::new(|m| m.outcomes[0].measure_hash.0 = "ab".into()),
            "bad measure hash",
        ),
        (
            Box::new(|m| {
                m.outcomes = (0..65)
                    .map(|i| spec(&format!("O{i}"), OutcomeKind::Primary, "P1W"))
                    .collect()
            }),
            "too many outcomes",
        ),
        (
            Box::new(|m| m.primary_completion = m.planned_start),
            "pcd not after start",
        ),
        (
            Box::new(|m| m.protocol.uri = "not a uri".into()),
            "bad protocol uri",
        ),
        (
            Box::new(|m| m.registry_id = Some("NCT 123".into())),
            "registry id with space",
        ),
        (
            Box::new(|m| m.ethics_committee = m.ethics_committee.to_uppercase()),
            "uppercase address",
        ),
    ];
    for (mutate, name) in cases {
        let mut msg = s.register_msg();
        mutate(&mut msg);
        let res = s.sponsor_exec(ExecuteMsg::RegisterTrial(Box::new(msg)));
        assert!(res.is_err(), "{name} accepted");
    }
    let mut msg = s.register_msg();
    msg.outcomes.retain(|o| o.kind != OutcomeKind::Primary);
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::RegisterTrial(Box::new(msg))),
        Err(ContractError::NoPrimaryOutcome {})
    ));
    let mut msg = s.register_msg();
    msg.ethics_committee = s.sponsor.to_string();
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::RegisterTrial(Box::new(msg))),
        Err(ContractError::SponsorRole {})
    ));
    let mut msg = s.register_msg();
    msg.outcomes.push(spec("P1", OutcomeKind::Secondary, "P2W"));
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::RegisterTrial(Box::new(msg))),
        Err(ContractError::Validation(ValidationError::Duplicate { .. }))
    ));
    // The planned start is now or later: never in the past.
    let mut msg = s.register_msg();
    msg.planned_start = s.now().minus_seconds(1);
    let err = s
        .sponsor_exec(ExecuteMsg::RegisterTrial(Box::new(msg)))
        .unwrap_err();
    assert!(
        matches!(err, ContractError::InvalidTime(ref m) if m.contains("planned start")),
        "{err}"
    );
    let mut msg = s.register_msg();
    msg.planned_start = s.now();
    msg.primary_completion = s.now().plus_seconds(DAY);
    let t = s.register(msg);
    assert_eq!(s.trial(t).planned_start, s.now());
    // Nothing else was stored.
    let cfg: TrialConfigResponse = s.q(QueryMsg::Config {});
    assert_eq!(cfg.trial_count, 1);
}

#[test]
fn funds_are_refused() {
    let mut s = Suite::new();
    let msg = s.register_msg();
    let err = execute(
        s.deps.as_mut(),
        s.env.clone(),
        message_info(&s.sponsor, &coins(1, "uhealth")),
        ExecuteMsg::RegisterTrial(Box::new(msg)),
    )
    .unwrap_err();
    assert!(matches!(err, ContractError::Payment(_)));
}

#[test]
fn status_follows_the_clinicaltrials_gov_lifecycle() {
    let mut s = Suite::new();
    let msg = s.register_msg();
    let t = s.register(msg);
    // Recruiting needs an approved protocol and consent form.
    let err = s.set_status(t, TrialStatus::Recruiting).unwrap_err();
    assert!(matches!(
        err,
        ContractError::DocumentNotApproved {
            kind: DocumentKind::Protocol,
            version: 1
        }
    ));
    s.approve(t, DocumentKind::Protocol, 1);
    let err = s.set_status(t, TrialStatus::Recruiting).unwrap_err();
    assert!(matches!(
        err,
        ContractError::DocumentNotApproved {
            kind: DocumentKind::ConsentForm,
            ..
        }
    ));
    s.approve(t, DocumentKind::ConsentForm, 1);
    // Only the sponsor changes the status.
    let irb = s.irb.clone();
    let err = s
        .exec(
            &irb,
            ExecuteMsg::UpdateStatus {
                trial_id: t,
                status: TrialStatus::Recruiting,
                why_stopped: None,
                document_hash: None,
            },
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::Unauthorized { .. }));
    let res = s.set_status(t, TrialStatus::Recruiting).unwrap();
    assert_eq!(attr(&res, "action"), "update_status");
    assert_eq!(attr(&res, "by"), s.sponsor.to_string());
    assert_eq!(s.trial(t).status, TrialStatus::Recruiting);

    // Stopping needs a coded reason; "other" needs a document; non-stops take none.
    let err = s.set_status(t, TrialStatus::Suspended).unwrap_err();
    assert!(matches!(err, ContractError::StopReasonRequired { .. }));
    let stop = |status, why_stopped, document_hash| ExecuteMsg::UpdateStatus {
        trial_id: t,
        status,
        why_stopped,
        document_hash,
    };
    let err = s
        .sponsor_exec(stop(TrialStatus::Suspended, Some(StopReason::Other), None))
        .unwrap_err();
    assert!(matches!(err, ContractError::ReasonDocumentRequired {}));
    let err = s
        .sponsor_exec(stop(TrialStatus::Completed, Some(StopReason::Safety), None))
        .unwrap_err();
    assert!(matches!(err, ContractError::StopReasonNotAllowed { .. }));
    // Completed needs enrolled participants.
    let err = s.set_status(t, TrialStatus::Completed).unwrap_err();
    assert!(matches!(err, ContractError::InvalidStatusTransition { .. }));
    s.sponsor_exec(stop(
        TrialStatus::Suspended,
        Some(StopReason::Other),
        Some(h("why")),
    ))
    .unwrap();
    let trial = s.trial(t);
    assert_eq!(trial.status, TrialStatus::Suspended);
    assert_eq!(trial.why_stopped, Some(StopReason::Other));
    assert_eq!(trial.status_document, Some(h("why")));
    // Withdrawn (no participant yet) is final and closes the results clock.
    s.sponsor_exec(stop(
        TrialStatus::Withdrawn,
        Some(StopReason::Funding),
        None,
    ))
    .unwrap();
    let trial = s.trial(t);
    assert_eq!(trial.status, TrialStatus::Withdrawn);
    assert_eq!(trial.deadlines.results_due, None);
    let err = s.set_status(t, TrialStatus::Recruiting).unwrap_err();
    assert!(matches!(
        err,
        ContractError::InvalidStatusTransition {
            from: TrialStatus::Withdrawn,
            to: TrialStatus::Recruiting
        }
    ));
}

#[test]
fn a_trial_with_participants_cannot_be_withdrawn_but_can_complete() {
    let mut s = Suite::new();
    let t = s.ready();
    s.consent_and_enroll(t, "alice");
    let err = s
        .sponsor_exec(ExecuteMsg::UpdateStatus {
            trial_id: t,
            status: TrialStatus::Withdrawn,
            why_stopped: Some(StopReason::Funding),
            document_hash: None,
        })
        .unwrap_err();
    assert!(matches!(err, ContractError::WithdrawAfterEnrollment {}));
    s.set_status(t, TrialStatus::ActiveNotRecruiting).unwrap();
    // No enrollment while not recruiting.
    let a = s.site_a.clone();
    s.consent(t, &a, "bob").unwrap();
    let err = s.enroll(t, &a, "bob").unwrap_err();
    assert!(matches!(err, ContractError::NotEnrolling { .. }));
    s.set_status(t, TrialStatus::Completed).unwrap();
    assert_eq!(s.trial(t).status, TrialStatus::Completed);
    assert!(matches!(
        s.set_status(t, TrialStatus::ActiveNotRecruiting),
        Err(ContractError::InvalidStatusTransition { .. })
    ));
}

#[test]
fn roles_are_granted_and_revoked_by_the_sponsor_only() {
    let mut s = Suite::new();
    let t = s.ready();
    let (stranger, a) = (s.stranger.clone(), s.site_a.clone());
    let grant = |address: &cosmwasm_std::Addr| ExecuteMsg::GrantRole {
        trial_id: t,
        address: address.to_string(),
        role: TrialRole::SiteInvestigator {
            site_code: "SITE-C".into(),
        },
        reason: None,
    };
    // A site cannot appoint another site; nor can a stranger.
    let err = s.exec(&a, grant(&stranger)).unwrap_err();
    assert!(matches!(err, ContractError::Unauthorized { .. }));
    let err = s.exec(&stranger, grant(&stranger)).unwrap_err();
    assert!(matches!(err, ContractError::Unauthorized { .. }));
    // One role per address; the sponsor holds none.
    assert!(matches!(
        s.sponsor_exec(grant(&a)),
        Err(ContractError::RoleAlreadyHeld { .. })
    ));
    let sponsor = s.sponsor.clone();
    assert!(matches!(
        s.sponsor_exec(grant(&sponsor)),
        Err(ContractError::SponsorRole {})
    ));
    let bad = ExecuteMsg::GrantRole {
        trial_id: t,
        address: stranger.to_string(),
        role: TrialRole::SiteInvestigator {
            site_code: "SITE C".into(),
        },
        reason: None,
    };
    assert!(matches!(
        s.sponsor_exec(bad),
        Err(ContractError::Validation(_))
    ));

    // Revocation: the site can no longer act, and the record shows when.
    let err = s
        .exec(
            &stranger,
            ExecuteMsg::RevokeRole {
                trial_id: t,
                address: a.to_string(),
                reason: None,
            },
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::Unauthorized { .. }));
    let res = s
        .sponsor_exec(ExecuteMsg::RevokeRole {
            trial_id: t,
            address: a.to_string(),
            reason: None,
        })
        .unwrap();
    assert_eq!(attr(&res, "role"), "site_investigator");
    let err = s.consent(t, &a, "alice").unwrap_err();
    assert!(matches!(err, ContractError::UnauthorizedSite { .. }));
    let roles: RolesResponse = s.q(QueryMsg::Roles {
        trial_id: t,
        start_after: None,
        limit: Some(30),
    });
    let revoked = roles.roles.iter().find(|r| r.address == a).unwrap();
    assert_eq!(revoked.grant.revoked_at, Some(s.now()));
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::RevokeRole {
            trial_id: t,
            address: a.to_string(),
            reason: None,
        }),
        Err(ContractError::RoleNotFound { .. })
    ));
    // Paged by address.
    let page: RolesResponse = s.q(QueryMsg::Roles {
        trial_id: t,
        start_after: None,
        limit: Some(2),
    });
    assert_eq!(page.roles.len(), 2);
    let next: RolesResponse = s.q(QueryMsg::Roles {
        trial_id: t,
        start_after: Some(page.roles[1].address.to_string()),
        limit: Some(30),
    });
    assert_eq!(next.roles.len(), roles.roles.len() - 2);
}

#[test]
fn regulator_changes_name_the_owner_who_made_them() {
    let mut s = Suite::new();
    let (owner, reg, extra) = (
        s.owner.clone(),
        s.regulator.clone(),
        s.deps.api.addr_make("regulator-2"),
    );
    let res = s
        .exec(
            &owner,
            ExecuteMsg::UpdateAddressSet {
                set: AddressSet::Regulators,
                add: vec![extra.to_string()],
                remove: vec![reg.to_string()],
            },
        )
        .unwrap();
    assert_eq!(attr(&res, "action"), "update_address_set");
    assert_eq!(attr(&res, "set"), "regulators");
    assert_eq!(attr(&res, "added"), extra.to_string());
    assert_eq!(attr(&res, "removed"), reg.to_string());
    assert_eq!(attr(&res, "by"), owner.to_string());
}

#[test]
fn a_revoked_grant_is_kept_and_never_overwritten_by_a_new_grant() {
    let mut s = Suite::new();
    let t = s.ready();
    let a = s.site_a.clone();
    s.sponsor_exec(ExecuteMsg::RevokeRole {
        trial_id: t,
        address: a.to_string(),
        reason: None,
    })
    .unwrap();
    let roles = |s: &Suite| -> RolesResponse {
        s.q(QueryMsg::Roles {
            trial_id: t,
            start_after: None,
            limit: Some(30),
        })
    };
    let before = roles(&s);
    s.advance(DAY);
    // Neither the same role nor another one is granted over the revoked record.
    for role in [
        TrialRole::SiteInvestigator {
            site_code: "SITE-A".into(),
        },
        TrialRole::Auditor {},
    ] {
        let err = s
            .sponsor_exec(ExecuteMsg::GrantRole {
                trial_id: t,
                address: a.to_string(),
                role,
                reason: None,
            })
            .unwrap_err();
        assert!(
            matches!(err, ContractError::RoleRevoked { trial_id, ref address }
                if trial_id == t && *address == a.to_string()),
            "{err}"
        );
    }
    assert_eq!(roles(&s), before);
    let err = s.consent(t, &a, "alice").unwrap_err();
    assert!(matches!(err, ContractError::UnauthorizedSite { .. }));
    // A new address takes the role.
    let a2 = s.deps.api.addr_make("site-a-2");
    let res = s
        .sponsor_exec(ExecuteMsg::GrantRole {
            trial_id: t,
            address: a2.to_string(),
            role: TrialRole::SiteInvestigator {
                site_code: "SITE-A".into(),
            },
            reason: None,
        })
        .unwrap();
    assert_eq!(attr(&res, "address"), a2.to_string());
    s.consent(t, &a2, "alice").unwrap();
}

fn amend(t: u64, changes: Vec<OutcomeChange>) -> ExecuteMsg {
    ExecuteMsg::AmendProtocol(Box::new(AmendMsg {
        trial_id: t,
        document_kind: DocumentKind::Protocol,
        content: doc("protocol-v2"),
        reason: AmendmentReason::NewEvidence,
        reason_hash: None,
        outcome_changes: changes,
        made_while_blinded: true,
        requires_reconsent: false,
    }))
}

#[test]
fn amendments_supersede_outcomes_and_never_edit_them() {
    let mut s = Suite::new();
    let t = s.ready();
    let before: OutcomesResponse = s.q(QueryMsg::Outcomes(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    s.consent_and_enroll(t, "alice");
    s.advance(DAY);
    let res = s
        .sponsor_exec(amend(
            t,
            vec![
                OutcomeChange::Replace {
                    outcome_key: 2,
                    spec: spec("S1", OutcomeKind::Secondary, "P36W"),
                },
                OutcomeChange::Drop { outcome_key: 3 },
                OutcomeChange::Add {
                    spec: spec("S9", OutcomeKind::Other, "P8W"),
                },
            ],
        ))
        .unwrap();
    assert_eq!(attr(&res, "amendment_id"), "1");
    assert_eq!(attr(&res, "version"), "2");
    assert_eq!(attr(&res, "previous_sha256"), h("protocol-v1").0);
    assert_eq!(attr(&res, "content_sha256"), h("protocol-v2").0);
    assert_eq!(attr(&res, "outcomes_added"), "4,5");
    assert_eq!(attr(&res, "outcomes_superseded"), "2,3");
    assert_eq!(attr(&res, "after_start"), "true");
    let trial = s.trial(t);
    assert_eq!(trial.protocol_version, 2);
    assert_eq!(trial.counts.outcomes, 5);

    let after: OutcomesResponse = s.q(QueryMsg::Outcomes(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    // The original revisions are untouched; only supersession records were added.
    for (old, new) in before.outcomes.iter().zip(after.outcomes.iter()) {
        assert_eq!(old.outcome, new.outcome);
    }
    let s1 = &after.outcomes[1];
    assert_eq!(
        s1.superseded,
        Some(Supersession {
            amendment_id: 1,
            at: s.now(),
            replaced_by: Some(4),
            after_start: true
        })
    );
    assert!(
        s1.pre_specified,
        "superseded after the start, still the pre-specified one"
    );
    assert_eq!(
        after.outcomes[2].superseded.as_ref().unwrap().replaced_by,
        None
    );
    let s1_new = &after.outcomes[3];
    assert_eq!(s1_new.outcome.replaces, Some(2));
    assert_eq!(s1_new.outcome.amendment_id, Some(1));
    assert_eq!(s1_new.outcome.protocol_version, 2);
    assert!(!s1_new.pre_specified);
    // Pagination of outcomes.
    let page: OutcomesResponse = s.q(QueryMsg::Outcomes(TrialPage {
        trial_id: t,
        start_after: Some(3),
        limit: Some(1),
    }));
    assert_eq!(page.outcomes[0].outcome.key, 4);

    let amendments: AmendmentsResponse = s.q(QueryMsg::Amendments(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    let a = &amendments.amendments[0].amendment;
    assert_eq!(amendments.amendments[0].irb_approval, None);
    assert_eq!(a.reason, AmendmentReason::NewEvidence);
    assert!(a.made_while_blinded && a.after_start && !a.requires_reconsent);
    assert_eq!(a.outcomes_superseded, vec![2, 3]);

    // The new protocol version needs IRB approval (and consent to it) before enrollment.
    let a_site = s.site_a.clone();
    let err = s.consent(t, &a_site, "bob").unwrap_err();
    assert!(matches!(
        err,
        ContractError::DocumentNotApproved {
            kind: DocumentKind::Protocol,
            version: 2
        }
    ));
    let err = s.enroll(t, &a_site, "bob").unwrap_err();
    assert!(matches!(err, ContractError::DocumentNotApproved { .. }));
    s.approve(t, DocumentKind::Protocol, 2);
    let amendments: AmendmentsResponse = s.q(QueryMsg::Amendments(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    let approval = amendments.amendments[0].irb_approval.clone().unwrap();
    assert_eq!((approval.by, approval.at), (s.irb.clone(), s.now()));
    s.consent(t, &a_site, "bob").unwrap();
    s.enroll(t, &a_site, "bob").unwrap();
}

#[test]
fn editing_a_pre_specified_outcome_is_refused() {
    let mut s = Suite::new();
    let t = s.ready();
    // Re-adding an existing code is an edit in disguise.
    let err = s
        .sponsor_exec(amend(
            t,
            vec![OutcomeChange::Add {
                spec: spec("P1", OutcomeKind::Primary, "P6W"),
            }],
        ))
        .unwrap_err();
    assert!(matches!(
        err,
        ContractError::OutcomeImmutable { outcome_key: 1 }
    ));
    // A replacement keeps the outcome's code.
    let err = s
        .sponsor_exec(amend(
            t,
            vec![OutcomeChange::Replace {
                outcome_key: 1,
                spec: spec("P2", OutcomeKind::Primary, "P6W"),
            }],
        ))
        .unwrap_err();
    assert!(matches!(err, ContractError::ReplacementCodeMismatch { .. }));
    // A revision is changed once per amendment.
    let err = s
        .sponsor_exec(amend(
            t,
            vec![
                OutcomeChange::Drop { outcome_key: 1 },
                OutcomeChange::Drop { outcome_key: 1 },
            ],
        ))
        .unwrap_err();
    assert!(matches!(
        err,
        ContractError::DuplicateOutcomeChange { outcome_key: 1 }
    ));
    assert!(matches!(
        s.sponsor_exec(amend(t, vec![OutcomeChange::Drop { outcome_key: 42 }])),
        Err(ContractError::OutcomeNotFound {
            outcome_key: 42,
            ..
        })
    ));
    // A superseded revision is history: it cannot be changed again.
    s.sponsor_exec(amend(
        t,
        vec![OutcomeChange::Replace {
            outcome_key: 1,
            spec: spec("P1", OutcomeKind::Primary, "P6W"),
        }],
    ))
    .unwrap();
    let err = s
        .sponsor_exec(amend(
            t,
            vec![OutcomeChange::Replace {
                outcome_key: 1,
                spec: spec("P1", OutcomeKind::Primary, "P4W"),
            }],
        ))
        .unwrap_err();
    assert!(matches!(
        err,
        ContractError::OutcomeSuperseded { outcome_key: 1 }
    ));
    // The refused amendments left nothing behind.
    let trial = s.trial(t);
    assert_eq!(trial.counts.amendments, 1);
    assert_eq!(trial.protocol_version, 2);
}

#[test]
fn amendment_rules_by_document_and_stage() {
    let mut s = Suite::new();
    let t = s.ready();
    // Only the sponsor amends.
    let a = s.site_a.clone();
    assert!(matches!(
        s.exec(&a, amend(t, vec![])),
        Err(ContractError::Unauthorized { .. })
    ));
    // "Other" needs a rationale document.
    let mut m = AmendMsg {
        trial_id: t,
        document_kind: DocumentKind::ConsentForm,
        content: doc("icf-v2"),
        reason: AmendmentReason::Other,
        reason_hash: None,
        outcome_changes: vec![],
        made_while_blinded: true,
        requires_reconsent: false,
    };
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::AmendProtocol(Box::new(m.clone()))),
        Err(ContractError::ReasonDocumentRequired {})
    ));
    m.reason_hash = Some(h("rationale"));
    // Outcome changes belong to protocol amendments; re-consent to protocol or consent form.
    let mut bad = m.clone();
    bad.outcome_changes = vec![OutcomeChange::Drop { outcome_key: 2 }];
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::AmendProtocol(Box::new(bad))),
        Err(ContractError::OutcomeChangeNotProtocol {})
    ));
    let mut bad = m.clone();
    bad.document_kind = DocumentKind::StatisticalAnalysisPlan;
    bad.requires_reconsent = true;
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::AmendProtocol(Box::new(bad))),
        Err(ContractError::ReconsentNotApplicable {})
    ));
    let res = s
        .sponsor_exec(ExecuteMsg::AmendProtocol(Box::new(m)))
        .unwrap();
    assert_eq!(attr(&res, "document_kind"), "consent_form");
    assert_eq!(s.trial(t).consent_form_version, 2);
    // The cap on outcome revisions.
    let adds: Vec<_> = (0..32)
        .map(|i| OutcomeChange::Add {
            spec: spec(&format!("X{i}"), OutcomeKind::Other, "P1W"),
        })
        .collect();
    s.sponsor_exec(amend(t, adds)).unwrap();
    let adds: Vec<_> = (32..62)
        .map(|i| OutcomeChange::Add {
            spec: spec(&format!("X{i}"), OutcomeKind::Other, "P1W"),
        })
        .collect();
    assert!(matches!(
        s.sponsor_exec(amend(t, adds)),
        Err(ContractError::TooManyOutcomes { max: 64 })
    ));
    // SAP final closes SAP amendments; the lock closes outcome changes; results close all.
    s.sponsor_exec(ExecuteMsg::FinalizeSap(TrialRef { trial_id: t }))
        .unwrap();
    let sap = AmendMsg {
        trial_id: t,
        document_kind: DocumentKind::StatisticalAnalysisPlan,
        content: doc("sap-v2"),
        reason: AmendmentReason::StatisticalMethods,
        reason_hash: None,
        outcome_changes: vec![],
        made_while_blinded: true,
        requires_reconsent: false,
    };
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::AmendProtocol(Box::new(sap))),
        Err(ContractError::DocumentFinal { .. })
    ));
    s.set_status(t, TrialStatus::ActiveNotRecruiting).unwrap();
    s.sponsor_exec(ExecuteMsg::LockDatabase {
        trial_id: t,
        final_root: h("root"),
        leaf_count: 1,
    })
    .unwrap();
    assert!(matches!(
        s.sponsor_exec(amend(t, vec![OutcomeChange::Drop { outcome_key: 2 }])),
        Err(ContractError::OutcomeChangeAfterLock {})
    ));
    s.sponsor_exec(ExecuteMsg::PostResults {
        trial_id: t,
        document: doc("results"),
        entries: vec![ResultEntry {
            outcome: ResultOutcome::Registered { outcome_key: 1 },
            result_hash: h("r1"),
            change_reason: None,
        }],
    })
    .unwrap();
    assert!(matches!(
        s.sponsor_exec(amend(t, vec![])),
        Err(ContractError::AmendAfterResults {})
    ));
}

#[test]
fn the_ethics_committee_approves_current_protocol_and_consent_versions() {
    let mut s = Suite::new();
    let msg = s.register_msg();
    let t = s.register(msg);
    let approve = |kind, version| ExecuteMsg::ApproveDocument {
        trial_id: t,
        document_kind: kind,
        version,
        approval_hash: h("letter"),
    };
    let (sponsor, irb) = (s.sponsor.clone(), s.irb.clone());
    assert!(matches!(
        s.exec(&sponsor, approve(DocumentKind::Protocol, 1)),
        Err(ContractError::Unauthorized { .. })
    ));
    assert!(matches!(
        s.exec(&irb, approve(DocumentKind::Protocol, 2)),
        Err(ContractError::NotCurrentVersion { current: 1, .. })
    ));
    assert!(matches!(
        s.exec(&irb, approve(DocumentKind::StatisticalAnalysisPlan, 1)),
        Err(ContractError::NotApprovable {})
    ));
    let res = s.exec(&irb, approve(DocumentKind::Protocol, 1)).unwrap();
    assert_eq!(attr(&res, "action"), "approve_document");
    assert!(matches!(
        s.exec(&irb, approve(DocumentKind::Protocol, 1)),
        Err(ContractError::AlreadyApproved { .. })
    ));
    let docs: DocumentsResponse = s.q(QueryMsg::Documents {
        trial_id: t,
        document_kind: DocumentKind::Protocol,
        start_after: None,
        limit: None,
    });
    let approval = docs.documents[0].irb_approval.clone().unwrap();
    assert_eq!(approval.by, irb);
    assert_eq!(approval.approval_hash, h("letter"));
}

#[test]
fn regulators_freeze_and_a_frozen_trial_refuses_changes() {
    let mut s = Suite::new();
    let t = s.ready();
    s.consent_and_enroll(t, "alice");
    let (reg, stranger, sponsor, a) = (
        s.regulator.clone(),
        s.stranger.clone(),
        s.sponsor.clone(),
        s.site_a.clone(),
    );
    // Only the owner appoints regulators: not a stranger, and not a regulator (who may keep
    // the ethics committees, a set of the same message).
    for who in [&stranger, &reg] {
        assert!(matches!(
            s.exec(
                who,
                ExecuteMsg::UpdateAddressSet {
                    set: AddressSet::Regulators,
                    add: vec![stranger.to_string()],
                    remove: vec![]
                }
            ),
            Err(ContractError::Ownership(_))
        ));
    }
    let regs: AddressSetResponse = s.q(QueryMsg::AddressSet {
        set: AddressSet::Regulators,
        start_after: None,
        limit: None,
    });
    assert_eq!(regs.addresses, vec![reg.clone()]);
    let freeze = ExecuteMsg::Freeze {
        trial_id: t,
        reason: FreezeReason::ClinicalHold,
        order_hash: Some(h("hold-order")),
    };
    // Not the sponsor, not a stranger.
    assert!(matches!(
        s.exec(&sponsor, freeze.clone()),
        Err(ContractError::Unauthorized { .. })
    ));
    assert!(matches!(
        s.exec(&stranger, freeze.clone()),
        Err(ContractError::Unauthorized { .. })
    ));
    let res = s.exec(&reg, freeze.clone()).unwrap();
    assert_eq!(attr(&res, "reason"), "clinical_hold");
    assert_eq!(
        s.trial(t).frozen.unwrap().reason,
        FreezeReason::ClinicalHold
    );
    assert!(matches!(
        s.exec(&reg, freeze),
        Err(ContractError::Frozen { .. })
    ));

    // Changes are refused...
    assert!(matches!(
        s.sponsor_exec(amend(t, vec![])),
        Err(ContractError::Frozen { .. })
    ));
    assert!(matches!(
        s.consent(t, &a, "bob"),
        Err(ContractError::Frozen { .. })
    ));
    assert!(matches!(
        s.set_status(t, TrialStatus::ActiveNotRecruiting),
        Err(ContractError::Frozen { .. })
    ));
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::FinalizeSap(TrialRef { trial_id: t })),
        Err(ContractError::Frozen { .. })
    ));
    // ...but safety reporting and withdrawal continue.
    s.exec(
        &a,
        ExecuteMsg::ReportAdverseEvent(Box::new(AdverseEventMsg {
            trial_id: t,
            participant: ph("alice"),
            event_code: "10019211".into(),
            seriousness: Seriousness::NonSerious,
            expected: true,
            causality: Causality::Unlikely,
            onset: s.now(),
            aware_at: s.now(),
        })),
    )
    .unwrap();
    s.exec(
        &a,
        ExecuteMsg::Withdraw {
            trial_id: t,
            participant: ph("alice"),
            reason: WithdrawalReason::ConsentWithdrawn,
        },
    )
    .unwrap();

    // Lifting the freeze.
    let unfreeze = ExecuteMsg::Unfreeze {
        trial_id: t,
        decision_hash: h("lift"),
    };
    assert!(matches!(
        s.exec(&sponsor, unfreeze.clone()),
        Err(ContractError::Unauthorized { .. })
    ));
    s.exec(&reg, unfreeze.clone()).unwrap();
    assert!(s.trial(t).frozen.is_none());
    assert!(matches!(
        s.exec(&reg, unfreeze),
        Err(ContractError::NotFrozen { .. })
    ));
    s.sponsor_exec(amend(t, vec![])).unwrap();

    // Removing the regulator takes the power away.
    let owner = s.owner.clone();
    s.exec(
        &owner,
        ExecuteMsg::UpdateAddressSet {
            set: AddressSet::Regulators,
            add: vec![],
            remove: vec![reg.to_string()],
        },
    )
    .unwrap();
    assert!(matches!(
        s.exec(
            &reg,
            ExecuteMsg::Freeze {
                trial_id: t,
                reason: FreezeReason::Safety,
                order_hash: None
            }
        ),
        Err(ContractError::Unauthorized { .. })
    ));
}

#[test]
fn oversight_records_by_dmc_auditor_and_regulator() {
    let mut s = Suite::new();
    let t = s.ready();
    let (dmc, aud, reg, a) = (
        s.dmc.clone(),
        s.auditor.clone(),
        s.regulator.clone(),
        s.site_a.clone(),
    );
    let review = ExecuteMsg::RecordOversight {
        trial_id: t,
        kind: OversightKind::DmcReview {
            recommendation: DmcRecommendation::Continue,
        },
        report_hash: h("dmc-1"),
        unblinded_members: None,
    };
    let finding = ExecuteMsg::RecordOversight {
        trial_id: t,
        kind: OversightKind::AuditFinding {
            severity: FindingSeverity::Major,
        },
        report_hash: h("audit-1"),
        unblinded_members: None,
    };
    assert!(matches!(
        s.exec(&aud, review.clone()),
        Err(ContractError::Unauthorized { .. })
    ));
    assert!(matches!(
        s.exec(&dmc, finding.clone()),
        Err(ContractError::Unauthorized { .. })
    ));
    assert!(matches!(
        s.exec(&a, finding.clone()),
        Err(ContractError::Unauthorized { .. })
    ));
    s.exec(&dmc, review).unwrap();
    s.exec(&aud, finding.clone()).unwrap();
    let res = s.exec(&reg, finding).unwrap();
    assert_eq!(attr(&res, "oversight_id"), "3");
    let list: OversightResponse = s.q(QueryMsg::Oversight(TrialPage {
        trial_id: t,
        start_after: Some(1),
        limit: None,
    }));
    assert_eq!(list.records.len(), 2);
    assert_eq!(list.records[0].by, aud);
    assert_eq!(list.records[1].by, reg);
}

#[test]
fn unknown_trials_are_reported() {
    let mut s = Suite::new();
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::FinalizeSap(TrialRef { trial_id: 9 })),
        Err(ContractError::TrialNotFound { trial_id: 9 })
    ));
    assert!(matches!(
        s.q_err(QueryMsg::Trial(TrialRef { trial_id: 9 })),
        ContractError::TrialNotFound { trial_id: 9 }
    ));
}
