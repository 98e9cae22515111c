use cosmwasm_std::{coins, Addr, Empty, Record, StdError, StdResult, Timestamp, Uint128};
use cw_multi_test::{App, AppBuilder, Contract, ContractWrapper, Executor};

use crate::actors::Actors;
use crate::{ClaimsEngine, DrugProvenance, EhrRegistry, TrialAnchor};

/// The native denom claims are paid in.
pub const DENOM: &str = "uhealth";
/// Seconds per block when the suite travels in time.
pub const BLOCK_SECONDS: u64 = 5;

/// The contract code of ehr-registry, for `App::store_code`.
pub fn ehr_registry_code() -> Box<dyn Contract<Empty>> {
    use ehr_registry::contract::{execute, instantiate, migrate, query};
    Box::new(ContractWrapper::new(execute, instantiate, query).with_migrate(migrate))
}

/// The contract code of drug-provenance.
pub fn drug_provenance_code() -> Box<dyn Contract<Empty>> {
    use drug_provenance::contract::{execute, instantiate, migrate, query};
    Box::new(ContractWrapper::new(execute, instantiate, query).with_migrate(migrate))
}

/// The contract code of trial-anchor.
pub fn trial_anchor_code() -> Box<dyn Contract<Empty>> {
    use trial_anchor::contract::{execute, instantiate, migrate, query};
    Box::new(ContractWrapper::new(execute, instantiate, query).with_migrate(migrate))
}

/// The contract code of claims-engine.
pub fn claims_engine_code() -> Box<dyn Contract<Empty>> {
    use claims_engine::contract::{execute, instantiate, migrate, query};
    Box::new(ContractWrapper::new(execute, instantiate, query).with_migrate(migrate))
}

/// Builds a [`Suite`].
pub struct SuiteBuilder {
    start: Timestamp,
    balances: Vec<(Addr, u128)>,
    actors: Actors,
}

impl Default for SuiteBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl SuiteBuilder {
    /// Starts at 2026-01-01T00:00:00Z with the insurer holding 10,000,000 `uhealth`.
    pub fn new() -> Self {
        let actors = Actors::new();
        SuiteBuilder {
            start: Timestamp::from_seconds(1_767_225_600),
            balances: vec![(actors.insurer.clone(), 10_000_000)],
            actors,
        }
    }

    /// Sets the block time the suite starts at.
    pub fn with_start(mut self, start: Timestamp) -> Self {
        self.start = start;
        self
    }

    /// Gives `addr` an initial balance of `amount` `uhealth`.
    pub fn with_balance(mut self, addr: &Addr, amount: u128) -> Self {
        self.balances.push((addr.clone(), amount));
        self
    }
}

/// The four contracts deployed and wired together, with named actors.
pub struct Suite {
    /// The multi-test chain.
    pub app: App,
    /// The named actors.
    pub actors: Actors,
    /// ehr-registry's address.
    pub ehr_addr: Addr,
    /// drug-provenance's address.
    pub drug_addr: Addr,
    /// trial-anchor's address.
    pub trial_addr: Addr,
    /// claims-engine's address.
    pub claims_addr: Addr,
    /// Code ids: ehr-registry, drug-provenance, trial-anchor, claims-engine.
    pub code_ids: [u64; 4],
}

impl Suite {
    /// Typed helpers for ehr-registry.
    pub fn ehr(&mut self) -> EhrRegistry<'_> {
        EhrRegistry { suite: self }
    }

    /// Typed helpers for drug-provenance.
    pub fn drug(&mut self) -> DrugProvenance<'_> {
        DrugProvenance { suite: self }
    }

    /// Typed helpers for trial-anchor.
    pub fn trial(&mut self) -> TrialAnchor<'_> {
        TrialAnchor { suite: self }
    }

    /// Typed helpers for claims-engine.
    pub fn claims(&mut self) -> ClaimsEngine<'_> {
        ClaimsEngine { suite: self }
    }

    /// Moves block time forward by `seconds` and the height by one block per [`BLOCK_SECONDS`]
    /// (at least one).
    pub fn advance_seconds(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(seconds);
            b.height += (seconds / BLOCK_SECONDS).max(1);
        });
    }

    /// Moves forward by whole days.
    pub fn advance_days(&mut self, days: u64) {
        self.advance_seconds(days * 86_400);
    }

    /// The current block time.
    pub fn now(&self) -> Timestamp {
        self.app.block_info().time
    }

    /// `addr`'s balance of [`DENOM`].
    pub fn balance(&self, addr: &Addr) -> Uint128 {
        self.app
            .wrap()
            .query_balance(addr, DENOM)
            .ok()
            .and_then(|c| Uint128::try_from(c.amount).ok())
            .unwrap_or_default()
    }

    /// The whole raw storage of a contract (sorted by key), to prove a refused message changed nothing.
    pub fn snapshot(&self, contract: &Addr) -> Vec<Record> {
        self.app.dump_wasm_raw(contract)
    }

    /// Stores the current code of all four contracts again (new code ids), for upgrade tests.
    pub fn store_new_codes(&mut self) -> [u64; 4] {
        [
            self.app.store_code(ehr_registry_code()),
            self.app.store_code(drug_provenance_code()),
            self.app.store_code(trial_anchor_code()),
            self.app.store_code(claims_engine_code()),
        ]
    }

    /// Migrates `contract` to `code_id` as the owner (the admin of every suite contract).
    pub fn migrate(
        &mut self,
        contract: &Addr,
        code_id: u64,
    ) -> StdResult<cw_multi_test::AppResponse> {
        let owner = self.actors.owner.clone();
        self.app
            .migrate_contract(owner, contract.clone(), &cosmwasm_std::Empty {}, code_id)
    }
}

