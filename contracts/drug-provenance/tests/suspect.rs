//! Suspect product (DSCSA): flags, quarantine, determinations, notification clocks, the overdue
//! list, recorded verifications, and cold-chain excursions.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cw_health_types::drug_provenance::{
    AlertCode, BizStep, Determination, DueCursor, ExcursionTarget, ExecuteMsg, HistoryResponse,
    InvestigationResponse, InvestigationState, OverdueInvestigationsResponse, OverdueKind,
    QueryMsg, SuspectReason, UnitStatus, VerifyUnitRequest,
};
use suite::*;

fn flag(serial: &str, reason: SuspectReason) -> ExecuteMsg {
    ExecuteMsg::FlagSuspect {
        unit: uref(&gtin_a(), serial),
        reason,
        evidence_hash: Some(hash("photo")),
    }
}

fn resolve(id: u64, d: Determination) -> ExecuteMsg {
    ExecuteMsg::ResolveSuspect {
        investigation_id: id,
        determination: d,
        evidence_hash: Some(hash("lab report")),
    }
}

fn investigation(s: &Suite, id: u64) -> InvestigationResponse {
    s.q(&QueryMsg::Investigation {
        investigation_id: id,
    })
}

fn overdue(
    s: &Suite,
    start_after: Option<DueCursor>,
    limit: Option<u32>,
) -> OverdueInvestigationsResponse {
    s.q(&QueryMsg::Overdue { start_after, limit })
}

#[test]
fn a_flagged_unit_is_frozen_until_cleared() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1", "A2"]);
    let (mfr, wholesaler, pharmacy, stranger) = (
        s.mfr.clone(),
        s.wholesaler.clone(),
        s.pharmacy.clone(),
        s.stranger.clone(),
    );
    s.transfer(&mfr, &wholesaler, &g, &["A1", "A2"]);
    let err = s.err(&stranger, &flag("A1", SuspectReason::Counterfeit));
    assert!(err.contains("is not a licensed trading partner"), "{err}");
    // A licensed partner that never held the unit has no standing; its owner has.
    let err = s.err(&pharmacy, &flag("A1", SuspectReason::Counterfeit));
    assert!(err.contains("caller has no standing to flag unit"), "{err}");
    let resp = s.ok(&wholesaler, &flag("A1", SuspectReason::Counterfeit));
    assert_eq!(attr(&resp, "action"), "flag_suspect");
    assert_eq!(attr(&resp, "reason"), "counterfeit");
    assert_eq!(attr(&resp, "investigation_id"), "1");
    let opened = s.now();
    let inv = investigation(&s, 1);
    assert_eq!(inv.state, InvestigationState::Open);
    assert_eq!(inv.opened_by, wholesaler);
    assert_eq!(inv.due_at, opened.plus_seconds(86_400));
    assert_eq!(inv.evidence_hash, Some(hash("photo")));
    let v = s.verify(&g, "A1");
    assert_eq!(v.status, UnitStatus::Quarantined);
    assert_eq!(v.owner, Some(wholesaler.clone()));
    // Frozen: no ship, no pack, no second flag.
    let err = s.err(
        &wholesaler,
        &Suite::ship_msg(&pharmacy, vec![uref(&g, "A1")], vec![]),
    );
    assert!(
        err.ends_with(&format!("unit {g}/A1 is quarantined (investigation 1)")),
        "{err}"
    );
    let regulator = s.regulator.clone();
    s.set_prefixes(&regulator, &wholesaler, &["0888"]);
    let err = s.err(
        &wholesaler,
        &ExecuteMsg::Pack {
            cases: vec![],
            sscc: sscc_of("0888", 1),
            units: vec![uref(&g, "A1")],
        },
    );
    assert!(err.contains("is quarantined"), "{err}");
    let err = s.err(&wholesaler, &flag("A1", SuspectReason::Stolen));
    assert!(err.contains("is quarantined"), "{err}");
    // Only the manufacturer or the regulator determines.
    for who in [wholesaler.clone(), pharmacy.clone(), s.mfr2.clone()] {
        let err = s.err(&who, &resolve(1, Determination::Cleared));
        assert!(
            err.ends_with("caller is neither the product's manufacturer nor the regulator"),
            "{err}"
        );
    }
    let err = s.err(&mfr, &resolve(9, Determination::Cleared));
    assert!(err.ends_with("investigation 9 not found"), "{err}");
    let resp = s.ok(&mfr, &resolve(1, Determination::Cleared));
    assert_eq!(attr(&resp, "determination"), "cleared");
    assert_eq!(attr(&resp, "biz_step"), "releasing");
    assert_eq!(attr(&resp, "notification_due_at"), "none");
    let inv = investigation(&s, 1);
    assert_eq!(inv.state, InvestigationState::Cleared);
    assert_eq!(inv.resolved_by, Some(mfr.clone()));
    assert_eq!(inv.determination_hash, Some(hash("lab report")));
    assert_eq!(s.verify(&g, "A1").status, UnitStatus::Active);
    let err = s.err(&mfr, &resolve(1, Determination::Illegitimate));
    assert!(err.ends_with("investigation 1 is cleared"), "{err}");
    // Released: it moves again.
    s.transfer(&wholesaler, &pharmacy, &g, &["A1"]);
    let h: HistoryResponse = s.q(&QueryMsg::History {
        gtin: g.clone(),
        serial: "A1".into(),
        start_after: None,
        limit: None,
    });
    let steps: Vec<BizStep> = h.events.iter().map(|e| e.biz_step).collect();
    assert_eq!(
        steps,
        vec![
            BizStep::Commissioning,
            BizStep::Shipping,
            BizStep::Receiving,
            BizStep::Holding,
            BizStep::Releasing,
            BizStep::Shipping,
            BizStep::Receiving,
        ]
    );
    assert_eq!(h.events[3].investigation_id, Some(1));
    assert_eq!(h.events[3].document, Some(hash("photo")));
}

