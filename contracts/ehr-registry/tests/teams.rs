//! Care teams: a grantee whose membership its manager keeps. A member uses a team grant only
//! acting through the team (`via_team`), one membership read; a removal ends it at once; the
//! patient's word about one address beats the team (address > team > role).
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
    AccessBasis, AccessDecision, AccessRequest, AccountingResponse, AddressesResponse,
    DecisionReason, DelegateRelationship, ExecuteMsg, GranteeMsg, GrantsResponse,
    PartyChangeReason, PartyRole, PartyStatus, Provision, QueryMsg, Scope, TeamInfo, TeamKind,
    MAX_ACTIVE_GRANTS_PER_TEAM, MAX_TEAM_MEMBERS_PER_MESSAGE,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel};

use FhirResourceType::*;
use PurposeOfUse::*;

fn team(id: u64) -> GranteeMsg {
    GranteeMsg::Team { team_id: id }
}

/// The hospital creates a team; returns its id.
fn create_team(s: &mut Suite, manager: &Addr) -> u64 {
    let res = s
        .exec(
            manager,
            &ExecuteMsg::CreateTeam {
                kind: TeamKind::CareTeam,
            },
        )
        .unwrap();
    attr(&res, "team_id").parse().unwrap()
}

fn members(s: &mut Suite, sender: &Addr, team_id: u64, add: &[&Addr], remove: &[&Addr]) -> String {
    let msg = ExecuteMsg::UpdateTeamMembers {
        team_id,
        add: add.iter().map(|a| a.to_string()).collect(),
        remove: remove.iter().map(|a| a.to_string()).collect(),
    };
    match s.exec(sender, &msg) {
        Ok(_) => "ok".into(),
        Err(e) => e.to_string(),
    }
}

/// Read of a record through a team.
fn read_via(
    s: &Suite,
    actor: &Addr,
    purpose: PurposeOfUse,
    record: u64,
    via: Option<u64>,
) -> AccessDecision {
    s.query(&QueryMsg::CheckAccess(AccessRequest {
        patient: s.alice.to_string(),
        actor: actor.to_string(),
        action: AccessAction::Read,
        purpose,
        resource_type: None,
        record_id: Some(record),
        via_team: via,
    }))
}

/// Read for treatment, every type named.
fn read_treatment() -> Provision {
    let mut p = permit();
    p.actions = vec![AccessAction::Read];
    p.purposes = vec![Treatment];
    p
}

