//! Pharmacy: a manufacturer commissions a lot of explicit serials and a lot committed as a Merkle
//! root, ships packs of both to a wholesaler (the Merkle packs carry their inclusion proofs on
//! their first move), which ships on to a pharmacy. The pharmacy dispenses a pack and bills it to
//! the patient's plan: claims-engine checks the pack in drug-provenance and pays. The same pack
//! billed again is denied, a counterfeit serial is denied, and after the lots are recalled a new
//! claim for a dispensed pack of them is denied while the recall-holders query finds every
//! remaining pack and who holds it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::{Addr, Timestamp};
use cw_health_testing::claims::{adjustment_codes, claim, drug_line, standard_plan};
use cw_health_testing::drug::{merkle_lot, proven_unit, unit, GTIN};
use cw_health_testing::ehr::permit;
use cw_health_testing::{root_error, Suite, SuiteBuilder};
use cw_health_types::claims_engine::{Claim, ClaimStatus, LineStatus, PaymentStatus};
use cw_health_types::drug_provenance::{
    AlertCode, RecallClass, ShipmentState, UnitHolder, UnitStatus,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse};

/// The explicit lot and its serials.
const LOT_A: &str = "LOT-A26";
const SERIALS_A: [&str; 3] = ["SN-A1", "SN-A2", "SN-A3"];
/// The Merkle lot and its serials (leaf order = this order).
const LOT_M: &str = "LOT-M26";
const SERIALS_M: [&str; 4] = ["M-0001", "M-0002", "M-0003", "M-0004"];
/// Both lots expire at the end of 2027.
const EXPIRY: &str = "271231";

/// What the story's setup leaves behind.
struct Pharmacy {
    suite: Suite,
    plan: u64,
    /// The prescription the pharmacy may read for treatment and payment.
    prescription: u64,
}

/// The insurer's plan (funded with 100,000, the patient covered), the patient's consent for the
/// clinician to prescribe and for the pharmacy to read the prescription to dispense and bill, and
/// the prescription itself.
fn setup() -> Pharmacy {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let start = suite.now();
    let plan = suite
        .claims()
        .create_plan(&a.insurer, standard_plan(start, &a.adjuster))
        .unwrap();
    suite.claims().fund_pool(&a.insurer, plan, 100_000).unwrap();
    suite
        .claims()
        .enroll(&a.insurer, plan, &a.patient, "FAM-1", start)
        .unwrap();
    suite
        .ehr()
        .grant_access(
            &a.patient,
            &a.patient,
            &a.clinician,
            permit(
                &[AccessAction::Read, AccessAction::Write],
                &[PurposeOfUse::Treatment],
            ),
            None,
        )
        .unwrap();
    suite
        .ehr()
        .grant_access(
            &a.patient,
            &a.patient,
            &a.pharmacy,
            permit(
                &[AccessAction::Read],
                &[PurposeOfUse::Treatment, PurposeOfUse::Payment],
            ),
            None,
        )
        .unwrap();
    let prescription = suite
        .ehr()
        .add_record(
            &a.clinician,
            &a.patient,
            "MedicationRequest/rx-1",
            FhirResourceType::MedicationRequest,
            &[],
        )
        .unwrap();
    Pharmacy {
        suite,
        plan,
        prescription,
    }
}

/// A recall-holders row.
/// The pharmacy bills one pack of J3490 at 80 for the patient.
fn bill_pack(
    suite: &mut Suite,
    pharmacy: &Addr,
    plan: u64,
    dos: Timestamp,
    prescription: u64,
    serial: &str,
) -> cosmwasm_std::StdResult<Claim> {
    let patient = suite.actors.patient.clone();
    suite.claims().submit(
        pharmacy,
        claim(
            plan,
            &patient,
            dos,
            prescription,
            vec![drug_line("J3490", 80, GTIN, serial)],
        ),
    )
}

fn holder(serial: &str, owner: &Addr, status: UnitStatus) -> UnitHolder {
    UnitHolder {
        serial: serial.into(),
        owner: owner.clone(),
        status,
        sscc: None,
    }
}

