use cosmwasm_schema::QueryResponses;
use cosmwasm_std::{Addr, Timestamp};
use cw_health_derive::cw_serde_map as cw_serde;
use cw_health_derive::cw_serde_strict;

use crate::hash::Sha256Hash;
use crate::merkle::MerkleProof;
use crate::ownership::{Ownership, OwnershipAction};

/// The largest `pack_quantity` of a product: the largest quantity an 837 line or NCPDP claim
/// carries (99,999 units).
pub const MAX_PACK_QUANTITY: u32 = 99_999;

/// Instantiates the ledger.
#[cw_serde_strict]
pub struct InstantiateMsg {
    /// The contract owner (registers trading partners, appoints regulators); defaults to the sender.
    pub owner: Option<String>,
    /// The ehr-registry a prescription's visit is checked against (`anchor_prescription` with
    /// a `visit_id`). Without it, a prescription naming a visit is refused.
    #[serde(default)]
    pub ehr_registry: Option<String>,
}

/// New values for the ledger's rules; `None` keeps the current value. The ledger starts with
/// the defaults given here.
#[cw_serde_strict]
#[derive(Default)]
pub struct ConfigUpdate {
    /// How long after a dispense the same dispenser may undo it, in seconds
    /// (default 864000 = 10 days, EU FMD / NMVS). At most 90 days.
    pub undo_window_secs: Option<u64>,
    /// How long the manufacturer or regulator has to determine a suspect unit (clear it or declare
    /// it illegitimate), in seconds (default 86400 = 24 h, the DSCSA verification clock).
    /// Between 1 hour and 90 days.
    pub investigation_secs: Option<u64>,
    /// How long after an illegitimate determination the notification of FDA and trading partners
    /// must be recorded, in seconds (default 86400 = 24 h, DSCSA / FDA Form 3911).
    /// Between 1 hour and 90 days.
    pub notification_secs: Option<u64>,
    /// How many counted alerts (double dispense, verification mismatches) quarantine a unit
    /// automatically (default 2). An alert counts once per verification or dispense attempt
    /// and once per actor until the unit is cleared. Between 1 and 100.
    pub alert_quarantine_threshold: Option<u32>,
    /// The ehr-registry a prescription's visit is checked against (none at instantiation
    /// unless given there).
    #[serde(default)]
    pub ehr_registry: Option<String>,
}

