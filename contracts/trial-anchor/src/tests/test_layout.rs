//! The compact storage layout (issue 20): the trial's status, freeze and first-consent/start
//! times in their own small entry, participants and consents stored compactly. Every gate sees
//! the status from that entry, every answer is the same JSON as before, and the messages that
//! only touch those fields no longer rewrite the trial record.

use cosmwasm_std::{from_json, to_json_string, Storage};
use cw_health_types::trial_anchor::*;

use super::suite::*;
use crate::error::ContractError;
use crate::state::{CONSENTS, PARTICIPANTS, TRIALS};

/// The answers to pin: two trials (one suspended with a reason and a document after a freeze
/// and its lift, one frozen), participants enrolled, withdrawn and only consented, a consent
/// list and the status history.
fn answers() -> String {
    let mut s = Suite::new();
    let t = s.ready();
    let (a, b, regulator) = (s.site_a.clone(), s.site_b.clone(), s.regulator.clone());
    s.consent_and_enroll(t, "alice");
    s.advance(DAY);
    s.consent(t, &b, "bob").unwrap();
    s.sponsor_exec(ExecuteMsg::Withdraw {
        trial_id: t,
        participant: ph("bob"),
        reason: WithdrawalReason::LostToFollowUp,
    })
    .unwrap();
    s.consent(t, &a, "carol").unwrap();
    s.exec(
        &regulator,
        ExecuteMsg::Freeze {
            trial_id: t,
            reason: FreezeReason::ClinicalHold,
            order_hash: Some(h("order")),
        },
    )
    .unwrap();
    s.advance(DAY);
    s.exec(
        &regulator,
        ExecuteMsg::Unfreeze {
            trial_id: t,
            decision_hash: h("lifted"),
        },
    )
    .unwrap();
    s.sponsor_exec(ExecuteMsg::UpdateStatus {
        trial_id: t,
        status: TrialStatus::Suspended,
        why_stopped: Some(StopReason::Safety),
        document_hash: Some(h("why")),
    })
    .unwrap();
    let msg = s.register_msg();
    let t2 = s.register(msg);
    s.exec(
        &regulator,
        ExecuteMsg::Freeze {
            trial_id: t2,
            reason: FreezeReason::Investigation,
            order_hash: None,
        },
    )
    .unwrap();
    let mut out = vec![];
    let q = |msg: QueryMsg| -> String {
        let bin = crate::contract::query(s.deps.as_ref(), s.env.clone(), msg).unwrap();
        String::from_utf8(bin.to_vec()).unwrap()
    };
    out.push(q(QueryMsg::Trial(TrialRef { trial_id: t })));
    out.push(q(QueryMsg::Trials {
        start_after: None,
        limit: None,
    }));
    for name in ["alice", "bob", "carol", "nobody"] {
        out.push(q(QueryMsg::Participant {
            trial_id: t,
            participant: ph(name),
        }));
    }
    out.push(q(QueryMsg::Consents {
        trial_id: t,
        participant: ph("alice"),
        start_after: None,
        limit: None,
    }));
    out.push(q(QueryMsg::StatusHistory(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    })));
    out.join("\n") + "\n"
}

#[test]
fn answers_are_the_same_json_as_before_the_layout_change() {
    let got = answers();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/tests/layout_answers.txt");
    if std::env::var_os("TRIAL_ANCHOR_WRITE_ANSWERS").is_some() {
        std::fs::write(path, &got).unwrap();
    }
    let want = include_str!("layout_answers.txt");
    for (g, w) in got.lines().zip(want.lines()) {
        assert_eq!(g, w);
    }
    assert_eq!(got, want);
}

