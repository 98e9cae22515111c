//! Delegates stay in their lane: they change only the grants they issued, every grant they issue
//! (permit or deny) lies within their scope and ends with their appointment, a patient's deny
//! binds them, and expired appointments free the patient's slots.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cosmwasm_std::{Addr, Timestamp};
use cw_health_types::ehr_registry::{
    AccessBasis, ConsentState, DecisionReason, DelegateRelationship, ExecuteMsg, GrantInfo,
    InactiveReason, PartyRole, PatientInfo, Provision, QueryMsg, RevocationReason, Scope,
    MAX_DELEGATES_PER_PATIENT,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel};

use FhirResourceType::*;
use PurposeOfUse::*;

/// A caregiver who may read immunizations for treatment, and manage grants within that.
fn immunizations() -> Scope {
    Scope {
        actions: vec![AccessAction::Read],
        purposes: vec![Treatment],
        resource_types: vec![Immunization],
        labels: vec![],
    }
}

fn appoint(delegate: &Addr, scope: Scope, expires_at: Option<Timestamp>) -> ExecuteMsg {
    ExecuteMsg::AppointDelegate {
        delegate: delegate.to_string(),
        relationship: DelegateRelationship::Caregiver,
        scope,
        manage_grants: true,
        expires_at,
    }
}

/// A provision within [`immunizations`].
fn within(t: cw_health_types::ehr_registry::ProvisionType) -> Provision {
    let mut p = permit();
    p.provision_type = t;
    p.actions = vec![AccessAction::Read];
    p.purposes = vec![Treatment];
    p.resource_types = vec![Immunization];
    p
}

fn grant_as(
    s: &mut Suite,
    sender: &Addr,
    grantee: cw_health_types::ehr_registry::GranteeMsg,
    provision: Provision,
    expires_at: Option<Timestamp>,
) -> Result<u64, String> {
    let patient = s.alice.to_string();
    s.exec(
        sender,
        &ExecuteMsg::GrantAccess {
            patient,
            grantee,
            provision,
            starts_at: None,
            expires_at,
            policy_hash: None,
            verification: None,
        },
    )
    .map(|r| attr(&r, "grant_id").parse().unwrap())
    .map_err(|e| e.to_string())
}

fn grant_info(s: &Suite, grant_id: u64) -> GrantInfo {
    s.query(&QueryMsg::Grant { grant_id })
}

#[test]
fn a_delegate_cannot_lift_or_rewrite_the_patients_grants() {
    let mut s = Suite::new();
    let (alice, jones, smith) = (s.alice.clone(), s.dr_jones.clone(), s.dr_smith.clone());
    let carol = s.app.api().addr_make("carol");
    let imm = s.add_record(&alice, Immunization, &[]);
    let plain = s.add_record(&alice, Observation, &[]);
    s.grant(&alice, role(PartyRole::Clinician), permit(), None)
        .unwrap();
    let never_jones = s.grant(&alice, address(&jones), deny(), None).unwrap();
    let smith_grant = s.grant(&alice, address(&smith), permit(), None).unwrap();
    s.exec(&alice, &appoint(&carol, immunizations(), None))
        .unwrap();

    // The caregiver revokes the patient's deny (to widen Jones's access), or marks the
    // patient's grants entered in error (rewriting consent history): both refused.
    for (msg, gid) in [
        (
            ExecuteMsg::RevokeAccess {
                grant_id: never_jones,
                reason: RevocationReason::PatientWithdrew,
            },
            never_jones,
        ),
        (
            ExecuteMsg::MarkGrantEnteredInError {
                grant_id: never_jones,
            },
            never_jones,
        ),
        (
            ExecuteMsg::MarkGrantEnteredInError {
                grant_id: smith_grant,
            },
            smith_grant,
        ),
        (
            ExecuteMsg::RevokeAccess {
                grant_id: smith_grant,
                reason: RevocationReason::RelationshipEnded,
            },
            smith_grant,
        ),
    ] {
        let err = s.exec_err(&carol, &msg);
        assert!(
            err.ends_with(&format!(
                "grant {gid} was not issued by this delegate; only the patient may change it"
            )),
            "{err}"
        );
    }
    for gid in [never_jones, smith_grant] {
        assert_eq!(grant_info(&s, gid).state, ConsentState::Active);
    }
    assert!(!s.read(&alice, &jones, Treatment, imm).allowed);
    assert!(s.read(&alice, &smith, Treatment, plain).allowed);

    // Its own grants, it may revoke and correct.
    let own = grant_as(
        &mut s,
        &carol,
        address(&smith),
        within(cw_health_types::ehr_registry::ProvisionType::Permit),
        None,
    )
    .unwrap();
    s.exec(
        &carol,
        &ExecuteMsg::RevokeAccess {
            grant_id: own,
            reason: RevocationReason::Superseded,
        },
    )
    .unwrap();
    // And the patient may change any grant, the delegate's included.
    let own = grant_as(
        &mut s,
        &carol,
        address(&smith),
        within(cw_health_types::ehr_registry::ProvisionType::Permit),
        None,
    )
    .unwrap();
    s.exec(
        &alice,
        &ExecuteMsg::MarkGrantEnteredInError { grant_id: own },
    )
    .unwrap();
}

