//! Queries. Every list is a bounded range scan over an index (`start_after` exclusive,
//! `clamp_limit`).

use cosmwasm_std::{Addr, Deps, Env, Order, StdResult, Timestamp};
use cw_health_types::clamp_limit;
use cw_health_types::drug_provenance::gs1::{validate_alphanumeric, validate_gtin, validate_sscc};
use cw_health_types::drug_provenance::{
    BizStep, CaseResponse, CaseUnitsResponse, DrugConfigResponse, DueCursor, HistoryResponse,
    InvestigationResponse, InvestigationState, LoggerResponse, LotResponse, OverdueInvestigation,
    OverdueInvestigationsResponse, OverdueKind, PartyResponse, ProductResponse,
    RecallHoldersResponse, ShipmentResponse, TradingPartnersResponse, UnitEvent, UnitHolder,
    UnitKey, UnitResponse, VerifyUnitRequest, VerifyUnitResponse,
};
use cw_health_types::ownership::{self, Ownership};
use cw_storage_plus::Bound;

use crate::error::ContractError;
use crate::ledger::{
    answered_event, container_chain, derive_status, load_lot, load_shipment, may_load_unit,
    MAX_CASE_EVENTS, MAX_CONTAINER_LEVEL,
};
use crate::product::is_withdrawn;
use crate::state::{
    Investigation, Party, CASES, CASE_HISTORY, CASE_UNITS, CONFIG, DUE, HISTORY, INVESTIGATIONS,
    LOGGERS, LOTS, LOT_UNITS, PARTIES, PRODUCTS, UNITS,
};
use crate::verification::verify;

/// The contract's configuration.
pub fn config(deps: Deps) -> StdResult<DrugConfigResponse> {
    let cfg = CONFIG.load(deps.storage)?;
    Ok(DrugConfigResponse {
        owner: ownership::get_ownership(deps.storage)?.owner,
        regulator: cfg.regulator,
        undo_window_secs: cfg.undo_window_secs,
        investigation_secs: cfg.investigation_secs,
        notification_secs: cfg.notification_secs,
        alert_quarantine_threshold: cfg.alert_quarantine_threshold,
        ehr_registry: cfg.ehr_registry,
    })
}

/// The ownership record.
pub fn ownership(deps: Deps) -> StdResult<Ownership> {
    ownership::get_ownership(deps.storage)
}

/// Verifies a pack (see `QueryMsg::VerifyUnit`).
pub fn verify_unit(
    deps: Deps,
    env: Env,
    request: VerifyUnitRequest,
) -> StdResult<VerifyUnitResponse> {
    Ok(verify(deps.storage, env.block.time, &request)?.0)
}

fn party_response(address: Addr, p: Party, now: Timestamp) -> PartyResponse {
    PartyResponse {
        licensed: p.licensed(now),
        address,
        role: p.role,
        license_id: p.license_id,
        license_expiry: p.license_expiry,
        status: p.status,
        company_prefixes: p.company_prefixes,
        updated_by: p.updated_by,
        updated_at: p.updated_at,
    }
}

/// A trading partner.
pub fn party(deps: Deps, env: Env, address: String) -> StdResult<Option<PartyResponse>> {
    let addr = deps.api.addr_validate(&address)?;
    Ok(PARTIES
        .may_load(deps.storage, &addr)?
        .map(|p| party_response(addr, p, env.block.time)))
}

/// A page of trading partners.
pub fn parties(
    deps: Deps,
    env: Env,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<TradingPartnersResponse> {
    let start = start_after
        .map(|s| deps.api.addr_validate(&s))
        .transpose()?;
    let parties = PARTIES
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(a, p)| party_response(a, p, env.block.time)))
        .collect::<StdResult<_>>()?;
    Ok(TradingPartnersResponse { parties })
}

/// Whether an address is an active logger.
pub fn logger(deps: Deps, address: String) -> StdResult<LoggerResponse> {
    let addr = deps.api.addr_validate(&address)?;
    Ok(LoggerResponse {
        active: LOGGERS.has(deps.storage, &addr),
        address: addr,
    })
}

