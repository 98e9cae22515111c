//! Every execute message refuses a caller without the role it needs, and changes nothing.

use cosmwasm_std::Addr;
use cw_health_types::merkle::MerkleProof;
use cw_health_types::trial_anchor::*;

use super::suite::*;
use crate::error::ContractError;

/// One instance of every execute message on trial `t` (except `update_ownership`, covered by
/// tests/lifecycle.rs, and `register_trial`, which anyone may call).
fn every_message(s: &Suite, t: u64) -> Vec<ExecuteMsg> {
    let p = ph("alice");
    vec![
        ExecuteMsg::UpdateAddressSet {
            set: AddressSet::Regulators,
            add: vec![s.stranger.to_string()],
            remove: vec![],
        },
        ExecuteMsg::SetEhrRegistry {
            address: s.deps.api.addr_make("ehr-registry").to_string(),
        },
        ExecuteMsg::RecordRegistration {
            trial_id: t,
            registry_id: "NCT99999999".into(),
        },
        ExecuteMsg::UpdateStatus {
            trial_id: t,
            status: TrialStatus::ActiveNotRecruiting,
            why_stopped: None,
            document_hash: None,
        },
        ExecuteMsg::RecordPrimaryCompletion {
            trial_id: t,
            date: s.now(),
        },
        ExecuteMsg::GrantRole {
            trial_id: t,
            address: s.stranger.to_string(),
            role: TrialRole::Auditor {},
            reason: None,
        },
        ExecuteMsg::RevokeRole {
            trial_id: t,
            address: s.site_a.to_string(),
            reason: None,
        },
        safety_amendment(t, DocumentKind::Protocol, "p2", false),
        ExecuteMsg::ApproveDocument {
            trial_id: t,
            document_kind: DocumentKind::Protocol,
            version: 1,
            approval_hash: h("a"),
        },
        ExecuteMsg::CommitRandomization {
            trial_id: t,
            root: h("r"),
            list_size: 2,
        },
        ExecuteMsg::RecordConsent {
            trial_id: t,
            participant: p.clone(),
            signed_form_hash: None,
            ehr_grant_id: None,
        },
        ExecuteMsg::Enroll {
            trial_id: t,
            participant: p.clone(),
            allocation_slot: None,
        },
        ExecuteMsg::RecordVisit {
            trial_id: t,
            participant: p.clone(),
            visit_code: "W1".into(),
        },
        ExecuteMsg::Withdraw {
            trial_id: t,
            participant: p.clone(),
            reason: WithdrawalReason::Other,
        },
        ExecuteMsg::RevealAllocation {
            trial_id: t,
            participant: p.clone(),
            arm: "A".into(),
            salt: h("salt"),
            proof: MerkleProof {
                leaf_index: 0,
                leaf_count: 1,
                siblings: vec![],
            },
        },
        ExecuteMsg::AnchorBatch(Box::new(AnchorBatchMsg {
            trial_id: t,
            merkle_root: h("root"),
            leaf_count: 1,
            period_start: s.now().minus_seconds(DAY),
            period_end: s.now(),
            schema_hash: h("schema"),
            correction: None,
        })),
        ExecuteMsg::RecordUnblinding {
            trial_id: t,
            kind: UnblindingKind::Emergency,
            scope: UnblindingScope::Participant {
                participant: p.clone(),
            },
            reason: UnblindingReason::MedicalEmergency,
            document_hash: None,
        },
        ExecuteMsg::ReportAdverseEvent(Box::new(AdverseEventMsg {
            trial_id: t,
            participant: p.clone(),
            event_code: "10000001".into(),
            seriousness: Seriousness::Fatal,
            expected: false,
            causality: Causality::Probable,
            onset: s.now(),
            aware_at: s.now(),
        })),
        ExecuteMsg::SubmitSafetyReport {
            trial_id: t,
            adverse_event_id: 1,
            report_hash: h("rep"),
        },
        ExecuteMsg::FinalizeSap(TrialRef { trial_id: t }),
        ExecuteMsg::LockDatabase {
            trial_id: t,
            final_root: h("f"),
            leaf_count: 1,
        },
        ExecuteMsg::PostResults {
            trial_id: t,
            document: doc("results"),
            entries: vec![ResultEntry {
                outcome: ResultOutcome::Registered { outcome_key: 1 },
                result_hash: h("r1"),
                change_reason: None,
            }],
        },
        ExecuteMsg::CertifyDelay {
            trial_id: t,
            kind: DelayCertificationKind::NewUse,
            document_hash: h("c"),
        },
        ExecuteMsg::RecordDelayTrigger {
            trial_id: t,
            trigger_at: s.now(),
        },
        ExecuteMsg::GrantExtension {
            trial_id: t,
            new_due: s.now().plus_seconds(1000 * DAY),
            decision_hash: h("x"),
        },
        ExecuteMsg::RecordOversight {
            trial_id: t,
            kind: OversightKind::DmcReview {
                recommendation: DmcRecommendation::Stop,
            },
            report_hash: h("dmc"),
            unblinded_members: None,
        },
        ExecuteMsg::Freeze {
            trial_id: t,
            reason: FreezeReason::Investigation,
            order_hash: None,
        },
        ExecuteMsg::Unfreeze {
            trial_id: t,
            decision_hash: h("u"),
        },
        // Last: when the ethics committee hands over, it no longer holds its role.
        ExecuteMsg::ChangeEthicsCommittee {
            trial_id: t,
            ethics_committee: s.deps.api.addr_make("irb-2").to_string(),
            decision_hash: h("handover"),
        },
    ]
}

