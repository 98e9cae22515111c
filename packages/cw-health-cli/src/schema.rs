//! Validation of a message against the contract's JSON schema (`schema/<contract>/raw/*.json`,
//! draft-07 as cosmwasm-schema writes it) before anything is signed or sent.
//!
//! A small validator for the keywords cosmwasm-schema emits (`type`, `properties`, `required`,
//! `additionalProperties`, `$ref` to `#/definitions`, `allOf`, `anyOf`, `oneOf`, `enum`, `const`,
//! `items`, `minItems`, `maxItems`, `minLength`, `maxLength`, `minimum`, `maximum`, `format` for
//! integer widths); a schema using any other validation keyword is refused rather than half-checked.
//! Its errors name the JSON path and, for an enum message, the variant tried, which a generic
//! "not valid under any of the schemas in oneOf" does not. It also knows cosmwasm's string-encoded
//! numbers (`Uint64`, `Uint128`, `Timestamp`, ...): digits only, with a hint for an ISO date.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// Which message of a contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MsgKind {
    Instantiate,
    Execute,
    Query,
    Migrate,
}

impl MsgKind {
    fn file(self) -> &'static str {
        match self {
            MsgKind::Instantiate => "instantiate.json",
            MsgKind::Execute => "execute.json",
            MsgKind::Query => "query.json",
            MsgKind::Migrate => "migrate.json",
        }
    }
}

/// A loaded schema.
#[derive(Clone, Debug)]
pub struct Schema {
    root: Value,
    title: String,
}

/// Keywords that only annotate.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "title",
    "description",
    "default",
    "definitions",
    "examples",
    "readOnly",
    "writeOnly",
    "$comment",
    "$id",
];

/// Keywords this validator checks.
const CHECKED: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "$ref",
    "allOf",
    "anyOf",
    "oneOf",
    "enum",
    "const",
    "items",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "format",
];

/// cosmwasm-std's types carried as JSON strings of decimal digits.
const DECIMAL_STRINGS: &[&str] = &[
    "Uint64", "Uint128", "Uint256", "Uint512", "Int64", "Int128", "Int256", "Int512",
];

/// Explains how a time is written in the API.
pub const TIMESTAMP_HINT: &str = "times are nanoseconds since 1970-01-01 UTC written as a JSON \
string of digits, e.g. \"1767225600000000000\" for 2026-01-01T00:00:00Z (`date -d 2026-01-01 \
+%s` then append nine zeros)";

impl Schema {
    /// Reads `dir/<contract>/raw/<kind>.json`.
    pub fn load(dir: &Path, contract: &str, kind: MsgKind) -> Result<Self, String> {
        let p: PathBuf = dir.join(contract).join("raw").join(kind.file());
        let text = std::fs::read_to_string(&p)
            .map_err(|e| format!("cannot read the schema {}: {e}", p.display()))?;
        Self::parse(&text).map_err(|e| format!("{}: {e}", p.display()))
    }

    /// Parses a schema document.
    pub fn parse(text: &str) -> Result<Self, String> {
        let root: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let title = root
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("message")
            .to_string();
        Ok(Schema { root, title })
    }

    /// Checks `msg`; the error names the path of the first problem found.
    pub fn validate(&self, msg: &Value) -> Result<(), String> {
        let v = Validator { root: &self.root };
        v.check(&self.root, msg, "$", None)
            .map_err(|e| format!("{} refused by the schema: {e}", self.title))
    }

    /// The names of the messages (the keys of the enum's variants), for hints.
    pub fn variants(&self) -> Vec<String> {
        let mut out = Vec::new();
        for key in ["oneOf", "anyOf"] {
            if let Some(list) = self.root.get(key).and_then(Value::as_array) {
                for s in list {
                    if let Some(req) = s.get("required").and_then(Value::as_array) {
                        out.extend(req.iter().filter_map(Value::as_str).map(String::from));
                    }
                    if let Some(e) = s.get("enum").and_then(Value::as_array) {
                        out.extend(e.iter().filter_map(Value::as_str).map(String::from));
                    }
                }
            }
        }
        out
    }
}