/// The whole supply chain and billing story (see the file's doc comment).
#[test]
fn a_dispensed_pack_is_paid_once_and_recalled_packs_are_found_and_refused() {
    let Pharmacy {
        mut suite,
        plan,
        prescription,
    } = setup();
    let a = suite.actors.clone();

    // The manufacturer commissions an explicit lot and a Merkle lot (one root for four serials).
    suite
        .drug()
        .commission(&a.manufacturer, GTIN, LOT_A, EXPIRY, &SERIALS_A)
        .unwrap();
    let (root, proofs) = merkle_lot(&SERIALS_M).unwrap();
    suite
        .drug()
        .commission_root(&a.manufacturer, GTIN, LOT_M, EXPIRY, root.clone(), 4)
        .unwrap();
    let lot_m = suite.drug().lot(GTIN, LOT_M).unwrap().unwrap();
    assert_eq!(lot_m.merkle_root, Some(root));
    assert_eq!((lot_m.serial_count, lot_m.units_on_ledger), (4, 0));
    // A Merkle pack that never moved is known only with its proof.
    assert_eq!(
        suite.drug().verify(GTIN, SERIALS_M[0]).unwrap().status,
        UnitStatus::Unknown
    );
    let proven = suite
        .drug()
        .verify_proven(GTIN, SERIALS_M[0], LOT_M, proofs[0].clone())
        .unwrap();
    assert_eq!(proven.status, UnitStatus::Active);
    assert_eq!(proven.owner, Some(a.manufacturer.clone()));

    // Manufacturer -> wholesaler: the three explicit packs and two Merkle packs with their proofs.
    let mut to_wholesaler: Vec<_> = SERIALS_A.iter().map(|s| unit(GTIN, s)).collect();
    to_wholesaler.push(proven_unit(GTIN, SERIALS_M[0], LOT_M, proofs[0].clone()));
    to_wholesaler.push(proven_unit(GTIN, SERIALS_M[1], LOT_M, proofs[1].clone()));
    let first = suite
        .drug()
        .ship(&a.manufacturer, &a.wholesaler, to_wholesaler)
        .unwrap();
    assert_eq!(
        suite.drug().verify(GTIN, SERIALS_M[1]).unwrap().status,
        UnitStatus::InTransit
    );
    suite.drug().receive(&a.wholesaler, first).unwrap();
    let shipment = suite.drug().shipment(first).unwrap();
    assert_eq!(shipment.state, ShipmentState::Received);
    assert_eq!(shipment.unit_count, 5);
    let lot_m = suite.drug().lot(GTIN, LOT_M).unwrap().unwrap();
    assert_eq!(lot_m.units_on_ledger, 2);

    // Wholesaler -> pharmacy: two explicit packs and one Merkle pack (on the ledger now: no proof).
    suite
        .drug()
        .transfer(
            &a.wholesaler,
            &a.pharmacy,
            vec![
                unit(GTIN, SERIALS_A[0]),
                unit(GTIN, SERIALS_A[1]),
                unit(GTIN, SERIALS_M[0]),
            ],
        )
        .unwrap();
    for serial in [SERIALS_A[0], SERIALS_A[1], SERIALS_M[0]] {
        let v = suite.drug().verify(GTIN, serial).unwrap();
        assert_eq!(
            (v.status, v.owner, v.alerts),
            (UnitStatus::Active, Some(a.pharmacy.clone()), vec![])
        );
    }
    // The Merkle pack's history: commissioning (the lot's), shipping, receiving, twice.
    let history = suite.drug().history(GTIN, SERIALS_M[0]).unwrap();
    assert_eq!(history.events.len(), 5);

    // The pharmacy dispenses SN-A1 to the patient.
    suite.advance_days(1);
    suite
        .drug()
        .dispense(&a.pharmacy, GTIN, SERIALS_A[0])
        .unwrap();
    let dispensed = suite.drug().verify(GTIN, SERIALS_A[0]).unwrap();
    assert_eq!(dispensed.status, UnitStatus::Dispensed);
    assert_eq!(dispensed.dispensed_by, Some(a.pharmacy.clone()));
    assert_eq!(dispensed.dispensed_at, Some(suite.now()));

    // It bills the pack: J3490 at 80, allowed 50 (CO-45 30), copay 10 (PR-3), paid 40.
    let pool_before = suite.claims().pool(plan).unwrap().balance.u128();
    let pharmacy_before = suite.balance(&a.pharmacy).u128();
    let dos = suite.now();
    let paid = bill_pack(
        &mut suite,
        &a.pharmacy,
        plan,
        dos,
        prescription,
        SERIALS_A[0],
    )
    .unwrap();
    assert_eq!(paid.status, ClaimStatus::Paid);
    assert_eq!(paid.payment_status, PaymentStatus::Issued);
    assert_eq!(paid.lines[0].status, LineStatus::Paid);
    assert_eq!(paid.total_paid.u128(), 40);
    assert_eq!(
        adjustment_codes(&paid.lines[0]),
        vec![("CO-45".into(), 30), ("PR-3".into(), 10)]
    );
    assert_eq!(suite.balance(&a.pharmacy).u128(), pharmacy_before + 40);
    assert_eq!(
        suite.claims().pool(plan).unwrap().balance.u128(),
        pool_before - 40
    );

    // The same pack billed again: an exact duplicate (CO-18), nothing paid.
    let again = bill_pack(
        &mut suite,
        &a.pharmacy,
        plan,
        dos,
        prescription,
        SERIALS_A[0],
    )
    .unwrap();
    assert_eq!(again.status, ClaimStatus::Denied);
    assert_eq!(again.total_paid.u128(), 0);
    assert_eq!(
        adjustment_codes(&again.lines[0]),
        vec![("CO-18".into(), 80)]
    );

    // A counterfeit serial: unknown to the ledger (NMVS_NC_PC_02), the line is denied CO-16.
    let fake = suite.drug().verify(GTIN, "SN-FAKE9").unwrap();
    assert_eq!(fake.status, UnitStatus::Unknown);
    assert_eq!(fake.alerts, vec![AlertCode::UnknownSerial]);
    let counterfeit =
        bill_pack(&mut suite, &a.pharmacy, plan, dos, prescription, "SN-FAKE9").unwrap();
    assert_eq!(counterfeit.status, ClaimStatus::Denied);
    assert_eq!(
        adjustment_codes(&counterfeit.lines[0]),
        vec![("CO-16".into(), 80)]
    );
    // A Merkle serial that is not in the committed tree cannot be proven with another's proof.
    let err = suite
        .drug()
        .ship(
            &a.manufacturer,
            &a.wholesaler,
            vec![proven_unit(GTIN, "M-9999", LOT_M, proofs[2].clone())],
        )
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        "invalid Merkle proof: proof does not lead to the committed root"
    );

    // The pharmacy dispenses SN-A2 too, then the manufacturer recalls both lots (class I).
    suite.advance_days(1);
    suite
        .drug()
        .dispense(&a.pharmacy, GTIN, SERIALS_A[1])
        .unwrap();
    suite
        .drug()
        .recall(&a.manufacturer, GTIN, &[LOT_A, LOT_M], RecallClass::ClassI)
        .unwrap();
    let recalled = suite.drug().verify(GTIN, SERIALS_A[1]).unwrap();
    assert_eq!(recalled.status, UnitStatus::Recalled);
    assert_eq!(recalled.recall_class, Some(RecallClass::ClassI));
    assert_eq!(recalled.dispensed_by, Some(a.pharmacy.clone()));

    // A new claim for the dispensed pack of the recalled lot: CO-16, nothing paid.
    let pharmacy_before = suite.balance(&a.pharmacy).u128();
    let pool_before = suite.claims().pool(plan).unwrap().balance.u128();
    let dos = suite.now();
    let after_recall = bill_pack(
        &mut suite,
        &a.pharmacy,
        plan,
        dos,
        prescription,
        SERIALS_A[1],
    )
    .unwrap();
    assert_eq!(after_recall.status, ClaimStatus::Denied);
    assert_eq!(after_recall.total_paid.u128(), 0);
    assert_eq!(
        adjustment_codes(&after_recall.lines[0]),
        vec![("CO-16".into(), 80)]
    );
    assert_eq!(suite.balance(&a.pharmacy).u128(), pharmacy_before);
    assert_eq!(
        suite.claims().pool(plan).unwrap().balance.u128(),
        pool_before
    );

    // The recall-holders query finds every pack of the explicit lot and who holds it.
    let holders = suite.drug().recall_holders(GTIN, LOT_A).unwrap();
    assert_eq!(
        holders.recall.as_ref().unwrap().recall_class,
        RecallClass::ClassI
    );
    assert_eq!(holders.recall.unwrap().recalled_by, a.manufacturer);
    assert_eq!(
        holders.holders,
        vec![
            holder(SERIALS_A[0], &a.pharmacy, UnitStatus::Recalled),
            holder(SERIALS_A[1], &a.pharmacy, UnitStatus::Recalled),
            holder(SERIALS_A[2], &a.wholesaler, UnitStatus::Recalled),
        ]
    );
    assert_eq!((holders.unmoved_holder, holders.unmoved_count), (None, 0));
    // ... and for the Merkle lot: the two packs that moved, and two still with the manufacturer.
    let holders = suite.drug().recall_holders(GTIN, LOT_M).unwrap();
    assert_eq!(
        holders.holders,
        vec![
            holder(SERIALS_M[0], &a.pharmacy, UnitStatus::Recalled),
            holder(SERIALS_M[1], &a.wholesaler, UnitStatus::Recalled),
        ]
    );
    assert_eq!(holders.unmoved_holder, Some(a.manufacturer.clone()));
    assert_eq!(holders.unmoved_count, 2);

    // Recalled packs no longer move: not shipped by the wholesaler, not dispensed by the pharmacy,
    // and a never-moved Merkle pack cannot leave the manufacturer even with its proof.
    let err = suite
        .drug()
        .ship(&a.wholesaler, &a.pharmacy, vec![unit(GTIN, SERIALS_A[2])])
        .unwrap_err();
    assert_eq!(root_error(&err), format!("unit {GTIN}/SN-A3 is recalled"));
    let err = suite
        .drug()
        .dispense(&a.pharmacy, GTIN, SERIALS_M[0])
        .unwrap_err();
    assert_eq!(root_error(&err), format!("unit {GTIN}/M-0001 is recalled"));
    let err = suite
        .drug()
        .ship(
            &a.manufacturer,
            &a.wholesaler,
            vec![proven_unit(GTIN, SERIALS_M[2], LOT_M, proofs[2].clone())],
        )
        .unwrap_err();
    assert_eq!(root_error(&err), format!("unit {GTIN}/M-0003 is recalled"));
    assert_eq!(
        suite
            .drug()
            .lot(GTIN, LOT_M)
            .unwrap()
            .unwrap()
            .units_on_ledger,
        2
    );
}

