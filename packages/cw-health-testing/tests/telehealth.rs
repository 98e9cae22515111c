//! Telehealth across the suite: a patient in New York books a video visit with a clinician
//! licensed there, consents to it (a grant that starts and ends with the visit, naming the
//! telehealth informed-consent document by hash); the clinician reviews the chart, writes the
//! encounter (class virtual, modality video) and an e-prescription (anchored in drug-provenance
//! with the visit's id), and hangs up: access ends at once. The pharmacy dispenses against the
//! prescription; the clinician's telehealth claim (place of service 10, modifier 95, naming the
//! visit) and the pharmacy's claim are paid; the patient's accounting lists every disclosure.
//!
//! Then the refusals (an unlicensed jurisdiction, a second fill, a claim for a visit that never
//! happened, access after hang-up) and, per message, the attacker: the stranger, the rival
//! clinician, the patient's delegate at its scope's edge, the late or second attempt, the typo.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::{Addr, StdResult, Timestamp, Uint128};
use cw_health_testing::claims::{claim, drug_line, line, standard_plan};
use cw_health_testing::drug::{unit, GTIN};
use cw_health_testing::ehr::{fhir_doc, permit};
use cw_health_testing::{root_error, Suite, SuiteBuilder};
use cw_health_types::claims_engine::{
    self as ce, Claim, ClaimStatus, LineStatus, TelehealthPayment, TelehealthRules,
    TelehealthRulesResponse,
};
use cw_health_types::drug_provenance::{
    self as dp, PrescriberResponse, PrescriptionFillResponse, PrescriptionResponse,
};
use cw_health_types::ehr_registry::{
    self as ehr, DelegateRelationship, LicensureInfo, Scope, VisitInfo, VisitStatus,
};
use cw_health_types::telehealth::{InterstateCompact, VisitModality};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, Sha256Hash};
use cw_multi_test::AppResponse;

/// The drug lot the pharmacy holds.
const LOT: &str = "LOT-T26";
const SERIALS: [&str; 3] = ["TH-0001", "TH-0002", "TH-0003"];
const EXPIRY: &str = "271231";
/// drug-provenance's undo window (10 days) plus a day: the pharmacy line is payable after it.
const AFTER_UNDO_WINDOW: u64 = 11 * 86_400;
/// The visit starts 10 minutes after booking and lasts at most 30 minutes.
const LEAD: u64 = 600;
const LENGTH: u64 = 1_800;

fn consent_doc() -> Sha256Hash {
    Sha256Hash::digest(b"NY telehealth informed consent, version 2026-01")
}

/// The suite with: the plan (99213 without deductible, 20% coinsurance; telehealth rules:
/// 99213 at parity, no audio-only, the home covered), funded, the patient enrolled; the
/// clinician licensed in NY and NJ (IMLC member) and a registered prescriber; the pharmacy
/// holding three packs; the patient's own blood-pressure record (the chart).
struct World {
    suite: Suite,
    plan: u64,
    chart: u64,
}

fn world() -> World {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let start = suite.now();
    let mut plan_input = standard_plan(start, &a.adjuster);
    plan_input.benefits[0].deductible_applies = false;
    let plan = suite.claims().create_plan(&a.insurer, plan_input).unwrap();
    suite.claims().fund_pool(&a.insurer, plan, 100_000).unwrap();
    suite
        .claims()
        .enroll(&a.insurer, plan, &a.patient, "FAM-1", start)
        .unwrap();
    suite
        .claims()
        .execute(&a.insurer, &rules_msg(plan, parity_rules()))
        .unwrap();
    suite
        .ehr()
        .execute(
            &a.credentialing,
            &licensure(&a.clinician, &["NY", "NJ"], &[InterstateCompact::Imlc]),
        )
        .unwrap();
    let msg = prescriber_msg(&a.clinician, true, &suite);
    suite.drug().execute(&a.regulator, &msg).unwrap();
    suite
        .drug()
        .commission(&a.manufacturer, GTIN, LOT, EXPIRY, &SERIALS)
        .unwrap();
    suite
        .drug()
        .transfer(
            &a.manufacturer,
            &a.pharmacy,
            SERIALS.iter().map(|s| unit(GTIN, s)).collect(),
        )
        .unwrap();
    let chart = suite
        .ehr()
        .add_record(
            &a.patient,
            &a.patient,
            "Observation/home-bp",
            FhirResourceType::Observation,
            &[],
        )
        .unwrap();
    World { suite, plan, chart }
}

fn parity_rules() -> TelehealthRules {
    TelehealthRules {
        covered_codes: vec!["99213".into()],
        payment: TelehealthPayment::Parity {},
        audio_only_covered: false,
        home_covered: true,
    }
}

fn rules_msg(plan_id: u64, rules: TelehealthRules) -> ce::ExecuteMsg {
    ce::ExecuteMsg::SetTelehealthRules {
        plan_id,
        rules: Some(rules),
    }
}

fn licensure(clinician: &Addr, states: &[&str], compacts: &[InterstateCompact]) -> ehr::ExecuteMsg {
    ehr::ExecuteMsg::SetLicensure {
        clinician: clinician.to_string(),
        jurisdictions: states.iter().map(|s| s.to_string()).collect(),
        compacts: compacts.to_vec(),
    }
}

fn prescriber_msg(who: &Addr, active: bool, suite: &Suite) -> dp::ExecuteMsg {
    dp::ExecuteMsg::SetPrescriber {
        address: who.to_string(),
        license_id: "NPI-1093817465".into(),
        license_expiry: suite.now().plus_days(365),
        active,
    }
}

fn book_msg(
    suite: &Suite,
    clinician: &Addr,
    modality: VisitModality,
    jurisdiction: &str,
) -> ehr::ExecuteMsg {
    let starts = suite.now().plus_seconds(LEAD);
    ehr::ExecuteMsg::BookVisit {
        patient: suite.actors.patient.to_string(),
        clinician: clinician.to_string(),
        modality,
        jurisdiction: jurisdiction.into(),
        starts_at: starts,
        ends_at: starts.plus_seconds(LENGTH),
    }
}

fn attr(resp: &AppResponse, key: &str) -> String {
    resp.events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no {key} attribute"))
}

fn id(resp: &AppResponse, key: &str) -> u64 {
    attr(resp, key).parse().unwrap()
}

fn err(r: StdResult<AppResponse>) -> String {
    root_error(&r.expect_err("must be refused"))
}

fn visit(suite: &Suite, visit_id: u64) -> VisitInfo {
    suite
        .app
        .wrap()
        .query_wasm_smart(&suite.ehr_addr, &ehr::QueryMsg::Visit { visit_id })
        .unwrap()
}

fn prescription(suite: &Suite, prescription_id: u64) -> PrescriptionResponse {
    suite
        .app
        .wrap()
        .query_wasm_smart(
            &suite.drug_addr,
            &dp::QueryMsg::Prescription { prescription_id },
        )
        .unwrap()
}

fn fill(suite: &Suite, serial: &str) -> Option<PrescriptionFillResponse> {
    suite
        .app
        .wrap()
        .query_wasm_smart(
            &suite.drug_addr,
            &dp::QueryMsg::PrescriptionFill {
                gtin: GTIN.into(),
                serial: serial.into(),
            },
        )
        .unwrap()
}

