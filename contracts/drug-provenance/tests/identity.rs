//! Product identity: only the holder of a GTIN's GS1 company prefix registers it, the owner or
//! regulator can transfer, withdraw or revoke a product, SSCCs carry the packer's prefix, NDCs
//! are unique, the manufacturer role is checked at commissioning, and a serial committed in a
//! Merkle lot never belongs to two packs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cosmwasm_std::Addr;
use cw_health_types::drug_provenance::gs1::merkle_leaf;
use cw_health_types::drug_provenance::{
    CommissionSerials, ExecuteMsg, PartyResponse, ProductChange, ProductResponse, QueryMsg,
    TradingPartnerRole, UnitStatus, VerifyUnitRequest,
};
use cw_health_types::merkle::{build_proof, compute_root};
use cw_health_types::Sha256Hash;
use suite::*;

fn register_product(gtin: &str, ndc: &str) -> ExecuteMsg {
    ExecuteMsg::RegisterProduct {
        gtin: gtin.into(),
        ndc: ndc.into(),
        temp_profile: None,
        pack_quantity: 30,
    }
}

fn product(s: &Suite, gtin: &str) -> Option<ProductResponse> {
    s.q(&QueryMsg::Product { gtin: gtin.into() })
}

fn change(gtin: &str, change: ProductChange) -> ExecuteMsg {
    ExecuteMsg::ChangeProduct {
        gtin: gtin.into(),
        change,
    }
}

fn party(s: &Suite, who: &Addr) -> PartyResponse {
    let p: Option<PartyResponse> = s.q(&QueryMsg::Party {
        address: who.to_string(),
    });
    p.unwrap()
}

/// A rival manufacturer cannot register the brand owner's GTIN (first come no longer wins),
/// whatever the indicator digit, and the brand owner can.
#[test]
fn only_the_prefix_holder_registers_a_gtin() {
    let mut s = Suite::new();
    let (mfr, mfr2) = (s.mfr.clone(), s.mfr2.clone());
    let brand = gtin_of(MFR_PREFIX, 77);
    let err = s.err(&mfr2, &register_product(&brand, "NDC-77"));
    assert!(
        err.contains(&format!(
            "caller does not hold the GS1 company prefix of {brand}"
        )),
        "{err}"
    );
    assert!(product(&s, &brand).is_none());
    // A higher packaging level (indicator 5) of the brand's item: still the brand's prefix.
    let case_level = with_check_digit(&format!("5{}", &brand[1..13]));
    let err = s.err(&mfr2, &register_product(&case_level, "NDC-77-5"));
    assert!(
        err.contains("does not hold the GS1 company prefix"),
        "{err}"
    );
    // The prefix is matched after the indicator digit: a party holding the digits that start
    // the GTIN-14 itself (indicator included) does not hold its prefix.
    let regulator = s.regulator.clone();
    s.set_prefixes(&regulator, &mfr2, &[MFR2_PREFIX, "5031"]);
    let err = s.err(&mfr2, &register_product(&case_level, "NDC-77-5"));
    assert!(
        err.contains("does not hold the GS1 company prefix"),
        "{err}"
    );
    // The brand owner registers both, and mfr2 its own.
    s.ok(&mfr, &register_product(&brand, "NDC-77"));
    s.ok(&mfr, &register_product(&case_level, "NDC-77-5"));
    assert_eq!(product(&s, &case_level).unwrap().manufacturer, mfr);
    let own = gtin_of(MFR2_PREFIX, 1);
    s.ok(&mfr2, &register_product(&own, "NDC-R1"));
    // A licensed party with no prefix at all registers nothing.
    let wholesaler = s.wholesaler.clone();
    s.register(&regulator, &wholesaler, TradingPartnerRole::Repackager);
    let err = s.err(&wholesaler, &register_product(&gtin_of("0777777", 1), "N"));
    assert!(
        err.contains("does not hold the GS1 company prefix"),
        "{err}"
    );
}

