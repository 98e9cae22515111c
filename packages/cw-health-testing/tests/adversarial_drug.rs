//! Adversarial drug-provenance: a ledger in mid-operation (packs with the manufacturer, in
//! transit, in a case, at the pharmacy, dispensed; an open suspect investigation and an
//! illegitimate one awaiting its notification; a registered cold-chain logger; an ownership
//! transfer pending) receives every execute message
//! - from an actor who must not send it,
//! - with funds (every message is non-payable), from the actor who may send it,
//! - with malformed and UPPER-CASE addresses, from the actor who may send it,
//!
//! and refuses each with its own error, leaving the contract's storage (and the sender's balance)
//! exactly as it was.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::{coins, Addr};
use cw_health_testing::drug::{sscc, unit, GTIN};
use cw_health_testing::{root_error, Suite, SuiteBuilder, DENOM};
use cw_health_types::drug_provenance::{
    CommissionSerials, ConfigUpdate, DecommissionReason, Determination, ExcursionTarget,
    ExecuteMsg, ProductChange, RecallClass, SuspectReason, TradingPartnerRole,
    TradingPartnerStatus, VerificationReason, VerifyUnitRequest,
};
use cw_health_types::ownership::{OwnershipAction, OwnershipError};
use cw_health_types::payment::PaymentError;
use cw_health_types::Sha256Hash;
use cw_multi_test::{Executor, IntoAddr};
use drug_provenance::ContractError;

const LOT: &str = "LOT-ADV";
const EXPIRY: &str = "271231";

/// The ledger in mid-operation and the ids the messages refer to.
struct Ledger {
    suite: Suite,
    logger: Addr,
    /// Manufacturer -> wholesaler, not yet received (S3).
    pending: u64,
    /// The manufacturer's case holding S4.
    case: String,
    /// The pharmacy flagged S2 (open).
    open_investigation: u64,
    /// S5 declared illegitimate; its notification is due.
    illegitimate: u64,
}

/// Serials: S1 dispensed by the pharmacy, S2 at the pharmacy (quarantined), S3 in transit to the
/// wholesaler, S4 in the manufacturer's case, S5 destroyed as illegitimate, S6 loose with the
/// manufacturer.
fn ledger() -> Ledger {
    let actors = cw_health_testing::Actors::new();
    let logger = "logger".into_addr();
    let mut builder = SuiteBuilder::new();
    for who in [
        &actors.owner,
        &actors.regulator,
        &actors.manufacturer,
        &actors.wholesaler,
        &actors.pharmacy,
        &actors.hospital,
        &actors.stranger,
        &actors.guardian,
        &logger,
    ] {
        builder = builder.with_balance(who, 1_000);
    }
    let mut suite = builder.build();
    let a = suite.actors.clone();
    let mut drug = suite.drug();
    drug.register_party(&a.hospital, TradingPartnerRole::Dispenser)
        .unwrap();
    drug.execute(
        &a.owner,
        &ExecuteMsg::SetLogger {
            logger: logger.to_string(),
            active: true,
        },
    )
    .unwrap();
    drug.commission(
        &a.manufacturer,
        GTIN,
        LOT,
        EXPIRY,
        &["S1", "S2", "S3", "S4", "S5", "S6"],
    )
    .unwrap();
    drug.transfer(
        &a.manufacturer,
        &a.pharmacy,
        vec![unit(GTIN, "S1"), unit(GTIN, "S2")],
    )
    .unwrap();
    drug.dispense(&a.pharmacy, GTIN, "S1").unwrap();
    let pending = drug
        .ship(&a.manufacturer, &a.wholesaler, vec![unit(GTIN, "S3")])
        .unwrap();
    let case = sscc(1);
    drug.pack(&a.manufacturer, &case, vec![unit(GTIN, "S4")])
        .unwrap();
    drug.execute(
        &a.pharmacy,
        &ExecuteMsg::FlagSuspect {
            unit: unit(GTIN, "S2"),
            reason: SuspectReason::Counterfeit,
            evidence_hash: None,
        },
    )
    .unwrap();
    drug.execute(
        &a.manufacturer,
        &ExecuteMsg::FlagSuspect {
            unit: unit(GTIN, "S5"),
            reason: SuspectReason::Tampered,
            evidence_hash: None,
        },
    )
    .unwrap();
    drug.execute(
        &a.regulator,
        &ExecuteMsg::ResolveSuspect {
            investigation_id: 2,
            determination: Determination::Illegitimate,
            evidence_hash: None,
        },
    )
    .unwrap();
    drug.execute(
        &a.owner,
        &ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
            new_owner: a.guardian.to_string(),
            expiry: None,
        }),
    )
    .unwrap();
    Ledger {
        suite,
        logger,
        pending,
        case,
        open_investigation: 1,
        illegitimate: 2,
    }
}

