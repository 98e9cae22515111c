//! Custody invariants of drug-provenance, over random sequences of custody operations (ship,
//! receive, cancel, ship a case, pack, unpack, dispense, undo, recall, time passing) sent by random
//! actors (the natural one, a trading partner, a second dispenser, the regulator or a stranger) on
//! seven packs of three lots (four and one explicit serials, two packs of a Merkle lot).
//!
//! After every operation:
//! - **one owner**: every view of a pack agrees on one holder (the unit record, the FMD
//!   verification, the lot's recall-holders page, the case it is packed in, the shipment it is
//!   in), and that holder is a licensed trading partner; a Merkle pack that never moved is the
//!   manufacturer's and appears nowhere else;
//! - **no double booking**: a pack is in at most one pending shipment (loose or in a case), in
//!   exactly one while in transit (the one its record names, sent by its owner), and in at most
//!   one live case;
//! - **frozen after dispense or recall**: a pack dispensed (until its dispenser undoes it) or of a
//!   recalled lot keeps its owner and state and never goes in transit, except a recalled pack
//!   returned up the chain (DSCSA: recalls are worked by returns) or packed into a case to be
//!   returned; every other ship, pack, ship
//!   of a case or dispense that names it is refused (a second dispense only records the
//!   `NMVS_NC_PCK_22` alert), and every refused message leaves the contract's storage unchanged.
//!   A shipment already on its way when its lot is recalled may still be received or cancelled,
//!   so that the recall-holders query names where the pack actually is.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;

use cosmwasm_std::{Addr, StdResult};
use cw_health_testing::drug::{merkle_lot, proven_unit, sscc_of, unit, GTIN, MANUFACTURER_PREFIX};
use cw_health_testing::{Suite, SuiteBuilder};
use cw_health_types::drug_provenance::{
    AlertCode, CaseResponse, CaseState, CaseUnitsResponse, ExecuteMsg, LotResponse, QueryMsg,
    RecallClass, RecallHoldersResponse, ShipmentResponse, ShipmentState, TradingPartnerRole,
    UnitRef, UnitResponse, UnitState, UnitStatus, VerifyUnitRequest, VerifyUnitResponse,
};
use cw_health_types::MerkleProof;
use proptest::prelude::*;
use serde::de::DeserializeOwned;

const EXPIRY: &str = "271231";
const LOTS: [&str; 3] = ["LOT-1", "LOT-2", "LOT-M"];
/// The packs: (serial, lot index). The last two are leaves 0 and 1 of the Merkle lot.
const PACKS: [(&str, usize); 7] = [
    ("U-0", 0),
    ("U-1", 0),
    ("U-2", 0),
    ("U-3", 0),
    ("U-4", 1),
    ("M-1", 2),
    ("M-2", 2),
];
/// The company prefixes of the partners (manufacturer, wholesaler, pharmacy, hospital).
const PREFIXES: [&str; 4] = [MANUFACTURER_PREFIX, "0412345", "0512345", "0612345"];

/// The Merkle lot's leaves (M-3 never moves).
const MERKLE_SERIALS: [&str; 3] = ["M-1", "M-2", "M-3"];
/// manufacturer, wholesaler, pharmacy, hospital (a second dispenser), regulator, stranger.
const N_ACTORS: usize = 6;
const REGULATOR: usize = 4;

/// Who sends an operation: the natural sender (owner, recipient, shipper, dispenser,
/// manufacturer), or one of the actors.
#[derive(Clone, Copy, Debug)]
enum Who {
    Natural,
    Actor(usize),
}

#[derive(Clone, Debug)]
enum Op {
    Ship {
        who: Who,
        to: usize,
        units: Vec<usize>,
    },
    ShipCase {
        who: Who,
        to: usize,
        case: usize,
    },
    /// Receive a shipment, or (`None`) the newest pending one.
    Receive {
        who: Who,
        shipment: Option<usize>,
    },
    /// Cancel a shipment, or (`None`) the newest pending one.
    Cancel {
        who: Who,
        shipment: Option<usize>,
    },
    Pack {
        who: Who,
        units: Vec<usize>,
    },
    Unpack {
        who: Who,
        case: usize,
    },
    Dispense {
        who: Who,
        unit: usize,
    },
    /// Undo the dispense of a pack, or (`None`) of the first dispensed pack.
    Undo {
        who: Who,
        unit: Option<usize>,
    },
    Recall {
        who: Who,
        lot: usize,
    },
    Advance {
        days: u64,
    },
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![
        3 => Just(Who::Natural),
        1 => (0..N_ACTORS).prop_map(Who::Actor),
    ]
}

