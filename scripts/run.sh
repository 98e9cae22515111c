#!/usr/bin/env bash
# The main job: build the four optimized contracts, validate them as a chain would, then run the
# suite end to end on the local default (every cross-contract test in cw-multi-test).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/build.sh"
"$ROOT/scripts/check.sh"
cd "$ROOT"
if [ -d packages/cw-health-testing ]; then
  log "cross-contract suite (cw-multi-test)"
  cargo "+$TOOLCHAIN" test --locked -p cw-health-testing
fi
