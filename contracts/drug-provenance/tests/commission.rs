//! Commissioning: explicit serials and Merkle lots (inclusion proofs on first move).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cw_health_types::drug_provenance::gs1::merkle_leaf;
use cw_health_types::drug_provenance::{
    AlertCode, BizStep, CommissionSerials, ExecuteMsg, HistoryResponse, LotResponse, QueryMsg,
    UnitState, UnitStatus, VerifyUnitRequest,
};
use cw_health_types::merkle::{build_proof, compute_root};
use cw_health_types::Sha256Hash;
use suite::*;

fn commission_msg(lot: &str, expiry: &str, serials: &[&str]) -> ExecuteMsg {
    ExecuteMsg::Commission {
        gtin: gtin_a(),
        lot: lot.into(),
        expiry: expiry.into(),
        serials: CommissionSerials::List {
            serials: serials.iter().map(|s| s.to_string()).collect(),
        },
    }
}

fn lot(s: &Suite, lot: &str) -> LotResponse {
    let l: Option<LotResponse> = s.q(&QueryMsg::Lot {
        gtin: gtin_a(),
        lot: lot.into(),
    });
    l.unwrap()
}

#[test]
fn explicit_serials_are_commissioned_by_the_manufacturer() {
    let mut s = Suite::new();
    let mfr = s.mfr.clone();
    let resp = s.ok(&mfr, &commission_msg("LOT1", EXP, &["S1", "S2"]));
    assert_eq!(attr(&resp, "action"), "commission");
    assert_eq!(attr(&resp, "serials"), "S1 S2");
    let u = s.unit(&gtin_a(), "S1");
    assert_eq!(u.owner, mfr);
    assert_eq!(u.state, UnitState::Active);
    assert_eq!(u.lot, "LOT1");
    assert_eq!(u.expiry, EXP);
    assert_eq!(u.status, UnitStatus::Active);
    let v = s.verify(&gtin_a(), "S2");
    assert_eq!(v.status, UnitStatus::Active);
    assert!(v.alerts.is_empty());
    assert_eq!(v.owner, Some(mfr.clone()));
    // More serials join the same lot with the same expiry.
    s.ok(&mfr, &commission_msg("LOT1", EXP, &["S3"]));
    let l = lot(&s, "LOT1");
    assert_eq!(l.serial_count, 3);
    assert_eq!(l.units_on_ledger, 3);
    assert_eq!(l.manufacturer, mfr);
    assert!(l.merkle_root.is_none());
    let h: HistoryResponse = s.q(&QueryMsg::History {
        gtin: gtin_a(),
        serial: "S3".into(),
        start_after: None,
        limit: None,
    });
    assert_eq!(h.events.len(), 1);
    assert_eq!(h.events[0].biz_step, BizStep::Commissioning);
    assert_eq!(h.events[0].actor, mfr);
}

