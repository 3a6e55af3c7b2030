//! What kits and bundles hold, and reading it back into checked domain values (`Reader`).

use super::*;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct WireDevice {
    pub(super) id: Uuid,
    pub(super) name: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct WireRange {
    pub(super) device: Uuid,
    pub(super) from: i64,
    pub(super) to: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct BundleHeader {
    pub(super) association: Uuid,
    pub(super) association_name: String,
    pub(super) device: Uuid,
    pub(super) device_name: String,
    pub(super) made_at: String,
    /// Every device an entry or range names.
    pub(super) devices: Vec<WireDevice>,
    /// Sequence ranges this bundle carries whole: every entry of that device numbered in the
    /// range that travels is in it.
    pub(super) ranges: Vec<WireRange>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct WireMember {
    pub(super) id: Uuid,
    pub(super) name: String,
    pub(super) number: Option<String>,
    pub(super) joined_on: String,
    pub(super) registered_by: Option<Uuid>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct WireProject {
    pub(super) id: Uuid,
    pub(super) code: String,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) goal_minor: i64,
    pub(super) deadline: Option<String>,
    pub(super) status: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct WireEntry {
    pub(super) device: Uuid,
    pub(super) seq: i64,
    pub(super) recorded_at: String,
    pub(super) entry: WireBody,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(super) enum WireBody {
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
pub(super) struct BundleBody {
    pub(super) members: Vec<WireMember>,
    pub(super) projects: Vec<WireProject>,
    pub(super) entries: Vec<WireEntry>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct WireAssociation {
    pub(super) id: Uuid,
    pub(super) name: String,
    pub(super) currency: String,
    pub(super) locale: String,
    pub(super) max_amount_minor: i64,
    pub(super) created_at: String,
    /// The settings that travel to a volunteer's laptop, by column (`iban`,
    /// `disclosure_threshold`, …), beside the fields above as kits have always written them.
    #[serde(flatten)]
    pub(super) settings: BTreeMap<String, WireValue>,
}

/// A copied cell: SQLite's value, blobs as hex.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub(super) enum WireValue {
    Null(()),
    Integer(i64),
    Text(String),
    Blob { blob: String },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct WireTable {
    pub(super) table: String,
    pub(super) rows: Vec<Vec<(String, WireValue)>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct Kit {
    pub(super) association: WireAssociation,
    pub(super) sync_key: String,
    pub(super) volunteer: String,
    pub(super) made_at: String,
    pub(super) devices: Vec<WireDevice>,
    pub(super) projects: Vec<WireProject>,
    pub(super) members: Vec<WireMember>,
    pub(super) tables: Vec<WireTable>,
}

pub(super) fn wire_member(m: &Member, registered_by: Option<Uuid>) -> WireMember {
    WireMember {
        id: m.id.uuid(),
        name: m.name.clone(),
        number: m.number.clone(),
        joined_on: date_text(m.joined_on),
        registered_by,
    }
}

pub(super) fn wire_project(p: &Project, currency: commonpot_core::Currency) -> WireProject {
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

pub(super) fn wire_entry(e: &SyncEntry, currency: commonpot_core::Currency) -> WireEntry {
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
pub(super) struct Reader {
    pub(super) currency: commonpot_core::Currency,
    pub(super) max_minor: i64,
}

/// A field of a file's entry that does not read, and why.
#[derive(Debug, PartialEq)]
pub(super) struct Problem {
    pub(super) field: &'static str,
    pub(super) text: Text,
}

pub(super) type Checked<T> = std::result::Result<T, Problem>;

pub(super) fn problem(field: &'static str, text: Text) -> Problem {
    Problem { field, text }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.text)
    }
}

impl Reader {
    pub(super) fn instant(&self, field: &'static str, text: &str) -> Checked<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.with_timezone(&Utc))
            .filter(|t| instant_text(*t) == text)
            .ok_or_else(|| problem(field, Text::new(Key::SyncNotInstant).arg("text", text)))
    }

    pub(super) fn date(&self, field: &'static str, text: &str) -> Checked<NaiveDate> {
        value::date(text)
            .ok_or_else(|| problem(field, Text::new(Key::SyncNotDate).arg("text", text)))
    }

    /// One contribution or expense: positive and at most the association's maximum single
    /// amount, the rule typed input follows.
    pub(super) fn single(&self, field: &'static str, minor: i64) -> Checked<Amount> {
        self.within(field, minor, 1, self.max_minor)
    }

    /// A goal or a counted total: at most the books' ceiling ([`commonpot_core::UNITS_MAX`]).
    pub(super) fn up_to_ceiling(
        &self,
        field: &'static str,
        minor: i64,
        zero_ok: bool,
    ) -> Checked<Amount> {
        let ceiling = Amount::ceiling(self.currency).to_minor(self.currency);
        self.within(field, minor, if zero_ok { 0 } else { 1 }, ceiling)
    }

    pub(super) fn within(
        &self,
        field: &'static str,
        minor: i64,
        low: i64,
        high: i64,
    ) -> Checked<Amount> {
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
    pub(super) fn text(&self, field: &'static str, text: &str, required: bool) -> Checked<String> {
        value::free_text(text, required).map_err(|p| problem(field, p.text()))
    }

    /// A name, number or title ([`commonpot_core::value::one_line`]).
    pub(super) fn line(&self, field: &'static str, text: &str) -> Checked<String> {
        value::one_line(text, true).map_err(|p| problem(field, p.text()))
    }

    /// A closed collection's cash count and its total, which must agree.
    pub(super) fn count(&self, counts: &str, counted_minor: i64) -> Checked<(CashCount, Amount)> {
        let counted = CashCount::from_text(counts, self.currency)
            .ok_or_else(|| problem("counts", Text::new(Key::SyncNotCount).arg("text", counts)))?;
        let total = self.up_to_ceiling("counted_minor", counted_minor, true)?;
        if counted.total(self.currency) != total {
            return Err(problem("counted_minor", Text::new(Key::SyncCountDiffers)));
        }
        Ok((counted, total))
    }

    pub(super) fn entry(&self, w: &WireEntry) -> Checked<SyncEntry> {
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

    pub(super) fn member(&self, w: &WireMember) -> Checked<Member> {
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

    pub(super) fn project(&self, w: &WireProject) -> Checked<Project> {
        Ok(Project {
            id: ProjectId::from_uuid(w.id),
            code: crate::projects::validate_code(&w.code).map_err(|e| problem("code", e.text()))?,
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
pub(super) fn id(u: &Uuid) -> Checked<EntryId> {
    if u.is_nil() {
        Err(problem("id", Text::new(Key::SyncNilId)))
    } else {
        Ok(EntryId::from_uuid(*u))
    }
}

pub(super) fn bad_entry(path: &Path, index: usize, kind: &str, id: &str, bad: Problem) -> AppError {
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

pub(super) fn wire_kind(b: &WireBody) -> (&'static str, Uuid) {
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
pub(super) fn apply_order(body: &SyncBody) -> u8 {
    match body {
        SyncBody::Collection(_) => 0,
        SyncBody::Contribution(_) => 1,
        SyncBody::Close(_) => 2,
        SyncBody::Expense(_) => 3,
        SyncBody::Reversal(_) => 4,
        SyncBody::Ballot(_) => 5,
    }
}

pub(super) fn to_value(v: &Value) -> WireValue {
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

pub(super) fn from_value(v: &WireValue) -> Option<Value> {
    Some(match v {
        WireValue::Null(()) => Value::Null,
        WireValue::Integer(i) => Value::Integer(*i),
        WireValue::Text(t) => Value::Text(t.clone()),
        WireValue::Blob { blob } => Value::Blob(unhex(blob)?),
    })
}
