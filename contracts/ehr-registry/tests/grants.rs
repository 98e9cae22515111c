//! Consent grants: lifecycle, authorization, the specificity rules, expiry, revocation, caps.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cw_health_types::ehr_registry::{
    AccessBasis, ConsentState, DecisionReason, ExecuteMsg, GrantInfo, GranteeMsg, GrantsResponse,
    InactiveReason, PartyRole, QueryMsg, RevocationReason, MAX_ACTIVE_GRANTS_PER_GRANTEE,
    MAX_ACTIVE_GRANTS_PER_ROLE,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel};

use FhirResourceType::*;
use PurposeOfUse::*;

#[test]
fn grant_permits_and_revocation_takes_effect_for_the_next_check() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let rec = s.add_record(&alice, Observation, &[SecurityLabel::Normal]);
    // Before any grant: denied.
    let d = s.read(&alice, &smith, Treatment, rec);
    assert!(!d.allowed);
    assert_eq!(d.reason, DecisionReason::NoMatchingGrant);

    let gid = s.grant(&alice, address(&smith), permit(), None).unwrap();
    let d = s.read(&alice, &smith, Treatment, rec);
    assert!(d.allowed);
    assert_eq!(d.reason, DecisionReason::PermittedByGrant);
    assert_eq!(d.basis, Some(AccessBasis::Grant { grant_id: gid }));
    assert!(!d.redisclosure_notice_required);

    // Revoke, same block: the very next check is denied.
    s.exec(
        &alice,
        &ExecuteMsg::RevokeAccess {
            grant_id: gid,
            reason: RevocationReason::PatientWithdrew,
        },
    )
    .unwrap();
    let d = s.read(&alice, &smith, Treatment, rec);
    assert!(!d.allowed);
    assert_eq!(d.reason, DecisionReason::NoMatchingGrant);
    let g: GrantInfo = s.query(&QueryMsg::Grant { grant_id: gid });
    assert_eq!(g.state, ConsentState::Inactive);
    assert_eq!(g.inactive_reason, Some(InactiveReason::Revoked));
    assert_eq!(g.revocation.unwrap().by, alice);
    // A revoked grant cannot be revoked again.
    let err = s.exec_err(
        &alice,
        &ExecuteMsg::RevokeAccess {
            grant_id: gid,
            reason: RevocationReason::PatientWithdrew,
        },
    );
    assert!(
        err.ends_with(&format!(
            "grant {gid} is already revoked or entered in error"
        )),
        "{err}"
    );
}

#[test]
fn grants_expire_and_start_by_block_time() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let rec = s.add_record(&alice, Observation, &[]);
    let expiry = s.now().plus_seconds(100);
    let gid = s
        .grant(&alice, address(&smith), permit(), Some(expiry))
        .unwrap();
    s.advance(99);
    assert!(s.read(&alice, &smith, Treatment, rec).allowed);
    s.advance(1);
    let d = s.read(&alice, &smith, Treatment, rec);
    assert!(!d.allowed);
    assert_eq!(d.reason, DecisionReason::NoMatchingGrant);
    let g: GrantInfo = s.query(&QueryMsg::Grant { grant_id: gid });
    assert_eq!(g.inactive_reason, Some(InactiveReason::Expired));

    // A grant starting in the future is inactive until then.
    let start = s.now().plus_seconds(50);
    let res = s
        .exec(
            &alice,
            &ExecuteMsg::GrantAccess {
                patient: alice.to_string(),
                grantee: address(&smith),
                provision: permit(),
                starts_at: Some(start),
                expires_at: None,
                policy_hash: None,
                verification: None,
            },
        )
        .unwrap();
    let gid2: u64 = attr(&res, "grant_id").parse().unwrap();
    let g: GrantInfo = s.query(&QueryMsg::Grant { grant_id: gid2 });
    assert_eq!(g.inactive_reason, Some(InactiveReason::NotStarted));
    assert!(!s.read(&alice, &smith, Treatment, rec).allowed);
    s.advance(50);
    assert!(s.read(&alice, &smith, Treatment, rec).allowed);

    // Expiry in the past or before the start is refused.
    let past = s.now();
    let err = s
        .grant(&alice, address(&smith), permit(), Some(past))
        .unwrap_err();
    assert!(err
        .to_string()
        .ends_with("expires_at must be after starts_at and in the future"));
}

