//! cw-health's four optimized artifacts deployed on a local chain and wired to each other as
//! `cw-health-testing`'s suite wires them (same actors' roles, same product), with every message
//! built from `cw-health-types` (serde), so the JSON stays in step with the contracts.
//! Shared by local-chain's story tests and its `cw_health_story` example (scripts/run.sh).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use cosmwasm_std::Timestamp;
use cw_health_types::Sha256Hash;
use local_chain::{Chain, ChainConfig, Coin, GenesisAccount, Msg, TxResponse};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The suite's denomination.
pub const DENOM: &str = "uhealth";
/// Gas limit of every transaction.
pub const GAS_LIMIT: u64 = 20_000_000;
/// The suite's product.
pub const GTIN: &str = "00312345678906";
/// The artifacts, in code-id order.
pub const ARTIFACTS: [&str; 4] = [
    "ehr_registry.wasm",
    "drug_provenance.wasm",
    "trial_anchor.wasm",
    "claims_engine.wasm",
];

/// The repository's root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// An optimized artifact's bytes, or the instruction to build it. `CW_HEALTH_ARTIFACTS` names
/// another artifacts directory (a worktree's build measured by an already built report).
pub fn artifact(rel: &str) -> Result<Vec<u8>, String> {
    let dir = std::env::var_os("CW_HEALTH_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("artifacts"));
    let p = dir.join(rel);
    std::fs::read(&p).map_err(|e| {
        format!(
            "{} is missing ({e}): run scripts/build.sh first",
            p.display()
        )
    })
}

/// The story's people and organizations (as in cw-health-testing's `Actors`).
#[derive(Clone, Debug)]
pub struct Actors {
    pub owner: String,
    pub patient: String,
    pub spouse: String,
    pub clinician: String,
    pub er_clinician: String,
    pub hospital: String,
    pub pharmacy: String,
    pub manufacturer: String,
    pub wholesaler: String,
    pub insurer: String,
    pub adjuster: String,
    pub sponsor: String,
    pub site: String,
    pub regulator: String,
    pub credentialing: String,
    pub privacy_officer: String,
    pub stranger: String,
}

impl Actors {
    fn new(chain: &Chain) -> Self {
        let m = |n: &str| chain.addr_make(n);
        Actors {
            owner: m("owner"),
            patient: m("patient"),
            spouse: m("spouse"),
            clinician: m("clinician"),
            er_clinician: m("er_clinician"),
            hospital: m("hospital"),
            pharmacy: m("pharmacy"),
            manufacturer: m("manufacturer"),
            wholesaler: m("wholesaler"),
            insurer: m("insurer"),
            adjuster: m("adjuster"),
            sponsor: m("sponsor"),
            site: m("site"),
            regulator: m("regulator"),
            credentialing: m("credentialing"),
            privacy_officer: m("privacy_officer"),
            stranger: m("stranger"),
        }
    }
}

/// One delivered message: what was sent and what the chain answered.
pub struct Step {
    pub label: String,
    pub sender: String,
    pub contract: String,
    pub msg: String,
    pub res: TxResponse,
}

/// The deployed suite.
pub struct Health {
    pub chain: Chain,
    pub a: Actors,
    pub ehr: String,
    pub drug: String,
    pub trial: String,
    pub claims: String,
    pub code_ids: Vec<u64>,
    pub steps: Vec<Step>,
}

/// The value of `key` in any event of the response.
pub fn attr(res: &TxResponse, key: &str) -> Option<String> {
    res.events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
}

/// `key` as a number.
pub fn attr_u64(res: &TxResponse, key: &str) -> Result<u64, String> {
    attr(res, key)
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("no numeric {key} attribute"))
}

