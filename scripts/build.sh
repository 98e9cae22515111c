#!/usr/bin/env bash
# Builds every contract for wasm32-unknown-unknown and optimizes it into artifacts/<crate>.wasm
# plus artifacts/checksums.txt (sha256sum format), like the CosmWasm optimizer, and local-chain's
# own test contract into artifacts/test/chain_tester.wasm (same recipe; not a deliverable).
#
# Rust >= 1.87 emits bulk-memory ops (memory.copy/fill) and Rust >= 1.82 the reference-types
# call_indirect encoding, which CosmWasm 2.x and 3.0.x VMs reject. Two wasm-opt steps (binaryen
# 132, ../shared/CHAIN.md) lower them, so the artifacts store on wasmvm 2.x and 3.0 chains alike.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_rust
WASM_OPT="$(wasm_opt)"

cd "$ROOT" || exit 1
mapfile -t CRATES < <(contracts)
TEST_CRATES=(chain-tester)
pkgs=()
for c in "${CRATES[@]}" "${TEST_CRATES[@]}"; do pkgs+=(-p "$c"); done

# The standard library is rebuilt from the pinned toolchain's rust-src (-Zbuild-std, on a stable
# toolchain through RUSTC_BOOTSTRAP=1) with std's `optimize_for_size` feature and the
# `immediate-abort` panic strategy: a panic (only overflow checks and std's own; contract code
# has none by rule) becomes the Wasm `unreachable` trap instead of formatting its message for
# cosmwasm-std's panic hook. The transaction still aborts with no state change; the chain's error
# says `unreachable` instead of the panic message. Measured in issue 20 (README, "Artifact size"):
# 46-56 KB less per artifact.
# Source paths that end up in the Wasm (file names of std's and dependencies' remaining panic
# locations) are remapped to machine-independent ones, so the bytes do not depend on where rustup
# keeps the toolchain's rust-src or where cargo keeps its registry.
SYSROOT="$(rustc "+$TOOLCHAIN" --print sysroot)"
RUST_COMMIT="$(rustc "+$TOOLCHAIN" -vV | sed -n 's/^commit-hash: //p')"
REMAP="--remap-path-prefix=$SYSROOT/lib/rustlib/src/rust=/rustc/$RUST_COMMIT"
REMAP="$REMAP --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo"
log "cargo build (release, wasm32, build-std) of ${CRATES[*]} ${TEST_CRATES[*]}"
RUSTC_BOOTSTRAP=1 RUSTFLAGS="-C link-arg=-s -Zunstable-options -Cpanic=immediate-abort $REMAP" \
  cargo "+$TOOLCHAIN" build --release --lib --locked --target wasm32-unknown-unknown \
  -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size "${pkgs[@]}"

mkdir -p artifacts/test
rm -f artifacts/*.wasm artifacts/checksums.txt artifacts/test/*.wasm
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for c in "${CRATES[@]}" "${TEST_CRATES[@]}"; do
  name="${c//-/_}"
  out="artifacts/$name.wasm"
  [[ " ${TEST_CRATES[*]} " == *" $c "* ]] && out="artifacts/test/$name.wasm"
  raw="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/$name.wasm"
  # Step 1: lower bulk memory into plain MVP loops.
  node "$WASM_OPT" --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types \
    --llvm-memory-copy-fill-lowering "$raw" -o "$tmp/$name.lowered.wasm"
  # Step 2: optimize with only the features every VM >= 1.3 accepts (fails if anything else is left).
  # Duplicate and similar functions are merged, and one-caller inlining stops at 500-byte
  # functions so that no function nears the VM's 100-locals limit; two -Oz rounds shrink what the
  # merges expose (measured in issue 20, README "Artifact size": since JSON is read through one
  # tree, a cap of 500 is 0.6-3.1 KB smaller than 100 on every artifact with at most 47 locals
  # in any function; 1,000 and above put claims-engine's largest at 89; --converge or a third
  # -Oz gain < 400 bytes).
  node "$WASM_OPT" --mvp-features --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --duplicate-function-elimination --merge-similar-functions \
    -ocimfs 500 -Oz -Oz --strip-debug --strip-producers --strip-target-features \
    "$tmp/$name.lowered.wasm" -o "$out"
  printf '%-24s raw %8d  optimized %8d bytes\n' "$name.wasm" "$(stat -c %s "$raw")" \
    "$(stat -c %s "$out")"
done
(cd artifacts && sha256sum -- *.wasm > checksums.txt)
log "artifacts/checksums.txt"
cat artifacts/checksums.txt
