//! Unit tests with mocked ehr-registry and drug-provenance queriers.
//!
//! `Suite` holds the contract's deps and a shared `World` that answers the other contracts'
//! queries per contract address. Every claim a test creates is checked by [`assert_balanced`]
//! (each line: charge = paid + sum(adjustments); the claim totals match the lines).

mod adjudication;
mod admin;
mod appeal_kinds;
mod appeals;
mod cob;
mod corrections;
mod enrollment_bounds;
mod family;
mod ncci;
mod network;
mod payments;
mod prior_auth;
mod prompt_pay;
mod reassignment;
mod record;
mod redecide;
mod rules;
mod waterfall;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use cosmwasm_schema::serde::de::DeserializeOwned;
use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{
    coins, from_json, to_json_binary, Addr, BankMsg, Binary, Coin, ContractResult, CosmosMsg, Env,
    OwnedDeps, Response, SystemError, SystemResult, Timestamp, Uint128, WasmQuery,
};
use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{
    AdjustmentGroup, Carc, Claim, ClaimFrequency, ClaimLineInput, ClaimSubmission, CodeBenefit,
    CostLimit, CostShare, DrugPack, EnrollmentInput, ExecuteMsg, InstantiateMsg, LineStatus,
    MemberStatus, PlanInput, QueryMsg,
};
use cw_health_types::drug_provenance::{
    AlertCode, QueryMsg as DrugQuery, RecallClass, UnitStatus, VerifyUnitResponse,
};
use cw_health_types::ehr_registry::{
    AccessBasis, AccessDecision, DecisionReason, DelegateInfo, DelegateRelationship, PartyInfo,
    PartyRole, PartyStatus, Period, QueryMsg as EhrQuery, Scope,
};
use cw_health_types::PurposeOfUse;

use crate::adjudicate::line_balances;
use crate::contract::{execute, instantiate, query};
use crate::ContractError;

pub const DENOM: &str = "uhealth";
/// A GTIN-14 with a valid check digit.
pub const GTIN: &str = "09506000134352";

/// How ehr-registry answers `check_access` for one (provider, record).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Allowed for HPAYMT.
    Payment,
    /// Denied for HPAYMT (no grant), allowed for TREAT.
    TreatOnly,
    /// Denied for every purpose.
    Denied,
    /// HPAYMT answered SelfPayRestricted (TREAT would be allowed).
    SelfPay,
}

/// A pack as drug-provenance knows it.
#[derive(Clone, Debug)]
pub struct Pack {
    pub status: UnitStatus,
    pub dispensed_by: Option<Addr>,
    pub recall_class: Option<RecallClass>,
    /// Alerts drug-provenance reports (e.g. a second dispense attempt).
    pub alerts: Vec<AlertCode>,
    /// When it was dispensed.
    pub dispensed_at: Option<Timestamp>,
    /// Billing units the pack holds (its product's `pack_quantity`).
    pub quantity: Option<u32>,
    /// End of the window in which the dispense may still be undone.
    pub undo_until: Option<Timestamp>,
}

impl Pack {
    /// A pack dispensed by `by` at `at`, 100 units, its undo window closed at `at`.
    pub fn dispensed(by: &Addr, at: Timestamp) -> Self {
        Pack {
            status: UnitStatus::Dispensed,
            dispensed_by: Some(by.clone()),
            recall_class: None,
            alerts: vec![],
            dispensed_at: Some(at),
            quantity: Some(100),
            undo_until: Some(at),
        }
    }
}

/// A record as ehr-registry answers it (the fields claims-engine reads).
#[derive(Clone, Debug, cosmwasm_schema::serde::Serialize)]
#[serde(crate = "cosmwasm_schema::serde")]
pub struct RecordStub {
    pub id: u64,
    pub patient: Addr,
    pub custodian: Addr,
    pub data_period: Option<Period>,
    pub self_pay_restricted: bool,
    pub created_by: Addr,
    pub created_at: Timestamp,
}

