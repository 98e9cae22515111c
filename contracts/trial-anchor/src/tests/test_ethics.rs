//! The ethics committee is independent of the sponsor: named at registration, then changed only
//! by a regulator or by the committee itself handing over; the sponsor never grants, revokes or
//! holds the role.

use cosmwasm_std::Addr;
use cw_health_types::trial_anchor::*;

use super::suite::*;
use crate::error::ContractError;

fn change(t: u64, to: &Addr) -> ExecuteMsg {
    ExecuteMsg::ChangeEthicsCommittee {
        trial_id: t,
        ethics_committee: to.to_string(),
        decision_hash: h("decision"),
    }
}

fn roles(s: &Suite, t: u64) -> Vec<RoleInfo> {
    let r: RolesResponse = s.q(QueryMsg::Roles {
        trial_id: t,
        start_after: None,
        limit: Some(30),
    });
    r.roles
}

fn grant_of(s: &Suite, t: u64, who: &Addr) -> RoleGrant {
    roles(s, t)
        .into_iter()
        .find(|r| r.address == *who)
        .unwrap()
        .grant
}

fn approve_msg(t: u64, kind: DocumentKind, version: u32) -> ExecuteMsg {
    ExecuteMsg::ApproveDocument {
        trial_id: t,
        document_kind: kind,
        version,
        approval_hash: h("approval"),
    }
}

fn amend_consent_form(s: &mut Suite, t: u64) {
    s.amend(t, DocumentKind::ConsentForm, "icf-v2", false);
}

#[test]
fn the_sponsor_can_neither_grant_revoke_nor_replace_the_ethics_committee() {
    let mut s = Suite::new();
    let t = s.ready();
    let (irb, stranger, a) = (s.irb.clone(), s.stranger.clone(), s.site_a.clone());
    let before = roles(&s, t);

    // Granting the role to an address it controls.
    let err = s
        .sponsor_exec(ExecuteMsg::GrantRole {
            trial_id: t,
            address: stranger.to_string(),
            role: TrialRole::EthicsCommittee {},
            reason: None,
        })
        .unwrap_err();
    assert!(
        matches!(err, ContractError::EthicsCommitteeReserved {}),
        "{err}"
    );
    // Revoking the independent committee.
    let err = s
        .sponsor_exec(ExecuteMsg::RevokeRole {
            trial_id: t,
            address: irb.to_string(),
            reason: None,
        })
        .unwrap_err();
    assert!(
        matches!(err, ContractError::EthicsCommitteeReserved {}),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "the sponsor cannot grant or revoke the ethics-committee role: only a regulator or the \
         committee itself changes it"
    );
    // Replacing it: only a regulator or the committee itself may.
    for who in [s.sponsor.clone(), a.clone(), stranger.clone()] {
        let err = s.exec(&who, change(t, &stranger)).unwrap_err();
        assert!(
            matches!(
                err,
                ContractError::Unauthorized { ref role, ref action }
                    if role == "a regulator or the current ethics committee"
                        && action == "change the ethics committee"
            ),
            "{err}"
        );
    }
    // Nothing changed: the committee still holds its role and still approves.
    assert_eq!(roles(&s, t), before);
    assert_eq!(s.trial(t).ethics_committee, irb);
    amend_consent_form(&mut s, t);
    s.exec(&irb, approve_msg(t, DocumentKind::ConsentForm, 2))
        .unwrap();
}