#[test]
fn every_grant_a_delegate_issues_lies_within_its_scope_denies_included() {
    use cw_health_types::ehr_registry::ProvisionType::{Deny, Permit};
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let carol = s.app.api().addr_make("carol");
    let plain = s.add_record(&alice, Observation, &[]);
    let imm = s.add_record(&alice, Immunization, &[]);
    s.grant(&alice, role(PartyRole::Clinician), permit(), None)
        .unwrap();
    s.exec(&alice, &appoint(&carol, immunizations(), None))
        .unwrap();
    // The attacker: "deny every clinician everything", from a caregiver scoped to immunizations.
    let err = grant_as(&mut s, &carol, role(PartyRole::Clinician), deny(), None).unwrap_err();
    assert!(
        err.ends_with("the grant exceeds the delegate's scope: actions"),
        "{err}"
    );
    let mut wide_type = within(Deny);
    wide_type.resource_types = vec![Immunization, Observation];
    let err = grant_as(&mut s, &carol, role(PartyRole::Clinician), wide_type, None).unwrap_err();
    assert!(
        err.ends_with("the grant exceeds the delegate's scope: resource_types"),
        "{err}"
    );
    assert!(s.read(&alice, &smith, Treatment, plain).allowed);
    // A deny within its scope is its to give, and reaches only that scope.
    let d = grant_as(&mut s, &carol, address(&smith), within(Deny), None).unwrap();
    let decision = s.read(&alice, &smith, Treatment, imm);
    assert!(!decision.allowed);
    assert_eq!(decision.basis, Some(AccessBasis::Grant { grant_id: d }));
    assert!(s.read(&alice, &smith, Treatment, plain).allowed);
    // A permit within scope too.
    let hospital = s.hospital.clone();
    let p = grant_as(&mut s, &carol, address(&hospital), within(Permit), None).unwrap();
    assert_eq!(grant_info(&s, p).state, ConsentState::Active);
}

#[test]
fn a_delegate_deny_never_reaches_records_outside_its_scope() {
    use cw_health_types::ehr_registry::ProvisionType::Deny;
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let carol = s.app.api().addr_make("carol");
    // Scope: normal data only (no labels). A deny naming no labels matches every class,
    // restricted records included, which lie outside the delegate's scope.
    let scope = Scope {
        actions: vec![AccessAction::Read],
        purposes: vec![Treatment],
        resource_types: vec![],
        labels: vec![],
    };
    s.exec(&alice, &appoint(&carol, scope, None)).unwrap();
    let restricted = s.add_record(&alice, Observation, &[SecurityLabel::Restricted]);
    let normal = s.add_record(&alice, Observation, &[SecurityLabel::Normal]);
    let mut p = permit();
    p.labels = vec![SecurityLabel::Normal, SecurityLabel::Restricted];
    p.purposes = vec![Treatment];
    let later = Some(s.now().plus_seconds(3600));
    s.grant(&alice, address(&smith), p, later).unwrap();
    let mut d = permit();
    d.provision_type = Deny;
    d.actions = vec![AccessAction::Read];
    d.purposes = vec![Treatment];
    let deny_id = grant_as(&mut s, &carol, address(&smith), d, None).unwrap();
    let decision = s.read(&alice, &smith, Treatment, normal);
    assert!(!decision.allowed);
    assert_eq!(
        decision.basis,
        Some(AccessBasis::Grant { grant_id: deny_id })
    );
    assert!(
        s.read(&alice, &smith, Treatment, restricted).allowed,
        "the delegate's deny reached a restricted record outside its scope"
    );
}

#[test]
fn a_delegates_grants_end_with_its_appointment() {
    use cw_health_types::ehr_registry::ProvisionType::Permit;
    let mut s = Suite::new();
    let alice = s.alice.clone();
    let (carol, dave) = (
        s.app.api().addr_make("carol"),
        s.app.api().addr_make("dave"),
    );
    let imm = s.add_record(&alice, Immunization, &[]);
    let day = s.now().plus_seconds(24 * 3600);
    s.exec(&alice, &appoint(&carol, immunizations(), Some(day)))
        .unwrap();
    // An explicit expiry past the appointment is refused.
    let err = grant_as(
        &mut s,
        &carol,
        address(&dave),
        within(Permit),
        Some(day.plus_seconds(1)),
    )
    .unwrap_err();
    assert!(
        err.ends_with("a delegate's grant must expire no later than its appointment"),
        "{err}"
    );
    // The attacker: a one-day caregiver grants a second address it controls, open-ended.
    let gid = grant_as(&mut s, &carol, address(&dave), within(Permit), None).unwrap();
    assert_eq!(grant_info(&s, gid).expires_at, Some(day));
    assert!(s.read(&alice, &dave, Treatment, imm).allowed);
    s.advance(24 * 3600);
    assert!(!s.read(&alice, &dave, Treatment, imm).allowed);
    let g = grant_info(&s, gid);
    assert_eq!(g.state, ConsentState::Inactive);
    assert_eq!(g.inactive_reason, Some(InactiveReason::Expired));
}

