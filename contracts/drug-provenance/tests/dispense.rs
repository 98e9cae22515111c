//! Dispense: decommissioning, refusals, the double-dispense alert, the FMD undo window, destroy.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cw_health_types::drug_provenance::{
    AlertCode, BizStep, ConfigUpdate, ExecuteMsg, HistoryResponse, InvestigationResponse,
    InvestigationState, QueryMsg, RecallClass, SuspectReason, UnitState, UnitStatus,
};
use suite::*;

/// A suite where the pharmacy owns units P1..P4 of gtin A (lot LOT1) and the wholesaler W1.
fn stocked() -> Suite {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["P1", "P2", "P3", "P4", "W1"]);
    let (mfr, wholesaler, pharmacy) = (s.mfr.clone(), s.wholesaler.clone(), s.pharmacy.clone());
    s.transfer(&mfr, &wholesaler, &g, &["P1", "P2", "P3", "P4", "W1"]);
    s.transfer(&wholesaler, &pharmacy, &g, &["P1", "P2", "P3", "P4"]);
    s
}

#[test]
fn a_licensed_dispenser_that_owns_the_unit_dispenses_it() {
    let mut s = stocked();
    let g = gtin_a();
    let pharmacy = s.pharmacy.clone();
    let resp = s.dispense(&pharmacy, &g, "P1").unwrap();
    assert_eq!(attr(&resp, "action"), "dispense");
    assert_eq!(attr(&resp, "biz_step"), "dispensing");
    assert_eq!(attr(&resp, "outcome"), "dispensed");
    let now = s.now();
    let v = s.verify(&g, "P1");
    assert_eq!(v.status, UnitStatus::Dispensed);
    assert_eq!(v.dispensed_by, Some(pharmacy.clone()));
    assert_eq!(v.dispensed_at, Some(now));
    assert_eq!(v.recall_class, None);
    // Dispensed once: no alert.
    assert!(v.alerts.is_empty());
    let u = s.unit(&g, "P1");
    assert_eq!(u.state, UnitState::Dispensed);
    assert_eq!(u.owner, pharmacy);
}

#[test]
fn dispense_refusals() {
    let mut s = stocked();
    let g = gtin_a();
    let (wholesaler, pharmacy2, stranger) = (
        s.wholesaler.clone(),
        s.pharmacy2.clone(),
        s.stranger.clone(),
    );
    // Not a dispenser (even though it owns W1).
    let err = s.dispense(&wholesaler, &g, "W1").unwrap_err().to_string();
    assert!(
        err.ends_with(&format!(
            "{wholesaler} has role wholesaler, which may not dispense"
        )),
        "{err}"
    );
    // Not licensed at all.
    let err = s.dispense(&stranger, &g, "P1").unwrap_err().to_string();
    assert!(err.contains("is not a licensed trading partner"), "{err}");
    // A dispenser that does not own the unit.
    let err = s.dispense(&pharmacy2, &g, "P1").unwrap_err().to_string();
    assert!(
        err.ends_with(&format!("caller does not own unit {g}/P1")),
        "{err}"
    );
    // Unknown serial.
    let err = s.dispense(&pharmacy2, &g, "ZZ").unwrap_err().to_string();
    assert!(err.contains("is not on the ledger"), "{err}");
    assert_eq!(s.unit(&g, "P1").status, UnitStatus::Active);
}

#[test]
fn recalled_expired_quarantined_or_in_transit_units_are_not_dispensed() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "RLOT", EXP, &["R1"]);
    s.commission(&g, "SOON", EXP_SOON, &["E1"]);
    s.commission(&g, "QLOT", EXP, &["Q1", "T1"]);
    let (mfr, pharmacy, pharmacy2) = (s.mfr.clone(), s.pharmacy.clone(), s.pharmacy2.clone());
    s.transfer(&mfr, &pharmacy, &g, &["R1", "E1", "Q1", "T1"]);
    // Recalled.
    s.ok(
        &mfr,
        &ExecuteMsg::Recall {
            gtin: g.clone(),
            lots: vec!["RLOT".into()],
            recall_class: RecallClass::ClassII,
            notice_hash: None,
        },
    );
    let err = s.dispense(&pharmacy, &g, "R1").unwrap_err().to_string();
    assert!(err.ends_with(&format!("unit {g}/R1 is recalled")), "{err}");
    // Quarantined.
    s.ok(
        &pharmacy,
        &ExecuteMsg::FlagSuspect {
            unit: uref(&g, "Q1"),
            reason: SuspectReason::Tampered,
            evidence_hash: None,
        },
    );
    let err = s.dispense(&pharmacy, &g, "Q1").unwrap_err().to_string();
    assert!(
        err.ends_with(&format!("unit {g}/Q1 is quarantined (investigation 1)")),
        "{err}"
    );
    // In transit (shipped to another pharmacy, not received).
    s.ship(&pharmacy, &pharmacy2, &g, &["T1"]);
    let err = s.dispense(&pharmacy2, &g, "T1").unwrap_err().to_string();
    assert!(err.contains("caller does not own unit"), "{err}");
    let err = s.dispense(&pharmacy, &g, "T1").unwrap_err().to_string();
    assert!(
        err.ends_with(&format!("unit {g}/T1 is in_transit")),
        "{err}"
    );
    // Expired: fine the second before the end of its expiry day, refused at it.
    let now = s.now().seconds();
    s.advance(EXP_SOON_AT - now - 1);
    assert_eq!(s.verify(&g, "E1").status, UnitStatus::Active);
    s.advance(1);
    assert_eq!(s.verify(&g, "E1").status, UnitStatus::Expired);
    let err = s.dispense(&pharmacy, &g, "E1").unwrap_err().to_string();
    assert!(err.ends_with(&format!("unit {g}/E1 is expired")), "{err}");
    for serial in ["R1", "E1", "Q1"] {
        assert_eq!(s.unit(&g, serial).dispensed_by, None);
    }
}

