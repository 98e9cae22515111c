use cosmwasm_std::{Addr, StdResult, Timestamp};
use cw_health_types::ehr_registry::{
    AccessDecision, AccessRequest, AccountingResponse, EhrConfigResponse, EmergencyPolicy,
    EmergencyReason, EmergencySessionInfo, ExecuteMsg, GrantInfo, GranteeMsg, PartyRole, Provision,
    ProvisionType, QueryMsg, RecordInfo, ReviewInfo, ReviewOutcome, ReviewsResponse,
    RevocationReason,
};
use cw_health_types::{
    AccessAction, ContentRef, FhirResourceType, PurposeOfUse, SecurityLabel, Sha256Hash,
};
use cw_multi_test::{AppResponse, Executor};
use serde::de::DeserializeOwned;

use crate::suite::{attr_u64, Suite};

/// Typed helpers for the suite's ehr-registry (`suite.ehr()`).
pub struct EhrRegistry<'a> {
    pub(crate) suite: &'a mut Suite,
}

/// A permit provision for `actions` x `purposes` over every resource type (named, as minimum
/// necessary asks of non-treatment grants) and label.
pub fn permit(actions: &[AccessAction], purposes: &[PurposeOfUse]) -> Provision {
    Provision {
        provision_type: ProvisionType::Permit,
        actions: actions.to_vec(),
        purposes: purposes.to_vec(),
        resource_types: FhirResourceType::ALL.to_vec(),
        labels: vec![],
        record_ids: vec![],
        data_period: None,
        provisions: vec![],
    }
}

/// A deny provision for `actions` x `purposes` over every resource type and label (as a grant's
/// root it blocks the grantee against other grants' root permits).
pub fn deny(actions: &[AccessAction], purposes: &[PurposeOfUse]) -> Provision {
    Provision {
        provision_type: ProvisionType::Deny,
        ..permit(actions, purposes)
    }
}

/// A pointer to an off-chain FHIR document the test calls `name` (its hash is of the name's
/// bytes). The locator is opaque, a gateway and a token, as on a real deployment: the chain is
/// public, so a locator never carries a patient identifier, a resource path or a category.
pub fn fhir_doc(name: &str) -> ContentRef {
    let sha256 = Sha256Hash::digest(name.as_bytes());
    ContentRef {
        uri: format!(
            "https://gateway.example.org/d/{}",
            sha256.as_str().get(..32).unwrap_or("0")
        ),
        sha256,
        media_type: "application/fhir+json".into(),
    }
}

