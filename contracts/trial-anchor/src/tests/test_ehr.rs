//! Consent proven through ehr-registry (mocked querier: `grant` and `check_access`), and the
//! trusted registry: only the owner configures it, and every trial's link uses it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, ContractInfoResponse, ContractResult, SystemError,
    SystemResult, WasmQuery,
};
use cw_health_types::ehr_registry::{
    AccessBasis, AccessDecision, ConsentState, DecisionReason, GrantInfo, Grantee, InactiveReason,
    Provision, ProvisionType, QueryMsg as EhrQueryMsg,
};
use cw_health_types::ownership::OwnershipError;
use cw_health_types::trial_anchor::*;
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse};

use super::suite::*;
use crate::contract::{instantiate, query};
use crate::error::ContractError;

/// A contract-info answer (the registry is a contract).
fn contract_info(creator: &Addr) -> ContractInfoResponse {
    ContractInfoResponse::new(1, creator.clone(), None, false, None, None)
}

/// The mocked registry's grants, shared with the test so it can revoke or expire them.
type Grants = Arc<Mutex<BTreeMap<u64, GrantInfo>>>;

/// A grant of `patient` (issued by `by`) to `grantee` for `purposes`, active.
fn grant_info(
    id: u64,
    patient: &Addr,
    by: &Addr,
    grantee: &Addr,
    purposes: &[PurposeOfUse],
) -> GrantInfo {
    GrantInfo {
        id,
        patient: patient.clone(),
        grantee: Grantee::Address {
            address: grantee.clone(),
        },
        provision: Provision {
            provision_type: ProvisionType::Permit,
            actions: vec![AccessAction::Read],
            purposes: purposes.to_vec(),
            resource_types: vec![],
            labels: vec![],
            record_ids: vec![],
            provisions: vec![],
            data_period: None,
        },
        starts_at: mock_env().block.time,
        expires_at: None,
        policy_hash: None,
        proposed_by: None,
        verification: None,
        granted_by: by.clone(),
        granted_at: mock_env().block.time,
        revocation: None,
        entered_in_error: false,
        state: ConsentState::Active,
        inactive_reason: None,
    }
}

/// Installs a mock ehr-registry at `registry` serving `grants`. `check_access` behaves like the
/// registry: the patient reading their own records is allowed (`PatientSelf`), otherwise the
/// lowest-id active grant of the patient to the actor that permits research allows it.
fn mock_registry(s: &mut Suite, registry: Addr, grants: Grants) {
    s.deps.querier.update_wasm(move |q| match q {
        WasmQuery::ContractInfo { contract_addr } if *contract_addr == registry.to_string() => {
            SystemResult::Ok(ContractResult::Ok(
                to_json_binary(&contract_info(&registry)).unwrap(),
            ))
        }
        WasmQuery::Smart { contract_addr, msg } if *contract_addr == registry.to_string() => {
            let grants = grants.lock().unwrap();
            let answer = match from_json(msg).unwrap() {
                EhrQueryMsg::Grant { grant_id } => match grants.get(&grant_id) {
                    Some(g) => to_json_binary(g).unwrap(),
                    None => {
                        return SystemResult::Ok(ContractResult::Err("grant not found".into()))
                    }
                },
                EhrQueryMsg::CheckAccess(req) => {
                    assert_eq!(req.action, AccessAction::Read);
                    assert_eq!(req.purpose, PurposeOfUse::Research);
                    assert_eq!(req.record_id, None);
                    assert_eq!(req.resource_type, Some(FhirResourceType::Observation));
                    let by_grant = grants.values().find(|g| {
                        g.patient.to_string() == req.patient
                            && g.state == ConsentState::Active
                            && g.provision.purposes.contains(&PurposeOfUse::Research)
                            && matches!(&g.grantee, Grantee::Address { address } if address.to_string() == req.actor)
                    });
                    let (allowed, basis, reason) = if req.patient == req.actor {
                        (true, Some(AccessBasis::Patient {}), DecisionReason::PatientSelf)
                    } else if let Some(g) = by_grant {
                        (
                            true,
                            Some(AccessBasis::Grant { grant_id: g.id }),
                            DecisionReason::PermittedByGrant,
                        )
                    } else {
                        (false, None, DecisionReason::NoMatchingGrant)
                    };
                    to_json_binary(&AccessDecision {
                        allowed,
                        basis,
                        reason,
                        redisclosure_notice_required: false,
                    })
                    .unwrap()
                }
                other => panic!("unexpected query {other:?}"),
            };
            SystemResult::Ok(ContractResult::Ok(answer))
        }
        _ => SystemResult::Err(SystemError::NoSuchContract {
            addr: "unknown".into(),
        }),
    });
}

