#!/usr/bin/env bash
# The TypeScript clients (packages/cw-health-ts): regenerates src/generated/ from schema/ with the
# pinned @cosmwasm/ts-codegen, fails when the committed code differs (like schema/), and
# type-checks the package in strict mode (tsc --noEmit), together with
# - every message example of schema/<contract>/examples/ typed as the generated message types
#   (excess or misspelled fields, wrong enum strings and missing fields are compile errors), and
# - every ```ts block of README.md (the web-app example), importing the package by its name;
# then runs packages/cw-health-ts/test/ with node's test runner on the compiled package (the
# clients send exactly the JSON of every message example).
#
#   bash scripts/ts.sh           check: regenerate into a temporary directory, compare, tsc
#   bash scripts/ts.sh --check   the same
#   bash scripts/ts.sh --write   regenerate into packages/cw-health-ts/src/generated/, then tsc
#
# npm dependencies are installed once with `npm ci` from the package's package-lock.json into
# ~/.cache/cw-health/cw-health-ts-<lock hash>/ (outside the clone); later runs reuse them.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 1

mode="${1:---check}"
case "$mode" in
  --check | --write) ;;
  *) echo "usage: scripts/ts.sh [--check|--write]" >&2 && exit 2 ;;
esac

PKG="$ROOT/packages/cw-health-ts"
deps="$(npm_deps cw-health-ts "$PKG")"

# A scratch copy of the package, with the cached node_modules linked in.
scratch_dir
cp "$PKG/package.json" "$PKG/tsconfig.json" "$PKG/codegen.js" "$work/"
cp -r "$PKG/src" "$work/src"
ln -s "$deps/node_modules" "$work/node_modules"

log "generating the TypeScript clients from schema/ (@cosmwasm/ts-codegen)"
rm -rf "$work/src/generated"
(cd "$work" && node codegen.js "$ROOT/schema" "$work/src/generated")

if [ "$mode" = "--write" ]; then
  rm -rf "$PKG/src/generated"
  cp -r "$work/src/generated" "$PKG/src/generated"
  echo "wrote packages/cw-health-ts/src/generated/ ($(find "$PKG/src/generated" -type f | wc -l) files)"
elif ! diff -r "$PKG/src/generated" "$work/src/generated" >"$work/drift.txt" 2>&1; then
  echo "packages/cw-health-ts/src/generated/ differs from a fresh generation from schema/" >&2
  echo "(run 'bash scripts/ts.sh --write' and commit):" >&2
  head -40 "$work/drift.txt" >&2
  exit 1
fi

# Every message example, typed: a compile error names the example and the field.
node - "$ROOT/schema" "$work/src/examples.check.ts" <<'EOF'
const fs = require("fs");
const path = require("path");
const [schemaDir, out] = process.argv.slice(2);
const pascal = (s) => s.replace(/(^|[-_])([a-z0-9])/g, (_, __, c) => c.toUpperCase());
const lines = ['import { ' + fs.readdirSync(schemaDir).filter((c) => fs.existsSync(path.join(schemaDir, c, "examples"))).map(pascal).join(", ") + ' } from "./generated";'];
for (const c of fs.readdirSync(schemaDir).sort()) {
  const dir = path.join(schemaDir, c, "examples");
  if (!fs.existsSync(dir)) continue;
  const api = JSON.parse(fs.readFileSync(path.join(schemaDir, c, `${c}.json`), "utf8"));
  const names = (section) => new Set(((api[section] || {}).oneOf || []).flatMap((v) => v.enum || Object.keys(v.properties || {})));
  const execute = names("execute");
  const query = names("query");
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const name = f.slice(0, -5);
    const type = name === "instantiate" ? "InstantiateMsg" : name === "migrate" ? "MigrateMsg"
      : execute.has(name) ? "ExecuteMsg" : query.has(name) ? "QueryMsg" : null;
    if (!type) continue; // scripts/check_examples.py reports it
    const body = fs.readFileSync(path.join(dir, f), "utf8").trim();
    lines.push(`// schema/${c}/examples/${f}`);
    lines.push(`export const ${pascal(c)}_${name}: ${pascal(c)}.${type} = ${body};`);
  }
}
fs.writeFileSync(out, lines.join("\n") + "\n");
EOF