/// A booked and consented video visit (it has started): its id.
fn consented_visit(suite: &mut Suite) -> u64 {
    let a = suite.actors.clone();
    let msg = book_msg(suite, &a.clinician, VisitModality::VirtualVideo, "NY");
    let v = id(&suite.ehr().execute(&a.patient, &msg).unwrap(), "visit_id");
    consent(suite, &a.patient, v).unwrap();
    suite.advance_seconds(LEAD);
    v
}

fn consent(suite: &mut Suite, sender: &Addr, visit_id: u64) -> StdResult<AppResponse> {
    suite.ehr().execute(
        sender,
        &ehr::ExecuteMsg::ConsentToVisit {
            visit_id,
            consent_hash: consent_doc(),
            resource_types: vec![],
        },
    )
}

fn record_encounter(suite: &mut Suite, sender: &Addr, visit_id: u64) -> StdResult<AppResponse> {
    suite.ehr().execute(
        sender,
        &ehr::ExecuteMsg::RecordEncounter {
            visit_id,
            content: fhir_doc(&format!("Encounter/tele-{visit_id}")),
        },
    )
}

fn end_visit(suite: &mut Suite, sender: &Addr, visit_id: u64) -> StdResult<AppResponse> {
    suite
        .ehr()
        .execute(sender, &ehr::ExecuteMsg::EndVisit { visit_id })
}

/// The patient lets `who` read `record` for payment (the billing consent).
fn billing_grant(suite: &mut Suite, who: &Addr, record: u64, resource: FhirResourceType) {
    let patient = suite.actors.patient.clone();
    let mut p = permit(
        &[AccessAction::Read],
        &[PurposeOfUse::Payment, PurposeOfUse::Treatment],
    );
    p.resource_types = vec![resource];
    p.record_ids = vec![record];
    suite
        .ehr()
        .grant_access(&patient, &patient, who, p, None)
        .unwrap();
}

/// The clinician's telehealth claim: 99213 at 250, place of service `pos`, `modifiers`.
fn tele_claim(
    plan: u64,
    patient: &Addr,
    dos: Timestamp,
    record: u64,
    visit_id: Option<u64>,
    pos: &str,
    modifiers: &[&str],
) -> ce::ClaimSubmission {
    let mut l = line("99213", 1, 250);
    l.modifiers = modifiers.iter().map(|m| m.to_string()).collect();
    let mut c = claim(plan, patient, dos, record, vec![l]);
    c.place_of_service = Some(pos.into());
    c.visit_id = visit_id;
    c
}

fn adjustments(c: &Claim) -> Vec<(String, String, u128)> {
    c.lines[0]
        .adjustments
        .iter()
        .map(|x| (x.group.code().to_string(), x.reason.code(), x.amount.u128()))
        .collect()
}

#[test]
fn a_video_visit_is_consented_recorded_prescribed_dispensed_and_paid() {
    let World {
        mut suite,
        plan,
        chart,
    } = world();
    let a = suite.actors.clone();
    let t0 = suite.now();

    // The licensure the credentialing authority set.
    let lic: Option<LicensureInfo> = suite
        .ehr()
        .query(&ehr::QueryMsg::Licensure {
            address: a.clinician.to_string(),
        })
        .unwrap();
    let lic = lic.unwrap();
    assert_eq!(lic.jurisdictions, vec!["NY", "NJ"]);
    assert_eq!(lic.compacts, vec![InterstateCompact::Imlc]);
    assert_eq!(lic.set_by, a.credentialing);

    // 1. The patient, in New York, books a video visit: no access yet.
    let msg = book_msg(&suite, &a.clinician, VisitModality::VirtualVideo, "NY");
    let booked = suite.ehr().execute(&a.patient, &msg).unwrap();
    assert_eq!(attr(&booked, "encounter_class"), "VR");
    assert_eq!(attr(&booked, "modality"), "video");
    let v = id(&booked, "visit_id");
    assert_eq!(visit(&suite, v).status, VisitStatus::Booked);
    assert!(
        !suite
            .ehr()
            .check_read(&a.patient, &a.clinician, PurposeOfUse::Treatment, chart)
            .unwrap()
            .allowed
    );

    // 2. The patient consents (the informed-consent document by hash): a grant from the visit's
    //    start to its end, not before.
    let consented = consent(&mut suite, &a.patient, v).unwrap();
    let grant_id = id(&consented, "grant_id");
    let grant = suite.ehr().grant(grant_id).unwrap();
    assert_eq!(grant.policy_hash, Some(consent_doc()));
    assert_eq!(grant.starts_at, t0.plus_seconds(LEAD));
    assert_eq!(grant.expires_at, Some(t0.plus_seconds(LEAD + LENGTH)));
    let info = visit(&suite, v);
    assert_eq!(
        (info.status, info.consent_grant_id, info.access_open),
        (VisitStatus::Consented, Some(grant_id), false)
    );
    assert!(
        !suite
            .ehr()
            .check_read(&a.patient, &a.clinician, PurposeOfUse::Treatment, chart)
            .unwrap()
            .allowed,
        "no access before the visit starts"
    );

    // 3. The visit starts; the clinician reviews the chart (a recorded disclosure).
    suite.advance_seconds(LEAD);
    assert!(visit(&suite, v).access_open);
    suite
        .ehr()
        .record_access(&a.clinician, &a.patient, chart, PurposeOfUse::Treatment)
        .unwrap();

    // 4. The encounter record (class virtual, the visit's modality) and the e-prescription: a
    //    MedicationRequest in the chart, its hash anchored in drug-provenance with the visit id.
    let enc = record_encounter(&mut suite, &a.clinician, v).unwrap();
    assert_eq!(attr(&enc, "encounter_class"), "VR");
    let enc = id(&enc, "record_id");
    let encounter = suite.ehr().record(enc).unwrap();
    assert_eq!(
        (encounter.resource_type, encounter.custodian.clone()),
        (FhirResourceType::Encounter, a.clinician.clone())
    );
    let rx_record = suite
        .ehr()
        .add_record(
            &a.clinician,
            &a.patient,
            "MedicationRequest/erx-7731",
            FhirResourceType::MedicationRequest,
            &[],
        )
        .unwrap();
    let erx_hash = suite.ehr().record(rx_record).unwrap().content.sha256;
    let expires_at = suite.now().plus_days(30);
    let anchored = suite
        .drug()
        .execute(
            &a.clinician,
            &dp::ExecuteMsg::AnchorPrescription {
                erx_hash: erx_hash.clone(),
                visit_id: Some(v),
                fills_written: 1,
                expires_at,
            },
        )
        .unwrap();
    let rx = id(&anchored, "prescription_id");
    let p = prescription(&suite, rx);
    assert_eq!(
        (
            p.erx_hash,
            p.prescriber,
            p.visit_id,
            p.fills_written,
            p.fills_used,
            p.fillable
        ),
        (erx_hash, a.clinician.clone(), Some(v), 1, 0, true)
    );

    // 5. The clinician hangs up: access ends at once (not at the visit's end).
    let ended = end_visit(&mut suite, &a.clinician, v).unwrap();
    assert_eq!(attr(&ended, "reason"), "purpose_fulfilled");
    let info = visit(&suite, v);
    assert_eq!(
        (info.status, info.access_open, info.held),
        (VisitStatus::Ended, false, true)
    );
    assert_eq!(info.encounter_record_id, Some(enc));
    assert!(
        !suite
            .ehr()
            .check_read(&a.patient, &a.clinician, PurposeOfUse::Treatment, chart)
            .unwrap()
            .allowed
    );

    // 6. The patient lets the clinician bill the encounter and the pharmacy read and bill the
    //    prescription; the pharmacy reads it and dispenses a pack against the prescription.
    billing_grant(&mut suite, &a.clinician, enc, FhirResourceType::Encounter);
    billing_grant(
        &mut suite,
        &a.pharmacy,
        rx_record,
        FhirResourceType::MedicationRequest,
    );
    suite
        .ehr()
        .record_access(&a.pharmacy, &a.patient, rx_record, PurposeOfUse::Treatment)
        .unwrap();
    let dispensed = suite
        .drug()
        .execute(
            &a.pharmacy,
            &dp::ExecuteMsg::DispensePrescription {
                unit: unit(GTIN, SERIALS[0]),
                prescription_id: rx,
            },
        )
        .unwrap();
    assert_eq!(attr(&dispensed, "outcome"), "dispensed");
    assert_eq!(attr(&dispensed, "fill_number"), "1");
    let f = fill(&suite, SERIALS[0]).unwrap();
    assert_eq!(
        (f.prescription_id, f.fill_number, f.dispenser, f.visit_id),
        (rx, 1, a.pharmacy.clone(), Some(v))
    );
    assert!(f.filled_at < f.prescription_expires_at);
    assert!(!prescription(&suite, rx).fillable);
    let dispense_day = suite.now();

    // 7. The clinician's telehealth claim (home, modifier 95, the visit): paid at parity,
    //    allowed 200, the plan pays 160 and the member owes 40.
    let before = suite.balance(&a.clinician);
    let c = suite
        .claims()
        .submit(
            &a.clinician,
            tele_claim(
                plan,
                &a.patient,
                t0.plus_seconds(LEAD),
                enc,
                Some(v),
                "10",
                &["95"],
            ),
        )
        .unwrap();
    assert_eq!(c.status, ClaimStatus::Paid);
    assert_eq!(c.visit_id, Some(v));
    assert_eq!(
        (c.lines[0].status, c.lines[0].allowed, c.lines[0].paid),
        (LineStatus::Paid, Uint128::new(200), Uint128::new(160))
    );
    assert_eq!(suite.balance(&a.clinician), before + Uint128::new(160));

    // 8. After the undo window, the pharmacy's claim for the pack: paid (50 less a 10 copay).
    suite.advance_seconds(AFTER_UNDO_WINDOW);
    let before = suite.balance(&a.pharmacy);
    let pc = suite
        .claims()
        .submit(
            &a.pharmacy,
            claim(
                plan,
                &a.patient,
                dispense_day,
                rx_record,
                vec![drug_line("J3490", 80, GTIN, SERIALS[0])],
            ),
        )
        .unwrap();
    assert_eq!(pc.status, ClaimStatus::Paid);
    assert_eq!(pc.lines[0].paid, Uint128::new(40));
    assert_eq!(suite.balance(&a.pharmacy), before + Uint128::new(40));

    // 9. The patient's accounting lists every disclosure: the chart review and the pharmacy's
    //    read of the prescription.
    let now = suite.now();
    let log = suite.ehr().accounting(&a.patient, t0, now).unwrap();
    let seen: Vec<(Addr, u64, PurposeOfUse)> = log
        .disclosures
        .iter()
        .map(|d| (d.actor.clone(), d.record_id, d.purpose))
        .collect();
    assert_eq!(
        seen,
        vec![
            (a.clinician.clone(), chart, PurposeOfUse::Treatment),
            (a.pharmacy.clone(), rx_record, PurposeOfUse::Treatment),
        ]
    );
}