fn consent_msg(t: u64, name: &str, grant_id: Option<u64>) -> ExecuteMsg {
    ExecuteMsg::RecordConsent {
        trial_id: t,
        participant: ph(name),
        signed_form_hash: None,
        ehr_grant_id: grant_id,
    }
}

fn set_registry(s: &mut Suite, registry: &Addr) -> Result<cosmwasm_std::Response, ContractError> {
    let owner = s.owner.clone();
    s.exec(
        &owner,
        ExecuteMsg::SetEhrRegistry {
            address: registry.to_string(),
        },
    )
}

fn link(registry: Option<&Addr>, required: bool) -> EhrConsentLinkMsg {
    EhrConsentLinkMsg {
        registry: registry.map(|r| r.to_string()),
        resource_type: FhirResourceType::Observation,
        required,
    }
}

/// Grant 7: patient-1's research grant to site A. Grant 8: patient-2's treatment grant to site
/// A. The owner configures the mocked registry; the trial links to it.
fn linked_trial(s: &mut Suite, required: bool) -> (u64, Addr, Grants) {
    let registry = s.deps.api.addr_make("ehr-registry");
    let patient = s.deps.api.addr_make("patient-1");
    let patient2 = s.deps.api.addr_make("patient-2");
    let a = s.site_a.clone();
    let grants: Grants = Arc::default();
    {
        let mut g = grants.lock().unwrap();
        g.insert(
            7,
            grant_info(7, &patient, &patient, &a, &[PurposeOfUse::Research]),
        );
        g.insert(
            8,
            grant_info(8, &patient2, &patient2, &a, &[PurposeOfUse::Treatment]),
        );
    }
    mock_registry(s, registry.clone(), grants.clone());
    set_registry(s, &registry).unwrap();
    let mut msg = s.register_msg();
    msg.ehr_consent = Some(link(Some(&registry), required));
    let t = s.ready_with(msg);
    (t, registry, grants)
}

fn not_proof(err: &ContractError) -> String {
    match err {
        ContractError::EhrGrantNotProof { reason, .. } => reason.clone(),
        other => panic!("expected EhrGrantNotProof, got {other}"),
    }
}

#[test]
fn consent_is_proven_by_the_patients_research_grant_to_the_site() {
    let mut s = Suite::new();
    let (t, _registry, _grants) = linked_trial(&mut s, true);
    assert_eq!(
        s.trial(t).ehr_consent,
        Some(EhrConsentLink {
            resource_type: FhirResourceType::Observation,
            required: true,
        })
    );
    let patient = s.deps.api.addr_make("patient-1");
    let (a, b) = (s.site_a.clone(), s.site_b.clone());

    // Required: a consent without the proof is refused.
    assert!(matches!(
        s.exec(&a, consent_msg(t, "alice", None)),
        Err(ContractError::EhrProofRequired {})
    ));
    // A treatment grant proves no research consent; a grant to site A proves nothing for site B;
    // an unknown grant id is refused by the registry.
    let err = s.exec(&a, consent_msg(t, "alice", Some(8))).unwrap_err();
    assert_eq!(not_proof(&err), "not_a_research_grant");
    let err = s.exec(&b, consent_msg(t, "alice", Some(7))).unwrap_err();
    assert_eq!(not_proof(&err), "grantee_not_site_or_sponsor");
    assert!(matches!(
        s.exec(&a, consent_msg(t, "alice", Some(99))),
        Err(ContractError::Std(_))
    ));
    assert!(s
        .q::<Option<ParticipantResponse>>(QueryMsg::Participant {
            trial_id: t,
            participant: ph("alice")
        })
        .is_none());

    // Allowed: recorded as verified, with the grant; the patient address is neither stored nor
    // emitted.
    let res = s.exec(&a, consent_msg(t, "alice", Some(7))).unwrap();
    assert_eq!(attr(&res, "ehr_verified"), "true");
    assert_eq!(attr(&res, "ehr_grant_id"), "7");
    assert!(res
        .attributes
        .iter()
        .all(|at| !at.value.contains(patient.as_str())));
    let consents: ConsentsResponse = s.q(QueryMsg::Consents {
        trial_id: t,
        participant: ph("alice"),
        start_after: None,
        limit: None,
    });
    assert!(consents.consents[0].ehr_verified);
    assert_eq!(consents.consents[0].ehr_grant_id, Some(7));
    let stored = s.participant(t, "alice");
    assert_eq!(stored.participant.ehr_grant_id, Some(7));
    assert_eq!(
        stored.participant.patient_commitment,
        Some(patient_commitment(&s.env.contract.address, t, &patient))
    );
    let json = cosmwasm_std::to_json_string(&stored).unwrap();
    assert!(!json.contains(patient.as_str()));
    s.enroll(t, &a, "alice").unwrap();
}