# The README's TypeScript blocks, each a module of its own.
mkdir -p "$work/readme"
awk -v dir="$work/readme" '
  /^```ts$/ { n++; out = sprintf("%s/block%d.ts", dir, n); printf "// README.md line %d\n", NR + 1 > out; inblock = 1; next }
  /^```$/ { inblock = 0; next }
  inblock { print > out }
' "$ROOT/README.md"
cat >"$work/tsconfig.check.json" <<'EOF'
{
  "extends": "./tsconfig.json",
  "compilerOptions": {
    "rootDir": ".",
    "outDir": "out",
    "declaration": false,
    "sourceMap": false,
    "baseUrl": ".",
    "paths": { "@cw-health/client": ["./src/index.ts"] }
  },
  "include": ["src", "readme"]
}
EOF

log "tsc (strict) on packages/cw-health-ts, the typed examples and the README's TypeScript"
if ! (cd "$work" && node node_modules/typescript/bin/tsc -p tsconfig.check.json) >"$work/tsc.txt" 2>&1; then
  # Name the example behind each error in the typed examples (src/examples.check.ts).
  node - "$work/src/examples.check.ts" "$work/tsc.txt" >&2 <<'EOF'
const fs = require("fs");
const [checkFile, tscOut] = process.argv.slice(2);
const lines = fs.readFileSync(checkFile, "utf8").split("\n");
for (const l of fs.readFileSync(tscOut, "utf8").split("\n")) {
  const r = l.match(/^(readme\/block\d+\.ts)\((\d+),\d+\): (.*)$/);
  if (r) {
    // The block's first line says where it starts in README.md.
    const first = fs.readFileSync(require("path").join(require("path").dirname(checkFile), "..", r[1]), "utf8").split("\n")[0];
    const start = Number((first.match(/line (\d+)/) || [0, 1])[1]);
    console.log(`README.md:${start + Number(r[2]) - 2}: ${r[3]}`);
    continue;
  }
  const m = l.match(/^src\/examples\.check\.ts\((\d+),/);
  if (!m) { if (l) console.log(l); continue; }
  let i = Number(m[1]) - 1;
  while (i > 0 && !lines[i].startsWith("// schema/")) i--;
  console.log(`${lines[i].slice(3)}: ${l.replace(/^[^:]*: /, "")}`);
}
EOF
  exit 1
fi
# A fresh local node for the end-to-end test (test/e2e.test.js): CosmJS and the generated
# clients over CometBFT RPC, on the optimized ehr-registry artifact.
[ -f "$ROOT/artifacts/ehr_registry.wasm" ] || { log "artifacts/ is missing: run scripts/build.sh first"; exit 1; }
log "start a fresh local node (packages/local-node) for the end-to-end test"
ensure_rust
cargo "+$TOOLCHAIN" build --quiet --locked -p local-node --bins
start_local_node "$work"
rpc="$NODE_RPC"

log "node --test packages/cw-health-ts/test (the examples' JSON; end to end at $rpc)"
cp -r "$PKG/test" "$work/test"
CW_HEALTH_TS_DIST="$work/out/src" CW_HEALTH_SCHEMA="$ROOT/schema" CW_HEALTH_RPC="$rpc" \
  CW_HEALTH_ARTIFACTS="$ROOT/artifacts" node --test --test-reporter=spec "$work/test/" \
  >"$work/test.txt" 2>&1 || { cat "$work/test.txt" >&2; exit 1; }
grep -E '^(✔|✖|﹣|ℹ (tests|pass|fail|skipped))' "$work/test.txt" | grep -vE '^✔ .*examples? ' | head -n 20 || true
if grep -qE '^ℹ skipped [1-9]' "$work/test.txt"; then log "a TypeScript test was skipped"; exit 1; fi
log "TypeScript clients: no drift, strict type-check and tests passed"