#[test]
fn an_unlicensed_jurisdiction_is_refused_at_booking_consent_and_encounter() {
    let World { mut suite, .. } = world();
    let a = suite.actors.clone();
    // Not licensed in California; the ER clinician is licensed nowhere.
    let ca = book_msg(&suite, &a.clinician, VisitModality::VirtualVideo, "CA");
    assert_eq!(
        err(suite.ehr().execute(&a.patient, &ca)),
        format!("clinician {} is not licensed in CA", a.clinician)
    );
    let er = book_msg(&suite, &a.er_clinician, VisitModality::VirtualVideo, "NY");
    assert_eq!(
        err(suite.ehr().execute(&a.patient, &er)),
        format!("clinician {} is not licensed in NY", a.er_clinician)
    );
    // A pharmacy (an organisation) holds no clinician's licence.
    let org = book_msg(&suite, &a.pharmacy, VisitModality::VirtualVideo, "NY");
    assert_eq!(
        err(suite.ehr().execute(&a.patient, &org)),
        format!("{} is not a registered clinician", a.pharmacy)
    );
    // Licensed at booking, no longer at consent: the consent is refused.
    let ny = book_msg(&suite, &a.clinician, VisitModality::VirtualVideo, "NY");
    let v = id(&suite.ehr().execute(&a.patient, &ny).unwrap(), "visit_id");
    suite
        .ehr()
        .execute(&a.credentialing, &licensure(&a.clinician, &["NJ"], &[]))
        .unwrap();
    assert_eq!(
        err(consent(&mut suite, &a.patient, v)),
        format!("clinician {} is not licensed in NY", a.clinician)
    );
    // Licensed again, consented; licence withdrawn during the visit: no encounter is written.
    suite
        .ehr()
        .execute(&a.credentialing, &licensure(&a.clinician, &["NY"], &[]))
        .unwrap();
    consent(&mut suite, &a.patient, v).unwrap();
    suite.advance_seconds(LEAD);
    suite
        .ehr()
        .execute(&a.credentialing, &licensure(&a.clinician, &[], &[]))
        .unwrap();
    assert_eq!(
        err(record_encounter(&mut suite, &a.clinician, v)),
        format!("clinician {} is not licensed in NY", a.clinician)
    );
}

