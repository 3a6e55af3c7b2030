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

use std::collections::HashSet;
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
use commonpot_store::{self as store, Association, Member, Project, Store, Write};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use hmac::{Hmac, Mac};
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::cipher;
use crate::{AppError, Books, Env, Field, OutputKind, Passphrase, Result, input, limits};

/// The bundle format this version writes and reads up to: 2 has an encrypted body.
pub const BUNDLE_FORMAT: u32 = 2;
/// The kit format this version reads up to: 2 is encrypted under a passphrase (written only
/// then; a kit without a passphrase is written as format 1).
pub const KIT_FORMAT: u32 = 2;
pub(crate) const BUNDLE_MAGIC: &str = "COMMONPOT-BUNDLE";
pub(crate) const KIT_MAGIC: &str = "COMMONPOT-KIT";

type HmacSha256 = Hmac<Sha256>;

// ----- what the files hold -----

#[derive(Clone, Debug, Serialize, Deserialize)]
struct WireDevice {
    id: Uuid,
    name: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct WireRange {
    device: Uuid,
    from: i64,
    to: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct BundleHeader {
    association: Uuid,
    association_name: String,
    device: Uuid,
    device_name: String,
    made_at: String,
    /// Every device an entry or range names.
    devices: Vec<WireDevice>,
    /// Sequence ranges this bundle carries whole: every entry of that device numbered in the
    /// range that travels is in it.
    ranges: Vec<WireRange>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct WireMember {
    id: Uuid,
    name: String,
    number: Option<String>,
    joined_on: String,
    registered_by: Option<Uuid>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct WireProject {
    id: Uuid,
    code: String,
    title: String,
    description: String,
    goal_minor: i64,
    deadline: Option<String>,
    status: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct WireEntry {
    device: Uuid,
    seq: i64,
    recorded_at: String,
    entry: WireBody,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum WireBody {
    Collection {
        id: Uuid,
        collector: Uuid,
        place: String,
        project: Option<Uuid>,
        opened_at: String,
    },
    CollectionClose {
        id: Uuid,
        collection: Uuid,
        counts: String,
        counted_minor: i64,
        entered_minor: i64,
        note: String,
    },
    Contribution {
        id: Uuid,
        project: Option<Uuid>,
        member: Option<Uuid>,
        amount_minor: i64,
        channel: String,
        received_at: String,
        collector: Option<Uuid>,
        note: String,
        collection: Option<Uuid>,
    },
    Expense {
        id: Uuid,
        project: Uuid,
        payee: String,
        amount_minor: i64,
        paid_on: String,
        note: String,
    },
    Reversal {
        id: Uuid,
        reversed: Uuid,
        reversed_kind: String,
        reason: String,
    },
    Ballot {
        id: Uuid,
        decision: Uuid,
        member: Uuid,
        choice: String,
        source: String,
        paper: Option<String>,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct BundleBody {
    members: Vec<WireMember>,
    projects: Vec<WireProject>,
    entries: Vec<WireEntry>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct WireAssociation {
    id: Uuid,
    name: String,
    currency: String,
    locale: String,
    max_amount_minor: i64,
    created_at: String,
    iban: Option<String>,
    bic: Option<String>,
    creditor: Option<String>,
    language: Option<String>,
    disclosure_threshold: u32,
    receipt_text: Option<String>,
}

/// A copied cell: SQLite's value, blobs as hex.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum WireValue {
    Null(()),
    Integer(i64),
    Text(String),
    Blob { blob: String },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct WireTable {
    table: String,
    rows: Vec<Vec<(String, WireValue)>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Kit {
    association: WireAssociation,
    sync_key: String,
    volunteer: String,
    made_at: String,
    devices: Vec<WireDevice>,
    projects: Vec<WireProject>,
    members: Vec<WireMember>,
    tables: Vec<WireTable>,
}

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

// ----- the files -----

/// Lower-case hex, as [`hex::encode`] writes it; anything else (upper case too) is damage.
fn unhex(text: &str) -> Option<Vec<u8>> {
    text.bytes()
        .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        .then(|| hex::decode(text).ok())
        .flatten()
}

fn mac(key: &[u8; 32], payload: &[u8]) -> HmacSha256 {
    let mut m = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    m.update(payload);
    m
}

/// The file: its first line, then the compressed payload.
fn seal(magic: &str, version: u32, payload: &[u8], key: Option<&[u8; 32]>) -> Vec<u8> {
    let compressed = gzip(payload);
    let mut line = format!(
        "{magic} {version} sha256={}",
        hex::encode(Sha256::digest(&compressed))
    );
    if let Some(key) = key {
        line.push_str(&format!(
            " hmac-sha256={}",
            hex::encode(mac(key, &compressed).finalize().into_bytes())
        ));
    }
    line.push('\n');
    let mut out = line.into_bytes();
    out.extend_from_slice(&compressed);
    out
}

/// A file opened and checked for damage, not yet inflated: its compressed payload and the
/// signature it claims.
struct Opened {
    version: u32,
    compressed_start: usize,
    signature: Option<Vec<u8>>,
    bytes: Vec<u8>,
}

impl Opened {
    fn compressed(&self) -> &[u8] {
        &self.bytes[self.compressed_start..]
    }

    /// The payload, inflated up to [`limits::INFLATED_MAX`].
    fn inflate(&self, path: &Path) -> Result<Vec<u8>> {
        inflate(self.compressed(), path)
    }

    /// The payload's first line only (a bundle's header), inflating no more than 64 KiB: enough
    /// to tell a bundle of another association from a changed one before trusting anything.
    fn first_line(&self) -> Option<Vec<u8>> {
        let mut head = Vec::new();
        let mut gz = GzDecoder::new(self.compressed()).take(64 * 1024);
        gz.read_to_end(&mut head).ok();
        let end = head.iter().position(|&b| b == b'\n')?;
        head.truncate(end);
        Some(head)
    }
}

/// Inflates a bundle's or kit's compressed content within [`limits::INFLATED_MAX`].
fn inflate(compressed: &[u8], path: &Path) -> Result<Vec<u8>> {
    limits::gunzip(compressed, limits::INFLATED_MAX).map_err(|e| match e {
        limits::Inflate::TooLarge => {
            limits::too_large(Key::FileInflatesTooLarge, path, limits::INFLATED_MAX)
        }
        limits::Inflate::NotGzip => {
            AppError::refused(Text::new(Key::SyncDamaged).arg("path", path.display()))
        }
    })
}

fn open_sealed(path: &Path, magic: &str, known: u32) -> Result<Opened> {
    let shown = path.display().to_string();
    let bytes = limits::read(path, limits::SEALED_FILE_MAX)?;
    let other = |key: Key| AppError::refused(Text::new(key).arg("path", &shown));
    let Some(newline) = bytes.iter().take(400).position(|&b| b == b'\n') else {
        return Err(wrong_kind(&bytes, magic, &shown));
    };
    let line = std::str::from_utf8(&bytes[..newline]).map_err(|_| other(Key::SyncDamaged))?;
    let mut words = line.split(' ');
    if words.next() != Some(magic) {
        return Err(wrong_kind(&bytes, magic, &shown));
    }
    let version: u32 = words
        .next()
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| other(Key::SyncDamaged))?;
    if version == 0 {
        return Err(other(Key::SyncDamaged));
    }
    if version > known {
        return Err(AppError::refused(
            Text::new(Key::SyncNewer)
                .arg("path", &shown)
                .arg("found", version)
                .arg("known", known),
        ));
    }
    let mut checksum = None;
    let mut signature = None;
    for word in words {
        match word.split_once('=') {
            Some(("sha256", h)) => checksum = unhex(h),
            Some(("hmac-sha256", h)) => signature = unhex(h),
            _ => return Err(other(Key::SyncDamaged)),
        }
    }
    if checksum.as_deref() != Some(Sha256::digest(&bytes[newline + 1..]).as_slice()) {
        return Err(other(Key::SyncDamaged));
    }
    Ok(Opened {
        version,
        compressed_start: newline + 1,
        signature,
        bytes,
    })
}

/// Whether the file at `path` is a kit encrypted under a passphrase (format 2 or later); false
/// for anything else, which opening the kit then reports.
pub fn kit_is_locked(path: &Path) -> bool {
    let mut head = Vec::with_capacity(400);
    let read = std::fs::File::open(path).and_then(|f| f.take(400).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut words = line.split(|&b| b == b' ');
    words.next() == Some(KIT_MAGIC.as_bytes())
        && words
            .next()
            .and_then(|v| std::str::from_utf8(v).ok()?.parse::<u32>().ok())
            .is_some_and(|v| v >= 2)
}

/// How a kit's key is made from its passphrase; the first line of an encrypted kit's payload.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct KitLock {
    kdf: String,
    rounds: u32,
    salt: String,
}

/// The kit's JSON from an encrypted kit's payload, with the passphrase given.
fn unlock_kit(path: &Path, payload: &[u8], passphrase: Option<&Passphrase>) -> Result<Vec<u8>> {
    let shown = path.display().to_string();
    let split = payload
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| unreadable(path, "no lock"))?;
    let lock: KitLock =
        serde_json::from_slice(&payload[..split]).map_err(|e| unreadable(path, e))?;
    let salt = unhex(&lock.salt).ok_or_else(|| unreadable(path, "salt"))?;
    if lock.kdf != "pbkdf2-hmac-sha256" || !(1..=10_000_000).contains(&lock.rounds) {
        return Err(unreadable(
            path,
            format!("key derivation {} {}", lock.kdf, lock.rounds),
        ));
    }
    let Some(passphrase) = passphrase else {
        return Err(AppError::refused_at(
            Field::Passphrase,
            Text::new(Key::SyncKitLocked).arg("path", &shown),
        ));
    };
    let key = cipher::passphrase_key(passphrase.as_str(), &salt, lock.rounds);
    let compressed =
        cipher::open_box(&key, &payload[..split], &payload[split + 1..]).ok_or_else(|| {
            AppError::refused_at(
                Field::Passphrase,
                Text::new(Key::SyncKitWrongPassphrase).arg("path", &shown),
            )
        })?;
    inflate(&compressed, path)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::fast());
    gz.write_all(bytes).expect("writing to memory");
    gz.finish().expect("writing to memory")
}

fn wrong_kind(bytes: &[u8], magic: &str, shown: &str) -> AppError {
    let is = |m: &str| bytes.starts_with(m.as_bytes());
    let key = match magic {
        BUNDLE_MAGIC if is(KIT_MAGIC) => Key::SyncIsKit,
        BUNDLE_MAGIC => Key::SyncNotBundle,
        _ => Key::SyncNotKit,
    };
    AppError::refused(Text::new(key).arg("path", shown))
}

fn unreadable(path: &Path, detail: impl std::fmt::Display) -> AppError {
    AppError::refused(
        Text::new(Key::SyncUnreadable)
            .arg("path", path.display())
            .arg("detail", detail),
    )
}

// ----- domain values to and from the wire -----

fn wire_member(m: &Member, registered_by: Option<Uuid>) -> WireMember {
    WireMember {
        id: m.id.uuid(),
        name: m.name.clone(),
        number: m.number.clone(),
        joined_on: date_text(m.joined_on),
        registered_by,
    }
}

fn wire_project(p: &Project, currency: commonpot_core::Currency) -> WireProject {
    WireProject {
        id: p.id.uuid(),
        code: p.code.clone(),
        title: p.title.clone(),
        description: p.description.clone(),
        goal_minor: p.goal.to_minor(currency),
        deadline: p.deadline.map(date_text),
        status: p.status.as_str().to_string(),
    }
}

fn wire_entry(e: &SyncEntry, currency: commonpot_core::Currency) -> WireEntry {
    let minor = |a: Amount| a.to_minor(currency);
    let entry = match &e.body {
        SyncBody::Collection(c) => WireBody::Collection {
            id: c.id.uuid(),
            collector: c.collector.uuid(),
            place: c.place.clone(),
            project: c.project.map(ProjectId::uuid),
            opened_at: instant_text(c.opened_at),
        },
        SyncBody::Close(c) => WireBody::CollectionClose {
            id: c.id.uuid(),
            collection: c.collection.uuid(),
            counts: c.counted.to_text(),
            counted_minor: minor(c.counted_total),
            entered_minor: minor(c.entered_total),
            note: c.note.clone(),
        },
        SyncBody::Contribution(c) => WireBody::Contribution {
            id: c.id.uuid(),
            project: c.project.map(ProjectId::uuid),
            member: c.member.map(MemberId::uuid),
            amount_minor: minor(c.amount),
            channel: c.channel.as_str().to_string(),
            received_at: instant_text(c.received_at),
            collector: c.collector.map(MemberId::uuid),
            note: c.note.clone(),
            collection: c.collection.map(EntryId::uuid),
        },
        SyncBody::Expense(x) => WireBody::Expense {
            id: x.id.uuid(),
            project: x.project.uuid(),
            payee: x.payee.clone(),
            amount_minor: minor(x.amount),
            paid_on: date_text(x.paid_on),
            note: x.note.clone(),
        },
        SyncBody::Reversal(r) => WireBody::Reversal {
            id: r.id.uuid(),
            reversed: r.reversed.uuid(),
            reversed_kind: r.reversed_kind.as_str().to_string(),
            reason: r.reason.clone(),
        },
        SyncBody::Ballot(b) => WireBody::Ballot {
            id: b.id,
            decision: b.decision,
            member: b.member.uuid(),
            choice: b.choice.clone(),
            source: b.source.clone(),
            paper: b.paper.clone(),
        },
    };
    WireEntry {
        device: e.meta.device.uuid(),
        seq: e.meta.device_seq,
        recorded_at: instant_text(e.meta.recorded_at),
        entry,
    }
}

/// Reads what a file says into values, checking each field as the use cases would; a
/// problem names the field.
struct Reader {
    currency: commonpot_core::Currency,
    max_minor: i64,
}

/// A field of a file's entry that does not read, and why.
#[derive(Debug, PartialEq)]
struct Problem {
    field: &'static str,
    text: Text,
}

type Checked<T> = std::result::Result<T, Problem>;

fn problem(field: &'static str, text: Text) -> Problem {
    Problem { field, text }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.text)
    }
}

impl Reader {
    fn instant(&self, field: &'static str, text: &str) -> Checked<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.with_timezone(&Utc))
            .filter(|t| instant_text(*t) == text)
            .ok_or_else(|| problem(field, Text::new(Key::SyncNotInstant).arg("text", text)))
    }

    fn date(&self, field: &'static str, text: &str) -> Checked<NaiveDate> {
        value::date(text)
            .ok_or_else(|| problem(field, Text::new(Key::SyncNotDate).arg("text", text)))
    }

    /// One contribution or expense: positive and at most the association's maximum single
    /// amount, the rule typed input follows.
    fn single(&self, field: &'static str, minor: i64) -> Checked<Amount> {
        self.within(field, minor, 1, self.max_minor)
    }

    /// A goal or a counted total: at most the books' ceiling ([`commonpot_core::UNITS_MAX`]).
    fn up_to_ceiling(&self, field: &'static str, minor: i64, zero_ok: bool) -> Checked<Amount> {
        let ceiling = Amount::ceiling(self.currency).to_minor(self.currency);
        self.within(field, minor, if zero_ok { 0 } else { 1 }, ceiling)
    }

    fn within(&self, field: &'static str, minor: i64, low: i64, high: i64) -> Checked<Amount> {
        if minor < low || minor > high {
            let shown = |m: i64| Amount::from_minor(m, self.currency);
            return Err(problem(
                field,
                Text::new(Key::SyncOutside)
                    .arg("amount", shown(minor))
                    .arg("low", shown(low))
                    .arg("high", shown(high)),
            ));
        }
        Ok(Amount::from_minor(minor, self.currency))
    }

    /// A free text, by the rule typed input follows ([`commonpot_core::value::free_text`]).
    fn text(&self, field: &'static str, text: &str, required: bool) -> Checked<String> {
        value::free_text(text, required).map_err(|p| problem(field, p.text()))
    }

    /// A name, number or title ([`commonpot_core::value::one_line`]).
    fn line(&self, field: &'static str, text: &str) -> Checked<String> {
        value::one_line(text, true).map_err(|p| problem(field, p.text()))
    }

    /// A closed collection's cash count and its total, which must agree.
    fn count(&self, counts: &str, counted_minor: i64) -> Checked<(CashCount, Amount)> {
        let counted = CashCount::from_text(counts, self.currency)
            .ok_or_else(|| problem("counts", Text::new(Key::SyncNotCount).arg("text", counts)))?;
        let total = self.up_to_ceiling("counted_minor", counted_minor, true)?;
        if counted.total(self.currency) != total {
            return Err(problem("counted_minor", Text::new(Key::SyncCountDiffers)));
        }
        Ok((counted, total))
    }

    fn entry(&self, w: &WireEntry) -> Checked<SyncEntry> {
        if w.seq < 1 {
            return Err(problem(
                "seq",
                Text::new(Key::SyncNotSequence).arg("text", w.seq),
            ));
        }
        let meta = EntryMeta {
            device: DeviceId::from_uuid(w.device),
            device_seq: w.seq,
            recorded_at: self.instant("recorded_at", &w.recorded_at)?,
        };
        let body = match &w.entry {
            WireBody::Collection {
                id: i,
                collector,
                place,
                project,
                opened_at,
            } => SyncBody::Collection(Collection {
                id: id(i)?,
                collector: MemberId::from_uuid(*collector),
                place: self.text("place", place, true)?,
                project: project.map(ProjectId::from_uuid),
                opened_at: self.instant("opened_at", opened_at)?,
            }),
            WireBody::CollectionClose {
                id: i,
                collection,
                counts,
                counted_minor,
                entered_minor,
                note,
            } => {
                let (counted, counted_total) = self.count(counts, *counted_minor)?;
                SyncBody::Close(CollectionClose {
                    id: id(i)?,
                    collection: EntryId::from_uuid(*collection),
                    counted,
                    counted_total,
                    entered_total: self.up_to_ceiling("entered_minor", *entered_minor, true)?,
                    note: self.text("note", note, false)?,
                })
            }
            WireBody::Contribution {
                id: i,
                project,
                member,
                amount_minor,
                channel,
                received_at,
                collector,
                note,
                collection,
            } => SyncBody::Contribution(Contribution {
                id: id(i)?,
                project: project.map(ProjectId::from_uuid),
                member: member.map(MemberId::from_uuid),
                amount: self.single("amount_minor", *amount_minor)?,
                channel: channel
                    .parse::<Channel>()
                    .map_err(|e| problem("channel", e))?,
                received_at: self.instant("received_at", received_at)?,
                collector: collector.map(MemberId::from_uuid),
                note: self.text("note", note, false)?,
                collection: collection.map(EntryId::from_uuid),
            }),
            WireBody::Expense {
                id: i,
                project,
                payee,
                amount_minor,
                paid_on,
                note,
            } => SyncBody::Expense(Expense {
                id: id(i)?,
                project: ProjectId::from_uuid(*project),
                payee: self.text("payee", payee, true)?,
                amount: self.single("amount_minor", *amount_minor)?,
                paid_on: self.date("paid_on", paid_on)?,
                note: self.text("note", note, false)?,
            }),
            WireBody::Reversal {
                id: i,
                reversed,
                reversed_kind,
                reason,
            } => {
                let reversed_kind = reversed_kind
                    .parse::<EntryKind>()
                    .ok()
                    .filter(|k| *k != EntryKind::Reversal)
                    .ok_or_else(|| {
                        problem(
                            "reversed_kind",
                            Text::new(Key::SyncUnknownValue).arg("text", reversed_kind),
                        )
                    })?;
                SyncBody::Reversal(Reversal {
                    id: id(i)?,
                    reversed: EntryId::from_uuid(*reversed),
                    reversed_kind,
                    reason: self.text("reason", reason, true)?,
                })
            }
            WireBody::Ballot {
                id: i,
                decision,
                member,
                choice,
                source,
                paper,
            } => {
                if !["laptop", "paper", "import"].contains(&source.as_str()) {
                    return Err(problem(
                        "source",
                        Text::new(Key::SyncUnknownValue).arg("text", source),
                    ));
                }
                SyncBody::Ballot(BallotRecord {
                    id: id(i)?.uuid(),
                    decision: *decision,
                    member: MemberId::from_uuid(*member),
                    choice: self.text("choice", choice, false)?,
                    source: source.clone(),
                    paper: paper.clone(),
                })
            }
        };
        Ok(SyncEntry { meta, body })
    }

    fn member(&self, w: &WireMember) -> Checked<Member> {
        Ok(Member {
            id: MemberId::from_uuid(w.id),
            name: self.line("name", &w.name)?,
            email: None,
            number: w
                .number
                .as_deref()
                .map(|n| self.line("number", n))
                .transpose()?,
            joined_on: self.date("joined_on", &w.joined_on)?,
        })
    }

    fn project(&self, w: &WireProject) -> Checked<Project> {
        Ok(Project {
            id: ProjectId::from_uuid(w.id),
            code: crate::books::validate_code(&w.code).map_err(|e| problem("code", e.text()))?,
            title: self.line("title", &w.title)?,
            description: self.text("description", &w.description, false)?,
            goal: self.up_to_ceiling("goal_minor", w.goal_minor, false)?,
            deadline: w
                .deadline
                .as_deref()
                .map(|d| self.date("deadline", d))
                .transpose()?,
            status: w
                .status
                .parse::<ProjectStatus>()
                .map_err(|e| problem("status", e))?,
        })
    }
}

/// An entry's id: any UUID but the nil one.
fn id(u: &Uuid) -> Checked<EntryId> {
    if u.is_nil() {
        Err(problem("id", Text::new(Key::SyncNilId)))
    } else {
        Ok(EntryId::from_uuid(*u))
    }
}

fn bad_entry(path: &Path, index: usize, kind: &str, id: &str, bad: Problem) -> AppError {
    AppError::invalid(
        Field::InputFile,
        Text::new(Key::SyncBadEntry)
            .arg("path", path.display())
            .arg("index", index + 1)
            .arg("kind", kind)
            .arg("id", id)
            .arg("field", bad.field)
            .problem(bad.text),
    )
}

fn wire_kind(b: &WireBody) -> (&'static str, Uuid) {
    match b {
        WireBody::Collection { id, .. } => ("collection", *id),
        WireBody::CollectionClose { id, .. } => ("collection_close", *id),
        WireBody::Contribution { id, .. } => ("contribution", *id),
        WireBody::Expense { id, .. } => ("expense", *id),
        WireBody::Reversal { id, .. } => ("reversal", *id),
        WireBody::Ballot { id, .. } => ("ballot", *id),
    }
}

/// The order an import applies entries in: what others refer to first.
fn apply_order(body: &SyncBody) -> u8 {
    match body {
        SyncBody::Collection(_) => 0,
        SyncBody::Contribution(_) => 1,
        SyncBody::Close(_) => 2,
        SyncBody::Expense(_) => 3,
        SyncBody::Reversal(_) => 4,
        SyncBody::Ballot(_) => 5,
    }
}

fn to_value(v: &Value) -> WireValue {
    match v {
        Value::Null => WireValue::Null(()),
        Value::Integer(i) => WireValue::Integer(*i),
        Value::Real(r) => WireValue::Text(r.to_string()),
        Value::Text(t) => WireValue::Text(t.clone()),
        Value::Blob(b) => WireValue::Blob {
            blob: hex::encode(b),
        },
    }
}

fn from_value(v: &WireValue) -> Option<Value> {
    Some(match v {
        WireValue::Null(()) => Value::Null,
        WireValue::Integer(i) => Value::Integer(*i),
        WireValue::Text(t) => Value::Text(t.clone()),
        WireValue::Blob { blob } => Value::Blob(unhex(blob)?),
    })
}

// ----- the use cases -----

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

    /// Writes a volunteer's kit: the association's settings and signing key, the projects
    /// that take gifts (and those decisions choose among), every member with id, name and
    /// number only, and the decisions with their frozen weights.
    ///
    /// With a passphrase the kit is encrypted under it (and the laptop opened from it is
    /// protected by it); a protected association's kits need one, since a kit carries the
    /// members' names and the association's key.
    pub fn export_kit(
        &mut self,
        volunteer: &str,
        out: &Path,
        passphrase: Option<&Passphrase>,
    ) -> Result<KitSummary> {
        self.organiser_only("making a kit")?;
        if self.store().is_protected() && passphrase.is_none() {
            return Err(AppError::invalid(
                Field::NewPassphrase,
                Text::new(Key::SyncKitNeedsPassphrase),
            ));
        }
        if let Some(p) = passphrase {
            crate::check_new(p, None)?;
        }
        let volunteer = input::required_line(Field::Volunteer, volunteer)?;
        self.check_output(Field::OutputFile, out, OutputKind::Kit)?;
        let a = self.association().clone();
        let conn = self.store().conn();
        let mut tables = Vec::new();
        let mut decisions = 0;
        for table in sync_store::KIT_TABLES {
            let rows = sync_store::copy_rows(conn, table)?;
            if *table == "decision" {
                decisions = rows.len() as u64;
            }
            tables.push(WireTable {
                table: table.to_string(),
                rows: rows
                    .iter()
                    .map(|r| r.iter().map(|(c, v)| (c.clone(), to_value(v))).collect())
                    .collect(),
            });
        }
        let chosen: HashSet<ProjectId> = store::decisions::option_projects(conn)?
            .into_iter()
            .collect();
        let projects: Vec<WireProject> = store::projects(conn, a.currency)?
            .into_iter()
            .map(|p| p.project)
            .filter(|p| {
                matches!(p.status, ProjectStatus::Open | ProjectStatus::Funded)
                    || chosen.contains(&p.id)
            })
            .map(|p| wire_project(&p, a.currency))
            .collect();
        let members: Vec<WireMember> = sync_store::members_for_laptops(conn, None)?
            .iter()
            .map(|m| wire_member(m, None))
            .collect();
        let devices = sync_store::devices(conn)?
            .into_iter()
            .map(|d| WireDevice {
                id: d.id.uuid(),
                name: d.name,
            })
            .collect();
        let now = self.now();
        let kit = Kit {
            association: WireAssociation {
                id: a.id,
                name: a.name.clone(),
                currency: a.currency.code().to_string(),
                locale: a.locale.to_string(),
                max_amount_minor: a.max_amount.to_minor(a.currency),
                created_at: instant_text(a.created_at),
                iban: a.iban.clone(),
                bic: a.bic.clone(),
                creditor: a.creditor.clone(),
                language: a.language.clone(),
                disclosure_threshold: a.disclosure_threshold,
                receipt_text: a.receipt_text.clone(),
            },
            sync_key: hex::encode(sync_store::sync_key(self.store().conn())?),
            volunteer: volunteer.clone(),
            made_at: instant_text(now),
            devices,
            projects,
            members,
            tables,
        };
        let payload = serde_json::to_vec(&kit).expect("a kit serialises");
        let sealed = match passphrase {
            None => seal(KIT_MAGIC, 1, &payload, None),
            Some(p) => {
                let salt = cipher::random_salt();
                let lock = KitLock {
                    kdf: "pbkdf2-hmac-sha256".into(),
                    rounds: cipher::KIT_ROUNDS,
                    salt: hex::encode(salt),
                };
                let lock_line = serde_json::to_vec(&lock).expect("a lock serialises");
                let key = cipher::passphrase_key(p.as_str(), &salt, lock.rounds);
                let mut locked = lock_line.clone();
                locked.push(b'\n');
                locked.extend(cipher::seal_box(&key, &lock_line, &gzip(&payload)));
                seal(KIT_MAGIC, KIT_FORMAT, &locked, None)
            }
        };
        self.write_output(Field::OutputFile, out, OutputKind::Kit, &sealed)?;
        Ok(KitSummary {
            association: a.name,
            volunteer,
            projects: kit.projects.len() as u64,
            members: kit.members.len() as u64,
            decisions,
            updated: false,
        })
    }

    /// Opens a kit at `db`: a new volunteer's laptop with its own device, or, where this
    /// association's volunteer laptop is already, its refresh (the organiser's version of
    /// every project and member wins; what the laptop made stays).
    pub fn open_kit(db: &Path, kit_path: &Path, env: Env) -> Result<(Books, KitSummary)> {
        let opened = open_sealed(kit_path, KIT_MAGIC, KIT_FORMAT)?;
        let locked = opened.version >= 2;
        let payload = opened.inflate(kit_path)?;
        let payload = if locked {
            unlock_kit(kit_path, &payload, env.passphrase.as_ref())?
        } else {
            payload
        };
        let kit: Kit = serde_json::from_slice(&payload).map_err(|e| unreadable(kit_path, e))?;
        let wa = &kit.association;
        let currency = commonpot_core::Currency::from_code(&wa.currency)
            .map_err(|e| unreadable(kit_path, e.text()))?;
        let locale = Locale::parse(&wa.locale).map_err(|e| unreadable(kit_path, e.text()))?;
        let reader = Reader {
            currency,
            max_minor: wa.max_amount_minor,
        };
        let max_amount = reader
            .up_to_ceiling("max_amount_minor", wa.max_amount_minor, false)
            .map_err(|e| unreadable(kit_path, e))?;
        let association = Association {
            id: wa.id,
            name: reader
                .line("name", &wa.name)
                .map_err(|e| unreadable(kit_path, e))?,
            currency,
            locale,
            max_amount,
            created_at: reader
                .instant("created_at", &wa.created_at)
                .map_err(|e| unreadable(kit_path, e))?,
            iban: wa.iban.clone(),
            bic: wa.bic.clone(),
            creditor: wa.creditor.clone(),
            backup_folder: None,
            language: wa.language.clone(),
            disclosure_threshold: wa.disclosure_threshold,
            receipt_text: wa.receipt_text.clone(),
            backups_kept: commonpot_store::BACKUPS_KEPT,
        };
        let key: [u8; 32] = unhex(&kit.sync_key)
            .and_then(|k| k.try_into().ok())
            .ok_or_else(|| unreadable(kit_path, "sync_key"))?;
        let projects = kit
            .projects
            .iter()
            .map(|p| reader.project(p))
            .collect::<Checked<Vec<_>>>()
            .map_err(|e| unreadable(kit_path, e))?;
        let members = kit
            .members
            .iter()
            .map(|m| reader.member(m))
            .collect::<Checked<Vec<_>>>()
            .map_err(|e| unreadable(kit_path, e))?;
        let mut kit = kit;
        kit.volunteer = reader
            .line("volunteer", &kit.volunteer)
            .map_err(|e| unreadable(kit_path, e))?;
        for d in &mut kit.devices {
            d.name = reader
                .line("device", &d.name)
                .map_err(|e| unreadable(kit_path, e))?;
        }
        let mut tables = Vec::new();
        for t in &kit.tables {
            if !sync_store::KIT_TABLES.contains(&t.table.as_str()) {
                return Err(unreadable(kit_path, format!("table {}", t.table)));
            }
            let mut rows = Vec::new();
            for row in &t.rows {
                let mut copied = Vec::new();
                for (column, value) in row {
                    if !column.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                        return Err(unreadable(kit_path, format!("column {column}")));
                    }
                    let value = from_value(value)
                        .ok_or_else(|| unreadable(kit_path, format!("column {column}")))?;
                    copied.push((column.clone(), value));
                }
                rows.push(copied);
            }
            tables.push((t.table.clone(), rows));
        }

        let shown = db.display().to_string();
        let existing = db.exists() && std::fs::metadata(db).map(|m| m.len() > 0).unwrap_or(false);
        let mut env = env;
        let now = (env.now)();
        let (mut store, updated) = if existing {
            let store = Store::open_with(db, false, env.passphrase.as_ref())?;
            let here = store.association()?;
            if sync_store::role(store.conn())? == Role::Organiser {
                return Err(AppError::refused(
                    Text::new(Key::SyncKitOnOrganiser).arg("path", &shown),
                ));
            }
            if here.id != association.id {
                return Err(AppError::refused(
                    Text::new(Key::SyncKitOtherAssociation)
                        .arg("path", &shown)
                        .arg("name", &here.name)
                        .arg("kit", &association.name),
                ));
            }
            (store, true)
        } else {
            if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| AppError::io(Key::CannotCreateFolder, dir, e))?;
            }
            // A laptop opened from an encrypted kit is protected by the kit's passphrase from
            // its first byte.
            let passphrase = env.passphrase.as_ref().filter(|_| locked);
            (Store::open_with(db, true, passphrase)?, false)
        };
        let device = DeviceId::from_uuid((env.new_id)(now));
        store.write(|w: &mut Write<'_>| -> Result<()> {
            if updated {
                let here = w.association()?.clone();
                w.update_association(&Association {
                    backup_folder: here.backup_folder,
                    backups_kept: here.backups_kept,
                    ..association.clone()
                })?;
            } else {
                w.init_association(&association, device, &kit.volunteer)?;
                w.become_volunteer(&key)?;
            }
            for d in &kit.devices {
                w.ensure_device(DeviceId::from_uuid(d.id), &d.name)?;
            }
            let organiser = kit
                .devices
                .first()
                .map(|d| DeviceId::from_uuid(d.id))
                .unwrap_or(device);
            for p in &projects {
                if store::project_code(w, p.id)?.is_some() {
                    w.refresh_project(p, now)?;
                } else {
                    w.insert_project(p, now)?;
                }
            }
            for m in &members {
                if store::member(w, m.id)?.is_some() {
                    w.refresh_member(m)?;
                } else {
                    w.insert_member_from(m, now, organiser)?;
                }
            }
            for (table, rows) in &tables {
                for row in rows {
                    w.insert_copied_row(table, row)?;
                }
            }
            Ok(())
        })?;
        let decisions = tables
            .iter()
            .find(|(t, _)| t == "decision")
            .map_or(0, |(_, r)| r.len() as u64);
        let books = Books::open(db, env)?;
        Ok((
            books,
            KitSummary {
                association: association.name,
                volunteer: kit.volunteer,
                projects: projects.len() as u64,
                members: members.len() as u64,
                decisions,
                updated,
            },
        ))
    }