#[test]
fn a_removed_delegates_grants_stop_applying_and_do_not_return_on_reappointment() {
    use cw_health_types::ehr_registry::ProvisionType::Permit;
    let mut s = Suite::new();
    let alice = s.alice.clone();
    let (carol, dave) = (
        s.app.api().addr_make("carol"),
        s.app.api().addr_make("dave"),
    );
    let imm = s.add_record(&alice, Immunization, &[]);
    s.exec(&alice, &appoint(&carol, immunizations(), None))
        .unwrap();
    let gid = grant_as(&mut s, &carol, address(&dave), within(Permit), None).unwrap();
    assert!(s.read(&alice, &dave, Treatment, imm).allowed);
    // Re-appointing the same delegate (a scope change) keeps its grants, bounded by the new
    // scope at decision time.
    let mut narrower = immunizations();
    narrower.purposes = vec![PatientRequested];
    s.exec(&alice, &appoint(&carol, narrower, None)).unwrap();
    assert!(
        !s.read(&alice, &dave, Treatment, imm).allowed,
        "a grant outlived its issuer's narrowed scope"
    );
    s.exec(&alice, &appoint(&carol, immunizations(), None))
        .unwrap();
    assert!(s.read(&alice, &dave, Treatment, imm).allowed);
    // Removed: the grant stops applying at once.
    s.exec(
        &alice,
        &ExecuteMsg::RemoveDelegate {
            patient: alice.to_string(),
            delegate: carol.to_string(),
        },
    )
    .unwrap();
    let d = s.read(&alice, &dave, Treatment, imm);
    assert!(!d.allowed);
    assert_eq!(d.reason, DecisionReason::NoMatchingGrant);
    let g = grant_info(&s, gid);
    assert_eq!(g.state, ConsentState::Inactive);
    assert_eq!(g.inactive_reason, Some(InactiveReason::IssuerNotDelegate));
    // Appointed again later: a new appointment, the old grant stays dead.
    s.exec(&alice, &appoint(&carol, immunizations(), None))
        .unwrap();
    assert!(!s.read(&alice, &dave, Treatment, imm).allowed);
    // An expired appointment ends them too.
    let soon = s.now().plus_seconds(10);
    let erin = s.app.api().addr_make("erin");
    s.exec(&alice, &appoint(&erin, immunizations(), Some(soon)))
        .unwrap();
    let fred = s.app.api().addr_make("fred");
    let g2 = grant_as(&mut s, &erin, address(&fred), within(Permit), None).unwrap();
    assert!(s.read(&alice, &fred, Treatment, imm).allowed);
    s.advance(10);
    assert!(!s.read(&alice, &fred, Treatment, imm).allowed);
    assert_eq!(grant_info(&s, g2).state, ConsentState::Inactive);
}

#[test]
fn a_patients_address_deny_binds_their_own_delegate() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    let carol = s.app.api().addr_make("carol");
    let imm = s.add_record(&alice, Immunization, &[]);
    s.exec(&alice, &appoint(&carol, immunizations(), None))
        .unwrap();
    assert!(s.read(&alice, &carol, Treatment, imm).allowed);
    let block = s.grant(&alice, address(&carol), deny(), None).unwrap();
    let d = s.read(&alice, &carol, Treatment, imm);
    assert!(!d.allowed, "the patient's deny did not bind their delegate");
    assert_eq!(d.reason, DecisionReason::DeniedByProvision);
    assert_eq!(d.basis, Some(AccessBasis::Grant { grant_id: block }));
    // A deny for another purpose leaves the delegate's scope alone.
    s.exec(
        &alice,
        &ExecuteMsg::RevokeAccess {
            grant_id: block,
            reason: RevocationReason::Superseded,
        },
    )
    .unwrap();
    let mut research = deny();
    research.purposes = vec![Research];
    s.grant(&alice, address(&carol), research, None).unwrap();
    assert!(s.read(&alice, &carol, Treatment, imm).allowed);
}

#[test]
fn expired_appointments_free_the_patients_delegate_slots() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    let soon = s.now().plus_seconds(10);
    for i in 0..MAX_DELEGATES_PER_PATIENT {
        let d = s.app.api().addr_make(&format!("d{i}"));
        s.exec(&alice, &appoint(&d, immunizations(), Some(soon)))
            .unwrap();
    }
    let extra = s.app.api().addr_make("extra");
    let err = s.exec_err(&alice, &appoint(&extra, immunizations(), None));
    assert!(err.ends_with("too many delegates: at most 5"), "{err}");
    s.advance(10);
    s.exec(&alice, &appoint(&extra, immunizations(), None))
        .unwrap();
    let p: Option<PatientInfo> = s.query(&QueryMsg::Patient {
        address: alice.to_string(),
    });
    assert_eq!(p.unwrap().delegate_count, 1);
}
