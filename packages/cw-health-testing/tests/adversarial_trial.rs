//! Adversarial trial-anchor: every execute message sent by an actor who must not send it, every
//! message sent with funds, and every address field given a malformed or UPPER-CASE address.
//! Each is refused with the contract's own clear error, and the contract's whole storage is the
//! same before and after (`suite.snapshot`).
//!
//! The world every case runs in: a recruiting trial with an ehr-registry link (proof optional),
//! a separate responsible party, a site investigator (`SITE-001`) holding an enrolled
//! participant, a second site (`SITE-002`), a former site whose role was revoked, a DMC, an
//! auditor, the IRB, a regulator and a former regulator, a pending ownership transfer, one
//! anchored batch and one serious adverse event awaiting its safety report.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;

use cosmwasm_std::{coins, Addr};
use cw_health_testing::ehr::permit;
use cw_health_testing::trial::{
    amendment, ehr_link, pseudonym, record_hash, records_root, standard_trial, trial_doc, SITE_CODE,
};
use cw_health_testing::{root_error, Suite, SuiteBuilder, DENOM};
use cw_health_types::merkle::MerkleProof;
use cw_health_types::trial_anchor::{
    AddressSet, AdverseEventMsg, AnchorBatchMsg, Causality, DelayCertificationKind,
    DmcRecommendation, DocumentKind, ExecuteMsg, FindingSeverity, FreezeReason, OversightKind,
    RegisterTrialMsg, ResultEntry, ResultOutcome, Seriousness, TrialRef, TrialRole, TrialStatus,
    UnblindingKind, UnblindingReason, UnblindingScope, WithdrawalReason,
};
use cw_health_types::{AccessAction, OwnershipAction, PurposeOfUse, Sha256Hash};
use cw_multi_test::{Executor, IntoAddr, IntoBech32};
use trial_anchor::ContractError;

/// The second site's code.
const SITE_B: &str = "SITE-002";

/// The suite, the trial and the extra actors of the adversarial world.
struct World {
    suite: Suite,
    /// The trial id.
    t: u64,
    /// The responsible party (not the sponsor).
    responsible: Addr,
    /// The data monitoring committee.
    dmc: Addr,
    /// An auditor.
    auditor: Addr,
    /// A site investigator of another site.
    site_b: Addr,
    /// A site investigator whose role was revoked.
    former_site: Addr,
    /// A regulator who was removed.
    former_regulator: Addr,
    /// The proposed next owner of the contract.
    next_owner: Addr,
    /// An accredited ethics committee of no trial (a successor for the IRB).
    next_irb: Addr,
}

/// Builds the world (see the file's doc comment).
fn world() -> World {
    let responsible = "responsible_party".into_addr();
    let dmc = "dmc".into_addr();
    let auditor = "auditor".into_addr();
    let site_b = "site_b".into_addr();
    let former_site = "former_site".into_addr();
    let former_regulator = "former_regulator".into_addr();
    let next_owner = "next_owner".into_addr();
    let next_irb = "next_irb".into_addr();
    let base = cw_health_testing::Actors::new();
    let mut builder = SuiteBuilder::new();
    for who in [
        &base.owner,
        &base.sponsor,
        &base.site,
        &base.irb,
        &base.regulator,
        &base.stranger,
        &responsible,
        &dmc,
        &auditor,
        &site_b,
        &former_site,
        &former_regulator,
        &next_owner,
    ] {
        builder = builder.with_balance(who, 1_000);
    }
    let mut suite = builder.build();
    let a = suite.actors.clone();
    suite
        .trial()
        .execute(
            &a.owner,
            &ExecuteMsg::UpdateAddressSet {
                set: AddressSet::EthicsCommittees,
                add: vec![next_irb.to_string()],
                remove: vec![],
            },
        )
        .unwrap();

    // Contract administration: a regulator, a former regulator, a pending ownership transfer.
    suite
        .trial()
        .add_regulators(&[&a.regulator, &former_regulator])
        .unwrap();
    suite
        .trial()
        .execute(
            &a.owner,
            &ExecuteMsg::UpdateAddressSet {
                set: AddressSet::Regulators,
                add: vec![],
                remove: vec![former_regulator.to_string()],
            },
        )
        .unwrap();
    suite
        .trial()
        .execute(
            &a.owner,
            &ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
                new_owner: next_owner.to_string(),
                expiry: None,
            }),
        )
        .unwrap();

    // The patient's research grant to the site, and a recruiting trial linked to ehr-registry.
    let grant = suite
        .ehr()
        .grant_access(
            &a.patient,
            &a.patient,
            &a.site,
            permit(&[AccessAction::Read], &[PurposeOfUse::Research]),
            None,
        )
        .unwrap();
    let ehr = suite.ehr_addr.clone();
    let mut msg = standard_trial(suite.now(), &a.irb);
    msg.responsible_party = Some(responsible.to_string());
    msg.ehr_consent = Some(ehr_link(&ehr, false));
    let t = suite.trial().recruiting_trial(msg).unwrap();
    for (who, role) in [
        (&dmc, TrialRole::DataMonitoringCommittee {}),
        (&auditor, TrialRole::Auditor {}),
        (
            &site_b,
            TrialRole::SiteInvestigator {
                site_code: SITE_B.into(),
            },
        ),
        (
            &former_site,
            TrialRole::SiteInvestigator {
                site_code: "SITE-003".into(),
            },
        ),
    ] {
        suite.trial().grant_role(&a.sponsor, t, who, role).unwrap();
    }
    suite
        .trial()
        .execute(
            &a.sponsor,
            &ExecuteMsg::RevokeRole {
                trial_id: t,
                address: former_site.to_string(),
                reason: None,
            },
        )
        .unwrap();

    // Alice consents (proven through ehr-registry) and is enrolled at SITE-001.
    suite.advance_days(1);
    let alice = pseudonym("alice");
    suite
        .trial()
        .record_consent(&a.site, t, &alice, Some(grant))
        .unwrap();
    suite.trial().enroll(&a.site, t, &alice).unwrap();

    // A week later: one batch, one serious unexpected suspected adverse event (safety clock on).
    let enrolled_at = suite.now();
    suite.advance_days(7);
    let now = suite.now();
    suite
        .trial()
        .anchor_records(
            &a.site,
            t,
            &[record_hash("CRF|alice|W1|vitals")],
            enrolled_at,
            now,
        )
        .unwrap();
    let ae = adverse_event(t, &suite);
    suite.trial().execute(&a.site, &ae).unwrap();

    World {
        suite,
        t,
        responsible,
        dmc,
        auditor,
        site_b,
        former_site,
        former_regulator,
        next_owner,
        next_irb,
    }
}

