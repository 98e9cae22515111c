//! Shared rules of the ledger: how a unit is found (or materialized from its Merkle lot), what
//! blocks a move, how a status is derived (units inherit their lot's recall, quarantine and
//! illegitimacy on read), and how history is recorded (who may act: `access`; alerts and
//! investigations: `alerts`; verification: `verification`).
//! Every function here does bounded work (a handful of reads/writes).

use cosmwasm_std::{Addr, Env, StdError, StdResult, Storage, Timestamp};
use cw_health_types::drug_provenance::gs1::{merkle_leaf, validate_alphanumeric, validate_gtin};
use cw_health_types::drug_provenance::{
    BizStep, CaseState, UnitEvent, UnitRef, UnitState, UnitStatus,
};
use cw_health_types::merkle::verify_inclusion;
use cw_storage_plus::Item;

use crate::error::ContractError;
use crate::product::is_withdrawn;
use crate::state::{
    Case, Lot, Shipment, StoredEvent, Unit, CASES, HISTORY, HOLDERS, LOTS, LOT_UNITS, SHIPMENTS,
    SHIPMENTS_CLOSED, UNITS,
};
use cw_health_types::Sha256Hash;

/// Most units one message may move, counting the contents of containers: 100 pallets of 100
/// cases of 100 units. A container moves at the cost of one unit, so this is a sanity bound.
pub const MAX_UNITS_PER_MESSAGE: u64 = 1_000_000;
/// Most items (units and cases) packed in one container.
pub const MAX_CASE_UNITS: usize = cw_health_types::limits::MAX_BATCH_LEN;
/// Deepest container nesting: a pallet (2) of cases (1) of units.
pub const MAX_CONTAINER_LEVEL: u8 = 2;
/// Most distinct (GTIN, lot) pairs in one container.
pub const MAX_CONTAINER_LOTS: usize = 16;
/// Most movement events of one container (then it is unpacked and packed again): bounds what
/// a unit's history reads of its containers.
pub const MAX_CASE_EVENTS: u64 = 24;

/// Checks a GTIN-14 and a serial.
pub fn validate_unit_id(gtin: &str, serial: &str) -> Result<(), ContractError> {
    validate_gtin("gtin", gtin)?;
    validate_alphanumeric("serial", serial)?;
    Ok(())
}

/// Loads a unit on the ledger (its custody read from its containers: `overlay_container`).
pub fn load_unit(storage: &dyn Storage, gtin: &str, serial: &str) -> Result<Unit, ContractError> {
    may_load_unit(storage, gtin, serial)?.ok_or_else(|| ContractError::UnknownSerial {
        gtin: gtin.to_string(),
        serial: serial.to_string(),
    })
}

/// Loads a unit if it is on the ledger (its custody read from its containers).
pub fn may_load_unit(storage: &dyn Storage, gtin: &str, serial: &str) -> StdResult<Option<Unit>> {
    let Some(mut unit) = UNITS.may_load(storage, (gtin, serial))? else {
        return Ok(None);
    };
    overlay_container(storage, &mut unit)?;
    Ok(Some(unit))
}

/// The containers around `sscc`, innermost first (`sscc`'s own first): at most
/// `MAX_CONTAINER_LEVEL` reads.
pub fn container_chain(storage: &dyn Storage, sscc: &str) -> StdResult<Vec<(String, Case)>> {
    let mut chain: Vec<(String, Case)> = Vec::with_capacity(usize::from(MAX_CONTAINER_LEVEL));
    let mut next = Some(sscc.to_string());
    while let Some(id) = next {
        if chain.len() >= usize::from(MAX_CONTAINER_LEVEL) {
            break;
        }
        let case = CASES.load(storage, &id)?;
        next = case.parent.clone();
        chain.push((id, case));
    }
    Ok(chain)
}

