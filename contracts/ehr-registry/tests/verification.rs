//! Verification (FHIR `Consent.verification`): a consent may carry the witness or verifier who
//! confirmed it with the patient, and when.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cw_health_types::ehr_registry::{
    ExecuteMsg, GrantInfo, Provision, QueryMsg, Verification, VerificationMsg,
};
use cw_health_types::PurposeOfUse;

fn treat() -> Provision {
    let mut p = permit();
    p.purposes = vec![PurposeOfUse::Treatment];
    p
}

fn grant_with(
    s: &mut Suite,
    grantee: &cosmwasm_std::Addr,
    verification: Option<VerificationMsg>,
) -> Result<u64, String> {
    let alice = s.alice.clone();
    s.exec(
        &alice,
        &ExecuteMsg::GrantAccess {
            patient: alice.to_string(),
            grantee: address(grantee),
            provision: treat(),
            starts_at: None,
            expires_at: None,
            policy_hash: None,
            verification,
        },
    )
    .map(|r| attr(&r, "grant_id").parse().unwrap())
    .map_err(|e| e.to_string())
}

#[test]
fn a_consent_carries_its_witness_and_the_time_verified() {
    let mut s = Suite::new();
    let (smith, hospital) = (s.dr_smith.clone(), s.hospital.clone());
    let at = s.now().minus_seconds(3600);
    let id = grant_with(
        &mut s,
        &smith,
        Some(VerificationMsg {
            verified_by: hospital.to_string(),
            verified_at: at,
        }),
    )
    .unwrap();
    let g: GrantInfo = s.query(&QueryMsg::Grant { grant_id: id });
    assert_eq!(
        g.verification,
        Some(Verification {
            verified_by: hospital,
            verified_at: at
        })
    );
    let id = grant_with(&mut s, &smith, None).unwrap();
    let g: GrantInfo = s.query(&QueryMsg::Grant { grant_id: id });
    assert_eq!(g.verification, None);
}

#[test]
fn a_patient_grantee_or_future_verification_is_refused() {
    let mut s = Suite::new();
    let (alice, smith, hospital) = (s.alice.clone(), s.dr_smith.clone(), s.hospital.clone());
    let now = s.now();
    for (by, at, why) in [
        (&alice, now, "the patient cannot witness their own consent"),
        (
            &smith,
            now,
            "the grantee cannot witness the consent it receives",
        ),
        (&hospital, now.plus_seconds(1), "not verified yet"),
    ] {
        let err = grant_with(
            &mut s,
            &smith,
            Some(VerificationMsg {
                verified_by: by.to_string(),
                verified_at: at,
            }),
        )
        .unwrap_err();
        assert!(err.contains("verification"), "{why}: {err}");
    }
    let err = grant_with(
        &mut s,
        &smith,
        Some(VerificationMsg {
            verified_by: "Not-An-Address".into(),
            verified_at: now,
        }),
    )
    .unwrap_err();
    assert!(!err.is_empty());
}
