//! Two-step contract ownership (propose, accept, cancel; optional expiry), shaped like
//! cw-ownable, which does not support cosmwasm-std 3.
//!
//! Every contract stores its [`Ownership`] under the `"ownership"` key, exposes
//! `ExecuteMsg::UpdateOwnership(OwnershipAction)` and `QueryMsg::Ownership {}`, and calls
//! [`assert_owner`] first in every owner-only handler.

use cosmwasm_std::{Addr, Api, Attribute, BlockInfo, StdError, Storage, Timestamp};
use cw_health_derive::cw_serde_map as cw_serde;
use cw_health_derive::cw_serde_strict;
use cw_storage_plus::Item;
use thiserror::Error;

const OWNERSHIP: Item<Ownership> = Item::new("ownership");

/// Who owns the contract, and any transfer under way.
#[cw_serde]
pub struct Ownership {
    /// The current owner.
    pub owner: Addr,
    /// The address proposed as the next owner, until it accepts or the owner cancels.
    pub pending_owner: Option<Addr>,
    /// When the proposal lapses (block time); `None` means it never lapses.
    pub pending_expiry: Option<Timestamp>,
}

impl Ownership {
    /// Attributes for a response: `owner`, `pending_owner`, `pending_expiry`.
    pub fn into_attributes(self) -> Vec<Attribute> {
        vec![
            Attribute::new("owner", self.owner.to_string()),
            Attribute::new(
                "pending_owner",
                self.pending_owner
                    .map(|a| a.to_string())
                    .unwrap_or_else(|| "none".into()),
            ),
            Attribute::new(
                "pending_expiry",
                self.pending_expiry
                    .map(|t| t.seconds().to_string())
                    .unwrap_or_else(|| "none".into()),
            ),
        ]
    }
}

/// A change of ownership.
#[cw_serde_strict]
pub enum OwnershipAction {
    /// Proposes `new_owner` as the next owner. Only the current owner may call it; it replaces
    /// any earlier proposal.
    TransferOwnership {
        /// The proposed owner's address.
        new_owner: String,
        /// Optional block time (seconds since epoch) after which the proposal can no longer be accepted.
        expiry: Option<Timestamp>,
    },
    /// Accepts a pending proposal. Only the proposed owner may call it, before the expiry.
    AcceptOwnership {},
    /// Withdraws a pending proposal. Only the current owner may call it.
    CancelTransfer {},
}

