//! The chain's key-value state: the committed map (mirrored in a redb database in the data
//! directory) and a stack of uncommitted layers, one per open transaction or sub-message branch.
//!
//! A transaction pushes a layer; a sub-message pushes another on top; a failing branch drops its
//! layer, a succeeding one merges it into the layer below. When the transaction ends, the last
//! layer is written to redb in one write transaction (atomic and durable: a process killed before
//! the commit leaves nothing of the transaction, one killed after leaves all of it).

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;

use redb::{ReadableDatabase, ReadableTable, TableDefinition};

use crate::error::ChainError;

const TABLE: TableDefinition<&[u8], &[u8]> = TableDefinition::new("state");

type Layer = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

pub(crate) struct State {
    db: Option<redb::Database>,
    committed: BTreeMap<Vec<u8>, Vec<u8>>,
    layers: Vec<Layer>,
}

fn db_err(e: impl std::fmt::Display) -> ChainError {
    ChainError::internal(format!("database: {e}"))
}

impl State {
    /// An in-memory state (nothing written to disk).
    pub(crate) fn memory() -> Self {
        State {
            db: None,
            committed: BTreeMap::new(),
            layers: Vec::new(),
        }
    }

    /// Opens (or creates) the database file and loads the committed state.
    pub(crate) fn open(path: &Path) -> Result<Self, ChainError> {
        let db = redb::Database::create(path).map_err(db_err)?;
        let mut committed = BTreeMap::new();
        {
            let txn = db.begin_write().map_err(db_err)?;
            // Creates the table on a fresh database.
            txn.open_table(TABLE).map_err(db_err)?;
            txn.commit().map_err(db_err)?;
        }
        {
            let txn = db.begin_read().map_err(db_err)?;
            let table = txn.open_table(TABLE).map_err(db_err)?;
            for item in table.iter().map_err(db_err)? {
                let (k, v) = item.map_err(db_err)?;
                committed.insert(k.value().to_vec(), v.value().to_vec());
            }
        }
        Ok(State {
            db: Some(db),
            committed,
            layers: Vec::new(),
        })
    }