/// A recipient, biased toward the dispensers so that packs reach them.
fn to() -> impl Strategy<Value = usize> {
    prop_oneof![
        2 => Just(1usize),
        3 => Just(2usize),
        2 => Just(3usize),
        1 => 0..N_ACTORS,
    ]
}

fn shipment() -> impl Strategy<Value = Option<usize>> {
    prop_oneof![2 => Just(None), 1 => (0..8usize).prop_map(Some)]
}

fn units() -> impl Strategy<Value = Vec<usize>> {
    proptest::sample::subsequence((0..PACKS.len()).collect::<Vec<_>>(), 1..=3)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (who(), to(), units()).prop_map(|(who, to, units)| Op::Ship { who, to, units }),
        2 => (who(), to(), 0..4usize).prop_map(|(who, to, case)| Op::ShipCase { who, to, case }),
        5 => (who(), shipment()).prop_map(|(who, shipment)| Op::Receive { who, shipment }),
        2 => (who(), shipment()).prop_map(|(who, shipment)| Op::Cancel { who, shipment }),
        2 => (who(), units()).prop_map(|(who, units)| Op::Pack { who, units }),
        1 => (who(), 0..4usize).prop_map(|(who, case)| Op::Unpack { who, case }),
        5 => (who(), 0..PACKS.len()).prop_map(|(who, unit)| Op::Dispense { who, unit }),
        2 => (who(), prop_oneof![Just(None), (0..PACKS.len()).prop_map(Some)])
            .prop_map(|(who, unit)| Op::Undo { who, unit }),
        1 => (who(), 0..LOTS.len()).prop_map(|(who, lot)| Op::Recall { who, lot }),
        1 => (1..6u64).prop_map(|days| Op::Advance { days }),
    ]
}

/// The ledger under test and what the test knows about it.
struct World {
    suite: Suite,
    /// manufacturer, wholesaler, pharmacy, hospital (a second dispenser), regulator, stranger.
    actors: [Addr; N_ACTORS],
    /// The licensed trading partners (every pack's owner must be one).
    partners: [Addr; 4],
    /// The Merkle packs' inclusion proofs (M-1, M-2).
    proofs: Vec<MerkleProof>,
    /// Shipments created so far (ids 1..=n).
    shipments: u64,
    /// Cases packed so far (SSCCs).
    cases: Vec<String>,
    /// Shipments known to be received or cancelled (closed for good).
    closed: std::collections::BTreeSet<u64>,
}

impl World {
    /// Three lots commissioned (the Merkle one as a root), the hospital licensed as a second
    /// dispenser, and stock already out in the chain: U-0, U-1 at the pharmacy, U-2 at the
    /// hospital pharmacy, U-3 at the wholesaler (shipments 1 to 3); U-4 and the Merkle packs are
    /// with the manufacturer.
    fn new() -> World {
        let mut suite = SuiteBuilder::new().build();
        let a = suite.actors.clone();
        suite
            .drug()
            .register_party(&a.hospital, TradingPartnerRole::Dispenser)
            .unwrap();
        suite
            .drug()
            .commission(
                &a.manufacturer,
                GTIN,
                LOTS[0],
                EXPIRY,
                &["U-0", "U-1", "U-2", "U-3"],
            )
            .unwrap();
        suite
            .drug()
            .commission(&a.manufacturer, GTIN, LOTS[1], EXPIRY, &["U-4"])
            .unwrap();
        let (root, proofs) = merkle_lot(GTIN, LOTS[2], &MERKLE_SERIALS).unwrap();
        suite
            .drug()
            .commission_root(&a.manufacturer, GTIN, LOTS[2], EXPIRY, root, 3)
            .unwrap();
        for (to, serials) in [
            (&a.pharmacy, vec!["U-0", "U-1"]),
            (&a.hospital, vec!["U-2"]),
            (&a.wholesaler, vec!["U-3"]),
        ] {
            let units = serials.iter().map(|s| unit(GTIN, s)).collect();
            suite.drug().transfer(&a.manufacturer, to, units).unwrap();
        }
        // Every partner holds a company prefix, so each may name its own cases.
        for (who, prefix) in [
            (&a.wholesaler, PREFIXES[1]),
            (&a.pharmacy, PREFIXES[2]),
            (&a.hospital, PREFIXES[3]),
        ] {
            suite.drug().set_company_prefixes(who, &[prefix]).unwrap();
        }
        World {
            actors: [
                a.manufacturer.clone(),
                a.wholesaler.clone(),
                a.pharmacy.clone(),
                a.hospital.clone(),
                a.regulator.clone(),
                a.stranger.clone(),
            ],
            partners: [a.manufacturer, a.wholesaler, a.pharmacy, a.hospital],
            suite,
            proofs,
            shipments: 3,
            cases: vec![],
            closed: Default::default(),
        }
    }

