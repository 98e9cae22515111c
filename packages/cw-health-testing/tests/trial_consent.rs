//! Consent that cannot be forged (issue 13): a trial linked to ehr-registry accepts a consent
//! only on a research (HRESCH) grant that a patient gave the trial's site or sponsor; the site
//! cannot be its own "patient", one patient is one pseudonym per trial, and the grant is checked
//! again at enrollment and at every visit, so an expired or revoked grant stops both.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::Addr;
use cw_health_testing::ehr::permit;
use cw_health_testing::trial::{ehr_link, pseudonym, standard_trial, SITE_CODE};
use cw_health_testing::{root_error, Suite, SuiteBuilder};
use cw_health_types::trial_anchor::ExecuteMsg;
use cw_health_types::{AccessAction, PurposeOfUse};
use trial_anchor::ContractError;

/// A recruiting trial whose consents must be proven through the suite's ehr-registry.
fn linked_trial(suite: &mut Suite) -> u64 {
    let a = suite.actors.clone();
    suite.trial().add_regulators(&[&a.regulator]).unwrap();
    let ehr_addr = suite.ehr_addr.clone();
    let mut msg = standard_trial(suite.now(), &a.irb);
    msg.ehr_consent = Some(ehr_link(&ehr_addr, true));
    suite.trial().recruiting_trial(msg).unwrap()
}

/// The patient's research grant (read, HRESCH) to `grantee`; returns its id.
fn research_grant(suite: &mut Suite, patient: &Addr, grantee: &Addr, days: Option<u64>) -> u64 {
    let research = permit(&[AccessAction::Read], &[PurposeOfUse::Research]);
    let expires = days.map(|d| suite.now().plus_days(d));
    suite
        .ehr()
        .grant_access(patient, patient, grantee, research, expires)
        .unwrap()
}

/// The site records `name`'s consent, proven by `grant_id`.
fn consent(suite: &mut Suite, t: u64, name: &str, grant_id: u64) -> Result<(), String> {
    let site = suite.actors.site.clone();
    suite
        .trial()
        .execute(
            &site,
            &ExecuteMsg::RecordConsent {
                trial_id: t,
                participant: pseudonym(name),
                signed_form_hash: None,
                ehr_grant_id: Some(grant_id),
            },
        )
        .map(|_| ())
        .map_err(|e| root_error(&e))
}

#[test]
fn a_site_cannot_be_its_own_patient() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let t = linked_trial(&mut suite);
    // The site registers itself as a patient in ehr-registry and, as that "patient", grants the
    // sponsor research access: a grant exists, but its patient is the trial's own site.
    suite.ehr().register_patient(&a.site).unwrap();
    let g = research_grant(&mut suite, &a.site, &a.sponsor, None);
    let trial_addr = suite.trial_addr.clone();
    let before = suite.snapshot(&trial_addr);
    let err = consent(&mut suite, t, "ghost", g).unwrap_err();
    assert_eq!(
        err,
        ContractError::EhrGrantNotProof {
            grant_id: g,
            reason: "patient_is_a_trial_party".into()
        }
        .to_string()
    );
    // The sponsor as "patient" granting the site is refused the same way (and the IRB would be).
    suite.ehr().register_patient(&a.sponsor).unwrap();
    let g2 = research_grant(&mut suite, &a.sponsor, &a.site, None);
    let err = consent(&mut suite, t, "ghost", g2).unwrap_err();
    assert!(err.contains("patient_is_a_trial_party"), "{err}");
    assert_eq!(suite.snapshot(&trial_addr), before);
}

#[test]
fn only_a_patients_research_grant_to_the_site_or_sponsor_proves_consent() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let t = linked_trial(&mut suite);
    let trial_addr = suite.trial_addr.clone();
    let before = suite.snapshot(&trial_addr);
    // A treatment grant (not research) to the site proves nothing.
    let treatment = permit(&[AccessAction::Read], &[PurposeOfUse::Treatment]);
    let g = suite
        .ehr()
        .grant_access(&a.patient, &a.patient, &a.site, treatment, None)
        .unwrap();
    let err = consent(&mut suite, t, "alice", g).unwrap_err();
    assert!(err.contains("not_a_research_grant"), "{err}");
    // A research grant to a stranger (not the trial's site or sponsor) proves nothing.
    let g = research_grant(&mut suite, &a.patient, &a.clinician, None);
    let err = consent(&mut suite, t, "alice", g).unwrap_err();
    assert!(err.contains("grantee_not_site_or_sponsor"), "{err}");
    // A grant id that does not exist is refused.
    assert!(consent(&mut suite, t, "alice", 999).is_err());
    assert_eq!(suite.snapshot(&trial_addr), before);

    // A research grant to the sponsor proves it; the consent names the grant.
    let g = research_grant(&mut suite, &a.patient, &a.sponsor, None);
    consent(&mut suite, t, "alice", g).unwrap();
    let consents = suite
        .trial()
        .consents(t, &pseudonym("alice"))
        .unwrap()
        .consents;
    assert_eq!(consents[0].ehr_grant_id, Some(g));
    assert!(consents[0].ehr_verified);
    assert_eq!(consents[0].site_code, SITE_CODE);
}

