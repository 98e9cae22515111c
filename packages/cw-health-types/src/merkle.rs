//! Merkle inclusion proofs over SHA-256 with RFC 6962 domain separation.
//!
//! ## Tree
//! The tree over leaves `d[0..n]` is the RFC 6962 / RFC 9162 Merkle Tree Hash:
//! - leaf hash: `SHA-256(0x00 || d[i])`
//! - node hash: `SHA-256(0x01 || left || right)`
//! - `MTH(d[0..n]) = node(MTH(d[0..k]), MTH(d[k..n]))` with `k` the largest power of two `< n`
//!   (so an odd last leaf is promoted, never duplicated).
//!
//! The different prefixes for leaves and nodes make a second-preimage attack (presenting an inner
//! node's two children as if they were one leaf) fail.
//!
//! ## Proof format
//! [`MerkleProof`] is the RFC 9162 §2.1.3 audit path: the leaf's zero-based `leaf_index`, the
//! tree's `leaf_count`, and `siblings`, the sibling hashes from the leaf level up to the root (hex).
//! Verification follows RFC 9162 §2.1.3.2 exactly.

use cw_health_derive::cw_serde_strict;
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::hash::Sha256Hash;
use crate::limits::MAX_PROOF_LEN;

/// An RFC 9162 inclusion proof (audit path) of one leaf in a tree of `leaf_count` leaves.
#[cw_serde_strict]
pub struct MerkleProof {
    /// Zero-based position of the leaf in the tree.
    pub leaf_index: u64,
    /// Number of leaves in the tree the root was computed over.
    pub leaf_count: u64,
    /// Sibling hashes from the leaf level up to the root, as hex (at most 64).
    pub siblings: Vec<Sha256Hash>,
}

/// Why an inclusion proof was refused.
#[derive(Error, Debug, Clone, PartialEq, Eq)]
pub enum MerkleError {
    #[error("leaf index {index} is outside a tree of {count} leaves")]
    IndexOutOfRange { index: u64, count: u64 },
    #[error("proof has {len} siblings, at most {max}")]
    ProofTooLong { len: usize, max: usize },
    #[error("proof sibling {position} is not a valid sha256 hash")]
    InvalidSibling { position: usize },
    #[error("proof has the wrong number of siblings for a tree of {count} leaves")]
    WrongProofLength { count: u64 },
    #[error("proof does not lead to the committed root")]
    RootMismatch,
}

/// RFC 6962 leaf hash: `SHA-256(0x00 || data)`.
pub fn leaf_hash(data: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    h.finalize().into()
}

/// RFC 6962 interior node hash: `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// Verifies that `leaf_data` is leaf `proof.leaf_index` of the tree whose root is `root`.
pub fn verify_inclusion(
    root: &[u8; 32],
    leaf_data: &[u8],
    proof: &MerkleProof,
) -> Result<(), MerkleError> {
    verify_leaf_hash(root, &leaf_hash(leaf_data), proof)
}

/// Verifies an already-computed RFC 6962 leaf hash against `root` (RFC 9162 §2.1.3.2).
pub fn verify_leaf_hash(
    root: &[u8; 32],
    leaf: &[u8; 32],
    proof: &MerkleProof,
) -> Result<(), MerkleError> {
    let (index, count) = (proof.leaf_index, proof.leaf_count);
    if index >= count {
        return Err(MerkleError::IndexOutOfRange { index, count });
    }
    if proof.siblings.len() > MAX_PROOF_LEN {
        return Err(MerkleError::ProofTooLong {
            len: proof.siblings.len(),
            max: MAX_PROOF_LEN,
        });
    }
    let mut fn_ = index;
    let mut sn = count - 1;
    let mut r = *leaf;
    for (position, sibling) in proof.siblings.iter().enumerate() {
        let p = sibling
            .to_bytes_checked("sibling")
            .map_err(|_| MerkleError::InvalidSibling { position })?;
        if sn == 0 {
            return Err(MerkleError::WrongProofLength { count });
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(&p, &r);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            r = node_hash(&r, &p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn != 0 {
        return Err(MerkleError::WrongProofLength { count });
    }
    if &r != root {
        return Err(MerkleError::RootMismatch);
    }
    Ok(())
}

/// Computes the RFC 6962 root of `leaves` (for clients and tests; contracts only verify).
/// Returns `None` for an empty list.
pub fn compute_root(leaves: &[&[u8]]) -> Option<[u8; 32]> {
    let hashes: Vec<[u8; 32]> = leaves.iter().map(|d| leaf_hash(d)).collect();
    mth(&hashes)
}

/// Builds the audit path of leaf `index` (for clients and tests).
pub fn build_proof(leaves: &[&[u8]], index: u64) -> Option<MerkleProof> {
    let hashes: Vec<[u8; 32]> = leaves.iter().map(|d| leaf_hash(d)).collect();
    let i = usize::try_from(index).ok()?;
    if i >= hashes.len() {
        return None;
    }
    let mut siblings = Vec::new();
    path(&hashes, i, &mut siblings)?;
    Some(MerkleProof {
        leaf_index: index,
        leaf_count: hashes.len() as u64,
        siblings: siblings.into_iter().map(Sha256Hash::from_bytes).collect(),
    })
}

fn split(n: usize) -> usize {
    let mut k = 1;
    while k << 1 < n {
        k <<= 1;
    }
    k
}

fn mth(hashes: &[[u8; 32]]) -> Option<[u8; 32]> {
    match hashes {
        [] => None,
        [one] => Some(*one),
        _ => {
            let (l, r) = hashes.split_at(split(hashes.len()));
            Some(node_hash(&mth(l)?, &mth(r)?))
        }
    }
}

fn path(hashes: &[[u8; 32]], i: usize, out: &mut Vec<[u8; 32]>) -> Option<()> {
    if hashes.len() <= 1 {
        return Some(());
    }
    let k = split(hashes.len());
    let (l, r) = hashes.split_at(k);
    if i < k {
        path(l, i, out)?;
        out.push(mth(r)?);
    } else {
        path(r, i - k, out)?;
        out.push(mth(l)?);
    }
    Some(())
}
