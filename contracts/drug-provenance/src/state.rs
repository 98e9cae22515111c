//! Storage layout. Ownership lives under `"ownership"` (cw-health-types), the cw2 record under
//! `"contract_info"`.
//!
//! Units are keyed by (GTIN, serial). A unit's recalled status is never stored on the unit: it
//! is read from its lot, so a recall writes one record per lot whatever the lot size.

use cosmwasm_schema::serde::Serialize;
use cosmwasm_std::{Addr, Timestamp};
use cw_health_types::cw_serde_map as cw_serde;
use cw_health_types::drug_provenance::{
    AlertCode, BizStep, CaseState, Determination, InvestigationState, RecallInfo, ShipmentKind,
    ShipmentState, SuspectReason, TempProfile, TradingPartnerRole, TradingPartnerStatus, UnitKey,
    UnitState, VerificationReason,
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
    /// The ehr-registry prescriptions' visits are checked against (absent in state written
    /// before it existed: none).
    #[serde(default)]
    pub ehr_registry: Option<Addr>,
}

/// A registered trading partner.
#[cw_serde]
pub struct Party {
    pub role: TradingPartnerRole,
    pub license_id: String,
    pub license_expiry: Timestamp,
    pub status: TradingPartnerStatus,
    /// GS1 company prefixes held (indexed in `PREFIXES`); absent in older records.
    #[serde(default)]
    pub company_prefixes: Vec<String>,
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
    /// Set once by a withdrawal, never cleared.
    #[serde(default)]
    pub withdrawn_at: Option<Timestamp>,
    /// Whether a lot was committed as a Merkle root (then no more explicit serials).
    #[serde(default)]
    pub has_merkle_lot: bool,
    /// Doses or units in one pack (0 for products registered before it existed).
    #[serde(default)]
    pub pack_quantity: u32,
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
    /// The open lot-level investigation: every unit of the lot reads `quarantined`.
    #[serde(default)]
    pub quarantine: Option<u64>,
    /// Determined illegitimate as a lot: every unit of it reads `destroyed`.
    #[serde(default)]
    pub illegitimate: bool,
}

/// A unit on the ledger. Written by every move, so stored compactly (issue 20: 30 gas a byte):
/// one- or two-letter field names, absent, zero and false fields left out. Queries map it to
/// their answers.
#[derive(Serialize, cw_health_types::MapDeserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields, crate = "cosmwasm_schema::serde")]
pub struct Unit {
    #[serde(rename = "l")]
    pub lot: String,
    #[serde(rename = "x")]
    pub expiry: String,
    #[serde(rename = "xa")]
    pub expires_at: Timestamp,
    #[serde(rename = "o")]
    pub owner: Addr,
    #[serde(rename = "s")]
    pub state: UnitState,
    #[serde(rename = "sh", default, skip_serializing_if = "Option::is_none")]
    pub shipment_id: Option<u64>,
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub sscc: Option<String>,
    #[serde(rename = "db", default, skip_serializing_if = "Option::is_none")]
    pub dispensed_by: Option<Addr>,
    #[serde(rename = "da", default, skip_serializing_if = "Option::is_none")]
    pub dispensed_at: Option<Timestamp>,
    /// The open investigation quarantining it.
    #[serde(rename = "q", default, skip_serializing_if = "Option::is_none")]
    pub quarantine: Option<u64>,
    /// Alerts counted toward the automatic quarantine since it was last cleared: at most one
    /// per verification or dispense attempt, and one per actor (see `ALERT_RAISERS`).
    #[serde(
        rename = "ac",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    pub alert_count: u32,
    /// Second-dispense attempts (NMVS_NC_PCK_22) recorded since it was last dispensed or cleared.
    #[serde(
        rename = "dx",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    pub dispense_alerts: u32,
    #[serde(
        rename = "ex",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    pub excursion_secs: u64,
    /// Number of history events (the next event's seq).
    #[serde(
        rename = "n",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    pub event_count: u64,
    /// Bumped when the unit is cleared, so the actors counted before count again.
    #[serde(
        rename = "ae",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    pub alert_epoch: u32,
    /// The 3PL holding the unit for its owner.
    #[serde(rename = "cu", default, skip_serializing_if = "Option::is_none")]
    pub custodian: Option<Addr>,
    /// Returned and not yet verified by its owner: not sold again until it is.
    #[serde(
        rename = "av",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    pub awaiting_verification: bool,
    /// The open verification request on it (an investigation id).
    #[serde(rename = "vr", default, skip_serializing_if = "Option::is_none")]
    pub verification_request: Option<u64>,
    /// The repackaging that consumed it.
    #[serde(rename = "ri", default, skip_serializing_if = "Option::is_none")]
    pub repackaged_into: Option<u64>,
    /// The repackaging that commissioned it.
    #[serde(rename = "rf", default, skip_serializing_if = "Option::is_none")]
    pub repackaged_from: Option<u64>,
}