struct Validator<'a> {
    root: &'a Value,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}...", s.chars().take(57).collect::<String>())
    } else {
        s
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 8
        && b.iter().take(4).all(u8::is_ascii_digit)
        && b.get(4) == Some(&b'-')
        && (s.contains('T') || s.matches('-').count() >= 2)
}

impl<'a> Validator<'a> {
    fn resolve(&self, r: &str) -> Result<(&'a Value, &'a str), String> {
        let name = r
            .strip_prefix("#/definitions/")
            .ok_or_else(|| format!("unsupported $ref {r}"))?;
        let (key, def) = self
            .root
            .get("definitions")
            .and_then(Value::as_object)
            .and_then(|d| d.get_key_value(name))
            .ok_or_else(|| format!("the schema has no definition {name}"))?;
        Ok((def, key.as_str()))
    }

    fn check(&self, s: &Value, v: &Value, path: &str, def: Option<&str>) -> Result<(), String> {
        let obj = match s {
            Value::Bool(true) => return Ok(()),
            Value::Bool(false) => return Err(format!("{path}: no value is allowed here")),
            Value::Object(o) => o,
            _ => return Err(format!("{path}: the schema is malformed")),
        };
        for k in obj.keys() {
            if !CHECKED.contains(&k.as_str()) && !ANNOTATIONS.contains(&k.as_str()) {
                return Err(format!(
                    "{path}: the schema uses the keyword {k}, which this validator does not check"
                ));
            }
        }
        if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
            let (target, name) = self.resolve(r)?;
            self.check(target, v, path, Some(name))?;
        }
        if let Some(t) = obj.get("type") {
            self.check_type(t, v, path)?;
        }
        if let (Some(name), Value::String(s)) = (def, v) {
            self.check_decimal(name, s, path)?;
        }
        if let Some(e) = obj.get("enum").and_then(Value::as_array) {
            if !e.contains(v) {
                let allowed: Vec<String> = e.iter().map(|x| x.to_string()).collect();
                return Err(format!(
                    "{path}: {} is not one of {}",
                    short(v),
                    allowed.join(", ")
                ));
            }
        }
        if let Some(c) = obj.get("const") {
            if c != v {
                return Err(format!("{path}: must be {c}"));
            }
        }
        if let Some(all) = obj.get("allOf").and_then(Value::as_array) {
            for sub in all {
                self.check(sub, v, path, None)?;
            }
        }
        if let Some(any) = obj.get("anyOf").and_then(Value::as_array) {
            self.check_alternatives(any, v, path, false)?;
        }
        if let Some(one) = obj.get("oneOf").and_then(Value::as_array) {
            self.check_alternatives(one, v, path, true)?;
        }
        match v {
            Value::Object(m) => self.check_object(obj, m, path)?,
            Value::Array(a) => self.check_array(obj, a, path)?,
            Value::String(s) => check_string(obj, s, path)?,
            Value::Number(_) => check_number(obj, v, path)?,
            _ => {}
        }
        Ok(())
    }

    fn check_type(&self, t: &Value, v: &Value, path: &str) -> Result<(), String> {
        let actual = type_name(v);
        let ok = |want: &str| want == actual || (want == "number" && actual == "integer");
        let allowed: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => return Err(format!("{path}: the schema's type is malformed")),
        };
        if allowed.iter().any(|w| ok(w)) {
            return Ok(());
        }
        let mut msg = format!(
            "{path}: expected {}, found {actual} {}",
            allowed.join(" or "),
            short(v)
        );
        if (actual == "number" || actual == "integer") && allowed.contains(&"string") {
            msg.push_str(" (this number is written as a JSON string, e.g. \"1000\")");
        }
        Err(msg)
    }

    fn check_decimal(&self, def: &str, s: &str, path: &str) -> Result<(), String> {
        let is_time = def == "Timestamp";
        if !is_time && !DECIMAL_STRINGS.contains(&def) {
            return Ok(());
        }
        let digits = s
            .strip_prefix('-')
            .filter(|_| def.starts_with("Int"))
            .unwrap_or(s);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(());
        }
        if is_time || looks_like_date(s) {
            if looks_like_date(s) {
                return Err(format!(
                    "{path}: \"{s}\" looks like an ISO date, but the API takes a time as \
                     nanoseconds: {TIMESTAMP_HINT}"
                ));
            }
            return Err(format!("{path}: \"{s}\" is not a time: {TIMESTAMP_HINT}"));
        }
        Err(format!(
            "{path}: \"{}\" is not a {def}: write the number as a string of decimal digits, \
             e.g. \"1000\"",
            short(&Value::String(s.to_string())).trim_matches('"')
        ))
    }

    fn check_alternatives(
        &self,
        alts: &[Value],
        v: &Value,
        path: &str,
        exactly_one: bool,
    ) -> Result<(), String> {
        let mut errors = Vec::new();
        let mut passed = 0;
        for a in alts {
            match self.check(a, v, path, None) {
                Ok(()) => passed += 1,
                Err(e) => errors.push((a, e)),
            }
        }
        if passed == 1 || (passed > 1 && !exactly_one) {
            return Ok(());
        }
        if passed > 1 {
            return Err(format!(
                "{path}: {} matches more than one variant",
                short(v)
            ));
        }
        // An enum message: {"variant": {...}} or "variant". Report the variant the value names.
        if let Some(key) = variant_key(v) {
            for (a, e) in &errors {
                if alternative_names(a, self).iter().any(|n| n == &key) {
                    return Err(e.clone());
                }
            }
            let names: Vec<String> = alts
                .iter()
                .flat_map(|a| alternative_names(a, self))
                .collect();
            if !names.is_empty() {
                return Err(format!(
                    "{path}: unknown variant `{key}`; expected one of: {}",
                    names.join(", ")
                ));
            }
        }
        // A nullable value (anyOf [X, null]): report X's error.
        let non_null: Vec<&(&Value, String)> = errors
            .iter()
            .filter(|(a, _)| a.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        if let [(_, e)] = non_null.as_slice() {
            return Err(e.clone());
        }
        let first = errors.first().map(|(_, e)| e.clone()).unwrap_or_default();
        Err(format!(
            "{path}: {} matches none of the {} allowed forms (first: {first})",
            short(v),
            alts.len()
        ))
    }

    fn check_object(
        &self,
        s: &Map<String, Value>,
        m: &Map<String, Value>,
        path: &str,
    ) -> Result<(), String> {
        let props = s.get("properties").and_then(Value::as_object);
        if let Some(req) = s.get("required").and_then(Value::as_array) {
            for r in req.iter().filter_map(Value::as_str) {
                if !m.contains_key(r) {
                    return Err(format!("{path}: missing field `{r}`"));
                }
            }
        }
        for (k, val) in m {
            let sub = format!("{path}.{k}");
            match props.and_then(|p| p.get(k)) {
                Some(ps) => self.check(ps, val, &sub, None)?,
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        let known: Vec<&str> = props
                            .map(|p| p.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        return Err(format!(
                            "{path}: unknown field `{k}`{}",
                            if known.is_empty() {
                                String::new()
                            } else {
                                format!("; expected one of: {}", known.join(", "))
                            }
                        ));
                    }
                    Some(extra @ Value::Object(_)) => self.check(extra, val, &sub, None)?,
                    _ => {}
                },
            }
        }
        Ok(())
    }

    fn check_array(&self, s: &Map<String, Value>, a: &[Value], path: &str) -> Result<(), String> {
        if let Some(max) = s.get("maxItems").and_then(Value::as_u64) {
            if a.len() as u64 > max {
                return Err(format!("{path}: {} items, at most {max} allowed", a.len()));
            }
        }
        if let Some(min) = s.get("minItems").and_then(Value::as_u64) {
            if (a.len() as u64) < min {
                return Err(format!("{path}: {} items, at least {min} needed", a.len()));
            }
        }
        match s.get("items") {
            Some(Value::Array(tuple)) => {
                if a.len() != tuple.len() {
                    return Err(format!(
                        "{path}: expected {} items, found {}",
                        tuple.len(),
                        a.len()
                    ));
                }
                for (i, (item, sch)) in a.iter().zip(tuple).enumerate() {
                    self.check(sch, item, &format!("{path}[{i}]"), None)?;
                }
            }
            Some(sch) => {
                for (i, item) in a.iter().enumerate() {
                    self.check(sch, item, &format!("{path}[{i}]"), None)?;
                }
            }
            None => {}
        }
        Ok(())
    }
}