/// A unit sealed in a container takes its custody from the outermost one: owner, custodian,
/// shipment, in transit or not, and awaiting verification (its own flag or any container's).
/// Its own state (quarantine, alerts, excursions) stays its own. Bounded: at most
/// `MAX_CONTAINER_LEVEL` reads; a loose unit reads nothing.
pub fn overlay_container(storage: &dyn Storage, unit: &mut Unit) -> StdResult<()> {
    let Some(sscc) = &unit.sscc else {
        return Ok(());
    };
    let chain = container_chain(storage, sscc)?;
    let Some((_, top)) = chain.last() else {
        return Ok(());
    };
    unit.owner = top.owner.clone();
    unit.custodian = top.custodian.clone();
    unit.shipment_id = top.shipment_id;
    if matches!(unit.state, UnitState::Active | UnitState::InTransit) {
        unit.state = if top.state == CaseState::InTransit {
            UnitState::InTransit
        } else {
            UnitState::Active
        };
    }
    unit.awaiting_verification |= chain.iter().any(|(_, c)| c.awaiting_verification);
    Ok(())
}

/// Counts a unit sealed in containers as held (quarantined) in each of them, or no longer
/// (released): a container does not move while it holds one. At most `MAX_CONTAINER_LEVEL`
/// writes; nothing for a loose unit.
pub fn hold_in_containers(storage: &mut dyn Storage, unit: &Unit, hold: bool) -> StdResult<()> {
    let Some(sscc) = &unit.sscc else {
        return Ok(());
    };
    for (id, mut case) in container_chain(storage, sscc)? {
        case.held_units = if hold {
            case.held_units.saturating_add(1)
        } else {
            case.held_units.saturating_sub(1)
        };
        CASES.save(storage, &id, &case)?;
    }
    Ok(())
}

/// Whether `party` held any container `unit` is sealed in (a past holder of the unit).
pub fn held_container(storage: &dyn Storage, unit: &Unit, party: &Addr) -> StdResult<bool> {
    let Some(sscc) = &unit.sscc else {
        return Ok(false);
    };
    Ok(container_chain(storage, sscc)?
        .iter()
        .any(|(_, c)| c.holders.contains(party)))
}

/// Loads a unit's lot.
pub fn load_lot(storage: &dyn Storage, gtin: &str, lot: &str) -> StdResult<Lot> {
    LOTS.load(storage, (gtin, lot))
}

/// A fresh event of `step` by `actor` at the block time; the other fields are filled by the caller.
pub fn event(step: BizStep, env: &Env, actor: &Addr) -> UnitEvent {
    UnitEvent {
        seq: 0,
        biz_step: step,
        at: env.block.time,
        actor: actor.clone(),
        counterparty: None,
        shipment_id: None,
        sscc: None,
        document: None,
        alert: None,
        investigation_id: None,
        excursion_secs: None,
    }
}

/// Appends `ev` to the unit's history (assigning its seq). The caller saves the unit.
pub fn append_event(
    storage: &mut dyn Storage,
    gtin: &str,
    serial: &str,
    unit: &mut Unit,
    ev: UnitEvent,
) -> StdResult<()> {
    append_shipment_event(storage, gtin, serial, unit, ev, None)
}

/// [`append_event`] of a movement of shipment `(id, shipment)`: what the shipment implies is
/// not stored again (see [`stored_event`]).
pub fn append_shipment_event(
    storage: &mut dyn Storage,
    gtin: &str,
    serial: &str,
    unit: &mut Unit,
    ev: UnitEvent,
    shipment: Option<(u64, &Shipment)>,
) -> StdResult<()> {
    let seq = unit.event_count;
    HISTORY.save(
        storage,
        ((gtin, serial), seq),
        &stored_event(ev, shipment, None),
    )?;
    unit.event_count = unit
        .event_count
        .checked_add(1)
        .ok_or_else(|| cosmwasm_std::StdError::msg("history sequence overflow"))?;
    Ok(())
}

/// The actor, counterparty and document a shipment implies for an event of `step`: shipping
/// (the shipper, to the recipient, with the transaction information), receiving (the recipient,
/// from the shipper) and cancellation (the shipper, to the recipient); none for other steps.
pub fn shipment_parties(
    step: BizStep,
    s: &Shipment,
) -> Option<(&Addr, &Addr, Option<&Sha256Hash>)> {
    match step {
        BizStep::Shipping => Some((&s.from, &s.to, Some(&s.ti_hash))),
        BizStep::Receiving => Some((&s.to, &s.from, None)),
        BizStep::ShippingCancelled => Some((&s.from, &s.to, None)),
        _ => None,
    }
}