#[derive(Default)]
pub struct World {
    pub ehr: String,
    pub drugs: String,
    pub parties: HashMap<String, PartyInfo>,
    /// (provider, record) -> access; default Payment.
    pub access: HashMap<(String, u64), Access>,
    /// (gtin, serial) -> pack; default unknown.
    pub packs: HashMap<(String, String), Pack>,
    /// Every purpose asked of check_access, in order.
    pub purposes_asked: Vec<PurposeOfUse>,
    /// Records by id; an unknown record is about the last patient asked, written by the last
    /// actor asked, with a clinical period covering every date.
    pub records: HashMap<u64, RecordStub>,
    /// (patient, actor) of the last check_access.
    pub last_access: Option<(String, String)>,
    /// (patient, delegate) -> the delegate's relation and whether the appointment is active.
    pub delegates: HashMap<(String, String), (DelegateRelationship, bool)>,
}

fn answer<T: cosmwasm_schema::serde::Serialize>(v: &T) -> cosmwasm_std::QuerierResult {
    SystemResult::Ok(ContractResult::Ok(to_json_binary(v).unwrap()))
}

/// ehr-registry's `record_use` answer, as the mock gives it.
#[derive(cosmwasm_schema::serde::Serialize)]
#[serde(crate = "cosmwasm_schema::serde")]
struct RecordUseStub {
    purpose: Option<PurposeOfUse>,
    decision: AccessDecision,
    record: Option<RecordStub>,
    parties: Vec<Option<PartyInfo>>,
}

/// A record as the mock ehr-registry knows it: one of `World::records`, else about the last
/// patient asked, written by the last actor asked, with a clinical period covering every date.
fn record_stub(w: &World, record_id: u64) -> RecordStub {
    w.records.get(&record_id).cloned().unwrap_or_else(|| {
        let (patient, actor) = w.last_access.clone().unwrap_or_default();
        RecordStub {
            id: record_id,
            patient: Addr::unchecked(patient),
            custodian: Addr::unchecked(actor.clone()),
            data_period: Some(Period {
                start: Timestamp::from_seconds(0),
                end: Timestamp::from_seconds(4_000_000_000),
            }),
            self_pay_restricted: false,
            created_by: Addr::unchecked(actor),
            created_at: Timestamp::from_seconds(0),
        }
    })
}

/// The mock's access decision for one purpose (see [`Access`]); records what was asked.
fn check_access(
    w: &mut World,
    patient: &str,
    actor: &str,
    purpose: PurposeOfUse,
    record_id: u64,
) -> AccessDecision {
    w.purposes_asked.push(purpose);
    w.last_access = Some((patient.to_string(), actor.to_string()));
    let mode = w
        .access
        .get(&(actor.to_string(), record_id))
        .copied()
        .unwrap_or(Access::Payment);
    let allow = |reason| AccessDecision {
        allowed: true,
        basis: Some(AccessBasis::Grant { grant_id: 1 }),
        reason,
        redisclosure_notice_required: false,
    };
    let deny = |reason| AccessDecision {
        allowed: false,
        basis: None,
        reason,
        redisclosure_notice_required: false,
    };
    match (mode, purpose) {
        (Access::Payment, _) => allow(DecisionReason::PermittedByGrant),
        (Access::TreatOnly, PurposeOfUse::Treatment) => allow(DecisionReason::PermittedByGrant),
        (Access::SelfPay, PurposeOfUse::Payment) => deny(DecisionReason::SelfPayRestricted),
        (Access::SelfPay, _) => allow(DecisionReason::PermittedByGrant),
        _ => deny(DecisionReason::NoMatchingGrant),
    }
}

