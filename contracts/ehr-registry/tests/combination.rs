//! Combining grants: each grant is decided on its own, then the grant naming the actor's address
//! beats a role grant (grantee specificity first), then the deeper provision, then deny over
//! permit. Both cases of issue 11, where a generic role grant used to override the patient's
//! word about one named clinician.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cw_health_types::ehr_registry::{AccessBasis, DecisionReason, PartyRole};
use cw_health_types::{FhirResourceType, PurposeOfUse, SecurityLabel};

use FhirResourceType::*;
use PurposeOfUse::*;

/// "All clinicians: everything, except diagnoses (Condition records) unless for treatment" (a
/// role grant whose deepest provision, at depth 3, permits Conditions for TREAT).
fn clinicians_except_conditions_unless_treatment() -> cw_health_types::ehr_registry::Provision {
    let mut unless_treatment = permit();
    unless_treatment.purposes = vec![Treatment];
    let mut except_conditions = deny();
    except_conditions.resource_types = vec![Condition];
    except_conditions.provisions = vec![unless_treatment];
    let mut root = permit();
    root.provisions = vec![except_conditions];
    root
}

#[test]
fn never_dr_jones_beats_a_deeper_role_permit() {
    let mut s = Suite::new();
    let (alice, smith, jones) = (s.alice.clone(), s.dr_smith.clone(), s.dr_jones.clone());
    let diagnosis = s.add_record(&alice, Condition, &[]);
    let plain = s.add_record(&alice, Observation, &[]);
    let clinicians = s
        .grant(
            &alice,
            role(PartyRole::Clinician),
            clinicians_except_conditions_unless_treatment(),
            None,
        )
        .unwrap();
    let never_jones = s.grant(&alice, address(&jones), deny(), None).unwrap();

    // The attacker: Dr Jones asks for the diagnosis for treatment, where the role grant's
    // depth-3 permit is deeper than the patient's depth-1 "never Dr Jones".
    for rec in [diagnosis, plain] {
        let d = s.read(&alice, &jones, Treatment, rec);
        assert!(!d.allowed, "Dr Jones reads record {rec}");
        assert_eq!(d.reason, DecisionReason::DeniedByProvision);
        assert_eq!(
            d.basis,
            Some(AccessBasis::Grant {
                grant_id: never_jones
            })
        );
    }
    // Every other clinician still gets what the role grant says.
    let d = s.read(&alice, &smith, Treatment, diagnosis);
    assert!(d.allowed);
    assert_eq!(
        d.basis,
        Some(AccessBasis::Grant {
            grant_id: clinicians
        })
    );
    assert!(!s.read(&alice, &smith, Operations, diagnosis).allowed);
    assert!(s.read(&alice, &smith, Operations, plain).allowed);
}

#[test]
fn my_psychiatrist_beats_a_role_deny_on_restricted_records() {
    let mut s = Suite::new();
    let (alice, smith, jones) = (s.alice.clone(), s.dr_smith.clone(), s.dr_jones.clone());
    // A psychiatric note: on chain, only its protection class (restricted) is known.
    let psy = s.add_record(&alice, Observation, &[SecurityLabel::Restricted]);
    // "Clinicians: everything except restricted data" (role, the deny at depth 2).
    let mut clinicians = permit();
    clinicians.provisions = vec![deny()];
    clinicians.provisions[0].labels = vec![SecurityLabel::Restricted];
    let role_grant = s
        .grant(&alice, role(PartyRole::Clinician), clinicians, None)
        .unwrap();
    // "My psychiatrist (Dr Smith): restricted data, for treatment" (address, a depth-1 permit;
    // a consent reaching a protected class names it, the purpose and an expiry).
    let mut psychiatrist = permit();
    psychiatrist.labels = vec![SecurityLabel::Restricted];
    psychiatrist.purposes = vec![Treatment];
    let later = Some(s.now().plus_seconds(3600));
    let mine = s
        .grant(&alice, address(&smith), psychiatrist, later)
        .unwrap();

    let d = s.read(&alice, &smith, Treatment, psy);
    assert!(d.allowed, "the patient's own psychiatrist is denied");
    assert_eq!(d.basis, Some(AccessBasis::Grant { grant_id: mine }));
    assert!(d.redisclosure_notice_required);
    // Where the address grant does not apply (another purpose), the role grant decides.
    let d = s.read(&alice, &smith, Payment, psy);
    assert!(!d.allowed);
    assert_eq!(
        d.basis,
        Some(AccessBasis::Grant {
            grant_id: role_grant
        })
    );
    // Other clinicians stay out of the restricted record.
    let d = s.read(&alice, &jones, Treatment, psy);
    assert!(!d.allowed);
    assert_eq!(d.reason, DecisionReason::DeniedByProvision);
}

#[test]
fn within_one_grantee_kind_depth_then_deny_decide() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let psy = s.add_record(&alice, Observation, &[SecurityLabel::Restricted]);
    // Two address grants: a general permit (depth 1) and "except PSY" nested (depth 2).
    let general = s.grant(&alice, address(&smith), permit(), None).unwrap();
    let mut except_psy = permit();
    except_psy.provisions = vec![deny()];
    except_psy.provisions[0].labels = vec![SecurityLabel::Restricted];
    let nested = s.grant(&alice, address(&smith), except_psy, None).unwrap();
    let d = s.read(&alice, &smith, Treatment, psy);
    assert!(!d.allowed);
    assert_eq!(d.basis, Some(AccessBasis::Grant { grant_id: nested }));
    // A root deny for research next to the root permit: deny wins at equal depth.
    let mut no_research = deny();
    no_research.purposes = vec![Research];
    let block = s.grant(&alice, address(&smith), no_research, None).unwrap();
    let plain = s.add_record(&alice, Observation, &[]);
    let d = s.read(&alice, &smith, Research, plain);
    assert!(!d.allowed);
    assert_eq!(d.basis, Some(AccessBasis::Grant { grant_id: block }));
    let d = s.read(&alice, &smith, Treatment, plain);
    assert_eq!(d.basis, Some(AccessBasis::Grant { grant_id: general }));
}