fn hash(s: &str) -> Sha256Hash {
    Sha256Hash::digest(s.as_bytes())
}

/// Sends `msg` from `sender` with `funds` and asserts it is refused with exactly `expected`,
/// with the contract's storage and the sender's balance unchanged.
fn refused(l: &mut Ledger, sender: &Addr, msg: &ExecuteMsg, funds: u128, expected: &str) {
    let drug = l.suite.drug_addr.clone();
    let before = l.suite.snapshot(&drug);
    let balance = l.suite.balance(sender);
    let funds = if funds == 0 {
        vec![]
    } else {
        coins(funds, DENOM)
    };
    let err = l
        .suite
        .app
        .execute_contract(sender.clone(), drug.clone(), msg, &funds)
        .expect_err(&format!("{msg:?} from {sender} was accepted"));
    assert_eq!(root_error(&err), expected, "{msg:?} from {sender}");
    assert_eq!(
        l.suite.snapshot(&drug),
        before,
        "{msg:?} changed the ledger"
    );
    assert_eq!(l.suite.balance(sender), balance);
}

/// Every execute message of drug-provenance, each with the actor allowed to send it.
fn every_message(l: &Ledger) -> Vec<(Addr, ExecuteMsg)> {
    let a = l.suite.actors.clone();
    let later = l.suite.now().plus_days(30);
    vec![
        (
            a.owner.clone(),
            ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
                new_owner: a.stranger.to_string(),
                expiry: None,
            }),
        ),
        (
            a.guardian.clone(),
            ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership {}),
        ),
        (
            a.owner.clone(),
            ExecuteMsg::UpdateOwnership(OwnershipAction::CancelTransfer {}),
        ),
        (
            a.owner.clone(),
            ExecuteMsg::UpdateConfig(ConfigUpdate {
                undo_window_secs: Some(3_600),
                ..ConfigUpdate::default()
            }),
        ),
        (
            a.owner.clone(),
            ExecuteMsg::SetRegulator {
                regulator: Some(a.stranger.to_string()),
            },
        ),
        (
            a.regulator.clone(),
            ExecuteMsg::RegisterParty {
                address: a.stranger.to_string(),
                role: TradingPartnerRole::Wholesaler,
                license_id: "LIC-NEW".into(),
                license_expiry: later,
            },
        ),
        (
            a.regulator.clone(),
            ExecuteMsg::SetPartyStatus {
                address: a.wholesaler.to_string(),
                status: TradingPartnerStatus::Suspended,
            },
        ),
        (
            a.regulator.clone(),
            ExecuteMsg::SetLogger {
                logger: a.stranger.to_string(),
                active: true,
            },
        ),
        (
            a.manufacturer.clone(),
            ExecuteMsg::RegisterProduct {
                gtin: "00312345678913".into(),
                ndc: "0312-3456-79".into(),
                temp_profile: None,
                pack_quantity: 30,
            },
        ),
        (
            a.manufacturer.clone(),
            ExecuteMsg::Commission {
                gtin: GTIN.into(),
                lot: LOT.into(),
                expiry: EXPIRY.into(),
                serials: CommissionSerials::List {
                    serials: vec!["S7".into()],
                },
            },
        ),
        (
            a.manufacturer.clone(),
            ExecuteMsg::Ship {
                to: a.pharmacy.to_string(),
                units: vec![unit(GTIN, "S6")],
                cases: vec![],
                ti_hash: hash("ti"),
                ts_hash: hash("ts"),
            },
        ),
        (
            a.wholesaler.clone(),
            ExecuteMsg::Receive {
                shipment_id: l.pending,
            },
        ),
        (
            a.manufacturer.clone(),
            ExecuteMsg::CancelShipment {
                shipment_id: l.pending,
            },
        ),
        (
            a.manufacturer.clone(),
            ExecuteMsg::Pack {
                cases: vec![],
                sscc: sscc(2),
                units: vec![unit(GTIN, "S6")],
            },
        ),
        (
            a.manufacturer.clone(),
            ExecuteMsg::Unpack {
                sscc: l.case.clone(),
            },
        ),
        (
            a.pharmacy.clone(),
            ExecuteMsg::Dispense {
                unit: unit(GTIN, "S1"),
            },
        ),
        (
            a.pharmacy.clone(),
            ExecuteMsg::UndoDispense {
                gtin: GTIN.into(),
                serial: "S1".into(),
            },
        ),
        (
            a.manufacturer.clone(),
            ExecuteMsg::Destroy {
                unit: unit(GTIN, "S6"),
            },
        ),
        (
            a.pharmacy.clone(),
            ExecuteMsg::RecordVerification(VerifyUnitRequest {
                gtin: GTIN.into(),
                serial: "S1".into(),
                lot: Some(LOT.into()),
                expiry: Some(EXPIRY.into()),
                proof: None,
            }),
        ),
        (
            a.manufacturer.clone(),
            ExecuteMsg::FlagSuspect {
                unit: unit(GTIN, "S6"),
                reason: SuspectReason::Stolen,
                evidence_hash: None,
            },
        ),
        (
            a.manufacturer.clone(),
            ExecuteMsg::ResolveSuspect {
                investigation_id: l.open_investigation,
                determination: Determination::Cleared,
                evidence_hash: None,
            },
        ),
        (
            a.regulator.clone(),
            ExecuteMsg::RecordNotification {
                investigation_id: l.illegitimate,
                notification_hash: hash("form 3911"),
            },
        ),
        (
            a.manufacturer.clone(),
            ExecuteMsg::Recall {
                gtin: GTIN.into(),
                lots: vec![LOT.into()],
                recall_class: RecallClass::ClassI,
                notice_hash: None,
            },
        ),
        (
            l.logger.clone(),
            ExecuteMsg::ReportExcursion {
                target: ExcursionTarget::Unit {
                    gtin: GTIN.into(),
                    serial: "S6".into(),
                    lot: None,
                    proof: None,
                },
                min_decicelsius: 20,
                max_decicelsius: 300,
                duration_secs: 600,
                readings_hash: hash("readings"),
            },
        ),
        (
            a.regulator.clone(),
            ExecuteMsg::SetCompanyPrefixes {
                party: a.wholesaler.to_string(),
                prefixes: vec!["0888".into()],
            },
        ),
        (
            a.manufacturer.clone(),
            ExecuteMsg::ChangeProduct {
                gtin: GTIN.into(),
                change: ProductChange::Withdraw {},
            },
        ),
        (
            a.manufacturer.clone(),
            ExecuteMsg::Decommission {
                unit: unit(GTIN, "S6"),
                reason: DecommissionReason::Stolen,
            },
        ),
        (
            a.manufacturer.clone(),
            ExecuteMsg::FlagSuspectLot {
                gtin: GTIN.into(),
                lot: LOT.into(),
                reason: SuspectReason::Counterfeit,
                evidence_hash: None,
            },
        ),
        (
            a.pharmacy.clone(),
            ExecuteMsg::RequestVerification {
                unit: unit(GTIN, "S1"),
                reason: VerificationReason::Suspect,
                evidence_hash: None,
            },
        ),
        // No repackager in this ledger: the manufacturer's attempt still fails on the role; the
        // funds check comes first.
        (
            a.manufacturer.clone(),
            ExecuteMsg::Repackage {
                inputs: vec![unit(GTIN, "S6")],
                gtin: GTIN.into(),
                lot: "LOT-R".into(),
                expiry: EXPIRY.into(),
                serials: vec!["R1".into()],
            },
        ),
    ]
}