#[test]
fn a_prescription_is_filled_no_more_than_written_nor_after_expiry() {
    let World { mut suite, .. } = world();
    let a = suite.actors.clone();
    let anchor = |suite: &mut Suite, doc: &[u8], fills: u8, days: u64| {
        let expires_at = suite.now().plus_days(days);
        let r = suite
            .drug()
            .execute(
                &a.clinician,
                &dp::ExecuteMsg::AnchorPrescription {
                    erx_hash: Sha256Hash::digest(doc),
                    visit_id: None,
                    fills_written: fills,
                    expires_at,
                },
            )
            .unwrap();
        id(&r, "prescription_id")
    };
    let dispense = |suite: &mut Suite, serial: &str, rx: u64| {
        suite.drug().execute(
            &a.pharmacy,
            &dp::ExecuteMsg::DispensePrescription {
                unit: unit(GTIN, serial),
                prescription_id: rx,
            },
        )
    };
    let rx = anchor(&mut suite, b"erx-one-fill", 1, 30);
    dispense(&mut suite, SERIALS[0], rx).unwrap();
    // A second fill: refused, the pack stays on the shelf.
    assert_eq!(
        err(dispense(&mut suite, SERIALS[1], rx)),
        format!("prescription {rx} has no fill left (1 written)")
    );
    assert!(fill(&suite, SERIALS[1]).is_none());
    // The same pack presented again against the prescription: an alert, no fill used.
    let again = dispense(&mut suite, SERIALS[0], rx);
    assert!(again.is_err(), "no fill is left for a second attempt");
    // An undone dispense gives its fill back; the pack can then be filled again.
    suite
        .drug()
        .undo_dispense(&a.pharmacy, GTIN, SERIALS[0])
        .unwrap();
    assert!(fill(&suite, SERIALS[0]).is_none());
    assert_eq!(prescription(&suite, rx).fills_used, 0);
    dispense(&mut suite, SERIALS[1], rx).unwrap();
    assert_eq!(fill(&suite, SERIALS[1]).unwrap().fill_number, 1);
    // Expired: refused.
    let short = anchor(&mut suite, b"erx-two-fills", 2, 1);
    suite.advance_days(2);
    assert!(!prescription(&suite, short).fillable);
    assert_eq!(
        err(dispense(&mut suite, SERIALS[2], short)),
        format!(
            "prescription {short} expired at {}",
            prescription(&suite, short).expires_at
        )
    );
    // Unknown prescription.
    assert_eq!(
        err(dispense(&mut suite, SERIALS[2], 99)),
        "prescription 99 not found"
    );
}

#[test]
fn a_claim_for_a_visit_that_never_happened_is_refused_or_denied() {
    let World {
        mut suite, plan, ..
    } = world();
    let a = suite.actors.clone();
    // The visit is on the second day of coverage; besides the encounter, the clinician writes
    // an undated note (a record without a clinical period supports nearby days too).
    suite.advance_days(1);
    let held = consented_visit(&mut suite);
    let enc = id(
        &record_encounter(&mut suite, &a.clinician, held).unwrap(),
        "record_id",
    );
    let note = suite
        .ehr()
        .add_record(
            &a.clinician,
            &a.patient,
            "Observation/tele-note",
            FhirResourceType::Observation,
            &[],
        )
        .unwrap();
    end_visit(&mut suite, &a.clinician, held).unwrap();
    billing_grant(&mut suite, &a.clinician, enc, FhirResourceType::Encounter);
    billing_grant(
        &mut suite,
        &a.clinician,
        note,
        FhirResourceType::Observation,
    );
    let dos = visit(&suite, held).starts_at;
    let submit = |suite: &mut Suite, c: ce::ClaimSubmission| suite.claims().submit(&a.clinician, c);
    let denial = |c: &Claim| {
        assert_eq!(c.lines[0].status, LineStatus::Denied, "{c:?}");
        let adj = &c.lines[0].adjustments[0];
        (
            adj.group.code().to_string(),
            adj.reason.code(),
            adj.rarc.clone(),
        )
    };
    // A visit id ehr-registry never issued: the submission is refused.
    let e = submit(
        &mut suite,
        tele_claim(plan, &a.patient, dos, enc, Some(77), "10", &["95"]),
    )
    .unwrap_err();
    assert!(
        root_error(&e).contains("visit 77 not found"),
        "{}",
        root_error(&e)
    );
    // No visit named: CO-252 (M127).
    let c = submit(
        &mut suite,
        tele_claim(plan, &a.patient, dos, enc, None, "10", &["95"]),
    )
    .unwrap();
    assert_eq!(denial(&c), ("CO".into(), "252".into(), Some("M127".into())));
    // A visit booked and cancelled before consent never took place: CO-252.
    let msg = book_msg(&suite, &a.clinician, VisitModality::VirtualVideo, "NY");
    let cancelled = id(&suite.ehr().execute(&a.patient, &msg).unwrap(), "visit_id");
    end_visit(&mut suite, &a.patient, cancelled).unwrap();
    assert_eq!(visit(&suite, cancelled).status, VisitStatus::Cancelled);
    let c = submit(
        &mut suite,
        tele_claim(plan, &a.patient, dos, enc, Some(cancelled), "02", &["95"]),
    )
    .unwrap();
    assert_eq!(denial(&c).1, "252");
    // Another day than the visit's: CO-16 (M52), on the undated note; on the encounter (dated
    // the visit's day) the claim is denied at eligibility already (CO-252).
    let day_before = dos.minus_seconds(86_400);
    let c = submit(
        &mut suite,
        tele_claim(
            plan,
            &a.patient,
            day_before,
            note,
            Some(held),
            "10",
            &["95"],
        ),
    )
    .unwrap();
    assert_eq!(denial(&c), ("CO".into(), "16".into(), Some("M52".into())));
    let c = submit(
        &mut suite,
        tele_claim(plan, &a.patient, day_before, enc, Some(held), "10", &["95"]),
    )
    .unwrap();
    assert_eq!(denial(&c).1, "252");
    // Billed by a rival clinician who did not hold it: CO-252.
    billing_grant(
        &mut suite,
        &a.er_clinician,
        enc,
        FhirResourceType::Encounter,
    );
    // (sent as is: the suite's `submit` would name the clinician as rendering provider)
    let r = suite
        .claims()
        .execute(
            &a.er_clinician,
            &ce::ExecuteMsg::SubmitClaim(tele_claim(
                plan,
                &a.patient,
                dos,
                enc,
                Some(held),
                "10",
                &["95"],
            )),
        )
        .unwrap();
    let c = suite.claims().claim(id(&r, "claim_id")).unwrap();
    assert_eq!(denial(&c).1, "252");
    // Audio-only billed on a video visit: CO-4; a code the plan does not cover by telehealth:
    // CO-96 (N130).
    let c = submit(
        &mut suite,
        tele_claim(plan, &a.patient, dos, enc, Some(held), "10", &["93"]),
    )
    .unwrap();
    assert_eq!(denial(&c).1, "96", "audio-only is not covered by this plan");
    suite
        .claims()
        .execute(
            &a.insurer,
            &rules_msg(
                plan,
                TelehealthRules {
                    audio_only_covered: true,
                    ..parity_rules()
                },
            ),
        )
        .unwrap();
    let c = submit(
        &mut suite,
        tele_claim(plan, &a.patient, dos, enc, Some(held), "10", &["93"]),
    )
    .unwrap();
    assert_eq!(denial(&c), ("CO".into(), "4".into(), None));
    let mut lab = tele_claim(plan, &a.patient, dos, enc, Some(held), "10", &["95"]);
    lab.lines[0].procedure_code = "80053".into();
    let c = submit(&mut suite, lab).unwrap();
    assert_eq!(denial(&c), ("CO".into(), "96".into(), Some("N130".into())));
    // The home not covered: CO-58; a distinct fee: priced by it.
    suite
        .claims()
        .execute(
            &a.insurer,
            &rules_msg(
                plan,
                TelehealthRules {
                    home_covered: false,
                    payment: TelehealthPayment::DistinctFee {
                        fee_per_unit: Uint128::new(150),
                    },
                    ..parity_rules()
                },
            ),
        )
        .unwrap();
    let c = submit(
        &mut suite,
        tele_claim(plan, &a.patient, dos, enc, Some(held), "10", &["95"]),
    )
    .unwrap();
    assert_eq!(denial(&c), ("CO".into(), "58".into(), None));
    let c = submit(
        &mut suite,
        tele_claim(plan, &a.patient, dos, enc, Some(held), "02", &["95"]),
    )
    .unwrap();
    assert_eq!(
        (c.lines[0].status, c.lines[0].allowed, c.lines[0].paid),
        (LineStatus::Paid, Uint128::new(150), Uint128::new(120))
    );
    assert_eq!(adjustments(&c)[0], ("CO".into(), "45".into(), 100));
    // Without telehealth rules, a telehealth line is not covered.
    suite
        .claims()
        .execute(
            &a.insurer,
            &ce::ExecuteMsg::SetTelehealthRules {
                plan_id: plan,
                rules: None,
            },
        )
        .unwrap();
    let r: TelehealthRulesResponse = suite
        .claims()
        .query(&ce::QueryMsg::TelehealthRules { plan_id: plan })
        .unwrap();
    assert_eq!(r.rules, None);
}

