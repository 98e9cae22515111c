//! The suite's cross-contract stories on the local chain, with the same decisions, codes, amounts
//! and balances as `packages/cw-health-testing/tests/patient_journey.rs` and `pharmacy.rs` assert
//! in cw-multi-test. Each returns an error naming the first assertion that failed.
#![allow(dead_code)]

use cosmwasm_std::{Timestamp, Uint128};
use cw_health_types::claims_engine::{
    self as ce, Claim, ClaimFrequency, ClaimLineInput, ClaimStatus, ClaimSubmission, CodeBenefit,
    CostLimit, CostShare, DrugPack, EnrollmentInput, LineStatus, MemberStatus, PlanInput,
    PoolResponse,
};
use cw_health_types::drug_provenance::{self as dp, CommissionSerials, UnitRef};
use cw_health_types::ehr_registry::{
    self as er, AccessBasis, AccessDecision, AccessRequest, AccountingResponse, DecisionReason,
    GranteeMsg, Provision, ProvisionType, RecordInfo, RevocationReason,
};
use cw_health_types::{AccessAction, ContentRef, FhirResourceType, PurposeOfUse, Sha256Hash};

use super::health::{attr_u64, Health, DENOM, GTIN};

macro_rules! check {
    ($cond:expr, $($arg:tt)+) => {
        if !$cond {
            return Err(format!($($arg)+));
        }
    };
}

macro_rules! check_eq {
    ($left:expr, $right:expr) => {{
        let (l, r) = (&$left, &$right);
        if l != r {
            return Err(format!(
                "{} != {}: {:?} vs {:?} (line {})",
                stringify!($left),
                stringify!($right),
                l,
                r,
                line!()
            ));
        }
    }};
}

