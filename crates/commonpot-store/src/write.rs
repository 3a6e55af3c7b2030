//! The write side: one IMMEDIATE transaction that adds entries and master data, keeps the
//! derived figures and the running ledger digest in step, and hands out device sequence
//! numbers. Nothing here updates or deletes an entry.

use std::collections::HashMap;
use std::ops::Deref;

use chrono::{DateTime, Utc};
use commonpot_core::entry::{date_text, instant_text};
use commonpot_core::{
    Channel, Contribution, Currency, DeviceId, EntryKind, EntryMeta, Expense, LedgerDigest,
    Reversal,
};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::records::{Association, Member, Project, ProjectKey};
use crate::{Result, StoreError, read};

/// An open write transaction. Dropped without [`Write::commit`], it rolls back.
pub struct Write<'c> {
    tx: Transaction<'c>,
    association: Option<Association>,
    association_changed: bool,
    device: Option<(DeviceId, i64)>,
    ledger: Option<LedgerState>,
    contribution_deltas: HashMap<(String, Channel), (i64, i64)>,
    expense_deltas: HashMap<String, (i64, i64)>,
    contributor_deltas: HashMap<(String, String), i64>,
}

struct LedgerState {
    entry_count: i64,
    digest: LedgerDigest,
    last_id: String,
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
                "SELECT id, last_seq FROM device WHERE is_local = 1",
                [],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
            )
            .optional()?
            .map(|(id, seq)| Ok::<_, StoreError>((read::parse_id(&id)?, seq)))
            .transpose()?;
        let ledger = tx
            .query_row(
                "SELECT entry_count, digest_state, digest_last_id FROM ledger_state",
                [],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, Vec<u8>>(1)?,
                        r.get::<_, String>(2)?,
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
            contribution_deltas: HashMap::new(),
            expense_deltas: HashMap::new(),
            contributor_deltas: HashMap::new(),
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
        self.tx.execute(
            "INSERT INTO device (id, name, is_local, last_seq) VALUES (?1, ?2, 1, 0)",
            params![device.to_string(), device_name],
        )?;
        let empty = LedgerDigest::new();
        self.tx.execute(
            "INSERT INTO ledger_state (singleton, entry_count, digest_state, digest_last_id) VALUES (1, 0, ?1, '')",
            params![empty.to_state()],
        )?;
        self.association = Some(association.clone());
        self.association_changed = true;
        self.device = Some((device, 0));
        self.ledger = Some(LedgerState {
            entry_count: 0,
            digest: empty,
            last_id: String::new(),
            out_of_order: false,
        });
        Ok(())
    }

    /// Updates the association's settings (name, locale, maximum single amount). The
    /// currency never changes once money is recorded in it.
    pub fn update_association(&mut self, association: &Association) -> Result<()> {
        let current = self.association()?.clone();
        debug_assert_eq!(current.currency, association.currency);
        self.tx.execute(
            "UPDATE association SET name = ?1, locale = ?2, max_amount_minor = ?3",
            params![
                association.name,
                association.locale.to_string(),
                association.max_amount.to_minor(association.currency)
            ],
        )?;
        self.association = Some(association.clone());
        self.association_changed = true;
        Ok(())
    }

    /// The metadata for the next entry this device records.
    pub fn next_meta(&mut self, recorded_at: DateTime<Utc>) -> Result<EntryMeta> {
        let (device, seq) = self.device.as_mut().ok_or(StoreError::NoAssociation)?;
        *seq += 1;
        Ok(EntryMeta {
            device: *device,
            device_seq: *seq,
            recorded_at,
        })
    }

    pub fn insert_member(&mut self, member: &Member, created_at: DateTime<Utc>) -> Result<()> {
        self.tx.execute(
            "INSERT INTO member (id, name, email, number, joined_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                member.id.to_string(),
                member.name,
                member.email,
                member.number,
                date_text(member.joined_on),
                instant_text(created_at)
            ],
        )?;
        Ok(())
    }

    pub fn insert_project(&mut self, project: &Project, created_at: DateTime<Utc>) -> Result<()> {
        let currency = self.currency()?;
        self.tx.execute(
            "INSERT INTO project (id, code, title, description, goal_minor, deadline, status, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                project.id.to_string(),
                project.code,
                project.title,
                project.description,
                project.goal.to_minor(currency),
                project.deadline.map(date_text),
                project.status.as_str(),
                instant_text(created_at)
            ],
        )?;
        Ok(())
    }

    pub fn insert_contribution(&mut self, c: &Contribution, meta: &EntryMeta) -> Result<()> {
        let currency = self.currency()?;
        let hash = c.content_hash();
        let id = c.id.to_string();
        let amount = c.amount.to_minor(currency);
        let project = c.project.map(|p| p.to_string());
        let member = c.member.map(|m| m.to_string());
        self.tx
            .prepare_cached(
                "INSERT INTO contribution (id, device_id, device_seq, recorded_at, content_hash, project_id,
                                           member_id, amount_minor, channel, received_at, collector_id, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                id,
                meta.device.to_string(),
                meta.device_seq,
                instant_text(meta.recorded_at),
                hash.as_bytes().as_slice(),
                project,
                member,
                amount,
                c.channel.as_str(),
                instant_text(c.received_at),
                c.collector.map(|m| m.to_string()),
                c.note,
            ])?;
        let project_key = ProjectKey::from_option(c.project).column();
        self.count_contribution(
            project_key,
            member.unwrap_or_default(),
            c.channel,
            amount,
            1,
        );
        self.feed_digest(id, &hash)
    }

    pub fn insert_expense(&mut self, e: &Expense, meta: &EntryMeta) -> Result<()> {
        let currency = self.currency()?;
        let hash = e.content_hash();
        let id = e.id.to_string();
        let amount = e.amount.to_minor(currency);
        let project = e.project.to_string();
        self.tx
            .prepare_cached(
                "INSERT INTO expense (id, device_id, device_seq, recorded_at, content_hash, project_id, payee,
                                      amount_minor, paid_on, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                id,
                meta.device.to_string(),
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
        delta.0 += amount;
        delta.1 += 1;
        self.feed_digest(id, &hash)
    }

    /// Adds a reversal; the caller has checked that the target exists, is of the named kind
    /// and is not reversed yet (the schema refuses a second reversal all the same).
    pub fn insert_reversal(&mut self, r: &Reversal, meta: &EntryMeta) -> Result<()> {
        let hash = r.content_hash();
        let id = r.id.to_string();
        let target = r.reversed.to_string();
        self.tx
            .prepare_cached(
                "INSERT INTO reversal (id, device_id, device_seq, recorded_at, content_hash, reversed_id,
                                       reversed_kind, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                id,
                meta.device.to_string(),
                meta.device_seq,
                instant_text(meta.recorded_at),
                hash.as_bytes().as_slice(),
                target,
                r.reversed_kind.as_str(),
                r.reason,
            ])?;
        match r.reversed_kind {
            EntryKind::Contribution => {
                let (project, member, channel, amount): (Option<String>, Option<String>, String, i64) =
                    self.tx.query_row(
                        "SELECT project_id, member_id, channel, amount_minor FROM contribution WHERE id = ?1",
                        [&target],
                        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
                    )?;
                let channel = read::parse_word::<Channel>(&channel)?;
                self.count_contribution(
                    project.unwrap_or_default(),
                    member.unwrap_or_default(),
                    channel,
                    amount,
                    -1,
                );
            }
            EntryKind::Expense => {
                let (project, amount): (String, i64) = self.tx.query_row(
                    "SELECT project_id, amount_minor FROM expense WHERE id = ?1",
                    [&target],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )?;
                let delta = self.expense_deltas.entry(project).or_default();
                delta.0 -= amount;
                delta.1 -= 1;
            }
            EntryKind::Reversal => unreachable!("the use case refuses to reverse a reversal"),
        }
        self.feed_digest(id, &hash)
    }

    fn count_contribution(
        &mut self,
        project_key: String,
        member_key: String,
        channel: Channel,
        amount: i64,
        sign: i64,
    ) {
        let delta = self
            .contribution_deltas
            .entry((project_key.clone(), channel))
            .or_default();
        delta.0 += sign * amount;
        delta.1 += sign;
        *self
            .contributor_deltas
            .entry((project_key, member_key))
            .or_default() += sign;
    }

    fn feed_digest(&mut self, id: String, hash: &commonpot_core::ContentHash) -> Result<()> {
        let ledger = self.ledger.as_mut().ok_or(StoreError::NoAssociation)?;
        ledger.entry_count += 1;
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

    /// Saves the derived figures, the device's sequence and the digest, then commits.
    /// Returns the association when this transaction changed it.
    pub(crate) fn commit(mut self) -> Result<Option<Association>> {
        for ((project, channel), (amount, count)) in self.contribution_deltas.drain() {
            self.tx
                .prepare_cached(
                    "INSERT INTO contribution_total (project_key, channel, raised_minor, live_count) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (project_key, channel) DO UPDATE
                     SET raised_minor = raised_minor + excluded.raised_minor, live_count = live_count + excluded.live_count",
                )?
                .execute(params![project, channel.as_str(), amount, count])?;
        }
        for (project, (amount, count)) in self.expense_deltas.drain() {
            self.tx
                .prepare_cached(
                    "INSERT INTO expense_total (project_id, spent_minor, live_count) VALUES (?1, ?2, ?3)
                     ON CONFLICT (project_id) DO UPDATE
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
        if let Some((device, seq)) = self.device {
            self.tx
                .prepare_cached("UPDATE device SET last_seq = ?2 WHERE id = ?1")?
                .execute(params![device.to_string(), seq])?;
        }
        if let Some(mut ledger) = self.ledger.take() {
            if ledger.out_of_order {
                let (digest, last_id) = read::recompute_digest(&self.tx)?;
                ledger.digest = digest;
                ledger.last_id = last_id;
            }
            self.tx
                .prepare_cached("UPDATE ledger_state SET entry_count = ?1, digest_state = ?2, digest_last_id = ?3")?
                .execute(params![ledger.entry_count, ledger.digest.to_state(), ledger.last_id])?;
        }
        let changed = self
            .association_changed
            .then(|| self.association.take())
            .flatten();
        self.tx.commit()?;
        Ok(changed)
    }
}