fn handle(world: &Rc<RefCell<World>>, q: &WasmQuery) -> cosmwasm_std::QuerierResult {
    let WasmQuery::Smart { contract_addr, msg } = q else {
        return SystemResult::Err(SystemError::Unknown {});
    };
    let mut w = world.borrow_mut();
    if *contract_addr == w.ehr {
        match from_json::<EhrQuery>(msg).unwrap() {
            EhrQuery::Party { address } => answer(&w.parties.get(&address).cloned()),
            EhrQuery::Delegate { patient, delegate } => {
                answer(&w.delegates.get(&(patient.clone(), delegate.clone())).map(
                    |(relationship, active)| DelegateInfo {
                        patient: Addr::unchecked(patient),
                        delegate: Addr::unchecked(delegate),
                        relationship: *relationship,
                        scope: Scope {
                            actions: vec![],
                            purposes: vec![],
                            resource_types: vec![],
                            labels: vec![],
                        },
                        manage_grants: false,
                        appointed_at: Timestamp::from_seconds(0),
                        expires_at: None,
                        active: *active,
                    },
                ))
            }
            EhrQuery::Record { record_id } => {
                let record = record_stub(&w, record_id);
                answer(&record)
            }
            EhrQuery::CheckAccess(req) => {
                let d = check_access(
                    &mut w,
                    &req.patient,
                    &req.actor,
                    req.purpose,
                    req.record_id.unwrap(),
                );
                answer(&d)
            }
            EhrQuery::RecordUse(req) => {
                // As ehr-registry answers it: each purpose decided as check_access decides it,
                // in order, up to the first allowed or a self-pay restriction; then the record.
                let mut found = None;
                for &purpose in &req.purposes {
                    let d = check_access(&mut w, &req.patient, &req.actor, purpose, req.record_id);
                    let done = d.allowed || d.reason == DecisionReason::SelfPayRestricted;
                    found = Some((d.allowed.then_some(purpose), d));
                    if done {
                        break;
                    }
                }
                let (purpose, decision) = found.unwrap();
                let record = Some(record_stub(&w, req.record_id))
                    .filter(|r| r.patient.as_str() == req.patient);
                let parties = req
                    .parties
                    .iter()
                    .map(|a| w.parties.get(a).cloned())
                    .collect();
                answer(&RecordUseStub {
                    purpose,
                    decision,
                    record,
                    parties,
                })
            }
            _ => SystemResult::Err(SystemError::Unknown {}),
        }
    } else if *contract_addr == w.drugs {
        match from_json::<DrugQuery>(msg).unwrap() {
            DrugQuery::VerifyUnit(req) => {
                let pack = w
                    .packs
                    .get(&(req.gtin.clone(), req.serial.clone()))
                    .cloned();
                let r = VerifyUnitResponse {
                    gtin: req.gtin,
                    serial: req.serial,
                    status: pack
                        .as_ref()
                        .map(|p| p.status)
                        .unwrap_or(UnitStatus::Unknown),
                    alerts: pack.as_ref().map(|p| p.alerts.clone()).unwrap_or_default(),
                    lot: None,
                    expiry: None,
                    owner: None,
                    dispensed_by: pack.as_ref().and_then(|p| p.dispensed_by.clone()),
                    dispensed_at: pack.as_ref().and_then(|p| p.dispensed_at),
                    recall_class: pack.as_ref().and_then(|p| p.recall_class),
                    pack_quantity: pack.as_ref().and_then(|p| p.quantity),
                    undo_until: pack.and_then(|p| p.undo_until),
                };
                answer(&r)
            }
            _ => SystemResult::Err(SystemError::Unknown {}),
        }
    } else {
        SystemResult::Err(SystemError::NoSuchContract {
            addr: contract_addr.clone(),
        })
    }
}

pub struct Suite {
    pub deps: OwnedDeps<MockStorage, MockApi, MockQuerier>,
    pub env: Env,
    pub world: Rc<RefCell<World>>,
    pub owner: Addr,
    pub insurer: Addr,
    pub adjuster: Addr,
    pub adjuster2: Addr,
    pub provider: Addr,
    pub pharmacy: Addr,
    /// Family FAM1.
    pub member: Addr,
    /// Family FAM1.
    pub member2: Addr,
    /// Family FAM1.
    pub member4: Addr,
    /// Family FAM2.
    pub member3: Addr,
    pub plan_id: u64,
}

pub fn party(addr: &Addr, role: PartyRole, status: PartyStatus) -> PartyInfo {
    PartyInfo {
        address: addr.clone(),
        identifier: "NPI1234567".into(),
        role,
        license_expiry: Timestamp::from_seconds(4_000_000_000),
        status,
        active: status == PartyStatus::Active,
    }
}

pub fn benefit(
    code: &str,
    fee: u128,
    cost_share: CostShare,
    deductible_applies: bool,
    prior_auth_required: bool,
    max_units_per_day: Option<u32>,
) -> CodeBenefit {
    CodeBenefit {
        code: code.into(),
        fee_per_unit: Uint128::new(fee),
        cost_share,
        deductible_applies,
        prior_auth_required,
        max_units_per_day,
        products: vec![],
        out_of_network: None,
    }
}

pub fn coins20() -> CostShare {
    CostShare::Coinsurance { bps: 2000 }
}