/// A hospitalization of alice two days ago, unexpected and possibly related.
fn adverse_event(t: u64, suite: &Suite) -> ExecuteMsg {
    let now = suite.now();
    ExecuteMsg::ReportAdverseEvent(Box::new(AdverseEventMsg {
        trial_id: t,
        participant: pseudonym("alice"),
        event_code: "10019211".into(),
        seriousness: Seriousness::Hospitalization,
        expected: false,
        causality: Causality::Possible,
        onset: now.minus_days(2),
        aware_at: now.minus_days(1),
    }))
}

/// The message's variant name. The match has no wildcard: a new `ExecuteMsg` variant breaks the
/// build here until the adversarial cases cover it.
fn variant(msg: &ExecuteMsg) -> &'static str {
    match msg {
        ExecuteMsg::UpdateOwnership(_) => "update_ownership",
        ExecuteMsg::SetEhrRegistry { .. } => "set_ehr_registry",
        ExecuteMsg::UpdateAddressSet {
            set: AddressSet::Regulators,
            ..
        } => "update_regulators",
        ExecuteMsg::UpdateAddressSet {
            set: AddressSet::EthicsCommittees,
            ..
        } => "update_ethics_committees",
        ExecuteMsg::RegisterTrial(_) => "register_trial",
        ExecuteMsg::RecordRegistration { .. } => "record_registration",
        ExecuteMsg::UpdateStatus { .. } => "update_status",
        ExecuteMsg::RecordPrimaryCompletion { .. } => "record_primary_completion",
        ExecuteMsg::GrantRole { .. } => "grant_role",
        ExecuteMsg::RevokeRole { .. } => "revoke_role",
        ExecuteMsg::ChangeEthicsCommittee { .. } => "change_ethics_committee",
        ExecuteMsg::AmendProtocol(_) => "amend_protocol",
        ExecuteMsg::ApproveDocument { .. } => "approve_document",
        ExecuteMsg::CommitRandomization { .. } => "commit_randomization",
        ExecuteMsg::RecordConsent { .. } => "record_consent",
        ExecuteMsg::Enroll { .. } => "enroll",
        ExecuteMsg::RecordVisit { .. } => "record_visit",
        ExecuteMsg::Withdraw { .. } => "withdraw",
        ExecuteMsg::RevealAllocation { .. } => "reveal_allocation",
        ExecuteMsg::AnchorBatch(_) => "anchor_batch",
        ExecuteMsg::RecordUnblinding { .. } => "record_unblinding",
        ExecuteMsg::ReportAdverseEvent(_) => "report_adverse_event",
        ExecuteMsg::SubmitSafetyReport { .. } => "submit_safety_report",
        ExecuteMsg::FinalizeSap(_) => "finalize_sap",
        ExecuteMsg::LockDatabase { .. } => "lock_database",
        ExecuteMsg::PostResults { .. } => "post_results",
        ExecuteMsg::CertifyDelay { .. } => "certify_delay",
        ExecuteMsg::RecordDelayTrigger { .. } => "record_delay_trigger",
        ExecuteMsg::GrantExtension { .. } => "grant_extension",
        ExecuteMsg::RecordOversight { .. } => "record_oversight",
        ExecuteMsg::Freeze { .. } => "freeze",
        ExecuteMsg::Unfreeze { .. } => "unfreeze",
    }
}

