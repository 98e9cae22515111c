#!/usr/bin/env bash
# Regenerates schema/<contract>/ for every contract (cosmwasm-schema write_api!, one example per
# contract: contracts/<c>/examples/<c>_schema.rs). The test command fails when the committed
# schema/ differs from a fresh run (scripts/test.sh).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_rust
cd "$ROOT" || exit 1
for c in $(contracts); do
  name="${c//-/_}"
  out="$(mktemp -d)"
  (cd "$out" && cargo "+$TOOLCHAIN" run --quiet --locked --manifest-path "$ROOT/contracts/$c/Cargo.toml" \
    --example "${name}_schema" >/dev/null)
  # The hand-written message examples (scripts/check_examples.py) live beside the schema.
  if [ -d "schema/$c/examples" ]; then mv "schema/$c/examples" "$out/schema/examples"; fi
  rm -rf "schema/$c"
  mkdir -p schema
  mv "$out/schema" "schema/$c"
  rm -rf "$out"
  echo "schema/$c: $(find "schema/$c" -path "schema/$c/examples" -prune -o -type f -print | wc -l) files"
done
