#!/usr/bin/env bash
# The web pages (packages/cw-health-web: the patient portal and the pack verifier) in a real
# browser: builds the pages (tsc strict, vite build) on the generated clients' sources, starts a
# fresh local node, deploys the suite with `cw-health deploy`, seeds it with `cw-health exec` (a
# clinician and a patient with records and a delegate; a genuine pack commissioned, shipped and
# received by a pharmacy, a pack the pharmacy flagged as suspect (quarantined), and a pack of a
# recalled lot), serves the built pages on localhost and
# runs packages/cw-health-web/test/ (node's test runner driving Debian's Chromium, headless, with
# playwright-core). The tests assert what the pages show and write a screenshot of each page.
#
#   bash scripts/web.sh --check              the tests; screenshots in $CACHE/web-screenshots/
#   bash scripts/web.sh --screenshots DIR    the same, screenshots into DIR (the README's:
#                                            packages/cw-health-web/screenshots)
#   bash scripts/web.sh --serve [PORT]       build, start and seed a node, serve the pages at
#                                            http://127.0.0.1:PORT until Ctrl-C (to look around)
#
# npm dependencies are installed once (npm ci) into ~/.cache/cw-health/cw-health-web-<lock hash>/;
# Chromium from Debian's package when /usr/bin/chromium is missing. Needs the artifacts
# (scripts/build.sh).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 1

mode="${1:---check}"
shots="$CACHE/web-screenshots"
port=0
case "$mode" in
  --check) ;;
  --screenshots) [ -n "${2:-}" ] || { echo "usage: scripts/web.sh --screenshots DIR" >&2; exit 2; }
    shots="$(mkdir -p "$2" && cd "$2" && pwd)" ;;
  --serve) port="${2:-8080}" ;;
  *) echo "usage: scripts/web.sh [--check | --screenshots DIR | --serve [PORT]]" >&2 && exit 2 ;;
esac

[ -f artifacts/checksums.txt ] || { log "artifacts/ is missing: run scripts/build.sh first"; exit 1; }
command -v jq >/dev/null 2>&1 || apt_install jq jq
[ -x /usr/bin/chromium ] || apt_install /usr/bin/chromium chromium
PKG="$ROOT/packages/cw-health-web"
deps="$(npm_deps cw-health-web "$PKG")"

# A scratch copy of the package beside the clients' sources, with the cached node_modules.
scratch_dir
mkdir -p "$work/cw-health-web" "$work/cw-health-ts"
(cd "$PKG" && cp -r package.json tsconfig.json vite.config.ts index.html verify.html src test \
  "$work/cw-health-web/")
cp -r "$ROOT/packages/cw-health-ts/src" "$work/cw-health-ts/src"
ln -s "$deps/node_modules" "$work/cw-health-web/node_modules"

log "build the pages (tsc strict, vite build)"
(cd "$work/cw-health-web" && node node_modules/typescript/bin/tsc --noEmit -p tsconfig.json &&
  node node_modules/vite/bin/vite.js build --logLevel warn)
dist="$work/cw-health-web/dist"

log "build cw-health and cw-health-node"
ensure_rust
cargo "+$TOOLCHAIN" build --quiet --locked -p cw-health-cli -p local-node --bins
BIN="$CARGO_TARGET_DIR/debug"

log "start a fresh local node"
start_local_node "$work"
rpc="$NODE_RPC"
import_dev_keys "$BIN/cw-health" "$work/home" owner patient clinician manufacturer pharmacy caregiver
# cwh ARGS...: the CLI on this node; also a script, for the tests to act as the clinician.
printf '#!/bin/sh\nexec "%s" --home "%s" --deployments "%s" --network local --rpc "%s" "$@"\n' \
  "$BIN/cw-health" "$work/home" "$work/deployments" "$rpc" >"$work/cwh"
chmod +x "$work/cwh"
cwh() { "$work/cwh" "$@"; }
addr() { cwh keys show "$1" --prefix wasm; }
OWNER="$(addr owner)"; PATIENT="$(addr patient)"; CLINICIAN="$(addr clinician)"
MANUFACTURER="$(addr manufacturer)"; PHARMACY="$(addr pharmacy)"; CAREGIVER="$(addr caregiver)"

log "cw-health deploy"
cwh -q deploy --from owner >/dev/null
LAST=""
ex() { # ex KEY CONTRACT JSON: executes, keeping the result for attr
  LAST="$(cwh -q -o json exec "$2" "$3" --from "$1")"
}
attr() { jq -r --arg k "$1" '[.events[].attributes[] | select(.key==$k) | .value][0]' <<<"$LAST"; }

log "seed: a clinician; a patient with two records and a delegate"
NOW="$(cwh -o json status | jq -r .time_ns)"
YEAR=$((365 * 24 * 3600 * 1000000000))
ex owner ehr "{\"update_config\":{\"credentialing_authority\":\"$OWNER\"}}"
ex owner ehr "{\"register_party\":{\"address\":\"$CLINICIAN\",\"identifier\":\"1588667638\",
  \"role\":\"clinician\",\"license_expiry\":\"$((NOW + 3 * YEAR))\"}}"
ex patient ehr '{"register_patient":{}}'
record() { # record TYPE LABELS NAME: the patient adds a pointer to an off-chain document
  local sha
  sha="$(printf '%s' "$3" | sha256sum | cut -d' ' -f1)"
  ex patient ehr "{\"add_record\":{\"patient\":\"$PATIENT\",\"resource_type\":\"$1\",\"labels\":$2,
    \"content\":{\"sha256\":\"$sha\",\"uri\":\"https://gateway.example.org/d/${sha:0:16}\",
    \"media_type\":\"application/fhir+json\"},
    \"data_period\":{\"start\":\"$((NOW - YEAR / 4))\",\"end\":\"$((NOW - YEAR / 6))\"}}}"
}
record Observation '[]' observation-1
RECORD="$(attr record_id)"
record Encounter '["R"]' encounter-1
ex patient ehr "{\"appoint_delegate\":{\"delegate\":\"$CAREGIVER\",\"relationship\":\"caregiver\",
  \"manage_grants\":false,\"expires_at\":\"$((NOW + YEAR))\",
  \"scope\":{\"actions\":[\"read\"],\"purposes\":[\"TREAT\"],\"resource_types\":[],\"labels\":[\"N\"]}}}"

