//! Several laptops, offline. The organiser makes a *kit* for a volunteer (settings, open
//! projects, the member list reduced to what collecting needs, the decisions members may vote
//! on); the volunteer's laptop opened from it collects and hands over *bundles* of the entries
//! it made; the organiser's *import* adds the entries the file lacks, as a union keyed by id.
//!
//! Files are a first line `MAGIC VERSION sha256=… [hmac-sha256=…]` and a gzip-compressed JSON
//! payload. The SHA-256 over the compressed payload finds damage (a truncated copy, a flipped
//! byte); the HMAC-SHA256 with the association's key, which only its kits carry, finds a
//! change made by anyone without a kit. Both are checked before anything is written.
//!
//! Since format 2 a bundle's body (members, projects, entries) is encrypted under a key derived
//! from the association's key, its header (association, laptop, ranges) bound to it; a kit is
//! encrypted under a passphrase when its maker gives one, which a protected association's
//! kits need (see `cipher`). Format 1 files are still read.

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Write as _};
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use commonpot_core::entry::{date_text, instant_text};
use commonpot_core::{
    Amount, CashCount, Channel, Collection, CollectionClose, ContentHash, Contribution, DeviceId,
    EntryId, EntryKind, EntryMeta, Expense, Key, Locale, MemberId, ProjectId, ProjectStatus,
    Reversal, Text, value,
};
use commonpot_store::sync::{
    self as sync_store, BallotRecord, Role, Selection, SyncBody, SyncEntry,
};
use commonpot_store::{
    self as store, Association, Member, Project, SettingValue, Settings, Store, Write,
};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use hmac::{Hmac, Mac};
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::cipher;
use crate::settings::Setting;
use crate::{AppError, Books, Env, Field, OutputKind, Passphrase, Result, input, limits};

/// The bundle format this version writes and reads up to: 2 has an encrypted body.
pub const BUNDLE_FORMAT: u32 = 2;
/// The kit format this version reads up to: 2 is encrypted under a passphrase (written only
/// then; a kit without a passphrase is written as format 1).
pub const KIT_FORMAT: u32 = 2;
pub(crate) const BUNDLE_MAGIC: &str = "COMMONPOT-BUNDLE";
pub(crate) const KIT_MAGIC: &str = "COMMONPOT-KIT";

type HmacSha256 = Hmac<Sha256>;

mod bundle;
mod devices;
mod files;
mod kit;
mod wire;

pub use devices::ImportLogEntry;
use devices::{gaps, shown_instant};
pub use files::kit_is_locked;
use files::{KitLock, gzip, inflate, mac, open_sealed, seal, unhex, unlock_kit, unreadable};
use wire::{
    BundleBody, BundleHeader, Checked, Kit, Reader, WireAssociation, WireDevice, WireMember,
    WireProject, WireRange, WireTable, WireValue, apply_order, bad_entry, from_value, to_value,
    wire_entry, wire_kind, wire_member, wire_project,
};

// ----- what the use cases return -----
/// One thing an import did not apply, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// contribution, collection, collection_close, expense, reversal, ballot, member, project.
    pub kind: String,
    pub id: String,
    /// The name of the laptop it came from.
    pub device: String,
    pub seq: Option<i64>,
    pub text: Text,
}

/// Sequence numbers of a laptop below the highest that arrived and that never did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    pub device: String,
    pub device_id: DeviceId,
    pub from: i64,
    pub to: i64,
}

impl Gap {
    pub fn text(&self) -> Text {
        Text::new(Key::SyncGap)
            .arg("from", self.from)
            .arg("to", self.to)
            .arg("device", &self.device)
    }
}

