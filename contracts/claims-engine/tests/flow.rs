//! End to end in cw-multi-test: claims-engine queries (fake) ehr-registry and drug-provenance
//! contracts through the typed handles and pays providers with real bank transfers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use claims_engine::contract::{execute, instantiate, migrate, query};
use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    coins, to_json_binary, Addr, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response,
    StdError, StdResult, Timestamp, Uint128,
};
use cw_health_types::claims_engine::{
    Claim, ClaimFrequency, ClaimLineInput, ClaimStatus, ClaimSubmission, CodeBenefit, CostLimit,
    CostShare, DrugPack, EnrollmentInput, ExecuteMsg, InstantiateMsg, MemberStatus, PaymentStatus,
    PlanInput, PoolResponse, QueryMsg,
};
use cw_health_types::drug_provenance::{QueryMsg as DrugQuery, UnitStatus, VerifyUnitResponse};
use cw_health_types::ehr_registry::{
    AccessDecision, DecisionReason, PartyInfo, PartyRole, PartyStatus, QueryMsg as EhrQuery,
};
use cw_multi_test::{App, AppBuilder, Contract, ContractWrapper, Executor};
use cw_storage_plus::Item;

const DENOM: &str = "uhealth";
const GTIN: &str = "09506000134352";

/// Fake registry: the parties it knows, and one record (13) no one may read; every record is
/// about `patient`, written by `author`.
#[cw_serde]
struct FakeEhrInit {
    parties: Vec<(String, PartyRole)>,
    patient: String,
    author: String,
}
const PARTIES: Item<Vec<(String, PartyRole)>> = Item::new("parties");
const RECORDS_OF: Item<(String, String)> = Item::new("records_of");

/// The parts of ehr-registry's record answer claims-engine reads.
#[cw_serde]
struct FakeRecord {
    id: u64,
    patient: Addr,
    custodian: Addr,
    data_period: Option<cw_health_types::ehr_registry::Period>,
    self_pay_restricted: bool,
    created_by: Addr,
    created_at: cosmwasm_std::Timestamp,
}

/// The parts of ehr-registry's record_use answer claims-engine reads.
#[cw_serde]
struct FakeRecordUse {
    purpose: Option<cw_health_types::PurposeOfUse>,
    decision: AccessDecision,
    record: FakeRecord,
    parties: Vec<Option<PartyInfo>>,
}

/// The fake registry's entry of a party: active, with the role it was given.
fn fake_party(deps: Deps, env: &Env, address: &str) -> StdResult<Option<PartyInfo>> {
    let parties = PARTIES.load(deps.storage)?;
    Ok(parties
        .into_iter()
        .find(|(a, _)| *a == address)
        .map(|(a, role)| PartyInfo {
            address: Addr::unchecked(a),
            identifier: "NPI1".into(),
            role,
            license_expiry: env.block.time.plus_seconds(1_000_000),
            status: PartyStatus::Active,
            active: true,
        }))
}

fn ehr_instantiate(deps: DepsMut, _: Env, _: MessageInfo, msg: FakeEhrInit) -> StdResult<Response> {
    PARTIES.save(deps.storage, &msg.parties)?;
    RECORDS_OF.save(deps.storage, &(msg.patient, msg.author))?;
    Ok(Response::new())
}

fn noop_execute(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
    Err(StdError::msg("read-only fake"))
}

fn ehr_query(deps: Deps, env: Env, msg: EhrQuery) -> StdResult<Binary> {
    match msg {
        EhrQuery::Party { address } => to_json_binary(&fake_party(deps, &env, &address)?),
        EhrQuery::RecordUse(req) => {
            let allowed = req.record_id != 13;
            let (patient, author) = RECORDS_OF.load(deps.storage)?;
            to_json_binary(&FakeRecordUse {
                purpose: allowed.then_some(req.purposes[0]),
                decision: AccessDecision {
                    allowed,
                    basis: None,
                    reason: if allowed {
                        DecisionReason::PermittedByGrant
                    } else {
                        DecisionReason::NoMatchingGrant
                    },
                    redisclosure_notice_required: false,
                },
                parties: req
                    .parties
                    .iter()
                    .map(|a| fake_party(deps, &env, a))
                    .collect::<StdResult<_>>()?,
                record: FakeRecord {
                    id: req.record_id,
                    patient: Addr::unchecked(patient),
                    custodian: Addr::unchecked(author.clone()),
                    data_period: None,
                    self_pay_restricted: false,
                    created_by: Addr::unchecked(author),
                    created_at: env.block.time,
                },
            })
        }
        _ => Err(StdError::msg("unsupported")),
    }
}

