//! A whole trial in cw-multi-test, with a stand-in ehr-registry answering `check_access` through
//! the real wasm querier: registration, IRB approval, roles, consent proven through the
//! registry, enrollment, data anchoring and an inclusion proof, an outcome switch, SAP final,
//! lock, results, the outcome-switch report and the overdue list.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdError,
    StdResult, Timestamp,
};
use cw_health_types::ehr_registry::{
    AccessBasis, AccessDecision, ConsentState, DecisionReason, GrantInfo, Grantee, Provision,
    ProvisionType, QueryMsg as EhrQueryMsg,
};
use cw_health_types::merkle::{build_proof, compute_root};
use cw_health_types::trial_anchor::*;
use cw_health_types::{AccessAction, ContentRef, FhirResourceType, PurposeOfUse, Sha256Hash};
use cw_multi_test::{App, ContractWrapper, Executor};
use trial_anchor::contract::{execute, instantiate, migrate, query};

const DAY: u64 = 86_400;

fn h(s: &str) -> Sha256Hash {
    Sha256Hash::digest(s.as_bytes())
}

fn doc(name: &str) -> ContentRef {
    ContentRef {
        sha256: h(name),
        uri: format!("ipfs://bafy{name}"),
        media_type: "application/pdf".into(),
    }
}

fn spec(code: &str, kind: OutcomeKind, tf: &str) -> OutcomeSpec {
    OutcomeSpec {
        code: code.into(),
        kind,
        measure_hash: h(code),
        time_frame: tf.into(),
    }
}

// A stand-in ehr-registry: "patient" has granted HRESCH read access to "site" only.
fn ehr_instantiate(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
    Ok(Response::new())
}
fn ehr_execute(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
    Err(StdError::msg("no executes"))
}
fn ehr_query(_: Deps, _: Env, msg: EhrQueryMsg) -> StdResult<Binary> {
    match msg {
        EhrQueryMsg::CheckAccess(req) => {
            let patient = MockApi::default().addr_make("patient");
            let site = MockApi::default().addr_make("site");
            let allowed = req.patient == patient.as_str()
                && req.actor == site.as_str()
                && req.purpose == PurposeOfUse::Research;
            to_json_binary(&AccessDecision {
                allowed,
                basis: allowed.then_some(AccessBasis::Grant { grant_id: 1 }),
                reason: if allowed {
                    DecisionReason::PermittedByGrant
                } else {
                    DecisionReason::NoMatchingGrant
                },
                redisclosure_notice_required: false,
            })
        }
        EhrQueryMsg::Grant { grant_id } => {
            // Grant 1: the patient's research grant to the site. Grant 2: someone else's
            // research grant to another site.
            let api = MockApi::default();
            let (patient, grantee) = match grant_id {
                1 => (api.addr_make("patient"), api.addr_make("site")),
                2 => (api.addr_make("someone-else"), api.addr_make("other-site")),
                _ => return Err(StdError::msg("grant not found")),
            };
            to_json_binary(&GrantInfo {
                id: grant_id,
                patient: patient.clone(),
                grantee: Grantee::Address { address: grantee },
                provision: Provision {
                    provision_type: ProvisionType::Permit,
                    actions: vec![AccessAction::Read],
                    purposes: vec![PurposeOfUse::Research],
                    resource_types: vec![],
                    labels: vec![],
                    record_ids: vec![],
                    provisions: vec![],
                    data_period: None,
                },
                starts_at: Timestamp::from_seconds(0),
                expires_at: None,
                policy_hash: None,
                proposed_by: None,
                verification: None,
                granted_by: patient,
                granted_at: Timestamp::from_seconds(0),
                revocation: None,
                entered_in_error: false,
                state: ConsentState::Active,
                inactive_reason: None,
            })
        }
        _ => Err(StdError::msg("unsupported")),
    }
}

struct World {
    app: App,
    trial: Addr,
    sponsor: Addr,
    irb: Addr,
    site: Addr,
    patient: Addr,
    registry: Addr,
}

fn world() -> World {
    let mut app = App::default();
    let owner = app.api().addr_make("owner");
    let sponsor = app.api().addr_make("sponsor");
    let irb = app.api().addr_make("irb");
    let site = app.api().addr_make("site");
    let patient = app.api().addr_make("patient");
    let code = app.store_code(Box::new(
        ContractWrapper::new(execute, instantiate, query).with_migrate(migrate),
    ));
    let ehr_code = app.store_code(Box::new(ContractWrapper::new(
        ehr_execute,
        ehr_instantiate,
        ehr_query,
    )));
    let registry = app
        .instantiate_contract(ehr_code, owner.clone(), &Empty {}, &[], "ehr", None)
        .unwrap();
    let trial = app
        .instantiate_contract(
            code,
            owner.clone(),
            &InstantiateMsg {
                owner: None,
                ehr_registry: Some(registry.to_string()),
            },
            &[],
            "trial-anchor",
            Some(owner.to_string()),
        )
        .unwrap();
    // The owner accredits the IRB as an ethics committee.
    app.execute_contract(
        owner.clone(),
        trial.clone(),
        &ExecuteMsg::UpdateAddressSet {
            set: AddressSet::EthicsCommittees,
            add: vec![irb.to_string()],
            remove: vec![],
        },
        &[],
    )
    .unwrap();
    World {
        app,
        trial,
        sponsor,
        irb,
        site,
        patient,
        registry,
    }
}