#[test]
fn an_illegitimate_unit_is_destroyed_and_notification_is_due() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1"]);
    let (mfr, wholesaler, reg) = (s.mfr.clone(), s.wholesaler.clone(), s.regulator.clone());
    s.ok(&mfr, &flag("A1", SuspectReason::Diverted));
    s.advance(3_600);
    let resp = s.ok(&reg, &resolve(1, Determination::Illegitimate));
    let determined = s.now();
    assert_eq!(attr(&resp, "biz_step"), "destroying");
    assert_eq!(
        attr(&resp, "notification_due_at"),
        determined.plus_seconds(86_400).seconds().to_string()
    );
    let inv = investigation(&s, 1);
    assert_eq!(inv.state, InvestigationState::Illegitimate);
    assert_eq!(
        inv.notification_due_at,
        Some(determined.plus_seconds(86_400))
    );
    let v = s.verify(&g, "A1");
    assert_eq!(v.status, UnitStatus::Destroyed);
    let err = s.err(
        &mfr,
        &Suite::ship_msg(&wholesaler, vec![uref(&g, "A1")], vec![]),
    );
    assert!(err.ends_with(&format!("unit {g}/A1 is destroyed")), "{err}");
    // Not overdue yet; overdue once the 24 h have passed.
    assert!(overdue(&s, None, None).items.is_empty());
    s.advance(86_400);
    assert!(
        overdue(&s, None, None).items.is_empty(),
        "due exactly now is not late"
    );
    s.advance(1);
    let late = overdue(&s, None, None);
    assert_eq!(late.items.len(), 1);
    assert_eq!(late.items[0].kind, OverdueKind::Notification);
    assert_eq!(late.items[0].investigation.id, 1);
    // Recording the notification stops the clock.
    let err = s.err(
        &wholesaler,
        &ExecuteMsg::RecordNotification {
            investigation_id: 1,
            notification_hash: hash("form 3911"),
        },
    );
    assert!(
        err.contains("neither the product's manufacturer nor the regulator"),
        "{err}"
    );
    let resp = s.ok(
        &mfr,
        &ExecuteMsg::RecordNotification {
            investigation_id: 1,
            notification_hash: hash("form 3911"),
        },
    );
    assert_eq!(attr(&resp, "late"), "true");
    assert!(overdue(&s, None, None).items.is_empty());
    let inv = investigation(&s, 1);
    assert_eq!(inv.notification_hash, Some(hash("form 3911")));
    assert_eq!(inv.notified_at, Some(s.now()));
    let err = s.err(
        &mfr,
        &ExecuteMsg::RecordNotification {
            investigation_id: 1,
            notification_hash: hash("again"),
        },
    );
    assert!(
        err.ends_with("investigation 1 is not awaiting a notification"),
        "{err}"
    );
    // A destroyed unit cannot be flagged again.
    let err = s.err(&mfr, &flag("A1", SuspectReason::Counterfeit));
    assert!(err.ends_with(&format!("unit {g}/A1 is destroyed")), "{err}");
}