/// A product.
pub fn product(deps: Deps, gtin: String) -> StdResult<Option<ProductResponse>> {
    if validate_gtin("gtin", &gtin).is_err() {
        return Ok(None);
    }
    Ok(PRODUCTS
        .may_load(deps.storage, &gtin)?
        .map(|p| ProductResponse {
            gtin,
            ndc: p.ndc,
            manufacturer: p.manufacturer,
            temp_profile: p.temp_profile,
            pack_quantity: (p.pack_quantity > 0).then_some(p.pack_quantity),
            registered_at: p.registered_at,
            withdrawn_at: p.withdrawn_at,
        }))
}

/// A lot.
pub fn lot(deps: Deps, gtin: String, lot: String) -> StdResult<Option<LotResponse>> {
    Ok(LOTS
        .may_load(deps.storage, (&gtin, &lot))?
        .map(|l| LotResponse {
            gtin,
            lot,
            expiry: l.expiry,
            expires_at: l.expires_at,
            manufacturer: l.manufacturer,
            commissioned_at: l.commissioned_at,
            merkle_root: l.merkle_root,
            serial_count: l.serial_count,
            units_on_ledger: l.units_on_ledger,
            recall: l.recall,
            quarantine: l.quarantine,
            illegitimate: l.illegitimate,
        }))
}

/// A unit on the ledger.
pub fn unit(deps: Deps, env: Env, gtin: String, serial: String) -> StdResult<Option<UnitResponse>> {
    let Some(u) = may_load_unit(deps.storage, &gtin, &serial)? else {
        return Ok(None);
    };
    let lot = load_lot(deps.storage, &gtin, &u.lot)?;
    let withdrawn = is_withdrawn(deps.storage, &gtin)?;
    Ok(Some(UnitResponse {
        status: derive_status(&u, &lot, withdrawn, env.block.time),
        gtin,
        serial,
        lot: u.lot,
        expiry: u.expiry,
        state: u.state,
        owner: u.owner,
        custodian: u.custodian,
        awaiting_verification: u.awaiting_verification,
        shipment_id: u.shipment_id,
        sscc: u.sscc,
        dispensed_by: u.dispensed_by,
        dispensed_at: u.dispensed_at,
        quarantine: u.quarantine.or(lot.quarantine),
        verification_request: u.verification_request,
        repackaged_into: u.repackaged_into,
        repackaged_from: u.repackaged_from,
        alert_count: u.alert_count,
        dispense_alerts: u.dispense_alerts,
        excursion_secs: u.excursion_secs,
        recall: lot.recall,
        event_count: u.event_count,
    }))
}