    fn query<T: DeserializeOwned>(&self, msg: &QueryMsg) -> StdResult<T> {
        self.suite
            .app
            .wrap()
            .query_wasm_smart(&self.suite.drug_addr, msg)
    }

    /// How a message names pack `i` (a Merkle pack always with its lot and proof).
    fn unit_ref(&self, i: usize) -> UnitRef {
        let (serial, lot) = PACKS[i];
        if lot == 2 {
            proven_unit(GTIN, serial, LOTS[2], self.proofs[i - 5].clone())
        } else {
            unit(GTIN, serial)
        }
    }

    /// Pack `i`'s record, if on the ledger.
    fn unit(&self, i: usize) -> Option<UnitResponse> {
        self.query(&QueryMsg::Unit {
            gtin: GTIN.into(),
            serial: PACKS[i].0.into(),
        })
        .unwrap()
    }

    /// Pack `i`'s owner: its record's, or the manufacturer for a Merkle pack that never moved.
    fn owner(&self, i: usize) -> Addr {
        self.unit(i)
            .map(|u| u.owner)
            .unwrap_or_else(|| self.actors[0].clone())
    }

    fn recalled(&self, lot: usize) -> bool {
        let l: Option<LotResponse> = self
            .query(&QueryMsg::Lot {
                gtin: GTIN.into(),
                lot: LOTS[lot].into(),
            })
            .unwrap();
        l.unwrap().recall.is_some()
    }

    fn shipment(&self, id: u64) -> ShipmentResponse {
        self.query::<ShipmentResponse>(&QueryMsg::Shipment { shipment_id: id })
            .unwrap()
    }

    fn case_info(&self, sscc: &str) -> Option<CaseResponse> {
        self.query(&QueryMsg::PackedCase { sscc: sscc.into() })
            .unwrap()
    }

    fn case_units(&self, sscc: &str) -> Vec<usize> {
        let r: CaseUnitsResponse = self
            .query(&QueryMsg::CaseUnits {
                sscc: sscc.into(),
                start_after: None,
                limit: Some(30),
            })
            .unwrap();
        r.units
            .iter()
            .map(|k| PACKS.iter().position(|(s, _)| *s == k.serial).unwrap())
            .collect()
    }

    /// Verifies pack `i` (a Merkle pack with its lot and proof, in case it never moved).
    fn verify(&self, i: usize) -> VerifyUnitResponse {
        let merkle = PACKS[i].1 == 2;
        self.query(&QueryMsg::VerifyUnit(VerifyUnitRequest {
            gtin: GTIN.into(),
            serial: PACKS[i].0.into(),
            lot: merkle.then(|| LOTS[2].to_string()),
            expiry: None,
            proof: merkle.then(|| self.proofs[i - 5].clone()),
        }))
        .unwrap()
    }

    /// The `n`th shipment (modulo the count), or for `None` the newest pending one (else the
    /// newest).
    fn shipment_id(&self, n: Option<usize>) -> u64 {
        match n {
            _ if self.shipments == 0 => 1,
            None => (1..=self.shipments)
                .rev()
                .find(|id| self.shipment(*id).state == ShipmentState::Pending)
                .unwrap_or(self.shipments),
            Some(n) => n as u64 % self.shipments + 1,
        }
    }

