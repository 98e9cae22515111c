#!/usr/bin/env python3
"""Checks the message examples in schema/<contract>/examples/ (Python 3 standard library only).

Every contract has one example file per message: `instantiate.json`, `migrate.json` and
`<variant>.json` for every execute and query variant (execute messages are verbs, queries nouns,
and no contract has both of one name, so one flat directory names them all). A file holds the
exact JSON a client sends: `{"grant_access": {...}}` for an execute or query variant, the body
itself for instantiate and migrate.

The check fails, naming the contract, the message and the reason, when
- a message of the schema has no example (`missing example`),
- an example names no message of the schema (`unknown message`: a stale example after a rename),
- an example does not validate against the schema: every object of an input message is strict
  (`additionalProperties: false`), so a misspelled or extra field fails, like on chain,
- an input object of the schema itself is not strict (a type that lost `#[cw_serde_strict]`).

The same files are parsed into the Rust message types by
packages/cw-health-testing/tests/examples.rs, so they are valid for serde as well.

Usage:
    python3 scripts/check_examples.py [schema-dir]
    python3 scripts/check_examples.py [schema-dir] --write-missing
        writes a generated example (realistic placeholder values: addresses, hashes, codes,
        nanosecond timestamps) for every message that has none, and removes none; review
        and edit what it wrote, then run the check again.
"""
import datetime
import hashlib
import json
import sys
from pathlib import Path