#[test]
fn a_site_cannot_prove_consent_as_its_own_patient_or_through_a_delegate() {
    let mut s = Suite::new();
    let (t, _registry, grants) = linked_trial(&mut s, true);
    let (a, sponsor, irb, dmc) = (
        s.site_a.clone(),
        s.sponsor.clone(),
        s.irb.clone(),
        s.dmc.clone(),
    );
    // The DMC holds its role from `ready`.
    let patient = s.deps.api.addr_make("patient-1");
    let delegate = s.deps.api.addr_make("delegate");
    {
        let mut g = grants.lock().unwrap();
        // The site is its own "patient" and grants itself research access.
        g.insert(20, grant_info(20, &a, &a, &a, &[PurposeOfUse::Research]));
        // The sponsor, the IRB and a DMC member as "patients" granting the site.
        g.insert(
            21,
            grant_info(21, &sponsor, &sponsor, &a, &[PurposeOfUse::Research]),
        );
        g.insert(
            22,
            grant_info(22, &irb, &irb, &a, &[PurposeOfUse::Research]),
        );
        g.insert(
            23,
            grant_info(23, &dmc, &dmc, &a, &[PurposeOfUse::Research]),
        );
        // A grant issued by a delegate, not by the patient.
        g.insert(
            24,
            grant_info(24, &patient, &delegate, &a, &[PurposeOfUse::Research]),
        );
    }
    for id in [20, 21, 22, 23] {
        let err = s.exec(&a, consent_msg(t, "ghost", Some(id))).unwrap_err();
        assert_eq!(not_proof(&err), "patient_is_a_trial_party", "grant {id}");
    }
    let err = s.exec(&a, consent_msg(t, "ghost", Some(24))).unwrap_err();
    assert_eq!(not_proof(&err), "not_granted_by_patient");
    assert!(s
        .q::<Option<ParticipantResponse>>(QueryMsg::Participant {
            trial_id: t,
            participant: ph("ghost")
        })
        .is_none());
}

#[test]
fn a_grant_that_does_not_decide_the_access_proves_nothing() {
    let mut s = Suite::new();
    let (t, _registry, grants) = linked_trial(&mut s, true);
    let a = s.site_a.clone();
    let patient = s.deps.api.addr_make("patient-1");
    // A later research grant of the same patient: the registry decides on grant 7, not on it.
    grants.lock().unwrap().insert(
        30,
        grant_info(30, &patient, &patient, &a, &[PurposeOfUse::Research]),
    );
    let err = s.exec(&a, consent_msg(t, "alice", Some(30))).unwrap_err();
    assert_eq!(not_proof(&err), "access_not_decided_by_this_grant");
    // A revoked grant is not in force.
    {
        let mut g = grants.lock().unwrap();
        let seven = g.get_mut(&7).unwrap();
        seven.state = ConsentState::Inactive;
        seven.inactive_reason = Some(InactiveReason::Revoked);
    }
    let err = s.exec(&a, consent_msg(t, "alice", Some(7))).unwrap_err();
    assert!(
        matches!(err, ContractError::EhrGrantNotInForce { grant_id: 7, ref reason } if reason == "revoked"),
        "{err}"
    );
}

