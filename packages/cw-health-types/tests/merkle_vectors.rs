//! The shared Merkle verifier against vectors computed independently with Python's hashlib
//! (`tests/data/gen_merkle_vectors.py`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cw_health_types::merkle::{
    build_proof, compute_root, leaf_hash, verify_inclusion, verify_leaf_hash, MerkleError,
};
use cw_health_types::{MerkleProof, Sha256Hash};
use serde::Deserialize;

#[derive(Deserialize)]
struct Vectors {
    trees: Vec<Tree>,
    second_preimage: Attack,
    drug_lot: DrugLot,
}
#[derive(Deserialize)]
struct DrugLot {
    gtin: String,
    lot: String,
    serials: Vec<String>,
    leaves_hex: Vec<String>,
    root: String,
    proofs: Vec<Proof>,
}
#[derive(Deserialize)]
struct Tree {
    leaves: Vec<String>,
    root: String,
    proofs: Vec<Proof>,
}
#[derive(Deserialize)]
struct Proof {
    index: u64,
    siblings: Vec<String>,
}
#[derive(Deserialize)]
struct Attack {
    root: String,
    forged_leaf_hex: String,
}

fn vectors() -> Vectors {
    cosmwasm_std::from_json(include_str!("data/merkle_vectors.json")).unwrap()
}

fn bytes32(hex: &str) -> [u8; 32] {
    Sha256Hash(hex.to_string()).to_bytes_checked("t").unwrap()
}

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn every_python_proof_verifies_and_matches_ours() {
    let v = vectors();
    assert_eq!(v.trees.len(), 8);
    for tree in &v.trees {
        let leaves: Vec<&[u8]> = tree.leaves.iter().map(|s| s.as_bytes()).collect();
        let root = bytes32(&tree.root);
        assert_eq!(
            compute_root(&leaves),
            Some(root),
            "root of {} leaves",
            leaves.len()
        );
        for p in &tree.proofs {
            let proof = MerkleProof {
                leaf_index: p.index,
                leaf_count: leaves.len() as u64,
                siblings: p.siblings.iter().map(|s| Sha256Hash(s.clone())).collect(),
            };
            verify_inclusion(&root, leaves[p.index as usize], &proof).unwrap();
            assert_eq!(build_proof(&leaves, p.index), Some(proof.clone()));
            // The same proof does not prove another leaf.
            let other = format!("{}-forged", tree.leaves[p.index as usize]);
            assert_eq!(
                verify_inclusion(&root, other.as_bytes(), &proof),
                Err(MerkleError::RootMismatch)
            );
        }
    }
}

#[test]
fn tampered_proofs_are_refused() {
    let v = vectors();
    let tree = &v.trees[6]; // 8 leaves
    let root = bytes32(&tree.root);
    let leaf = tree.leaves[5].as_bytes();
    let good = MerkleProof {
        leaf_index: 5,
        leaf_count: 8,
        siblings: tree.proofs[5]
            .siblings
            .iter()
            .map(|s| Sha256Hash(s.clone()))
            .collect(),
    };
    verify_inclusion(&root, leaf, &good).unwrap();

    let mut wrong_index = good.clone();
    wrong_index.leaf_index = 4;
    assert_eq!(
        verify_inclusion(&root, leaf, &wrong_index),
        Err(MerkleError::RootMismatch)
    );

    let mut out_of_range = good.clone();
    out_of_range.leaf_index = 8;
    assert_eq!(
        verify_inclusion(&root, leaf, &out_of_range),
        Err(MerkleError::IndexOutOfRange { index: 8, count: 8 })
    );

    let mut short = good.clone();
    short.siblings.pop();
    assert_eq!(
        verify_inclusion(&root, leaf, &short),
        Err(MerkleError::WrongProofLength { count: 8 })
    );

    let mut long = good.clone();
    long.siblings.push(Sha256Hash::digest(b"extra"));
    assert_eq!(
        verify_inclusion(&root, leaf, &long),
        Err(MerkleError::WrongProofLength { count: 8 })
    );

    let mut bad_hex = good.clone();
    bad_hex.siblings[1] = Sha256Hash("zz".into());
    assert_eq!(
        verify_inclusion(&root, leaf, &bad_hex),
        Err(MerkleError::InvalidSibling { position: 1 })
    );

    let mut huge = good;
    huge.siblings = vec![Sha256Hash::digest(b"x"); 65];
    assert_eq!(
        verify_inclusion(&root, leaf, &huge),
        Err(MerkleError::ProofTooLong { len: 65, max: 64 })
    );
}

#[test]
fn second_preimage_attempt_fails() {
    let v = vectors();
    let root = bytes32(&v.second_preimage.root);
    let forged = unhex(&v.second_preimage.forged_leaf_hex);
    assert_eq!(forged.len(), 64);
    // The forged "leaf" is the exact preimage (after the 0x01 prefix) of the root. Without domain
    // separation a one-leaf proof of it would succeed; with it, the leaf hash differs.
    let as_single_leaf = MerkleProof {
        leaf_index: 0,
        leaf_count: 1,
        siblings: vec![],
    };
    assert_eq!(
        verify_inclusion(&root, &forged, &as_single_leaf),
        Err(MerkleError::RootMismatch)
    );
    // Presenting the inner node n01 as a leaf hash at level 1 of a 2-leaf tree fails too,
    // because its parent is recomputed with the node prefix from a leaf-prefixed hash.
    let n01: [u8; 32] = forged[..32].try_into().unwrap();
    let n23 = Sha256Hash::from_bytes(forged[32..].try_into().unwrap());
    let as_two_leaves = MerkleProof {
        leaf_index: 0,
        leaf_count: 2,
        siblings: vec![n23],
    };
    assert_eq!(
        verify_inclusion(&root, &n01, &as_two_leaves),
        Err(MerkleError::RootMismatch)
    );
    // Only the honest interior path (a leaf hash that *is* n01) reaches the root, which is
    // exactly why contracts always hash leaf data themselves with `verify_inclusion`.
    verify_leaf_hash(&root, &n01, &as_two_leaves).unwrap();
    assert_ne!(leaf_hash(&n01), n01);
}

/// drug-provenance's Merkle leaf (`gs1::merkle_leaf`, the pack's GS1 element string) matches
/// the Python encoding byte for byte, and its proofs verify; a proof does not move to another
/// lot or GTIN.
#[test]
fn drug_lot_leaves_match_the_python_encoding() {
    use cw_health_types::drug_provenance::gs1::merkle_leaf;
    let d = vectors().drug_lot;
    let root = bytes32(&d.root);
    for (i, serial) in d.serials.iter().enumerate() {
        let leaf = merkle_leaf(&d.gtin, &d.lot, serial);
        assert_eq!(leaf, unhex(&d.leaves_hex[i]), "leaf {i}");
        let proof = MerkleProof {
            leaf_index: d.proofs[i].index,
            leaf_count: d.serials.len() as u64,
            siblings: d.proofs[i]
                .siblings
                .iter()
                .map(|s| Sha256Hash(s.clone()))
                .collect(),
        };
        verify_inclusion(&root, &leaf, &proof).unwrap();
        for other in [
            merkle_leaf(&d.gtin, "LOT-B", serial),
            merkle_leaf("00312345678913", &d.lot, serial),
            serial.as_bytes().to_vec(),
        ] {
            assert_eq!(
                verify_inclusion(&root, &other, &proof),
                Err(MerkleError::RootMismatch)
            );
        }
    }
}
