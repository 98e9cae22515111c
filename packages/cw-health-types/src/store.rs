//! Reading stored values through the JSON tree of the generated `Deserialize` (issue 20).
//!
//! cw-storage-plus's `load` and `may_load` parse with `cosmwasm_std::from_json::<T>`, which
//! instantiates serde_json's reader entry (`from_slice`, `from_trait`) and the not-found message
//! again for every stored type: about 600 bytes of a contract's Wasm per type. [`ReadMap::read`]
//! and [`ReadItem::read`] read the same bytes into a [`Json`](crate::__de::Json) tree with one
//! parser for every type and build the value with its [`FromJson`]: the same values, and the
//! same not-found error text as `load` (`type: T; key: [..] not found`).

use core::any::type_name;

use cosmwasm_schema::serde::{de::DeserializeOwned, Serialize};
use cosmwasm_std::{Binary, StdError, StdResult, Storage};
use cw_storage_plus::{Item, Map, PrimaryKey};

use crate::__de::{FromJson, Json};
use crate::__ser::ToJson;

/// The stored bytes read into a tree: the one parser for every stored type.
#[inline(never)]
fn parse(bytes: &[u8]) -> StdResult<Json> {
    cosmwasm_std::from_json(bytes)
}

/// The value in `bytes`, read through the tree.
pub(crate) fn read_json<T: FromJson>(bytes: &[u8]) -> StdResult<T> {
    T::from_json(parse(bytes)?).map_err(StdError::from)
}

/// The value stored at a key, if any.
fn decode<T: FromJson>(bytes: Option<Vec<u8>>) -> StdResult<Option<T>> {
    match bytes {
        None => Ok(None),
        Some(bytes) => read_json(&bytes).map(Some),
    }
}

/// cw-storage-plus's error for a missing value, with its text.
#[cold]
#[inline(never)]
pub(crate) fn not_found(type_name: &str, key: &[u8]) -> StdError {
    StdError::msg(format!("type: {type_name}; key: {key:02X?} not found"))
}

/// The JSON of `value` written by its [`ToJson`]: serde_json's bytes for its `Serialize` (native
/// builds, every test among them, check it byte for byte).
pub fn json_vec<T: ToJson + Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let out = crate::__ser::to_vec(value);
    // A test build checks the generated writer against serde_json (a difference is its bug).
    #[cfg(debug_assertions)]
    if let Ok(serde) = serde_json::to_vec(value) {
        debug_assert!(
            serde == out,
            "ToJson of {} differs from serde_json:\n ours: {}\nserde: {}",
            type_name::<T>(),
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&serde)
        );
    }
    out
}

/// `cosmwasm_std::to_json_binary` through [`ToJson`]: a query's answer.
pub fn to_binary<T: ToJson + Serialize + ?Sized>(value: &T) -> StdResult<Binary> {
    Ok(Binary::new(json_vec(value)))
}

/// `save` of a [`Map`] through [`ToJson`].
pub trait WriteMap<'a, K, V> {
    /// Stores `value` at `k` (cw-storage-plus's `save`).
    fn write(&self, store: &mut dyn Storage, k: K, value: &V) -> StdResult<()>;
}

impl<'a, K, V> WriteMap<'a, K, V> for Map<K, V>
where
    K: PrimaryKey<'a>,
    V: Serialize + DeserializeOwned + ToJson,
{
    fn write(&self, store: &mut dyn Storage, k: K, value: &V) -> StdResult<()> {
        store.set(&self.key(k), &json_vec(value));
        Ok(())
    }
}

/// `save` of an [`Item`] through [`ToJson`].
pub trait WriteItem<V> {
    /// Stores `value` (cw-storage-plus's `save`).
    fn write(&self, store: &mut dyn Storage, value: &V) -> StdResult<()>;
}

impl<V> WriteItem<V> for Item<V>
where
    V: Serialize + DeserializeOwned + ToJson,
{
    fn write(&self, store: &mut dyn Storage, value: &V) -> StdResult<()> {
        store.set(self.as_slice(), &json_vec(value));
        Ok(())
    }
}

/// `load` and `may_load` of a [`Map`] through the tree.
pub trait ReadMap<'a, K, V> {
    /// The value at `k`, if any (cw-storage-plus's `may_load`).
    fn may_read(&self, store: &dyn Storage, k: K) -> StdResult<Option<V>>;
    /// The value at `k`, else the not-found error (cw-storage-plus's `load`).
    fn read(&self, store: &dyn Storage, k: K) -> StdResult<V>;
}

