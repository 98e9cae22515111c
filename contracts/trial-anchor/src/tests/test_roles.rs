//! Anchor features (issue 13): role grants and revocations keep their coded reason; a CRO the
//! sponsor delegates monitoring to records monitoring findings (and nothing else); a DMC review
//! records which members saw unblinded data.

use cosmwasm_std::Addr;
use cw_health_types::trial_anchor::*;

use super::suite::*;
use crate::error::ContractError;

fn grant_of(s: &Suite, t: u64, who: &Addr) -> RoleGrant {
    let roles: RolesResponse = s.q(QueryMsg::Roles {
        trial_id: t,
        start_after: None,
        limit: Some(30),
    });
    roles
        .roles
        .into_iter()
        .find(|r| r.address == *who)
        .unwrap()
        .grant
}

fn oversight(t: u64, kind: OversightKind, members: Option<Vec<&Addr>>) -> ExecuteMsg {
    ExecuteMsg::RecordOversight {
        trial_id: t,
        kind,
        report_hash: h("report"),
        unblinded_members: members.map(|m| m.iter().map(|a| a.to_string()).collect()),
    }
}

#[test]
fn role_grants_and_revocations_keep_their_reason() {
    let mut s = Suite::new();
    let t = s.ready();
    let cro = s.deps.api.addr_make("cro");
    let res = s
        .sponsor_exec(ExecuteMsg::GrantRole {
            trial_id: t,
            address: cro.to_string(),
            role: TrialRole::ContractResearchOrganization {},
            reason: Some(RoleChangeReason::DelegationOfDuties),
        })
        .unwrap();
    assert_eq!(attr(&res, "role"), "contract_research_organization");
    assert_eq!(attr(&res, "reason"), "delegation_of_duties");
    let a = s.site_a.clone();
    let res = s
        .sponsor_exec(ExecuteMsg::RevokeRole {
            trial_id: t,
            address: a.to_string(),
            reason: Some(RoleChangeReason::Noncompliance),
        })
        .unwrap();
    assert_eq!(attr(&res, "reason"), "noncompliance");
    let g = grant_of(&s, t, &cro);
    assert_eq!(g.grant_reason, Some(RoleChangeReason::DelegationOfDuties));
    let g = grant_of(&s, t, &a);
    assert!(g.revoked_at.is_some());
    assert_eq!(g.revoke_reason, Some(RoleChangeReason::Noncompliance));
    // The committee named at registration is an appointment; a regulator's change a replacement.
    assert_eq!(
        grant_of(&s, t, &s.irb).grant_reason,
        Some(RoleChangeReason::Appointment)
    );
    let irb2 = s.deps.api.addr_make("irb-2");
    s.accredit(&irb2);
    let reg = s.regulator.clone();
    s.exec(
        &reg,
        ExecuteMsg::ChangeEthicsCommittee {
            trial_id: t,
            ethics_committee: irb2.to_string(),
            decision_hash: h("order"),
        },
    )
    .unwrap();
    assert_eq!(
        grant_of(&s, t, &s.irb).revoke_reason,
        Some(RoleChangeReason::Replacement)
    );
    assert_eq!(
        grant_of(&s, t, &irb2).grant_reason,
        Some(RoleChangeReason::Replacement)
    );
}

#[test]
fn a_cro_records_monitoring_findings_and_nothing_else() {
    let mut s = Suite::new();
    let t = s.ready();
    let (cro, auditor, dmc) = (
        s.deps.api.addr_make("cro"),
        s.auditor.clone(),
        s.dmc.clone(),
    );
    s.grant(t, &cro, TrialRole::ContractResearchOrganization {});
    let finding = |sev| OversightKind::MonitoringFinding { severity: sev };
    // Neither the auditor, the DMC nor the sponsor records a monitoring finding.
    for who in [&auditor, &dmc, &s.sponsor.clone()] {
        let err = s
            .exec(who, oversight(t, finding(FindingSeverity::Major), None))
            .unwrap_err();
        assert!(matches!(err, ContractError::Unauthorized { .. }), "{err}");
    }
    let res = s
        .exec(&cro, oversight(t, finding(FindingSeverity::Major), None))
        .unwrap();
    assert_eq!(attr(&res, "kind"), "monitoring_finding:major");
    // The CRO is no auditor and no DMC, and holds no site's powers.
    let err = s
        .exec(
            &cro,
            oversight(
                t,
                OversightKind::AuditFinding {
                    severity: FindingSeverity::Minor,
                },
                None,
            ),
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::Unauthorized { .. }), "{err}");
    assert!(matches!(
        s.consent(t, &cro, "zoe"),
        Err(ContractError::UnauthorizedSite { .. })
    ));
}