/// Prefixes are set by the owner or the regulator only; one prefix has one holder and no prefix
/// extends another, so a rival cannot be handed a slice of the brand owner's range.
#[test]
fn company_prefixes_are_assigned_by_the_owner_or_regulator() {
    let mut s = Suite::new();
    let (owner, regulator, mfr, mfr2) = (
        s.owner.clone(),
        s.regulator.clone(),
        s.mfr.clone(),
        s.mfr2.clone(),
    );
    assert_eq!(
        party(&s, &mfr).company_prefixes,
        vec![MFR_PREFIX.to_string()]
    );
    let msg = |who: &Addr, prefixes: &[&str]| ExecuteMsg::SetCompanyPrefixes {
        party: who.to_string(),
        prefixes: prefixes.iter().map(|p| p.to_string()).collect(),
    };
    // A party cannot give itself a prefix.
    let err = s.err(&mfr2, &msg(&mfr2, &[MFR_PREFIX]));
    assert!(err.contains("neither the owner nor the regulator"), "{err}");
    // Taken, longer or shorter overlapping prefixes are refused.
    for p in [MFR_PREFIX, "03123456", "031234"] {
        let err = s.err(&regulator, &msg(&mfr2, &[p]));
        assert!(
            err.contains("overlaps company prefix 0312345"),
            "{p}: {err}"
        );
    }
    for (bad, expected) in [
        ("031", "a GS1 company prefix is 4 to 12 digits"),
        ("0312345678901", "a GS1 company prefix is 4 to 12 digits"),
        ("03a2", "a GS1 company prefix is 4 to 12 digits"),
    ] {
        let err = s.err(&owner, &msg(&mfr2, &[bad]));
        assert!(err.contains(expected), "{bad}: {err}");
    }
    let err = s.err(&owner, &msg(&mfr2, &["0600", "0600"]));
    assert!(err.contains("duplicate"), "{err}");
    let stranger = s.stranger.clone();
    let err = s.err(&owner, &msg(&stranger, &["0600"]));
    assert!(err.contains("is not a registered trading partner"), "{err}");
    assert_eq!(
        party(&s, &mfr2).company_prefixes,
        vec![MFR2_PREFIX.to_string()]
    );
    // Replacing the set frees the old prefixes for others.
    s.ok(&owner, &msg(&mfr, &["0600"]));
    assert_eq!(party(&s, &mfr).company_prefixes, vec!["0600".to_string()]);
    s.ok(&owner, &msg(&mfr2, &[MFR_PREFIX]));
    assert_eq!(
        party(&s, &mfr2).company_prefixes,
        vec![MFR_PREFIX.to_string()]
    );
}

#[test]
fn an_ndc_names_one_product() {
    let mut s = Suite::new();
    let mfr = s.mfr.clone();
    // gtin_a was registered with NDC 0777-3105-02.
    let err = s.err(
        &mfr,
        &register_product(&gtin_of(MFR_PREFIX, 5), "0777-3105-02"),
    );
    assert!(
        err.contains(&format!(
            "NDC 0777-3105-02 already names product {}",
            gtin_a()
        )),
        "{err}"
    );
    assert!(product(&s, &gtin_of(MFR_PREFIX, 5)).is_none());
}