/// Executes a change in the ledger.
#[cw_serde_strict]
pub enum ExecuteMsg {
    /// Proposes, accepts or cancels a transfer of contract ownership (two-step).
    UpdateOwnership(OwnershipAction),
    /// Changes the ledger's rules. Only the contract owner may call it.
    UpdateConfig(ConfigUpdate),
    /// Appoints (or, with `None`, removes) the regulator, who registers and suspends trading
    /// partners, registers loggers, recalls lots and determines suspect product.
    /// Only the contract owner may call it.
    SetRegulator {
        /// The regulator's address, or `None` to have no regulator.
        regulator: Option<String>,
    },
    /// Registers a trading partner, or renews/changes an existing one (role, license, expiry).
    /// A renewed party keeps its status. Only the owner or the regulator may call it.
    RegisterParty {
        /// The partner's address.
        address: String,
        /// Its role in the supply chain.
        role: TradingPartnerRole,
        /// Its state or federal license id (opaque token, at most 64 characters).
        license_id: String,
        /// When the license expires (block time); must be in the future.
        license_expiry: Timestamp,
    },
    /// Suspends, reinstates or revokes a trading partner. Only the owner or the regulator may
    /// call it.
    SetPartyStatus {
        /// The partner's address.
        address: String,
        /// The new status.
        status: TradingPartnerStatus,
    },
    /// Sets the GS1 Company Prefixes a registered trading partner holds (replacing its previous
    /// set). A GTIN is registered only by the holder of its prefix and a case's SSCC carries its
    /// packer's prefix. A prefix belongs to one partner and no prefix may extend another.
    /// Only the owner or the regulator may call it.
    SetCompanyPrefixes {
        /// The partner's address.
        party: String,
        /// Its GS1 Company Prefixes (4 to 12 digits each, at most 10; empty removes them all).
        prefixes: Vec<String>,
    },
    /// Registers (`active: true`) or retires a cold-chain data logger allowed to report
    /// temperature excursions. Only the owner or the regulator may call it.
    SetLogger {
        /// The logger's address.
        logger: String,
        /// Whether it may report.
        active: bool,
    },
    /// Registers a product (a GTIN). Only a licensed manufacturer or repackager holding the
    /// GTIN's GS1 Company Prefix (matched after the GTIN-14's indicator digit) may call it; it
    /// becomes the product's manufacturer (the only party that commissions its units).
    RegisterProduct {
        /// GTIN-14, 14 digits with a valid GS1 mod-10 check digit.
        gtin: String,
        /// The national drug code (opaque token, at most 64 characters), unique across products.
        ndc: String,
        /// The storage temperature profile, if the product is temperature sensitive.
        temp_profile: Option<TempProfile>,
        /// How many billing units one pack holds (NCPDP quantity: tablets, mL, grams or each),
        /// 1 to [`MAX_PACK_QUANTITY`]. A payer pays a pharmacy line of one pack for at most this
        /// many units.
        pack_quantity: u32,
    },
    /// Transfers, withdraws or revokes a product. Transfer (to an acquirer) and revoke (of a
    /// wrongly registered GTIN with no lot commissioned) are for the owner or the regulator;
    /// withdrawal (irreversible: its packs may no longer be shipped, packed or dispensed) also
    /// for the product's manufacturer.
    ChangeProduct {
        /// The product's GTIN-14.
        gtin: String,
        /// What to do.
        change: ProductChange,
    },
    /// Commissions units of a lot. Only the product's manufacturer, licensed and still holding
    /// the manufacturer or repackager role, may call it, for a product not withdrawn.
    /// A lot's expiry is fixed by its first commissioning; explicit serials may be added to an
    /// explicit lot in further messages, a Merkle lot is committed once. Once a product has a
    /// Merkle lot, its serials can no longer be commissioned explicitly (a serial hidden in a
    /// root could otherwise be given to a second pack).
    Commission {
        /// The product's GTIN-14.
        gtin: String,
        /// The lot/batch number (GS1 AI 10: 1-20 characters of the GS1 character set 82).
        lot: String,
        /// The expiry (GS1 AI 17, `YYMMDD`, `DD` = `00` means the end of the month); the lot must
        /// not be expired at commissioning.
        expiry: String,
        /// The serials: an explicit list or a Merkle root.
        serials: CommissionSerials,
    },
    /// Ships units and cases to a licensed trading partner: they are in transit (and still owned
    /// by the shipper) until the recipient receives the shipment. Only the current owner, itself
    /// licensed, may ship (goods a 3PL holds move as their owner directs: the owner ships them).
    /// The shipment's [`ShipmentKind`] follows from the roles: to a 3PL a custody move, up the
    /// chain (to a wholesaler, manufacturer, repackager or reverse distributor from further
    /// down) a return, otherwise a sale. No unit may be quarantined, dispensed, destroyed,
    /// already in transit, or (for a loose unit) packed in a case; in a sale or custody move no
    /// unit may be recalled, withdrawn, expired, or a return not yet verified by its owner
    /// (recalled and expired stock moves only as returns). A reverse distributor ships only
    /// back to a manufacturer or repackager. A unit of a Merkle lot that never moved needs its
    /// `lot` and `proof`. A container (case or pallet) is checked and moved as one record, at
    /// the cost of one unit whatever it holds: it must be with its owner and not sealed in a
    /// pallet, hold no quarantined unit, no lot quarantined or illegitimate, and for a sale or
    /// custody move no recalled lot, withdrawn product, expired goods or unverified return; a
    /// container moves at most 24 times before it is unpacked.
    Ship {
        /// The recipient (a licensed trading partner, not the sender).
        to: String,
        /// Loose units (not in a case); together with `cases` at most 100 items.
        units: Vec<UnitRef>,
        /// Containers (cases and pallets, SSCC) shipped whole with their contents.
        cases: Vec<String>,
        /// SHA-256 of the DSCSA transaction information (TI) document.
        ti_hash: Sha256Hash,
        /// SHA-256 of the DSCSA transaction statement (TS) document.
        ts_hash: Sha256Hash,
    },
    /// Receives a shipment: the recipient becomes the owner of every unit and case in it (in a
    /// custody move to a 3PL, their custodian; the owner stays). A returned unit awaits its new
    /// owner's verification (`record_verification` with no alert) before it is sold again.
    /// Only the shipment's recipient may call it, while both it and the shipper are licensed
    /// (otherwise the shipper may cancel the shipment).
    Receive {
        /// The shipment's id.
        shipment_id: u64,
    },
    /// Cancels a shipment not yet received: its units and cases are active again with the
    /// shipper. Only the shipper may call it.
    CancelShipment {
        /// The shipment's id.
        shipment_id: u64,
    },
    /// Packs loose units into a new case, or cases (and units) into a new pallet: a container
    /// (SSCC) that then moves as one, at the cost of one unit whatever it holds. While sealed,
    /// every unit inside reads its owner, custodian and shipment from its outermost container,
    /// cannot move, be dispensed or destroyed alone, and its history includes the container's
    /// movements. Containers nest at most 3 deep counting units (a pallet of cases of units):
    /// a pallet is never packed into another container. Only the owner of every item, licensed,
    /// may call it; units must be active, loose and not quarantined, cases with their owner and
    /// not sealed in a pallet, and all items held by the same custodian (or none); at most 16
    /// distinct lots in one container.
    Pack {
        /// The container's SSCC (GS1 AI 00): 18 digits with a valid mod-10 check digit, never
        /// reused, carrying (after its extension digit) a GS1 Company Prefix the packer holds.
        sscc: String,
        /// Loose units; together with `cases` 1 to 100 items.
        units: Vec<UnitRef>,
        /// Cases (SSCC) sealed into this container, which is then a pallet (none for a case).
        #[serde(default)]
        cases: Vec<String>,
    },
    /// Unpacks a container: the units and cases in it are loose again, each taking the
    /// container's owner and custodian (and, for returned goods, awaiting their owner's
    /// verification); the SSCC is spent. This touches every item once: it is where a
    /// container's size is paid. Only the container's owner may call it, while it is with its
    /// owner and not sealed in a pallet (unpack the pallet first).
    Unpack {
        /// The case's SSCC.
        sscc: String,
    },
    /// Dispenses (decommissions) a unit. Only a licensed dispenser that owns the unit may
    /// dispense it; a recalled, withdrawn, expired, quarantined, in-transit or packed unit is
    /// refused. A dispense by a licensed dispenser of a pack already inactive (dispensed or
    /// destroyed: `NMVS_NC_PCK_22`) or named with another lot than its own (`NMVS_FE_LOT_13`,
    /// a clone) does NOT fail: it records the alert on the unit (which may quarantine it),
    /// dispenses nothing and answers `outcome = alert`, so the alert survives (a failed
    /// transaction would revert it).
    Dispense {
        /// The unit.
        unit: UnitRef,
    },
    /// Undoes a dispense (FMD "undo"). Only the dispenser that dispensed the unit, within the
    /// undo window, and only if the unit has not been recalled, expired or quarantined since,
    /// nor presented again (an `NMVS_NC_PCK_22` clone alert blocks the undo until the unit is
    /// cleared).
    UndoDispense {
        /// The unit's GTIN-14.
        gtin: String,
        /// The unit's serial.
        serial: String,
    },
    /// Decommissions a unit as destroyed (e.g. expired or recalled stock). Only its licensed
    /// owner may call it, for an active, loose, not quarantined unit.
    Destroy {
        /// The unit.
        unit: UnitRef,
    },
    /// Takes a unit out of trade for good as stolen or exported (CBV dispositions; P17). Only
    /// its licensed owner may call it, for an active, loose, not quarantined unit. A stolen
    /// unit that turns up again (a dispense or a recorded verification of it) opens a suspect
    /// investigation automatically; cleared, it is back in trade with its owner.
    Decommission {
        /// The unit.
        unit: UnitRef,
        /// Why it leaves trade.
        reason: DecommissionReason,
    },
    /// Records a verification by a trading partner (e.g. a DSCSA saleable return or an FMD
    /// verification before dispense). It answers like [`QueryMsg::VerifyUnit`]; a lot or expiry
    /// mismatch on a known unit is recorded as an alert on it (which may quarantine it).
    /// A unit of a Merkle lot that never moved, named with its `lot` and a valid `proof`, is
    /// stored on the ledger by it (as by a first move) so the verification is recorded.
    /// Unlike the query, malformed input is refused: the GTIN and serial must be valid, a given
    /// `lot` 1-20 GS1 characters and a given `expiry` six digits (`YYMMDD`).
    /// Only a licensed trading partner may call it.
    RecordVerification(VerifyUnitRequest),
    /// Flags a unit as suspect (DSCSA): it is quarantined (frozen) until the manufacturer or the
    /// regulator determines it, and the determination is due after the investigation window.
    /// Only the regulator, or a licensed trading partner with standing, may call it: the unit's
    /// owner, the recipient of the shipment it is in, a past owner, or its product's
    /// manufacturer.
    FlagSuspect {
        /// The unit.
        unit: UnitRef,
        /// Why it is suspect.
        reason: SuspectReason,
        /// SHA-256 of the evidence kept off chain, if any.
        evidence_hash: Option<Sha256Hash>,
    },
    /// Quarantines a whole lot as suspect (lot-level suspicion) in one constant-cost write: no
    /// unit is touched, each unit of the lot reads `quarantined` (and may not be shipped,
    /// packed, dispensed or destroyed) while the lot's investigation is open, as units read
    /// `recalled` from their lot. The determination is due after the investigation window;
    /// `resolve_suspect` `cleared` releases the lot, `illegitimate` makes every unit of it read
    /// `destroyed` and starts the notification clock. Only the regulator or the product's
    /// licensed manufacturer may call it, for a commissioned lot not already quarantined.
    FlagSuspectLot {
        /// The product's GTIN-14.
        gtin: String,
        /// The lot.
        lot: String,
        /// Why the lot is suspect.
        reason: SuspectReason,
        /// SHA-256 of the evidence kept off chain, if any.
        evidence_hash: Option<Sha256Hash>,
    },
    /// Asks the product's manufacturer to verify a pack's product identifier (DSCSA
    /// verification request, P7): a saleable return before resale, or a suspect pack. The
    /// request is an investigation record (`verification` set) that does NOT quarantine the
    /// unit; the manufacturer answers with `resolve_suspect` (`cleared` = verified,
    /// `illegitimate` = not verified, which quarantines the unit in a new investigation opened
    /// by the contract), due after the investigation window (default 24 h), and a late answer
    /// is listed by `overdue`. A verified saleable return asked by the unit's owner is released
    /// for sale. Only the regulator or a licensed partner with standing (as for `flag_suspect`)
    /// may call it, one open request per unit at a time.
    RequestVerification {
        /// The unit (a unit of a Merkle lot that never moved needs its `lot` and `proof`).
        unit: UnitRef,
        /// Why it is asked.
        reason: VerificationReason,
        /// SHA-256 of the request's record kept off chain (e.g. the scanned data matrix), if any.
        evidence_hash: Option<Sha256Hash>,
    },
    /// Repackages (P16, an EPCIS transformation): consumes input packs and commissions output
    /// packs of the repackager's own product, linking both ways under one repackaging id (see
    /// [`QueryMsg::Repackaging`]). Only a licensed repackager that owns every input (loose,
    /// active, not recalled, quarantined, withdrawn, expired or awaiting a return's
    /// verification), and is the manufacturer of the output product (not withdrawn), may call
    /// it. Inputs end in state `repackaged`; the output lot follows the rules of `commission`
    /// (explicit serials) and its expiry is no later than the earliest input's.
    Repackage {
        /// The packs consumed (1 to 100, distinct).
        inputs: Vec<UnitRef>,
        /// The output product's GTIN-14.
        gtin: String,
        /// The output lot (GS1 AI 10).
        lot: String,
        /// The output lot's expiry (`YYMMDD`).
        expiry: String,
        /// The output serials (1 to 100, distinct, new for the GTIN).
        serials: Vec<String>,
    },
    /// Determines an open investigation: `cleared` releases the unit (and resets its alert
    /// count) or the lot, `illegitimate` destroys the unit (every unit of the lot) for good and
    /// starts the notification clock. For a verification request, `cleared` answers verified
    /// and `illegitimate` not verified (the unit is then quarantined; no notification clock).
    /// Only the regulator or the product's manufacturer while its license is active and
    /// unexpired may call it, once.
    ResolveSuspect {
        /// The investigation's id.
        investigation_id: u64,
        /// The determination.
        determination: Determination,
        /// SHA-256 of the determination record kept off chain, if any.
        evidence_hash: Option<Sha256Hash>,
    },
    /// Records that FDA and the trading partners were notified of an illegitimate unit
    /// (FDA Form 3911), stopping the notification clock. Only the product's manufacturer or the
    /// regulator may call it.
    RecordNotification {
        /// The investigation's id.
        investigation_id: u64,
        /// SHA-256 of the notification as filed.
        notification_hash: Sha256Hash,
    },
    /// Recalls lots of a GTIN, irreversibly: every unit of them is blocked from sale (shipping
    /// except as a return, packing, dispensing). A recalled lot is recalled again only to
    /// escalate its class (e.g. Class II to Class I), never to lower it. Writes one record per
    /// lot and never touches the units (their recalled status is derived from their lot). Only
    /// the product's manufacturer (even with a suspended or expired license: a recall only
    /// blocks units) or the regulator may call it.
    Recall {
        /// The product's GTIN-14.
        gtin: String,
        /// The lots (1 to 32, each commissioned, and not yet recalled or recalled with a less
        /// severe class).
        lots: Vec<String>,
        /// The FDA recall class.
        recall_class: RecallClass,
        /// SHA-256 of the recall notice kept off chain, if any.
        notice_hash: Option<Sha256Hash>,
    },
    /// Reports a temperature excursion measured on a unit or on a case (then on each unit in
    /// it). Each unit's cumulative excursion time grows by `duration_secs`; a unit whose total
    /// exceeds its product's allowance is quarantined. The same `readings_hash` counts once per
    /// unit (a report sent again is refused; in a case, units that already counted it, have no
    /// temperature profile, or are dispensed or destroyed are skipped, and the report is refused
    /// when no unit counts). Only a registered logger may call it.
    ReportExcursion {
        /// What the logger was attached to.
        target: ExcursionTarget,
        /// The lowest temperature observed, in tenths of a degree Celsius.
        min_decicelsius: i32,
        /// The highest temperature observed, in tenths of a degree Celsius.
        max_decicelsius: i32,
        /// How long the temperature was outside the profile, in seconds (1 to 31536000).
        duration_secs: u64,
        /// SHA-256 of the logger's raw readings kept off chain (counted at most once per unit).
        readings_hash: Sha256Hash,
    },
    /// Registers, updates or deactivates a prescriber (a physician or other practitioner
    /// authorized to prescribe), who may then anchor e-prescriptions. Only the owner or the
    /// regulator may call it.
    SetPrescriber {
        /// The prescriber's address.
        address: String,
        /// Its prescribing credential (e.g. an NPI or DEA number; opaque token, at most 64
        /// characters).
        license_id: String,
        /// When the credential expires (block time; in the future while `active`).
        license_expiry: Timestamp,
        /// False deactivates it: it anchors nothing more (its prescriptions stay valid).
        active: bool,
    },
    /// Anchors an e-prescription (NCPDP SCRIPT NewRx): its hash, the prescriber (the sender)
    /// and the visit it was written in; no drug or patient data in clear. A dispense may then
    /// reference it (`dispense_prescription`), at most `fills_written` times and before
    /// `expires_at`. Only an active registered prescriber may call it, once per e-Rx hash.
    AnchorPrescription {
        /// SHA-256 of the signed e-prescription message.
        erx_hash: Sha256Hash,
        /// The ehr-registry visit it was written in, if any (a telehealth visit). When given,
        /// the ledger asks the configured ehr-registry (one query) and refuses unless the visit
        /// exists, was consented, the sender is its clinician (the one booked, or the on-call
        /// member who took it) and it is written between the visit's start and 24 hours after
        /// its end (the hang-up, or the scheduled end if earlier). Absent: no visit is checked
        /// (an in-person e-Rx).
        visit_id: Option<u64>,
        /// How many fills it allows (the first fill and its refills: 1 to 12).
        fills_written: u8,
        /// When it expires (in the future, at most 366 days ahead).
        expires_at: Timestamp,
    },
    /// Dispenses a unit against an anchored prescription: as `dispense` (same roles, same
    /// alerts), and the dispense is recorded as a fill of the prescription. Refused when the
    /// prescription is expired or all its fills are used. A dispense attempt that raises an
    /// alert dispenses nothing and uses no fill.
    DispensePrescription {
        /// The unit.
        unit: UnitRef,
        /// The prescription it is dispensed against.
        prescription_id: u64,
    },
}