fn check_string(s: &Map<String, Value>, v: &str, path: &str) -> Result<(), String> {
    let n = v.chars().count() as u64;
    if let Some(max) = s.get("maxLength").and_then(Value::as_u64) {
        if n > max {
            return Err(format!("{path}: {n} characters, at most {max} allowed"));
        }
    }
    if let Some(min) = s.get("minLength").and_then(Value::as_u64) {
        if n < min {
            return Err(format!("{path}: {n} characters, at least {min} needed"));
        }
    }
    Ok(())
}

fn check_number(s: &Map<String, Value>, v: &Value, path: &str) -> Result<(), String> {
    let (lo, hi): (i128, i128) = match s.get("format").and_then(Value::as_str) {
        Some("uint8") => (0, u8::MAX.into()),
        Some("uint16") => (0, u16::MAX.into()),
        Some("uint32") => (0, u32::MAX.into()),
        Some("uint64") => (0, u64::MAX.into()),
        Some("int8") => (i8::MIN.into(), i8::MAX.into()),
        Some("int16") => (i16::MIN.into(), i16::MAX.into()),
        Some("int32") => (i32::MIN.into(), i32::MAX.into()),
        Some("int64") => (i64::MIN.into(), i64::MAX.into()),
        _ => (i128::MIN, i128::MAX),
    };
    let Value::Number(n) = v else { return Ok(()) };
    let as_int = n.as_i64().map(i128::from).or(n.as_u64().map(i128::from));
    let fmt = s.get("format").and_then(Value::as_str).unwrap_or("number");
    match as_int {
        Some(i) if i < lo || i > hi => {
            return Err(format!(
                "{path}: {i} is out of range for {fmt} ({lo}..={hi})"
            ))
        }
        None if fmt != "number" && fmt != "double" && fmt != "float" => {
            return Err(format!("{path}: {n} is not an integer ({fmt})"))
        }
        _ => {}
    }
    let f = n.as_f64().unwrap_or(0.0);
    if let Some(min) = s.get("minimum").and_then(Value::as_f64) {
        if f < min {
            return Err(format!("{path}: {n} is below the minimum {min}"));
        }
    }
    if let Some(max) = s.get("maximum").and_then(Value::as_f64) {
        if f > max {
            return Err(format!("{path}: {n} is above the maximum {max}"));
        }
    }
    Ok(())
}

/// The variant a message names: the single key of an object, or a bare string.
fn variant_key(v: &Value) -> Option<String> {
    match v {
        Value::Object(m) if m.len() == 1 => m.keys().next().cloned(),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// The variant names an alternative accepts (its required key, or its enum strings).
fn alternative_names(a: &Value, v: &Validator<'_>) -> Vec<String> {
    let a = match a.get("$ref").and_then(Value::as_str) {
        Some(r) => match v.resolve(r) {
            Ok((t, _)) => t,
            Err(_) => return Vec::new(),
        },
        None => a,
    };
    let mut out = Vec::new();
    if a.get("type").and_then(Value::as_str) == Some("object") {
        if let Some(req) = a.get("required").and_then(Value::as_array) {
            if req.len() == 1 {
                out.extend(req.iter().filter_map(Value::as_str).map(String::from));
            }
        }
    }
    if let Some(e) = a.get("enum").and_then(Value::as_array) {
        out.extend(e.iter().filter_map(Value::as_str).map(String::from));
    }
    out
}