#[test]
fn commissioning_refusals_change_nothing() {
    let mut s = Suite::new();
    let (mfr, mfr2, wholesaler) = (s.mfr.clone(), s.mfr2.clone(), s.wholesaler.clone());
    s.ok(&mfr, &commission_msg("LOT1", EXP, &["S1"]));
    let cases: Vec<(ExecuteMsg, &str)> = vec![
        (
            commission_msg("LOT1", "310101", &["S9"]),
            "was commissioned with expiry 301231, not 310101",
        ),
        (commission_msg("LOT2", EXP, &["S1"]), "serial S1 of"),
        (
            commission_msg("LOT2", EXP, &["S8", "S8"]),
            "serials contains a duplicate entry",
        ),
        (
            commission_msg("LOT2", EXP, &["bad serial"]),
            "serial contains characters that are not allowed",
        ),
        (
            commission_msg("LOT2", EXP, &[&"x".repeat(21)]),
            "serial is too long",
        ),
        (
            commission_msg("LOT2", EXP, &[]),
            "serials must not be empty",
        ),
        (
            commission_msg("lot 2", EXP, &["S8"]),
            "lot contains characters",
        ),
        (
            commission_msg("LOT2", "301332", &["S8"]),
            "expiry is malformed",
        ),
        (
            commission_msg("LOT2", "1912", &["S8"]),
            "expiry is malformed",
        ),
        // Already expired at commissioning (genesis is 2019-10-23).
        (commission_msg("LOT2", "190930", &["S8"]), "is expired"),
    ];
    for (msg, expected) in cases {
        let err = s.err(&mfr, &msg);
        assert!(err.contains(expected), "{expected}: {err}");
    }
    let too_many: Vec<String> = (0..101).map(|i| format!("T{i}")).collect();
    let err = s.err(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: gtin_a(),
            lot: "LOT2".into(),
            expiry: EXP.into(),
            serials: CommissionSerials::List { serials: too_many },
        },
    );
    assert!(
        err.contains("serials has too many entries: 101, at most 100"),
        "{err}"
    );
    // Only the product's manufacturer, and only a licensed one.
    let err = s.err(&mfr2, &commission_msg("LOT2", EXP, &["S8"]));
    assert!(
        err.ends_with(&format!(
            "caller is not the manufacturer of product {}",
            gtin_a()
        )),
        "{err}"
    );
    let err = s.err(&wholesaler, &commission_msg("LOT2", EXP, &["S8"]));
    assert!(err.contains("caller is not the manufacturer"), "{err}");
    let stranger = s.stranger.clone();
    let err = s.err(&stranger, &commission_msg("LOT2", EXP, &["S8"]));
    assert!(err.contains("is not a licensed trading partner"), "{err}");
    let err = s.err(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: with_check_digit("0031234567899"),
            lot: "LOT2".into(),
            expiry: EXP.into(),
            serials: CommissionSerials::List {
                serials: vec!["S8".into()],
            },
        },
    );
    assert!(err.contains("is not registered"), "{err}");
    // Nothing of the refused messages was stored.
    let none: Option<LotResponse> = s.q(&QueryMsg::Lot {
        gtin: gtin_a(),
        lot: "LOT2".into(),
    });
    assert!(none.is_none());
    assert_eq!(s.verify(&gtin_a(), "S8").status, UnitStatus::Unknown);
    assert_eq!(lot(&s, "LOT1").serial_count, 1);
}

/// A Merkle lot of `gtin_a` as its manufacturer computes it (leaf = `gs1::merkle_leaf`).
struct MerkleLot {
    lot: String,
    serials: Vec<String>,
}

impl MerkleLot {
    fn new(lot: &str, n: usize) -> Self {
        MerkleLot {
            lot: lot.into(),
            serials: (0..n).map(|i| format!("M{i:05}")).collect(),
        }
    }
    fn leaf_data(&self) -> Vec<Vec<u8>> {
        let g = gtin_a();
        self.serials
            .iter()
            .map(|s| merkle_leaf(&g, &self.lot, s))
            .collect()
    }
    fn root(&self) -> Sha256Hash {
        let data = self.leaf_data();
        let leaves: Vec<&[u8]> = data.iter().map(|l| l.as_slice()).collect();
        Sha256Hash::from_bytes(compute_root(&leaves).unwrap())
    }
    fn proof(&self, i: usize) -> cw_health_types::merkle::MerkleProof {
        let data = self.leaf_data();
        let leaves: Vec<&[u8]> = data.iter().map(|l| l.as_slice()).collect();
        build_proof(&leaves, i as u64).unwrap()
    }
}

fn commission_merkle(s: &mut Suite, lot_id: &str, m: &MerkleLot) {
    let mfr = s.mfr.clone();
    let resp = s.ok(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: gtin_a(),
            lot: lot_id.into(),
            expiry: EXP.into(),
            serials: CommissionSerials::MerkleRoot {
                root: m.root(),
                leaf_count: m.serials.len() as u64,
            },
        },
    );
    assert_eq!(attr(&resp, "mode"), "merkle_root");
}