/// Why a verification of a product identifier is requested (DSCSA).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum VerificationReason {
    /// A saleable return, before it is sold again.
    SaleableReturn,
    /// A pack the requester suspects.
    Suspect,
}

/// Which side of a repackaging to list.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum RepackagingSide {
    /// The packs consumed.
    Inputs,
    /// The packs commissioned.
    Outputs,
}

/// Why a unit leaves trade other than by dispense or destruction.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum DecommissionReason {
    /// Stolen: if it turns up again, an investigation opens.
    Stolen,
    /// Exported out of the market the ledger covers.
    Exported,
}

/// A change to a registered product.
#[cw_serde_strict]
pub enum ProductChange {
    /// Hands the product (and the right to commission, recall and determine its units) to an
    /// acquirer, a licensed manufacturer or repackager. Lots already commissioned stay as they
    /// are.
    Transfer {
        /// The acquirer.
        to: String,
    },
    /// Withdraws the GTIN from the market (FMD "withdrawn", irreversible): no more lots, and its
    /// packs answer `withdrawn` and may not be shipped, packed or dispensed (they may still be
    /// destroyed).
    Withdraw {},
    /// Voids a wrongly registered product that has no lot: the GTIN and its NDC are free again.
    /// (A product with lots is transferred to its rightful owner, who can recall them.)
    Revoke {},
}