#[test]
fn a_second_dispense_records_an_alert_and_repeated_alerts_quarantine() {
    let mut s = stocked();
    let g = gtin_a();
    let (pharmacy, pharmacy2, wholesaler) = (
        s.pharmacy.clone(),
        s.pharmacy2.clone(),
        s.wholesaler.clone(),
    );
    s.dispense(&pharmacy, &g, "P1").unwrap();
    let dispensed_at = s.now();
    s.advance(60);
    // A second dispense (another pharmacy scanning a clone of the pack) succeeds with an alert.
    let resp = s.dispense(&pharmacy2, &g, "P1").unwrap();
    assert_eq!(attr(&resp, "outcome"), "alert");
    assert_eq!(attr(&resp, "alert"), "NMVS_NC_PCK_22");
    assert_eq!(attr(&resp, "alert_count"), "1");
    assert_eq!(attr(&resp, "investigation_id"), "none");
    let u = s.unit(&g, "P1");
    assert_eq!(u.alert_count, 1);
    assert_eq!(u.dispense_alerts, 1);
    assert_eq!(s.verify(&g, "P1").alerts, vec![AlertCode::AlreadyDispensed]);
    assert_eq!(u.status, UnitStatus::Dispensed);
    // The first dispense stands.
    assert_eq!(u.dispensed_by, Some(pharmacy.clone()));
    assert_eq!(u.dispensed_at, Some(dispensed_at));
    let h: HistoryResponse = s.q(&QueryMsg::History {
        gtin: g.clone(),
        serial: "P1".into(),
        start_after: None,
        limit: None,
    });
    let last = h.events.last().unwrap();
    assert_eq!(last.biz_step, BizStep::Alert);
    assert_eq!(last.alert, Some(AlertCode::AlreadyDispensed));
    assert_eq!(last.actor, pharmacy2);
    // A non-dispenser cannot raise the alert.
    let err = s.dispense(&wholesaler, &g, "P1").unwrap_err().to_string();
    assert!(err.contains("which may not dispense"), "{err}");
    // The second alert reaches the threshold (2): the unit is quarantined automatically.
    let resp = s.dispense(&pharmacy, &g, "P1").unwrap();
    assert_eq!(attr(&resp, "investigation_id"), "1");
    let v = s.verify(&g, "P1");
    assert_eq!(v.status, UnitStatus::Quarantined);
    // Still reported as dispensed by the first pharmacy.
    assert_eq!(v.dispensed_by, Some(pharmacy.clone()));
    assert_eq!(v.alerts, vec![AlertCode::AlreadyDispensed]);
    let inv: InvestigationResponse = s.q(&QueryMsg::Investigation {
        investigation_id: 1,
    });
    assert_eq!(inv.reason, SuspectReason::RepeatedAlerts);
    assert_eq!(inv.opened_by, s.addr);
    assert_eq!(inv.state, InvestigationState::Open);
    assert_eq!(inv.due_at, s.now().plus_seconds(86_400));
    // Further alerts are recorded without a second investigation.
    let resp = s.dispense(&pharmacy2, &g, "P1").unwrap();
    assert_eq!(attr(&resp, "alert_count"), "3");
    assert_eq!(attr(&resp, "investigation_id"), "none");
}