#[test]
fn merkle_lot_units_are_proven_on_first_move() {
    let mut s = Suite::new();
    let m = MerkleLot::new("MLOT", 1000);
    commission_merkle(&mut s, "MLOT", &m);
    let l = lot(&s, "MLOT");
    assert_eq!(l.serial_count, 1000);
    assert_eq!(l.units_on_ledger, 0);
    assert_eq!(l.merkle_root, Some(m.root()));
    let g = gtin_a();
    // Without a proof the unit is unknown; with its lot and proof it verifies as active.
    assert_eq!(s.verify(&g, "M00042").status, UnitStatus::Unknown);
    let with_proof = |serial: &str, i: usize, lot: &str| VerifyUnitRequest {
        gtin: gtin_a(),
        serial: serial.into(),
        lot: Some(lot.into()),
        expiry: Some(EXP.into()),
        proof: Some(m.proof(i)),
    };
    let v = s.verify_req(with_proof("M00042", 42, "MLOT"));
    assert_eq!(v.status, UnitStatus::Active);
    assert!(v.alerts.is_empty());
    assert_eq!(v.owner, Some(s.mfr.clone()));
    // A proof of another leaf, or a serial outside the lot, is unknown.
    let v = s.verify_req(with_proof("M00042", 43, "MLOT"));
    assert_eq!(v.status, UnitStatus::Unknown);
    assert_eq!(v.alerts, vec![AlertCode::UnknownSerial]);
    let v = s.verify_req(with_proof("FAKE01", 42, "MLOT"));
    assert_eq!(v.status, UnitStatus::Unknown);

    // The first move materializes the unit (commissioning + shipping in its history).
    let (mfr, wholesaler) = (s.mfr.clone(), s.wholesaler.clone());
    let resp = s.ok(
        &mfr,
        &Suite::ship_msg(
            &wholesaler,
            vec![proved(&g, "M00042", "MLOT", m.proof(42))],
            vec![],
        ),
    );
    let id: u64 = attr(&resp, "shipment_id").parse().unwrap();
    s.receive(&wholesaler, id);
    let u = s.unit(&g, "M00042");
    assert_eq!(u.owner, wholesaler);
    assert_eq!(u.lot, "MLOT");
    assert_eq!(u.expiry, EXP);
    let h: HistoryResponse = s.q(&QueryMsg::History {
        gtin: g.clone(),
        serial: "M00042".into(),
        start_after: None,
        limit: None,
    });
    let steps: Vec<BizStep> = h.events.iter().map(|e| e.biz_step).collect();
    assert_eq!(
        steps,
        vec![
            BizStep::Commissioning,
            BizStep::Shipping,
            BizStep::Receiving
        ]
    );
    assert_eq!(h.events[0].document, Some(m.root()));
    assert_eq!(lot(&s, "MLOT").units_on_ledger, 1);
    // From then on no proof is needed, and the unit verifies without one.
    assert_eq!(s.verify(&g, "M00042").status, UnitStatus::Active);
    let pharmacy = s.pharmacy.clone();
    s.transfer(&wholesaler, &pharmacy, &g, &["M00042"]);
    s.dispense(&pharmacy, &g, "M00042").unwrap();
    assert_eq!(s.verify(&g, "M00042").status, UnitStatus::Dispensed);
}