    /// Writes a bundle: this laptop's entries made since the last hand-over (with the
    /// collections and reversed entries they refer to, and the members it registered), or with
    /// `all` everything this file holds of every laptop.
    pub fn export_bundle(&mut self, out: &Path, all: bool) -> Result<BundleSummary> {
        self.check_output(Field::OutputFile, out, OutputKind::Bundle)?;
        let now = self.now();
        let a = self.association().clone();
        let conn = self.store().conn();
        let devices = sync_store::devices(conn)?;
        let local = devices
            .iter()
            .find(|d| d.is_local)
            .expect("a file has its own device")
            .clone();
        let from = local.exported_seq + 1;
        let to = local.last_seq;
        let selection = if all {
            Selection::All
        } else {
            Selection::Range {
                device: local.id,
                from,
                to,
            }
        };
        let entries = sync_store::entries(conn, a.currency, selection)?;
        // The members this laptop registered, and every member its entries name: a copy of
        // the organiser's file from before another laptop's bundle still knows them.
        let mut members =
            sync_store::members_for_laptops(conn, if all { None } else { Some(local.id) })?;
        let mut used: HashSet<ProjectId> = HashSet::new();
        let mut named: HashSet<MemberId> = HashSet::new();
        for e in &entries {
            match &e.body {
                SyncBody::Collection(c) => {
                    used.extend(c.project);
                    named.insert(c.collector);
                }
                SyncBody::Contribution(c) => {
                    used.extend(c.project);
                    named.extend(c.member);
                    named.extend(c.collector);
                }
                SyncBody::Expense(x) => {
                    used.insert(x.project);
                }
                SyncBody::Ballot(b) => {
                    named.insert(b.member);
                }
                _ => {}
            }
        }
        if !all {
            let carried: HashSet<MemberId> = members.iter().map(|m| m.id).collect();
            let mut more: Vec<MemberId> = named.difference(&carried).copied().collect();
            more.sort();
            for id in more {
                if let Some(m) = store::member(conn, id)? {
                    members.push(Member { email: None, ..m });
                }
            }
        }
        let projects: Vec<WireProject> = store::projects(conn, a.currency)?
            .into_iter()
            .map(|p| p.project)
            .filter(|p| all || used.contains(&p.id))
            .map(|p| wire_project(&p, a.currency))
            .collect();
        let mut ranges = Vec::new();
        if all {
            for d in &devices {
                for &(from, to) in &d.ranges {
                    ranges.push(WireRange {
                        device: d.id.uuid(),
                        from,
                        to,
                    });
                }
            }
        } else if from <= to {
            ranges.push(WireRange {
                device: local.id.uuid(),
                from,
                to,
            });
        }
        let header = BundleHeader {
            association: a.id,
            association_name: a.name.clone(),
            device: local.id.uuid(),
            device_name: local.name.clone(),
            made_at: instant_text(now),
            devices: devices
                .iter()
                .map(|d| WireDevice {
                    id: d.id.uuid(),
                    name: d.name.clone(),
                })
                .collect(),
            ranges,
        };
        let body = BundleBody {
            members: members.iter().map(|m| wire_member(m, None)).collect(),
            projects,
            entries: entries.iter().map(|e| wire_entry(e, a.currency)).collect(),
        };
        let header_line = serde_json::to_vec(&header).expect("a header serialises");
        let key = sync_store::sync_key(conn)?;
        let body = serde_json::to_vec(&body).expect("a bundle serialises");
        let mut payload = header_line.clone();
        payload.push(b'\n');
        payload.extend(cipher::seal_box(
            &cipher::bundle_key(&key),
            &header_line,
            &gzip(&body),
        ));
        self.write_output(
            Field::OutputFile,
            out,
            OutputKind::Bundle,
            &seal(BUNDLE_MAGIC, BUNDLE_FORMAT, &payload, Some(&key)),
        )?;
        self.parts().0.write(|w| w.set_exported_seq(to))?;
        Ok(BundleSummary {
            device: local.name,
            entries: entries.len() as u64,
            members: members.len() as u64,
            range: if all {
                (to > 0).then_some((1, to))
            } else {
                (from <= to).then_some((from, to))
            },
            all,
        })
    }

