//! The runtime of the `ToJson` that cw-health-derive generates (`#[cw_serde_strict]`,
//! `#[cw_serde_map]`, `#[derive(ToJson)]`). Not an API: the generated code calls it.
//!
//! Issue 20: serde's `Serialize` is generic over the serializer, so every struct's `serialize`
//! and every field type's `serialize_field` was instantiated for serde_json's writer in each
//! contract. `ToJson` writes the same bytes serde_json writes (field order, names, skipped
//! fields, externally tagged enums, numbers, strings escaped by serde_json's own function)
//! through plain functions; the contracts write what they store ([`crate::store::WriteMap`])
//! and what they answer ([`crate::store::to_binary`]) with it. Types that are not ours are
//! written here as serde writes them, and a field written by a function through serde
//! ([`by_serde`]).

use cosmwasm_std::{
    Addr, Binary, Coin, Decimal, Empty, HexBinary, Timestamp, Uint128, Uint256, Uint64,
};
use serde_json::ser::{CompactFormatter, Formatter};

/// A value written as JSON, byte for byte as serde_json writes its `Serialize`.
pub trait ToJson {
    /// Appends the value's JSON to `out`.
    fn write_json(&self, out: &mut Vec<u8>);
}

/// The JSON of `value`.
pub fn to_vec<T: ToJson + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    value.write_json(&mut out);
    out
}

/// Appends `text` as it is (a literal the generated code knows is JSON).
#[inline(never)]
pub fn raw(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(text.as_bytes());
}

/// Appends `value` as a JSON string, escaped by serde_json.
#[inline(never)]
pub fn string(out: &mut Vec<u8>, value: &str) {
    // serde_json's own string writer (its escapes); writing to a Vec cannot fail.
    let _ = serde_json::to_writer(out, value);
}

/// Appends `value` through its serde `Serialize` (a field written by a function).
pub fn by_serde<T: serde::Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) {
    let _ = serde_json::to_writer(out, value);
}

/// A JSON object or array being written: `key` (objects) or `item` (arrays) before each value,
/// `end` after the last.
pub struct Items<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    close: u8,
}

impl<'a> Items<'a> {
    /// Opens an object.
    pub fn object(out: &'a mut Vec<u8>) -> Items<'a> {
        out.push(b'{');
        Items {
            out,
            first: true,
            close: b'}',
        }
    }

    /// Opens an array.
    pub fn array(out: &'a mut Vec<u8>) -> Items<'a> {
        out.push(b'[');
        Items {
            out,
            first: true,
            close: b']',
        }
    }

    /// Writes `key` (`"name":`, quoted by the generated code) and answers where the value goes.
    #[inline(never)]
    pub fn key(&mut self, key: &str) -> &mut Vec<u8> {
        self.item().extend_from_slice(key.as_bytes());
        self.out
    }

    /// Answers where the next item goes (after a comma, but for the first).
    #[inline(never)]
    pub fn item(&mut self) -> &mut Vec<u8> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out
    }

    /// Closes the object or array.
    pub fn end(self) {
        self.out.push(self.close);
    }
}

#[inline(never)]
fn unsigned(out: &mut Vec<u8>, value: u64) {
    let _ = CompactFormatter.write_u64(out, value);
}

macro_rules! to_json_unsigned {
    ($($ty:ty),*) => {$(
        impl ToJson for $ty {
            fn write_json(&self, out: &mut Vec<u8>) {
                unsigned(out, u64::from(*self));
            }
        }
    )*};
}

to_json_unsigned!(u8, u16, u32, u64);

impl ToJson for u128 {
    fn write_json(&self, out: &mut Vec<u8>) {
        let _ = CompactFormatter.write_u128(out, *self);
    }
}

impl ToJson for i32 {
    fn write_json(&self, out: &mut Vec<u8>) {
        let _ = CompactFormatter.write_i32(out, *self);
    }
}

impl ToJson for i64 {
    fn write_json(&self, out: &mut Vec<u8>) {
        let _ = CompactFormatter.write_i64(out, *self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut Vec<u8>) {
        raw(out, if *self { "true" } else { "false" });
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut Vec<u8>) {
        string(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut Vec<u8>) {
        string(out, self);
    }
}

impl ToJson for Addr {
    fn write_json(&self, out: &mut Vec<u8>) {
        string(out, self.as_str());
    }
}

/// Numbers and other values serde writes as their decimal (or encoded) text in a string.
macro_rules! to_json_as_string {
    ($($ty:ty => $text:expr),* $(,)?) => {$(
        impl ToJson for $ty {
            fn write_json(&self, out: &mut Vec<u8>) {
                #[allow(clippy::redundant_closure_call)]
                let text: String = ($text)(self);
                string(out, &text);
            }
        }
    )*};
}

to_json_as_string!(
    Uint64 => |v: &Uint64| v.to_string(),
    Uint128 => |v: &Uint128| v.to_string(),
    Uint256 => |v: &Uint256| v.to_string(),
    Decimal => |v: &Decimal| v.to_string(),
    Timestamp => |v: &Timestamp| v.nanos().to_string(),
    Binary => |v: &Binary| v.to_base64(),
    HexBinary => |v: &HexBinary| v.to_hex(),
);

impl ToJson for Coin {
    fn write_json(&self, out: &mut Vec<u8>) {
        let mut o = Items::object(out);
        self.denom.write_json(o.key("\"denom\":"));
        self.amount.write_json(o.key("\"amount\":"));
        o.end();
    }
}

impl ToJson for () {
    fn write_json(&self, out: &mut Vec<u8>) {
        raw(out, "null");
    }
}

impl ToJson for Empty {
    fn write_json(&self, out: &mut Vec<u8>) {
        raw(out, "{}");
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out);
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => v.write_json(out),
            None => raw(out, "null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut Vec<u8>) {
        let mut a = Items::array(out);
        for item in self {
            item.write_json(a.item());
        }
        a.end();
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.as_slice().write_json(out);
    }
}

macro_rules! to_json_tuple {
    ($($t:ident $i:tt),*) => {
        impl<$($t: ToJson),*> ToJson for ($($t,)*) {
            fn write_json(&self, out: &mut Vec<u8>) {
                let mut a = Items::array(out);
                $(self.$i.write_json(a.item());)*
                a.end();
            }
        }
    };
}

to_json_tuple!(A 0, B 1);
to_json_tuple!(A 0, B 1, C 2);
to_json_tuple!(A 0, B 1, C 2, D 3);
to_json_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
