#!/usr/bin/env bash
# The gas report (a benchmark, not a test): builds the artifacts, builds cw20-base 2.0.0 as the
# reference (cosmwasm-std moved to 2.3.x: the 2.0.0 its lock file pins aborts in dlmalloc,
# ../shared/CHAIN.md 3.1; same wasm recipe), then runs packages/local-chain's gas_report example:
# per-message SDK gas of the stories with reads, writes and bytes written, artifact sizes, scaling
# after N patients/grants/units, the 1,000,000-pack recall, and cw20 transfer/mint for comparison.
# Writes packages/local-chain/GAS.md. Arguments: sizes, default 10,1000,10000 (e.g. 10,100,1000).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SIZES="${1:-10,1000,10000}"
"$ROOT/scripts/build.sh"
WASM_OPT="$(wasm_opt)"

# cw20-base 2.0.0 from crates.io, built outside the workspace with the same recipe.
ref="$CACHE/cw20-reference"
out="$ROOT/artifacts/reference/cw20_base.wasm"
if ! [ -f "$out" ]; then
  log "building the cw20-base 2.0.0 reference (cosmwasm-std 2.3.x)"
  mkdir -p "$ref/fetch/src" "$ROOT/artifacts/reference"
  cat > "$ref/fetch/Cargo.toml" <<'TOML'
[package]
name = "fetch-cw20"
version = "0.0.0"
edition = "2021"
[dependencies]
cw20-base = { version = "=2.0.0", features = ["library"] }
[workspace]
TOML
  touch "$ref/fetch/src/lib.rs"
  (cd "$ref/fetch" && cargo "+$TOOLCHAIN" fetch --quiet)
  src="$(find "$HOME/.cargo/registry/src" -maxdepth 2 -type d -name 'cw20-base-2.0.0' | head -n1)"
  rm -rf "$ref/cw20-base" && cp -r "$src" "$ref/cw20-base" && chmod -R u+w "$ref/cw20-base"
  grep -q '^\[workspace\]' "$ref/cw20-base/Cargo.toml" || printf '\n[workspace]\n' >> "$ref/cw20-base/Cargo.toml"
  (
    cd "$ref/cw20-base" || exit 1
    cargo "+$TOOLCHAIN" generate-lockfile --quiet
    # Pin cosmwasm-std 2.3.6 when the lock allows it; keep the resolved version otherwise.
    cargo "+$TOOLCHAIN" update --quiet -p cosmwasm-std --precise 2.3.6 2>/dev/null || true
  )
  (cd "$ref/cw20-base" && grep -A1 'name = "cosmwasm-std"' Cargo.lock | tail -n1)
  (cd "$ref/cw20-base" && RUSTFLAGS="-C link-arg=-s" CARGO_TARGET_DIR="$ref/target" \
    cargo "+$TOOLCHAIN" build --release --lib --target wasm32-unknown-unknown --quiet)
  raw="$ref/target/wasm32-unknown-unknown/release/cw20_base.wasm"
  node "$WASM_OPT" --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types \
    --llvm-memory-copy-fill-lowering "$raw" -o "$ref/lowered.wasm"
  node "$WASM_OPT" --mvp-features --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int -Oz --strip-debug --strip-producers --strip-target-features \
    "$ref/lowered.wasm" -o "$out"
fi

cd "$ROOT" || exit 1
log "gas report (sizes $SIZES) -> packages/local-chain/GAS.md"
cargo "+$TOOLCHAIN" run --quiet --locked -p local-chain --example gas_report -- \
  --sizes "$SIZES" --out packages/local-chain/GAS.md