/// Every variant name, in declaration order.
const ALL_VARIANTS: [&str; 32] = [
    "update_ownership",
    "set_ehr_registry",
    "update_regulators",
    "update_ethics_committees",
    "register_trial",
    "record_registration",
    "update_status",
    "record_primary_completion",
    "grant_role",
    "revoke_role",
    "change_ethics_committee",
    "amend_protocol",
    "approve_document",
    "commit_randomization",
    "record_consent",
    "enroll",
    "record_visit",
    "withdraw",
    "reveal_allocation",
    "anchor_batch",
    "record_unblinding",
    "report_adverse_event",
    "submit_safety_report",
    "finalize_sap",
    "lock_database",
    "post_results",
    "certify_delay",
    "record_delay_trigger",
    "grant_extension",
    "record_oversight",
    "freeze",
    "unfreeze",
];

/// One message: who may send it, and (unless anyone may) someone who must not, with the error
/// that refuses them; and what the rightful sender gets in the world (accepted, or refused for a
/// reason of state, never of authorization).
struct Case {
    msg: ExecuteMsg,
    rightful: Addr,
    wrong: Option<(Addr, String)>,
    control: Result<(), String>,
}

fn case(msg: ExecuteMsg, rightful: &Addr, wrong: &Addr, err: ContractError) -> Case {
    Case {
        msg,
        rightful: rightful.clone(),
        wrong: Some((wrong.clone(), err.to_string())),
        control: Ok(()),
    }
}

impl Case {
    /// The rightful sender is refused too in this world, for a reason of state.
    fn but_rightful_gets(mut self, err: ContractError) -> Self {
        self.control = Err(err.to_string());
        self
    }
}

fn only(role: &str, action: &str) -> ContractError {
    ContractError::unauthorized(role, action)
}

fn not_a_site(t: u64, who: &Addr) -> ContractError {
    ContractError::UnauthorizedSite {
        trial_id: t,
        address: who.to_string(),
    }
}

fn wrong_site() -> ContractError {
    ContractError::WrongSite {
        caller_site: SITE_B.into(),
        participant_site: SITE_CODE.into(),
    }
}

/// A fresh trial the sponsor could register (anyone may register a trial).
fn new_trial(w: &World) -> RegisterTrialMsg {
    let mut msg = standard_trial(w.suite.now(), &w.suite.actors.irb);
    msg.registry_id = Some("NCT07654321".into());
    msg
}

