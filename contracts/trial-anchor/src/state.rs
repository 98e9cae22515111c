//! Storage layout. Ownership lives under `"ownership"` (cw-health-types), the cw2 record under
//! `"contract_info"`. Every child record is keyed by its trial id first, so lists are prefix
//! range scans; nothing is ever deleted except entries of the derived deadline index.

use cosmwasm_schema::serde::Serialize;
use cosmwasm_std::{Addr, Order, StdResult, Storage, Timestamp};
use cw_health_types::trial_anchor::{
    AddressSet, AdverseEvent, Amendment, Batch, Consent, Freeze, Outcome, OversightRecord,
    Participant, Results, RoleGrant, StatusChange, StopReason, Supersession, Trial, TrialDocument,
    TrialStatus, Unblinding, Withdrawal,
};
use cw_health_types::{MapDeserialize, Sha256Hash};
use cw_storage_plus::{Bound, Item, Map};

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
/// Trials by id, without their hot fields (see `TRIAL_STATE`): read and written only through
/// `load_trial`, `trial_page`, `save_trial` and `save_trial_state`.
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

/// The hot fields of a trial (issue 20: a status change, a freeze, the first consent and the
/// first enrollment write this small entry instead of rewriting the ~1 KB trial record).
/// `TRIALS` holds the record with these fields at their initial values (never read: see
/// `load_trial`); this entry holds them, and `load_trial` assembles the trial from both.
pub const TRIAL_STATE: Map<u64, TrialState> = Map::new("trial_state");

/// A trial's hot fields as stored: one-letter names, absent values left out.
#[derive(Serialize, MapDeserialize)]
#[serde(deny_unknown_fields, crate = "cosmwasm_schema::serde")]
pub struct TrialState {
    /// `status`.
    #[serde(rename = "s")]
    status: TrialStatus,
    /// `why_stopped`.
    #[serde(rename = "w", default, skip_serializing_if = "Option::is_none")]
    why_stopped: Option<StopReason>,
    /// `status_document`.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    status_document: Option<Sha256Hash>,
    /// `counts.status_changes`.
    #[serde(rename = "n", default, skip_serializing_if = "is_zero64")]
    status_changes: u64,
    /// `first_consent_at`.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    first_consent_at: Option<Timestamp>,
    /// `started_at`.
    #[serde(rename = "a", default, skip_serializing_if = "Option::is_none")]
    started_at: Option<Timestamp>,
    /// `frozen`.
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    frozen: Option<Freeze>,
}

fn is_zero64(n: &u64) -> bool {
    *n == 0
}

impl TrialState {
    /// Takes the hot fields out of `t`, leaving their initial values.
    fn take(t: &mut Trial) -> TrialState {
        TrialState {
            status: std::mem::replace(&mut t.status, TrialStatus::NotYetRecruiting),
            why_stopped: t.why_stopped.take(),
            status_document: t.status_document.take(),
            status_changes: std::mem::take(&mut t.counts.status_changes),
            first_consent_at: t.first_consent_at.take(),
            started_at: t.started_at.take(),
            frozen: t.frozen.take(),
        }
    }

    /// Puts the hot fields into `t`.
    fn put(self, t: &mut Trial) {
        t.status = self.status;
        t.why_stopped = self.why_stopped;
        t.status_document = self.status_document;
        t.counts.status_changes = self.status_changes;
        t.first_consent_at = self.first_consent_at;
        t.started_at = self.started_at;
        t.frozen = self.frozen;
    }
}

/// A trial as stored in `TRIALS`, with its hot fields from `TRIAL_STATE` (a trial stored before
/// that entry existed keeps its record's).
fn assemble(storage: &dyn Storage, mut trial: Trial) -> StdResult<Trial> {
    if let Some(state) = TRIAL_STATE.may_load(storage, trial.id)? {
        state.put(&mut trial);
    }
    Ok(trial)
}

/// A trial, if it exists. The only way trials are read.
pub fn load_trial(storage: &dyn Storage, trial_id: u64) -> StdResult<Option<Trial>> {
    TRIALS
        .may_load(storage, trial_id)?
        .map(|t| assemble(storage, t))
        .transpose()
}

