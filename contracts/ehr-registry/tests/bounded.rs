//! Grant evaluation touches a bounded number of storage entries, whatever the number of grants,
//! records and patients: measured with a storage wrapper that counts every entry read.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::cell::Cell;

use common::{content, permit};
use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env, MockApi, MockStorage};
use cosmwasm_std::{Addr, Env, Order, Record, Storage};
use cw_health_types::ehr_registry::{
    AmendReason, DelegateRelationship, ExecuteMsg, GranteeMsg, InstantiateMsg, PartyRole, Scope,
    MAX_ACTIVE_GRANTS_PER_GRANTEE, MAX_ACTIVE_GRANTS_PER_ROLE,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel};
use ehr_registry::access::{decide, Request};
use ehr_registry::contract::{execute, instantiate};

/// Read-only storage that counts the entries it returns (gets and range items).
struct Counting<'a> {
    inner: &'a MockStorage,
    reads: Cell<usize>,
}

impl Storage for Counting<'_> {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.reads.set(self.reads.get() + 1);
        self.inner.get(key)
    }
    fn range<'b>(
        &'b self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> Box<dyn Iterator<Item = Record> + 'b> {
        self.reads.set(self.reads.get() + 1);
        Box::new(
            self.inner
                .range(start, end, order)
                .inspect(|_| self.reads.set(self.reads.get() + 1)),
        )
    }
    fn set(&mut self, _: &[u8], _: &[u8]) {
        panic!("read only")
    }
    fn remove(&mut self, _: &[u8]) {
        panic!("read only")
    }
}

fn exec(
    deps: &mut cosmwasm_std::OwnedDeps<MockStorage, MockApi, cosmwasm_std::testing::MockQuerier>,
    env: &Env,
    sender: &Addr,
    msg: ExecuteMsg,
) {
    execute(deps.as_mut(), env.clone(), message_info(sender, &[]), msg).unwrap();
}