#[test]
fn invalid_merkle_proofs_are_refused() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "PLAIN", EXP, &["P1"]);
    let m = MerkleLot::new("MLOT", 64);
    commission_merkle(&mut s, "MLOT", &m);
    let (mfr, wholesaler) = (s.mfr.clone(), s.wholesaler.clone());
    let ship = |unit| Suite::ship_msg(&wholesaler, vec![unit], vec![]);
    // Proof of another leaf.
    let err = s.err(&mfr, &ship(proved(&g, "M00005", "MLOT", m.proof(6))));
    assert!(
        err.ends_with("invalid Merkle proof: proof does not lead to the committed root"),
        "{err}"
    );
    // Tampered sibling.
    let mut p = m.proof(5);
    p.siblings[0] = Sha256Hash::digest(b"evil");
    let err = s.err(&mfr, &ship(proved(&g, "M00005", "MLOT", p)));
    assert!(err.contains("invalid Merkle proof"), "{err}");
    // Wrong tree size.
    let mut p = m.proof(5);
    p.leaf_count = 65;
    let err = s.err(&mfr, &ship(proved(&g, "M00005", "MLOT", p)));
    assert!(err.contains("invalid Merkle proof"), "{err}");
    // Truncated path.
    let mut p = m.proof(5);
    p.siblings.pop();
    let err = s.err(&mfr, &ship(proved(&g, "M00005", "MLOT", p)));
    assert!(err.contains("invalid Merkle proof"), "{err}");
    // Malformed sibling hex.
    let mut p = m.proof(5);
    p.siblings[1] = Sha256Hash("zz".into());
    let err = s.err(&mfr, &ship(proved(&g, "M00005", "MLOT", p)));
    assert!(err.contains("invalid Merkle proof"), "{err}");
    // A serial not in the tree, with a real proof.
    let err = s.err(&mfr, &ship(proved(&g, "FORGED", "MLOT", m.proof(5))));
    assert!(err.contains("invalid Merkle proof"), "{err}");
    // No proof, wrong lot, a lot that is not a Merkle lot.
    let err = s.err(&mfr, &ship(uref(&g, "M00005")));
    assert!(
        err.contains("is not on the ledger (a unit of a Merkle lot needs its lot and proof)"),
        "{err}"
    );
    let err = s.err(&mfr, &ship(proved(&g, "M00005", "NOLOT", m.proof(5))));
    assert!(err.contains("lot NOLOT of"), "{err}");
    let err = s.err(&mfr, &ship(proved(&g, "M00005", "PLAIN", m.proof(5))));
    assert!(err.contains("is not a Merkle lot"), "{err}");
    // Nothing was materialized.
    let u: Option<cw_health_types::drug_provenance::UnitResponse> = s.q(&QueryMsg::Unit {
        gtin: g.clone(),
        serial: "M00005".into(),
    });
    assert!(u.is_none());
    assert_eq!(lot(&s, "MLOT").units_on_ledger, 0);
    // The genuine proof works.
    s.ok(&mfr, &ship(proved(&g, "M00005", "MLOT", m.proof(5))));
    assert_eq!(s.unit(&g, "M00005").status, UnitStatus::InTransit);
}

#[test]
fn merkle_lots_are_committed_once() {
    let mut s = Suite::new();
    let mfr = s.mfr.clone();
    // An explicit lot first (explicit serials are refused once the product has a Merkle lot).
    s.ok(&mfr, &commission_msg("LOT1", EXP, &["X1"]));
    let m = MerkleLot::new("MLOT", 3);
    commission_merkle(&mut s, "MLOT", &m);
    let err = s.err(&mfr, &commission_msg("MLOT", EXP, &["X1"]));
    assert!(
        err.contains("was committed as a Merkle root; it takes no more serials"),
        "{err}"
    );
    let again = ExecuteMsg::Commission {
        gtin: gtin_a(),
        lot: "MLOT".into(),
        expiry: EXP.into(),
        serials: CommissionSerials::MerkleRoot {
            root: m.root(),
            leaf_count: 3,
        },
    };
    let err = s.err(&mfr, &again);
    assert!(err.contains("it takes no more serials"), "{err}");
    // An explicit lot cannot become a Merkle lot either.
    let err = s.err(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: gtin_a(),
            lot: "LOT1".into(),
            expiry: EXP.into(),
            serials: CommissionSerials::MerkleRoot {
                root: m.root(),
                leaf_count: 3,
            },
        },
    );
    assert!(err.contains("it takes no more serials"), "{err}");
    // Empty trees and malformed roots are refused.
    let err = s.err(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: gtin_a(),
            lot: "M2".into(),
            expiry: EXP.into(),
            serials: CommissionSerials::MerkleRoot {
                root: m.root(),
                leaf_count: 0,
            },
        },
    );
    assert!(err.contains("leaf_count is out of range"), "{err}");
    let err = s.err(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: gtin_a(),
            lot: "M2".into(),
            expiry: EXP.into(),
            serials: CommissionSerials::MerkleRoot {
                root: Sha256Hash("ABC".into()),
                leaf_count: 1,
            },
        },
    );
    assert!(err.contains("root: invalid sha256 hash"), "{err}");
    // A serial already on the ledger cannot be materialized again from a Merkle lot.
    let dup = MerkleLot {
        lot: "M3".into(),
        serials: vec!["X1".into(), "X2".into()],
    };
    commission_merkle(&mut s, "M3", &dup);
    let v = s.verify_req(VerifyUnitRequest {
        gtin: gtin_a(),
        serial: "X1".into(),
        lot: Some("M3".into()),
        expiry: None,
        proof: Some(dup.proof(0)),
    });
    // The unit on the ledger (lot LOT1) answers, with a lot mismatch.
    assert_eq!(v.lot, Some("LOT1".into()));
    assert_eq!(v.alerts, vec![AlertCode::LotMismatch]);
    let wholesaler = s.wholesaler.clone();
    let err = s.err(
        &mfr,
        &Suite::ship_msg(
            &wholesaler,
            vec![proved(&gtin_a(), "X1", "M3", dup.proof(0))],
            vec![],
        ),
    );
    assert!(err.contains("belongs to lot LOT1, not M3"), "{err}");
}