/// `ev` as stored (issue 20's gas): without its seq (the key) and a container's own SSCC
/// (`own_sscc`), and without actor, counterparty and document when they are exactly what its
/// shipment `(id, shipment)` implies ([`shipment_parties`]); [`answered_event`] reads it back.
pub fn stored_event(
    ev: UnitEvent,
    shipment: Option<(u64, &Shipment)>,
    own_sscc: Option<&str>,
) -> StoredEvent {
    let implied = shipment
        .filter(|(id, _)| ev.shipment_id == Some(*id))
        .and_then(|(_, s)| shipment_parties(ev.biz_step, s))
        .is_some_and(|(actor, counterparty, document)| {
            *actor == ev.actor
                && Some(counterparty) == ev.counterparty.as_ref()
                && document == ev.document.as_ref()
        });
    let (actor, counterparty, document) = if implied {
        (None, None, None)
    } else {
        (Some(ev.actor), ev.counterparty, ev.document)
    };
    StoredEvent {
        biz_step: ev.biz_step,
        at: ev.at,
        actor,
        counterparty,
        shipment_id: ev.shipment_id,
        sscc: ev.sscc.filter(|x| Some(x.as_str()) != own_sscc),
        document,
        alert: ev.alert,
        investigation_id: ev.investigation_id,
        excursion_secs: ev.excursion_secs,
    }
}

/// A stored event as answered: `seq`, what its shipment implies, and the container's own SSCC.
pub fn answered_event(
    storage: &dyn Storage,
    seq: u64,
    ev: StoredEvent,
    own_sscc: Option<&str>,
) -> StdResult<UnitEvent> {
    let (actor, counterparty, document) = match ev.actor {
        Some(actor) => (actor, ev.counterparty, ev.document),
        None => {
            let shipment = match ev.shipment_id {
                Some(id) => SHIPMENTS.may_load(storage, id)?,
                None => None,
            };
            let (actor, counterparty, document) = shipment
                .as_ref()
                .and_then(|s| shipment_parties(ev.biz_step, s))
                .ok_or_else(|| StdError::msg("history event without its shipment"))?;
            (actor.clone(), Some(counterparty.clone()), document.cloned())
        }
    };
    Ok(UnitEvent {
        seq,
        biz_step: ev.biz_step,
        at: ev.at,
        actor,
        counterparty,
        shipment_id: ev.shipment_id,
        sscc: ev.sscc.or_else(|| own_sscc.map(str::to_string)),
        document,
        alert: ev.alert,
        investigation_id: ev.investigation_id,
        excursion_secs: ev.excursion_secs,
    })
}

/// A shipment with how it ended, if it has ended.
pub fn load_shipment(storage: &dyn Storage, id: u64) -> StdResult<Option<Shipment>> {
    let Some(mut shipment) = SHIPMENTS.may_load(storage, id)? else {
        return Ok(None);
    };
    if let Some(closed) = SHIPMENTS_CLOSED.may_load(storage, id)? {
        shipment.state = closed.state;
        shipment.closed_at = Some(closed.at);
    }
    Ok(Some(shipment))
}