/// The default plan: deductible 500/1000, OOP 1500/3000, timely filing 90 days, ceiling 50 000.
pub fn plan_input(s: &Suite) -> PlanInput {
    PlanInput {
        external_id: "HIOS-12345VA0010001".into(),
        denom: DENOM.into(),
        plan_year_start: s.env.block.time.minus_seconds(200 * DAY_SECONDS),
        deductible: CostLimit {
            individual: Uint128::new(500),
            family: Uint128::new(1000),
        },
        out_of_pocket_max: CostLimit {
            individual: Uint128::new(1500),
            family: Uint128::new(3000),
        },
        benefits: vec![
            // Office visit: 20 % coinsurance after deductible, at most 2 per day.
            benefit("99213", 100, coins20(), true, false, Some(2)),
            // Office visit, copay 25, no deductible.
            benefit(
                "99214",
                150,
                CostShare::Copay {
                    amount: Uint128::new(25),
                },
                false,
                false,
                None,
            ),
            // MRI: prior authorization required.
            benefit("70551", 1000, coins20(), true, true, None),
            // Therapy, per 15 minutes, at most 4 units a day.
            benefit("97110", 40, coins20(), true, false, Some(4)),
            // Knee replacement.
            benefit("27447", 20_000, coins20(), true, false, None),
            // Injection drug (pharmacy line), no deductible, 10 % coinsurance; the product GTIN
            // is billed under it.
            CodeBenefit {
                products: vec![GTIN.into()],
                ..benefit(
                    "J1100",
                    10,
                    CostShare::Coinsurance { bps: 1000 },
                    false,
                    false,
                    None,
                )
            },
            // 1-unit fee code for rounding tests, no deductible.
            benefit("G0001", 1, coins20(), false, false, None),
            // Excluded benefit.
            benefit("S9999", 50, CostShare::NotCovered {}, false, false, None),
        ],
        timely_filing_days: 90,
        auto_approval_ceiling: Uint128::new(50_000),
        adjusters: vec![s.adjuster.to_string(), s.adjuster2.to_string()],
        prompt_pay: None,
        out_of_network_limits: None,
    }
}

impl Suite {
    /// A contract with the default plan, members enrolled and a pool of 1 000 000.
    pub fn new() -> Self {
        Self::with_funding(1_000_000, None)
    }

    pub fn with_funding(funding: u128, batch: Option<u32>) -> Self {
        let mut deps = mock_dependencies();
        let api = deps.api;
        let world = Rc::new(RefCell::new(World {
            ehr: api.addr_make("ehr").to_string(),
            drugs: api.addr_make("drugs").to_string(),
            ..World::default()
        }));
        let w2 = world.clone();
        deps.querier.update_wasm(move |q| handle(&w2, q));
        let mut s = Suite {
            deps,
            env: mock_env(),
            world,
            owner: api.addr_make("owner"),
            insurer: api.addr_make("insurer"),
            adjuster: api.addr_make("adjuster"),
            adjuster2: api.addr_make("adjuster2"),
            provider: api.addr_make("provider"),
            pharmacy: api.addr_make("pharmacy"),
            member: api.addr_make("member"),
            member2: api.addr_make("member2"),
            member4: api.addr_make("member4"),
            member3: api.addr_make("member3"),
            plan_id: 0,
        };
        {
            let mut w = s.world.borrow_mut();
            for (a, role) in [
                (&s.insurer, PartyRole::Payer),
                (&s.provider, PartyRole::Clinician),
                (&s.pharmacy, PartyRole::Organization),
            ] {
                w.parties
                    .insert(a.to_string(), party(a, role, PartyStatus::Active));
            }
        }
        let owner = s.owner.clone();
        let msg = InstantiateMsg {
            owner: None,
            ehr_registry: api.addr_make("ehr").to_string(),
            drug_provenance: api.addr_make("drugs").to_string(),
            payout_batch_limit: batch,
        };
        instantiate(
            s.deps.as_mut(),
            s.env.clone(),
            message_info(&owner, &[]),
            msg,
        )
        .unwrap();
        let input = plan_input(&s);
        let insurer = s.insurer.clone();
        let res = s.exec(&insurer, ExecuteMsg::CreatePlan(input)).unwrap();
        s.plan_id = attr(&res, "plan_id").parse().unwrap();
        let start = s.env.block.time.minus_seconds(200 * DAY_SECONDS);
        for (m, fam) in [
            (s.member.clone(), "FAM1"),
            (s.member2.clone(), "FAM1"),
            (s.member4.clone(), "FAM1"),
            (s.member3.clone(), "FAM2"),
        ] {
            s.enroll(&m, fam, start, None, MemberStatus::Active)
                .unwrap();
        }
        if funding > 0 {
            s.fund(funding).unwrap();
        }
        s
    }

