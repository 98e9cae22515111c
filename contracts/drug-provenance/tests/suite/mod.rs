//! A multi-test suite for drug-provenance: the contract, an owner, a regulator, licensed trading
//! partners of every role, a logger, and two products.
#![allow(dead_code)]

use cosmwasm_schema::serde::de::DeserializeOwned;
use cosmwasm_std::StdResult;
use cosmwasm_std::{Addr, Empty, Timestamp};
use cw_health_types::drug_provenance::{
    CommissionSerials, ExecuteMsg, InstantiateMsg, QueryMsg, TempProfile, TradingPartnerRole,
    UnitRef, UnitResponse, VerifyUnitRequest, VerifyUnitResponse,
};
use cw_health_types::merkle::MerkleProof;
use cw_health_types::Sha256Hash;
use cw_multi_test::{App, AppResponse, Contract, ContractWrapper, Executor};
use drug_provenance::contract::{execute, instantiate, migrate, query};

/// Expiry far in the future (2030-12-31).
pub const EXP: &str = "301231";
/// Expiry soon after the multi-test genesis time (2019-10-23): 2020-01-31.
pub const EXP_SOON: &str = "200131";
/// The instant EXP_SOON lots expire: 2020-02-01 00:00 UTC.
pub const EXP_SOON_AT: u64 = 1_580_515_200;

/// Appends the GS1 mod-10 check digit to `body`.
pub fn with_check_digit(body: &str) -> String {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// The GS1 company prefix of `mfr` (in `gtin_a`, `gtin_b` and `sscc`).
pub const MFR_PREFIX: &str = "0312345";
/// The GS1 company prefix of `mfr2`.
pub const MFR2_PREFIX: &str = "0499999";

/// A GTIN-14 of `prefix` (indicator digit 0) with item reference `item`.
pub fn gtin_of(prefix: &str, item: u32) -> String {
    let body = format!("0{prefix}{item:0w$}", w = 12 - prefix.len());
    with_check_digit(&body)
}

/// An SSCC of `prefix` (extension digit 0) with serial reference `n`.
pub fn sscc_of(prefix: &str, n: u32) -> String {
    let body = format!("0{prefix}{n:0w$}", w = 16 - prefix.len());
    with_check_digit(&body)
}

pub fn gtin_a() -> String {
    with_check_digit("0031234567890")
}
pub fn gtin_b() -> String {
    with_check_digit("0031234567891")
}
pub fn sscc(n: u32) -> String {
    with_check_digit(&format!("00312345{n:09}"))
}

pub fn contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(execute, instantiate, query).with_migrate(migrate))
}

pub fn hash(tag: &str) -> Sha256Hash {
    Sha256Hash::digest(tag.as_bytes())
}

pub fn uref(gtin: &str, serial: &str) -> UnitRef {
    UnitRef {
        gtin: gtin.into(),
        serial: serial.into(),
        lot: None,
        proof: None,
    }
}

pub fn proved(gtin: &str, serial: &str, lot: &str, proof: MerkleProof) -> UnitRef {
    UnitRef {
        gtin: gtin.into(),
        serial: serial.into(),
        lot: Some(lot.into()),
        proof: Some(proof),
    }
}

/// The value of `key` in the contract's wasm event.
pub fn attr(resp: &AppResponse, key: &str) -> String {
    resp.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no attribute {key}"))
}

pub struct Suite {
    pub app: App,
    pub code_id: u64,
    pub addr: Addr,
    pub owner: Addr,
    pub regulator: Addr,
    pub mfr: Addr,
    pub mfr2: Addr,
    pub wholesaler: Addr,
    pub tpl: Addr,
    pub pharmacy: Addr,
    pub pharmacy2: Addr,
    pub logger: Addr,
    pub stranger: Addr,
}

impl Suite {
    pub fn new() -> Self {
        let mut app = App::default();
        let api = app.api();
        let [owner, regulator, mfr, mfr2, wholesaler, tpl, pharmacy, pharmacy2, logger, stranger] =
            [
                "owner",
                "regulator",
                "mfr",
                "mfr2",
                "wholesaler",
                "tpl",
                "pharmacy",
                "pharmacy2",
                "logger",
                "stranger",
            ]
            .map(|n| api.addr_make(n));
        let code_id = app.store_code(contract());
        let addr = app
            .instantiate_contract(
                code_id,
                owner.clone(),
                &InstantiateMsg {
                    owner: None,
                    ehr_registry: None,
                },
                &[],
                "drug-provenance",
                Some(owner.to_string()),
            )
            .unwrap();
        let mut s = Suite {
            app,
            code_id,
            addr,
            owner,
            regulator,
            mfr,
            mfr2,
            wholesaler,
            tpl,
            pharmacy,
            pharmacy2,
            logger,
            stranger,
        };
        let (owner, regulator) = (s.owner.clone(), s.regulator.clone());
        s.ok(
            &owner,
            &ExecuteMsg::SetRegulator {
                regulator: Some(regulator.to_string()),
            },
        );
        for (who, role) in [
            (s.mfr.clone(), TradingPartnerRole::Manufacturer),
            (s.mfr2.clone(), TradingPartnerRole::Manufacturer),
            (s.wholesaler.clone(), TradingPartnerRole::Wholesaler),
            (s.tpl.clone(), TradingPartnerRole::ThirdPartyLogistics),
            (s.pharmacy.clone(), TradingPartnerRole::Dispenser),
            (s.pharmacy2.clone(), TradingPartnerRole::Dispenser),
        ] {
            s.register(&regulator, &who, role);
        }
        let logger = s.logger.clone();
        s.ok(
            &regulator,
            &ExecuteMsg::SetLogger {
                logger: logger.to_string(),
                active: true,
            },
        );
        let (mfr, mfr2) = (s.mfr.clone(), s.mfr2.clone());
        s.set_prefixes(&regulator, &mfr, &[MFR_PREFIX]);
        s.set_prefixes(&regulator, &mfr2, &[MFR2_PREFIX]);
        s.ok(
            &mfr,
            &ExecuteMsg::RegisterProduct {
                gtin: gtin_a(),
                ndc: "0777-3105-02".into(),
                temp_profile: Some(TempProfile {
                    min_decicelsius: 20,
                    max_decicelsius: 80,
                    max_excursion_secs: 3_600,
                }),
                pack_quantity: 10,
            },
        );
        s.ok(
            &mfr,
            &ExecuteMsg::RegisterProduct {
                gtin: gtin_b(),
                ndc: "0777-3105-03".into(),
                temp_profile: None,
                pack_quantity: 30,
            },
        );
        s
    }

