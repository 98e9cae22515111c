use cosmwasm_std::{Addr, StdResult};
use cw_health_types::drug_provenance::gs1::{merkle_leaf, mod10_valid};
use cw_health_types::drug_provenance::{
    CaseResponse, CommissionSerials, ExecuteMsg, HistoryResponse, LotResponse, QueryMsg,
    RecallClass, RecallHoldersResponse, ShipmentResponse, TradingPartnerRole, UnitRef,
    UnitResponse, VerifyUnitRequest, VerifyUnitResponse,
};
use cw_health_types::merkle::{build_proof, compute_root};
use cw_health_types::{MerkleProof, Sha256Hash};
use cw_multi_test::{AppResponse, Executor};
use serde::de::DeserializeOwned;

use crate::suite::{attr_u64, Suite};

/// A valid GTIN-14 (check digit 6) used by the stories.
pub const GTIN: &str = "00312345678906";
/// How many billing units one pack of the stories' product holds (a bottle of 30 tablets).
pub const PACK_QUANTITY: u32 = 30;

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

/// A Merkle-committed lot as its manufacturer computes it off chain: the RFC 6962 root of the
/// packs' leaves (leaf = `gs1::merkle_leaf(gtin, lot, serial)`, in the given order) and each
/// serial's inclusion proof, in the same order. `None` for an empty list.
pub fn merkle_lot(
    gtin: &str,
    lot: &str,
    serials: &[&str],
) -> Option<(Sha256Hash, Vec<MerkleProof>)> {
    let data: Vec<Vec<u8>> = serials.iter().map(|s| merkle_leaf(gtin, lot, s)).collect();
    let leaves: Vec<&[u8]> = data.iter().map(|l| l.as_slice()).collect();
    let root = Sha256Hash::from_bytes(compute_root(&leaves)?);
    let proofs = (0..leaves.len() as u64)
        .map(|i| build_proof(&leaves, i))
        .collect::<Option<Vec<_>>>()?;
    Some((root, proofs))
}

/// The manufacturer's GS1 company prefix (set by the suite; it is in [`GTIN`] and [`sscc`]).
pub const MANUFACTURER_PREFIX: &str = "0312345";

/// A valid SSCC (18 digits, GS1 mod-10 check digit) of the manufacturer built from a serial
/// reference `n`: extension digit 0, company prefix 0312345, then `n` on 9 digits and the check
/// digit.
pub fn sscc(n: u32) -> String {
    sscc_of(MANUFACTURER_PREFIX, n)
}

/// A valid SSCC of the 7-digit company `prefix` (extension digit 0) with serial reference `n`.
pub fn sscc_of(prefix: &str, n: u32) -> String {
    let body = format!("0{prefix}{:09}", n % 1_000_000_000);
    (0..10u8)
        .map(|d| format!("{body}{d}"))
        .find(|s| mod10_valid(s))
        .unwrap_or(body)
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
    pub fn register_party(
        &mut self,
        address: &Addr,
        role: TradingPartnerRole,
    ) -> StdResult<AppResponse> {
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

    /// Sets the GS1 company prefixes of a registered partner, as the owner.
    pub fn set_company_prefixes(
        &mut self,
        party: &Addr,
        prefixes: &[&str],
    ) -> StdResult<AppResponse> {
        let owner = self.suite.actors.owner.clone();
        self.execute(
            &owner,
            &ExecuteMsg::SetCompanyPrefixes {
                party: party.to_string(),
                prefixes: prefixes.iter().map(|p| p.to_string()).collect(),
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
                pack_quantity: PACK_QUANTITY,
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
                recall_class: class,
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

    /// Cancels a pending shipment as its shipper.
    pub fn cancel_shipment(&mut self, shipper: &Addr, shipment_id: u64) -> StdResult<AppResponse> {
        self.execute(shipper, &ExecuteMsg::CancelShipment { shipment_id })
    }

    /// Undoes a dispense as the dispenser that dispensed the unit.
    pub fn undo_dispense(
        &mut self,
        dispenser: &Addr,
        gtin: &str,
        serial: &str,
    ) -> StdResult<AppResponse> {
        self.execute(
            dispenser,
            &ExecuteMsg::UndoDispense {
                gtin: gtin.into(),
                serial: serial.into(),
            },
        )
    }

    /// Packs loose units into a new case `sscc` as their owner.
    pub fn pack(
        &mut self,
        owner: &Addr,
        sscc: &str,
        units: Vec<UnitRef>,
    ) -> StdResult<AppResponse> {
        self.execute(
            owner,
            &ExecuteMsg::Pack {
                cases: vec![],
                sscc: sscc.into(),
                units,
            },
        )
    }

    /// Unpacks a case as its owner.
    pub fn unpack(&mut self, owner: &Addr, sscc: &str) -> StdResult<AppResponse> {
        self.execute(owner, &ExecuteMsg::Unpack { sscc: sscc.into() })
    }

    /// Ships whole cases (no loose units) from their owner `from` to `to`; returns the shipment id.
    pub fn ship_cases(&mut self, from: &Addr, to: &Addr, cases: &[&str]) -> StdResult<u64> {
        let resp = self.execute(
            from,
            &ExecuteMsg::Ship {
                to: to.to_string(),
                units: vec![],
                cases: cases.iter().map(|c| c.to_string()).collect(),
                ti_hash: Sha256Hash::digest(b"transaction information"),
                ts_hash: Sha256Hash::digest(b"transaction statement"),
            },
        )?;
        attr_u64(&resp, "shipment_id")
    }

    /// A unit's full record, if it is on the ledger.
    pub fn unit(&self, gtin: &str, serial: &str) -> StdResult<Option<UnitResponse>> {
        self.query(&QueryMsg::Unit {
            gtin: gtin.into(),
            serial: serial.into(),
        })
    }

    /// A lot, if commissioned.
    pub fn lot(&self, gtin: &str, lot: &str) -> StdResult<Option<LotResponse>> {
        self.query(&QueryMsg::Lot {
            gtin: gtin.into(),
            lot: lot.into(),
        })
    }

    /// A shipment (an error if no shipment has that id).
    pub fn shipment(&self, shipment_id: u64) -> StdResult<ShipmentResponse> {
        self.query(&QueryMsg::Shipment { shipment_id })
    }

    /// A case, if it exists.
    pub fn case(&self, sscc: &str) -> StdResult<Option<CaseResponse>> {
        self.query(&QueryMsg::PackedCase { sscc: sscc.into() })
    }

    /// Verifies a unit of a Merkle lot that may never have moved, with its lot and proof.
    pub fn verify_proven(
        &self,
        gtin: &str,
        serial: &str,
        lot: &str,
        proof: MerkleProof,
    ) -> StdResult<VerifyUnitResponse> {
        self.query(&QueryMsg::VerifyUnit(VerifyUnitRequest {
            gtin: gtin.into(),
            serial: serial.into(),
            lot: Some(lot.into()),
            expiry: None,
            proof: Some(proof),
        }))
    }
}