pub(crate) fn build_app(start: Timestamp, balances: &[(Addr, u128)]) -> App {
    AppBuilder::new()
        .build(|router, _api, storage| {
            for (addr, amount) in balances {
                // Initial balances of the builder; a failure here is a bug in the builder's input.
                let _ = router
                    .bank
                    .init_balance(storage, addr, coins(*amount, DENOM));
            }
        })
        .tap_time(start)
}

trait TapTime {
    fn tap_time(self, start: Timestamp) -> Self;
}

impl TapTime for App {
    fn tap_time(mut self, start: Timestamp) -> Self {
        self.update_block(|b| b.time = start);
        self
    }
}

impl SuiteBuilder {
    /// Stores and instantiates the four contracts (owned by `actors.owner`, who is also their
    /// migration admin) and wires them to each other: drug-provenance checks prescriptions'
    /// visits in ehr-registry; trial-anchor reads ehr-registry; claims-engine reads both.
    pub fn build(self) -> Suite {
        let SuiteBuilder {
            start,
            balances,
            actors,
        } = self;
        let mut app = build_app(start, &balances);
        let code_ids = [
            app.store_code(ehr_registry_code()),
            app.store_code(drug_provenance_code()),
            app.store_code(trial_anchor_code()),
            app.store_code(claims_engine_code()),
        ];
        let owner = actors.owner.clone();
        let admin = Some(owner.to_string());
        let ehr_addr = instantiate(
            &mut app,
            code_ids[0],
            &owner,
            &cw_health_types::ehr_registry::InstantiateMsg {
                owner: None,
                guardianship_end_age: None,
            },
            "ehr-registry",
            admin.clone(),
        );
        let drug_addr = instantiate(
            &mut app,
            code_ids[1],
            &owner,
            &cw_health_types::drug_provenance::InstantiateMsg {
                owner: None,
                ehr_registry: Some(ehr_addr.to_string()),
            },
            "drug-provenance",
            admin.clone(),
        );
        let trial_addr = instantiate(
            &mut app,
            code_ids[2],
            &owner,
            &cw_health_types::trial_anchor::InstantiateMsg {
                owner: None,
                ehr_registry: Some(ehr_addr.to_string()),
            },
            "trial-anchor",
            admin.clone(),
        );
        let claims_addr = instantiate(
            &mut app,
            code_ids[3],
            &owner,
            &cw_health_types::claims_engine::InstantiateMsg {
                owner: None,
                ehr_registry: ehr_addr.to_string(),
                drug_provenance: drug_addr.to_string(),
                payout_batch_limit: None,
            },
            "claims-engine",
            admin,
        );
        let mut suite = Suite {
            app,
            actors,
            ehr_addr,
            drug_addr,
            trial_addr,
            claims_addr,
            code_ids,
        };
        suite.register_roles();
        suite
    }
}

