//! Restrictions and protection apply to a record as a whole: every version of it, whichever
//! version the restriction or the sensitive label was set on; and a type-level payment question
//! is not answered yes behind a restricted record's back.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cw_health_types::ehr_registry::{
    AmendReason, DecisionReason, ExecuteMsg, PartyRole, QueryMsg, RecordInfo,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel};

use FhirResourceType::*;
use PurposeOfUse::*;

fn amend(s: &mut Suite, record_id: u64, labels: &[SecurityLabel]) -> u64 {
    let alice = s.alice.clone();
    let res = s
        .exec(
            &alice,
            &ExecuteMsg::AmendRecord {
                record_id,
                content: content(&format!("v{record_id}")),
                labels: labels.to_vec(),
                data_period: None,
                reason: AmendReason::Correction,
                reason_hash: None,
            },
        )
        .unwrap();
    attr(&res, "record_id").parse().unwrap()
}

fn restrict(s: &mut Suite, record_id: u64, restricted: bool) {
    let alice = s.alice.clone();
    s.exec(
        &alice,
        &ExecuteMsg::SetSelfPayRestriction {
            record_id,
            restricted,
        },
    )
    .unwrap();
}

#[test]
fn a_self_pay_restriction_on_the_latest_version_covers_the_earlier_ones() {
    let mut s = Suite::new();
    let (alice, payer, hospital) = (s.alice.clone(), s.payer.clone(), s.hospital.clone());
    s.grant(&alice, role(PartyRole::Payer), permit(), None)
        .unwrap();
    s.grant(&alice, address(&hospital), permit(), None).unwrap();
    let v1 = s.add_record(&alice, Encounter, &[]);
    let v2 = amend(&mut s, v1, &[]);
    let v3 = amend(&mut s, v2, &[]);
    // The patient restricts the encounter (its current version).
    restrict(&mut s, v3, true);
    // The attacker: the payer asks for an earlier version.
    for v in [v1, v2, v3] {
        let d = s.read(&alice, &payer, Payment, v);
        assert!(
            !d.allowed,
            "payer reads version {v} of a restricted encounter"
        );
        assert_eq!(d.reason, DecisionReason::SelfPayRestricted);
        assert_eq!(
            s.read(&alice, &hospital, Payment, v).reason,
            DecisionReason::SelfPayRestricted
        );
        let r: RecordInfo = s.query(&QueryMsg::Record { record_id: v });
        assert!(r.self_pay_restricted, "record {v} reports unrestricted");
    }
    // Lifted through any version, it is lifted for all.
    restrict(&mut s, v1, false);
    for v in [v1, v2, v3] {
        assert!(s.read(&alice, &payer, Payment, v).allowed);
    }
    // Set on an old version, it covers the new ones too (and later amendments).
    restrict(&mut s, v2, true);
    let v4 = amend(&mut s, v3, &[]);
    for v in [v1, v3, v4] {
        assert_eq!(
            s.read(&alice, &payer, Payment, v).reason,
            DecisionReason::SelfPayRestricted
        );
    }
}

#[test]
fn a_record_corrected_to_substance_use_is_protected_in_every_version() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    s.grant(&alice, address(&smith), permit(), None).unwrap();
    let v1 = s.add_record(&alice, Condition, &[SecurityLabel::Normal]);
    assert!(s.read(&alice, &smith, Treatment, v1).allowed);
    let v2 = amend(&mut s, v1, &[SecurityLabel::VeryRestricted]);
    // The attacker: a general grant reads the first version of what is now an ETH record.
    for v in [v1, v2] {
        let d = s.read(&alice, &smith, Treatment, v);
        assert!(!d.allowed, "general grant reads version {v}");
        assert_eq!(d.reason, DecisionReason::SensitiveRequiresSpecificConsent);
    }
    // A later version relabelled as normal stays protected: protection only grows.
    let v3 = amend(&mut s, v2, &[SecurityLabel::Normal]);
    assert!(!s.read(&alice, &smith, Treatment, v3).allowed);
    // A specific ETH consent reaches all of them, with the redisclosure notice.
    let mut eth = permit();
    eth.labels = vec![SecurityLabel::VeryRestricted, SecurityLabel::Normal];
    eth.purposes = vec![Treatment];
    let later = Some(s.now().plus_seconds(1000));
    s.grant(&alice, address(&smith), eth, later).unwrap();
    for v in [v1, v2, v3] {
        let d = s.read(&alice, &smith, Treatment, v);
        assert!(d.allowed);
        assert!(d.redisclosure_notice_required);
    }
    // A psychiatric relabel is covered by a deny of PSY on every version.
    let w1 = s.add_record(&alice, Observation, &[]);
    let mut except_psy = permit();
    except_psy.provisions = vec![deny()];
    except_psy.provisions[0].labels = vec![SecurityLabel::Restricted];
    let jones = s.dr_jones.clone();
    s.grant(&alice, address(&jones), except_psy, None).unwrap();
    assert!(s.read(&alice, &jones, Treatment, w1).allowed);
    let w2 = amend(&mut s, w1, &[SecurityLabel::Restricted]);
    for v in [w1, w2] {
        assert_eq!(
            s.read(&alice, &jones, Treatment, v).reason,
            DecisionReason::DeniedByProvision
        );
    }
}

#[test]
fn type_level_payment_questions_need_a_record() {
    let mut s = Suite::new();
    let (alice, payer, hospital) = (s.alice.clone(), s.payer.clone(), s.hospital.clone());
    s.grant(&alice, role(PartyRole::Payer), permit(), None)
        .unwrap();
    s.grant(&alice, address(&hospital), permit(), None).unwrap();
    let enc = s.add_record(&alice, Encounter, &[]);
    restrict(&mut s, enc, true);
    // The attacker: "may I read Encounters?" while the only encounter is restricted.
    let asks = [
        (&payer, Payment),
        (&payer, Operations),
        (&payer, Treatment),
        (&hospital, Payment),
    ];
    for (actor, purpose) in asks {
        let d = s.check(
            &alice,
            actor,
            AccessAction::Read,
            purpose,
            Some(Encounter),
            None,
        );
        assert!(!d.allowed, "{actor} {purpose:?}");
        assert_eq!(d.reason, DecisionReason::RecordLevelCheckRequired);
        assert_eq!(d.basis, None);
    }
    // Record-level questions are answered as before; type-level treatment questions too.
    assert_eq!(
        s.read(&alice, &payer, Payment, enc).reason,
        DecisionReason::SelfPayRestricted
    );
    assert!(
        s.check(
            &alice,
            &hospital,
            AccessAction::Read,
            Treatment,
            Some(Encounter),
            None
        )
        .allowed
    );
}