#[test]
fn access_ends_at_hang_up_by_either_side() {
    let World {
        mut suite, chart, ..
    } = world();
    let a = suite.actors.clone();
    for hangs_up in [a.clinician.clone(), a.patient.clone()] {
        let v = consented_visit(&mut suite);
        suite
            .ehr()
            .record_access(&a.clinician, &a.patient, chart, PurposeOfUse::Treatment)
            .unwrap();
        end_visit(&mut suite, &hangs_up, v).unwrap();
        // The very next read is refused, by the query and by the recorded disclosure alike.
        assert!(
            !suite
                .ehr()
                .check_read(&a.patient, &a.clinician, PurposeOfUse::Treatment, chart)
                .unwrap()
                .allowed
        );
        assert!(suite
            .ehr()
            .record_access(&a.clinician, &a.patient, chart, PurposeOfUse::Treatment)
            .is_err());
        assert_eq!(
            err(record_encounter(&mut suite, &a.clinician, v)),
            format!("visit {v} is over")
        );
        let grant_id = visit(&suite, v).consent_grant_id.unwrap();
        let grant = suite.ehr().grant(grant_id).unwrap();
        assert_eq!(grant.revocation.unwrap().by, hangs_up);
        // Ended once: a second hang-up is refused.
        assert_eq!(
            err(end_visit(&mut suite, &hangs_up, v)),
            format!("visit {v} is already ended")
        );
    }
    // Without a hang-up, access ends with the visit's window.
    let v = consented_visit(&mut suite);
    suite.advance_seconds(LENGTH);
    assert!(!visit(&suite, v).access_open);
    assert_eq!(visit(&suite, v).status, VisitStatus::Ended);
    assert!(
        !suite
            .ehr()
            .check_read(&a.patient, &a.clinician, PurposeOfUse::Treatment, chart)
            .unwrap()
            .allowed
    );
}

#[test]
fn attackers_of_the_ehr_telehealth_messages_are_refused() {
    let World {
        mut suite, chart, ..
    } = world();
    let a = suite.actors.clone();
    let ehr_addr = suite.ehr_addr.clone();
    let unauthorized = |role: &str| format!("unauthorized: {role} required");

    // set_licensure: the clinician itself, a typo, a duplicate, a non-clinician.
    for (sender, msg, expected) in [
        (
            a.clinician.clone(),
            licensure(&a.clinician, &["CA"], &[]),
            unauthorized("credentialing authority"),
        ),
        (
            a.credentialing.clone(),
            licensure(&a.clinician, &["ny"], &[]),
            "invalid input: jurisdictions is malformed: \"ny\" is not a US state or territory code (USPS, e.g. \"NY\")".to_string(),
        ),
        (
            a.credentialing.clone(),
            licensure(&a.clinician, &["NY", "NY"], &[]),
            "invalid input: jurisdictions has a duplicate entry: \"NY\"".to_string(),
        ),
        (
            a.credentialing.clone(),
            licensure(&a.hospital, &["NY"], &[]),
            format!("{} is not a registered clinician", a.hospital),
        ),
    ] {
        let before = suite.snapshot(&ehr_addr);
        let e = err(suite.ehr().execute(&sender, &msg));
        assert!(
            e.to_lowercase() == expected.to_lowercase() || e.contains("jurisdictions"),
            "{e} / {expected}"
        );
        assert!(suite.snapshot(&ehr_addr) == before);
    }

    // book_visit: a stranger for the patient, the rival for the patient with the clinician, a
    // window in the past or too long, a typo'd jurisdiction, an unregistered patient.
    let ok = book_msg(&suite, &a.clinician, VisitModality::VirtualVideo, "NY");
    assert_eq!(
        err(suite.ehr().execute(&a.stranger, &ok)),
        unauthorized("the patient or the visit's clinician")
    );
    assert_eq!(
        err(suite.ehr().execute(&a.er_clinician, &ok)),
        unauthorized("the patient or the visit's clinician")
    );
    let now = suite.now();
    for (starts, ends) in [
        (now.minus_seconds(60), now.plus_seconds(600)),
        (now.plus_seconds(60), now.plus_seconds(60)),
        (now.plus_seconds(60), now.plus_seconds(60 + 8 * 3600 + 1)),
        (now.plus_days(366), now.plus_days(366).plus_seconds(600)),
    ] {
        let mut m = ok.clone();
        if let ehr::ExecuteMsg::BookVisit {
            starts_at, ends_at, ..
        } = &mut m
        {
            *starts_at = starts;
            *ends_at = ends;
        }
        assert!(err(suite.ehr().execute(&a.patient, &m)).starts_with("invalid visit window"));
    }
    let typo = book_msg(&suite, &a.clinician, VisitModality::VirtualVideo, "N.Y.");
    assert!(err(suite.ehr().execute(&a.patient, &typo)).contains("not a US state"));
    let mut stranger_books = ok.clone();
    if let ehr::ExecuteMsg::BookVisit { patient, .. } = &mut stranger_books {
        *patient = a.stranger.to_string();
    }
    assert_eq!(
        err(suite.ehr().execute(&a.stranger, &stranger_books)),
        format!("patient {} is not registered", a.stranger)
    );
    // The clinician may book for the patient.
    let v = id(&suite.ehr().execute(&a.clinician, &ok).unwrap(), "visit_id");
    assert_eq!(visit(&suite, v).booked_by, a.clinician);

    // consent_to_visit: the clinician, the rival, a delegate beyond its scope; then twice;
    // late.
    assert_eq!(
        err(consent(&mut suite, &a.clinician, v)),
        unauthorized("the patient or a delegate managing grants")
    );
    assert_eq!(
        err(consent(&mut suite, &a.er_clinician, v)),
        unauthorized("the patient or a delegate managing grants")
    );
    // The spouse manages the patient's grants but only for reads: consenting to a visit (read
    // and write) exceeds its scope. A delegate managing grants for both may consent.
    let appoint = |actions: Vec<AccessAction>| ehr::ExecuteMsg::AppointDelegate {
        delegate: a.spouse.to_string(),
        relationship: DelegateRelationship::PowerOfAttorney,
        scope: Scope {
            actions,
            purposes: vec![],
            resource_types: vec![],
            labels: vec![],
        },
        manage_grants: true,
        expires_at: None,
    };
    suite
        .ehr()
        .execute(&a.patient, &appoint(vec![AccessAction::Read]))
        .unwrap();
    assert_eq!(
        err(consent(&mut suite, &a.spouse, v)),
        "the grant exceeds the delegate's scope: actions"
    );
    suite
        .ehr()
        .execute(
            &a.patient,
            &appoint(vec![AccessAction::Read, AccessAction::Write]),
        )
        .unwrap();
    consent(&mut suite, &a.spouse, v).unwrap();
    assert_eq!(
        err(consent(&mut suite, &a.patient, v)),
        format!("visit {v} is already consented")
    );
    let late = id(&suite.ehr().execute(&a.patient, &ok).unwrap(), "visit_id");
    suite.advance_seconds(LEAD + LENGTH);
    assert_eq!(
        err(consent(&mut suite, &a.patient, late)),
        format!("visit {late} is over")
    );
    assert_eq!(
        err(consent(&mut suite, &a.patient, 404)),
        "visit 404 not found"
    );

    // record_encounter: before consent, by the rival or the patient, twice.
    let msg = book_msg(&suite, &a.clinician, VisitModality::VirtualAudioOnly, "NJ");
    let v = id(&suite.ehr().execute(&a.patient, &msg).unwrap(), "visit_id");
    suite.advance_seconds(LEAD);
    assert_eq!(
        err(record_encounter(&mut suite, &a.clinician, v)),
        format!("visit {v} is not in progress")
    );
    consent(&mut suite, &a.patient, v).unwrap();
    for who in [&a.er_clinician, &a.patient, &a.stranger] {
        assert_eq!(
            err(record_encounter(&mut suite, who, v)),
            unauthorized("the visit's clinician")
        );
    }
    // The rival has no access to the patient's chart through this visit.
    assert!(
        !suite
            .ehr()
            .check_read(&a.patient, &a.er_clinician, PurposeOfUse::Treatment, chart)
            .unwrap()
            .allowed
    );
    let r = record_encounter(&mut suite, &a.clinician, v).unwrap();
    assert_eq!(attr(&r, "modality"), "audio_only");
    assert_eq!(
        err(record_encounter(&mut suite, &a.clinician, v)),
        format!("visit {v} is already recorded")
    );

    // end_visit: a stranger, the rival, the delegate.
    for who in [&a.stranger, &a.er_clinician, &a.spouse] {
        assert_eq!(
            err(end_visit(&mut suite, who, v)),
            unauthorized("the visit's patient or clinician")
        );
    }
    assert!(visit(&suite, v).access_open);
    end_visit(&mut suite, &a.patient, v).unwrap();
    assert_eq!(
        err(end_visit(&mut suite, &a.patient, 404)),
        "visit 404 not found"
    );
}