#[test]
fn one_patient_is_one_pseudonym_per_trial() {
    let mut s = Suite::new();
    let (t, _registry, grants) = linked_trial(&mut s, false);
    let a = s.site_a.clone();
    let patient2 = s.deps.api.addr_make("patient-2");
    s.exec(&a, consent_msg(t, "alice", Some(7))).unwrap();
    // patient-1's grant cannot prove a second pseudonym.
    let err = s.exec(&a, consent_msg(t, "alice-2", Some(7))).unwrap_err();
    assert!(
        matches!(err, ContractError::PatientPseudonymMismatch {}),
        "{err}"
    );
    // Another trial: the same patient may take part there under another pseudonym, and the
    // commitments of the two trials differ.
    let mut msg = s.register_msg();
    msg.ehr_consent = Some(link(None, false));
    msg.registry_id = None;
    let t2 = s.ready_with(msg);
    s.exec(&a, consent_msg(t2, "alice-2", Some(7))).unwrap();
    assert_ne!(
        s.participant(t, "alice").participant.patient_commitment,
        s.participant(t2, "alice-2").participant.patient_commitment
    );

    // After an amendment that requires re-consent, alice's pseudonym cannot be re-consented on
    // another patient's grant, nor without proof (the proof would no longer be checked).
    grants.lock().unwrap().insert(
        9,
        grant_info(9, &patient2, &patient2, &a, &[PurposeOfUse::Research]),
    );
    s.amend(t, DocumentKind::Protocol, "protocol-v2", true);
    s.approve(t, DocumentKind::Protocol, 2);
    let err = s.exec(&a, consent_msg(t, "alice", Some(9))).unwrap_err();
    assert!(
        matches!(err, ContractError::PatientPseudonymMismatch {}),
        "{err}"
    );
    assert!(matches!(
        s.exec(&a, consent_msg(t, "alice", None)),
        Err(ContractError::EhrProofRequired {})
    ));
    // The same patient's grant re-consents alice.
    let res = s.exec(&a, consent_msg(t, "alice", Some(7))).unwrap();
    assert_eq!(attr(&res, "consent_seq"), "2");
    // patient-2 takes part under a pseudonym of their own.
    s.exec(&a, consent_msg(t, "bob", Some(9))).unwrap();
}