#[test]
fn nested_deny_carves_out_psy_and_deny_beats_permit_at_equal_depth() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let normal = s.add_record(&alice, Observation, &[SecurityLabel::Normal]);
    let psy = s.add_record(&alice, Condition, &[SecurityLabel::Restricted]);
    // "All my records except PSY-labelled ones."
    let mut root = permit();
    root.provisions = vec![deny()];
    root.provisions[0].labels = vec![SecurityLabel::Restricted];
    let gid = s.grant(&alice, address(&smith), root, None).unwrap();
    assert!(s.read(&alice, &smith, Treatment, normal).allowed);
    let d = s.read(&alice, &smith, Treatment, psy);
    assert!(!d.allowed);
    assert_eq!(d.reason, DecisionReason::DeniedByProvision);
    assert_eq!(d.basis, Some(AccessBasis::Grant { grant_id: gid }));

    // A second grant with a root permit (depth 1) does not override the depth-2 deny:
    // the most specific match wins across grants.
    s.grant(&alice, role(PartyRole::Clinician), permit(), None)
        .unwrap();
    assert_eq!(
        s.read(&alice, &smith, Treatment, psy).reason,
        DecisionReason::DeniedByProvision
    );

    // A depth-2 permit for restricted data in another grant ties with the deny: deny beats
    // permit. (A permit reaching R names the class, the purpose, and the grant an expiry.)
    let later = Some(s.now().plus_seconds(1000));
    let mut root = permit();
    root.provisions = vec![permit()];
    root.provisions[0].labels = vec![SecurityLabel::Restricted];
    root.provisions[0].purposes = vec![Treatment];
    s.grant(&alice, address(&smith), root, later).unwrap();
    assert_eq!(
        s.read(&alice, &smith, Treatment, psy).reason,
        DecisionReason::DeniedByProvision
    );

    // A depth-3 permit (deny PSY, except for TREAT) is more specific: it wins.
    let mut inner = deny();
    inner.labels = vec![SecurityLabel::Restricted];
    inner.provisions = vec![permit()];
    inner.provisions[0].purposes = vec![Treatment];
    let mut root = permit();
    root.provisions = vec![inner];
    let g3 = s.grant(&alice, address(&smith), root, later).unwrap();
    let d = s.read(&alice, &smith, Treatment, psy);
    assert!(d.allowed);
    assert_eq!(d.basis, Some(AccessBasis::Grant { grant_id: g3 }));
    // ... but only for TREAT.
    assert!(!s.read(&alice, &smith, Operations, psy).allowed);
}

#[test]
fn scope_criteria_actions_purposes_types_records() {
    let mut s = Suite::new();
    let (alice, payer) = (s.alice.clone(), s.payer.clone());
    let obs = s.add_record(&alice, Observation, &[]);
    let enc = s.add_record(&alice, Encounter, &[]);
    let enc2 = s.add_record(&alice, Encounter, &[]);
    let mut p = permit();
    p.actions = vec![AccessAction::Read];
    p.purposes = vec![Payment];
    p.resource_types = vec![Encounter];
    p.record_ids = vec![enc];
    s.grant(&alice, role(PartyRole::Payer), p, None).unwrap();
    assert!(s.read(&alice, &payer, Payment, enc).allowed);
    assert!(
        !s.read(&alice, &payer, Payment, enc2).allowed,
        "other record"
    );
    assert!(!s.read(&alice, &payer, Payment, obs).allowed, "other type");
    assert!(
        !s.read(&alice, &payer, Research, enc).allowed,
        "other purpose"
    );
    let w = s.check(
        &alice,
        &payer,
        AccessAction::Write,
        Payment,
        None,
        Some(enc),
    );
    assert!(!w.allowed, "other action");
    // A role grant does not reach another role.
    assert!(!s.read(&alice, &s.researcher.clone(), Payment, enc).allowed);
}