impl Unit {
    /// A unit just commissioned: active with `owner`, nothing recorded yet.
    pub fn new(lot: &str, expiry: &str, expires_at: Timestamp, owner: &Addr) -> Unit {
        Unit {
            lot: lot.to_string(),
            expiry: expiry.to_string(),
            expires_at,
            owner: owner.clone(),
            state: UnitState::Active,
            shipment_id: None,
            sscc: None,
            dispensed_by: None,
            dispensed_at: None,
            quarantine: None,
            alert_count: 0,
            dispense_alerts: 0,
            excursion_secs: 0,
            event_count: 0,
            alert_epoch: 0,
            custodian: None,
            awaiting_verification: false,
            verification_request: None,
            repackaged_into: None,
            repackaged_from: None,
        }
    }
}

/// A container (SSCC): a case of units or a pallet of cases and units. While sealed it carries
/// the custody of everything in it: a unit (or case) inside reads its owner, custodian,
/// shipment and transit state from the outermost container (see `ledger::overlay_container`),
/// so moving a container writes the container only.
#[cw_serde]
pub struct Case {
    /// The owner (of the outermost container while sealed in a pallet: see `parent`).
    pub owner: Addr,
    pub state: CaseState,
    pub shipment_id: Option<u64>,
    /// Units in it, nested cases' units included.
    pub unit_count: u32,
    pub packed_by: Addr,
    pub packed_at: Timestamp,
    /// The 3PL holding it for its owner.
    #[serde(default)]
    pub custodian: Option<Addr>,
    /// Returned and not yet verified unit by unit: not sold until unpacked and verified.
    #[serde(default)]
    pub awaiting_verification: bool,
    /// The pallet it is sealed in.
    #[serde(default)]
    pub parent: Option<String>,
    /// 1 for a case of units, 2 for a pallet holding cases (at most `MAX_CONTAINER_LEVEL`).
    #[serde(default)]
    pub level: u8,
    /// Units inside quarantined (or destroyed as illegitimate) while sealed: it does not move
    /// while any is.
    #[serde(default)]
    pub held_units: u32,
    /// Number of movement events (the next one's seq in `CASE_HISTORY`).
    #[serde(default)]
    pub event_count: u64,
    /// The distinct (GTIN, lot) pairs inside (at most `MAX_CONTAINER_LOTS`): their recall,
    /// quarantine, illegitimacy and product withdrawal are checked when it moves.
    #[serde(default)]
    pub lots: Vec<(String, String)>,
    /// The earliest expiry inside.
    #[serde(default)]
    pub expires_at: Option<Timestamp>,
    /// Every party that has held it (the packer, each recipient): a past holder of a unit.
    #[serde(default)]
    pub holders: Vec<Addr>,
}

/// A shipment (stored compactly like [`Unit`]).
#[derive(Serialize, cw_health_types::MapDeserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields, crate = "cosmwasm_schema::serde")]
pub struct Shipment {
    /// Sale, return or custody move (shipments stored before kinds existed are sales).
    #[serde(
        rename = "k",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    pub kind: ShipmentKind,
    #[serde(rename = "f")]
    pub from: Addr,
    #[serde(rename = "t")]
    pub to: Addr,
    #[serde(rename = "u", default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<UnitKey>,
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<String>,
    #[serde(rename = "n")]
    pub unit_count: u32,
    #[serde(rename = "ti")]
    pub ti_hash: Sha256Hash,
    #[serde(rename = "ts")]
    pub ts_hash: Sha256Hash,
    /// Saved once, pending, so not written (`SHIPMENTS_CLOSED` says how it ended; read
    /// together by `ledger::load_shipment`).
    #[serde(rename = "s", default = "pending", skip_serializing_if = "is_pending")]
    pub state: ShipmentState,
    #[serde(rename = "a")]
    pub shipped_at: Timestamp,
    /// Likewise from `SHIPMENTS_CLOSED`.
    #[serde(rename = "z", default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Timestamp>,
}

fn pending() -> ShipmentState {
    ShipmentState::Pending
}

fn is_pending(s: &ShipmentState) -> bool {
    *s == ShipmentState::Pending
}

/// How a shipment ended: written once at receipt or cancellation, so the shipment record itself
/// is written once, at shipping (issue 20: receiving rewrote the 340-byte record for its state).
#[cw_serde]
pub struct ShipmentClosed {
    #[serde(rename = "s")]
    pub state: ShipmentState,
    #[serde(rename = "z")]
    pub at: Timestamp,
}

