#!/usr/bin/env bash
# The patient journey through the command line, as a user drives a testnet: starts a fresh local
# node (packages/local-node, CometBFT RPC) in a temporary directory, deploys the four artifacts
# with `cw-health deploy`, then runs the journey as JSON messages with `cw-health exec` / `query`
# (signed and broadcast by cw-health over RPC), printing each step, its result and its gas.
# Needs the artifacts (scripts/build.sh). Extra arguments go to every cw-health call (e.g. -q).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_rust
cd "$ROOT" || exit 1
[ -f artifacts/checksums.txt ] || { log "artifacts/ is missing: run scripts/build.sh first"; exit 1; }
command -v jq >/dev/null 2>&1 || apt_install jq jq

log "build cw-health and cw-health-node"
cargo "+$TOOLCHAIN" build --quiet --locked -p cw-health-cli -p local-node --bins
BIN="$CARGO_TARGET_DIR/debug"

scratch_dir

# The dev accounts (local_node::DEV_MNEMONIC, public: never use it for real funds), funded at
# genesis by the addresses cw-health derives (BIP-39, m/44'/118'/0'/0/i).
import_dev_keys "$BIN/cw-health" "$work/home" owner patient clinician hospital credentialing \
  insurer adjuster
keys() { "$BIN/cw-health" --home "$work/home" keys "$@"; }
addr() { keys show "$1" --prefix wasm; }
OWNER="$(addr owner)"; PATIENT="$(addr patient)"; CLINICIAN="$(addr clinician)"
HOSPITAL="$(addr hospital)"; CRED="$(addr credentialing)"; INSURER="$(addr insurer)"
ADJUSTER="$(addr adjuster)"
accounts=""
for a in "$OWNER" "$PATIENT" "$CLINICIAN" "$HOSPITAL" "$CRED" "$INSURER" "$ADJUSTER"; do
  accounts="$accounts${accounts:+,}{\"address\":\"$a\",\"coins\":[{\"denom\":\"ucosm\",\"amount\":\"1000000000000\"}]}"
done
printf '{"chain_id":"local-1","bech32_prefix":"wasm","genesis_time":1767225600,"block_time":5,"accounts":[%s]}\n' \
  "$accounts" >"$work/genesis.json"

log "start a fresh local node"
start_local_node "$work" --genesis "$work/genesis.json"
rpc="$NODE_RPC"
echo "node at $rpc"

cwh() {
  "$BIN/cw-health" --home "$work/home" --deployments "$work/deployments" \
    --network local --rpc "$rpc" "$@"
}
echo "owner $OWNER, patient $PATIENT"

log "cw-health deploy"
cwh deploy --from owner
log "cw-health deploy again: every step is recorded, nothing is sent"
cwh -q deploy --from owner | grep -c skipped | xargs printf '%s steps skipped\n'

now() { cwh -o json status | jq -r .time_ns; }
LAST=""
# step LABEL KEY CONTRACT JSON [--amount X]: executes, prints gas and the contract's action.
step() {
  local label="$1" from="$2" contract="$3" msg="$4"
  shift 4
  LAST="$(cwh -q -o json exec "$contract" "$msg" --from "$from" "$@")"
  printf '%-46s gas %8s  %s\n' "$label" "$(jq -r .gas_used <<<"$LAST")" \
    "$(jq -r '[.events[] | select(.type|startswith("wasm")) | .attributes[]
       | select(.key!="_contract_address" and .key!="msg_index") | "\(.key)=\(.value)"]
       | .[0:5] | join(" ")' <<<"$LAST")"
}
attr() { jq -r --arg k "$1" '[.events[].attributes[] | select(.key==$k) | .value][0]' <<<"$LAST"; }
# ask LABEL CONTRACT JSON JQ: queries and prints the JQ projection of the answer.
ask() {
  printf '%-46s %s\n' "$1" "$(cwh -q -o json query "$2" "$3" | jq -c "$4")"
}
permit() { # permit ACTIONS PURPOSES
  printf '{"provision_type":"permit","actions":%s,"purposes":%s,"resource_types":["Encounter"],"labels":[],"record_ids":[],"provisions":[]}' "$1" "$2"
}

log "roles"
EXPIRY=1798761600000000000
step "ehr: appoint the credentialing authority" owner ehr \
  "{\"update_config\":{\"credentialing_authority\":\"$CRED\"}}"
for p in "$CLINICIAN clinician" "$HOSPITAL organization" "$INSURER payer"; do
  read -r a role <<<"$p"
  step "ehr: register $role" credentialing ehr \
    "{\"register_party\":{\"address\":\"$a\",\"identifier\":\"NPI-$role\",\"role\":\"$role\",\"license_expiry\":\"$EXPIRY\"}}"
done
step "ehr: the patient registers" patient ehr '{"register_patient":{}}'

log "the plan"
START="$(now)"
step "claims: create plan" insurer claims "{\"create_plan\":{\"external_id\":\"PLAN-GOLD-2026\",
  \"denom\":\"ucosm\",\"plan_year_start\":\"$START\",
  \"deductible\":{\"individual\":\"500\",\"family\":\"1000\"},
  \"out_of_pocket_max\":{\"individual\":\"1500\",\"family\":\"3000\"},
  \"benefits\":[{\"code\":\"99213\",\"fee_per_unit\":\"200\",\"cost_share\":{\"coinsurance\":{\"bps\":2000}},
    \"deductible_applies\":true,\"prior_auth_required\":false}],
  \"timely_filing_days\":90,\"auto_approval_ceiling\":\"5000\",\"adjusters\":[\"$ADJUSTER\"]}}"
