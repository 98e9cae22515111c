use cosmwasm_std::{Addr, QuerierWrapper, StdResult};

#[cfg(doc)]
use super::msg::QueryMsg;
use super::msg::{
    AccessDecision, AccessRequest, ConsentState, DecisionReason, DelegateRelationship, GrantInfo,
    InactiveReason, PartyInfo, RecordInfo, RecordUseRequest,
};
use crate::ask::{Ask, Fields};
use crate::vocab::PurposeOfUse;

/// The parts of a [`GrantInfo`] another contract checks, read from the same `grant` answer;
/// every other field is skipped, not parsed (a smaller contract than parsing the whole grant).
#[derive(cw_health_derive::MapDeserialize, Clone, Debug, PartialEq)]
pub struct GrantSummary {
    /// The grant's id.
    pub id: u64,
    /// The patient whose records are granted.
    pub patient: Addr,
    /// Who receives it.
    pub grantee: GranteeSummary,
    /// The root provision's type and purposes.
    pub provision: ProvisionSummary,
    /// Who issued it (the patient or a delegate).
    pub granted_by: Addr,
    /// True when marked entered-in-error.
    pub entered_in_error: bool,
    /// Its state at this block.
    pub state: ConsentState,
    /// Why it is inactive, when it is.
    pub inactive_reason: Option<InactiveReason>,
}

/// The grantee of a [`GrantSummary`].
#[derive(cw_health_derive::MapDeserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum GranteeSummary {
    /// One address.
    Address {
        /// The grantee's address.
        address: Addr,
    },
    /// A role (its details skipped).
    Role {},
    /// A team (its details skipped).
    Team {},
}

/// The root provision of a [`GrantSummary`]: only whether it permits, and for which purposes.
#[derive(cw_health_derive::MapDeserialize, Clone, Debug, PartialEq)]
pub struct ProvisionSummary {
    /// Permit or deny.
    pub provision_type: super::msg::ProvisionType,
    /// Purposes of use covered (empty: any).
    pub purposes: Vec<PurposeOfUse>,
}

/// The parts of a [`RecordInfo`] another contract checks (who the record is about, who wrote
/// it, when, and its self-pay flag), read from the same `record` answer; every other field is
/// skipped, not parsed.
#[derive(cw_health_derive::MapDeserialize, Clone, Debug, PartialEq)]
pub struct RecordSummary {
    /// The record's id.
    pub id: u64,
    /// The patient the record is about.
    pub patient: Addr,
    /// Who holds it: the provider who wrote it, or the patient.
    pub custodian: Addr,
    /// The clinical period covered.
    pub data_period: Option<super::msg::Period>,
    /// Restricted from payers (HIPAA 164.522).
    pub self_pay_restricted: bool,
    /// Who added the record.
    pub created_by: Addr,
    /// When it was added.
    pub created_at: cosmwasm_std::Timestamp,
}

/// The parts of a [`super::msg::RecordUseDecision`] another contract acts on (which purpose, if
/// any, allows the use; why; and the record's summary), read from the same `record_use` answer;
/// every other field is skipped, not parsed.
#[derive(cw_health_derive::MapDeserialize, Clone, Debug, PartialEq)]
pub struct RecordUseSummary {
    /// The first purpose allowed; none when no purpose is.
    pub purpose: Option<PurposeOfUse>,
    /// The decision for that purpose, or the one that ended the search.
    pub decision: DecisionSummary,
    /// The record, when it exists and is the patient's.
    pub record: Option<RecordSummary>,
    /// The party entry of each address the request named, in its order.
    pub parties: Vec<Option<PartyInfo>>,
}

/// The parts of an [`AccessDecision`] another contract acts on: whether, and why.
#[derive(cw_health_derive::MapDeserialize, Clone, Debug, PartialEq)]
pub struct DecisionSummary {
    /// Whether the access is allowed.
    pub allowed: bool,
    /// Why.
    pub reason: DecisionReason,
}