/// How units are commissioned.
#[cw_serde_strict]
pub enum CommissionSerials {
    /// Explicit serials (1 to 100 per message, each unique and new for the GTIN).
    List {
        /// The serials (GS1 AI 21: 1-20 characters of the GS1 character set 82).
        serials: Vec<String>,
    },
    /// A whole lot committed as the RFC 6962 Merkle root of its serials (see
    /// [`crate::merkle`]). **Leaf encoding: the GS1 element string `01` GTIN `10` lot `<GS>`
    /// `21` serial** (GS = byte 0x1D; see [`super::gs1::merkle_leaf`]), in the manufacturer's
    /// chosen order. Costs one write whatever the lot size; each unit is proven by an inclusion
    /// proof the first time it moves (or is verified with a proof) and only then stored.
    MerkleRoot {
        /// The tree's root.
        root: Sha256Hash,
        /// Number of serials (leaves) in the tree, at least 1.
        leaf_count: u64,
    },
}

/// A unit named by a message.
#[cw_serde_strict]
pub struct UnitRef {
    /// GTIN-14.
    pub gtin: String,
    /// Serial (GS1 AI 21).
    pub serial: String,
    /// The lot: required (with `proof`) for a unit of a Merkle lot that is not yet on the
    /// ledger; when given for a unit already on the ledger it must match.
    pub lot: Option<String>,
    /// The unit's inclusion proof in its Merkle lot (leaf = [`super::gs1::merkle_leaf`]); only for
    /// a unit not yet on the ledger, ignored otherwise.
    pub proof: Option<MerkleProof>,
}

/// What a temperature report is about.
#[cw_serde_strict]
pub enum ExcursionTarget {
    /// One loose or packed unit.
    Unit {
        /// GTIN-14.
        gtin: String,
        /// Serial.
        serial: String,
        /// For a unit of a Merkle lot that never moved: its lot (with `proof`); the report then
        /// stores the unit on the ledger.
        lot: Option<String>,
        /// The unit's inclusion proof in its Merkle lot (with `lot`).
        proof: Option<MerkleProof>,
    },
    /// A case and every unit in it (not a pallet: report each of its cases).
    PackedCase {
        /// The case's SSCC.
        sscc: String,
    },
}

/// A trading partner's role (DSCSA trading partner types).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum TradingPartnerRole {
    /// Manufacturer: registers products and commissions units.
    Manufacturer,
    /// Repackager: registers its own products (GTINs) and commissions units.
    Repackager,
    /// Wholesale distributor.
    Wholesaler,
    /// Third-party logistics provider (3PL): holds custody of goods it receives, never
    /// ownership.
    ThirdPartyLogistics,
    /// Dispenser (pharmacy): the only role that dispenses.
    Dispenser,
    /// Reverse distributor: takes back returned, recalled and expired stock; it ships only back
    /// to a manufacturer or repackager, never on to a sale.
    ReverseDistributor,
}

/// A trading partner's standing.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum TradingPartnerStatus {
    /// May trade (while its license is not expired).
    Active,
    /// Temporarily barred from trading.
    Suspended,
    /// Barred from trading.
    Revoked,
}

/// A product's storage temperature profile.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub struct TempProfile {
    /// Lowest allowed temperature, in tenths of a degree Celsius.
    pub min_decicelsius: i32,
    /// Highest allowed temperature, in tenths of a degree Celsius (above `min_decicelsius`).
    pub max_decicelsius: i32,
    /// Cumulative time outside the range a unit may spend before it is quarantined, in seconds.
    pub max_excursion_secs: u64,
}

/// Why a unit is suspect or quarantined (DSCSA suspect product categories, plus the automatic
/// causes).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum SuspectReason {
    /// Potentially counterfeit.
    Counterfeit,
    /// Potentially diverted.
    Diverted,
    /// Potentially stolen.
    Stolen,
    /// Potentially intentionally adulterated or tampered with.
    Tampered,
    /// The subject of a fraudulent transaction.
    FraudulentTransaction,
    /// Appears otherwise unfit for distribution.
    UnfitForDistribution,
    /// Automatic: the unit's recorded alerts reached the configured threshold.
    RepeatedAlerts,
    /// Automatic: the unit's cumulative temperature excursion exceeded its product's allowance.
    ColdChainExcursion,
}

/// A determination of a suspect unit.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum Determination {
    /// Legitimate: the unit is released from quarantine.
    Cleared,
    /// Illegitimate: the unit is destroyed for good; notification is due.
    Illegitimate,
}