PLAN="$(attr plan_id)"
step "claims: fund the pool (100000ucosm)" insurer claims "{\"fund_pool\":{\"plan_id\":$PLAN}}" \
  --amount 100000ucosm
step "claims: enroll the patient" insurer claims "{\"enroll_member\":{\"plan_id\":$PLAN,
  \"member\":\"$PATIENT\",\"family_id\":\"FAM-1\",\"coverage_start\":\"$START\",\"status\":\"active\"}}"
# The hospital bills what the clinician renders: the clinician authorizes it (reassignment).
step "claims: the clinician authorizes the hospital" clinician claims \
  "{\"authorize_billing\":{\"billing_provider\":\"$HOSPITAL\"}}"

log "consent and a visit"
step "ehr: grant the clinician (treatment)" patient ehr "{\"grant_access\":{\"patient\":\"$PATIENT\",
  \"grantee\":{\"address\":{\"address\":\"$CLINICIAN\"}},\"provision\":$(permit '["read","write"]' '["TREAT"]')}}"
step "ehr: grant the hospital (treatment, payment)" patient ehr "{\"grant_access\":{\"patient\":\"$PATIENT\",
  \"grantee\":{\"address\":{\"address\":\"$HOSPITAL\"}},\"provision\":$(permit '["read"]' '["TREAT","HPAYMT"]')}}"
HOSPITAL_GRANT="$(attr grant_id)"
step "ehr: grant the insurer (payment)" patient ehr "{\"grant_access\":{\"patient\":\"$PATIENT\",
  \"grantee\":{\"address\":{\"address\":\"$INSURER\"}},\"provision\":$(permit '["read"]' '["HPAYMT"]')}}"
SHA="$(printf 'Encounter/visit-1' | sha256sum | cut -d' ' -f1)"
step "ehr: the clinician adds the visit" clinician ehr "{\"add_record\":{\"patient\":\"$PATIENT\",
  \"content\":{\"sha256\":\"$SHA\",\"uri\":\"https://gateway.example.org/d/${SHA:0:16}\",
  \"media_type\":\"application/fhir+json\"},\"resource_type\":\"Encounter\",\"labels\":[]}}"
RECORD="$(attr record_id)"
ask "ehr: the record's custodian" ehr "{\"record\":{\"record_id\":$RECORD}}" .custodian
disclose() {
  step "ehr: $1 records a disclosure (payment)" "$1" ehr "{\"record_access\":{\"patient\":\"$PATIENT\",
    \"record_id\":$RECORD,\"actor\":\"$2\",\"action\":\"read\",\"purpose\":\"HPAYMT\"}}"
}
disclose hospital "$HOSPITAL"

log "the claim is paid from the pool"
claim() { # claim UNITS CHARGE
  printf '{"submit_claim":{"plan_id":%s,"member":"%s","frequency":"original","date_of_service":"%s","place_of_service":"11","diagnoses":["Z00.00"],"lines":[{"procedure_code":"99213","modifiers":[],"units":%s,"charge":"%s","diagnosis_pointers":[1]}],"supporting_record_id":%s,"rendering_provider":"%s"}}' \
    "$PLAN" "$PATIENT" "$(now)" "$1" "$2" "$RECORD" "$CLINICIAN"
}
step "claims: the hospital submits 5 x 99213 (1500)" hospital claims "$(claim 5 1500)"
CLAIM="$(attr claim_id)"
ask "claims: the claim (paid 400: CO-45, PR-1, PR-2)" claims "{\"claim\":{\"claim_id\":$CLAIM}}" \
  '{status, total_paid, adjustments: [.lines[0].adjustments[] | "\(.group)-\(.reason): \(.amount)"]}'
ask "claims: the pool" claims "{\"pool\":{\"plan_id\":$PLAN}}" .balance
disclose insurer "$INSURER"

log "the patient revokes the hospital's consent"
step "ehr: revoke the hospital's grant" patient ehr \
  "{\"revoke_access\":{\"grant_id\":$HOSPITAL_GRANT,\"reason\":\"patient_withdrew\"}}"
ask "ehr: may the hospital read for payment?" ehr "{\"check_access\":{\"patient\":\"$PATIENT\",
  \"actor\":\"$HOSPITAL\",\"action\":\"read\",\"purpose\":\"HPAYMT\",\"record_id\":$RECORD}}" '{allowed, reason}'
step "claims: the hospital submits 1 x 99213 (200)" hospital claims "$(claim 1 200)"
CLAIM2="$(attr claim_id)"
ask "claims: the second claim (denied, CO-252)" claims "{\"claim\":{\"claim_id\":$CLAIM2}}" \
  '{status, total_paid}'
if cwh -q exec ehr "{\"record_access\":{\"patient\":\"$PATIENT\",\"record_id\":$RECORD,
  \"actor\":\"$HOSPITAL\",\"action\":\"read\",\"purpose\":\"HPAYMT\"}}" --from hospital >/dev/null 2>"$work/err"; then
  log "the revoked hospital could record a disclosure"; exit 1
fi
printf '%-46s %s\n' "ehr: revoked hospital's disclosure" "refused: $(tr -s "\n" " " <"$work/err" | head -c 160)"
ask "ehr: the accounting of disclosures" ehr "{\"accounting\":{\"patient\":\"$PATIENT\",
  \"from\":\"$START\",\"to\":\"$(now)\",\"limit\":30}}" '[.disclosures[] | {actor, purpose, record_id}]'

log "a malformed message is refused before anything is sent"
cwh exec ehr '{"register_party":{"address":"x","identifier":"x","role":"clinician","license_expiry":"2027-01-01"}}' \
  --from credentialing 2>&1 | head -n 3 || true
log "journey done; deployment record:"
cat "$work/deployments/local-1.json"