fn is_auth_error(e: &ContractError) -> bool {
    matches!(
        e,
        ContractError::Unauthorized { .. }
            | ContractError::UnauthorizedSite { .. }
            | ContractError::Ownership(_)
    )
}

fn snapshot(s: &Suite, t: u64) -> String {
    let trial = cosmwasm_std::to_json_string(&s.trial(t)).unwrap();
    let p = cosmwasm_std::to_json_string(&s.participant(t, "alice")).unwrap();
    format!("{trial}{p}")
}

#[test]
fn a_stranger_is_refused_every_message_and_nothing_changes() {
    let mut s = Suite::new();
    let mut msg = s.register_msg();
    msg.randomized = true;
    let t = s.ready_with(msg);
    s.sponsor_exec(ExecuteMsg::CommitRandomization {
        trial_id: t,
        root: h("r"),
        list_size: 4,
    })
    .unwrap();
    let a = s.site_a.clone();
    s.consent(t, &a, "alice").unwrap();
    s.exec(
        &a,
        ExecuteMsg::Enroll {
            trial_id: t,
            participant: ph("alice"),
            allocation_slot: Some(0),
        },
    )
    .unwrap();
    let before = snapshot(&s, t);
    let stranger = s.stranger.clone();
    for msg in every_message(&s, t) {
        let name = format!("{msg:?}");
        let err = s.exec(&stranger, msg).unwrap_err();
        assert!(is_auth_error(&err), "{name}: {err}");
    }
    assert_eq!(snapshot(&s, t), before);
}