    pub fn exec(&mut self, sender: &Addr, msg: ExecuteMsg) -> Result<Response, ContractError> {
        self.exec_funds(sender, &[], msg)
    }

    pub fn exec_funds(
        &mut self,
        sender: &Addr,
        funds: &[Coin],
        msg: ExecuteMsg,
    ) -> Result<Response, ContractError> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, funds),
            msg,
        )
    }

    pub fn q<T: DeserializeOwned>(&self, msg: QueryMsg) -> T {
        from_json::<T>(self.try_q(msg).unwrap()).unwrap()
    }

    pub fn try_q(&self, msg: QueryMsg) -> Result<Binary, ContractError> {
        query(self.deps.as_ref(), self.env.clone(), msg)
    }

    pub fn fund(&mut self, amount: u128) -> Result<Response, ContractError> {
        let insurer = self.insurer.clone();
        let plan_id = self.plan_id;
        self.exec_funds(
            &insurer,
            &coins(amount, DENOM),
            ExecuteMsg::FundPool { plan_id },
        )
    }

    pub fn enroll(
        &mut self,
        member: &Addr,
        family: &str,
        start: Timestamp,
        end: Option<Timestamp>,
        status: MemberStatus,
    ) -> Result<Response, ContractError> {
        let insurer = self.insurer.clone();
        let msg = ExecuteMsg::EnrollMember(EnrollmentInput {
            plan_id: self.plan_id,
            member: member.to_string(),
            family_id: family.into(),
            coverage_start: start,
            coverage_end: end,
            status,
            dependant_of: None,
        });
        self.exec(&insurer, msg)
    }

    pub fn advance(&mut self, seconds: u64) {
        self.env.block.time = self.env.block.time.plus_seconds(seconds);
        self.env.block.height += 1;
    }

    /// Yesterday.
    pub fn dos(&self) -> Timestamp {
        self.env.block.time.minus_seconds(DAY_SECONDS)
    }

    /// A one-diagnosis original claim for `member` by `provider`.
    pub fn submission(&self, member: &Addr, lines: Vec<ClaimLineInput>) -> ClaimSubmission {
        ClaimSubmission {
            plan_id: self.plan_id,
            member: member.to_string(),
            frequency: ClaimFrequency::Original,
            original_claim_id: None,
            date_of_service: self.dos(),
            place_of_service: Some("11".into()),
            diagnoses: vec!["E11.9".into(), "I10".into()],
            lines,
            supporting_record_id: 1,
            rendering_provider: None,
            primary_claim_id: None,
            visit_id: None,
        }
    }

    /// Submits; returns the stored claim (checked with [`assert_balanced`]) and the response.
    pub fn submit_as(
        &mut self,
        provider: &Addr,
        sub: ClaimSubmission,
    ) -> Result<(Claim, Response), ContractError> {
        let res = self.exec(provider, ExecuteMsg::SubmitClaim(sub))?;
        let id: u64 = attr(&res, "claim_id").parse().unwrap();
        Ok((self.claim(id), res))
    }

    pub fn submit(&mut self, sub: ClaimSubmission) -> (Claim, Response) {
        let provider = self.provider.clone();
        self.submit_as(&provider, sub).unwrap()
    }

    /// Submits a claim of `lines` for `member` and returns it.
    pub fn claim_for(&mut self, member: &Addr, lines: Vec<ClaimLineInput>) -> Claim {
        let sub = self.submission(member, lines);
        self.submit(sub).0
    }

    /// Loads a claim and checks its balance.
    pub fn claim(&self, id: u64) -> Claim {
        let c: Claim = self.q(QueryMsg::Claim { claim_id: id });
        assert_balanced(&c);
        c
    }

    pub fn accumulators(
        &self,
        member: &Addr,
    ) -> cw_health_types::claims_engine::AccumulatorsResponse {
        self.q(QueryMsg::Accumulators {
            plan_id: self.plan_id,
            member: member.to_string(),
            plan_year: None,
        })
    }

    pub fn pool(&self) -> cw_health_types::claims_engine::PoolResponse {
        self.q(QueryMsg::Pool {
            plan_id: self.plan_id,
        })
    }

    pub fn set_access(&self, provider: &Addr, record: u64, access: Access) {
        self.world
            .borrow_mut()
            .access
            .insert((provider.to_string(), record), access);
    }

    pub fn set_pack(&self, serial: &str, pack: Pack) {
        self.world
            .borrow_mut()
            .packs
            .insert((GTIN.to_string(), serial.to_string()), pack);
    }
}

