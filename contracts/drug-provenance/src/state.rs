//! Storage layout. Ownership lives under `"ownership"` (cw-health-types), the cw2 record under
//! `"contract_info"`.
//!
//! Units are keyed by (GTIN, serial). A unit's recalled status is never stored on the unit: it
//! is read from its lot, so a recall writes one record per lot whatever the lot size.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Timestamp};
use cw_health_types::drug_provenance::{
    CaseState, Determination, InvestigationState, RecallInfo, ShipmentState, SuspectReason,
    TempProfile, TradingPartnerRole, TradingPartnerStatus, UnitEvent, UnitKey, UnitState,
};
use cw_health_types::Sha256Hash;
use cw_storage_plus::{Item, Map};

/// The ledger's rules.
#[cw_serde]
pub struct Config {
    /// The appointed regulator.
    pub regulator: Option<Addr>,
    /// FMD undo window, seconds.
    pub undo_window_secs: u64,
    /// Time to determine a suspect unit, seconds.
    pub investigation_secs: u64,
    /// Time to record the notification of an illegitimate unit, seconds.
    pub notification_secs: u64,
    /// Recorded alerts that quarantine a unit.
    pub alert_quarantine_threshold: u32,
}

/// A registered trading partner.
#[cw_serde]
pub struct Party {
    pub role: TradingPartnerRole,
    pub license_id: String,
    pub license_expiry: Timestamp,
    pub status: TradingPartnerStatus,
    pub updated_by: Addr,
    pub updated_at: Timestamp,
}

impl Party {
    /// Active with an unexpired license at `now`.
    pub fn licensed(&self, now: Timestamp) -> bool {
        self.status == TradingPartnerStatus::Active && now < self.license_expiry
    }
}

/// A registered product (GTIN).
#[cw_serde]
pub struct Product {
    pub ndc: String,
    pub manufacturer: Addr,
    pub temp_profile: Option<TempProfile>,
    pub registered_at: Timestamp,
}

/// A commissioned lot.
#[cw_serde]
pub struct Lot {
    pub expiry: String,
    pub expires_at: Timestamp,
    pub manufacturer: Addr,
    pub commissioned_at: Timestamp,
    /// The Merkle root of a Merkle lot (`None` for an explicit lot).
    pub merkle_root: Option<Sha256Hash>,
    /// Leaves of the Merkle tree, or serials commissioned so far.
    pub serial_count: u64,
    /// Units stored on the ledger.
    pub units_on_ledger: u64,
    /// Set once, never cleared.
    pub recall: Option<RecallInfo>,
}

/// A unit on the ledger.
#[cw_serde]
pub struct Unit {
    pub lot: String,
    pub expiry: String,
    pub expires_at: Timestamp,
    pub owner: Addr,
    pub state: UnitState,
    pub shipment_id: Option<u64>,
    pub sscc: Option<String>,
    pub dispensed_by: Option<Addr>,
    pub dispensed_at: Option<Timestamp>,
    /// The open investigation quarantining it.
    pub quarantine: Option<u64>,
    pub alert_count: u32,
    /// Second-dispense attempts (NMVS_NC_PCK_22) recorded since it was last dispensed or cleared.
    pub dispense_alerts: u32,
    pub excursion_secs: u64,
    /// Number of history events (the next event's seq).
    pub event_count: u64,
}

/// A case (SSCC).
#[cw_serde]
pub struct Case {
    pub owner: Addr,
    pub state: CaseState,
    pub shipment_id: Option<u64>,
    pub unit_count: u32,
    pub packed_by: Addr,
    pub packed_at: Timestamp,
}

/// A shipment.
#[cw_serde]
pub struct Shipment {
    pub from: Addr,
    pub to: Addr,
    pub units: Vec<UnitKey>,
    pub cases: Vec<String>,
    pub unit_count: u32,
    pub ti_hash: Sha256Hash,
    pub ts_hash: Sha256Hash,
    pub state: ShipmentState,
    pub shipped_at: Timestamp,
    pub closed_at: Option<Timestamp>,
}

/// A suspect-product investigation.
#[cw_serde]
pub struct Investigation {
    pub gtin: String,
    pub serial: String,
    pub reason: SuspectReason,
    pub opened_by: Addr,
    pub opened_at: Timestamp,
    pub due_at: Timestamp,
    pub evidence_hash: Option<Sha256Hash>,
    pub state: InvestigationState,
    pub determination: Option<Determination>,
    pub resolved_by: Option<Addr>,
    pub resolved_at: Option<Timestamp>,
    pub determination_hash: Option<Sha256Hash>,
    pub notification_due_at: Option<Timestamp>,
    pub notified_at: Option<Timestamp>,
    pub notification_hash: Option<Sha256Hash>,
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const PARTIES: Map<&Addr, Party> = Map::new("parties");
/// Active cold-chain loggers.
pub const LOGGERS: Map<&Addr, ()> = Map::new("loggers");
/// gtin -> product.
pub const PRODUCTS: Map<&str, Product> = Map::new("products");
/// (gtin, lot) -> lot.
pub const LOTS: Map<(&str, &str), Lot> = Map::new("lots");
/// (gtin, serial) -> unit.
pub const UNITS: Map<(&str, &str), Unit> = Map::new("units");
/// (gtin, lot, serial) -> (): the units of a lot on the ledger, for the recall-holders range scan.
pub const LOT_UNITS: Map<(&str, &str, &str), ()> = Map::new("lot_units");
/// ((gtin, serial), seq) -> event: each unit's history.
pub const HISTORY: Map<((&str, &str), u64), UnitEvent> = Map::new("history");
/// sscc -> case.
pub const CASES: Map<&str, Case> = Map::new("cases");
/// (sscc, (gtin, serial)) -> (): a case's contents (at most MAX_CASE_UNITS).
pub const CASE_UNITS: Map<(&str, (&str, &str)), ()> = Map::new("case_units");
pub const SHIPMENT_SEQ: Item<u64> = Item::new("shipment_seq");
pub const SHIPMENTS: Map<u64, Shipment> = Map::new("shipments");
pub const INVESTIGATION_SEQ: Item<u64> = Item::new("investigation_seq");
pub const INVESTIGATIONS: Map<u64, Investigation> = Map::new("investigations");
/// (due seconds, investigation id) -> (): the one pending legal clock of each investigation
/// (determination while open, notification once illegitimate), for the overdue range scan.
pub const DUE: Map<(u64, u64), ()> = Map::new("due");
/// ((gtin, serial), readings hash) -> (): the excursion reports already counted for a unit, so
/// a report sent again (or the same readings reported for the case and then for the unit) is
/// counted once.
pub const EXCURSION_REPORTS: Map<((&str, &str), &str), ()> = Map::new("excursion_reports");
