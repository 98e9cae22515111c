#!/usr/bin/env bash
# The one test command: formatting, lints, the chain artifacts built and validated, every test of
# the workspace (the local chain's included, on those artifacts), and no drift between the
# committed schema/ and a fresh generation.
# Works on a fresh machine (installs what it needs) and is fast on a second run (caches in
# ~/.cargo/bin and ~/.cache/cw-health).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_rust
cd "$ROOT" || exit 1

log "shellcheck scripts/*.sh"
apt_install shellcheck shellcheck
shellcheck -x --source-path=SCRIPTDIR scripts/*.sh

log "cargo fmt --check"
cargo "+$TOOLCHAIN" fmt --all -- --check

log "cargo clippy (warnings denied; unwrap/expect/indexing/panic denied outside tests)"
cargo "+$TOOLCHAIN" clippy --workspace --all-targets --locked -- -D warnings

# The artifacts come before the tests: local-chain's tests run them on the real VM (and fail,
# saying "run scripts/build.sh first", when they are missing).
log "build the optimized artifacts"
"$ROOT/scripts/build.sh"

log "validate the artifacts as a chain does"
"$ROOT/scripts/check.sh"

log "cargo test --workspace (cw-multi-test suite, and the local chain on the real VM)"
cargo "+$TOOLCHAIN" test --workspace --locked

log "schema drift, docs and message API rules"
"$ROOT/scripts/schema.sh"
python3 "$ROOT/scripts/check_schema_docs.py" "$ROOT/schema"
python3 "$ROOT/scripts/check_schema_api.py" "$ROOT/schema"
if [ -n "$(git status --porcelain -- schema)" ]; then
  echo "schema/ differs from a fresh generation (run scripts/schema.sh and commit):" >&2
  git status --short -- schema >&2
  git --no-pager diff --stat -- schema >&2
  exit 1
fi

log "message examples: one per message, each valid against schema/"
python3 "$ROOT/scripts/check_examples.py"

log "TypeScript clients: drift against schema/, strict tsc, examples through the clients"
"$ROOT/scripts/ts.sh" --check

log "web pages: built, and driven in headless Chromium against a fresh node (portal, verifier)"
"$ROOT/scripts/web.sh" --check
log "all checks passed"