    /// The `n`th case packed (modulo the count), or an SSCC never used.
    fn case(&self, n: usize) -> String {
        if self.cases.is_empty() {
            sscc_of(PREFIXES[0], 999)
        } else {
            self.cases[n % self.cases.len()].clone()
        }
    }

    /// A case's owner, or the manufacturer if there is no such case.
    fn case_owner(&self, sscc: &str) -> Addr {
        self.case_info(sscc)
            .map(|c| c.owner)
            .unwrap_or_else(|| self.actors[0].clone())
    }

    /// The pack an undo names: the given one, or the first dispensed pack (else U-0).
    fn undo_target(&self, unit: Option<usize>) -> usize {
        unit.unwrap_or_else(|| {
            (0..PACKS.len())
                .find(|i| {
                    self.unit(*i)
                        .is_some_and(|u| u.state == UnitState::Dispensed)
                })
                .unwrap_or(0)
        })
    }

    /// The company prefix of `who` (a partner's own; the manufacturer's for anyone else, whose
    /// packing is refused anyway).
    fn prefix(&self, who: &Addr) -> &'static str {
        self.partners
            .iter()
            .position(|p| p == who)
            .map_or(PREFIXES[0], |i| PREFIXES[i])
    }

    fn sender(&self, who: Who, natural: Addr) -> Addr {
        match who {
            Who::Natural => natural,
            Who::Actor(i) => self.actors[i].clone(),
        }
    }
}

/// The packs an operation would move (ship, pack, ship a case, dispense).
fn moved_packs(w: &World, op: &Op) -> Vec<usize> {
    match op {
        Op::Ship { units, .. } | Op::Pack { units, .. } => units.clone(),
        Op::ShipCase { case, .. } => w.case_units(&w.case(*case)),
        Op::Dispense { unit, .. } => vec![*unit],
        _ => vec![],
    }
}

/// Runs one operation; returns whether it succeeded.
fn apply(w: &mut World, op: &Op) -> bool {
    let ok = match op.clone() {
        Op::Ship { who, to, units } => {
            let from = w.sender(who, w.owner(units[0]));
            let refs = units.iter().map(|i| w.unit_ref(*i)).collect();
            let to = w.actors[to].clone();
            w.suite.drug().ship(&from, &to, refs).is_ok()
        }
        Op::ShipCase { who, to, case } => {
            let sscc = w.case(case);
            let from = w.sender(who, w.case_owner(&sscc));
            let to = w.actors[to].clone();
            w.suite.drug().ship_cases(&from, &to, &[&sscc]).is_ok()
        }
        Op::Receive { who, shipment } => {
            let id = w.shipment_id(shipment);
            let sender = w.sender(who, w.shipment(id.min(w.shipments)).to);
            w.suite.drug().receive(&sender, id).is_ok()
        }
        Op::Cancel { who, shipment } => {
            let id = w.shipment_id(shipment);
            let sender = w.sender(who, w.shipment(id.min(w.shipments)).from);
            w.suite.drug().cancel_shipment(&sender, id).is_ok()
        }
        Op::Pack { who, units } => {
            let owner = w.sender(who, w.owner(units[0]));
            let refs = units.iter().map(|i| w.unit_ref(*i)).collect();
            let sscc = sscc_of(w.prefix(&owner), w.cases.len() as u32 + 1);
            let ok = w.suite.drug().pack(&owner, &sscc, refs).is_ok();
            if ok {
                w.cases.push(sscc);
            }
            ok
        }
        Op::Unpack { who, case } => {
            let sscc = w.case(case);
            let owner = w.sender(who, w.case_owner(&sscc));
            w.suite.drug().unpack(&owner, &sscc).is_ok()
        }
        Op::Dispense { who, unit } => {
            let sender = w.sender(who, w.owner(unit));
            let r = w.unit_ref(unit);
            w.suite
                .drug()
                .execute(&sender, &ExecuteMsg::Dispense { unit: r })
                .is_ok()
        }
        Op::Undo { who, unit } => {
            let unit = w.undo_target(unit);
            let natural = w
                .unit(unit)
                .and_then(|u| u.dispensed_by)
                .unwrap_or_else(|| w.actors[2].clone());
            let sender = w.sender(who, natural);
            w.suite
                .drug()
                .undo_dispense(&sender, GTIN, PACKS[unit].0)
                .is_ok()
        }
        Op::Recall { who, lot } => {
            let sender = w.sender(who, w.actors[0].clone());
            w.suite
                .drug()
                .recall(&sender, GTIN, &[LOTS[lot]], RecallClass::ClassII)
                .is_ok()
        }
        Op::Advance { days } => {
            w.suite.advance_days(days);
            true
        }
    };
    if ok && matches!(op, Op::Ship { .. } | Op::ShipCase { .. }) {
        w.shipments += 1;
    }
    ok
}