#[test]
fn decisions_read_the_same_entries_however_much_state_exists() {
    let mut deps = mock_dependencies();
    let env = mock_env();
    let api = deps.api;
    let owner = api.addr_make("owner");
    let authority = api.addr_make("authority");
    let alice = api.addr_make("alice");
    let smith = api.addr_make("smith");
    instantiate(
        deps.as_mut(),
        env.clone(),
        message_info(&owner, &[]),
        InstantiateMsg {
            owner: None,
            guardianship_end_age: None,
        },
    )
    .unwrap();
    exec(
        &mut deps,
        &env,
        &owner,
        ExecuteMsg::UpdateConfig {
            credentialing_authority: Some(authority.to_string()),
            emergency_policy: None,
            guardianship_end_age: None,
        },
    );
    exec(
        &mut deps,
        &env,
        &authority,
        ExecuteMsg::RegisterParty {
            address: smith.to_string(),
            identifier: "NPI-1".into(),
            role: PartyRole::Clinician,
            license_expiry: env.block.time.plus_seconds(1_000_000),
        },
    );
    exec(&mut deps, &env, &alice, ExecuteMsg::RegisterPatient {});
    let add_record = |deps: &mut _, labels: Vec<SecurityLabel>| {
        exec(
            deps,
            &env,
            &alice,
            ExecuteMsg::AddRecord {
                patient: alice.to_string(),
                content: content("r"),
                resource_type: FhirResourceType::Observation,
                labels,
                data_period: None,
            },
        )
    };
    add_record(&mut deps, vec![SecurityLabel::Normal]); // record 1
    let amend = |deps: &mut _, record_id: u64| {
        exec(
            deps,
            &env,
            &alice,
            ExecuteMsg::AmendRecord {
                record_id,
                content: content("v"),
                labels: vec![SecurityLabel::Normal],
                data_period: None,
                reason: AmendReason::Update,
                reason_hash: None,
            },
        )
    };
    amend(&mut deps, 1); // record 2: the decision on record 1 reads its series
    exec(
        &mut deps,
        &env,
        &alice,
        ExecuteMsg::SetSelfPayRestriction {
            record_id: 2,
            restricted: false,
        },
    );
    // A delegate managing every grant (any scope but ETH) issues the address grants: each of
    // them costs a read of the delegate's appointment at decision time.
    let carol = api.addr_make("carol");
    exec(
        &mut deps,
        &env,
        &alice,
        ExecuteMsg::AppointDelegate {
            delegate: carol.to_string(),
            relationship: DelegateRelationship::Caregiver,
            scope: Scope {
                actions: vec![],
                purposes: vec![],
                resource_types: vec![],
                labels: vec![],
            },
            manage_grants: true,
            expires_at: None,
        },
    );
    // Full caps: address grants (by the delegate) and role grants (by alice), each with a
    // nested deny.
    let mut root = permit();
    root.provisions = vec![common::deny()];
    root.provisions[0].purposes = vec![PurposeOfUse::Research];
    for _ in 0..MAX_ACTIVE_GRANTS_PER_GRANTEE {
        exec(
            &mut deps,
            &env,
            &carol,
            ExecuteMsg::GrantAccess {
                patient: alice.to_string(),
                grantee: GranteeMsg::Address {
                    address: smith.to_string(),
                },
                provision: root.clone(),
                starts_at: None,
                expires_at: None,
                policy_hash: None,
                verification: None,
            },
        );
    }
    for _ in 0..MAX_ACTIVE_GRANTS_PER_ROLE {
        exec(
            &mut deps,
            &env,
            &alice,
            ExecuteMsg::GrantAccess {
                patient: alice.to_string(),
                grantee: GranteeMsg::Role {
                    role: PartyRole::Clinician,
                },
                provision: root.clone(),
                starts_at: None,
                expires_at: None,
                policy_hash: None,
                verification: None,
            },
        );
    }

    let measure = |storage: &MockStorage, purpose| {
        let counting = Counting {
            inner: storage,
            reads: Cell::new(0),
        };
        let d = decide(
            &counting,
            &api,
            env.block.time,
            &Request {
                patient: &alice,
                actor: &smith,
                action: AccessAction::Read,
                purpose,
                resource_type: None,
                record_id: Some(1),
                new_record: None,
                via_team: None,
                actor_party: None,
            },
        )
        .unwrap();
        (d.decision.allowed, counting.reads.get())
    };
    let (allowed, before) = measure(&deps.storage, PurposeOfUse::Treatment);
    assert!(allowed);
    let (allowed, before_deny) = measure(&deps.storage, PurposeOfUse::Research);
    assert!(!allowed);

    // Grow everything else: 150 other patients granting smith and his role, 100 records of alice,
    // 50 grants of alice to other addresses and roles.
    for i in 0..150 {
        let p = api.addr_make(&format!("patient{i}"));
        exec(&mut deps, &env, &p, ExecuteMsg::RegisterPatient {});
        for grantee in [
            GranteeMsg::Address {
                address: smith.to_string(),
            },
            GranteeMsg::Role {
                role: PartyRole::Clinician,
            },
        ] {
            exec(
                &mut deps,
                &env,
                &p,
                ExecuteMsg::GrantAccess {
                    patient: p.to_string(),
                    grantee,
                    provision: permit(),
                    starts_at: None,
                    expires_at: None,
                    policy_hash: None,
                    verification: None,
                },
            );
        }
    }
    for _ in 0..100 {
        add_record(&mut deps, vec![]);
    }
    // 100 more versions of record 1's record.
    for v in 0..100u64 {
        let latest = if v == 0 { 2 } else { 102 + v };
        amend(&mut deps, latest);
    }
    for i in 0..50 {
        let other = api.addr_make(&format!("other{i}"));
        exec(
            &mut deps,
            &env,
            &alice,
            ExecuteMsg::GrantAccess {
                patient: alice.to_string(),
                grantee: GranteeMsg::Address {
                    address: other.to_string(),
                },
                provision: permit(),
                starts_at: None,
                expires_at: None,
                policy_hash: None,
                verification: None,
            },
        );
    }
    let (allowed, after) = measure(&deps.storage, PurposeOfUse::Treatment);
    assert!(allowed);
    let (_, after_deny) = measure(&deps.storage, PurposeOfUse::Research);
    assert_eq!(before, after, "reads must not grow with unrelated state");
    assert_eq!(before_deny, after_deny);
    // Patient, record, its series (2), party, delegate, successor, 2 index scans (+ their
    // entries), 10 grants and, for each grant a delegate issued, its issuer's appointment;
    // session. (A request naming a team adds the team, the membership, the manager and one
    // more index scan of at most MAX_ACTIVE_GRANTS_PER_TEAM grants.)
    let bound = 9
        + 2 * (1 + MAX_ACTIVE_GRANTS_PER_GRANTEE)
        + 2 * (MAX_ACTIVE_GRANTS_PER_GRANTEE + MAX_ACTIVE_GRANTS_PER_ROLE);
    println!("entries read: permit {after}, deny {after_deny}, bound {bound}");
    assert!(after_deny <= bound, "{after_deny} > {bound}");
}