/// The owner or regulator hands a product to an acquirer; the seller no longer commissions it.
#[test]
fn a_product_is_transferred_to_an_acquirer() {
    let mut s = Suite::new();
    let (owner, mfr, mfr2, wholesaler) = (
        s.owner.clone(),
        s.mfr.clone(),
        s.mfr2.clone(),
        s.wholesaler.clone(),
    );
    let g = gtin_a();
    s.commission(&g, "OLD", EXP, &["O1"]);
    let to = |who: &Addr| {
        change(
            &g,
            ProductChange::Transfer {
                to: who.to_string(),
            },
        )
    };
    for who in [&mfr, &mfr2, &wholesaler] {
        let err = s.err(who, &to(&mfr2));
        assert!(err.contains("neither the owner nor the regulator"), "{err}");
    }
    let err = s.err(&owner, &to(&wholesaler));
    assert!(
        err.contains("has role wholesaler, which may not own products"),
        "{err}"
    );
    let resp = s.ok(&owner, &to(&mfr2));
    assert_eq!(attr(&resp, "action"), "change_product");
    assert_eq!(attr(&resp, "change"), "transfer");
    assert_eq!(product(&s, &g).unwrap().manufacturer, mfr2);
    let commission = ExecuteMsg::Commission {
        gtin: g.clone(),
        lot: "NEW".into(),
        expiry: EXP.into(),
        serials: CommissionSerials::List {
            serials: vec!["N1".into()],
        },
    };
    let err = s.err(&mfr, &commission);
    assert!(
        err.contains("caller is not the manufacturer of product"),
        "{err}"
    );
    s.ok(&mfr2, &commission);
    // The seller's lot stays with its packs; the acquirer may now recall it.
    assert_eq!(s.verify(&g, "O1").owner, Some(mfr.clone()));
    s.ok(
        &mfr2,
        &ExecuteMsg::Recall {
            gtin: g.clone(),
            lots: vec!["OLD".into()],
            recall_class: cw_health_types::drug_provenance::RecallClass::ClassII,
            notice_hash: None,
        },
    );
    assert_eq!(s.verify(&g, "O1").status, UnitStatus::Recalled);
}

/// A withdrawn GTIN blocks sale: its packs verify `withdrawn`, cannot be shipped, packed or
/// dispensed, and no lot is commissioned; they may still be destroyed.
#[test]
fn a_withdrawn_gtin_blocks_sale() {
    let mut s = Suite::new();
    let (mfr, mfr2, pharmacy) = (s.mfr.clone(), s.mfr2.clone(), s.pharmacy.clone());
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["W1", "W2", "W3"]);
    s.transfer(&mfr, &pharmacy, &g, &["W1", "W2"]);
    s.dispense(&pharmacy, &g, "W2").unwrap();
    // A rival cannot withdraw the brand's product.
    let err = s.err(&mfr2, &change(&g, ProductChange::Withdraw {}));
    assert!(
        err.contains("neither the product's manufacturer nor the regulator"),
        "{err}"
    );
    let resp = s.ok(&mfr, &change(&g, ProductChange::Withdraw {}));
    assert_eq!(attr(&resp, "change"), "withdraw");
    assert_eq!(product(&s, &g).unwrap().withdrawn_at, Some(s.now()));
    let err = s.err(&mfr, &change(&g, ProductChange::Withdraw {}));
    assert!(err.contains("is withdrawn"), "{err}");
    // The pack on the shelf answers withdrawn, the one dispensed before stays dispensed.
    assert_eq!(s.verify(&g, "W1").status, UnitStatus::Withdrawn);
    assert_eq!(s.verify(&g, "W2").status, UnitStatus::Dispensed);
    let err = s.dispense(&pharmacy, &g, "W1").unwrap_err().to_string();
    assert!(err.contains("is withdrawn"), "{err}");
    let err = s.err(
        &mfr,
        &Suite::ship_msg(&pharmacy, vec![uref(&g, "W3")], vec![]),
    );
    assert!(err.contains("is withdrawn"), "{err}");
    let err = s.err(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: g.clone(),
            lot: "LOT2".into(),
            expiry: EXP.into(),
            serials: CommissionSerials::List {
                serials: vec!["W9".into()],
            },
        },
    );
    assert!(err.contains("is withdrawn"), "{err}");
    s.ok(
        &mfr,
        &ExecuteMsg::Destroy {
            unit: uref(&g, "W3"),
        },
    );
    assert_eq!(s.verify(&g, "W3").status, UnitStatus::Destroyed);
}