/// A pack's custody as seen before an operation.
#[derive(Clone, Debug, PartialEq)]
struct Custody {
    owner: Addr,
    state: UnitState,
    sscc: Option<String>,
    dispensed_by: Option<Addr>,
    dispense_alerts: u32,
    recalled: bool,
}

fn custody(w: &World) -> BTreeMap<usize, Custody> {
    (0..PACKS.len())
        .filter_map(|i| {
            w.unit(i).map(|u| {
                (
                    i,
                    Custody {
                        owner: u.owner,
                        state: u.state,
                        sscc: u.sscc,
                        dispensed_by: u.dispensed_by,
                        dispense_alerts: u.dispense_alerts,
                        recalled: u.recall.is_some(),
                    },
                )
            })
        })
        .collect()
}

/// Whether a pack may not move: dispensed, or of a recalled lot and not on its way. A recalled
/// pack may still make one move, a return up the chain (`returning`).
fn frozen(c: &Custody, returning: bool) -> bool {
    c.state == UnitState::Dispensed || (c.recalled && c.state != UnitState::InTransit && !returning)
}

/// The rank in the chain of a partner (manufacturer 0, wholesaler 1, dispensers 2).
fn rank(w: &World, who: &Addr) -> Option<u8> {
    w.partners
        .iter()
        .position(|p| p == who)
        .map(|i| [0, 1, 2, 2][i])
}

/// Whether `op` ships packs back up the chain (a return, the only move of recalled stock) or
/// packs them (recalled stock may be packed to be returned: the case then moves only as a
/// return, which the ship of a case checks unit by unit).
fn is_return(w: &World, op: &Op) -> bool {
    let (from, to) = match op {
        Op::Pack { .. } => return true,
        Op::Ship { who, to, units } => (w.sender(*who, w.owner(units[0])), *to),
        Op::ShipCase { who, to, case } => (w.sender(*who, w.case_owner(&w.case(*case))), *to),
        _ => return false,
    };
    matches!((rank(w, &from), rank(w, &w.actors[to])), (Some(f), Some(t)) if t < f)
}