#[test]
fn a_regulator_replaces_the_ethics_committee() {
    let mut s = Suite::new();
    let t = s.ready();
    let (irb, reg, sponsor, a) = (
        s.irb.clone(),
        s.regulator.clone(),
        s.sponsor.clone(),
        s.site_a.clone(),
    );
    let irb2 = s.deps.api.addr_make("irb-2");
    s.accredit(&irb2);
    // (Site A is accredited too, to show that holding another role in the trial still bars it.)
    s.accredit(&a);

    // Refused: the sponsor, an address holding another role, a malformed address or hash.
    let err = s.exec(&reg, change(t, &sponsor)).unwrap_err();
    assert!(matches!(err, ContractError::SponsorRole {}), "{err}");
    let err = s.exec(&reg, change(t, &a)).unwrap_err();
    assert!(
        matches!(err, ContractError::RoleAlreadyHeld { trial_id, ref address }
            if trial_id == t && *address == a.to_string()),
        "{err}"
    );
    let err = s.exec(&reg, change(t, &irb)).unwrap_err();
    assert!(
        matches!(err, ContractError::RoleAlreadyHeld { .. }),
        "{err}"
    );
    let err = s
        .exec(
            &reg,
            ExecuteMsg::ChangeEthicsCommittee {
                trial_id: t,
                ethics_committee: irb2.to_string().to_uppercase(),
                decision_hash: h("decision"),
            },
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::Std(_)), "{err}");
    let err = s
        .exec(
            &reg,
            ExecuteMsg::ChangeEthicsCommittee {
                trial_id: t,
                ethics_committee: irb2.to_string(),
                decision_hash: cw_health_types::Sha256Hash("nothex".into()),
            },
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::Validation(_)), "{err}");
    assert_eq!(s.trial(t).ethics_committee, irb);

    // Allowed, even while the trial is frozen.
    s.exec(
        &reg,
        ExecuteMsg::Freeze {
            trial_id: t,
            reason: FreezeReason::Investigation,
            order_hash: None,
        },
    )
    .unwrap();
    s.advance(DAY);
    let res = s.exec(&reg, change(t, &irb2)).unwrap();
    assert_eq!(attr(&res, "action"), "change_ethics_committee");
    assert_eq!(attr(&res, "trial_id"), t.to_string());
    assert_eq!(attr(&res, "from"), irb.to_string());
    assert_eq!(attr(&res, "to"), irb2.to_string());
    assert_eq!(attr(&res, "decision_hash"), h("decision").0);
    assert_eq!(attr(&res, "by"), reg.to_string());
    assert_eq!(s.trial(t).ethics_committee, irb2);
    assert_eq!(grant_of(&s, t, &irb).revoked_at, Some(s.now()));
    let new = grant_of(&s, t, &irb2);
    assert_eq!(new.role, TrialRole::EthicsCommittee {});
    assert_eq!(new.granted_by, reg);
    assert_eq!(new.granted_at, s.now());
    assert_eq!(new.revoked_at, None);
    s.exec(
        &reg,
        ExecuteMsg::Unfreeze {
            trial_id: t,
            decision_hash: h("lifted"),
        },
    )
    .unwrap();

    // The former committee no longer approves; the new one does, and the sponsor cannot revoke
    // it either.
    amend_consent_form(&mut s, t);
    let err = s
        .exec(&irb, approve_msg(t, DocumentKind::ConsentForm, 2))
        .unwrap_err();
    assert!(matches!(err, ContractError::Unauthorized { .. }), "{err}");
    s.exec(&irb2, approve_msg(t, DocumentKind::ConsentForm, 2))
        .unwrap();
    let err = s
        .sponsor_exec(ExecuteMsg::RevokeRole {
            trial_id: t,
            address: irb2.to_string(),
            reason: None,
        })
        .unwrap_err();
    assert!(
        matches!(err, ContractError::EthicsCommitteeReserved {}),
        "{err}"
    );
}

#[test]
fn the_ethics_committee_hands_over_to_its_successor() {
    let mut s = Suite::new();
    let t = s.ready();
    let irb = s.irb.clone();
    let (irb2, irb3) = (s.deps.api.addr_make("irb-2"), s.deps.api.addr_make("irb-3"));
    s.accredit(&irb2);
    s.accredit(&irb3);
    let res = s.exec(&irb, change(t, &irb2)).unwrap();
    assert_eq!(attr(&res, "by"), irb.to_string());
    assert_eq!(s.trial(t).ethics_committee, irb2);
    assert_eq!(grant_of(&s, t, &irb2).granted_by, irb);
    assert!(grant_of(&s, t, &irb).revoked_at.is_some());

    // The former committee can no longer hand over; the current one can.
    let err = s.exec(&irb, change(t, &irb3)).unwrap_err();
    assert!(
        matches!(err, ContractError::Unauthorized { ref role, .. }
            if role == "a regulator or the current ethics committee"),
        "{err}"
    );
    s.exec(&irb2, change(t, &irb3)).unwrap();
    assert_eq!(s.trial(t).ethics_committee, irb3);
    let active: Vec<Addr> = roles(&s, t)
        .into_iter()
        .filter(|r| r.grant.role == TrialRole::EthicsCommittee {} && r.grant.revoked_at.is_none())
        .map(|r| r.address)
        .collect();
    assert_eq!(active, vec![irb3]);
}

#[test]
fn a_former_committee_is_never_reappointed_over_its_revoked_record() {
    let mut s = Suite::new();
    let t = s.ready();
    let (irb, reg) = (s.irb.clone(), s.regulator.clone());
    let irb2 = s.deps.api.addr_make("irb-2");
    s.accredit(&irb2);
    s.exec(&irb, change(t, &irb2)).unwrap();
    let revoked = grant_of(&s, t, &irb);
    assert!(revoked.revoked_at.is_some());
    s.advance(DAY);

    // Handing back to the former committee would overwrite its revoked grant: refused, by the
    // regulator and by the current committee alike, and the record is unchanged.
    for sender in [&reg, &irb2] {
        let err = s.exec(sender, change(t, &irb)).unwrap_err();
        assert!(
            matches!(err, ContractError::RoleRevoked { trial_id, ref address }
                if trial_id == t && *address == irb.to_string()),
            "{err}"
        );
    }
    assert_eq!(grant_of(&s, t, &irb), revoked);
    assert_eq!(s.trial(t).ethics_committee, irb2);
}