/// The parts of a [`super::msg::VisitInfo`] another contract checks before paying a telehealth
/// service or anchoring its e-prescription (who, when, how, whether it was consented and held),
/// read from the same `visit` answer; every other field is skipped, not parsed.
#[derive(cw_health_derive::MapDeserialize, Clone, Debug, PartialEq)]
pub struct VisitSummary {
    /// The visit's id.
    pub id: u64,
    /// The patient.
    pub patient: Addr,
    /// The remote clinician (empty for an on-call visit no member has taken).
    pub clinician: Option<Addr>,
    /// Video or audio only.
    pub modality: crate::telehealth::VisitModality,
    /// When it starts.
    pub starts_at: cosmwasm_std::Timestamp,
    /// When it ends at the latest.
    pub ends_at: cosmwasm_std::Timestamp,
    /// When it was ended early (hang-up or cancellation).
    pub ended_at: Option<cosmwasm_std::Timestamp>,
    /// The consent grant, once consented.
    pub consent_grant_id: Option<u64>,
    /// True when consented and its encounter recorded by the clinician.
    pub held: bool,
}

/// The parts of a delegate appointment another contract checks, read from the `delegate` answer
/// (every other field is skipped).
#[derive(cw_health_derive::MapDeserialize, Clone, Debug, PartialEq)]
pub struct DelegateSummary {
    /// The delegate's relation to the patient.
    pub relationship: DelegateRelationship,
    /// Whether the appointment is in force at this block.
    pub active: bool,
}

/// A typed handle to an ehr-registry contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EhrRegistryContract(pub Addr);

impl EhrRegistryContract {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// Asks whether an actor may access a patient's records (see [`QueryMsg::CheckAccess`]).
    pub fn check_access(
        &self,
        querier: &QuerierWrapper,
        request: AccessRequest,
    ) -> StdResult<AccessDecision> {
        crate::ask::smart(querier, &self.0, &Ask("check_access", &request))
    }

    /// Decides one use of one record for the first allowed of several purposes, and reads the
    /// record, in one query (see [`QueryMsg::RecordUse`]).
    pub fn record_use(
        &self,
        querier: &QuerierWrapper,
        request: &RecordUseRequest,
    ) -> StdResult<RecordUseSummary> {
        crate::ask::smart(querier, &self.0, &Ask("record_use", request))
    }

    /// A credentialed party, if registered.
    pub fn party(&self, querier: &QuerierWrapper, address: &Addr) -> StdResult<Option<PartyInfo>> {
        crate::ask::smart(querier, &self.0, &Ask("party", &Ask("address", address)))
    }

    /// One consent grant with its state at this block (see [`QueryMsg::Grant`]).
    pub fn grant(&self, querier: &QuerierWrapper, grant_id: u64) -> StdResult<GrantInfo> {
        crate::ask::smart(querier, &self.0, &Ask("grant", &Ask("grant_id", &grant_id)))
    }

    /// The same grant, read as a [`GrantSummary`].
    pub fn grant_summary(
        &self,
        querier: &QuerierWrapper,
        grant_id: u64,
    ) -> StdResult<GrantSummary> {
        crate::ask::smart(querier, &self.0, &Ask("grant", &Ask("grant_id", &grant_id)))
    }

    /// The same record, read as a [`RecordSummary`].
    pub fn record_summary(
        &self,
        querier: &QuerierWrapper,
        record_id: u64,
    ) -> StdResult<RecordSummary> {
        crate::ask::smart(
            querier,
            &self.0,
            &Ask("record", &Ask("record_id", &record_id)),
        )
    }

    /// A remote visit, read as a [`VisitSummary`] (see [`QueryMsg::Visit`]); an unknown id is
    /// an error.
    pub fn visit_summary(
        &self,
        querier: &QuerierWrapper,
        visit_id: u64,
    ) -> StdResult<VisitSummary> {
        crate::ask::smart(querier, &self.0, &Ask("visit", &Ask("visit_id", &visit_id)))
    }

    /// The distinct days a device anchored readings of a patient in `[from_day, to_day]` (see
    /// [`QueryMsg::DeviceReadingDays`]).
    pub fn device_reading_days(
        &self,
        querier: &QuerierWrapper,
        patient: &Addr,
        device: &Addr,
        from_day: u64,
        to_day: u64,
    ) -> StdResult<crate::rpm::DeviceReadingDaysResponse> {
        crate::ask::smart(
            querier,
            &self.0,
            &Ask(
                "device_reading_days",
                &ReadingDaysArgs {
                    patient: patient.as_str(),
                    device: device.as_str(),
                    from_day,
                    to_day,
                },
            ),
        )
    }

    /// A patient's delegate, if appointed (see [`QueryMsg::Delegate`]).
    pub fn delegate(
        &self,
        querier: &QuerierWrapper,
        patient: &Addr,
        delegate: &Addr,
    ) -> StdResult<Option<DelegateSummary>> {
        crate::ask::smart(
            querier,
            &self.0,
            &Ask(
                "delegate",
                &Fields([
                    ("patient", patient.as_str()),
                    ("delegate", delegate.as_str()),
                ]),
            ),
        )
    }

