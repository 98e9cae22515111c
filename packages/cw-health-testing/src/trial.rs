use cosmwasm_std::{Addr, StdResult, Timestamp};
use cw_health_types::merkle::{build_proof, compute_root};
use cw_health_types::trial_anchor::{
    AddressSet, AmendMsg, AmendmentsResponse, AnchorBatchMsg, Batch, ConsentsResponse,
    DocumentKind, EhrConsentLinkMsg, ExecuteMsg, InclusionTarget, OutcomeKind,
    OutcomeReportResponse, OutcomeSpec, OutcomesResponse, ParticipantResponse, QueryMsg,
    RegisterTrialMsg, ResultEntry, Results, RolesResponse, Trial, TrialConfigResponse, TrialPage,
    TrialRef, TrialRole, TrialStatus, VerifyInclusionResponse,
};
use cw_health_types::{ContentRef, FhirResourceType, MerkleProof, Sha256Hash};
use cw_multi_test::{AppResponse, Executor};
use serde::de::DeserializeOwned;

use crate::suite::{attr_u64, Suite};

/// The site code the suite's `site` actor investigates for (see [`TrialAnchor::recruiting_trial`]).
pub const SITE_CODE: &str = "SITE-001";

/// Typed helpers for the suite's trial-anchor (`suite.trial()`).
pub struct TrialAnchor<'a> {
    pub(crate) suite: &'a mut Suite,
}

/// A pointer to an off-chain trial document (protocol, consent form, SAP, results) named
/// `name`; its hash is of the name's bytes.
pub fn trial_doc(name: &str) -> ContentRef {
    ContentRef {
        sha256: Sha256Hash::digest(name.as_bytes()),
        uri: format!("https://trials.example.org/{name}"),
        media_type: "application/pdf".into(),
    }
}

/// An outcome `code` of `kind`, measured at 12 weeks (its measure hash is of the code's bytes).
pub fn outcome(code: &str, kind: OutcomeKind) -> OutcomeSpec {
    OutcomeSpec {
        code: code.into(),
        kind,
        measure_hash: Sha256Hash::digest(format!("measure of {code}").as_bytes()),
        time_frame: "P12W".into(),
    }
}

/// A participant's pseudonym, as sites derive it off chain: `sha256("trial-salt|" + name)`.
pub fn pseudonym(name: &str) -> Sha256Hash {
    Sha256Hash::digest(format!("trial-salt|{name}").as_bytes())
}

/// The leaf of one case-report record: the SHA-256 of its canonical bytes.
pub fn record_hash(record: &str) -> Sha256Hash {
    Sha256Hash::digest(record.as_bytes())
}

/// The 32 leaf bytes of each record hash (a malformed hash, which [`record_hash`] never makes,
/// becomes 32 zero bytes, so a proof over it fails instead of panicking).
fn leaf_bytes(records: &[Sha256Hash]) -> Vec<[u8; 32]> {
    records
        .iter()
        .map(|r| r.to_bytes_checked("record").unwrap_or_default())
        .collect()
}

/// The RFC 6962 root over record hashes (each leaf is the 32 bytes of one record's SHA-256),
/// as a batch or the database lock anchors it. `None` for no records.
pub fn records_root(records: &[Sha256Hash]) -> Option<Sha256Hash> {
    let leaves = leaf_bytes(records);
    let refs: Vec<&[u8]> = leaves.iter().map(|l| l.as_slice()).collect();
    compute_root(&refs).map(Sha256Hash::from_bytes)
}

/// The audit path of record `index` among `records` (see [`records_root`]).
pub fn records_proof(records: &[Sha256Hash], index: u64) -> Option<MerkleProof> {
    let leaves = leaf_bytes(records);
    let refs: Vec<&[u8]> = leaves.iter().map(|l| l.as_slice()).collect();
    build_proof(&refs, index)
}

/// A trial for the suite: registry id `NCT01234567`, planned to start at `start` and to complete
/// its primary outcome a year later, not randomized, protocol, consent form and SAP version 1,
/// outcomes `P1` (primary), `S1` and `S2` (secondary), reviewed by `irb`, no ehr-registry link.
pub fn standard_trial(start: Timestamp, irb: &Addr) -> RegisterTrialMsg {
    RegisterTrialMsg {
        registry_id: Some("NCT01234567".into()),
        responsible_party: None,
        ethics_committee: irb.to_string(),
        planned_start: start,
        primary_completion: start.plus_days(365),
        randomized: false,
        protocol: trial_doc("protocol-v1"),
        consent_form: trial_doc("consent-form-v1"),
        statistical_analysis_plan: Some(trial_doc("sap-v1")),
        outcomes: vec![
            outcome("P1", OutcomeKind::Primary),
            outcome("S1", OutcomeKind::Secondary),
            outcome("S2", OutcomeKind::Secondary),
        ],
        ehr_consent: None,
    }
}

