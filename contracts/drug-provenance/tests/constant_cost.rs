//! Recall and Merkle commissioning cost the same whatever the number of units: measured by
//! counting every storage access the handlers make.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::cell::Cell;
use std::marker::PhantomData;

use cosmwasm_std::testing::{message_info, mock_env, MockApi, MockQuerier, MockStorage};
use cosmwasm_std::{Addr, Env, Order, OwnedDeps, Record, Storage, Timestamp};
use cw_health_types::drug_provenance::gs1::merkle_leaf;
use cw_health_types::drug_provenance::{
    CommissionSerials, Determination, ExecuteMsg, InstantiateMsg, QueryMsg, RecallClass,
    SuspectReason, TradingPartnerRole, UnitStatus, VerifyUnitRequest, VerifyUnitResponse,
};
use cw_health_types::merkle::{build_proof, compute_root};
use cw_health_types::Sha256Hash;
use drug_provenance::contract::{execute, instantiate, query};

/// A storage that counts what handlers do with it.
#[derive(Default)]
struct Counting {
    inner: MockStorage,
    gets: Cell<u64>,
    ranges: Cell<u64>,
    sets: u64,
    removes: u64,
}

impl Counting {
    fn reset(&mut self) {
        self.gets.set(0);
        self.ranges.set(0);
        self.sets = 0;
        self.removes = 0;
    }
    fn counts(&self) -> (u64, u64, u64, u64) {
        (self.gets.get(), self.ranges.get(), self.sets, self.removes)
    }
}

impl Storage for Counting {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.gets.set(self.gets.get() + 1);
        self.inner.get(key)
    }
    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> Box<dyn Iterator<Item = Record> + 'a> {
        self.ranges.set(self.ranges.get() + 1);
        self.inner.range(start, end, order)
    }
    fn set(&mut self, key: &[u8], value: &[u8]) {
        self.sets += 1;
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &[u8]) {
        self.removes += 1;
        self.inner.remove(key)
    }
}

type Deps = OwnedDeps<Counting, MockApi, MockQuerier>;

struct World {
    deps: Deps,
    env: Env,
    owner: Addr,
    mfr: Addr,
    gtin: String,
}

fn gtin() -> String {
    // 0031234567890 + check digit 4... computed by the suite's rule.
    let body = "0031234567890";
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

fn world() -> World {
    let mut deps = OwnedDeps {
        storage: Counting::default(),
        api: MockApi::default(),
        querier: MockQuerier::default(),
        custom_query_type: PhantomData,
    };
    let env = mock_env();
    let owner = deps.api.addr_make("owner");
    let mfr = deps.api.addr_make("mfr");
    instantiate(
        deps.as_mut(),
        env.clone(),
        message_info(&owner, &[]),
        InstantiateMsg {
            owner: None,
            ehr_registry: None,
        },
    )
    .unwrap();
    let mut w = World {
        deps,
        env,
        owner: owner.clone(),
        mfr: mfr.clone(),
        gtin: gtin(),
    };
    w.exec(
        &owner,
        ExecuteMsg::RegisterParty {
            address: mfr.to_string(),
            role: TradingPartnerRole::Manufacturer,
            license_id: "LIC-1".into(),
            license_expiry: Timestamp::from_seconds(w.env.block.time.seconds() + 86_400 * 365),
        },
    );
    w.exec(
        &owner,
        ExecuteMsg::SetCompanyPrefixes {
            party: mfr.to_string(),
            prefixes: vec![w.gtin[1..8].to_string()],
        },
    );
    let g = w.gtin.clone();
    w.exec(
        &mfr,
        ExecuteMsg::RegisterProduct {
            gtin: g,
            ndc: "NDC-1".into(),
            temp_profile: None,
            pack_quantity: 30,
        },
    );
    w
}

impl World {
    fn exec(&mut self, sender: &Addr, msg: ExecuteMsg) {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &[]),
            msg,
        )
        .unwrap();
    }

    fn commission_list(&mut self, lot: &str, n: usize) {
        for chunk in 0..n.div_ceil(100) {
            let serials = (chunk * 100..((chunk + 1) * 100).min(n))
                .map(|i| format!("{lot}-{i}"))
                .collect();
            let (mfr, gtin) = (self.mfr.clone(), self.gtin.clone());
            self.exec(
                &mfr,
                ExecuteMsg::Commission {
                    gtin,
                    lot: lot.into(),
                    expiry: "301231".into(),
                    serials: CommissionSerials::List { serials },
                },
            );
        }
    }

    /// Storage accesses of one message.
    fn measure(&mut self, sender: &Addr, msg: ExecuteMsg) -> (u64, u64, u64, u64) {
        self.deps.storage.reset();
        self.exec(sender, msg);
        self.deps.storage.counts()
    }

    fn recall(&mut self, lots: &[&str]) -> (u64, u64, u64, u64) {
        let (mfr, gtin) = (self.mfr.clone(), self.gtin.clone());
        self.measure(
            &mfr,
            ExecuteMsg::Recall {
                gtin,
                lots: lots.iter().map(|l| l.to_string()).collect(),
                recall_class: RecallClass::ClassI,
                notice_hash: None,
            },
        )
    }

    fn verify(&self, serial: &str) -> VerifyUnitResponse {
        let bin = query(
            self.deps.as_ref(),
            self.env.clone(),
            QueryMsg::VerifyUnit(VerifyUnitRequest {
                gtin: self.gtin.clone(),
                serial: serial.into(),
                lot: None,
                expiry: None,
                proof: None,
            }),
        )
        .unwrap();
        cosmwasm_std::from_json(bin).unwrap()
    }
}