/// Runs `op` and checks the frozen-pack rules around it, then the one-owner and no-double-booking
/// invariants; returns whether the operation succeeded.
fn step(w: &mut World, op: &Op) -> bool {
    let before = custody(w);
    let snapshot = w.suite.snapshot(&w.suite.drug_addr);
    let returning = is_return(w, op);
    // A never-moved Merkle pack of a recalled lot is frozen too (it may only be packed).
    let frozen_moved: Vec<usize> = moved_packs(w, op)
        .into_iter()
        .filter(|i| match before.get(i) {
            Some(c) => frozen(c, returning),
            None => w.recalled(PACKS[*i].1) && !returning,
        })
        .collect();
    let second_dispense = matches!(op, Op::Dispense { unit, .. }
        if before.get(unit).is_some_and(|c| c.state == UnitState::Dispensed));
    let undo_target = match op {
        Op::Undo { unit, .. } => Some(w.undo_target(*unit)),
        _ => None,
    };
    let ok = apply(w, op);
    if !ok {
        assert_eq!(
            w.suite.snapshot(&w.suite.drug_addr),
            snapshot,
            "a refused {op:?} changed the ledger"
        );
    }
    if !frozen_moved.is_empty() && !second_dispense {
        assert!(!ok, "{op:?} moved frozen packs {frozen_moved:?}");
    }
    let after = custody(w);
    for (i, c) in &before {
        if !frozen(c, returning) {
            continue;
        }
        let now = &after[i];
        assert_eq!(
            now.owner, c.owner,
            "frozen pack {i} changed owner on {op:?}"
        );
        assert_ne!(
            now.state,
            UnitState::InTransit,
            "frozen pack {i} shipped on {op:?}"
        );
        if ok && undo_target == Some(*i) {
            assert!(!c.recalled, "a recalled pack's dispense was undone");
            assert_eq!(now.state, UnitState::Active);
        } else {
            assert_eq!(
                now.state, c.state,
                "frozen pack {i} changed state on {op:?}"
            );
            assert_eq!(now.dispensed_by, c.dispensed_by);
        }
        if !matches!(op, Op::Unpack { .. }) {
            assert_eq!(now.sscc, c.sscc, "frozen pack {i} packed on {op:?}");
        }
    }
    if let (true, true, Op::Dispense { unit, .. }) = (second_dispense, ok, op) {
        assert_eq!(
            after[unit].dispense_alerts,
            before[unit].dispense_alerts + 1
        );
        assert!(w
            .verify(*unit)
            .alerts
            .contains(&AlertCode::AlreadyDispensed));
    }
    check_invariants(w);
    ok
}

