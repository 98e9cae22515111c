//! Record pointers: add, amend (supersede), self-pay restriction.

use cosmwasm_std::{Addr, Deps, DepsMut, Env, MessageInfo, Response, Storage, Timestamp};
use cw_health_types::ehr_registry::{AmendReason, DecisionReason, Period};
use cw_health_types::limits::{validate_unique, MAX_LIST_LEN};
use cw_health_types::{
    AccessAction, ContentRef, FhirResourceType, PurposeOfUse, SecurityLabel, Sha256Hash,
};

use crate::access::{decide, holds_record_grant, Request};
use crate::error::ContractError;
use crate::execute::code;
use crate::sensitive::assert_classes;
use crate::sensitive::protection_class;
use crate::state::{
    next_id, series_of, Party, Record, NEXT_RECORD_ID, PARTIES, PATIENT_RECORDS, RECORDS,
    RECORD_SERIES, SERIES,
};

fn validate_period(p: &Option<Period>) -> Result<(), ContractError> {
    match p {
        Some(p) if p.start > p.end => Err(ContractError::InvalidPeriod {
            start: p.start,
            end: p.end,
        }),
        _ => Ok(()),
    }
}

fn validate_content(
    content: &ContentRef,
    labels: &[SecurityLabel],
    data_period: &Option<Period>,
) -> Result<(), ContractError> {
    content.validate()?;
    validate_unique("labels", labels, MAX_LIST_LEN)?;
    assert_classes(labels)?;
    validate_period(data_period)
}

/// A provider may write only if it is an active party (coarse authorization, checked first).
/// Answers the provider's party entry (none for the patient), which the write decision uses.
fn assert_patient_or_active_party(
    storage: &dyn Storage,
    now: Timestamp,
    sender: &Addr,
    patient: &Addr,
) -> Result<Option<Party>, ContractError> {
    if sender == patient {
        return Ok(None);
    }
    match PARTIES.may_load(storage, sender)? {
        Some(p) if p.is_active(now) => Ok(Some(p)),
        _ => Err(ContractError::Unauthorized {
            role: "the patient or an active provider with a write grant",
        }),
    }
}

/// What a provider asks to write.
struct Write<'a> {
    /// The provider's party entry, when read already.
    party: Option<&'a Party>,
    resource_type: FhirResourceType,
    record_id: Option<u64>,
    labels: &'a [SecurityLabel],
    data_period: Option<&'a Period>,
}

/// Requires a write decision (purpose TREAT) for the sender.
fn assert_write(
    deps: Deps,
    now: Timestamp,
    sender: &Addr,
    patient: &Addr,
    w: Write,
) -> Result<(), ContractError> {
    let decided = decide(
        deps.storage,
        deps.api,
        now,
        &Request {
            patient,
            actor: sender,
            action: AccessAction::Write,
            purpose: PurposeOfUse::Treatment,
            resource_type: Some(w.resource_type),
            record_id: w.record_id,
            new_record: Some((w.labels, w.data_period)),
            via_team: None,
            actor_party: w.party,
        },
    )?;
    match decided.decision.reason {
        _ if decided.decision.allowed => Ok(()),
        DecisionReason::PatientNotRegistered => Err(ContractError::PatientNotRegistered {
            address: patient.to_string(),
        }),
        reason => Err(ContractError::AccessDenied { reason }),
    }
}

/// A record pointer as `add_record` sends it.
pub struct NewRecord {
    pub patient: String,
    pub content: ContentRef,
    pub resource_type: FhirResourceType,
    pub labels: Vec<SecurityLabel>,
    pub data_period: Option<Period>,
}

/// The patient, or an active provider with a write grant: adds a record pointer.
pub fn add_record(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: NewRecord,
) -> Result<Response, ContractError> {
    let NewRecord {
        patient,
        content,
        resource_type,
        labels,
        data_period,
    } = msg;
    let now = env.block.time;
    let patient = deps.api.addr_validate(&patient)?;
    let party = assert_patient_or_active_party(deps.storage, now, &info.sender, &patient)?;
    validate_content(&content, &labels, &data_period)?;
    // The write decision reads the patient (an unregistered one is refused as such).
    assert_write(
        deps.as_ref(),
        now,
        &info.sender,
        &patient,
        Write {
            party: party.as_ref(),
            resource_type,
            record_id: None,
            labels: &labels,
            data_period: data_period.as_ref(),
        },
    )?;
    let id = next_id(deps.storage, &NEXT_RECORD_ID)?;
    let record = Record {
        id,
        patient: patient.clone(),
        custodian: info.sender.clone(),
        content,
        resource_type,
        labels,
        data_period,
        self_pay_restricted: false,
        supersedes: None,
        superseded_by: None,
        amend_reason: None,
        amend_reason_hash: None,
        created_by: info.sender.clone(),
        created_at: now,
    };
    RECORDS.save(deps.storage, id, &record)?;
    PATIENT_RECORDS.save(deps.storage, (&patient, id), &())?;
    Ok(Response::new()
        .add_attribute("action", "add_record")
        .add_attribute("record_id", id.to_string())
        .add_attribute("patient", patient)
        .add_attribute("custodian", info.sender)
        .add_attribute("resource_type", record.resource_type.code())
        .add_attribute("protection", protection_class(&record.labels).code())
        .add_attribute("content_sha256", record.content.sha256.as_str()))
}