/// Validates a [`UnitRef`] and loads its unit, materializing a unit of a Merkle lot the first
/// time it is named (the proof is verified against the lot's root; leaf = `gs1::merkle_leaf`).
/// A materialized unit is saved with its commissioning event, and indexed under its lot.
pub fn resolve_unit(storage: &mut dyn Storage, unit_ref: &UnitRef) -> Result<Unit, ContractError> {
    let (gtin, serial) = (unit_ref.gtin.as_str(), unit_ref.serial.as_str());
    validate_unit_id(gtin, serial)?;
    if let Some(lot) = &unit_ref.lot {
        validate_alphanumeric("lot", lot)?;
    }
    if let Some(unit) = may_load_unit(storage, gtin, serial)? {
        if let Some(given) = &unit_ref.lot {
            if *given != unit.lot {
                return Err(ContractError::LotMismatch {
                    gtin: gtin.to_string(),
                    serial: serial.to_string(),
                    actual: unit.lot,
                    given: given.clone(),
                });
            }
        }
        return Ok(unit);
    }
    let (Some(lot_id), Some(proof)) = (&unit_ref.lot, &unit_ref.proof) else {
        return Err(ContractError::UnknownSerial {
            gtin: gtin.to_string(),
            serial: serial.to_string(),
        });
    };
    let mut lot =
        LOTS.may_load(storage, (gtin, lot_id))?
            .ok_or_else(|| ContractError::UnknownLot {
                gtin: gtin.to_string(),
                lot: lot_id.clone(),
            })?;
    let root = lot
        .merkle_root
        .as_ref()
        .ok_or_else(|| ContractError::NotMerkleLot {
            gtin: gtin.to_string(),
            lot: lot_id.clone(),
        })?
        .to_bytes_checked("merkle_root")?;
    if proof.leaf_count != lot.serial_count {
        return Err(ContractError::InvalidProof(
            cw_health_types::MerkleError::WrongProofLength {
                count: lot.serial_count,
            },
        ));
    }
    verify_inclusion(&root, &merkle_leaf(gtin, lot_id, serial), proof)?;
    let mut unit = Unit::new(lot_id, &lot.expiry, lot.expires_at, &lot.manufacturer);
    let ev = UnitEvent {
        seq: 0,
        biz_step: BizStep::Commissioning,
        at: lot.commissioned_at,
        actor: lot.manufacturer.clone(),
        counterparty: None,
        shipment_id: None,
        sscc: None,
        document: lot.merkle_root.clone(),
        alert: None,
        investigation_id: None,
        excursion_secs: None,
    };
    append_event(storage, gtin, serial, &mut unit, ev)?;
    lot.units_on_ledger = lot
        .units_on_ledger
        .checked_add(1)
        .ok_or_else(|| cosmwasm_std::StdError::msg("unit count overflow"))?;
    LOTS.save(storage, (gtin, lot_id), &lot)?;
    LOT_UNITS.save(storage, (gtin, lot_id, serial), &())?;
    HOLDERS.save(storage, ((gtin, serial), &lot.manufacturer), &())?;
    UNITS.save(storage, (gtin, serial), &unit)?;
    Ok(unit)
}

/// The status a verification reports (see `UnitStatus` for the precedence); `withdrawn` is
/// whether the unit's product is withdrawn.
pub fn derive_status(unit: &Unit, lot: &Lot, withdrawn: bool, now: Timestamp) -> UnitStatus {
    if unit.state == UnitState::Destroyed || lot.illegitimate {
        UnitStatus::Destroyed
    } else if unit.quarantine.is_some() || lot.quarantine.is_some() {
        UnitStatus::Quarantined
    } else if unit.state == UnitState::Stolen {
        UnitStatus::Stolen
    } else if unit.state == UnitState::Exported {
        UnitStatus::Exported
    } else if unit.state == UnitState::Repackaged {
        UnitStatus::Repackaged
    } else if lot.recall.is_some() {
        UnitStatus::Recalled
    } else if unit.state == UnitState::Dispensed {
        UnitStatus::Dispensed
    } else if withdrawn {
        UnitStatus::Withdrawn
    } else if now >= unit.expires_at {
        UnitStatus::Expired
    } else if unit.state == UnitState::InTransit {
        UnitStatus::InTransit
    } else {
        UnitStatus::Active
    }
}

/// What a unit is about to undergo, for [`assert_saleable`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Shipped in a sale or custody move, or dispensed.
    Sale,
    /// Shipped back up the chain or from a 3PL to its owner, or packed (a case is checked
    /// again when it is shipped).
    Return,
    /// Destroyed.
    Destruction,
}