/// Fake ledger: every pack is dispensed by one pharmacy.
#[cw_serde]
struct FakeDrugInit {
    dispenser: String,
}
const DISPENSER: Item<String> = Item::new("dispenser");

fn drug_instantiate(
    deps: DepsMut,
    _: Env,
    _: MessageInfo,
    msg: FakeDrugInit,
) -> StdResult<Response> {
    DISPENSER.save(deps.storage, &msg.dispenser)?;
    Ok(Response::new())
}

fn drug_query(deps: Deps, env: Env, msg: DrugQuery) -> StdResult<Binary> {
    match msg {
        DrugQuery::VerifyUnit(req) => to_json_binary(&VerifyUnitResponse {
            gtin: req.gtin,
            serial: req.serial,
            status: UnitStatus::Dispensed,
            alerts: vec![],
            lot: None,
            expiry: None,
            owner: None,
            dispensed_by: Some(Addr::unchecked(DISPENSER.load(deps.storage)?)),
            // Dispensed a day ago (the claims' date of service), its undo window closed.
            dispensed_at: Some(env.block.time.minus_seconds(86_400)),
            recall_class: None,
            pack_quantity: Some(30),
            undo_until: Some(env.block.time.minus_seconds(86_400)),
        }),
        _ => Err(StdError::msg("unsupported")),
    }
}

fn claims_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(execute, instantiate, query).with_migrate(migrate))
}

struct Env2 {
    app: App,
    engine: Addr,
    insurer: Addr,
    provider: Addr,
    pharmacy: Addr,
    member: Addr,
}

fn setup() -> Env2 {
    let mut app = AppBuilder::new().build(|router, api, storage| {
        router
            .bank
            .init_balance(storage, &api.addr_make("insurer"), coins(1_000_000, DENOM))
            .unwrap();
    });
    let api = app.api();
    let (owner, insurer, provider, pharmacy, member) = (
        api.addr_make("owner"),
        api.addr_make("insurer"),
        api.addr_make("provider"),
        api.addr_make("pharmacy"),
        api.addr_make("member"),
    );
    let ehr_code = app.store_code(Box::new(ContractWrapper::new(
        noop_execute,
        ehr_instantiate,
        ehr_query,
    )));
    let drug_code = app.store_code(Box::new(ContractWrapper::new(
        noop_execute,
        drug_instantiate,
        drug_query,
    )));
    let ehr = app
        .instantiate_contract(
            ehr_code,
            owner.clone(),
            &FakeEhrInit {
                parties: vec![
                    (insurer.to_string(), PartyRole::Payer),
                    (provider.to_string(), PartyRole::Clinician),
                    (pharmacy.to_string(), PartyRole::Organization),
                ],
                patient: member.to_string(),
                author: provider.to_string(),
            },
            &[],
            "ehr",
            None,
        )
        .unwrap();
    let drugs = app
        .instantiate_contract(
            drug_code,
            owner.clone(),
            &FakeDrugInit {
                dispenser: pharmacy.to_string(),
            },
            &[],
            "drugs",
            None,
        )
        .unwrap();
    let code = app.store_code(claims_contract());
    let engine = app
        .instantiate_contract(
            code,
            owner.clone(),
            &InstantiateMsg {
                owner: None,
                ehr_registry: ehr.to_string(),
                drug_provenance: drugs.to_string(),
                payout_batch_limit: None,
            },
            &[],
            "claims-engine",
            Some(owner.to_string()),
        )
        .unwrap();
    let now = app.block_info().time;
    let benefit = |code: &str, fee: u128, share: CostShare| CodeBenefit {
        code: code.into(),
        fee_per_unit: Uint128::new(fee),
        cost_share: share,
        deductible_applies: false,
        prior_auth_required: false,
        max_units_per_day: None,
        products: vec![],
        out_of_network: None,
    };
    app.execute_contract(
        insurer.clone(),
        engine.clone(),
        &ExecuteMsg::CreatePlan(PlanInput {
            external_id: "PLAN-1".into(),
            denom: DENOM.into(),
            plan_year_start: now.minus_seconds(10 * 86_400),
            deductible: CostLimit {
                individual: Uint128::new(500),
                family: Uint128::new(1000),
            },
            out_of_pocket_max: CostLimit {
                individual: Uint128::new(1500),
                family: Uint128::new(3000),
            },
            benefits: vec![
                benefit(
                    "99214",
                    150,
                    CostShare::Copay {
                        amount: Uint128::new(25),
                    },
                ),
                CodeBenefit {
                    products: vec![GTIN.into()],
                    ..benefit("J1100", 10, CostShare::Coinsurance { bps: 1000 })
                },
            ],
            timely_filing_days: 90,
            auto_approval_ceiling: Uint128::new(100_000),
            adjusters: vec![],
            prompt_pay: None,
            out_of_network_limits: None,
        }),
        &[],
    )
    .unwrap();
    app.execute_contract(
        insurer.clone(),
        engine.clone(),
        &ExecuteMsg::EnrollMember(EnrollmentInput {
            plan_id: 1,
            member: member.to_string(),
            family_id: "FAM1".into(),
            coverage_start: now.minus_seconds(10 * 86_400),
            coverage_end: None,
            status: MemberStatus::Active,
            dependant_of: None,
        }),
        &[],
    )
    .unwrap();
    Env2 {
        app,
        engine,
        insurer,
        provider,
        pharmacy,
        member,
    }
}