#[test]
fn check_access_by_resource_type_alone_and_request_errors() {
    let mut s = Suite::new();
    let (alice, bob, smith) = (s.alice.clone(), s.bob.clone(), s.dr_smith.clone());
    let rec = s.add_record(&alice, Observation, &[]);
    let bobs = s.add_record(&bob, Observation, &[]);
    let mut p = permit();
    p.resource_types = vec![Observation];
    s.grant(&alice, address(&smith), p, None).unwrap();
    let by_type = |s: &Suite, rt| {
        s.check(
            &alice,
            &smith,
            AccessAction::Read,
            Treatment,
            Some(rt),
            None,
        )
    };
    assert!(by_type(&s, Observation).allowed);
    assert!(!by_type(&s, Condition).allowed);
    // Neither record nor type.
    let d = s.check(&alice, &smith, AccessAction::Read, Treatment, None, None);
    assert_eq!(d.reason, DecisionReason::InvalidRequest);
    // Type disagreeing with the record.
    let d = s.check(
        &alice,
        &smith,
        AccessAction::Read,
        Treatment,
        Some(Condition),
        Some(rec),
    );
    assert_eq!(d.reason, DecisionReason::InvalidRequest);
    // Agreeing type and record.
    assert!(
        s.check(
            &alice,
            &smith,
            AccessAction::Read,
            Treatment,
            Some(Observation),
            Some(rec)
        )
        .allowed
    );
    // Another patient's record, or a missing one.
    assert_eq!(
        s.read(&alice, &smith, Treatment, bobs).reason,
        DecisionReason::RecordNotFound
    );
    assert_eq!(
        s.read(&alice, &smith, Treatment, 999).reason,
        DecisionReason::RecordNotFound
    );
    // Unregistered patient.
    let nobody = s.stranger.clone();
    assert_eq!(
        s.read(&nobody, &smith, Treatment, rec).reason,
        DecisionReason::PatientNotRegistered
    );
    // The patient reads their own records.
    let d = s.read(&alice, &alice, Treatment, rec);
    assert!(d.allowed);
    assert_eq!(d.reason, DecisionReason::PatientSelf);
    assert_eq!(d.basis, Some(AccessBasis::Patient {}));
    // Malformed addresses make the query fail.
    let err = s
        .app
        .wrap()
        .query_wasm_smart::<cw_health_types::ehr_registry::AccessDecision>(
            &s.addr,
            &QueryMsg::CheckAccess(cw_health_types::ehr_registry::AccessRequest {
                patient: alice.to_string().to_uppercase(),
                actor: smith.to_string(),
                action: AccessAction::Read,
                purpose: Treatment,
                resource_type: None,
                record_id: Some(rec),
                via_team: None,
            }),
        )
        .unwrap_err();
    assert!(!err.to_string().is_empty());
}