impl World {
    fn exec(&mut self, sender: &Addr, msg: &ExecuteMsg) -> Result<(), String> {
        self.app
            .execute_contract(sender.clone(), self.trial.clone(), msg, &[])
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
    fn q<T: cosmwasm_schema::serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.app.wrap().query_wasm_smart(&self.trial, msg).unwrap()
    }
    fn advance(&mut self, secs: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(secs);
            b.height += 1;
        });
    }
}

#[test]
fn a_trial_from_registration_to_the_outcome_switch_report() {
    let mut w = world();
    let (sponsor, irb, site, _patient) = (
        w.sponsor.clone(),
        w.irb.clone(),
        w.site.clone(),
        w.patient.clone(),
    );
    let now = w.app.block_info().time;
    w.exec(
        &sponsor,
        &ExecuteMsg::RegisterTrial(Box::new(RegisterTrialMsg {
            registry_id: None,
            responsible_party: None,
            ethics_committee: irb.to_string(),
            planned_start: now.plus_seconds(DAY),
            primary_completion: now.plus_seconds(200 * DAY),
            randomized: false,
            protocol: doc("protocol"),
            consent_form: doc("icf"),
            statistical_analysis_plan: Some(doc("sap")),
            outcomes: vec![
                spec("P1", OutcomeKind::Primary, "P12W"),
                spec("S1", OutcomeKind::Secondary, "P24W"),
            ],
            ehr_consent: Some(EhrConsentLinkMsg {
                registry: Some(w.registry.to_string()),
                resource_type: FhirResourceType::Observation,
                required: true,
            }),
        })),
    )
    .unwrap();
    let t = 1;
    for kind in [DocumentKind::Protocol, DocumentKind::ConsentForm] {
        w.exec(
            &irb,
            &ExecuteMsg::ApproveDocument {
                trial_id: t,
                document_kind: kind,
                version: 1,
                approval_hash: h("irb-letter"),
            },
        )
        .unwrap();
    }
    w.exec(
        &sponsor,
        &ExecuteMsg::GrantRole {
            trial_id: t,
            address: site.to_string(),
            role: TrialRole::SiteInvestigator {
                site_code: "S01".into(),
            },
            reason: None,
        },
    )
    .unwrap();
    w.exec(
        &sponsor,
        &ExecuteMsg::UpdateStatus {
            trial_id: t,
            status: TrialStatus::Recruiting,
            why_stopped: None,
            document_hash: None,
        },
    )
    .unwrap();

    // Consent proven through the registry (a cross-contract query), then enrollment.
    let alice = h("pseudonym-alice");
    let consent = |grant_id: u64| ExecuteMsg::RecordConsent {
        trial_id: t,
        participant: alice.clone(),
        signed_form_hash: Some(h("signed")),
        ehr_grant_id: Some(grant_id),
    };
    let enroll = ExecuteMsg::Enroll {
        trial_id: t,
        participant: alice.clone(),
        allocation_slot: None,
    };
    let err = w.exec(&site, &enroll).unwrap_err();
    assert!(
        err.ends_with(
            "participant has not consented to the current protocol version 1 and consent form version 1"
        ),
        "{err}"
    );
    let err = w.exec(&site, &consent(2)).unwrap_err();
    assert!(
        err.ends_with("ehr-registry grant 2 does not prove consent: grantee_not_site_or_sponsor"),
        "{err}"
    );
    w.exec(&site, &consent(1)).unwrap();
    w.exec(&site, &enroll).unwrap();
    let started = w.app.block_info().time;

    // A data batch and an inclusion proof.
    w.advance(30 * DAY);
    let records: Vec<[u8; 32]> = (0..7)
        .map(|i| h(&format!("crf-{i}")).to_bytes_checked("r").unwrap())
        .collect();
    let refs: Vec<&[u8]> = records.iter().map(|r| r.as_slice()).collect();
    let root = Sha256Hash::from_bytes(compute_root(&refs).unwrap());
    let period_end = w.app.block_info().time;
    w.exec(
        &site,
        &ExecuteMsg::AnchorBatch(Box::new(AnchorBatchMsg {
            trial_id: t,
            merkle_root: root,
            leaf_count: 7,
            period_start: started,
            period_end,
            schema_hash: h("crf-schema"),
            correction: None,
        })),
    )
    .unwrap();
    let proof: VerifyInclusionResponse = w.q(&QueryMsg::VerifyInclusion {
        trial_id: t,
        target: InclusionTarget::Batch { batch_id: 1 },
        record_hash: Sha256Hash::from_bytes(records[5]),
        proof: build_proof(&refs, 5).unwrap(),
    });
    assert!(proof.included);

    // Registration is late: 21 days after the first enrollment, nothing recorded.
    let overdue: OverdueDeadlinesResponse = w.q(&QueryMsg::Overdue {
        start_after: None,
        limit: None,
    });
    assert_eq!(overdue.items.len(), 1);
    assert_eq!(overdue.items[0].kind, DeadlineKind::Registration {});
    w.exec(
        &sponsor,
        &ExecuteMsg::RecordRegistration {
            trial_id: t,
            registry_id: "NCT05550001".into(),
        },
    )
    .unwrap();

    // An outcome switch after the start.
    w.exec(
        &sponsor,
        &ExecuteMsg::AmendProtocol(Box::new(AmendMsg {
            trial_id: t,
            document_kind: DocumentKind::Protocol,
            content: doc("protocol-v2"),
            reason: AmendmentReason::Feasibility,
            reason_hash: None,
            outcome_changes: vec![OutcomeChange::Replace {
                outcome_key: 1,
                spec: spec("P1", OutcomeKind::Primary, "P8W"),
            }],
            made_while_blinded: true,
            requires_reconsent: false,
        })),
    )
    .unwrap();

    // Results before the lock are refused; SAP final, lock, results.
    let results = ExecuteMsg::PostResults {
        trial_id: t,
        document: doc("results"),
        entries: vec![
            ResultEntry {
                outcome: ResultOutcome::Registered { outcome_key: 3 },
                result_hash: h("p1-8w"),
                change_reason: None,
            },
            ResultEntry {
                outcome: ResultOutcome::Registered { outcome_key: 2 },
                result_hash: h("s1"),
                change_reason: None,
            },
        ],
    };
    let err = w.exec(&sponsor, &results).unwrap_err();
    assert!(err.ends_with("results need the database lock"), "{err}");
    let lock = ExecuteMsg::LockDatabase {
        trial_id: t,
        final_root: h("final"),
        leaf_count: 7,
    };
    let err = w.exec(&sponsor, &lock).unwrap_err();
    assert!(
        err.ends_with("the statistical analysis plan must be final before the database lock"),
        "{err}"
    );
    w.exec(&sponsor, &ExecuteMsg::FinalizeSap(TrialRef { trial_id: t }))
        .unwrap();
    let err = w.exec(&sponsor, &lock).unwrap_err();
    assert!(
        err.ends_with(
            "the database cannot be locked while the trial is enrolling (status Recruiting)"
        ),
        "{err}"
    );
    w.exec(
        &sponsor,
        &ExecuteMsg::UpdateStatus {
            trial_id: t,
            status: TrialStatus::ActiveNotRecruiting,
            why_stopped: None,
            document_hash: None,
        },
    )
    .unwrap();
    w.exec(&sponsor, &lock).unwrap();
    w.exec(&sponsor, &results).unwrap();

    let report: OutcomeReportResponse = w.q(&QueryMsg::OutcomeReport(TrialPage {
        trial_id: t,
        start_after: None,
        limit: None,
    }));
    let rows: Vec<(OutcomeCategory, String)> = report
        .entries
        .iter()
        .map(|e| (e.category, e.code.clone()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (OutcomeCategory::PreSpecifiedMissing, "P1".to_string()),
            (OutcomeCategory::PreSpecifiedReported, "S1".to_string()),
            (OutcomeCategory::NewDeclared, "P1".to_string()),
        ]
    );
    assert_eq!(report.pre_specified_before, started);
    // The typed handle other contracts and clients use.
    let handle = TrialAnchorContract(w.trial.clone());
    let via_handle = handle
        .outcome_report(&w.app.wrap(), t, Some(0), None)
        .unwrap();
    assert_eq!(via_handle.entries.len(), 2);
    assert_eq!(handle.config(&w.app.wrap()).unwrap().trial_count, 1);
    assert!(handle
        .overdue(&w.app.wrap(), None)
        .unwrap()
        .items
        .is_empty());
    let trial = handle.trial(&w.app.wrap(), t).unwrap();
    assert_eq!(trial.registry_id.as_deref(), Some("NCT05550001"));
    assert!(trial.results_posted_at.is_some());
    let overdue: OverdueDeadlinesResponse = w.q(&QueryMsg::Overdue {
        start_after: None,
        limit: None,
    });
    assert!(overdue.items.is_empty());
}
