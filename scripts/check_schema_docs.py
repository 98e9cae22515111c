#!/usr/bin/env python3
"""Fails when a message, variant or field in schema/<contract>/<contract>.json has no description.

Every `///` doc comment flows into the JSON schema; this keeps the schema a usable reference.
Usage: scripts/check_schema_docs.py [schema-dir]
"""
import json, pathlib, sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "schema")
missing = []

def walk(node, path):
    if isinstance(node, dict):
        props = node.get("properties")
        # An enum variant ({"variant": {...}}) is documented on the variant object itself.
        is_variant = "description" in node and isinstance(props, dict) and len(props) == 1 \
            and node.get("required") == list(props)
        if isinstance(props, dict) and not is_variant:
            for name, sub in props.items():
                # A field documented either inline or through its $ref'd definition's wrapper.
                has = isinstance(sub, dict) and ("description" in sub or
                      any("description" in x for x in sub.get("allOf", []) if isinstance(x, dict)))
                if not has:
                    missing.append(f"{path}.{name}")
        for key in ("oneOf", "anyOf"):
            for i, variant in enumerate(node.get(key, []) or []):
                if isinstance(variant, dict) and "description" not in variant and \
                        variant.get("type") != "null" and "$ref" not in variant:
                    missing.append(f"{path}.{key}[{i}]")
        for k, v in node.items():
            walk(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, f"{path}[{i}]")

files = sorted(p for p in root.glob("*/*.json"))
for f in files:
    walk(json.loads(f.read_text()), f.name)
if missing:
    print(f"{len(missing)} schema entries without a doc comment:")
    for m in missing[:200]:
        print("  " + m)
    sys.exit(1)
print(f"schema docs: every field and variant of {len(files)} API files is documented")