#[test]
fn late_determinations_are_listed_oldest_first_in_pages() {
    let mut s = Suite::new();
    let g = gtin_a();
    let serials: Vec<String> = (0..35).map(|i| format!("S{i:02}")).collect();
    let refs: Vec<&str> = serials.iter().map(|x| x.as_str()).collect();
    s.commission(&g, "LOT1", EXP, &refs);
    let mfr = s.mfr.clone();
    for serial in &refs {
        s.ok(&mfr, &flag(serial, SuspectReason::UnfitForDistribution));
        s.advance(10);
    }
    // The first due times have passed 24 h after the first flags.
    s.advance(86_400 - 35 * 10);
    let first = overdue(&s, None, Some(100));
    assert_eq!(first.items.len(), 0);
    s.advance(200);
    let some = overdue(&s, None, Some(100));
    // Flags 0..=19 are due at least 1 s ago.
    assert_eq!(some.items.len(), 20);
    s.advance(86_400);
    let page1 = overdue(&s, None, Some(100));
    assert_eq!(page1.items.len(), 30);
    assert!(page1
        .items
        .iter()
        .all(|i| i.kind == OverdueKind::Determination));
    assert_eq!(page1.items[0].investigation.serial, "S00");
    assert!(page1.items.windows(2).all(|w| w[0].due_at <= w[1].due_at));
    let last = &page1.items[29];
    let page2 = overdue(
        &s,
        Some(DueCursor {
            due_at: last.due_at,
            investigation_id: last.investigation.id,
        }),
        None,
    );
    assert_eq!(page2.items.len(), 5);
    assert_eq!(page2.items[4].investigation.serial, "S34");
    // Determining removes an investigation from the list.
    s.ok(&mfr, &resolve(1, Determination::Cleared));
    let after = overdue(&s, None, Some(1));
    assert_eq!(after.items[0].investigation.id, 2);
}