/// A prefix given to the wrong party let it register a GTIN: the owner revokes that
/// registration (while no lot exists), and the rightful holder registers it.
#[test]
fn a_wrongly_registered_gtin_is_revoked() {
    let mut s = Suite::new();
    let (owner, regulator, mfr, mfr2) = (
        s.owner.clone(),
        s.regulator.clone(),
        s.mfr.clone(),
        s.mfr2.clone(),
    );
    let g = gtin_of("0600", 1);
    s.set_prefixes(&regulator, &mfr2, &[MFR2_PREFIX, "0600"]);
    s.ok(&mfr2, &register_product(&g, "NDC-600"));
    // Wrong: 0600 is mfr's. The regulator moves the prefix and revokes the registration.
    s.set_prefixes(&regulator, &mfr2, &[MFR2_PREFIX]);
    s.set_prefixes(&regulator, &mfr, &[MFR_PREFIX, "0600"]);
    let err = s.err(&mfr, &register_product(&g, "NDC-600"));
    assert!(err.contains("is already registered"), "{err}");
    let err = s.err(&mfr2, &change(&g, ProductChange::Revoke {}));
    assert!(err.contains("neither the owner nor the regulator"), "{err}");
    let resp = s.ok(&owner, &change(&g, ProductChange::Revoke {}));
    assert_eq!(attr(&resp, "change"), "revoke");
    assert!(product(&s, &g).is_none());
    // The GTIN and its NDC are free for the rightful holder.
    s.ok(&mfr, &register_product(&g, "NDC-600"));
    assert_eq!(product(&s, &g).unwrap().manufacturer, mfr);
    // A product with a lot is not revoked (its packs exist): it is transferred instead.
    s.commission(&g, "L1", EXP, &["R1"]);
    let err = s.err(&owner, &change(&g, ProductChange::Revoke {}));
    assert!(err.contains("has commissioned lots"), "{err}");
    let err = s.err(
        &owner,
        &change(&gtin_of("0600", 2), ProductChange::Revoke {}),
    );
    assert!(err.contains("is not registered"), "{err}");
}

/// A manufacturer demoted to another role no longer commissions.
#[test]
fn the_manufacturer_role_is_checked_at_commissioning() {
    let mut s = Suite::new();
    let (regulator, mfr) = (s.regulator.clone(), s.mfr.clone());
    s.register(&regulator, &mfr, TradingPartnerRole::Wholesaler);
    let err = s.err(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: gtin_a(),
            lot: "LOT1".into(),
            expiry: EXP.into(),
            serials: CommissionSerials::List {
                serials: vec!["D1".into()],
            },
        },
    );
    assert!(
        err.contains("has role wholesaler, which may not commission units"),
        "{err}"
    );
    assert_eq!(s.verify(&gtin_a(), "D1").status, UnitStatus::Unknown);
    // A repackager may.
    s.register(&regulator, &mfr, TradingPartnerRole::Repackager);
    s.commission(&gtin_a(), "LOT1", EXP, &["D1"]);
}

/// Only the packer's own prefix may name its cases (the extension digit is skipped).
#[test]
fn an_sscc_carries_the_packers_prefix() {
    let mut s = Suite::new();
    let (regulator, mfr, wholesaler) = (s.regulator.clone(), s.mfr.clone(), s.wholesaler.clone());
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["P1", "P2"]);
    s.transfer(&mfr, &wholesaler, &g, &["P1"]);
    let pack = |sscc: String, serial: &str| ExecuteMsg::Pack {
        cases: vec![],
        sscc,
        units: vec![uref(&gtin_a(), serial)],
    };
    // The wholesaler cannot pack under the manufacturer's prefix, nor with none.
    let err = s.err(&wholesaler, &pack(sscc_of(MFR_PREFIX, 9), "P1"));
    assert!(
        err.contains("caller does not hold the GS1 company prefix of"),
        "{err}"
    );
    s.set_prefixes(&regulator, &wholesaler, &["0888"]);
    // Extension digit 7, then the wholesaler's prefix.
    let own = with_check_digit(&format!("7{}", &sscc_of("0888", 9)[1..17]));
    let resp = s.ok(&wholesaler, &pack(own.clone(), "P1"));
    assert_eq!(attr(&resp, "sscc"), own);
    s.ok(&mfr, &pack(sscc_of(MFR_PREFIX, 9), "P2"));
}

fn merkle(
    gtin: &str,
    lot: &str,
    serials: &[&str],
) -> (Sha256Hash, Vec<cw_health_types::MerkleProof>) {
    let leaves: Vec<Vec<u8>> = serials.iter().map(|s| merkle_leaf(gtin, lot, s)).collect();
    let refs: Vec<&[u8]> = leaves.iter().map(|l| l.as_slice()).collect();
    let root = Sha256Hash::from_bytes(compute_root(&refs).unwrap());
    let proofs = (0..refs.len() as u64)
        .map(|i| build_proof(&refs, i).unwrap())
        .collect();
    (root, proofs)
}