/// The name of a message's variant (for the coverage check).
fn variant(msg: &ExecuteMsg) -> String {
    let json = cosmwasm_std::to_json_string(msg).unwrap();
    json.trim_start_matches("{\"")
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// Every message, sent by an actor who may not send it, is refused with its own error.
#[test]
fn every_message_from_the_wrong_actor_is_refused_unchanged() {
    let mut l = ledger();
    let a = l.suite.actors.clone();
    let msgs = every_message(&l);
    let not_owner = OwnershipError::NotOwner.to_string();
    let not_owner_or_reg = ContractError::NotOwnerOrRegulator.to_string();
    let not_mfr_or_reg = ContractError::NotManufacturerOrRegulator.to_string();
    let unlicensed = |who: &Addr| {
        ContractError::Unlicensed {
            party: who.to_string(),
        }
        .to_string()
    };
    let not_unit_owner = |serial: &str| {
        ContractError::NotUnitOwner {
            gtin: GTIN.into(),
            serial: serial.into(),
        }
        .to_string()
    };
    let wrong_role = |who: &Addr, role: &str, action: &str| {
        ContractError::WrongRole {
            party: who.to_string(),
            role: role.into(),
            action: action.into(),
        }
        .to_string()
    };
    // (variant index, wrong sender, expected error)
    let cases: Vec<(usize, Addr, String)> = vec![
        (0, a.regulator.clone(), not_owner.clone()),
        (
            1,
            a.stranger.clone(),
            OwnershipError::NotPendingOwner.to_string(),
        ),
        (2, a.guardian.clone(), not_owner.clone()),
        (3, a.regulator.clone(), not_owner.clone()),
        (4, a.regulator.clone(), not_owner.clone()),
        (5, a.manufacturer.clone(), not_owner_or_reg.clone()),
        (6, a.wholesaler.clone(), not_owner_or_reg.clone()),
        (7, a.pharmacy.clone(), not_owner_or_reg.clone()),
        (
            8,
            a.wholesaler.clone(),
            wrong_role(&a.wholesaler, "wholesaler", "register products"),
        ),
        (8, a.stranger.clone(), unlicensed(&a.stranger)),
        (
            9,
            a.wholesaler.clone(),
            ContractError::NotProductManufacturer { gtin: GTIN.into() }.to_string(),
        ),
        (10, a.wholesaler.clone(), not_unit_owner("S6")),
        (10, a.stranger.clone(), unlicensed(&a.stranger)),
        (
            11,
            a.pharmacy.clone(),
            ContractError::NotRecipient { id: l.pending }.to_string(),
        ),
        (
            12,
            a.wholesaler.clone(),
            ContractError::NotShipper { id: l.pending }.to_string(),
        ),
        // The SSCC carries the manufacturer's company prefix, which the pharmacy does not hold.
        (
            13,
            a.pharmacy.clone(),
            ContractError::NotPrefixHolder { id: sscc(2) }.to_string(),
        ),
        (
            14,
            a.wholesaler.clone(),
            ContractError::NotCaseOwner {
                sscc: l.case.clone(),
            }
            .to_string(),
        ),
        (
            15,
            a.wholesaler.clone(),
            wrong_role(&a.wholesaler, "wholesaler", "dispense"),
        ),
        (15, a.stranger.clone(), unlicensed(&a.stranger)),
        (
            16,
            a.hospital.clone(),
            ContractError::NotDispenser {
                gtin: GTIN.into(),
                serial: "S1".into(),
            }
            .to_string(),
        ),
        (
            16,
            a.manufacturer.clone(),
            wrong_role(&a.manufacturer, "manufacturer", "undo a dispense"),
        ),
        (17, a.wholesaler.clone(), not_unit_owner("S6")),
        (17, a.stranger.clone(), unlicensed(&a.stranger)),
        (18, a.stranger.clone(), unlicensed(&a.stranger)),
        (19, a.stranger.clone(), unlicensed(&a.stranger)),
        (20, a.pharmacy.clone(), not_mfr_or_reg.clone()),
        (21, a.wholesaler.clone(), not_mfr_or_reg.clone()),
        (22, a.wholesaler.clone(), not_mfr_or_reg.clone()),
        (
            23,
            a.manufacturer.clone(),
            ContractError::NotLogger.to_string(),
        ),
        (24, a.manufacturer.clone(), not_owner_or_reg.clone()),
        (25, a.wholesaler.clone(), not_mfr_or_reg.clone()),
        (26, a.wholesaler.clone(), not_unit_owner("S6")),
        (26, a.stranger.clone(), unlicensed(&a.stranger)),
        (27, a.wholesaler.clone(), not_mfr_or_reg.clone()),
        (27, a.pharmacy.clone(), not_mfr_or_reg.clone()),
        (28, a.stranger.clone(), unlicensed(&a.stranger)),
        (
            28,
            a.hospital.clone(),
            ContractError::NoStanding {
                gtin: GTIN.into(),
                serial: "S1".into(),
            }
            .to_string(),
        ),
        (
            29,
            a.wholesaler.clone(),
            wrong_role(&a.wholesaler, "wholesaler", "repackage"),
        ),
        (
            29,
            a.manufacturer.clone(),
            wrong_role(&a.manufacturer, "manufacturer", "repackage"),
        ),
        (29, a.stranger.clone(), unlicensed(&a.stranger)),
    ];
    // Every variant is covered at least once.
    let mut covered: Vec<String> = cases.iter().map(|(i, _, _)| variant(&msgs[*i].1)).collect();
    covered.dedup();
    let mut all: Vec<String> = msgs.iter().map(|(_, m)| variant(m)).collect();
    all.dedup();
    assert_eq!(all.len(), 28, "{all:?}");
    assert_eq!(covered, all);
    for (i, sender, expected) in cases {
        refused(&mut l, &sender, &msgs[i].1, 0, &expected);
    }
}

/// Every message carries no funds: sent with 1 uhealth by the actor who may send it, it is
/// refused before anything else and nothing moves.
#[test]
fn every_message_with_funds_is_refused_unchanged() {
    let mut l = ledger();
    let expected = PaymentError::NonPayable {}.to_string();
    for (sender, msg) in every_message(&l) {
        refused(&mut l, &sender, &msg, 1, &expected);
    }
}

/// The messages that take an address refuse a malformed one and the UPPER-CASE spelling of a
/// valid one (which would otherwise name a different storage key).
#[test]
fn malformed_and_upper_case_addresses_are_refused_unchanged() {
    let mut l = ledger();
    let a = l.suite.actors.clone();
    let later = l.suite.now().plus_days(30);
    let with_address = |addr: String| -> Vec<(Addr, ExecuteMsg)> {
        vec![
            (
                a.owner.clone(),
                ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
                    new_owner: addr.clone(),
                    expiry: None,
                }),
            ),
            (
                a.owner.clone(),
                ExecuteMsg::SetRegulator {
                    regulator: Some(addr.clone()),
                },
            ),
            (
                a.regulator.clone(),
                ExecuteMsg::RegisterParty {
                    address: addr.clone(),
                    role: TradingPartnerRole::Dispenser,
                    license_id: "LIC-X".into(),
                    license_expiry: later,
                },
            ),
            (
                a.regulator.clone(),
                ExecuteMsg::SetPartyStatus {
                    address: addr.clone(),
                    status: TradingPartnerStatus::Revoked,
                },
            ),
            (
                a.owner.clone(),
                ExecuteMsg::SetLogger {
                    logger: addr.clone(),
                    active: true,
                },
            ),
            (
                a.regulator.clone(),
                ExecuteMsg::SetCompanyPrefixes {
                    party: addr.clone(),
                    prefixes: vec![],
                },
            ),
            (
                a.owner.clone(),
                ExecuteMsg::ChangeProduct {
                    gtin: GTIN.into(),
                    change: ProductChange::Transfer { to: addr.clone() },
                },
            ),
            (
                a.manufacturer.clone(),
                ExecuteMsg::Ship {
                    to: addr.clone(),
                    units: vec![unit(GTIN, "S6")],
                    cases: vec![],
                    ti_hash: hash("ti"),
                    ts_hash: hash("ts"),
                },
            ),
        ]
    };
    let upper = a.wholesaler.to_string().to_uppercase();
    for (bad, expected) in [
        ("not-an-address".to_string(), ADDR_MALFORMED),
        (String::new(), ADDR_EMPTY),
        (upper, ADDR_NOT_NORMALIZED),
    ] {
        for (sender, msg) in with_address(bad) {
            refused(&mut l, &sender, &msg, 0, expected);
        }
    }
    // The valid lower-case spelling of the same partner is accepted: S6 reaches the wholesaler.
    assert_eq!(
        l.suite.drug().unit(GTIN, "S6").unwrap().unwrap().owner,
        a.manufacturer
    );
    l.suite
        .drug()
        .transfer(&a.manufacturer, &a.wholesaler, vec![unit(GTIN, "S6")])
        .unwrap();
    assert_eq!(
        l.suite.drug().unit(GTIN, "S6").unwrap().unwrap().owner,
        a.wholesaler
    );
}

/// The chain's answers to `addr_validate` (here cw-multi-test's bech32 `MockApi`), which the
/// contract passes on: text that is not bech32 (or is empty) ...
const ADDR_MALFORMED: &str = "parse failed";
const ADDR_EMPTY: &str = "parse failed";
/// ... and a valid address in upper case, which bech32 decodes but is not the canonical spelling.
const ADDR_NOT_NORMALIZED: &str = "Invalid input: address not normalized";