#[test]
fn only_the_manager_keeps_the_membership_and_only_parties_join() {
    let mut s = Suite::new();
    let (hospital, smith, jones, stranger) = (
        s.hospital.clone(),
        s.dr_smith.clone(),
        s.dr_jones.clone(),
        s.stranger.clone(),
    );
    // A stranger (no credential) creates no team.
    let err = s
        .exec(
            &stranger,
            &ExecuteMsg::CreateTeam {
                kind: TeamKind::Organization,
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("active credentialed party"));
    let t = create_team(&mut s, &hospital);
    // A member, or another party, never adds anyone (itself included).
    assert_eq!(members(&mut s, &hospital, t, &[&smith], &[]), "ok");
    for intruder in [&smith, &jones, &stranger] {
        let got = members(&mut s, &intruder.clone(), t, &[&jones], &[]);
        assert!(got.contains("the team's manager"), "{got}");
        let got = members(&mut s, &intruder.clone(), t, &[], &[&smith]);
        assert!(got.contains("the team's manager"), "{got}");
    }
    // The manager adds only registered parties, removes only members, never both at once.
    assert!(members(&mut s, &hospital, t, &[&stranger], &[]).contains("not registered"));
    assert!(members(&mut s, &hospital, t, &[], &[&jones]).contains("not a member"));
    assert!(members(&mut s, &hospital, t, &[&jones], &[&jones]).contains("both added and removed"));
    assert!(members(&mut s, &hospital, t, &[&jones, &jones], &[]).contains("uplicate"));
    assert!(members(&mut s, &hospital, t, &[], &[]).contains("nothing to update"));
    assert!(members(&mut s, &hospital, 99, &[&jones], &[]).contains("team 99 not found"));
    // Bounded per message: one more than the limit is refused before any address is parsed.
    let many: Vec<String> = (0..=MAX_TEAM_MEMBERS_PER_MESSAGE)
        .map(|i| format!("x{i}"))
        .collect();
    let err = s
        .exec(
            &hospital,
            &ExecuteMsg::UpdateTeamMembers {
                team_id: t,
                add: many,
                remove: vec![],
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("too many"), "{err:?}");
    // None of the refusals changed the team.
    let info: Option<TeamInfo> = s.query(&QueryMsg::Team { team_id: t });
    let info = info.unwrap();
    assert_eq!((info.manager, info.member_count), (hospital.clone(), 1));
    let page: AddressesResponse = s.query(&QueryMsg::TeamMembers {
        team_id: t,
        start_after: None,
        limit: None,
    });
    assert_eq!(page.addresses, vec![smith]);
}

#[test]
fn a_member_uses_the_team_grant_only_through_a_team_it_is_in() {
    let mut s = Suite::new();
    let (alice, hospital, smith, jones) = (
        s.alice.clone(),
        s.hospital.clone(),
        s.dr_smith.clone(),
        s.dr_jones.clone(),
    );
    let rec = s.add_record(&alice, Observation, &[]);
    let cardiology = create_team(&mut s, &hospital);
    let other = create_team(&mut s, &hospital);
    members(&mut s, &hospital, cardiology, &[&smith], &[]);
    members(&mut s, &hospital, other, &[&jones], &[]);
    let g = s
        .grant(&alice, team(cardiology), read_treatment(), None)
        .unwrap();

    let d = read_via(&s, &smith, Treatment, rec, Some(cardiology));
    assert!(d.allowed);
    assert_eq!(d.basis, Some(AccessBasis::Grant { grant_id: g }));
    // Not acting through the team: the team grant is not considered.
    assert_eq!(
        read_via(&s, &smith, Treatment, rec, None).reason,
        DecisionReason::NoMatchingGrant
    );
    // Jones names a team it is not in, or a team that does not exist.
    for via in [cardiology, 99] {
        let d = read_via(&s, &jones, Treatment, rec, Some(via));
        assert!(!d.allowed);
        assert_eq!(d.reason, DecisionReason::NotTeamMember);
    }
    // Jones through its own team: that team holds no grant of Alice.
    assert_eq!(
        read_via(&s, &jones, Treatment, rec, Some(other)).reason,
        DecisionReason::NoMatchingGrant
    );
    // Outside the grant: not for operations.
    assert!(!read_via(&s, &smith, Operations, rec, Some(cardiology)).allowed);
    // The disclosure through the team is recorded with the team.
    s.exec(
        &smith,
        &ExecuteMsg::RecordAccess {
            patient: alice.to_string(),
            record_id: rec,
            actor: smith.to_string(),
            action: AccessAction::Read,
            purpose: Treatment,
            accounting_suspended_until: None,
            via_team: Some(cardiology),
        },
    )
    .unwrap();
    let log: AccountingResponse = s.query(&QueryMsg::Accounting {
        patient: alice.to_string(),
        from: Timestamp::from_seconds(0),
        to: s.now(),
        start_after: None,
        limit: None,
        accountable_only: None,
    });
    assert_eq!(log.disclosures.len(), 1);
    assert_eq!(log.disclosures[0].via_team, Some(cardiology));
    assert_eq!(log.disclosures[0].basis, AccessBasis::Grant { grant_id: g });
    // The grants of a team are listed by grantee.
    let by_team: GrantsResponse = s.query(&QueryMsg::GrantsByGrantee {
        grantee: team(cardiology),
        start_after: None,
        limit: None,
    });
    assert_eq!(by_team.grants.len(), 1);
}

#[test]
fn a_removed_member_loses_access_at_once() {
    let mut s = Suite::new();
    let (alice, hospital, smith) = (s.alice.clone(), s.hospital.clone(), s.dr_smith.clone());
    let rec = s.add_record(&alice, Observation, &[]);
    let t = create_team(&mut s, &hospital);
    members(&mut s, &hospital, t, &[&smith], &[]);
    s.grant(&alice, team(t), read_treatment(), None).unwrap();
    assert!(read_via(&s, &smith, Treatment, rec, Some(t)).allowed);

    assert_eq!(members(&mut s, &hospital, t, &[], &[&smith]), "ok");
    // Same block: the check and the disclosure are refused.
    assert_eq!(
        read_via(&s, &smith, Treatment, rec, Some(t)).reason,
        DecisionReason::NotTeamMember
    );
    let err = s
        .exec(
            &smith,
            &ExecuteMsg::RecordAccess {
                patient: alice.to_string(),
                record_id: rec,
                actor: smith.to_string(),
                action: AccessAction::Read,
                purpose: Treatment,
                accounting_suspended_until: None,
                via_team: Some(t),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("not_team_member"));
}

#[test]
fn a_suspended_manager_or_member_gets_nothing_through_the_team() {
    let mut s = Suite::new();
    let (alice, hospital, smith, authority) = (
        s.alice.clone(),
        s.hospital.clone(),
        s.dr_smith.clone(),
        s.authority.clone(),
    );
    let rec = s.add_record(&alice, Observation, &[]);
    let t = create_team(&mut s, &hospital);
    members(&mut s, &hospital, t, &[&smith], &[]);
    s.grant(&alice, team(t), read_treatment(), None).unwrap();
    let suspend = |who: &Addr, status| ExecuteMsg::UpdateParty {
        address: who.to_string(),
        status: Some(status),
        license_expiry: None,
        reason: PartyChangeReason::Disciplinary,
    };
    s.exec(&authority, &suspend(&hospital, PartyStatus::Suspended))
        .unwrap();
    assert_eq!(
        read_via(&s, &smith, Treatment, rec, Some(t)).reason,
        DecisionReason::NotTeamMember
    );
    s.exec(&authority, &suspend(&hospital, PartyStatus::Active))
        .unwrap();
    assert!(read_via(&s, &smith, Treatment, rec, Some(t)).allowed);
    s.exec(&authority, &suspend(&smith, PartyStatus::Excluded))
        .unwrap();
    assert_eq!(
        read_via(&s, &smith, Treatment, rec, Some(t)).reason,
        DecisionReason::ActorNotActive
    );
}

#[test]
fn never_dr_jones_beats_the_teams_permit_and_the_team_beats_the_role() {
    let mut s = Suite::new();
    let (alice, hospital, smith, jones) = (
        s.alice.clone(),
        s.hospital.clone(),
        s.dr_smith.clone(),
        s.dr_jones.clone(),
    );
    let rec = s.add_record(&alice, Observation, &[]);
    let t = create_team(&mut s, &hospital);
    members(&mut s, &hospital, t, &[&smith, &jones], &[]);
    // "Clinicians: nothing" (role), "my care team: read for treatment" (team), "never Dr Jones"
    // (address).
    s.grant(&alice, role(PartyRole::Clinician), deny(), None)
        .unwrap();
    let team_grant = s.grant(&alice, team(t), read_treatment(), None).unwrap();
    let never_jones = s.grant(&alice, address(&jones), deny(), None).unwrap();

    let d = read_via(&s, &jones, Treatment, rec, Some(t));
    assert!(!d.allowed, "Dr Jones reads through the team");
    assert_eq!(d.reason, DecisionReason::DeniedByProvision);
    assert_eq!(
        d.basis,
        Some(AccessBasis::Grant {
            grant_id: never_jones
        })
    );
    // The team's permit beats the role's deny for the other member.
    let d = read_via(&s, &smith, Treatment, rec, Some(t));
    assert!(d.allowed);
    assert_eq!(
        d.basis,
        Some(AccessBasis::Grant {
            grant_id: team_grant
        })
    );
    // Without the team, the role's deny decides.
    assert_eq!(
        read_via(&s, &smith, Treatment, rec, None).reason,
        DecisionReason::DeniedByProvision
    );
}

#[test]
fn team_grants_never_reach_protected_records() {
    let mut s = Suite::new();
    let (alice, hospital, smith) = (s.alice.clone(), s.hospital.clone(), s.dr_smith.clone());
    let t = create_team(&mut s, &hospital);
    members(&mut s, &hospital, t, &[&smith], &[]);
    let mut p = read_treatment();
    p.labels = vec![SecurityLabel::Restricted];
    let err = s
        .grant(&alice, team(t), p, Some(s.now().plus_seconds(YEAR)))
        .unwrap_err();
    assert!(err.to_string().contains("name one grantee address"));
    // A general team permit does not reach a restricted record either.
    let psy = s.add_record(&alice, Observation, &[SecurityLabel::Restricted]);
    s.grant(&alice, team(t), read_treatment(), None).unwrap();
    assert_eq!(
        read_via(&s, &smith, Treatment, psy, Some(t)).reason,
        DecisionReason::SensitiveRequiresSpecificConsent
    );
    // A grant to a team that does not exist is refused.
    let err = s
        .grant(&alice, team(42), read_treatment(), None)
        .unwrap_err();
    assert!(err.to_string().contains("team 42 not found"));
}

#[test]
fn a_delegate_issues_team_grants_only_within_its_scope_and_never_to_its_own_team() {
    let mut s = Suite::new();
    let (alice, hospital, smith) = (s.alice.clone(), s.hospital.clone(), s.dr_smith.clone());
    let t = create_team(&mut s, &hospital);
    members(&mut s, &hospital, t, &[&smith], &[]);
    let immunizations = Scope {
        actions: vec![AccessAction::Read],
        purposes: vec![Treatment],
        resource_types: vec![Immunization],
        labels: vec![],
    };
    for delegate in [s.bob.clone(), hospital.clone()] {
        s.exec(
            &alice,
            &ExecuteMsg::AppointDelegate {
                delegate: delegate.to_string(),
                relationship: DelegateRelationship::Caregiver,
                scope: immunizations.clone(),
                manage_grants: true,
                expires_at: None,
            },
        )
        .unwrap();
    }
    let grant_as = |s: &mut Suite, sender: &Addr, p: Provision| {
        s.exec(
            sender,
            &ExecuteMsg::GrantAccess {
                patient: alice.to_string(),
                grantee: team(t),
                provision: p,
                starts_at: None,
                expires_at: None,
                policy_hash: None,
                verification: None,
            },
        )
        .map_err(|e| e.to_string())
    };
    let bob = s.bob.clone();
    // Outside its scope: observations, or every type.
    let mut observations = read_treatment();
    observations.resource_types = vec![Observation];
    for p in [observations, read_treatment()] {
        let err = grant_as(&mut s, &bob, p).unwrap_err();
        assert!(err.contains("exceeds the delegate's scope"), "{err}");
    }
    // Within: immunizations for treatment.
    let mut within = read_treatment();
    within.resource_types = vec![Immunization];
    grant_as(&mut s, &bob, within.clone()).unwrap();
    // The hospital, a delegate too, never grants to the team it manages.
    let err = grant_as(&mut s, &hospital, within).unwrap_err();
    assert!(err.contains("team it manages"), "{err}");
}

#[test]
fn a_team_holds_a_bounded_number_of_grants_per_patient() {
    let mut s = Suite::new();
    let (alice, hospital) = (s.alice.clone(), s.hospital.clone());
    let t = create_team(&mut s, &hospital);
    for _ in 0..MAX_ACTIVE_GRANTS_PER_TEAM {
        s.grant(&alice, team(t), read_treatment(), None).unwrap();
    }
    let err = s
        .grant(&alice, team(t), read_treatment(), None)
        .unwrap_err();
    assert!(err.to_string().contains("too many active grants"));
}