#[test]
fn one_patient_is_one_pseudonym_per_trial() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let t = linked_trial(&mut suite);
    let g = research_grant(&mut suite, &a.patient, &a.site, None);
    consent(&mut suite, t, "alice", g).unwrap();
    // The same patient's grant cannot "prove" a second pseudonym, nor can a second grant.
    let trial_addr = suite.trial_addr.clone();
    let before = suite.snapshot(&trial_addr);
    let err = consent(&mut suite, t, "alice-2", g).unwrap_err();
    assert_eq!(err, ContractError::PatientPseudonymMismatch {}.to_string());
    let g2 = research_grant(&mut suite, &a.patient, &a.site, None);
    // (ehr-registry decides the site's research read on the patient's first grant, so the
    // second one does not prove anything either.)
    let err = consent(&mut suite, t, "alice-3", g2).unwrap_err();
    assert!(err.contains("access_not_decided_by_this_grant"), "{err}");
    suite.ehr().revoke_access(&a.patient, g).unwrap();
    let err = consent(&mut suite, t, "alice-3", g2).unwrap_err();
    assert_eq!(err, ContractError::PatientPseudonymMismatch {}.to_string());
    assert_eq!(suite.snapshot(&trial_addr), before);
    let spouse_grant = research_grant(&mut suite, &a.spouse, &a.site, None);
    // The spouse is a different patient: a pseudonym of their own is fine.
    consent(&mut suite, t, "bob", spouse_grant).unwrap();
    // The patient's address is stored nowhere in trial-anchor.
    let stored: String = suite
        .snapshot(&trial_addr)
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                String::from_utf8_lossy(k),
                String::from_utf8_lossy(v)
            )
        })
        .collect();
    assert!(stored.contains(pseudonym("alice").as_str()));
    assert!(!stored.contains(a.patient.as_str()));
    assert!(!stored.contains(a.spouse.as_str()));
}

#[test]
fn a_grant_that_expired_before_enrollment_stops_the_enrollment() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let t = linked_trial(&mut suite);
    let g = research_grant(&mut suite, &a.patient, &a.site, Some(2));
    consent(&mut suite, t, "alice", g).unwrap();
    suite.advance_days(3);
    let trial_addr = suite.trial_addr.clone();
    let before = suite.snapshot(&trial_addr);
    let err = suite
        .trial()
        .enroll(&a.site, t, &pseudonym("alice"))
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::EhrGrantNotInForce {
            grant_id: g,
            reason: "expired".into()
        }
        .to_string()
    );
    assert_eq!(suite.snapshot(&trial_addr), before);
}

#[test]
fn visits_stop_when_the_patient_revokes_the_research_grant() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let t = linked_trial(&mut suite);
    let alice = pseudonym("alice");
    let g = research_grant(&mut suite, &a.patient, &a.site, None);
    consent(&mut suite, t, "alice", g).unwrap();
    suite.trial().enroll(&a.site, t, &alice).unwrap();
    assert_eq!(
        suite
            .trial()
            .record_visit(&a.site, t, &alice, "W1")
            .unwrap(),
        1
    );
    suite.ehr().revoke_access(&a.patient, g).unwrap();
    let trial_addr = suite.trial_addr.clone();
    let before = suite.snapshot(&trial_addr);
    let err = suite
        .trial()
        .record_visit(&a.site, t, &alice, "W2")
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        ContractError::EhrGrantNotInForce {
            grant_id: g,
            reason: "revoked".into()
        }
        .to_string()
    );
    assert_eq!(suite.snapshot(&trial_addr), before);
    // The participant can still leave.
    suite
        .trial()
        .execute(
            &a.site,
            &ExecuteMsg::Withdraw {
                trial_id: t,
                participant: alice,
                reason: cw_health_types::trial_anchor::WithdrawalReason::ConsentWithdrawn,
            },
        )
        .unwrap();
}