#[test]
fn enrollment_and_visits_check_the_grant_again() {
    let mut s = Suite::new();
    let (t, _registry, grants) = linked_trial(&mut s, true);
    let a = s.site_a.clone();
    grants.lock().unwrap().insert(
        10,
        grant_info(
            10,
            &s.deps.api.addr_make("patient-3"),
            &s.deps.api.addr_make("patient-3"),
            &a,
            &[PurposeOfUse::Research],
        ),
    );
    s.exec(&a, consent_msg(t, "alice", Some(7))).unwrap();
    s.exec(&a, consent_msg(t, "carol", Some(10))).unwrap();
    // Grant 10 expires one second before carol's enrollment: the enrollment is refused.
    {
        let mut g = grants.lock().unwrap();
        let ten = g.get_mut(&10).unwrap();
        ten.state = ConsentState::Inactive;
        ten.inactive_reason = Some(InactiveReason::Expired);
    }
    let err = s.enroll(t, &a, "carol").unwrap_err();
    assert!(
        matches!(err, ContractError::EhrGrantNotInForce { grant_id: 10, ref reason } if reason == "expired"),
        "{err}"
    );
    assert_eq!(s.participant(t, "carol").participant.enrolled_at, None);

    s.enroll(t, &a, "alice").unwrap();
    let visit = |code: &str| ExecuteMsg::RecordVisit {
        trial_id: t,
        participant: ph("alice"),
        visit_code: code.into(),
    };
    s.exec(&a, visit("W1")).unwrap();
    // The patient revokes: the next visit is refused, nothing recorded.
    {
        let mut g = grants.lock().unwrap();
        let seven = g.get_mut(&7).unwrap();
        seven.state = ConsentState::Inactive;
        seven.inactive_reason = Some(InactiveReason::Revoked);
        seven.revocation = None;
    }
    let err = s.exec(&a, visit("W2")).unwrap_err();
    assert!(
        matches!(err, ContractError::EhrGrantNotInForce { grant_id: 7, ref reason } if reason == "revoked"),
        "{err}"
    );
    assert_eq!(s.participant(t, "alice").participant.visits, 1);
    // A grant marked entered-in-error never applied.
    {
        let mut g = grants.lock().unwrap();
        let seven = g.get_mut(&7).unwrap();
        seven.state = ConsentState::EnteredInError;
        seven.entered_in_error = true;
    }
    let err = s.exec(&a, visit("W2")).unwrap_err();
    assert!(
        matches!(err, ContractError::EhrGrantNotInForce { ref reason, .. } if reason == "entered_in_error"),
        "{err}"
    );
    // If the registry answered with another patient's grant under that id (e.g. the owner moved
    // the registry), the visit is refused too.
    {
        let mut g = grants.lock().unwrap();
        let other = s.deps.api.addr_make("patient-9");
        g.insert(
            7,
            grant_info(7, &other, &other, &a, &[PurposeOfUse::Research]),
        );
    }
    let err = s.exec(&a, visit("W2")).unwrap_err();
    assert!(
        matches!(err, ContractError::EhrGrantNotInForce { ref reason, .. } if reason == "not_the_participants_patient"),
        "{err}"
    );
    // Withdrawal needs no grant: the participant can always leave.
    s.exec(
        &a,
        ExecuteMsg::Withdraw {
            trial_id: t,
            participant: ph("alice"),
            reason: WithdrawalReason::ConsentWithdrawn,
        },
    )
    .unwrap();
}

#[test]
fn an_optional_link_checks_only_when_a_grant_is_named() {
    let mut s = Suite::new();
    let (t, _registry, _grants) = linked_trial(&mut s, false);
    let a = s.site_a.clone();
    let res = s.exec(&a, consent_msg(t, "alice", None)).unwrap();
    assert_eq!(attr(&res, "ehr_verified"), "false");
    assert_eq!(attr(&res, "ehr_grant_id"), "none");
    let res = s.exec(&a, consent_msg(t, "bob", Some(7))).unwrap();
    assert_eq!(attr(&res, "ehr_verified"), "true");

    // A trial without a link refuses a grant (it would only leak the link).
    let t2 = s.ready();
    assert!(matches!(
        s.exec(&a, consent_msg(t2, "carol", Some(7))),
        Err(ContractError::NoEhrLink {})
    ));
}

#[test]
fn a_failing_registry_query_refuses_the_consent() {
    let mut s = Suite::new();
    let (t, _registry, _grants) = linked_trial(&mut s, true);
    let a = s.site_a.clone();
    // The registry does not answer: the query errors, nothing is recorded.
    s.deps
        .querier
        .update_wasm(|_| SystemResult::Err(SystemError::NoSuchContract { addr: "ehr".into() }));
    assert!(matches!(
        s.exec(&a, consent_msg(t, "alice", Some(7))),
        Err(ContractError::Std(_))
    ));
    assert!(s
        .q::<Option<ParticipantResponse>>(QueryMsg::Participant {
            trial_id: t,
            participant: ph("alice")
        })
        .is_none());
}

