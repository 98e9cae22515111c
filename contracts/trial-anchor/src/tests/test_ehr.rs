//! Consent proven through ehr-registry's `check_access` (mocked querier), and the trusted
//! registry: only the owner configures it, and every trial's link uses it.

use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, ContractInfoResponse, ContractResult, SystemError,
    SystemResult, WasmQuery,
};
use cw_health_types::ehr_registry::{
    AccessBasis, AccessDecision, DecisionReason, QueryMsg as EhrQueryMsg,
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

/// Installs a mock ehr-registry at `registry`: it allows research reads of Observations by
/// `site` for `patient` and denies everything else; it also checks the request's shape. Any
/// other address is no contract.
fn mock_registry(s: &mut Suite, registry: Addr, patient: Addr, site: Addr) {
    s.deps.querier.update_wasm(move |q| match q {
        WasmQuery::ContractInfo { contract_addr } if *contract_addr == registry.to_string() => {
            SystemResult::Ok(ContractResult::Ok(
                to_json_binary(&contract_info(&registry)).unwrap(),
            ))
        }
        WasmQuery::Smart { contract_addr, msg } if *contract_addr == registry.to_string() => {
            let EhrQueryMsg::CheckAccess(req) = from_json(msg).unwrap() else {
                panic!("unexpected query");
            };
            assert_eq!(req.action, AccessAction::Read);
            assert_eq!(req.purpose, PurposeOfUse::Research);
            assert_eq!(req.record_id, None);
            let allowed = req.patient == patient.to_string()
                && req.actor == site.to_string()
                && req.resource_type == Some(FhirResourceType::Observation);
            let decision = AccessDecision {
                allowed,
                basis: allowed.then_some(AccessBasis::Grant { grant_id: 7 }),
                reason: if allowed {
                    DecisionReason::PermittedByGrant
                } else {
                    DecisionReason::NoMatchingGrant
                },
                redisclosure_notice_required: false,
            };
            SystemResult::Ok(ContractResult::Ok(to_json_binary(&decision).unwrap()))
        }
        _ => SystemResult::Err(SystemError::NoSuchContract {
            addr: "unknown".into(),
        }),
    });
}

fn consent_msg(t: u64, name: &str, patient: Option<&Addr>) -> ExecuteMsg {
    ExecuteMsg::RecordConsent {
        trial_id: t,
        participant: ph(name),
        signed_form_hash: None,
        patient: patient.map(|p| p.to_string()),
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

/// The owner configures the mocked registry (research grant of patient-1 to site A); the trial
/// links to it.
fn linked_trial(s: &mut Suite, required: bool) -> (u64, Addr) {
    let registry = s.deps.api.addr_make("ehr-registry");
    let patient = s.deps.api.addr_make("patient-1");
    let a = s.site_a.clone();
    mock_registry(s, registry.clone(), patient, a);
    set_registry(s, &registry).unwrap();
    let mut msg = s.register_msg();
    msg.ehr_consent = Some(link(Some(&registry), required));
    let t = s.ready_with(msg);
    (t, registry)
}

#[test]
fn consent_is_proven_by_the_patients_research_grant_to_the_site() {
    let mut s = Suite::new();
    let (t, _registry) = linked_trial(&mut s, true);
    assert_eq!(
        s.trial(t).ehr_consent,
        Some(EhrConsentLink {
            resource_type: FhirResourceType::Observation,
            required: true,
        })
    );
    let patient = s.deps.api.addr_make("patient-1");
    let other_patient = s.deps.api.addr_make("patient-2");
    let (a, b) = (s.site_a.clone(), s.site_b.clone());

    // Required: a consent without the proof is refused.
    assert!(matches!(
        s.exec(&a, consent_msg(t, "alice", None)),
        Err(ContractError::EhrProofRequired {})
    ));
    // The registry denies: no grant from this patient, or not to this site.
    let err = s
        .exec(&a, consent_msg(t, "alice", Some(&other_patient)))
        .unwrap_err();
    assert!(
        matches!(err, ContractError::EhrConsentDenied { ref reason } if reason == "no_matching_grant")
    );
    assert!(matches!(
        s.exec(&b, consent_msg(t, "alice", Some(&patient))),
        Err(ContractError::EhrConsentDenied { .. })
    ));
    // A malformed patient address is refused before any query.
    assert!(matches!(
        s.exec(
            &a,
            ExecuteMsg::RecordConsent {
                trial_id: t,
                participant: ph("alice"),
                signed_form_hash: None,
                patient: Some(patient.to_string().to_uppercase()),
            }
        ),
        Err(ContractError::Std(_))
    ));
    assert!(s
        .q::<Option<ParticipantResponse>>(QueryMsg::Participant {
            trial_id: t,
            participant: ph("alice")
        })
        .is_none());

    // Allowed: recorded as verified; the patient address is neither stored nor emitted.
    let res = s.exec(&a, consent_msg(t, "alice", Some(&patient))).unwrap();
    assert_eq!(attr(&res, "ehr_verified"), "true");
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
    let stored = cosmwasm_std::to_json_string(&s.participant(t, "alice")).unwrap();
    assert!(!stored.contains(patient.as_str()));
    s.enroll(t, &a, "alice").unwrap();
}

#[test]
fn an_optional_link_checks_only_when_a_patient_is_named() {
    let mut s = Suite::new();
    let (t, _registry) = linked_trial(&mut s, false);
    let patient = s.deps.api.addr_make("patient-1");
    let a = s.site_a.clone();
    let res = s.exec(&a, consent_msg(t, "alice", None)).unwrap();
    assert_eq!(attr(&res, "ehr_verified"), "false");
    let res = s.exec(&a, consent_msg(t, "bob", Some(&patient))).unwrap();
    assert_eq!(attr(&res, "ehr_verified"), "true");

    // A trial without a link refuses a patient address (it would only leak the link).
    let t2 = s.ready();
    assert!(matches!(
        s.exec(&a, consent_msg(t2, "carol", Some(&patient))),
        Err(ContractError::NoEhrLink {})
    ));
}

#[test]
fn a_failing_registry_query_refuses_the_consent() {
    let mut s = Suite::new();
    let (t, _registry) = linked_trial(&mut s, true);
    let patient = s.deps.api.addr_make("patient-1");
    let a = s.site_a.clone();
    // No mock installed for the registry address: the query errors, nothing is recorded.
    s.deps
        .querier
        .update_wasm(|_| SystemResult::Err(SystemError::NoSuchContract { addr: "ehr".into() }));
    assert!(matches!(
        s.exec(&a, consent_msg(t, "alice", Some(&patient))),
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
    let (patient, a) = (s.deps.api.addr_make("patient-1"), s.site_a.clone());
    mock_registry(&mut s, registry.clone(), patient, a);
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
    mock_registry(&mut s, registry.clone(), patient.clone(), a.clone());
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
    let res = s.exec(&a, consent_msg(t, "alice", Some(&patient))).unwrap();
    assert_eq!(attr(&res, "ehr_verified"), "true");

    // The owner moves the registry: the trial follows, checked against the new one only.
    let registry2 = s.deps.api.addr_make("ehr-registry-2");
    mock_registry(&mut s, registry2.clone(), patient.clone(), a.clone());
    let res = set_registry(&mut s, &registry2).unwrap();
    assert_eq!(attr(&res, "previous"), registry.to_string());
    let res = s.exec(&a, consent_msg(t, "bob", Some(&patient))).unwrap();
    assert_eq!(attr(&res, "ehr_verified"), "true");
}
