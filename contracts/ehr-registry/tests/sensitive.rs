//! 42 CFR Part 2 (ETH) segmentation and the HIPAA 164.522 self-pay restriction.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cw_health_types::ehr_registry::{
    AccessBasis, DecisionReason, ExecuteMsg, PartyRole, QueryMsg, RecordInfo,
};
use cw_health_types::{FhirResourceType, PurposeOfUse, SecurityLabel};

use FhirResourceType::*;
use PurposeOfUse::*;

fn eth_permit(purpose: PurposeOfUse) -> cw_health_types::ehr_registry::Provision {
    let mut p = permit();
    p.labels = vec![SecurityLabel::VeryRestricted, SecurityLabel::Normal];
    p.purposes = vec![purpose];
    p
}

#[test]
fn eth_records_need_a_grant_naming_grantee_purpose_and_expiry() {
    let mut s = Suite::new();
    let (alice, smith, jones) = (s.alice.clone(), s.dr_smith.clone(), s.dr_jones.clone());
    let eth = s.add_record(&alice, Condition, &[SecurityLabel::VeryRestricted]);
    let normal = s.add_record(&alice, Condition, &[SecurityLabel::Normal]);

    // A general grant (address, no labels) never matches ETH data.
    s.grant(&alice, address(&smith), permit(), None).unwrap();
    s.grant(&alice, role(PartyRole::Clinician), permit(), None)
        .unwrap();
    assert!(s.read(&alice, &smith, Treatment, normal).allowed);
    let d = s.read(&alice, &smith, Treatment, eth);
    assert!(!d.allowed);
    assert_eq!(d.reason, DecisionReason::SensitiveRequiresSpecificConsent);
    assert!(!d.redisclosure_notice_required);

    // Grants naming ETH without a named grantee, a purpose or an expiry are refused.
    let expiry = Some(s.now().plus_seconds(1000));
    let incomplete = "a grant reaching restricted (R) or very restricted (V) records must name one grantee address, the purposes and an expiry";
    let err = s
        .grant(
            &alice,
            role(PartyRole::Clinician),
            eth_permit(Treatment),
            expiry,
        )
        .unwrap_err();
    assert!(err.to_string().ends_with(incomplete), "{err}");
    let err = s
        .grant(&alice, address(&smith), eth_permit(Treatment), None)
        .unwrap_err();
    assert!(err.to_string().ends_with(incomplete), "{err}");
    let mut no_purpose = eth_permit(Treatment);
    no_purpose.purposes = vec![];
    let err = s
        .grant(&alice, address(&smith), no_purpose, expiry)
        .unwrap_err();
    assert!(err.to_string().ends_with(incomplete), "{err}");

    // The specific grant matches, for that grantee and that purpose only, and flags 42 CFR 2.32.
    let gid = s
        .grant(&alice, address(&smith), eth_permit(Treatment), expiry)
        .unwrap();
    let d = s.read(&alice, &smith, Treatment, eth);
    assert!(d.allowed);
    assert_eq!(d.basis, Some(AccessBasis::Grant { grant_id: gid }));
    assert!(d.redisclosure_notice_required);
    assert_eq!(
        s.read(&alice, &smith, Payment, eth).reason,
        DecisionReason::SensitiveRequiresSpecificConsent
    );
    assert!(!s.read(&alice, &jones, Treatment, eth).allowed);
    // Non-ETH data under the same grant carries no notice.
    let d = s.read(&alice, &smith, Treatment, normal);
    assert!(d.allowed && !d.redisclosure_notice_required);

    // It expires by block time.
    s.advance(1000);
    assert_eq!(
        s.read(&alice, &smith, Treatment, eth).reason,
        DecisionReason::SensitiveRequiresSpecificConsent
    );
}

#[test]
fn a_nested_deny_still_refuses_eth_under_a_specific_grant() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let eth = s.add_record(&alice, Condition, &[SecurityLabel::VeryRestricted]);
    let mut root = eth_permit(Treatment);
    root.provisions = vec![deny()];
    root.provisions[0].resource_types = vec![Condition];
    let expiry = Some(s.now().plus_seconds(1000));
    s.grant(&alice, address(&smith), root, expiry).unwrap();
    assert_eq!(
        s.read(&alice, &smith, Treatment, eth).reason,
        DecisionReason::DeniedByProvision
    );
}

#[test]
fn self_pay_restricted_records_are_denied_to_payment_even_under_a_general_grant() {
    let mut s = Suite::new();
    let (alice, payer, hospital) = (s.alice.clone(), s.payer.clone(), s.hospital.clone());
    let enc = s.add_record(&alice, Encounter, &[]);
    s.grant(&alice, role(PartyRole::Payer), permit(), None)
        .unwrap();
    s.grant(&alice, address(&hospital), permit(), None).unwrap();
    assert!(s.read(&alice, &payer, Payment, enc).allowed);

    // Only the patient may set the flag.
    let set = ExecuteMsg::SetSelfPayRestriction {
        record_id: enc,
        restricted: true,
    };
    for sender in [
        payer.clone(),
        hospital.clone(),
        s.bob.clone(),
        s.owner.clone(),
    ] {
        let err = s.exec_err(&sender, &set);
        assert!(err.ends_with("unauthorized: the patient required"), "{err}");
    }
    let err = s.exec_err(
        &alice,
        &ExecuteMsg::SetSelfPayRestriction {
            record_id: 99,
            restricted: true,
        },
    );
    assert!(err.ends_with("record 99 not found"), "{err}");
    let res = s.exec(&alice, &set).unwrap();
    assert_eq!(attr(&res, "action"), "set_self_pay_restriction");
    let r: RecordInfo = s.query(&QueryMsg::Record { record_id: enc });
    assert!(r.self_pay_restricted);

    // HPAYMT is denied for anyone (payer or the billing provider); treatment is not affected.
    for actor in [&payer, &hospital] {
        let d = s.read(&alice, actor, Payment, enc);
        assert!(!d.allowed);
        assert_eq!(d.reason, DecisionReason::SelfPayRestricted);
    }
    assert!(s.read(&alice, &hospital, Treatment, enc).allowed);
    // Restricted from payers: a payer cannot reach it by claiming another purpose either.
    for purpose in [Operations, Treatment] {
        let d = s.read(&alice, &payer, purpose, enc);
        assert!(!d.allowed);
        assert_eq!(d.reason, DecisionReason::SelfPayRestricted);
    }
    let other = s.add_record(&alice, Encounter, &[]);
    assert!(
        s.read(&alice, &payer, Operations, other).allowed,
        "unrestricted records are not affected"
    );
    // An amendment keeps the restriction.
    let res = s
        .exec(
            &alice,
            &ExecuteMsg::AmendRecord {
                record_id: enc,
                content: content("v2"),
                labels: vec![],
                data_period: None,
                reason: cw_health_types::ehr_registry::AmendReason::Addendum,
                reason_hash: None,
            },
        )
        .unwrap();
    let next: u64 = attr(&res, "record_id").parse().unwrap();
    assert_eq!(
        s.read(&alice, &payer, Payment, next).reason,
        DecisionReason::SelfPayRestricted
    );

    // Lifting it restores access.
    s.exec(
        &alice,
        &ExecuteMsg::SetSelfPayRestriction {
            record_id: enc,
            restricted: false,
        },
    )
    .unwrap();
    assert!(s.read(&alice, &payer, Payment, enc).allowed);
}