/// What importing a bundle did (or, rehearsed, would do).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleReport {
    pub file: String,
    pub device: String,
    pub device_id: DeviceId,
    /// Sequence ranges the bundle carries: device name, first, last.
    pub ranges: Vec<(String, i64, i64)>,
    pub added: u64,
    pub skipped: u64,
    pub members_added: u64,
    pub projects_added: u64,
    pub conflicts: Vec<Finding>,
    pub refused: Vec<Finding>,
    /// Every laptop's missing ranges after the import, not only this bundle's.
    pub gaps: Vec<Gap>,
    pub dry_run: bool,
    pub entry_count: u64,
    pub digest: String,
}

impl BundleReport {
    /// The report as `bundle import --json` prints it and the import log keeps it.
    pub fn to_json(&self) -> serde_json::Value {
        let finding = |f: &Finding| {
            serde_json::json!({
                "kind": f.kind, "id": f.id, "device": f.device, "seq": f.seq,
                "key": f.text.key.id(), "reason": f.text.to_string(),
            })
        };
        serde_json::json!({
            "file": self.file,
            "device": self.device,
            "device_id": self.device_id.to_string(),
            "ranges": self.ranges.iter().map(|(d, from, to)| serde_json::json!({"device": d, "from": from, "to": to})).collect::<Vec<_>>(),
            "added": self.added,
            "skipped": self.skipped,
            "members_added": self.members_added,
            "projects_added": self.projects_added,
            "conflicts": self.conflicts.iter().map(finding).collect::<Vec<_>>(),
            "refused": self.refused.iter().map(finding).collect::<Vec<_>>(),
            "gaps": self.gaps.iter().map(|g| serde_json::json!({
                "device": g.device, "device_id": g.device_id.to_string(), "from": g.from, "to": g.to,
                "reason": g.text().to_string(),
            })).collect::<Vec<_>>(),
            "dry_run": self.dry_run,
            "entries": self.entry_count,
            "digest": self.digest,
        })
    }
}

/// What `bundle export` wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleSummary {
    pub device: String,
    pub entries: u64,
    pub members: u64,
    /// This laptop's own range in the bundle; `None` when nothing new was made since the
    /// last hand-over.
    pub range: Option<(i64, i64)>,
    pub all: bool,
}

/// What `kit export` wrote or `kit open` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KitSummary {
    pub association: String,
    pub volunteer: String,
    pub projects: u64,
    pub members: u64,
    pub decisions: u64,
    /// `kit open` on a laptop that had opened an earlier kit.
    pub updated: bool,
}

/// A laptop as the devices list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceLine {
    pub id: DeviceId,
    pub name: String,
    pub is_local: bool,
    pub last_seq: i64,
    /// This laptop: entries made but not handed over yet.
    pub not_handed_over: i64,
    pub gaps: Vec<Gap>,
}

impl Books {
    pub fn role(&self) -> Result<Role> {
        Ok(sync_store::role(self.store().conn())?)
    }