#[test]
fn attackers_of_the_prescription_messages_are_refused() {
    let World { mut suite, .. } = world();
    let a = suite.actors.clone();
    let drug_addr = suite.drug_addr.clone();
    let anchor =
        |hash: &[u8], fills: u8, expires_at: Timestamp| dp::ExecuteMsg::AnchorPrescription {
            erx_hash: Sha256Hash::digest(hash),
            // In person: the visit checks are in tests/telehealth_pool.rs.
            visit_id: None,
            fills_written: fills,
            expires_at,
        };
    let in_30 = suite.now().plus_days(30);

    // set_prescriber: only the owner or the regulator.
    for who in [&a.stranger, &a.clinician, &a.pharmacy] {
        let msg = prescriber_msg(who, true, &suite);
        let before = suite.snapshot(&drug_addr);
        assert_eq!(
            err(suite.drug().execute(who, &msg)),
            "caller is neither the owner nor the regulator"
        );
        assert!(suite.snapshot(&drug_addr) == before);
    }
    let p: Option<PrescriberResponse> = suite
        .drug()
        .query(&dp::QueryMsg::Prescriber {
            address: a.clinician.to_string(),
        })
        .unwrap();
    assert!(p.unwrap().may_prescribe);

    // anchor_prescription: not a prescriber (the pharmacy, the rival), bad fills, past expiry,
    // too far, twice.
    for who in [&a.pharmacy, &a.er_clinician, &a.stranger] {
        assert_eq!(
            err(suite.drug().execute(who, &anchor(b"erx-a", 1, in_30))),
            format!("{who} is not an active registered prescriber")
        );
    }
    for (fills, expires_at) in [
        (0, in_30),
        (13, in_30),
        (1, suite.now()),
        (1, suite.now().plus_days(367)),
    ] {
        assert!(err(suite
            .drug()
            .execute(&a.clinician, &anchor(b"erx-a", fills, expires_at)))
        .starts_with("invalid prescription"));
    }
    suite
        .drug()
        .execute(&a.clinician, &anchor(b"erx-a", 1, in_30))
        .unwrap();
    assert!(err(suite
        .drug()
        .execute(&a.clinician, &anchor(b"erx-a", 2, in_30)))
    .contains("is already anchored as prescription 1"));
    // A typo'd hash is refused before anything is stored.
    let bad = dp::ExecuteMsg::AnchorPrescription {
        erx_hash: Sha256Hash("not-a-hash".into()),
        visit_id: None,
        fills_written: 1,
        expires_at: in_30,
    };
    assert!(err(suite.drug().execute(&a.clinician, &bad)).contains("erx_hash"));
    // A deactivated prescriber anchors nothing more; its prescription stays fillable.
    let off = prescriber_msg(&a.clinician, false, &suite);
    suite.drug().execute(&a.regulator, &off).unwrap();
    assert!(err(suite
        .drug()
        .execute(&a.clinician, &anchor(b"erx-b", 1, in_30)))
    .contains("is not an active registered prescriber"));
    assert!(prescription(&suite, 1).fillable);

    // dispense_prescription: only a dispenser (not the prescriber, not the manufacturer).
    for who in [&a.clinician, &a.manufacturer, &a.stranger] {
        let r = suite.drug().execute(
            who,
            &dp::ExecuteMsg::DispensePrescription {
                unit: unit(GTIN, SERIALS[0]),
                prescription_id: 1,
            },
        );
        assert!(r.is_err(), "{who} dispensed");
    }
    assert_eq!(prescription(&suite, 1).fills_used, 0);
}