#[test]
fn undo_is_for_the_same_dispenser_within_the_window() {
    let mut s = stocked();
    let g = gtin_a();
    let (pharmacy, pharmacy2, owner) = (s.pharmacy.clone(), s.pharmacy2.clone(), s.owner.clone());
    let undo = |serial: &str| ExecuteMsg::UndoDispense {
        gtin: gtin_a(),
        serial: serial.into(),
    };
    // Not dispensed.
    let err = s.err(&pharmacy, &undo("P1"));
    assert!(
        err.ends_with(&format!("unit {g}/P1 was not dispensed")),
        "{err}"
    );
    s.dispense(&pharmacy, &g, "P1").unwrap();
    // Another dispenser may not undo it.
    let err = s.err(&pharmacy2, &undo("P1"));
    assert!(
        err.ends_with(&format!(
            "only the dispenser that dispensed {g}/P1 may undo it"
        )),
        "{err}"
    );
    // The same dispenser, on the last second of the 10-day window.
    s.advance(10 * 86_400 - 1);
    let resp = s.ok(&pharmacy, &undo("P1"));
    assert_eq!(attr(&resp, "action"), "undo_dispense");
    let u = s.unit(&g, "P1");
    assert_eq!(
        (u.state, u.dispensed_by.clone(), u.owner.clone()),
        (UnitState::Active, None, pharmacy.clone())
    );
    assert_eq!(s.verify(&g, "P1").alerts, vec![]);
    // It can be dispensed again (no alert: it was reactivated).
    let resp = s.dispense(&pharmacy, &g, "P1").unwrap();
    assert_eq!(attr(&resp, "outcome"), "dispensed");
    // Once the window has closed, no undo.
    let at = s.now();
    s.advance(10 * 86_400);
    let err = s.err(&pharmacy, &undo("P1"));
    assert!(
        err.ends_with(&format!(
            "the undo window of {g}/P1 closed at {}",
            at.plus_seconds(10 * 86_400).seconds()
        )),
        "{err}"
    );
    // The window is configurable.
    s.ok(
        &owner,
        &ExecuteMsg::UpdateConfig(ConfigUpdate {
            undo_window_secs: Some(3_600),
            ..Default::default()
        }),
    );
    s.dispense(&pharmacy, &g, "P2").unwrap();
    s.advance(3_600);
    let err = s.err(&pharmacy, &undo("P2"));
    assert!(err.contains("the undo window of"), "{err}");
}

#[test]
fn undo_is_refused_after_a_recall_expiry_or_quarantine() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1"]);
    s.commission(&g, "LOT2", EXP, &["B1"]);
    s.commission(&g, "SOON", EXP_SOON, &["C1"]);
    let (mfr, pharmacy, reg) = (s.mfr.clone(), s.pharmacy.clone(), s.regulator.clone());
    s.transfer(&mfr, &pharmacy, &g, &["A1", "B1", "C1"]);
    for serial in ["A1", "B1"] {
        s.dispense(&pharmacy, &g, serial).unwrap();
    }
    let undo = |serial: &str| ExecuteMsg::UndoDispense {
        gtin: gtin_a(),
        serial: serial.into(),
    };
    s.ok(
        &reg,
        &ExecuteMsg::Recall {
            gtin: g.clone(),
            lots: vec!["LOT1".into()],
            recall_class: RecallClass::ClassI,
            notice_hash: Some(hash("notice")),
        },
    );
    let err = s.err(&pharmacy, &undo("A1"));
    assert!(err.ends_with(&format!("unit {g}/A1 is recalled")), "{err}");
    s.ok(
        &pharmacy,
        &ExecuteMsg::FlagSuspect {
            unit: uref(&g, "B1"),
            reason: SuspectReason::Counterfeit,
            evidence_hash: None,
        },
    );
    let err = s.err(&pharmacy, &undo("B1"));
    assert!(err.contains("is quarantined"), "{err}");
    // Dispensed an hour before the end of its expiry day, undone after it.
    let now = s.now().seconds();
    s.advance(EXP_SOON_AT - now - 3_600);
    s.dispense(&pharmacy, &g, "C1").unwrap();
    s.advance(3_600);
    let err = s.err(&pharmacy, &undo("C1"));
    assert!(err.ends_with(&format!("unit {g}/C1 is expired")), "{err}");
    // A dispensed unit stays dispensed for the payer even after expiry.
    let v = s.verify(&g, "C1");
    assert_eq!(v.status, UnitStatus::Dispensed);
    assert_eq!(v.dispensed_by, Some(pharmacy));
}

#[test]
fn owners_destroy_units() {
    let mut s = stocked();
    let g = gtin_a();
    let (pharmacy, wholesaler) = (s.pharmacy.clone(), s.wholesaler.clone());
    let destroy = |serial: &str| ExecuteMsg::Destroy {
        unit: uref(&gtin_a(), serial),
    };
    let err = s.err(&wholesaler, &destroy("P1"));
    assert!(err.contains("caller does not own unit"), "{err}");
    // A recalled unit may still be destroyed (returned stock).
    let mfr = s.mfr.clone();
    s.ok(
        &mfr,
        &ExecuteMsg::Recall {
            gtin: g.clone(),
            lots: vec!["LOT1".into()],
            recall_class: RecallClass::ClassIII,
            notice_hash: None,
        },
    );
    let resp = s.ok(&pharmacy, &destroy("P1"));
    assert_eq!(attr(&resp, "biz_step"), "destroying");
    assert_eq!(s.verify(&g, "P1").status, UnitStatus::Destroyed);
    let err = s.err(&pharmacy, &destroy("P1"));
    assert!(err.ends_with(&format!("unit {g}/P1 is destroyed")), "{err}");
    let err = s.dispense(&pharmacy, &g, "P1").unwrap_err().to_string();
    assert!(err.contains("is destroyed"), "{err}");
}