/// A page of trials from `start_after`.
pub fn trial_page(
    storage: &dyn Storage,
    start_after: Option<u64>,
    limit: usize,
) -> StdResult<Vec<Trial>> {
    TRIALS
        .range(
            storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(limit)
        .map(|r| r.and_then(|(_, t)| assemble(storage, t)))
        .collect()
}

/// Writes the trial record, without its hot fields (see `save_trial_state` for them).
pub fn save_trial(storage: &mut dyn Storage, trial: &mut Trial) -> StdResult<()> {
    let state = TrialState::take(trial);
    let saved = TRIALS.save(storage, trial.id, trial);
    state.put(trial);
    saved
}

/// Writes the trial's hot fields (status, why stopped and its document, the status-change
/// count, the first consent and start times, the freeze); the record is not written.
pub fn save_trial_state(storage: &mut dyn Storage, trial: &mut Trial) -> StdResult<()> {
    let state = TrialState::take(trial);
    let saved = TRIAL_STATE.save(storage, trial.id, &state);
    state.put(trial);
    saved
}

/// A participant as stored (keyed by trial and pseudonym, which it does not repeat):
/// one-letter names, absent values left out. Answers are the API's [`Participant`].
#[derive(Serialize, MapDeserialize)]
#[serde(deny_unknown_fields, crate = "cosmwasm_schema::serde")]
pub struct StoredParticipant {
    #[serde(rename = "s")]
    site_code: String,
    #[serde(rename = "v")]
    latest_consent_version: u32,
    #[serde(rename = "f")]
    latest_consent_form_version: u32,
    #[serde(rename = "n")]
    consent_count: u32,
    #[serde(rename = "c")]
    first_consented_at: Timestamp,
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    enrolled_at: Option<Timestamp>,
    #[serde(rename = "a", default, skip_serializing_if = "Option::is_none")]
    allocation_slot: Option<u64>,
    #[serde(rename = "r", default, skip_serializing_if = "Option::is_none")]
    revealed_arm: Option<String>,
    #[serde(rename = "i", default, skip_serializing_if = "is_zero32")]
    visits: u32,
    #[serde(rename = "w", default, skip_serializing_if = "Option::is_none")]
    withdrawal: Option<Withdrawal>,
    #[serde(rename = "g", default, skip_serializing_if = "Option::is_none")]
    ehr_grant_id: Option<u64>,
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    patient_commitment: Option<Sha256Hash>,
}

fn is_zero32(n: &u32) -> bool {
    *n == 0
}

/// Participants: (trial, pseudonym hex). Read and written through `load_participant` and
/// `save_participant`.
pub const PARTICIPANTS: Map<(u64, &str), StoredParticipant> = Map::new("participants");

/// A participant of a trial, if known (the pseudonym must already be validated).
pub fn may_load_participant(
    storage: &dyn Storage,
    trial_id: u64,
    pseudonym: &Sha256Hash,
) -> StdResult<Option<Participant>> {
    Ok(PARTICIPANTS
        .may_load(storage, (trial_id, pseudonym.as_str()))?
        .map(|s| Participant {
            pseudonym: pseudonym.clone(),
            site_code: s.site_code,
            latest_consent_version: s.latest_consent_version,
            latest_consent_form_version: s.latest_consent_form_version,
            consent_count: s.consent_count,
            first_consented_at: s.first_consented_at,
            enrolled_at: s.enrolled_at,
            allocation_slot: s.allocation_slot,
            revealed_arm: s.revealed_arm,
            visits: s.visits,
            withdrawal: s.withdrawal,
            ehr_grant_id: s.ehr_grant_id,
            patient_commitment: s.patient_commitment,
        }))
}

/// Writes a participant under (trial, its pseudonym).
pub fn save_participant(
    storage: &mut dyn Storage,
    trial_id: u64,
    p: &Participant,
) -> StdResult<()> {
    PARTICIPANTS.save(
        storage,
        (trial_id, p.pseudonym.as_str()),
        &StoredParticipant {
            site_code: p.site_code.clone(),
            latest_consent_version: p.latest_consent_version,
            latest_consent_form_version: p.latest_consent_form_version,
            consent_count: p.consent_count,
            first_consented_at: p.first_consented_at,
            enrolled_at: p.enrolled_at,
            allocation_slot: p.allocation_slot,
            revealed_arm: p.revealed_arm.clone(),
            visits: p.visits,
            withdrawal: p.withdrawal.clone(),
            ehr_grant_id: p.ehr_grant_id,
            patient_commitment: p.patient_commitment.clone(),
        },
    )
}

/// A consent as stored (keyed by trial, pseudonym and sequence number, which it does not
/// repeat): one-letter names, absent values left out. Answers are the API's [`Consent`].
#[derive(Serialize, MapDeserialize)]
#[serde(deny_unknown_fields, crate = "cosmwasm_schema::serde")]
pub struct StoredConsent {
    #[serde(rename = "p")]
    protocol_version: u32,
    #[serde(rename = "f")]
    consent_form_version: u32,
    #[serde(rename = "t")]
    at: Timestamp,
    #[serde(rename = "h", default, skip_serializing_if = "Option::is_none")]
    signed_form_hash: Option<Sha256Hash>,
    #[serde(rename = "e", default, skip_serializing_if = "is_false")]
    ehr_verified: bool,
    #[serde(rename = "g", default, skip_serializing_if = "Option::is_none")]
    ehr_grant_id: Option<u64>,
    #[serde(rename = "s")]
    site_code: String,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Consents: (trial, pseudonym hex, sequence number). Written through `save_consent`, read
/// through `consent_page`.
pub const CONSENTS: Map<(u64, &str, u32), StoredConsent> = Map::new("consents");

/// Writes a participant's consent under its sequence number.
pub fn save_consent(
    storage: &mut dyn Storage,
    trial_id: u64,
    pseudonym: &str,
    c: &Consent,
) -> StdResult<()> {
    CONSENTS.save(
        storage,
        (trial_id, pseudonym, c.seq),
        &StoredConsent {
            protocol_version: c.protocol_version,
            consent_form_version: c.consent_form_version,
            at: c.at,
            signed_form_hash: c.signed_form_hash.clone(),
            ehr_verified: c.ehr_verified,
            ehr_grant_id: c.ehr_grant_id,
            site_code: c.site_code.clone(),
        },
    )
}

/// A page of a participant's consents after sequence number `start_after`.
pub fn consent_page(
    storage: &dyn Storage,
    trial_id: u64,
    pseudonym: &str,
    start_after: Option<u32>,
    limit: usize,
) -> StdResult<Vec<Consent>> {
    CONSENTS
        .prefix((trial_id, pseudonym))
        .range(
            storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(limit)
        .map(|r| {
            r.map(|(seq, c)| Consent {
                seq,
                protocol_version: c.protocol_version,
                consent_form_version: c.consent_form_version,
                at: c.at,
                signed_form_hash: c.signed_form_hash,
                ehr_verified: c.ehr_verified,
                ehr_grant_id: c.ehr_grant_id,
                site_code: c.site_code,
            })
        })
        .collect()
}