/// Every case of the world: at least one per execute message.
fn cases(w: &World) -> Vec<Case> {
    let a = &w.suite.actors;
    let t = w.t;
    let alice = pseudonym("alice");
    let now = w.suite.now();
    let hash = |s: &str| Sha256Hash::digest(s.as_bytes());
    let not_owner = || ContractError::Ownership(cw_health_types::OwnershipError::NotOwner);
    let trial: cw_health_types::trial_anchor::Trial = w
        .suite
        .app
        .wrap()
        .query_wasm_smart(
            &w.suite.trial_addr,
            &cw_health_types::trial_anchor::QueryMsg::Trial(TrialRef { trial_id: t }),
        )
        .unwrap();
    let results_due = trial.deadlines.results_due.unwrap();
    let unblind = |kind, scope, reason| ExecuteMsg::RecordUnblinding {
        trial_id: t,
        kind,
        scope,
        reason,
        document_hash: None,
    };
    let batch = ExecuteMsg::AnchorBatch(Box::new(AnchorBatchMsg {
        trial_id: t,
        merkle_root: records_root(&[record_hash("CRF|alice|W2|vitals")]).unwrap(),
        leaf_count: 1,
        period_start: now.minus_days(7),
        period_end: now,
        schema_hash: hash("CRF schema v1"),
        correction: None,
    }));
    vec![
        // Contract administration.
        case(
            ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
                new_owner: a.stranger.to_string(),
                expiry: None,
            }),
            &a.owner,
            &a.sponsor,
            not_owner(),
        ),
        case(
            ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership {}),
            &w.next_owner,
            &a.stranger,
            ContractError::Ownership(cw_health_types::OwnershipError::NotPendingOwner),
        ),
        case(
            ExecuteMsg::UpdateOwnership(OwnershipAction::CancelTransfer {}),
            &a.owner,
            &w.next_owner,
            not_owner(),
        ),
        case(
            ExecuteMsg::UpdateAddressSet {
set: AddressSet::Regulators,
                add: vec![a.stranger.to_string()],
                remove: vec![],
            },
            &a.owner,
            &a.regulator,
            not_owner(),
        ),
        // The owner or a regulator accredits ethics committees; a sponsor never does.
        case(
            ExecuteMsg::UpdateAddressSet {
set: AddressSet::EthicsCommittees,
                add: vec![a.stranger.to_string()],
                remove: vec![],
            },
            &a.regulator,
            &a.sponsor,
            only("the owner or a regulator", "accredit ethics committees"),
        ),
        // Only the owner chooses the ehr-registry consent is proven against.
        case(
            ExecuteMsg::SetEhrRegistry {
                address: w.suite.ehr_addr.to_string(),
            },
            &a.owner,
            &a.sponsor,
            not_owner(),
        ),
        // Anyone may register a trial: there is no sender who must not.
        Case {
            msg: ExecuteMsg::RegisterTrial(Box::new(new_trial(w))),
            rightful: a.sponsor.clone(),
            wrong: None,
            control: Ok(()),
        },
        // The sponsor's (and the responsible party's) trial management. The trial's registry id
        // is an unconfirmed claim: its party may correct it.
        case(
            ExecuteMsg::RecordRegistration {
                trial_id: t,
                registry_id: "NCT09999999".into(),
            },
            &w.responsible,
            &a.site,
            only(
                "the sponsor, the responsible party or a regulator",
                "record the registration",
            ),
        ),
        case(
            ExecuteMsg::UpdateStatus {
                trial_id: t,
                status: TrialStatus::ActiveNotRecruiting,
                why_stopped: None,
                document_hash: None,
            },
            &a.sponsor,
            &a.irb,
            only("the sponsor", "change the status"),
        ),
        case(
            ExecuteMsg::RecordPrimaryCompletion {
                trial_id: t,
                date: now,
            },
            &w.responsible,
            &a.site,
            only(
                "the sponsor or the responsible party",
                "record the primary completion",
            ),
        ),
        case(
            ExecuteMsg::GrantRole {
                trial_id: t,
                address: a.stranger.to_string(),
                role: TrialRole::SiteInvestigator {
                    site_code: "SITE-009".into(),
                },
                reason: None,
            },
            &a.sponsor,
            &a.site,
            only("the sponsor", "grant roles"),
        ),
        case(
            ExecuteMsg::RevokeRole {
                trial_id: t,
                address: w.site_b.to_string(),
                reason: None,
            },
            &a.sponsor,
            &a.irb,
            only("the sponsor", "revoke roles"),
        ),
        // The ethics committee is independent: a regulator or the committee itself changes it.
        case(
            ExecuteMsg::ChangeEthicsCommittee {
                trial_id: t,
                ethics_committee: w.next_irb.to_string(),
                decision_hash: hash("IRB replacement order"),
            },
            &a.regulator,
            &a.sponsor,
            only(
                "a regulator or the current ethics committee",
                "change the ethics committee",
            ),
        ),
        case(
            ExecuteMsg::ChangeEthicsCommittee {
                trial_id: t,
                ethics_committee: w.next_irb.to_string(),
                decision_hash: hash("IRB handover letter"),
            },
            &a.irb,
            &w.responsible,
            only(
                "a regulator or the current ethics committee",
                "change the ethics committee",
            ),
        ),
        case(
            ExecuteMsg::AmendProtocol(Box::new(amendment(
                t,
                DocumentKind::ConsentForm,
                trial_doc("consent-form-v2"),
                true,
            ))),
            &a.sponsor,
            &a.irb,
            only("the sponsor", "amend the protocol"),
        ),
        case(
            ExecuteMsg::ApproveDocument {
                trial_id: t,
                document_kind: DocumentKind::Protocol,
                version: 1,
                approval_hash: hash("approval"),
            },
            &a.irb,
            &a.sponsor,
            only("the ethics committee", "approve documents"),
        )
        .but_rightful_gets(ContractError::AlreadyApproved {
            kind: DocumentKind::Protocol,
            version: 1,
        }),
        case(
            ExecuteMsg::CommitRandomization {
                trial_id: t,
                root: hash("allocation list"),
                list_size: 10,
            },
            &a.sponsor,
            &w.dmc,
            only("the sponsor", "commit the randomization"),
        )
        .but_rightful_gets(ContractError::NotRandomized { trial_id: t }),
        // Participants: only a site investigator, of the participant's own site.
        case(
            ExecuteMsg::RecordConsent {
                trial_id: t,
                participant: pseudonym("bob"),
                signed_form_hash: Some(hash("bob's signed form")),
                ehr_grant_id: None,
            },
            &a.site,
            &a.sponsor,
            not_a_site(t, &a.sponsor),
        ),
        case(
            ExecuteMsg::Enroll {
                trial_id: t,
                participant: alice.clone(),
                allocation_slot: None,
            },
            &a.site,
            &w.former_site,
            not_a_site(t, &w.former_site),
        )
        .but_rightful_gets(ContractError::AlreadyEnrolled {}),
        case(
            ExecuteMsg::RecordVisit {
                trial_id: t,
                participant: alice.clone(),
                visit_code: "W2".into(),
            },
            &a.site,
            &w.site_b,
            wrong_site(),
        ),
        case(
            ExecuteMsg::Withdraw {
                trial_id: t,
                participant: alice.clone(),
                reason: WithdrawalReason::InvestigatorDecision,
            },
            &a.sponsor,
            &a.irb,
            not_a_site(t, &a.irb),
        ),
        case(
            ExecuteMsg::RevealAllocation {
                trial_id: t,
                participant: alice.clone(),
                arm: "A".into(),
                salt: hash("salt"),
                proof: MerkleProof {
                    leaf_index: 0,
                    leaf_count: 1,
                    siblings: vec![],
                },
            },
            &w.dmc,
            &a.site,
            only("the sponsor or the DMC", "reveal allocations"),
        )
        .but_rightful_gets(ContractError::NotRandomized { trial_id: t }),
        case(batch, &a.site, &a.sponsor, not_a_site(t, &a.sponsor)),
        // Unblinding: who may log which kind.
        case(
            unblind(
                UnblindingKind::Emergency,
                UnblindingScope::Participant {
                    participant: alice.clone(),
                },
                UnblindingReason::MedicalEmergency,
            ),
            &a.site,
            &a.irb,
            only(
                "the sponsor, the DMC or a site investigator",
                "record unblindings",
            ),
        ),
        case(
            unblind(
                UnblindingKind::Emergency,
                UnblindingScope::Participant {
                    participant: alice.clone(),
                },
                UnblindingReason::MedicalEmergency,
            ),
            &a.site,
            &w.site_b,
            wrong_site(),
        ),
        case(
            unblind(
                UnblindingKind::Planned,
                UnblindingScope::AggregateByArm {},
                UnblindingReason::InterimAnalysis,
            ),
            &w.dmc,
            &a.sponsor,
            ContractError::UnblindingNotAllowed {
                kind: "planned".into(),
            },
        ),
        // Safety.
        case(adverse_event(t, &w.suite), &a.site, &w.site_b, wrong_site()),
        case(
            adverse_event(t, &w.suite),
            &a.site,
            &a.sponsor,
            not_a_site(t, &a.sponsor),
        ),
        case(
            ExecuteMsg::SubmitSafetyReport {
                trial_id: t,
                adverse_event_id: 1,
                report_hash: hash("IND safety report"),
            },
            &a.sponsor,
            &a.site,
            only("the sponsor", "submit safety reports"),
        ),
        // Close-out.
        case(
            ExecuteMsg::FinalizeSap(TrialRef { trial_id: t }),
            &a.sponsor,
            &a.irb,
            only("the sponsor", "finalize the SAP"),
        ),
        case(
            ExecuteMsg::LockDatabase {
                trial_id: t,
                final_root: hash("final root"),
                leaf_count: 10,
            },
            &a.sponsor,
            &a.site,
            only("the sponsor", "lock the database"),
        )
        .but_rightful_gets(ContractError::SapNotFinal {}),
        case(
            ExecuteMsg::PostResults {
                trial_id: t,
                document: trial_doc("results"),
                entries: vec![ResultEntry {
                    outcome: ResultOutcome::Registered { outcome_key: 1 },
                    result_hash: hash("P1 table"),
                    change_reason: None,
                }],
            },
            &w.responsible,
            &a.stranger,
            only("the sponsor or the responsible party", "post results"),
        )
        .but_rightful_gets(ContractError::ResultsBeforeLock {}),
        // The results clock: the responsible party alone certifies, regulators extend.
        case(
            ExecuteMsg::CertifyDelay {
                trial_id: t,
                kind: DelayCertificationKind::UnapprovedProduct,
                document_hash: hash("certification"),
            },
            &w.responsible,
            &a.sponsor,
            only("the responsible party", "certify a delay"),
        ),
        case(
            ExecuteMsg::RecordDelayTrigger {
                trial_id: t,
                trigger_at: now,
            },
            &w.responsible,
            &a.sponsor,
            only("the responsible party", "record a delay trigger"),
        )
        .but_rightful_gets(ContractError::NotCertified {}),
        case(
            ExecuteMsg::GrantExtension {
                trial_id: t,
                new_due: results_due.plus_days(90),
                decision_hash: hash("extension decision"),
            },
            &a.regulator,
            &a.sponsor,
            only("a regulator", "grant extensions"),
        ),
        case(
            ExecuteMsg::GrantExtension {
                trial_id: t,
                new_due: results_due.plus_days(90),
                decision_hash: hash("extension decision"),
            },
            &a.regulator,
            &w.former_regulator,
            only("a regulator", "grant extensions"),
        ),
        // Oversight and regulator powers.
        case(
            ExecuteMsg::RecordOversight {
                trial_id: t,
                kind: OversightKind::DmcReview {
                    recommendation: DmcRecommendation::Continue,
                },
                report_hash: hash("DMC minutes"),
                unblinded_members: None,
            },
            &w.dmc,
            &w.auditor,
            only(
                "the DMC (reviews), an auditor or regulator (audit findings) or the CRO (monitoring findings)",
                "record oversight",
            ),
        ),
        case(
            ExecuteMsg::RecordOversight {
                trial_id: t,
                kind: OversightKind::AuditFinding {
                    severity: FindingSeverity::Major,
                },
                report_hash: hash("audit report"),
                unblinded_members: None,
            },
            &w.auditor,
            &a.sponsor,
            only(
                "the DMC (reviews), an auditor or regulator (audit findings) or the CRO (monitoring findings)",
                "record oversight",
            ),
        ),
        case(
            ExecuteMsg::Freeze {
                trial_id: t,
                reason: FreezeReason::ClinicalHold,
                order_hash: None,
            },
            &a.regulator,
            &a.sponsor,
            only("a regulator", "freeze a trial"),
        ),
        case(
            ExecuteMsg::Freeze {
                trial_id: t,
                reason: FreezeReason::ClinicalHold,
                order_hash: None,
            },
            &a.regulator,
            &w.former_regulator,
            only("a regulator", "freeze a trial"),
        ),
        case(
            ExecuteMsg::Unfreeze {
                trial_id: t,
                decision_hash: hash("lift"),
            },
            &a.regulator,
            &a.sponsor,
            only("a regulator", "unfreeze a trial"),
        )
        .but_rightful_gets(ContractError::NotFrozen { trial_id: t }),
    ]
}

