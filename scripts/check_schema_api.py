#!/usr/bin/env python3
"""Fails when the four contracts' message API breaks a rule that generated clients rely on.

Reads schema/<contract>/<contract>.json (run scripts/schema.sh first) and checks:
1. one type name, one shape: two definitions with the same name (in two contracts, or in two
   messages/responses of one contract) must be the same type. The message roots
   (InstantiateMsg, ExecuteMsg, QueryMsg, MigrateMsg, SudoMsg) are per contract by design.
2. no contract has an execute and a query variant of the same name (a generated signing client
   extends the query client, so the two methods would clash).
3. no type is named after a JavaScript/TypeScript global (Boolean, Document, Record, ...): a
   query answering a bare `bool` or `u64` gets such a title, so answer a named response instead.
4. no field or variant is a JavaScript reserved word (`class`, `case`, ...): generated clients
   destructure fields into variables.
5. every `start_after` is a plain JSON value: a string, an integer or an object with named fields
   (no tuple), and a time in a cursor is a `Timestamp` (nanoseconds, as in the rest of the API).

Usage: scripts/check_schema_api.py [schema-dir]
"""
import json
import pathlib
import sys

ROOTS = {"InstantiateMsg", "ExecuteMsg", "QueryMsg", "MigrateMsg", "SudoMsg"}
JS_GLOBALS = set("""
Array ArrayBuffer Atomics BigInt BigInt64Array Boolean DataView Date Error EvalError Float32Array
Float64Array Function Generator Infinity Int8Array Int16Array Int32Array Intl Iterator JSON Map
Math NaN Number Object Promise Proxy RangeError ReferenceError Reflect RegExp Set
SharedArrayBuffer String Symbol SyntaxError TypeError URIError Uint8Array Uint8ClampedArray
Uint16Array Uint32Array WeakMap WeakRef WeakSet globalThis undefined
Audio Blob Buffer Crypto Document Element Event EventTarget File FormData Headers History Image
Location Navigator Node Notification Option Performance Range Request Response Screen Selection
Storage Text URL Window Worker
Awaited Exclude Extract InstanceType Lowercase NonNullable Omit Parameters Partial Pick Readonly
Record Required ReturnType Uppercase
""".split())
JS_RESERVED = set("""
break case catch class const continue debugger default delete do else enum export extends false
finally for function if import in instanceof new null return super switch this throw true try
typeof var void while with yield let static implements interface package private protected public
await arguments eval
""".split())

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "schema")
errors = []


def strip_docs(node):
    """The shape of a schema: everything but descriptions and titles."""
    if isinstance(node, dict):
        return {k: strip_docs(v) for k, v in node.items() if k not in ("description", "title")}
    if isinstance(node, list):
        return [strip_docs(v) for v in node]
    return node


def sections(api):
    """(label, schema) of every message and response of one contract."""
    for sec in ("instantiate", "execute", "query", "migrate", "sudo"):
        if api.get(sec):
            yield sec, api[sec]
    for name, resp in (api.get("responses") or {}).items():
        yield f"response_to_{name}", resp


def variants(schema):
    out = set()
    for v in schema.get("oneOf", []) if schema else []:
        if isinstance(v, dict) and isinstance(v.get("properties"), dict):
            out.update(v["properties"])
        elif isinstance(v, dict) and isinstance(v.get("enum"), list):
            out.update(v["enum"])
    return out


def walk_props(node, path, visit):
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for k, v in props.items():
                visit(k, v, path)
        for k, v in node.items():
            walk_props(v, f"{path}/{k}", visit)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk_props(v, f"{path}[{i}]", visit)


def resolve(schema, defs):
    """The object schema a `start_after` refers to (through Option's anyOf and $ref)."""
    seen = 0
    while isinstance(schema, dict) and seen < 10:
        seen += 1
        if "$ref" in schema:
            schema = defs.get(schema["$ref"].split("/")[-1], {})
        elif "anyOf" in schema:
            schema = next((s for s in schema["anyOf"] if s.get("type") != "null"), {})
        elif "allOf" in schema and len(schema["allOf"]) == 1:
            schema = schema["allOf"][0]
        else:
            break
    return schema


shapes = {}  # type name -> {shape json -> [where]}
files = sorted(root.glob("*/*.json"))
if not files:
    errors.append(f"no schema under {root}")
for f in files:
    contract = f.parent.name
    api = json.loads(f.read_text())
    for label, schema in sections(api):
        where = f"{contract}:{label}"
        named = dict(schema.get("definitions") or {})
        title = schema.get("title")
        if title:
            named[title] = {k: v for k, v in schema.items() if k not in ("$schema", "definitions")}
        for name, body in named.items():
            if name in ROOTS and label in ("instantiate", "execute", "query", "migrate", "sudo"):
                continue
            if name in JS_GLOBALS:
                errors.append(f"{where}: type `{name}` shadows the JavaScript global `{name}`")
            key = json.dumps(strip_docs(body), sort_keys=True)
            shapes.setdefault(name, {}).setdefault(key, []).append(where)

        def visit(field, sub, path, where=where, defs=schema.get("definitions") or {}):
            if field in JS_RESERVED:
                errors.append(f"{where}{path}: field or variant `{field}` is a JavaScript "
                              "reserved word")
            if field == "start_after":
                target = resolve(sub, defs)
                ty = target.get("type")
                ty = [t for t in ty if t != "null"] if isinstance(ty, list) else [ty]
                if "array" in ty or not set(ty) <= {"string", "integer", "object"}:
                    errors.append(f"{where}{path}: `start_after` must be a string, an integer or "
                                  f"an object with named fields, not {ty}")
                for name, fs in (target.get("properties") or {}).items():
                    timeish = name in ("at", "due", "time") or name.endswith(("_at", "_time"))
                    ref = json.dumps(fs)
                    if timeish and "#/definitions/Timestamp" not in ref:
                        errors.append(f"{where}{path}: cursor field `{name}` is a time but not "
                                      "a Timestamp (nanoseconds)")

        walk_props(schema, "", visit)

    clash = variants(api.get("execute")) & variants(api.get("query"))
    for name in sorted(clash):
        errors.append(f"{contract}: `{name}` is both an execute and a query message")

for name, by_shape in sorted(shapes.items()):
    if len(by_shape) > 1:
        places = "; ".join(", ".join(sorted(set(w))) for w in by_shape.values())
        errors.append(f"type `{name}` has {len(by_shape)} different shapes: {places}")

if errors:
    print(f"{len(errors)} message API problems in {root}:")
    for e in sorted(set(errors)):
        print(f"  {e}")
    sys.exit(1)
print(f"message API ok: {len(files)} contracts, {len(shapes)} type names, each with one shape")