    pub(crate) fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        for layer in self.layers.iter().rev() {
            if let Some(v) = layer.get(key) {
                return v.clone();
            }
        }
        self.committed.get(key).cloned()
    }

    pub(crate) fn set(&mut self, key: &[u8], value: &[u8]) {
        if let Some(top) = self.layers.last_mut() {
            top.insert(key.to_vec(), Some(value.to_vec()));
        } else {
            // Outside a transaction (never in normal use): write straight to the committed map.
            self.committed.insert(key.to_vec(), value.to_vec());
        }
    }

    pub(crate) fn remove(&mut self, key: &[u8]) {
        if let Some(top) = self.layers.last_mut() {
            top.insert(key.to_vec(), None);
        } else {
            self.committed.remove(key);
        }
    }

    /// The first live entry strictly after (ascending) or before (descending) `pos`, within
    /// `[start, end)`.
    pub(crate) fn next_entry(
        &self,
        start: &[u8],
        end: &[u8],
        after: Option<&[u8]>,
        ascending: bool,
    ) -> Option<(Vec<u8>, Vec<u8>)> {
        let mut cursor: Option<Vec<u8>> = after.map(<[u8]>::to_vec);
        loop {
            let (lo, hi): (Bound<&[u8]>, Bound<&[u8]>) = if ascending {
                (
                    cursor
                        .as_deref()
                        .map_or(Bound::Included(start), Bound::Excluded),
                    Bound::Excluded(end),
                )
            } else {
                (
                    Bound::Included(start),
                    cursor
                        .as_deref()
                        .map_or(Bound::Excluded(end), Bound::Excluded),
                )
            };
            if start >= end {
                return None;
            }
            let mut best: Option<Vec<u8>> = None;
            let mut consider = |k: &Vec<u8>| {
                let better = match &best {
                    None => true,
                    Some(b) => {
                        if ascending {
                            k < b
                        } else {
                            k > b
                        }
                    }
                };
                if better {
                    best = Some(k.clone());
                }
            };
            let pick =
                |r: &mut dyn Iterator<Item = &Vec<u8>>| -> Option<Vec<u8>> { r.next().cloned() };
            {
                let mut it = self.committed.range::<[u8], _>((lo, hi)).map(|(k, _)| k);
                let found = if ascending {
                    pick(&mut it)
                } else {
                    pick(&mut it.rev())
                };
                if let Some(k) = found {
                    consider(&k);
                }
            }
            for layer in &self.layers {
                let mut it = layer.range::<[u8], _>((lo, hi)).map(|(k, _)| k);
                let found = if ascending {
                    pick(&mut it)
                } else {
                    pick(&mut it.rev())
                };
                if let Some(k) = found {
                    consider(&k);
                }
            }
            let key = best?;
            if let Some(v) = self.get(&key) {
                return Some((key, v));
            }
            // Deleted in a layer: skip it.
            cursor = Some(key);
        }
    }

    pub(crate) fn push(&mut self) {
        self.layers.push(Layer::new());
    }

    /// Drops the top layer (a failed branch or transaction).
    pub(crate) fn discard(&mut self) {
        self.layers.pop();
    }

    /// Merges the top layer into the one below (a successful branch).
    pub(crate) fn merge(&mut self) {
        if let Some(top) = self.layers.pop() {
            match self.layers.last_mut() {
                Some(below) => below.extend(top),
                None => self.apply(top),
            }
        }
    }

    fn apply(&mut self, layer: Layer) {
        for (k, v) in layer {
            match v {
                Some(v) => {
                    self.committed.insert(k, v);
                }
                None => {
                    self.committed.remove(&k);
                }
            }
        }
    }

    /// Writes the only remaining layer to the database in one atomic, durable transaction,
    /// then into the committed map. On error nothing is committed.
    pub(crate) fn commit(&mut self) -> Result<(), ChainError> {
        let Some(top) = self.layers.pop() else {
            return Ok(());
        };
        if !self.layers.is_empty() {
            self.layers.push(top);
            return Err(ChainError::internal("commit with open sub-transactions"));
        }
        if let Some(db) = &self.db {
            // Crash-test hook (local-chain's own tests): die after writing half the entries into
            // the open write transaction, as a killed process would.
            let abort_at = std::env::var_os("LOCAL_CHAIN_ABORT_MID_COMMIT").map(|_| top.len() / 2);
            let txn = db.begin_write().map_err(db_err)?;
            {
                let mut table = txn.open_table(TABLE).map_err(db_err)?;
                for (i, (k, v)) in top.iter().enumerate() {
                    if abort_at == Some(i) {
                        std::process::abort();
                    }
                    match v {
                        Some(v) => {
                            table.insert(k.as_slice(), v.as_slice()).map_err(db_err)?;
                        }
                        None => {
                            table.remove(k.as_slice()).map_err(db_err)?;
                        }
                    }
                }
            }
            txn.commit().map_err(db_err)?;
        }
        self.apply(top);
        Ok(())
    }

    pub(crate) fn depth(&self) -> usize {
        self.layers.len()
    }
}

/// The smallest key greater than every key starting with `prefix` (None: no upper bound).
pub(crate) fn prefix_end(prefix: &[u8]) -> Vec<u8> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return end;
        }
    }
    // All 0xff: everything after; a key of 0x100 bytes of 0xff is a practical bound.
    vec![u8::MAX; prefix.len() + 256]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_merge_discard_and_iterate() {
        let mut s = State::memory();
        s.push();
        s.set(b"a1", b"x");
        s.set(b"a3", b"z");
        s.merge();
        s.push();
        s.set(b"a2", b"y");
        s.remove(b"a3");
        assert_eq!(
            s.next_entry(b"a", b"b", None, true),
            Some((b"a1".to_vec(), b"x".to_vec()))
        );
        assert_eq!(
            s.next_entry(b"a", b"b", Some(b"a1"), true),
            Some((b"a2".to_vec(), b"y".to_vec()))
        );
        assert_eq!(s.next_entry(b"a", b"b", Some(b"a2"), true), None);
        assert_eq!(
            s.next_entry(b"a", b"b", None, false),
            Some((b"a2".to_vec(), b"y".to_vec()))
        );
        s.discard();
        assert_eq!(s.get(b"a3"), Some(b"z".to_vec()));
        assert_eq!(s.get(b"a2"), None);
        assert_eq!(prefix_end(b"a\xff"), b"b".to_vec());
    }
}