/// Queries of the ledger.
#[cw_serde_strict]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The ledger's configuration.
    #[returns(DrugConfigResponse)]
    Config {},
    /// The contract's owner and any pending ownership transfer.
    #[returns(Ownership)]
    Ownership {},
    /// Verifies a pack the FMD way: its status and alert codes for any mismatch. Anyone may ask.
    ///
    /// Status precedence (the first that applies): `unknown` (not on the ledger, malformed
    /// identifiers, or a Merkle unit without a valid `lot` + `proof`) > `destroyed` >
    /// `quarantined` > `stolen` > `exported` > `recalled` > `dispensed` > `withdrawn` > `expired` > `in_transit` >
    /// `active`.
    /// Whatever the status, `dispensed_by`/`dispensed_at` are set whenever the unit is
    /// dispensed and `recall_class` whenever its lot is recalled. Malformed input never errors.
    #[returns(VerifyUnitResponse)]
    VerifyUnit(VerifyUnitRequest),
    /// A trading partner, if registered.
    #[returns(Option<PartyResponse>)]
    Party {
        /// The partner's address.
        address: String,
    },
    /// Registered trading partners, by address.
    #[returns(TradingPartnersResponse)]
    Parties {
        /// Exclusive start (an address from the previous page).
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// Whether an address is a registered, active cold-chain logger.
    #[returns(LoggerResponse)]
    Logger {
        /// The logger's address.
        address: String,
    },
    /// A product, if registered.
    #[returns(Option<ProductResponse>)]
    Product {
        /// GTIN-14.
        gtin: String,
    },
    /// A lot, if commissioned, with its recall if any.
    #[returns(Option<LotResponse>)]
    Lot {
        /// GTIN-14.
        gtin: String,
        /// The lot.
        lot: String,
    },
    /// The full record of a unit on the ledger (a Merkle unit appears once it has moved).
    #[returns(Option<UnitResponse>)]
    Unit {
        /// GTIN-14.
        gtin: String,
        /// Serial.
        serial: String,
    },
    /// Every event of a unit, oldest first, with the parties and document hashes. Each packing
    /// event is followed by the movements of its container (and of the pallet that container
    /// was sealed in) while the unit was inside, each with `sscc` set to the container that
    /// moved and `seq` equal to the packing event's, so `start_after` pages on; a page holds
    /// `limit` of the unit's own events plus at most 48 container events.
    #[returns(HistoryResponse)]
    History {
        /// GTIN-14.
        gtin: String,
        /// Serial.
        serial: String,
        /// Exclusive start (an event `seq` from the previous page).
        start_after: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// Where the units of a lot are (meant for recalled lots): each unit on the ledger with its
    /// current owner and status, by serial. Units of a Merkle lot that never moved are still
    /// with the manufacturer and are counted, not listed.
    #[returns(RecallHoldersResponse)]
    RecallHolders {
        /// GTIN-14.
        gtin: String,
        /// The lot.
        lot: String,
        /// Exclusive start (a serial from the previous page).
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// A container (case or pallet, SSCC), if packed.
    #[returns(Option<CaseResponse>)]
    PackedCase {
        /// The SSCC.
        sscc: String,
    },
    /// The units in a container, by (GTIN, serial), and the cases sealed in a pallet.
    #[returns(CaseUnitsResponse)]
    CaseUnits {
        /// The SSCC.
        sscc: String,
        /// Exclusive start (a unit from the previous page).
        start_after: Option<UnitKey>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// A shipment; an error (`shipment <id> not found`) if no shipment has that id.
    #[returns(ShipmentResponse)]
    Shipment {
        /// The shipment's id.
        shipment_id: u64,
    },
    /// A repackaging (P16) and a page of its input or output packs; an error
    /// (`repackaging <id> not found`) if none has that id. A unit's `repackaged_into` and
    /// `repackaged_from` name the repackagings it took part in.
    #[returns(RepackagingResponse)]
    Repackaging {
        /// The repackaging's id.
        repackaging_id: u64,
        /// Which packs to list.
        side: RepackagingSide,
        /// Exclusive start (a unit from the previous page).
        start_after: Option<UnitKey>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// A suspect-product investigation; an error (`investigation <id> not found`) if none has
    /// that id.
    #[returns(InvestigationResponse)]
    Investigation {
        /// The investigation's id.
        investigation_id: u64,
    },
    /// Investigations whose legal clock has run out at the current block time: a determination
    /// past due, or an illegitimate unit whose notification is past due. Oldest due first.
    #[returns(OverdueInvestigationsResponse)]
    Overdue {
        /// Exclusive start (the `due_at` and id of the last entry of the previous page).
        start_after: Option<DueCursor>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// An anchored prescription with its fills and its validity at this block.
    #[returns(PrescriptionResponse)]
    Prescription {
        /// The prescription's id.
        prescription_id: u64,
    },
    /// The prescription a unit was dispensed against, if any: whether a dispense was made
    /// against a valid, unexpired, unused prescription (a fill is recorded only then).
    #[returns(Option<PrescriptionFillResponse>)]
    PrescriptionFill {
        /// The unit's GTIN-14.
        gtin: String,
        /// The unit's serial.
        serial: String,
    },
    /// A registered prescriber, if any.
    #[returns(Option<PrescriberResponse>)]
    Prescriber {
        /// The prescriber's address.
        address: String,
    },
}

/// Migrates the contract to a newer version of itself.
#[cw_serde_strict]
pub struct MigrateMsg {}

/// The ledger's configuration.
#[cw_serde]
pub struct DrugConfigResponse {
    /// The contract owner.
    pub owner: Addr,
    /// The appointed regulator, if any.
    pub regulator: Option<Addr>,
    /// The FMD undo window, in seconds.
    pub undo_window_secs: u64,
    /// Time allowed to determine a suspect unit, in seconds.
    pub investigation_secs: u64,
    /// Time allowed to record the notification of an illegitimate unit, in seconds.
    pub notification_secs: u64,
    /// Recorded alerts that quarantine a unit automatically.
    pub alert_quarantine_threshold: u32,
    /// The ehr-registry prescriptions' visits are checked against, if set.
    pub ehr_registry: Option<Addr>,
}

/// The data matrix of a pack, as scanned: GS1 AI (01) GTIN, (21) serial, (10) lot, (17) expiry.
#[cw_serde_strict]
pub struct VerifyUnitRequest {
    /// GTIN-14 (AI 01), digits only, check digit validated.
    pub gtin: String,
    /// Serial number (AI 21), up to 20 GS1 characters.
    pub serial: String,
    /// Lot/batch as printed on the pack (AI 10); a mismatch raises an alert.
    pub lot: Option<String>,
    /// Expiry as printed on the pack (AI 17), `YYMMDD`; a mismatch raises an alert.
    pub expiry: Option<String>,
    /// For a unit of a lot committed as a Merkle root that has never moved: its inclusion proof
    /// (leaf data as documented by the contract). Ignored for units already on the ledger.
    pub proof: Option<MerkleProof>,
}

/// The status of a pack (GS1 CBV dispositions, reduced).
///
/// Several may hold at once; a verification reports the first that applies in this order:
/// `unknown` > `destroyed` > `quarantined` > `stolen` > `exported` > `recalled` > `dispensed` >
/// `withdrawn` > `expired` > `in_transit` > `active`. (A dispensed pack is never reported
/// `expired`: expiry no longer matters once it left the supply chain.)
#[cw_serde]
#[derive(Copy, Eq)]
pub enum UnitStatus {
    /// Commissioned, saleable, with its current owner.
    Active,
    /// Shipped and not yet received.
    InTransit,
    /// Decommissioned at dispense.
    Dispensed,
    /// Its lot was recalled.
    Recalled,
    /// Its product (GTIN) was withdrawn from the market.
    Withdrawn,
    /// Past its expiry.
    Expired,
    /// Frozen as suspect (investigation, cold-chain breach, repeated alerts).
    Quarantined,
    /// Declared illegitimate or destroyed.
    Destroyed,
    /// Not known to the ledger.
    Unknown,
    /// Reported stolen by its owner.
    Stolen,
    /// Exported out of the market.
    Exported,
    /// Consumed by a repackaging into new packs.
    Repackaged,
}

/// An FMD/NMVS alert raised by a verification.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum AlertCode {
    /// NMVS_NC_PC_02: the serial number is unknown.
    #[serde(rename = "NMVS_NC_PC_02")]
    UnknownSerial,
    /// NMVS_FE_LOT_13: the lot on the pack differs from the lot commissioned.
    #[serde(rename = "NMVS_FE_LOT_13")]
    LotMismatch,
    /// NMVS_FE_LOT_12: the expiry on the pack differs from the expiry commissioned.
    #[serde(rename = "NMVS_FE_LOT_12")]
    ExpiryMismatch,
    /// NMVS_NC_PCK_22: the pack is already inactive: destroyed, stolen, exported, or
    /// dispensed and presented again (a second dispense; a sign of a cloned serial).
    #[serde(rename = "NMVS_NC_PCK_22")]
    AlreadyDispensed,
}

impl AlertCode {
    /// The NMVS code, e.g. `"NMVS_NC_PC_02"`.
    pub fn code(&self) -> &'static str {
        match self {
            AlertCode::UnknownSerial => "NMVS_NC_PC_02",
            AlertCode::LotMismatch => "NMVS_FE_LOT_13",
            AlertCode::ExpiryMismatch => "NMVS_FE_LOT_12",
            AlertCode::AlreadyDispensed => "NMVS_NC_PCK_22",
        }
    }
}

/// FDA recall classification.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum RecallClass {
    /// Class I: reasonable probability of serious harm or death.
    #[serde(rename = "I")]
    ClassI,
    /// Class II: temporary or reversible harm.
    #[serde(rename = "II")]
    ClassII,
    /// Class III: unlikely to cause harm.
    #[serde(rename = "III")]
    ClassIII,
}

impl RecallClass {
    /// The FDA class, e.g. `"I"`.
    pub fn code(&self) -> &'static str {
        match self {
            RecallClass::ClassI => "I",
            RecallClass::ClassII => "II",
            RecallClass::ClassIII => "III",
        }
    }
}

/// The answer to a [`VerifyUnitRequest`].
#[cw_serde]
pub struct VerifyUnitResponse {
    /// The GTIN asked about.
    pub gtin: String,
    /// The serial asked about.
    pub serial: String,
    /// The pack's status.
    pub status: UnitStatus,
    /// Alerts raised by this verification (empty when everything matches): unknown serial, lot
    /// or expiry mismatch, and `NMVS_NC_PCK_22` when the pack is destroyed, or dispensed and a
    /// second dispense of it has been attempted (a sign of a cloned serial).
    pub alerts: Vec<AlertCode>,
    /// The lot commissioned, if the unit is known.
    pub lot: Option<String>,
    /// The expiry commissioned (`YYMMDD`), if the unit is known.
    pub expiry: Option<String>,
    /// The current owner (a trading partner, never a patient), if the unit is known.
    pub owner: Option<Addr>,
    /// The dispenser that decommissioned the pack, if dispensed.
    pub dispensed_by: Option<Addr>,
    /// When it was dispensed.
    pub dispensed_at: Option<Timestamp>,
    /// The recall class, if its lot was recalled.
    pub recall_class: Option<RecallClass>,
    /// How many billing units the pack holds (its product's `pack_quantity`), if the unit is
    /// known and its product records one.
    #[serde(default)]
    pub pack_quantity: Option<u32>,
    /// For a dispensed pack: the end (exclusive) of the window in which its dispenser may still
    /// undo the dispense (`dispensed_at` + the undo window). From this instant on the dispense
    /// is final; a payer pays for the pack only then.
    #[serde(default)]
    pub undo_until: Option<Timestamp>,
}

/// Whether an address is a cold-chain logger.
#[cw_serde]
pub struct LoggerResponse {
    /// The address asked about.
    pub address: Addr,
    /// Whether it is registered and active (may report temperature excursions).
    pub active: bool,
}

/// A trading partner.
#[cw_serde]
pub struct PartyResponse {
    /// Its address.
    pub address: Addr,
    /// Its role.
    pub role: TradingPartnerRole,
    /// Its license id.
    pub license_id: String,
    /// When its license expires.
    pub license_expiry: Timestamp,
    /// Its standing.
    pub status: TradingPartnerStatus,
    /// The GS1 Company Prefixes it holds.
    pub company_prefixes: Vec<String>,
    /// Whether it may trade now (active and license not expired).
    pub licensed: bool,
    /// Who last registered or changed it (owner or regulator).
    pub updated_by: Addr,
    /// When.
    pub updated_at: Timestamp,
}

/// A page of trading partners.
#[cw_serde]
pub struct TradingPartnersResponse {
    /// The partners, by address.
    pub parties: Vec<PartyResponse>,
}

/// A product.
#[cw_serde]
pub struct ProductResponse {
    /// GTIN-14.
    pub gtin: String,
    /// NDC.
    pub ndc: String,
    /// The manufacturer (or repackager) that registered it and alone commissions its units.
    pub manufacturer: Addr,
    /// Its temperature profile, if any.
    pub temp_profile: Option<TempProfile>,
    /// How many billing units one pack holds (`None` for a product registered before the
    /// attribute existed).
    #[serde(default)]
    pub pack_quantity: Option<u32>,
    /// When it was registered.
    pub registered_at: Timestamp,
    /// When it was withdrawn from the market, if it was.
    pub withdrawn_at: Option<Timestamp>,
}

/// A recall of a lot.
// serde's own derive: the map-only `cw_serde_map` has no `alias`.
#[cosmwasm_schema::cw_serde]
#[derive(crate::ToJson)]
#[schemaifier(mute_warnings)] // cw-schema-derive does not know serde's `alias`
pub struct RecallInfo {
    /// The FDA class. (Stored lots written before the rename say `class`.)
    #[serde(alias = "class")]
    pub recall_class: RecallClass,
    /// Who recalled it (manufacturer or regulator).
    pub recalled_by: Addr,
    /// When.
    pub recalled_at: Timestamp,
    /// SHA-256 of the recall notice, if given.
    pub notice_hash: Option<Sha256Hash>,
}

crate::from_json_by_serde!(RecallInfo);

/// A commissioned lot.
#[cw_serde]
pub struct LotResponse {
    /// GTIN-14.
    pub gtin: String,
    /// The lot.
    pub lot: String,
    /// The expiry (`YYMMDD`).
    pub expiry: String,
    /// The instant the lot expires (the end of its expiry day, UTC).
    pub expires_at: Timestamp,
    /// The manufacturer that commissioned it.
    pub manufacturer: Addr,
    /// When it was first commissioned.
    pub commissioned_at: Timestamp,
    /// The Merkle root of its serials, for a Merkle lot.
    pub merkle_root: Option<Sha256Hash>,
    /// The number of serials committed: the tree's leaves (Merkle lot) or the serials
    /// commissioned so far (explicit lot).
    pub serial_count: u64,
    /// How many of its units are on the ledger (explicit ones, plus Merkle ones that moved).
    pub units_on_ledger: u64,
    /// The recall, if recalled.
    pub recall: Option<RecallInfo>,
    /// The open lot-level investigation quarantining every unit of the lot, if any.
    #[serde(default)]
    pub quarantine: Option<u64>,
    /// Whether the lot was determined illegitimate (every unit reads `destroyed`).
    #[serde(default)]
    pub illegitimate: bool,
}

/// A unit's stored state (before derived statuses such as recalled or expired).
#[cw_serde]
#[derive(Copy, Eq)]
pub enum UnitState {
    /// With its owner.
    Active,
    /// In a shipment not yet received.
    InTransit,
    /// Dispensed.
    Dispensed,
    /// Destroyed by its owner or declared illegitimate.
    Destroyed,
    /// Reported stolen by its owner.
    Stolen,
    /// Exported out of the market.
    Exported,
    /// Consumed by a repackaging.
    Repackaged,
}

/// A unit on the ledger.
#[cw_serde]
pub struct UnitResponse {
    /// GTIN-14.
    pub gtin: String,
    /// Serial.
    pub serial: String,
    /// Lot.
    pub lot: String,
    /// Expiry (`YYMMDD`).
    pub expiry: String,
    /// The status a verification would report now (see [`UnitStatus`] precedence).
    pub status: UnitStatus,
    /// The stored state.
    pub state: UnitState,
    /// The current owner.
    pub owner: Addr,
    /// The 3PL holding it for its owner, if any.
    pub custodian: Option<Addr>,
    /// Whether it was returned and awaits its owner's verification before it is sold again.
    pub awaiting_verification: bool,
    /// The shipment it is in, while in transit.
    pub shipment_id: Option<u64>,
    /// The case it is packed in, if any.
    pub sscc: Option<String>,
    /// The dispenser, if dispensed.
    pub dispensed_by: Option<Addr>,
    /// When it was dispensed.
    pub dispensed_at: Option<Timestamp>,
    /// The open investigation quarantining it (its own, or its lot's), if any.
    pub quarantine: Option<u64>,
    /// The open verification request on it, if any.
    #[serde(default)]
    pub verification_request: Option<u64>,
    /// The repackaging that consumed it, if any.
    #[serde(default)]
    pub repackaged_into: Option<u64>,
    /// The repackaging that commissioned it, if any.
    #[serde(default)]
    pub repackaged_from: Option<u64>,
    /// Alerts counted toward the automatic quarantine since it was last cleared (once per
    /// verification or dispense attempt, once per actor; every alert is in the history).
    pub alert_count: u32,
    /// Second-dispense attempts (NMVS_NC_PCK_22) recorded on the current dispense.
    pub dispense_alerts: u32,
    /// Cumulative temperature excursion, in seconds.
    pub excursion_secs: u64,
    /// The recall of its lot, if any.
    pub recall: Option<RecallInfo>,
    /// Number of events in its history.
    pub event_count: u64,
}

/// An EPCIS/CBV business step (or a ledger-specific step) recorded in a unit's history.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum BizStep {
    /// CBV commissioning (for a Merkle unit: its lot's commissioning, recorded when it first moves).
    Commissioning,
    /// CBV packing into a case.
    Packing,
    /// CBV unpacking from a case.
    Unpacking,
    /// CBV shipping.
    Shipping,
    /// The shipment was cancelled by the shipper.
    ShippingCancelled,
    /// CBV receiving.
    Receiving,
    /// CBV dispensing.
    Dispensing,
    /// FMD undo of a dispense.
    DispensingUndone,
    /// CBV destroying (by the owner, or an illegitimate determination).
    Destroying,
    /// CBV decommissioning: taken out of trade as stolen or exported.
    Decommissioning,
    /// CBV repackaging: consumed by a repackaging (see the unit's `repackaged_into`).
    Repackaging,
    /// An alert recorded on the unit (see the event's `alert`).
    Alert,
    /// A recorded verification without alert.
    Verifying,
    /// CBV holding: quarantined as suspect (see the event's `investigation_id`).
    Holding,
    /// Released from quarantine (cleared).
    Releasing,
    /// CBV sensor reporting: a temperature excursion.
    SensorReporting,
}