#[test]
fn role_holders_are_refused_outside_their_role() {
    let mut s = Suite::new();
    let t = s.ready();
    s.consent_and_enroll(t, "alice");
    let who: Vec<(Addr, &str)> = vec![
        (s.irb.clone(), "irb"),
        (s.dmc.clone(), "dmc"),
        (s.auditor.clone(), "auditor"),
        (s.site_b.clone(), "site_b"),
    ];
    // Each message names who may call it; everyone else gets an authorization error (or, for a
    // site acting on another site's participant, WrongSite).
    for (addr, name) in who {
        for msg in every_message(&s, t) {
            let label = format!("{name}: {msg:?}");
            let allowed = matches!(
                (&msg, name),
                (ExecuteMsg::ApproveDocument { .. }, "irb")
                    | (ExecuteMsg::ChangeEthicsCommittee { .. }, "irb")
                    | (ExecuteMsg::RecordOversight { .. }, "dmc")
                    | (ExecuteMsg::RevealAllocation { .. }, "dmc")
                    | (ExecuteMsg::RecordUnblinding { .. }, "dmc")
                    | (
                        ExecuteMsg::RecordConsent { .. }
                            | ExecuteMsg::Enroll { .. }
                            | ExecuteMsg::RecordVisit { .. }
                            | ExecuteMsg::Withdraw { .. }
                            | ExecuteMsg::AnchorBatch(_)
                            | ExecuteMsg::RecordUnblinding { .. }
                            | ExecuteMsg::ReportAdverseEvent(_),
                        "site_b",
                    )
            );
            let res = s.exec(&addr, msg);
            if !allowed {
                let err = res.unwrap_err();
                assert!(is_auth_error(&err), "{label}: {err}");
            } else if let Err(err) = res {
                // Allowed callers may still fail on state or site checks, never on authorization.
                assert!(
                    !is_auth_error(&err) || matches!(err, ContractError::WrongSite { .. }),
                    "{label}: {err}"
                );
            }
        }
    }
}

#[test]
fn a_frozen_trial_refuses_every_change_by_every_role_except_the_exempt_ones() {
    let mut s = Suite::new();
    let mut msg = s.register_msg();
    msg.randomized = true;
    let t = s.ready_with(msg);
    let reg = s.regulator.clone();
    s.exec(
        &reg,
        ExecuteMsg::Freeze {
            trial_id: t,
            reason: FreezeReason::DataIntegrity,
            order_hash: None,
        },
    )
    .unwrap();
    let callers = vec![
        s.sponsor.clone(),
        s.irb.clone(),
        s.site_a.clone(),
        s.dmc.clone(),
    ];
    for caller in callers {
        for msg in every_message(&s, t) {
            let exempt = matches!(
                msg,
                ExecuteMsg::UpdateAddressSet {
set: AddressSet::Regulators, .. }
                    | ExecuteMsg::Withdraw { .. }
                    | ExecuteMsg::ReportAdverseEvent(_)
                    | ExecuteMsg::SubmitSafetyReport { .. }
                    | ExecuteMsg::RecordUnblinding { .. }
                    | ExecuteMsg::RecordOversight { .. }
                    | ExecuteMsg::ChangeEthicsCommittee { .. }
                    | ExecuteMsg::GrantExtension { .. }
                    | ExecuteMsg::Freeze { .. }
                    | ExecuteMsg::Unfreeze { .. }
                    // Legal reporting duties are never blocked by a freeze.
                    | ExecuteMsg::RecordRegistration { .. }
                    | ExecuteMsg::RecordPrimaryCompletion { .. }
                    | ExecuteMsg::CertifyDelay { .. }
                    | ExecuteMsg::RecordDelayTrigger { .. }
                    | ExecuteMsg::PostResults { .. }
                    | ExecuteMsg::RevealAllocation { .. }
            );
            let label = format!("{msg:?}");
            if let Err(err) = s.exec(&caller, msg) {
                if !exempt && !is_auth_error(&err) {
                    assert!(
                        matches!(err, ContractError::Frozen { .. }),
                        "{label}: {err}"
                    );
                }
            } else {
                assert!(exempt, "{label} succeeded on a frozen trial");
            }
        }
    }
    // The freeze is still in force (withdrawal and safety reporting while frozen are tested in
    // test_trial::regulators_freeze_and_a_frozen_trial_refuses_changes).
    let a = s.site_a.clone();
    assert!(s.trial(t).frozen.is_some());
    assert!(matches!(
        s.consent(t, &a, "zoe"),
        Err(ContractError::Frozen { .. })
    ));
}
