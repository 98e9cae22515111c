#!/usr/bin/env node
// Generates src/generated/ from the contracts' schemas (schema/<contract>/<contract>.json) with
// @cosmwasm/ts-codegen (types, query clients, signing clients, message composers), then
//  1. adds the schema's descriptions back as TSDoc comments (ts-codegen drops them): on every
//     type, field, message variant, client method and its parameters;
//  2. writes one module per contract (src/generated/<Contract>.ts) and src/generated/index.ts,
//     which exports each contract as a namespace (EhrRegistry, DrugProvenance, ...) so that the
//     types the contracts share (Timestamp, ContentRef, ...) never collide.
// Run by scripts/ts.sh (which checks that the committed src/generated/ equals a fresh run).
//
// Usage: node codegen.js <schema-dir> <out-dir>
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const ts = require("typescript");
const codegen = require("@cosmwasm/ts-codegen").default;

const pascal = (s) => s.replace(/(^|[-_])([a-z0-9])/g, (_, __, c) => c.toUpperCase());
const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const snake = (s) => s.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

// Short, JavaScript-facing descriptions for the cosmwasm-std wrapper types, whose Rust docs
// (with Rust code examples) would mislead a TypeScript reader.
const OVERRIDES = {
  Timestamp:
    "A point in time: **nanoseconds since the Unix epoch, as a decimal string** " +
    '(`"1767225600000000000"` is 2026-01-01T00:00:00Z). From a `Date`: ' +
    "`(BigInt(date.getTime()) * 1_000_000n).toString()`; see `timestampFromDate` and " +
    "`dateFromTimestamp` in this package. An ISO 8601 string is refused.",
  Uint64: "An unsigned 64-bit integer as a decimal string (JSON numbers lose precision in JavaScript).",
  Uint128:
    "An unsigned 128-bit integer as a decimal string: token amounts in the smallest unit of the " +
    'denom (e.g. `"2500"` ustake).',
  Addr: "A bech32 account or contract address, as the chain prints it (e.g. `wasm1...`).",
};

/** Every schema node that can carry a description, by type name: definitions and roots. */
function collectNamed(api) {
  const named = {};
  const add = (name, node) => {
    if (node && !(name in named)) named[name] = node;
  };
  for (const section of ["instantiate", "execute", "query", "migrate", "sudo"]) {
    const root = api[section];
    if (!root) continue;
    add(root.title, root);
    for (const [n, d] of Object.entries(root.definitions || {})) add(n, d);
  }
  for (const resp of Object.values(api.responses || {})) {
    add(resp.title, resp);
    for (const [n, d] of Object.entries(resp.definitions || {})) add(n, d);
  }
  // ts-codegen's cleanse renames Nullable_X to NullableX.
  for (const n of Object.keys(named)) if (n.startsWith("Nullable_")) add(n.replace("Nullable_", "Nullable"), named[n]);
  return named;
}

/** The schema node under allOf/anyOf-with-null wrappers (descriptions stay on the outer one). */
function unwrap(node) {
  while (node) {
    if (node.allOf && node.allOf.length === 1) node = node.allOf[0];
    else if (node.anyOf) {
      const nonNull = node.anyOf.filter((s) => s.type !== "null");
      if (nonNull.length !== 1) return node;
      node = nonNull[0];
    } else return node;
  }
  return node;
}