#[test]
fn grant_authorization_every_unauthorized_caller() {
    let mut s = Suite::new();
    let (alice, smith, stranger) = (s.alice.clone(), s.dr_smith.clone(), s.stranger.clone());
    let grant = ExecuteMsg::GrantAccess {
        patient: alice.to_string(),
        grantee: address(&smith),
        provision: permit(),
        starts_at: None,
        expires_at: None,
        policy_hash: None,
        verification: None,
    };
    let who = "unauthorized: the patient or a delegate managing grants required";
    for sender in [&stranger, &smith, &s.owner.clone(), &s.authority.clone()] {
        let err = s.exec_err(sender, &grant);
        assert!(err.ends_with(who), "{err}");
    }
    let gid = s.grant(&alice, address(&smith), permit(), None).unwrap();
    for msg in [
        ExecuteMsg::RevokeAccess {
            grant_id: gid,
            reason: RevocationReason::SuspectedMisuse,
        },
        ExecuteMsg::MarkGrantEnteredInError { grant_id: gid },
    ] {
        // Neither the grantee, another patient, nor a stranger can change the grant.
        for sender in [&smith, &s.bob.clone(), &stranger] {
            let err = s.exec_err(sender, &msg);
            assert!(err.ends_with(who), "{err}");
        }
    }
    // Still active.
    assert!(
        s.query::<GrantInfo>(&QueryMsg::Grant { grant_id: gid })
            .state
            == ConsentState::Active
    );
    // Unknown grant.
    let err = s.exec_err(
        &alice,
        &ExecuteMsg::MarkGrantEnteredInError { grant_id: 77 },
    );
    assert!(err.ends_with("grant 77 not found"), "{err}");
    // Entered in error: state, and no longer applies.
    let rec = s.add_record(&alice, Observation, &[]);
    assert!(s.read(&alice, &smith, Treatment, rec).allowed);
    s.exec(
        &alice,
        &ExecuteMsg::MarkGrantEnteredInError { grant_id: gid },
    )
    .unwrap();
    assert!(!s.read(&alice, &smith, Treatment, rec).allowed);
    let g: GrantInfo = s.query(&QueryMsg::Grant { grant_id: gid });
    assert_eq!(g.state, ConsentState::EnteredInError);
    // A patient who is not registered cannot grant.
    let err = s.exec_err(
        &stranger,
        &ExecuteMsg::GrantAccess {
            patient: stranger.to_string(),
            grantee: address(&smith),
            provision: permit(),
            starts_at: None,
            expires_at: None,
            policy_hash: None,
            verification: None,
        },
    );
    assert!(
        err.ends_with(&format!("patient {stranger} is not registered")),
        "{err}"
    );
}

#[test]
fn grant_validation_refuses_bad_provisions_and_changes_nothing() {
    let mut s = Suite::new();
    let (alice, bob, smith) = (s.alice.clone(), s.bob.clone(), s.dr_smith.clone());
    let bobs = s.add_record(&bob, Observation, &[]);
    let cases: Vec<(cw_health_types::ehr_registry::Provision, GranteeMsg, &str)> = vec![
        (
            {
                let mut p = permit();
                p.purposes = vec![Treatment, Treatment];
                p
            },
            address(&smith),
            "provision.purposes contains a duplicate entry: Treatment",
        ),
        (
            {
                let mut leaf = permit();
                leaf.provisions = vec![deny()];
                let mut mid = deny();
                mid.provisions = vec![leaf];
                let mut root = permit();
                root.provisions = vec![mid];
                root
            },
            address(&smith),
            "provisions are nested too deep: at most 3 levels",
        ),
        (
            {
                let mut root = permit();
                root.provisions = vec![deny(); 8];
                root
            },
            address(&smith),
            "too many provisions: at most 8 per grant",
        ),
        (
            {
                let mut p = permit();
                p.record_ids = vec![bobs];
                p
            },
            address(&smith),
            "does not belong to the patient",
        ),
        (
            {
                let mut p = permit();
                p.record_ids = vec![4242];
                p
            },
            address(&smith),
            "record 4242 not found",
        ),
        (
            permit(),
            address(&alice),
            "a patient cannot be the grantee or delegate of their own records",
        ),
        (
            permit(),
            GranteeMsg::Address {
                address: smith.to_string().to_uppercase(),
            },
            "",
        ),
    ];
    for (p, grantee, msg) in cases {
        let err = s.grant(&alice, grantee, p, None).unwrap_err().to_string();
        assert!(err.ends_with(msg), "{err} vs {msg}");
    }
    let bad_hash = ExecuteMsg::GrantAccess {
        patient: alice.to_string(),
        grantee: address(&smith),
        provision: permit(),
        starts_at: None,
        expires_at: None,
        policy_hash: Some(cw_health_types::Sha256Hash("zz".into())),
        verification: None,
    };
    let err = s.exec_err(&alice, &bad_hash);
    assert!(err.contains("policy_hash: invalid sha256 hash"), "{err}");
    let page: GrantsResponse = s.query(&QueryMsg::GrantsByPatient {
        patient: alice.to_string(),
        start_after: None,
        limit: None,
    });
    assert!(page.grants.is_empty());
}