fn submission(e: &Env2, line: ClaimLineInput, record: u64) -> ClaimSubmission {
    ClaimSubmission {
        plan_id: 1,
        member: e.member.to_string(),
        frequency: ClaimFrequency::Original,
        original_claim_id: None,
        date_of_service: e.app.block_info().time.minus_seconds(86_400),
        place_of_service: None,
        diagnoses: vec!["E11.9".into()],
        lines: vec![line],
        supporting_record_id: record,
        rendering_provider: None,
        primary_claim_id: None,
        visit_id: None,
    }
}

fn line(code: &str, charge: u128, drug: Option<DrugPack>) -> ClaimLineInput {
    ClaimLineInput {
        procedure_code: code.into(),
        modifiers: vec![],
        units: 1,
        charge: Uint128::new(charge),
        diagnosis_pointers: vec![1],
        prior_auth_id: None,
        drug,
        device: None,
    }
}

fn balance(app: &App, who: &Addr) -> u128 {
    app.wrap()
        .query_balance(who, DENOM)
        .unwrap()
        .amount
        .to_string()
        .parse()
        .unwrap()
}

/// Loads a claim and checks the line invariant: charge = paid + sum(adjustments).
fn claim(app: &App, engine: &Addr, id: u64) -> Claim {
    let c: Claim = app
        .wrap()
        .query_wasm_smart(engine, &QueryMsg::Claim { claim_id: id })
        .unwrap();
    for l in &c.lines {
        let adj: Uint128 = l.adjustments.iter().map(|a| a.amount).sum();
        assert_eq!(l.charge, l.paid + adj, "claim {id} line {}", l.number);
    }
    c
}

