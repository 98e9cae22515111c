//! Storage layout. Ownership lives under `"ownership"` (cw-health-types), the cw2 record under
//! `"contract_info"`. Every child record is keyed by its trial id first, so lists are prefix
//! range scans; nothing is ever deleted except entries of the derived deadline index.

use cosmwasm_std::{Addr, Timestamp};
use cw_health_types::trial_anchor::{
    AddressSet, AdverseEvent, Amendment, Batch, Consent, Outcome, OversightRecord, Participant,
    Results, RoleGrant, StatusChange, Supersession, Trial, TrialDocument, Unblinding,
};
use cw_storage_plus::{Item, Map};

/// The trusted ehr-registry every trial's consent proof is checked against (set by the owner).
pub const EHR_REGISTRY: Item<Addr> = Item::new("ehr_registry");
/// Regulators (may freeze trials and grant extensions), with the time they were appointed.
pub const REGULATORS: Map<&Addr, Timestamp> = Map::new("regulators");
/// Accredited ethics committees (kept by the owner or a regulator), with the accreditation time.
pub const ETHICS_COMMITTEES: Map<&Addr, Timestamp> = Map::new("ethics_committees");
/// The storage of an owner-kept address set.
pub fn address_set_map<'a>(set: AddressSet) -> Map<&'a Addr, Timestamp> {
    match set {
        AddressSet::Regulators => REGULATORS,
        AddressSet::EthicsCommittees => ETHICS_COMMITTEES,
    }
}
/// The last trial id given.
pub const TRIAL_SEQ: Item<u64> = Item::new("trial_seq");
/// Trials by id.
pub const TRIALS: Map<u64, Trial> = Map::new("trials");
/// Trial id by public registry id, for ids a regulator confirmed (unique).
pub const TRIAL_BY_REGISTRY_ID: Map<&str, u64> = Map::new("trial_by_registry_id");
/// TrialDocument versions: (trial, kind code, version).
pub const DOCUMENTS: Map<(u64, u8, u32), TrialDocument> = Map::new("documents");
/// Outcome revisions: (trial, key). Never edited.
pub const OUTCOMES: Map<(u64, u32), Outcome> = Map::new("outcomes");
/// Supersession records: (trial, superseded key).
pub const SUPERSESSIONS: Map<(u64, u32), Supersession> = Map::new("supersessions");
/// The current (not superseded) revision per outcome code: (trial, code) -> key.
pub const CURRENT_OUTCOME: Map<(u64, &str), u32> = Map::new("current_outcome");
/// Amendments: (trial, id).
pub const AMENDMENTS: Map<(u64, u32), Amendment> = Map::new("amendments");
/// Roles: (trial, address).
pub const ROLES: Map<(u64, &Addr), RoleGrant> = Map::new("roles");
/// Participants: (trial, pseudonym hex).
pub const PARTICIPANTS: Map<(u64, &str), Participant> = Map::new("participants");
/// Consents: (trial, pseudonym hex, sequence number).
pub const CONSENTS: Map<(u64, &str, u32), Consent> = Map::new("consents");
/// One patient, one pseudonym per trial: (trial, salted patient commitment hex) -> pseudonym hex.
pub const PATIENT_PSEUDONYMS: Map<(u64, &str), String> = Map::new("patient_pseudonyms");
/// Used randomization slots: (trial, slot) -> pseudonym hex.
pub const ALLOCATION_SLOTS: Map<(u64, u64), String> = Map::new("allocation_slots");
/// Data batches: (trial, id).
pub const BATCHES: Map<(u64, u64), Batch> = Map::new("batches");
/// Status and freeze changes: (trial, id).
pub const STATUS_HISTORY: Map<(u64, u64), StatusChange> = Map::new("status_history");
/// Unblinding log: (trial, id).
pub const UNBLINDINGS: Map<(u64, u64), Unblinding> = Map::new("unblindings");
/// Adverse events: (trial, id).
pub const ADVERSE_EVENTS: Map<(u64, u64), AdverseEvent> = Map::new("adverse_events");
/// Oversight records: (trial, id).
pub const OVERSIGHT: Map<(u64, u64), OversightRecord> = Map::new("oversight");
/// Posted results by trial.
pub const RESULTS: Map<u64, Results> = Map::new("results");
/// Open deadlines, indexed by due time: (due seconds, trial, slot). Slot 0 is registration,
/// slot 1 results, slot `1 + n` the expedited safety report of adverse event `n`. An entry is
/// removed when its obligation is met, so the overdue query is a bounded range scan.
pub const DEADLINES: Map<(u64, u64, u64), ()> = Map::new("deadlines");

/// Deadline slot of the registration clock.
pub const SLOT_REGISTRATION: u64 = 0;
/// Deadline slot of the results clock.
pub const SLOT_RESULTS: u64 = 1;
