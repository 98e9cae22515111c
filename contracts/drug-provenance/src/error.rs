use cosmwasm_std::StdError;
use cw_health_types::merkle::MerkleError;
use cw_health_types::migration::MigrationError;
use cw_health_types::ownership::OwnershipError;
use cw_health_types::payment::PaymentError;
use cw_health_types::ValidationError;
use thiserror::Error;

/// Every way a message to this contract can fail. A failed message changes nothing.
#[derive(Error, Debug)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Ownership(#[from] OwnershipError),

    #[error("{0}")]
    Migration(#[from] MigrationError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

    #[error("invalid input: {0}")]
    Validation(#[from] ValidationError),

    #[error("invalid Merkle proof: {0}")]
    InvalidProof(#[from] MerkleError),

    #[error("caller is neither the owner nor the regulator")]
    NotOwnerOrRegulator,

    #[error("caller is neither the product's manufacturer nor the regulator")]
    NotManufacturerOrRegulator,

    #[error("{party} is not a licensed trading partner (unregistered, suspended, revoked or license expired)")]
    Unlicensed { party: String },

    #[error("{party} has role {role}, which may not {action}")]
    WrongRole {
        party: String,
        role: String,
        action: String,
    },

    #[error("{party} is not a registered trading partner")]
    UnknownParty { party: String },

    #[error("caller is not a registered cold-chain logger")]
    NotLogger,

    #[error("{field} is out of range: {reason}")]
    OutOfRange { field: String, reason: String },

    #[error("product {gtin} is already registered")]
    ProductExists { gtin: String },

    #[error("caller does not hold the GS1 company prefix of {id}")]
    NotPrefixHolder { id: String },

    #[error("company prefix {prefix} overlaps company prefix {other} (a prefix has one holder and none extends another)")]
    PrefixOverlap { prefix: String, other: String },

    #[error("NDC {ndc} already names product {gtin}")]
    NdcTaken { ndc: String, gtin: String },

    #[error("product {gtin} is withdrawn")]
    ProductWithdrawn { gtin: String },

    #[error("product {gtin} has commissioned lots; transfer it to its rightful owner instead")]
    ProductHasLots { gtin: String },

    #[error("product {gtin} has Merkle lots; its serials are no longer commissioned explicitly")]
    MerkleProduct { gtin: String },

    #[error("product {gtin} is not registered")]
    UnknownProduct { gtin: String },

    #[error("caller is not the manufacturer of product {gtin}")]
    NotProductManufacturer { gtin: String },

    #[error("lot {lot} of {gtin} is expired")]
    ExpiredProduct { gtin: String, lot: String },

    #[error("lot {lot} of {gtin} was commissioned with expiry {commissioned}, not {given}")]
    LotExpiryMismatch {
        gtin: String,
        lot: String,
        commissioned: String,
        given: String,
    },

    #[error("lot {lot} of {gtin} was committed as a Merkle root; it takes no more serials")]
    MerkleLotClosed { gtin: String, lot: String },

    #[error("lot {lot} of {gtin} is not a Merkle lot")]
    NotMerkleLot { gtin: String, lot: String },

    #[error("lot {lot} of {gtin} is not commissioned")]
    UnknownLot { gtin: String, lot: String },

    #[error("serial {serial} of {gtin} is already commissioned")]
    SerialExists { gtin: String, serial: String },

    #[error("unit {gtin}/{serial} is not on the ledger (a unit of a Merkle lot needs its lot and proof)")]
    UnknownSerial { gtin: String, serial: String },

    #[error("unit {gtin}/{serial} belongs to lot {actual}, not {given}")]
    LotMismatch {
        gtin: String,
        serial: String,
        actual: String,
        given: String,
    },

    #[error("caller has no standing to flag unit {gtin}/{serial} (not its owner or custodian, a past holder, its manufacturer or the regulator)")]
    NoStanding { gtin: String, serial: String },

    #[error("caller does not own unit {gtin}/{serial}")]
    NotUnitOwner { gtin: String, serial: String },

    #[error("unit {gtin}/{serial} is {state}")]
    UnitNotActive {
        gtin: String,
        serial: String,
        state: String,
    },

    #[error("unit {gtin}/{serial} was returned and awaits its new owner's verification")]
    ReturnNotVerified { gtin: String, serial: String },

    #[error("a reverse distributor ships only back to a manufacturer or repackager")]
    ReverseDistributorResale,

    #[error("unit {gtin}/{serial} is recalled")]
    UnitRecalled { gtin: String, serial: String },

    #[error("unit {gtin}/{serial} is expired")]
    UnitExpired { gtin: String, serial: String },

    #[error("unit {gtin}/{serial} is quarantined (investigation {investigation_id})")]
    UnitQuarantined {
        gtin: String,
        serial: String,
        investigation_id: u64,
    },

    #[error("unit {gtin}/{serial} is packed in case {sscc}; ship or unpack the case")]
    UnitInCase {
        gtin: String,
        serial: String,
        sscc: String,
    },

    #[error("a shipment goes to its sender only to bring back goods a 3PL holds for it")]
    ShipToSelf,

    #[error("a shipment needs at least one unit or case")]
    EmptyShipment,

    #[error(
        "a message may move at most {max} units, counting case contents; this one moves {count}"
    )]
    TooManyUnits { count: u64, max: u64 },

    #[error("shipment {id} not found")]
    UnknownShipment { id: u64 },

    #[error("shipment {id} is already received or cancelled")]
    ShipmentClosed { id: u64 },

    #[error("caller is not the recipient of shipment {id}")]
    NotRecipient { id: u64 },

    #[error("caller is not the shipper of shipment {id}")]
    NotShipper { id: u64 },

    #[error("case {sscc} already exists (an SSCC is never reused)")]
    CaseExists { sscc: String },

    #[error("case {sscc} not found")]
    UnknownCase { sscc: String },

    #[error("caller does not own case {sscc}")]
    NotCaseOwner { sscc: String },

    #[error("case {sscc} is {state}")]
    CaseNotActive { sscc: String, state: String },

    #[error("case {sscc} is sealed in pallet {pallet}; move or unpack the pallet")]
    CaseInPallet { sscc: String, pallet: String },

    #[error("case {sscc} cannot go into a container: containers nest at most {max} deep (a pallet of cases of units)")]
    NestingTooDeep { sscc: String, max: u8 },

    #[error("case {sscc} cannot move: {reason}")]
    CaseBlocked { sscc: String, reason: String },

    #[error("container {sscc} would hold more than {max} distinct lots")]
    TooManyLots { sscc: String, max: usize },

    #[error(
        "container {sscc} would mix goods of different custodians; pack what one custodian holds"
    )]
    MixedCustody { sscc: String },

    #[error("case {sscc} has moved {max} times; unpack it and pack a new case")]
    CaseHistoryFull { sscc: String, max: u64 },

    #[error("unit {gtin}/{serial} was not dispensed")]
    NotDispensed { gtin: String, serial: String },

    #[error("only the dispenser that dispensed {gtin}/{serial} may undo it")]
    NotDispenser { gtin: String, serial: String },

    #[error("unit {gtin}/{serial} has an unresolved clone alert (NMVS_NC_PCK_22); it cannot be undone until cleared")]
    CloneAlertOpen { gtin: String, serial: String },

    #[error("the undo window of {gtin}/{serial} closed at {closed_at}")]
    UndoWindowClosed {
        gtin: String,
        serial: String,
        closed_at: u64,
    },

    #[error("investigation {id} not found")]
    UnknownInvestigation { id: u64 },

    #[error("investigation {id} is {state}")]
    InvestigationNotOpen { id: u64, state: String },

    #[error("investigation {id} is not awaiting a notification")]
    NoNotificationDue { id: u64 },

    #[error("lot {lot} of {gtin} is already recalled as class {class} (a recall is irreversible and only escalated)")]
    RecallNotEscalated {
        gtin: String,
        lot: String,
        class: String,
    },

    #[error("lot {lot} of {gtin} is {state}")]
    LotBlocked {
        gtin: String,
        lot: String,
        state: String,
    },

    #[error("unit {gtin}/{serial} already has an open verification request ({id})")]
    VerificationPending {
        gtin: String,
        serial: String,
        id: u64,
    },

    #[error("repackaging {id} not found")]
    UnknownRepackaging { id: u64 },

    #[error("lot {lot} of {gtin} is already recalled (recalls are irreversible)")]
    AlreadyRecalled { gtin: String, lot: String },

    #[error("product {gtin} has no temperature profile")]
    NoTempProfile { gtin: String },

    #[error("the readings stay within the product's temperature range: not an excursion")]
    NotAnExcursion,

    #[error("readings {readings_hash} were already counted for unit {gtin}/{serial}")]
    DuplicateExcursion {
        gtin: String,
        serial: String,
        readings_hash: String,
    },

    #[error("{address} is not an active registered prescriber")]
    NotPrescriber { address: String },

    #[error("prescription {prescription_id} not found")]
    PrescriptionNotFound { prescription_id: u64 },

    #[error("e-prescription {erx_hash} is already anchored as prescription {prescription_id}")]
    PrescriptionAlreadyAnchored {
        erx_hash: String,
        prescription_id: u64,
    },

    #[error("prescription {prescription_id} expired at {expires_at}")]
    PrescriptionExpired {
        prescription_id: u64,
        expires_at: cosmwasm_std::Timestamp,
    },

    #[error("prescription {prescription_id} has no fill left ({fills_written} written)")]
    PrescriptionUsed {
        prescription_id: u64,
        fills_written: u8,
    },

    #[error("invalid prescription: {reason}")]
    InvalidPrescription { reason: &'static str },

    #[error("no ehr-registry is configured: a prescription naming a visit cannot be checked")]
    EhrRegistryNotConfigured,

    #[error("prescription refused: visit {visit_id} {reason}")]
    PrescriptionVisit { visit_id: u64, reason: String },
}