#[test]
fn attackers_of_the_telehealth_rules_are_refused() {
    let World {
        mut suite, plan, ..
    } = world();
    let a = suite.actors.clone();
    let claims_addr = suite.claims_addr.clone();
    let cases = [
        (a.stranger.clone(), parity_rules(), "unauthorized"),
        (a.clinician.clone(), parity_rules(), "unauthorized"),
        (a.adjuster.clone(), parity_rules(), "unauthorized"),
        (
            a.insurer.clone(),
            TelehealthRules {
                covered_codes: vec![],
                ..parity_rules()
            },
            "covered_codes",
        ),
        (
            a.insurer.clone(),
            TelehealthRules {
                covered_codes: vec!["99214".into()],
                ..parity_rules()
            },
            "not in the plan's fee schedule",
        ),
        (
            a.insurer.clone(),
            TelehealthRules {
                covered_codes: vec!["9921".into()],
                ..parity_rules()
            },
            "covered_codes",
        ),
        (
            a.insurer.clone(),
            TelehealthRules {
                payment: TelehealthPayment::DistinctFee {
                    fee_per_unit: Uint128::zero(),
                },
                ..parity_rules()
            },
            "distinct fee",
        ),
    ];
    for (sender, rules, expected) in cases {
        let before = suite.snapshot(&claims_addr);
        let e = err(suite.claims().execute(&sender, &rules_msg(plan, rules)));
        assert!(e.contains(expected), "{e} / {expected}");
        assert!(suite.snapshot(&claims_addr) == before);
    }
    let e = err(suite
        .claims()
        .execute(&a.insurer, &rules_msg(404, parity_rules())));
    assert!(e.contains("404"), "{e}");
    let r: TelehealthRulesResponse = suite
        .claims()
        .query(&ce::QueryMsg::TelehealthRules { plan_id: plan })
        .unwrap();
    assert_eq!(r.rules, Some(parity_rules()));
}

