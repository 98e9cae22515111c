//! Consent proven through ehr-registry's `check_access` (mocked querier).

use cosmwasm_std::{
    from_json, to_json_binary, Addr, ContractResult, SystemError, SystemResult, WasmQuery,
};
use cw_health_types::ehr_registry::{
    AccessBasis, AccessDecision, DecisionReason, QueryMsg as EhrQueryMsg,
};
use cw_health_types::trial_anchor::*;
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse};

use super::suite::*;
use crate::error::ContractError;

/// Installs a mock ehr-registry at `registry`: it allows research reads of Observations by
/// `site` for `patient` and denies everything else; it also checks the request's shape.
fn mock_registry(s: &mut Suite, registry: Addr, patient: Addr, site: Addr) {
    s.deps.querier.update_wasm(move |q| match q {
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

fn linked_trial(s: &mut Suite, required: bool) -> (u64, Addr) {
    let registry = s.deps.api.addr_make("ehr-registry");
    let mut msg = s.register_msg();
    msg.ehr_consent = Some(EhrConsentLinkMsg {
        registry: registry.to_string(),
        resource_type: FhirResourceType::Observation,
        required,
    });
    let t = s.ready_with(msg);
    (t, registry)
}

#[test]
fn consent_is_proven_by_the_patients_research_grant_to_the_site() {
    let mut s = Suite::new();
    let (t, registry) = linked_trial(&mut s, true);
    assert_eq!(s.trial(t).ehr_consent.unwrap().registry, registry);
    let patient = s.deps.api.addr_make("patient-1");
    let other_patient = s.deps.api.addr_make("patient-2");
    let (a, b) = (s.site_a.clone(), s.site_b.clone());
    mock_registry(&mut s, registry, patient.clone(), a.clone());

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
        matches!(err, ContractError::EhrConsentDenied { ref reason } if reason == "NoMatchingGrant")
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
    assert!(matches!(
        s.q_err(QueryMsg::Participant {
            trial_id: t,
            participant: ph("alice")
        }),
        ContractError::ParticipantNotFound { .. }
    ));

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
    let (t, registry) = linked_trial(&mut s, false);
    let patient = s.deps.api.addr_make("patient-1");
    let a = s.site_a.clone();
    mock_registry(&mut s, registry, patient.clone(), a.clone());
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
    assert!(matches!(
        s.q_err(QueryMsg::Participant {
            trial_id: t,
            participant: ph("alice")
        }),
        ContractError::ParticipantNotFound { .. }
    ));
}