/// Sends `msg` as `sender` with `funds`, expects the refusal `expected` and an unchanged store.
fn refused(suite: &mut Suite, sender: &Addr, msg: &ExecuteMsg, funds: u128, expected: &str) {
    let trial_addr = suite.trial_addr.clone();
    let before = suite.snapshot(&trial_addr);
    let funds = if funds == 0 {
        vec![]
    } else {
        coins(funds, DENOM)
    };
    let err = suite
        .app
        .execute_contract(sender.clone(), trial_addr.clone(), msg, &funds)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        expected,
        "{} sent by {sender}",
        variant(msg)
    );
    assert_eq!(
        suite.snapshot(&trial_addr),
        before,
        "{} changed state",
        variant(msg)
    );
}

/// Every execute message, sent by an actor who must not send it, is refused with its
/// authorization error and changes nothing; the same message from its rightful sender then gets
/// its expected answer (accepted, or refused only for a reason of the world's state).
#[test]
fn every_message_from_an_actor_who_must_not_send_it_is_refused_and_changes_nothing() {
    let count = cases(&world()).len();
    let mut covered = BTreeSet::new();
    let mut refused_cases = 0;
    for i in 0..count {
        let mut w = world();
        let Case {
            msg,
            rightful,
            wrong,
            control,
        } = cases(&w).remove(i);
        covered.insert(variant(&msg));
        let Some((wrong, expected)) = wrong else {
            continue;
        };
        refused(&mut w.suite, &wrong, &msg, 0, &expected);
        refused_cases += 1;
        let got = w
            .suite
            .trial()
            .execute(&rightful, &msg)
            .map(|_| ())
            .map_err(|e| root_error(&e));
        assert_eq!(got, control, "{} from its rightful sender", variant(&msg));
        assert_ne!(got, Err(expected));
    }
    assert_eq!(refused_cases, count - 1);
    // Every variant but register_trial (anyone may register) has a forbidden sender.
    assert_eq!(covered, ALL_VARIANTS.into_iter().collect());
}

