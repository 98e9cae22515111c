//! A small harness over `mock_dependencies`: named actors, a clock, typed execute and query.

use cosmwasm_schema::serde::de::DeserializeOwned;
use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{from_json, Addr, Env, OwnedDeps, Response, Timestamp};
use cw_health_types::trial_anchor::*;
use cw_health_types::{ContentRef, Sha256Hash};

use crate::contract::{execute, instantiate, query};
use crate::error::ContractError;

pub const DAY: u64 = 86_400;

/// A participant pseudonym.
pub fn ph(name: &str) -> Sha256Hash {
    Sha256Hash::digest(format!("participant:{name}").as_bytes())
}

/// A hash of anything.
pub fn h(name: &str) -> Sha256Hash {
    Sha256Hash::digest(name.as_bytes())
}

/// A document pointer.
/// A safety amendment of one document of `trial_id` (made while blinded, no reason hash).
pub fn safety_amendment(
    trial_id: u64,
    kind: DocumentKind,
    name: &str,
    requires_reconsent: bool,
) -> ExecuteMsg {
    ExecuteMsg::AmendProtocol(Box::new(AmendMsg {
        trial_id,
        document_kind: kind,
        content: doc(name),
        reason: AmendmentReason::Safety,
        reason_hash: None,
        outcome_changes: vec![],
        made_while_blinded: true,
        requires_reconsent,
    }))
}

pub fn doc(name: &str) -> ContentRef {
    ContentRef {
        sha256: h(name),
        uri: format!("https://docs.example.org/{name}"),
        media_type: "application/pdf".into(),
    }
}

/// An outcome spec.
pub fn spec(code: &str, kind: OutcomeKind, time_frame: &str) -> OutcomeSpec {
    OutcomeSpec {
        code: code.into(),
        kind,
        measure_hash: h(&format!("measure:{code}:{time_frame}")),
        time_frame: time_frame.into(),
    }
}

pub struct Suite {
    pub deps: OwnedDeps<MockStorage, MockApi, MockQuerier>,
    pub env: Env,
    pub owner: Addr,
    pub sponsor: Addr,
    pub irb: Addr,
    pub site_a: Addr,
    pub site_b: Addr,
    pub dmc: Addr,
    pub auditor: Addr,
    pub regulator: Addr,
    pub stranger: Addr,
}

impl Suite {
    pub fn new() -> Self {
        let mut deps = mock_dependencies();
        let api = deps.api;
        let env = mock_env();
        let owner = api.addr_make("owner");
        instantiate(
            deps.as_mut(),
            env.clone(),
            message_info(&owner, &[]),
            InstantiateMsg {
                owner: None,
                ehr_registry: None,
            },
        )
        .unwrap();
        let mut s = Suite {
            deps,
            env,
            owner: owner.clone(),
            sponsor: api.addr_make("sponsor"),
            irb: api.addr_make("irb"),
            site_a: api.addr_make("site_a"),
            site_b: api.addr_make("site_b"),
            dmc: api.addr_make("dmc"),
            auditor: api.addr_make("auditor"),
            regulator: api.addr_make("regulator"),
            stranger: api.addr_make("stranger"),
        };
        let regulator = s.regulator.to_string();
        s.exec(
            &owner,
            ExecuteMsg::UpdateAddressSet {
                set: AddressSet::Regulators,
                add: vec![regulator],
                remove: vec![],
            },
        )
        .unwrap();
        // The IRB is an accredited ethics committee.
        let irb = s.irb.to_string();
        s.exec(
            &owner,
            ExecuteMsg::UpdateAddressSet {
                set: AddressSet::EthicsCommittees,
                add: vec![irb],
                remove: vec![],
            },
        )
        .unwrap();
        s
    }

    pub fn now(&self) -> Timestamp {
        self.env.block.time
    }

    pub fn advance(&mut self, secs: u64) {
        self.env.block.time = self.env.block.time.plus_seconds(secs);
        self.env.block.height += 1;
    }