/// One event of a unit's history.
#[cw_serde]
pub struct UnitEvent {
    /// Position in the unit's history, from 0.
    pub seq: u64,
    /// What happened.
    pub biz_step: BizStep,
    /// When (block time).
    pub at: Timestamp,
    /// Who did it (the sender; the contract itself for automatic quarantines).
    pub actor: Addr,
    /// The other party: the recipient of a shipment, the shipper on receipt.
    pub counterparty: Option<Addr>,
    /// The shipment, for shipping/receiving events.
    pub shipment_id: Option<u64>,
    /// The case, for packing/unpacking or a move as part of a case.
    pub sscc: Option<String>,
    /// A document hash: TI for shipping, evidence, readings, notification.
    pub document: Option<Sha256Hash>,
    /// The alert recorded, for alert events.
    pub alert: Option<AlertCode>,
    /// The investigation, for holding/releasing/destroying-as-illegitimate events.
    pub investigation_id: Option<u64>,
    /// The excursion time added, for sensor events.
    pub excursion_secs: Option<u64>,
}

/// A page of a unit's history.
#[cw_serde]
pub struct HistoryResponse {
    /// GTIN-14.
    pub gtin: String,
    /// Serial.
    pub serial: String,
    /// The recall of its lot, if any (a lot-level event, not repeated in each unit's history).
    pub recall: Option<RecallInfo>,
    /// The events, oldest first.
    pub events: Vec<UnitEvent>,
}