#[test]
fn recall_cost_does_not_depend_on_lot_size() {
    let mut w = world();
    w.commission_list("SMALL", 1);
    w.commission_list("BIG", 300);
    let small = w.recall(&["SMALL"]);
    let big = w.recall(&["BIG"]);
    // Same reads and writes for 1 unit or 300; one write (the lot record), no range scan.
    assert_eq!(small, big);
    assert_eq!(big.1, 0, "recall scanned storage");
    assert_eq!(big.2, 1, "recall wrote more than its lot record");
    assert_eq!(big.3, 0);
    // Yet every unit of the lot reads as recalled.
    for serial in ["BIG-0", "BIG-150", "BIG-299"] {
        let v = w.verify(serial);
        assert_eq!(v.status, UnitStatus::Recalled);
        assert_eq!(v.recall_class, Some(RecallClass::ClassI));
    }
    // Recalling two lots writes two records.
    w.commission_list("L3", 5);
    w.commission_list("L4", 50);
    assert_eq!(w.recall(&["L3", "L4"]).2, 2);
}

#[test]
fn merkle_commission_cost_does_not_depend_on_lot_size() {
    let mut w = world();
    let (mfr, gtin) = (w.mfr.clone(), w.gtin.clone());
    let mut measure = |lot: &str, leaf_count: u64| {
        w.measure(
            &mfr,
            ExecuteMsg::Commission {
                gtin: gtin.clone(),
                lot: lot.into(),
                expiry: "301231".into(),
                serials: CommissionSerials::MerkleRoot {
                    root: Sha256Hash::digest(lot.as_bytes()),
                    leaf_count,
                },
            },
        )
    };
    // The product's first Merkle lot also marks the product (2 writes); from then on, one.
    assert_eq!(measure("M0", 1).2, 2);
    let one = measure("M1", 1);
    let million = measure("M2", 1_000_000);
    let huge = measure("M3", u64::MAX);
    assert_eq!(one, million);
    assert_eq!(million, huge);
    assert_eq!(million.1, 0, "commission scanned storage");
    assert_eq!(
        million.2, 1,
        "a Merkle commission writes the lot record only"
    );
}

