//! Consent proven through ehr-registry: which grant may prove a consent, and the check of that
//! grant again at enrollment and at every visit.

use cosmwasm_std::{Addr, Deps, Env};
use cw_health_types::ehr_registry::{
    AccessBasis, AccessRequest, ConsentState, EhrRegistryContract, GrantSummary, GranteeSummary,
    ProvisionType,
};
use cw_health_types::events::json_code;
use cw_health_types::trial_anchor::{patient_commitment, EhrConsentLink, Trial};
use cw_health_types::{AccessAction, PurposeOfUse, Sha256Hash};

use crate::error::ContractError;
use crate::state::{StoredParticipant, EHR_REGISTRY, ROLES};

/// The owner's configured registry (the sponsor never chooses it).
fn registry(deps: Deps) -> Result<EhrRegistryContract, ContractError> {
    EHR_REGISTRY
        .may_load(deps.storage)?
        .map(EhrRegistryContract)
        .ok_or(ContractError::EhrRegistryNotConfigured {})
}

/// Fails with `EhrGrantNotInForce` unless the grant is active at this block.
fn ensure_in_force(grant: &GrantSummary) -> Result<(), ContractError> {
    let reason = match (&grant.state, grant.inactive_reason) {
        (ConsentState::Active, _) if !grant.entered_in_error => return Ok(()),
        (ConsentState::EnteredInError, _) | (ConsentState::Active, _) => {
            "entered_in_error".to_string()
        }
        (ConsentState::Inactive, Some(r)) => json_code(&r),
        (ConsentState::Inactive, None) => "inactive".to_string(),
        // A draft the patient never activated, or a proposal the patient rejected, proves nothing.
        (ConsentState::Draft, _) | (ConsentState::Rejected, _) => json_code(&grant.state),
    };
    Err(ContractError::EhrGrantNotInForce {
        grant_id: grant.id,
        reason,
    })
}

/// Checks that grant `grant_id` proves a consent recorded by `site` in `trial`, and returns the
/// salted commitment to its patient. Two bounded queries: the grant, then the access decision
/// that must rest on exactly this grant.
pub(crate) fn prove_consent(
    deps: Deps,
    env: &Env,
    trial: &Trial,
    link: &EhrConsentLink,
    site: &Addr,
    grant_id: u64,
) -> Result<Sha256Hash, ContractError> {
    let registry = registry(deps)?;
    let grant = registry.grant_summary(&deps.querier, grant_id)?;
    let not_proof = |reason: &str| ContractError::EhrGrantNotProof {
        grant_id,
        reason: reason.to_string(),
    };
    if grant.id != grant_id {
        return Err(not_proof("grant_id_mismatch"));
    }
    ensure_in_force(&grant)?;
    // Issued by the patient themself: not a delegate acting for them.
    if grant.granted_by != grant.patient {
        return Err(not_proof("not_granted_by_patient"));
    }
    let grantee = match &grant.grantee {
        GranteeSummary::Address { address } if address == site || *address == trial.sponsor => {
            address
        }
        _ => return Err(not_proof("grantee_not_site_or_sponsor")),
    };
    // The patient is nobody of the trial: a site, sponsor or committee cannot be its own patient.
    let patient = &grant.patient;
    if patient == site
        || *patient == trial.sponsor
        || *patient == trial.responsible_party
        || *patient == trial.ethics_committee
        || ROLES.has(deps.storage, (trial.id, patient))
    {
        return Err(not_proof("patient_is_a_trial_party"));
    }
    // A research grant, named as such (a grant "for any purpose" is not a research consent).
    let root = &grant.provision;
    if root.provision_type != ProvisionType::Permit
        || !root.purposes.contains(&PurposeOfUse::Research)
    {
        return Err(not_proof("not_a_research_grant"));
    }
    // The registry allows the read on this grant, not because the actor is the patient, a
    // delegate or in a break-glass session, and not on another grant.
    let decision = registry.check_access(
        &deps.querier,
        AccessRequest {
            patient: patient.to_string(),
            actor: grantee.to_string(),
            action: AccessAction::Read,
            purpose: PurposeOfUse::Research,
            resource_type: Some(link.resource_type),
            record_id: None,
            via_team: None,
        },
    )?;
    if !decision.allowed {
        return Err(ContractError::EhrConsentDenied {
            reason: json_code(&decision.reason),
        });
    }
    if decision.basis != Some(AccessBasis::Grant { grant_id }) {
        return Err(not_proof("access_not_decided_by_this_grant"));
    }
    Ok(patient_commitment(&env.contract.address, trial.id, patient))
}

/// Enrollment and every visit: the grant that proved the participant's latest consent must
/// still be in force and still be the same patient's (one bounded query, by grant id).
pub(crate) fn ensure_grant_still_in_force(
    deps: Deps,
    env: &Env,
    trial_id: u64,
    p: &StoredParticipant,
) -> Result<(), ContractError> {
    let Some(grant_id) = p.ehr_grant_id else {
        return Ok(());
    };
    let grant = registry(deps)?.grant_summary(&deps.querier, grant_id)?;
    ensure_in_force(&grant)?;
    let commitment = patient_commitment(&env.contract.address, trial_id, &grant.patient);
    if p.patient_commitment.as_ref() != Some(&commitment) {
        return Err(ContractError::EhrGrantNotInForce {
            grant_id,
            reason: "not_the_participants_patient".into(),
        });
    }
    Ok(())
}
