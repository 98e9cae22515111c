//! A multi-test suite for ehr-registry: an owner, a credentialing authority, a privacy officer,
//! a gateway, two patients, and credentialed parties of each role.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code
)]

use cosmwasm_std::{Addr, Empty, StdResult, Timestamp};
use cw_health_types::ehr_registry::{
    AccessDecision, AccessRequest, ExecuteMsg, GranteeMsg, InstantiateMsg, PartyRole, Provision,
    ProvisionType, QueryMsg,
};
use cw_health_types::{
    AccessAction, ContentRef, FhirResourceType, PurposeOfUse, SecurityLabel, Sha256Hash,
};
use cw_multi_test::{App, AppResponse, Contract, ContractWrapper, Executor};
use ehr_registry::contract::{execute, instantiate, migrate, query};

pub fn contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(execute, instantiate, query).with_migrate(migrate))
}

pub const YEAR: u64 = 365 * 24 * 3600;

pub struct Suite {
    pub app: App,
    pub addr: Addr,
    pub owner: Addr,
    pub authority: Addr,
    pub officer: Addr,
    pub gateway: Addr,
    pub alice: Addr,
    pub bob: Addr,
    pub dr_smith: Addr,
    pub dr_jones: Addr,
    pub hospital: Addr,
    pub payer: Addr,
    pub researcher: Addr,
    pub stranger: Addr,
}

impl Suite {
    pub fn new() -> Self {
        let mut app = App::default();
        let api = app.api();
        let [owner, authority, officer, gateway, alice, bob, dr_smith, dr_jones, hospital, payer, researcher, stranger] =
            [
                "owner",
                "authority",
                "officer",
                "gateway",
                "alice",
                "bob",
                "dr_smith",
                "dr_jones",
                "hospital",
                "payer",
                "researcher",
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
                    guardianship_end_age: None,
                },
                &[],
                "ehr-registry",
                Some(owner.to_string()),
            )
            .unwrap();
        let mut s = Suite {
            app,
            addr,
            owner,
            authority,
            officer,
            gateway,
            alice,
            bob,
            dr_smith,
            dr_jones,
            hospital,
            payer,
            researcher,
            stranger,
        };
        s.exec(
            &s.owner.clone(),
            &ExecuteMsg::UpdateConfig {
                credentialing_authority: Some(s.authority.to_string()),
                emergency_policy: None,
                guardianship_end_age: None,
            },
        )
        .unwrap();
        s.exec(
            &s.owner.clone(),
            &ExecuteMsg::SetPrivacyOfficer {
                address: s.officer.to_string(),
                appointed: true,
            },
        )
        .unwrap();
        s.exec(
            &s.owner.clone(),
            &ExecuteMsg::SetGateway {
                address: s.gateway.to_string(),
                trusted: true,
            },
        )
        .unwrap();
        for (p, role) in [
            (s.dr_smith.clone(), PartyRole::Clinician),
            (s.dr_jones.clone(), PartyRole::Clinician),
            (s.hospital.clone(), PartyRole::Organization),
            (s.payer.clone(), PartyRole::Payer),
            (s.researcher.clone(), PartyRole::Researcher),
        ] {
            s.register_party(&p, role, s.now().plus_seconds(YEAR))
                .unwrap();
        }
        for p in [s.alice.clone(), s.bob.clone()] {
            s.exec(&p, &ExecuteMsg::RegisterPatient {}).unwrap();
        }
        s
    }

    pub fn now(&self) -> Timestamp {
        self.app.block_info().time
    }

    pub fn advance(&mut self, secs: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(secs);
            b.height += 1;
        });
    }

    pub fn exec(&mut self, sender: &Addr, msg: &ExecuteMsg) -> StdResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.addr.clone(), msg, &[])
    }

    /// Executes and returns the error message (panics if it succeeded).
    pub fn exec_err(&mut self, sender: &Addr, msg: &ExecuteMsg) -> String {
        let err = self.exec(sender, msg).unwrap_err();
        err.to_string()
    }

    pub fn query<T: cosmwasm_schema::serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.app.wrap().query_wasm_smart(&self.addr, msg).unwrap()
    }

    pub fn register_party(
        &mut self,
        party: &Addr,
        role: PartyRole,
        license_expiry: Timestamp,
    ) -> StdResult<AppResponse> {
        let authority = self.authority.clone();
        self.exec(
            &authority,
            &ExecuteMsg::RegisterParty {
                address: party.to_string(),
                identifier: format!("NPI-{}", &party.as_str()[party.as_str().len() - 6..]),
                role,
                license_expiry,
            },
        )
    }

    /// Has an ethics board (IRB) clear a researcher, registering the board first if needed.
    pub fn clear_for_research(&mut self, researcher: &Addr) {
        let irb = self.app.api().addr_make("irb");
        let registered: Option<cw_health_types::ehr_registry::PartyInfo> =
            self.query(&QueryMsg::Party {
                address: irb.to_string(),
            });
        if registered.is_none() {
            self.register_party(&irb, PartyRole::EthicsBoard, self.now().plus_seconds(YEAR))
                .unwrap();
        }
        self.exec(
            &irb,
            &ExecuteMsg::SetEthicsClearance {
                researcher: researcher.to_string(),
                cleared: true,
            },
        )
        .unwrap();
    }

    /// Adds a record as the patient; returns its id.
    pub fn add_record(
        &mut self,
        patient: &Addr,
        resource_type: FhirResourceType,
        labels: &[SecurityLabel],
    ) -> u64 {
        let res = self
            .exec(
                patient,
                &ExecuteMsg::AddRecord {
                    patient: patient.to_string(),
                    content: content("doc"),
                    resource_type,
                    labels: labels.to_vec(),
                    data_period: None,
                },
            )
            .unwrap();
        attr(&res, "record_id").parse().unwrap()
    }

    /// Grants as the patient; returns the grant id.
    pub fn grant(
        &mut self,
        patient: &Addr,
        grantee: GranteeMsg,
        provision: Provision,
        expires_at: Option<Timestamp>,
    ) -> StdResult<u64> {
        let res = self.exec(
            patient,
            &ExecuteMsg::GrantAccess {
                patient: patient.to_string(),
                grantee,
                provision,
                starts_at: None,
                expires_at,
                policy_hash: Some(Sha256Hash::digest(b"consent form v1")),
                verification: None,
            },
        )?;
        Ok(attr(&res, "grant_id").parse().unwrap())
    }

    pub fn check(
        &self,
        patient: &Addr,
        actor: &Addr,
        action: AccessAction,
        purpose: PurposeOfUse,
        resource_type: Option<FhirResourceType>,
        record_id: Option<u64>,
    ) -> AccessDecision {
        self.query(&QueryMsg::CheckAccess(AccessRequest {
            patient: patient.to_string(),
            actor: actor.to_string(),
            action,
            purpose,
            resource_type,
            record_id,
            via_team: None,
        }))
    }

    /// Read of one record, as claims-engine asks it.
    pub fn read(
        &self,
        patient: &Addr,
        actor: &Addr,
        purpose: PurposeOfUse,
        record_id: u64,
    ) -> AccessDecision {
        self.check(
            patient,
            actor,
            AccessAction::Read,
            purpose,
            None,
            Some(record_id),
        )
    }
}