/// The same pack billed again on a later day (or for another member) must still be refused:
/// a pack is dispensed once, so it is paid once.
#[test]
fn the_same_pack_billed_on_a_later_day_is_denied() {
    let Pharmacy {
        mut suite,
        plan,
        prescription,
    } = setup();
    let a = suite.actors.clone();
    suite
        .drug()
        .commission(&a.manufacturer, GTIN, LOT_A, EXPIRY, &SERIALS_A)
        .unwrap();
    suite
        .drug()
        .transfer(&a.manufacturer, &a.pharmacy, vec![unit(GTIN, SERIALS_A[0])])
        .unwrap();
    suite
        .drug()
        .dispense(&a.pharmacy, GTIN, SERIALS_A[0])
        .unwrap();
    let bill = |suite: &mut Suite| {
        let dos = suite.now();
        bill_pack(suite, &a.pharmacy, plan, dos, prescription, SERIALS_A[0]).unwrap()
    };
    assert_eq!(bill(&mut suite).total_paid.u128(), 40);
    let pharmacy_before = suite.balance(&a.pharmacy).u128();
    suite.advance_days(1);
    let again = bill(&mut suite);
    assert_eq!(again.status, ClaimStatus::Denied);
    assert_eq!(again.total_paid.u128(), 0);
    assert_eq!(suite.balance(&a.pharmacy).u128(), pharmacy_before);
}

