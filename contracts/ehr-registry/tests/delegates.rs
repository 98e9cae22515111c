//! Delegates: their own access scope, managing grants within it, removal, caps.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cosmwasm_std::Addr;
use cw_health_types::ehr_registry::{
    AccessBasis, ConsentState, DecisionReason, DelegateInfo, DelegateRelationship,
    DelegatesResponse, ExecuteMsg, GrantInfo, GrantsResponse, PartyChangeReason, PartyStatus,
    PatientInfo, QueryMsg, RevocationReason, Scope, MAX_DELEGATES_PER_PATIENT,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel};

use FhirResourceType::*;
use PurposeOfUse::*;

fn scope() -> Scope {
    Scope {
        actions: vec![AccessAction::Read],
        purposes: vec![Treatment, PatientRequested],
        resource_types: vec![],
        labels: vec![SecurityLabel::Normal],
    }
}

fn appoint(delegate: &Addr, manage_grants: bool) -> ExecuteMsg {
    ExecuteMsg::AppointDelegate {
        delegate: delegate.to_string(),
        relationship: DelegateRelationship::Caregiver,
        scope: scope(),
        manage_grants,
        expires_at: None,
    }
}

#[test]
fn delegates_access_within_their_scope() {
    let mut s = Suite::new();
    let (alice, carol) = (s.alice.clone(), s.app.api().addr_make("carol"));
    let normal = s.add_record(&alice, Observation, &[SecurityLabel::Normal]);
    let psy = s.add_record(&alice, Observation, &[SecurityLabel::Restricted]);
    assert!(!s.read(&alice, &carol, PatientRequested, normal).allowed);
    let res = s.exec(&alice, &appoint(&carol, false)).unwrap();
    assert_eq!(attr(&res, "relationship"), "caregiver");
    let d = s.read(&alice, &carol, PatientRequested, normal);
    assert!(d.allowed);
    assert_eq!(d.reason, DecisionReason::PermittedAsDelegate);
    assert_eq!(
        d.basis,
        Some(AccessBasis::Delegate {
            patient: alice.clone()
        })
    );
    assert!(
        !s.read(&alice, &carol, PatientRequested, psy).allowed,
        "label outside scope"
    );
    assert!(
        !s.read(&alice, &carol, Research, normal).allowed,
        "purpose outside scope"
    );
    let info: Option<DelegateInfo> = s.query(&QueryMsg::Delegate {
        patient: alice.to_string(),
        delegate: carol.to_string(),
    });
    assert!(info.unwrap().active);
    let p: Option<PatientInfo> = s.query(&QueryMsg::Patient {
        address: alice.to_string(),
    });
    assert_eq!(p.unwrap().delegate_count, 1);
}