impl Suite {
    /// The roles every story starts with:
    /// - ehr-registry: `credentialing` is the credentialing authority and `privacy_officer` a
    ///   privacy officer; `clinician` and `er_clinician` are Clinicians, `hospital` and `pharmacy`
    ///   Organizations, `insurer` a Payer, `sponsor` and `site` Researchers (licenses valid one
    ///   year); `patient` and `spouse` are registered patients.
    /// - drug-provenance: `regulator` is the regulator; `manufacturer`, `wholesaler` and
    ///   `pharmacy` are licensed Manufacturer, Wholesaler and Dispenser; the manufacturer holds
    ///   GS1 company prefix [`crate::drug::MANUFACTURER_PREFIX`] and its product
    ///   [`crate::drug::GTIN`] is registered.
    /// - trial-anchor: `irb` is an accredited ethics committee.
    /// - claims-engine: `clinician` has authorized `hospital` and `pharmacy` to bill its
    ///   services (reassignment of benefits, from the suite's start).
    #[allow(clippy::panic)]
    fn register_roles(&mut self) {
        use cw_health_types::drug_provenance as drug;
        use cw_health_types::ehr_registry as ehr;
        let a = self.actors.clone();
        self.ehr()
            .execute(
                &a.owner,
                &ehr::ExecuteMsg::UpdateConfig {
                    credentialing_authority: Some(a.credentialing.to_string()),
                    emergency_policy: None,
                    guardianship_end_age: None,
                },
            )
            .unwrap_or_else(|e| {
                panic!(
                    "{}: {}",
                    "appoint the credentialing authority",
                    crate::root_error(&e)
                )
            });
        self.ehr()
            .execute(
                &a.owner,
                &ehr::ExecuteMsg::SetPrivacyOfficer {
                    address: a.privacy_officer.to_string(),
                    appointed: true,
                },
            )
            .unwrap_or_else(|e| {
                panic!(
                    "{}: {}",
                    "appoint the privacy officer",
                    crate::root_error(&e)
                )
            });
        for (who, role) in [
            (&a.clinician, ehr::PartyRole::Clinician),
            (&a.er_clinician, ehr::PartyRole::Clinician),
            (&a.hospital, ehr::PartyRole::Organization),
            (&a.pharmacy, ehr::PartyRole::Organization),
            (&a.insurer, ehr::PartyRole::Payer),
            (&a.sponsor, ehr::PartyRole::Researcher),
            (&a.site, ehr::PartyRole::Researcher),
            (&a.irb, ehr::PartyRole::EthicsBoard),
        ] {
            self.ehr().register_party(who, role).unwrap_or_else(|e| {
                panic!("{}: {}", "register an ehr party", crate::root_error(&e))
            });
        }
        // The IRB clears the research sponsor and site (ehr-registry's ethics gate).
        for r in [&a.sponsor, &a.site] {
            self.ehr()
                .execute(
                    &a.irb,
                    &ehr::ExecuteMsg::SetEthicsClearance {
                        researcher: r.to_string(),
                        cleared: true,
                    },
                )
                .unwrap_or_else(|e| panic!("{}: {}", "clear a researcher", crate::root_error(&e)));
        }
        for p in [&a.patient, &a.spouse] {
            self.ehr()
                .register_patient(p)
                .unwrap_or_else(|e| panic!("{}: {}", "register a patient", crate::root_error(&e)));
        }
        self.drug()
            .execute(
                &a.owner,
                &drug::ExecuteMsg::SetRegulator {
                    regulator: Some(a.regulator.to_string()),
                },
            )
            .unwrap_or_else(|e| panic!("{}: {}", "appoint the regulator", crate::root_error(&e)));
        for (who, role) in [
            (&a.manufacturer, drug::TradingPartnerRole::Manufacturer),
            (&a.wholesaler, drug::TradingPartnerRole::Wholesaler),
            (&a.pharmacy, drug::TradingPartnerRole::Dispenser),
        ] {
            self.drug().register_party(who, role).unwrap_or_else(|e| {
                panic!(
                    "{}: {}",
                    "register a trading partner",
                    crate::root_error(&e)
                )
            });
        }
        self.drug()
            .set_company_prefixes(&a.manufacturer, &[crate::drug::MANUFACTURER_PREFIX])
            .unwrap_or_else(|e| panic!("{}: {}", "set the prefix", crate::root_error(&e)));
        self.drug()
            .register_product(&a.manufacturer, crate::drug::GTIN)
            .unwrap_or_else(|e| panic!("{}: {}", "register the product", crate::root_error(&e)));
        self.trial()
            .execute(
                &a.owner,
                &cw_health_types::trial_anchor::ExecuteMsg::UpdateAddressSet {
                    set: cw_health_types::trial_anchor::AddressSet::EthicsCommittees,
                    add: vec![a.irb.to_string()],
                    remove: vec![],
                },
            )
            .unwrap_or_else(|e| {
                panic!(
                    "{}: {}",
                    "accredit the ethics committee",
                    crate::root_error(&e)
                )
            });
        for biller in [&a.hospital, &a.pharmacy] {
            self.claims()
                .authorize_billing(&a.clinician, biller)
                .unwrap_or_else(|e| panic!("{}: {}", "authorize a biller", crate::root_error(&e)));
        }
    }
}

#[allow(clippy::expect_used)]
fn instantiate<T: serde::Serialize>(
    app: &mut App,
    code_id: u64,
    owner: &Addr,
    msg: &T,
    label: &str,
    admin: Option<String>,
) -> Addr {
    app.instantiate_contract(code_id, owner.clone(), msg, &[], label, admin)
        .expect("the suite's contracts instantiate")
}

/// The value of the first `key` attribute of a response's events, as a number.
pub(crate) fn attr_u64(resp: &cw_multi_test::AppResponse, key: &str) -> StdResult<u64> {
    resp.events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .ok_or_else(|| StdError::msg(format!("no {key} attribute in the response")))?
        .value
        .parse()
        .map_err(|_| StdError::msg(format!("{key} is not a number")))
}