#[test]
fn recorded_verification_mismatches_become_alerts_then_quarantine() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1"]);
    let (mfr, wholesaler, stranger) = (s.mfr.clone(), s.wholesaler.clone(), s.stranger.clone());
    s.transfer(&mfr, &wholesaler, &g, &["A1"]);
    let req = |lot: &str, expiry: &str| VerifyUnitRequest {
        gtin: gtin_a(),
        serial: "A1".into(),
        lot: Some(lot.into()),
        expiry: Some(expiry.into()),
        proof: None,
    };
    let err = s.err(&stranger, &ExecuteMsg::RecordVerification(req("LOT1", EXP)));
    assert!(err.contains("is not a licensed trading partner"), "{err}");
    // A clean verification (a saleable return) is recorded, no alert.
    let resp = s.ok(
        &wholesaler,
        &ExecuteMsg::RecordVerification(req("LOT1", EXP)),
    );
    assert_eq!(attr(&resp, "status"), "active");
    assert_eq!(attr(&resp, "alerts"), "none");
    assert_eq!(s.unit(&g, "A1").alert_count, 0);
    // A pack printed with another lot: an alert (FE_LOT_13) on the unit.
    let resp = s.ok(
        &wholesaler,
        &ExecuteMsg::RecordVerification(req("LOT9", EXP)),
    );
    assert_eq!(attr(&resp, "alerts"), "NMVS_FE_LOT_13");
    assert_eq!(attr(&resp, "investigation_id"), "none");
    assert_eq!(s.unit(&g, "A1").alert_count, 1);
    // The same partner repeating itself does not count again.
    let resp = s.ok(
        &wholesaler,
        &ExecuteMsg::RecordVerification(req("LOT9", EXP)),
    );
    assert_eq!(attr(&resp, "investigation_id"), "none");
    assert_eq!(s.unit(&g, "A1").alert_count, 1);
    // A second partner's alert quarantines it automatically.
    let pharmacy = s.pharmacy.clone();
    let resp = s.ok(
        &pharmacy,
        &ExecuteMsg::RecordVerification(req("LOT1", "301230")),
    );
    assert_eq!(attr(&resp, "alerts"), "NMVS_FE_LOT_12");
    assert_eq!(attr(&resp, "investigation_id"), "1");
    assert_eq!(s.verify(&g, "A1").status, UnitStatus::Quarantined);
    assert_eq!(investigation(&s, 1).reason, SuspectReason::RepeatedAlerts);
    // Clearing resets the alert count.
    s.ok(&mfr, &resolve(1, Determination::Cleared));
    assert_eq!(s.unit(&g, "A1").alert_count, 0);
    // An unknown serial is answered, not stored.
    let resp = s.ok(
        &wholesaler,
        &ExecuteMsg::RecordVerification(VerifyUnitRequest {
            gtin: g.clone(),
            serial: "NOPE".into(),
            lot: None,
            expiry: None,
            proof: None,
        }),
    );
    assert_eq!(attr(&resp, "status"), "unknown");
    assert_eq!(attr(&resp, "alerts"), AlertCode::UnknownSerial.code());
}

fn excursion(target: ExcursionTarget, min: i32, max: i32, secs: u64) -> ExecuteMsg {
    ExecuteMsg::ReportExcursion {
        target,
        min_decicelsius: min,
        max_decicelsius: max,
        duration_secs: secs,
        readings_hash: hash(&format!("readings {min} {max} {secs}")),
    }
}

fn unit_target(gtin: &str, serial: &str) -> ExcursionTarget {
    ExcursionTarget::Unit {
        gtin: gtin.into(),
        serial: serial.into(),
        lot: None,
        proof: None,
    }
}

/// A logger on a pallet still at the manufacturer's: the excursion counts for a Merkle unit that
/// never moved (named with its lot and proof), which is stored by the report.
#[test]
fn an_excursion_counts_for_a_merkle_unit_that_never_moved() {
    use cw_health_types::drug_provenance::gs1::merkle_leaf;
    use cw_health_types::merkle::{build_proof, compute_root};
    let mut s = Suite::new();
    let g = gtin_a();
    let data: Vec<Vec<u8>> = ["M0", "M1", "M2"]
        .iter()
        .map(|x| merkle_leaf(&g, "MLOT", x))
        .collect();
    let leaves: Vec<&[u8]> = data.iter().map(|l| l.as_slice()).collect();
    let mfr = s.mfr.clone();
    s.ok(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: g.clone(),
            lot: "MLOT".into(),
            expiry: EXP.into(),
            serials: cw_health_types::drug_provenance::CommissionSerials::MerkleRoot {
                root: cw_health_types::Sha256Hash::from_bytes(compute_root(&leaves).unwrap()),
                leaf_count: 3,
            },
        },
    );
    let logger = s.logger.clone();
    // Without its proof the unit is unknown.
    let err = s.err(&logger, &excursion(unit_target(&g, "M1"), 0, 120, 4_000));
    assert!(err.contains("is not on the ledger"), "{err}");
    let proven = ExcursionTarget::Unit {
        gtin: g.clone(),
        serial: "M1".into(),
        lot: Some("MLOT".into()),
        proof: Some(build_proof(&leaves, 1).unwrap()),
    };
    let resp = s.ok(&logger, &excursion(proven, 0, 120, 4_000));
    assert_eq!(attr(&resp, "quarantined"), "1");
    let u = s.unit(&g, "M1");
    assert_eq!(u.excursion_secs, 4_000);
    assert_eq!(u.owner, mfr);
    assert_eq!(u.status, UnitStatus::Quarantined);
}