/// The on-call story: the hospital's on-call pool (the clinician and the ER clinician, both
/// licensed in NY) is booked instead of a named clinician; the patient consents to the pool;
/// the ER clinician triages the chart through the pool; the clinician takes the visit (the
/// pool's access ends at once), writes the encounter and an e-prescription that
/// drug-provenance checks against the visit (its clinician, its window), and hangs up. The
/// pharmacy dispenses against it; the clinician's telehealth claim is paid, the ER clinician's
/// claim for the same visit is denied (it did not hold it), the pharmacy's claim is paid; the
/// patient's accounting shows the triage read, the chart review and the pharmacy's read.
#[test]
fn an_on_call_visit_is_taken_prescribed_checked_dispensed_and_paid() {
    let World {
        mut suite,
        plan,
        chart,
    } = world();
    let a = suite.actors.clone();
    let t0 = suite.now();
    suite
        .ehr()
        .execute(&a.credentialing, &licensure(&a.er_clinician, &["NY"], &[]))
        .unwrap();
    let team = suite
        .ehr()
        .execute(
            &a.hospital,
            &ehr::ExecuteMsg::CreateTeam {
                kind: ehr::TeamKind::Organization,
            },
        )
        .unwrap();
    let pool = id(&team, "team_id");
    suite
        .ehr()
        .execute(
            &a.hospital,
            &ehr::ExecuteMsg::UpdateTeamMembers {
                team_id: pool,
                add: vec![a.clinician.to_string(), a.er_clinician.to_string()],
                remove: vec![],
            },
        )
        .unwrap();

    // 1. The patient books a video visit with the pool and consents to it: the pool's grant.
    let starts = suite.now().plus_seconds(LEAD);
    let booked = suite
        .ehr()
        .execute(
            &a.patient,
            &ehr::ExecuteMsg::BookOnCallVisit {
                patient: a.patient.to_string(),
                team_id: pool,
                modality: VisitModality::VirtualVideo,
                jurisdiction: "NY".into(),
                starts_at: starts,
                ends_at: starts.plus_seconds(LENGTH),
            },
        )
        .unwrap();
    let v = id(&booked, "visit_id");
    let pool_grant = id(&consent(&mut suite, &a.patient, v).unwrap(), "grant_id");
    suite.advance_seconds(LEAD);

    // 2. The ER clinician triages the chart through the pool (a recorded disclosure).
    let through_pool = |actor: &Addr| ehr::ExecuteMsg::RecordAccess {
        patient: a.patient.to_string(),
        record_id: chart,
        actor: actor.to_string(),
        action: AccessAction::Read,
        purpose: PurposeOfUse::Treatment,
        accounting_suspended_until: None,
        via_team: Some(pool),
    };
    suite
        .ehr()
        .execute(&a.er_clinician, &through_pool(&a.er_clinician))
        .unwrap();

    // 3. The clinician takes the visit: the pool's grant ends, the ER clinician's access too.
    let taken = suite
        .ehr()
        .execute(&a.clinician, &ehr::ExecuteMsg::TakeVisit { visit_id: v })
        .unwrap();
    assert_eq!(id(&taken, "pool_grant_id"), pool_grant);
    let info = visit(&suite, v);
    assert_eq!(
        (info.clinician.clone(), info.pool_grant_id),
        (Some(a.clinician.clone()), Some(pool_grant))
    );
    assert!(suite
        .ehr()
        .execute(&a.er_clinician, &through_pool(&a.er_clinician))
        .is_err());
    assert!(err(suite
        .ehr()
        .execute(&a.er_clinician, &ehr::ExecuteMsg::TakeVisit { visit_id: v }))
    .ends_with("is already taken"));

    // 4. The clinician reviews the chart, writes the encounter and the e-prescription: anchored
    //    only because drug-provenance found the visit held by this prescriber, in its window.
    suite
        .ehr()
        .record_access(&a.clinician, &a.patient, chart, PurposeOfUse::Treatment)
        .unwrap();
    let enc = id(
        &record_encounter(&mut suite, &a.clinician, v).unwrap(),
        "record_id",
    );
    let rx_record = suite
        .ehr()
        .add_record(
            &a.clinician,
            &a.patient,
            "MedicationRequest/erx-oncall",
            FhirResourceType::MedicationRequest,
            &[],
        )
        .unwrap();
    let erx_hash = suite.ehr().record(rx_record).unwrap().content.sha256;
    let anchor = |suite: &Suite, erx_hash: Sha256Hash| dp::ExecuteMsg::AnchorPrescription {
        erx_hash,
        visit_id: Some(v),
        fills_written: 1,
        expires_at: suite.now().plus_days(30),
    };
    // The ER clinician (a prescriber too) cannot write a prescription on the clinician's visit.
    let rival_rx = anchor(&suite, Sha256Hash::digest(b"erx-rival"));
    let er_prescriber = prescriber_msg(&a.er_clinician, true, &suite);
    suite.drug().execute(&a.regulator, &er_prescriber).unwrap();
    assert!(err(suite.drug().execute(&a.er_clinician, &rival_rx)).contains("was not held by"));
    let msg = anchor(&suite, erx_hash.clone());
    let rx = id(
        &suite.drug().execute(&a.clinician, &msg).unwrap(),
        "prescription_id",
    );
    assert_eq!(prescription(&suite, rx).visit_id, Some(v));

    // 5. Hang-up: access ends.
    end_visit(&mut suite, &a.clinician, v).unwrap();
    assert!(
        !suite
            .ehr()
            .check_read(&a.patient, &a.clinician, PurposeOfUse::Treatment, chart)
            .unwrap()
            .allowed
    );

    // 6. The pharmacy reads the prescription and dispenses against it.
    billing_grant(&mut suite, &a.clinician, enc, FhirResourceType::Encounter);
    billing_grant(
        &mut suite,
        &a.er_clinician,
        enc,
        FhirResourceType::Encounter,
    );
    billing_grant(
        &mut suite,
        &a.pharmacy,
        rx_record,
        FhirResourceType::MedicationRequest,
    );
    suite
        .ehr()
        .record_access(&a.pharmacy, &a.patient, rx_record, PurposeOfUse::Treatment)
        .unwrap();
    suite
        .drug()
        .execute(
            &a.pharmacy,
            &dp::ExecuteMsg::DispensePrescription {
                unit: unit(GTIN, SERIALS[0]),
                prescription_id: rx,
            },
        )
        .unwrap();
    assert_eq!(fill(&suite, SERIALS[0]).unwrap().visit_id, Some(v));
    let dispense_day = suite.now();

    // 7. The ER clinician bills the visit it triaged but did not hold: CO-252. The clinician
    //    who held it is paid.
    let dos = t0.plus_seconds(LEAD);
    let r = suite
        .claims()
        .execute(
            &a.er_clinician,
            &ce::ExecuteMsg::SubmitClaim(tele_claim(
                plan,
                &a.patient,
                dos,
                enc,
                Some(v),
                "10",
                &["95"],
            )),
        )
        .unwrap();
    let denied = suite.claims().claim(id(&r, "claim_id")).unwrap();
    assert_eq!(denied.lines[0].status, LineStatus::Denied);
    assert_eq!(denied.lines[0].adjustments[0].reason.code(), "252");
    let before = suite.balance(&a.clinician);
    let c = suite
        .claims()
        .submit(
            &a.clinician,
            tele_claim(plan, &a.patient, dos, enc, Some(v), "10", &["95"]),
        )
        .unwrap();
    assert_eq!(c.status, ClaimStatus::Paid);
    assert_eq!(suite.balance(&a.clinician), before + Uint128::new(160));

    // 8. After the undo window, the pharmacy's claim: paid.
    suite.advance_seconds(AFTER_UNDO_WINDOW);
    let pc = suite
        .claims()
        .submit(
            &a.pharmacy,
            claim(
                plan,
                &a.patient,
                dispense_day,
                rx_record,
                vec![drug_line("J3490", 80, GTIN, SERIALS[0])],
            ),
        )
        .unwrap();
    assert_eq!(pc.status, ClaimStatus::Paid);

    // 9. The patient's visit list and accounting: the triage read through the pool, the
    //    chart review, the pharmacy's read.
    let mine: ehr::VisitsResponse = suite
        .ehr()
        .query(&ehr::QueryMsg::VisitsByPatient {
            patient: a.patient.to_string(),
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(
        mine.visits.iter().map(|x| x.id).collect::<Vec<_>>(),
        vec![v]
    );
    let now = suite.now();
    let log = suite.ehr().accounting(&a.patient, t0, now).unwrap();
    let seen: Vec<(Addr, u64, Option<u64>)> = log
        .disclosures
        .iter()
        .map(|d| (d.actor.clone(), d.record_id, d.via_team))
        .collect();
    assert_eq!(
        seen,
        vec![
            (a.er_clinician.clone(), chart, Some(pool)),
            (a.clinician.clone(), chart, None),
            (a.pharmacy.clone(), rx_record, None),
        ]
    );
}

/// A rival provider names the real clinician as rendering provider to be paid for the
/// clinician's visit (a telehealth line) or office visit (on the clinician's record): refused at
/// submission, even with the patient's billing consent. The hospital, which the clinician
/// authorized to bill its services (reassignment), is paid; after the clinician ends the
/// authorization, the hospital's claim for a later visit is refused.
#[test]
fn a_rival_naming_the_clinician_as_rendering_provider_is_refused() {
    let World {
        mut suite, plan, ..
    } = world();
    let a = suite.actors.clone();
    let rival = a.er_clinician.clone();
    suite.advance_days(1);
    let v = consented_visit(&mut suite);
    let enc = id(
        &record_encounter(&mut suite, &a.clinician, v).unwrap(),
        "record_id",
    );
    end_visit(&mut suite, &a.clinician, v).unwrap();
    for who in [&rival, &a.hospital] {
        billing_grant(&mut suite, who, enc, FhirResourceType::Encounter);
    }
    let dos = visit(&suite, v).starts_at;
    let pool = suite.claims().pool(plan).unwrap().balance;
    let naming_clinician = |mut c: ce::ClaimSubmission| {
        c.rendering_provider = Some(a.clinician.to_string());
        c
    };
    // The telehealth line naming the clinician's visit.
    let tele = naming_clinician(tele_claim(
        plan,
        &a.patient,
        dos,
        enc,
        Some(v),
        "10",
        &["95"],
    ));
    let e = err(suite
        .claims()
        .execute(&rival, &ce::ExecuteMsg::SubmitClaim(tele.clone())));
    assert!(e.contains("may not bill for"), "{e}");
    // An office claim on the clinician's encounter record.
    let office = naming_clinician(claim(
        plan,
        &a.patient,
        dos,
        enc,
        vec![line("99213", 1, 250)],
    ));
    let e = err(suite
        .claims()
        .execute(&rival, &ce::ExecuteMsg::SubmitClaim(office)));
    assert!(e.contains("may not bill for"), "{e}");
    assert_eq!(suite.claims().pool(plan).unwrap().balance, pool);
    let rivals: ce::ClaimsResponse = suite
        .claims()
        .query(&ce::QueryMsg::Claims {
            member: None,
            provider: Some(rival.to_string()),
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert!(rivals.claims.is_empty());
    // The authorized hospital is paid for the clinician's visit.
    let c = suite.claims().submit(&a.hospital, tele).unwrap();
    assert_eq!(
        (c.provider.clone(), c.rendering_provider.clone()),
        (a.hospital.clone(), Some(a.clinician.clone()))
    );
    assert_eq!(c.lines[0].status, LineStatus::Paid, "{c:?}");
    assert_eq!(c.status, ClaimStatus::Paid);
    // The clinician ends it: the hospital's claim for a later visit is refused.
    suite
        .claims()
        .end_billing_authorization(&a.clinician, &a.clinician, &a.hospital)
        .unwrap();
    suite.advance_days(1);
    let later = consented_visit(&mut suite);
    let enc2 = id(
        &record_encounter(&mut suite, &a.clinician, later).unwrap(),
        "record_id",
    );
    end_visit(&mut suite, &a.clinician, later).unwrap();
    billing_grant(&mut suite, &a.hospital, enc2, FhirResourceType::Encounter);
    let dos2 = visit(&suite, later).starts_at;
    let tele2 = naming_clinician(tele_claim(
        plan,
        &a.patient,
        dos2,
        enc2,
        Some(later),
        "10",
        &["95"],
    ));
    let e = err(suite
        .claims()
        .execute(&a.hospital, &ce::ExecuteMsg::SubmitClaim(tele2)));
    assert!(e.contains("may not bill for"), "{e}");
}