#[test]
fn a_dmc_review_records_which_members_were_unblinded() {
    let mut s = Suite::new();
    let t = s.ready();
    let dmc = s.dmc.clone();
    let dmc2 = s.deps.api.addr_make("dmc-2");
    s.grant(t, &dmc2, TrialRole::DataMonitoringCommittee {});
    let review = OversightKind::DmcReview {
        recommendation: DmcRecommendation::Continue,
    };
    // Only DMC members of the trial, each once, and only on DMC reviews.
    let a = s.site_a.clone();
    for bad in [vec![&dmc, &a], vec![&dmc, &dmc]] {
        let err = s
            .exec(&dmc, oversight(t, review.clone(), Some(bad)))
            .unwrap_err();
        assert!(
            matches!(
                err,
                ContractError::InvalidInput(_) | ContractError::Validation(_)
            ),
            "{err}"
        );
    }
    let auditor = s.auditor.clone();
    let err = s
        .exec(
            &auditor,
            oversight(
                t,
                OversightKind::AuditFinding {
                    severity: FindingSeverity::Minor,
                },
                Some(vec![&dmc]),
            ),
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::InvalidInput(_)), "{err}");
    let res = s
        .exec(&dmc, oversight(t, review, Some(vec![&dmc2])))
        .unwrap();
    assert_eq!(attr(&res, "unblinded_members"), dmc2.to_string());
    let list: OversightResponse = s.q(QueryMsg::Oversight(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    assert_eq!(list.records[0].unblinded_members, vec![dmc2]);
}

#[test]
fn status_and_freeze_changes_keep_their_history() {
    let mut s = Suite::new();
    let t = s.ready(); // not yet recruiting -> recruiting
    s.consent_and_enroll(t, "alice");
    s.sponsor_exec(ExecuteMsg::UpdateStatus {
        trial_id: t,
        status: TrialStatus::Suspended,
        why_stopped: Some(StopReason::Safety),
        document_hash: Some(h("dmc-letter")),
    })
    .unwrap();
    s.set_status(t, TrialStatus::Recruiting).unwrap();
    let reg = s.regulator.clone();
    s.exec(
        &reg,
        ExecuteMsg::Freeze {
            trial_id: t,
            reason: FreezeReason::Safety,
            order_hash: Some(h("hold")),
        },
    )
    .unwrap();
    s.exec(
        &reg,
        ExecuteMsg::Unfreeze {
            trial_id: t,
            decision_hash: h("lifted"),
        },
    )
    .unwrap();
    let page = |s: &Suite, start_after: Option<u64>| -> StatusHistoryResponse {
        s.q(QueryMsg::StatusHistory(TrialPage {
            trial_id: t,
            start_after,
            limit: Some(2),
        }))
    };
    let first = page(&s, None);
    assert_eq!(first.changes.len(), 2);
    assert!(matches!(
        first.changes[0].event,
        StatusEvent::Status {
            from: TrialStatus::NotYetRecruiting,
            to: TrialStatus::Recruiting,
            ..
        }
    ));
    assert!(matches!(
        first.changes[1].event,
        StatusEvent::Status {
            to: TrialStatus::Suspended,
            why_stopped: Some(StopReason::Safety),
            ..
        }
    ));
    let rest = page(&s, Some(2));
    assert!(matches!(
        rest.changes[0].event,
        StatusEvent::Status {
            to: TrialStatus::Recruiting,
            from: TrialStatus::Suspended,
            ..
        }
    ));
    assert!(matches!(
        rest.changes[1].event,
        StatusEvent::Freeze {
            reason: FreezeReason::Safety,
            ..
        }
    ));
    assert_eq!(rest.changes[1].by, reg);
    let last = page(&s, Some(4));
    assert!(matches!(
        last.changes[0].event,
        StatusEvent::Unfreeze { .. }
    ));
    assert_eq!(s.trial(t).counts.status_changes, 5);
}
