use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Timestamp};

use crate::merkle::MerkleProof;
use crate::ownership::{Ownership, OwnershipAction};

/// Instantiates the ledger.
#[cw_serde]
pub struct InstantiateMsg {
    /// The contract owner (registers trading partners, appoints regulators); defaults to the sender.
    pub owner: Option<String>,
}

/// Executes a change in the ledger.
#[cw_serde]
pub enum ExecuteMsg {
    /// Proposes, accepts or cancels a transfer of contract ownership (two-step).
    UpdateOwnership(OwnershipAction),
}

/// Queries of the ledger.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The ledger's configuration.
    #[returns(ConfigResponse)]
    Config {},
    /// The contract's owner and any pending ownership transfer.
    #[returns(Ownership)]
    Ownership {},
    /// Verifies a pack the FMD way: its status and alert codes for any mismatch. Anyone may ask.
    #[returns(VerifyUnitResponse)]
    VerifyUnit(VerifyUnitRequest),
}

/// Migrates the contract to a newer version of itself.
#[cw_serde]
pub struct MigrateMsg {}

/// The ledger's configuration.
#[cw_serde]
pub struct ConfigResponse {
    /// The contract owner.
    pub owner: Addr,
}

/// The data matrix of a pack, as scanned: GS1 AI (01) GTIN, (21) serial, (10) lot, (17) expiry.
#[cw_serde]
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
    /// Past its expiry.
    Expired,
    /// Frozen as suspect (investigation, cold-chain breach, repeated alerts).
    Quarantined,
    /// Declared illegitimate or destroyed.
    Destroyed,
    /// Not known to the ledger.
    Unknown,
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
    /// NMVS_NC_PCK_22: the pack is already inactive (dispensed): a second dispense.
    #[serde(rename = "NMVS_NC_PCK_22")]
    AlreadyDispensed,
}

/// FDA recall classification.
#[cw_serde]
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

/// The answer to a [`VerifyUnitRequest`].
#[cw_serde]
pub struct VerifyUnitResponse {
    /// The GTIN asked about.
    pub gtin: String,
    /// The serial asked about.
    pub serial: String,
    /// The pack's status.
    pub status: UnitStatus,
    /// Alerts raised by this verification (empty when everything matches).
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
}
