#!/usr/bin/env bash
# The main job: build the four optimized contracts, validate them as a chain would, then start a
# fresh local node (packages/local-node: the local chain on cosmwasm-vm 3.0.10 with wasmd's
# semantics and gas, served over CometBFT RPC) in a temporary directory, deploy the artifacts wired
# to each other with `cw-health deploy`, and run the patient journey as JSON messages with
# `cw-health exec` / `query` (signed Cosmos SDK transactions over RPC), printing each step, its
# result and its gas (scripts/journey.sh).
# The same stories without RPC, on the in-process engine:
#   cargo run -p local-chain --example cw_health_story -- --data-dir DIR [--full|--json]
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/build.sh"
"$ROOT/scripts/check.sh"
"$ROOT/scripts/journey.sh" "$@"