#[test]
fn managing_delegates_grant_and_revoke_within_scope_only() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let (carol, dave) = (
        s.app.api().addr_make("carol"),
        s.app.api().addr_make("dave"),
    );
    let rec = s.add_record(&alice, Observation, &[SecurityLabel::Normal]);
    s.exec(&alice, &appoint(&carol, true)).unwrap();
    s.exec(&alice, &appoint(&dave, false)).unwrap();
    let grant = |p| ExecuteMsg::GrantAccess {
        patient: alice.to_string(),
        grantee: address(&smith),
        provision: p,
        starts_at: None,
        expires_at: None,
        policy_hash: None,
        verification: None,
    };
    let mut within = permit();
    within.actions = vec![AccessAction::Read];
    within.purposes = vec![Treatment];
    within.labels = vec![SecurityLabel::Normal];
    // A delegate that does not manage grants cannot.
    let err = s.exec_err(&dave, &grant(within.clone()));
    assert!(err.ends_with("unauthorized: the patient or a delegate managing grants required"));
    // Beyond the scope: a general permit (any action), a write, another purpose, or ETH.
    let mut write = within.clone();
    write.actions = vec![AccessAction::Write];
    let mut research = within.clone();
    research.purposes = vec![Research];
    for (p, field) in [
        (permit(), "actions"),
        (write, "actions"),
        (research, "purposes"),
    ] {
        let err = s.exec_err(&carol, &grant(p));
        assert!(
            err.ends_with(&format!("the grant exceeds the delegate's scope: {field}")),
            "{err}"
        );
    }
    // A root deny lies within the scope too (issue 11: a delegate's deny is bounded as its
    // permits are), and so does a permit nested in it.
    let mut sneaky = deny();
    sneaky.provisions = vec![permit()];
    let err = s.exec_err(&carol, &grant(sneaky));
    assert!(
        err.ends_with("the grant exceeds the delegate's scope: actions"),
        "{err}"
    );
    let mut sneaky = within.clone();
    sneaky.provision_type = cw_health_types::ehr_registry::ProvisionType::Deny;
    sneaky.provisions = vec![permit()];
    let err = s.exec_err(&carol, &grant(sneaky));
    assert!(
        err.ends_with("the grant exceeds the delegate's scope: actions"),
        "{err}"
    );
    let mut nested_ok = within.clone();
    nested_ok.provision_type = cw_health_types::ehr_registry::ProvisionType::Deny;
    nested_ok.provisions = vec![within.clone()];
    let res = s.exec(&carol, &grant(nested_ok)).unwrap();
    let nested_id: u64 = attr(&res, "grant_id").parse().unwrap();
    assert!(s.read(&alice, &smith, Treatment, rec).allowed);
    s.exec(
        &carol,
        &ExecuteMsg::MarkGrantEnteredInError {
            grant_id: nested_id,
        },
    )
    .unwrap();
    assert!(!s.read(&alice, &smith, Treatment, rec).allowed);
    let res = s.exec(&carol, &grant(within)).unwrap();
    let gid: u64 = attr(&res, "grant_id").parse().unwrap();
    let g: GrantInfo = s.query(&QueryMsg::Grant { grant_id: gid });
    assert_eq!(g.granted_by, carol);
    assert!(s.read(&alice, &smith, Treatment, rec).allowed);
    s.exec(
        &carol,
        &ExecuteMsg::RevokeAccess {
            grant_id: gid,
            reason: RevocationReason::RelationshipEnded,
        },
    )
    .unwrap();
    assert!(!s.read(&alice, &smith, Treatment, rec).allowed);

    // Once removed, the delegate can do nothing more.
    s.exec(
        &alice,
        &ExecuteMsg::RemoveDelegate {
            patient: alice.to_string(),
            delegate: carol.to_string(),
        },
    )
    .unwrap();
    let mut p = permit();
    p.actions = vec![AccessAction::Read];
    p.purposes = vec![Treatment];
    p.labels = vec![SecurityLabel::Normal];
    let err = s.exec_err(&carol, &grant(p));
    assert!(err.ends_with("unauthorized: the patient or a delegate managing grants required"));
    assert!(!s.read(&alice, &carol, Treatment, rec).allowed);
}

