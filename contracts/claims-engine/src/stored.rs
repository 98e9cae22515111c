//! A claim as stored (issue 20: every byte written costs 30 gas, and a claim is written by every
//! message that decides, pays or reverses it): a JSON array of the claim's fields in a fixed
//! order, without names (the API's `Claim` with its long names is 1,446 bytes for a one-line
//! claim), the id left to the key; lines, adjustments, effects and the consent decision likewise.
//! Arrays rather than objects with short names: an object's per-field (de)serializer code cost
//! about 20 KB of the artifact, arrays a fraction of it, for about the same bytes stored. Every
//! answer is the API's [`Claim`], mapped back from it unchanged.
//!
//! The layout changed in 0.2.0 (`contract::OLD_STORAGE_LAYOUT`): a 0.1.x state is refused at
//! migration, and a claim stored as an object is refused on load, never misread.

use cosmwasm_schema::serde::Serialize;
use cosmwasm_std::{Addr, Order, StdResult, Storage, Timestamp, Uint128};
use cw_health_types::claims_engine::codes::{AdjustmentGroup, Carc};
use cw_health_types::claims_engine::{
    Adjustment, Claim, ClaimFrequency, ClaimLine, ClaimStatus, DrugPack, LineEffects,
    LineReviewAction, LineStatus, PaymentStatus, PendReason, RecordAccess,
};
use cw_health_types::ehr_registry::DecisionReason;
use cw_health_types::store::{ReadMap, WriteMap};
use cw_health_types::PurposeOfUse;
use cw_storage_plus::{Bound, Map};

/// A claim's JSON in storage: [`Claim`]'s fields but the id, in its order.
#[derive(Serialize, cw_health_types::MapDeserialize, cw_health_types::ToJson)]
#[serde(crate = "cosmwasm_schema::serde")]
pub struct StoredClaim(
    u64,
    ClaimFrequency,
    Option<u64>,
    Addr,
    Addr,
    String,
    u32,
    Timestamp,
    Option<String>,
    Vec<String>,
    u64,
    Timestamp,
    Option<Timestamp>,
    ClaimStatus,
    Vec<PendReason>,
    Option<(Option<PurposeOfUse>, DecisionReason)>,
    Vec<StoredLine>,
    [Uint128; 6],
    PaymentStatus,
    Option<u64>,
    Option<Addr>,
    Option<u64>,
    bool,
    Option<u64>,
    Option<Addr>,
    Option<u64>,
    Option<Timestamp>,
    Uint128,
    Option<u64>,
);

/// A claim line in storage: [`ClaimLine`]'s fields in its order, adjustments as
/// (group, reason, amount, RARC), effects as (deductible, out of pocket, units counted,
/// authorization units, indexed, out of network, RPM period).
#[derive(Serialize, cw_health_types::MapDeserialize, cw_health_types::ToJson)]
#[serde(crate = "cosmwasm_schema::serde")]
struct StoredLine(
    u32,
    String,
    Vec<String>,
    u32,
    Uint128,
    Vec<u8>,
    Option<u64>,
    Option<DrugPack>,
    Option<Addr>,
    LineStatus,
    Uint128,
    Uint128,
    Vec<(AdjustmentGroup, Carc, Uint128, Option<String>)>,
    Option<LineReviewAction>,
    (Uint128, Uint128, u32, u32, bool, bool, bool),
);

impl From<&ClaimLine> for StoredLine {
    fn from(l: &ClaimLine) -> Self {
        let e = &l.effects;
        StoredLine(
            l.number,
            l.procedure_code.clone(),
            l.modifiers.clone(),
            l.units,
            l.charge,
            l.diagnosis_pointers.clone(),
            l.prior_auth_id,
            l.drug.clone(),
            l.device.clone(),
            l.status,
            l.allowed,
            l.paid,
            l.adjustments
                .iter()
                .map(|a| (a.group, a.reason, a.amount, a.rarc.clone()))
                .collect(),
            l.review.clone(),
            (
                e.deductible,
                e.out_of_pocket,
                e.units_counted,
                e.auth_units,
                e.indexed,
                e.out_of_network,
                e.rpm_period,
            ),
        )
    }
}