#[test]
fn materializing_a_merkle_unit_is_bounded_by_the_proof() {
    let mut w = world();
    let serials: Vec<String> = (0..1000).map(|i| format!("P{i:04}")).collect();
    let (mfr, gtin, owner) = (w.mfr.clone(), w.gtin.clone(), w.owner.clone());
    let data: Vec<Vec<u8>> = serials.iter().map(|s| merkle_leaf(&gtin, "M", s)).collect();
    let leaves: Vec<&[u8]> = data.iter().map(|l| l.as_slice()).collect();
    let root = compute_root(&leaves).unwrap();
    w.exec(
        &mfr,
        ExecuteMsg::Commission {
            gtin: gtin.clone(),
            lot: "M".into(),
            expiry: "301231".into(),
            serials: CommissionSerials::MerkleRoot {
                root: Sha256Hash::from_bytes(root),
                leaf_count: 1000,
            },
        },
    );
    let wholesaler = w.deps.api.addr_make("wholesaler");
    w.exec(
        &owner,
        ExecuteMsg::RegisterParty {
            address: wholesaler.to_string(),
            role: TradingPartnerRole::Wholesaler,
            license_id: "LIC-2".into(),
            license_expiry: Timestamp::from_seconds(w.env.block.time.seconds() + 86_400 * 365),
        },
    );
    let (_, ranges, sets, _) = w.measure(
        &mfr,
        ExecuteMsg::Ship {
            to: wholesaler.to_string(),
            units: vec![cw_health_types::drug_provenance::UnitRef {
                gtin,
                serial: "P0777".into(),
                lot: Some("M".into()),
                proof: Some(build_proof(&leaves, 777).unwrap()),
            }],
            cases: vec![],
            ti_hash: Sha256Hash::digest(b"ti"),
            ts_hash: Sha256Hash::digest(b"ts"),
        },
    );
    assert_eq!(ranges, 0);
    // Materialization (unit, commissioning event, lot, lot index) + shipping event, unit,
    // shipment sequence and record: a constant, whatever the lot size.
    assert!(sets <= 10, "{sets} writes");
}

/// Lot-level suspicion: one message quarantines a lot of 1 unit or of 300 at the same cost
/// (the lot record, the investigation, its id and its clock), with no range scan; every unit
/// reads `quarantined`, and the determination costs the same whatever the lot size too.
#[test]
fn lot_quarantine_cost_does_not_depend_on_lot_size() {
    let mut w = world();
    w.commission_list("SMALL", 1);
    w.commission_list("BIG", 300);
    let (mfr, gtin) = (w.mfr.clone(), w.gtin.clone());
    let flag = |w: &mut World, lot: &str| {
        w.measure(
            &mfr,
            ExecuteMsg::FlagSuspectLot {
                gtin: gtin.clone(),
                lot: lot.into(),
                reason: SuspectReason::Counterfeit,
                evidence_hash: None,
            },
        )
    };
    let small = flag(&mut w, "SMALL");
    let big = flag(&mut w, "BIG");
    assert_eq!(small, big);
    assert_eq!(big.1, 0, "the lot flag scanned storage");
    assert_eq!(big.2, 4, "lot, investigation, its sequence and its clock");
    for serial in ["BIG-0", "BIG-150", "BIG-299"] {
        assert_eq!(w.verify(serial).status, UnitStatus::Quarantined);
    }
    let mfr = w.mfr.clone();
    let resolve = |w: &mut World, id: u64| {
        w.measure(
            &mfr,
            ExecuteMsg::ResolveSuspect {
                investigation_id: id,
                determination: Determination::Illegitimate,
                evidence_hash: None,
            },
        )
    };
    let small = resolve(&mut w, 1);
    let big = resolve(&mut w, 2);
    assert_eq!(small, big);
    assert_eq!(big.1, 0);
    for serial in ["BIG-0", "BIG-299"] {
        assert_eq!(w.verify(serial).status, UnitStatus::Destroyed);
    }
}

