#!/usr/bin/env python3
"""Independent RFC 6962 Merkle vectors for cw-health-types, computed with hashlib only.

Run: python3 packages/cw-health-types/tests/data/gen_merkle_vectors.py > packages/cw-health-types/tests/data/merkle_vectors.json
"""
import hashlib, json

def leaf(d): return hashlib.sha256(b"\x00" + d).digest()
def node(l, r): return hashlib.sha256(b"\x01" + l + r).digest()

def k_of(n):
    k = 1
    while k * 2 < n: k *= 2
    return k

def mth(ds):
    if len(ds) == 1: return leaf(ds[0])
    k = k_of(len(ds))
    return node(mth(ds[:k]), mth(ds[k:]))

def path(m, ds):
    # RFC 6962 section 2.1.1 PATH(m, D[n])
    if len(ds) == 1: return []
    k = k_of(len(ds))
    if m < k: return path(m, ds[:k]) + [mth(ds[k:])]
    return path(m - k, ds[k:]) + [mth(ds[:k])]

trees = []
for n in [1, 2, 3, 4, 5, 7, 8, 13]:
    ds = [("serial-%04d" % i).encode() for i in range(n)]
    trees.append({
        "leaves": [d.decode() for d in ds],
        "root": mth(ds).hex(),
        "proofs": [{"index": i, "siblings": [h.hex() for h in path(i, ds)]} for i in range(n)],
    })

# Second-preimage attempt on the 4-leaf tree: present the concatenation of the two level-1
# nodes (which hashes, without domain separation, to the root's children) as one leaf.
ds = [("serial-%04d" % i).encode() for i in range(4)]
n01, n23 = mth(ds[:2]), mth(ds[2:])
attack = {
    "root": mth(ds).hex(),
    "forged_leaf_hex": (n01 + n23).hex(),
    "comment": "0x01||n01||n23 is the root preimage; as a leaf it is hashed with 0x00 and must fail",
}
# A drug-provenance Merkle lot: each leaf is the GS1 element string of the pack,
# "01" GTIN "10" lot <GS> "21" serial (GS = 0x1D), so a proof names its product and lot.
def drug_leaf(gtin, lot, serial):
    return b"01" + gtin.encode() + b"10" + lot.encode() + b"\x1d" + b"21" + serial.encode()

gtin, lot = "00312345678906", "LOT-A"
serials = ["SN-%03d" % i for i in range(5)]
dl = [drug_leaf(gtin, lot, s) for s in serials]
drug_lot = {
    "gtin": gtin,
    "lot": lot,
    "serials": serials,
    "leaves_hex": [d.hex() for d in dl],
    "root": mth(dl).hex(),
    "proofs": [{"index": i, "siblings": [h.hex() for h in path(i, dl)]} for i in range(len(dl))],
}
print(json.dumps({"trees": trees, "second_preimage": attack, "drug_lot": drug_lot}, indent=1))