#[test]
fn delegates_expire_by_block_time() {
    let mut s = Suite::new();
    let (alice, carol) = (s.alice.clone(), s.app.api().addr_make("carol"));
    let rec = s.add_record(&alice, Observation, &[SecurityLabel::Normal]);
    let expires = s.now().plus_seconds(30);
    s.exec(
        &alice,
        &ExecuteMsg::AppointDelegate {
            delegate: carol.to_string(),
            relationship: DelegateRelationship::Guardian,
            scope: scope(),
            manage_grants: true,
            expires_at: Some(expires),
        },
    )
    .unwrap();
    assert!(s.read(&alice, &carol, Treatment, rec).allowed);
    s.advance(30);
    assert!(!s.read(&alice, &carol, Treatment, rec).allowed);
    let info: Option<DelegateInfo> = s.query(&QueryMsg::Delegate {
        patient: alice.to_string(),
        delegate: carol.to_string(),
    });
    assert!(!info.unwrap().active);
    let mut p = permit();
    p.actions = vec![AccessAction::Read];
    p.purposes = vec![Treatment];
    p.labels = vec![SecurityLabel::Normal];
    let err = s
        .exec(
            &carol,
            &ExecuteMsg::GrantAccess {
                patient: alice.to_string(),
                grantee: address(&s.dr_smith.clone()),
                provision: p,
                starts_at: None,
                expires_at: None,
                policy_hash: None,
                verification: None,
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("unauthorized"));
}

#[test]
fn appointment_and_removal_authorization_and_limits() {
    let mut s = Suite::new();
    let (alice, bob, stranger) = (s.alice.clone(), s.bob.clone(), s.stranger.clone());
    let carol = s.app.api().addr_make("carol");
    // Only a registered patient appoints (for themself).
    let err = s.exec_err(&stranger, &appoint(&carol, false));
    assert!(
        err.ends_with(&format!("patient {stranger} is not registered")),
        "{err}"
    );
    let err = s.exec_err(&alice, &appoint(&alice, false));
    assert!(err.ends_with("a patient cannot be the grantee or delegate of their own records"));
    let past = s.now();
    let err = s.exec_err(
        &alice,
        &ExecuteMsg::AppointDelegate {
            delegate: carol.to_string(),
            relationship: DelegateRelationship::Parent,
            scope: scope(),
            manage_grants: false,
            expires_at: Some(past),
        },
    );
    assert!(err.ends_with("expires_at must be after starts_at and in the future"));
    let mut dup = scope();
    dup.purposes = vec![Treatment, Treatment];
    let err = s.exec_err(
        &alice,
        &ExecuteMsg::AppointDelegate {
            delegate: carol.to_string(),
            relationship: DelegateRelationship::Parent,
            scope: dup,
            manage_grants: false,
            expires_at: None,
        },
    );
    assert!(
        err.contains("scope.purposes contains a duplicate entry"),
        "{err}"
    );

    s.exec(&alice, &appoint(&carol, false)).unwrap();
    // Re-appointing replaces without counting twice.
    s.exec(&alice, &appoint(&carol, true)).unwrap();
    for i in 1..MAX_DELEGATES_PER_PATIENT {
        let d = s.app.api().addr_make(&format!("d{i}"));
        s.exec(&alice, &appoint(&d, false)).unwrap();
    }
    let extra = s.app.api().addr_make("extra");
    let err = s.exec_err(&alice, &appoint(&extra, false));
    assert!(err.ends_with("too many delegates: at most 5"), "{err}");
    let page: DelegatesResponse = s.query(&QueryMsg::Delegates {
        patient: alice.to_string(),
        start_after: None,
        limit: Some(3),
    });
    assert_eq!(page.delegates.len(), 3);
    let rest: DelegatesResponse = s.query(&QueryMsg::Delegates {
        patient: alice.to_string(),
        start_after: Some(page.delegates[2].delegate.to_string()),
        limit: None,
    });
    assert_eq!(rest.delegates.len(), 2);

    // Removal: neither another patient nor a stranger; the delegate itself may resign.
    let remove = ExecuteMsg::RemoveDelegate {
        patient: alice.to_string(),
        delegate: carol.to_string(),
    };
    for sender in [&bob, &stranger] {
        let err = s.exec_err(sender, &remove);
        assert!(
            err.ends_with("unauthorized: the patient or the delegate required"),
            "{err}"
        );
    }
    s.exec(&carol, &remove).unwrap();
    let err = s.exec_err(&alice, &remove);
    assert!(
        err.ends_with(&format!("delegate {carol} not found")),
        "{err}"
    );
    // A slot is free again.
    s.exec(&alice, &appoint(&extra, false)).unwrap();
    let p: Option<PatientInfo> = s.query(&QueryMsg::Patient {
        address: alice.to_string(),
    });
    assert_eq!(p.unwrap().delegate_count, MAX_DELEGATES_PER_PATIENT);
}

#[test]
fn eth_needs_eth_in_the_delegate_scope() {
    let mut s = Suite::new();
    let (alice, smith, carol) = (
        s.alice.clone(),
        s.dr_smith.clone(),
        s.app.api().addr_make("carol"),
    );
    let eth = s.add_record(&alice, Condition, &[SecurityLabel::VeryRestricted]);
    let mut general = scope();
    general.labels = vec![];
    s.exec(
        &alice,
        &ExecuteMsg::AppointDelegate {
            delegate: carol.to_string(),
            relationship: DelegateRelationship::PowerOfAttorney,
            scope: general,
            manage_grants: true,
            expires_at: None,
        },
    )
    .unwrap();
    // A scope without labels never reaches ETH.
    assert_eq!(
        s.read(&alice, &carol, Treatment, eth).reason,
        DecisionReason::SensitiveRequiresSpecificConsent
    );
    let mut p = permit();
    p.actions = vec![AccessAction::Read];
    p.purposes = vec![Treatment];
    p.provisions = vec![permit()];
    p.provisions[0].labels = vec![SecurityLabel::VeryRestricted];
    let err = s.exec_err(
        &carol,
        &ExecuteMsg::GrantAccess {
            patient: alice.to_string(),
            grantee: address(&smith),
            provision: p,
            starts_at: None,
            expires_at: Some(s.now().plus_seconds(100)),
            policy_hash: None,
            verification: None,
        },
    );
    assert!(
        err.ends_with("the grant exceeds the delegate's scope: labels"),
        "{err}"
    );
}

#[test]
fn an_eth_scope_needs_purposes_and_an_expiry_and_reaches_only_those() {
    let mut s = Suite::new();
    let (alice, smith, carol) = (
        s.alice.clone(),
        s.dr_smith.clone(),
        s.app.api().addr_make("carol"),
    );
    let eth = s.add_record(&alice, Condition, &[SecurityLabel::VeryRestricted]);
    let appoint_eth = |purposes: Vec<PurposeOfUse>, expires_at| ExecuteMsg::AppointDelegate {
        delegate: carol.to_string(),
        relationship: DelegateRelationship::Guardian,
        scope: Scope {
            actions: vec![AccessAction::Read],
            purposes,
            resource_types: vec![],
            labels: vec![SecurityLabel::VeryRestricted, SecurityLabel::Normal],
        },
        manage_grants: true,
        expires_at,
    };
    // An ETH scope for any purpose, or without an expiry, is refused and stores nothing.
    let later = Some(s.now().plus_seconds(100));
    for msg in [
        appoint_eth(vec![], later),
        appoint_eth(vec![Treatment], None),
    ] {
        let err = s.exec_err(&alice, &msg);
        assert!(
            err.ends_with("a delegate scope reaching restricted (R) or very restricted (V) records must name the purposes and the appointment an expiry"),
            "{err}"
        );
    }
    let none: Option<DelegateInfo> = s.query(&QueryMsg::Delegate {
        patient: alice.to_string(),
        delegate: carol.to_string(),
    });
    assert!(none.is_none());
    let p: Option<PatientInfo> = s.query(&QueryMsg::Patient {
        address: alice.to_string(),
    });
    assert_eq!(p.unwrap().delegate_count, 0);
    assert_eq!(
        s.read(&alice, &carol, Treatment, eth).reason,
        DecisionReason::SensitiveRequiresSpecificConsent
    );

    // Named purposes and an expiry: the delegate reads ETH for those purposes only, with the
    // redisclosure notice, until the appointment expires.
    s.exec(&alice, &appoint_eth(vec![Treatment], later))
        .unwrap();
    let d = s.read(&alice, &carol, Treatment, eth);
    assert!(d.allowed);
    assert_eq!(d.reason, DecisionReason::PermittedAsDelegate);
    assert!(d.redisclosure_notice_required);
    assert!(!s.read(&alice, &carol, Research, eth).allowed);
    // It may issue a specific ETH grant within its scope.
    let mut p = permit();
    p.actions = vec![AccessAction::Read];
    p.purposes = vec![Treatment];
    p.labels = vec![SecurityLabel::VeryRestricted];
    s.exec(
        &carol,
        &ExecuteMsg::GrantAccess {
            patient: alice.to_string(),
            grantee: address(&smith),
            provision: p,
            starts_at: None,
            // Never past the appointment's expiry (issue 11).
            expires_at: Some(s.now().plus_seconds(100)),
            policy_hash: None,
            verification: None,
        },
    )
    .unwrap();
    assert!(s.read(&alice, &smith, Treatment, eth).allowed);
    s.advance(100);
    assert_eq!(
        s.read(&alice, &carol, Treatment, eth).reason,
        DecisionReason::SensitiveRequiresSpecificConsent
    );
    assert!(!s.read(&alice, &smith, Treatment, eth).allowed);
}

#[test]
fn a_delegate_cannot_grant_access_to_itself() {
    let mut s = Suite::new();
    let (alice, carol) = (s.alice.clone(), s.app.api().addr_make("carol"));
    let rec = s.add_record(&alice, Observation, &[SecurityLabel::Normal]);
    s.exec(&alice, &appoint(&carol, true)).unwrap();
    let mut within = permit();
    within.actions = vec![AccessAction::Read];
    within.purposes = vec![Treatment];
    within.labels = vec![SecurityLabel::Normal];
    let err = s.exec_err(
        &carol,
        &ExecuteMsg::GrantAccess {
            patient: alice.to_string(),
            grantee: address(&carol),
            provision: within.clone(),
            starts_at: None,
            expires_at: None,
            policy_hash: None,
            verification: None,
        },
    );
    assert!(
        err.ends_with("a delegate cannot grant access to itself"),
        "{err}"
    );
    let page: GrantsResponse = s.query(&QueryMsg::GrantsByPatient {
        patient: alice.to_string(),
        start_after: None,
        limit: None,
    });
    assert!(page.grants.is_empty());
    // Removal therefore ends the delegate's access entirely.
    s.exec(
        &carol,
        &ExecuteMsg::RemoveDelegate {
            patient: alice.to_string(),
            delegate: carol.to_string(),
        },
    )
    .unwrap();
    assert!(!s.read(&alice, &carol, Treatment, rec).allowed);
    // The patient may still grant to that address.
    s.grant(&alice, address(&carol), within, None).unwrap();
    assert!(s.read(&alice, &carol, Treatment, rec).allowed);
}

#[test]
fn a_suspended_party_cannot_manage_grants_as_a_delegate() {
    let mut s = Suite::new();
    let (alice, smith, jones, authority) = (
        s.alice.clone(),
        s.dr_smith.clone(),
        s.dr_jones.clone(),
        s.authority.clone(),
    );
    let rec = s.add_record(&alice, Observation, &[SecurityLabel::Normal]);
    // Dr Jones is also Alice's caregiver, managing her grants.
    s.exec(&alice, &appoint(&jones, true)).unwrap();
    let mut within = permit();
    within.actions = vec![AccessAction::Read];
    within.purposes = vec![Treatment];
    within.labels = vec![SecurityLabel::Normal];
    let grant = ExecuteMsg::GrantAccess {
        patient: alice.to_string(),
        grantee: address(&smith),
        provision: within,
        starts_at: None,
        expires_at: None,
        policy_hash: None,
        verification: None,
    };
    let res = s.exec(&jones, &grant).unwrap();
    let gid: u64 = attr(&res, "grant_id").parse().unwrap();
    let suspend = |status| ExecuteMsg::UpdateParty {
        address: jones.to_string(),
        status: Some(status),
        license_expiry: None,
        reason: PartyChangeReason::Disciplinary,
    };
    s.exec(&authority, &suspend(PartyStatus::Suspended))
        .unwrap();
    let expected = format!("party {jones} is suspended, excluded or past its license expiry");
    for msg in [
        grant.clone(),
        ExecuteMsg::RevokeAccess {
            grant_id: gid,
            reason: RevocationReason::RelationshipEnded,
        },
        ExecuteMsg::MarkGrantEnteredInError { grant_id: gid },
    ] {
        let err = s.exec_err(&jones, &msg);
        assert!(err.ends_with(&expected), "{err}");
    }
    // Nothing changed: the one grant is still in force, and Jones's own access is gone.
    let g: GrantInfo = s.query(&QueryMsg::Grant { grant_id: gid });
    assert_eq!(g.state, ConsentState::Active);
    assert!(s.read(&alice, &smith, Treatment, rec).allowed);
    assert_eq!(
        s.read(&alice, &jones, Treatment, rec).reason,
        DecisionReason::ActorNotActive
    );
    // Reinstated, Jones manages grants again.
    s.exec(&authority, &suspend(PartyStatus::Active)).unwrap();
    s.exec(
        &jones,
        &ExecuteMsg::RevokeAccess {
            grant_id: gid,
            reason: RevocationReason::RelationshipEnded,
        },
    )
    .unwrap();
    assert!(!s.read(&alice, &smith, Treatment, rec).allowed);
}