SECTIONS = ("instantiate", "execute", "query", "migrate")
INT_RANGES = {
    "uint8": (0, 2**8 - 1),
    "uint16": (0, 2**16 - 1),
    "uint32": (0, 2**32 - 1),
    "uint64": (0, 2**64 - 1),
    "uint128": (0, 2**128 - 1),
    "int8": (-(2**7), 2**7 - 1),
    "int16": (-(2**15), 2**15 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
}


# ---------------------------------------------------------------------------------------------
# A JSON Schema (draft-07) validator for the keywords cosmwasm-schema emits.
# ---------------------------------------------------------------------------------------------

KNOWN_KEYWORDS = {
    "$schema", "title", "description", "default", "examples", "definitions", "$ref", "type",
    "properties", "required", "additionalProperties", "items", "enum", "const", "oneOf",
    "anyOf", "allOf", "format", "minimum", "maximum", "maxItems", "minItems", "uniqueItems",
}


class Validator:
    def __init__(self, root):
        self.defs = root.get("definitions", {})

    def errors(self, value, schema, path="$"):
        """Every way `value` fails `schema`, as `path: reason` strings (empty when valid)."""
        unknown = set(schema) - KNOWN_KEYWORDS
        if unknown:
            return [f"{path}: the checker does not understand schema keyword(s) {sorted(unknown)}"]
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in self.defs:
                return [f"{path}: schema refers to unknown definition {name}"]
            return self.errors(value, self.defs[name], path)
        out = []
        for sub in schema.get("allOf", []):
            out += self.errors(value, sub, path)
        if "anyOf" in schema:
            subs = [self.errors(value, s, path) for s in schema["anyOf"]]
            if all(subs):
                out += [f"{path}: matches none of anyOf:"] + [
                    "    " + e for e in min(subs, key=len)
                ]
        if "oneOf" in schema:
            subs = [self.errors(value, s, path) for s in schema["oneOf"]]
            ok = sum(1 for s in subs if not s)
            if ok == 0:
                out += [f"{path}: matches no variant of oneOf; closest:"] + [
                    "    " + e for e in min(subs, key=len)
                ]
            elif ok > 1:
                out.append(f"{path}: matches {ok} variants of oneOf (ambiguous)")
        if "enum" in schema and value not in schema["enum"]:
            out.append(f"{path}: {json.dumps(value)} is not one of {schema['enum']}")
        if "const" in schema and value != schema["const"]:
            out.append(f"{path}: {json.dumps(value)} is not {json.dumps(schema['const'])}")
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(type_ok(value, t) for t in types):
                return out + [f"{path}: expected {' or '.join(types)}, found {json.dumps(value)}"]
        if isinstance(value, bool):
            return out
        if isinstance(value, (int, float)):
            fmt = schema.get("format")
            if fmt in INT_RANGES:
                lo, hi = INT_RANGES[fmt]
                if not (isinstance(value, int) and lo <= value <= hi):
                    out.append(f"{path}: {value} is not a {fmt}")
            if "minimum" in schema and value < schema["minimum"]:
                out.append(f"{path}: {value} is below the minimum {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                out.append(f"{path}: {value} is above the maximum {schema['maximum']}")
        if isinstance(value, list):
            items = schema.get("items")
            if isinstance(items, list):
                if len(value) != len(items):
                    out.append(f"{path}: a tuple of {len(items)} expected, found {len(value)}")
                for i, (v, s) in enumerate(zip(value, items)):
                    out += self.errors(v, s, f"{path}[{i}]")
            elif isinstance(items, dict):
                for i, v in enumerate(value):
                    out += self.errors(v, items, f"{path}[{i}]")
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                out.append(f"{path}: more than {schema['maxItems']} items")
            if "minItems" in schema and len(value) < schema["minItems"]:
                out.append(f"{path}: fewer than {schema['minItems']} items")
        if isinstance(value, dict):
            props = schema.get("properties", {})
            for req in schema.get("required", []):
                if req not in value:
                    out.append(f"{path}: missing required field `{req}`")
            extra = schema.get("additionalProperties", True)
            for k, v in value.items():
                if k in props:
                    out += self.errors(v, props[k], f"{path}.{k}")
                elif extra is False:
                    out.append(
                        f"{path}: unknown field `{k}` (expected one of {sorted(props) or 'none'})"
                    )
                elif isinstance(extra, dict):
                    out += self.errors(v, extra, f"{path}.{k}")
        return out


def type_ok(value, t):
    if t == "null":
        return value is None
    if t == "boolean":
        return isinstance(value, bool)
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool) or (
            isinstance(value, float) and value.is_integer()
        )
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "string":
        return isinstance(value, str)
    if t == "array":
        return isinstance(value, list)
    if t == "object":
        return isinstance(value, dict)
    return False


def lax_objects(node, path):
    """Paths of the object schemas with fields that accept unknown fields."""
    out = []
    if isinstance(node, dict):
        if (
            node.get("type") == "object"
            and "properties" in node
            and node.get("additionalProperties") is not False
        ):
            out.append(path)
        for k, v in node.items():
            out += lax_objects(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += lax_objects(v, f"{path}[{i}]")
    return out


# ---------------------------------------------------------------------------------------------
# The messages of a contract and their schemas.
# ---------------------------------------------------------------------------------------------


def messages(api):
    """{message name: (section, schema of the whole message as sent)}."""
    out = {}
    for section in SECTIONS:
        root = api.get(section)
        if root is None:
            continue
        if "oneOf" in root:
            for v in root["oneOf"]:
                if "enum" in v:  # a unit variant sent as a bare string
                    for name in v["enum"]:
                        out.setdefault(name, []).append((section, v))
                else:
                    for name in v.get("properties", {}):
                        out.setdefault(name, []).append((section, v))
        else:
            out.setdefault(section, []).append((section, root))
    return out


# ---------------------------------------------------------------------------------------------
# The generator behind --write-missing: realistic placeholders, never health data.
# ---------------------------------------------------------------------------------------------

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (b >> i) & 1 else 0
    return chk


def bech32(hrp, data):
    """BIP-173 bech32 of raw bytes."""
    acc, bits, five = 0, 0, []
    for byte in data:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            five.append((acc >> bits) & 31)
    if bits:
        five.append((acc << (5 - bits)) & 31)
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    pm = _polymod(expanded + five + [0] * 6) ^ 1
    check = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(CHARSET[d] for d in five + check)


def addr(name, contract=False):
    """A valid `wasm` address derived from a name: 20 bytes for an account, 32 for a contract."""
    digest = hashlib.sha256(f"cw-health example {name}".encode()).digest()
    return bech32("wasm", digest if contract else digest[:20])


def sha(*parts):
    return hashlib.sha256("/".join(("cw-health example",) + parts).encode()).hexdigest()


def gs1_check(body):
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


GTIN = gs1_check("0030001234567")  # GTIN-14, check digit computed
GTIN2 = gs1_check("0030001234574")
SSCC = gs1_check("00300012340000042")  # SSCC-18


def ts(y, m, d, hh=0, mm=0):
    """A Timestamp as the JSON carries it: nanoseconds since the epoch, as a decimal string."""
    dt = datetime.datetime(y, m, d, hh, mm, tzinfo=datetime.timezone.utc)
    return str(int(dt.timestamp()) * 1_000_000_000)


# Addresses by field (ctx.field first, then field). ctx: the variant or definition name.
ADDRESSES = {
    "owner": "owner", "new_owner": "new-owner", "patient": "patient", "member": "patient",
    "clinician": "clinician", "actor": "clinician", "delegate": "guardian",
    "provider": "hospital", "servicing_provider": "imaging-center", "party": "wholesaler",
    "logger": "cold-chain-logger", "regulator": "regulator", "to": "pharmacy",
    "transfer.to": "acquirer", "ethics_committee": "irb",
    "responsible_party": "sponsor", "credentialing_authority": "credentialing",
    "adjusters": "adjuster", "registry": "@ehr-registry",
    "ehr_registry": "@ehr-registry", "drug_provenance": "@drug-provenance",
    "address.address": "clinician", "register_party.address": "wholesaler",
    "set_party_status.address": "wholesaler", "party.address": "wholesaler",
    "set_gateway.address": "fhir-gateway", "set_privacy_officer.address": "privacy-officer",
    "update_party.address": "clinician", "patient.address": "patient",
    "logger.address": "cold-chain-logger", "grant_role.address": "site-investigator",
    "revoke_role.address": "site-investigator", "set_ehr_registry.address": "@ehr-registry",
    "update_regulators.add": "regulator", "update_regulators.remove": "former-regulator",
    "update_ethics_committees.add": "irb", "update_ethics_committees.remove": "former-irb",
    "record_oversight.unblinded_members": "dmc-statistician",
    "start_after": "clinician",
    "ehr-registry:register_party.address": "clinician", "ehr-registry:party.address": "clinician",
    "ehr-registry:set_party_status.address": "clinician",
}
STRINGS = {
    "uri": "https://fhir-gateway.example-hospital.org/r/9f2c61d0e4b7",
    "media_type": "application/fhir+json",
    "gtin": GTIN, "serial": "SN7Q4K2M9X01", "lot": "L2026A117", "expiry": "280331",
    "sscc": SSCC, "cases": SSCC, "serials": "SN7Q4K2M9X01", "lots": "L2026A117",
    "products": GTIN, "ndc": "50090-6123-0", "license_id": "NJ-WDA-0040127",
    "identifier": "1588667638", "prefixes": "0300012",
    "register_party.identifier": "1588667638", "code": "99213",
    "OutcomeSpec.code": "P1", "AuthService.code": "70553", "procedure_code": "99213",
    "modifiers": "25", "diagnoses": "E11.9", "place_of_service": "11",
    "denom": "ustake", "external_id": "HIOS-12345NJ0010001", "family_id": "FAM-7Q2K9",
    "registry_id": "NCT01234567", "time_frame": "P12W", "site_code": "SITE-017",
    "visit_code": "W12", "arm": "ARM-B", "event_code": "10019211",
    "recall_holders.start_after": "SN7Q4K2M9X00", "benefits.start_after": "99212",
    "trial-anchor:ContentRef.uri": "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
    "trial-anchor:ContentRef.media_type": "application/pdf",
}
INTEGERS = {
    "limit": 10, "start_after": 6, "version": 2, "line": 1, "units": 1, "bps": 2000,
    "min_decicelsius": 20, "max_decicelsius": 80, "leaf_count": 1000, "leaf_index": 41,
    "list_size": 1000, "slot": 42, "allocation_slot": 42, "pack_quantity": 30,
    "timely_filing_days": 365, "max_sessions_per_period": 3, "rate_period_secs": 86400,
    "diagnosis_pointers": 1, "outcome_key": 1, "plan_year": 2026, "payout_batch_limit": 25,
    "alert_quarantine_threshold": 3, "max_units_per_day": 4, "duration_secs": 14400,
    "max_window_secs": 86400, "review_due_secs": 2592000, "undo_window_secs": 86400,
    "investigation_secs": 1209600, "notification_secs": 86400, "max_excursion_secs": 1800,
    "unjustified_suspension_secs": 7776000, "record_ids": 7, "lines": 1,
}
AMOUNTS = {
    "amount": "250000000", "charge": "18500", "allowed": "12000", "fee_per_unit": "4500",
    "auto_approval_ceiling": "50000", "individual": "150000", "family": "300000",
    "copay.amount": "2500",
}
TIMES = {
    "expires_at": ts(2026, 6, 1), "expiry": ts(2026, 6, 1), "license_expiry": ts(2028, 6, 30),
    "coverage_start": ts(2026, 1, 1), "coverage_end": ts(2026, 12, 31, 23, 59),
    "plan_year_start": ts(2026, 1, 1), "date_of_service": ts(2026, 2, 20, 14, 30),
    "service_start": ts(2026, 2, 20, 14, 30), "service_end": ts(2026, 2, 20, 15, 0),
    "due": ts(2026, 4, 1), "new_due": ts(2026, 5, 1), "due_at": ts(2026, 4, 1),
    "onset": ts(2026, 2, 27, 8, 0), "aware_at": ts(2026, 2, 28, 10, 0),
    "primary_completion": ts(2027, 6, 30), "planned_start": ts(2026, 4, 1),
    "start": ts(2025, 1, 1), "end": ts(2026, 2, 28, 23, 59), "period_start": ts(2026, 1, 1),
    "period_end": ts(2026, 2, 28, 23, 59), "from": ts(2026, 1, 1), "to": ts(2026, 3, 1),
    "starts_at": ts(2026, 3, 2, 9, 30), "trigger_at": ts(2026, 3, 1), "at": ts(2026, 3, 2, 9, 30),
    "date": ts(2026, 3, 2),
}
# Hashes that name one thing across messages (the same participant pseudonym everywhere).
SHARED_HASHES = {"participant"}
# Optional fields left out of generated examples (they only make sense in a rarer case).
SKIP_OPTIONAL = {"proof", "correction", "original_claim_id", "change_reason", "why_stopped"}
# Preferred variant per enum definition (default: the first).
PREFER = {
    "PurposeOfUse": "TREAT", "FhirResourceType": "Observation", "TradingPartnerRole": "wholesaler",
    "PartyRole": "clinician", "SecurityLabel": "N", "TrialStatus": "recruiting",
}


class Generator:
    def __init__(self, contract, root):
        self.contract = contract
        self.defs = root.get("definitions", {})

    def value(self, schema, ctx, field, stack=()):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name in stack:
                return None
            return self.typed(name, self.defs[name], ctx, field, stack + (name,))
        if "allOf" in schema:
            return self.value(schema["allOf"][0], ctx, field, stack)
        if "anyOf" in schema:
            pick = [s for s in schema["anyOf"] if s.get("type") != "null"][0]
            return self.value(pick, ctx, field, stack)
        if "oneOf" in schema:
            return self.variant(schema["oneOf"], None, ctx, field, stack)
        if "enum" in schema:
            return schema["enum"][0]
        types = schema.get("type")
        t = [x for x in types if x != "null"][0] if isinstance(types, list) else types
        key = f"{ctx}.{field}"
        if t == "string":
            # The most specific key wins: contract:ctx.field, ctx.field, contract:field, field.
            for k in (f"{self.contract}:{key}", key, f"{self.contract}:{field}", field):
                if k in ADDRESSES:
                    name = ADDRESSES[k]
                    return addr(name.lstrip("@"), contract=name.startswith("@"))
                if k in STRINGS:
                    return STRINGS[k]
            return f"{field.replace('_', '-')}-1"
        if t == "integer":
            return INTEGERS.get(key, INTEGERS.get(field, 7 if field.endswith("id") else 1))
        if t == "number":
            return 1
        if t == "boolean":
            return field not in {"made_while_blinded", "requires_reconsent"}
        if t == "array":
            items = schema.get("items")
            if isinstance(items, list):
                return [self.value(s, ctx, field, stack) for s in items]
            v = self.value(items, ctx, field, stack)
            return [] if v is None else [v]
        if t == "object":
            return self.obj(schema, ctx, stack)
        return None

    def obj(self, schema, ctx, stack):
        out = {}
        required = set(schema.get("required", []))
        for k, s in schema.get("properties", {}).items():
            if k not in required and k in SKIP_OPTIONAL:
                continue
            v = self.value(s, ctx, k, stack)
            if v is None and k not in required:
                continue
            out[k] = v
        return out

    def variant(self, variants, defname, ctx, field, stack):
        prefer = PREFER.get(defname)
        pick = variants[0]
        for v in variants:
            names = v.get("enum") or list(v.get("properties", {}))
            if prefer in names:
                pick = v
        if "enum" in pick:
            return pick["enum"][0]
        (name, body), = pick["properties"].items()
        return {name: self.value(body, name, name, stack)}

    def typed(self, name, schema, ctx, field, stack):
        key = f"{ctx}.{field}"
        if name == "Timestamp":
            return TIMES.get(key, TIMES.get(field, ts(2026, 3, 2, 9, 30)))
        if name in ("Uint128", "Uint64"):
            return AMOUNTS.get(key, AMOUNTS.get(field, "1000"))
        if name == "Sha256Hash":
            if field in SHARED_HASHES:
                return sha(self.contract, field)
            return sha(self.contract, ctx, field)
        if "oneOf" in schema:
            return self.variant(schema["oneOf"], name, ctx, field, stack)
        if "enum" in schema:
            prefer = PREFER.get(name)
            return prefer if prefer in schema["enum"] else schema["enum"][0]
        if schema.get("type") == "object":
            return self.obj(schema, name, stack)
        return self.value(schema, ctx, field, stack)

    def message(self, name, section, schema):
        if section in ("instantiate", "migrate"):
            return self.obj(schema, section, ())
        if "enum" in schema:
            return name
        return {name: self.value(schema["properties"][name], name, name)}


# ---------------------------------------------------------------------------------------------


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    write = "--write-missing" in argv
    schema_dir = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "schema"
    problems, checked, written = [], 0, []
    contracts = sorted(p.name for p in schema_dir.iterdir() if (p / f"{p.name}.json").is_file())
    if not contracts:
        problems.append(f"{schema_dir}: no schema/<contract>/<contract>.json found")
    for c in contracts:
        api = json.loads((schema_dir / c / f"{c}.json").read_text())
        msgs = messages(api)
        for name, where in sorted(msgs.items()):
            if len(where) > 1:
                problems.append(
                    f"{c}: message `{name}` is in several sections "
                    f"({', '.join(s for s, _ in where)}); examples/{name}.json would be ambiguous"
                )
        for section in SECTIONS:
            if section in api:
                for path in lax_objects(api[section], section):
                    problems.append(
                        f"{c}: schema object {path} accepts unknown fields "
                        "(additionalProperties is not false: the type lost #[cw_serde_strict]?)"
                    )
        ex_dir = schema_dir / c / "examples"
        files = {p.stem: p for p in ex_dir.glob("*.json")} if ex_dir.is_dir() else {}
        for p in sorted(ex_dir.iterdir()) if ex_dir.is_dir() else []:
            if p.suffix != ".json":
                problems.append(f"{c}: examples/{p.name}: not a .json file")
        for name in sorted(files):
            if name not in msgs:
                problems.append(
                    f"{c}: examples/{name}.json: unknown message `{name}` "
                    f"(no instantiate/migrate/execute/query variant of that name in {c}.json; "
                    "renamed or removed? rename or delete the example)"
                )
        for name, where in sorted(msgs.items()):
            section, variant_schema = where[0]
            if name not in files:
                if write:
                    gen = Generator(c, api[section])
                    value = gen.message(name, section, variant_schema)
                    ex_dir.mkdir(parents=True, exist_ok=True)
                    target = ex_dir / f"{name}.json"
                    target.write_text(json.dumps(value, indent=2) + "\n")
                    written.append(str(target))
                    files[name] = target
                else:
                    problems.append(
                        f"{c}: missing example for {section} message `{name}`: "
                        f"add schema/{c}/examples/{name}.json "
                        "(scripts/check_examples.py --write-missing drafts one)"
                    )
                    continue
            try:
                value = json.loads(files[name].read_text())
            except json.JSONDecodeError as e:
                problems.append(f"{c}: examples/{name}.json: not JSON: {e}")
                continue
            v = Validator(api[section])
            if section in ("execute", "query"):
                if not (isinstance(value, dict) and list(value) == [name]) and value != name:
                    problems.append(
                        f"{c}: examples/{name}.json: a {section} example must be "
                        f'{{"{name}": {{...}}}}, found keys {list(value) if isinstance(value, dict) else value!r}'
                    )
                    continue
                # The variant's own schema first (precise errors), then the whole message root.
                errs = v.errors(value, variant_schema) or v.errors(value, api[section])
            else:
                errs = v.errors(value, api[section])
            for e in errs:
                problems.append(f"{c}: examples/{name}.json ({section} `{name}`): {e}")
            checked += 1
    for w in written:
        print(f"wrote {w} (generated: review the values)")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"check_examples: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"check_examples: {checked} examples of {len(contracts)} contracts valid and complete")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