#[test]
fn claims_are_checked_across_contracts_and_paid_in_the_bank() {
    let mut e = setup();
    let (engine, insurer, provider, pharmacy) = (
        e.engine.clone(),
        e.insurer.clone(),
        e.provider.clone(),
        e.pharmacy.clone(),
    );
    // Wrong denom for funding.
    let err = e
        .app
        .execute_contract(
            insurer.clone(),
            engine.clone(),
            &ExecuteMsg::FundPool { plan_id: 1 },
            &[],
        )
        .unwrap_err();
    assert!(
        err.to_string().ends_with("no funds sent; expected uhealth"),
        "{err}"
    );
    e.app
        .execute_contract(
            insurer.clone(),
            engine.clone(),
            &ExecuteMsg::FundPool { plan_id: 1 },
            &coins(100, DENOM),
        )
        .unwrap();

    // 125 due, 100 in the pool: payment pending.
    let sub = submission(&e, line("99214", 150, None), 1);
    e.app
        .execute_contract(
            provider.clone(),
            engine.clone(),
            &ExecuteMsg::SubmitClaim(sub),
            &[],
        )
        .unwrap();
    let c = claim(&e.app, &engine, 1);
    assert_eq!(c.status, ClaimStatus::Paid);
    assert_eq!(c.payment_status, PaymentStatus::Pending);
    assert_eq!(balance(&e.app, &provider), 0);
    // Funding pays it from the bank.
    e.app
        .execute_contract(
            insurer.clone(),
            engine.clone(),
            &ExecuteMsg::FundPool { plan_id: 1 },
            &coins(1000, DENOM),
        )
        .unwrap();
    assert_eq!(balance(&e.app, &provider), 125);
    assert_eq!(
        claim(&e.app, &engine, 1).payment_status,
        PaymentStatus::Issued
    );

    // A pharmacy line verified in the (fake) ledger: paid at once.
    let pack = DrugPack {
        gtin: GTIN.into(),
        serial: "SN1".into(),
    };
    // The pharmacy bills what the clinician prescribed (on the clinician's record), under the
    // clinician's billing authorization (reassignment).
    let mut sub = submission(&e, line("J1100", 10, Some(pack.clone())), 1);
    e.app
        .execute_contract(
            provider.clone(),
            engine.clone(),
            &ExecuteMsg::AuthorizeBilling {
                billing_provider: pharmacy.to_string(),
                effective_from: Some(sub.date_of_service),
            },
            &[],
        )
        .unwrap();
    sub.rendering_provider = Some(provider.to_string());
    e.app
        .execute_contract(
            pharmacy.clone(),
            engine.clone(),
            &ExecuteMsg::SubmitClaim(sub),
            &[],
        )
        .unwrap();
    assert_eq!(balance(&e.app, &pharmacy), 9);
    assert_eq!(claim(&e.app, &engine, 2).total_paid, Uint128::new(9));
    // The same pack billed by the clinician: not dispensed by it => CO-16, nothing paid.
    let sub = submission(&e, line("J1100", 10, Some(pack)), 1);
    e.app
        .execute_contract(
            provider.clone(),
            engine.clone(),
            &ExecuteMsg::SubmitClaim(sub),
            &[],
        )
        .unwrap();
    let c = claim(&e.app, &engine, 3);
    assert_eq!(c.status, ClaimStatus::Denied);
    assert_eq!(c.lines[0].adjustments[0].reason.0, 16);
    // A record the provider may not read: CO-252.
    let sub = submission(&e, line("99214", 150, None), 13);
    let mut sub = sub;
    sub.date_of_service = Timestamp::from_seconds(e.app.block_info().time.seconds() - 2 * 86_400);
    e.app
        .execute_contract(
            provider.clone(),
            engine.clone(),
            &ExecuteMsg::SubmitClaim(sub),
            &[],
        )
        .unwrap();
    assert_eq!(
        claim(&e.app, &engine, 4).lines[0].adjustments[0].reason.0,
        252
    );

    let pool: PoolResponse = e
        .app
        .wrap()
        .query_wasm_smart(&engine, &QueryMsg::Pool { plan_id: 1 })
        .unwrap();
    assert_eq!(pool.balance, Uint128::new(1100 - 125 - 9));
    assert_eq!(balance(&e.app, &engine), 1100 - 125 - 9);
    // An unregistered sender cannot submit.
    let stranger = e.app.api().addr_make("stranger");
    let sub = submission(&e, line("99214", 150, None), 1);
    let err = e
        .app
        .execute_contract(stranger, engine, &ExecuteMsg::SubmitClaim(sub), &[])
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("is not an active Clinician or Organization"),
        "{err}"
    );
}
