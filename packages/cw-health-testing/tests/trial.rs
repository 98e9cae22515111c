//! Trial: a patient grants research consent in ehr-registry; the sponsor registers a trial in
//! trial-anchor linked to that registry; the site records the patient's consent (trial-anchor
//! asks ehr-registry whether the patient lets the site read their records for research) and
//! enrolls them; data batches are anchored and one record proven; an amendment requires
//! re-consent and blocks the participant until they give it; the SAP is made final, the
//! database locked, the results posted after the lock; the outcome-switch report tells which
//! pre-specified outcomes were reported, which went missing and which new ones appeared.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cw_health_testing::ehr::permit;
use cw_health_testing::trial::{
    amendment, ehr_link, outcome, pseudonym, record_hash, records_proof, records_root,
    standard_trial, trial_doc, SITE_CODE,
};
use cw_health_testing::{root_error, SuiteBuilder};
use cw_health_types::ehr_registry::{
    AccessDecision, AccessRequest, DecisionReason, QueryMsg as EhrQueryMsg,
};
use cw_health_types::trial_anchor::{
    AddressSet, AddressSetResponse, DocumentKind, ExecuteMsg, FindingSeverity, InclusionTarget,
    OutcomeCategory, OutcomeChange, OutcomeChangeReason, OutcomeKind, OversightKind, ResultEntry,
    ResultOutcome, TrialRole, TrialStatus,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, Sha256Hash};
use trial_anchor::ContractError;

/// The research question the site's grant must answer yes to: may `site` read `patient`'s
/// Observations for research (HRESCH)?
fn research_read(
    suite: &mut cw_health_testing::Suite,
    patient: &cosmwasm_std::Addr,
) -> AccessDecision {
    let site = suite.actors.site.clone();
    suite
        .ehr()
        .query(&EhrQueryMsg::CheckAccess(AccessRequest {
            patient: patient.to_string(),
            actor: site.to_string(),
            action: AccessAction::Read,
            purpose: PurposeOfUse::Research,
            resource_type: Some(FhirResourceType::Observation),
            record_id: None,
            via_team: None,
        }))
        .unwrap()
}

/// Case-report records of one week of the trial (the records stay at the site; only their
/// hashes are anchored).
fn week_records(week: u32, participants: &[&str]) -> Vec<Sha256Hash> {
    participants
        .iter()
        .flat_map(|p| {
            ["vitals", "labs"]
                .into_iter()
                .map(move |form| record_hash(&format!("CRF|{p}|W{week}|{form}")))
        })
        .collect()
}