/// Anyone may register a trial, but not name themselves its ethics committee.
#[test]
fn a_sponsor_cannot_be_its_own_ethics_committee() {
    let mut w = world();
    let sponsor = w.suite.actors.sponsor.clone();
    let mut msg = new_trial(&w);
    msg.ethics_committee = sponsor.to_string();
    refused(
        &mut w.suite,
        &sponsor,
        &ExecuteMsg::RegisterTrial(Box::new(msg)),
        0,
        &ContractError::SponsorRole {}.to_string(),
    );
}

/// The sponsor can neither grant nor revoke the ethics-committee role, nor replace the committee,
/// nor be made it by a regulator; a regulator's replacement then holds the role alone.
#[test]
fn the_sponsor_cannot_take_over_the_ethics_committee() {
    let mut w = world();
    let a = w.suite.actors.clone();
    let t = w.t;
    let reserved = ContractError::EthicsCommitteeReserved {}.to_string();
    refused(
        &mut w.suite,
        &a.sponsor,
        &ExecuteMsg::GrantRole {
            trial_id: t,
            address: a.stranger.to_string(),
            role: TrialRole::EthicsCommittee {},
            reason: None,
        },
        0,
        &reserved,
    );
    refused(
        &mut w.suite,
        &a.sponsor,
        &ExecuteMsg::RevokeRole {
            trial_id: t,
            address: a.irb.to_string(),
            reason: None,
        },
        0,
        &reserved,
    );
    refused(
        &mut w.suite,
        &a.sponsor,
        &ExecuteMsg::ChangeEthicsCommittee {
            trial_id: t,
            ethics_committee: a.stranger.to_string(),
            decision_hash: Sha256Hash::digest(b"self-appointed"),
        },
        0,
        &only(
            "a regulator or the current ethics committee",
            "change the ethics committee",
        )
        .to_string(),
    );
    refused(
        &mut w.suite,
        &a.regulator,
        &ExecuteMsg::ChangeEthicsCommittee {
            trial_id: t,
            ethics_committee: a.sponsor.to_string(),
            decision_hash: Sha256Hash::digest(b"order"),
        },
        0,
        &ContractError::SponsorRole {}.to_string(),
    );

    // A regulator replaces the committee: the old one is revoked, the new one alone approves.
    w.suite
        .trial()
        .change_ethics_committee(&a.regulator, t, &w.next_irb)
        .unwrap();
    assert_eq!(
        w.suite.trial().trial(t).unwrap().ethics_committee,
        w.next_irb
    );
    let committees: Vec<Addr> = w
        .suite
        .trial()
        .roles(t)
        .unwrap()
        .roles
        .into_iter()
        .filter(|r| r.grant.role == TrialRole::EthicsCommittee {} && r.grant.revoked_at.is_none())
        .map(|r| r.address)
        .collect();
    assert_eq!(committees, vec![w.next_irb.clone()]);
    w.suite
        .trial()
        .amend(
            &a.sponsor,
            amendment(
                t,
                DocumentKind::ConsentForm,
                trial_doc("consent-form-v2"),
                true,
            ),
        )
        .unwrap();
    assert!(w
        .suite
        .trial()
        .approve(&a.irb, t, DocumentKind::ConsentForm, 2)
        .is_err());
    w.suite
        .trial()
        .approve(&w.next_irb, t, DocumentKind::ConsentForm, 2)
        .unwrap();
}

