//! Storage layout. Ownership lives under `"ownership"` (cw-health-types), the cw2 record under
//! `"contract_info"`. Every child record is keyed by its trial id first, so lists are prefix
//! range scans; nothing is ever deleted except entries of the derived deadline index.

use cosmwasm_schema::serde::Serialize;
use cosmwasm_std::{from_json, Addr, Order, StdError, StdResult, Storage, Timestamp};
use cw_health_types::trial_anchor::{
    AddressSet, AdverseEvent, Amendment, Batch, Consent, DatabaseLock, DeadlineCause,
    DeadlineChange, Deadlines, DelayCertification, EhrConsentLink, Freeze, Outcome,
    OversightRecord, Participant, RandomizationCommitment, Results, RoleGrant, SapFinal,
    StatusChange, StopReason, Supersession, Trial, TrialCounts, TrialDocument, TrialStatus,
    Unblinding, Withdrawal, REGISTRATION_WINDOW_SECS, RESULTS_WINDOW_SECS,
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
/// Trial records by id (see `StoredTrial`): read and written only through `load_trial`,
/// `trial_page` and `save_trial`.
pub const TRIALS: Map<u64, StoredTrial> = Map::new("trials");
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
/// removed when its obligation is met, so the overdue query is a bounded range scan. Under a
/// two-letter namespace (issue 20: the first enrollment writes one).
pub const DEADLINES: Map<(u64, u64, u64), ()> = Map::new("dl");

/// Deadline slot of the registration clock.
pub const SLOT_REGISTRATION: u64 = 0;
/// Deadline slot of the results clock.
pub const SLOT_RESULTS: u64 = 1;

/// Counters that frequent messages bump (enroll, anchor_batch, report_adverse_event, unblindings
/// and reveals, oversight records), each in its own small entry: (trial, counter code) -> value.
/// Bumping one writes a few bytes instead of rewriting the trial record (about 30,000 SDK gas).
/// The trial record does not keep them; an absent entry is 0. Under a two-letter namespace.
pub const HOT_COUNTERS: Map<(u64, u8), u64> = Map::new("hc");

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

/// The current value of a hot counter of `trial`.
pub fn hot_count(storage: &dyn Storage, trial: &Trial, c: HotCounter) -> StdResult<u64> {
    Ok(HOT_COUNTERS
        .may_load(storage, (trial.id, c.code()))?
        .unwrap_or(0))
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

/// The hot fields of a trial (issue 20: a status change, a freeze and the first consent write
/// this small entry instead of rewriting the trial record), written by `save_trial_state`.
/// `load_trial` assembles the trial from its record, this entry and its clocks (`TRIAL_CLOCKS`,
/// which hold the start). Key (trial, `PART_STATE`) in the trial parts' namespace.
pub const TRIAL_STATE: Map<(u64, u8), TrialState> = Map::new(TRIAL_PARTS);

/// The namespace of a trial's small parts, its hot fields (`TRIAL_STATE`) and its start and
/// clocks (`TRIAL_CLOCKS`), keyed (trial, part): every trial message reads both with one range
/// scan (issue 20: an iterator step costs 30 gas where a read costs 1,000). Two letters, like
/// participants and consents (every key byte written costs 30 gas).
const TRIAL_PARTS: &str = "ts";
/// The part of `TRIAL_STATE`.
pub const PART_STATE: u8 = 0;
/// The part of `TRIAL_CLOCKS`.
pub const PART_CLOCKS: u8 = 1;

/// A trial's hot fields and start and clocks, as stored (one scan; `None`: absent).
fn load_parts(
    storage: &dyn Storage,
    id: u64,
) -> StdResult<(Option<TrialState>, Option<StoredClocks>)> {
    let start = TRIAL_STATE.key((id, PART_STATE));
    let end = TRIAL_STATE.key((id, PART_CLOCKS.saturating_add(1)));
    let (mut state, mut clocks) = (None, None);
    for (key, value) in storage.range(Some(&start), Some(&end), Order::Ascending) {
        match key.last().copied() {
            Some(PART_STATE) => state = Some(from_json(&value)?),
            Some(PART_CLOCKS) => clocks = Some(from_json(&value)?),
            _ => return Err(StdError::msg("unknown trial part")),
        }
    }
    Ok((state, clocks))
}

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
    #[serde(
        rename = "n",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    status_changes: u64,
    /// `first_consent_at`.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    first_consent_at: Option<Timestamp>,
    /// `frozen`.
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    frozen: Option<Freeze>,
}

/// A trial record as stored (issue 20: every trial message reads it, and every byte written
/// costs 30 gas): one-letter names, absent values left out, the responsible party only when it
/// is not the sponsor. The id is the key; the hot fields live in `TRIAL_STATE`, the start and
/// the FDAAA clocks in `TRIAL_CLOCKS`, the hot counters in `HOT_COUNTERS` (of the counts only
/// the outcomes and amendments are here). Answers are the API's [`Trial`], assembled by
/// `load_trial`.
#[derive(Serialize, MapDeserialize)]
#[serde(deny_unknown_fields, crate = "cosmwasm_schema::serde")]
pub struct StoredTrial {
    #[serde(rename = "r", default, skip_serializing_if = "Option::is_none")]
    registry_id: Option<String>,
    #[serde(rename = "q", default, skip_serializing_if = "Option::is_none")]
    registry_recorded_at: Option<Timestamp>,
    #[serde(rename = "k", default, skip_serializing_if = "Option::is_none")]
    registry_id_confirmed_at: Option<Timestamp>,
    #[serde(rename = "s")]
    sponsor: Addr,
    /// `None`: the sponsor.
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    responsible_party: Option<Addr>,
    #[serde(rename = "e")]
    ethics_committee: Addr,
    #[serde(rename = "b")]
    planned_start: Timestamp,
    #[serde(rename = "c")]
    primary_completion: Timestamp,
    #[serde(rename = "a", default, skip_serializing_if = "Option::is_none")]
    actual_primary_completion: Option<Timestamp>,
    #[serde(rename = "t")]
    registered_at: Timestamp,
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    sponsor_unblinded_at: Option<Timestamp>,
    #[serde(
        rename = "z",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    randomized: bool,
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    randomization: Option<RandomizationCommitment>,
    #[serde(rename = "v")]
    protocol_version: u32,
    #[serde(rename = "f")]
    consent_form_version: u32,
    #[serde(rename = "y")]
    sap_version: u32,
    #[serde(rename = "g")]
    reconsent_from_version: u32,
    #[serde(rename = "h")]
    reconsent_from_consent_form_version: u32,
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    sap_final: Option<SapFinal>,
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    lock: Option<DatabaseLock>,
    #[serde(rename = "o", default, skip_serializing_if = "Option::is_none")]
    results_posted_at: Option<Timestamp>,
    #[serde(rename = "i", default, skip_serializing_if = "Option::is_none")]
    ehr_consent: Option<EhrConsentLink>,
    #[serde(
        rename = "w",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    outcomes: u32,
    #[serde(
        rename = "j",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    amendments: u32,
}

impl StoredTrial {
    /// The record of `t` (its hot fields, start, clocks and counters are stored elsewhere), its
    /// non-`Copy` parts moved out of `t` for the write (`put_back` returns them): nothing large
    /// cloned.
    fn take(t: &mut Trial) -> StoredTrial {
        StoredTrial {
            registry_id: t.registry_id.take(),
            registry_recorded_at: t.registry_recorded_at,
            registry_id_confirmed_at: t.registry_id_confirmed_at,
            sponsor: t.sponsor.clone(),
            responsible_party: Some(t.responsible_party.clone()).filter(|p| *p != t.sponsor),
            ethics_committee: t.ethics_committee.clone(),
            planned_start: t.planned_start,
            primary_completion: t.primary_completion,
            actual_primary_completion: t.actual_primary_completion,
            registered_at: t.registered_at,
            sponsor_unblinded_at: t.sponsor_unblinded_at,
            randomized: t.randomized,
            randomization: t.randomization.take(),
            protocol_version: t.protocol_version,
            consent_form_version: t.consent_form_version,
            sap_version: t.sap_version,
            reconsent_from_version: t.reconsent_from_version,
            reconsent_from_consent_form_version: t.reconsent_from_consent_form_version,
            sap_final: t.sap_final.take(),
            lock: t.lock.take(),
            results_posted_at: t.results_posted_at,
            ehr_consent: t.ehr_consent.take(),
            outcomes: t.counts.outcomes,
            amendments: t.counts.amendments,
        }
    }

    /// Moves back into `t` what `take` moved out.
    fn put_back(self, t: &mut Trial) {
        t.registry_id = self.registry_id;
        t.randomization = self.randomization;
        t.sap_final = self.sap_final;
        t.lock = self.lock;
        t.ehr_consent = self.ehr_consent;
    }

    /// The trial `id` of this record, its hot fields, its start and its clocks.
    fn into_trial(
        self,
        id: u64,
        state: TrialState,
        (started_at, deadlines): (Option<Timestamp>, Deadlines),
    ) -> Trial {
        Trial {
            id,
            registry_id: self.registry_id,
            registry_recorded_at: self.registry_recorded_at,
            registry_id_confirmed_at: self.registry_id_confirmed_at,
            responsible_party: self
                .responsible_party
                .unwrap_or_else(|| self.sponsor.clone()),
            sponsor: self.sponsor,
            ethics_committee: self.ethics_committee,
            status: state.status,
            why_stopped: state.why_stopped,
            status_document: state.status_document,
            planned_start: self.planned_start,
            primary_completion: self.primary_completion,
            actual_primary_completion: self.actual_primary_completion,
            registered_at: self.registered_at,
            first_consent_at: state.first_consent_at,
            sponsor_unblinded_at: self.sponsor_unblinded_at,
            started_at,
            randomized: self.randomized,
            randomization: self.randomization,
            protocol_version: self.protocol_version,
            consent_form_version: self.consent_form_version,
            sap_version: self.sap_version,
            reconsent_from_version: self.reconsent_from_version,
            reconsent_from_consent_form_version: self.reconsent_from_consent_form_version,
            sap_final: self.sap_final,
            lock: self.lock,
            results_posted_at: self.results_posted_at,
            frozen: state.frozen,
            ehr_consent: self.ehr_consent,
            deadlines,
            counts: TrialCounts {
                outcomes: self.outcomes,
                amendments: self.amendments,
                status_changes: state.status_changes,
                ..TrialCounts::default()
            },
        }
    }
}

/// The trial `id` from its record, hot fields and clocks (not started, clocks as registered,
/// while it has no clock entry).
fn assemble(storage: &dyn Storage, id: u64, record: StoredTrial) -> StdResult<Trial> {
    let (state, clocks) = load_parts(storage, id)?;
    let state = state.ok_or_else(|| StdError::msg("trial without its state"))?;
    let registered = registered_results_due(record.primary_completion)
        .ok_or_else(|| StdError::msg("results due overflow"))?;
    let clocks = match clocks {
        Some(clocks) => clocks.into_api(registered)?,
        None => (None, registered_clocks(registered)),
    };
    Ok(record.into_trial(id, state, clocks))
}

/// A trial, if it exists. The only way a trial is read.
pub fn load_trial(storage: &dyn Storage, trial_id: u64) -> StdResult<Option<Trial>> {
    TRIALS
        .may_load(storage, trial_id)?
        .map(|r| assemble(storage, trial_id, r))
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
        .map(|r| r.and_then(|(id, record)| assemble(storage, id, record)))
        .collect()
}

/// Writes the trial record (not its hot fields, see `save_trial_state`, nor its clocks, see
/// `save_trial_clocks`).
pub fn save_trial(storage: &mut dyn Storage, trial: &mut Trial) -> StdResult<()> {
    let record = StoredTrial::take(trial);
    let saved = TRIALS.save(storage, trial.id, &record);
    record.put_back(trial);
    saved
}

/// Writes the trial's hot fields (status, why stopped and its document, the status-change
/// count, the first consent time, the freeze); the record is not written.
pub fn save_trial_state(storage: &mut dyn Storage, t: &Trial) -> StdResult<()> {
    TRIAL_STATE.save(
        storage,
        (t.id, PART_STATE),
        &TrialState {
            status: t.status,
            why_stopped: t.why_stopped,
            status_document: t.status_document.clone(),
            status_changes: t.counts.status_changes,
            first_consent_at: t.first_consent_at,
            frozen: t.frozen.clone(),
        },
    )
}

/// A trial's actual start and its FDAAA clocks (issue 20: the first enrollment, a registration,
/// a delay certification and its trigger, an extension, the actual completion date, posted
/// results and a withdrawal write this one small entry instead of rewriting the trial record),
/// written by `save_trial_clocks`. Absent: not started, the clocks as registered
/// (`registered_clocks`), so registering a trial writes none. `load_trial` assembles the trial's
/// `started_at` and `deadlines` from it. Key (trial, `PART_CLOCKS`) in the trial parts'
/// namespace.
pub const TRIAL_CLOCKS: Map<(u64, u8), StoredClocks> = Map::new(TRIAL_PARTS);

/// `t` plus `secs` seconds (`None`: past the end of time).
fn after(t: Timestamp, secs: u64) -> Option<Timestamp> {
    secs.checked_mul(1_000_000_000)
        .and_then(|n| t.nanos().checked_add(n))
        .map(Timestamp::from_nanos)
}

/// Results due for a trial as registered: a year after its anticipated primary completion
/// (`None`: past the end of time).
pub fn registered_results_due(primary_completion: Timestamp) -> Option<Timestamp> {
    after(primary_completion, RESULTS_WINDOW_SECS)
}

/// The registration clock the first enrollment at `start` opens: due 21 days later.
fn registration_due_from(start: Timestamp) -> StdResult<Timestamp> {
    after(start, REGISTRATION_WINDOW_SECS).ok_or_else(|| StdError::msg("registration due overflow"))
}

/// The clocks of a trial as registered: no registration clock (it starts at the first
/// enrollment), results due at `results_due`, no certification, extension or change.
pub fn registered_clocks(results_due: Timestamp) -> Deadlines {
    Deadlines {
        registration_due: None,
        results_due: Some(results_due),
        delay_certification: None,
        extensions: 0,
        primary_completion_recorded_late: false,
        history: Vec::new(),
    }
}

/// A trial's start and clocks as stored: one-letter names, absent values left out, each
/// change's cause as a one-digit code. The due times are not stored: each clock is due at the
/// `to` of its latest change (`due_from_history`), as `change_clock` keeps them.
#[derive(Serialize, MapDeserialize)]
#[serde(deny_unknown_fields, crate = "cosmwasm_schema::serde")]
pub struct StoredClocks {
    /// `started_at`: the first enrollment, which starts the registration clock.
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    started_at: Option<Timestamp>,
    /// `delay_certification`.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    delay_certification: Option<DelayCertification>,
    /// `extensions`.
    #[serde(
        rename = "x",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    extensions: u32,
    /// `primary_completion_recorded_late`.
    #[serde(
        rename = "l",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    late: bool,
    /// `history`, oldest first.
    #[serde(rename = "h", default, skip_serializing_if = "Vec::is_empty")]
    history: Vec<StoredChange>,
}

/// One change of a clock as stored (see [`DeadlineChange`]). The first enrollment's change,
/// which opens the registration clock at the trial's start, is stored as its cause and who
/// enrolled: `at` absent means at the start (`StoredClocks::started_at`), from no clock, to 21
/// days later.
#[derive(Serialize, MapDeserialize)]
#[serde(deny_unknown_fields, crate = "cosmwasm_schema::serde")]
pub struct StoredChange {
    /// `cause`, as `cause_code` gives it.
    #[serde(rename = "c")]
    cause: u8,
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    from: Option<Timestamp>,
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    to: Option<Timestamp>,
    /// `None`: the first enrollment's change at the start.
    #[serde(rename = "a", default, skip_serializing_if = "Option::is_none")]
    at: Option<Timestamp>,
    #[serde(rename = "b")]
    by: Addr,
}

impl StoredChange {
    /// The change `c` as stored in the clocks of a trial started at `start`.
    fn of(c: &DeadlineChange, start: Option<Timestamp>) -> StoredChange {
        let at_start = c.cause == DeadlineCause::FirstEnrollment
            && start == Some(c.at)
            && c.from.is_none()
            && c.to.is_some()
            && c.to == registration_due_from(c.at).ok();
        StoredChange {
            cause: cause_code(c.cause),
            from: c.from,
            to: c.to.filter(|_| !at_start),
            at: Some(c.at).filter(|_| !at_start),
            by: c.by.clone(),
        }
    }

    /// The API's change, of a trial started at `start`.
    fn into_api(self, start: Option<Timestamp>) -> StdResult<DeadlineChange> {
        let cause = CAUSES
            .get(usize::from(self.cause))
            .copied()
            .ok_or_else(|| StdError::msg("unknown clock-change cause"))?;
        let (to, at) = match (self.at, start) {
            (Some(at), _) => (self.to, at),
            (None, Some(start)) if cause == DeadlineCause::FirstEnrollment => {
                (Some(registration_due_from(start)?), start)
            }
            (None, _) => return Err(StdError::msg("clock change without its time")),
        };
        Ok(DeadlineChange {
            cause,
            from: self.from,
            to,
            at,
            by: self.by,
        })
    }
}

/// Every clock-change cause, in the order of its stored code.
const CAUSES: [DeadlineCause; 8] = [
    DeadlineCause::FirstEnrollment,
    DeadlineCause::Registered,
    DeadlineCause::ActualPrimaryCompletion,
    DeadlineCause::DelayCertification,
    DeadlineCause::DelayTrigger,
    DeadlineCause::Extension,
    DeadlineCause::ResultsPosted,
    DeadlineCause::Withdrawn,
];

/// True for the causes that move the registration clock (the first enrollment opens it, the
/// registry id closes it); every other cause moves the results clock.
pub fn moves_registration(cause: DeadlineCause) -> bool {
    matches!(
        cause,
        DeadlineCause::FirstEnrollment | DeadlineCause::Registered
    )
}

/// The due times (registration, results) of a trial whose results were due at `registered`
/// when it was registered, after the changes of `history`: each clock is due at the `to` of its
/// latest change (no registration clock, results as registered, before any).
fn due_from_history(
    history: &[DeadlineChange],
    registered: Timestamp,
) -> (Option<Timestamp>, Option<Timestamp>) {
    let mut due = (None, Some(registered));
    for c in history {
        if moves_registration(c.cause) {
            due.0 = c.to;
        } else {
            due.1 = c.to;
        }
    }
    due
}

/// The stored code of a clock-change cause: its place in `CAUSES` (the API's declaration
/// order).
fn cause_code(cause: DeadlineCause) -> u8 {
    cause as u8
}

impl StoredClocks {
    /// The start and clocks of `t` as stored.
    fn of(t: &Trial) -> StdResult<StoredClocks> {
        let d = &t.deadlines;
        let registered = registered_results_due(t.primary_completion)
            .ok_or_else(|| StdError::msg("results due overflow"))?;
        if due_from_history(&d.history, registered) != (d.registration_due, d.results_due) {
            return Err(StdError::msg("a clock out of step with its history"));
        }
        Ok(StoredClocks {
            started_at: t.started_at,
            delay_certification: d.delay_certification.clone(),
            extensions: d.extensions,
            late: d.primary_completion_recorded_late,
            history: d
                .history
                .iter()
                .map(|c| StoredChange::of(c, t.started_at))
                .collect(),
        })
    }

    /// The API's start and clocks, results due at `registered` unless stored otherwise.
    fn into_api(self, registered: Timestamp) -> StdResult<(Option<Timestamp>, Deadlines)> {
        let start = self.started_at;
        let history = self
            .history
            .into_iter()
            .map(|c| c.into_api(start))
            .collect::<StdResult<Vec<_>>>()?;
        let (registration_due, results_due) = due_from_history(&history, registered);
        let deadlines = Deadlines {
            registration_due,
            results_due,
            delay_certification: self.delay_certification,
            extensions: self.extensions,
            primary_completion_recorded_late: self.late,
            history,
        };
        Ok((self.started_at, deadlines))
    }
}

/// Writes the trial's start and clocks (the first enrollment and every message that changes a
/// clock call it); the record is not written.
pub fn save_trial_clocks(storage: &mut dyn Storage, t: &Trial) -> StdResult<()> {
    TRIAL_CLOCKS.save(storage, (t.id, PART_CLOCKS), &StoredClocks::of(t)?)
}

/// A participant as stored and handled by the execute messages (keyed by trial and pseudonym,
/// which it does not repeat): the API's [`Participant`]'s fields but the pseudonym, one-letter
/// names in storage, absent values left out. The `participant` query answers the API type.
#[derive(Serialize, MapDeserialize)]
#[serde(deny_unknown_fields, crate = "cosmwasm_schema::serde")]
pub struct StoredParticipant {
    #[serde(rename = "s")]
    pub site_code: String,
    #[serde(rename = "v")]
    pub latest_consent_version: u32,
    #[serde(rename = "f")]
    pub latest_consent_form_version: u32,
    #[serde(rename = "n")]
    pub consent_count: u32,
    #[serde(rename = "c")]
    pub first_consented_at: Timestamp,
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    pub enrolled_at: Option<Timestamp>,
    #[serde(rename = "a", default, skip_serializing_if = "Option::is_none")]
    pub allocation_slot: Option<u64>,
    #[serde(rename = "r", default, skip_serializing_if = "Option::is_none")]
    pub revealed_arm: Option<String>,
    #[serde(
        rename = "i",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    pub visits: u32,
    #[serde(rename = "w", default, skip_serializing_if = "Option::is_none")]
    pub withdrawal: Option<Withdrawal>,
    #[serde(rename = "g", default, skip_serializing_if = "Option::is_none")]
    pub ehr_grant_id: Option<u64>,
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub patient_commitment: Option<Sha256Hash>,
}

/// Participants: (trial, pseudonym hex). Read and written through `may_load_participant` and
/// `save_participant`.
pub const PARTICIPANTS: Map<(u64, &str), StoredParticipant> = Map::new("pt");

impl StoredParticipant {
    /// A participant at its first consent at `site_code` (the caller sets the consent's
    /// versions and count).
    pub fn new(site_code: &str, now: Timestamp) -> StoredParticipant {
        StoredParticipant {
            site_code: site_code.to_string(),
            latest_consent_version: 0,
            latest_consent_form_version: 0,
            consent_count: 0,
            first_consented_at: now,
            enrolled_at: None,
            allocation_slot: None,
            revealed_arm: None,
            visits: 0,
            withdrawal: None,
            ehr_grant_id: None,
            patient_commitment: None,
        }
    }

    /// True when the latest consent is to the trial's current protocol and consent form.
    pub fn consent_is_current(&self, trial: &Trial) -> bool {
        self.latest_consent_version == trial.protocol_version
            && self.latest_consent_form_version == trial.consent_form_version
    }

    /// True when an amendment requiring re-consent came after the latest consent.
    pub fn reconsent_required(&self, trial: &Trial) -> bool {
        self.latest_consent_version < trial.reconsent_from_version
            || self.latest_consent_form_version < trial.reconsent_from_consent_form_version
    }

    /// The API's participant `pseudonym`.
    pub fn into_api(self, pseudonym: Sha256Hash) -> Participant {
        Participant {
            pseudonym,
            site_code: self.site_code,
            latest_consent_version: self.latest_consent_version,
            latest_consent_form_version: self.latest_consent_form_version,
            consent_count: self.consent_count,
            first_consented_at: self.first_consented_at,
            enrolled_at: self.enrolled_at,
            allocation_slot: self.allocation_slot,
            revealed_arm: self.revealed_arm,
            visits: self.visits,
            withdrawal: self.withdrawal,
            ehr_grant_id: self.ehr_grant_id,
            patient_commitment: self.patient_commitment,
        }
    }
}

/// A participant of a trial, if known (the pseudonym must already be validated).
pub fn may_load_participant(
    storage: &dyn Storage,
    trial_id: u64,
    pseudonym: &str,
) -> StdResult<Option<StoredParticipant>> {
    PARTICIPANTS.may_load(storage, (trial_id, pseudonym))
}

/// Writes a participant under (trial, pseudonym).
pub fn save_participant(
    storage: &mut dyn Storage,
    trial_id: u64,
    pseudonym: &str,
    p: &StoredParticipant,
) -> StdResult<()> {
    PARTICIPANTS.save(storage, (trial_id, pseudonym), p)
}

/// A consent as stored and recorded (keyed by trial, pseudonym and sequence number, which it
/// does not repeat): the API's [`Consent`]'s fields but the sequence number, one-letter names,
/// absent values left out. The `consents` query answers the API type.
#[derive(Serialize, MapDeserialize)]
#[serde(deny_unknown_fields, crate = "cosmwasm_schema::serde")]
pub struct StoredConsent {
    #[serde(rename = "p")]
    pub protocol_version: u32,
    #[serde(rename = "f")]
    pub consent_form_version: u32,
    #[serde(rename = "t")]
    pub at: Timestamp,
    #[serde(rename = "h", default, skip_serializing_if = "Option::is_none")]
    pub signed_form_hash: Option<Sha256Hash>,
    #[serde(
        rename = "e",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    pub ehr_verified: bool,
    #[serde(rename = "g", default, skip_serializing_if = "Option::is_none")]
    pub ehr_grant_id: Option<u64>,
    #[serde(rename = "s")]
    pub site_code: String,
}

/// Consents: (trial, pseudonym hex, sequence number). Written through `save_consent`, read
/// through `consent_page`.
pub const CONSENTS: Map<(u64, &str, u32), StoredConsent> = Map::new("cs");

/// Writes a participant's consent under its sequence number.
pub fn save_consent(
    storage: &mut dyn Storage,
    trial_id: u64,
    pseudonym: &str,
    seq: u32,
    c: &StoredConsent,
) -> StdResult<()> {
    CONSENTS.save(storage, (trial_id, pseudonym, seq), c)
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
