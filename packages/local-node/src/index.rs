//! The node's block and transaction index (`home/node.redb`): what `tx`, `tx_search` and
//! `block` answer from. The chain keeps the state; this keeps the history.

use std::path::Path;

use redb::{ReadableDatabase, ReadableTable, TableDefinition};

use crate::app::TxRecord;

const TXS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("txs");
const BLOCKS: TableDefinition<u64, &[u8]> = TableDefinition::new("blocks");

/// A block: its time and the hash of its transaction (none for an empty block).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct BlockRecord {
    pub height: u64,
    pub time_nanos: u64,
    pub tx_hash: Option<String>,
}

pub(crate) struct Index {
    db: redb::Database,
}

fn err(e: impl std::fmt::Display) -> String {
    format!("node index: {e}")
}

impl Index {
    pub(crate) fn open(path: &Path) -> Result<Self, String> {
        let db = redb::Database::create(path).map_err(err)?;
        let txn = db.begin_write().map_err(err)?;
        txn.open_table(TXS).map_err(err)?;
        txn.open_table(BLOCKS).map_err(err)?;
        txn.commit().map_err(err)?;
        Ok(Index { db })
    }

    /// Records a delivered transaction and its block, atomically.
    pub(crate) fn put(&self, rec: &TxRecord, block: &BlockRecord) -> Result<(), String> {
        let txn = self.db.begin_write().map_err(err)?;
        {
            let mut txs = txn.open_table(TXS).map_err(err)?;
            let v = serde_json::to_vec(rec).map_err(err)?;
            let hash = hex::decode(&rec.hash).map_err(err)?;
            txs.insert(hash.as_slice(), v.as_slice()).map_err(err)?;
            let mut blocks = txn.open_table(BLOCKS).map_err(err)?;
            let b = serde_json::to_vec(block).map_err(err)?;
            blocks.insert(block.height, b.as_slice()).map_err(err)?;
        }
        txn.commit().map_err(err)
    }

    pub(crate) fn tx(&self, hash: &[u8]) -> Result<Option<TxRecord>, String> {
        let txn = self.db.begin_read().map_err(err)?;
        let txs = txn.open_table(TXS).map_err(err)?;
        let Some(v) = txs.get(hash).map_err(err)? else {
            return Ok(None);
        };
        serde_json::from_slice(v.value()).map(Some).map_err(err)
    }

    /// Every transaction, oldest first (a development chain's history is small).
    pub(crate) fn all_txs(&self) -> Result<Vec<TxRecord>, String> {
        let txn = self.db.begin_read().map_err(err)?;
        let txs = txn.open_table(TXS).map_err(err)?;
        let mut out = Vec::new();
        for item in txs.iter().map_err(err)? {
            let (_, v) = item.map_err(err)?;
            out.push(serde_json::from_slice::<TxRecord>(v.value()).map_err(err)?);
        }
        out.sort_by_key(|r| r.height);
        Ok(out)
    }

    pub(crate) fn block(&self, height: u64) -> Result<Option<BlockRecord>, String> {
        let txn = self.db.begin_read().map_err(err)?;
        let blocks = txn.open_table(BLOCKS).map_err(err)?;
        let Some(v) = blocks.get(height).map_err(err)? else {
            return Ok(None);
        };
        serde_json::from_slice(v.value()).map(Some).map_err(err)
    }
}