impl From<StoredLine> for ClaimLine {
    fn from(l: StoredLine) -> Self {
        let StoredLine(
            number,
            code,
            modifiers,
            units,
            charge,
            pointers,
            auth,
            drug,
            device,
            status,
            allowed,
            paid,
            adjustments,
            review,
            e,
        ) = l;
        ClaimLine {
            number,
            procedure_code: code,
            modifiers,
            units,
            charge,
            diagnosis_pointers: pointers,
            prior_auth_id: auth,
            drug,
            device,
            status,
            allowed,
            paid,
            adjustments: adjustments
                .into_iter()
                .map(|(group, reason, amount, rarc)| Adjustment {
                    group,
                    reason,
                    amount,
                    rarc,
                })
                .collect(),
            review,
            effects: LineEffects {
                deductible: e.0,
                out_of_pocket: e.1,
                units_counted: e.2,
                auth_units: e.3,
                indexed: e.4,
                out_of_network: e.5,
                rpm_period: e.6,
            },
        }
    }
}

impl From<&Claim> for StoredClaim {
    fn from(c: &Claim) -> Self {
        StoredClaim(
            c.plan_id,
            c.frequency,
            c.original_claim_id,
            c.provider.clone(),
            c.member.clone(),
            c.family_id.clone(),
            c.plan_year,
            c.date_of_service,
            c.place_of_service.clone(),
            c.diagnoses.clone(),
            c.supporting_record_id,
            c.submitted_at,
            c.adjudicated_at,
            c.status,
            c.pend_reasons.clone(),
            c.record_access.as_ref().map(|r| (r.purpose, r.reason)),
            c.lines.iter().map(StoredLine::from).collect(),
            [
                c.total_charge,
                c.total_allowed,
                c.total_paid,
                c.patient_responsibility,
                c.credited,
                c.reserved,
            ],
            c.payment_status,
            c.payment_queue_seq,
            c.adjudicator.clone(),
            c.appeal_id,
            c.edits_waived,
            c.reversed_by,
            c.rendering_provider.clone(),
            c.primary_claim_id,
            c.payment_due_at,
            c.interest_paid,
            c.visit_id,
        )
    }
}

impl StoredClaim {
    /// The API's claim of id `id` (the key).
    fn into_claim(self, id: u64) -> Claim {
        let StoredClaim(
            plan_id,
            frequency,
            original_claim_id,
            provider,
            member,
            family_id,
            plan_year,
            date_of_service,
            place_of_service,
            diagnoses,
            supporting_record_id,
            submitted_at,
            adjudicated_at,
            status,
            pend_reasons,
            record_access,
            lines,
            [total_charge, total_allowed, total_paid, patient_responsibility, credited, reserved],
            payment_status,
            payment_queue_seq,
            adjudicator,
            appeal_id,
            edits_waived,
            reversed_by,
            rendering_provider,
            primary_claim_id,
            payment_due_at,
            interest_paid,
            visit_id,
        ) = self;
        Claim {
            id,
            plan_id,
            frequency,
            original_claim_id,
            provider,
            member,
            family_id,
            plan_year,
            date_of_service,
            place_of_service,
            diagnoses,
            supporting_record_id,
            submitted_at,
            adjudicated_at,
            status,
            pend_reasons,
            record_access: record_access.map(|(purpose, reason)| RecordAccess { purpose, reason }),
            lines: lines.into_iter().map(ClaimLine::from).collect(),
            total_charge,
            total_allowed,
            total_paid,
            patient_responsibility,
            credited,
            reserved,
            payment_status,
            payment_queue_seq,
            adjudicator,
            appeal_id,
            edits_waived,
            reversed_by,
            rendering_provider,
            primary_claim_id,
            payment_due_at,
            interest_paid,
            visit_id,
        }
    }
}

/// Claims by id, stored as [`StoredClaim`]; loads and saves the API's [`Claim`].
pub struct ClaimStore(Map<u64, StoredClaim>);

/// Claims by id.
pub const CLAIMS: ClaimStore = ClaimStore(Map::new("claims"));

impl ClaimStore {
    /// Loads a claim (an error if absent).
    pub fn read(&self, storage: &dyn Storage, id: u64) -> StdResult<Claim> {
        Ok(self.0.read(storage, id)?.into_claim(id))
    }

    /// Loads a claim if present.
    pub fn may_read(&self, storage: &dyn Storage, id: u64) -> StdResult<Option<Claim>> {
        Ok(self.0.may_read(storage, id)?.map(|c| c.into_claim(id)))
    }