/// A page of a unit's history.
pub fn history(
    deps: Deps,
    gtin: String,
    serial: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<HistoryResponse> {
    let recall = match UNITS.may_load(deps.storage, (&gtin, &serial))? {
        Some(u) => load_lot(deps.storage, &gtin, &u.lot)?.recall,
        None => None,
    };
    let limit = clamp_limit(limit);
    let own: Vec<UnitEvent> = HISTORY
        .prefix((&gtin, &serial))
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(limit)
        .map(|r| r.and_then(|(seq, e)| answered_event(deps.storage, seq, e, None)))
        .collect::<StdResult<_>>()?;
    let mut events = Vec::with_capacity(own.len());
    let mut budget = MAX_SPLICED;
    for ev in own {
        let (seq, container) = (ev.seq, packed_into(&ev));
        events.push(ev);
        if let Some(sscc) = container {
            splice_container(deps.storage, &sscc, seq, 1, &mut events, &mut budget)?;
        }
        if events.len() >= limit {
            break;
        }
    }
    Ok(HistoryResponse {
        gtin,
        serial,
        recall,
        events,
    })
}

/// Most container events one history page reads besides the unit's own.
const MAX_SPLICED: usize = 2 * MAX_CASE_EVENTS as usize;

/// The container a packing event put its subject in.
fn packed_into(ev: &UnitEvent) -> Option<String> {
    (ev.biz_step == BizStep::Packing)
        .then(|| ev.sscc.clone())
        .flatten()
}

/// Appends the movements of container `sscc` (and, for a case sealed in a pallet, the pallet's
/// movements after its packing event) to a unit's history page, each with the unit's packing
/// event's `seq`: the unit was in the container from its packing (an SSCC is never reused and
/// is spent at unpacking). At most `budget` events, at most `MAX_CONTAINER_LEVEL` deep.
fn splice_container(
    storage: &dyn cosmwasm_std::Storage,
    sscc: &str,
    seq: u64,
    level: u8,
    out: &mut Vec<UnitEvent>,
    budget: &mut usize,
) -> StdResult<()> {
    let moves: Vec<UnitEvent> = CASE_HISTORY
        .prefix(sscc)
        .range(storage, None, None, Order::Ascending)
        .take((*budget).min(MAX_CASE_EVENTS as usize))
        .map(|r| r.and_then(|(seq, e)| answered_event(storage, seq, e, Some(sscc))))
        .collect::<StdResult<_>>()?;
    for mut ev in moves {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        let pallet = packed_into(&ev).filter(|p| p != sscc && level < MAX_CONTAINER_LEVEL);
        ev.seq = seq;
        out.push(ev);
        if let Some(pallet) = pallet {
            splice_container(storage, &pallet, seq, level.saturating_add(1), out, budget)?;
        }
    }
    Ok(())
}

/// A page of where a lot's units are.
pub fn recall_holders(
    deps: Deps,
    env: Env,
    gtin: String,
    lot_id: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<RecallHoldersResponse> {
    let mut resp = RecallHoldersResponse {
        gtin: gtin.clone(),
        lot: lot_id.clone(),
        recall: None,
        holders: vec![],
        unmoved_holder: None,
        unmoved_count: 0,
    };
    if validate_gtin("gtin", &gtin).is_err() || validate_alphanumeric("lot", &lot_id).is_err() {
        return Ok(resp);
    }
    let Some(lot) = LOTS.may_load(deps.storage, (&gtin, &lot_id))? else {
        return Ok(resp);
    };
    let serials: Vec<String> = LOT_UNITS
        .prefix((&gtin, &lot_id))
        .keys(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .collect::<StdResult<_>>()?;
    let withdrawn = is_withdrawn(deps.storage, &gtin)?;
    for serial in serials {
        let Some(u) = may_load_unit(deps.storage, &gtin, &serial)? else {
            continue;
        };
        resp.holders.push(UnitHolder {
            status: derive_status(&u, &lot, withdrawn, env.block.time),
            serial,
            owner: u.owner,
            custodian: u.custodian,
            state: u.state,
            dispensed_at: u.dispensed_at,
            sscc: u.sscc,
        });
    }
    if lot.merkle_root.is_some() {
        resp.unmoved_holder = Some(lot.manufacturer.clone());
        resp.unmoved_count = lot.serial_count.saturating_sub(lot.units_on_ledger);
    }
    resp.recall = lot.recall;
    Ok(resp)
}

/// A case.
pub fn case(deps: Deps, sscc: String) -> StdResult<Option<CaseResponse>> {
    if validate_sscc("sscc", &sscc).is_err() {
        return Ok(None);
    }
    let Some(case) = CASES.may_load(deps.storage, &sscc)? else {
        return Ok(None);
    };
    // Sealed in a pallet: custody is the outermost container's.
    let chain = container_chain(deps.storage, &sscc)?;
    let top = chain.last().map(|(_, c)| c).unwrap_or(&case);
    Ok(Some(CaseResponse {
        owner: top.owner.clone(),
        state: top.state,
        shipment_id: top.shipment_id,
        custodian: top.custodian.clone(),
        awaiting_verification: chain.iter().any(|(_, c)| c.awaiting_verification),
        sscc,
        unit_count: case.unit_count,
        packed_by: case.packed_by,
        packed_at: case.packed_at,
        pallet: case.parent,
        level: case.level,
        held_units: case.held_units,
        event_count: case.event_count,
    }))
}

/// A page of a case's units.
pub fn case_units(
    deps: Deps,
    sscc: String,
    start_after: Option<UnitKey>,
    limit: Option<u32>,
) -> StdResult<CaseUnitsResponse> {
    let start = start_after
        .as_ref()
        .map(|k| Bound::exclusive((k.gtin.as_str(), k.serial.as_str())));
    let units = CASE_UNITS
        .prefix(&sscc)
        .keys(deps.storage, start, None, Order::Ascending)
        .take(clamp_limit(limit))
        .map(|r| r.map(|(gtin, serial)| UnitKey { gtin, serial }))
        .collect::<StdResult<_>>()?;
    let cases = if start_after.is_none() {
        crate::cases::case_children(deps.storage, &sscc)?
    } else {
        vec![]
    };
    Ok(CaseUnitsResponse { units, cases })
}

/// A shipment.
pub fn shipment(deps: Deps, id: u64) -> Result<ShipmentResponse, ContractError> {
    load_shipment(deps.storage, id)?
        .ok_or(ContractError::UnknownShipment { id })
        .map(|s| ShipmentResponse {
            id,
            kind: s.kind,
            from: s.from,
            to: s.to,
            units: s.units,
            cases: s.cases,
            unit_count: s.unit_count,
            ti_hash: s.ti_hash,
            ts_hash: s.ts_hash,
            state: s.state,
            shipped_at: s.shipped_at,
            closed_at: s.closed_at,
        })
}

fn investigation_response(id: u64, i: Investigation) -> InvestigationResponse {
    InvestigationResponse {
        id,
        gtin: i.gtin,
        serial: i.serial,
        lot: i.lot,
        verification: i.verification,
        reason: i.reason,
        opened_by: i.opened_by,
        opened_at: i.opened_at,
        due_at: i.due_at,
        evidence_hash: i.evidence_hash,
        state: i.state,
        resolved_by: i.resolved_by,
        resolved_at: i.resolved_at,
        determination_hash: i.determination_hash,
        notification_due_at: i.notification_due_at,
        notified_at: i.notified_at,
        notification_hash: i.notification_hash,
    }
}

/// An investigation.
pub fn investigation(deps: Deps, id: u64) -> Result<InvestigationResponse, ContractError> {
    INVESTIGATIONS
        .may_load(deps.storage, id)?
        .ok_or(ContractError::UnknownInvestigation { id })
        .map(|i| investigation_response(id, i))
}

/// A page of investigations whose clock ran out at the block time.
pub fn overdue(
    deps: Deps,
    env: Env,
    start_after: Option<DueCursor>,
    limit: Option<u32>,
) -> StdResult<OverdueInvestigationsResponse> {
    let now = env.block.time.seconds();
    let start = start_after.map(|c| Bound::exclusive((c.due_at.seconds(), c.investigation_id)));
    // Clocks due strictly before `now` are late; the upper bound excludes (now, 0) and later.
    let end = Some(Bound::exclusive((now, 0u64)));
    let keys: Vec<(u64, u64)> = DUE
        .keys(deps.storage, start, end, Order::Ascending)
        .take(clamp_limit(limit))
        .collect::<StdResult<_>>()?;
    let mut items = Vec::with_capacity(keys.len());
    for (due, id) in keys {
        let inv = INVESTIGATIONS.load(deps.storage, id)?;
        let kind = match (inv.state, inv.verification) {
            (InvestigationState::Open, Some(_)) => OverdueKind::Verification,
            (InvestigationState::Open, None) => OverdueKind::Determination,
            _ => OverdueKind::Notification,
        };
        items.push(OverdueInvestigation {
            kind,
            due_at: Timestamp::from_seconds(due),
            investigation: investigation_response(id, inv),
        });
    }
    Ok(OverdueInvestigationsResponse { items })
}
