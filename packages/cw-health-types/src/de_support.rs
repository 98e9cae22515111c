//! The runtime of the `Deserialize` that `#[cw_serde_strict]`, `#[cw_serde_map]` and
//! `#[derive(MapDeserialize)]` (cw-health-derive) generate. Not an API: the generated code
//! calls it.
//!
//! Issue 20: reading JSON was the largest part of every contract's Wasm, because serde is
//! generic over the deserializer: every struct's visitor, every `Vec<T>`'s sequence reader and
//! every field type's read was instantiated again for serde_json's deserializer (its map and
//! sequence readers, 400-1,000 bytes each, one copy per type). Here serde_json is asked once, for
//! one type: the document is read into a [`Json`] tree (one instantiation of serde_json's
//! `deserialize_any`), and every generated type is built from the tree by a plain function
//! ([`FromJson`]), with no generic parameter. Types that are not ours (strings, numbers,
//! `Addr`, `Uint128`, `Binary`, `Timestamp`, ...) are read from a tree node through serde with the
//! node as the deserializer ([`Json`] implements `Deserializer`), once per type.
//!
//! What is accepted and the error texts are serde's and serde_json's (`unknown field`, `missing
//! field`, `duplicate field`, `unknown variant`, `invalid type: ..., expected ...`), with
//! serde_json's own error type; an error found while building a value from the tree carries no
//! line and column (the field or variant it names says where). A syntax error anywhere in the
//! document is reported before any other error, as the whole document is read first.

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, EnumAccess, Error as _, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};

/// serde_json's error: every error of a generated reader is one, with serde_json's texts.
pub type Error = serde_json::Error;

/// A JSON document read by serde_json, before any type is built from it. Objects keep their
/// entries in order, repeated keys too (a repeated field is serde's `duplicate field` error).
#[derive(Debug)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A non-negative integer that fits in a `u64`.
    U64(u64),
    /// A negative integer that fits in an `i64`.
    I64(i64),
    /// Any other number (as serde_json reads it).
    F64(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object's entries, in order.
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// What serde's errors call this value (`invalid type: <this>, expected ...`).
    pub fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Json::Null => Unexpected::Unit,
            Json::Bool(b) => Unexpected::Bool(*b),
            Json::U64(n) => Unexpected::Unsigned(*n),
            Json::I64(n) => Unexpected::Signed(*n),
            Json::F64(n) => Unexpected::Float(*n),
            Json::Str(s) => Unexpected::Str(s),
            Json::Arr(_) => Unexpected::Seq,
            Json::Obj(_) => Unexpected::Map,
        }
    }

    /// serde's `invalid type` error for this value where `expected` was expected.
    #[cold]
    #[inline(never)]
    pub fn invalid(&self, expected: &'static str) -> Error {
        Error::invalid_type(self.unexpected(), &expected)
    }
}

/// A type built from a [`Json`] tree: every type whose `Deserialize` cw-health-derive generates,
/// and the field types they hold.
pub trait FromJson: Sized {
    /// Builds the value, or answers serde's error for what is wrong with the JSON.
    fn from_json(json: Json) -> Result<Self, Error>;
}

/// Reads the whole document with `d` into a tree: the one place serde_json is instantiated for a
/// generated type (the generated `Deserialize` calls it, then [`FromJson::from_json`]).
#[inline(never)]
pub fn tree<'de, D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
    Json::deserialize(d)
}