impl Health {
    /// Opens a fresh chain in `dir` (the insurer funded with 10,000,000 as in the suite), stores
    /// the four artifacts, instantiates them wired to each other and registers the roles.
    pub fn deploy(dir: &Path) -> Result<Self, String> {
        let probe = Chain::in_memory(&dir.join("probe"), ChainConfig::default())
            .map_err(|e| e.to_string())?;
        let a = Actors::new(&probe);
        drop(probe);
        let config = ChainConfig {
            accounts: vec![
                GenesisAccount {
                    address: a.insurer.clone(),
                    coins: vec![Coin::new(10_000_000, DENOM)],
                },
                GenesisAccount {
                    address: a.owner.clone(),
                    coins: vec![Coin::new(1_000_000, DENOM)],
                },
            ],
            ..ChainConfig::default()
        };
        let chain = Chain::open(&dir.join("chain"), config).map_err(|e| e.to_string())?;
        let mut h = Health {
            chain,
            a: a.clone(),
            ehr: String::new(),
            drug: String::new(),
            trial: String::new(),
            claims: String::new(),
            code_ids: Vec::new(),
            steps: Vec::new(),
        };
        for name in ARTIFACTS {
            let wasm = artifact(name)?;
            let res = h
                .chain
                .broadcast(&a.owner, Msg::StoreCode { wasm }, GAS_LIMIT * 5);
            let id = res
                .code_id()
                .filter(|_| res.is_ok())
                .ok_or_else(|| format!("store {name}: {}", res.raw_log))?;
            h.record(&format!("store {name}"), &a.owner, "", "", res);
            h.code_ids.push(id);
        }
        use cw_health_types::{claims_engine, drug_provenance, ehr_registry, trial_anchor};
        h.ehr = h.instantiate(
            0,
            &ehr_registry::InstantiateMsg {
                owner: None,
                guardianship_end_age: None,
            },
            "ehr-registry",
        )?;
        h.drug = h.instantiate(
            1,
            &drug_provenance::InstantiateMsg {
                owner: None,
                ehr_registry: Some(h.ehr.clone()),
            },
            "drug-provenance",
        )?;
        h.trial = h.instantiate(
            2,
            &trial_anchor::InstantiateMsg {
                owner: None,
                ehr_registry: Some(h.ehr.clone()),
            },
            "trial-anchor",
        )?;
        h.claims = h.instantiate(
            3,
            &claims_engine::InstantiateMsg {
                owner: None,
                ehr_registry: h.ehr.clone(),
                drug_provenance: h.drug.clone(),
                payout_batch_limit: None,
            },
            "claims-engine",
        )?;
        h.register_roles()?;
        Ok(h)
    }

    fn instantiate<M: Serialize>(
        &mut self,
        idx: usize,
        msg: &M,
        label: &str,
    ) -> Result<String, String> {
        let code_id = *self.code_ids.get(idx).ok_or("no code")?;
        let json = serde_json::to_vec(msg).map_err(|e| e.to_string())?;
        let owner = self.a.owner.clone();
        let res = self.chain.broadcast(
            &owner,
            Msg::Instantiate {
                code_id,
                msg: json.clone(),
                funds: vec![],
                label: label.to_string(),
                admin: Some(owner.clone()),
            },
            GAS_LIMIT,
        );
        let addr = res
            .contract_address()
            .filter(|_| res.is_ok())
            .ok_or_else(|| format!("instantiate {label}: {}", res.raw_log))?;
        self.record(
            &format!("instantiate {label}"),
            &owner,
            &addr,
            &String::from_utf8_lossy(&json),
            res,
        );
        Ok(addr)
    }

    fn record(&mut self, label: &str, sender: &str, contract: &str, msg: &str, res: TxResponse) {
        self.steps.push(Step {
            label: label.to_string(),
            sender: sender.to_string(),
            contract: contract.to_string(),
            msg: msg.to_string(),
            res,
        });
    }

    /// Executes `msg` on `contract` as `sender` with `funds` (in `DENOM`), recorded as a step.
    pub fn exec<M: Serialize>(
        &mut self,
        label: &str,
        sender: &str,
        contract: &str,
        msg: &M,
        funds: u128,
    ) -> TxResponse {
        let json = serde_json::to_vec(msg).unwrap_or_default();
        if std::env::var_os("LOCAL_CHAIN_KV_TRACE").is_some() {
            eprintln!("== {label}: {}", String::from_utf8_lossy(&json));
        }
        let funds = if funds == 0 {
            vec![]
        } else {
            vec![Coin::new(funds, DENOM)]
        };
        let res = self.chain.broadcast(
            sender,
            Msg::Execute {
                contract: contract.to_string(),
                msg: json.clone(),
                funds,
            },
            GAS_LIMIT,
        );
        self.record(
            label,
            sender,
            contract,
            &String::from_utf8_lossy(&json),
            res.clone(),
        );
        res
    }

    /// [`Health::exec`] that must succeed.
    pub fn ok<M: Serialize>(
        &mut self,
        label: &str,
        sender: &str,
        contract: &str,
        msg: &M,
        funds: u128,
    ) -> Result<TxResponse, String> {
        let res = self.exec(label, sender, contract, msg, funds);
        if res.is_ok() {
            Ok(res)
        } else {
            Err(format!("{label}: {}", res.raw_log))
        }
    }

    /// A smart query.
    pub fn query<M: Serialize, R: DeserializeOwned>(
        &self,
        contract: &str,
        msg: &M,
    ) -> Result<R, String> {
        let json = serde_json::to_vec(msg).map_err(|e| e.to_string())?;
        let bin = self.chain.query(contract, &json).map_err(|e| e.log)?;
        serde_json::from_slice(bin.as_slice()).map_err(|e| e.to_string())
    }