impl<'a, K, V> ReadMap<'a, K, V> for Map<K, V>
where
    K: PrimaryKey<'a>,
    V: Serialize + DeserializeOwned + FromJson,
{
    fn may_read(&self, store: &dyn Storage, k: K) -> StdResult<Option<V>> {
        decode(store.get(&self.key(k)))
    }

    fn read(&self, store: &dyn Storage, k: K) -> StdResult<V> {
        let path = self.key(k);
        decode(store.get(&path))?.ok_or_else(|| not_found(type_name::<V>(), &path))
    }
}

/// `load` and `may_load` of an [`Item`] through the tree.
pub trait ReadItem<V> {
    /// The value, if any (cw-storage-plus's `may_load`).
    fn may_read(&self, store: &dyn Storage) -> StdResult<Option<V>>;
    /// The value, else the not-found error (cw-storage-plus's `load`).
    fn read(&self, store: &dyn Storage) -> StdResult<V>;
}

impl<V> ReadItem<V> for Item<V>
where
    V: Serialize + DeserializeOwned + FromJson,
{
    fn may_read(&self, store: &dyn Storage) -> StdResult<Option<V>> {
        decode(store.get(self.as_slice()))
    }

    fn read(&self, store: &dyn Storage) -> StdResult<V> {
        decode(store.get(self.as_slice()))?
            .ok_or_else(|| not_found(type_name::<V>(), self.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    const ITEM: Item<crate::Sha256Hash> = Item::new("i");
    const MAP: Map<(u64, &str), Vec<u32>> = Map::new("m");

    /// A writer that is not serde's byte for byte.
    struct Wrong;

    impl Serialize for Wrong {
        fn serialize<S: cosmwasm_schema::serde::Serializer>(
            &self,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            s.serialize_u8(1)
        }
    }

    impl ToJson for Wrong {
        fn write_json(&self, out: &mut Vec<u8>) {
            crate::__ser::raw(out, "2");
        }
    }

    #[test]
    #[should_panic(expected = "differs from serde_json")]
    fn a_write_that_differs_from_serde_fails_every_native_build() {
        let _ = json_vec(&Wrong);
    }

    #[test]
    fn writes_what_save_writes() {
        let mut a = MockStorage::new();
        let mut b = MockStorage::new();
        let v = vec![1u32, 2];
        MAP.write(&mut a, (1, "a"), &v).unwrap();
        MAP.save(&mut b, (1, "a"), &v).unwrap();
        let hash = crate::Sha256Hash::digest(b"x");
        ITEM.write(&mut a, &hash).unwrap();
        ITEM.save(&mut b, &hash).unwrap();
        assert_eq!(
            a.range(None, None, cosmwasm_std::Order::Ascending)
                .collect::<Vec<_>>(),
            b.range(None, None, cosmwasm_std::Order::Ascending)
                .collect::<Vec<_>>()
        );
        assert_eq!(
            to_binary(&hash).unwrap(),
            cosmwasm_std::to_json_binary(&hash).unwrap()
        );
    }

    #[test]
    fn reads_what_load_reads_with_its_errors() {
        let mut store = MockStorage::new();
        // Missing: None, and load's not-found text.
        assert_eq!(MAP.may_read(&store, (1, "a")).unwrap(), None);
        assert_eq!(
            MAP.read(&store, (1, "a")).unwrap_err().to_string(),
            MAP.load(&store, (1, "a")).unwrap_err().to_string()
        );
        assert_eq!(
            ITEM.read(&store).unwrap_err().to_string(),
            ITEM.load(&store).unwrap_err().to_string()
        );
        // Present: the value load reads.
        MAP.save(&mut store, (1, "a"), &vec![3, 4]).unwrap();
        assert_eq!(MAP.read(&store, (1, "a")).unwrap(), vec![3, 4]);
        assert_eq!(MAP.may_read(&store, (1, "a")).unwrap(), Some(vec![3, 4]));
        let hash = crate::Sha256Hash::digest(b"x");
        ITEM.save(&mut store, &hash).unwrap();
        assert_eq!(ITEM.read(&store).unwrap(), ITEM.load(&store).unwrap());
        assert_eq!(ITEM.may_read(&store).unwrap(), Some(hash));
        // Bytes that do not hold the type: an error, as load's.
        store.set(&MAP.key((2, "b")), br#"{"a":1}"#);
        assert!(MAP.read(&store, (2, "b")).is_err());
        assert!(MAP.load(&store, (2, "b")).is_err());
    }
}