/// A reader's error as `E` (serde_json's own, its text unchanged).
#[cold]
#[inline(never)]
pub fn convert<E: de::Error>(e: Error) -> E {
    E::custom(e)
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
        f.write_str("any valid JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::U64(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::I64(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(Json::F64(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Arr(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Json::Obj(entries))
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

/// A tree node as a deserializer, for the types that are not ours (as serde_json's `Value` is
/// one): the same visits serde_json's reader makes for the same JSON.
impl<'de> Deserializer<'de> for Json {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Json::Null => visitor.visit_unit(),
            Json::Bool(b) => visitor.visit_bool(b),
            Json::U64(n) => visitor.visit_u64(n),
            Json::I64(n) => visitor.visit_i64(n),
            Json::F64(n) => visitor.visit_f64(n),
            Json::Str(s) => visitor.visit_string(s),
            Json::Arr(items) => {
                let len = items.len();
                let mut seq = Seq(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                if seq.0.len() == 0 {
                    Ok(value)
                } else {
                    Err(Error::invalid_length(len, &"fewer elements in array"))
                }
            }
            Json::Obj(entries) => visitor.visit_map(Map {
                entries: entries.into_iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Json::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let (variant, value) = match self {
            Json::Str(s) => (s, None),
            Json::Obj(entries) => {
                let mut entries = entries.into_iter();
                match (entries.next(), entries.next()) {
                    (Some((k, v)), None) => (k, Some(v)),
                    _ => return Err(Error::custom("expected value")),
                }
            }
            _ => return Err(Error::custom("expected value")),
        };
        visitor.visit_enum(Enum { variant, value })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

struct Seq(std::vec::IntoIter<Json>);

impl<'de> SeqAccess<'de> for Seq {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|v| seed.deserialize(v)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Map {
    entries: std::vec::IntoIter<(String, Json)>,
    value: Option<Json>,
}

impl<'de> MapAccess<'de> for Map {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(Json::Str(k)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(self.value.take().unwrap_or(Json::Null))
    }
}

struct Enum {
    variant: String,
    value: Option<Json>,
}

impl<'de> EnumAccess<'de> for Enum {
    type Error = Error;
    type Variant = Value;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Value), Error> {
        let v = seed.deserialize(Json::Str(self.variant))?;
        Ok((v, Value(self.value)))
    }
}

/// A variant's value: none for a bare string.
pub struct Value(Option<Json>);

impl<'de> VariantAccess<'de> for Value {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            None | Some(Json::Null) => Ok(()),
            Some(other) => Err(other.invalid("unit")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        match self.0 {
            Some(v) => seed.deserialize(v),
            None => Err(Error::invalid_type(
                Unexpected::UnitVariant,
                &"newtype variant",
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(v) => v.deserialize_seq(visitor),
            None => Err(Error::invalid_type(
                Unexpected::UnitVariant,
                &"tuple variant",
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Some(v) => v.deserialize_map(visitor),
            None => Err(Error::invalid_type(
                Unexpected::UnitVariant,
                &"struct variant",
            )),
        }
    }
}

/// The slots of a struct being read: [`fields`] and [`elements`] hand each value to `set` with
/// its field's index (the generated reader's match).
pub trait Slots {
    /// Reads `value` into slot `index`.
    fn set(&mut self, index: usize, value: Json) -> Result<(), Error>;
}

/// Reads the entries of the object `json` (else serde's `invalid type` error naming
/// `expecting`, `struct X`): each entry's index in `names` and value go to `read`, in order. An
/// unknown name is serde's `unknown field` error when `strict`, else skipped; a name read twice
/// is serde's `duplicate field` error. One loop for every struct: the generated code is `read`,
/// a match on the index.
#[inline(never)]
pub fn fields(
    json: Json,
    expecting: &'static str,
    names: &'static [&'static str],
    strict: bool,
    read: &mut dyn Slots,
) -> Result<(), Error> {
    let entries = match json {
        Json::Obj(entries) => entries,
        other => return Err(other.invalid(expecting)),
    };
    let mut seen: u128 = 0;
    for (k, v) in entries {
        match names.iter().position(|n| *n == k) {
            Some(i) => {
                let bit = 1u128.checked_shl(i as u32).unwrap_or(0);
                if seen & bit != 0 {
                    let name = names.get(i).copied().unwrap_or_default();
                    return Err(Error::duplicate_field(name));
                }
                seen |= bit;
                read.set(i, v)?;
            }
            None if strict => return Err(Error::unknown_field(&k, names)),
            None => {}
        }
    }
    Ok(())
}

/// Hands each element of the array `json` of exactly `len` elements to `read` with its index,
/// else serde's `invalid type` error naming `expecting` (`tuple struct X`) or `invalid length`
/// error naming `expecting_len` (`tuple struct X with N elements`): tuple structs and tuples.
#[inline(never)]
pub fn elements(
    json: Json,
    len: usize,
    (expecting, expecting_len): (&'static str, &'static str),
    read: &mut dyn Slots,
) -> Result<(), Error> {
    match json {
        Json::Arr(items) if items.len() == len => items
            .into_iter()
            .enumerate()
            .try_for_each(|(i, v)| read.set(i, v)),
        Json::Arr(items) => Err(Error::invalid_length(items.len(), &expecting_len)),
        other => Err(other.invalid(expecting)),
    }
}

/// Reads a field's value into its slot (empty: [`fields`] refuses a second value).
#[inline(never)]
pub fn field<T: FromJson>(slot: &mut Option<T>, json: Json) -> Result<(), Error> {
    if slot.is_none() {
        *slot = Some(T::from_json(json)?);
    }
    Ok(())
}

/// Leaves the values read before an error undropped: dropping them would be one more drop per
/// field type in the contract; a contract's memory goes with its call, and elsewhere (tests,
/// clients) a refused document's few allocations are left.
#[inline(always)]
pub fn forget<T>(values: T) {
    core::mem::forget(values)
}

/// Serde's `missing field` error for the first of `names` whose flag in `absent` is set.
#[cold]
#[inline(never)]
pub fn missing(absent: &[bool], names: &[&'static str]) -> Error {
    let name = absent
        .iter()
        .zip(names)
        .find(|(absent, _)| **absent)
        .map_or("", |(_, name)| *name);
    Error::missing_field(name)
}

/// The index of variant `name` in `names`, or serde's `unknown variant` error.
#[inline(never)]
pub fn variant(name: &str, names: &'static [&'static str]) -> Result<usize, Error> {
    names
        .iter()
        .position(|n| *n == name)
        .ok_or_else(|| Error::unknown_variant(name, names))
}

/// An enum of unit variants only: its variant's index, read from a JSON string (`expecting`,
/// `enum X`, names anything else in the error).
#[inline(never)]
pub fn unit_enum(
    json: Json,
    names: &'static [&'static str],
    expecting: &'static str,
) -> Result<usize, Error> {
    match json {
        Json::Str(s) => variant(&s, names),
        other => Err(other.invalid(expecting)),
    }
}

/// An enum with data: its variant's index, the variant's value and whether more entries follow
/// it, as serde_json reads an externally tagged enum: a string (a unit variant, no value) or an
/// object of one entry (`{"variant": value}`); anything else is serde_json's `expected value`,
/// as is a second entry once the first variant is read ([`one_entry`]).
#[inline(never)]
pub fn tagged(
    json: Json,
    names: &'static [&'static str],
) -> Result<(usize, Option<Json>, bool), Error> {
    match json {
        Json::Str(s) => Ok((variant(&s, names)?, None, false)),
        Json::Obj(entries) => {
            let more = entries.len() > 1;
            match entries.into_iter().next() {
                Some((k, v)) => Ok((variant(&k, names)?, Some(v), more)),
                None => Err(Error::custom("expected value")),
            }
        }
        _ => Err(Error::custom("expected value")),
    }
}

/// The variant read, unless its object had a second entry (serde_json's `expected value`, found
/// after the first variant's value is read).
pub fn one_entry<T>(read: Result<T, Error>, more: bool) -> Result<T, Error> {
    match read {
        Ok(_) if more => Err(Error::custom("expected value")),
        read => read,
    }
}

/// The error of a variant index no variant has (never reached: indexes come from [`variant`]).
#[cold]
#[inline(never)]
pub fn unknown(names: &'static [&'static str]) -> Error {
    Error::unknown_variant("", names)
}

/// A unit variant's value: none (a bare string) or `null`.
#[inline(never)]
pub fn unit_variant(value: Option<Json>) -> Result<(), Error> {
    VariantAccess::unit_variant(Value(value))
}

/// A newtype or struct variant's value: present (`{"variant": value}`), else serde's error for
/// a unit variant (a bare string) where a newtype variant was expected.
#[inline(never)]
pub fn variant_value(value: Option<Json>) -> Result<Json, Error> {
    value.ok_or_else(|| Error::invalid_type(Unexpected::UnitVariant, &"newtype variant"))
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(json: Json) -> Result<Self, Error> {
        match json {
            Json::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }
}

/// The items of the array `json` (else serde's `invalid type` error for a sequence).
#[inline(never)]
pub fn array(json: Json) -> Result<Vec<Json>, Error> {
    match json {
        Json::Arr(items) => Ok(items),
        other => Err(other.invalid("a sequence")),
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(json: Json) -> Result<Self, Error> {
        let items = array(json)?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match T::from_json(item) {
                Ok(v) => out.push(v),
                Err(e) => {
                    forget(out);
                    return Err(e);
                }
            }
        }
        Ok(out)
    }
}

/// An unsigned integer of at most `max`, as serde's primitive visitor reads one (`expecting`
/// names the type in the errors).
#[inline(never)]
fn unsigned(json: Json, max: u64, expecting: &'static str) -> Result<u64, Error> {
    match json {
        Json::U64(n) if n <= max => Ok(n),
        Json::U64(n) => Err(Error::invalid_value(Unexpected::Unsigned(n), &expecting)),
        Json::I64(n) => Err(Error::invalid_value(Unexpected::Signed(n), &expecting)),
        other => Err(other.invalid(expecting)),
    }
}

macro_rules! from_json_unsigned {
    ($($ty:ty),*) => {$(
        impl FromJson for $ty {
            fn from_json(json: Json) -> Result<Self, Error> {
                let n = unsigned(json, <$ty>::MAX as u64, stringify!($ty))?;
                <$ty>::try_from(n).map_err(|_| Error::custom("out of range"))
            }
        }
    )*};
}

from_json_unsigned!(u8, u16, u32, u64);

impl FromJson for String {
    fn from_json(json: Json) -> Result<Self, Error> {
        match json {
            Json::Str(s) => Ok(s),
            other => Err(other.invalid("a string")),
        }
    }
}

impl FromJson for bool {
    fn from_json(json: Json) -> Result<Self, Error> {
        match json {
            Json::Bool(b) => Ok(b),
            other => Err(other.invalid("a boolean")),
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(json: Json) -> Result<Self, Error> {
        T::from_json(json).map(Box::new)
    }
}

/// A tuple from an array of exactly its elements.
macro_rules! from_json_tuple {
    ($len:literal: $($t:ident $slot:ident $i:literal),*) => {
        impl<$($t: FromJson),*> FromJson for ($($t,)*) {
            fn from_json(json: Json) -> Result<Self, Error> {
                struct S<'s, $($t),*>($(&'s mut Option<$t>),*);
                impl<$($t: FromJson),*> Slots for S<'_, $($t),*> {
                    fn set(&mut self, i: usize, v: Json) -> Result<(), Error> {
                        let S($($slot),*) = self;
                        match i {
                            $($i => field(&mut **$slot, v),)*
                            _ => Ok(()),
                        }
                    }
                }
                $(let mut $slot: Option<$t> = None;)*
                let expecting = concat!("a tuple of size ", $len);
                elements(json, $len, (expecting, expecting), &mut S($(&mut $slot),*))?;
                match ($($slot,)*) {
                    ($(Some($slot),)*) => Ok(($($slot,)*)),
                    _ => Err(Error::invalid_length(0, &concat!("a tuple of size ", $len))),
                }
            }
        }
    };
}

from_json_tuple!(2: A a 0, B b 1);
from_json_tuple!(3: A a 0, B b 1, C c 2);
from_json_tuple!(4: A a 0, B b 1, C c 2, D d 3);
from_json_tuple!(7: A a 0, B b 1, C c 2, D d 3, E e 4, F f 5, G g 6);

impl<T: FromJson, const N: usize> FromJson for [T; N] {
    fn from_json(json: Json) -> Result<Self, Error> {
        Vec::<T>::from_json(json)?
            .try_into()
            .map_err(|v: Vec<T>| Error::invalid_length(v.len(), &"an array of the stored length"))
    }
}

/// `FromJson` through the type's own `Deserialize`, with the tree node as the deserializer:
/// for types that are not generated by cw-health-derive.
#[macro_export]
#[doc(hidden)]
macro_rules! from_json_by_serde {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::__de::FromJson for $ty {
            fn from_json(json: $crate::__de::Json) -> Result<Self, $crate::__de::Error> {
                <$ty as ::cosmwasm_schema::serde::Deserialize>::deserialize(json)
            }
        }
    )*};
}

from_json_by_serde!(
    u128,
    i32,
    i64,
    cosmwasm_std::Addr,
    cosmwasm_std::Binary,
    cosmwasm_std::HexBinary,
    cosmwasm_std::Coin,
    cosmwasm_std::Decimal,
    cosmwasm_std::Timestamp,
    cosmwasm_std::Uint64,
    cosmwasm_std::Uint128,
    cosmwasm_std::Uint256,
    cosmwasm_std::Empty,
);
