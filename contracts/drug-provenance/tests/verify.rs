//! verify_unit (the FMD verification claims-engine relies on), status precedence, history pages,
//! and the typed handle.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cw_health_types::drug_provenance::{
    AlertCode, DrugProvenanceContract, ExecuteMsg, HistoryResponse, QueryMsg, RecallClass,
    SuspectReason, UnitStatus, VerifyUnitRequest,
};
use suite::*;

fn req(serial: &str, lot: Option<&str>, expiry: Option<&str>) -> VerifyUnitRequest {
    VerifyUnitRequest {
        gtin: gtin_a(),
        serial: serial.into(),
        lot: lot.map(Into::into),
        expiry: expiry.map(Into::into),
        proof: None,
    }
}

#[test]
fn unknown_and_malformed_packs_answer_unknown_without_error() {
    let s = Suite::new();
    for (gtin, serial) in [
        (gtin_a(), "NOPE".to_string()),
        ("00312345678900".to_string(), "A1".to_string()),
        ("abc".to_string(), "A1".to_string()),
        (gtin_a(), "".to_string()),
        (gtin_a(), "x".repeat(100)),
    ] {
        let v = s.verify_req(VerifyUnitRequest {
            gtin: gtin.clone(),
            serial: serial.clone(),
            lot: Some("L".into()),
            expiry: Some("bad".into()),
            proof: None,
        });
        assert_eq!(v.status, UnitStatus::Unknown);
        assert_eq!(v.alerts, vec![AlertCode::UnknownSerial]);
        assert_eq!((v.gtin, v.serial), (gtin, serial));
        assert_eq!(v.owner, None);
        assert_eq!(v.lot, None);
    }
}

#[test]
fn lot_and_expiry_mismatches_raise_nmvs_alerts() {
    let mut s = Suite::new();
    s.commission(&gtin_a(), "LOT1", EXP, &["A1"]);
    let v = s.verify_req(req("A1", Some("LOT1"), Some(EXP)));
    assert_eq!((v.status, v.alerts.clone()), (UnitStatus::Active, vec![]));
    assert_eq!(v.lot.as_deref(), Some("LOT1"));
    assert_eq!(v.expiry.as_deref(), Some(EXP));
    let v = s.verify_req(req("A1", Some("LOT2"), Some(EXP)));
    assert_eq!(v.alerts, vec![AlertCode::LotMismatch]);
    let v = s.verify_req(req("A1", None, Some("301230")));
    assert_eq!(v.alerts, vec![AlertCode::ExpiryMismatch]);
    let v = s.verify_req(req("A1", Some("X"), Some("301230")));
    assert_eq!(
        v.alerts,
        vec![AlertCode::LotMismatch, AlertCode::ExpiryMismatch]
    );
    // The wire codes are the NMVS ones.
    let json = cosmwasm_std::to_json_string(&v.alerts).unwrap();
    assert_eq!(json, r#"["NMVS_FE_LOT_13","NMVS_FE_LOT_12"]"#);
    let json = cosmwasm_std::to_json_string(&RecallClass::ClassII).unwrap();
    assert_eq!(json, r#""II""#);
}

#[test]
fn status_precedence() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "SOON", EXP_SOON, &["E1", "E2", "E3"]);
    s.commission(&g, "LOT1", EXP, &["Q1", "D1"]);
    let (mfr, wholesaler, pharmacy, reg) = (
        s.mfr.clone(),
        s.wholesaler.clone(),
        s.pharmacy.clone(),
        s.regulator.clone(),
    );
    s.transfer(&mfr, &pharmacy, &g, &["E1", "D1", "Q1"]);
    s.ship(&mfr, &wholesaler, &g, &["E2"]);
    s.dispense(&pharmacy, &g, "E1").unwrap();
    s.dispense(&pharmacy, &g, "D1").unwrap();
    s.ok(
        &pharmacy,
        &ExecuteMsg::FlagSuspect {
            unit: uref(&g, "D1"),
            reason: SuspectReason::Counterfeit,
            evidence_hash: None,
        },
    );
    assert_eq!(s.verify(&g, "E2").status, UnitStatus::InTransit);
    // Expired beats in transit and active; dispensed beats expired.
    let now = s.now().seconds();
    s.advance(EXP_SOON_AT - now);
    assert_eq!(s.verify(&g, "E2").status, UnitStatus::Expired);
    assert_eq!(s.verify(&g, "E3").status, UnitStatus::Expired);
    assert_eq!(s.verify(&g, "E1").status, UnitStatus::Dispensed);
    // Recalled beats dispensed; quarantined beats recalled; the facts stay visible.
    s.ok(
        &reg,
        &ExecuteMsg::Recall {
            gtin: g.clone(),
            lots: vec!["LOT1".into(), "SOON".into()],
            recall_class: RecallClass::ClassI,
            notice_hash: None,
        },
    );
    let v = s.verify(&g, "E1");
    assert_eq!(v.status, UnitStatus::Recalled);
    assert_eq!(v.dispensed_by, Some(pharmacy.clone()));
    let v = s.verify(&g, "D1");
    assert_eq!(v.status, UnitStatus::Quarantined);
    assert_eq!(v.recall_class, Some(RecallClass::ClassI));
    assert_eq!(v.dispensed_by, Some(pharmacy.clone()));
    assert!(v.dispensed_at.is_some());
    // Destroyed beats quarantined.
    s.ok(
        &reg,
        &ExecuteMsg::ResolveSuspect {
            investigation_id: 1,
            determination: cw_health_types::drug_provenance::Determination::Illegitimate,
            evidence_hash: None,
        },
    );
    assert_eq!(s.verify(&g, "D1").status, UnitStatus::Destroyed);
    assert_eq!(s.verify(&g, "Q1").status, UnitStatus::Recalled);
}