/// Two different packs of the same drug dispensed to the patient on one day are two services:
/// billed as two lines of one claim, both are paid.
#[test]
fn two_packs_dispensed_the_same_day_are_both_paid() {
    let Pharmacy {
        mut suite,
        plan,
        prescription,
    } = setup();
    let a = suite.actors.clone();
    suite
        .drug()
        .commission(&a.manufacturer, GTIN, LOT_A, EXPIRY, &SERIALS_A)
        .unwrap();
    suite
        .drug()
        .transfer(
            &a.manufacturer,
            &a.pharmacy,
            vec![unit(GTIN, SERIALS_A[0]), unit(GTIN, SERIALS_A[1])],
        )
        .unwrap();
    for serial in &SERIALS_A[..2] {
        suite.drug().dispense(&a.pharmacy, GTIN, serial).unwrap();
    }
    let dos = suite.now();
    let both = suite
        .claims()
        .submit(
            &a.pharmacy,
            claim(
                plan,
                &a.patient,
                dos,
                prescription,
                vec![
                    drug_line("J3490", 80, GTIN, SERIALS_A[0]),
                    drug_line("J3490", 80, GTIN, SERIALS_A[1]),
                ],
            ),
        )
        .unwrap();
    assert_eq!(both.status, ClaimStatus::Paid);
    assert_eq!(both.lines[1].status, LineStatus::Paid);
    assert_eq!(both.total_paid.u128(), 80);
}