/// Where one unit of a lot is.
#[cw_serde]
pub struct UnitHolder {
    /// Serial.
    pub serial: String,
    /// Its current owner.
    pub owner: Addr,
    /// The 3PL holding it for its owner, if any.
    pub custodian: Option<Addr>,
    /// Its status now (`recalled` for every unit of a recalled lot, dispensed or not).
    pub status: UnitStatus,
    /// Its stored state: `dispensed` tells a pack already with a patient (reach it through its
    /// dispenser, the `owner`) from shelf stock (`active`, `in_transit`).
    pub state: UnitState,
    /// When it was dispensed, if it was.
    pub dispensed_at: Option<Timestamp>,
    /// The case it is in, if any.
    pub sscc: Option<String>,
}

/// A page of a lot's unit holders.
#[cw_serde]
pub struct RecallHoldersResponse {
    /// GTIN-14.
    pub gtin: String,
    /// The lot.
    pub lot: String,
    /// The recall, if the lot is recalled.
    pub recall: Option<RecallInfo>,
    /// Units on the ledger, by serial.
    pub holders: Vec<UnitHolder>,
    /// For a Merkle lot: the manufacturer, who still holds every unit not on the ledger.
    pub unmoved_holder: Option<Addr>,
    /// For a Merkle lot: how many of its units never moved (still with the manufacturer).
    pub unmoved_count: u64,
}

/// Whether a case is with its owner or on its way.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum CaseState {
    /// With its owner.
    Active,
    /// In a shipment not yet received.
    InTransit,
    /// Unpacked; the SSCC is spent.
    Unpacked,
}

/// A container (SSCC): a case of units or a pallet of cases. Owner, custodian, state and
/// shipment are those of its outermost container while it is sealed in a pallet.
#[cw_serde]
pub struct CaseResponse {
    /// The SSCC.
    pub sscc: String,
    /// Its owner.
    pub owner: Addr,
    /// Its state.
    pub state: CaseState,
    /// The shipment it is in, while in transit.
    pub shipment_id: Option<u64>,
    /// Number of units in it, those of the cases in it included.
    pub unit_count: u32,
    /// Who packed it.
    pub packed_by: Addr,
    /// When.
    pub packed_at: Timestamp,
    /// The 3PL holding it for its owner, if any.
    #[serde(default)]
    pub custodian: Option<Addr>,
    /// Returned goods not yet verified by their owner: not sold until unpacked and verified.
    #[serde(default)]
    pub awaiting_verification: bool,
    /// The pallet it is sealed in, if any.
    #[serde(default)]
    pub pallet: Option<String>,
    /// 1 for a case of units, 2 for a pallet holding cases.
    #[serde(default)]
    pub level: u8,
    /// Units inside quarantined or destroyed while sealed (it does not move while any is).
    #[serde(default)]
    pub held_units: u32,
    /// Its movement events so far (at most 24: then it is unpacked and packed again).
    #[serde(default)]
    pub event_count: u64,
}

/// A unit's identity.
#[cw_serde_strict]
pub struct UnitKey {
    /// GTIN-14.
    pub gtin: String,
    /// Serial.
    pub serial: String,
}