log "seed: a genuine pack (commissioned, shipped, received), a quarantined one, one of a recalled lot"
GTIN="00312345678906"
# Expiry (YYMMDD): the end of the year after next, at the chain's time.
EXPIRY="$(printf '%02d1231' $((($(date -u -d "@$((NOW / 1000000000))" +%Y) + 2) % 100)))"
ex owner drug "{\"register_party\":{\"address\":\"$MANUFACTURER\",\"role\":\"manufacturer\",
  \"license_id\":\"NJ-MFR-0031234\",\"license_expiry\":\"$((NOW + 3 * YEAR))\"}}"
ex owner drug "{\"register_party\":{\"address\":\"$PHARMACY\",\"role\":\"dispenser\",
  \"license_id\":\"NJ-RPH-0047110\",\"license_expiry\":\"$((NOW + 3 * YEAR))\"}}"
ex owner drug "{\"set_company_prefixes\":{\"party\":\"$MANUFACTURER\",\"prefixes\":[\"0312345\"]}}"
ex manufacturer drug "{\"register_product\":{\"gtin\":\"$GTIN\",\"ndc\":\"0312-3456-78\",\"pack_quantity\":30}}"
commission() { # commission LOT SERIAL...
  local lot="$1" serials
  shift
  serials="$(printf '"%s",' "$@")"
  ex manufacturer drug "{\"commission\":{\"gtin\":\"$GTIN\",\"lot\":\"$lot\",\"expiry\":\"$EXPIRY\",
    \"serials\":{\"list\":{\"serials\":[${serials%,}]}}}}"
}
commission LOT-A26 SN-GENUINE-1 SN-SUSPECT-1
commission LOT-B26 SN-RECALL-1
hash() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
ex manufacturer drug "{\"ship\":{\"to\":\"$PHARMACY\",\"cases\":[],
  \"units\":[{\"gtin\":\"$GTIN\",\"lot\":\"LOT-A26\",\"serial\":\"SN-GENUINE-1\"},
    {\"gtin\":\"$GTIN\",\"lot\":\"LOT-A26\",\"serial\":\"SN-SUSPECT-1\"}],
  \"ti_hash\":\"$(hash ti-1)\",\"ts_hash\":\"$(hash ts-1)\"}}"
ex pharmacy drug "{\"receive\":{\"shipment_id\":$(attr shipment_id)}}"
ex pharmacy drug "{\"flag_suspect\":{\"reason\":\"tampered\",\"evidence_hash\":\"$(hash photo-1)\",
  \"unit\":{\"gtin\":\"$GTIN\",\"lot\":\"LOT-A26\",\"serial\":\"SN-SUSPECT-1\"}}}"
ex manufacturer drug "{\"recall\":{\"gtin\":\"$GTIN\",\"lots\":[\"LOT-B26\"],\"recall_class\":\"I\",
  \"notice_hash\":\"$(hash recall-notice-1)\"}}"

# The pages' configuration: the deployment record written by `cw-health deploy`, with the RPC.
jq --arg rpc "$rpc" '. + {rpc: $rpc, bech32_prefix: "wasm", gas_price: "0.025ucosm"}' \
  "$work/deployments/local-1.json" >"$dist/config.json"

export CW_HEALTH_WEB_DIST="$dist" CW_HEALTH_RPC="$rpc" CW_HEALTH_CWH="$work/cwh"
export CW_HEALTH_DEV_MNEMONIC="$DEV_MNEMONIC" CW_HEALTH_PATIENT="$PATIENT"
export CW_HEALTH_CLINICIAN="$CLINICIAN" CW_HEALTH_RECORD="$RECORD" CW_HEALTH_GTIN="$GTIN"
export CW_HEALTH_EXPIRY="$EXPIRY" CW_HEALTH_SCREENSHOTS="$shots"
if [ "$mode" = "--serve" ]; then
  log "serving the pages at http://127.0.0.1:$port/ (node $rpc)"
  echo "portal: connect with the development mnemonic ($DEV_MNEMONIC), account 1 (the patient)"
  echo "verifier: (01)$GTIN(21)SN-GENUINE-1(10)LOT-A26(17)$EXPIRY (genuine)"
  echo "          (01)$GTIN(21)SN-RECALL-1(10)LOT-B26(17)$EXPIRY (recalled)"
  echo "          (01)$GTIN(21)SN-SUSPECT-1(10)LOT-A26(17)$EXPIRY (quarantined)"
  node "$work/cw-health-web/test/serve.mjs" "$dist" "$port"
  exit 0
fi

log "node --test packages/cw-health-web/test (headless Chromium; screenshots in $shots)"
mkdir -p "$shots"
node --test --test-reporter=spec --test-concurrency=1 "$work"/cw-health-web/test/*.test.mjs \
  >"$work/test.txt" 2>&1 || { cat "$work/test.txt" >&2; exit 1; }
grep -E '^(✔|✖|﹣|ℹ (tests|pass|fail|skipped))' "$work/test.txt" | head -n 20 || true
if grep -qE '^ℹ skipped [1-9]' "$work/test.txt"; then log "a browser test was skipped"; exit 1; fi
log "web pages: built, and the browser tests passed"
