//! Bundles: the entries a laptop hands over, and their import on the organiser's laptop as a
//! union keyed by id, with conflicts and refusals reported.

use super::*;

impl Books {
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
}

/// One import in progress.
pub(super) struct Merge<'a> {
    pub(super) names: std::collections::HashMap<DeviceId, String>,
    pub(super) report: BundleReport,
    /// Entries refused in this import: what refers to them is refused too.
    pub(super) refused_ids: HashSet<Uuid>,
    pub(super) members_here: std::collections::HashMap<MemberId, bool>,
    pub(super) projects_here: std::collections::HashMap<ProjectId, Option<Option<DateTime<Utc>>>>,
    pub(super) collections_here: HashSet<Uuid>,
    pub(super) locale: &'a Locale,
    pub(super) currency: commonpot_core::Currency,
    pub(super) now: DateTime<Utc>,
}

impl Merge<'_> {
    pub(super) fn name(&self, device: DeviceId) -> String {
        self.names
            .get(&device)
            .cloned()
            .unwrap_or_else(|| device.to_string())
    }

    pub(super) fn finding(
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

    pub(super) fn conflict(
        &mut self,
        kind: &str,
        id: impl ToString,
        meta: Option<&EntryMeta>,
        text: Text,
    ) {
        let f = self.finding(kind, id, meta, text);
        self.report.conflicts.push(f);
    }

    pub(super) fn refuse(&mut self, e: &SyncEntry, text: Text) {
        let f = self.finding(e.body.table(), e.body.id(), Some(&e.meta), text);
        self.refused_ids.insert(e.body.id());
        self.report.refused.push(f);
    }

    /// The organiser's file always wins: a project here keeps its details.
    pub(super) fn project(&mut self, w: &mut Write<'_>, p: &Project) -> Result<()> {
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
    pub(super) fn member(&mut self, w: &mut Write<'_>, m: &Member, by: DeviceId) -> Result<()> {
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
    pub(super) fn has_member(&mut self, w: &Write<'_>, m: MemberId) -> Result<bool> {
        if let Some(&here) = self.members_here.get(&m) {
            return Ok(here);
        }
        let here = store::member_reference(w, m)?.is_some();
        self.members_here.insert(m, here);
        Ok(here)
    }

    /// `None` when the project is not here; otherwise since when it is cancelled, if it is.
    pub(super) fn project_here(
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

    pub(super) fn has_project(&mut self, w: &Write<'_>, p: ProjectId) -> Result<bool> {
        Ok(self.project_here(w, p)?.is_some())
    }

    pub(super) fn entry(&mut self, w: &mut Write<'_>, e: &SyncEntry) -> Result<()> {
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
    pub(super) fn hash(&mut self, w: &mut Write<'_>, e: &SyncEntry) -> Result<Option<ContentHash>> {
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
    pub(super) fn check(&mut self, w: &mut Write<'_>, e: &SyncEntry) -> Result<Option<Text>> {
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

    pub(super) fn collection_missing(
        &mut self,
        w: &Write<'_>,
        c: Option<EntryId>,
    ) -> Result<Option<EntryId>> {
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

    pub(super) fn close_conflict(&self, w: &Write<'_>, e: &SyncEntry) -> Result<Option<Text>> {
        let SyncBody::Close(c) = &e.body else {
            return Ok(None);
        };
        Ok(store::collection(w, self.currency, c.collection)?
            .and_then(|s| s.close)
            .filter(|other| other.id != c.id)
            .map(|_| Text::new(Key::SyncConflictClose).arg("collection", c.collection)))
    }

    pub(super) fn check_ballot(&self, w: &Write<'_>, b: &BallotRecord) -> Result<Option<Text>> {
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