/// Fails unless the unit may undergo `use_` now. Always: active (not in transit, dispensed or
/// destroyed), not quarantined, and its lot neither quarantined nor illegitimate. For a sale
/// also: its lot not recalled, its product not withdrawn, not expired, and not a return awaiting
/// its owner's verification. A return or a destruction is how recalled, withdrawn and expired
/// stock leaves the chain.
pub fn assert_saleable(
    storage: &dyn Storage,
    gtin: &str,
    serial: &str,
    unit: &Unit,
    now: Timestamp,
    use_: Use,
) -> Result<(), ContractError> {
    let id = || (gtin.to_string(), serial.to_string());
    if unit.state != UnitState::Active {
        let (gtin, serial) = id();
        return Err(ContractError::UnitNotActive {
            gtin,
            serial,
            state: wire_code(&unit.state),
        });
    }
    let lot = load_lot(storage, gtin, &unit.lot)?;
    if lot.illegitimate {
        let (gtin, serial) = id();
        return Err(ContractError::UnitNotActive {
            gtin,
            serial,
            state: wire_code(&UnitStatus::Destroyed),
        });
    }
    if let Some(investigation_id) = unit.quarantine.or(lot.quarantine) {
        let (gtin, serial) = id();
        return Err(ContractError::UnitQuarantined {
            gtin,
            serial,
            investigation_id,
        });
    }
    if use_ != Use::Sale {
        return Ok(());
    }
    if unit.awaiting_verification {
        let (gtin, serial) = id();
        return Err(ContractError::ReturnNotVerified { gtin, serial });
    }
    if lot.recall.is_some() {
        let (gtin, serial) = id();
        return Err(ContractError::UnitRecalled { gtin, serial });
    }
    if is_withdrawn(storage, gtin)? {
        return Err(ContractError::ProductWithdrawn {
            gtin: gtin.to_string(),
        });
    }
    if now >= unit.expires_at {
        let (gtin, serial) = id();
        return Err(ContractError::UnitExpired { gtin, serial });
    }
    Ok(())
}

/// The next id of a sequence (1 for the first), saved.
pub fn next_id(storage: &mut dyn Storage, seq: &Item<u64>) -> StdResult<u64> {
    let id = seq
        .may_load(storage)?
        .unwrap_or_default()
        .checked_add(1)
        .ok_or_else(|| cosmwasm_std::StdError::msg("id overflow"))?;
    seq.save(storage, &id)?;
    Ok(id)
}