/// A history event as stored ([`UnitEvent`](cw_health_types::drug_provenance::UnitEvent)
/// without its `seq`, which is the key, under one-letter names, absent values left out; issue
/// 20). A shipping, receiving or cancellation event whose actor, counterparty and document are
/// the ones its shipment implies (`crate::ledger::shipment_parties`) stores none of them (`a`
/// absent): they are read from the shipment. A container's event leaves out its own SSCC.
#[cw_serde]
pub struct StoredEvent {
    #[serde(rename = "b")]
    pub biz_step: BizStep,
    #[serde(rename = "t")]
    pub at: Timestamp,
    #[serde(rename = "a", default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Addr>,
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub counterparty: Option<Addr>,
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    pub shipment_id: Option<u64>,
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    pub sscc: Option<String>,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Sha256Hash>,
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<AlertCode>,
    #[serde(rename = "i", default, skip_serializing_if = "Option::is_none")]
    pub investigation_id: Option<u64>,
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    pub excursion_secs: Option<u64>,
}

/// A suspect-product investigation: of a unit, of a whole lot (`lot` set, `serial` empty), or a
/// verification request to the manufacturer (`verification` set; the unit is not quarantined).
#[cw_serde]
pub struct Investigation {
    pub gtin: String,
    pub serial: String,
    #[serde(default)]
    pub lot: Option<String>,
    #[serde(default)]
    pub verification: Option<VerificationReason>,
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

/// A repackaging (P16): who consumed how many input packs into how many output packs.
#[cw_serde]
pub struct Repackaging {
    pub repackager: Addr,
    pub repackaged_at: Timestamp,
    pub gtin: String,
    pub lot: String,
    pub input_count: u32,
    pub output_count: u32,
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const PARTIES: Map<&Addr, Party> = Map::new("parties");
/// GS1 company prefix -> the party holding it (no prefix extends another).
pub const PREFIXES: Map<&str, Addr> = Map::new("prefixes");
/// NDC -> the GTIN it names.
pub const NDCS: Map<&str, String> = Map::new("ndcs");
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
pub const HISTORY: Map<((&str, &str), u64), StoredEvent> = Map::new("history");
/// ((gtin, serial), party) -> (): every party that has owned the unit (from commissioning or
/// the first move of a Merkle unit on), so a past holder may flag it suspect.
pub const HOLDERS: Map<((&str, &str), &Addr), ()> = Map::new("holders");
/// ((gtin, serial), actor) -> the unit's `alert_epoch` when the actor's alert was last counted:
/// an actor's repeated alerts count once until the unit is cleared.
pub const ALERT_RAISERS: Map<((&str, &str), &Addr), u32> = Map::new("alert_raisers");
/// sscc -> case.
pub const CASES: Map<&str, Case> = Map::new("cases");
/// (sscc, (gtin, serial)) -> (): a case's contents (at most MAX_CASE_UNITS).
pub const CASE_UNITS: Map<(&str, (&str, &str)), ()> = Map::new("case_units");
/// (sscc, seq) -> event: a container's movements (shipping, receiving, cancellation, packing
/// into and unpacking from a pallet), read into the history of every unit inside.
pub const CASE_HISTORY: Map<(&str, u64), StoredEvent> = Map::new("case_history");
/// (pallet sscc, case sscc) -> (): the cases sealed in a pallet (at most MAX_CASE_UNITS items
/// with its units).
pub const CASE_CHILDREN: Map<(&str, &str), ()> = Map::new("case_children");
pub const SHIPMENT_SEQ: Item<u64> = Item::new("shipment_seq");
/// id -> the shipment as shipped (its `state` is `pending`; see `SHIPMENTS_CLOSED`).
pub const SHIPMENTS: Map<u64, Shipment> = Map::new("shipments");
/// id -> how a received or cancelled shipment ended (read over the shipment's own state by
/// `crate::ledger::load_shipment`).
pub const SHIPMENTS_CLOSED: Map<u64, ShipmentClosed> = Map::new("shipments_closed");
pub const INVESTIGATION_SEQ: Item<u64> = Item::new("investigation_seq");
pub const INVESTIGATIONS: Map<u64, Investigation> = Map::new("investigations");
/// (due seconds, investigation id) -> (): the one pending legal clock of each investigation
/// (determination while open, notification once illegitimate), for the overdue range scan.
pub const DUE: Map<(u64, u64), ()> = Map::new("due");
/// ((gtin, serial), readings hash) -> (): the excursion reports already counted for a unit, so
/// a report sent again (or the same readings reported for the case and then for the unit) is
/// counted once.
pub const EXCURSION_REPORTS: Map<((&str, &str), &str), ()> = Map::new("excursion_reports");
pub const REPACKAGING_SEQ: Item<u64> = Item::new("repackaging_seq");
pub const REPACKAGINGS: Map<u64, Repackaging> = Map::new("repackagings");
/// (repackaging id, (gtin, serial)) -> (): the packs a repackaging consumed (at most 100).
pub const REPACKAGING_INPUTS: Map<(u64, (&str, &str)), ()> = Map::new("repackaging_inputs");
/// (repackaging id, (gtin, serial)) -> (): the packs a repackaging commissioned (at most 100).
pub const REPACKAGING_OUTPUTS: Map<(u64, (&str, &str)), ()> = Map::new("repackaging_outputs");