#[test]
fn only_the_owner_sets_the_ehr_registry_and_it_must_be_a_contract() {
    let mut s = Suite::new();
    let registry = s.deps.api.addr_make("ehr-registry");
    mock_registry(&mut s, registry.clone(), Grants::default());
    let msg = ExecuteMsg::SetEhrRegistry {
        address: registry.to_string(),
    };
    // The sponsor, a regulator or a stranger cannot choose the registry.
    for who in [s.sponsor.clone(), s.regulator.clone(), s.stranger.clone()] {
        let err = s.exec(&who, msg.clone()).unwrap_err();
        assert!(
            matches!(err, ContractError::Ownership(OwnershipError::NotOwner)),
            "{err}"
        );
    }
    // The owner: a malformed address or an address that is no contract is refused.
    let owner = s.owner.clone();
    let err = s
        .exec(
            &owner,
            ExecuteMsg::SetEhrRegistry {
                address: registry.to_string().to_uppercase(),
            },
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::Std(_)), "{err}");
    let not_a_contract = s.deps.api.addr_make("just-a-wallet");
    let err = set_registry(&mut s, &not_a_contract).unwrap_err();
    assert!(
        matches!(err, ContractError::NotAContract { ref address } if *address == not_a_contract.to_string()),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        format!("{not_a_contract} is not a contract")
    );
    let cfg: TrialConfigResponse = s.q(QueryMsg::Config {});
    assert_eq!(cfg.ehr_registry, None);

    // Allowed: the owner sets it; the config shows it.
    let res = set_registry(&mut s, &registry).unwrap();
    assert_eq!(attr(&res, "action"), "set_ehr_registry");
    assert_eq!(attr(&res, "ehr_registry"), registry.to_string());
    assert_eq!(attr(&res, "previous"), "none");
    let cfg: TrialConfigResponse = s.q(QueryMsg::Config {});
    assert_eq!(cfg.ehr_registry, Some(registry));
}

#[test]
fn the_registry_may_be_configured_at_instantiation() {
    let mut deps = mock_dependencies();
    let owner = deps.api.addr_make("owner");
    let registry = deps.api.addr_make("ehr-registry");
    let known = registry.clone();
    deps.querier.update_wasm(move |q| match q {
        WasmQuery::ContractInfo { contract_addr } if *contract_addr == known.to_string() => {
            SystemResult::Ok(ContractResult::Ok(
                to_json_binary(&contract_info(&known)).unwrap(),
            ))
        }
        _ => SystemResult::Err(SystemError::NoSuchContract {
            addr: "unknown".into(),
        }),
    });
    // Refused: an address that is no contract.
    let wallet = deps.api.addr_make("just-a-wallet");
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&owner, &[]),
        InstantiateMsg {
            owner: None,
            ehr_registry: Some(wallet.to_string()),
        },
    )
    .unwrap_err();
    assert!(
        matches!(err, ContractError::NotAContract { ref address } if *address == wallet.to_string()),
        "{err}"
    );
    // Allowed: the registry contract.
    let res = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&owner, &[]),
        InstantiateMsg {
            owner: None,
            ehr_registry: Some(registry.to_string()),
        },
    )
    .unwrap();
    assert_eq!(attr(&res, "ehr_registry"), registry.to_string());
    let cfg: TrialConfigResponse =
        from_json(query(deps.as_ref(), mock_env(), QueryMsg::Config {}).unwrap()).unwrap();
    assert_eq!(cfg.ehr_registry, Some(registry));
    assert_eq!(cfg.owner, owner);
}