#[test]
fn every_status_gate_sees_the_current_status() {
    let mut s = Suite::new();
    let t = s.ready();
    let a = s.site_a.clone();
    s.consent_and_enroll(t, "alice");
    s.consent(t, &a, "bob").unwrap();
    // Opening recruitment twice is refused, and refused with the current status.
    let err = s.set_status(t, TrialStatus::Recruiting).unwrap_err();
    same(
        err,
        &ContractError::InvalidStatusTransition {
            from: TrialStatus::Recruiting,
            to: TrialStatus::Recruiting,
        },
    );
    // Suspended: no enrollment; the consent itself may still be recorded (not final).
    s.sponsor_exec(ExecuteMsg::UpdateStatus {
        trial_id: t,
        status: TrialStatus::Suspended,
        why_stopped: Some(StopReason::Safety),
        document_hash: None,
    })
    .unwrap();
    assert_eq!(s.trial(t).status, TrialStatus::Suspended);
    assert_eq!(s.trial(t).why_stopped, Some(StopReason::Safety));
    same(
        s.enroll(t, &a, "bob").unwrap_err(),
        &ContractError::NotEnrolling {
            trial_id: t,
            status: TrialStatus::Suspended,
        },
    );
    s.consent(t, &a, "carol").unwrap();
    // Reopened: enrollment goes on; the reason is cleared.
    s.set_status(t, TrialStatus::Recruiting).unwrap();
    assert_eq!(s.trial(t).why_stopped, None);
    s.enroll(t, &a, "bob").unwrap();
    // Closed to recruitment: no enrollment.
    s.set_status(t, TrialStatus::ActiveNotRecruiting).unwrap();
    same(
        s.enroll(t, &a, "carol").unwrap_err(),
        &ContractError::NotEnrolling {
            trial_id: t,
            status: TrialStatus::ActiveNotRecruiting,
        },
    );
    // Terminated (final): neither enrollment nor consent, nor any further status change.
    s.sponsor_exec(ExecuteMsg::UpdateStatus {
        trial_id: t,
        status: TrialStatus::Terminated,
        why_stopped: Some(StopReason::Futility),
        document_hash: None,
    })
    .unwrap();
    let terminated = ContractError::NotEnrolling {
        trial_id: t,
        status: TrialStatus::Terminated,
    };
    same(s.enroll(t, &a, "carol").unwrap_err(), &terminated);
    same(s.consent(t, &a, "dave").unwrap_err(), &terminated);
    same(
        s.set_status(t, TrialStatus::Recruiting).unwrap_err(),
        &ContractError::InvalidStatusTransition {
            from: TrialStatus::Terminated,
            to: TrialStatus::Recruiting,
        },
    );
    let trial = s.trial(t);
    assert_eq!(trial.status, TrialStatus::Terminated);
    assert_eq!(trial.counts.status_changes, 5);
    assert_eq!(trial.counts.enrolled, 2);
}

#[test]
fn a_completed_trial_enrolls_nobody() {
    let mut s = Suite::new();
    let t = s.ready();
    let a = s.site_a.clone();
    s.consent_and_enroll(t, "alice");
    s.consent(t, &a, "bob").unwrap();
    s.set_status(t, TrialStatus::Completed).unwrap();
    let completed = ContractError::NotEnrolling {
        trial_id: t,
        status: TrialStatus::Completed,
    };
    same(s.enroll(t, &a, "bob").unwrap_err(), &completed);
    same(s.consent(t, &a, "carol").unwrap_err(), &completed);
}

#[test]
fn a_freeze_and_its_lift_are_seen_by_enroll_and_consent() {
    let mut s = Suite::new();
    let t = s.ready();
    let (a, regulator) = (s.site_a.clone(), s.regulator.clone());
    s.consent(t, &a, "alice").unwrap();
    s.exec(
        &regulator,
        ExecuteMsg::Freeze {
            trial_id: t,
            reason: FreezeReason::ClinicalHold,
            order_hash: None,
        },
    )
    .unwrap();
    assert!(s.trial(t).frozen.is_some());
    let frozen = ContractError::Frozen { trial_id: t };
    same(s.enroll(t, &a, "alice").unwrap_err(), &frozen);
    same(s.consent(t, &a, "bob").unwrap_err(), &frozen);
    same(
        s.set_status(t, TrialStatus::Suspended).unwrap_err(),
        &frozen,
    );
    s.exec(
        &regulator,
        ExecuteMsg::Unfreeze {
            trial_id: t,
            decision_hash: h("lifted"),
        },
    )
    .unwrap();
    assert!(s.trial(t).frozen.is_none());
    s.enroll(t, &a, "alice").unwrap();
    assert_eq!(s.trial(t).counts.status_changes, 3);
}