    /// The time the next transaction executes at (the last block plus one block).
    pub fn now(&self) -> Timestamp {
        let (_, t) = self.chain.block();
        Timestamp::from_nanos(t)
    }

    /// Lets `days` pass.
    pub fn advance_days(&self, days: u64) -> Result<(), String> {
        self.chain.advance_time(days * 86_400).map_err(|e| e.log)
    }

    /// A balance in `DENOM`.
    pub fn balance(&self, addr: &str) -> u128 {
        self.chain.balance(addr, DENOM).unwrap_or(0)
    }

    fn register_roles(&mut self) -> Result<(), String> {
        use cw_health_types::drug_provenance as drug;
        use cw_health_types::ehr_registry as ehr;
        let a = self.a.clone();
        let ehr_addr = self.ehr.clone();
        let drug_addr = self.drug.clone();
        self.ok(
            "ehr: appoint the credentialing authority",
            &a.owner,
            &ehr_addr,
            &ehr::ExecuteMsg::UpdateConfig {
                credentialing_authority: Some(a.credentialing.clone()),
                emergency_policy: None,
                guardianship_end_age: None,
            },
            0,
        )?;
        self.ok(
            "ehr: appoint the privacy officer",
            &a.owner,
            &ehr_addr,
            &ehr::ExecuteMsg::SetPrivacyOfficer {
                address: a.privacy_officer.clone(),
                appointed: true,
            },
            0,
        )?;
        let expiry = self.now().plus_days(365);
        for (who, role) in [
            (&a.clinician, ehr::PartyRole::Clinician),
            (&a.er_clinician, ehr::PartyRole::Clinician),
            (&a.hospital, ehr::PartyRole::Organization),
            (&a.pharmacy, ehr::PartyRole::Organization),
            (&a.insurer, ehr::PartyRole::Payer),
            (&a.sponsor, ehr::PartyRole::Researcher),
            (&a.site, ehr::PartyRole::Researcher),
        ] {
            let id = Sha256Hash::digest(who.as_bytes());
            self.ok(
                "ehr: register a party",
                &a.credentialing,
                &ehr_addr,
                &ehr::ExecuteMsg::RegisterParty {
                    address: who.clone(),
                    identifier: format!("NPI-{}", id.as_str().get(..10).unwrap_or("0")),
                    role,
                    license_expiry: expiry,
                },
                0,
            )?;
        }
        for p in [&a.patient, &a.spouse] {
            self.ok(
                "ehr: register a patient",
                p,
                &ehr_addr,
                &ehr::ExecuteMsg::RegisterPatient {},
                0,
            )?;
        }
        self.ok(
            "drug: appoint the regulator",
            &a.owner,
            &drug_addr,
            &drug::ExecuteMsg::SetRegulator {
                regulator: Some(a.regulator.clone()),
            },
            0,
        )?;
        for (who, role) in [
            (&a.manufacturer, drug::TradingPartnerRole::Manufacturer),
            (&a.wholesaler, drug::TradingPartnerRole::Wholesaler),
            (&a.pharmacy, drug::TradingPartnerRole::Dispenser),
        ] {
            let id = Sha256Hash::digest(who.as_bytes());
            self.ok(
                "drug: register a trading partner",
                &a.owner,
                &drug_addr,
                &drug::ExecuteMsg::RegisterParty {
                    address: who.clone(),
                    role,
                    license_id: format!("LIC-{}", id.as_str().get(..8).unwrap_or("0")),
                    license_expiry: expiry,
                },
                0,
            )?;
        }
        self.ok(
            "drug: give the manufacturer its GS1 company prefix",
            &a.owner,
            &drug_addr,
            &drug::ExecuteMsg::SetCompanyPrefixes {
                party: a.manufacturer.clone(),
                prefixes: vec!["0312345".into()],
            },
            0,
        )?;
        self.ok(
            "drug: register the product",
            &a.manufacturer,
            &drug_addr,
            &drug::ExecuteMsg::RegisterProduct {
                gtin: GTIN.into(),
                ndc: "0312-3456-78".into(),
                temp_profile: None,
                pack_quantity: 30,
            },
            0,
        )?;
        // The clinician lets the hospital and the pharmacy bill its services (reassignment).
        let claims_addr = self.claims.clone();
        for biller in [&a.hospital, &a.pharmacy] {
            self.ok(
                "claims: the clinician authorizes a biller",
                &a.clinician,
                &claims_addr,
                &cw_health_types::claims_engine::ExecuteMsg::AuthorizeBilling {
                    billing_provider: biller.clone(),
                    effective_from: None,
                },
                0,
            )?;
        }
        Ok(())
    }
}