/// A document pointer with an opaque locator (a gateway and a token): chain state is public, so
/// a locator never carries a patient identifier, a resource path or a category.
fn opaque_doc(name: &str) -> ContentRef {
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

fn permit(actions: &[AccessAction], purposes: &[PurposeOfUse]) -> Provision {
    Provision {
        provision_type: ProvisionType::Permit,
        actions: actions.to_vec(),
        purposes: purposes.to_vec(),
        // Minimum necessary: non-treatment grants name the resource types they disclose.
        resource_types: FhirResourceType::ALL.to_vec(),
        labels: vec![],
        record_ids: vec![],
        data_period: None,
        provisions: vec![],
    }
}

fn benefit(code: &str, fee_per_unit: u128, cost_share: CostShare) -> CodeBenefit {
    CodeBenefit {
        code: code.into(),
        fee_per_unit: Uint128::new(fee_per_unit),
        cost_share,
        deductible_applies: true,
        prior_auth_required: false,
        max_units_per_day: None,
        products: vec![],
        out_of_network: None,
    }
}

/// cw-health-testing's `standard_plan`.
fn standard_plan(start: Timestamp, adjuster: &str) -> PlanInput {
    let mut drug = benefit(
        "J3490",
        50,
        CostShare::Copay {
            amount: Uint128::new(10),
        },
    );
    drug.deductible_applies = false;
    drug.products = vec![GTIN.into()];
    PlanInput {
        external_id: "PLAN-GOLD-2026".into(),
        denom: DENOM.into(),
        plan_year_start: start,
        deductible: CostLimit {
            individual: Uint128::new(500),
            family: Uint128::new(1_000),
        },
        out_of_pocket_max: CostLimit {
            individual: Uint128::new(1_500),
            family: Uint128::new(3_000),
        },
        benefits: vec![
            benefit("99213", 200, CostShare::Coinsurance { bps: 2_000 }),
            benefit("80053", 100, CostShare::Coinsurance { bps: 2_000 }),
            drug,
        ],
        timely_filing_days: 90,
        auto_approval_ceiling: Uint128::new(5_000),
        adjusters: vec![adjuster.to_string()],
        prompt_pay: None,
        out_of_network_limits: None,
    }
}

fn line(code: &str, units: u32, charge: u128) -> ClaimLineInput {
    ClaimLineInput {
        procedure_code: code.into(),
        modifiers: vec![],
        units,
        charge: Uint128::new(charge),
        diagnosis_pointers: vec![1],
        prior_auth_id: None,
        drug: None,
        device: None,
    }
}

fn drug_line(code: &str, charge: u128, serial: &str) -> ClaimLineInput {
    let mut l = line(code, 1, charge);
    l.drug = Some(DrugPack {
        gtin: GTIN.into(),
        serial: serial.into(),
    });
    l
}

fn claim(
    plan_id: u64,
    member: &str,
    dos: Timestamp,
    record: u64,
    lines: Vec<ClaimLineInput>,
) -> ClaimSubmission {
    ClaimSubmission {
        plan_id,
        member: member.to_string(),
        frequency: ClaimFrequency::Original,
        original_claim_id: None,
        date_of_service: dos,
        place_of_service: Some("11".into()),
        diagnoses: vec!["Z00.00".into()],
        lines,
        supporting_record_id: record,
        rendering_provider: None,
        primary_claim_id: None,
        visit_id: None,
    }
}

fn adjustment_codes(line: &ce::ClaimLine) -> Vec<(String, u128)> {
    line.adjustments
        .iter()
        .map(|a| {
            (
                format!("{}-{}", a.group.code(), a.reason.code()),
                a.amount.u128(),
            )
        })
        .collect()
}

fn unit(serial: &str) -> UnitRef {
    UnitRef {
        gtin: GTIN.into(),
        serial: serial.into(),
        lot: None,
        proof: None,
    }
}

impl Health {
    /// An insurer's plan (cw-health-testing's standard plan), funded and the patient enrolled.
    pub fn plan_funded(&mut self, pool: u128) -> Result<u64, String> {
        let a = self.a.clone();
        let claims = self.claims.clone();
        let start = self.now();
        let res = self.ok(
            "claims: create plan",
            &a.insurer,
            &claims,
            &ce::ExecuteMsg::CreatePlan(standard_plan(start, &a.adjuster)),
            0,
        )?;
        let plan = attr_u64(&res, "plan_id")?;
        self.ok(
            "claims: fund pool",
            &a.insurer,
            &claims,
            &ce::ExecuteMsg::FundPool { plan_id: plan },
            pool,
        )?;
        self.ok(
            "claims: enroll member",
            &a.insurer,
            &claims,
            &ce::ExecuteMsg::EnrollMember(EnrollmentInput {
                plan_id: plan,
                member: a.patient.clone(),
                family_id: "FAM-1".into(),
                coverage_start: start,
                coverage_end: None,
                status: MemberStatus::Active,
                dependant_of: None,
            }),
            0,
        )?;
        Ok(plan)
    }

    /// The patient grants `grantee` the given actions for the purposes.
    pub fn grant(
        &mut self,
        grantee: &str,
        actions: &[AccessAction],
        purposes: &[PurposeOfUse],
    ) -> Result<u64, String> {
        let a = self.a.clone();
        let ehr = self.ehr.clone();
        let res = self.ok(
            "ehr: grant access",
            &a.patient,
            &ehr,
            &er::ExecuteMsg::GrantAccess {
                patient: a.patient.clone(),
                grantee: GranteeMsg::Address {
                    address: grantee.to_string(),
                },
                provision: permit(actions, purposes),
                starts_at: None,
                expires_at: None,
                policy_hash: None,
                verification: None,
            },
            0,
        )?;
        attr_u64(&res, "grant_id")
    }

    /// The clinician adds a record pointer to the patient's chart.
    pub fn add_record(&mut self, name: &str, ty: FhirResourceType) -> Result<u64, String> {
        let a = self.a.clone();
        let ehr = self.ehr.clone();
        let res = self.ok(
            "ehr: add record",
            &a.clinician,
            &ehr,
            &er::ExecuteMsg::AddRecord {
                patient: a.patient.clone(),
                content: opaque_doc(name),
                resource_type: ty,
                labels: vec![],
                data_period: None,
            },
            0,
        )?;
        attr_u64(&res, "record_id")
    }

    fn record_access(
        &mut self,
        actor: &str,
        record_id: u64,
    ) -> Result<local_chain::TxResponse, String> {
        let a = self.a.clone();
        let ehr = self.ehr.clone();
        Ok(self.exec(
            "ehr: record access (payment)",
            actor,
            &ehr,
            &er::ExecuteMsg::RecordAccess {
                patient: a.patient.clone(),
                record_id,
                actor: actor.to_string(),
                action: AccessAction::Read,
                purpose: PurposeOfUse::Payment,
                accounting_suspended_until: None,
                via_team: None,
            },
            0,
        ))
    }

    /// Submits a claim; returns the stored claim. The stories' hospital and pharmacy bill what
    /// the clinician rendered or prescribed, on the clinician's records: a submission by another
    /// provider that names no rendering provider names the clinician.
    pub fn submit(
        &mut self,
        provider: &str,
        mut submission: ClaimSubmission,
    ) -> Result<Claim, String> {
        if provider != self.a.clinician && submission.rendering_provider.is_none() {
            submission.rendering_provider = Some(self.a.clinician.clone());
        }
        let claims = self.claims.clone();
        // The gas report tells the claims with pharmacy lines (a third contract) apart.
        let label = match submission.lines.iter().filter(|l| l.drug.is_some()).count() {
            0 => "claims: submit claim",
            1 => "claims: submit claim (1 pharmacy line)",
            _ => "claims: submit claim (2 pharmacy lines)",
        };
        let res = self.ok(
            label,
            provider,
            &claims,
            &ce::ExecuteMsg::SubmitClaim(submission),
            0,
        )?;
        let id = attr_u64(&res, "claim_id")?;
        let c: Claim = self.query(&claims, &ce::QueryMsg::Claim { claim_id: id })?;
        for l in &c.lines {
            let adjusted: u128 = l.adjustments.iter().map(|a| a.amount.u128()).sum();
            check_eq!(l.charge.u128(), l.paid.u128() + adjusted);
        }
        Ok(c)
    }

    fn pool(&self, plan: u64) -> Result<u128, String> {
        let p: PoolResponse = self.query(&self.claims, &ce::QueryMsg::Pool { plan_id: plan })?;
        Ok(p.balance.u128())
    }

    fn check_read(&self, actor: &str, record: u64) -> Result<AccessDecision, String> {
        self.query(
            &self.ehr,
            &er::QueryMsg::CheckAccess(AccessRequest {
                patient: self.a.patient.clone(),
                actor: actor.to_string(),
                action: AccessAction::Read,
                purpose: PurposeOfUse::Payment,
                resource_type: None,
                record_id: Some(record),
                via_team: None,
            }),
        )
    }
}

/// patient_journey.rs: a visit is paid under consent from the pool and denied after revocation;
/// the accounting lists both disclosures.
pub fn patient_journey(h: &mut Health) -> Result<(), String> {
    let a = h.a.clone();
    let start = h.now();
    let plan = h.plan_funded(100_000)?;
    let rw = [AccessAction::Read, AccessAction::Write];
    h.grant(&a.clinician, &rw, &[PurposeOfUse::Treatment])?;
    let hospital_grant = h.grant(
        &a.hospital,
        &[AccessAction::Read],
        &[PurposeOfUse::Treatment, PurposeOfUse::Payment],
    )?;
    h.grant(&a.insurer, &[AccessAction::Read], &[PurposeOfUse::Payment])?;
    let record = h.add_record("Encounter/visit-1", FhirResourceType::Encounter)?;
    let info: RecordInfo = h.query(&h.ehr, &er::QueryMsg::Record { record_id: record })?;
    check_eq!(info.custodian.as_str(), a.clinician.as_str());
    let r = h.record_access(&a.hospital, record)?;
    check!(r.is_ok(), "hospital's disclosure: {}", r.raw_log);

    // 5 x 99213 at 300: allowed 1,000 (CO-45 500), deductible 500 (PR-1), 20% of 500 (PR-2 100),
    // paid 400 from the pool.
    h.advance_days(1)?;
    let pool_before = h.pool(plan)?;
    let hospital_before = h.balance(&a.hospital);
    let dos = h.now();
    let paid = h.submit(
        &a.hospital,
        claim(plan, &a.patient, dos, record, vec![line("99213", 5, 1_500)]),
    )?;
    check_eq!(paid.status, ClaimStatus::Paid);
    check_eq!(paid.total_paid.u128(), 400);
    let first = paid.lines.first().ok_or("no line")?;
    check_eq!(
        adjustment_codes(first),
        vec![
            ("CO-45".to_string(), 500),
            ("PR-1".to_string(), 500),
            ("PR-2".to_string(), 100)
        ]
    );
    check_eq!(h.balance(&a.hospital), hospital_before + 400);
    check_eq!(h.pool(plan)?, pool_before - 400);
    check_eq!(h.balance(&h.claims.clone()), pool_before - 400);

    let r = h.record_access(&a.insurer, record)?;
    check!(r.is_ok(), "payer's disclosure: {}", r.raw_log);

    // The patient revokes the hospital's grant: the next check and claim are denied.
    let ehr = h.ehr.clone();
    h.ok(
        "ehr: revoke access",
        &a.patient,
        &ehr,
        &er::ExecuteMsg::RevokeAccess {
            grant_id: hospital_grant,
            reason: RevocationReason::PatientWithdrew,
        },
        0,
    )?;
    let decision = h.check_read(&a.hospital, record)?;
    check!(!decision.allowed, "revoked hospital still allowed");
    check_eq!(decision.reason, DecisionReason::NoMatchingGrant);
    h.advance_days(1)?;
    let dos = h.now();
    let denied = h.submit(
        &a.hospital,
        claim(plan, &a.patient, dos, record, vec![line("99213", 1, 200)]),
    )?;
    check_eq!(denied.status, ClaimStatus::Denied);
    check_eq!(denied.total_paid.u128(), 0);
    let first = denied.lines.first().ok_or("no line")?;
    check_eq!(first.status, LineStatus::Denied);
    check_eq!(adjustment_codes(first), vec![("CO-252".to_string(), 200)]);
    check_eq!(h.balance(&a.hospital), hospital_before + 400);
    let r = h.record_access(&a.hospital, record)?;
    check!(!r.is_ok(), "revoked hospital could record a disclosure");
    check_eq!(r.codespace.as_str(), "wasm");
    check_eq!(r.code, 5);

    // The accounting lists the hospital's and the payer's disclosures.
    let now = h.now();
    let acc: AccountingResponse = h.query(
        &h.ehr,
        &er::QueryMsg::Accounting {
            patient: a.patient.clone(),
            from: start,
            to: now,
            start_after: None,
            limit: Some(30),
            accountable_only: None,
        },
    )?;
    let seen: Vec<(String, PurposeOfUse, u64)> = acc
        .disclosures
        .iter()
        .map(|d| (d.actor.to_string(), d.purpose, d.record_id))
        .collect();
    check_eq!(
        seen,
        vec![
            (a.hospital.clone(), PurposeOfUse::Payment, record),
            (a.insurer.clone(), PurposeOfUse::Payment, record),
        ]
    );
    check!(
        acc.disclosures
            .iter()
            .all(|d| matches!(d.basis, AccessBasis::Grant { .. })),
        "a disclosure not under a grant"
    );
    Ok(())
}

/// pharmacy.rs setup: plan, consent for the clinician and the pharmacy, the prescription.
fn pharmacy_setup(h: &mut Health) -> Result<(u64, u64), String> {
    let a = h.a.clone();
    let plan = h.plan_funded(100_000)?;
    h.grant(
        &a.clinician,
        &[AccessAction::Read, AccessAction::Write],
        &[PurposeOfUse::Treatment],
    )?;
    h.grant(
        &a.pharmacy,
        &[AccessAction::Read],
        &[PurposeOfUse::Treatment, PurposeOfUse::Payment],
    )?;
    let rx = h.add_record(
        "MedicationRequest/rx-1",
        FhirResourceType::MedicationRequest,
    )?;
    Ok((plan, rx))
}

fn commission_and_deliver(
    h: &mut Health,
    serials: &[&str],
    to_pharmacy: &[&str],
) -> Result<(), String> {
    let a = h.a.clone();
    let drug = h.drug.clone();
    h.ok(
        "drug: commission lot",
        &a.manufacturer,
        &drug,
        &dp::ExecuteMsg::Commission {
            gtin: GTIN.into(),
            lot: "LOT-A26".into(),
            expiry: "271231".into(),
            serials: CommissionSerials::List {
                serials: serials.iter().map(|s| s.to_string()).collect(),
            },
        },
        0,
    )?;
    let res = h.ok(
        "drug: ship to pharmacy",
        &a.manufacturer,
        &drug,
        &dp::ExecuteMsg::Ship {
            to: a.pharmacy.clone(),
            units: to_pharmacy.iter().map(|s| unit(s)).collect(),
            cases: vec![],
            ti_hash: Sha256Hash::digest(b"transaction information"),
            ts_hash: Sha256Hash::digest(b"transaction statement"),
        },
        0,
    )?;
    let shipment_id = attr_u64(&res, "shipment_id")?;
    h.ok(
        "drug: receive",
        &a.pharmacy,
        &drug,
        &dp::ExecuteMsg::Receive { shipment_id },
        0,
    )?;
    for s in to_pharmacy {
        h.ok(
            "drug: dispense",
            &a.pharmacy,
            &drug,
            &dp::ExecuteMsg::Dispense { unit: unit(s) },
            0,
        )?;
    }
    Ok(())
}

/// pharmacy.rs `the_same_pack_billed_on_a_later_day_is_denied`: a dispensed pack is paid once
/// its dispense can no longer be undone (drug-provenance's 10-day window), for the day it was
/// dispensed (40 from the pool: 50 allowed, 10 copay); billed again the next day it is denied.
pub fn pharmacy_pack_paid_once(h: &mut Health) -> Result<(), String> {
    let a = h.a.clone();
    let (plan, rx) = pharmacy_setup(h)?;
    commission_and_deliver(h, &["SN-A1", "SN-A2", "SN-A3"], &["SN-A1"])?;
    let dispensed_on = h.now();
    h.advance_days(10)?;
    let pool_before = h.pool(plan)?;
    let dos = dispensed_on;
    let first = h.submit(
        &a.pharmacy,
        claim(
            plan,
            &a.patient,
            dos,
            rx,
            vec![drug_line("J3490", 80, "SN-A1")],
        ),
    )?;
    check_eq!(first.status, ClaimStatus::Paid);
    check_eq!(first.total_paid.u128(), 40);
    check_eq!(h.pool(plan)?, pool_before - 40);
    let pharmacy_before = h.balance(&a.pharmacy);
    check_eq!(pharmacy_before, 40);
    h.advance_days(1)?;
    let again = h.submit(
        &a.pharmacy,
        claim(
            plan,
            &a.patient,
            dos,
            rx,
            vec![drug_line("J3490", 80, "SN-A1")],
        ),
    )?;
    check_eq!(again.status, ClaimStatus::Denied);
    check_eq!(again.total_paid.u128(), 0);
    check_eq!(h.balance(&a.pharmacy), pharmacy_before);
    Ok(())
}

/// pharmacy.rs `two_packs_dispensed_the_same_day_are_both_paid`: 80 paid for two lines.
pub fn pharmacy_two_packs(h: &mut Health) -> Result<(), String> {
    let a = h.a.clone();
    let (plan, rx) = pharmacy_setup(h)?;
    commission_and_deliver(h, &["SN-A1", "SN-A2", "SN-A3"], &["SN-A1", "SN-A2"])?;
    let dos = h.now();
    h.advance_days(10)?;
    let both = h.submit(
        &a.pharmacy,
        claim(
            plan,
            &a.patient,
            dos,
            rx,
            vec![
                drug_line("J3490", 80, "SN-A1"),
                drug_line("J3490", 80, "SN-A2"),
            ],
        ),
    )?;
    check_eq!(both.status, ClaimStatus::Paid);
    check_eq!(both.lines.get(1).map(|l| l.status), Some(LineStatus::Paid));
    check_eq!(both.total_paid.u128(), 80);
    check_eq!(h.balance(&a.pharmacy), 80);
    check_eq!(h.balance(&h.claims.clone()), 100_000 - 80);
    Ok(())
}

/// A trial site's routine (issue 20's trial-anchor measures): the owner accredits an ethics
/// committee, the sponsor registers a trial that the committee approves and appoints a site,
/// which records three consents and enrollments, anchors two data batches and reports an adverse
/// event. The counters bumped on the way must match what the trial query shows.
pub fn trial_site_routine(h: &mut Health) -> Result<(), String> {
    use cw_health_types::trial_anchor::{
        self as ta, AddressSet, AdverseEventMsg, AnchorBatchMsg, Causality, DocumentKind,
        OutcomeKind, OutcomeSpec, RegisterTrialMsg, Seriousness, Trial, TrialRef, TrialRole,
        TrialStatus,
    };
    let (owner, sponsor, site) = (h.a.owner.clone(), h.a.sponsor.clone(), h.a.site.clone());
    let irb = h.chain.addr_make("irb");
    let trial = h.trial.clone();
    let now = h.now();
    let doc = |name: &str| opaque_doc(name);
    h.ok(
        "trial: accredit an ethics committee",
        &owner,
        &trial,
        &ta::ExecuteMsg::UpdateAddressSet {
            set: AddressSet::EthicsCommittees,
            add: vec![irb.clone()],
            remove: vec![],
        },
        0,
    )?;
    let res = h.ok(
        "trial: register",
        &sponsor,
        &trial,
        &ta::ExecuteMsg::RegisterTrial(Box::new(RegisterTrialMsg {
            registry_id: None,
            responsible_party: None,
            ethics_committee: irb.clone(),
            planned_start: now.plus_seconds(86_400),
            primary_completion: now.plus_seconds(400 * 86_400),
            randomized: false,
            protocol: doc("protocol-v1"),
            consent_form: doc("icf-v1"),
            statistical_analysis_plan: Some(doc("sap-v1")),
            outcomes: vec![OutcomeSpec {
                code: "P1".into(),
                kind: OutcomeKind::Primary,
                measure_hash: Sha256Hash::digest(b"measure:P1"),
                time_frame: "P12W".into(),
            }],
            ehr_consent: None,
        })),
        0,
    )?;
    let trial_id = attr_u64(&res, "trial_id")?;
    for kind in [DocumentKind::Protocol, DocumentKind::ConsentForm] {
        h.ok(
            "trial: approve a document",
            &irb,
            &trial,
            &ta::ExecuteMsg::ApproveDocument {
                trial_id,
                document_kind: kind,
                version: 1,
                approval_hash: Sha256Hash::digest(b"approval"),
            },
            0,
        )?;
    }
    h.ok(
        "trial: appoint a site",
        &sponsor,
        &trial,
        &ta::ExecuteMsg::GrantRole {
            trial_id,
            address: site.clone(),
            role: TrialRole::SiteInvestigator {
                site_code: "SITE-A".into(),
            },
            reason: None,
        },
        0,
    )?;
    h.ok(
        "trial: open recruitment",
        &sponsor,
        &trial,
        &ta::ExecuteMsg::UpdateStatus {
            trial_id,
            status: TrialStatus::Recruiting,
            why_stopped: None,
            document_hash: None,
        },
        0,
    )?;
    let pseudonym = |i: usize| Sha256Hash::digest(format!("participant-{i}").as_bytes());
    for i in 0..3 {
        h.ok(
            "trial: record consent",
            &site,
            &trial,
            &ta::ExecuteMsg::RecordConsent {
                trial_id,
                participant: pseudonym(i),
                signed_form_hash: Some(Sha256Hash::digest(format!("signed-{i}").as_bytes())),
                ehr_grant_id: None,
            },
            0,
        )?;
    }
    for i in 0..3 {
        let label = if i == 0 {
            "trial: enroll (first: starts the trial)"
        } else {
            "trial: enroll"
        };
        h.ok(
            label,
            &site,
            &trial,
            &ta::ExecuteMsg::Enroll {
                trial_id,
                participant: pseudonym(i),
                allocation_slot: None,
            },
            0,
        )?;
    }
    h.advance_days(1)?;
    let now = h.now();
    for i in 0..2u64 {
        h.ok(
            "trial: anchor batch",
            &site,
            &trial,
            &ta::ExecuteMsg::AnchorBatch(Box::new(AnchorBatchMsg {
                trial_id,
                merkle_root: Sha256Hash::digest(format!("root-{i}").as_bytes()),
                leaf_count: 20,
                period_start: now.minus_seconds(86_400 - 60),
                period_end: now.minus_seconds(60),
                schema_hash: Sha256Hash::digest(b"crf-schema-v1"),
                correction: None,
            })),
            0,
        )?;
    }
    h.ok(
        "trial: report adverse event",
        &site,
        &trial,
        &ta::ExecuteMsg::ReportAdverseEvent(Box::new(AdverseEventMsg {
            trial_id,
            participant: pseudonym(0),
            event_code: "10019211".into(),
            seriousness: Seriousness::NonSerious,
            expected: true,
            causality: Causality::NotRelated,
            onset: now.minus_seconds(3_600),
            aware_at: now.minus_seconds(1_800),
        })),
        0,
    )?;
    let t: Trial = h.query(&trial, &ta::QueryMsg::Trial(TrialRef { trial_id }))?;
    check_eq!(
        (t.counts.enrolled, t.counts.batches, t.counts.adverse_events),
        (3, 2, 1)
    );
    check!(
        t.started_at.is_some(),
        "the first enrollment starts the trial"
    );
    Ok(())
}

/// rpm.rs: a monitoring cuff (a device party) anchors 16 days of readings; the ordering
/// clinician's device supply (99454) is paid once, a second one in the period is CO-119.
pub fn rpm_month(h: &mut Health) -> Result<(), String> {
    use cw_health_types::rpm::{RpmDeviceCode, RpmRules};
    let a = h.a.clone();
    let (ehr, claims) = (h.ehr.clone(), h.claims.clone());
    let start = h.now();
    let mut input = standard_plan(start, &a.adjuster);
    let mut b = benefit("99454", 60, CostShare::Coinsurance { bps: 2_000 });
    b.deductible_applies = false;
    input.benefits.push(b);
    let res = h.ok(
        "claims: create plan",
        &a.insurer,
        &claims,
        &ce::ExecuteMsg::CreatePlan(input),
        0,
    )?;
    let plan = attr_u64(&res, "plan_id")?;
    h.ok(
        "claims: fund pool",
        &a.insurer,
        &claims,
        &ce::ExecuteMsg::FundPool { plan_id: plan },
        100_000,
    )?;
    h.ok(
        "claims: enroll member",
        &a.insurer,
        &claims,
        &ce::ExecuteMsg::EnrollMember(EnrollmentInput {
            plan_id: plan,
            member: a.patient.clone(),
            family_id: "FAM-1".into(),
            coverage_start: start,
            coverage_end: None,
            status: MemberStatus::Active,
            dependant_of: None,
        }),
        0,
    )?;
    h.ok(
        "claims: set rpm rules",
        &a.insurer,
        &claims,
        &ce::ExecuteMsg::SetRpmRules {
            plan_id: plan,
            rules: Some(RpmRules {
                device_codes: vec![RpmDeviceCode {
                    code: "99454".into(),
                    min_reading_days: 16,
                }],
                period_days: 30,
            }),
        },
        0,
    )?;
    let cuff = h.chain.addr_make("rpm-cuff");
    let expiry = h.now().plus_days(3 * 365);
    h.ok(
        "ehr: register device",
        &a.credentialing,
        &ehr,
        &er::ExecuteMsg::RegisterParty {
            address: cuff.clone(),
            identifier: Sha256Hash::digest(b"salt|(01)00812345678901(21)0042")
                .as_str()
                .to_string(),
            role: er::PartyRole::Device,
            license_expiry: expiry,
        },
        0,
    )?;
    let ends_at = h.now().plus_days(90);
    h.ok(
        "ehr: enroll device",
        &a.patient,
        &ehr,
        &er::ExecuteMsg::EnrollDevice {
            patient: a.patient.clone(),
            device: cuff.clone(),
            ordering_clinician: a.clinician.clone(),
            ends_at,
        },
        0,
    )?;
    h.grant(
        &a.clinician,
        &[AccessAction::Read, AccessAction::Write],
        &[PurposeOfUse::Treatment],
    )?;
    let record = h.add_record("CarePlan/rpm-order", FhirResourceType::Observation)?;
    for d in 0..16u64 {
        if d > 0 {
            h.advance_days(1)?;
        }
        let now = h.now();
        h.ok(
            "ehr: submit reading",
            &cuff,
            &ehr,
            &er::ExecuteMsg::SubmitReading {
                patient: a.patient.clone(),
                reading_hash: Sha256Hash::digest(format!("salt|bp|{d}").as_bytes()),
                taken_at: now,
                uri: None,
            },
            0,
        )?;
    }
    let dos = h.now();
    let mut l = line("99454", 1, 100);
    l.device = Some(cuff.clone());
    let paid = h.submit(
        &a.clinician,
        claim(plan, &a.patient, dos, record, vec![l.clone()]),
    )?;
    check_eq!(paid.status, ClaimStatus::Paid);
    check_eq!(paid.total_paid.u128(), 48);
    h.advance_days(1)?;
    let dos = h.now();
    let again = h.submit(&a.clinician, claim(plan, &a.patient, dos, record, vec![l]))?;
    check_eq!(again.status, ClaimStatus::Denied);
    let first = again.lines.first().ok_or("no line")?;
    check_eq!(adjustment_codes(first), vec![("CO-119".to_string(), 100)]);
    Ok(())
}