/// An SSCC under the test manufacturer's prefix (extension 0, prefix 0312345).
fn sscc(n: u32) -> String {
    let body = format!("00312345{n:09}");
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

impl World {
    fn register(&mut self, name: &str, role: TradingPartnerRole) -> Addr {
        let (owner, party) = (self.owner.clone(), self.deps.api.addr_make(name));
        self.exec(
            &owner,
            ExecuteMsg::RegisterParty {
                address: party.to_string(),
                role,
                license_id: format!("LIC-{name}"),
                license_expiry: Timestamp::from_seconds(
                    self.env.block.time.seconds() + 86_400 * 365,
                ),
            },
        );
        party
    }

    fn pack(&mut self, sscc: &str, serials: &[String], cases: &[String]) {
        let (mfr, gtin) = (self.mfr.clone(), self.gtin.clone());
        self.exec(
            &mfr,
            ExecuteMsg::Pack {
                sscc: sscc.into(),
                units: serials
                    .iter()
                    .map(|s| cw_health_types::drug_provenance::UnitRef {
                        gtin: gtin.clone(),
                        serial: s.clone(),
                        lot: None,
                        proof: None,
                    })
                    .collect(),
                cases: cases.to_vec(),
            },
        );
    }

    fn ship_case(&mut self, from: &Addr, to: &Addr, sscc: &str) -> (u64, u64, u64, u64) {
        self.measure(
            from,
            ExecuteMsg::Ship {
                to: to.to_string(),
                units: vec![],
                cases: vec![sscc.into()],
                ti_hash: Sha256Hash::digest(b"ti"),
                ts_hash: Sha256Hash::digest(b"ts"),
            },
        )
    }

    fn owner_of(&self, serial: &str) -> Option<Addr> {
        self.verify(serial).owner
    }
}

/// A container moves at the cost of one unit: shipping, receiving or cancelling a case of 1
/// unit and a pallet of 3 cases of 100 units make the same storage accesses (the container,
/// its movement event, the shipment and its sequence), with no range scan; yet every unit
/// inside reads the new owner.
#[test]
fn shipping_a_case_costs_the_same_whatever_it_holds() {
    let mut w = world();
    w.commission_list("ONE", 1);
    w.commission_list("BIG", 300);
    let wholesaler = w.register("wholesaler", TradingPartnerRole::Wholesaler);
    let pharmacy = w.register("pharmacy", TradingPartnerRole::Dispenser);
    w.pack(&sscc(1), &["ONE-0".to_string()], &[]);
    for c in 0..3usize {
        let serials: Vec<String> = (c * 100..(c + 1) * 100)
            .map(|i| format!("BIG-{i}"))
            .collect();
        w.pack(&sscc(10 + c as u32), &serials, &[]);
    }
    let cases: Vec<String> = (10..13).map(sscc).collect();
    w.pack(&sscc(20), &[], &cases);
    let mfr = w.mfr.clone();
    let small = w.ship_case(&mfr, &wholesaler, &sscc(1));
    let big = w.ship_case(&mfr, &wholesaler, &sscc(20));
    assert_eq!(
        small, big,
        "shipping a pallet of 300 cost more than a case of 1"
    );
    assert_eq!(big.1, 0, "shipping scanned storage");
    assert_eq!(
        big.2, 4,
        "container, its event, the shipment and its sequence"
    );
    let receive =
        |w: &mut World, id: u64| w.measure(&wholesaler, ExecuteMsg::Receive { shipment_id: id });
    let small = receive(&mut w, 1);
    let big = receive(&mut w, 2);
    assert_eq!(
        small, big,
        "receiving a pallet of 300 cost more than a case of 1"
    );
    assert_eq!(big.1, 0, "receiving scanned storage");
    assert_eq!(big.2, 3, "container, its event and the shipment");
    for serial in ["ONE-0", "BIG-0", "BIG-150", "BIG-299"] {
        assert_eq!(w.owner_of(serial), Some(wholesaler.clone()));
    }
    // And a cancelled move costs the same too.
    let small = w.ship_case(&wholesaler, &pharmacy, &sscc(1));
    let big = w.ship_case(&wholesaler, &pharmacy, &sscc(20));
    assert_eq!(small, big);
    let cancel = |w: &mut World, id: u64| {
        w.measure(&wholesaler, ExecuteMsg::CancelShipment { shipment_id: id })
    };
    assert_eq!(cancel(&mut w, 3), cancel(&mut w, 4));
    assert_eq!(w.verify("BIG-42").status, UnitStatus::Active);
}
