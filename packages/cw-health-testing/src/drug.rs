use cosmwasm_std::{Addr, StdResult};
use cw_health_types::drug_provenance::{
    CommissionSerials, ExecuteMsg, HistoryResponse, PartyRole, QueryMsg, RecallClass,
    RecallHoldersResponse, UnitRef, VerifyUnitRequest, VerifyUnitResponse,
};
use cw_health_types::{MerkleProof, Sha256Hash};
use cw_multi_test::{AppResponse, Executor};
use serde::de::DeserializeOwned;

use crate::suite::{attr_u64, Suite};

/// A valid GTIN-14 (check digit 6) used by the stories.
pub const GTIN: &str = "00312345678906";

/// Typed helpers for the suite's drug-provenance (`suite.drug()`).
pub struct DrugProvenance<'a> {
    pub(crate) suite: &'a mut Suite,
}

/// A reference to a unit already on the ledger.
pub fn unit(gtin: &str, serial: &str) -> UnitRef {
    UnitRef {
        gtin: gtin.into(),
        serial: serial.into(),
        lot: None,
        proof: None,
    }
}

/// A reference to a unit of a Merkle-committed lot, with its inclusion proof (first move).
pub fn proven_unit(gtin: &str, serial: &str, lot: &str, proof: MerkleProof) -> UnitRef {
    UnitRef {
        gtin: gtin.into(),
        serial: serial.into(),
        lot: Some(lot.into()),
        proof: Some(proof),
    }
}

impl DrugProvenance<'_> {
    /// The contract's address.
    pub fn addr(&self) -> Addr {
        self.suite.drug_addr.clone()
    }

    /// Executes any message as `sender`.
    pub fn execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> StdResult<AppResponse> {
        let contract = self.suite.drug_addr.clone();
        self.suite
            .app
            .execute_contract(sender.clone(), contract, msg, &[])
    }

    /// Runs any query.
    pub fn query<T: DeserializeOwned>(&self, msg: &QueryMsg) -> StdResult<T> {
        self.suite
            .app
            .wrap()
            .query_wasm_smart(&self.suite.drug_addr, msg)
    }

    /// Registers a trading partner with a license valid for a year, as the owner.
    pub fn register_party(&mut self, address: &Addr, role: PartyRole) -> StdResult<AppResponse> {
        let owner = self.suite.actors.owner.clone();
        let license_expiry = self.suite.now().plus_days(365);
        self.execute(
            &owner,
            &ExecuteMsg::RegisterParty {
                address: address.to_string(),
                role,
                license_id: format!(
                    "LIC-{}",
                    Sha256Hash::digest(address.as_bytes())
                        .as_str()
                        .get(..8)
                        .unwrap_or("0")
                ),
                license_expiry,
            },
        )
    }

    /// Registers `gtin` as the manufacturer's product (no temperature profile).
    pub fn register_product(&mut self, manufacturer: &Addr, gtin: &str) -> StdResult<AppResponse> {
        self.execute(
            manufacturer,
            &ExecuteMsg::RegisterProduct {
                gtin: gtin.into(),
                ndc: "0312-3456-78".into(),
                temp_profile: None,
            },
        )
    }

    /// Commissions explicit serials of a lot (expiry `YYMMDD`).
    pub fn commission(
        &mut self,
        manufacturer: &Addr,
        gtin: &str,
        lot: &str,
        expiry: &str,
        serials: &[&str],
    ) -> StdResult<AppResponse> {
        self.execute(
            manufacturer,
            &ExecuteMsg::Commission {
                gtin: gtin.into(),
                lot: lot.into(),
                expiry: expiry.into(),
                serials: CommissionSerials::List {
                    serials: serials.iter().map(|s| s.to_string()).collect(),
                },
            },
        )
    }

    /// Commissions a whole lot as the RFC 6962 Merkle root of its serials.
    pub fn commission_root(
        &mut self,
        manufacturer: &Addr,
        gtin: &str,
        lot: &str,
        expiry: &str,
        root: Sha256Hash,
        leaf_count: u64,
    ) -> StdResult<AppResponse> {
        self.execute(
            manufacturer,
            &ExecuteMsg::Commission {
                gtin: gtin.into(),
                lot: lot.into(),
                expiry: expiry.into(),
                serials: CommissionSerials::MerkleRoot { root, leaf_count },
            },
        )
    }

    /// Ships units from their owner `from` to `to`; returns the shipment id.
    pub fn ship(&mut self, from: &Addr, to: &Addr, units: Vec<UnitRef>) -> StdResult<u64> {
        let resp = self.execute(
            from,
            &ExecuteMsg::Ship {
                to: to.to_string(),
                units,
                cases: vec![],
                ti_hash: Sha256Hash::digest(b"transaction information"),
                ts_hash: Sha256Hash::digest(b"transaction statement"),
            },
        )?;
        attr_u64(&resp, "shipment_id")
    }

    /// Receives a shipment as its recipient.
    pub fn receive(&mut self, recipient: &Addr, shipment_id: u64) -> StdResult<AppResponse> {
        self.execute(recipient, &ExecuteMsg::Receive { shipment_id })
    }

    /// Ships and receives in one step.
    pub fn transfer(
        &mut self,
        from: &Addr,
        to: &Addr,
        units: Vec<UnitRef>,
    ) -> StdResult<AppResponse> {
        let id = self.ship(from, to, units)?;
        self.receive(to, id)
    }

    /// Dispenses a unit as `dispenser`.
    pub fn dispense(
        &mut self,
        dispenser: &Addr,
        gtin: &str,
        serial: &str,
    ) -> StdResult<AppResponse> {
        self.execute(
            dispenser,
            &ExecuteMsg::Dispense {
                unit: unit(gtin, serial),
            },
        )
    }

    /// Recalls lots of `gtin` as `sender` (manufacturer or regulator).
    pub fn recall(
        &mut self,
        sender: &Addr,
        gtin: &str,
        lots: &[&str],
        class: RecallClass,
    ) -> StdResult<AppResponse> {
        self.execute(
            sender,
            &ExecuteMsg::Recall {
                gtin: gtin.into(),
                lots: lots.iter().map(|l| l.to_string()).collect(),
                class,
                notice_hash: None,
            },
        )
    }

    /// Verifies a pack by GTIN and serial.
    pub fn verify(&self, gtin: &str, serial: &str) -> StdResult<VerifyUnitResponse> {
        self.query(&QueryMsg::VerifyUnit(VerifyUnitRequest {
            gtin: gtin.into(),
            serial: serial.into(),
            lot: None,
            expiry: None,
            proof: None,
        }))
    }

    /// Where the units of a recalled lot are (first page).
    pub fn recall_holders(&self, gtin: &str, lot: &str) -> StdResult<RecallHoldersResponse> {
        self.query(&QueryMsg::RecallHolders {
            gtin: gtin.into(),
            lot: lot.into(),
            start_after: None,
            limit: Some(30),
        })
    }

    /// A unit's history (first page).
    pub fn history(&self, gtin: &str, serial: &str) -> StdResult<HistoryResponse> {
        self.query(&QueryMsg::History {
            gtin: gtin.into(),
            serial: serial.into(),
            start_after: None,
            limit: Some(30),
        })
    }
}
