//! Opening another app's SQLite database from bytes, in memory and read-only, with the `rusqlite`
//! crate (SQLite itself, bundled: no pure-Rust reader of the SQLite file format is maintained, and
//! SQLite is the most fuzzed parser of its own files). Schema code is not trusted
//! (`trusted_schema = OFF`), nothing is written, nothing touches the disk. WAL-mode files are read
//! as of their last checkpoint. Format knowledge lives in
//! each importer.

use rusqlite::Connection;

use super::common::bad;
use crate::error::{ImportReason, Result};

/// The 16-byte header of every SQLite 3 database file.
pub(crate) const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Is this an SQLite database whose schema mentions `marker` (a table or column name)? The schema
/// is stored as text in the first pages, so this looks at structure, never at secrets.
pub(crate) fn looks_like(bytes: &[u8], marker: &str) -> bool {
    bytes.starts_with(MAGIC) && bytes.windows(marker.len()).any(|w| w == marker.as_bytes())
}

/// Opens `bytes` as a read-only in-memory database.
pub(crate) fn open(format: &'static str, bytes: &[u8]) -> Result<Connection> {
    if !bytes.starts_with(MAGIC) {
        return Err(bad(format, ImportReason::NotSqlite));
    }
    let broken = |_| bad(format, ImportReason::SqliteUnopenable);
    let mut conn = Connection::open_in_memory().map_err(broken)?;
    conn.execute_batch("PRAGMA trusted_schema = OFF;")
        .map_err(broken)?;
    // A database in WAL mode (header bytes 18–19 = 2) cannot be opened in memory; its main file
    // is complete as of the last checkpoint, so read it as a rollback-journal database. Changes
    // only in a `-wal` file beside it are not seen (Android checkpoints when the app closes).
    let mut copy = zeroize::Zeroizing::new(bytes.to_vec());
    if copy.len() > 19 && (copy[18] == 2 || copy[19] == 2) {
        copy[18] = 1;
        copy[19] = 1;
    }
    conn.deserialize_read_exact("main", copy.as_slice(), copy.len(), true)
        .map_err(broken)?;
    Ok(conn)
}