/// One owner per pack in every view; no pack in two pending shipments or two live cases.
fn check_invariants(w: &mut World) {
    let units: Vec<Option<UnitResponse>> = (0..PACKS.len()).map(|i| w.unit(i)).collect();
    // Pending shipments and the packs they carry (loose or in a case).
    let mut booked: BTreeMap<usize, Vec<u64>> = BTreeMap::new();
    let mut case_shipment: BTreeMap<String, u64> = BTreeMap::new();
    for id in 1..=w.shipments {
        if w.closed.contains(&id) {
            continue;
        }
        let s = w.shipment(id);
        if s.state != ShipmentState::Pending {
            w.closed.insert(id);
            continue;
        }
        let mut packs: Vec<usize> = s
            .units
            .iter()
            .map(|k| PACKS.iter().position(|(p, _)| *p == k.serial).unwrap())
            .collect();
        for c in &s.cases {
            packs.extend(w.case_units(c));
            case_shipment.insert(c.clone(), id);
        }
        assert_eq!(packs.len() as u32, s.unit_count, "shipment {id} count");
        for p in packs {
            booked.entry(p).or_default().push(id);
            let u = units[p].as_ref().expect("a shipped pack is on the ledger");
            assert_eq!(
                u.owner, s.from,
                "pack {p} in shipment {id} not its shipper's"
            );
        }
    }
    // Live cases and their packs.
    let mut cased: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for sscc in &w.cases {
        let c = w.case_info(sscc).unwrap();
        let packs = w.case_units(sscc);
        if c.state == CaseState::Unpacked {
            assert!(packs.is_empty(), "unpacked case {sscc} still holds packs");
            continue;
        }
        assert_eq!(packs.len() as u32, c.unit_count);
        assert_eq!(
            c.shipment_id,
            case_shipment.get(sscc).copied(),
            "case {sscc} shipment"
        );
        assert_eq!(c.state == CaseState::InTransit, c.shipment_id.is_some());
        for p in packs {
            cased.entry(p).or_default().push(sscc.clone());
            assert_eq!(
                units[p].as_ref().unwrap().owner,
                c.owner,
                "pack {p} vs case {sscc}"
            );
        }
    }
    // The recall-holders view, per lot.
    let mut holders: BTreeMap<String, Vec<Addr>> = BTreeMap::new();
    for lot in LOTS {
        let r: RecallHoldersResponse = w
            .query(&QueryMsg::RecallHolders {
                gtin: GTIN.into(),
                lot: lot.into(),
                start_after: None,
                limit: Some(30),
            })
            .unwrap();
        for h in r.holders {
            holders.entry(h.serial).or_default().push(h.owner);
        }
        if lot == LOTS[2] {
            assert_eq!(r.unmoved_holder.as_ref(), Some(&w.actors[0]));
            let moved = units[5..].iter().filter(|u| u.is_some()).count() as u64;
            assert_eq!(r.unmoved_count, 3 - moved);
        }
    }
    for (i, (serial, _)) in PACKS.iter().enumerate() {
        let shipments = booked.get(&i).cloned().unwrap_or_default();
        let cases = cased.get(&i).cloned().unwrap_or_default();
        assert!(
            shipments.len() <= 1,
            "pack {i} double-booked: {shipments:?}"
        );
        assert!(cases.len() <= 1, "pack {i} in two cases: {cases:?}");
        let v = w.verify(i);
        let Some(u) = &units[i] else {
            // A Merkle pack that never moved: the manufacturer's, nowhere else.
            assert!(i >= 5 && shipments.is_empty() && cases.is_empty());
            assert!(!holders.contains_key(*serial));
            assert_eq!(v.owner.as_ref(), Some(&w.actors[0]));
            continue;
        };
        assert!(
            w.partners.contains(&u.owner),
            "pack {i} held by {}",
            u.owner
        );
        assert_eq!(holders.get(*serial), Some(&vec![u.owner.clone()]));
        assert_eq!(v.owner.as_ref(), Some(&u.owner));
        assert_eq!(u.sscc, cases.first().cloned(), "pack {i} case");
        if u.state == UnitState::InTransit {
            assert_eq!(shipments.len(), 1, "pack {i} in transit");
            assert_eq!(u.shipment_id, shipments.first().copied(), "pack {i}");
        } else {
            assert_eq!(u.shipment_id, None);
            assert!(shipments.is_empty(), "pack {i} booked but {:?}", u.state);
        }
        if u.state == UnitState::Dispensed {
            assert!(u.dispensed_by.is_some() && u.sscc.is_none());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Over random custody sequences (1 to 31 operations, 64 cases), every pack has one owner,
    /// no shipment or case double-books a pack, and dispensed or recalled packs never move.
    #[test]
    fn custody_keeps_one_owner_and_freezes_dispensed_and_recalled_packs(
        ops in proptest::collection::vec(op(), 1..32)
    ) {
        let mut w = World::new();
        check_invariants(&mut w);
        for op in &ops {
            step(&mut w, op);
        }
    }
}

/// The checker is not vacuous: a scripted sequence makes every kind of operation succeed
/// (Merkle first move, pack, ship a case, cancel, receive, unpack, dispense, second dispense,
/// undo, recall, time passing) and the frozen rules refuse what they must.
#[test]
fn a_scripted_sequence_exercises_every_operation() {
    use Who::Natural;
    let mut w = World::new();
    let (wh, ph, hosp) = (1, 2, 3);
    let script: Vec<(Op, bool)> = vec![
        // Manufacturer -> wholesaler: U-4 and the Merkle pack M-1 (first move, proven).
        (
            Op::Ship {
                who: Natural,
                to: wh,
                units: vec![4, 5],
            },
            true,
        ),
        (
            Op::Receive {
                who: Who::Actor(ph),
                shipment: None,
            },
            false,
        ),
        (
            Op::Receive {
                who: Natural,
                shipment: None,
            },
            true,
        ),
        // The wholesaler packs U-3 and U-4 into a case, ships it, cancels, ships it again.
        (
            Op::Pack {
                who: Natural,
                units: vec![3, 4],
            },
            true,
        ),
        (
            Op::Dispense {
                who: Who::Actor(ph),
                unit: 3,
            },
            false,
        ),
        (
            Op::ShipCase {
                who: Natural,
                to: ph,
                case: 0,
            },
            true,
        ),
        (
            Op::Ship {
                who: Natural,
                to: ph,
                units: vec![3],
            },
            false,
        ),
        (
            Op::Cancel {
                who: Who::Actor(ph),
                shipment: None,
            },
            false,
        ),
        (
            Op::Cancel {
                who: Natural,
                shipment: None,
            },
            true,
        ),
        (
            Op::ShipCase {
                who: Natural,
                to: ph,
                case: 0,
            },
            true,
        ),
        (
            Op::Receive {
                who: Natural,
                shipment: None,
            },
            true,
        ),
        (
            Op::Unpack {
                who: Natural,
                case: 0,
            },
            true,
        ),
        // Wholesaler -> pharmacy: M-1; the pharmacy dispenses U-0 and M-1.
        (
            Op::Ship {
                who: Natural,
                to: ph,
                units: vec![5],
            },
            true,
        ),
        (
            Op::Receive {
                who: Natural,
                shipment: None,
            },
            true,
        ),
        (
            Op::Dispense {
                who: Natural,
                unit: 0,
            },
            true,
        ),
        (
            Op::Dispense {
                who: Natural,
                unit: 5,
            },
            true,
        ),
        // A dispensed pack does not move; a second dispense records an alert.
        (
            Op::Ship {
                who: Natural,
                to: wh,
                units: vec![0],
            },
            false,
        ),
        (
            Op::Pack {
                who: Natural,
                units: vec![5],
            },
            false,
        ),
        (
            Op::Dispense {
                who: Who::Actor(hosp),
                unit: 0,
            },
            true,
        ),
        (
            Op::Undo {
                who: Who::Actor(hosp),
                unit: Some(0),
            },
            false,
        ),
        // A second partner's alert (the dispensing pharmacy scanning it again; the hospital
        // repeating itself would count once) quarantines U-0: its dispense can no longer be
        // undone.
        (
            Op::Dispense {
                who: Natural,
                unit: 0,
            },
            true,
        ),
        (
            Op::Undo {
                who: Natural,
                unit: Some(0),
            },
            false,
        ),
        (
            Op::Undo {
                who: Natural,
                unit: Some(5),
            },
            true,
        ),
        (
            Op::Dispense {
                who: Natural,
                unit: 5,
            },
            true,
        ),
        // A shipment on its way when the lot is recalled may still be received.
        (
            Op::Ship {
                who: Natural,
                to: hosp,
                units: vec![1],
            },
            true,
        ),
        (
            Op::Recall {
                who: Who::Actor(ph),
                lot: 0,
            },
            false,
        ),
        (
            Op::Recall {
                who: Natural,
                lot: 0,
            },
            true,
        ),
        (
            Op::Recall {
                who: Who::Actor(REGULATOR),
                lot: 0,
            },
            false,
        ),
        (
            Op::Receive {
                who: Natural,
                shipment: None,
            },
            true,
        ),
        // Recalled stock is not sold on (the hospital to the pharmacy), only returned up the
        // chain (to the wholesaler).
        (
            Op::Ship {
                who: Natural,
                to: ph,
                units: vec![1],
            },
            false,
        ),
        (
            Op::Ship {
                who: Natural,
                to: wh,
                units: vec![1],
            },
            true,
        ),
        (
            Op::Dispense {
                who: Natural,
                unit: 1,
            },
            false,
        ),
        // Recalled stock may be packed, to be returned in the case.
        (
            Op::Pack {
                who: Natural,
                units: vec![2],
            },
            true,
        ),
        // The regulator recalls the Merkle lot: M-2 never moves, even with its proof.
        (
            Op::Recall {
                who: Who::Actor(REGULATOR),
                lot: 2,
            },
            true,
        ),
        (
            Op::Ship {
                who: Natural,
                to: wh,
                units: vec![6],
            },
            false,
        ),
        (
            Op::Undo {
                who: Natural,
                unit: Some(5),
            },
            false,
        ),
        // U-4 (another lot) is dispensed; after the undo window the dispense is final.
        (
            Op::Dispense {
                who: Natural,
                unit: 4,
            },
            true,
        ),
        (Op::Advance { days: 11 }, true),
        (
            Op::Undo {
                who: Natural,
                unit: Some(4),
            },
            false,
        ),
    ];
    for (n, (op, expected)) in script.iter().enumerate() {
        assert_eq!(step(&mut w, op), *expected, "step {n}: {op:?}");
    }
    let u0 = w.unit(0).unwrap();
    assert_eq!(
        (u0.state, u0.status, u0.dispense_alerts),
        (UnitState::Dispensed, UnitStatus::Quarantined, 2)
    );
    assert!(u0.recall.is_some());
    assert_eq!(w.unit(5).unwrap().status, UnitStatus::Recalled);
    assert_eq!(w.unit(1).unwrap().owner, w.actors[3]);
    assert!(w.unit(6).is_none());
}