#[test]
fn a_participant_is_enrolled_once_and_a_withdrawn_one_never_again() {
    let mut s = Suite::new();
    let t = s.ready();
    let a = s.site_a.clone();
    s.consent_and_enroll(t, "alice");
    same(
        s.enroll(t, &a, "alice").unwrap_err(),
        &ContractError::AlreadyEnrolled {},
    );
    s.consent(t, &a, "bob").unwrap();
    s.exec(
        &a,
        ExecuteMsg::Withdraw {
            trial_id: t,
            participant: ph("bob"),
            reason: WithdrawalReason::ConsentWithdrawn,
        },
    )
    .unwrap();
    same(
        s.enroll(t, &a, "bob").unwrap_err(),
        &ContractError::ParticipantWithdrawn {},
    );
    same(
        s.consent(t, &a, "bob").unwrap_err(),
        &ContractError::ParticipantWithdrawn {},
    );
    let bob = s.participant(t, "bob");
    assert!(bob.participant.withdrawal.is_some());
    assert_eq!(bob.participant.enrolled_at, None);
    assert_eq!(bob.participant.pseudonym, ph("bob"));
    assert_eq!(s.trial(t).counts.enrolled, 1);
}

#[test]
fn a_typo_in_any_message_touched_is_refused() {
    let p = ph("alice").0;
    for json in [
        format!(r#"{{"enroll":{{"trial_id":1,"participant":"{p}","allocation_slott":null}}}}"#),
        format!(r#"{{"record_consent":{{"trial_id":1,"participant":"{p}","signed_form_hash":null,"ehr_grant_id":null,"extra":1}}}}"#),
        r#"{"update_status":{"trial_id":1,"status":"recruiting","why_stoped":null,"document_hash":null}}"#.to_string(),
        r#"{"update_status":{"trial_id":1,"status":"Recruiting","why_stopped":null,"document_hash":null}}"#.to_string(),
        r#"{"freeze":{"trial_id":1,"reason":"clinical_hold","order_hash":null,"by":"x"}}"#.to_string(),
    ] {
        assert!(from_json::<ExecuteMsg>(json.as_bytes()).is_err(), "{json}");
    }
    // The well-formed ones parse.
    let ok = format!(r#"{{"enroll":{{"trial_id":1,"participant":"{p}","allocation_slot":null}}}}"#);
    assert!(from_json::<ExecuteMsg>(ok.as_bytes()).is_ok());
}

/// Asserts an error is the one wanted (`ContractError` has no `PartialEq`).
fn same(got: ContractError, want: &ContractError) {
    assert_eq!(got.to_string(), want.to_string());
}

/// The stored bytes of a trial record.
fn raw_record(s: &Suite, t: u64) -> Vec<u8> {
    s.deps.storage.get(&TRIALS.key(t)).unwrap()
}

#[test]
fn status_changes_freezes_and_first_consent_and_enrollment_leave_the_record_alone() {
    let mut s = Suite::new();
    // Registered with a registry id: the first enrollment opens no registration clock.
    let mut msg = s.register_msg();
    msg.registry_id = Some("NCT01234567".into());
    let t = s.register(msg);
    s.approve(t, DocumentKind::Protocol, 1);
    s.approve(t, DocumentKind::ConsentForm, 1);
    let (a, regulator) = (s.site_a.clone(), s.regulator.clone());
    s.grant(
        t,
        &a,
        TrialRole::SiteInvestigator {
            site_code: "SITE-A".into(),
        },
    );
    let before = raw_record(&s, t);
    s.set_status(t, TrialStatus::Recruiting).unwrap();
    s.consent(t, &a, "alice").unwrap();
    s.enroll(t, &a, "alice").unwrap();
    for freeze in [true, false] {
        let msg = if freeze {
            ExecuteMsg::Freeze {
                trial_id: t,
                reason: FreezeReason::Investigation,
                order_hash: None,
            }
        } else {
            ExecuteMsg::Unfreeze {
                trial_id: t,
                decision_hash: h("lifted"),
            }
        };
        s.exec(&regulator, msg).unwrap();
    }
    assert_eq!(raw_record(&s, t), before);
    let trial = s.trial(t);
    assert_eq!(trial.status, TrialStatus::Recruiting);
    assert_eq!(trial.first_consent_at, Some(s.now()));
    assert_eq!(trial.started_at, Some(s.now()));
    assert_eq!(trial.counts.status_changes, 3);
    assert!(trial.frozen.is_none());
}

#[test]
fn participants_and_consents_are_stored_compactly() {
    let mut s = Suite::new();
    let t = s.ready();
    s.consent_and_enroll(t, "alice");
    let alice = ph("alice");
    let stored = |key: Vec<u8>| s.deps.storage.get(&key).unwrap().len();
    let participant = stored(PARTICIPANTS.key((t, alice.as_str())).to_vec());
    let consent = stored(CONSENTS.key((t, alice.as_str(), 1)).to_vec());
    // Without names, the pseudonym (in the key) and the sequence number (in the key).
    assert!((1..=100).contains(&participant), "{participant}");
    assert!((1..=150).contains(&consent), "{consent}");
    // The answer still carries them.
    let alice = s.participant(t, "alice");
    assert_eq!(alice.participant.pseudonym, ph("alice"));
    assert!(to_json_string(&alice).unwrap().contains("\"pseudonym\""));
}

#[test]
fn a_state_of_the_old_layout_is_refused_at_migration_and_left_alone() {
    use crate::contract::{migrate, CONTRACT_NAME, CONTRACT_VERSION};
    let mut s = Suite::new();
    let t = s.ready();
    s.consent_and_enroll(t, "alice");
    for old in ["0.1.0", "0.1.7"] {
        cw2::set_contract_version(&mut s.deps.storage, CONTRACT_NAME, old).unwrap();
        let err = migrate(s.deps.as_mut(), s.env.clone(), MigrateMsg {}).unwrap_err();
        assert!(
            err.to_string().contains(&format!(
                "cannot migrate from version {old}: its storage layout changed in 0.2.0"
            )),
            "{err}"
        );
        assert_eq!(
            cw2::get_contract_version(&s.deps.storage).unwrap().version,
            old
        );
    }
    // The pre-release skeleton (no trials stored) and this layout migrate.
    for ok in ["0.0.1", CONTRACT_VERSION] {
        cw2::set_contract_version(&mut s.deps.storage, CONTRACT_NAME, ok).unwrap();
        migrate(s.deps.as_mut(), s.env.clone(), MigrateMsg {}).unwrap();
        assert_eq!(
            cw2::get_contract_version(&s.deps.storage).unwrap().version,
            CONTRACT_VERSION
        );
    }
    assert_eq!(s.trial(t).counts.enrolled, 1);
}

#[test]
fn a_trial_record_keeps_a_distinct_responsible_party_and_every_set_field() {
    let mut s = Suite::new();
    let mut msg = s.register_msg();
    let rp = s.deps.api.addr_make("responsible");
    msg.responsible_party = Some(rp.to_string());
    msg.registry_id = Some("NCT07654321".into());
    msg.randomized = true;
    let t = s.register(msg);
    s.sponsor_exec(ExecuteMsg::CommitRandomization {
        trial_id: t,
        root: h("allocation-root"),
        list_size: 4,
    })
    .unwrap();
    let trial = s.trial(t);
    assert_eq!(trial.responsible_party, rp);
    assert_eq!(trial.sponsor, s.sponsor);
    assert_eq!(trial.registry_id.as_deref(), Some("NCT07654321"));
    assert_eq!(trial.registry_recorded_at, Some(s.now()));
    assert!(trial.randomized);
    let r = trial.randomization.unwrap();
    assert_eq!((r.list_size, r.used, r.root), (4, 0, h("allocation-root")));
    assert_eq!(trial.counts.outcomes, 3);
    assert_eq!(trial.status, TrialStatus::NotYetRecruiting);
    // The sponsor as responsible party is not stored twice, and still answered.
    let msg = s.register_msg();
    let t2 = s.register(msg);
    assert_eq!(s.trial(t2).responsible_party, s.sponsor);
    let record = String::from_utf8(raw_record(&s, t2)).unwrap();
    assert_eq!(record.matches(s.sponsor.as_str()).count(), 1, "{record}");
    assert!(record.len() < 700, "{}", record.len());
}
