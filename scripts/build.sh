#!/usr/bin/env bash
# Builds every contract for wasm32-unknown-unknown and optimizes it into artifacts/<crate>.wasm
# plus artifacts/checksums.txt (sha256sum format), like the CosmWasm optimizer.
#
# Rust >= 1.87 emits bulk-memory ops (memory.copy/fill) and Rust >= 1.82 the reference-types
# call_indirect encoding, which CosmWasm 2.x and 3.0.x VMs reject. Two wasm-opt steps (binaryen
# 132, ../shared/CHAIN.md) lower them, so the artifacts store on wasmvm 2.x and 3.0 chains alike.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_rust
WASM_OPT="$(wasm_opt)"

cd "$ROOT"
mapfile -t CRATES < <(contracts)
pkgs=()
for c in "${CRATES[@]}"; do pkgs+=(-p "$c"); done

log "cargo build (release, wasm32) of ${CRATES[*]}"
RUSTFLAGS="-C link-arg=-s" cargo "+$TOOLCHAIN" build --release --lib --locked \
  --target wasm32-unknown-unknown "${pkgs[@]}"

mkdir -p artifacts
rm -f artifacts/*.wasm artifacts/checksums.txt
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for c in "${CRATES[@]}"; do
  name="${c//-/_}"
  raw="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/$name.wasm"
  # Step 1: lower bulk memory into plain MVP loops.
  node "$WASM_OPT" --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types \
    --llvm-memory-copy-fill-lowering "$raw" -o "$tmp/$name.lowered.wasm"
  # Step 2: optimize with only the features every VM >= 1.3 accepts (fails if anything else is left).
  node "$WASM_OPT" --mvp-features --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int -Oz --strip-debug --strip-producers --strip-target-features \
    "$tmp/$name.lowered.wasm" -o "artifacts/$name.wasm"
  printf '%-24s raw %8d  optimized %8d bytes\n' "$name.wasm" "$(stat -c %s "$raw")" \
    "$(stat -c %s "artifacts/$name.wasm")"
done
(cd artifacts && sha256sum -- *.wasm > checksums.txt)
log "artifacts/checksums.txt"
cat artifacts/checksums.txt