#[test]
fn cold_chain_excursions_accumulate_until_quarantine() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1"]);
    s.commission(&gtin_b(), "LOTB", EXP, &["B1"]);
    let (logger, stranger) = (s.logger.clone(), s.stranger.clone());
    let err = s.err(&stranger, &excursion(unit_target(&g, "A1"), 0, 90, 600));
    assert!(
        err.ends_with("caller is not a registered cold-chain logger"),
        "{err}"
    );
    // Readings inside the 2.0-8.0 °C profile are not an excursion.
    let err = s.err(&logger, &excursion(unit_target(&g, "A1"), 20, 80, 600));
    assert!(
        err.ends_with("the readings stay within the product's temperature range: not an excursion"),
        "{err}"
    );
    let err = s.err(
        &logger,
        &excursion(unit_target(&gtin_b(), "B1"), 0, 300, 600),
    );
    assert!(
        err.ends_with(&format!("product {} has no temperature profile", gtin_b())),
        "{err}"
    );
    for (secs, bad) in [(0u64, "duration_secs"), (366 * 86_400, "duration_secs")] {
        let err = s.err(&logger, &excursion(unit_target(&g, "A1"), 0, 90, secs));
        assert!(err.contains(&format!("{bad} is out of range")), "{err}");
    }
    let err = s.err(&logger, &excursion(unit_target(&g, "A1"), 90, 0, 60));
    assert!(err.contains("min_decicelsius is out of range"), "{err}");
    // 1800 s + 1800 s = the 3600 s allowance: still active.
    s.ok(&logger, &excursion(unit_target(&g, "A1"), 10, 80, 1_800));
    let resp = s.ok(&logger, &excursion(unit_target(&g, "A1"), 20, 95, 1_800));
    assert_eq!(attr(&resp, "quarantined"), "none");
    let u = s.unit(&g, "A1");
    assert_eq!((u.excursion_secs, u.status), (3_600, UnitStatus::Active));
    // One more second over budget: quarantined.
    let resp = s.ok(&logger, &excursion(unit_target(&g, "A1"), -5, 50, 1));
    assert_eq!(attr(&resp, "quarantined"), "1");
    assert_eq!(s.verify(&g, "A1").status, UnitStatus::Quarantined);
    let inv = investigation(&s, 1);
    assert_eq!(inv.reason, SuspectReason::ColdChainExcursion);
    assert_eq!(inv.evidence_hash, Some(hash("readings -5 50 1")));
    let h: HistoryResponse = s.q(&QueryMsg::History {
        gtin: g.clone(),
        serial: "A1".into(),
        start_after: Some(0),
        limit: Some(2),
    });
    assert_eq!(h.events.len(), 2);
    assert_eq!(h.events[0].seq, 1);
    assert_eq!(h.events[0].biz_step, BizStep::SensorReporting);
    assert_eq!(h.events[0].excursion_secs, Some(1_800));
}