/// Why an ownership change was refused.
#[derive(Error, Debug)]
pub enum OwnershipError {
    #[error("{0}")]
    Std(#[from] StdError),
    #[error("caller is not the contract's owner")]
    NotOwner,
    #[error("caller is not the proposed owner")]
    NotPendingOwner,
    #[error("no ownership transfer is pending")]
    TransferNotFound,
    #[error("the ownership proposal expired")]
    TransferExpired,
    #[error("the expiry is already in the past")]
    InvalidExpiry,
    #[error("the new owner is already the owner")]
    AlreadyOwner,
}

/// Stores `owner` as the first owner (at instantiate).
pub fn initialize_owner(
    storage: &mut dyn Storage,
    api: &dyn Api,
    owner: &str,
) -> Result<Ownership, OwnershipError> {
    let ownership = Ownership {
        owner: api.addr_validate(owner)?,
        pending_owner: None,
        pending_expiry: None,
    };
    OWNERSHIP.save(storage, &ownership)?;
    Ok(ownership)
}

/// Loads the ownership record.
pub fn get_ownership(storage: &dyn Storage) -> Result<Ownership, StdError> {
    OWNERSHIP.load(storage)
}

/// Fails with [`OwnershipError::NotOwner`] unless `sender` is the owner.
pub fn assert_owner(storage: &dyn Storage, sender: &Addr) -> Result<(), OwnershipError> {
    if get_ownership(storage)?.owner == *sender {
        Ok(())
    } else {
        Err(OwnershipError::NotOwner)
    }
}

/// Applies `action` sent by `sender` and returns the new ownership record.
pub fn update_ownership(
    storage: &mut dyn Storage,
    api: &dyn Api,
    block: &BlockInfo,
    sender: &Addr,
    action: OwnershipAction,
) -> Result<Ownership, OwnershipError> {
    let mut o = get_ownership(storage)?;
    match action {
        OwnershipAction::TransferOwnership { new_owner, expiry } => {
            if o.owner != *sender {
                return Err(OwnershipError::NotOwner);
            }
            let new_owner = api.addr_validate(&new_owner)?;
            if new_owner == o.owner {
                return Err(OwnershipError::AlreadyOwner);
            }
            if expiry.is_some_and(|e| e <= block.time) {
                return Err(OwnershipError::InvalidExpiry);
            }
            o.pending_owner = Some(new_owner);
            o.pending_expiry = expiry;
        }
        OwnershipAction::AcceptOwnership {} => {
            let pending = o
                .pending_owner
                .clone()
                .ok_or(OwnershipError::TransferNotFound)?;
            if pending != *sender {
                return Err(OwnershipError::NotPendingOwner);
            }
            if o.pending_expiry.is_some_and(|e| block.time >= e) {
                return Err(OwnershipError::TransferExpired);
            }
            o = Ownership {
                owner: pending,
                pending_owner: None,
                pending_expiry: None,
            };
        }
        OwnershipAction::CancelTransfer {} => {
            if o.owner != *sender {
                return Err(OwnershipError::NotOwner);
            }
            if o.pending_owner.is_none() {
                return Err(OwnershipError::TransferNotFound);
            }
            o.pending_owner = None;
            o.pending_expiry = None;
        }
    }
    OWNERSHIP.save(storage, &o)?;
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{mock_dependencies, mock_env};

    #[test]
    fn two_step_transfer_with_expiry_and_cancel() {
        let mut deps = mock_dependencies();
        let api = deps.api;
        let owner = api.addr_make("owner");
        let next = api.addr_make("next");
        let mallory = api.addr_make("mallory");
        let mut env = mock_env();
        initialize_owner(&mut deps.storage, &api, owner.as_str()).unwrap();
        assert!(assert_owner(&deps.storage, &owner).is_ok());
        assert!(matches!(
            assert_owner(&deps.storage, &next),
            Err(OwnershipError::NotOwner)
        ));

        let propose = |expiry| OwnershipAction::TransferOwnership {
            new_owner: next.to_string(),
            expiry,
        };
        // Only the owner proposes; addresses are validated.
        let err = update_ownership(&mut deps.storage, &api, &env.block, &mallory, propose(None));
        assert!(matches!(err, Err(OwnershipError::NotOwner)));
        let bad = OwnershipAction::TransferOwnership {
            new_owner: "NOT-AN-ADDR".into(),
            expiry: None,
        };
        let err = update_ownership(&mut deps.storage, &api, &env.block, &owner, bad);
        assert!(matches!(err, Err(OwnershipError::Std(_))));
        let past = Some(env.block.time);
        let err = update_ownership(&mut deps.storage, &api, &env.block, &owner, propose(past));
        assert!(matches!(err, Err(OwnershipError::InvalidExpiry)));

        // Propose, cancel, the proposal is gone.
        update_ownership(&mut deps.storage, &api, &env.block, &owner, propose(None)).unwrap();
        let o = update_ownership(
            &mut deps.storage,
            &api,
            &env.block,
            &owner,
            OwnershipAction::CancelTransfer {},
        )
        .unwrap();
        assert_eq!(o.pending_owner, None);
        let err = update_ownership(
            &mut deps.storage,
            &api,
            &env.block,
            &next,
            OwnershipAction::AcceptOwnership {},
        );
        assert!(matches!(err, Err(OwnershipError::TransferNotFound)));

        // Propose with an expiry: a stranger cannot accept; after the expiry nobody can.
        let expiry = Some(env.block.time.plus_seconds(100));
        update_ownership(&mut deps.storage, &api, &env.block, &owner, propose(expiry)).unwrap();
        let err = update_ownership(
            &mut deps.storage,
            &api,
            &env.block,
            &mallory,
            OwnershipAction::AcceptOwnership {},
        );
        assert!(matches!(err, Err(OwnershipError::NotPendingOwner)));
        env.block.time = env.block.time.plus_seconds(100);
        let err = update_ownership(
            &mut deps.storage,
            &api,
            &env.block,
            &next,
            OwnershipAction::AcceptOwnership {},
        );
        assert!(matches!(err, Err(OwnershipError::TransferExpired)));

        // A fresh proposal accepted in time moves ownership.
        update_ownership(&mut deps.storage, &api, &env.block, &owner, propose(None)).unwrap();
        let o = update_ownership(
            &mut deps.storage,
            &api,
            &env.block,
            &next,
            OwnershipAction::AcceptOwnership {},
        )
        .unwrap();
        assert_eq!(o.owner, next);
        assert_eq!(o.pending_owner, None);
        assert!(matches!(
            assert_owner(&deps.storage, &owner),
            Err(OwnershipError::NotOwner)
        ));
        assert!(assert_owner(&deps.storage, &next).is_ok());
    }
}