/// A document pointer with an opaque locator (a gateway and a token): chain state is public,
/// so a locator never carries a patient identifier, a resource path or a category.
pub fn content(tag: &str) -> ContentRef {
    let sha256 = Sha256Hash::digest(tag.as_bytes());
    ContentRef {
        uri: format!("https://gateway.example.org/d/{}", &sha256.as_str()[..32]),
        sha256,
        media_type: "application/fhir+json".into(),
    }
}

pub fn address(a: &Addr) -> GranteeMsg {
    GranteeMsg::Address {
        address: a.to_string(),
    }
}

pub fn role(role: PartyRole) -> GranteeMsg {
    GranteeMsg::Role { role }
}

/// A permit for every action and purpose, naming every resource type (minimum necessary: a
/// permit reaching a purpose other than treatment must name its types, so "everything" is
/// spelled out).
pub fn permit() -> Provision {
    Provision {
        resource_types: FhirResourceType::ALL.to_vec(),
        ..deny()
    }
    .with_type(ProvisionType::Permit)
}

/// A deny of everything (no criteria).
pub fn deny() -> Provision {
    Provision {
        provision_type: ProvisionType::Deny,
        actions: vec![],
        purposes: vec![],
        resource_types: vec![],
        labels: vec![],
        record_ids: vec![],
        data_period: None,
        provisions: vec![],
    }
}

pub trait WithType {
    fn with_type(self, t: ProvisionType) -> Provision;
}

impl WithType for Provision {
    fn with_type(mut self, t: ProvisionType) -> Provision {
        self.provision_type = t;
        self
    }
}

pub fn attr(res: &AppResponse, key: &str) -> String {
    res.events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .unwrap_or_else(|| panic!("no attribute {key}"))
        .value
        .clone()
}