#[test]
fn a_case_excursion_applies_to_every_unit_in_it() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["C1", "C2"]);
    s.commission(&gtin_b(), "LOTB", EXP, &["B1"]);
    let (mfr, logger) = (s.mfr.clone(), s.logger.clone());
    s.ok(
        &mfr,
        &ExecuteMsg::Pack {
            cases: vec![],
            sscc: sscc(5),
            units: vec![uref(&g, "C1"), uref(&g, "C2"), uref(&gtin_b(), "B1")],
        },
    );
    // Units without a profile (B1) are skipped; the others count.
    let resp = s.ok(
        &logger,
        &excursion(ExcursionTarget::PackedCase { sscc: sscc(5) }, 0, 120, 4_000),
    );
    assert_eq!(attr(&resp, "unit_count"), "2");
    assert_eq!(attr(&resp, "quarantined"), "1 2");
    for serial in ["C1", "C2"] {
        assert_eq!(s.verify(&g, serial).status, UnitStatus::Quarantined);
    }
    assert_eq!(s.unit(&gtin_b(), "B1").excursion_secs, 0);
    // A case holding a quarantined unit cannot ship.
    let wholesaler = s.wholesaler.clone();
    let err = s.err(&mfr, &Suite::ship_msg(&wholesaler, vec![], vec![sscc(5)]));
    assert!(
        err.contains("2 unit(s) inside are quarantined or destroyed"),
        "{err}"
    );
    let err = s.err(
        &logger,
        &excursion(ExcursionTarget::PackedCase { sscc: sscc(6) }, 0, 120, 60),
    );
    assert!(err.contains("not found"), "{err}");
}

#[test]
fn a_manufacturer_without_a_license_cannot_determine_suspect_units() {
    use cw_health_types::drug_provenance::TradingPartnerStatus;
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1", "A2"]);
    let (mfr, wholesaler, reg) = (s.mfr.clone(), s.wholesaler.clone(), s.regulator.clone());
    s.transfer(&mfr, &wholesaler, &g, &["A1", "A2"]);
    s.ok(&wholesaler, &flag("A1", SuspectReason::Counterfeit));
    s.ok(&wholesaler, &flag("A2", SuspectReason::Diverted));
    let status = |s: &mut Suite, st: TradingPartnerStatus| {
        s.ok(
            &reg,
            &ExecuteMsg::SetPartyStatus {
                address: mfr.to_string(),
                status: st,
            },
        );
    };
    // Suspended: it cannot release its units back into trade (nor declare them illegitimate).
    status(&mut s, TradingPartnerStatus::Suspended);
    for d in [Determination::Cleared, Determination::Illegitimate] {
        let err = s.err(&mfr, &resolve(1, d));
        assert!(
            err.ends_with(&format!(
                "{mfr} is not a licensed trading partner (unregistered, suspended, revoked or license expired)"
            )),
            "{err}"
        );
    }
    assert_eq!(investigation(&s, 1).state, InvestigationState::Open);
    assert_eq!(s.verify(&g, "A1").status, UnitStatus::Quarantined);
    // The regulator still determines.
    s.ok(&reg, &resolve(1, Determination::Cleared));
    assert_eq!(s.verify(&g, "A1").status, UnitStatus::Active);
    // Reinstated, the manufacturer determines again.
    status(&mut s, TradingPartnerStatus::Active);
    s.ok(&mfr, &resolve(2, Determination::Cleared));
    assert_eq!(investigation(&s, 2).resolved_by, Some(mfr.clone()));
    // A license that expired counts the same: a new flag, then the license lapses.
    let soon = s.now().plus_seconds(100);
    s.ok(
        &reg,
        &ExecuteMsg::RegisterParty {
            address: mfr.to_string(),
            role: cw_health_types::drug_provenance::TradingPartnerRole::Manufacturer,
            license_id: "LIC-MFR".into(),
            license_expiry: soon,
        },
    );
    s.ok(&wholesaler, &flag("A1", SuspectReason::Stolen));
    s.advance(100);
    let err = s.err(&mfr, &resolve(3, Determination::Cleared));
    assert!(err.contains("is not a licensed trading partner"), "{err}");
    assert_eq!(investigation(&s, 3).state, InvestigationState::Open);
}