/// A line: code, units, charge; pointer 1.
pub fn line(code: &str, units: u32, charge: u128) -> ClaimLineInput {
    ClaimLineInput {
        procedure_code: code.into(),
        modifiers: vec![],
        units,
        charge: Uint128::new(charge),
        diagnosis_pointers: vec![1],
        prior_auth_id: None,
        drug: None,
        device: None,
    }
}

pub fn with_mods(mut l: ClaimLineInput, mods: &[&str]) -> ClaimLineInput {
    l.modifiers = mods.iter().map(|m| m.to_string()).collect();
    l
}

pub fn with_auth(mut l: ClaimLineInput, auth: u64) -> ClaimLineInput {
    l.prior_auth_id = Some(auth);
    l
}

pub fn with_pack(mut l: ClaimLineInput, serial: &str) -> ClaimLineInput {
    l.drug = Some(DrugPack {
        gtin: GTIN.into(),
        serial: serial.into(),
    });
    l
}

/// The invariant: every line balances, and the claim totals are the sums of its lines.
pub fn assert_balanced(c: &Claim) {
    let mut paid = Uint128::zero();
    let mut charge = Uint128::zero();
    let mut allowed = Uint128::zero();
    let mut pr = Uint128::zero();
    for l in &c.lines {
        let adj: Uint128 = l.adjustments.iter().map(|a| a.amount).sum();
        assert_eq!(
            l.charge,
            l.paid + adj,
            "claim {} line {}: charge != paid + adjustments",
            c.id,
            l.number
        );
        assert!(line_balances(l));
        assert!(l.adjustments.iter().all(|a| !a.amount.is_zero()));
        assert!(l.allowed <= l.charge);
        paid += l.paid;
        charge += l.charge;
        allowed += l.allowed;
        pr += l
            .adjustments
            .iter()
            .filter(|a| a.group == AdjustmentGroup::PatientResponsibility)
            .map(|a| a.amount)
            .sum::<Uint128>();
    }
    if !c.lines.is_empty() {
        assert_eq!(c.total_paid, paid, "claim {} total_paid", c.id);
        assert_eq!(c.total_charge, charge);
        assert_eq!(c.total_allowed, allowed);
        assert_eq!(c.patient_responsibility, pr);
    }
}

/// The (group code, CARC, amount) triples of a line, e.g. ("CO", 45, 50).
pub fn adjs(c: &Claim, line: usize) -> Vec<(&'static str, u16, u128)> {
    c.lines[line]
        .adjustments
        .iter()
        .map(|a| (a.group.code(), a.reason.0, a.amount.u128()))
        .collect()
}

pub fn denied_with(c: &Claim, line: usize, group: &'static str, carc: Carc) {
    let l = &c.lines[line];
    assert_eq!(
        l.status,
        LineStatus::Denied,
        "line {line} of claim {}",
        c.id
    );
    assert_eq!(adjs(c, line), vec![(group, carc.0, l.charge.u128())]);
    assert!(l.paid.is_zero());
}

pub fn attr(res: &Response, key: &str) -> String {
    res.attributes
        .iter()
        .find(|a| a.key == key)
        .expect("attribute present")
        .value
        .clone()
}

/// The bank sends of a response: (to, amount).
pub fn sends(res: &Response) -> Vec<(String, u128)> {
    res.messages
        .iter()
        .filter_map(|m| match &m.msg {
            CosmosMsg::Bank(BankMsg::Send { to_address, amount }) => {
                assert_eq!(amount.len(), 1);
                assert_eq!(amount[0].denom, DENOM);
                Some((
                    to_address.clone(),
                    Uint128::try_from(amount[0].amount).unwrap().u128(),
                ))
            }
            _ => None,
        })
        .collect()
}