#[test]
fn a_consenting_patient_is_enrolled_reconsents_after_an_amendment_and_the_results_are_audited() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let alice = pseudonym("alice"); // the suite's patient, as the site knows them in the trial
    let bob = pseudonym("bob"); // the suite's spouse, who never gave the site a research grant

    // The owner appoints the regulator of trial-anchor.
    suite.trial().add_regulators(&[&a.regulator]).unwrap();
    let regulators: AddressSetResponse = suite
        .trial()
        .query(&cw_health_types::trial_anchor::QueryMsg::AddressSet {
            set: AddressSet::Regulators,
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(regulators.addresses, vec![a.regulator.clone()]);

    // The patient lets the site read their records for research (HRESCH), in ehr-registry.
    let research = permit(&[AccessAction::Read], &[PurposeOfUse::Research]);
    let grant = suite
        .ehr()
        .grant_access(&a.patient, &a.patient, &a.site, research.clone(), None)
        .unwrap();
    let decision = research_read(&mut suite, &a.patient);
    assert!(decision.allowed);
    assert_eq!(decision.reason, DecisionReason::PermittedByGrant);
    assert!(!research_read(&mut suite, &a.spouse).allowed);

    // The sponsor registers the trial, linked to the suite's ehr-registry: every consent must be
    // proven there. The IRB named in it holds the ethics-committee role from the start.
    let ehr_addr = suite.ehr_addr.clone();
    let mut msg = standard_trial(suite.now(), &a.irb);
    msg.ehr_consent = Some(ehr_link(&ehr_addr, true));
    let t = suite.trial().register_trial(&a.sponsor, msg).unwrap();
    let trial = suite.trial().trial(t).unwrap();
    assert_eq!(trial.sponsor, a.sponsor);
    assert_eq!(trial.responsible_party, a.sponsor);
    assert_eq!(trial.status, TrialStatus::NotYetRecruiting);
    assert_eq!(trial.registry_id.as_deref(), Some("NCT01234567"));
    let link = trial.ehr_consent.unwrap();
    // The proof is checked against the registry the owner configured, the suite's.
    assert_eq!(
        suite.trial().config().unwrap().ehr_registry,
        Some(ehr_addr.clone())
    );
    assert_eq!(link.resource_type, FhirResourceType::Observation);
    assert!(link.required);
    assert_eq!(
        (
            trial.protocol_version,
            trial.consent_form_version,
            trial.sap_version
        ),
        (1, 1, 1)
    );

    // Roles: the sponsor names the site investigator; the IRB approves protocol and consent form
    // version 1; recruitment opens.
    suite
        .trial()
        .grant_site(&a.sponsor, t, &a.site, SITE_CODE)
        .unwrap();
    let roles: Vec<_> = suite
        .trial()
        .roles(t)
        .unwrap()
        .roles
        .into_iter()
        .map(|r| (r.address, r.grant.role, r.grant.revoked_at))
        .collect();
    let mut expected = vec![
        (a.irb.clone(), TrialRole::EthicsCommittee {}, None),
        (
            a.site.clone(),
            TrialRole::SiteInvestigator {
                site_code: SITE_CODE.into(),
            },
            None,
        ),
    ];
    expected.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(roles, expected);
    let err = suite
        .trial()
        .set_status(&a.sponsor, t, TrialStatus::Recruiting)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::DocumentNotApproved {
            kind: DocumentKind::Protocol,
            version: 1
        }
        .to_string()
    );
    suite
        .trial()
        .approve(&a.irb, t, DocumentKind::Protocol, 1)
        .unwrap();
    suite
        .trial()
        .approve(&a.irb, t, DocumentKind::ConsentForm, 1)
        .unwrap();
    suite
        .trial()
        .set_status(&a.sponsor, t, TrialStatus::Recruiting)
        .unwrap();
    assert_eq!(
        suite.trial().trial(t).unwrap().status,
        TrialStatus::Recruiting
    );

    // Consent is checked across contracts. Without a grant the proof is missing; the spouse
    // gave the site a treatment grant, not a research one, which proves no research consent.
    // Neither attempt leaves a trace in trial-anchor.
    let spouse_treatment = suite
        .ehr()
        .grant_access(
            &a.spouse,
            &a.spouse,
            &a.site,
            permit(&[AccessAction::Read], &[PurposeOfUse::Treatment]),
            None,
        )
        .unwrap();
    let trial_addr = suite.trial_addr.clone();
    let before = suite.snapshot(&trial_addr);
    let err = suite
        .trial()
        .record_consent(&a.site, t, &alice, None)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::EhrProofRequired {}.to_string()
    );
    let err = suite
        .trial()
        .record_consent(&a.site, t, &bob, Some(spouse_treatment))
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::EhrGrantNotProof {
            grant_id: spouse_treatment,
            reason: "not_a_research_grant".into()
        }
        .to_string()
    );
    assert_eq!(suite.snapshot(&trial_addr), before);

    // The patient's grant proves the consent; the site enrolls them: the trial has started.
    suite.advance_days(1);
    let seq = suite
        .trial()
        .record_consent(&a.site, t, &alice, Some(grant))
        .unwrap();
    assert_eq!(seq, 1);
    let consents = suite.trial().consents(t, &alice).unwrap().consents;
    assert_eq!(consents.len(), 1);
    assert!(consents[0].ehr_verified);
    assert_eq!(
        (
            consents[0].protocol_version,
            consents[0].consent_form_version
        ),
        (1, 1)
    );
    assert_eq!(consents[0].site_code, SITE_CODE);
    suite.trial().enroll(&a.site, t, &alice).unwrap();
    let enrolled_at = suite.now();
    let trial = suite.trial().trial(t).unwrap();
    assert_eq!(trial.started_at, Some(enrolled_at));
    assert_eq!(trial.counts.enrolled, 1);
    let p = suite.trial().participant(t, &alice).unwrap().unwrap();
    assert_eq!(p.participant.enrolled_at, Some(enrolled_at));
    assert_eq!(p.participant.site_code, SITE_CODE);
    assert!(p.consented_to_current);
    assert!(!p.reconsent_required);

    // Week 1: a visit, and the week's case-report data anchored as one batch.
    suite.advance_days(7);
    assert_eq!(
        suite
            .trial()
            .record_visit(&a.site, t, &alice, "W1")
            .unwrap(),
        1
    );
    let week1 = week_records(1, &["alice", "alice-followup", "screen-fail-1"]);
    let now = suite.now();
    let batch1 = suite
        .trial()
        .anchor_records(&a.site, t, &week1, enrolled_at, now)
        .unwrap();
    let stored = suite.trial().batch(t, batch1).unwrap();
    assert_eq!(stored.leaf_count, 6);
    assert_eq!(stored.merkle_root, records_root(&week1).unwrap());
    assert_eq!(stored.site_code, SITE_CODE);
    assert!(!stored.after_lock);

    // One record proven in the batch; a tampered record is not.
    let proof = records_proof(&week1, 3).unwrap();
    let proven = suite
        .trial()
        .verify_inclusion(
            t,
            InclusionTarget::Batch { batch_id: batch1 },
            &week1[3],
            proof.clone(),
        )
        .unwrap();
    assert!(proven.included);
    assert_eq!(proven.root, stored.merkle_root);
    assert_eq!(proven.error, None);
    let tampered = suite
        .trial()
        .verify_inclusion(
            t,
            InclusionTarget::Batch { batch_id: batch1 },
            &record_hash("CRF|alice|W1|labs (edited)"),
            proof,
        )
        .unwrap();
    assert!(!tampered.included);
    assert_eq!(
        tampered.error.as_deref(),
        Some("proof does not lead to the committed root")
    );

    // The regulator audits the site: an oversight record.
    suite
        .trial()
        .execute(
            &a.regulator,
            &ExecuteMsg::RecordOversight {
                trial_id: t,
                kind: OversightKind::AuditFinding {
                    severity: FindingSeverity::Minor,
                },
                report_hash: Sha256Hash::digest(b"inspection report"),
                unblinded_members: None,
            },
        )
        .unwrap();
    assert_eq!(suite.trial().trial(t).unwrap().counts.oversight, 1);

    // A safety amendment: protocol version 2 drops S2, adds S3 and requires re-consent.
    suite.advance_days(7);
    let mut amend = amendment(t, DocumentKind::Protocol, trial_doc("protocol-v2"), true);
    amend.outcome_changes = vec![
        OutcomeChange::Drop { outcome_key: 3 },
        OutcomeChange::Add {
            spec: outcome("S3", OutcomeKind::Secondary),
        },
    ];
    let amendment_id = suite.trial().amend(&a.sponsor, amend).unwrap();
    assert_eq!(amendment_id, 1);
    let recorded = &suite.trial().amendments(t).unwrap().amendments[0];
    assert_eq!(recorded.amendment.new_version, 2);
    assert!(recorded.amendment.after_start);
    assert!(recorded.amendment.requires_reconsent);
    assert_eq!(recorded.amendment.outcomes_added, vec![4]);
    assert_eq!(recorded.amendment.outcomes_superseded, vec![3]);
    assert_eq!(recorded.irb_approval, None);

    // The participant is blocked until re-consent, and re-consent waits for the IRB.
    let p = suite.trial().participant(t, &alice).unwrap().unwrap();
    assert!(p.reconsent_required);
    assert!(!p.consented_to_current);
    let blocked = ContractError::ReconsentRequired {
        protocol_version: 2,
        consent_form_version: 1,
    }
    .to_string();
    let err = suite
        .trial()
        .record_visit(&a.site, t, &alice, "W2")
        .unwrap_err();
    assert_eq!(root_error(&err), blocked);
    let err = suite
        .trial()
        .record_consent(&a.site, t, &alice, Some(grant))
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::DocumentNotApproved {
            kind: DocumentKind::Protocol,
            version: 2
        }
        .to_string()
    );
    suite
        .trial()
        .approve(&a.irb, t, DocumentKind::Protocol, 2)
        .unwrap();

    // Meanwhile the patient withdrew the site's research grant in ehr-registry: re-consent is
    // refused across contracts and the participant stays blocked.
    suite.ehr().revoke_access(&a.patient, grant).unwrap();
    assert!(!research_read(&mut suite, &a.patient).allowed);
    let before = suite.snapshot(&trial_addr);
    let err = suite
        .trial()
        .record_consent(&a.site, t, &alice, Some(grant))
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::EhrGrantNotInForce {
            grant_id: grant,
            reason: "revoked".into()
        }
        .to_string()
    );
    assert_eq!(suite.snapshot(&trial_addr), before);
    let err = suite
        .trial()
        .record_visit(&a.site, t, &alice, "W2")
        .unwrap_err();
    assert_eq!(root_error(&err), blocked);

    // The patient grants research access again and re-consents to version 2: visits resume.
    suite.advance_days(1);
    let grant2 = suite
        .ehr()
        .grant_access(&a.patient, &a.patient, &a.site, research, None)
        .unwrap();
    let seq = suite
        .trial()
        .record_consent(&a.site, t, &alice, Some(grant2))
        .unwrap();
    assert_eq!(seq, 2);
    let consents = suite.trial().consents(t, &alice).unwrap().consents;
    assert_eq!(
        consents
            .iter()
            .map(|c| (c.seq, c.protocol_version, c.ehr_verified))
            .collect::<Vec<_>>(),
        vec![(1, 1, true), (2, 2, true)]
    );
    let p = suite.trial().participant(t, &alice).unwrap().unwrap();
    assert!(!p.reconsent_required);
    assert!(p.consented_to_current);
    assert_eq!(
        suite
            .trial()
            .record_visit(&a.site, t, &alice, "W2")
            .unwrap(),
        2
    );
    suite.advance_days(14);
    let week4 = week_records(4, &["alice"]);
    let (from, to) = (enrolled_at.plus_days(21), suite.now());
    let batch2 = suite
        .trial()
        .anchor_records(&a.site, t, &week4, from, to)
        .unwrap();
    assert_eq!(batch2, 2);

    // Close-out in order. Results before the lock are refused; so is a lock before the SAP is
    // final, or while the trial is still recruiting.
    let results = vec![
        ResultEntry {
            outcome: ResultOutcome::Registered { outcome_key: 1 },
            result_hash: Sha256Hash::digest(b"P1 table"),
            change_reason: None,
        },
        ResultEntry {
            outcome: ResultOutcome::Registered { outcome_key: 2 },
            result_hash: Sha256Hash::digest(b"S1 table"),
            change_reason: None,
        },
        ResultEntry {
            outcome: ResultOutcome::Registered { outcome_key: 4 },
            result_hash: Sha256Hash::digest(b"S3 table"),
            change_reason: None,
        },
        ResultEntry {
            outcome: ResultOutcome::Novel {
                spec: outcome("X1", OutcomeKind::Other),
            },
            result_hash: Sha256Hash::digest(b"X1 table"),
            change_reason: Some(OutcomeChangeReason::PostHocExploratory),
        },
        ResultEntry {
            outcome: ResultOutcome::Novel {
                spec: outcome("X2", OutcomeKind::Secondary),
            },
            result_hash: Sha256Hash::digest(b"X2 table"),
            change_reason: None,
        },
    ];
    let all_records: Vec<Sha256Hash> = week1.iter().chain(&week4).cloned().collect();
    let err = suite
        .trial()
        .post_results(&a.sponsor, t, results.clone())
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::ResultsBeforeLock {}.to_string()
    );
    let err = suite
        .trial()
        .lock_database(&a.sponsor, t, &all_records)
        .unwrap_err();
    assert_eq!(root_error(&err), ContractError::SapNotFinal {}.to_string());
    suite.trial().finalize_sap(&a.sponsor, t).unwrap();
    assert_eq!(
        suite.trial().trial(t).unwrap().sap_final.map(|s| s.version),
        Some(1)
    );
    let err = suite
        .trial()
        .lock_database(&a.sponsor, t, &all_records)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::LockWhileEnrolling {
            status: TrialStatus::Recruiting
        }
        .to_string()
    );
    suite
        .trial()
        .set_status(&a.sponsor, t, TrialStatus::ActiveNotRecruiting)
        .unwrap();
    suite
        .trial()
        .lock_database(&a.sponsor, t, &all_records)
        .unwrap();
    let lock = suite.trial().trial(t).unwrap().lock.unwrap();
    assert_eq!(lock.final_root, records_root(&all_records).unwrap());
    assert_eq!(lock.leaf_count, 8);

    // The locked data set proves the week-4 record; new data is refused after the lock.
    let proven = suite
        .trial()
        .verify_inclusion(
            t,
            InclusionTarget::DatabaseLock {},
            &all_records[7],
            records_proof(&all_records, 7).unwrap(),
        )
        .unwrap();
    assert!(proven.included);
    let now = suite.now();
    let err = suite
        .trial()
        .anchor_records(&a.site, t, &week4, from, now)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::AnchorAfterLock {}.to_string()
    );

    // Results after the lock: accepted once, and the results clock closes.
    suite.advance_days(30);
    suite
        .trial()
        .post_results(&a.sponsor, t, results.clone())
        .unwrap();
    let trial = suite.trial().trial(t).unwrap();
    assert_eq!(trial.results_posted_at, Some(suite.now()));
    assert_eq!(trial.deadlines.results_due, None);
    assert_eq!(
        suite.trial().results(t).unwrap().unwrap().entries.len(),
        results.len()
    );
    let err = suite
        .trial()
        .post_results(&a.sponsor, t, results)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::ResultsAlreadyPosted {}.to_string()
    );

    // The outcome-switch report, category by category: P1 and S1 pre-specified and reported;
    // S2 pre-specified and missing (dropped by amendment 1 after the start); S3 new, declared by
    // amendment 1; X1 new, declared as post hoc in the results; X2 new and undeclared.
    let report = suite.trial().outcome_report(t).unwrap();
    assert_eq!(report.pre_specified_before, enrolled_at);
    assert_eq!(report.total, 6);
    assert_eq!(
        (
            report.counts.pre_specified_reported,
            report.counts.pre_specified_missing,
            report.counts.new_declared,
            report.counts.new_undeclared
        ),
        (2, 1, 2, 1)
    );
    let lines: Vec<_> = report
        .entries
        .iter()
        .map(|e| {
            (
                e.position,
                e.code.as_str(),
                e.category,
                e.outcome_key,
                e.amendment_id,
                e.change_reason,
            )
        })
        .collect();
    use OutcomeCategory::*;
    assert_eq!(
        lines,
        vec![
            (0, "P1", PreSpecifiedReported, Some(1), None, None),
            (1, "S1", PreSpecifiedReported, Some(2), None, None),
            (2, "S2", PreSpecifiedMissing, Some(3), Some(1), None),
            (3, "S3", NewDeclared, Some(4), Some(1), None),
            (
                4,
                "X1",
                NewDeclared,
                None,
                None,
                Some(OutcomeChangeReason::PostHocExploratory)
            ),
            (5, "X2", NewUndeclared, None, None, None),
        ]
    );
    assert_eq!(
        report.entries[0].result_hash,
        Some(Sha256Hash::digest(b"P1 table"))
    );
    assert_eq!(report.entries[2].result_hash, None);
    assert_eq!(report.entries[5].kind, OutcomeKind::Secondary);
}