/// Integrity: the patient, the record's custodian, or the grantee of a grant naming this
/// record amends it; a general write grant lets a provider add records, not rewrite another's.
fn assert_may_amend(
    deps: Deps,
    now: Timestamp,
    sender: &Addr,
    old: &Record,
    series_id: u64,
) -> Result<(), ContractError> {
    if *sender == old.patient
        || *sender == old.custodian
        || holds_record_grant(
            deps.storage,
            deps.api,
            now,
            &old.patient,
            sender,
            &[old.id, series_id],
        )?
    {
        Ok(())
    } else {
        Err(ContractError::NotCustodian { record_id: old.id })
    }
}

/// A new version as `amend_record` sends it.
pub struct Amendment {
    pub record_id: u64,
    pub content: ContentRef,
    pub labels: Vec<SecurityLabel>,
    pub data_period: Option<Period>,
    pub reason: AmendReason,
    pub reason_hash: Option<Sha256Hash>,
}

/// The patient, the custodian or a record grantee with a write grant: supersedes a record.
pub fn amend_record(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: Amendment,
) -> Result<Response, ContractError> {
    let Amendment {
        record_id,
        content,
        labels,
        data_period,
        reason,
        reason_hash,
    } = msg;
    let now = env.block.time;
    let mut old = RECORDS
        .may_load(deps.storage, record_id)?
        .ok_or(ContractError::RecordNotFound { record_id })?;
    let party = assert_patient_or_active_party(deps.storage, now, &info.sender, &old.patient)?;
    validate_content(&content, &labels, &data_period)?;
    if let Some(h) = &reason_hash {
        h.validate("reason_hash")?;
    }
    if let Some(superseded_by) = old.superseded_by {
        return Err(ContractError::RecordSuperseded {
            record_id,
            superseded_by,
        });
    }
    let patient = old.patient.clone();
    let (series_id, mut series) = series_of(deps.storage, &old)?;
    assert_may_amend(deps.as_ref(), now, &info.sender, &old, series_id)?;
    assert_may_write_version(
        deps.as_ref(),
        now,
        (&info.sender, party.as_ref()),
        &old,
        &labels,
        data_period.as_ref(),
    )?;
    let id = next_id(deps.storage, &NEXT_RECORD_ID)?;
    // The new version joins the record's series; the series' labels grow by the new ones, so
    // a relabel (e.g. corrected to ETH) protects every version.
    for l in &labels {
        if !series.labels.contains(l) {
            series.labels.push(*l);
        }
    }
    RECORD_SERIES.save(deps.storage, id, &series_id)?;
    SERIES.save(deps.storage, series_id, &series)?;
    let record = Record {
        id,
        patient: patient.clone(),
        // The record keeps its custodian; `created_by` names this version's author.
        custodian: old.custodian.clone(),
        content,
        resource_type: old.resource_type,
        labels,
        data_period,
        self_pay_restricted: series.self_pay_restricted,
        supersedes: Some(record_id),
        superseded_by: None,
        amend_reason: Some(reason),
        amend_reason_hash: reason_hash,
        created_by: info.sender.clone(),
        created_at: now,
    };
    old.superseded_by = Some(id);
    RECORDS.save(deps.storage, record_id, &old)?;
    RECORDS.save(deps.storage, id, &record)?;
    PATIENT_RECORDS.save(deps.storage, (&patient, id), &())?;
    Ok(amend_response(&record, record_id, reason))
}

/// A provider must be allowed to write both the old version and the new version's labels and
/// period (purpose TREAT; the patient always is).
fn assert_may_write_version(
    deps: Deps,
    now: Timestamp,
    (sender, party): (&Addr, Option<&Party>),
    old: &Record,
    labels: &[SecurityLabel],
    data_period: Option<&Period>,
) -> Result<(), ContractError> {
    for (record_id, labels, data_period) in [
        (
            Some(old.id),
            old.labels.as_slice(),
            old.data_period.as_ref(),
        ),
        (None, labels, data_period),
    ] {
        let w = Write {
            party,
            resource_type: old.resource_type,
            record_id,
            labels,
            data_period,
        };
        assert_write(deps, now, sender, &old.patient, w)?;
    }
    Ok(())
}

/// The event of an amendment.
fn amend_response(record: &Record, supersedes: u64, reason: AmendReason) -> Response {
    Response::new()
        .add_attribute("action", "amend_record")
        .add_attribute("record_id", record.id.to_string())
        .add_attribute("supersedes", supersedes.to_string())
        .add_attribute("patient", record.patient.as_str())
        .add_attribute("custodian", record.custodian.as_str())
        .add_attribute("amended_by", record.created_by.as_str())
        .add_attribute("reason", code(&reason))
        .add_attribute("protection", protection_class(&record.labels).code())
        .add_attribute("content_sha256", record.content.sha256.as_str())
}

/// The patient only: sets or clears the self-pay restriction of a record, every version of it
/// (through any version's id).
pub fn set_self_pay_restriction(
    deps: DepsMut,
    info: MessageInfo,
    record_id: u64,
    restricted: bool,
) -> Result<Response, ContractError> {
    let mut record = RECORDS
        .may_load(deps.storage, record_id)?
        .ok_or(ContractError::RecordNotFound { record_id })?;
    if record.patient != info.sender {
        return Err(ContractError::Unauthorized {
            role: "the patient",
        });
    }
    // The restriction covers the record as a whole: every version, past and future.
    let (series_id, mut series) = series_of(deps.storage, &record)?;
    series.self_pay_restricted = restricted;
    SERIES.save(deps.storage, series_id, &series)?;
    record.self_pay_restricted = restricted;
    RECORDS.save(deps.storage, record_id, &record)?;
    Ok(Response::new()
        .add_attribute("action", "set_self_pay_restriction")
        .add_attribute("record_id", record_id.to_string())
        .add_attribute("series_id", series_id.to_string())
        .add_attribute("patient", record.patient)
        .add_attribute("restricted", restricted.to_string()))
}