#[test]
fn active_grants_are_capped_per_grantee_and_per_role_and_expired_ones_pruned() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let soon = s.now().plus_seconds(10);
    for _ in 0..MAX_ACTIVE_GRANTS_PER_GRANTEE - 1 {
        s.grant(&alice, address(&smith), permit(), None).unwrap();
    }
    s.grant(&alice, address(&smith), permit(), Some(soon))
        .unwrap();
    let err = s
        .grant(&alice, address(&smith), permit(), None)
        .unwrap_err();
    assert!(
        err.to_string()
            .ends_with("too many active grants for this grantee: at most 5"),
        "{err}"
    );
    // Another grantee and another patient are unaffected.
    s.grant(&alice, address(&s.dr_jones.clone()), permit(), None)
        .unwrap();
    s.grant(&s.bob.clone(), address(&smith), permit(), None)
        .unwrap();
    // Once one expires, its slot is freed.
    s.advance(10);
    s.grant(&alice, address(&smith), permit(), None).unwrap();
    // Revocation frees a slot too.
    s.exec(
        &alice,
        &ExecuteMsg::RevokeAccess {
            grant_id: 1,
            reason: RevocationReason::Superseded,
        },
    )
    .unwrap();
    s.grant(&alice, address(&smith), permit(), None).unwrap();

    for _ in 0..MAX_ACTIVE_GRANTS_PER_ROLE {
        s.grant(&alice, role(PartyRole::Researcher), permit(), None)
            .unwrap();
    }
    let err = s
        .grant(&alice, role(PartyRole::Researcher), permit(), None)
        .unwrap_err();
    assert!(err
        .to_string()
        .ends_with("too many active grants for this grantee: at most 5"));
    s.grant(&alice, role(PartyRole::Payer), permit(), None)
        .unwrap();
}

#[test]
fn grant_lists_by_patient_and_grantee_are_paginated() {
    let mut s = Suite::new();
    let (alice, bob, smith) = (s.alice.clone(), s.bob.clone(), s.dr_smith.clone());
    let a1 = s.grant(&alice, address(&smith), permit(), None).unwrap();
    let a2 = s
        .grant(&alice, role(PartyRole::Payer), permit(), None)
        .unwrap();
    let b1 = s.grant(&bob, address(&smith), permit(), None).unwrap();
    let ids = |r: GrantsResponse| r.grants.iter().map(|g| g.id).collect::<Vec<_>>();
    let page = s.query(&QueryMsg::GrantsByPatient {
        patient: alice.to_string(),
        start_after: None,
        limit: Some(1),
    });
    assert_eq!(ids(page), vec![a1]);
    let page = s.query(&QueryMsg::GrantsByPatient {
        patient: alice.to_string(),
        start_after: Some(a1),
        limit: None,
    });
    assert_eq!(ids(page), vec![a2]);
    let page = s.query(&QueryMsg::GrantsByGrantee {
        grantee: address(&smith),
        start_after: None,
        limit: None,
    });
    assert_eq!(ids(page), vec![a1, b1]);
    let page = s.query(&QueryMsg::GrantsByGrantee {
        grantee: role(PartyRole::Payer),
        start_after: None,
        limit: None,
    });
    assert_eq!(ids(page), vec![a2]);
}

#[test]
fn a_root_deny_blocks_one_clinician_against_a_role_grant() {
    let mut s = Suite::new();
    let (alice, smith, jones) = (s.alice.clone(), s.dr_smith.clone(), s.dr_jones.clone());
    let rec = s.add_record(&alice, Observation, &[]);
    // "All clinicians, except Dr Jones."
    let role_grant = s
        .grant(&alice, role(PartyRole::Clinician), permit(), None)
        .unwrap();
    let block = s.grant(&alice, address(&jones), deny(), None).unwrap();
    let d = s.read(&alice, &smith, Treatment, rec);
    assert!(d.allowed);
    assert_eq!(
        d.basis,
        Some(AccessBasis::Grant {
            grant_id: role_grant
        })
    );
    let d = s.read(&alice, &jones, Treatment, rec);
    assert!(!d.allowed);
    assert_eq!(d.reason, DecisionReason::DeniedByProvision);
    assert_eq!(d.basis, Some(AccessBasis::Grant { grant_id: block }));
    // A root deny with a nested permit: blocked except for allergy records.
    let mut partial = deny();
    partial.provisions = vec![permit()];
    partial.provisions[0].resource_types = vec![AllergyIntolerance];
    s.exec(
        &alice,
        &ExecuteMsg::RevokeAccess {
            grant_id: block,
            reason: RevocationReason::Superseded,
        },
    )
    .unwrap();
    s.grant(&alice, address(&jones), partial, None).unwrap();
    let allergy = s.add_record(&alice, AllergyIntolerance, &[]);
    assert!(s.read(&alice, &jones, Treatment, allergy).allowed);
    assert!(!s.read(&alice, &jones, Treatment, rec).allowed);
}