function docComment(text, indent) {
  const lines = text.replace(/\*\//g, "*\\/").trim().split("\n");
  return `/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join("\n")}\n${indent} */\n${indent}`;
}

/** The description of a string-enum or unit variant list, one line each. */
function variantList(node) {
  const out = [];
  for (const v of node.oneOf || []) {
    const names = v.enum || Object.keys(v.properties || {});
    for (const n of names) {
      const d = v.description ? oneLine(v.description).replace(new RegExp(`^${n}: `), "") : "";
      out.push(`- \`${n}\`${d ? ": " + d : ""}`);
    }
  }
  return out.join("\n");
}

const oneLine = (s) => s.replace(/\s*\n\s*/g, " ");

/**
 * Adds descriptions to one generated file. `lookup(name)` answers the schema node of a
 * top-level type; `methods` maps client/composer method names to their message variants.
 */
function annotate(file, named, methods) {
  const text = fs.readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const inserts = [];
  const indentAt = (pos) => {
    const lineStart = text.lastIndexOf("\n", pos - 1) + 1;
    return text.slice(lineStart, pos).match(/^\s*/)[0];
  };
  const doc = (node, description) => {
    if (!description) return;
    const pos = node.getStart(sf);
    inserts.push([pos, docComment(description, indentAt(pos))]);
  };
  const propName = (p) => (p.name && (p.name.text || p.name.escapedText)) || "";

  // Aligns a TypeScript type with its schema node, documenting the members.
  const align = (typeNode, schema, toSchemaKey = (k) => k) => {
    if (!typeNode || !schema) return;
    if (schema.$ref) return; // documented where the referenced type is declared
    const s = unwrap(schema);
    if (!s || s.$ref) return;
    if (ts.isParenthesizedTypeNode(typeNode)) return align(typeNode.type, s, toSchemaKey);
    if (ts.isUnionTypeNode(typeNode)) {
      if (s.oneOf) {
        for (const member of typeNode.types) {
          if (!ts.isTypeLiteralNode(member) || member.members.length !== 1) continue;
          const prop = member.members[0];
          const variant = s.oneOf.find((v) => v.properties && propName(prop) in v.properties);
          if (!variant) continue;
          doc(prop, variant.description);
          align(prop.type, variant.properties[propName(prop)]);
        }
      } else {
        for (const member of typeNode.types) align(member, s, toSchemaKey);
      }
      return;
    }
    if (ts.isArrayTypeNode(typeNode)) return align(typeNode.elementType, s.items, toSchemaKey);
    if (ts.isTypeLiteralNode(typeNode) || ts.isInterfaceDeclaration(typeNode)) {
      for (const m of typeNode.members) {
        if (!ts.isPropertySignature(m)) continue;
        const field = (s.properties || {})[toSchemaKey(propName(m))];
        if (!field) continue;
        doc(m, field.description);
        align(m.type, field, toSchemaKey);
      }
    }
  };

  for (const stmt of sf.statements) {
    if (ts.isTypeAliasDeclaration(stmt) || ts.isInterfaceDeclaration(stmt)) {
      const name = stmt.name.text;
      const schema = named[name];
      const method = methods.interfaces[name];
      if (method) {
        // Client and composer interfaces: one method per message variant.
        for (const m of stmt.members) {
          if (!ts.isPropertySignature(m)) continue;
          const variant = method.get(propName(m));
          if (!variant) continue;
          doc(m, variant.description);
          const fn = m.type;
          const param = fn && ts.isFunctionTypeNode(fn) ? fn.parameters[0] : undefined;
          let body = variant.properties && Object.values(variant.properties)[0];
          if (body && body.$ref) body = named[body.$ref.split("/").pop()];
          if (param && param.type && ts.isTypeLiteralNode(param.type) && body) {
            align(param.type, body, snake);
          }
        }
        continue;
      }
      if (!schema) continue;
      let description = OVERRIDES[name] || schema.description;
      if (!description && name.startsWith("Nullable")) {
        const inner = name.slice("Nullable".length);
        description = `A \`${inner}\`, or \`null\` when there is none (a lookup by a key the caller brings answers \`null\` rather than an error).`;
      }
      const s = unwrap(schema);
      if (!OVERRIDES[name] && s && s.oneOf && s.oneOf.every((v) => v.enum || !v.properties || v.enum)) {
        const list = variantList(s);
        if (list) description = (description ? description + "\n\n" : "") + list;
      }
      doc(stmt, description);
      if (OVERRIDES[name]) continue;
      if (ts.isInterfaceDeclaration(stmt)) align(stmt, schema);
      else align(stmt.type, schema);
    }
  }
  inserts.sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [pos, comment] of inserts) out = out.slice(0, pos) + comment + out.slice(pos);
  fs.writeFileSync(file, out);
}

/** The message variants by client/composer method name, per generated interface name. */
function methodMaps(contractName, api) {
  const variants = (section) => {
    const m = new Map();
    for (const v of (api[section] && api[section].oneOf) || []) {
      for (const n of v.enum || Object.keys(v.properties || {})) m.set(camel(n), v);
    }
    return m;
  };
  const q = variants("query");
  const e = variants("execute");
  return {
    interfaces: {
      [`${contractName}ReadOnlyInterface`]: q,
      [`${contractName}Interface`]: e,
      [`${contractName}Msg`]: e,
    },
  };
}

async function main() {
  const [schemaDir, outDir] = process.argv.slice(2);
  if (!schemaDir || !outDir) throw new Error("usage: node codegen.js <schema-dir> <out-dir>");
  const contracts = fs
    .readdirSync(schemaDir)
    .filter((c) => fs.existsSync(path.join(schemaDir, c, `${c}.json`)))
    .sort();
  // Only the IDL file: ts-codegen would also read examples/ and the other JSON beside it.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-health-ts-"));
  for (const c of contracts) {
    fs.mkdirSync(path.join(tmp, c));
    fs.copyFileSync(path.join(schemaDir, c, `${c}.json`), path.join(tmp, c, `${c}.json`));
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  const log = console.log;
  console.log = () => {}; // ts-codegen prints a banner and every file it writes
  try {
    await codegen({
      contracts: contracts.map((c) => ({ name: c, dir: path.join(tmp, c) })),
      outPath: outDir,
      options: {
        bundle: { enabled: false },
        types: { enabled: true },
        client: { enabled: true },
        messageComposer: { enabled: true },
        reactQuery: { enabled: false },
        recoil: { enabled: false },
      },
    });
  } finally {
    console.log = log;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const index = [
    "// Generated by codegen.js: every contract as one namespace, so that the types two",
    "// contracts both define (Timestamp, ContentRef, InstantiateMsg, ...) never collide.",
  ];
  for (const c of contracts) {
    const api = JSON.parse(fs.readFileSync(path.join(schemaDir, c, `${c}.json`), "utf8"));
    const name = pascal(c);
    const named = collectNamed(api);
    const methods = methodMaps(name, api);
    for (const kind of ["types", "client", "message-composer"]) {
      annotate(path.join(outDir, `${name}.${kind}.ts`), named, methods);
    }
    fs.writeFileSync(
      path.join(outDir, `${name}.ts`),
      [
        `// Generated by codegen.js: everything of ${c} (${api.contract_version ? "v" + api.contract_version : ""}).`,
        `export * from "./${name}.types";`,
        `export * from "./${name}.client";`,
        `export * from "./${name}.message-composer";`,
        "",
      ].join("\n"),
    );
    index.push(`export * as ${name} from "./${name}";`);
  }
  fs.writeFileSync(path.join(outDir, "index.ts"), index.join("\n") + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