    /// Sets `who`'s GS1 company prefixes as `by` (owner or regulator).
    pub fn set_prefixes(&mut self, by: &Addr, who: &Addr, prefixes: &[&str]) -> AppResponse {
        self.ok(
            by,
            &ExecuteMsg::SetCompanyPrefixes {
                party: who.to_string(),
                prefixes: prefixes.iter().map(|p| p.to_string()).collect(),
            },
        )
    }

    pub fn now(&self) -> Timestamp {
        self.app.block_info().time
    }

    pub fn register(&mut self, by: &Addr, who: &Addr, role: TradingPartnerRole) -> AppResponse {
        let expiry = self.now().plus_seconds(2 * 365 * 86_400);
        self.ok(
            by,
            &ExecuteMsg::RegisterParty {
                address: who.to_string(),
                role,
                license_id: format!("LIC-{}", &who.as_str()[..12]),
                license_expiry: expiry,
            },
        )
    }

    pub fn exec(&mut self, sender: &Addr, msg: &ExecuteMsg) -> StdResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.addr.clone(), msg, &[])
    }

    pub fn ok(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AppResponse {
        self.exec(sender, msg)
            .unwrap_or_else(|e| panic!("{msg:?} failed: {e}"))
    }

    /// Executes a message that must fail, returning the error text.
    pub fn err(&mut self, sender: &Addr, msg: &ExecuteMsg) -> String {
        match self.exec(sender, msg) {
            Ok(_) => panic!("{msg:?} unexpectedly succeeded"),
            Err(e) => e.to_string(),
        }
    }

    pub fn q<T: DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.app.wrap().query_wasm_smart(&self.addr, msg).unwrap()
    }

    pub fn advance(&mut self, secs: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(secs);
            b.height += 1;
        });
    }

    pub fn commission(&mut self, gtin: &str, lot: &str, expiry: &str, serials: &[&str]) {
        let mfr = self.mfr.clone();
        self.ok(
            &mfr,
            &ExecuteMsg::Commission {
                gtin: gtin.into(),
                lot: lot.into(),
                expiry: expiry.into(),
                serials: CommissionSerials::List {
                    serials: serials.iter().map(|s| s.to_string()).collect(),
                },
            },
        );
    }

    pub fn ship_msg(to: &Addr, units: Vec<UnitRef>, cases: Vec<String>) -> ExecuteMsg {
        ExecuteMsg::Ship {
            to: to.to_string(),
            units,
            cases,
            ti_hash: hash("ti"),
            ts_hash: hash("ts"),
        }
    }

    /// Ships loose units of `gtin` and returns the shipment id.
    pub fn ship(&mut self, from: &Addr, to: &Addr, gtin: &str, serials: &[&str]) -> u64 {
        let units = serials.iter().map(|s| uref(gtin, s)).collect();
        let resp = self.ok(from, &Self::ship_msg(to, units, vec![]));
        attr(&resp, "shipment_id").parse().unwrap()
    }

    pub fn receive(&mut self, to: &Addr, id: u64) -> AppResponse {
        self.ok(to, &ExecuteMsg::Receive { shipment_id: id })
    }

    /// Moves units of `gtin` from `from` to `to` (ship + receive).
    pub fn transfer(&mut self, from: &Addr, to: &Addr, gtin: &str, serials: &[&str]) {
        let id = self.ship(from, to, gtin, serials);
        self.receive(to, id);
    }

    pub fn dispense(
        &mut self,
        pharmacy: &Addr,
        gtin: &str,
        serial: &str,
    ) -> StdResult<AppResponse> {
        self.exec(
            pharmacy,
            &ExecuteMsg::Dispense {
                unit: uref(gtin, serial),
            },
        )
    }

    pub fn verify(&self, gtin: &str, serial: &str) -> VerifyUnitResponse {
        self.verify_req(VerifyUnitRequest {
            gtin: gtin.into(),
            serial: serial.into(),
            lot: None,
            expiry: None,
            proof: None,
        })
    }

    pub fn verify_req(&self, req: VerifyUnitRequest) -> VerifyUnitResponse {
        self.q(&QueryMsg::VerifyUnit(req))
    }

    pub fn unit(&self, gtin: &str, serial: &str) -> UnitResponse {
        let u: Option<UnitResponse> = self.q(&QueryMsg::Unit {
            gtin: gtin.into(),
            serial: serial.into(),
        });
        u.unwrap()
    }
}