/// A trial's consent link can only use the registry the owner configured: a sponsor naming
/// another contract as its "registry" is refused, and the owner cannot configure a non-contract.
#[test]
fn a_sponsor_cannot_link_a_registry_of_its_own() {
    let mut w = world();
    let a = w.suite.actors.clone();
    let (ehr, fake) = (w.suite.ehr_addr.clone(), w.suite.drug_addr.clone());
    let mut msg = new_trial(&w);
    msg.ehr_consent = Some(ehr_link(&fake, true));
    refused(
        &mut w.suite,
        &a.sponsor,
        &ExecuteMsg::RegisterTrial(Box::new(msg)),
        0,
        &ContractError::UntrustedEhrRegistry {
            registry: fake.to_string(),
            configured: ehr.to_string(),
        }
        .to_string(),
    );
    refused(
        &mut w.suite,
        &a.owner,
        &ExecuteMsg::SetEhrRegistry {
            address: a.stranger.to_string(),
        },
        0,
        &ContractError::NotAContract {
            address: a.stranger.to_string(),
        }
        .to_string(),
    );
    assert_eq!(w.suite.trial().config().unwrap().ehr_registry, Some(ehr));
}

/// Every execute message, sent by its rightful sender with funds attached, is refused as
/// non-payable; nothing changes and the sender keeps its coins.
#[test]
fn funds_sent_with_any_message_are_refused_and_stay_with_the_sender() {
    let mut w = world();
    let mut covered = BTreeSet::new();
    for Case { msg, rightful, .. } in cases(&w) {
        covered.insert(variant(&msg));
        let balance = w.suite.balance(&rightful);
        refused(
            &mut w.suite,
            &rightful,
            &msg,
            1,
            "this message does not accept funds",
        );
        assert_eq!(w.suite.balance(&rightful), balance);
    }
    assert_eq!(covered, ALL_VARIANTS.into_iter().collect());
    let trial_addr = w.suite.trial_addr.clone();
    assert!(w.suite.balance(&trial_addr).is_zero());
}

