#!/usr/bin/env bash
# The main job: build the four optimized contracts, validate them as a chain would, then start a
# fresh local chain (packages/local-chain: cosmwasm-vm 3.0.10, wasmd's semantics and gas) in a
# temporary data directory, deploy the artifacts wired to each other, and run the stories as JSON
# messages, printing each message's result and gas.
# Extra arguments go to the story runner: --full (whole messages), --json (TxResponses),
# --data-dir DIR (keep the chain).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/build.sh"
"$ROOT/scripts/check.sh"
cd "$ROOT"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
log "local chain: deploy the artifacts and run the stories"
args=(--data-dir "$data")
[ "$#" -gt 0 ] && args=("$@")
cargo "+$TOOLCHAIN" run --quiet --locked -p local-chain --example cw_health_story -- "${args[@]}"
