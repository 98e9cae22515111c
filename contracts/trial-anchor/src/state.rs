//! Storage layout. Ownership lives under `"ownership"` (cw-health-types), the cw2 record under
//! `"contract_info"`. Every child record is keyed by its trial id first, so lists are prefix
//! range scans; nothing is ever deleted except entries of the derived deadline index.

use cosmwasm_std::{Addr, StdResult, Storage, Timestamp};
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

/// Counters that frequent messages bump (enroll, anchor_batch, report_adverse_event, unblindings
/// and reveals, oversight records), each in its own small entry: (trial, counter code) -> value.
/// Bumping one writes a few bytes instead of rewriting the ~1 KB trial record (about 30,000 SDK
/// gas). The trial record keeps these fields only as they were before this layout: while a
/// trial's entry is absent its record's value is the count (see `hot_count`); once written, the
/// entry is.
pub const HOT_COUNTERS: Map<(u64, u8), u64> = Map::new("hot_counters");

/// A counter kept in `HOT_COUNTERS`. A randomized trial's used allocation slots are its
/// enrollments (enrollment `n` takes slot `n`), so they are not counted twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HotCounter {
    /// `counts.enrolled` (and `randomization.used`).
    Enrolled,
    /// `counts.batches`.
    Batches,
    /// `counts.adverse_events`.
    AdverseEvents,
    /// `counts.unblindings`.
    Unblindings,
    /// `counts.oversight`.
    Oversight,
}

impl HotCounter {
    /// Every hot counter.
    pub const ALL: [HotCounter; 5] = [
        HotCounter::Enrolled,
        HotCounter::Batches,
        HotCounter::AdverseEvents,
        HotCounter::Unblindings,
        HotCounter::Oversight,
    ];

    /// Its key in `HOT_COUNTERS`.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The field of the trial record it replaces.
    fn field(self, trial: &mut Trial) -> &mut u64 {
        match self {
            HotCounter::Enrolled => &mut trial.counts.enrolled,
            HotCounter::Batches => &mut trial.counts.batches,
            HotCounter::AdverseEvents => &mut trial.counts.adverse_events,
            HotCounter::Unblindings => &mut trial.counts.unblindings,
            HotCounter::Oversight => &mut trial.counts.oversight,
        }
    }
}

/// The current value of a hot counter of `trial` (loaded from `TRIALS`).
pub fn hot_count(storage: &dyn Storage, trial: &Trial, c: HotCounter) -> StdResult<u64> {
    match HOT_COUNTERS.may_load(storage, (trial.id, c.code()))? {
        Some(n) => Ok(n),
        None => Ok(match c {
            HotCounter::Enrolled => trial.counts.enrolled,
            HotCounter::Batches => trial.counts.batches,
            HotCounter::AdverseEvents => trial.counts.adverse_events,
            HotCounter::Unblindings => trial.counts.unblindings,
            HotCounter::Oversight => trial.counts.oversight,
        }),
    }
}

/// Sets a hot counter (the trial record is not written).
pub fn set_hot_count(
    storage: &mut dyn Storage,
    trial_id: u64,
    c: HotCounter,
    n: u64,
) -> StdResult<()> {
    HOT_COUNTERS.save(storage, (trial_id, c.code()), &n)
}

/// The trial as queries show it: its record with the hot counters filled in (bounded: one entry
/// per counter).
pub fn with_hot_counts(storage: &dyn Storage, mut trial: Trial) -> StdResult<Trial> {
    for c in HotCounter::ALL {
        if let Some(n) = HOT_COUNTERS.may_load(storage, (trial.id, c.code()))? {
            *c.field(&mut trial) = n;
        }
    }
    let enrolled = trial.counts.enrolled;
    if let Some(r) = trial.randomization.as_mut() {
        r.used = enrolled;
    }
    Ok(trial)
}