/// The units named by a message as `gtin:serial`, space-separated (an event attribute).
pub fn unit_list(units: &[UnitRef]) -> String {
    units
        .iter()
        .map(|u| format!("{}:{}", u.gtin, u.serial))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The wire code of an enum value (its JSON string without quotes), for event attributes.
pub fn wire_code<T: cosmwasm_schema::serde::Serialize>(value: &T) -> String {
    cosmwasm_std::to_json_string(value)
        .map(|s| s.trim_matches('"').to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cw_health_types::drug_provenance::{RecallClass, RecallInfo, SuspectReason};

    fn unit(state: UnitState) -> Unit {
        let mut u = Unit::new(
            "L",
            "301231",
            Timestamp::from_seconds(1_000),
            &Addr::unchecked("o"),
        );
        u.state = state;
        u
    }

    fn lot(recalled: bool) -> Lot {
        Lot {
            expiry: "301231".into(),
            expires_at: Timestamp::from_seconds(1_000),
            manufacturer: Addr::unchecked("m"),
            commissioned_at: Timestamp::from_seconds(0),
            merkle_root: None,
            serial_count: 1,
            units_on_ledger: 1,
            recall: recalled.then(|| RecallInfo {
                recall_class: RecallClass::ClassI,
                recalled_by: Addr::unchecked("m"),
                recalled_at: Timestamp::from_seconds(0),
                notice_hash: None,
            }),
            quarantine: None,
            illegitimate: false,
        }
    }

    #[test]
    fn status_precedence_is_total() {
        let before = Timestamp::from_seconds(999);
        let after = Timestamp::from_seconds(1_000);
        let s = |u: &Unit, recalled: bool, now| derive_status(u, &lot(recalled), false, now);
        assert_eq!(
            s(&unit(UnitState::Active), false, before),
            UnitStatus::Active
        );
        assert_eq!(
            s(&unit(UnitState::InTransit), false, before),
            UnitStatus::InTransit
        );
        assert_eq!(
            s(&unit(UnitState::InTransit), false, after),
            UnitStatus::Expired
        );
        assert_eq!(
            s(&unit(UnitState::Dispensed), false, after),
            UnitStatus::Dispensed
        );
        assert_eq!(
            s(&unit(UnitState::Dispensed), true, after),
            UnitStatus::Recalled
        );
        let mut q = unit(UnitState::Dispensed);
        q.quarantine = Some(1);
        assert_eq!(s(&q, true, after), UnitStatus::Quarantined);
        q.state = UnitState::Destroyed;
        assert_eq!(s(&q, true, after), UnitStatus::Destroyed);
    }

    /// A shipment event stores what its shipment does not imply, and reads back as it was; an
    /// event that differs from what its shipment implies (another actor, another shipment, a
    /// document where none is implied) is stored whole.
    #[test]
    fn a_stored_event_leaves_out_only_what_its_shipment_implies() {
        use cosmwasm_std::testing::MockStorage;
        use cw_health_types::drug_provenance::ShipmentKind;
        use cw_health_types::drug_provenance::ShipmentState;
        let (from, to) = (Addr::unchecked("from"), Addr::unchecked("to"));
        let shipment = Shipment {
            kind: ShipmentKind::default(),
            from: from.clone(),
            to: to.clone(),
            units: vec![],
            cases: vec![],
            unit_count: 1,
            ti_hash: Sha256Hash("a".repeat(64)),
            ts_hash: Sha256Hash("b".repeat(64)),
            state: ShipmentState::Pending,
            shipped_at: Timestamp::from_seconds(5),
            closed_at: None,
        };
        let mut storage = MockStorage::new();
        SHIPMENTS.save(&mut storage, 7, &shipment).unwrap();
        let ev = |step, actor: &Addr, cp: &Addr, doc: Option<Sha256Hash>| UnitEvent {
            seq: 3,
            biz_step: step,
            at: Timestamp::from_seconds(9),
            actor: actor.clone(),
            counterparty: Some(cp.clone()),
            shipment_id: Some(7),
            sscc: None,
            document: doc,
            alert: None,
            investigation_id: None,
            excursion_secs: None,
        };
        let ti = Some(shipment.ti_hash.clone());
        let implied = [
            ev(BizStep::Shipping, &from, &to, ti.clone()),
            ev(BizStep::Receiving, &to, &from, None),
            ev(BizStep::ShippingCancelled, &from, &to, None),
        ];
        for e in implied {
            let stored = stored_event(e.clone(), Some((7, &shipment)), None);
            assert_eq!(
                (&stored.actor, &stored.counterparty, &stored.document),
                (&None, &None, &None)
            );
            assert_eq!(answered_event(&storage, 3, stored, None).unwrap(), e);
        }
        let whole = [
            ev(BizStep::Shipping, &to, &from, ti.clone()),
            ev(BizStep::Receiving, &to, &from, ti),
            ev(BizStep::Dispensing, &from, &to, None),
        ];
        for e in whole {
            let stored = stored_event(e.clone(), Some((7, &shipment)), None);
            assert_eq!(stored.actor.as_ref(), Some(&e.actor));
            assert_eq!(answered_event(&storage, 3, stored, None).unwrap(), e);
        }
        // Another shipment's id: stored whole.
        let mut other = ev(
            BizStep::Shipping,
            &from,
            &to,
            Some(shipment.ti_hash.clone()),
        );
        other.shipment_id = Some(8);
        assert!(stored_event(other, Some((7, &shipment)), None)
            .actor
            .is_some());
        // A container's own SSCC is left out and read back; another one is kept.
        let mut packed = ev(BizStep::Packing, &from, &to, None);
        packed.shipment_id = None;
        packed.sscc = Some("own".into());
        let stored = stored_event(packed.clone(), None, Some("own"));
        assert_eq!(stored.sscc, None);
        assert_eq!(
            answered_event(&storage, 3, stored, Some("own")).unwrap(),
            packed
        );
        packed.sscc = Some("pallet".into());
        let stored = stored_event(packed.clone(), None, Some("own"));
        assert_eq!(
            answered_event(&storage, 3, stored, Some("own")).unwrap(),
            packed
        );
    }

    #[test]
    fn wire_codes_are_the_serialized_names() {
        assert_eq!(wire_code(&UnitStatus::InTransit), "in_transit");
        assert_eq!(
            wire_code(&SuspectReason::ColdChainExcursion),
            "cold_chain_excursion"
        );
        assert_eq!(wire_code(&RecallClass::ClassII), "II");
    }
}