fn commission_root(s: &mut Suite, lot: &str, root: Sha256Hash, leaf_count: u64) {
    let mfr = s.mfr.clone();
    s.ok(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: gtin_a(),
            lot: lot.into(),
            expiry: EXP.into(),
            serials: CommissionSerials::MerkleRoot { root, leaf_count },
        },
    );
}

/// Once a serial may be hidden in a Merkle root, it is never commissioned explicitly as a
/// second pack.
#[test]
fn a_serial_of_a_merkle_lot_is_not_commissioned_again_explicitly() {
    let mut s = Suite::new();
    let g = gtin_a();
    let (root, proofs) = merkle(&g, "MLOT", &["X1", "X2"]);
    commission_root(&mut s, "MLOT", root, 2);
    let mfr = s.mfr.clone();
    let err = s.err(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: g.clone(),
            lot: "PLAIN".into(),
            expiry: EXP.into(),
            serials: CommissionSerials::List {
                serials: vec!["X1".into()],
            },
        },
    );
    assert!(
        err.contains("has Merkle lots; its serials are no longer commissioned explicitly"),
        "{err}"
    );
    // X1 is still one pack, of MLOT.
    let v = s.verify_req(VerifyUnitRequest {
        gtin: g.clone(),
        serial: "X1".into(),
        lot: Some("MLOT".into()),
        expiry: None,
        proof: Some(proofs[0].clone()),
    });
    assert_eq!(v.status, UnitStatus::Active);
    assert_eq!(s.verify(&g, "X1").status, UnitStatus::Unknown);
}

/// Two lots committed with the same root: the leaf names its lot, so a proof of one does not
/// prove a pack of the other.
#[test]
fn a_merkle_proof_does_not_move_between_lots_sharing_a_root() {
    let mut s = Suite::new();
    let g = gtin_a();
    let (root, proofs) = merkle(&g, "LOTA", &["Y1", "Y2", "Y3"]);
    commission_root(&mut s, "LOTA", root.clone(), 3);
    commission_root(&mut s, "LOTB", root, 3);
    let req = |lot: &str| VerifyUnitRequest {
        gtin: g.clone(),
        serial: "Y2".into(),
        lot: Some(lot.into()),
        expiry: None,
        proof: Some(proofs[1].clone()),
    };
    assert_eq!(s.verify_req(req("LOTA")).status, UnitStatus::Active);
    assert_eq!(s.verify_req(req("LOTB")).status, UnitStatus::Unknown);
    let (mfr, wholesaler) = (s.mfr.clone(), s.wholesaler.clone());
    let err = s.err(
        &mfr,
        &Suite::ship_msg(
            &wholesaler,
            vec![proved(&g, "Y2", "LOTB", proofs[1].clone())],
            vec![],
        ),
    );
    assert!(err.contains("invalid Merkle proof"), "{err}");
    // A proof of the serial alone (the old leaf encoding) proves nothing either.
    let bare: Vec<&[u8]> = ["Y1", "Y2", "Y3"].iter().map(|x| x.as_bytes()).collect();
    let (bare_root, bare_proof) = (
        Sha256Hash::from_bytes(compute_root(&bare).unwrap()),
        build_proof(&bare, 1).unwrap(),
    );
    commission_root(&mut s, "LOTC", bare_root, 3);
    let v = s.verify_req(VerifyUnitRequest {
        gtin: g.clone(),
        serial: "Y2".into(),
        lot: Some("LOTC".into()),
        expiry: None,
        proof: Some(bare_proof),
    });
    assert_eq!(v.status, UnitStatus::Unknown);
    s.ok(
        &mfr,
        &Suite::ship_msg(
            &wholesaler,
            vec![proved(&g, "Y2", "LOTA", proofs[1].clone())],
            vec![],
        ),
    );
}