    /// Refuses on a volunteer's laptop what only the organiser's file does.
    pub(crate) fn organiser_only(&self, what: &str) -> Result<()> {
        if self.role()? == Role::Volunteer {
            return Err(AppError::refused(
                Text::new(Key::SyncOrganiserOnly).arg("what", what),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::wire::WireEntry;
    use super::*;

    #[test]
    fn the_import_log_counts_numbers_and_lists_and_calls_an_unreadable_report_damage() {
        let line = |report: &str| sync_store::ImportLogLine {
            imported_at: DateTime::from_timestamp(1_764_000_000, 0).unwrap(),
            file: "stall.cpbundle".into(),
            device: "Stall laptop".into(),
            report: report.into(),
        };
        let entry = ImportLogEntry::read(line(
            r#"{"added": 4, "skipped": 1, "conflicts": [{"id": "x"}], "refused": []}"#,
        ))
        .unwrap();
        assert_eq!(
            (entry.added, entry.skipped, entry.conflicts, entry.refused),
            (4, 1, 1, 0)
        );
        let damaged = ImportLogEntry::read(line("{\"added\": 4")).unwrap_err();
        assert_eq!(damaged.code(), crate::ErrorCode::Internal, "{damaged}");
    }

    fn reader() -> Reader {
        let currency = commonpot_core::Currency::from_code("EUR").unwrap();
        Reader {
            currency,
            max_minor: 10_000_000,
        }
    }

    /// A contribution as a bundle carries it, with `amount` written into the JSON as is.
    fn contribution(amount: &str) -> String {
        format!(
            r#"{{"device":"0195e4a0-0000-7000-8000-000000000001","seq":1,"recorded_at":"2026-05-01T10:00:00Z",
               "entry":{{"kind":"contribution","id":"0195e4a0-0000-7000-8000-000000000002","project":null,
               "member":null,"amount_minor":{amount},"channel":"cash","received_at":"2026-05-01T10:00:00Z",
               "collector":null,"note":"","collection":null}}}}"#
        )
    }

    fn read(json: &str) -> std::result::Result<SyncEntry, String> {
        let wire: WireEntry = serde_json::from_str(json).map_err(|e| e.to_string())?;
        reader().entry(&wire).map_err(|p| p.to_string())
    }

    #[test]
    fn extreme_amounts_in_a_bundle_are_refused_naming_the_field() {
        assert!(
            read(&contribution("10000000")).is_ok(),
            "the maximum itself"
        );
        for amount in [
            "10000001",
            "0",
            "-1",
            "9223372036854775807",
            "-9223372036854775808",
        ] {
            let refused = read(&contribution(amount)).unwrap_err();
            assert!(refused.starts_with("amount_minor: "), "{amount}: {refused}");
        }
        // Past i64 or not an integer: the JSON itself is refused, without a panic.
        for amount in [
            "123456789012345678901234567890",
            "9223372036854775808",
            "1e30",
            "12.5",
            "\"100\"",
        ] {
            assert!(read(&contribution(amount)).is_err(), "{amount}");
        }
    }

    proptest::proptest! {
        /// Anything typed input accepts — a note, a name, a day, an amount up to the maximum —
        /// a bundle carries as written and the organiser's import accepts unchanged.
        #[test]
        fn what_typed_input_accepts_the_bundle_reader_accepts(
            text in "\\PC{0,60}|[ \\t\\r\\na-zé\u{1b}\u{7}]{0,30}",
            day in 0i64..100_000,
            minor in 1i64..=10_000_000,
        ) {
            let r = reader();
            if let Ok(note) = input::optional_text(Field::Note, &text) {
                proptest::prop_assert_eq!(r.text("note", &note, false), Ok(note.clone()));
            }
            if let Ok(name) = input::required_line(Field::Name, &text) {
                proptest::prop_assert_eq!(r.line("name", &name), Ok(name.clone()));
            }
            let typed = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(day);
            let typed = input::date(Field::Date, &typed.to_string()).unwrap();
            proptest::prop_assert_eq!(r.date("paid_on", &date_text(typed)), Ok(typed));
            let max = Amount::from_minor(r.max_minor, r.currency);
            let locale = Locale::parse("de-DE").unwrap();
            let shown = locale.format_amount(Amount::from_minor(minor, r.currency));
            let amount = input::amount(Field::Amount, &shown, r.currency, &locale, max).unwrap();
            proptest::prop_assert_eq!(r.single("amount_minor", amount.to_minor(r.currency)), Ok(amount));
        }
    }

    #[test]
    fn totals_and_goals_are_held_to_the_books_ceiling() {
        let r = reader();
        let ceiling = Amount::ceiling(r.currency).to_minor(r.currency);
        assert!(r.up_to_ceiling("goal_minor", ceiling, false).is_ok());
        assert!(r.up_to_ceiling("goal_minor", ceiling + 1, false).is_err());
        assert!(r.up_to_ceiling("goal_minor", 0, false).is_err());
        assert!(r.up_to_ceiling("counted_minor", 0, true).is_ok());
        assert!(r.up_to_ceiling("counted_minor", i64::MAX, true).is_err());
    }
}