impl EhrRegistry<'_> {
    /// The contract's address.
    pub fn addr(&self) -> Addr {
        self.suite.ehr_addr.clone()
    }

    /// Executes any message as `sender`.
    pub fn execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> StdResult<AppResponse> {
        let contract = self.suite.ehr_addr.clone();
        self.suite
            .app
            .execute_contract(sender.clone(), contract, msg, &[])
    }

    /// Runs any query.
    pub fn query<T: DeserializeOwned>(&self, msg: &QueryMsg) -> StdResult<T> {
        self.suite
            .app
            .wrap()
            .query_wasm_smart(&self.suite.ehr_addr, msg)
    }

    /// Registers `address` as a party with a license valid for a year, as the credentialing authority.
    pub fn register_party(&mut self, address: &Addr, role: PartyRole) -> StdResult<AppResponse> {
        let authority = self.suite.actors.credentialing.clone();
        let license_expiry = self.suite.now().plus_days(365);
        self.execute(
            &authority,
            &ExecuteMsg::RegisterParty {
                address: address.to_string(),
                identifier: format!(
                    "NPI-{}",
                    Sha256Hash::digest(address.as_bytes())
                        .as_str()
                        .get(..10)
                        .unwrap_or("0")
                ),
                role,
                license_expiry,
            },
        )
    }

    /// Registers `patient` (self-registration).
    pub fn register_patient(&mut self, patient: &Addr) -> StdResult<AppResponse> {
        self.execute(patient, &ExecuteMsg::RegisterPatient {})
    }

    /// Adds a record to `patient`'s chart as `author`; returns the record id.
    pub fn add_record(
        &mut self,
        author: &Addr,
        patient: &Addr,
        name: &str,
        resource_type: FhirResourceType,
        labels: &[SecurityLabel],
    ) -> StdResult<u64> {
        let resp = self.execute(
            author,
            &ExecuteMsg::AddRecord {
                patient: patient.to_string(),
                content: fhir_doc(name),
                resource_type,
                labels: labels.to_vec(),
                data_period: None,
            },
        )?;
        attr_u64(&resp, "record_id")
    }

    /// Grants `grantee` the `provision` on `patient`'s records until `expires_at`; returns the grant id.
    pub fn grant_access(
        &mut self,
        sender: &Addr,
        patient: &Addr,
        grantee: &Addr,
        provision: Provision,
        expires_at: Option<Timestamp>,
    ) -> StdResult<u64> {
        let resp = self.execute(
            sender,
            &ExecuteMsg::GrantAccess {
                patient: patient.to_string(),
                grantee: GranteeMsg::Address {
                    address: grantee.to_string(),
                },
                provision,
                starts_at: None,
                expires_at,
                policy_hash: None,
                verification: None,
            },
        )?;
        attr_u64(&resp, "grant_id")
    }

    /// Revokes a grant as `sender` (the patient or a delegate).
    pub fn revoke_access(&mut self, sender: &Addr, grant_id: u64) -> StdResult<AppResponse> {
        self.execute(
            sender,
            &ExecuteMsg::RevokeAccess {
                grant_id,
                reason: RevocationReason::PatientWithdrew,
            },
        )
    }

    /// Opens a break-glass session as `clinician`; returns the session id.
    pub fn emergency_access(
        &mut self,
        clinician: &Addr,
        patient: &Addr,
        duration_secs: u64,
    ) -> StdResult<u64> {
        let resp = self.execute(
            clinician,
            &ExecuteMsg::EmergencyAccess {
                patient: patient.to_string(),
                reason: EmergencyReason::PatientUnableToConsent,
                justification_hash: Sha256Hash::digest(b"triage note"),
                duration_secs,
            },
        )?;
        attr_u64(&resp, "session_id")
    }

    /// Closes a break-glass review as `officer`.
    pub fn close_review(&mut self, officer: &Addr, review_id: u64) -> StdResult<AppResponse> {
        self.execute(
            officer,
            &ExecuteMsg::CloseReview {
                review_id,
                outcome: ReviewOutcome::Justified,
                finding_hash: None,
            },
        )
    }

    /// Records an actual read of a record (a disclosure) by `actor`, sent by `actor`.
    pub fn record_access(
        &mut self,
        actor: &Addr,
        patient: &Addr,
        record_id: u64,
        purpose: PurposeOfUse,
    ) -> StdResult<AppResponse> {
        self.execute(
            actor,
            &ExecuteMsg::RecordAccess {
                patient: patient.to_string(),
                record_id,
                actor: actor.to_string(),
                action: AccessAction::Read,
                purpose,
                accounting_suspended_until: None,
                via_team: None,
            },
        )
    }

    /// Asks whether `actor` may read `record_id` of `patient` for `purpose`.
    pub fn check_read(
        &self,
        patient: &Addr,
        actor: &Addr,
        purpose: PurposeOfUse,
        record_id: u64,
    ) -> StdResult<AccessDecision> {
        self.query(&QueryMsg::CheckAccess(AccessRequest {
            patient: patient.to_string(),
            actor: actor.to_string(),
            action: AccessAction::Read,
            purpose,
            resource_type: None,
            record_id: Some(record_id),
            via_team: None,
        }))
    }

    /// One record.
    pub fn record(&self, record_id: u64) -> StdResult<RecordInfo> {
        self.query(&QueryMsg::Record { record_id })
    }

    /// The patient's accounting of disclosures over `[from, to]` (first page of 30).
    pub fn accounting(
        &self,
        patient: &Addr,
        from: Timestamp,
        to: Timestamp,
    ) -> StdResult<AccountingResponse> {
        self.query(&QueryMsg::Accounting {
            patient: patient.to_string(),
            from,
            to,
            start_after: None,
            limit: Some(30),
            accountable_only: None,
        })
    }

    /// Break-glass reviews past their due time and still open (first page).
    pub fn overdue_reviews(&self) -> StdResult<ReviewsResponse> {
        self.query(&QueryMsg::OverdueReviews {
            start_after: None,
            limit: None,
        })
    }
    /// Asks whether `actor` may do `action` on `record_id` of `patient` for `purpose`.
    pub fn check(
        &self,
        patient: &Addr,
        actor: &Addr,
        action: AccessAction,
        purpose: PurposeOfUse,
        record_id: u64,
    ) -> StdResult<AccessDecision> {
        self.query(&QueryMsg::CheckAccess(AccessRequest {
            patient: patient.to_string(),
            actor: actor.to_string(),
            action,
            purpose,
            resource_type: None,
            record_id: Some(record_id),
            via_team: None,
        }))
    }

    /// Records a disclosure of `record_id` to `actor` for `action` and `purpose`, sent by `actor`.
    pub fn record_action(
        &mut self,
        actor: &Addr,
        patient: &Addr,
        record_id: u64,
        action: AccessAction,
        purpose: PurposeOfUse,
    ) -> StdResult<AppResponse> {
        self.execute(
            actor,
            &ExecuteMsg::RecordAccess {
                patient: patient.to_string(),
                record_id,
                actor: actor.to_string(),
                action,
                purpose,
                accounting_suspended_until: None,
                via_team: None,
            },
        )
    }

    /// Marks a grant entered in error as `sender` (the patient or a delegate).
    pub fn mark_grant_entered_in_error(
        &mut self,
        sender: &Addr,
        grant_id: u64,
    ) -> StdResult<AppResponse> {
        self.execute(sender, &ExecuteMsg::MarkGrantEnteredInError { grant_id })
    }

    /// Ends a break-glass session early, as the clinician who opened it.
    pub fn end_emergency_access(
        &mut self,
        clinician: &Addr,
        session_id: u64,
    ) -> StdResult<AppResponse> {
        self.execute(clinician, &ExecuteMsg::EndEmergencyAccess { session_id })
    }

    /// Replaces the break-glass policy, as the owner.
    pub fn set_emergency_policy(&mut self, policy: EmergencyPolicy) -> StdResult<AppResponse> {
        let owner = self.suite.actors.owner.clone();
        self.execute(
            &owner,
            &ExecuteMsg::UpdateConfig {
                credentialing_authority: None,
                emergency_policy: Some(policy),
                guardianship_end_age: None,
            },
        )
    }

    /// The registry's configuration (owner, credentialing authority, break-glass policy).
    pub fn config(&self) -> StdResult<EhrConfigResponse> {
        self.query(&QueryMsg::Config {})
    }

    /// One grant, with its state at this block.
    pub fn grant(&self, grant_id: u64) -> StdResult<GrantInfo> {
        self.query(&QueryMsg::Grant { grant_id })
    }

    /// One break-glass session, with whether it is open at this block.
    pub fn emergency_session(&self, session_id: u64) -> StdResult<EmergencySessionInfo> {
        self.query(&QueryMsg::EmergencySession { session_id })
    }

    /// One break-glass review.
    pub fn review(&self, review_id: u64) -> StdResult<ReviewInfo> {
        self.query(&QueryMsg::Review { review_id })
    }
}