#[test]
fn the_claims_engine_check_through_the_typed_handle() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1", "A2"]);
    let (mfr, pharmacy, pharmacy2) = (s.mfr.clone(), s.pharmacy.clone(), s.pharmacy2.clone());
    s.transfer(&mfr, &pharmacy, &g, &["A1", "A2"]);
    s.dispense(&pharmacy, &g, "A1").unwrap();
    let handle = DrugProvenanceContract(s.addr.clone());
    let ask = |s: &Suite, serial: &str| {
        handle
            .verify_unit(
                &s.app.wrap(),
                VerifyUnitRequest {
                    gtin: gtin_a(),
                    serial: serial.into(),
                    lot: None,
                    expiry: None,
                    proof: None,
                },
            )
            .unwrap()
    };
    // What claims-engine pays on: dispensed, by the billing pharmacy, no recall, not quarantined.
    let payable = |v: &cw_health_types::drug_provenance::VerifyUnitResponse,
                   billing: &cosmwasm_std::Addr| {
        v.status == UnitStatus::Dispensed
            && v.dispensed_by.as_ref() == Some(billing)
            && v.recall_class.is_none()
    };
    assert!(payable(&ask(&s, "A1"), &pharmacy));
    assert!(ask(&s, "A1").alerts.is_empty());
    assert!(!payable(&ask(&s, "A1"), &pharmacy2));
    assert!(!payable(&ask(&s, "A2"), &pharmacy), "not dispensed");
    assert!(!payable(&ask(&s, "ZZ"), &pharmacy), "unknown");
    // Two double-dispense alerts quarantine the pack: no longer payable.
    s.dispense(&pharmacy2, &g, "A1").unwrap();
    assert!(payable(&ask(&s, "A1"), &pharmacy));
    assert_eq!(ask(&s, "A1").alerts, vec![AlertCode::AlreadyDispensed]);
    s.dispense(&pharmacy2, &g, "A1").unwrap();
    assert_eq!(ask(&s, "A1").status, UnitStatus::Quarantined);
    assert!(!payable(&ask(&s, "A1"), &pharmacy));
}

#[test]
fn history_is_paginated_and_public() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1"]);
    let (mfr, wholesaler, tpl) = (s.mfr.clone(), s.wholesaler.clone(), s.tpl.clone());
    for _ in 0..20 {
        s.transfer(&mfr, &wholesaler, &g, &["A1"]);
        s.transfer(&wholesaler, &tpl, &g, &["A1"]);
        s.transfer(&tpl, &mfr, &g, &["A1"]);
    }
    // 1 + 20 * 3 * 2 = 121 events.
    assert_eq!(s.unit(&g, "A1").event_count, 121);
    let mut seen = vec![];
    let mut start = None;
    loop {
        let page: HistoryResponse = s.q(&QueryMsg::History {
            gtin: g.clone(),
            serial: "A1".into(),
            start_after: start,
            limit: Some(1_000),
        });
        assert!(page.events.len() <= 30);
        let Some(last) = page.events.last() else {
            break;
        };
        start = Some(last.seq);
        seen.extend(page.events.iter().map(|e| e.seq));
    }
    assert_eq!(seen, (0..121).collect::<Vec<u64>>());
    let default: HistoryResponse = s.q(&QueryMsg::History {
        gtin: g,
        serial: "A1".into(),
        start_after: None,
        limit: None,
    });
    assert_eq!(default.events.len(), 10);
    let empty: HistoryResponse = s.q(&QueryMsg::History {
        gtin: gtin_a(),
        serial: "NOPE".into(),
        start_after: None,
        limit: None,
    });
    assert!(empty.events.is_empty());
}