#[test]
fn a_recorded_verification_of_a_merkle_unit_is_kept_on_it() {
    let mut s = Suite::new();
    let m = MerkleLot::new("MLOT", 8);
    commission_merkle(&mut s, "MLOT", &m);
    let g = gtin_a();
    let wholesaler = s.wholesaler.clone();
    let record = |serial: &str, i: usize, expiry: &str| {
        ExecuteMsg::RecordVerification(VerifyUnitRequest {
            gtin: gtin_a(),
            serial: serial.into(),
            lot: Some("MLOT".into()),
            expiry: Some(expiry.into()),
            proof: Some(m.proof(i)),
        })
    };
    // An invalid proof answers unknown and stores nothing.
    let resp = s.ok(&wholesaler, &record("M00003", 4, EXP));
    assert_eq!(attr(&resp, "status"), "unknown");
    assert_eq!(lot(&s, "MLOT").units_on_ledger, 0);
    let u: Option<cw_health_types::drug_provenance::UnitResponse> = s.q(&QueryMsg::Unit {
        gtin: g.clone(),
        serial: "M00003".into(),
    });
    assert!(u.is_none());
    // A valid proof with a clean pack: the unit is stored with its verification.
    let resp = s.ok(&wholesaler, &record("M00003", 3, EXP));
    assert_eq!(attr(&resp, "status"), "active");
    assert_eq!(attr(&resp, "alerts"), "none");
    assert_eq!(lot(&s, "MLOT").units_on_ledger, 1);
    let h: HistoryResponse = s.q(&QueryMsg::History {
        gtin: g.clone(),
        serial: "M00003".into(),
        start_after: None,
        limit: None,
    });
    let steps: Vec<BizStep> = h.events.iter().map(|e| e.biz_step).collect();
    assert_eq!(steps, vec![BizStep::Commissioning, BizStep::Verifying]);
    // A pack printed with another expiry: the alert is recorded on the unit that never moved.
    let resp = s.ok(&wholesaler, &record("M00005", 5, "301230"));
    assert_eq!(attr(&resp, "alerts"), AlertCode::ExpiryMismatch.code());
    let u = s.unit(&g, "M00005");
    assert_eq!(u.alert_count, 1);
    assert_eq!(u.owner, s.mfr);
    assert_eq!(lot(&s, "MLOT").units_on_ledger, 2);
    // Once stored, the proof is no longer needed. The same wholesaler repeating the scan
    // does not count again; a second partner's mismatch reaches the threshold (2).
    let again = ExecuteMsg::RecordVerification(VerifyUnitRequest {
        gtin: gtin_a(),
        serial: "M00005".into(),
        lot: Some("MLOT".into()),
        expiry: Some("301230".into()),
        proof: None,
    });
    let resp = s.ok(&wholesaler, &again);
    assert_eq!(attr(&resp, "investigation_id"), "none");
    let pharmacy = s.pharmacy.clone();
    let resp = s.ok(
        &pharmacy,
        &ExecuteMsg::RecordVerification(VerifyUnitRequest {
            gtin: gtin_a(),
            serial: "M00005".into(),
            lot: Some("MLOT".into()),
            expiry: Some("301230".into()),
            proof: None,
        }),
    );
    assert_eq!(attr(&resp, "investigation_id"), "1");
    assert_eq!(s.verify(&g, "M00005").status, UnitStatus::Quarantined);
}
