//! The runtime of the `Deserialize` that `#[cw_serde_strict]` and `#[cw_serde_map]`
//! (cw-health-derive) generate. Not an API: the generated code calls it.
//!
//! Serde's derive writes, for every struct, a field-name matcher and, for every field, the read
//! of its value and the duplicate check inline; in a contract's Wasm that is one copy per field
//! of every message and record (issue 20: JSON decoding was a third of each artifact). Here the
//! field name is looked up by one function for every struct ([`Key`]), and a field's read and
//! duplicate check ([`field`]) and the missing-field error ([`missing`]) are one function per field
//! *type*, shared by every struct with a field of that type. The JSON accepted and the error
//! texts are serde's (`unknown field`, `duplicate field`, `missing field`, `unknown variant`).

use serde::de::{self, DeserializeSeed, Deserializer, Error, MapAccess, Visitor};

/// Reads a map key and answers its index in `names`. An unknown name is serde's `unknown field`
/// error when `strict`, else `usize::MAX` (the caller skips its value).
#[derive(Clone, Copy)]
pub struct Key {
    /// The accepted names, in the order of the generated match.
    pub names: &'static [&'static str],
    /// Refuse unknown names (`deny_unknown_fields`).
    pub strict: bool,
}

impl<'de> DeserializeSeed<'de> for Key {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = usize;

    fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<usize, E> {
        match self.names.iter().position(|n| *n == v) {
            Some(i) => Ok(i),
            None if self.strict => Err(E::unknown_field(v, self.names)),
            None => Ok(usize::MAX),
        }
    }
}

/// Reads an enum's variant name and answers its index in `names` (serde's `unknown variant`
/// error for any other name). An enum of unit variants only is read with it directly, as a
/// string (`expecting` names the enum in the error for anything else): one reader for every
/// such enum instead of serde_json's enum reader per enum.
#[derive(Clone, Copy)]
pub struct Variant {
    /// The accepted variant names, in the order of the generated match.
    pub names: &'static [&'static str],
    /// What the error for a value of another type says was expected.
    pub expecting: &'static str,
}

impl<'de> DeserializeSeed<'de> for Variant {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Variant {
    type Value = usize;

    fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<usize, E> {
        self.names
            .iter()
            .position(|n| *n == v)
            .ok_or_else(|| E::unknown_variant(v, self.names))
    }
}

/// Reads the value of field `name` into `slot`; a second value for it is serde's
/// `duplicate field` error.
#[inline(never)]
pub fn field<'de, M, T>(
    map: &mut M,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), M::Error>
where
    M: MapAccess<'de>,
    T: de::Deserialize<'de>,
{
    if slot.is_some() {
        return Err(M::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key a lenient record does not know.
#[inline(never)]
pub fn skip<'de, M: MapAccess<'de>>(map: &mut M) -> Result<(), M::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// Serde's `missing field` error for the first of `names` whose flag in `absent` is set.
#[inline(never)]
pub fn missing<E: Error>(absent: &[bool], names: &[&'static str]) -> E {
    let name = absent
        .iter()
        .zip(names)
        .find(|(absent, _)| **absent)
        .map_or("", |(_, name)| *name);
    E::missing_field(name)
}
