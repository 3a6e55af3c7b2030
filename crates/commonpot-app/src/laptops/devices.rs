//! The laptops a file has entries from, the gaps in their numbers, and the import log.

use super::{Books, DateTime, DeviceLine, Gap, Result, Utc, store, sync_store};

/// One import of a bundle as the log keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportLogEntry {
    pub imported_at: DateTime<Utc>,
    pub file: String,
    pub device: String,
    pub added: u64,
    pub skipped: u64,
    pub conflicts: u64,
    pub refused: u64,
}

impl Books {
    /// Every laptop this file knows, with its last sequence number and what is missing.
    pub fn devices(&self) -> Result<Vec<DeviceLine>> {
        Ok(sync_store::devices(self.store().conn())?
            .into_iter()
            .map(|d| DeviceLine {
                gaps: gaps_of(&d),
                not_handed_over: if d.is_local {
                    d.last_seq - d.exported_seq
                } else {
                    0
                },
                id: d.id,
                name: d.name,
                is_local: d.is_local,
                last_seq: d.last_seq,
            })
            .collect())
    }

    /// The latest imports, newest first, with what each added, skipped and refused.
    pub fn import_log(&self, limit: u32) -> Result<Vec<ImportLogEntry>> {
        sync_store::import_log(self.store().conn(), limit)?
            .into_iter()
            .map(ImportLogEntry::read)
            .collect()
    }
}

impl ImportLogEntry {
    /// The counts from the report the import saved: a number, or a list counted by its length.
    /// A report that is not JSON is damage, not zero.
    pub(super) fn read(line: sync_store::ImportLogLine) -> Result<ImportLogEntry> {
        let report: serde_json::Value = serde_json::from_str(&line.report).map_err(|e| {
            store::StoreError::Damaged(format!("the import log's report of {}: {e}", line.file))
        })?;
        let count = |key: &str| {
            let value = &report[key];
            value
                .as_u64()
                .or_else(|| value.as_array().map(|a| a.len() as u64))
                .unwrap_or(0)
        };
        Ok(ImportLogEntry {
            added: count("added"),
            skipped: count("skipped"),
            conflicts: count("conflicts"),
            refused: count("refused"),
            imported_at: line.imported_at,
            file: line.file,
            device: line.device,
        })
    }
}

/// An instant as messages show it: "2026-11-26 21:37 UTC".
pub(super) fn shown_instant(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Every laptop's missing ranges (this file's own device has none).
pub(super) fn gaps(conn: &rusqlite::Connection) -> Result<Vec<Gap>> {
    Ok(sync_store::devices(conn)?
        .iter()
        .flat_map(gaps_of)
        .collect())
}

pub(super) fn gaps_of(d: &sync_store::DeviceInfo) -> Vec<Gap> {
    if d.is_local {
        return Vec::new();
    }
    d.gaps()
        .into_iter()
        .map(|(from, to)| Gap {
            device: d.name.clone(),
            device_id: d.id,
            from,
            to,
        })
        .collect()
}