    /// Imports a bundle: adds what this file lacks in one transaction and reports what it
    /// skipped (already here), what conflicts (same id, other content) and what it refused
    /// (rules a union cannot keep). A damaged, foreign, newer or changed file is refused whole.
    /// `dry_run` reports the same without saving.
    pub fn import_bundle(&mut self, path: &Path, dry_run: bool) -> Result<BundleReport> {
        if self.role()? == Role::Volunteer {
            return Err(AppError::refused(Text::new(Key::SyncVolunteerImport)));
        }
        let shown = path.display().to_string();
        let opened = open_sealed(path, BUNDLE_MAGIC, BUNDLE_FORMAT)?;
        let a = self.association().clone();
        let other_association = |header: &BundleHeader| {
            AppError::refused(
                Text::new(Key::SyncOtherAssociation)
                    .arg("path", &shown)
                    .arg("name", &header.association_name),
            )
        };
        // The signature covers the compressed bytes: checked before anything is inflated.
        let key = sync_store::sync_key(self.store().conn())?;
        let signed = opened
            .signature
            .as_deref()
            .is_some_and(|s| mac(&key, opened.compressed()).verify_slice(s).is_ok());
        if !signed {
            let header = opened
                .first_line()
                .and_then(|line| serde_json::from_slice::<BundleHeader>(&line).ok());
            return Err(match header {
                Some(h) if h.association != a.id => other_association(&h),
                _ => AppError::refused(Text::new(Key::SyncTampered).arg("path", &shown)),
            });
        }
        let payload = &opened.inflate(path)?;
        let split = payload
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| unreadable(path, "no header"))?;
        let header: BundleHeader =
            serde_json::from_slice(&payload[..split]).map_err(|e| unreadable(path, e))?;
        if header.association != a.id {
            return Err(other_association(&header));
        }
        let (local, _) = store::local_device(self.store().conn())?;
        if header.device == local.uuid() {
            return Err(AppError::refused(
                Text::new(Key::SyncOwnDevice).arg("path", &shown),
            ));
        }
        let body_bytes = if opened.version >= 2 {
            let compressed = cipher::open_box(
                &cipher::bundle_key(&key),
                &payload[..split],
                &payload[split + 1..],
            )
            .ok_or_else(|| AppError::refused(Text::new(Key::SyncTampered).arg("path", &shown)))?;
            inflate(&compressed, path)?
        } else {
            payload[split + 1..].to_vec()
        };
        let body: BundleBody =
            serde_json::from_slice(&body_bytes).map_err(|e| unreadable(path, e))?;
        let reader = Reader {
            currency: a.currency,
            max_minor: a.max_amount.to_minor(a.currency),
        };
        let mut header = header;
        header.device_name = reader
            .line("device_name", &header.device_name)
            .map_err(|e| unreadable(path, e))?;
        let mut entries = Vec::with_capacity(body.entries.len());
        for (i, w) in body.entries.iter().enumerate() {
            let (kind, id) = wire_kind(&w.entry);
            let e = reader
                .entry(w)
                .map_err(|p| bad_entry(path, i, kind, &id.to_string(), p))?;
            entries.push(e);
        }
        entries.sort_by_key(|e| apply_order(&e.body));
        let mut members = Vec::with_capacity(body.members.len());
        for (i, w) in body.members.iter().enumerate() {
            let m = reader
                .member(w)
                .map_err(|p| bad_entry(path, i, "member", &w.id.to_string(), p))?;
            members.push((m, w.registered_by.map(DeviceId::from_uuid)));
        }
        let mut projects = Vec::with_capacity(body.projects.len());
        for (i, w) in body.projects.iter().enumerate() {
            let p = reader
                .project(w)
                .map_err(|p| bad_entry(path, i, "project", &w.id.to_string(), p))?;
            projects.push(p);
        }
        let now = self.now();
        let file = path
            .file_name()
            .map_or(shown.clone(), |f| f.to_string_lossy().into_owned());
        let locale = a.locale.clone();
        let apply = |w: &mut Write<'_>| -> Result<BundleReport> {
            let mut m = Merge {
                names: Default::default(),
                report: BundleReport {
                    file: file.clone(),
                    device: header.device_name.clone(),
                    device_id: DeviceId::from_uuid(header.device),
                    ranges: Vec::new(),
                    added: 0,
                    skipped: 0,
                    members_added: 0,
                    projects_added: 0,
                    conflicts: Vec::new(),
                    refused: Vec::new(),
                    gaps: Vec::new(),
                    dry_run,
                    entry_count: 0,
                    digest: String::new(),
                },
                refused_ids: HashSet::new(),
                members_here: Default::default(),
                projects_here: Default::default(),
                collections_here: HashSet::new(),
                locale: &locale,
                currency: a.currency,
                now,
            };
            for d in &header.devices {
                let id = DeviceId::from_uuid(d.id);
                if id != local {
                    w.ensure_device(id, &d.name)?;
                }
                m.names.insert(id, d.name.clone());
            }
            let from_device = DeviceId::from_uuid(header.device);
            for p in &projects {
                m.project(w, p)?;
            }
            for (member, by) in &members {
                m.member(w, member, by.unwrap_or(from_device))?;
            }
            for e in &entries {
                m.entry(w, e)?;
            }
            for r in &header.ranges {
                let id = DeviceId::from_uuid(r.device);
                if id != local {
                    w.add_range(id, r.from, r.to)?;
                }
                m.report.ranges.push((m.name(id), r.from, r.to));
            }
            m.report.gaps = gaps(w)?;
            Ok(m.report)
        };
        let device = DeviceId::from_uuid(header.device);
        let store = self.parts().0;
        let mut report = if dry_run {
            store.rehearse(apply)?
        } else {
            store.write(|w| {
                let report = apply(w)?;
                w.log_import(now, &file, device, &report.to_json().to_string())?;
                Ok::<_, AppError>(report)
            })?
        };
        let (count, digest) = store::ledger_digest(self.store().conn())?;
        report.entry_count = count;
        report.digest = digest.to_string();
        Ok(report)
    }

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