#[test]
fn a_trial_link_can_only_use_the_configured_registry() {
    let mut s = Suite::new();
    let registry = s.deps.api.addr_make("ehr-registry");
    let fake = s.deps.api.addr_make("fake-registry");
    let patient = s.deps.api.addr_make("patient-1");
    let a = s.site_a.clone();
    let sponsor = s.sponsor.clone();
    let grants: Grants = Arc::default();
    grants.lock().unwrap().insert(
        7,
        grant_info(7, &patient, &patient, &a, &[PurposeOfUse::Research]),
    );
    mock_registry(&mut s, registry.clone(), grants.clone());
    let register = |s: &mut Suite, l: EhrConsentLinkMsg| {
        let mut msg = s.register_msg();
        msg.ehr_consent = Some(l);
        s.exec(&sponsor, ExecuteMsg::RegisterTrial(Box::new(msg)))
    };

    // No registry configured: no trial may link one, whatever it names.
    let err = register(&mut s, link(Some(&fake), true)).unwrap_err();
    assert!(
        matches!(err, ContractError::EhrRegistryNotConfigured {}),
        "{err}"
    );
    let err = register(&mut s, link(None, true)).unwrap_err();
    assert!(
        matches!(err, ContractError::EhrRegistryNotConfigured {}),
        "{err}"
    );

    // Configured: a sponsor naming another "registry" is refused, nothing is registered.
    set_registry(&mut s, &registry).unwrap();
    let err = register(&mut s, link(Some(&fake), true)).unwrap_err();
    assert!(
        matches!(
            err,
            ContractError::UntrustedEhrRegistry { registry: ref r, ref configured }
                if *r == fake.to_string() && *configured == registry.to_string()
        ),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        format!("{fake} is not the configured ehr-registry {registry}")
    );
    let cfg: TrialConfigResponse = s.q(QueryMsg::Config {});
    assert_eq!(cfg.trial_count, 0);

    // Allowed: naming the configured registry, or none (the configured one is used).
    let res = register(&mut s, link(Some(&registry), true)).unwrap();
    assert_eq!(attr(&res, "trial_id"), "1");
    let res = register(&mut s, link(None, true)).unwrap();
    let t: u64 = attr(&res, "trial_id").parse().unwrap();
    s.approve(t, DocumentKind::Protocol, 1);
    s.approve(t, DocumentKind::ConsentForm, 1);
    s.grant(
        t,
        &a,
        TrialRole::SiteInvestigator {
            site_code: "SITE-A".into(),
        },
    );
    s.set_status(t, TrialStatus::Recruiting).unwrap();
    // The consent is checked against the configured registry (the mock answers only there).
    let res = s.exec(&a, consent_msg(t, "alice", Some(7))).unwrap();
    assert_eq!(attr(&res, "ehr_verified"), "true");

    // The owner moves the registry: the trial follows, checked against the new one only.
    let registry2 = s.deps.api.addr_make("ehr-registry-2");
    let patient2 = s.deps.api.addr_make("patient-2");
    grants.lock().unwrap().insert(
        11,
        grant_info(11, &patient2, &patient2, &a, &[PurposeOfUse::Research]),
    );
    mock_registry(&mut s, registry2.clone(), grants.clone());
    let res = set_registry(&mut s, &registry2).unwrap();
    assert_eq!(attr(&res, "previous"), registry.to_string());
    let res = s.exec(&a, consent_msg(t, "bob", Some(11))).unwrap();
    assert_eq!(attr(&res, "ehr_verified"), "true");
}

#[test]
fn access_allowed_by_break_glass_a_delegate_or_the_patient_proves_nothing() {
    let mut s = Suite::new();
    let (t, registry, grants) = linked_trial(&mut s, true);
    let a = s.site_a.clone();
    let patient = s.deps.api.addr_make("patient-1");
    // The registry allows the read, but on another basis than grant 7: a break-glass session
    // the site opened, the site acting as the patient's delegate, or the actor being the patient.
    for basis in [
        AccessBasis::Emergency { session_id: 1 },
        AccessBasis::Delegate {
            patient: patient.clone(),
        },
        AccessBasis::Patient {},
    ] {
        let (registry, grants, basis) = (registry.clone(), grants.clone(), basis.clone());
        s.deps.querier.update_wasm(move |q| match q {
            WasmQuery::Smart { contract_addr, msg } if *contract_addr == registry.to_string() => {
                let answer = match from_json(msg).unwrap() {
                    EhrQueryMsg::Grant { grant_id } => {
                        to_json_binary(grants.lock().unwrap().get(&grant_id).unwrap()).unwrap()
                    }
                    EhrQueryMsg::CheckAccess(_) => to_json_binary(&AccessDecision {
                        allowed: true,
                        basis: Some(basis.clone()),
                        reason: DecisionReason::PermittedByGrant,
                        redisclosure_notice_required: false,
                    })
                    .unwrap(),
                    other => panic!("unexpected query {other:?}"),
                };
                SystemResult::Ok(ContractResult::Ok(answer))
            }
            _ => SystemResult::Err(SystemError::NoSuchContract {
                addr: "unknown".into(),
            }),
        });
        let err = s.exec(&a, consent_msg(t, "alice", Some(7))).unwrap_err();
        assert_eq!(not_proof(&err), "access_not_decided_by_this_grant");
        assert!(s
            .q::<Option<ParticipantResponse>>(QueryMsg::Participant {
                trial_id: t,
                participant: ph("alice"),
            })
            .is_none());
    }
}