#[test]
fn everything_except_eth_is_a_valid_general_grant() {
    let mut s = Suite::new();
    let (alice, payer) = (s.alice.clone(), s.payer.clone());
    let eth = s.add_record(&alice, Condition, &[SecurityLabel::VeryRestricted]);
    let plain = s.add_record(&alice, Condition, &[]);
    let mut root = permit();
    root.provisions = vec![deny()];
    root.provisions[0].labels = vec![SecurityLabel::VeryRestricted];
    // A role grant without expiry: accepted, as it reaches no ETH data.
    s.grant(&alice, role(PartyRole::Payer), root, None).unwrap();
    assert!(s.read(&alice, &payer, Payment, plain).allowed);
    assert_eq!(
        s.read(&alice, &payer, Payment, eth).reason,
        DecisionReason::DeniedByProvision
    );
}

#[test]
fn a_grant_cannot_start_in_the_past() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    s.advance(1000);
    let grant = |starts_at| ExecuteMsg::GrantAccess {
        patient: alice.to_string(),
        grantee: address(&smith),
        provision: permit(),
        starts_at: Some(starts_at),
        expires_at: None,
        policy_hash: None,
        verification: None,
    };
    let err = s.exec_err(&alice, &grant(s.now().minus_seconds(1)));
    assert!(
        err.ends_with("starts_at must not be before the current block time"),
        "{err}"
    );
    let page: GrantsResponse = s.query(&QueryMsg::GrantsByPatient {
        patient: alice.to_string(),
        start_after: None,
        limit: None,
    });
    assert!(page.grants.is_empty());
    // Starting exactly now is the default and is in force at once.
    let res = s.exec(&alice, &grant(s.now())).unwrap();
    let gid: u64 = attr(&res, "grant_id").parse().unwrap();
    let g: GrantInfo = s.query(&QueryMsg::Grant { grant_id: gid });
    assert_eq!(g.starts_at, g.granted_at);
    assert_eq!(g.state, ConsentState::Active);
}