    /// Saves a claim under its id.
    pub fn write(&self, storage: &mut dyn Storage, id: u64, claim: &Claim) -> StdResult<()> {
        self.0.write(storage, id, &StoredClaim::from(claim))
    }

    /// Claim ids in ascending order after `start_after`, at most `limit`.
    pub fn ids(
        &self,
        storage: &dyn Storage,
        start_after: Option<u64>,
        limit: usize,
    ) -> StdResult<Vec<u64>> {
        self.0
            .keys(
                storage,
                start_after.map(Bound::exclusive),
                None,
                Order::Ascending,
            )
            .take(limit)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;
    use cw_health_types::claims_engine::codes::AdjustmentGroup;

    fn line(n: u32) -> ClaimLine {
        ClaimLine {
            number: n,
            procedure_code: "99213".into(),
            modifiers: vec!["25".into(), "59".into()],
            units: 3,
            charge: Uint128::new(900),
            diagnosis_pointers: vec![1, 2],
            prior_auth_id: Some(7),
            drug: Some(DrugPack {
                gtin: "00312345678906".into(),
                serial: "SN-1".into(),
            }),
            device: Some(Addr::unchecked("device")),
            status: LineStatus::Pended,
            allowed: Uint128::new(600),
            paid: Uint128::new(400),
            adjustments: vec![
                Adjustment {
                    group: AdjustmentGroup::ContractualObligation,
                    reason: Carc::EXCEEDS_FEE_SCHEDULE,
                    amount: Uint128::new(300),
                    rarc: Some("N130".into()),
                },
                Adjustment {
                    group: AdjustmentGroup::PatientResponsibility,
                    reason: Carc::DEDUCTIBLE,
                    amount: Uint128::new(200),
                    rarc: None,
                },
            ],
            review: Some(LineReviewAction::Reprice {
                allowed: Uint128::new(600),
            }),
            effects: LineEffects {
                deductible: Uint128::new(200),
                out_of_pocket: Uint128::new(210),
                units_counted: 3,
                auth_units: 2,
                indexed: true,
                out_of_network: true,
                rpm_period: true,
            },
        }
    }

    /// Every field set to a value that is not its stored default.
    fn full() -> Claim {
        Claim {
            id: 42,
            plan_id: 3,
            frequency: ClaimFrequency::Replacement,
            original_claim_id: Some(41),
            provider: Addr::unchecked("provider"),
            member: Addr::unchecked("member"),
            family_id: "FAM-9".into(),
            plan_year: 2,
            date_of_service: Timestamp::from_nanos(1_700_000_000_123_456_789),
            place_of_service: Some("11".into()),
            diagnoses: vec!["Z00.00".into(), "E11.9".into()],
            supporting_record_id: 5,
            submitted_at: Timestamp::from_nanos(1_700_100_000_000_000_001),
            adjudicated_at: Some(Timestamp::from_nanos(1_700_200_000_000_000_002)),
            status: ClaimStatus::PartiallyPaid,
            pend_reasons: vec![PendReason::SuspectDuplicate, PendReason::SuspectPack],
            record_access: Some(RecordAccess {
                purpose: Some(PurposeOfUse::Payment),
                reason: DecisionReason::PermittedByGrant,
            }),
            lines: vec![line(1), line(2)],
            total_charge: Uint128::new(1800),
            total_allowed: Uint128::new(1200),
            total_paid: Uint128::new(800),
            patient_responsibility: Uint128::new(400),
            credited: Uint128::new(300),
            reserved: Uint128::new(100),
            payment_status: PaymentStatus::Pending,
            payment_queue_seq: Some(9),
            adjudicator: Some(Addr::unchecked("adjuster")),
            appeal_id: Some(4),
            edits_waived: true,
            reversed_by: Some(43),
            rendering_provider: Some(Addr::unchecked("rendering")),
            primary_claim_id: Some(40),
            payment_due_at: Some(Timestamp::from_nanos(1_700_300_000_000_000_003)),
            interest_paid: Uint128::new(7),
            visit_id: Some(11),
        }
    }

    /// Every field at its stored default (left out).
    fn bare() -> Claim {
        Claim {
            id: 1,
            plan_id: 0,
            frequency: ClaimFrequency::Original,
            original_claim_id: None,
            provider: Addr::unchecked("provider"),
            member: Addr::unchecked("member"),
            family_id: String::new(),
            plan_year: 0,
            date_of_service: Timestamp::from_nanos(0),
            place_of_service: None,
            diagnoses: vec![],
            supporting_record_id: 0,
            submitted_at: Timestamp::from_nanos(0),
            adjudicated_at: None,
            status: ClaimStatus::Void,
            pend_reasons: vec![],
            record_access: None,
            lines: vec![],
            total_charge: Uint128::zero(),
            total_allowed: Uint128::zero(),
            total_paid: Uint128::zero(),
            patient_responsibility: Uint128::zero(),
            credited: Uint128::zero(),
            reserved: Uint128::zero(),
            payment_status: PaymentStatus::NotDue,
            payment_queue_seq: None,
            adjudicator: None,
            appeal_id: None,
            edits_waived: false,
            reversed_by: None,
            rendering_provider: None,
            primary_claim_id: None,
            payment_due_at: None,
            interest_paid: Uint128::zero(),
            visit_id: None,
        }
    }

    fn round_trip(c: &Claim) -> Claim {
        let mut s = MockStorage::new();
        CLAIMS.write(&mut s, c.id, c).unwrap();
        CLAIMS.read(&s, c.id).unwrap()
    }

    #[test]
    fn a_claim_with_every_field_set_comes_back_unchanged() {
        let c = full();
        assert_eq!(round_trip(&c), c);
        // The same with the usual values the stored form leaves out.
        let mut c = full();
        c.adjudicated_at = Some(c.submitted_at);
        c.frequency = ClaimFrequency::Void;
        for l in c.lines.iter_mut() {
            l.status = LineStatus::Denied;
            l.effects = LineEffects::default();
        }
        c.payment_status = PaymentStatus::Issued;
        assert_eq!(round_trip(&c), c);
        c.record_access = Some(RecordAccess {
            purpose: None,
            reason: DecisionReason::SelfPayRestricted,
        });
        assert_eq!(round_trip(&c), c);
    }

    #[test]
    fn a_claim_with_every_field_at_its_default_comes_back_unchanged() {
        let c = bare();
        assert_eq!(round_trip(&c), c);
        let mut c = bare();
        c.adjudicated_at = Some(c.submitted_at);
        c.lines = vec![ClaimLine {
            modifiers: vec![],
            diagnosis_pointers: vec![],
            prior_auth_id: None,
            drug: None,
            device: None,
            status: LineStatus::Paid,
            allowed: Uint128::zero(),
            paid: Uint128::zero(),
            adjustments: vec![],
            review: None,
            effects: LineEffects::default(),
            ..line(1)
        }];
        assert_eq!(round_trip(&c), c);
    }

    #[test]
    fn the_stored_claim_is_compact_and_an_old_layout_is_refused() {
        let c = full();
        let mut s = MockStorage::new();
        CLAIMS.write(&mut s, c.id, &c).unwrap();
        let stored = s.get(&CLAIMS.0.key(c.id)).unwrap();
        let api = cosmwasm_std::to_json_vec(&c).unwrap();
        // Every field set: about half the bytes.
        assert!(
            stored.len() * 2 < api.len(),
            "{} vs {}",
            stored.len(),
            api.len()
        );
        // A claim stored as the API type (the 0.1.x layout) is an error, never misread.
        s.set(&CLAIMS.0.key(c.id), &api);
        assert!(CLAIMS.read(&s, c.id).is_err());
        assert!(CLAIMS.may_read(&s, c.id).is_err());
    }

    #[test]
    fn ids_page_in_order() {
        let mut s = MockStorage::new();
        for id in [3u64, 1, 2, 10] {
            let mut c = bare();
            c.id = id;
            CLAIMS.write(&mut s, id, &c).unwrap();
        }
        assert_eq!(CLAIMS.ids(&s, None, 10).unwrap(), vec![1, 2, 3, 10]);
        assert_eq!(CLAIMS.ids(&s, Some(2), 2).unwrap(), vec![3, 10]);
        assert_eq!(CLAIMS.read(&s, 10).unwrap().id, 10);
        assert_eq!(CLAIMS.may_read(&s, 4).unwrap(), None);
    }
}
