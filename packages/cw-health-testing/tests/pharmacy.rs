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
use cw_health_testing::drug::{merkle_lot, proven_unit, unit, GTIN, PACK_QUANTITY};
use cw_health_testing::ehr::permit;
use cw_health_testing::{root_error, Suite, SuiteBuilder};
use cw_health_types::claims_engine::{Claim, ClaimStatus, LineStatus, PaymentStatus};
use cw_health_types::drug_provenance::{
    AlertCode, RecallClass, ShipmentState, UnitHolder, UnitState, UnitStatus,
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
/// drug-provenance's undo window (FMD default): 10 days, in seconds.
const UNDO_WINDOW: u64 = 10 * 86_400;

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

/// A holder as the recall-holders page lists it: serial, owner, status and stored state (a
/// `dispensed` pack is with a patient, reached through its dispenser; the rest is shelf stock).
fn holder(serial: &str, owner: &Addr, status: UnitStatus, state: UnitState) -> Holder {
    (serial.into(), owner.clone(), status, state)
}

type Holder = (String, Addr, UnitStatus, UnitState);

fn holder_rows(page: &[UnitHolder]) -> Vec<Holder> {
    page.iter()
        .map(|h| (h.serial.clone(), h.owner.clone(), h.status, h.state))
        .collect()
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
    let (root, proofs) = merkle_lot(GTIN, LOT_M, &SERIALS_M).unwrap();
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
    // The dispense is final once drug-provenance's undo window (10 days) has passed: the pack's
    // date of service is the day it was dispensed, and it is paid only then.
    assert_eq!(dispensed.pack_quantity, Some(PACK_QUANTITY));
    assert_eq!(
        dispensed.undo_until,
        Some(suite.now().plus_seconds(UNDO_WINDOW))
    );
    let dos = suite.now();
    suite.advance_seconds(UNDO_WINDOW);

    // It bills the pack: J3490 at 80, allowed 50 (CO-45 30), copay 10 (PR-3), paid 40.
    let pool_before = suite.claims().pool(plan).unwrap().balance.u128();
    let pharmacy_before = suite.balance(&a.pharmacy).u128();
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

    // The same pack billed again: an exact duplicate (OA-18), nothing paid.
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
        vec![("OA-18".into(), 80)]
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
        holder_rows(&holders.holders),
        vec![
            holder(
                SERIALS_A[0],
                &a.pharmacy,
                UnitStatus::Recalled,
                UnitState::Dispensed
            ),
            holder(
                SERIALS_A[1],
                &a.pharmacy,
                UnitStatus::Recalled,
                UnitState::Dispensed
            ),
            holder(
                SERIALS_A[2],
                &a.wholesaler,
                UnitStatus::Recalled,
                UnitState::Active
            ),
        ]
    );
    assert!(holders.holders[0].dispensed_at.is_some());
    assert_eq!((holders.unmoved_holder, holders.unmoved_count), (None, 0));
    // ... and for the Merkle lot: the two packs that moved, and two still with the manufacturer.
    let holders = suite.drug().recall_holders(GTIN, LOT_M).unwrap();
    assert_eq!(
        holder_rows(&holders.holders),
        vec![
            holder(
                SERIALS_M[0],
                &a.pharmacy,
                UnitStatus::Recalled,
                UnitState::Active
            ),
            holder(
                SERIALS_M[1],
                &a.wholesaler,
                UnitStatus::Recalled,
                UnitState::Active
            ),
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
    let dispensed_on = suite.now();
    suite.advance_seconds(UNDO_WINDOW);
    let bill = |suite: &mut Suite, dos: Timestamp| {
        bill_pack(suite, &a.pharmacy, plan, dos, prescription, SERIALS_A[0]).unwrap()
    };
    assert_eq!(bill(&mut suite, dispensed_on).total_paid.u128(), 40);
    let pharmacy_before = suite.balance(&a.pharmacy).u128();
    suite.advance_days(1);
    // Again for the day it was dispensed: an exact duplicate (OA-18).
    let again = bill(&mut suite, dispensed_on);
    assert_eq!(again.status, ClaimStatus::Denied);
    assert_eq!(
        adjustment_codes(&again.lines[0]),
        vec![("OA-18".into(), 80)]
    );
    // Again with a later date of service: not the day the pack was dispensed (CO-16, M52).
    let now = suite.now();
    let later = bill(&mut suite, now);
    assert_eq!(later.status, ClaimStatus::Denied);
    assert_eq!(
        adjustment_codes(&later.lines[0]),
        vec![("CO-16".into(), 80)]
    );
    assert_eq!(later.lines[0].adjustments[0].rarc.as_deref(), Some("M52"));
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
    suite.advance_seconds(UNDO_WINDOW);
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

/// Commissions the explicit lot and hands its three packs to the pharmacy.
fn stock_pharmacy(suite: &mut Suite) {
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
            SERIALS_A.iter().map(|s| unit(GTIN, s)).collect(),
        )
        .unwrap();
}

/// The pharmacy dispenses `serial` now and returns the dispense time.
fn dispense(suite: &mut Suite, serial: &str) -> Timestamp {
    let pharmacy = suite.actors.pharmacy.clone();
    suite.drug().dispense(&pharmacy, GTIN, serial).unwrap();
    suite.now()
}

/// The attacker bills one dispensed pack of 30 as 100 units at 5,000 (it would be paid 4,990
/// instead of 40): denied CO-16 with RARC M53, nothing paid; the pack billed for what it holds
/// is paid.
#[test]
fn one_pack_is_paid_for_at_most_the_units_it_holds() {
    let Pharmacy {
        mut suite,
        plan,
        prescription,
    } = setup();
    let a = suite.actors.clone();
    stock_pharmacy(&mut suite);
    let dos = dispense(&mut suite, SERIALS_A[0]);
    suite.advance_seconds(UNDO_WINDOW);
    let pool_before = suite.claims().pool(plan).unwrap().balance.u128();
    let pharmacy_before = suite.balance(&a.pharmacy).u128();
    let mut inflated = drug_line("J3490", 5_000, GTIN, SERIALS_A[0]);
    inflated.units = 100;
    let c = suite
        .claims()
        .submit(
            &a.pharmacy,
            claim(plan, &a.patient, dos, prescription, vec![inflated]),
        )
        .unwrap();
    assert_eq!(c.status, ClaimStatus::Denied);
    assert_eq!(c.total_paid.u128(), 0);
    assert_eq!(adjustment_codes(&c.lines[0]), vec![("CO-16".into(), 5_000)]);
    assert_eq!(c.lines[0].adjustments[0].rarc.as_deref(), Some("M53"));
    assert_eq!(suite.balance(&a.pharmacy).u128(), pharmacy_before);
    assert_eq!(
        suite.claims().pool(plan).unwrap().balance.u128(),
        pool_before
    );
    // The whole pack (30 units at 50) is what it may be paid for: 1,500 less the copay.
    let mut whole = drug_line("J3490", 1_500, GTIN, SERIALS_A[0]);
    whole.units = PACK_QUANTITY;
    let c = suite
        .claims()
        .submit(
            &a.pharmacy,
            claim(plan, &a.patient, dos, prescription, vec![whole]),
        )
        .unwrap();
    assert_eq!(c.status, ClaimStatus::Paid);
    assert_eq!(c.total_paid.u128(), 1_490);
}

/// A pack dispensed the day before the member's coverage starts is denied with its true date
/// (PR-26); billed again 299 days later with that day's date, it must not be paid: a pharmacy
/// line's date of service is the day the pack was dispensed (CO-16 with RARC M52).
#[test]
fn a_pack_billed_with_a_later_date_of_service_is_denied() {
    let Pharmacy {
        mut suite,
        plan,
        prescription,
    } = setup();
    let a = suite.actors.clone();
    stock_pharmacy(&mut suite);
    let dispensed_on = dispense(&mut suite, SERIALS_A[0]);
    // The patient's coverage starts the next day.
    suite
        .claims()
        .enroll(
            &a.insurer,
            plan,
            &a.patient,
            "FAM-1",
            dispensed_on.plus_seconds(86_400),
        )
        .unwrap();
    suite.advance_seconds(UNDO_WINDOW);
    let true_date = bill_pack(
        &mut suite,
        &a.pharmacy,
        plan,
        dispensed_on,
        prescription,
        SERIALS_A[0],
    )
    .unwrap();
    assert_eq!(
        adjustment_codes(&true_date.lines[0]),
        vec![("PR-26".into(), 80)]
    );
    suite.advance_days(289);
    let pharmacy_before = suite.balance(&a.pharmacy).u128();
    let today = suite.now();
    let rebilled = bill_pack(
        &mut suite,
        &a.pharmacy,
        plan,
        today,
        prescription,
        SERIALS_A[0],
    )
    .unwrap();
    assert_eq!(rebilled.status, ClaimStatus::Denied);
    assert_eq!(
        adjustment_codes(&rebilled.lines[0]),
        vec![("CO-16".into(), 80)]
    );
    assert_eq!(
        rebilled.lines[0].adjustments[0].rarc.as_deref(),
        Some("M52")
    );
    assert_eq!(suite.balance(&a.pharmacy).u128(), pharmacy_before);
}

/// The pack billed under a code the plan does not map its product to (an office visit instead
/// of J3490) is denied CO-16 with RARC M119 and leaves the member's deductible untouched.
#[test]
fn a_pack_billed_under_another_code_is_denied() {
    let Pharmacy {
        mut suite,
        plan,
        prescription,
    } = setup();
    let a = suite.actors.clone();
    stock_pharmacy(&mut suite);
    let dos = dispense(&mut suite, SERIALS_A[0]);
    suite.advance_seconds(UNDO_WINDOW);
    let c = suite
        .claims()
        .submit(
            &a.pharmacy,
            claim(
                plan,
                &a.patient,
                dos,
                prescription,
                vec![drug_line("99213", 300, GTIN, SERIALS_A[0])],
            ),
        )
        .unwrap();
    assert_eq!(c.status, ClaimStatus::Denied);
    assert_eq!(c.lines[0].status, LineStatus::Denied);
    assert_eq!(adjustment_codes(&c.lines[0]), vec![("CO-16".into(), 300)]);
    assert_eq!(c.lines[0].adjustments[0].rarc.as_deref(), Some("M119"));
    let acc = suite.claims().accumulators(plan, &a.patient).unwrap();
    assert_eq!(acc.deductible.individual_met.u128(), 0);
    // Under the code the plan maps it to, the same pack is paid.
    let c = bill_pack(
        &mut suite,
        &a.pharmacy,
        plan,
        dos,
        prescription,
        SERIALS_A[0],
    )
    .unwrap();
    assert_eq!(c.total_paid.u128(), 40);
}

/// The pharmacy bills a pack the moment it dispenses it, then undoes the dispense to put the
/// pack back in stock. Nothing may have been paid: a pack line billed while drug-provenance's
/// undo window is open is OA-133 (pending) and unpaid. Billed (as a replacement) once the window
/// has passed, it is paid, and the dispense can no longer be undone.
#[test]
fn a_pack_is_paid_only_once_its_dispense_can_no_longer_be_undone() {
    let Pharmacy {
        mut suite,
        plan,
        prescription,
    } = setup();
    let a = suite.actors.clone();
    stock_pharmacy(&mut suite);
    let pool_before = suite.claims().pool(plan).unwrap().balance.u128();
    let pharmacy_before = suite.balance(&a.pharmacy).u128();

    // Billed at once, then undone: nothing was paid, the pack is back in stock.
    let dos = dispense(&mut suite, SERIALS_A[0]);
    let early = bill_pack(
        &mut suite,
        &a.pharmacy,
        plan,
        dos,
        prescription,
        SERIALS_A[0],
    )
    .unwrap();
    assert_eq!(early.status, ClaimStatus::Denied);
    assert_eq!(early.total_paid.u128(), 0);
    assert_eq!(
        adjustment_codes(&early.lines[0]),
        vec![("OA-133".into(), 80)]
    );
    suite
        .drug()
        .undo_dispense(&a.pharmacy, GTIN, SERIALS_A[0])
        .unwrap();
    assert_eq!(
        suite.drug().verify(GTIN, SERIALS_A[0]).unwrap().status,
        UnitStatus::Active
    );
    assert_eq!(suite.balance(&a.pharmacy).u128(), pharmacy_before);
    assert_eq!(
        suite.claims().pool(plan).unwrap().balance.u128(),
        pool_before
    );

    // Another pack billed at once is pending too; once the window has passed the dispense is
    // final, and the replacement claim is paid.
    let dos = dispense(&mut suite, SERIALS_A[1]);
    let pending = bill_pack(
        &mut suite,
        &a.pharmacy,
        plan,
        dos,
        prescription,
        SERIALS_A[1],
    )
    .unwrap();
    assert_eq!(
        adjustment_codes(&pending.lines[0]),
        vec![("OA-133".into(), 80)]
    );
    suite.advance_seconds(UNDO_WINDOW);
    let err = suite
        .drug()
        .undo_dispense(&a.pharmacy, GTIN, SERIALS_A[1])
        .unwrap_err();
    assert!(root_error(&err).contains("the undo window of"), "{err}");
    let mut replacement = claim(
        plan,
        &a.patient,
        dos,
        prescription,
        vec![drug_line("J3490", 80, GTIN, SERIALS_A[1])],
    );
    replacement.frequency = cw_health_types::claims_engine::ClaimFrequency::Replacement;
    replacement.original_claim_id = Some(pending.id);
    let paid = suite.claims().submit(&a.pharmacy, replacement).unwrap();
    assert_eq!(paid.status, ClaimStatus::Paid);
    assert_eq!(paid.total_paid.u128(), 40);
    assert_eq!(suite.balance(&a.pharmacy).u128(), pharmacy_before + 40);
    // Paid once: the pack billed again is an exact duplicate.
    let again = bill_pack(
        &mut suite,
        &a.pharmacy,
        plan,
        dos,
        prescription,
        SERIALS_A[1],
    )
    .unwrap();
    assert_eq!(
        adjustment_codes(&again.lines[0]),
        vec![("OA-18".into(), 80)]
    );
    assert_eq!(suite.balance(&a.pharmacy).u128(), pharmacy_before + 40);
}