    /// A record pointer (its resource type, labels and self-pay flag).
    pub fn record(&self, querier: &QuerierWrapper, record_id: u64) -> StdResult<RecordInfo> {
        crate::ask::smart(
            querier,
            &self.0,
            &Ask("record", &Ask("record_id", &record_id)),
        )
    }
}

/// The fields of [`QueryMsg::DeviceReadingDays`], borrowed.
#[derive(serde::Serialize)]
struct ReadingDaysArgs<'a> {
    patient: &'a str,
    device: &'a str,
    from_day: u64,
    to_day: u64,
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::{Arc, Mutex};

    use cosmwasm_std::testing::MockQuerier;
    use cosmwasm_std::{
        to_json_vec, Binary, QuerierWrapper, StdResult, SystemError, SystemResult, WasmQuery,
    };

    use super::*;
    use crate::ehr_registry::msg::QueryMsg;
    use crate::vocab::{AccessAction, FhirResourceType};

    /// The bytes a handle's call sends, captured by a querier that answers every query with an
    /// error (the answer is not what is tested here).
    pub(crate) fn sent<T>(call: impl FnOnce(&QuerierWrapper) -> StdResult<T>) -> Vec<u8> {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let mut querier: MockQuerier = MockQuerier::new(&[]);
        let log = Arc::clone(&seen);
        querier.update_wasm(move |q| {
            if let WasmQuery::Smart { msg, .. } = q {
                if let Ok(mut l) = log.lock() {
                    l.push(msg.to_vec());
                }
            }
            SystemResult::Err(SystemError::InvalidRequest {
                error: "not answered".into(),
                request: Binary::default(),
            })
        });
        assert!(call(&QuerierWrapper::new(&querier)).is_err());
        let l = seen.lock().map(|l| l.clone()).unwrap_or_default();
        assert_eq!(l.len(), 1, "one query per call");
        l.into_iter().next().unwrap_or_default()
    }

    fn same(
        call: impl FnOnce(&EhrRegistryContract, &QuerierWrapper) -> StdResult<()>,
        msg: QueryMsg,
    ) {
        let ehr = EhrRegistryContract(Addr::unchecked("ehr"));
        let bytes = sent(|q| call(&ehr, q));
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            String::from_utf8_lossy(&to_json_vec(&msg).unwrap_or_default())
        );
    }

    #[test]
    fn each_handle_sends_the_query_messages_json_byte_for_byte() {
        let (alice, dev) = (Addr::unchecked("alice"), Addr::unchecked("device"));
        let request = AccessRequest {
            patient: "alice".into(),
            actor: "dr".into(),
            action: AccessAction::Read,
            purpose: PurposeOfUse::Treatment,
            resource_type: Some(FhirResourceType::Observation),
            record_id: Some(3),
            via_team: None,
        };
        let r = request.clone();
        same(
            |e, q| e.check_access(q, r).map(|_| ()),
            QueryMsg::CheckAccess(request),
        );
        same(
            |e, q| e.party(q, &alice).map(|_| ()),
            QueryMsg::Party {
                address: "alice".into(),
            },
        );
        same(
            |e, q| e.grant(q, 7).map(|_| ()),
            QueryMsg::Grant { grant_id: 7 },
        );
        same(
            |e, q| e.grant_summary(q, 7).map(|_| ()),
            QueryMsg::Grant { grant_id: 7 },
        );
        same(
            |e, q| e.record(q, 9).map(|_| ()),
            QueryMsg::Record { record_id: 9 },
        );
        same(
            |e, q| e.record_summary(q, 9).map(|_| ()),
            QueryMsg::Record { record_id: 9 },
        );
        same(
            |e, q| e.visit_summary(q, 4).map(|_| ()),
            QueryMsg::Visit { visit_id: 4 },
        );
        same(
            |e, q| {
                e.device_reading_days(q, &alice, &dev, 20_000, 20_029)
                    .map(|_| ())
            },
            QueryMsg::DeviceReadingDays {
                patient: "alice".into(),
                device: "device".into(),
                from_day: 20_000,
                to_day: 20_029,
            },
        );
        same(
            |e, q| e.delegate(q, &alice, &dev).map(|_| ()),
            QueryMsg::Delegate {
                patient: "alice".into(),
                delegate: "device".into(),
            },
        );
    }
}
