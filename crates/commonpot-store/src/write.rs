//! The write side: one IMMEDIATE transaction that adds entries and master data, keeps the
//! derived figures and the running ledger digest in step, and hands out device sequence
//! numbers. Nothing here updates or deletes an entry.

use std::collections::HashMap;
use std::ops::Deref;

use chrono::{DateTime, Utc};
use commonpot_core::entry::{date_text, instant_text};
use commonpot_core::{
    Amount, Channel, Collection, CollectionClose, ContentHash, Contribution, Currency, DeviceId,
    EntryId, EntryKind, EntryMeta, Expense, LedgerDigest, MemberId, ProjectId, ProjectStatus, Refs,
    Reversal, TOTAL_MINOR_MAX,
};
use rusqlite::{OptionalExtension, Transaction, params};
use uuid::Uuid;

use crate::records::{Association, Member, Project, SettingValue, Settings};
use crate::{Result, StoreError, read};

/// The key of the general fund in the derived-figures tables, and of "no member".
pub(crate) const NO_KEY: i64 = 0;

/// An open write transaction. Dropped without [`Write::commit`], it rolls back.
pub struct Write<'c> {
    tx: Transaction<'c>,
    association: Option<Association>,
    association_changed: bool,
    device: Option<LocalDevice>,
    ledger: Option<LedgerState>,
    /// Key and code of each project used in this transaction.
    projects: HashMap<ProjectId, (i64, String)>,
    /// Key and reference text (number, or id) of each member used in this transaction.
    members: HashMap<MemberId, (i64, String)>,
    /// Money (i128, so that no transaction's sum can wrap) and count per figure.
    contribution_deltas: HashMap<(i64, Channel), (i128, i64)>,
    expense_deltas: HashMap<i64, (i128, i64)>,
    contributor_deltas: HashMap<(i64, i64), i64>,
    /// A sequence number was handed out: the device's last one is saved on commit.
    numbered: bool,
}

struct LocalDevice {
    key: i64,
    id: DeviceId,
    last_seq: i64,
}

struct LedgerState {
    entry_count: i64,
    digest: LedgerDigest,
    last_id: Uuid,
    entries_added: u64,
    /// An entry arrived whose id sorts before the last one fed to the running digest: the
    /// digest is recomputed from all entries when the transaction commits.
    out_of_order: bool,
}

impl Deref for Write<'_> {
    type Target = rusqlite::Connection;
    fn deref(&self) -> &rusqlite::Connection {
        &self.tx
    }
}

