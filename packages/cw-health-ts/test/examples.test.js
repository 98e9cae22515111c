// The generated clients send exactly the JSON of the message examples: every execute example of
// schema/<contract>/examples/ goes through the message composer and the signing client, every
// query example through the query client (over a stand-in CosmWasm client that captures what it
// is given), and what reaches the chain must equal the example. Proves the camelCase arguments,
// their snake_case renaming and the optional fields, for every message.
//
// Run by scripts/ts.sh with node's test runner, on the compiled package:
//   CW_HEALTH_TS_DIST=<dist> CW_HEALTH_SCHEMA=<schema> node --test test/
"use strict";
const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const path = require("path");

const dist = process.env.CW_HEALTH_TS_DIST || path.join(__dirname, "..", "dist");
const schemaDir = process.env.CW_HEALTH_SCHEMA || path.join(__dirname, "..", "..", "..", "schema");
const clients = require(dist);

const pascal = (s) => s.replace(/(^|[-_])([a-z0-9])/g, (_, __, c) => c.toUpperCase());
const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const SENDER = "wasm1sender";
const CONTRACT = "wasm1contract";

/** The method's arguments for an example body: an object with camelCase keys, or the body. */
function args(section, variant, body) {
  const v = section.oneOf.find((x) => x.properties && variant in x.properties);
  let s = v.properties[variant];
  if (s.$ref) s = section.definitions[s.$ref.split("/").pop()];
  if (s.type === "object" && !s.properties) return undefined; // no fields: register_patient()
  if (!s.properties) return body; // not a struct: update_ownership(ownershipAction)
  return Object.fromEntries(Object.entries(body).map(([k, x]) => [camel(k), x]));
}

for (const c of fs.readdirSync(schemaDir).sort()) {
  const dir = path.join(schemaDir, c, "examples");
  if (!fs.existsSync(dir)) continue;
  const api = JSON.parse(fs.readFileSync(path.join(schemaDir, c, `${c}.json`), "utf8"));
  const ns = clients[pascal(c)];
  const examples = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => [f.slice(0, -5), JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))]);
  const names = (section) =>
    new Set((api[section].oneOf || []).flatMap((v) => Object.keys(v.properties || {})));
  const execute = names("execute");
  const query = names("query");

  test(`${c}: every execute example, through the composer and the signing client`, async () => {
    let sent;
    const signing = { execute: async (_s, _c, msg) => ((sent = msg), { transactionHash: "" }) };
    const client = new ns[`${pascal(c)}Client`](signing, SENDER, CONTRACT);
    const composer = new ns[`${pascal(c)}MsgComposer`](SENDER, CONTRACT);
    let n = 0;
    for (const [name, example] of examples.filter(([n]) => execute.has(n))) {
      const a = args(api.execute, name, example[name]);
      const encoded = composer[camel(name)](a);
      assert.equal(encoded.value.contract, CONTRACT);
      const composed = JSON.parse(Buffer.from(encoded.value.msg).toString("utf8"));
      assert.deepEqual(composed, example, `${c} ${name}: the message composer's JSON`);
      await client[camel(name)](a);
      assert.deepEqual(JSON.parse(JSON.stringify(sent)), example, `${c} ${name}: the signing client's JSON`);
      n++;
    }
    assert.equal(n, execute.size, `${c}: execute examples`);
  });

  test(`${c}: every query example, through the query client`, async () => {
    let asked;
    const reader = { queryContractSmart: async (_addr, msg) => ((asked = msg), {}) };
    const client = new ns[`${pascal(c)}QueryClient`](reader, CONTRACT);
    let n = 0;
    for (const [name, example] of examples.filter(([n]) => query.has(n))) {
      await client[camel(name)](args(api.query, name, example[name]));
      assert.deepEqual(JSON.parse(JSON.stringify(asked)), example, `${c} ${name}: the query client's JSON`);
      n++;
    }
    assert.equal(n, query.size, `${c}: query examples`);
  });
}