/// An ehr-registry consent link naming `registry` (which must be the registry the contract owner
/// configured, the suite's `ehr_addr`): the site's research grant must cover Observations;
/// `required` makes the proof mandatory for every consent.
pub fn ehr_link(registry: &Addr, required: bool) -> EhrConsentLinkMsg {
    EhrConsentLinkMsg {
        registry: Some(registry.to_string()),
        resource_type: FhirResourceType::Observation,
        required,
    }
}

/// An amendment of `document_kind` to the new version `content`, for a safety reason, made while
/// blinded, without outcome changes.
pub fn amendment(
    trial_id: u64,
    document_kind: DocumentKind,
    content: ContentRef,
    requires_reconsent: bool,
) -> AmendMsg {
    AmendMsg {
        trial_id,
        document_kind,
        content,
        reason: cw_health_types::trial_anchor::AmendmentReason::Safety,
        reason_hash: None,
        outcome_changes: vec![],
        made_while_blinded: true,
        requires_reconsent,
    }
}

impl TrialAnchor<'_> {
    /// The contract's address.
    pub fn addr(&self) -> Addr {
        self.suite.trial_addr.clone()
    }

    /// Executes any message as `sender`.
    pub fn execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> StdResult<AppResponse> {
        let contract = self.suite.trial_addr.clone();
        self.suite
            .app
            .execute_contract(sender.clone(), contract, msg, &[])
    }

    /// Runs any query.
    pub fn query<T: DeserializeOwned>(&self, msg: &QueryMsg) -> StdResult<T> {
        self.suite
            .app
            .wrap()
            .query_wasm_smart(&self.suite.trial_addr, msg)
    }

    /// Makes `regulators` trial-anchor regulators, as the contract owner.
    pub fn add_regulators(&mut self, regulators: &[&Addr]) -> StdResult<AppResponse> {
        let owner = self.suite.actors.owner.clone();
        self.execute(
            &owner,
            &ExecuteMsg::UpdateAddressSet {
                set: AddressSet::Regulators,
                add: regulators.iter().map(|r| r.to_string()).collect(),
                remove: vec![],
            },
        )
    }

    /// Sets the trusted ehr-registry, as `sender` (only the contract owner may).
    pub fn set_ehr_registry(&mut self, sender: &Addr, registry: &Addr) -> StdResult<AppResponse> {
        self.execute(
            sender,
            &ExecuteMsg::SetEhrRegistry {
                address: registry.to_string(),
            },
        )
    }

    /// Replaces the trial's ethics committee with `to`, as `sender` (a regulator or the current
    /// committee); the decision's hash is derived from `to`.
    pub fn change_ethics_committee(
        &mut self,
        sender: &Addr,
        trial_id: u64,
        to: &Addr,
    ) -> StdResult<AppResponse> {
        self.execute(
            sender,
            &ExecuteMsg::ChangeEthicsCommittee {
                trial_id,
                ethics_committee: to.to_string(),
                decision_hash: Sha256Hash::digest(format!("ethics-committee:{to}").as_bytes()),
            },
        )
    }

    /// Registers a trial with `sponsor` as its sponsor; returns the trial id.
    pub fn register_trial(&mut self, sponsor: &Addr, msg: RegisterTrialMsg) -> StdResult<u64> {
        let resp = self.execute(sponsor, &ExecuteMsg::RegisterTrial(Box::new(msg)))?;
        attr_u64(&resp, "trial_id")
    }

    /// Gives `address` a `role` in the trial, as the sponsor.
    pub fn grant_role(
        &mut self,
        sponsor: &Addr,
        trial_id: u64,
        address: &Addr,
        role: TrialRole,
    ) -> StdResult<AppResponse> {
        self.execute(
            sponsor,
            &ExecuteMsg::GrantRole {
                trial_id,
                address: address.to_string(),
                role,
                reason: None,
            },
        )
    }

    /// Makes `site` a site investigator for `site_code`, as the sponsor.
    pub fn grant_site(
        &mut self,
        sponsor: &Addr,
        trial_id: u64,
        site: &Addr,
        site_code: &str,
    ) -> StdResult<AppResponse> {
        self.grant_role(
            sponsor,
            trial_id,
            site,
            TrialRole::SiteInvestigator {
                site_code: site_code.into(),
            },
        )
    }

    /// The ethics committee approves `version` of the protocol or consent form (the approval
    /// letter's hash is derived from the kind and version).
    pub fn approve(
        &mut self,
        irb: &Addr,
        trial_id: u64,
        document_kind: DocumentKind,
        version: u32,
    ) -> StdResult<AppResponse> {
        self.execute(
            irb,
            &ExecuteMsg::ApproveDocument {
                trial_id,
                document_kind,
                version,
                approval_hash: Sha256Hash::digest(
                    format!("approval {} v{version}", document_kind.as_str()).as_bytes(),
                ),
            },
        )
    }

    /// Changes the recruitment status, as the sponsor (no stop reason).
    pub fn set_status(
        &mut self,
        sponsor: &Addr,
        trial_id: u64,
        status: TrialStatus,
    ) -> StdResult<AppResponse> {
        self.execute(
            sponsor,
            &ExecuteMsg::UpdateStatus {
                trial_id,
                status,
                why_stopped: None,
                document_hash: None,
            },
        )
    }

    /// A recruiting trial of the suite's actors: `msg` registered by `sponsor`, the suite's
    /// `site` made site investigator for [`SITE_CODE`], protocol and consent form version 1
    /// approved by the suite's `irb` (who must be `msg.ethics_committee`), status Recruiting.
    /// Returns the trial id.
    pub fn recruiting_trial(&mut self, msg: RegisterTrialMsg) -> StdResult<u64> {
        let a = self.suite.actors.clone();
        let id = self.register_trial(&a.sponsor, msg)?;
        self.grant_site(&a.sponsor, id, &a.site, SITE_CODE)?;
        self.approve(&a.irb, id, DocumentKind::Protocol, 1)?;
        self.approve(&a.irb, id, DocumentKind::ConsentForm, 1)?;
        self.set_status(&a.sponsor, id, TrialStatus::Recruiting)?;
        Ok(id)
    }

    /// Records `participant`'s consent to the current versions, as `site`, with the hash of a
    /// signed form derived from the pseudonym; with `ehr_grant_id`, the consent is proven
    /// through the trial's ehr-registry link by that grant (the patient's own research grant to
    /// `site` or the sponsor). Returns the consent's sequence number.
    pub fn record_consent(
        &mut self,
        site: &Addr,
        trial_id: u64,
        participant: &Sha256Hash,
        ehr_grant_id: Option<u64>,
    ) -> StdResult<u64> {
        let resp = self.execute(
            site,
            &ExecuteMsg::RecordConsent {
                trial_id,
                participant: participant.clone(),
                signed_form_hash: Some(Sha256Hash::digest(
                    format!("signed form of {participant}").as_bytes(),
                )),
                ehr_grant_id,
            },
        )?;
        attr_u64(&resp, "consent_seq")
    }

    /// Enrolls a consented participant (not randomized), as `site`.
    pub fn enroll(
        &mut self,
        site: &Addr,
        trial_id: u64,
        participant: &Sha256Hash,
    ) -> StdResult<AppResponse> {
        self.execute(
            site,
            &ExecuteMsg::Enroll {
                trial_id,
                participant: participant.clone(),
                allocation_slot: None,
            },
        )
    }

    /// Records a visit `visit_code` of an enrolled participant, as `site`; returns the visit
    /// number.
    pub fn record_visit(
        &mut self,
        site: &Addr,
        trial_id: u64,
        participant: &Sha256Hash,
        visit_code: &str,
    ) -> StdResult<u64> {
        let resp = self.execute(
            site,
            &ExecuteMsg::RecordVisit {
                trial_id,
                participant: participant.clone(),
                visit_code: visit_code.into(),
            },
        )?;
        attr_u64(&resp, "visit_number")
    }

    /// Anchors a batch of `records` (their [`records_root`]) collected over `[period_start,
    /// period_end]`, as `site`; returns the batch id.
    pub fn anchor_records(
        &mut self,
        site: &Addr,
        trial_id: u64,
        records: &[Sha256Hash],
        period_start: Timestamp,
        period_end: Timestamp,
    ) -> StdResult<u64> {
        let merkle_root = records_root(records)
            .ok_or_else(|| cosmwasm_std::StdError::msg("a batch needs at least one record"))?;
        let resp = self.execute(
            site,
            &ExecuteMsg::AnchorBatch(Box::new(AnchorBatchMsg {
                trial_id,
                merkle_root,
                leaf_count: records.len() as u64,
                period_start,
                period_end,
                schema_hash: Sha256Hash::digest(b"CRF schema v1"),
                correction: None,
            })),
        )?;
        attr_u64(&resp, "batch_id")
    }

    /// Amends a document, as the sponsor; returns the amendment id.
    pub fn amend(&mut self, sponsor: &Addr, msg: AmendMsg) -> StdResult<u64> {
        let resp = self.execute(sponsor, &ExecuteMsg::AmendProtocol(Box::new(msg)))?;
        attr_u64(&resp, "amendment_id")
    }

    /// Marks the current statistical analysis plan final, as the sponsor.
    pub fn finalize_sap(&mut self, sponsor: &Addr, trial_id: u64) -> StdResult<AppResponse> {
        self.execute(sponsor, &ExecuteMsg::FinalizeSap(TrialRef { trial_id }))
    }

    /// Locks the database over `records` (their [`records_root`]), as the sponsor.
    pub fn lock_database(
        &mut self,
        sponsor: &Addr,
        trial_id: u64,
        records: &[Sha256Hash],
    ) -> StdResult<AppResponse> {
        let final_root = records_root(records)
            .ok_or_else(|| cosmwasm_std::StdError::msg("a lock needs at least one record"))?;
        self.execute(
            sponsor,
            &ExecuteMsg::LockDatabase {
                trial_id,
                final_root,
                leaf_count: records.len() as u64,
            },
        )
    }

    /// Posts results (document `trial_doc("results")`), as the sponsor or responsible party.
    pub fn post_results(
        &mut self,
        sender: &Addr,
        trial_id: u64,
        entries: Vec<ResultEntry>,
    ) -> StdResult<AppResponse> {
        self.execute(
            sender,
            &ExecuteMsg::PostResults {
                trial_id,
                document: trial_doc("results"),
                entries,
            },
        )
    }

    /// The contract's configuration (owner, trusted ehr-registry, trial count).
    pub fn config(&self) -> StdResult<TrialConfigResponse> {
        self.query(&QueryMsg::Config {})
    }

    /// One trial.
    pub fn trial(&self, trial_id: u64) -> StdResult<Trial> {
        self.query(&QueryMsg::Trial(TrialRef { trial_id }))
    }

    /// Role holders of a trial (first page of 30).
    pub fn roles(&self, trial_id: u64) -> StdResult<RolesResponse> {
        self.query(&QueryMsg::Roles {
            trial_id,
            start_after: None,
            limit: Some(30),
        })
    }

    /// One participant with its derived flags, if enrolled.
    pub fn participant(
        &self,
        trial_id: u64,
        participant: &Sha256Hash,
    ) -> StdResult<Option<ParticipantResponse>> {
        self.query(&QueryMsg::Participant {
            trial_id,
            participant: participant.clone(),
        })
    }

    /// A participant's consents, in order (first page of 30).
    pub fn consents(&self, trial_id: u64, participant: &Sha256Hash) -> StdResult<ConsentsResponse> {
        self.query(&QueryMsg::Consents {
            trial_id,
            participant: participant.clone(),
            start_after: None,
            limit: Some(30),
        })
    }

    /// One batch.
    pub fn batch(&self, trial_id: u64, batch_id: u64) -> StdResult<Batch> {
        self.query(&QueryMsg::Batch { trial_id, batch_id })
    }

    /// Outcome revisions with their supersession (first page of 30).
    pub fn outcomes(&self, trial_id: u64) -> StdResult<OutcomesResponse> {
        self.query(&QueryMsg::Outcomes(TrialPage {
            trial_id,
            start_after: None,
            limit: Some(30),
        }))
    }

    /// Amendments (first page of 30).
    pub fn amendments(&self, trial_id: u64) -> StdResult<AmendmentsResponse> {
        self.query(&QueryMsg::Amendments(TrialPage {
            trial_id,
            start_after: None,
            limit: Some(30),
        }))
    }

    /// Proves `record` against a batch or the database lock.
    pub fn verify_inclusion(
        &self,
        trial_id: u64,
        target: InclusionTarget,
        record: &Sha256Hash,
        proof: MerkleProof,
    ) -> StdResult<VerifyInclusionResponse> {
        self.query(&QueryMsg::VerifyInclusion {
            trial_id,
            target,
            record_hash: record.clone(),
            proof,
        })
    }

    /// The posted results, if any.
    pub fn results(&self, trial_id: u64) -> StdResult<Option<Results>> {
        self.query(&QueryMsg::Results(TrialRef { trial_id }))
    }

    /// The whole outcome-switch report (one page of 30).
    pub fn outcome_report(&self, trial_id: u64) -> StdResult<OutcomeReportResponse> {
        self.query(&QueryMsg::OutcomeReport(TrialPage {
            trial_id,
            start_after: None,
            limit: Some(30),
        }))
    }
}