#[test]
fn recorded_verifications_refuse_a_malformed_lot_or_expiry() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1"]);
    let wholesaler = s.wholesaler.clone();
    let mfr = s.mfr.clone();
    s.transfer(&mfr, &wholesaler, &g, &["A1"]);
    let events = s.unit(&g, "A1").event_count;
    let req = |lot: Option<&str>, expiry: Option<&str>| {
        ExecuteMsg::RecordVerification(VerifyUnitRequest {
            gtin: gtin_a(),
            serial: "A1".into(),
            lot: lot.map(Into::into),
            expiry: expiry.map(Into::into),
            proof: None,
        })
    };
    let long = "L".repeat(21);
    for (msg, expected) in [
        (req(Some(""), None), "lot must not be empty"),
        (req(Some(&long), None), "lot"),
        (req(Some("LOT 1"), None), "not in GS1 character set 82"),
        (req(None, Some("3012")), "expiry is YYMMDD"),
        (req(None, Some("30123A")), "expiry is YYMMDD"),
        (req(None, Some(&"9".repeat(10_000))), "expiry is YYMMDD"),
    ] {
        let err = s.err(&wholesaler, &msg);
        assert!(err.contains(expected), "{err}");
    }
    // Nothing was recorded on the unit.
    let u = s.unit(&g, "A1");
    assert_eq!(u.alert_count, 0);
    assert_eq!(u.event_count, events);
    // A well-formed expiry that differs from the lot's is a mismatch (an alert), not bad input.
    let resp = s.ok(&wholesaler, &req(Some("LOT1"), Some("301230")));
    assert_eq!(attr(&resp, "alerts"), AlertCode::ExpiryMismatch.code());
    assert_eq!(s.unit(&g, "A1").alert_count, 1);
}

#[test]
fn the_same_readings_count_once_per_unit() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["C1", "C2", "C3"]);
    let (mfr, logger) = (s.mfr.clone(), s.logger.clone());
    s.ok(
        &mfr,
        &ExecuteMsg::Pack {
            cases: vec![],
            sscc: sscc(7),
            units: vec![uref(&g, "C1"), uref(&g, "C2")],
        },
    );
    // A unit report sent twice: the second is refused, the total counts it once.
    let report = excursion(unit_target(&g, "C3"), 0, 90, 1_000);
    s.ok(&logger, &report);
    let events = s.unit(&g, "C3").event_count;
    let err = s.err(&logger, &report);
    let h = hash("readings 0 90 1000");
    assert!(
        err.ends_with(&format!(
            "readings {} were already counted for unit {g}/C3",
            h.as_str()
        )),
        "{err}"
    );
    let u = s.unit(&g, "C3");
    assert_eq!((u.excursion_secs, u.event_count), (1_000, events));
    // The case's readings count for each unit once; the same readings then reported for one
    // unit of the case are refused, and reporting the case again is refused (no unit counts).
    let case_report = excursion(ExcursionTarget::PackedCase { sscc: sscc(7) }, 0, 90, 600);
    let resp = s.ok(&logger, &case_report);
    assert_eq!(attr(&resp, "unit_count"), "2");
    let same_on_unit = ExecuteMsg::ReportExcursion {
        target: unit_target(&g, "C1"),
        min_decicelsius: 0,
        max_decicelsius: 90,
        duration_secs: 600,
        readings_hash: hash("readings 0 90 600"),
    };
    let err = s.err(&logger, &same_on_unit);
    assert!(err.contains("were already counted for unit"), "{err}");
    let err = s.err(&logger, &case_report);
    assert!(err.contains("were already counted for unit"), "{err}");
    for serial in ["C1", "C2"] {
        assert_eq!(s.unit(&g, serial).excursion_secs, 600);
    }
    // New readings count again.
    s.ok(
        &logger,
        &excursion(ExcursionTarget::PackedCase { sscc: sscc(7) }, 0, 90, 700),
    );
    assert_eq!(s.unit(&g, "C1").excursion_secs, 1_300);
}