/// A page of a container's units.
#[cw_serde]
pub struct CaseUnitsResponse {
    /// The units packed directly in it, by (GTIN, serial).
    pub units: Vec<UnitKey>,
    /// For a pallet: the cases sealed in it (all of them, at most 100, on the first page only).
    #[serde(default)]
    pub cases: Vec<String>,
}

/// What a shipment does, decided from the parties' roles when it is shipped.
#[cw_serde]
#[derive(Copy, Eq, Default)]
pub enum ShipmentKind {
    /// A sale down or across the chain: the recipient becomes the owner.
    #[default]
    Sale,
    /// A return up the chain (or to a reverse distributor): the recipient becomes the owner and
    /// must verify each unit before selling it again. The only move recalled, withdrawn or
    /// expired stock may make.
    Return,
    /// Goods handed to a 3PL: it becomes their custodian; the owner stays.
    Custody,
}

/// Whether a shipment has arrived.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum ShipmentState {
    /// In transit.
    Pending,
    /// Received by the recipient.
    Received,
    /// Cancelled by the shipper.
    Cancelled,
}

/// A shipment (a DSCSA transaction).
#[cw_serde]
pub struct ShipmentResponse {
    /// Its id.
    pub id: u64,
    /// The shipper (seller).
    pub from: Addr,
    /// The recipient (buyer).
    pub to: Addr,
    /// A sale, a return or a custody move.
    pub kind: ShipmentKind,
    /// Loose units in it.
    pub units: Vec<UnitKey>,
    /// Containers (cases and pallets) in it.
    pub cases: Vec<String>,
    /// Total units, counting the contents of the cases.
    pub unit_count: u32,
    /// SHA-256 of the transaction information.
    pub ti_hash: Sha256Hash,
    /// SHA-256 of the transaction statement.
    pub ts_hash: Sha256Hash,
    /// Its state.
    pub state: ShipmentState,
    /// When it was shipped.
    pub shipped_at: Timestamp,
    /// When it was received or cancelled.
    pub closed_at: Option<Timestamp>,
}

/// A repackaging (P16) and one page of its inputs or outputs.
#[cw_serde]
pub struct RepackagingResponse {
    /// Its id.
    pub id: u64,
    /// The repackager.
    pub repackager: Addr,
    /// When.
    pub repackaged_at: Timestamp,
    /// The output product's GTIN-14.
    pub gtin: String,
    /// The output lot.
    pub lot: String,
    /// How many packs it consumed.
    pub input_count: u32,
    /// How many packs it commissioned.
    pub output_count: u32,
    /// The page of packs asked for (inputs or outputs), by (GTIN, serial).
    pub units: Vec<UnitKey>,
}

/// Where an investigation stands.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum InvestigationState {
    /// The unit is quarantined, awaiting determination by `due_at`.
    Open,
    /// Determined legitimate; the unit was released.
    Cleared,
    /// Determined illegitimate; notification due by `notification_due_at`.
    Illegitimate,
}

/// A suspect-product investigation.
#[cw_serde]
pub struct InvestigationResponse {
    /// Its id.
    pub id: u64,
    /// The unit's GTIN.
    pub gtin: String,
    /// The unit's serial (empty for a lot-level investigation).
    pub serial: String,
    /// For a lot-level investigation: the lot, every unit of which it quarantines.
    #[serde(default)]
    pub lot: Option<String>,
    /// For a verification request to the manufacturer: why it was asked (the unit is not
    /// quarantined; `cleared` = verified, `illegitimate` = not verified).
    #[serde(default)]
    pub verification: Option<VerificationReason>,
    /// Why the unit was flagged.
    pub reason: SuspectReason,
    /// Who flagged it (the contract itself for automatic quarantines).
    pub opened_by: Addr,
    /// When.
    pub opened_at: Timestamp,
    /// When the determination is due.
    pub due_at: Timestamp,
    /// SHA-256 of the evidence, if given.
    pub evidence_hash: Option<Sha256Hash>,
    /// Its state.
    pub state: InvestigationState,
    /// Who determined it.
    pub resolved_by: Option<Addr>,
    /// When.
    pub resolved_at: Option<Timestamp>,
    /// SHA-256 of the determination record, if given.
    pub determination_hash: Option<Sha256Hash>,
    /// When the notification of an illegitimate unit is due.
    pub notification_due_at: Option<Timestamp>,
    /// When the notification was recorded.
    pub notified_at: Option<Timestamp>,
    /// SHA-256 of the notification.
    pub notification_hash: Option<Sha256Hash>,
}

/// A position in the overdue list.
#[cw_serde_strict]
pub struct DueCursor {
    /// The clock's due time.
    pub due_at: Timestamp,
    /// The investigation's id.
    pub investigation_id: u64,
}

/// Which legal clock ran out.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum OverdueKind {
    /// The determination of a suspect unit or lot is late.
    Determination,
    /// The manufacturer's answer to a verification request is late.
    Verification,
    /// The notification of an illegitimate unit is late.
    Notification,
}

/// An investigation past its due time.
#[cw_serde]
pub struct OverdueInvestigation {
    /// The clock that ran out.
    pub kind: OverdueKind,
    /// When it was due.
    pub due_at: Timestamp,
    /// The investigation.
    pub investigation: InvestigationResponse,
}

/// A page of late investigations.
#[cw_serde]
pub struct OverdueInvestigationsResponse {
    /// Late investigations, oldest due first.
    pub items: Vec<OverdueInvestigation>,
}

/// A registered prescriber.
#[cw_serde]
pub struct PrescriberResponse {
    /// The prescriber's address.
    pub address: Addr,
    /// Its prescribing credential (opaque token).
    pub license_id: String,
    /// When the credential expires.
    pub license_expiry: Timestamp,
    /// Whether it is active.
    pub active: bool,
    /// True when active and unexpired at this block (it may anchor).
    pub may_prescribe: bool,
}

/// An anchored e-prescription.
#[cw_serde]
pub struct PrescriptionResponse {
    /// The prescription's id.
    pub id: u64,
    /// SHA-256 of the e-prescription.
    pub erx_hash: Sha256Hash,
    /// The prescriber.
    pub prescriber: Addr,
    /// The ehr-registry visit it was written in.
    pub visit_id: Option<u64>,
    /// Fills allowed.
    pub fills_written: u8,
    /// Fills used (a dispense undone gives its fill back).
    pub fills_used: u8,
    /// When it expires.
    pub expires_at: Timestamp,
    /// When it was anchored.
    pub anchored_at: Timestamp,
    /// True when a fill is left and it is not expired at this block.
    pub fillable: bool,
}

/// A dispense made against a prescription.
#[cw_serde]
pub struct PrescriptionFillResponse {
    /// The prescription.
    pub prescription_id: u64,
    /// The fill's number (1 = the first fill).
    pub fill_number: u8,
    /// Fills the prescription allows.
    pub fills_written: u8,
    /// The dispensing pharmacy.
    pub dispenser: Addr,
    /// When it was filled (before the prescription's expiry, with a fill left: always).
    pub filled_at: Timestamp,
    /// When the prescription expires.
    pub prescription_expires_at: Timestamp,
    /// The prescriber.
    pub prescriber: Addr,
    /// The visit the prescription was written in.
    pub visit_id: Option<u64>,
}