/// The grant indexes (by patient, by grantee, active) are keyed by canonical addresses (issue
/// 20): lists and pages stay per owner, interleaved grants of several patients and grantees
/// never leak across, and an address not in its normalized form is refused, as before.
#[test]
fn grant_lists_page_per_owner_across_interleaved_grants_and_refuse_unnormalized_addresses() {
    let mut s = Suite::new();
    let (alice, bob, smith, jones) = (
        s.alice.clone(),
        s.bob.clone(),
        s.dr_smith.clone(),
        s.dr_jones.clone(),
    );
    let mut by_patient: Vec<(cosmwasm_std::Addr, u64)> = vec![];
    let mut by_grantee: Vec<(cosmwasm_std::Addr, u64)> = vec![];
    for round in 0..3 {
        for patient in [&alice, &bob] {
            for grantee in [&smith, &jones] {
                if round == 2 && *grantee == jones {
                    continue;
                }
                let id = s.grant(patient, address(grantee), permit(), None).unwrap();
                by_patient.push((patient.clone(), id));
                by_grantee.push((grantee.clone(), id));
            }
        }
    }
    let ids = |r: GrantsResponse| r.grants.iter().map(|g| g.id).collect::<Vec<_>>();
    let expect = |list: &[(cosmwasm_std::Addr, u64)], who: &cosmwasm_std::Addr| {
        list.iter()
            .filter(|(a, _)| a == who)
            .map(|(_, id)| *id)
            .collect::<Vec<_>>()
    };
    for who in [&alice, &bob] {
        let mut seen = vec![];
        let mut start_after = None;
        loop {
            let page = ids(s.query(&QueryMsg::GrantsByPatient {
                patient: who.to_string(),
                start_after,
                limit: Some(2),
            }));
            if page.is_empty() {
                break;
            }
            start_after = page.last().copied();
            seen.extend(page);
        }
        assert_eq!(seen, expect(&by_patient, who));
    }
    for who in [&smith, &jones] {
        let mut seen = vec![];
        let mut start_after = None;
        loop {
            let page = ids(s.query(&QueryMsg::GrantsByGrantee {
                grantee: address(who),
                start_after,
                limit: Some(2),
            }));
            if page.is_empty() {
                break;
            }
            start_after = page.last().copied();
            seen.extend(page);
        }
        assert_eq!(seen, expect(&by_grantee, who));
    }
    // Nobody's grants: empty lists.
    let none = ids(s.query(&QueryMsg::GrantsByGrantee {
        grantee: address(&s.stranger.clone()),
        start_after: None,
        limit: None,
    }));
    assert!(none.is_empty());
    // Upper-case or malformed addresses are refused, not read as the same key.
    for bad in [alice.to_string().to_uppercase(), "alice".to_string()] {
        let err = s
            .app
            .wrap()
            .query_wasm_smart::<GrantsResponse>(
                &s.addr,
                &QueryMsg::GrantsByPatient {
                    patient: bad.clone(),
                    start_after: None,
                    limit: None,
                },
            )
            .unwrap_err();
        assert!(!err.to_string().is_empty());
    }
    for bad in [smith.to_string().to_uppercase(), "dr_smith".to_string()] {
        let err = s
            .app
            .wrap()
            .query_wasm_smart::<GrantsResponse>(
                &s.addr,
                &QueryMsg::GrantsByGrantee {
                    grantee: GranteeMsg::Address { address: bad },
                    start_after: None,
                    limit: None,
                },
            )
            .unwrap_err();
        assert!(!err.to_string().is_empty());
    }
    // The active index follows too: revoking one of Alice's grants to Smith leaves her other
    // grants to him deciding, and Bob's untouched.
    let rec = s.add_record(&alice, Observation, &[]);
    let bob_rec = s.add_record(&bob, Observation, &[]);
    let alice_smith = expect(&by_patient, &alice)
        .into_iter()
        .filter(|id| expect(&by_grantee, &smith).contains(id))
        .collect::<Vec<_>>();
    for id in &alice_smith {
        assert!(s.read(&alice, &smith, Treatment, rec).allowed);
        s.exec(
            &alice,
            &ExecuteMsg::RevokeAccess {
                grant_id: *id,
                reason: RevocationReason::PatientWithdrew,
            },
        )
        .unwrap();
    }
    assert!(!s.read(&alice, &smith, Treatment, rec).allowed);
    assert!(s.read(&alice, &jones, Treatment, rec).allowed);
    assert!(s.read(&bob, &smith, Treatment, bob_rec).allowed);
}

/// A grant's provision is answered exactly as given (issue 20 stores resource types compactly):
/// the order of its resource types, every type, nested provisions and empty lists included.
#[test]
fn a_grants_provision_is_answered_as_given() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let mut reversed = FhirResourceType::ALL.to_vec();
    reversed.reverse();
    let mut child = deny();
    child.resource_types = vec![Bundle, AllergyIntolerance, Observation];
    child.purposes = vec![Research];
    let mut root = permit();
    root.resource_types = reversed;
    root.provisions = vec![child, deny()];
    let grant_id = s
        .grant(&alice, address(&smith), root.clone(), None)
        .unwrap();
    let g: GrantInfo = s.query(&QueryMsg::Grant { grant_id });
    assert_eq!(g.provision, root);
    let all = s.grant(&alice, address(&smith), permit(), None).unwrap();
    let g: GrantInfo = s.query(&QueryMsg::Grant { grant_id: all });
    assert_eq!(g.provision, permit());
}