impl<'c> Write<'c> {
    pub(crate) fn begin(
        tx: Transaction<'c>,
        association: Option<&Association>,
    ) -> Result<Write<'c>> {
        let device = tx
            .query_row(
                "SELECT key, id, last_seq FROM device WHERE is_local = 1",
                [],
                |r| {
                    Ok(LocalDevice {
                        key: r.get(0)?,
                        id: DeviceId::from_uuid(r.get(1)?),
                        last_seq: r.get(2)?,
                    })
                },
            )
            .optional()?;
        let ledger = tx
            .query_row(
                "SELECT entry_count, digest_state, digest_last_id FROM ledger_state",
                [],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, Vec<u8>>(1)?,
                        r.get::<_, Uuid>(2)?,
                    ))
                },
            )
            .optional()?
            .map(|(entry_count, state, last_id)| {
                let digest = LedgerDigest::from_state(&state).ok_or_else(|| {
                    StoreError::Damaged("the saved ledger digest state is unreadable".into())
                })?;
                Ok::<_, StoreError>(LedgerState {
                    entry_count,
                    digest,
                    last_id,
                    entries_added: 0,
                    out_of_order: false,
                })
            })
            .transpose()?;
        Ok(Write {
            tx,
            association: association.cloned(),
            association_changed: false,
            device,
            ledger,
            projects: HashMap::new(),
            members: HashMap::new(),
            contribution_deltas: HashMap::new(),
            expense_deltas: HashMap::new(),
            contributor_deltas: HashMap::new(),
            numbered: false,
        })
    }

    pub fn association(&self) -> Result<&Association> {
        self.association.as_ref().ok_or(StoreError::NoAssociation)
    }

    fn currency(&self) -> Result<Currency> {
        Ok(self.association()?.currency)
    }

    /// Creates the association and this file's device. Only on an empty file.
    pub fn init_association(
        &mut self,
        association: &Association,
        device: DeviceId,
        device_name: &str,
    ) -> Result<()> {
        if let Some(existing) = &self.association {
            return Err(StoreError::AlreadyInitialised(existing.name.clone()));
        }
        self.tx.execute(
            "INSERT INTO association (singleton, id, name, currency, minor_units, locale, max_amount_minor, created_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                association.id,
                association.name,
                association.currency.code(),
                association.currency.minor_units(),
                association.locale.to_string(),
                association.max_amount.to_minor(association.currency),
                instant_text(association.created_at),
            ],
        )?;
        let defaults = read::association(&self.tx)?
            .ok_or(StoreError::NoAssociation)?
            .settings;
        self.write_settings(&defaults, &association.settings)?;
        self.tx.execute(
            "INSERT INTO device (id, name, is_local, last_seq) VALUES (?1, ?2, 1, 0)",
            params![device.uuid(), device_name],
        )?;
        let key = self.tx.last_insert_rowid();
        // The key bundles between this association's laptops are signed with.
        self.tx
            .execute("UPDATE association SET sync_key = randomblob(32)", [])?;
        let empty = LedgerDigest::new();
        self.tx.execute(
            "INSERT INTO ledger_state (singleton, entry_count, digest_state, digest_last_id) VALUES (1, 0, ?1, ?2)",
            params![empty.to_state(), Uuid::nil()],
        )?;
        self.association = read::association(&self.tx)?;
        self.association_changed = true;
        self.device = Some(LocalDevice {
            key,
            id: device,
            last_seq: 0,
        });
        self.ledger = Some(LedgerState {
            entry_count: 0,
            digest: empty,
            last_id: Uuid::nil(),
            entries_added: 0,
            out_of_order: false,
        });
        Ok(())
    }

    /// Updates the association: its name, locale, maximum single amount and the settings
    /// it names (a setting left out keeps its value). The currency never changes once money
    /// is recorded in it.
    pub fn update_association(&mut self, association: &Association) -> Result<()> {
        let current = self.association()?.clone();
        assert_eq!(
            current.currency, association.currency,
            "the currency of an association never changes"
        );
        self.tx.execute(
            "UPDATE association SET name = ?1, locale = ?2, max_amount_minor = ?3",
            params![
                association.name,
                association.locale.to_string(),
                association.max_amount.to_minor(association.currency),
            ],
        )?;
        self.write_settings(&current.settings, &association.settings)?;
        self.association = Some(read::association(&self.tx)?.ok_or(StoreError::NoAssociation)?);
        self.association_changed = true;
        Ok(())
    }

    /// Writes each of `settings` into its column, which must be one the file has.
    fn write_settings(&mut self, known: &Settings, settings: &Settings) -> Result<()> {
        for (column, value) in settings.iter() {
            // The column's name comes from the list the file itself gave, never from input.
            let Some((column, _)) = known.iter().find(|(name, _)| *name == column) else {
                return Err(StoreError::Damaged(format!(
                    "the file has no setting {column}; it was made by an older Commonpot"
                )));
            };
            let sql = format!("UPDATE association SET \"{column}\" = ?1");
            match value {
                SettingValue::Absent => self.tx.execute(&sql, [rusqlite::types::Null])?,
                SettingValue::Number(n) => self.tx.execute(&sql, [n])?,
                SettingValue::Text(t) => self.tx.execute(&sql, [t])?,
            };
        }
        Ok(())
    }

    /// The metadata for the next entry this device records.
    pub fn next_meta(&mut self, recorded_at: DateTime<Utc>) -> Result<EntryMeta> {
        let device = self.device.as_mut().ok_or(StoreError::NoAssociation)?;
        device.last_seq += 1;
        self.numbered = true;
        Ok(EntryMeta {
            device: device.id,
            device_seq: device.last_seq,
            recorded_at,
        })
    }

    fn device_key(&self, id: DeviceId) -> Result<i64> {
        match &self.device {
            Some(d) if d.id == id => Ok(d.key),
            _ => self
                .tx
                .query_row("SELECT key FROM device WHERE id = ?1", [id.uuid()], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| StoreError::UnknownReference(format!("device {id}"))),
        }
    }

    /// The local key and the code of a project.
    fn project(&mut self, id: ProjectId) -> Result<(i64, String)> {
        if let Some(found) = self.projects.get(&id) {
            return Ok(found.clone());
        }
        let found: (i64, String) = self
            .tx
            .prepare_cached("SELECT key, code FROM project WHERE id = ?1")?
            .query_row([id.uuid()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| StoreError::UnknownReference(format!("project {id}")))?;
        self.projects.insert(id, found.clone());
        Ok(found)
    }

    /// The local key and the reference text (number, or id) of a member.
    fn member(&mut self, id: MemberId) -> Result<(i64, String)> {
        if let Some(found) = self.members.get(&id) {
            return Ok(found.clone());
        }
        let (key, number): (i64, Option<String>) = self
            .tx
            .prepare_cached("SELECT key, number FROM member WHERE id = ?1")?
            .query_row([id.uuid()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| StoreError::UnknownReference(format!("member {id}")))?;
        let found = (key, number.unwrap_or_else(|| id.to_string()));
        self.members.insert(id, found.clone());
        Ok(found)
    }

    /// Keys and hash references of what a contribution refers to.
    fn contribution_refs(&mut self, c: &Contribution) -> Result<ContributionKeys> {
        Ok(ContributionKeys {
            project: c.project.map(|p| self.project(p)).transpose()?,
            member: c.member.map(|m| self.member(m)).transpose()?,
            collector: c.collector.map(|m| self.member(m)).transpose()?,
        })
    }

    /// The content hash of a contribution, as this file names its project and members.
    pub fn contribution_hash(&mut self, c: &Contribution) -> Result<ContentHash> {
        let keys = self.contribution_refs(c)?;
        Ok(c.content_hash(keys.refs()))
    }

    pub fn insert_member(&mut self, member: &Member, created_at: DateTime<Utc>) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO member (id, name, email, number, joined_on, created_at, registered_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                member.id.uuid(),
                member.name,
                member.email,
                member.number,
                date_text(member.joined_on),
                instant_text(created_at),
                self.device.as_ref().map(|d| d.key),
            ])?;
        let reference = member
            .number
            .clone()
            .unwrap_or_else(|| member.id.to_string());
        self.members
            .insert(member.id, (self.tx.last_insert_rowid(), reference));
        Ok(())
    }

    pub fn insert_project(&mut self, project: &Project, created_at: DateTime<Utc>) -> Result<()> {
        let currency = self.currency()?;
        self.tx
            .prepare_cached(
                "INSERT INTO project (id, code, title, description, goal_minor, deadline, status, created_at,
                                      status_since)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            )?
            .execute(params![
                project.id.uuid(),
                project.code,
                project.title,
                project.description,
                project.goal.to_minor(currency),
                project.deadline.map(date_text),
                project.status.as_str(),
                instant_text(created_at)
            ])?;
        self.projects.insert(
            project.id,
            (self.tx.last_insert_rowid(), project.code.clone()),
        );
        Ok(())
    }

    /// Changes a member's name and e-mail. The number, which entries' hashes use, stays.
    pub fn update_member(&mut self, member: &Member) -> Result<()> {
        let (key, _) = self.member(member.id)?;
        self.tx.execute(
            "UPDATE member SET name = ?2, email = ?3 WHERE key = ?1",
            params![key, member.name, member.email],
        )?;
        Ok(())
    }

    /// Changes a project's title, description, goal and deadline. The code stays.
    pub fn update_project(&mut self, project: &Project) -> Result<()> {
        let currency = self.currency()?;
        let (key, _) = self.project(project.id)?;
        self.tx.execute(
            "UPDATE project SET title = ?2, description = ?3, goal_minor = ?4, deadline = ?5 WHERE key = ?1",
            params![key, project.title, project.description, project.goal.to_minor(currency), project.deadline.map(date_text)],
        )?;
        Ok(())
    }

    /// Changes a project's status (a project is master data, not a ledger entry) and notes
    /// since when it holds, unless it is the status the project has.
    pub fn set_project_status(
        &mut self,
        id: ProjectId,
        status: ProjectStatus,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let (key, _) = self.project(id)?;
        self.tx.execute(
            "UPDATE project SET status = ?2, status_since = ?3 WHERE key = ?1 AND status <> ?2",
            params![key, status.as_str(), instant_text(at)],
        )?;
        Ok(())
    }

    pub fn insert_contribution(&mut self, c: &Contribution, meta: &EntryMeta) -> Result<()> {
        let keys = self.contribution_refs(c)?;
        let hash = c.content_hash(keys.refs());
        self.insert_contribution_with(c, &keys, &hash, meta)
    }

    /// As [`Write::insert_contribution`], with the content hash computed by the caller (a
    /// bulk import hashes on another thread); it must be [`Write::contribution_hash`]'s.
    pub fn insert_hashed_contribution(
        &mut self,
        c: &Contribution,
        hash: &ContentHash,
        meta: &EntryMeta,
    ) -> Result<()> {
        let keys = self.contribution_refs(c)?;
        debug_assert_eq!(*hash, c.content_hash(keys.refs()));
        self.insert_contribution_with(c, &keys, hash, meta)
    }

    fn insert_contribution_with(
        &mut self,
        c: &Contribution,
        keys: &ContributionKeys,
        hash: &ContentHash,
        meta: &EntryMeta,
    ) -> Result<()> {
        let currency = self.currency()?;
        let amount = single_minor(c.amount, currency)?;
        let device = self.device_key(meta.device)?;
        let project = keys.project.as_ref().map(|p| p.0);
        let member = keys.member.as_ref().map(|m| m.0);
        let collector = keys.collector.as_ref().map(|m| m.0);
        self.tx
            .prepare_cached(
                "INSERT INTO contribution (id, device_key, device_seq, recorded_at, content_hash, project_key,
                                           member_key, amount_minor, channel, received_at, collector_key, note,
                                           collection_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                c.id.uuid(),
                device,
                meta.device_seq,
                instant_text(meta.recorded_at),
                hash.as_bytes().as_slice(),
                project,
                member,
                amount,
                c.channel.as_str(),
                instant_text(c.received_at),
                collector,
                c.note,
                c.collection.map(EntryId::uuid),
            ])?;
        self.count_contribution(
            project.unwrap_or(NO_KEY),
            member.unwrap_or(NO_KEY),
            c.channel,
            amount,
            1,
        );
        self.feed_digest(c.id.uuid(), hash)
    }

    /// The content hash of an expense, as this file names its project.
    pub fn expense_hash(&mut self, e: &Expense) -> Result<ContentHash> {
        let (_, code) = self.project(e.project)?;
        Ok(e.content_hash(&code))
    }

    /// The content hash of a collection, as this file names its collector and project.
    pub fn collection_hash(&mut self, c: &Collection) -> Result<ContentHash> {
        let (_, collector) = self.member(c.collector)?;
        let project = c.project.map(|p| self.project(p)).transpose()?;
        Ok(c.content_hash(&collector, project.as_ref().map(|p| p.1.as_str())))
    }

    pub fn insert_expense(&mut self, e: &Expense, meta: &EntryMeta) -> Result<()> {
        let currency = self.currency()?;
        let (project, code) = self.project(e.project)?;
        let hash = e.content_hash(&code);
        let amount = single_minor(e.amount, currency)?;
        let device = self.device_key(meta.device)?;
        self.tx
            .prepare_cached(
                "INSERT INTO expense (id, device_key, device_seq, recorded_at, content_hash, project_key, payee,
                                      amount_minor, paid_on, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                e.id.uuid(),
                device,
                meta.device_seq,
                instant_text(meta.recorded_at),
                hash.as_bytes().as_slice(),
                project,
                e.payee,
                amount,
                date_text(e.paid_on),
                e.note,
            ])?;
        let delta = self.expense_deltas.entry(project).or_default();
        delta.0 += i128::from(amount);
        delta.1 += 1;
        self.feed_digest(e.id.uuid(), &hash)
    }

    /// Adds a reversal; the caller has checked that the target exists, is of the named kind
    /// and is not reversed yet (the schema refuses a second reversal all the same).
    pub fn insert_reversal(&mut self, r: &Reversal, meta: &EntryMeta) -> Result<()> {
        let hash = r.content_hash();
        let device = self.device_key(meta.device)?;
        self.tx
            .prepare_cached(
                "INSERT INTO reversal (id, device_key, device_seq, recorded_at, content_hash, reversed_id,
                                       reversed_kind, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                r.id.uuid(),
                device,
                meta.device_seq,
                instant_text(meta.recorded_at),
                hash.as_bytes().as_slice(),
                r.reversed.uuid(),
                r.reversed_kind.as_str(),
                r.reason,
            ])?;
        match r.reversed_kind {
            EntryKind::Contribution => {
                let (project, member, channel, amount): (Option<i64>, Option<i64>, String, i64) = self.tx.query_row(
                    "SELECT project_key, member_key, channel, amount_minor FROM contribution WHERE id = ?1",
                    [r.reversed.uuid()],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
                )?;
                let channel = read::parse_word::<Channel>(&channel)?;
                self.count_contribution(
                    project.unwrap_or(NO_KEY),
                    member.unwrap_or(NO_KEY),
                    channel,
                    amount,
                    -1,
                );
            }
            EntryKind::Expense => {
                let (project, amount): (i64, i64) = self.tx.query_row(
                    "SELECT project_key, amount_minor FROM expense WHERE id = ?1",
                    [r.reversed.uuid()],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )?;
                let delta = self.expense_deltas.entry(project).or_default();
                delta.0 -= i128::from(amount);
                delta.1 -= 1;
            }
            EntryKind::Reversal => unreachable!("the use case refuses to reverse a reversal"),
        }
        self.feed_digest(r.id.uuid(), &hash)
    }

    /// Opens a cash collection.
    pub fn insert_collection(&mut self, c: &Collection, meta: &EntryMeta) -> Result<()> {
        let device = self.device_key(meta.device)?;
        let (collector_key, collector) = self.member(c.collector)?;
        let project = c.project.map(|p| self.project(p)).transpose()?;
        let hash = c.content_hash(&collector, project.as_ref().map(|p| p.1.as_str()));
        self.tx
            .prepare_cached(
                "INSERT INTO collection (id, device_key, device_seq, recorded_at, content_hash, collector_key, place,
                                         project_key, opened_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                c.id.uuid(),
                device,
                meta.device_seq,
                instant_text(meta.recorded_at),
                hash.as_bytes().as_slice(),
                collector_key,
                c.place,
                project.map(|p| p.0),
                instant_text(c.opened_at),
            ])?;
        self.feed_digest(c.id.uuid(), &hash)
    }

    /// Closes a cash collection with its count; the schema refuses a second close.
    pub fn insert_collection_close(
        &mut self,
        close: &CollectionClose,
        meta: &EntryMeta,
    ) -> Result<()> {
        let currency = self.currency()?;
        let device = self.device_key(meta.device)?;
        let hash = close.content_hash();
        self.tx
            .prepare_cached(
                "INSERT INTO collection_close (id, device_key, device_seq, recorded_at, content_hash, collection_id,
                                               counts, counted_minor, entered_minor, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                close.id.uuid(),
                device,
                meta.device_seq,
                instant_text(meta.recorded_at),
                hash.as_bytes().as_slice(),
                close.collection.uuid(),
                close.counted.to_text(),
                close.counted_total.to_minor(currency),
                close.entered_total.to_minor(currency),
                close.note,
            ])?;
        self.feed_digest(close.id.uuid(), &hash)
    }

    fn count_contribution(
        &mut self,
        project: i64,
        member: i64,
        channel: Channel,
        amount: i64,
        sign: i64,
    ) {
        let delta = self
            .contribution_deltas
            .entry((project, channel))
            .or_default();
        delta.0 += i128::from(sign) * i128::from(amount);
        delta.1 += sign;
        *self
            .contributor_deltas
            .entry((project, member))
            .or_default() += sign;
    }

    fn feed_digest(&mut self, id: Uuid, hash: &ContentHash) -> Result<()> {
        let ledger = self.ledger.as_mut().ok_or(StoreError::NoAssociation)?;
        ledger.entry_count += 1;
        ledger.entries_added += 1;
        if ledger.out_of_order {
            return Ok(());
        }
        if id > ledger.last_id {
            ledger.digest.push(hash);
            ledger.last_id = id;
        } else {
            ledger.out_of_order = true;
        }
        Ok(())
    }

    /// Refuses a change that would carry the live contributions or the live expenses of the
    /// file past [`TOTAL_MINOR_MAX`]; every saved figure is a part of one of the two.
    fn check_totals(&self) -> Result<()> {
        let checks = [
            (
                "SELECT COALESCE(sum(raised_minor), 0) FROM contribution_total",
                self.contribution_deltas.values().map(|d| d.0).sum::<i128>(),
            ),
            (
                "SELECT COALESCE(sum(spent_minor), 0) FROM expense_total",
                self.expense_deltas.values().map(|d| d.0).sum::<i128>(),
            ),
        ];
        for (sql, added) in checks {
            if added <= 0 {
                continue;
            }
            let saved: i64 = self.tx.query_row(sql, [], |r| r.get(0))?;
            if i128::from(saved) + added > i128::from(TOTAL_MINOR_MAX) {
                return Err(StoreError::TotalOutOfBounds);
            }
        }
        Ok(())
    }

    /// Saves the derived figures, the device's sequence and the digest, then commits.
    /// Returns the association when this transaction changed it.
    pub(crate) fn commit(mut self) -> Result<Option<Association>> {
        self.check_totals()?;
        let fits = |amount: i128| i64::try_from(amount).map_err(|_| StoreError::TotalOutOfBounds);
        for ((project, channel), (amount, count)) in self.contribution_deltas.drain() {
            let amount = fits(amount)?;
            self.tx
                .prepare_cached(
                    "INSERT INTO contribution_total (project_key, channel, raised_minor, live_count) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (project_key, channel) DO UPDATE
                     SET raised_minor = raised_minor + excluded.raised_minor, live_count = live_count + excluded.live_count",
                )?
                .execute(params![project, channel.as_str(), amount, count])?;
        }
        for (project, (amount, count)) in self.expense_deltas.drain() {
            let amount = fits(amount)?;
            self.tx
                .prepare_cached(
                    "INSERT INTO expense_total (project_key, spent_minor, live_count) VALUES (?1, ?2, ?3)
                     ON CONFLICT (project_key) DO UPDATE
                     SET spent_minor = spent_minor + excluded.spent_minor, live_count = live_count + excluded.live_count",
                )?
                .execute(params![project, amount, count])?;
        }
        for ((project, member), count) in self.contributor_deltas.drain() {
            self.tx
                .prepare_cached(
                    "INSERT INTO contributor (project_key, member_key, live_count) VALUES (?1, ?2, ?3)
                     ON CONFLICT (project_key, member_key) DO UPDATE SET live_count = live_count + excluded.live_count",
                )?
                .execute(params![project, member, count])?;
        }
        let entries_added = self.ledger.as_ref().is_some_and(|l| l.entries_added > 0);
        if let Some(device) = self.device.as_ref().filter(|_| self.numbered) {
            self.tx
                .prepare_cached("UPDATE device SET last_seq = ?2 WHERE key = ?1")?
                .execute(params![device.key, device.last_seq])?;
        }
        if let Some(mut ledger) = self.ledger.take().filter(|_| entries_added) {
            if ledger.out_of_order {
                let (digest, last_id) = read::recompute_digest(&self.tx)?;
                ledger.digest = digest;
                ledger.last_id = last_id;
            }
            self.tx
                .prepare_cached("UPDATE ledger_state SET entry_count = ?1, digest_state = ?2, digest_last_id = ?3")?
                .execute(params![ledger.entry_count, ledger.digest.to_state(), ledger.last_id])?;
        }
        let changed = if self.association_changed {
            self.association.take()
        } else {
            None
        };
        self.tx.commit()?;
        Ok(changed)
    }
}

/// What a contribution refers to: local key and hash reference of each.
struct ContributionKeys {
    project: Option<(i64, String)>,
    member: Option<(i64, String)>,
    collector: Option<(i64, String)>,
}

impl ContributionKeys {
    fn refs(&self) -> Refs<'_> {
        Refs {
            project: self.project.as_ref().map(|p| p.1.as_str()),
            member: self.member.as_ref().map(|m| m.1.as_str()),
            collector: self.collector.as_ref().map(|m| m.1.as_str()),
        }
    }
}

/// A contribution's or expense's amount in minor units, when it lies within what any
/// association may accept (positive, at most [`Amount::ceiling`]); the use cases hold each to
/// the association's own maximum before this.
fn single_minor(amount: Amount, currency: Currency) -> Result<i64> {
    if amount.is_zero() || amount.is_negative() || amount > Amount::ceiling(currency) {
        return Err(StoreError::AmountOutOfBounds);
    }
    Ok(amount.to_minor(currency))
}