impl ImportLogEntry {
    /// The counts from the report the import saved: a number, or a list counted by its length.
    /// A report that is not JSON is damage, not zero.
    fn read(line: sync_store::ImportLogLine) -> Result<ImportLogEntry> {
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
fn shown_instant(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Every laptop's missing ranges (this file's own device has none).
fn gaps(conn: &rusqlite::Connection) -> Result<Vec<Gap>> {
    Ok(sync_store::devices(conn)?
        .iter()
        .flat_map(gaps_of)
        .collect())
}

fn gaps_of(d: &sync_store::DeviceInfo) -> Vec<Gap> {
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

/// One import in progress.
struct Merge<'a> {
    names: std::collections::HashMap<DeviceId, String>,
    report: BundleReport,
    /// Entries refused in this import: what refers to them is refused too.
    refused_ids: HashSet<Uuid>,
    members_here: std::collections::HashMap<MemberId, bool>,
    projects_here: std::collections::HashMap<ProjectId, Option<Option<DateTime<Utc>>>>,
    collections_here: HashSet<Uuid>,
    locale: &'a Locale,
    currency: commonpot_core::Currency,
    now: DateTime<Utc>,
}

impl Merge<'_> {
    fn name(&self, device: DeviceId) -> String {
        self.names
            .get(&device)
            .cloned()
            .unwrap_or_else(|| device.to_string())
    }

    fn finding(
        &self,
        kind: &str,
        id: impl ToString,
        meta: Option<&EntryMeta>,
        text: Text,
    ) -> Finding {
        Finding {
            kind: kind.to_string(),
            id: id.to_string(),
            device: meta.map_or(self.report.device.clone(), |m| self.name(m.device)),
            seq: meta.map(|m| m.device_seq),
            text,
        }
    }

    fn conflict(&mut self, kind: &str, id: impl ToString, meta: Option<&EntryMeta>, text: Text) {
        let f = self.finding(kind, id, meta, text);
        self.report.conflicts.push(f);
    }

    fn refuse(&mut self, e: &SyncEntry, text: Text) {
        let f = self.finding(e.body.table(), e.body.id(), Some(&e.meta), text);
        self.refused_ids.insert(e.body.id());
        self.report.refused.push(f);
    }

    /// The organiser's file always wins: a project here keeps its details.
    fn project(&mut self, w: &mut Write<'_>, p: &Project) -> Result<()> {
        match store::project_with_figures(w, self.currency, p.id)? {
            Some(here) => {
                let h = &here.project;
                if (&h.title, &h.description, h.goal, h.deadline)
                    != (&p.title, &p.description, p.goal, p.deadline)
                {
                    self.conflict(
                        "project",
                        p.id,
                        None,
                        Text::new(Key::SyncConflictProject)
                            .arg("code", &h.code)
                            .arg("lost", &p.title),
                    );
                }
            }
            None if store::project_code_taken(w, &p.code)? => {
                self.conflict(
                    "project",
                    p.id,
                    None,
                    Text::new(Key::SyncConflictProject)
                        .arg("code", &p.code)
                        .arg("lost", &p.title),
                );
            }
            None => {
                w.insert_project(p, self.now)?;
                self.report.projects_added += 1;
            }
        }
        Ok(())
    }

    /// The organiser's file always wins: a member here keeps their name; the laptop's other
    /// name is reported.
    fn member(&mut self, w: &mut Write<'_>, m: &Member, by: DeviceId) -> Result<()> {
        match store::member(w, m.id)? {
            Some(here) => {
                if here.name != m.name || here.number != m.number {
                    let show = |x: &Member| match &x.number {
                        Some(n) => format!("{} ({n})", x.name),
                        None => x.name.clone(),
                    };
                    self.conflict(
                        "member",
                        m.id,
                        None,
                        Text::new(Key::SyncConflictMember)
                            .arg("member", here.number.as_deref().unwrap_or(&here.name))
                            .arg("kept", show(&here))
                            .arg("lost", show(m)),
                    );
                }
            }
            None => {
                if let Some(n) = &m.number
                    && store::member_number_taken(w, n)?
                {
                    self.conflict(
                        "member",
                        m.id,
                        None,
                        Text::new(Key::SyncConflictNumber)
                            .arg("member", &m.name)
                            .arg("number", n),
                    );
                    return Ok(());
                }
                w.insert_member_from(m, self.now, by)?;
                self.report.members_added += 1;
            }
        }
        Ok(())
    }

    // Members and projects arrive before the entries, so whether one is here holds for the
    // rest of the import and is looked up once.
    fn has_member(&mut self, w: &Write<'_>, m: MemberId) -> Result<bool> {
        if let Some(&here) = self.members_here.get(&m) {
            return Ok(here);
        }
        let here = store::member_reference(w, m)?.is_some();
        self.members_here.insert(m, here);
        Ok(here)
    }

    /// `None` when the project is not here; otherwise since when it is cancelled, if it is.
    fn project_here(
        &mut self,
        w: &Write<'_>,
        p: ProjectId,
    ) -> Result<Option<Option<DateTime<Utc>>>> {
        if let Some(&here) = self.projects_here.get(&p) {
            return Ok(here);
        }
        let here = match store::project_code(w, p)? {
            None => None,
            Some(_) => Some(sync_store::cancelled_since(w, p)?),
        };
        self.projects_here.insert(p, here);
        Ok(here)
    }

    fn has_project(&mut self, w: &Write<'_>, p: ProjectId) -> Result<bool> {
        Ok(self.project_here(w, p)?.is_some())
    }

    fn entry(&mut self, w: &mut Write<'_>, e: &SyncEntry) -> Result<()> {
        let id = e.body.id();
        // Already here: the same content is skipped, other content is a conflict.
        let same = match &e.body {
            SyncBody::Ballot(b) => sync_store::ballot(w, id)?.map(|here| here == *b),
            body => match sync_store::stored_hash(w, body.table(), id)? {
                None => None,
                Some(stored) => Some(self.hash(w, e)?.is_some_and(|h| h == stored)),
            },
        };
        match same {
            Some(true) => {
                self.report.skipped += 1;
                return Ok(());
            }
            Some(false) => {
                self.conflict(
                    e.body.table(),
                    id,
                    Some(&e.meta),
                    Text::new(Key::SyncConflictContent)
                        .arg("kind", e.body.table())
                        .arg("id", id),
                );
                return Ok(());
            }
            None => {}
        }
        if let Some(refusal) = self.check(w, e)? {
            self.refuse(e, refusal);
            return Ok(());
        }
        if let Some(conflict) = self.close_conflict(w, e)? {
            self.conflict(e.body.table(), id, Some(&e.meta), conflict);
            return Ok(());
        }
        let inserted = match &e.body {
            SyncBody::Collection(c) => w.insert_collection(c, &e.meta),
            SyncBody::Close(c) => w.insert_collection_close(c, &e.meta),
            SyncBody::Contribution(c) => w.insert_contribution(c, &e.meta),
            SyncBody::Expense(x) => w.insert_expense(x, &e.meta),
            SyncBody::Reversal(r) => w.insert_reversal(r, &e.meta),
            SyncBody::Ballot(b) => w.insert_ballot(
                b.id,
                b.decision,
                b.member,
                &b.choice,
                &b.source,
                b.paper.as_deref(),
                &e.meta,
            ),
        };
        match inserted {
            Ok(()) => self.report.added += 1,
            // The same device and sequence number already name another entry.
            Err(store::StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)))
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                let other = sync_store::entry_at_seq(w, e.meta.device, e.meta.device_seq)?
                    .map_or_else(|| "?".to_string(), |u| u.to_string());
                self.conflict(
                    e.body.table(),
                    id,
                    Some(&e.meta),
                    Text::new(Key::SyncConflictSeq)
                        .arg("device", self.name(e.meta.device))
                        .arg("seq", e.meta.device_seq)
                        .arg("id", other)
                        .arg("other", id),
                );
            }
            Err(other) => return Err(other.into()),
        }
        Ok(())
    }

    /// The content hash this file gives the entry; `None` when what it names is not here.
    fn hash(&mut self, w: &mut Write<'_>, e: &SyncEntry) -> Result<Option<ContentHash>> {
        if self.check(w, e)?.is_some() {
            return Ok(None);
        }
        Ok(Some(match &e.body {
            SyncBody::Collection(c) => w.collection_hash(c)?,
            SyncBody::Close(c) => c.content_hash(),
            SyncBody::Contribution(c) => w.contribution_hash(c)?,
            SyncBody::Expense(x) => w.expense_hash(x)?,
            SyncBody::Reversal(r) => r.content_hash(),
            SyncBody::Ballot(_) => unreachable!("ballots compare by their fields"),
        }))
    }

    /// The rule the entry breaks here, if any.
    fn check(&mut self, w: &mut Write<'_>, e: &SyncEntry) -> Result<Option<Text>> {
        let missing_member = |m: MemberId| Text::new(Key::SyncRefusedMember).arg("member", m);
        let missing_project = |p: ProjectId| Text::new(Key::SyncRefusedProject).arg("project", p);
        let missing_collection =
            |c: EntryId| Text::new(Key::SyncRefusedCollection).arg("collection", c);
        Ok(match &e.body {
            SyncBody::Collection(c) => {
                if !self.has_member(w, c.collector)? {
                    Some(missing_member(c.collector))
                } else {
                    match c.project {
                        Some(p) if !self.has_project(w, p)? => Some(missing_project(p)),
                        _ => None,
                    }
                }
            }
            SyncBody::Contribution(c) => {
                let members = [c.member, c.collector].into_iter().flatten();
                let mut problem = None;
                for m in members {
                    if problem.is_none() && !self.has_member(w, m)? {
                        problem = Some(missing_member(m));
                    }
                }
                if problem.is_some() {
                    problem
                } else if let Some(p) = c.project {
                    if !self.has_project(w, p)? {
                        Some(missing_project(p))
                    } else if let Some(since) = self
                        .project_here(w, p)?
                        .flatten()
                        .filter(|since| *since <= c.received_at)
                    {
                        Some(
                            Text::new(Key::SyncRefusedCancelled)
                                .arg("amount", self.locale.format_money(c.amount, self.currency))
                                .arg("received", shown_instant(c.received_at))
                                .arg("project", store::project_code(w, p)?.unwrap_or_default())
                                .arg("since", shown_instant(since)),
                        )
                    } else {
                        self.collection_missing(w, c.collection)?
                            .map(missing_collection)
                    }
                } else {
                    self.collection_missing(w, c.collection)?
                        .map(missing_collection)
                }
            }
            SyncBody::Close(c) => self
                .collection_missing(w, Some(c.collection))?
                .map(missing_collection),
            SyncBody::Expense(x) => {
                (!self.has_project(w, x.project)?).then(|| missing_project(x.project))
            }
            SyncBody::Reversal(r) => {
                let here = store::entry_kind(w, r.reversed)?;
                if here != Some(r.reversed_kind) || self.refused_ids.contains(&r.reversed.uuid()) {
                    Some(Text::new(Key::SyncRefusedTarget).arg("target", r.reversed))
                } else {
                    store::reversal_of(w, r.reversed)?
                        .filter(|by| *by != r.id)
                        .map(|by| {
                            Text::new(Key::SyncRefusedReversed)
                                .arg("target", r.reversed)
                                .arg("by", by)
                        })
                }
            }
            SyncBody::Ballot(b) => self.check_ballot(w, b)?,
        })
    }

    fn collection_missing(&mut self, w: &Write<'_>, c: Option<EntryId>) -> Result<Option<EntryId>> {
        let Some(c) = c else { return Ok(None) };
        if self.refused_ids.contains(&c.uuid()) {
            return Ok(Some(c));
        }
        // Once here, a collection stays: only that is remembered.
        if self.collections_here.contains(&c.uuid()) {
            return Ok(None);
        }
        let here = sync_store::stored_hash(w, "collection", c.uuid())?.is_some();
        if here {
            self.collections_here.insert(c.uuid());
        }
        Ok((!here).then_some(c))
    }

    fn close_conflict(&self, w: &Write<'_>, e: &SyncEntry) -> Result<Option<Text>> {
        let SyncBody::Close(c) = &e.body else {
            return Ok(None);
        };
        Ok(store::collection(w, self.currency, c.collection)?
            .and_then(|s| s.close)
            .filter(|other| other.id != c.id)
            .map(|_| Text::new(Key::SyncConflictClose).arg("collection", c.collection)))
    }

    fn check_ballot(&self, w: &Write<'_>, b: &BallotRecord) -> Result<Option<Text>> {
        let member = store::member(w, b.member)?;
        let Some(member) = member else {
            return Ok(Some(
                Text::new(Key::SyncRefusedMember).arg("member", b.member),
            ));
        };
        let who = member.number.clone().unwrap_or(member.name.clone());
        let Some(d) = store::decisions::decision(w, b.decision, self.currency)?
            .filter(|d| d.opened_at.is_some())
        else {
            return Ok(Some(
                Text::new(Key::SyncRefusedDecision).arg("decision", b.decision),
            ));
        };
        let title = &d.record.title;
        Ok(if let Some(closed) = d.closed_at {
            Some(
                Text::new(Key::SyncRefusedBallotClosed)
                    .arg("member", &who)
                    .arg("decision", title)
                    .arg("closed", shown_instant(closed)),
            )
        } else if !store::decisions::is_entitled(w, b.decision, b.member)? {
            Some(
                Text::new(Key::SyncRefusedNotEntitled)
                    .arg("member", &who)
                    .arg("decision", title),
            )
        } else if store::decisions::has_ballot(w, b.decision, b.member)? {
            Some(
                Text::new(Key::SyncRefusedBallotTwice)
                    .arg("member", &who)
                    .arg("decision", title),
            )
        } else {
            None
        })
    }
}

#[cfg(test)]
mod tests {
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
