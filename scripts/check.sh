#!/usr/bin/env bash
# Validates every artifact the way a chain does on upload:
#  - the static checks of cosmwasm-check 3.0.10 with its default capability list (no cosmwasm_3_0,
#    which stock wasmd does not offer), including the per-function locals limits of VM 3.0.9+:
#    run by packages/local-chain (example check_artifacts), which embeds the same cosmwasm-vm 3.0.10
#    and wasmer 7.4.2 and calls the same check_wasm + compile_module, so wasmer is built once;
#  - no bulk-memory (memory.copy/fill/init, data.drop) or reference-type operators left
#    (wasm-objdump from Debian's wabt), which wasmvm 2.x and 3.0.x reject;
#  - size at most 800 KiB (wasmd's default MaxWasmSize);
#  - budgets with headroom under those limits (scripts/wasm_report.py): every artifact at most
#    SIZE_BUDGET_KIB, issue 20's target of 480 KiB (40% under the chain's limit); no function
#    over 80 locals (the VM's limit is 100).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_rust
apt_install wasm-objdump wabt

cd "$ROOT" || exit 1
shopt -s nullglob
wasms=(artifacts/*.wasm)
if [ "${#wasms[@]}" -eq 0 ]; then
  echo "no artifacts: run scripts/build.sh first" >&2
  exit 1
fi
MAX_BYTES=$((800 * 1024))
SIZE_BUDGET_KIB=480
LOCALS_BUDGET=80
fail=0

log "static checks of cosmwasm-check 3.0.10 (cosmwasm-vm 3.0.10, via local-chain)"
cargo "+$TOOLCHAIN" run --quiet --locked -p local-chain --example check_artifacts -- "${wasms[@]}" || fail=1

log "forbidden operators and size (limit $MAX_BYTES bytes)"
(cd artifacts && sha256sum --check --quiet checksums.txt) || { echo "checksums do not match" >&2; fail=1; }
for w in "${wasms[@]}"; do
  size=$(stat -c %s "$w")
  ops=$(wasm-objdump -d "$w" | grep -cE '\b(memory\.(copy|fill|init)|data\.drop|table\.(get|set|grow|size|fill|copy|init)|elem\.drop|ref\.(null|func|is_null))\b' || true)
  status=ok
  if [ "$ops" -ne 0 ]; then status="FAIL: $ops bulk-memory/reference-type ops"; fail=1; fi
  if [ "$size" -gt "$MAX_BYTES" ]; then status="FAIL: over $MAX_BYTES bytes"; fail=1; fi
  # std's backtrace printer (and rustc-demangle) is linked in exactly when its own text is
  # there: packages/cosmwasm-std/PATCH.md.
  if grep -q 'disabled backtrace' "$w"; then status="FAIL: std's backtrace printer is linked in"; fail=1; fi
  printf '%-24s %8d bytes (%5.1f KiB, gzip %7d)  %s\n' "$(basename "$w")" "$size" \
    "$(awk "BEGIN{print $size/1024}")" "$(gzip -9 -c "$w" | wc -c)" "$status"
done
log "size and locals budgets (scripts/wasm_report.py: at most $SIZE_BUDGET_KIB KiB and $LOCALS_BUDGET locals per function; the VM allows 100)"
python3 scripts/wasm_report.py --budget-kib "$SIZE_BUDGET_KIB" \
  --budget-locals "$LOCALS_BUDGET" "${wasms[@]}" || fail=1
exit $fail