    pub fn exec(&mut self, sender: &Addr, msg: ExecuteMsg) -> Result<Response, ContractError> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &[]),
            msg,
        )
    }

    pub fn q<T: DeserializeOwned>(&self, msg: QueryMsg) -> T {
        from_json(query(self.deps.as_ref(), self.env.clone(), msg).unwrap()).unwrap()
    }

    pub fn q_err(&self, msg: QueryMsg) -> ContractError {
        query(self.deps.as_ref(), self.env.clone(), msg).unwrap_err()
    }

    pub fn trial(&self, trial_id: u64) -> Trial {
        self.q(QueryMsg::Trial(TrialRef { trial_id }))
    }

    pub fn participant(&self, trial_id: u64, name: &str) -> ParticipantResponse {
        self.q::<Option<ParticipantResponse>>(QueryMsg::Participant {
            trial_id,
            participant: ph(name),
        })
        .unwrap()
    }

    /// The default registration: P1 primary, S1 and S2 secondary, no registry id yet.
    pub fn register_msg(&self) -> RegisterTrialMsg {
        RegisterTrialMsg {
            registry_id: None,
            responsible_party: None,
            ethics_committee: self.irb.to_string(),
            planned_start: self.now().plus_seconds(10 * DAY),
            primary_completion: self.now().plus_seconds(400 * DAY),
            randomized: false,
            protocol: doc("protocol-v1"),
            consent_form: doc("icf-v1"),
            statistical_analysis_plan: Some(doc("sap-v1")),
            outcomes: vec![
                spec("P1", OutcomeKind::Primary, "P12W"),
                spec("S1", OutcomeKind::Secondary, "P24W"),
                spec("S2", OutcomeKind::Secondary, "P1Y"),
            ],
            ehr_consent: None,
        }
    }

    pub fn register(&mut self, msg: RegisterTrialMsg) -> u64 {
        let sponsor = self.sponsor.clone();
        let res = self
            .exec(&sponsor, ExecuteMsg::RegisterTrial(Box::new(msg)))
            .unwrap();
        attr(&res, "trial_id").parse().unwrap()
    }

    pub fn approve(&mut self, trial_id: u64, kind: DocumentKind, version: u32) {
        let irb = self.irb.clone();
        self.exec(
            &irb,
            ExecuteMsg::ApproveDocument {
                trial_id,
                document_kind: kind,
                version,
                approval_hash: h("approval"),
            },
        )
        .unwrap();
    }

    pub fn grant(&mut self, trial_id: u64, who: &Addr, role: TrialRole) {
        let sponsor = self.sponsor.clone();
        self.exec(
            &sponsor,
            ExecuteMsg::GrantRole {
                trial_id,
                address: who.to_string(),
                role,
                reason: None,
            },
        )
        .unwrap();
    }

    pub fn set_status(
        &mut self,
        trial_id: u64,
        status: TrialStatus,
    ) -> Result<Response, ContractError> {
        let sponsor = self.sponsor.clone();
        self.exec(
            &sponsor,
            ExecuteMsg::UpdateStatus {
                trial_id,
                status,
                why_stopped: None,
                document_hash: None,
            },
        )
    }

    /// Registers `msg`, approves protocol and consent form, appoints two sites, a DMC and an
    /// auditor, and opens recruitment.
    pub fn ready_with(&mut self, msg: RegisterTrialMsg) -> u64 {
        let t = self.register(msg);
        self.approve(t, DocumentKind::Protocol, 1);
        self.approve(t, DocumentKind::ConsentForm, 1);
        let (a, b, dmc, aud) = (
            self.site_a.clone(),
            self.site_b.clone(),
            self.dmc.clone(),
            self.auditor.clone(),
        );
        self.grant(
            t,
            &a,
            TrialRole::SiteInvestigator {
                site_code: "SITE-A".into(),
            },
        );
        self.grant(
            t,
            &b,
            TrialRole::SiteInvestigator {
                site_code: "SITE-B".into(),
            },
        );
        self.grant(t, &dmc, TrialRole::DataMonitoringCommittee {});
        self.grant(t, &aud, TrialRole::Auditor {});
        self.set_status(t, TrialStatus::Recruiting).unwrap();
        t
    }

    pub fn ready(&mut self) -> u64 {
        let msg = self.register_msg();
        self.ready_with(msg)
    }

    pub fn consent(
        &mut self,
        trial_id: u64,
        site: &Addr,
        name: &str,
    ) -> Result<Response, ContractError> {
        self.exec(
            site,
            ExecuteMsg::RecordConsent {
                trial_id,
                participant: ph(name),
                signed_form_hash: Some(h(&format!("signed:{name}"))),
                ehr_grant_id: None,
            },
        )
    }

    pub fn enroll(
        &mut self,
        trial_id: u64,
        site: &Addr,
        name: &str,
    ) -> Result<Response, ContractError> {
        self.exec(
            site,
            ExecuteMsg::Enroll {
                trial_id,
                participant: ph(name),
                allocation_slot: None,
            },
        )
    }

    /// Consents and enrolls at site A.
    pub fn consent_and_enroll(&mut self, trial_id: u64, name: &str) {
        let a = self.site_a.clone();
        self.consent(trial_id, &a, name).unwrap();
        self.enroll(trial_id, &a, name).unwrap();
    }

    /// The owner accredits `who` as an ethics committee.
    pub fn accredit(&mut self, who: &Addr) {
        let owner = self.owner.clone();
        self.exec(
            &owner,
            ExecuteMsg::UpdateAddressSet {
                set: AddressSet::EthicsCommittees,
                add: vec![who.to_string()],
                remove: vec![],
            },
        )
        .unwrap();
    }

    /// The sponsor amends one document for safety ([`safety_amendment`]).
    pub fn amend(&mut self, trial_id: u64, kind: DocumentKind, name: &str, reconsent: bool) {
        self.sponsor_exec(safety_amendment(trial_id, kind, name, reconsent))
            .unwrap();
    }

    pub fn sponsor_exec(&mut self, msg: ExecuteMsg) -> Result<Response, ContractError> {
        let sponsor = self.sponsor.clone();
        self.exec(&sponsor, msg)
    }

    /// The sponsor certifies a delay of results (an unapproved product).
    pub fn certify_delay(&mut self, trial_id: u64) {
        self.sponsor_exec(ExecuteMsg::CertifyDelay {
            trial_id,
            kind: DelayCertificationKind::UnapprovedProduct,
            document_hash: h("cert"),
        })
        .unwrap();
    }

    /// The regulator moves the results deadline `days` later; returns the new due time.
    pub fn extend_results(&mut self, trial_id: u64, days: u64) -> Timestamp {
        let due = self
            .trial(trial_id)
            .deadlines
            .results_due
            .unwrap()
            .plus_seconds(days * 24 * 3600);
        let regulator = self.regulator.clone();
        self.exec(
            &regulator,
            ExecuteMsg::GrantExtension {
                trial_id,
                new_due: due,
                decision_hash: h("good-cause"),
            },
        )
        .unwrap();
        due
    }

    /// The sponsor posts results for the registered outcome 1 (the trial locked first).
    pub fn post_outcome_1_results(&mut self, trial_id: u64) -> Result<Response, ContractError> {
        self.sponsor_exec(ExecuteMsg::PostResults {
            trial_id,
            document: doc("results"),
            entries: vec![ResultEntry {
                outcome: ResultOutcome::Registered { outcome_key: 1 },
                result_hash: h("r"),
                change_reason: None,
            }],
        })
    }

    /// Closes enrollment, finalizes the SAP and locks the database.
    pub fn lock(&mut self, trial_id: u64) {
        if self.trial(trial_id).status.is_enrolling() {
            self.set_status(trial_id, TrialStatus::ActiveNotRecruiting)
                .unwrap();
        }
        self.sponsor_exec(ExecuteMsg::FinalizeSap(TrialRef { trial_id }))
            .unwrap();
        self.sponsor_exec(ExecuteMsg::LockDatabase {
            trial_id,
            final_root: h("final-root"),
            leaf_count: 10,
        })
        .unwrap();
    }
}

/// The value of an attribute of a response.
pub fn attr(res: &Response, key: &str) -> String {
    res.attributes
        .iter()
        .find(|a| a.key == key)
        .unwrap_or_else(|| panic!("no attribute {key}"))
        .value
        .clone()
}