/// Every address field (ownership, regulators, the trial's responsible party, ethics committee
/// and registry, role grants and revocations, the consenting patient) refuses the UPPER-CASE
/// variant of a valid address, an empty string, garbage, and another chain's address, even from
/// the rightful sender; nothing changes.
#[test]
fn malformed_and_upper_case_addresses_are_refused_in_every_address_field() {
    let mut w = world();
    let a = w.suite.actors.clone();
    let t = w.t;
    let other_chain = "site".into_bech32_with_prefix("osmo").to_string();
    // (field, sender, the valid address the field would take, the message with that address)
    type Build = Box<dyn Fn(String) -> ExecuteMsg>;
    let registration = new_trial(&w);
    let fields: Vec<(&str, Addr, Addr, Build)> = vec![
        (
            "update_ownership.new_owner",
            a.owner.clone(),
            a.stranger.clone(),
            Box::new(|addr| {
                ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
                    new_owner: addr,
                    expiry: None,
                })
            }),
        ),
        (
            "update_regulators.add",
            a.owner.clone(),
            a.stranger.clone(),
            Box::new(|addr| ExecuteMsg::UpdateAddressSet {
                set: AddressSet::Regulators,
                add: vec![addr],
                remove: vec![],
            }),
        ),
        (
            "update_regulators.remove",
            a.owner.clone(),
            a.regulator.clone(),
            Box::new(|addr| ExecuteMsg::UpdateAddressSet {
                set: AddressSet::Regulators,
                add: vec![],
                remove: vec![addr],
            }),
        ),
        (
            "update_ethics_committees.add",
            a.owner.clone(),
            a.stranger.clone(),
            Box::new(|addr| ExecuteMsg::UpdateAddressSet {
                set: AddressSet::EthicsCommittees,
                add: vec![addr],
                remove: vec![],
            }),
        ),
        (
            "register_trial.responsible_party",
            a.sponsor.clone(),
            w.responsible.clone(),
            {
                let m = registration.clone();
                Box::new(move |addr| {
                    let mut m = m.clone();
                    m.responsible_party = Some(addr);
                    ExecuteMsg::RegisterTrial(Box::new(m))
                })
            },
        ),
        (
            "register_trial.ethics_committee",
            a.sponsor.clone(),
            a.irb.clone(),
            {
                let m = registration.clone();
                Box::new(move |addr| {
                    let mut m = m.clone();
                    m.ethics_committee = addr;
                    ExecuteMsg::RegisterTrial(Box::new(m))
                })
            },
        ),
        (
            "register_trial.ehr_consent.registry",
            a.sponsor.clone(),
            w.suite.ehr_addr.clone(),
            {
                let m = registration;
                Box::new(move |addr| {
                    let mut m = m.clone();
                    m.ehr_consent = Some(cw_health_types::trial_anchor::EhrConsentLinkMsg {
                        registry: Some(addr),
                        resource_type: cw_health_types::FhirResourceType::Observation,
                        required: true,
                    });
                    ExecuteMsg::RegisterTrial(Box::new(m))
                })
            },
        ),
        (
            "set_ehr_registry.address",
            a.owner.clone(),
            w.suite.ehr_addr.clone(),
            Box::new(|addr| ExecuteMsg::SetEhrRegistry { address: addr }),
        ),
        (
            "change_ethics_committee.ethics_committee",
            a.regulator.clone(),
            w.next_irb.clone(),
            Box::new(move |addr| ExecuteMsg::ChangeEthicsCommittee {
                trial_id: t,
                ethics_committee: addr,
                decision_hash: Sha256Hash::digest(b"order"),
            }),
        ),
        (
            "grant_role.address",
            a.sponsor.clone(),
            a.stranger.clone(),
            Box::new(move |addr| ExecuteMsg::GrantRole {
                trial_id: t,
                address: addr,
                role: TrialRole::Auditor {},
                reason: None,
            }),
        ),
        (
            "revoke_role.address",
            a.sponsor.clone(),
            w.site_b.clone(),
            Box::new(move |addr| ExecuteMsg::RevokeRole {
                trial_id: t,
                address: addr,
                reason: None,
            }),
        ),
    ];
    let mut refusals = 0;
    for (field, sender, valid, build) in &fields {
        for (bad, expected) in [
            (
                valid.to_string().to_uppercase(),
                "Invalid input: address not normalized",
            ),
            (String::new(), "parse failed"),
            ("not-an-address".to_string(), "parse failed"),
            (other_chain.clone(), "Wrong bech32 prefix"),
        ] {
            let trial_addr = w.suite.trial_addr.clone();
            let before = w.suite.snapshot(&trial_addr);
            let err = w
                .suite
                .trial()
                .execute(sender, &build(bad.clone()))
                .unwrap_err();
            assert_eq!(root_error(&err), expected, "{field} = {bad:?}");
            assert_eq!(w.suite.snapshot(&trial_addr), before, "{field} = {bad:?}");
            refusals += 1;
        }
    }
    assert_eq!(refusals, fields.len() * 4);

    // The valid, lower-case form of each address is accepted where the world allows it: the
    // UPPER-CASE site_b was refused above, its real address is revoked here.
    w.suite
        .trial()
        .execute(
            &a.sponsor,
            &ExecuteMsg::RevokeRole {
                trial_id: t,
                address: w.site_b.to_string(),
                reason: None,
            },
        )
        .unwrap();
    // Carol is the spouse (the patient is alice already: one patient, one pseudonym).
    let spouse_grant = w
        .suite
        .ehr()
        .grant_access(
            &a.spouse,
            &a.spouse,
            &a.site,
            permit(&[AccessAction::Read], &[PurposeOfUse::Research]),
            None,
        )
        .unwrap();
    let seq = w
        .suite
        .trial()
        .record_consent(&a.site, t, &pseudonym("carol"), Some(spouse_grant))
        .unwrap();
    assert_eq!(seq, 1);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

        /// Whoever holds nothing in the trial (any generated address) is refused every message but
        /// trial registration, with an authorization error, and changes nothing.
        #[test]
        fn an_address_with_no_role_is_refused_every_message(name in "[a-z][a-z0-9_]{2,20}") {
            let mut w = world();
            let nobody = name.clone().into_addr();
            let a = w.suite.actors.clone();
            let known = [
                &a.owner, &a.sponsor, &a.site, &a.irb, &a.regulator, &w.responsible, &w.dmc,
                &w.auditor, &w.site_b, &w.next_owner,
            ];
            prop_assume!(!known.contains(&&nobody));
            for Case { msg, wrong, .. } in cases(&w) {
                if wrong.is_none() {
                    continue;
                }
                let trial_addr = w.suite.trial_addr.clone();
                let before = w.suite.snapshot(&trial_addr);
                let err = w.suite.trial().execute(&nobody, &msg).unwrap_err();
                let text = root_error(&err);
                prop_assert!(
                    text.starts_with("unauthorized: ") || text.starts_with("caller is not the "),
                    "{} from {nobody}: {text}", variant(&msg)
                );
                prop_assert_eq!(w.suite.snapshot(&trial_addr), before);
            }
        }

        /// Any other capitalisation of a valid address (some letters upper-cased) is refused as a
        /// role grantee, and changes nothing.
        #[test]
        fn any_recapitalised_address_is_refused(mask in proptest::collection::vec(any::<bool>(), 64)) {
            let mut w = world();
            let a = w.suite.actors.clone();
            let valid = a.stranger.to_string();
            let mangled: String = valid
                .chars()
                .zip(mask.iter().chain(std::iter::repeat(&false)))
                .map(|(c, up)| if *up { c.to_ascii_uppercase() } else { c })
                .collect();
            prop_assume!(mangled != valid);
            let trial_addr = w.suite.trial_addr.clone();
            let before = w.suite.snapshot(&trial_addr);
            let msg = ExecuteMsg::GrantRole {
                trial_id: w.t,
                address: mangled.clone(),
                role: TrialRole::Auditor {},
                reason: None,
            };
            let err = w.suite.trial().execute(&a.sponsor, &msg).unwrap_err();
            let text = root_error(&err);
            prop_assert!(
                text == "Invalid input: address not normalized" || text == "parse failed",
                "{mangled}: {text}"
            );
            prop_assert_eq!(w.suite.snapshot(&trial_addr), before);
        }
    }
}
